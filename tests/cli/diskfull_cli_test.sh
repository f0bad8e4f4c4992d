#!/usr/bin/env bash
# A disk that fills under a running simulation: the services refuse writes
# (RESOURCE_EXHAUSTED, logged with the cause) before RocksDB runs out
# mid-write (Debian's build aborts then, and a supervised service died at
# every restart), the client waits, and once space is freed the writes
# resume with no restart and the run ends byte-identical to an undisturbed
# one. The disk is a 700 MiB tmpfs; where no tmpfs can be mounted (not
# root) the test says so and is skipped (exit 77).
# Usage: diskfull_cli_test.sh FRONTDOOR
set -u
frontdoor=$1
source "$(dirname "$0")/check.sh"
make_work_dir
mkdir "$work/disk"
if ! mount -t tmpfs -o size=700m tmpfs "$work/disk" 2>/dev/null; then
  echo "skipped: no tmpfs can be mounted here (needs root)"
  exit 77
fi
unmount_and_clean() {
  [ -n "$up" ] && kill "$up" 2>/dev/null && wait "$up" 2>/dev/null
  up=
  pkill -9 -f "$work/" 2>/dev/null
  sleep 0.5
  umount "$work/disk"
  cleanup_work_dir
}
trap unmount_and_clean EXIT

start_up disk/up
logs="$work/disk/up/logs"
simulate=("$frontdoor" simulate --seed=5 --run=full --quiet)
# Leave the services 2 MiB above their 256 MiB reserve: the run's first
# writes take the disk under it.
free=$(df -m --output=avail "$work/disk" | tail -1)
fallocate -l "$((free - 256 - 2))M" "$work/disk/ballast"
"${simulate[@]}" --out="$work/out-full" >"$work/full.log" 2>&1 &
client=$!
for _ in $(seq 600); do
  grep -qs "writes refused" "$logs"/*.log && break
  sleep 0.1
done
if grep -qs '"writes refused: disk nearly full","cause":"the disk of .* MiB free' \
  "$logs"/*.log; then
  record "a service logs the refused writes with their cause"
else
  record "a service logs the refused writes with their cause" fail
fi
sleep 5
if kill -0 "$client" 2>/dev/null; then
  record "the client waits while the disk is full"
else
  record "the client waits while the disk is full" fail
  sed 's/^/    /' "$work/full.log" | tail -5
fi
rm "$work/disk/ballast"
wait "$client"
if [ $? -eq 0 ]; then
  record "the run finishes once space is freed"
else
  record "the run finishes once space is freed" fail
  sed 's/^/    /' "$work/full.log" | tail -5
fi
if grep -qs "disk space returned: writes resume" "$logs"/*.log; then
  record "the services log that writes resume"
else
  record "the services log that writes resume" fail
fi
if grep -q "restarting" "$work/disk/up.log"; then
  record "no service was restarted" fail
else
  record "no service was restarted"
fi
check "runs list shows the run complete" 0 'full +[0-9]+ .*complete' -- \
  "$frontdoor" runs list
kill "$up" && wait "$up" 2>/dev/null
up=

start_up undisturbed
check "the undisturbed run on another stack" 0 'KPI tables' -- \
  "${simulate[@]}" --out="$work/out-undisturbed"
same_files "the run's files equal the undisturbed run's" \
  "$work/out-undisturbed/full" "$work/out-full/full"
finish
