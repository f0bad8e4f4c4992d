#!/usr/bin/env bash
# `frontdoor up` supervises: a service killed outright (SIGKILL, as a crash)
# is started again on its port and data, a simulation attached to the stack
# rides through and finishes, and `up` stops only on its own signal; `up`
# itself killed takes its services with it, and a simulation rides through
# until `up` is started again.
# Usage: supervise_cli_test.sh FRONTDOOR
set -u
frontdoor=$1
source "$(dirname "$0")/check.sh"
make_work_dir

start_up
# Two simulated years: long enough to be running still when the second
# service is killed, on a machine where a shorter run finished first.
cat >"$work/scenario.textproto" <<'SCENARIO'
child_population: 60000 days: 365 warmup_days: 365 seed: 3
SCENARIO
"$frontdoor" simulate --scenario="$work/scenario.textproto" --run=crashed \
  --quiet --out="$work/out" >"$work/simulate.log" 2>&1 &
simulate=$!

# Kill intake, then stepping, each while the simulation sends to it.
for service in intake stepping; do
  sleep 2
  pid=$(pgrep -f "frontdoor-$service .*--data_dir=$work/up/$service")
  if kill -0 "$simulate" 2>/dev/null; then
    record "the simulation is still running when $service is killed"
  else
    record "the simulation is still running when $service is killed" fail
  fi
  kill -9 "$pid"
  for _ in $(seq 200); do
    grep -q "frontdoor-$service restarted" "$work/up.log" && break
    sleep 0.1
  done
  check "up restarts $service after SIGKILL" 0 \
    "frontdoor-$service killed by signal 9" -- cat "$work/up.log"
  again=$(pgrep -f "frontdoor-$service .*--data_dir=$work/up/$service")
  if [ -n "$again" ] && [ "$again" != "$pid" ]; then
    record "$service runs again under a new process"
  else
    record "$service runs again under a new process" fail
  fi
done

if wait "$simulate"; then
  record "the simulation rode through both restarts"
else
  sed 's/^/    /' "$work/simulate.log" | tail -10
  record "the simulation rode through both restarts" fail
fi
check "the run is complete" 0 'crashed +[0-9]+ .*complete' -- \
  "$frontdoor" runs list
if kill -0 "$up" 2>/dev/null; then
  record "up is still running"
else
  record "up is still running" fail
fi

# `up` itself killed (SIGKILL): its services stop with it, `up` is started
# again on the same folder and ports, and a simulation attached throughout
# rides through to the same files as an undisturbed run.
ports=(--intake_port="${FRONTDOOR_INTAKE##*:}"
  --threshold_port="${FRONTDOOR_THRESHOLD##*:}"
  --stepping_port="${FRONTDOOR_STEPPING##*:}")
"$frontdoor" simulate --scenario="$work/scenario.textproto" --run=orphaned \
  --quiet --out="$work/out" >"$work/orphaned.log" 2>&1 &
simulate=$!
sleep 2
kill -9 "$up"
wait "$up" 2>/dev/null
for _ in $(seq 100); do
  pgrep -f "$work/up/" >/dev/null || break
  sleep 0.1
done
if pgrep -f "$work/up/" >/dev/null; then
  record "a killed up's services stop with it" fail
else
  record "a killed up's services stop with it"
fi
"$frontdoor" up --data_dir="$work/up" "${ports[@]}" --metrics=false \
  >"$work/up-again.log" 2>&1 &
up=$!
if wait "$simulate"; then
  record "a simulation rides through up killed and started again"
else
  sed 's/^/    /' "$work/orphaned.log" | tail -10
  record "a simulation rides through up killed and started again" fail
fi
# Signalled once it is up: a job started with & from a script ignores
# SIGINT until `up` installs its handler, and one sent before is lost (the
# simulation can finish on the services `up` spawned before that).
for _ in $(seq 300); do
  grep -q "frontdoor is up" "$work/up-again.log" && break
  sleep 0.1
done
kill -INT "$up" && wait "$up"
code=$?
up=
if [ "$code" -eq 0 ] && ! pgrep -f "$work/up/" >/dev/null; then
  record "up stops on its own signal, and its services with it"
else
  record "up stops on its own signal, and its services with it" fail
fi
start_up undisturbed
"$frontdoor" simulate --scenario="$work/scenario.textproto" --run=orphaned \
  --quiet --out="$work/out-undisturbed" >/dev/null 2>&1
same_files "the run through up's death equals an undisturbed one" \
  "$work/out-undisturbed/orphaned" "$work/out/orphaned"
finish
