#!/usr/bin/env bash
# frontdoor's benchmarks, each beside the reference it is measured against in
# the same run. Not part of the test suite: figures are printed, never
# asserted. About six minutes on 2 cores; --full stores 10M contacts first
# for the scale figure (about 22 minutes in all at today's throughput).
#
#   bash bench/run.sh [--full]
set -euo pipefail
cd "$(dirname "$0")/.."
stored=1000000
if [ "${1:-}" = --full ]; then stored=10000000; fi

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
echo "== (b, c, e) 1M contacts in bulk through all three services, then one live contact at a time"
"$bin/bulk_bench" --contacts=1000000 --live=2000 --data_dir="$work/one" | tee -a "$log"
bulk=$(figure '^end-to-end bulk')
bare=$(figure 'batches of 1000:')
awk -v b="$bulk" -v r="$bare" 'BEGIN {
  printf "end-to-end bulk is %.1f%% of the bare stack (%.0f of %.0f per second); target 50000 contacts/s\n", 100 * b / r, b, r }'
rm -rf "$work/one"

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
echo "== the policy benchmark (one contact through the shipped policy, in process)"
"$bin/policy_bench" --benchmark_min_time=0.5
