#!/usr/bin/env bash
# One process per port, and no orphans: a second server on a bound port
# fails at start with a clear message, and the services `frontdoor up`
# started end when it is killed outright (SIGKILL, no chance to clean up).
# Usage: process_cli_test.sh BIN_DIR
set -u
bin=$1
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  pkill -9 -f "$work/" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
source "$(dirname "$0")/check.sh"

# A first stepping on a free port, its store in a budget of its own.
"$bin/frontdoor-stepping" --insecure --listen=127.0.0.1:0 --data_dir="$work/one" \
  --cache_mib=16 --write_buffer_mib=16 \
  --port_file="$work/one.port" >"$work/one.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/one.port" ] && break; sleep 0.1; done
port=$(cat "$work/one.port")
check "a second server on a bound port fails at start" 1 \
  'cannot listen on 127\.0\.0\.1:[0-9]+ \(is another instance already serving it\?\)' -- \
  timeout 20 "$bin/frontdoor-stepping" --insecure --listen="127.0.0.1:$port" \
  --data_dir="$work/two"

check "a store budget out of range is refused at start, naming the flag" 2 \
  '--cache_mib: 4 MiB is not from 8 to 65536' -- \
  timeout 20 "$bin/frontdoor-stepping" --insecure --listen=127.0.0.1:0 \
  --data_dir="$work/three" --cache_mib=4
check "every service takes the store budget flags" 2 \
  '--write_buffer_mib: 70000 MiB is not from 8 to 65536' -- \
  timeout 20 "$bin/frontdoor-threshold" --insecure --listen=127.0.0.1:0 \
  --data_dir="$work/four" --write_buffer_mib=70000
if [ -e "$work/three" ] || [ -e "$work/four" ]; then
  record "a refused budget stores nothing" fail
else
  record "a refused budget stores nothing"
fi

# frontdoor up on free ports, then SIGKILL it.
"$bin/frontdoor" up --data_dir="$work/up" --intake_port=0 \
  --threshold_port=0 --stepping_port=0 --intake_metrics_port=0 \
  --threshold_metrics_port=0 --stepping_metrics_port=0 >"$work/up.log" 2>&1 &
up=$!
pids+=($up)
for _ in $(seq 300); do
  [ "$(pgrep -f -c "$work/up/")" = 3 ] && grep -q "frontdoor is up" "$work/up.log" && break
  sleep 0.1
done
started=$(pgrep -f -c "$work/up/")
kill -9 "$up"
for _ in $(seq 100); do
  [ "$(pgrep -f -c "$work/up/")" = 0 ] && break
  sleep 0.1
done
left=$(pgrep -f -c "$work/up/")
if [ "$started" = 3 ] && [ "$left" = 0 ]; then
  record "services started by up end when up is killed"
else
  echo "    started $started services, $left left after up was killed"
  sed 's/^/    /' "$work/up.log" | tail -5
  record "services started by up end when up is killed" fail
fi
finish
