// SPDX-License-Identifier: Apache-2.0
//
// Pipelined ripple adder: sum = x + y + cin (W bits) and the carry out, computed one SegW-bit
// segment per cycle so that no carry chain is longer than SegW bits. Latency
// zkacc_field_pkg::AddLatency(W) = ceil(W / SegW). Inputs of segment s wait s cycles, its sum
// waits S-1-s cycles, so all segments leave together.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_add_pipe #(
  parameter int W = 256,
  parameter int SegW = zkacc_field_pkg::SegW
) (
  input  logic         clk_i,
  input  logic [W-1:0] x_i,
  input  logic [W-1:0] y_i,
  input  logic         cin_i,
  output logic [W-1:0] sum_o,
  output logic         cout_o
);
  localparam int S = (W + SegW - 1) / SegW;
  localparam int WPad = S * SegW;

  logic [WPad-1:0] x_pad, y_pad, sum_pad;
  assign x_pad = WPad'(x_i);
  assign y_pad = WPad'(y_i);
  logic [S:1] carry;  // carry[s]: into segment s, registered in the cycle segment s-1 is added

  for (genvar s = 0; s < S; s++) begin : gen_seg
    logic [SegW-1:0] x_d, y_d;
    zkacc_delay #(.Width(2 * SegW), .Depth(s)) u_in (
      .clk_i,
      .rst_ni(1'b1),
      .in_i  ({x_pad[s*SegW+:SegW], y_pad[s*SegW+:SegW]}),
      .out_o ({x_d, y_d})
    );
    logic [SegW:0] seg_d;
    logic [SegW-1:0] seg_q;
    logic carry_q;
    assign seg_d = {1'b0, x_d} + {1'b0, y_d} + {{SegW{1'b0}}, (s == 0) ? cin_i : carry[s]};
    always_ff @(posedge clk_i) begin
      seg_q <= seg_d[SegW-1:0];
      carry_q <= seg_d[SegW];
    end
    assign carry[s+1] = carry_q;
    zkacc_delay #(.Width(SegW), .Depth(S - 1 - s)) u_out (
      .clk_i,
      .rst_ni(1'b1),
      .in_i  (seg_q),
      .out_o (sum_pad[s*SegW+:SegW])
    );
  end
  assign sum_o = sum_pad[W-1:0];
  // The carry out of the top segment is registered in the last cycle.
  if (WPad == W) begin : gen_cout_exact
    assign cout_o = carry[S];
  end else begin : gen_cout_inner
    // The carry out of bit W-1 sits inside the padded top segment.
    assign cout_o = sum_pad[W];
    logic unused_carry;  // the padded top segment's own carry is beyond bit W
    assign unused_carry = carry[S];
  end
endmodule

`default_nettype wire
