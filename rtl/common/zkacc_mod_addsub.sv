// SPDX-License-Identifier: Apache-2.0
//
// Pipelined modular addition / subtraction: r = a + b mod p (sub = 0) or a - b mod p (sub = 1),
// for a, b < p. Works on canonical and Montgomery values alike.
//   s = a + b          or  a + ~b + 1 (= a - b mod 2^(Bits+1), negative iff bit Bits is set)
//   t = s - p          or  s + p
//   r = t if (add and t >= 0) or (sub and s < 0), else s
// Two segmented adders and a selection register: latency zkacc_field_pkg::ModAddSubLatency(Bits),
// A pure datapath: no valid bits, no back-pressure (see zkacc_mod_addsub_stream).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_mod_addsub #(
  parameter int Bits = 254,
  parameter logic [Bits-1:0] Modulus = '0
) (
  input  logic            clk_i,
  input  logic            in_sub_i,
  input  logic [Bits-1:0] in_a_i,
  input  logic [Bits-1:0] in_b_i,
  output logic [Bits-1:0] out_r_o
);
  localparam int LatAdd = zkacc_field_pkg::AddLatency(Bits + 1);
  localparam logic [Bits:0] P = {1'b0, Modulus};

  logic [Bits:0] s, t, s_d;
  logic sub_d, sub_dd, unused_c1, unused_c2;
  zkacc_add_pipe #(.W(Bits + 1)) u_s (
    .clk_i,
    .x_i   ({1'b0, in_a_i}),
    .y_i   (in_sub_i ? ~{1'b0, in_b_i} : {1'b0, in_b_i}),
    .cin_i (in_sub_i),
    .sum_o (s),
    .cout_o(unused_c1)
  );
  zkacc_delay #(.Width(1), .Depth(LatAdd)) u_sub_d (
    .clk_i,
    .rst_ni(1'b1),
    .in_i (in_sub_i),
    .out_o(sub_d)
  );
  zkacc_add_pipe #(.W(Bits + 1)) u_t (
    .clk_i,
    .x_i   (s),
    .y_i   (sub_d ? P : ~P),
    .cin_i (!sub_d),
    .sum_o (t),
    .cout_o(unused_c2)
  );
  zkacc_delay #(.Width(Bits + 2), .Depth(LatAdd)) u_s_d (
    .clk_i,
    .rst_ni(1'b1),
    .in_i ({sub_d, s}),
    .out_o({sub_dd, s_d})
  );

  logic use_t;
  logic [Bits-1:0] r_q;
  assign use_t = sub_dd ? s_d[Bits] : !t[Bits];
  always_ff @(posedge clk_i) r_q <= use_t ? t[Bits-1:0] : s_d[Bits-1:0];
  assign out_r_o = r_q;

  logic unused_carries;
  assign unused_carries = unused_c1 ^ unused_c2;
endmodule

`default_nettype wire
