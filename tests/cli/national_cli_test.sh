#!/usr/bin/env bash
# `frontdoor national` on a handful of authorities and a short year: one
# process, then the same run as 3 shards, each a separate process with its
# own services and data folder, run by the Kubernetes Job's own container
# command (deploy/k8s/national/shard.sh) with the environment Kubernetes
# gives an Indexed Job's pods; merged, the shards equal the one process:
# England's KPIs, every authority's and region's, every run's digest.
# Usage: national_cli_test.sh FRONTDOOR SOURCE_DIR
set -u
frontdoor=$1
src=$2
source "$(dirname "$0")/check.sh"
make_work_dir

las=Rutland,Hartlepool,Darlington,Halton,Sandwell,Bury
short=(--set days=45 --set warmup_days=45)
check "a shard out of range is refused" 2 "--shard 4/3: want I/N" -- \
  "$frontdoor" national --la "$las" --shard 4/3
check "one process" 0 "England 2023-24: 6 authorities, 2 replications" -- \
  "$frontdoor" national --year 2023-24 --la "$las" -n 2 "${short[@]}" -q \
  -d "$work/one-data" --out "$work/one"

# The pods: the Job's container command with Kubernetes' environment, one
# data folder each, the deployment's pseudonym key shared.
mkdir -p "$work/bin"
ln -s "$frontdoor" "$work/bin/frontdoor"
for index in 0 1 2; do
  env PATH="$work/bin:$PATH" JOB_COMPLETION_INDEX=$index NATIONAL_SHARDS=3 \
    NATIONAL_YEAR=2023-24 NATIONAL_REPLICATIONS=2 \
    NATIONAL_ARGS="--la $las ${short[*]}" \
    FRONTDOOR_DATA_DIR="$work/pod-$index" NATIONAL_OUT="$work/results" \
    PSEUDONYM_KEY_FILE="$work/one-data/pseudonym.key" \
    sh "$src/deploy/k8s/national/shard.sh" >"$work/pod-$index.log" 2>&1
  check "pod $index wrote its shard" 0 "shard-$((index + 1))-of-3.json" -- \
    ls "$work/results/shards"
done
check "a merge refuses a missing shard" 2 "shards 3 of 3 are missing" -- \
  "$frontdoor" national merge "$work/results/shards/shard-1-of-3.json" \
  "$work/results/shards/shard-2-of-3.json" --out "$work/partial"
check "the shards merge" 0 "England 2023-24: 6 authorities, 2 replications" \
  -- "$frontdoor" national merge "$work/results" --out "$work/merged"
for file in england/kpis.json england/replications.json authorities.csv \
  regions.csv runs.csv; do
  if cmp -s "$work/one/$file" "$work/merged/$file"; then
    record "3 shards merged equal one process: $file"
  else
    diff "$work/one/$file" "$work/merged/$file" | head -5
    record "3 shards merged equal one process: $file" fail
  fi
done
runs=$(tail -n +2 "$work/merged/runs.csv" | awk -F, 'length($4) == 64' | wc -l)
if [ "$runs" = 12 ]; then
  record "every run of every authority is in once, with its digest"
else
  record "every run of every authority is in once, with its digest ($runs)" fail
fi
# A retried pod writes its shard again: the result replaces the first.
before=$(md5sum <"$work/results/shards/shard-2-of-3.json")
env PATH="$work/bin:$PATH" JOB_COMPLETION_INDEX=1 NATIONAL_SHARDS=3 \
  NATIONAL_REPLICATIONS=2 NATIONAL_ARGS="--la $las ${short[*]}" \
  FRONTDOOR_DATA_DIR="$work/pod-1-retry" NATIONAL_OUT="$work/results" \
  PSEUDONYM_KEY_FILE="$work/one-data/pseudonym.key" \
  sh "$src/deploy/k8s/national/shard.sh" >/dev/null 2>&1
if [ "$(ls "$work/results/shards" | wc -l)" = 3 ] &&
  [ "$(md5sum <"$work/results/shards/shard-2-of-3.json")" = "$before" ]; then
  record "a retried shard replaces its result, the same as before"
else
  record "a retried shard replaces its result, the same as before" fail
fi
dump_dom "$work/merged/national.html" >"$work/national.dom"
python3 - "$work/national.dom" <<'PY' && record "the national page draws England and its regions in Chromium" || record "the national page draws England and its regions in Chromium" fail
import sys
dom = open(sys.argv[1]).read()
assert 'data-charts-rendered="5"' in dom, dom[-400:]  # the funnel, 4 regional
assert "The model beside the published figures" in dom
assert "North West" in dom and "West Midlands" in dom
PY
finish
