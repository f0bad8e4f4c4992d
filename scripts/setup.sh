#!/usr/bin/env bash
# Installs what frontdoor needs from Debian 12's packages, if anything is
# missing. Safe to run again: it only calls apt-get when a package is absent.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev
  grpc-proto librocksdb-dev libabsl-dev libssl-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev tzdata
  libboost-dev  # Boost.Math: Student's t quantiles for intervals
  clang libclang-rt-14-dev
  python3 python3-grpcio python3-protobuf
  prometheus-cpp-dev libcivetweb-dev
  # Tests: the report in a real browser, the metrics through promtool.
  chromium fonts-dejavu-core prometheus
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

# The Kubernetes manifests are checked with Node.js: the machine's own when
# it has one (a packaged nodejs may conflict with it), Debian's otherwise.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
    SUDO="sudo"
  fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The manifests' validator, at the versions tests/k8s/package-lock.json pins.
k8s_checks="$(dirname "$0")/../tests/k8s"
if [ ! -d "$k8s_checks/node_modules/kubernetes-models" ]; then
  echo "setup: installing the Kubernetes schemas (npm ci in tests/k8s)"
  (cd "$k8s_checks" && npm ci --no-audit --no-fund --loglevel=error)
fi
