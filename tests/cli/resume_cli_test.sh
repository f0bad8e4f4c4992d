#!/usr/bin/env bash
# A simulation whose client is killed (SIGKILL, mid-run) is finished by the
# same command run again: it continues from its level journal and ends with
# KPI files byte-identical to an undisturbed run's on another stack; a
# different scenario under the same run id is refused, naming the journal.
# A forecast killed during its fit is finished the same way.
# Usage: resume_cli_test.sh FRONTDOOR
set -u
frontdoor=$1
source "$(dirname "$0")/check.sh"
make_work_dir

start_up interrupted
simulate=("$frontdoor" simulate --seed=11 --run=resumed --quiet)
"${simulate[@]}" --out="$work/out-interrupted" >"$work/first.log" 2>&1 &
client=$!
sleep 4
if kill -0 "$client" 2>/dev/null; then
  kill -9 "$client"
  wait "$client" 2>/dev/null
  record "the client is killed mid-run"
else
  record "the client is killed mid-run" fail
fi
check "runs list shows the run interrupted" 0 \
  'resumed +[0-9]+ .*INCOMPLETE \(interrupted' -- "$frontdoor" runs list
check "the same command again finishes the run" 0 "resuming run resumed: [0-9]+ reads" -- \
  "${simulate[@]}" --out="$work/out-interrupted"
check "runs list shows it complete" 0 'resumed +[0-9]+ .*complete' -- \
  "$frontdoor" runs list
printf 'seed: 12\n' >"$work/other.textproto"
check "another scenario under the same run id is refused, naming the journal" 1 \
  "level journal .*resumed.levels belongs to another run or scenario" -- \
  "$frontdoor" simulate --scenario="$work/other.textproto" --run=resumed \
  --quiet --out="$work/out-interrupted"
# A forecast killed during its fit continues too.
forecast=("$frontdoor" forecast --year=2024-25 --la=E08000028 -n 1
  --fit_steps=1 --quiet)
timeout --signal=KILL 5 "${forecast[@]}" --out="$work/out-interrupted" \
  >/dev/null 2>&1
if [ $? -eq 137 ] && ls "$work"/out-interrupted/.journal/*.levels >/dev/null 2>&1; then
  record "a forecast is killed mid-run, its journal kept"
else
  record "a forecast is killed mid-run, its journal kept" fail
fi
check "the same forecast again finishes" 0 "wrote .*forecast-2024-25.csv" -- \
  "${forecast[@]}" --out="$work/out-interrupted"
kill "$up" && wait "$up" 2>/dev/null
up=

start_up undisturbed
check "the undisturbed forecast on another stack" 0 "forecast-2024-25.csv" -- \
  "${forecast[@]}" --out="$work/out-undisturbed"
if cmp -s "$work/out-undisturbed/forecast-2024-25.csv" \
  "$work/out-interrupted/forecast-2024-25.csv"; then
  record "the resumed forecast equals the undisturbed one"
else
  record "the resumed forecast equals the undisturbed one" fail
fi
check "the undisturbed run on another stack" 0 'KPI tables' -- \
  "${simulate[@]}" --out="$work/out-undisturbed"
same_files "the resumed run's files equal the undisturbed run's" \
  "$work/out-undisturbed/resumed" "$work/out-interrupted/resumed"
finish
