#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the dependencies, builds, and runs zkacc's main job: `zkacc demo`, a small zkML
# proving workload (MSMs with zkML-skewed scalars, NTTs of 2^12, a fused matmul + GELU lookup,
# lookup multiplicities) through the public API on the "sim" device (the RTL kernel under
# Verilator), every result checked against the "cpu" device, with per-operation cycles,
# utilization and time modelled at the clock. Extra arguments go to `zkacc demo`
# (e.g. --device cpu, --clock-mhz 250, --json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh"
exec "${BUILD_DIR:-$root/build}/zkacc" demo "$@"
