// SPDX-License-Identifier: Apache-2.0
//
// Requantization of one int32 accumulator to a table index:
//
//   p   = acc * scale                                  (signed 32 x unsigned 16 bits)
//   q   = (p + (shift > 0 ? 2^(shift-1) : 0)) >> shift  (arithmetic: round half up)
//   idx = clamp(q + offset, 0, idx_max)
//
// Three register stages: latency zkacc_matmul_pkg::RequantLatency. A pure datapath.
// (The same formula as zkacc::quant::Requantize in host-lib/include/zkacc/quant.h.)
`default_nettype none

module zkacc_mm_requant (
  input  logic        clk_i,
  input  logic [31:0] acc_i,
  input  logic [15:0] scale_i,
  input  logic [5:0]  shift_i,
  input  logic [31:0] offset_i,   // signed
  input  logic [15:0] idx_max_i,
  output logic [15:0] idx_o
);
  logic signed [48:0] prod_q;
  logic signed [49:0] q_q;
  logic [15:0] idx_q;

  logic signed [48:0] prod_d;
  logic signed [49:0] rounded, shifted, q_d;
  logic [15:0] idx_d;
  always_comb begin
    prod_d = $signed(acc_i) * $signed({1'b0, scale_i});
    rounded = 50'(prod_q) + ((shift_i != '0) ? (50'sd1 <<< (shift_i - 6'd1)) : 50'sd0);
    shifted = rounded >>> shift_i;
    q_d = shifted + 50'($signed(offset_i));
    if (q_q < 0) idx_d = '0;
    else if (q_q > $signed({34'd0, idx_max_i})) idx_d = idx_max_i;
    else idx_d = q_q[15:0];
  end

  always_ff @(posedge clk_i) begin
    prod_q <= prod_d;
    q_q <= q_d;
    idx_q <= idx_d;
  end
  assign idx_o = idx_q;
endmodule

`default_nettype wire
