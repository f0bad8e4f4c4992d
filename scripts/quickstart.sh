#!/usr/bin/env bash
# The main job: installs what is missing, builds, starts the three services
# on loopback and runs the default job through them, printing its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec build/bin/frontdoor simulate "$@"
