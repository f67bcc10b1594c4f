// SPDX-License-Identifier: Apache-2.0
//
// Multiplication by a constant, low half: p = (x * C) mod 2^W, in LUTs (no DSP).
//
// C is written in canonical signed digits (CSD: digits in {-1, 0, 1}, no two adjacent non-zero;
// about W/3 non-zero digits), so x * C = sum_k d_k (x << k). A negative term is added as its
// complement, -(x << k) = ~(x << k) + 1 mod 2^W, the +1s gathered in one constant operand. The
// operands are summed by a carry-save tree registered every two levels and a segmented adder.
// Used for Montgomery's m = (T mod R) * (-p^-1) mod R, which would otherwise take 86 DSP48E2
// (BN254) for a product whose high half is thrown away.
// Latency zkacc_field_pkg::ConstLoLatency(W, C).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_mul_const_lo #(
  parameter int W = 256,
  parameter logic [W-1:0] C = '0
) (
  input  logic         clk_i,
  input  logic [W-1:0] x_i,
  output logic [W-1:0] p_o
);
  localparam int MaxW = zkacc_field_pkg::MaxW;
  // {negative digits, positive digits}, each MaxW bits.
  localparam logic [2*MaxW-1:0] Digits = zkacc_field_pkg::Csd(W, {{(MaxW - W){1'b0}}, C});
  localparam logic [MaxW-1:0] Pos = Digits[MaxW-1:0];
  localparam logic [MaxW-1:0] Neg = Digits[2*MaxW-1:MaxW];
  localparam int NTerms = zkacc_field_pkg::PopCount(W, Pos | Neg);
  localparam int NNeg = zkacc_field_pkg::PopCount(W, Neg);

  logic [W-1:0] x_q;
  always_ff @(posedge clk_i) x_q <= x_i;

  logic [(NTerms+1)*(W)-1:0] ops;
  for (genvar k = 0; k < W; k++) begin : gen_digit
    localparam int Idx = zkacc_field_pkg::PopCount(k, Pos | Neg);  // non-zero digits below k
    if (Pos[k]) begin : gen_pos
      assign ops[(Idx)*(W)+:(W)] = x_q << k;
    end else if (Neg[k]) begin : gen_neg
      assign ops[(Idx)*(W)+:(W)] = ~(x_q << k);
    end
  end
  assign ops[(NTerms)*(W)+:(W)] = W'(NNeg);

  logic [(1+1)*(W)-1:0] pair;
  zkacc_csa_tree #(
    .N     (NTerms + 1),
    .W     (W),
    .Stride(2)
  ) u_tree (
    .clk_i,
    .in_i (ops),
    .out_o(pair)
  );
  logic unused_cout;
  zkacc_add_pipe #(.W(W)) u_add (
    .clk_i,
    .x_i   (pair[(0)*(W)+:(W)]),
    .y_i   (pair[(1)*(W)+:(W)]),
    .cin_i (1'b0),
    .sum_o (p_o),
    .cout_o(unused_cout)
  );
endmodule

`default_nettype wire
