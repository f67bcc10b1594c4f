#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the dependencies, builds, and runs the test suite (everything but the `long` label).
#   --long      also run the tests labelled `long` (the 65536-size vector files)
#   --sanitize  also build the tests with AddressSanitizer + UndefinedBehaviorSanitizer (GCC)
#               in build-asan/ and run them; on by default when CI=true
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
long=0
sanitize=0
[ "${CI:-}" = "true" ] && sanitize=1
for arg in "$@"; do
  case "$arg" in
    --long) long=1 ;;
    --sanitize) sanitize=1 ;;
    *) echo "test.sh: unknown option '$arg' (expected --long or --sanitize)" >&2; exit 2 ;;
  esac
done

bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh"
labels=(-LE long)
[ $long -eq 1 ] && labels=()
ctest --test-dir "$root/build" --output-on-failure -j 2 "${labels[@]}"

if [ $sanitize -eq 1 ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan/) =="
  # -O1 -g1 (line tables: ASan's reports keep file:line): the sanitized build is CI's longest
  # step after the main build, and -O2 -g compiles the template-heavy tests much slower.
  CXX=g++ BUILD_DIR="$root/build-asan" BUILD_TYPE=RelWithDebInfo bash "$root/scripts/build.sh" \
    -DZKACC_SANITIZE=ON -DZKACC_BUILD_BENCH=OFF -DZKACC_BUILD_SIM=OFF -DZKACC_BUILD_RTL_CHECKS=OFF \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$root/build-asan" --output-on-failure -j 2 -LE long
fi
