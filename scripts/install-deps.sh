#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs every build and test dependency of zkacc on Debian 12 (bookworm).
# Idempotent: when everything is present it only checks and returns (no apt-get update).
set -euo pipefail

PKGS=(
  build-essential clang cmake ninja-build pkg-config git
  catch2 libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev
  verilator libsystemc-dev yosys iverilog time
  python3 tcl  # the register-map generator check, the Vitis packaging Tcl dry run (fpga/)
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
