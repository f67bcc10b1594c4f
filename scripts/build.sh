#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Configures and builds zkacc into ${BUILD_DIR:-build} (extra CMake arguments are passed on).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" "$@" >/dev/null
cmake --build "$build" -j "${JOBS:-$(nproc)}"
