#!/usr/bin/env bash
# The policy commands as a user runs them: the shipped policies pass their
# own tests, a deliberately broken copy fails with file, line and field, a
# failing test case exits 1, and diff prints the matrix and changed contacts.
# Usage: policy_cli_test.sh FRONTDOOR_BINARY SOURCE_DIR
set -u
frontdoor=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/check.sh"

check "default policy passes its tests" 0 '^20 passed, 0 failed$' -- \
  "$frontdoor" policy test "$src/policies/default.textproto"
check "policy B passes its tests" 0 ' passed, 0 failed$' -- \
  "$frontdoor" policy test "$src/policies/da-to-early-help.textproto"

sed 's/factor: "16A" level: 3/factor: "16Z" level: 3/' \
  "$src/policies/default.textproto" > "$work/broken.textproto"
check "broken copy names file, line and field" 2 \
  "broken.textproto:[0-9]+:[0-9]+: indicators\[[0-9]+\] \(factor \"16Z\"\)\.factor: unknown factor code \"16Z\"" -- \
  "$frontdoor" policy test "$work/broken.textproto"

sed 's/expect { outcome: OUTCOME_EARLY_HELP }/expect { outcome: OUTCOME_NO_FURTHER_ACTION }/' \
  "$src/policies/default.textproto" > "$work/wrong.textproto"
check "failing case exits 1 and says why" 1 \
  'outcome: want OUTCOME_NO_FURTHER_ACTION, got OUTCOME_EARLY_HELP' -- \
  "$frontdoor" policy test "$work/wrong.textproto"

check "a folder of policies is tested, in JUnit XML with every case" 0 \
  '41 testcases, 0 failures, 0 errors' -- bash -c "\"$frontdoor\" policy test \
  \"$src/policies/\" --format=junit --out=\"$work/junit.xml\" && python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall(\"testsuite/testcase\")
print(len(cases), \"testcases,\", root.get(\"failures\"), \"failures,\",
      root.get(\"errors\"), \"errors\")' \"$work/junit.xml\""
check "JSON report names each failing case" 1 '"passed":false' -- \
  "$frontdoor" policy test "$work/wrong.textproto" --format=json
printf 'rules { id: "odd" when { any_factor: "1A" } outcome: 99 rag: RAG_RED }\n' \
  >> "$work/odd.textproto"
cat "$src/policies/default.textproto" "$work/odd.textproto" > "$work/odd99.textproto"
check "an unknown outcome is refused" 2 'rules\[[0-9]+\] \(id "odd"\)\.outcome: unknown outcome 99' -- \
  "$frontdoor" policy test "$work/odd99.textproto"
check "policy load refuses a policy whose cases fail" 1 \
  'test cases fail .*see `frontdoor policy test' -- \
  "$frontdoor" policy load "$work/wrong.textproto" --threshold=127.0.0.1:1

check "diff prints the matrix and the changed contacts" 0 \
  '2 of 14 contacts changed outcome' -- \
  "$frontdoor" policy diff "$src/policies/default.textproto" \
  "$src/policies/da-to-early-help.textproto" \
  --contacts="$src/examples/contacts.jsonl"
check "diff writes CSV" 0 'policy-diff-changes.csv' -- \
  "$frontdoor" policy diff "$src/policies/default.textproto" \
  "$src/policies/da-to-early-help.textproto" \
  --contacts="$src/examples/contacts.jsonl" --format=csv --out="$work/out"
check "diff CSV lists each changed contact" 0 '^6:P-1001,C001,' -- \
  cat "$work/out/policy-diff-changes.csv"
check "unknown option is refused" 2 'unknown option --nope' -- \
  "$frontdoor" policy test "$src/policies/default.textproto" --nope
check "every command has help" 0 'Usage: frontdoor policy diff A B' -- \
  "$frontdoor" policy diff --help
check "each command group says what it is for" 0 \
  "token +issue, revoke or list clients' tokens" -- "$frontdoor" --help

finish
