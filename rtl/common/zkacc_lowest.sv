// SPDX-License-Identifier: Apache-2.0
//
// Lowest set bit of an N-bit vector, as a two-level tree: in each group of G bits its lowest
// set bit and whether it has one, then the lowest group with one. Combinational.
//   any_o = v_i != 0;  idx_o = the lowest i with v_i[i] (0 when none).
// A flat priority loop over N bits maps to a chain of about N multiplexers; the tree's depth
// is that of two G-input searches and one G-way select (N = 256, G = 16: 16 groups of 16).

`default_nettype none

module zkacc_lowest #(
  parameter int N = 256,  // >= 2
  parameter int G = 16    // group size, >= 2
) (
  input  logic [N-1:0]         v_i,
  output logic                 any_o,
  output logic [$clog2(N)-1:0] idx_o
);
  localparam int IW = $clog2(N);
  localparam int GW = $clog2(G);
  localparam int NG = (N + G - 1) / G;
  localparam int NGW = NG > 1 ? $clog2(NG) : 1;

  logic [NG*G-1:0] v_pad;
  assign v_pad = (NG * G)'(v_i);
  logic [NG-1:0] g_any;
  logic [NG*GW-1:0] g_idx;
  for (genvar gi = 0; gi < NG; gi++) begin : gen_group
    logic [G-1:0] v;
    logic [GW-1:0] idx;
    assign v = v_pad[gi*G+:G];
    assign g_any[gi] = v != '0;
    always_comb begin
      idx = '0;
      for (int i = G - 1; i >= 0; i--) begin
        if (v[i]) idx = GW'(i);
      end
    end
    assign g_idx[gi*GW+:GW] = idx;
  end

  logic [NGW-1:0] g;
  always_comb begin
    g = '0;
    for (int i = NG - 1; i >= 0; i--) begin
      if (g_any[i]) g = NGW'(i);
    end
  end
  assign any_o = g_any != '0;
  logic [NGW+GW-1:0] idx_full;
  assign idx_full = {g, g_idx[32'(g)*GW+:GW]};
  assign idx_o = idx_full[IW-1:0];
  if (NGW + GW > IW) begin : gen_unused
    logic unused_hi;  // zero: a set bit lies below N
    assign unused_hi = ^idx_full[NGW+GW-1:IW];
  end
endmodule

`default_nettype wire
