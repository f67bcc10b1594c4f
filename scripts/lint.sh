#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lints the RTL under rtl/: for every unit top (a module no other RTL file instantiates; see
# scripts/rtl-lib.sh) and every module file no top reaches,
#   1. verilator --lint-only -Wall, with the package files first, -I<block> for every block
#      folder and the waiver files rtl/<block>/lint.vlt;
#   2. a Yosys 0.23 parse: read_verilog -sv <packages> <hierarchy files>;
#      hierarchy -check -top <top> (elaborates every module with its parameters; no proc or
#      check: Yosys's proc_dff alone can take minutes on very wide registers, and synth.sh
#      runs them anyway).
# Any Verilator or Yosys warning or error fails the run; the messages are printed per top.
# Each lint_off line of a lint.vlt must follow a // comment that says why.
#
#   scripts/lint.sh [TOP...]     default: every top found under rtl/, then the module files no
#                                top reaches. A TOP may be any module, or its file
#                                (rtl/ntt/zkacc_ntt_core.sv): the per-file lint. A bare
#                                `verilator --lint-only -Wall FILE` run from the repository
#                                root finds the packages too: every file `includes the ones it
#                                uses ("rtl/<block>/<pkg>.sv") under their include guards
#                                (`ifndef ZKACC_<NAME>_PKG_SV), so no PKGNODECL; here, as in
#                                every tool flow, the packages are read first and the guards
#                                skip those includes. A bare lint still lacks -I<block> (the
#                                submodules) and the waivers: use this for the real check.
#   scripts/lint.sh --list       prints the tops (one per line) and exits
#   scripts/lint.sh --orphans    only the module files no top reaches (and the waiver check)
# ctest runs one entry per top plus one --orphans entry (rtl/CMakeLists.txt), two at a time.
set -euo pipefail
ZKACC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=rtl-lib.sh
source "$ZKACC_ROOT/scripts/rtl-lib.sh"

for tool in verilator yosys; do
  if ! command -v "$tool" >/dev/null; then
    echo "lint: '$tool' not found (scripts/install-deps.sh installs it)" >&2
    exit 2
  fi
done

mapfile -t pkgs < <(rtl_packages)
mapfile -t incs < <(rtl_incdir_args)
mapfile -t vlts < <(rtl_vlt_files)
yosys_incs=("${incs[@]}")

failed=()
fail() {  # fail WHAT MESSAGE-FILE
  failed+=("$1")
  echo "FAIL  $1"
  sed 's/^/      /' "$2"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Waiver files: every lint_off needs a comment above it (a comment may cover several
# consecutive lint_off lines; blank lines are allowed between).
for vlt in "${vlts[@]}"; do
  if ! awk '
      /^[[:space:]]*$/ { next }
      /^[[:space:]]*\/\// { commented = 1; next }
      /^[[:space:]]*lint_off/ {
        if (!commented) {
          printf "%s:%d: lint_off without a comment above it\n", FILENAME, FNR; bad = 1
        }
        next
      }
      { commented = 0 }
      END { exit bad }' "$vlt" >"$tmp/vlt.txt"; then
    fail "waivers ${vlt#"$ZKACC_ROOT"/}" "$tmp/vlt.txt"
  fi
done

orphans=1
if [ "${1:-}" = "--list" ]; then
  rtl_tops
  exit 0
elif [ "${1:-}" = "--orphans" ]; then
  tops=()
  mapfile -t all_tops < <(rtl_tops)
elif [ $# -gt 0 ]; then
  tops=()
  for arg in "$@"; do tops+=("$(basename "$arg" .sv)"); done
  orphans=0
else
  mapfile -t tops < <(rtl_tops)
fi
if [ ${#tops[@]} -eq 0 ] && [ -z "${all_tops+x}" ]; then
  echo "lint: no RTL modules under ${ZKACC_RTL#"$ZKACC_ROOT"/}/ (nothing to check)"
  [ ${#failed[@]} -eq 0 ] && exit 0 || exit 1
fi

declare -A reached=()
lint_one() {  # lint_one TOP
  local top="$1" top_file out="$tmp/out.txt"
  if ! top_file="$(rtl_top_file "$top")"; then
    echo "no rtl/<block>/$top.sv" >"$out"
    fail "$top" "$out"
    return
  fi
  # The files of TOP's hierarchy as Verilator resolves them (also when lint then fails, so that
  # its submodules are not linted again on their own below).
  local files=() f
  if rtl_hier_files "$top" >"$tmp/files.txt" 2>"$tmp/files.err"; then
    mapfile -t files <"$tmp/files.txt"
  fi
  reached["$top_file"]=1
  for f in "${files[@]}"; do reached["$f"]=1; done
  # 1. Verilator
  if ! verilator --lint-only -Wall --top-module "$top" "${incs[@]}" "${vlts[@]}" "${pkgs[@]}" \
      "$top_file" >"$out" 2>&1 || [ -s "$out" ]; then
    fail "$top (verilator --lint-only -Wall)" "$out"
    return
  fi
  if [ ${#files[@]} -eq 0 ]; then
    fail "$top (file list from verilator --xml-only)" "$tmp/files.err"
    return
  fi
  # 2. Yosys parse and hierarchy check on the files Verilator resolved. For the kernel top
  # (rtl/top) the units it instantiates are read as blackboxes (-lib): each is checked as a
  # unit top of its own, and elaborating them again (the MSM's bucket arrays) costs minutes.
  local yfiles=() ylibs=() lib_cmd=""
  if [ "${top_file#"$ZKACC_RTL"/top/}" != "$top_file" ]; then
    local kernel_words
    kernel_words="$(for f in "${files[@]}"; do
      if [ "${f#"$ZKACC_RTL"/top/}" != "$f" ]; then rtl_words "$f"; fi; done | sort -u)"
    for f in "${files[@]}"; do
      if [ "${f#"$ZKACC_RTL"/top/}" != "$f" ]; then
        yfiles+=("$f")
      elif grep -qx "$(basename "$f" .sv)" <<<"$kernel_words"; then
        ylibs+=("$f")
      fi
    done
    [ ${#ylibs[@]} -gt 0 ] && lib_cmd="read_verilog -sv -lib ${yosys_incs[*]} ${ylibs[*]};"
  else
    yfiles=("${files[@]}")
  fi
  if ! yosys -q -p "read_verilog -sv ${yosys_incs[*]} ${pkgs[*]}; $lib_cmd
                    read_verilog -sv ${yosys_incs[*]} ${yfiles[*]};
                    hierarchy -check -top $top" >"$out" 2>&1 \
      || grep -q . "$out"; then
    fail "$top (yosys read_verilog -sv; hierarchy -check)" "$out"
    return
  fi
  echo "ok    $top (${#files[@]} module files)"
}

for top in "${tops[@]}"; do lint_one "$top"; done

# Module files no top reached (e.g. behind a generate branch no unit uses): lint on their own.
if [ $orphans -eq 1 ]; then
  if [ -n "${all_tops+x}" ]; then  # --orphans: the tops' hierarchies, without linting them
    for top in "${all_tops[@]}"; do
      top_file="$(rtl_top_file "$top")" || continue
      reached["$top_file"]=1
      while read -r f; do reached["$f"]=1; done < <(rtl_hier_files "$top" 2>/dev/null || true)
    done
  fi
  while read -r f; do
    [ -n "${reached[$f]:-}" ] && continue
    lint_one "$(basename "$f" .sv)"
  done < <(rtl_module_files)
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "lint: ${#failed[@]} failed: ${failed[*]}"
  exit 1
fi
verilator_version="$(verilator --version | awk '{ print $2 }')"
yosys_version="$(yosys -V | awk '{ print $2 }')"
echo "lint: all passed (Verilator $verilator_version, Yosys $yosys_version)"
