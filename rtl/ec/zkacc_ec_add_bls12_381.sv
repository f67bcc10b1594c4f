// SPDX-License-Identifier: Apache-2.0
//
// bls12 381 G1 point adder (unit top for tests and synthesis): see zkacc_ec_add and
// zkacc_ec_add_stream. Latency is exported for the testbenches (Verilator public).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_ec_add_bls12_381 (
  input  logic                                       clk_i,
  input  logic                                       rst_ni,
  input  logic                                       in_valid_i,
  output logic                                       in_ready_o,
  input  logic                                       in_full_i,
  input  logic [4*zkacc_field_pkg::Bls12381Width-1:0] in_p_i,
  input  logic [4*zkacc_field_pkg::Bls12381Width-1:0] in_q_i,
  input  logic [31:0]                                in_tag_i,
  output logic                                       out_valid_o,
  input  logic                                       out_ready_i,
  output logic [4*zkacc_field_pkg::Bls12381Width-1:0] out_r_o,
  output logic [31:0]                                out_tag_o
);
  localparam int Latency  /*verilator public*/ =
      zkacc_field_pkg::EcAddLatency(zkacc_field_pkg::Bls12381Width, zkacc_field_pkg::Bls12381Bits,
                                    {{(zkacc_field_pkg::MaxW - zkacc_field_pkg::Bls12381Width){1'b0}},
                                     zkacc_field_pkg::Bls12381FqMontInv}) + 1;

  zkacc_ec_add_stream #(
    .Width  (zkacc_field_pkg::Bls12381Width),
    .Bits   (zkacc_field_pkg::Bls12381Bits),
    .TagW   (32),
    .Modulus(zkacc_field_pkg::Bls12381FqModulus),
    .MontInv(zkacc_field_pkg::Bls12381FqMontInv),
    .One    (zkacc_field_pkg::Bls12381FqOne)
  ) u_add (
    .clk_i,
    .rst_ni,
    .in_valid_i,
    .in_ready_o,
    .in_full_i,
    .in_p_i,
    .in_q_i,
    .in_tag_i,
    .out_valid_o,
    .out_ready_i,
    .out_r_o,
    .out_tag_o
  );
endmodule

`default_nettype wire
