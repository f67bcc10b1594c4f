#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that the descriptions of the zkacc Vitis kernel agree with each other.

What must agree, and who is the reference:
  - fpga/kernel.xml (what v++ and XRT read) against the kernel contract: kernel zkacc_kernel,
    ap_ctrl_hs, ports s_axi_control (slave, 32-bit, 4 KB) and m_axi_gmem (master, 512-bit),
    exactly the arguments desc (id 0, pointer on m_axi_gmem at 0x10, 8 bytes) and count (id 1,
    scalar at 0x1C, 4 bytes);
  - kernel.xml against rtl/top/zkacc_regmap.json, the one source of the register map: the
    regmap's argument registers (0x10 .. 0x1F) are exactly kernel.xml's arguments, at the same
    offsets and sizes, and its CTRL bits are the ap_ctrl_hs bits;
  - the wrapper fpga/rtl/zkacc_kernel.v: the Vitis port names, the data and address widths that
    kernel.xml states;
  - the link configurations fpga/cfg/*.cfg: the compute unit zkacc_kernel_1 and its port
    m_axi_gmem, a kernel_frequency;
  - with --tclsh: what fpga/scripts/gen_xo.tcl + package_kernel.tcl would tell Vivado (run in a
    plain tclsh by tcl_dryrun.tcl with Vivado's commands recorded): the same registers, the
    ap_ctrl_hs fields, the IP's vlnv, package_xo with this kernel.xml.

  fpga/scripts/check_kernel_xml.py [--root DIR] [--tclsh PATH] [--work DIR]
Prints one line per check group and "check_kernel_xml: all N checks passed"; exits 1 listing
every disagreement.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# The kernel contract (shared by the kernel-rtl, kernel-driver, xrt-fpga and api-abi work).
KERNEL = "zkacc_kernel"
CU = "zkacc_kernel_1"
ARGS = [  # name, id, port, offset, size, addressQualifier
    ("desc", 0, "m_axi_gmem", 0x10, 8, 1),
    ("count", 1, "s_axi_control", 0x1C, 4, 0),
]
CTRL_BITS = {"ap_start": 0, "ap_done": 1, "ap_idle": 2, "ap_ready": 3, "auto_restart": 7}
WRAPPER_PORTS = ["ap_clk", "ap_rst_n", "interrupt"] + [
    "s_axi_control_" + s for s in
    "awvalid awready awaddr wvalid wready wdata wstrb bvalid bready bresp arvalid arready "
    "araddr rvalid rready rdata rresp".split()] + [
    "m_axi_gmem_" + s for s in
    "awvalid awready awaddr awlen awsize awburst wvalid wready wdata wstrb wlast bvalid bready "
    "bresp arvalid arready araddr arlen arsize arburst rvalid rready rdata rlast rresp".split()]


class Checker:
    def __init__(self):
        self.failures = []
        self.count = 0

    def expect(self, cond, what):
        self.count += 1
        if not cond:
            self.failures.append(what)
        return cond


def num(text):
    return int(str(text), 0)


def check_kernel_xml(c, path):
    root = ET.parse(path).getroot()
    kernels = root.findall("kernel")
    if not c.expect(len(kernels) == 1, f"{path}: expected one <kernel>, found {len(kernels)}"):
        return None
    k = kernels[0]
    c.expect(k.get("name") == KERNEL, f"kernel.xml: kernel name {k.get('name')!r} != {KERNEL!r}")
    c.expect(k.get("hwControlProtocol") == "ap_ctrl_hs",
             f"kernel.xml: hwControlProtocol {k.get('hwControlProtocol')!r} != 'ap_ctrl_hs'")
    c.expect(k.get("interrupt") == "true", "kernel.xml: interrupt must be 'true'")
    ports = {p.get("name"): p for p in k.findall("ports/port")}
    c.expect(set(ports) == {"s_axi_control", "m_axi_gmem"},
             f"kernel.xml: ports {sorted(ports)} != ['m_axi_gmem', 's_axi_control']")
    if "s_axi_control" in ports:
        p = ports["s_axi_control"]
        c.expect(p.get("mode") == "slave" and num(p.get("dataWidth")) == 32 and
                 num(p.get("range")) == 0x1000,
                 "kernel.xml: s_axi_control must be a 32-bit slave of range 0x1000")
    if "m_axi_gmem" in ports:
        p = ports["m_axi_gmem"]
        c.expect(p.get("mode") == "master" and num(p.get("dataWidth")) == 512,
                 "kernel.xml: m_axi_gmem must be a 512-bit master")
    args = k.findall("args/arg")
    got = [(a.get("name"), num(a.get("id")), a.get("port"), num(a.get("offset")),
            num(a.get("size")), num(a.get("addressQualifier"))) for a in args]
    c.expect(got == ARGS, f"kernel.xml: args {got} != contract {ARGS}")
    for a in args:
        c.expect(num(a.get("hostSize")) == num(a.get("size")),
                 f"kernel.xml: arg {a.get('name')}: hostSize != size")
    return k


def check_regmap(c, path, kernel):
    """kernel.xml's arguments and ports against the register map's one source."""
    doc = json.load(open(path))
    regs = doc.get("registers", [])
    if not c.expect(regs, f"{path}: no registers"):
        return
    by_offset = {num(r["offset"]): r for r in regs}
    # Every register carrying "arg" belongs to a kernel argument: group them per argument.
    arg_regs = {}
    for r in regs:
        if "arg" in r:
            arg_regs.setdefault(r["arg"], []).append(num(r["offset"]))
    xml_args = {}
    if kernel is not None:
        xml_args = {a.get("name"): (num(a.get("offset")), num(a.get("size")))
                    for a in kernel.findall("args/arg")}
    c.expect(set(arg_regs) == set(xml_args),
             f"regmap: argument registers for {sorted(arg_regs)}, kernel.xml has "
             f"{sorted(xml_args)}")
    for name, offsets in sorted(arg_regs.items()):
        if name not in xml_args:
            continue
        offsets.sort()
        x_off, x_size = xml_args[name]
        c.expect(offsets[0] == x_off and len(offsets) * 4 == x_size and
                 offsets == list(range(x_off, x_off + x_size, 4)),
                 f"regmap: {name} in registers {[hex(o) for o in offsets]}, kernel.xml: "
                 f"offset {x_off:#x} size {x_size}")
        for o in offsets:
            c.expect(by_offset[o].get("access") == "RW",
                     f"regmap: argument register {by_offset[o]['name']} is not RW")
    if "desc" in arg_regs and len(arg_regs["desc"]) == 2:
        lo, hi = sorted(arg_regs["desc"])
        c.expect(by_offset[lo]["name"].endswith("_LO") and by_offset[hi]["name"].endswith("_HI"),
                 "regmap: desc must be LO at the lower offset, HI at the higher (Vitis order)")
    # No other register in the argument window 0x10 .. 0x1F.
    stray = [r["name"] for r in regs if 0x10 <= num(r["offset"]) < 0x20 and "arg" not in r]
    c.expect(not stray, f"regmap: registers in the argument window that are no argument: {stray}")
    # ap_ctrl_hs: CTRL and its bits, GIE, IER, ISR.
    for offset, name in ((0x00, "CTRL"), (0x04, "GIE"), (0x08, "IER"), (0x0C, "ISR")):
        c.expect(by_offset.get(offset, {}).get("name") == name,
                 f"regmap: {name} is not at {offset:#x}")
    fields = {f["name"].lower(): f.get("lsb") for f in by_offset.get(0, {}).get("fields", [])}
    for name, bit in CTRL_BITS.items():
        c.expect(fields.get(name) == bit,
                 f"regmap: CTRL field {name} at bit {fields.get(name)}, ap_ctrl_hs has {bit}")
    # Widths: s_axi_control address bits and the 512-bit beat.
    if kernel is not None:
        ports = {p.get("name"): p for p in kernel.findall("ports/port")}
        if "s_axi_control" in ports:
            c.expect(1 << int(doc.get("control_addr_width", 0)) ==
                     num(ports["s_axi_control"].get("range")),
                     f"regmap: control_addr_width {doc.get('control_addr_width')} vs kernel.xml "
                     f"range {ports['s_axi_control'].get('range')}")
        if "m_axi_gmem" in ports:
            c.expect(8 * int(doc.get("beat_bytes", 0)) == num(ports["m_axi_gmem"].get("dataWidth")),
                     f"regmap: beat_bytes {doc.get('beat_bytes')} vs kernel.xml m_axi_gmem "
                     f"dataWidth {ports['m_axi_gmem'].get('dataWidth')}")


def check_wrapper(c, path, kernel):
    text = open(path).read()
    text_nc = re.sub(r"//.*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))
    c.expect(re.search(rf"\bmodule\s+{KERNEL}\b", text_nc) is not None,
             f"{path}: no module {KERNEL}")
    declared = set(re.findall(r"\b(?:input|output)\s+wire\s*(?:\[[^\]]*\]\s*)?(\w+)", text_nc))
    missing = [p for p in WRAPPER_PORTS if p not in declared]
    extra = sorted(declared - set(WRAPPER_PORTS))
    c.expect(not missing, f"wrapper: Vitis ports missing: {missing}")
    c.expect(not extra, f"wrapper: ports the contract does not have: {extra}")
    params = dict(re.findall(r"parameter\s+integer\s+(\w+)\s*=\s*(\d+)", text_nc))
    c.expect(params.get("C_M_AXI_GMEM_DATA_WIDTH") == "512",
             "wrapper: C_M_AXI_GMEM_DATA_WIDTH must default to 512 (kernel.xml dataWidth)")
    c.expect(params.get("C_S_AXI_CONTROL_ADDR_WIDTH") == "12",
             "wrapper: C_S_AXI_CONTROL_ADDR_WIDTH must default to 12 (kernel.xml range 0x1000)")
    c.expect(params.get("C_M_AXI_GMEM_ADDR_WIDTH") == "64",
             "wrapper: C_M_AXI_GMEM_ADDR_WIDTH must default to 64")
    c.expect(re.search(r"\bzkacc_top\b\s*#?", text_nc) is not None,
             "wrapper: does not instantiate zkacc_top")
    # No logic of its own: no always blocks, no assigns.
    c.expect(re.search(r"\b(always\w*|assign)\b", text_nc) is None,
             "wrapper: has logic (always/assign); it must only instantiate zkacc_top")


def check_cfgs(c, cfg_dir):
    cfgs = sorted(f for f in os.listdir(cfg_dir) if f.endswith(".cfg"))
    c.expect({"u55c.cfg", "u250.cfg"} <= set(cfgs), f"{cfg_dir}: u55c.cfg and u250.cfg expected")
    for name in cfgs:
        lines = [l.split("#", 1)[0].strip() for l in open(os.path.join(cfg_dir, name))]
        lines = [l for l in lines if l]
        c.expect(f"nk={KERNEL}:1:{CU}" in lines, f"{name}: nk={KERNEL}:1:{CU} missing")
        sps = [l for l in lines if l.startswith("sp=")]
        c.expect(sps, f"{name}: no sp= line (m_axi_gmem to memory)")
        for sp in sps:
            c.expect(re.fullmatch(rf"sp={CU}\.m_axi_gmem:(HBM|DDR)\[\d+(:\d+)?\]", sp) is not None,
                     f"{name}: {sp!r} is not sp={CU}.m_axi_gmem:<HBM|DDR>[i(:j)]")
        c.expect(any(re.fullmatch(r"kernel_frequency=0:\d+", l) for l in lines),
                 f"{name}: no kernel_frequency=0:<MHz>")
    return cfgs


def check_tcl(c, root, tclsh, work, kernel):
    script = os.path.join(root, "fpga", "scripts", "tcl_dryrun.tcl")
    run = subprocess.run([tclsh, script, work], capture_output=True, text=True, timeout=120)
    if not c.expect(run.returncode == 0,
                    f"tcl_dryrun.tcl failed ({run.returncode}): {run.stderr.strip()[-800:]}"):
        return
    facts = [l.split(" ") for l in run.stdout.splitlines()]
    regs = {f[1]: (num(f[2]), num(f[3]), f[4]) for f in facts if f[0] == "reg"}
    for name, _id, port, offset, size, _aq in ARGS:
        want = (offset, 8 * size, port if port != "s_axi_control" else "-")
        c.expect(regs.get(name) == want,
                 f"package_kernel.tcl: register {name} = {regs.get(name)}, kernel.xml {want}")
    for name, offset in (("CTRL", 0), ("GIER", 4), ("IP_IER", 8), ("IP_ISR", 0xC)):
        c.expect(regs.get(name, (None,))[0] == offset,
                 f"package_kernel.tcl: {name} not at {offset:#x}")
    fields = {f[2].lower(): int(f[3]) for f in facts if f[0] == "field" and f[1] == "CTRL"}
    for name, bit in CTRL_BITS.items():
        c.expect(fields.get(name) == bit, f"package_kernel.tcl: CTRL.{name} bit {fields.get(name)}"
                 f" != {bit}")
    ip = next((f for f in facts if f[0] == "ip"), None)
    vlnv = kernel.get("vlnv") if kernel is not None else None
    c.expect(ip is not None and ":".join(ip[1:5]) == vlnv,
             f"package_kernel.tcl: IP {ip and ':'.join(ip[1:5])} != kernel.xml vlnv {vlnv}")
    pxo = next((f for f in facts if f[0] == "package_xo"), None)
    c.expect(pxo is not None and pxo[1] == KERNEL and
             os.path.samefile(pxo[2], os.path.join(root, "fpga", "kernel.xml")),
             f"gen_xo.tcl: package_xo {pxo} must use -kernel_name {KERNEL} and fpga/kernel.xml")
    assoc = {(f[1], f[2]) for f in facts if f[0] == "assoc"}
    c.expect(assoc == {("s_axi_control", "ap_clk"), ("m_axi_gmem", "ap_clk")},
             f"package_kernel.tcl: interfaces associated with clocks: {sorted(assoc)}")
    c.expect(["reset", "ap_clk", "ap_rst_n"] in facts, "package_kernel.tcl: ap_rst_n not on ap_clk")
    files = {os.path.realpath(f[1]) for f in facts if f[0] == "file"}
    for need in ("fpga/rtl/zkacc_kernel.v", "rtl/top/zkacc_top.sv"):
        c.expect(os.path.realpath(os.path.join(root, need)) in files,
                 f"package_kernel.tcl: {need} not added to the project")
    c.expect(["top", KERNEL] in facts, f"package_kernel.tcl: top is not {KERNEL}")
    c.expect(["prop", "sdx_kernel", "true"] in facts and
             ["prop", "sdx_kernel_type", "rtl"] in facts,
             "package_kernel.tcl: sdx_kernel true / sdx_kernel_type rtl not set")
    c.expect(["integrity", "-kernel"] in facts and ["saved"] in facts,
             "package_kernel.tcl: no ipx::check_integrity -kernel / ipx::save_core")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(here)))
    ap.add_argument("--tclsh", help="run the packaging scripts' dry run with this tclsh")
    ap.add_argument("--work", help="scratch directory of the dry run (default: a temporary one)")
    opts = ap.parse_args()
    root = opts.root
    c = Checker()
    steps = []

    kernel = check_kernel_xml(c, os.path.join(root, "fpga", "kernel.xml"))
    steps.append("kernel.xml vs the contract")
    regmap = os.path.join(root, "rtl", "top", "zkacc_regmap.json")
    if c.expect(os.path.exists(regmap), f"{regmap} is missing (the one source of the registers)"):
        check_regmap(c, regmap, kernel)
        steps.append("kernel.xml vs rtl/top/zkacc_regmap.json")
    check_wrapper(c, os.path.join(root, "fpga", "rtl", "zkacc_kernel.v"), kernel)
    steps.append("wrapper ports and widths")
    cfgs = check_cfgs(c, os.path.join(root, "fpga", "cfg"))
    steps.append("link configurations " + ", ".join(cfgs))
    if opts.tclsh:
        if opts.work:
            os.makedirs(opts.work, exist_ok=True)
            check_tcl(c, root, opts.tclsh, opts.work, kernel)
        else:
            with tempfile.TemporaryDirectory() as work:
                check_tcl(c, root, opts.tclsh, work, kernel)
        steps.append("package_kernel.tcl / gen_xo.tcl dry run")

    for s in steps:
        print(f"checked {s}")
    if c.failures:
        for f in c.failures:
            print(f"FAIL  {f}")
        print(f"check_kernel_xml: {len(c.failures)} of {c.count} checks failed")
        return 1
    print(f"check_kernel_xml: all {c.count} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
