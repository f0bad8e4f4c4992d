#!/usr/bin/env bash
# Replay as a user runs it, against services it starts itself: the shipped
# synthetic history under one policy, under another run id (same decisions)
# and under two policies, no raw identifier in any output or log, bad rows
# stop or are skipped as asked, and an exported run replays to the same
# decisions, a simulated one record for record.
# Usage: replay_cli_test.sh FRONTDOOR_BINARY SOURCE_DIR
set -u
frontdoor=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
history="$src/tests/data/history-small.csv"
common=(--data_dir="$work/data" --out="$work/out")
source "$(dirname "$0")/check.sh"

check "shipped history replays with an agreement table" 0 \
  '^agreement: [0-9]+ of 470 ' -- \
  "$frontdoor" replay "$history" --run=one "${common[@]}"
# Another run id is another pseudonym key: the decisions are the same.
check "the same history under another run id" 0 '^agreement: [0-9]+ of 470 ' \
  -- "$frontdoor" replay "$history" --run=one-again "${common[@]}"
if cmp -s <(cut -d, -f2,3,5- "$work/out/one/replay-decisions.csv") \
  <(cut -d, -f2,3,5- "$work/out/one-again/replay-decisions.csv"); then
  record "it replays to the same decisions whatever the key"
else
  record "it replays to the same decisions whatever the key" fail
fi
check "two policies are compared side by side" 0 \
  'contacts changed outcome' -- \
  "$frontdoor" replay "$history" --run=two "${common[@]}" \
  --policy="$src/policies/default.textproto" \
  --policy="$src/policies/da-to-early-help.textproto"

# Every raw identifier, name and note of the input, checked against every
# output file and every service log and store.
cut -d, -f1 "$history" | tail -n +2 | sort -u > "$work/raw-ids"
if grep -rlF -f "$work/raw-ids" "$work/out" "$work/data" >/dev/null ||
   grep -rlE 'Carraway|Dunmore|Synthetic note' "$work/out" "$work/data" >/dev/null; then
  grep -rlF -f "$work/raw-ids" "$work/out" "$work/data" | head
  record "no raw identifier, name or note in outputs, logs or stores" fail
else
  record "no raw identifier, name or note in outputs, logs or stores"
fi

{ cat "$history"; echo "LA999-999999,Nobody,01/01/2015,2024-02-30,10:00,6,3B,999,X-1,s17,"; } \
  > "$work/bad.csv"
check "a bad row stops the replay before anything is sent" 1 \
  'nothing was sent' -- \
  "$frontdoor" replay "$work/bad.csv" --run=stopped "${common[@]}"
check "the stopped run holds nothing" 0 '^one ' -- \
  "$frontdoor" runs list "${common[@]:0:1}"
if "$frontdoor" runs list "${common[@]:0:1}" 2>/dev/null | grep -q '^stopped '; then
  record "the stopped replay created no run" fail
else
  record "the stopped replay created no run"
fi
check "skip replays the good rows and reports the bad one" 0 \
  '471 rows read, 470 accepted, 1 refused' -- \
  "$frontdoor" replay "$work/bad.csv" --run=skipped --on_error=skip \
  "${common[@]}"
check "the refused row is named by line and column" 0 \
  'bad.csv:472: contact_date' -- \
  "$frontdoor" replay "$work/bad.csv" --run=skipped-again --on_error=skip \
  "${common[@]}"
check "a finished replay run again ends as it did" 0 \
  '471 rows read, 470 accepted, 1 refused' -- \
  "$frontdoor" replay "$work/bad.csv" --run=skipped --on_error=skip \
  "${common[@]}"
# The same file (a replay's scenario is named after it) with a row more.
echo "LA999-999998,Nobody,01/01/2015,2024-02-20,10:00,6,3B,999,X-2,s17," \
  >> "$work/bad.csv"
check "a finished replay takes no new rows" 1 'is finished and read-only' -- \
  "$frontdoor" replay "$work/bad.csv" --run=skipped --on_error=skip \
  "${common[@]}"

check "a run exports" 0 'wrote 470 contact records' -- \
  "$frontdoor" runs export one --file="$work/one.jsonl" "${common[@]:0:1}"
check "the export replays to the same decisions" 0 \
  '^agreement: 470 of 470 \(100.0%\)' -- \
  "$frontdoor" replay "$work/one.jsonl" --run=again "${common[@]}"

# A simulated run (timers, MASH queue, assessment findings) exports with its
# config and findings, and replays to identical records.
cat > "$work/tiny.textproto" <<'SCENARIO'
name: "tiny" child_population: 10000 start_date: "2023-09-01" days: 30
warmup_days: 10 seed: 11
SCENARIO
check "a short simulation runs" 0 'KPI tables' -- \
  "$frontdoor" simulate --scenario="$work/tiny.textproto" --run=sim \
  "${common[@]}"
check "the simulated run exports with its findings" 0 \
  'assessment findings\)' -- \
  "$frontdoor" runs export sim --file="$work/sim.jsonl" "${common[@]:0:1}"
check "the simulated run replays to the same outcomes" 0 \
  '^agreement: ([0-9]+) of \1 \(100.0%\)' -- \
  "$frontdoor" replay "$work/sim.jsonl" --run=sim-again "${common[@]}"
# The two-policy replay's matrix has every cell, by code, with its run,
# and the report draws it beside a run.
if [ "$(head -1 "$work/out/two/replay-matrix.csv")" = \
     "run_id,policy_a,policy_b,outcome_a,outcome_a_label,outcome_b,outcome_b_label,contacts" ] &&
   [ "$(grep -c '^two,' "$work/out/two/replay-matrix.csv")" = 36 ] &&
   head -1 "$work/out/two/replay-decisions.csv" | grep -q '^run_id,' &&
   [ "$(grep -c '^two-a,' "$work/out/two/replay-decisions.csv")" = 470 ]; then
  record "replay writes a full matrix and decisions in long form"
else
  head -2 "$work/out/two/replay-matrix.csv" "$work/out/two/replay-decisions.csv"
  record "replay writes a full matrix and decisions in long form" fail
fi
check "the report draws the replay's matrix beside the run" 0 'report: ' -- \
  "$frontdoor" report sim --from="$work/out" \
  --matrix="$work/out/two/replay-matrix.csv" --out="$work/sim-matrix.html"
grep -c 'class="mark"' "$work/sim-matrix.html" >/dev/null &&
  grep -q 'id="matrix-heat"' "$work/sim-matrix.html" &&
  record "the report holds the heat map" ||
  record "the report holds the heat map" fail
check "runs export writes CSV, a row per contact" 0 'wrote [0-9]+ contact' -- \
  "$frontdoor" runs export sim --format=csv --file="$work/sim.csv" \
  "${common[@]:0:1}"
if head -1 "$work/sim.csv" | grep -q '^run_id,contact_id,child_id,event_time,' &&
   [ "$(tail -n +2 "$work/sim.csv" | grep -vc '^sim,')" = 0 ]; then
  record "the contacts CSV starts each row with its run"
else
  record "the contacts CSV starts each row with its run" fail
fi
# Decided contacts' level columns (16-18) say what the decision did; an
# episode the decisions opened shows as `opened`, none as `unspecified`.
levels=$(tail -n +2 "$work/sim.csv" | awk -F, '$7 == "decided" {print $16","$17","$18}')
if [ -n "$levels" ] && ! grep -q unspecified <<<"$levels" &&
   grep -q ',opened$' <<<"$levels" && grep -q ',no_change$' <<<"$levels"; then
  record "the contacts CSV has each decision's level before, after and change"
else
  sort <<<"$levels" | uniq -c | head
  record "the contacts CSV has each decision's level before, after and change" fail
fi

"$frontdoor" runs export sim-again --file="$work/again.jsonl" \
  "${common[@]:0:1}" >/dev/null 2>&1
if diff <(sed 's/"run_id":"[^"]*"//g' "$work/sim.jsonl") \
        <(sed 's/"run_id":"[^"]*"//g' "$work/again.jsonl") >/dev/null; then
  record "every replayed record (decision, times, rules, levels) is identical"
else
  record "every replayed record (decision, times, rules, levels) is identical" fail
fi

# Dates as Excel, case-management and ISO exports write them, `;`-separated:
# none refused, and a 09:30 contact in July is stored as 08:30 UTC.
cat > "$work/dates.csv" <<'CSV'
child_id;age;contact_date;source;factors;contact_id
D-1;5;27/02/2023 09:15;6;3B;X-1
D-2;5;2023-02-27 09:15;6;3B;X-2
D-3;5;2023-02-27T09:15:00;6;3B;X-3
D-4;5;14/07/2023 09:30;6;3B;X-4
D-5;5;2023-07-14T09:30:00+01:00;6;3B;X-5
CSV
check "mixed date forms replay with no refused row" 0 '5 accepted, 0 refused' -- \
  "$frontdoor" replay "$work/dates.csv" --run=dates "${common[@]}"
"$frontdoor" runs export dates --file="$work/dates.jsonl" "${common[@]:0:1}" \
  >/dev/null 2>&1
check "a 09:30 contact in July is stored as 08:30 UTC" 0 \
  '2023-07-14T08:30:00Z' -- cat "$work/dates.jsonl"

finish
