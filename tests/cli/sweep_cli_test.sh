#!/usr/bin/env bash
# `frontdoor sweep` and `--set` as an analyst uses them: a bad field, range
# or value is refused by name before anything runs; a sweep over two fields
# writes its tidy table, and common random numbers show: two points that
# differ only in a field with no effect (the early-help door's share, with
# a single front door) have identical KPIs, while the screeners change the
# timeliness; the report page draws each KPI against each field. The same
# for `sensitivity`: the field with no effect swings nothing, the screeners
# swing timeliness, and its page draws a tornado per KPI. Policies sweep as
# a dimension, each deciding its own points.
# Usage: sweep_cli_test.sh FRONTDOOR SOURCE_DIR
set -u
frontdoor=$1
src=$2
source "$(dirname "$0")/check.sh"
make_work_dir
start_up

check "--set refuses an unknown field by name" 2 \
  "mash.screenerz is not a scenario field; Mash has screeners" -- \
  "$frontdoor" simulate --set mash.screenerz=3
check "--set refuses a value the field cannot hold" 2 \
  "'many' is not a double value" -- \
  "$frontdoor" simulate --set mash.screeners=many
check "--vary refuses a backward range" 2 "A..B takes whole numbers" -- \
  "$frontdoor" sweep --vary mash.screeners=5..2
check "--vary refuses an unknown field by name" 2 \
  "point 1 \(mash.screenerz=1\).*not a scenario field" -- \
  "$frontdoor" sweep --vary mash.screenerz=1..2
check "a point out of range is refused before any run" 2 \
  "point 1 \(mash.screeners=-1\).*must not be negative" -- \
  "$frontdoor" sweep --vary mash.screeners=-1,2
if "$frontdoor" runs list 2>/dev/null | grep -q "sweep-p"; then
  record "refused sweeps ran nothing" fail
else
  record "refused sweeps ran nothing"
fi

small=(--set child_population=20000 --set days=60 --set warmup_days=60)
check "a sweep over two fields" 0 "every KPI of every point: .*/sweep.csv" -- \
  "$frontdoor" sweep "${small[@]}" -q -n 2 --out="$work/out" \
  --vary front_door.early_help_door_share=0.3,0.9 --vary mash.screeners=1,4
csv="$work/out/sweep.csv"
check "the table is tidy" 0 \
  "^point,front_door.early_help_door_share,mash.screeners,kpi,mean,lo95,hi95$" \
  -- head -1 "$csv"
# Points, first field slowest: 1 (0.3, 1), 2 (0.3, 4), 3 (0.9, 1), 4 (0.9, 4).
kpis() { awk -F, -v p="$1" '$1 == p { print $4 "," $5 "," $6 "," $7 }' "$csv"; }
if [ -n "$(kpis 1)" ] && [ "$(kpis 1)" = "$(kpis 3)" ] &&
  [ "$(kpis 2)" = "$(kpis 4)" ]; then
  record "a field with no effect leaves every KPI identical"
else
  diff <(kpis 1) <(kpis 3) | head -5
  record "a field with no effect leaves every KPI identical" fail
fi
timely() { kpis "$1" | awk -F, '$1 == "decided_within_one_working_day" { print $2 }'; }
if awk -v a="$(timely 1)" -v b="$(timely 2)" 'BEGIN { exit !(a + 0.05 < b) }'; then
  record "four screeners decide more within a working day than one"
else
  record "four screeners decide more within a working day than one ($(timely 1) vs $(timely 2))" fail
fi
dump_dom "$work/out/sweep.html" >"$work/sweep.dom"
python3 - "$work/sweep.dom" <<'PY' && record "the sweep page draws each KPI against each field in Chromium" || record "the sweep page draws each KPI against each field in Chromium" fail
import re, sys
dom = open(sys.argv[1]).read()
assert 'data-charts-rendered="8"' in dom, dom[-500:]  # 4 KPIs x 2 fields
marks = re.findall(r'data-rendered-marks="(\d+)"', dom)
assert marks == ["4"] * 8, marks  # 2 values x 2 lines on each chart
assert "caseload_per_worker against mash.screeners" in dom
PY
if "$frontdoor" runs list | grep -q "sweep-p"; then
  record "the sweep's runs are deleted once measured" fail
else
  record "the sweep's runs are deleted once measured"
fi

# Policies as a dimension: each file checked and loaded, the points decided
# by their own policy.
check "a policy file that cannot be read is refused before any run" 1 \
  "no-such-policy.textproto: cannot open" -- \
  "$frontdoor" sweep --vary policy="$work/no-such-policy.textproto"
sed '0,/outcome: OUTCOME_NO_FURTHER_ACTION/s//outcome: OUTCOME_EARLY_HELP/' \
  "$src/policies/default.textproto" >"$work/broken-policy.textproto"
check "a policy whose own cases fail is refused before any run" 1 \
  "of its test cases fail" -- \
  "$frontdoor" sweep --vary policy="$work/broken-policy.textproto"
check "a sweep over two policies" 0 "every KPI of every point" -- \
  "$frontdoor" sweep "${small[@]}" -q -n 1 --out="$work/out" --name=policies \
  --vary policy="$src/policies/default.textproto,$src/policies/da-to-early-help.textproto"
referrals() {
  awk -F, -v p="$1" '$1 == p && $3 == "referrals" { print $4 }' \
    "$work/out/policies.csv"
}
if [ -n "$(referrals 1)" ] && [ "$(referrals 1)" != "$(referrals 2)" ]; then
  record "the two policies decide differently ($(referrals 1) and $(referrals 2) referrals)"
else
  record "the two policies decide differently ($(referrals 1) and $(referrals 2) referrals)" fail
fi

# Sensitivity: one input at a time, with the base's seeds.
check "sensitivity refuses a range with one end" 2 \
  "want a low and a high value, such as mash.screeners=LOW,HIGH" -- \
  "$frontdoor" sensitivity --vary mash.screeners=3,3
check "sensitivity refuses an unknown KPI by name" 2 \
  "--kpi x is not a KPI; the KPIs are contacts" -- \
  "$frontdoor" sensitivity --kpi x
check "sensitivity over two inputs" 0 "report: .*/sensitivity.html" -- \
  "$frontdoor" sensitivity "${small[@]}" -q -n 2 --out="$work/out" \
  --vary front_door.early_help_door_share=0.3,0.9 --vary mash.screeners=1,4 \
  --kpi decided_within_one_working_day --kpi caseload_per_worker
csv="$work/out/sensitivity.csv"
check "its table is tidy" 0 "^kpi,field,low,high,base,at_low,at_high,swing$" \
  -- head -1 "$csv"
swing() { awk -F, -v k="$1" -v f="$2" '$1 == k && $2 == f { print $8 }' "$csv"; }
if [ "$(swing decided_within_one_working_day front_door.early_help_door_share)" = 0 ] &&
  [ "$(swing caseload_per_worker front_door.early_help_door_share)" = 0 ]; then
  record "an input with no effect swings no KPI"
else
  record "an input with no effect swings no KPI" fail
fi
if awk -v s="$(swing decided_within_one_working_day mash.screeners)" \
  'BEGIN { exit !(s > 0.05) }'; then
  record "the screeners swing timeliness, and head its tornado"
else
  record "the screeners swing timeliness, and head its tornado" fail
fi
check "an authority's study is fitted to its year before first" 0 \
  "fit of E06000017 to its 2022-23 figures" -- \
  "$frontdoor" sensitivity --la Rutland --year 2023-24 --fit_steps 1 -q -n 1 \
  --vary mash.screeners=0.5,2 --kpi referrals --out="$work/la" --name=rutland
check "and its fitted scenario is written" 0 "fitted to them in up to 1 steps" \
  -- head -4 "$work/la/rutland-scenario.textproto"
dump_dom "$work/out/sensitivity.html" >"$work/sensitivity.dom"
python3 - "$work/sensitivity.dom" <<'PY' && record "the sensitivity page draws a tornado per KPI in Chromium" || record "the sensitivity page draws a tornado per KPI in Chromium" fail
import re, sys
dom = open(sys.argv[1]).read()
assert 'data-charts-rendered="2"' in dom, dom[-500:]
marks = re.findall(r'data-rendered-marks="(\d+)"', dom)
assert marks == ["4", "4"], marks  # two inputs at two ends
# The widest swing on top: the screeners above the door's share.
first = dom.index("What moves decided_within_one_working_day")
assert dom.index("mash.screeners 1", first) < dom.index(
    "front_door.early_help_door_share 0.3", first)
PY
finish
