#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in build-fuzz/, and runs each for a bounded time
# from a seed corpus of the shipped files. A finding fails the script and
# leaves its input in build-fuzz/findings/.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFRONTDOOR_FUZZ=ON -DBUILD_TESTING=OFF \
  -DFRONTDOOR_JEMALLOC=OFF >/dev/null
cmake --build build-fuzz --target policy_file_fuzz csv_reader_fuzz \
  contact_validator_fuzz
mkdir -p build-fuzz/findings build-fuzz/corpus/{policy,csv,contact}
cp policies/*.textproto build-fuzz/corpus/policy/
cp tests/data/*.csv build-fuzz/corpus/csv/
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
failed=0
for target in policy_file:policy csv_reader:csv contact_validator:contact; do
  name=${target%%:*}
  corpus=build-fuzz/corpus/${target##*:}
  log=build-fuzz/${name}.log
  echo "fuzzing ${name} for ${seconds}s"
  if ! build-fuzz/bin/${name}_fuzz -max_total_time="$seconds" \
      -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix=build-fuzz/findings/${name}- "$corpus" >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "fuzz: ${name} found an input that fails (build-fuzz/findings/)" >&2
    failed=1
    continue
  fi
  grep -E '^(stat::number_of_executed_units|stat::new_units_added)' "$log" |
    sed 's/^/  /'
done
[ "$failed" = 0 ] && echo "fuzz: no findings"
exit "$failed"
