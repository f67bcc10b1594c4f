// SPDX-License-Identifier: Apache-2.0
//
// Lowest set bit of an N-bit vector, as a two-level tree: in each group of G bits its lowest
// set bit and whether it has one, then the lowest group with one. Combinational.
//   any_o = v_i != 0;  idx_o = the lowest i with v_i[i] (0 when none);
//   oh_o = that bit alone, one-hot (0 when none), for updates by a decoder per position.
// A flat priority loop over N bits maps to a chain of about N multiplexers; the tree's depth
// is that of two G-input searches and one G-way select (N = 256, G = 16: 16 groups of 16). The
// select is an AND-OR over the groups by the lowest group's one-hot: an index part-select
// (g_idx[g * GW +: GW]) is mapped with a shifter on the path.

`default_nettype none

module zkacc_lowest #(
  parameter int N = 256,  // >= 2
  parameter int G = 16    // group size, >= 2
) (
  input  logic [N-1:0]         v_i,
  output logic                 any_o,
  output logic [$clog2(N)-1:0] idx_o,
  output logic [N-1:0]         oh_o
);
  localparam int IW = $clog2(N);
  localparam int GW = $clog2(G);
  localparam int NG = (N + G - 1) / G;
  localparam int NGW = NG > 1 ? $clog2(NG) : 1;

  logic [NG*G-1:0] v_pad;
  assign v_pad = (NG * G)'(v_i);
  logic [NG-1:0] g_any;
  logic [NG*GW-1:0] g_idx;
  logic [NG*G-1:0] g_oh;  // per group, its lowest set bit alone
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
    for (genvar bi = 0; bi < G; bi++) begin : gen_oh
      if (bi == 0) begin : gen_first
        assign g_oh[gi*G] = v[0];
      end else begin : gen_rest
        assign g_oh[gi*G+bi] = v[bi] && v[bi-1:0] == '0;
      end
    end
  end

  // The lowest group with a set bit, one-hot; its index and its entries by AND-ORs.
  logic [NG-1:0] gsel;
  for (genvar gi = 0; gi < NG; gi++) begin : gen_gsel
    if (gi == 0) begin : gen_first
      assign gsel[0] = g_any[0];
    end else begin : gen_rest
      assign gsel[gi] = g_any[gi] && g_any[gi-1:0] == '0;
    end
  end
  logic [NGW-1:0] g;
  logic [GW-1:0] gl;
  always_comb begin
    g = '0;
    gl = '0;
    for (int i = 0; i < NG; i++) begin
      g = g | (gsel[i] ? NGW'(i) : '0);
      gl = gl | (gsel[i] ? g_idx[i*GW+:GW] : '0);
    end
  end
  logic [NG*G-1:0] oh_full;
  for (genvar gi = 0; gi < NG; gi++) begin : gen_ohsel
    assign oh_full[gi*G+:G] = gsel[gi] ? g_oh[gi*G+:G] : '0;
  end
  assign oh_o = oh_full[N-1:0];
  if (NG * G > N) begin : gen_unused_oh
    logic unused_oh;  // zero: the padding is zero
    assign unused_oh = ^oh_full[NG*G-1:N];
  end
  assign any_o = g_any != '0;
  logic [NGW+GW-1:0] idx_full;
  assign idx_full = {g, gl};
  assign idx_o = idx_full[IW-1:0];
  if (NGW + GW > IW) begin : gen_unused
    logic unused_hi;  // zero: a set bit lies below N
    assign unused_hi = ^idx_full[NGW+GW-1:IW];
  end
endmodule

`default_nettype wire
