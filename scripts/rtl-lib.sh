# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
# Shared helpers of scripts/lint.sh and scripts/synth.sh; sourced, not run. They find the RTL
# under rtl/ by the house layout (rtl/<block>/<module>.sv, one module per file, packages named
# *_pkg.sv), so a new block or unit needs no edit here.
#
#   rtl_blocks            block folders holding .sv files: common first, the rest by name
#   rtl_packages          the package files, each after the packages it refers to (pkg::Name)
#   rtl_module_files      every non-package .sv file directly inside a block folder
#   rtl_vlt_files         the per-block Verilator waiver files (rtl/<block>/lint.vlt)
#   rtl_tops              modules no other RTL file instantiates (the unit tops), block order;
#                         instantiations by the kernel top (rtl/top) do not count
#   rtl_top_file TOP      the file that defines TOP (rtl/<block>/TOP.sv)
#   rtl_hier_files TOP    the module files TOP's hierarchy uses, as Verilator resolves them
#
# The caller sets ZKACC_ROOT (the repository root) before sourcing this file.

if [ -z "${ZKACC_ROOT:-}" ]; then
  echo "rtl-lib.sh: ZKACC_ROOT is not set (source this file from a script that sets it)" >&2
  # shellcheck disable=SC2317  # exit: when run instead of sourced
  return 2 2>/dev/null || exit 2
fi
ZKACC_RTL="$ZKACC_ROOT/rtl"

rtl_blocks() {
  local d
  if compgen -G "$ZKACC_RTL/common/*.sv" >/dev/null; then echo "$ZKACC_RTL/common"; fi
  for d in "$ZKACC_RTL"/*/; do
    d="${d%/}"
    [ "$(basename "$d")" = common ] && continue
    if compgen -G "$d/*.sv" >/dev/null; then echo "$d"; fi
  done
}

# Prints FILE without // and /* */ comments (string literals are not special-cased; RTL here
# has no "//" inside strings that matter for module or package names).
rtl_strip_comments() {
  awk '
    {
      line = $0; out = ""
      while (length(line) > 0) {
        if (in_block) {
          e = index(line, "*/")
          if (e == 0) { line = ""; break }
          line = substr(line, e + 2); in_block = 0
        } else {
          s = index(line, "/*"); c = index(line, "//")
          if (c > 0 && (s == 0 || c < s)) { out = out substr(line, 1, c - 1); line = ""; break }
          if (s > 0) { out = out substr(line, 1, s - 1); line = substr(line, s + 2); in_block = 1 }
          else { out = out line; line = "" }
        }
      }
      print out
    }' "$1"
}

# Identifiers used in FILE (outside comments), one per line, unique.
rtl_words() {
  rtl_strip_comments "$1" | tr -cs 'A-Za-z0-9_$' '\n' | sort -u
}

rtl_packages() {
  local b f p name pkgs=()
  while read -r b; do
    for f in "$b"/*_pkg.sv; do [ -e "$f" ] && pkgs+=("$f"); done
  done < <(rtl_blocks)
  [ ${#pkgs[@]} -eq 0 ] && return 0
  # Edges "dependency dependent" for tsort; every package also depends on itself so that
  # packages without dependencies are listed too.
  {
    for f in "${pkgs[@]}"; do
      name="$(basename "$f" .sv)"
      echo "$name $name"
      for p in "${pkgs[@]}"; do
        local other
        other="$(basename "$p" .sv)"
        [ "$other" = "$name" ] && continue
        if rtl_strip_comments "$f" | grep -q "\\b$other\\s*::"; then echo "$other $name"; fi
      done
    done
  } | tsort | while read -r name; do
    for f in "${pkgs[@]}"; do
      [ "$(basename "$f" .sv)" = "$name" ] && echo "$f"
    done
  done
}

rtl_module_files() {
  local b f
  while read -r b; do
    for f in "$b"/*.sv; do
      case "$f" in *_pkg.sv) continue ;; esac
      [ -e "$f" ] && echo "$f"
    done
  done < <(rtl_blocks)
}

rtl_vlt_files() {
  local b
  while read -r b; do
    [ -e "$b/lint.vlt" ] && echo "$b/lint.vlt"
  done < <(rtl_blocks)
  return 0
}

rtl_tops() {
  local files=() f used
  mapfile -t files < <(rtl_module_files)
  [ ${#files[@]} -eq 0 ] && return 0
  used="$(mktemp)"
  # The kernel (rtl/top) assembles the unit tops; they stay unit tops (linted and synthesized
  # on their own), so only instantiations of rtl/top modules count in rtl/top files.
  local top_mods
  top_mods="$(for f in "${files[@]}"; do
    case "$f" in "$ZKACC_RTL"/top/*) basename "$f" .sv ;; esac; done)"
  for f in "${files[@]}"; do
    case "$f" in
      "$ZKACC_RTL"/top/*)
        rtl_words "$f" | grep -vx "$(basename "$f" .sv)" | grep -Fx "$top_mods" || true ;;
      *) rtl_words "$f" | grep -vx "$(basename "$f" .sv)" || true ;;
    esac
  done | sort -u >"$used"
  for f in "${files[@]}"; do
    grep -qx "$(basename "$f" .sv)" "$used" || basename "$f" .sv
  done
  rm -f "$used"
}

rtl_top_file() {
  local f
  while read -r f; do
    if [ "$(basename "$f" .sv)" = "$1" ]; then echo "$f"; return 0; fi
  done < <(rtl_module_files)
  return 1
}

# Verilator's -I search path: every block folder.
rtl_incdir_args() {
  local b
  while read -r b; do echo "-I$b"; done < <(rtl_blocks)
}

# The module files of TOP's hierarchy: Verilator elaborates TOP (finding each module in
# <block>/<module>.sv through -I) and lists the files it used in its XML output.
rtl_hier_files() {
  local top="$1" top_file xml
  top_file="$(rtl_top_file "$top")" || { echo "rtl_hier_files: no file for '$top'" >&2; return 1; }
  xml="$(mktemp)"
  local pkgs=() incs=()
  mapfile -t pkgs < <(rtl_packages)
  mapfile -t incs < <(rtl_incdir_args)
  if ! verilator --xml-only --xml-output "$xml" -Wno-fatal -Wno-lint -Wno-style \
      --top-module "$top" "${incs[@]}" "${pkgs[@]}" "$top_file" >/dev/null 2>"$xml.err"; then
    cat "$xml.err" >&2
    rm -f "$xml" "$xml.err"
    return 1
  fi
  awk '/<module_files>/ { on = 1; next } /<\/module_files>/ { on = 0 }
       on && match($0, /filename="[^"]*"/) { print substr($0, RSTART + 10, RLENGTH - 11) }' "$xml"
  rm -f "$xml" "$xml.err"
}
