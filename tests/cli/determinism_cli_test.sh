#!/usr/bin/env bash
# The same scenario and seed give byte-identical KPI files whatever the data
# folder: two stacks, each with its own pseudonym key (so children's ids and
# the order records come back in differ), simulate the default year; and
# one seed under two run ids gives equal content digests.
# Usage: determinism_cli_test.sh FRONTDOOR SOURCE_DIR
set -u
frontdoor=$1
src=$2
source "$(dirname "$0")/check.sh"
make_work_dir

for folder in first second; do
  start_up "$folder"
  check "the default year simulates in the $folder folder" 0 'KPI tables' -- \
    "$frontdoor" simulate --seed=1 --run=same --quiet --out="$work/out-$folder"
  [ "$folder" = second ] && break
  kill "$up" && wait "$up" 2>/dev/null
  up=
done

# In one folder, one seed under two run ids: the digests differ (they
# cover the run id), the content digests are equal.
for run in short other-name; do
  "$frontdoor" simulate --scenario="$src/tests/data/history-scenario.textproto" \
    --seed=2 --run="$run" --quiet --out="$work/out-short" >/dev/null 2>&1
  "$frontdoor" runs digest "$run" >"$work/digest-$run" 2>&1
done
digest_of() { awk -v k="$1" '$1 == k { print $2 }' "$work/digest-$2"; }
if [ -n "$(digest_of content short)" ] &&
  [ "$(digest_of content short)" = "$(digest_of content other-name)" ] &&
  [ "$(digest_of run short)" != "$(digest_of run other-name)" ]; then
  record "two run ids, one seed: equal content digests"
else
  sed 's/^/    /' "$work/digest-short" "$work/digest-other-name"
  record "two run ids, one seed: equal content digests" fail
fi
kill "$up" && wait "$up" 2>/dev/null
up=

if cmp -s "$work/first/pseudonym.key" "$work/second/pseudonym.key"; then
  record "the two folders have different pseudonym keys" fail
else
  record "the two folders have different pseudonym keys"
fi
if ! same_files "the KPI files are byte-identical across the two folders" \
  "$work/out-first/same" "$work/out-second/same" report.html; then
  diff <(tr ',' '\n' <"$work/out-first/same/kpis.json") \
    <(tr ',' '\n' <"$work/out-second/same/kpis.json") | head -6
fi
finish
