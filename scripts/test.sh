#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (unit,
# integration, CLI and crash tests through CTest), then the libFuzzer targets
# for a bounded time (scripts/fuzz.sh), then the whole suite again built
# with AddressSanitizer and UndefinedBehaviorSanitizer (scripts/sanitize.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
(cd build && ctest --output-on-failure --parallel "$(nproc)" --timeout 300)
bash scripts/fuzz.sh 60
bash scripts/sanitize.sh
