#!/usr/bin/env bash
# Builds everything with AddressSanitizer (leaks included) and
# UndefinedBehaviorSanitizer in build-asan/ and runs every CTest test with
# that build but the crash test (label crash), which the plain build runs:
# its 20,000-contact simulation and replay under the sanitizers' slowdown
# went past ctest's 600 s bound on this machine. Any report, from a test or
# from a service a test started, is written under
# build-asan/sanitizer-reports/ and fails the script. scripts/lsan.supp
# holds the one known third-party report (OpenSSL's per-thread state).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFRONTDOOR_JEMALLOC=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build build-asan
reports="$PWD/build-asan/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
(cd build-asan && ctest --output-on-failure --parallel "$(nproc)" --timeout 600 \
  -LE crash)
if [ -n "$(ls -A "$reports")" ]; then
  for report in "$reports"/*; do
    echo "== $report" >&2
    head -40 "$report" >&2
  done
  echo "sanitizers: $(ls "$reports" | wc -l) report(s)" >&2
  exit 1
fi
echo "sanitizers: no findings"
