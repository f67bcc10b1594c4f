// SPDX-License-Identifier: Apache-2.0
//
// One level of Karatsuba over zkacc_mul_tiled: p = a * b (full product, AW + BW bits) from three
// half-size tiled products instead of four:
//   a = aH 2^H + aL,  b = bH 2^H + bL,  H = ceil(max(AW, BW) / 2)
//   LL = aL bL,  HH = aH bH,  MM = (aL + aH)(bL + bH)
//   a b = LL + (MM - LL - HH) 2^H + HH 2^(2H)
// The five terms (the two subtracted as complements, +2 as a constant) are summed in carry-save
// form and resolved by a segmented adder. BN254 (254 x 254 bits): 3 x 40 = 120 DSP48E2 instead of
// 150. Latency zkacc_field_pkg::KaratsubaLatency(AW, BW).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_mul_karatsuba #(
  parameter int AW = 254,
  parameter int BW = 254
) (
  input  logic             clk_i,
  input  logic [AW-1:0]    a_i,
  input  logic [BW-1:0]    b_i,
  output logic [AW+BW-1:0] p_o
);
  localparam int H = zkacc_field_pkg::KaratsubaSplit(AW, BW);
  localparam int OW = AW + BW;
  localparam int LatSum = zkacc_field_pkg::AddLatency(H + 1);
  localparam int LatLL = zkacc_field_pkg::MulLatency(H, 2 * H);
  localparam int LatHH = zkacc_field_pkg::MulLatency(BW - H, OW - 2 * H);
  localparam int LatMM = zkacc_field_pkg::MulLatency(H + 1, 2 * H + 2);
  localparam int LatSub = zkacc_field_pkg::KaratsubaSubLatency(AW, BW);

  // Half sums (pipelined), the halves delayed to match.
  logic [H:0] as, bs;
  logic unused_ca, unused_cb;
  zkacc_add_pipe #(.W(H + 1)) u_as (
    .clk_i,
    .x_i   ({1'b0, a_i[H-1:0]}),
    .y_i   ((H + 1)'(a_i[AW-1:H])),
    .cin_i (1'b0),
    .sum_o (as),
    .cout_o(unused_ca)
  );
  zkacc_add_pipe #(.W(H + 1)) u_bs (
    .clk_i,
    .x_i   ({1'b0, b_i[H-1:0]}),
    .y_i   ((H + 1)'(b_i[BW-1:H])),
    .cin_i (1'b0),
    .sum_o (bs),
    .cout_o(unused_cb)
  );
  logic [AW-1:0] a_d;
  logic [BW-1:0] b_d;
  zkacc_delay #(.Width(AW + BW), .Depth(LatSum)) u_ab_d (
    .clk_i,
    .rst_ni(1'b1),
    .in_i  ({a_i, b_i}),
    .out_o ({a_d, b_d})
  );

  // The three products, aligned to the slowest.
  logic [2*H-1:0] ll, ll_d;
  logic [OW-2*H-1:0] hh, hh_d;
  logic [2*H+1:0] mm, mm_d;
  zkacc_mul_tiled #(.AW(H), .BW(H), .OW(2 * H)) u_ll (
    .clk_i,
    .a_i(a_d[H-1:0]),
    .b_i(b_d[H-1:0]),
    .p_o(ll)
  );
  zkacc_mul_tiled #(.AW(AW - H), .BW(BW - H), .OW(OW - 2 * H)) u_hh (
    .clk_i,
    .a_i(a_d[AW-1:H]),
    .b_i(b_d[BW-1:H]),
    .p_o(hh)
  );
  zkacc_mul_tiled #(.AW(H + 1), .BW(H + 1), .OW(2 * H + 2)) u_mm (
    .clk_i,
    .a_i(as),
    .b_i(bs),
    .p_o(mm)
  );
  zkacc_delay #(.Width(2 * H), .Depth(LatSub - LatLL)) u_ll_d (
    .clk_i, .rst_ni(1'b1), .in_i(ll), .out_o(ll_d));
  zkacc_delay #(.Width(OW - 2 * H), .Depth(LatSub - LatHH)) u_hh_d (
    .clk_i, .rst_ni(1'b1), .in_i(hh), .out_o(hh_d));
  zkacc_delay #(.Width(2 * H + 2), .Depth(LatSub - LatMM)) u_mm_d (
    .clk_i, .rst_ni(1'b1), .in_i(mm), .out_o(mm_d));

  // LL + HH 2^2H + MM 2^H - LL 2^H - HH 2^H  (mod 2^OW; MM - LL - HH >= 0).
  logic [(5+1)*(OW)-1:0] terms;
  assign terms[(0)*(OW)+:(OW)] = OW'(ll_d);
  assign terms[(1)*(OW)+:(OW)] = OW'(hh_d) << (2 * H);
  assign terms[(2)*(OW)+:(OW)] = OW'(mm_d) << H;
  assign terms[(3)*(OW)+:(OW)] = ~(OW'(ll_d) << H);
  assign terms[(4)*(OW)+:(OW)] = ~(OW'(hh_d) << H);
  assign terms[(5)*(OW)+:(OW)] = OW'(2);
  logic [(1+1)*(OW)-1:0] pair;
  zkacc_csa_tree #(.N(6), .W(OW)) u_tree (
    .clk_i,
    .in_i (terms),
    .out_o(pair)
  );
  logic unused_cout;
  zkacc_add_pipe #(.W(OW)) u_add (
    .clk_i,
    .x_i   (pair[(0)*(OW)+:(OW)]),
    .y_i   (pair[(1)*(OW)+:(OW)]),
    .cin_i (1'b0),
    .sum_o (p_o),
    .cout_o(unused_cout)
  );
  logic unused;
  assign unused = unused_ca ^ unused_cb ^ unused_cout;
endmodule

`default_nettype wire
