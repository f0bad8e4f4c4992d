#!/usr/bin/env bash
# `frontdoor plan` as a service manager uses it: bad targets are refused by
# name; on the default scenario and on half the screeners, the plan's
# recommendation, simulated again, meets every target in every replication
# asked (0.9 of 3), and the next cheaper setting it names misses one; the
# plan's page draws its cost frontier and, asked, its tornadoes.
# Usage: plan_cli_test.sh FRONTDOOR SOURCE_DIR
set -u
frontdoor=$1
src=$2
source "$(dirname "$0")/check.sh"
make_work_dir
start_up

check "an unknown KPI is refused by name" 2 \
  "x is not a KPI; the KPIs are contacts, referrals" -- \
  "$frontdoor" plan --target 'x>=1' --vary mash.screeners=1..2
check "a target needs a comparison" 2 "want KPI>=VALUE or KPI<=VALUE" -- \
  "$frontdoor" plan --target caseload_per_worker --vary mash.screeners=1..2
check "a plan needs fields to vary" 2 "--vary: the fields the plan may change" \
  -- "$frontdoor" plan --target 'caseload_per_worker<=18'

small=(--set child_population=20000 --set days=90 --set warmup_days=60)
targets=(--target 'decided_within_one_working_day>=0.8'
  --target 'caseload_per_worker<=18'
  --target 'assessments_within_45wd_share>=0.8'
  --target 'unallocated_children<=5')

# The settings a JSON plan names as KEY ("recommendation", "next_cheaper"),
# as --set options.
settings_of() {
  python3 -c 'import json, sys
point = json.load(open(sys.argv[1]))[sys.argv[2]]
print(" ".join(f"--set={k}={v}" for k, v in sorted(point["fields"].items())))' \
    "$1" "$2"
}

# Share of RUN's replications in OUT that met every target.
met_share() {
  python3 - "$1" "$2" <<'PY'
import glob, json, sys
out, run = sys.argv[1], sys.argv[2]
targets = [("decided_within_one_working_day", ">=", 0.8),
           ("caseload_per_worker", "<=", 18),
           ("assessments_within_45wd_share", ">=", 0.8),
           ("unallocated_children", "<=", 5)]
runs = sorted(glob.glob(f"{out}/{run}-r*/kpis.json"))
assert runs, f"no replications of {run}"
met = 0
for path in runs:
    k = json.load(open(path))["overall"]
    met += all(k.get(n, 0) >= b if op == ">=" else k.get(n, 0) <= b
               for n, op, b in targets)
print(met / len(runs))
PY
}

# On the default, the recommendation's sensitivity to two inputs as well.
extra_default=(--sensitivity demand.volume_multiplier=0.9,1.1
  --sensitivity social_work.vacancy_rate=0.1,0.25)
extra_half_screeners=()
for scenario in default half-screeners; do
  extra="extra_${scenario//-/_}[@]"
  "$frontdoor" plan --scenario="$src/scenarios/$scenario.textproto" \
    "${small[@]}" "${targets[@]}" "${!extra}" -n 3 -q --format=json \
    --vary mash.screeners=1,1.5,2,3 --vary social_work.posts_per_10k=14,17,20 \
    --name="plan-$scenario" --out="$work/out" >"$work/$scenario.json" \
    2>"$work/$scenario.err"
  check "$scenario: the plan recommends a setting, and names the next cheaper" \
    0 '"next_cheaper"' -- cat "$work/$scenario.json"
  for point in recommendation next_cheaper; do
    sets=$(settings_of "$work/$scenario.json" "$point" 2>/dev/null)
    if [ -z "$sets" ]; then
      record "$scenario: the plan's $point names its settings" fail
      continue
    fi
    # shellcheck disable=SC2086
    "$frontdoor" simulate --scenario="$src/scenarios/$scenario.textproto" \
      "${small[@]}" $sets -n 3 -q --run="$scenario-$point" \
      --out="$work/confirm" >/dev/null 2>&1
  done
  share=$(met_share "$work/confirm" "$scenario-recommendation")
  if [ "$share" = 1.0 ]; then
    record "$scenario: the recommendation, simulated again, meets every target"
  else
    record "$scenario: the recommendation, simulated again, meets every target ($share)" fail
  fi
  share=$(met_share "$work/confirm" "$scenario-next_cheaper")
  if awk -v s="$share" 'BEGIN { exit !(s < 0.9) }'; then
    record "$scenario: the next cheaper setting misses a target ($share)"
  else
    record "$scenario: the next cheaper setting misses a target ($share)" fail
  fi
done
check "a ruled-out setting says after how many replications" 0 \
  '"replications": 1' -- cat "$work/default.json"
dump_dom "$work/out/plan-default.html" >"$work/plan.dom"
python3 - "$work/plan.dom" "$work/default.json" <<'PY' && record "the plan page draws its frontier and tornadoes in Chromium" || record "the plan page draws its frontier and tornadoes in Chromium" fail
import json, re, sys
dom = open(sys.argv[1]).read()
tried = len(json.load(open(sys.argv[2]))["frontier"])
# Four targets' frontier charts and their four KPIs' tornadoes.
assert 'data-charts-rendered="8"' in dom, dom[-500:]
marks = dict(re.findall(r'id="([a-z]+-\d)"[^>]*data-rendered-marks="(\d+)"', dom))
assert all(marks[f"frontier-{i}"] == str(tried) for i in range(4)), (marks, tried)
# Two inputs, each at two ends.
assert all(marks[f"tornado-{i}"] == "4" for i in range(4)), marks
assert "Recommendation: " in dom and "demand.volume_multiplier 0.9" in dom
PY
check "the settings tried are written cheapest first" 0 \
  '^cost,mash.screeners,social_work.posts_per_10k,"P\(decided' -- \
  head -1 "$work/out/plan-default.csv"
finish
