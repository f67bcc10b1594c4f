#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Synthesizes RTL unit tops with Yosys for AMD/Xilinx UltraScale+ (synth_xilinx -family xcup),
# one unit at a time, and reports per unit: LUT, INV, LUT as memory, FF, DSP48E2, carry cells,
# block RAM, UltraRAM, the longest register-to-register path in cells (ltp), Yosys run time and
# peak memory. Logs and raw reports go to build/synth/<top>.{ys,log,stat.json,ltp.txt,time.txt};
# the result tables are written into docs/synthesis.md between its "synth.sh results" markers
# (rows of units not synthesized in this run are kept). docs/synthesis.md explains the figures.
#
#   scripts/synth.sh [options] [TOP...]    default: every unit top under rtl/ (scripts/rtl-lib.sh)
#     TOP:NAME=VALUE[,NAME=VALUE...]  the top with its parameters set (Yosys chparam), a row of
#                      its own (e.g. zkacc_msm_bn254:C=8: the MSM engine at a smaller window)
#     --check          compare the resource columns (LUT ... longest path) of a fresh run with
#                      the rows in docs/synthesis.md; exit 1 on any difference; docs untouched
#     --no-docs        leave docs/synthesis.md alone (the tables still go to stdout and to
#                      <out-dir>/summary.md)
#     --out-dir DIR    where logs and reports go (default: build/synth)
#     --docs FILE      the results document (default: docs/synthesis.md)
#     --from-rows      synthesize nothing: rebuild the tables from the <out-dir>/<top>.row files
#                      of earlier runs (e.g. after an interrupted run)
#     --keep MODULE    keep MODULE's instances as a hierarchy boundary (repeatable): the
#                      module is synthesized once for all its instances with the same
#                      parameters, everything else is flattened. For units that repeat a large
#                      module and do not fit in memory flattened (the point adder's 15
#                      multipliers: --keep zkacc_mont_mul); no optimization across the
#                      boundary, and the longest path is the longest inside one module.
#                      Default: the table default_keeps below (zkacc_mont_mul in the point
#                      adders); a --keep on the command line replaces it for the whole run
#     --flat           no kept modules at all (flatten everything, as Vivado's default)
#     --blackbox MODULE  (repeatable) MODULE's instances become black boxes: the row counts
#                      the rest of the unit only (e.g. the MSM engine's control without its
#                      point adder: --blackbox zkacc_ec_add zkacc_msm_bn254)
#     --uram           let synth_xilinx map large memories to UltraRAM (its -uram: URAM288,
#                      4K x 72, UltraScale+ only); without it they go to block RAM. For the
#                      MSM engine's bucket memory at C = 13 (81,920 x 1,017 bits), which does
#                      not fit a U55C's 2,016 RAMB36. The row's notes say so.
#   SYNTH_TIMEOUT=SECONDS   time limit per unit (default 3600)
#   SYNTH_MEM_GB=GB         address-space limit per unit (default: 80 % of the machine's memory),
#                           so that a unit too large for Yosys fails instead of swapping the
#                           machine to a halt
set -euo pipefail
ZKACC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=rtl-lib.sh
source "$ZKACC_ROOT/scripts/rtl-lib.sh"

usage() { sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'; }

check=0
keeps=()
blackboxes=()
flat=0
uram=0
from_rows=0
write_docs=1
out_dir="$ZKACC_ROOT/build/synth"
docs="$ZKACC_ROOT/docs/synthesis.md"
units=()
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1; write_docs=0 ;;
    --no-docs) write_docs=0 ;;
    --out-dir) out_dir="${2:?--out-dir needs a directory}"; shift ;;
    --out-dir=*) out_dir="${1#*=}" ;;
    --docs) docs="${2:?--docs needs a file}"; shift ;;
    --docs=*) docs="${1#*=}" ;;
    --keep) keeps+=("${2:?--keep needs a module name}"); shift ;;
    --keep=*) keeps+=("${1#*=}") ;;
    --flat) flat=1 ;;
    --blackbox) blackboxes+=("${2:?--blackbox needs a module name}"); shift ;;
    --blackbox=*) blackboxes+=("${1#*=}") ;;
    --from-rows) from_rows=1 ;;
    --uram) uram=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "synth: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) units+=("$1") ;;
  esac
  shift
done

for tool in yosys verilator timeout; do
  if ! command -v "$tool" >/dev/null; then
    echo "synth: '$tool' not found (scripts/install-deps.sh installs it)" >&2
    exit 2
  fi
done
[ ${#units[@]} -eq 0 ] && mapfile -t units < <(rtl_tops)
if [ ${#units[@]} -eq 0 ]; then
  echo "synth: no RTL unit tops under rtl/" >&2
  exit 1
fi
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
timeout_s="${SYNTH_TIMEOUT:-3600}"
mem_kb="$(awk '/^MemTotal:/ { printf "%d\n", $2 * 0.8 }' /proc/meminfo)"
[ -n "${SYNTH_MEM_GB:-}" ] && mem_kb=$((SYNTH_MEM_GB * 1024 * 1024))
yosys_version="$(yosys -V)"
have_time=0
[ -x /usr/bin/time ] && have_time=1

mapfile -t pkgs < <(rtl_packages)
mapfile -t incs < <(rtl_incdir_args)
rel() { local p="$1"; echo "${p#"$ZKACC_ROOT"/}"; }

# Cells that start and end the paths ltp measures: flip-flops, latches, shift registers, block
# and ultra RAM, and DSP48E2s whose multiplier or output is registered (Yosys 0.23 leaves MREG
# and PREG at 0, so in practice every DSP48E2 is a combinational cell on the path).
ltp_boundary='t:FD* t:LD* %u t:SRL* %u t:RAMB* %u t:URAM* %u'
ltp_boundary+=' t:DSP48E2 r:PREG=1 %i %u t:DSP48E2 r:MREG=1 %i %u'
# With --keep, instances of the design's own modules end and start paths as well.
# shellcheck disable=SC2016  # Yosys selection patterns, not shell expansions
ltp_boundary+=' t:$paramod* %u t:zkacc_* %u'

# Units that instantiate a large module many times keep it as one hierarchy boundary unless
# --keep or --flat is given: "unit glob=module ...". Flattened, a BN254 point adder (15
# Montgomery multipliers) would need about 15 x 2.8 GB in Yosys.
default_keeps=('zkacc_ec_add_*=zkacc_mont_mul')

unit_keeps() {  # unit_keeps TOP -> the modules kept for TOP, one per line
  local entry glob
  if [ $flat -eq 1 ]; then return 0; fi
  if [ ${#keeps[@]} -gt 0 ]; then printf '%s\n' "${keeps[@]}"; return 0; fi
  for entry in "${default_keeps[@]}"; do
    glob="${entry%%=*}"
    # shellcheck disable=SC2053  # glob match on purpose
    if [[ "$1" == $glob ]]; then tr ' ' '\n' <<<"${entry#*=}"; fi
  done
}

# keep_hierarchy patterns: a module is named NAME, $paramod\NAME\<params> or
# $paramod$<hash>\NAME once elaborated (a backslash is written \\ in a Yosys pattern).
keep_patterns() {  # keep_patterns MODULE...
  local m out=''
  for m in "$@"; do out+=" $m \$paramod*\\\\$m \$paramod\\\\$m\\\\*"; done
  echo "$out"
}

# Yosys script of one unit.
write_ys() {  # write_ys TOP FILE...   (KEEP, BLACKBOX: module patterns, may be empty; URAM_FLAG)
  local top="$1"; shift
  local unit="${UNIT:-$top}" keep="${KEEP:-}" bbox="${BLACKBOX:-}" stat_top='' kv
  local p="$out_dir/$unit"
  echo "# Generated by scripts/synth.sh for $unit; run: yosys -q -l $unit.log -s $unit.ys"
  echo "read_verilog -sv ${incs[*]} ${pkgs[*]} $*"
  for kv in ${PARAMS:-}; do echo "chparam -set ${kv%%=*} ${kv#*=} $top"; done
  if [ -n "$keep" ] || [ -n "$bbox" ]; then echo "hierarchy -top $top"; fi
  if [ -n "$bbox" ]; then echo "blackbox$bbox"; fi
  if [ -n "$keep" ]; then
    echo "setattr -mod -set keep_hierarchy 1$keep"
    stat_top=" -top $top"
  fi
  cat <<EOF
synth_xilinx -family xcup -flatten -noiopad -noclkbuf${URAM_FLAG:-} -top $top
tee -q -o $p.stat.json stat -json$stat_top
stat -tech xilinx
select -write $p.carry.txt t:CARRY4 t:CARRY8 %u
select -write $p.dsp.txt t:DSP48E2
select -write $p.muxf.txt t:MUXF7 t:MUXF8 %u t:MUXF9 %u
select -write $p.other.txt t:* t:LUT* %d t:INV %d t:CARRY* %d t:MUXF* %d t:DSP48E2 %d $ltp_boundary %d
tee -q -o $p.ltp.txt ltp -noff $ltp_boundary %n
tee -q -o $p.ltp_lut.txt ltp -noff $ltp_boundary t:CARRY* %u t:DSP48E2 %u %n
EOF
}

# Cell counts by type from stat -json (the flattened design has one module).
cell_counts() {  # cell_counts STAT_JSON -> "TYPE COUNT" lines
  awk '/"design":/ { d = 1 } d && /"num_cells_by_type"/ { on = 1; next }
       on && /}/ { exit }
       on { gsub(/[",:]/, " "); print $1, $2 }' "$1"
}

# Longest-path summary from ltp.txt and the cell-name lists ("module/cell" lines): prints
#   length<TAB>makeup<TAB>ultrascale+ estimate<TAB>start signal
# ltp reports one path per module; the longest is taken (one module when flattened).
ltp_summary() {  # ltp_summary TOP LTP-FILE BASE   (BASE: the unit's file prefix)
  local top="$1" ltp_file="$2" p="$3"
  awk -v top="$top" -v sq="'" -v carry="$p.carry.txt" -v dsp="$p.dsp.txt" -v muxf="$p.muxf.txt" \
      -v other="$p.other.txt" '
    function load(file, cls,   line) {
      while ((getline line < file) > 0) cls_of[line] = cls
      close(file)
    }
    BEGIN { load(carry, "carry"); load(dsp, "dsp"); load(muxf, "muxf"); load(other, "other")
            best = -1 }
    /^Longest topological path in / {
      match($0, /length=[0-9]+/); len = substr($0, RSTART + 7, RLENGTH - 7) + 0
      mod = $0; sub(/^Longest topological path in /, "", mod); sub(/ \(length=[0-9]+\):$/, "", mod)
      take = len > best
      if (take) { best = len; best_mod = mod; nl = 0 }
      next
    }
    take && /^ +[0-9]+: / { line[++nl] = $0 }
    END {
      if (best < 0) { print "?\t?\t?\t?"; exit }
      for (i = 1; i <= nl; i++) {
        if (line[i] !~ /\(via .*\)$/) { start = line[i]; sub(/^ +[0-9]+: /, "", start); continue }
        cell = line[i]; sub(/.*\(via /, "", cell); sub(/\)$/, "", cell)
        key = best_mod "/" cell
        cls = (key in cls_of) ? cls_of[key] : "lut"
        n[cls]++
        if (cls == "carry") run++
        else { if (run) c8 += int((run + 1) / 2); run = 0 }
      }
      if (run) c8 += int((run + 1) / 2)
      makeup = (n["lut"] + 0) " LUT"
      if (n["carry"]) makeup = makeup " + " n["carry"] " CARRY4"
      if (n["muxf"]) makeup = makeup " + " n["muxf"] " MUXF"
      if (n["dsp"]) makeup = makeup " + " n["dsp"] " DSP48E2"
      if (n["other"]) makeup = makeup " + " n["other"] " other"
      est = (n["lut"] + 0) " LUT"
      if (c8) est = est " + " c8 " CARRY8"
      if (n["muxf"]) est = est " + " n["muxf"] " MUXF"
      if (n["dsp"]) est = est " + " n["dsp"] " DSP"
      if (n["other"]) est = est " + " n["other"] " other"
      gsub(/\\/, "", start); gsub(/ \[/, "[", start); gsub(/\|/, "/", start)
      # A tie-off constant into a DSP or carry input starts a path as long as the register
      # path through the same cell; ltp keeps whichever it finds first.
      start = (start ~ /^[0-9]/ && index(start, sq)) ? "a constant input (tie)" : "`" start "`"
      if (best_mod != top) {  # --keep: name the module ($paramod$<hash>\name -> name)
        m = best_mod; sub(/^\$paramod[^\\]*\\/, "", m); sub(/\\.*/, "", m)
        start = start " in `" m "`"
      }
      printf "%s\t%s\t%s\t%s\n", best, makeup, est, start
    }' "$ltp_file"
}

# /usr/bin/time -v "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.31" -> seconds.
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($NF, t, ":"); s = 0
    for (i = 1; i <= n; i++) s = s * 60 + t[i]
    printf "%.1f\n", s }' "$1"
}

failed=()
synth_one() {  # synth_one UNIT -> writes $out_dir/UNIT.row (UNIT: TOP or TOP:NAME=VALUE,...)
  local unit="$1" top="${1%%:*}" p="$out_dir/$1" files=() params=''
  [[ "$unit" == *:* ]] && params="${unit#*:}"
  rm -f "$p".{row,log,stat.json,ltp.txt,ltp_lut.txt,time.txt,carry.txt,dsp.txt,muxf.txt,other.txt}
  if ! rtl_hier_files "$top" >"$p.files.txt" 2>"$p.files.err"; then
    echo "FAIL  $unit: cannot resolve its files:"; sed 's/^/      /' "$p.files.err"
    failed+=("$unit"); return
  fi
  mapfile -t files <"$p.files.txt"
  rm -f "$p.files.txt" "$p.files.err"
  # Of the modules named, those below the top in the unit's hierarchy (rtl/<block>/<module>.sv).
  in_unit() {
    local m f
    for m in "$@"; do
      for f in "${files[@]}"; do
        if [ "$(basename "$f" .sv)" = "$m" ] && [ "$m" != "$top" ]; then echo "$m"; break; fi
      done
    done
  }
  local kept=() boxed=() keeps_of_top=()
  mapfile -t keeps_of_top < <(unit_keeps "$top")
  mapfile -t kept < <(in_unit "${keeps_of_top[@]}")
  mapfile -t boxed < <(in_unit "${blackboxes[@]}")
  local uram_flag=''
  [ $uram -eq 1 ] && uram_flag=' -uram'
  UNIT="$unit" PARAMS="${params//,/ }" KEEP="$(keep_patterns "${kept[@]}")" \
    BLACKBOX="$(keep_patterns "${boxed[@]}")" URAM_FLAG="$uram_flag" \
    write_ys "$top" "${files[@]}" >"$p.ys"
  local keep_note=''
  [ ${#kept[@]} -gt 0 ] && keep_note=" (--keep ${kept[*]})"
  [ ${#boxed[@]} -gt 0 ] && keep_note+=" (--blackbox ${boxed[*]}: not counted)"
  [ $uram -eq 1 ] && keep_note+=" (--uram)"
  echo "synth $unit (${#files[@]} module files) ..."
  local t0 t1 rc=0
  t0="$(date +%s.%N)"
  if [ $have_time -eq 1 ]; then
    (cd "$out_dir" && ulimit -v "$mem_kb" && timeout "$timeout_s" /usr/bin/time -v \
       -o "$p.time.txt" yosys -q -l "$p.log" -s "$p.ys" >/dev/null 2>&1) || rc=$?
  else
    (cd "$out_dir" && ulimit -v "$mem_kb" &&
       timeout "$timeout_s" yosys -q -l "$p.log" -s "$p.ys" >/dev/null 2>&1) || rc=$?
  fi
  t1="$(date +%s.%N)"
  if [ $rc -ne 0 ]; then
    if [ $rc -eq 124 ]; then echo "FAIL  $unit: timed out after $timeout_s s (SYNTH_TIMEOUT)"
    elif [ $rc -gt 128 ]; then echo "FAIL  $unit: yosys killed by signal $((rc - 128));" \
                                    "end of $(rel "$p.log"):"
    else echo "FAIL  $unit: yosys exited with $rc (memory limit: $((mem_kb / 1024)) MB," \
              "SYNTH_MEM_GB); end of $(rel "$p.log"):"; fi
    tail -n 15 "$p.log" 2>/dev/null | sed 's/^/      /'
    failed+=("$unit"); return
  fi

  local counts lut inv ff dsp carry bram uram wall mem_mb other warnings
  counts="$(cell_counts "$p.stat.json")"
  sum() { awk -v re="$1" '$1 ~ re { s += $2 } END { print s + 0 }' <<<"$counts"; }
  lut="$(sum '^LUT[1-6]$')"
  inv="$(sum '^INV$')"
  # LUT sites used as memory (SLICEM): shift registers and distributed RAM, weighted by the
  # LUTs each primitive occupies (UG574).
  lutmem="$(awk '
    BEGIN { w["SRL16E"] = 1; w["SRLC16E"] = 1; w["SRLC32E"] = 1
            w["RAM32X1S"] = 1; w["RAM64X1S"] = 1; w["RAM128X1S"] = 2; w["RAM256X1S"] = 4
            w["RAM512X1S"] = 8; w["RAM32X1D"] = 2; w["RAM64X1D"] = 2; w["RAM128X1D"] = 4
            w["RAM256X1D"] = 8; w["RAM32M"] = 4; w["RAM64M"] = 4; w["RAM32M16"] = 8
            w["RAM64M8"] = 8; w["RAM64X8SW"] = 8; w["RAM32X16DR8"] = 8 }
    $1 in w { s += w[$1] * $2 } END { print s + 0 }' <<<"$counts")"
  ff="$(sum '^FD')"
  dsp="$(sum '^DSP48E2$')"
  carry="$(sum '^CARRY[48]$')"
  bram="$(awk '$1 == "RAMB36E2" { s += $2 } $1 == "RAMB18E2" { s += $2 / 2 }
               END { print s + 0 }' <<<"$counts")"
  uram="$(sum '^URAM288')"
  other="$(awk '$1 !~ /^(LUT[1-6]|INV|FD.*|DSP48E2|CARRY[48]|RAMB(18|36)E2|URAM288.*)$/ {
                  printf "%s%s %s", sep, $1, $2; sep = ", " }' <<<"$counts")"
  [ -n "$other" ] || other="none"
  if [ $have_time -eq 1 ]; then
    wall="$(wall_seconds "$p.time.txt")"
    mem_mb="$(awk -F': ' '/Maximum resident set size/ { printf "%d\n", $NF / 1024 }' "$p.time.txt")"
  else
    wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }')"
    mem_mb="$(awk '/^End of script\./ && match($0, /MEM: [0-9.]+ MB peak/) {
                     v = substr($0, RSTART + 5); sub(/ MB.*/, "", v); printf "%d\n", v
                   }' "$p.log" | tail -n 1)"
  fi
  warnings="$(grep -c '^Warning:' "$p.log" || true)"
  local len makeup est start lut_len lut_makeup
  IFS=$'\t' read -r len makeup est start < <(ltp_summary "$top" "$p.ltp.txt" "$p")
  # The deepest path of LUTs (MUXFs, LUT-RAM) alone: carry chains and DSPs cut it as registers
  # do. A LUT6 + MUXF7 + MUXF8 is one 8-input function: one LUT level and two in-slice muxes.
  IFS=$'\t' read -r lut_len lut_makeup _ _ < <(ltp_summary "$top" "$p.ltp_lut.txt" "$p")
  rm -f "$p".{carry,dsp,muxf,other}.txt
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$unit" "$lut" "$inv" "$lutmem" "$ff" "$dsp" "$carry" "$bram" "$uram" "$len" "$wall" "$mem_mb" \
    "$makeup" "$est" "$start" "$other" "$(date +%Y-%m-%d)$keep_note" "$warnings" \
    "$lut_len ($lut_makeup)" >"$p.row"
  echo "ok    $unit: LUT $lut, INV $inv, LUT as memory $lutmem, FF $ff, DSP48E2 $dsp," \
       "CARRY4 $carry, BRAM $bram, URAM $uram, longest path $len cells ($makeup)," \
       "deepest LUT-only path $lut_len ($lut_makeup), $wall s, $mem_mb MB" \
       "($warnings Yosys warnings in $(rel "$p.log"))"
}

for top in "${units[@]}"; do
  if ! rtl_top_file "${top%%:*}" >/dev/null; then
    echo "FAIL  $top: no rtl/<block>/${top%%:*}.sv"; failed+=("$top"); continue
  fi
  if [ $from_rows -eq 1 ]; then
    if [ -f "$out_dir/$top.row" ]; then echo "row   $top (from $(rel "$out_dir/$top.row"))"
    else echo "FAIL  $top: no $(rel "$out_dir/$top.row")"; failed+=("$top"); fi
    continue
  fi
  synth_one "$top"
done

# Markdown rows of a .row file.
row_t1() {
  awk -F'\t' '{ printf "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s s | %s MB |\n",
                $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 }' "$1"
}
row_t2() {  # rows of runs before the LUT-only depth existed (18 fields) show a dash
  awk -F'\t' '{ printf "| `%s` | %s | %s | %s | %s | %s | %s |\n",
                $1, $13, $14, (NF >= 19 ? $19 : "–"), $15, $16, $17 }' "$1"
}
t1_head='| Unit | LUT | INV | LUT as memory | FF | DSP48E2 | CARRY4 | BRAM (36 Kb) | URAM288 |'
t1_head+=' Longest path (cells) | Yosys time | Peak memory |'
t1_head+=$'\n''|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|'
t2_head='| Unit | Longest path: cells by kind (as Yosys maps them) |'
t2_head+=' The same path on UltraScale+ (≈) | Deepest LUT-only path | Path starts at |'
t2_head+=' Other cells | Measured |'
t2_head+=$'\n''|---|---|---|--:|---|---|---|'

# Rows of a unit in the existing docs block: table 1 (n=1) or table 2 (n=2).
docs_row() {  # docs_row TOP N
  [ -f "$docs" ] || return 0
  awk -v top="$1" -v n="$2" '
    /<!-- BEGIN synth.sh results/ { on = 1 } /<!-- END synth.sh results/ { on = 0 }
    on && /^\| Unit \|/ { t++ }
    on && t == n && index($0, "| `" top "` |") == 1 { print; exit }' "$docs"
}

# The units of table 1 in the existing docs block, in its order.
docs_units() {
  [ -f "$docs" ] || return 0
  awk '
    /<!-- BEGIN synth.sh results/ { on = 1 } /<!-- END synth.sh results/ { on = 0 }
    on && /^\| Unit \|/ { t++ }
    on && t == 1 && match($0, /^\| `[^`]+` \|/) { print substr($0, 4, RLENGTH - 6) }' "$docs"
}

# This run's tables.
{
  echo "$t1_head"
  for top in "${units[@]}"; do [ -f "$out_dir/$top.row" ] && row_t1 "$out_dir/$top.row"; done
  echo
  echo "$t2_head"
  for top in "${units[@]}"; do [ -f "$out_dir/$top.row" ] && row_t2 "$out_dir/$top.row"; done
} >"$out_dir/summary.md"
echo
cat "$out_dir/summary.md"

status=0
if [ $check -eq 1 ]; then
  for top in "${units[@]}"; do
    [ -f "$out_dir/$top.row" ] || continue
    fresh="$(row_t1 "$out_dir/$top.row" | cut -d'|' -f2-11)"
    old="$(docs_row "$top" 1 | cut -d'|' -f2-11)"
    if [ "$fresh" != "$old" ]; then
      echo "check: $top differs from $(rel "$docs"):"
      echo "  docs:  ${old:-(no row)}"
      echo "  fresh: $fresh"
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "check: $(rel "$docs") matches this run"
fi

if [ $write_docs -eq 1 ]; then
  # Units in block order: every top under rtl/, then the other units of the existing document
  # (unit specs such as TOP:C=8, black-boxed rows), then any named on the command line; rows
  # of units not run now come from the existing document.
  mapfile -t all < <({ rtl_tops; docs_units; printf '%s\n' "${units[@]}"; } | awk '!seen[$0]++')
  block="$out_dir/docs-block.md"
  {
    echo "<!-- BEGIN synth.sh results: written by scripts/synth.sh; edit the script, not this -->"
    echo "$yosys_version; each unit synthesized on its own, out of context, by:"
    echo
    echo '```'
    echo "yosys -q -l build/synth/<top>.log -s build/synth/<top>.ys   # build/synth/<top>.ys:"
    KEEP='' write_ys '<top>' '<the module files of the top, as Verilator resolves them>' |
      sed -e '1d' -e "s|$out_dir/|build/synth/|g" -e "s|$ZKACC_ROOT/||g"
    echo '```'
    echo
    echo "Rows marked (--keep M): \`setattr -mod -set keep_hierarchy 1\` on module M after"
    echo "\`hierarchy -top\`, so that M is mapped once for all its instances; \`stat -top\` counts"
    echo "the cells of the whole hierarchy, and the longest path is the longest inside one module"
    echo "(instances of M end and start paths)."
    echo
    echo "$t1_head"
    for top in "${all[@]}"; do
      if [ -f "$out_dir/$top.row" ]; then row_t1 "$out_dir/$top.row"; else docs_row "$top" 1; fi
    done
    echo
    echo "$t2_head"
    for top in "${all[@]}"; do
      if [ -f "$out_dir/$top.row" ]; then row_t2 "$out_dir/$top.row"; else docs_row "$top" 2; fi
    done
    echo "<!-- END synth.sh results -->"
  } >"$block"
  if [ -f "$docs" ] && grep -q '<!-- BEGIN synth.sh results' "$docs"; then
    awk -v block="$block" '
      /<!-- BEGIN synth.sh results/ { while ((getline line < block) > 0) print line; skip = 1; next }
      /<!-- END synth.sh results/ { skip = 0; next }
      !skip { print }' "$docs" >"$docs.tmp"
    mv "$docs.tmp" "$docs"
  else
    mkdir -p "$(dirname "$docs")"
    { [ -f "$docs" ] && cat "$docs" && echo; [ -f "$docs" ] || printf '# Synthesis results\n\n'
      cat "$block"; } >"$docs.tmp"
    mv "$docs.tmp" "$docs"
  fi
  echo "synth: wrote $(rel "$docs")"
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "synth: ${#failed[@]} failed: ${failed[*]}"
  exit 1
fi
exit $status
