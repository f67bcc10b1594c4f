// SPDX-License-Identifier: Apache-2.0
//
// Montgomery multiplier for bls12 381_fq (unit top for tests and synthesis): see
// zkacc_mont_mul_stream. Latency is exported for the testbenches (Verilator public).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_mont_mul_bls12_381_fq (
  input  logic                                   clk_i,
  input  logic                                   rst_ni,
  input  logic                                   in_valid_i,
  output logic                                   in_ready_o,
  input  logic [zkacc_field_pkg::Bls12381Width-1:0] in_a_i,
  input  logic [zkacc_field_pkg::Bls12381Width-1:0] in_b_i,
  output logic                                   out_valid_o,
  input  logic                                   out_ready_i,
  output logic [zkacc_field_pkg::Bls12381Width-1:0] out_r_o
);
  localparam int Latency  /*verilator public*/ =
      zkacc_field_pkg::MontMulLatency(zkacc_field_pkg::Bls12381Width, zkacc_field_pkg::Bls12381Bits,
                                      {{(zkacc_field_pkg::MaxW - zkacc_field_pkg::Bls12381Width){1'b0}},
                                       zkacc_field_pkg::Bls12381FqMontInv}) + 1;

  zkacc_mont_mul_stream #(
    .Width  (zkacc_field_pkg::Bls12381Width),
    .Bits   (zkacc_field_pkg::Bls12381Bits),
    .Modulus(zkacc_field_pkg::Bls12381FqModulus),
    .MontInv(zkacc_field_pkg::Bls12381FqMontInv)
  ) u_mul (
    .clk_i,
    .rst_ni,
    .in_valid_i,
    .in_ready_o,
    .in_a_i,
    .in_b_i,
    .out_valid_o,
    .out_ready_i,
    .out_r_o
  );
endmodule

`default_nettype wire
