#!/usr/bin/env bash
# Commands find the stack by its data folder, not by probing a port: from
# another directory, with only FRONTDOOR_DATA_DIR set, they use the stack
# that `frontdoor up` runs on that folder; a second `up` on it is refused;
# with no stack on a folder a command starts one for itself and stops it,
# and another command is refused that stack. With no folder named, the
# current folder, its ./frontdoor-data, then the user's folder.
# Usage: discovery_cli_test.sh FRONTDOOR SOURCE_DIR
set -u
frontdoor=$1
src=$2
source "$(dirname "$0")/check.sh"
make_work_dir
mkdir "$work/elsewhere"
cd "$work/elsewhere"

# `up` on free ports; the commands below are told only its folder.
start_up
unset FRONTDOOR_INTAKE FRONTDOOR_THRESHOLD FRONTDOOR_STEPPING
check "a command from another folder uses the folder's stack" 0 \
  "using the services of $work/up \(intake at 127\.0\.0\.1:[0-9]+\)" -- \
  "$frontdoor" simulate --scenario="$src/tests/data/history-scenario.textproto" \
  --run=found --quiet --out="$work/out"
check "runs list sees the run there" 0 'found +[0-9]+ .*complete' -- \
  "$frontdoor" runs list
stacks=$(pgrep -fc "frontdoor-intake .*--data_dir=$work/up/intake")
if [ "$stacks" = 1 ]; then
  record "one intake runs on the folder"
else
  record "one intake runs on the folder ($stacks)" fail
fi
check "a second up on the folder is refused, naming it" 1 \
  "services of $work/up are already running" -- \
  timeout 60 "$frontdoor" up --data_dir="$work/up" --intake_port=0 \
  --threshold_port=0 --stepping_port=0 --metrics=false

# A folder with no stack: the command starts its own, and it stops after.
check "a folder with no stack gets one for the command" 0 \
  "no services run on $work/own: starting them" -- \
  "$frontdoor" runs list --data_dir="$work/own"
if pgrep -f "$work/own/" >/dev/null; then
  record "the command's own stack stops with it" fail
else
  record "the command's own stack stops with it"
fi

# Another command's own stack is not shared: it would stop under this one.
# (A month of contacts replayed at 300,000x holds its stack for ~8 s.)
"$frontdoor" replay "$src/tests/data/history-small.csv" --run=own \
  --speed=300000x --data_dir="$work/busy" --out="$work/out" \
  >"$work/busy.log" 2>&1 &
owner=$!
for _ in $(seq 300); do
  [ -s "$work/busy/logs/intake.port" ] && break
  sleep 0.1
done
check "another command's own stack is refused, naming it and up" 1 \
  "started by another command \(process [0-9]+\).*frontdoor up" -- \
  "$frontdoor" runs list --data_dir="$work/busy"
if wait "$owner"; then
  record "the command that owns the stack finishes undisturbed"
else
  sed 's/^/    /' "$work/busy.log" | tail -5
  record "the command that owns the stack finishes undisturbed" fail
fi

# An address that answers TCP but not this folder's certificates: said so,
# with the certificate files tried (exit 3: unreachable).
intake=$(awk '$1 == "intake" { print $2 }' "$work/up.log")
check "a TLS failure names the certificates tried" 3 \
  "TLS handshake is the likely cause: it used $work/own/tls/ca.pem" -- \
  env FRONTDOOR_INTAKE="$intake" FRONTDOOR_DATA_DIR="$work/own" \
  "$frontdoor" runs list
check "a plaintext call to a TLS stack says how to point at its folder" 3 \
  "called in plaintext because $work/empty holds no tls/ca.pem" -- \
  env FRONTDOOR_INTAKE="$intake" FRONTDOOR_DATA_DIR="$work/empty" \
  "$frontdoor" runs list
check "nothing listening is said as such" 3 "nothing listens" -- \
  env FRONTDOOR_INTAKE=127.0.0.1:1 "$frontdoor" runs list

# With no FRONTDOOR_DATA_DIR: the current folder when it is a data folder,
# then its ./frontdoor-data, then the user's folder.
unset FRONTDOOR_DATA_DIR
export XDG_DATA_HOME="$work/xdg"
cd "$work/up"
check "from inside a data folder, its stack" 0 \
  "using the services of $work/up \(intake" -- "$frontdoor" runs list
mkdir -p "$work/project/frontdoor-data"
cd "$work/project"
check "from a folder with a frontdoor-data, that folder" 0 \
  "no services run on $work/project/frontdoor-data: starting them" -- \
  "$frontdoor" runs list
cd "$work/elsewhere"
check "from anywhere else, the user's folder" 0 \
  "no services run on $work/xdg/frontdoor: starting them" -- \
  "$frontdoor" runs list
check "which the help names as the default" 0 \
  "data_dir TEXT=$work/xdg/frontdoor" -- "$frontdoor" runs list --help
finish
