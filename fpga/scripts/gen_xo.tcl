# SPDX-License-Identifier: Apache-2.0
# Builds the Vitis kernel object zkacc_kernel.xo from the RTL: packages the IP
# (package_kernel.tcl), then package_xo with fpga/kernel.xml. Run by fpga/Makefile (`make xo`):
#
#   vivado -mode batch -nojournal -nolog -source fpga/scripts/gen_xo.tcl \
#          -tclargs <xo_path> <kernel_name> <target> <platform> <work_dir>
#
#   xo_path      the .xo to write (replaced if it exists)
#   kernel_name  must be zkacc_kernel (the wrapper's module name and kernel.xml's kernel)
#   target       hw or hw_emu (the .xo is the same; it names the work directory)
#   platform     the Vitis platform name or .xpfm, recorded in the work directory name only:
#                an RTL .xo is platform-independent, v++ --link binds it to the platform
#   work_dir     scratch directory for the packaged IP and the temporary project
set usage "usage: vivado -mode batch -source gen_xo.tcl -tclargs\
  <xo_path> <kernel_name> <target> <platform> <work_dir>"
if {$::argc != 5} {
  puts stderr "gen_xo.tcl: expected 5 arguments, got $::argc\n$usage"
  exit 2
}
lassign $::argv xo_path kernel_name target platform work_dir

if {$kernel_name ne "zkacc_kernel"} {
  puts stderr "gen_xo.tcl: kernel_name '$kernel_name': the only kernel is zkacc_kernel"
  exit 2
}
if {$target ni {hw hw_emu}} {
  puts stderr "gen_xo.tcl: target '$target': expected hw or hw_emu"
  exit 2
}

set script_dir [file dirname [file normalize [info script]]]
set zkacc_root [file dirname [file dirname $script_dir]]
set kernel_xml [file join $zkacc_root fpga kernel.xml]
set platform_tag [file rootname [file tail $platform]]
set suffix   "${kernel_name}_${target}_${platform_tag}"
set pack_dir [file normalize [file join $work_dir packaged_$suffix]]
set tmp_dir  [file normalize [file join $work_dir tmp_pack_$suffix]]
set xo_path  [file normalize $xo_path]

source [file join $script_dir package_kernel.tcl]

file mkdir [file dirname $xo_path]
if {[file exists $xo_path]} { file delete -force $xo_path }
package_xo -xo_path $xo_path -kernel_name $kernel_name -ip_directory $pack_dir \
  -kernel_xml $kernel_xml
if {![file exists $xo_path]} {
  puts stderr "gen_xo.tcl: package_xo did not write $xo_path"
  exit 1
}
puts "gen_xo.tcl: wrote $xo_path"
