#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the dependencies, builds, and runs zkacc's main job on its embedded default:
# `zkacc selftest` (CPU MSM and NTT on random inputs, each checked independently, with timings).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh"
exec "${BUILD_DIR:-$root/build}/zkacc" selftest "$@"
