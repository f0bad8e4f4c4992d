#!/usr/bin/env bash
# frontdoor's benchmarks, each beside the reference it is measured against in
# the same run. Not part of the test suite: figures are printed, never
# asserted. About twenty minutes on 2 cores; --full stores 10M contacts first
# for the scale figure (about 15 minutes more at today's throughput);
# --national adds a national year (about 20 minutes more).
#
#   bash bench/run.sh [--full] [--national]
set -euo pipefail
cd "$(dirname "$0")/.."
stored=1000000
national=false
for arg in "$@"; do
  case $arg in
    --full) stored=10000000 ;;
    --national) national=true ;;
  esac
done

bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null
bin=build/bin
work=$(mktemp -d /tmp/frontdoor-bench-run-XXXXXX)
trap 'rm -rf "$work"' EXIT
log="$work/figures"

figure() { grep -E "$1" "$log" | tail -n 1 | grep -oE '[0-9.]+ (records|contacts)/s' | cut -d' ' -f1; }

echo "== (a) the bare stack: one gRPC hop, bidi stream, a RocksDB WriteBatch per message"
"$bin/bare_bench" --records=1000000 --data_dir="$work/bare" | tee -a "$log"

echo
echo "== (b, c) 1M contacts in bulk through all three services as 8 runs at once, beside one of them alone; then one live contact at a time, right after (its compactions still running)"
"$bin/bulk_bench" --contacts=1000000 --runs=8 --live=2000 --data_dir="$work/one" | tee -a "$log"
many=$(figure '^end-to-end bulk, 8 runs at once')
alone=$(figure '^end-to-end bulk, one run alone')
bare=$(figure 'batches of 1000:')
awk -v m="$many" -v a="$alone" -v r="$bare" 'BEGIN {
  printf "end-to-end bulk, 8 runs at once: %.3f of the bare stack (%.0f of %.0f per second); target at least 0.08\n", m / r, m, r
  printf "end-to-end bulk, one run alone: %.3f of the bare stack (%.0f of %.0f per second)\n", a / r, a, r
  printf "many runs over one run alone: %.2fx; target at least 1.6x\n", m / a }'
rm -rf "$work/one"

echo
echo "== (e) one live contact at a time under light load: a fresh stack with nothing else running"
"$bin/bulk_bench" --contacts=0 --live=2000 --data_dir="$work/live" | tee -a "$log"
grep -E '^live contact' "$log" | tail -n 1 | awk '{
  printf "live contact p99 under light load: %s ms; target under 5 ms\n", $7 }'
rm -rf "$work/live"

echo
echo "== (d) bulk throughput with 100k contacts stored, against $stored stored"
"$bin/bulk_bench" --contacts=0 --live=0 --stored=100000 --window=100000 \
  --data_dir="$work/small" | tee -a "$log"
rm -rf "$work/small"
"$bin/bulk_bench" --contacts=0 --live=0 --stored="$stored" --window=100000 \
  --data_dir="$work/large" | tee -a "$log"
small=$(figure '^bulk with 100000 stored')
large=$(figure "^bulk with $stored stored")
awk -v s="$small" -v l="$large" -v n="$stored" 'BEGIN {
  printf "with %d stored: %.2f of the throughput at 100k (target at least 0.8 at 10M)\n", n, l / s }'
rm -rf "$work/large"

echo
echo "== (f) frontdoor simulate -n 8 of the default scenario, on a stack started by frontdoor up"
sim="$work/sim"
"$bin/frontdoor" up -d "$sim" --intake_port=50161 --threshold_port=50162 \
  --stepping_port=50163 --intake_metrics_port=0 --threshold_metrics_port=0 \
  --stepping_metrics_port=0 >"$work/up.log" 2>&1 &
up=$!
addresses=(--intake=127.0.0.1:50161 --threshold=127.0.0.1:50162
  --stepping=127.0.0.1:50163 -d "$sim")
received() {
  python3 -c 'import sys, urllib.request
page = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1]).read().decode()
print(sum(float(l.split()[-1]) for l in page.splitlines()
          if l.startswith("frontdoor_contacts_received_total")))' \
    "$(cat "$sim/logs/intake.metrics-port")"
}
for _ in $(seq 120); do grep -q "frontdoor is up" "$work/up.log" && break; sleep 1; done
before=$(received)
start=$(date +%s.%N)
"$bin/frontdoor" simulate -q -n 8 --run=bench "${addresses[@]}" --out="$work/sim-out" >/dev/null
end=$(date +%s.%N)
after=$(received)
kill -INT "$up"; wait "$up" || true
awk -v c="$((${after%.*} - ${before%.*}))" -v s0="$start" -v s1="$end" 'BEGIN {
  s = s1 - s0
  printf "frontdoor simulate -n 8: %.0f contacts/s summed over the runs (%d contacts, warm-up years included, in %.1f s)\n", c / s, c, s }' | tee -a "$log"
rm -rf "$sim" "$work/sim-out"

echo
echo "== (g) peak resident memory with 150 runs stored (1,000 contacts each, sent at once)"
"$bin/bulk_bench" --contacts=150000 --runs=150 --live=0 --data_dir="$work/runs150" |
  grep -E '^(peak RSS|end-to-end bulk, 150)' | tee -a "$log"
rm -rf "$work/runs150"

echo
echo "== (h) frontdoor plan over two staffing fields of the default scenario, 5 replications a setting, beside a sweep of the same settings (every replication of every one)"
grid=(--vary mash.screeners=3..6 --vary social_work.posts_per_10k=16:22:3 -n 5)
start=$(date +%s.%N)
"$bin/frontdoor" plan -q -d "$work/plan" --out="$work/plan-out" "${grid[@]}" \
  --target 'decided_within_one_working_day>=0.8' \
  --target 'caseload_per_worker<=18' \
  --target 'assessments_within_45wd_share>=0.8' \
  --target 'unallocated_children<=20' >"$work/plan.txt" || true
middle=$(date +%s.%N)
"$bin/frontdoor" sweep -q -d "$work/plan" --out="$work/plan-out" "${grid[@]}" >/dev/null
end=$(date +%s.%N)
grep -E '^recommendation' "$work/plan.txt" | tee -a "$log"
awk -v s0="$start" -v s1="$middle" -v s2="$end" 'BEGIN {
  printf "frontdoor plan: %.0f s; the sweep of all 12 settings: %.0f s; target under 180 s\n", s1 - s0, s2 - s1 }' | tee -a "$log"
rm -rf "$work/plan" "$work/plan-out"

if [ "$national" = true ]; then
  echo
  echo "== (i) a national year: every authority, one replication, beside (f)'s flow"
  start=$(date +%s.%N)
  "$bin/frontdoor" national --year 2023-24 -n 1 -q -d "$work/national" \
    --out="$work/national-out" | tee -a "$log"
  end=$(date +%s.%N)
  contacts=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["overall"]["contacts"])' \
    "$work/national-out/england/kpis.json")
  awk -v s0="$start" -v s1="$end" -v c="$contacts" 'BEGIN {
    printf "frontdoor national: %.0f s for %d contacts in the year (twice that with the warm-up years); target under 300 s\n", s1 - s0, c }' | tee -a "$log"
  rm -rf "$work/national" "$work/national-out"
fi

echo
echo "== the policy benchmark (one contact through the shipped policy, in process)"
"$bin/policy_bench" --benchmark_min_time=0.5
