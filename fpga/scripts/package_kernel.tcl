# SPDX-License-Identifier: Apache-2.0
# Packages the zkacc RTL as a Vivado IP that package_xo can turn into a Vitis kernel (.xo).
# Sourced by gen_xo.tcl inside `vivado -mode batch`; it expects these variables:
#
#   zkacc_root      the repository root (rtl/ and fpga/ under it)
#   pack_dir        where the packaged IP goes (component.xml, src/, xgui/)
#   tmp_dir         a scratch Vivado project, deleted at the end
#
# What it does, in the order the Vivado IP packager needs it:
#   1. a throw-away project with fpga/rtl/zkacc_kernel.v (the top) and every rtl/<block>/*.sv
#      (packages first; Vivado orders the rest by hierarchy);
#   2. ipx::package_project: the IP zkacc.org:kernel:zkacc_kernel:1.0 (fpga/kernel.xml's vlnv);
#      the packager infers the interfaces s_axi_control (AXI4-Lite slave), m_axi_gmem (AXI4
#      master), ap_clk, ap_rst_n and interrupt from the Vitis port names;
#   3. the HDL parameters are dropped as user parameters (the kernel is built with its defaults),
#      both AXI interfaces are associated with ap_clk (and ap_clk with ap_rst_n);
#   4. the s_axi_control memory map: CTRL/GIER/IP_IER/IP_ISR and the two arguments, desc at 0x10
#      (64 bits, ASSOCIATED_BUSIF m_axi_gmem: the pointer v++ routes to memory) and count at 0x1C;
#   5. the Vitis kernel properties (sdx_kernel, sdx_kernel_type rtl), an integrity check with
#      -kernel, and the core is saved.
foreach var {zkacc_root pack_dir tmp_dir} {
  if {![info exists $var]} {
    error "package_kernel.tcl: variable '$var' is not set (source it from gen_xo.tcl)"
  }
}

set kernel_name zkacc_kernel
set wrapper     [file join $zkacc_root fpga rtl zkacc_kernel.v]

# --- 1. sources -------------------------------------------------------------------------------
set rtl_files {}
set pkg_files {}
foreach block [lsort [glob -nocomplain -type d [file join $zkacc_root rtl *]]] {
  foreach f [lsort [glob -nocomplain [file join $block *.sv]]] {
    if {[string match *_pkg.sv $f]} { lappend pkg_files $f } else { lappend rtl_files $f }
  }
}
if {![file exists $wrapper] || [llength $rtl_files] == 0} {
  error "package_kernel.tcl: no RTL found ($wrapper, $zkacc_root/rtl/<block>/*.sv)"
}
if {[llength [glob -nocomplain [file join $zkacc_root rtl top zkacc_top.sv]]] == 0} {
  error "package_kernel.tcl: rtl/top/zkacc_top.sv is missing: the wrapper instantiates zkacc_top"
}

create_project -force zkacc_kernel_pack $tmp_dir
add_files -norecurse [concat $pkg_files $rtl_files [list $wrapper]]
set_property top $kernel_name [current_fileset]
update_compile_order -fileset sources_1

# --- 2. package -------------------------------------------------------------------------------
ipx::package_project -root_dir $pack_dir -vendor zkacc.org -library kernel -taxonomy /KernelIP \
  -import_files -set_current false
ipx::unload_core [file join $pack_dir component.xml]
ipx::edit_ip_in_project -upgrade true -name zkacc_kernel_edit -directory $pack_dir \
  [file join $pack_dir component.xml]
set core [ipx::current_core]
set_property name         $kernel_name $core
set_property display_name "zkacc kernel (MSM, NTT, lookup, matmul)" $core
set_property version      1.0 $core
set_property core_revision 1 $core

# --- 3. parameters, clock and reset -------------------------------------------------------------
foreach param [ipx::get_user_parameters -of_objects $core] {
  ipx::remove_user_parameter [get_property NAME $param] $core
}
foreach busif {s_axi_control m_axi_gmem} {
  if {[llength [ipx::get_bus_interfaces $busif -of_objects $core]] == 0} {
    error "package_kernel.tcl: the packager did not infer interface $busif (port names?)"
  }
  ipx::associate_bus_interfaces -busif $busif -clock ap_clk $core
}
ipx::associate_bus_interfaces -clock ap_clk -reset ap_rst_n $core

# --- 4. register map of s_axi_control ---------------------------------------------------------
set mem_map    [ipx::add_memory_map -quiet s_axi_control $core]
set addr_block [ipx::add_address_block -quiet reg0 $mem_map]
set_property range 0x1000 $addr_block

# add_reg NAME OFFSET BITS DESCRIPTION ?BUSIF? - one register; BUSIF marks a pointer argument.
proc add_reg {block name offset bits description {busif ""}} {
  set reg [ipx::add_register -quiet $name $block]
  set_property address_offset $offset $reg
  set_property size $bits $reg
  set_property description $description $reg
  if {$busif ne ""} {
    set param [ipx::add_register_parameter -quiet ASSOCIATED_BUSIF $reg]
    set_property value $busif $param
  }
  return $reg
}

# CTRL and its ap_ctrl_hs fields: name bit width access side-effect description
set ctrl [add_reg $addr_block CTRL 0x000 32 "Control signals (ap_ctrl_hs)"]
foreach {field bit width access description} {
  AP_START      0  1 read-write "start a run (cleared by the kernel when it is taken)"
  AP_DONE       1  1 read-only  "the run finished (clear-on-read)"
  AP_IDLE       2  1 read-only  "no run in progress"
  AP_READY      3  1 read-only  "ready for the next ap_start"
  RESERVED_1    4  3 read-only  "reserved, reads 0"
  AUTO_RESTART  7  1 read-write "restart automatically after each run"
  RESERVED_2    8 24 read-only  "reserved, reads 0"
} {
  set f [ipx::add_field $field $ctrl]
  set_property BIT_OFFSET  $bit $f
  set_property BIT_WIDTH   $width $f
  set_property ACCESS      $access $f
  set_property DESCRIPTION $description $f
  if {$access eq "read-write"} {
    set_property MODIFIED_WRITE_VALUE modify $f
  } else {
    set_property READ_ACTION modify $f
  }
}
add_reg $addr_block GIER   0x004 32 "Global interrupt enable"
add_reg $addr_block IP_IER 0x008 32 "IP interrupt enable (bit0 ap_done, bit1 ap_ready)"
add_reg $addr_block IP_ISR 0x00C 32 "IP interrupt status (toggle-on-write)"
# The kernel arguments (fpga/kernel.xml): ids 0 and 1.
add_reg $addr_block desc   0x010 64 "Device address of the descriptor array" m_axi_gmem
add_reg $addr_block count  0x01C 32 "Number of 64-byte descriptors"
set_property slave_memory_map_ref s_axi_control \
  [ipx::get_bus_interfaces s_axi_control -of_objects $core]

# --- 5. Vitis kernel properties, check, save ---------------------------------------------------
set_property sdx_kernel true $core
set_property sdx_kernel_type rtl $core
set_property supported_families {} $core
set_property auto_family_support_level level_2 $core
ipx::create_xgui_files $core
ipx::update_checksums $core
ipx::check_integrity -kernel $core
ipx::save_core $core
close_project -delete
puts "package_kernel.tcl: packaged $kernel_name ([llength $pkg_files] packages,\
  [llength $rtl_files] RTL files + the wrapper) into $pack_dir"
