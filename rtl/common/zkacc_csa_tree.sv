// SPDX-License-Identifier: Apache-2.0
//
// Carry-save adder tree: reduces N operands of W bits to two whose sum equals the sum of the
// inputs mod 2^W.
//
// Each level groups the operands by six into 6:3 counters: per bit position, the number of
// ones among six bits (0..6) as three bits of weights 1, 2 and 4, i.e. three operands
// {c0}, {c1, 0}, {c2, 0, 0}. Every output bit is a function of six input bits: one LUT6 and no
// carry chain. A level therefore halves the operand count where 3:2 compressors (full adders)
// divide it by 1.5 at two LUT cells per bit removed. Five operands left over go into one more
// counter (its sixth input zero), three or four into one 3:2 compressor; the last level is a
// 3:2 compressor (three operands) or a pass (two).
// Every Stride-th level and the last are registered, so the latency is
// zkacc_field_pkg::CsaLatency(N, Stride). Written recursively: one level, then a tree of the
// remaining operands.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_csa_tree #(
  parameter int N = 3,
  parameter int W = 64,
  parameter int Stride = 1,  // counter levels per register stage
  parameter int Phase = 0    // unregistered levels above this one (internal)
) (
  input  logic                 clk_i,
  input  logic [(N)*(W)-1:0]   in_i,
  output logic [(1+1)*(W)-1:0] out_o
);
  if (N == 1) begin : gen_one
    assign out_o = {{W{1'b0}}, in_i[(0)*(W)+:(W)]};
    logic unused_clk;
    assign unused_clk = clk_i;
  end else if (N == 2) begin : gen_two
    assign out_o = in_i;
    logic unused_clk;
    assign unused_clk = clk_i;
  end else begin : gen_level
    localparam int G6 = zkacc_field_pkg::CsaCounters(N);    // 6:3 counters
    localparam int G3 = zkacc_field_pkg::CsaFullAdders(N);  // 3:2 compressors
    localparam int NPass = zkacc_field_pkg::CsaPassed(N);
    localparam int NOut = zkacc_field_pkg::CsaLevelOut(N);
    localparam int NIn6 = N - 3 * G3 - NPass;  // operands into counters
    logic [(NOut)*(W)-1:0] lvl_d, lvl_q;
    for (genvar g = 0; g < G6; g++) begin : gen_cnt
      // The counter's six operands; the last counter may have fewer (zeros above N).
      logic [(6)*(W)-1:0] in6;
      if (6 * g + 6 <= NIn6) begin : gen_full
        assign in6 = in_i[(6*g)*(W)+:(6*W)];
      end else begin : gen_padded
        assign in6 = (6 * W)'(in_i[(NIn6)*(W)-1:(6*g)*(W)]);
      end
      logic [W-1:0] c0, c1, c2;
      // Per bit: two full adders on three inputs each, then the weight-2 bits summed; written
      // as gates (an arithmetic '+' would be mapped to carry chains), every output a function
      // of the six inputs only.
      logic [W-1:0] x0, x1, x2, x3, x4, x5, s_a, k_a, s_b, k_b, t;
      assign {x5, x4, x3, x2, x1, x0} = in6;
      assign s_a = x0 ^ x1 ^ x2;
      assign k_a = (x0 & x1) | (x0 & x2) | (x1 & x2);
      assign s_b = x3 ^ x4 ^ x5;
      assign k_b = (x3 & x4) | (x3 & x5) | (x4 & x5);
      assign t = s_a & s_b;
      assign c0 = s_a ^ s_b;
      assign c1 = k_a ^ k_b ^ t;
      assign c2 = (k_a & k_b) | (k_a & t) | (k_b & t);
      assign lvl_d[(3*g)*(W)+:(W)] = c0;
      assign lvl_d[(3*g+1)*(W)+:(W)] = {c1[W-2:0], 1'b0};
      assign lvl_d[(3*g+2)*(W)+:(W)] = {c2[W-3:0], 2'b0};
      logic unused_top;  // counter bits at or above 2^W (the sum is taken mod 2^W)
      assign unused_top = ^{c1[W-1], c2[W-1:W-2]};
    end
    for (genvar g = 0; g < G3; g++) begin : gen_csa
      logic [W-1:0] x, y, z;
      assign x = in_i[(NIn6+3*g)*(W)+:(W)];
      assign y = in_i[(NIn6+3*g+1)*(W)+:(W)];
      assign z = in_i[(NIn6+3*g+2)*(W)+:(W)];
      assign lvl_d[(3*G6+2*g)*(W)+:(W)] = x ^ y ^ z;
      assign lvl_d[(3*G6+2*g+1)*(W)+:(W)] = {((x[W-2:0] & y[W-2:0]) | (x[W-2:0] & z[W-2:0]) |
                                               (y[W-2:0] & z[W-2:0])), 1'b0};
    end
    for (genvar k = 0; k < NPass; k++) begin : gen_pass
      assign lvl_d[(3*G6+2*G3+k)*(W)+:(W)] = in_i[(NIn6+3*G3+k)*(W)+:(W)];
    end
    localparam bit Reg = Phase == Stride - 1 || NOut <= 2;
    if (Reg) begin : gen_reg
      always_ff @(posedge clk_i) lvl_q <= lvl_d;
    end else begin : gen_comb
      assign lvl_q = lvl_d;
    end
    zkacc_csa_tree #(
      .N     (NOut),
      .W     (W),
      .Stride(Stride),
      .Phase (Reg ? 0 : Phase + 1)
    ) u_next (
      .clk_i,
      .in_i (lvl_q),
      .out_o
    );
  end
endmodule

`default_nettype wire
