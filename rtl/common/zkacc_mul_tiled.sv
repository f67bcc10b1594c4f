// SPDX-License-Identifier: Apache-2.0
//
// Pipelined wide multiplier built from DSP-sized tiles: p = (a * b) mod 2^OW.
//
// a is cut into TileA = 17-bit digits a_i, b into TileB = 26-bit digits b_j; each tile product
// a_i * b_j (43 bits, one DSP48E2) is registered. Tiles whose weight 17i + 26j is at or above OW
// are not built (a truncated product, e.g. the low half for Montgomery's m). The products of
// tiles (i, j), (i+3, j), (i+6, j), ... sit 51 bits apart, so they never overlap and are
// concatenated for free into one partial-product vector; 3 * ceil(BW/26) vectors in all. A
// registered carry-save tree (6:3 counters) reduces them to two, and a segmented adder
// produces the result.
//
// Stages: tile products (1) | carry-save levels (CsaLatency(3 * NB, 1)) | adder (AddLatency(OW)).
// No stage holds more than one tile multiplication, one LUT level, or a SegW-bit carry chain.
// Latency zkacc_field_pkg::MulLatency(BW, OW). Fully pipelined: one product per cycle.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_mul_tiled #(
  parameter int AW = 256,
  parameter int BW = 256,
  parameter int OW = AW + BW
) (
  input  logic          clk_i,
  input  logic [AW-1:0] a_i,
  input  logic [BW-1:0] b_i,
  output logic [OW-1:0] p_o
);
  localparam int TA = zkacc_field_pkg::TileA;
  localparam int TB = zkacc_field_pkg::TileB;
  localparam int NA = (AW + TA - 1) / TA;
  localparam int NB = (BW + TB - 1) / TB;
  localparam int NV = 3 * NB;
  localparam int TW = TA + TB;
  // Bits of the widest partial-product vector before truncation to OW.
  localparam int VW = OW + TW;

  logic [NA*TA-1:0] a_pad;
  logic [NB*TB-1:0] b_pad;
  assign a_pad = (NA * TA)'(a_i);
  assign b_pad = (NB * TB)'(b_i);

  logic [(NV)*(OW)-1:0] vec;
  for (genvar j = 0; j < NB; j++) begin : gen_b
    for (genvar r = 0; r < 3; r++) begin : gen_phase
      // Tiles i = r, r + 3, r + 6, ... of column j, written at their weights.
      localparam int NT = (NA - r + 2) / 3;
      logic [(NT)*(TW)-1:0] prods;
      for (genvar k = 0; k < NT; k++) begin : gen_tile
        if (TA * (r + 3 * k) + TB * j < OW) begin : gen_used
          logic [TW-1:0] prod_d, prod_q;
          assign prod_d = a_pad[(r+3*k)*TA+:TA] * b_pad[j*TB+:TB];
          always_ff @(posedge clk_i) prod_q <= prod_d;
          assign prods[(k)*(TW)+:(TW)] = prod_q;
        end else begin : gen_unused
          assign prods[(k)*(TW)+:(TW)] = '0;
        end
      end
      logic [VW-1:0] row;
      always_comb begin
        row = '0;
        for (int k = 0; k < NT; k++) row[TA*(r+3*k)+TB*j+:TW] = prods[(k)*(TW)+:(TW)];
      end
      assign vec[(3*j+r)*(OW)+:(OW)] = row[OW-1:0];
      logic unused_row;  // product bits at or above 2^OW (truncation)
      assign unused_row = ^row[VW-1:OW];
    end
  end

  logic [(1+1)*(OW)-1:0] pair;
  zkacc_csa_tree #(
    .N(NV),
    .W(OW)
  ) u_tree (
    .clk_i,
    .in_i (vec),
    .out_o(pair)
  );

  logic unused_cout;
  zkacc_add_pipe #(
    .W(OW)
  ) u_add (
    .clk_i,
    .x_i   (pair[(0)*(OW)+:(OW)]),
    .y_i   (pair[(1)*(OW)+:(OW)]),
    .cin_i (1'b0),
    .sum_o (p_o),
    .cout_o(unused_cout)
  );
endmodule

`default_nettype wire
