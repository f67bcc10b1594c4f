// SPDX-License-Identifier: Apache-2.0
//
// Radix-2 decimation-in-frequency butterfly over BN254 Fr (Gentleman-Sande):
//   u = a + b mod r
//   v = (a - b) * w * R^-1 mod r     (w in Montgomery form: v = (a - b) * w in a's form)
// Cost: 1 modular add, 1 modular sub, 1 Montgomery multiplication. Fully pipelined, no valid
// bits, no back-pressure: inputs every cycle, u and v ModAddSubLatency + FrMulLatency cycles
// later (zkacc_ntt_pkg::BfLatency() - 2: the core adds its address stage and bank read).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif
`ifndef ZKACC_NTT_PKG_SV
`include "rtl/ntt/zkacc_ntt_pkg.sv"
`endif

`default_nettype none

module zkacc_ntt_butterfly (
  input  logic                           clk_i,
  input  logic [zkacc_ntt_pkg::Bits-1:0] a_i,
  input  logic [zkacc_ntt_pkg::Bits-1:0] b_i,
  input  logic [zkacc_ntt_pkg::Bits-1:0] w_i,
  output logic [zkacc_ntt_pkg::Bits-1:0] u_o,
  output logic [zkacc_ntt_pkg::Bits-1:0] v_o
);
  localparam int Bits = zkacc_ntt_pkg::Bits;
  localparam int LatAs = zkacc_field_pkg::ModAddSubLatency(Bits);
  localparam int LatMul = zkacc_ntt_pkg::FrMulLatency();

  logic [Bits-1:0] sum, diff, w_d;
  zkacc_mod_addsub #(.Bits(Bits), .Modulus(zkacc_field_pkg::Bn254FrModulus[Bits-1:0])) u_add (
    .clk_i,
    .in_sub_i(1'b0),
    .in_a_i  (a_i),
    .in_b_i  (b_i),
    .out_r_o (sum)
  );
  zkacc_mod_addsub #(.Bits(Bits), .Modulus(zkacc_field_pkg::Bn254FrModulus[Bits-1:0])) u_sub (
    .clk_i,
    .in_sub_i(1'b1),
    .in_a_i  (a_i),
    .in_b_i  (b_i),
    .out_r_o (diff)
  );
  zkacc_delay #(.Width(Bits), .Depth(LatAs)) u_w_delay (
    .clk_i,
    .rst_ni(1'b1),
    .in_i  (w_i),
    .out_o (w_d)
  );
  zkacc_mont_mul #(
    .Width  (zkacc_ntt_pkg::Width),
    .Bits   (Bits),
    .Modulus(zkacc_field_pkg::Bn254FrModulus),
    .MontInv(zkacc_field_pkg::Bn254FrMontInv)
  ) u_mul (
    .clk_i,
    .in_a_i (diff),
    .in_b_i (w_d),
    .out_r_o(v_o)
  );
  zkacc_delay #(.Width(Bits), .Depth(LatMul)) u_sum_delay (
    .clk_i,
    .rst_ni(1'b1),
    .in_i  (sum),
    .out_o (u_o)
  );
endmodule

`default_nettype wire
