// SPDX-License-Identifier: Apache-2.0
//
// Modular add/sub for bn254 fq (unit top for tests and synthesis): see
// zkacc_mod_addsub_stream. Latency is exported for the testbenches (Verilator public).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_mod_addsub_bn254_fq (
  input  logic                                   clk_i,
  input  logic                                   rst_ni,
  input  logic                                   in_valid_i,
  output logic                                   in_ready_o,
  input  logic [zkacc_field_pkg::Bn254Width-1:0] in_a_i,
  input  logic [zkacc_field_pkg::Bn254Width-1:0] in_b_i,
  input  logic                                   in_sub_i,
  output logic                                   out_valid_o,
  input  logic                                   out_ready_i,
  output logic [zkacc_field_pkg::Bn254Width-1:0] out_r_o
);
  localparam int Latency  /*verilator public*/ =
      zkacc_field_pkg::ModAddSubLatency(zkacc_field_pkg::Bn254Bits) + 1;

  zkacc_mod_addsub_stream #(
    .Width  (zkacc_field_pkg::Bn254Width),
    .Bits   (zkacc_field_pkg::Bn254Bits),
    .Modulus(zkacc_field_pkg::Bn254FqModulus)
  ) u_addsub (
    .clk_i,
    .rst_ni,
    .in_valid_i,
    .in_ready_o,
    .in_a_i,
    .in_b_i,
    .in_sub_i,
    .out_valid_o,
    .out_ready_i,
    .out_r_o
  );
endmodule

`default_nettype wire
