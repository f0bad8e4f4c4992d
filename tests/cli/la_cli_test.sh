#!/usr/bin/env bash
# Local authorities from the published table, as an analyst uses them:
# simulate --la prints every input with its source, forecast writes the
# tidy CSV with intervals around each mean, backtest prints the scores
# beside both baselines; bad authorities and years are refused clearly.
# Small authorities and one or two replications: whole back-tests are
# benchmarks (README "Your local authority").
# Usage: la_cli_test.sh FRONTDOOR SOURCE_DIR
set -u
frontdoor=$1
src=$2
source "$(dirname "$0")/check.sh"
make_work_dir

check "an unknown authority is refused" 2 "no English local authority" -- \
  "$frontdoor" simulate --la=Atlantis
check "a year the table cannot support is refused" 1 "runs to 2023-24" -- \
  "$frontdoor" simulate --la=Rutland --year=2025-26
check "--year alone is refused" 2 "only with --la" -- \
  "$frontdoor" simulate --year=2023-24
check "a back-test needs a published year" 2 "outcomes are in" -- \
  "$frontdoor" backtest --year=2024-25 --la=Rutland
check "a study needs --la or --all" 2 "--la=LIST or --all" -- \
  "$frontdoor" backtest --year=2023-24
check "a fit of too many steps is refused before any run" 2 \
  "--fit_steps: 0 to 10" -- \
  "$frontdoor" forecast --year=2024-25 --la=Rutland --fit_steps=11

start_up

check "simulate --la prints its inputs with their sources" 0 \
  'demand.contacts_per_10k .*DfE C1 224 / ONS 8045' -- \
  "$frontdoor" simulate -q --la=Rutland --year=2023-24 --fit_steps=0 \
  --out="$work/out"
[ -f "$work/out/E06000017-2023-24/kpis.json" ] && record "its KPIs are written" \
  || record "its KPIs are written" fail
check "simulate --la fits to the year before" 0 \
  'fit of E06000017 to its 2021-22 figures' -- \
  "$frontdoor" simulate -q --la=E06000017 --year=2022-23 --fit_steps=1 \
  --run=fitted --out="$work/out"
check "the fitted scenario is a file that runs" 0 'run edited:' -- \
  "$frontdoor" simulate -q --scenario="$work/out/fitted-scenario.textproto" \
  --days=30 --run=edited --out="$work/out"

check "forecast writes the tidy CSV" 0 "95% prediction intervals in" -- \
  "$frontdoor" forecast -q --year=2024-25 --la=Rutland -n 2 --fit_steps=1 \
  --out="$work/out"
python3 - "$work/out/forecast-2024-25.csv" <<'PY' && record "each forecast sits inside its interval" || record "each forecast sits inside its interval" fail
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0]) == ["la_code", "la_name", "kpi", "mean", "lo95", "hi95"]
assert len(rows) == 7, len(rows)  # 7 KPIs, looked after included
for r in rows:
    assert r["la_code"] == "E06000017" and r["la_name"] == "Rutland"
    assert float(r["lo95"]) < float(r["mean"]) < float(r["hi95"]), r
PY

check "backtest prints the scores beside both baselines" 0 \
  "referrals_per_10k +2 \|.*\|.*\|" -- \
  "$frontdoor" backtest -q --year=2023-24 --la=Rutland,Hartlepool -n 1 \
  --fit_steps=1 --out="$work/out"
python3 - "$work/out" "$src/data/la_inputs.csv" <<'PY' && record "the back-test's rows are the published figures" || record "the back-test's rows are the published figures" fail
import csv, sys
out, table = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(out + "/backtest-2023-24.csv")))
assert len(rows) == 14, len(rows)  # 2 authorities x 7 KPIs
pub = {(r["la_code"], r["year"]): r for r in csv.DictReader(open(table))}
r = next(r for r in rows if r["la_code"] == "E06000001"
         and r["kpi"] == "referrals_per_10k")
now, before = pub[("E06000001", "2023-24")], pub[("E06000001", "2022-23")]
rate = lambda row: float(row["referrals"]) * 1e4 / float(row["population_0_17"])
assert abs(float(r["published"]) - rate(now)) < 0.01, r
assert abs(float(r["persistence"]) - rate(before)) < 0.01, r
scores = list(csv.DictReader(open(out + "/backtest-2023-24-scores.csv")))
assert [s["kpi"] for s in scores][0] == "referrals_per_10k"
assert all(s["authorities"] == "2" for s in scores)
PY
dump_dom "$work/out/backtest-2023-24.html" >"$work/backtest.dom"
python3 - "$work/out" "$work/backtest.dom" <<'PY' && record "the back-test page draws every authority in Chromium" || record "the back-test page draws every authority in Chromium" fail
import csv, re, sys
out = sys.argv[1]
dom = open(sys.argv[2]).read()
assert 'data-charts-rendered="7"' in dom, dom[-500:]
marks = re.findall(r'data-rendered-marks="(\d+)"', dom)
assert marks == ["2"] * 7, marks  # two authorities on each KPI's chart
score = next(csv.DictReader(open(out + "/backtest-2023-24-scores.csv")))
row = re.search(r'<th scope="row">referrals_per_10k</th><td>2</td><td>([0-9.]+)%',
                dom)
assert row and abs(float(row.group(1)) - float(score["model_mape"])) < 0.051, row
PY
[ "$(grep -o 'class="mark"' "$work/out/forecast-2024-25.html" | wc -l)" -eq 7 ] &&
  record "the forecast page has its charts" ||
  record "the forecast page has its charts" fail
check "the study's runs are deleted once measured" 0 "^" -- \
  bash -c "! '$frontdoor' runs list | grep -qE 'backtest-|fit[0-9]-'"
[ -f "$work/out/backtest-2023-24-scenarios/E06000001.textproto" ] &&
  grep -q "fit of E06000001 to its 2022-23" "$work/out/backtest-2023-24-fit.txt" &&
  record "each authority's fitted scenario and fit are written" ||
  record "each authority's fitted scenario and fit are written" fail

finish
