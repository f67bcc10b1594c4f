#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the Vitis wrapper fpga/rtl/zkacc_kernel.v with the open tools (Vitis cannot run here):
#
#   1. verilator --lint-only -Wall of zkacc_kernel and the whole zkacc_top hierarchy below it
#      (the packages of rtl/, -I<block> for every block, the waivers rtl/*/lint.vlt and
#      fpga/rtl/lint.vlt); any warning fails.
#   2. Yosys 0.23 synth_xilinx -family xcup -flatten of zkacc_kernel, at one of three levels
#      (what is not synthesized is read with read_verilog -lib: a black box with its ports):
#        --level control  (default) the wrapper, zkacc_top with its counters and its control
#                         registers (zkacc_axil_ctrl) and the rtl/top FIFOs it instantiates;
#                         black boxes: the command processor (zkacc_cmd), the DMA engines and
#                         operation adapters of rtl/top (zkacc_dma_*, zkacc_op_*) and every
#                         compute unit. About 35 s of CPU for Yosys.
#        --level top      all of rtl/top and rtl/common; black boxes: the compute units (every
#                         module file of rtl/msm, ntt, lookup, matmul, ec). About 10 minutes
#                         of CPU and 3.4 GB (the operation adapters of rtl/top included).
#        --level full     everything (hours and many GB: not for CI).
#      Any Yosys warning fails, except Yosys 0.23's "Resizing cell port ... ADDR... from 16 bits
#      to N bits" on the block RAMs it maps (memory_libmap narrowing a RAMB address port).
#   The summary line (also in <out-dir>/zkacc_kernel.summary.txt):
#      fpga.synth: zkacc_kernel (level L): LUT n, FF n, LUTRAM/SRL n, CARRY n, DSP48E2 n,
#        RAMB36 n, RAMB18 n, URAM n[, other: ...]; black boxes: <module> xN, ...;
#        yosys W s wall, C s CPU, P MB
#
#   fpga/scripts/check_rtl.sh [--out-dir DIR] [--level control|top|full] [--lint-only]
set -euo pipefail
ZKACC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../scripts/rtl-lib.sh
source "$ZKACC_ROOT/scripts/rtl-lib.sh"

out_dir="$ZKACC_ROOT/build/fpga-check"
level=control
lint_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out-dir) out_dir="${2:?--out-dir needs a directory}"; shift ;;
    --out-dir=*) out_dir="${1#*=}" ;;
    --level) level="${2:?--level needs control, top or full}"; shift ;;
    --level=*) level="${1#*=}" ;;
    --lint-only) lint_only=1 ;;
    -h|--help) sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'
               exit 0 ;;
    *) echo "check_rtl: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$level" in
  control|top|full) ;;
  *) echo "check_rtl: --level '$level': expected control, top or full" >&2; exit 2 ;;
esac
for tool in verilator yosys python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "check_rtl: '$tool' not found (scripts/install-deps.sh installs it)" >&2
    exit 2
  fi
done

top=zkacc_kernel
wrapper="$ZKACC_ROOT/fpga/rtl/zkacc_kernel.v"
if [ ! -f "$ZKACC_ROOT/rtl/top/zkacc_top.sv" ]; then
  echo "check_rtl: rtl/top/zkacc_top.sv is missing: the wrapper instantiates zkacc_top" >&2
  exit 1
fi
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
mapfile -t pkgs < <(rtl_packages)
mapfile -t incs < <(rtl_incdir_args)
mapfile -t vlts < <(rtl_vlt_files)
vlts+=("$ZKACC_ROOT/fpga/rtl/lint.vlt")

# --- 1. Verilator ------------------------------------------------------------------------------
lint_log="$out_dir/$top.lint.txt"
t0=$(date +%s.%N)
if ! verilator --lint-only -Wall --top-module "$top" "${incs[@]}" "${vlts[@]}" "${pkgs[@]}" \
    "$wrapper" >"$lint_log" 2>&1 || [ -s "$lint_log" ]; then
  echo "FAIL  $top (verilator --lint-only -Wall):"
  sed 's/^/      /' "$lint_log"
  exit 1
fi
# The module files Verilator resolved for the hierarchy (wrapper first).
xml="$out_dir/$top.xml"
verilator --xml-only --xml-output "$xml" -Wno-fatal -Wno-lint -Wno-style --top-module "$top" \
  "${incs[@]}" "${pkgs[@]}" "$wrapper" >/dev/null 2>&1
mapfile -t files < <(awk '/<module_files>/ { on = 1; next } /<\/module_files>/ { on = 0 }
  on && match($0, /filename="[^"]*"/) { print substr($0, RSTART + 10, RLENGTH - 11) }' "$xml")
rm -f "$xml"
t1=$(date +%s.%N)
awk -v t="$top" -v n="${#files[@]}" -v a="$t0" -v b="$t1" 'BEGIN {
  printf "ok    %s (verilator --lint-only -Wall: %d module files, %.1f s)\n", t, n, b - a }'
[ $lint_only -eq 1 ] && exit 0

# --- 2. Yosys ----------------------------------------------------------------------------------
synth_files=()
lib_files=()
for f in "${files[@]}"; do
  case "$f" in
    /*) ;;
    *) f="$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" ;;
  esac
  case "$f" in
    *_pkg.sv) continue ;;  # read first, in dependency order
  esac
  synth=0
  case "$level:$f" in
    full:*) synth=1 ;;
    *:"$wrapper"|*:"$ZKACC_ROOT"/rtl/common/*) synth=1 ;;
    control:"$ZKACC_ROOT"/rtl/top/zkacc_dma_*|control:"$ZKACC_ROOT"/rtl/top/zkacc_op_*) ;;
    control:"$ZKACC_ROOT"/rtl/top/zkacc_cmd.sv) ;;
    *:"$ZKACC_ROOT"/rtl/top/*) synth=1 ;;
  esac
  if [ $synth -eq 1 ]; then synth_files+=("$f"); else lib_files+=("$f"); fi
done
ys="$out_dir/$top.ys"
{
  echo "# Generated by fpga/scripts/check_rtl.sh; run: yosys -q -l $top.log -s $top.ys"
  echo "read_verilog -sv ${incs[*]} ${pkgs[*]}"
  for f in "${synth_files[@]}"; do
    case "$f" in *.v) echo "read_verilog $f" ;; *) echo "read_verilog -sv ${incs[*]} $f" ;; esac
  done
  for f in "${lib_files[@]}"; do echo "read_verilog -sv -lib ${incs[*]} $f"; done
  echo "hierarchy -check -top $top"
  echo "synth_xilinx -family xcup -flatten -noiopad -noclkbuf -top $top"
  echo "tee -q -o $out_dir/$top.stat.json stat -json"
} >"$ys"
echo "synth $top (level $level): ${#synth_files[@]} files synthesized, ${#lib_files[@]}" \
  "black-boxed ..."
rc=0
/usr/bin/time -v -o "$out_dir/$top.time.txt" \
  yosys -q -l "$out_dir/$top.log" -s "$ys" >/dev/null 2>&1 || rc=$?
if [ $rc -ne 0 ]; then
  echo "FAIL  $top: yosys exited with $rc; end of $out_dir/$top.log:"
  tail -n 20 "$out_dir/$top.log" | sed 's/^/      /'
  exit 1
fi
# Any Yosys warning fails the check (as in scripts/lint.sh) but the block-RAM one (header).
known_warning='^Warning: Resizing cell port .*\.ADDR(ARD|BWR)ADDR from 16 bits to [0-9]+ bits\.$'
if grep '^Warning:' "$out_dir/$top.log" | grep -Evq "$known_warning"; then
  echo "FAIL  $top: Yosys warnings:"
  grep '^Warning:' "$out_dir/$top.log" | grep -Ev "$known_warning" | sed 's/^/      /'
  exit 1
fi

python3 - "$out_dir/$top.stat.json" "$out_dir/$top.time.txt" "$top" "$level" "${lib_files[@]}" \
    <<'EOF' | tee "$out_dir/$top.summary.txt"
import json, re, sys, os
stat_path, time_path, top, level = sys.argv[1:5]
lib_modules = {os.path.basename(f).rsplit(".", 1)[0] for f in sys.argv[5:]}
stat = json.load(open(stat_path))
cells = stat["design"]["num_cells_by_type"]
def count(pattern):
    return sum(n for t, n in cells.items() if re.fullmatch(pattern, t))
groups = [
    ("LUT", r"LUT[1-6]"), ("FF", r"FD[RSCP]E"), ("LUTRAM/SRL", r"(RAM\d+[XSMD].*|SRL.*)"),
    ("CARRY", r"CARRY[48]"), ("DSP48E2", r"DSP48E2"), ("RAMB36", r"RAMB36E2"),
    ("RAMB18", r"RAMB18E2"), ("URAM", r"URAM288"),
]
parts = [f"{name} {count(p)}" for name, p in groups]
# Black-box instances: cell types that are (parameterized) modules of the -lib files.
boxes = {}
for t, n in cells.items():
    name = re.sub(r"^\$paramod[^\\]*\\", "", t).split("\\")[0]
    if name in lib_modules:
        boxes[name] = boxes.get(name, 0) + n
known = {t for p in [p for _, p in groups] for t in cells if re.fullmatch(p, t)}
other = {t: n for t, n in cells.items()
         if t not in known and re.sub(r"^\$paramod[^\\]*\\", "", t).split("\\")[0] not in boxes}
times = open(time_path).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", times).group(1).split(":")
secs = 0.0
for x in wall:
    secs = secs * 60 + float(x)
mem_mb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", times).group(1)) // 1024
cpu = float(re.search(r"User time \(seconds\): ([0-9.]+)", times).group(1))
box_text = ", ".join(f"{m} x{n}" for m, n in sorted(boxes.items())) or "none"
other_text = ", ".join(f"{t} {n}" for t, n in sorted(other.items()))
print(f"fpga.synth: {top} (level {level}): " + ", ".join(parts) +
      (f", other: {other_text}" if other_text else "") +
      f"; black boxes: {box_text}; yosys {secs:.1f} s wall, {cpu:.1f} s CPU, {mem_mb} MB")
EOF
