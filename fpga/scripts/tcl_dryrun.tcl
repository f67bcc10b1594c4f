# SPDX-License-Identifier: Apache-2.0
# Runs gen_xo.tcl (and so package_kernel.tcl) in a plain tclsh with the Vivado commands they use
# replaced by recorders, and prints what they would have done - the files added, the IP's
# interfaces, registers, fields and the package_xo call - one fact per line:
#
#   file <path>                          add_files
#   top <module>                         set_property top
#   ip <vendor> <library> <name> <version>
#   assoc <busif> <clock> / reset <clock> <reset>
#   reg <name> <offset> <bits> <busif or ->
#   field <reg> <name> <bit> <width> <access>
#   prop <name> <value>                  core properties (sdx_kernel, ...)
#   package_xo <kernel_name> <kernel_xml> <xo_path>
#   integrity -kernel / saved
#
#   tclsh fpga/scripts/tcl_dryrun.tcl <work_dir>
#
# fpga/scripts/check_kernel_xml.py --tclsh runs it and compares the facts with fpga/kernel.xml
# and the register map: a syntax error or a wrong offset in the packaging scripts shows up here,
# where Vivado is not installed. It checks the scripts' logic, not Vivado's behaviour.
if {$::argc != 1} {
  puts stderr "usage: tclsh tcl_dryrun.tcl <work_dir>"
  exit 2
}
set dry_work [lindex $::argv 0]
file mkdir $dry_work
set dry_script [file join [file dirname [file normalize [info script]]] gen_xo.tcl]

proc fact {args} { puts [join $args " "] }

# --- Vivado project commands -------------------------------------------------------------------
proc create_project {args} {}
proc add_files {args} { foreach f [lindex $args end] { fact file $f } }
proc update_compile_order {args} {}
proc current_fileset {args} { return sources_1 }
proc close_project {args} {}
proc set_property {name value obj} {
  global dry_regs dry_fields
  switch -glob -- $obj {
    sources_1 { if {$name eq "top"} { fact top $value } }
    core { fact prop $name $value }
    reg:* {
      set reg [string range $obj 4 end]
      dict set dry_regs $reg $name $value
    }
    field:* {
      set key [string range $obj 6 end]
      dict set dry_fields $key $name $value
    }
    param:* {
      set reg [lindex [split $obj :] 1]
      dict set dry_regs $reg busif $value
    }
    default {}
  }
}
proc get_property {name obj} { return [lindex [split $obj :] end] }
proc package_xo {args} {
  set opts [dict create]
  foreach {k v} $args { dict set opts $k $v }
  foreach k {-xo_path -kernel_name -ip_directory -kernel_xml} {
    if {![dict exists $opts $k]} { error "package_xo: missing $k" }
  }
  fact package_xo [dict get $opts -kernel_name] [dict get $opts -kernel_xml] \
    [dict get $opts -xo_path]
  set fd [open [dict get $opts -xo_path] w]
  puts $fd "dry run"
  close $fd
}

# --- ipx:: (IP packager) -------------------------------------------------------------------------
namespace eval ipx {}
proc ipx::package_project {args} {
  set opts [dict create]
  foreach {k v} $args { if {[string match -* $k]} { dict set opts $k $v } }
  fact ip [dict get $opts -vendor] [dict get $opts -library] zkacc_kernel 1.0
}
proc ipx::unload_core {args} {}
proc ipx::edit_ip_in_project {args} {}
proc ipx::current_core {} { return core }
proc ipx::get_user_parameters {args} { return {param:C_M_AXI_GMEM_DATA_WIDTH} }
proc ipx::remove_user_parameter {name core} {}
proc ipx::get_bus_interfaces {name args} {
  if {$name in {s_axi_control m_axi_gmem}} { return busif:$name }
  return {}
}
proc ipx::associate_bus_interfaces {args} {
  set opts [dict create]
  foreach {k v} [lrange $args 0 end-1] { dict set opts $k $v }
  if {[dict exists $opts -busif]} {
    fact assoc [dict get $opts -busif] [dict get $opts -clock]
  } else {
    fact reset [dict get $opts -clock] [dict get $opts -reset]
  }
}
proc ipx::add_memory_map {args} { return mm:[lindex $args end-1] }
proc ipx::add_address_block {args} { return ab:[lindex $args end-1] }
proc ipx::add_register {args} {
  global dry_order
  set name [lindex $args end-1]
  lappend dry_order $name
  return reg:$name
}
proc ipx::add_field {name reg} {
  global dry_field_order
  set key "[string range $reg 4 end]:$name"
  lappend dry_field_order $key
  return field:$key
}
proc ipx::add_register_parameter {args} {
  return param:[string range [lindex $args end] 4 end]:[lindex $args end-1]
}
proc ipx::create_xgui_files {core} {}
proc ipx::update_checksums {core} {}
proc ipx::check_integrity {args} { if {"-kernel" in $args} { fact integrity -kernel } }
proc ipx::save_core {core} { fact saved }

# --- run it --------------------------------------------------------------------------------------
set dry_regs [dict create]
set dry_fields [dict create]
set dry_order {}
set dry_field_order {}
set ::argv [list [file join $dry_work zkacc_kernel.xo] zkacc_kernel hw dryrun_platform $dry_work]
set ::argc 5
source $dry_script

foreach reg $dry_order {
  set r [dict get $dry_regs $reg]
  set busif [expr {[dict exists $r busif] ? [dict get $r busif] : "-"}]
  fact reg $reg [dict get $r address_offset] [dict get $r size] $busif
}
foreach key $dry_field_order {
  set f [dict get $dry_fields $key]
  lassign [split $key :] reg name
  fact field $reg $name [dict get $f BIT_OFFSET] [dict get $f BIT_WIDTH] [dict get $f ACCESS]
}
