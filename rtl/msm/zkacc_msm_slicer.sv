// SPDX-License-Identifier: Apache-2.0
//
// Digit slicer of the MSM engine: takes beats of Lanes (scalar, affine point) pairs and emits
// one bucket operation per non-zero signed digit, up to two per cycle (the scheduler looks at
// two operations at a time, and a faster slicer keeps its queue full):
//
//   out_k_o    bucket address w 2^(c-1) + |d| - 1 (zkacc_msm_pkg)
//   out_win_o  the window w (for the per-window counters)
//   out_x_o, out_y_o   sign(d) P in affine form (y negated mod p for d < 0)
//
// Zero scalars, zero digits and points at infinity ((0, 0)) cost no output slot; a beat whose
// digits are all zero costs one cycle, whatever its lane count (Lanes = 4: a beat of four
// zero scalars every 25th beat on the zkML mix of 45 % zeros). A new beat is taken in the cycle
// the last digits of the current one leave, so beats with digits follow each other without a
// gap. Digits are computed when a beat is taken (one register stage; the carry chain over the
// windows is a prefix computation of Windows() small compares).
//
// Run-time window size c_i in [zkacc_msm_pkg::CMin, C], stable between clear_i pulses.
// Scalars with a bit at or above ScalarBits set overflow_o (sticky until clear_i) and are
// sliced modulo 2^ScalarBits: the engine reports the error, the result is not to be used.
//
// Streams: out_valid_o is a register. in_ready_o depends combinationally on out_ready_i (the
// beat is free in the cycle its last digits are taken). clear_i drops everything held.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_MSM_PKG_SV
`include "rtl/msm/zkacc_msm_pkg.sv"
`endif

`default_nettype none

module zkacc_msm_slicer #(
  parameter int Width = 256,
  parameter int Bits = 254,
  parameter int ScalarBits = 254,
  parameter int C = 13,
  parameter int Lanes = 4,
  parameter logic [Width-1:0] Modulus = '0
) (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,
  input  logic                                  clear_i,
  input  logic [4:0]                            c_i,
  input  logic                                  in_valid_i,
  output logic                                  in_ready_o,
  input  logic                                  in_last_i,
  input  logic [Lanes*zkacc_msm_pkg::ScalarW-1:0] in_scalar_i,
  input  logic [Lanes*2*Width-1:0]              in_point_i,   // lane l: {y, x} at 2 Width l
  output logic [1:0]                            out_valid_o,  // ops 0 and 1 (1 only with 0)
  input  logic                                  out_ready_i,  // takes every valid op
  output logic [2*zkacc_msm_pkg::KeyW-1:0]      out_k_o,
  output logic [11:0]                           out_win_o,
  output logic [2*Bits-1:0]                     out_x_o,
  output logic [2*Bits-1:0]                     out_y_o,
  output logic                                  done_o,       // last beat taken and emptied
  output logic                                  overflow_o
);
  localparam int SW = zkacc_msm_pkg::ScalarW;
  localparam int MW = zkacc_msm_pkg::Windows(ScalarBits, zkacc_msm_pkg::CMin);
  localparam int BW = C - 1;          // bucket index bits
  localparam int DW = BW + 1;         // {neg, bucket}
  localparam int NP = Lanes * MW;     // digit positions of a beat
  localparam int PW = $clog2(NP);

  // ---- Digits of an incoming beat (combinational, registered when the beat is taken). ----
  // No arithmetic depends on c at run time: csel is c_i one-hot over the legal sizes, each
  // window's c-bit slice is plain wiring per size (an AND-OR over the sizes), and the signed
  // digit needs only C-bit decrements. With g = slice > 2^(c-1) and p = slice == 2^(c-1), the
  // window carries out iff g | (p & carry in): the carries are a parallel prefix (log2(MW)
  // levels) over the windows, not a ripple through adders.
  localparam int NC = C - zkacc_msm_pkg::CMin + 1;  // legal window sizes
  localparam int LW = $clog2(MW);
  localparam bit MwPow2 = (1 << LW) == MW;
  logic [NC-1:0] csel;
  logic [C-1:0] cmask;   // bits below c
  logic [C-1:0] hmask;   // bit c - 1
  logic [MW-1:0] win_en; // windows of the run
  logic ovf_d;
  always_comb begin
    cmask = '0;
    hmask = '0;
    win_en = '0;
    for (int i = 0; i < NC; i++) begin
      csel[i] = 32'(c_i) == zkacc_msm_pkg::CMin + i;
      for (int b = 0; b < zkacc_msm_pkg::CMin + i; b++) cmask[b] = cmask[b] | csel[i];
      hmask[zkacc_msm_pkg::CMin + i - 1] = csel[i];
      for (int w = 0; w < MW; w++) begin
        if (w < zkacc_msm_pkg::Windows(ScalarBits, zkacc_msm_pkg::CMin + i)) begin
          win_en[w] = win_en[w] | csel[i];
        end
      end
    end
  end

  // Everything per lane and window is generate wiring: procedural loops over 4 x 64 windows x
  // 10 sizes x the bits made Yosys's elaboration take minutes.
  logic [NP-1:0] nz_d;
  logic [NP*DW-1:0] dig_d;
  logic [Lanes-1:0] ovf_l;
  for (genvar l = 0; l < Lanes; l++) begin : gen_lane
    logic [SW-1:0] s;
    logic inf;
    logic [MW*C-1:0] slice;              // window w at C w
    logic [MW-1:0] g, p;
    logic [MW-1:0] co;
    assign s = in_scalar_i[l*SW+:SW];
    assign inf = in_point_i[l*2*Width+:2*Width] == '0;  // points at infinity add nothing
    assign ovf_l[l] = s[SW-1:ScalarBits] != '0;
    for (genvar w = 0; w < MW; w++) begin : gen_win
      logic [NC*C-1:0] part;  // the window's bits at each legal size (0 if not selected)
      for (genvar i = 0; i < NC; i++) begin : gen_size
        localparam int Cs = zkacc_msm_pkg::CMin + i;
        localparam int Lo = w * Cs;
        localparam int N = Lo >= ScalarBits ? 0 : (ScalarBits - Lo < Cs ? ScalarBits - Lo : Cs);
        if (N > 0) begin : gen_bits
          assign part[i*C+:C] = csel[i] ? C'(s[Lo+:N]) : '0;
        end else begin : gen_none
          assign part[i*C+:C] = '0;
        end
      end
      always_comb begin
        slice[w*C+:C] = '0;
        for (int i = 0; i < NC; i++) slice[w*C+:C] = slice[w*C+:C] | part[i*C+:C];
      end
      assign g[w] = (slice[w*C+:C] & hmask) != '0 && (slice[w*C+:C] & cmask & ~hmask) != '0;
      assign p[w] = (slice[w*C+:C] & hmask) != '0 && (slice[w*C+:C] & cmask & ~hmask) == '0;
    end
    // co[w]: window w carries out, i.e. the generate of windows 0..w (Kogge-Stone prefix).
    always_comb begin
      logic [MW-1:0] gk, pk;
      gk = g;
      pk = p;
      for (int k = 0; k < LW; k++) begin
        for (int w = MW - 1; w >= (1 << k); w--) begin
          gk[w] = gk[w] | (pk[w] & gk[w-(1<<k)]);
          pk[w] = pk[w] & pk[w-(1<<k)];
        end
      end
      co = gk;
    end
    for (genvar w = 0; w < MW; w++) begin : gen_digit
      logic cin, neg, dec;
      logic [C-1:0] t;
      if (w == 0) begin : gen_first
        assign cin = 1'b0;
      end else begin : gen_next
        assign cin = co[w-1];
      end
      assign neg = co[w];  // slice + cin > 2^(c-1): the digit is slice + cin - 2^c
      // |d| - 1: slice + cin - 1, or 2^c - 1 - slice - cin; |d| = 0 iff t = 0 and dec.
      assign t = neg ? (~slice[w*C+:C] & cmask) : slice[w*C+:C];
      assign dec = neg ? cin : !cin;
      assign dig_d[(l*MW+w)*DW+BW] = neg;
      assign dig_d[(l*MW+w)*DW+:BW] = BW'(t - C'(dec));
      assign nz_d[l*MW+w] = win_en[w] && !(t == '0 && dec) && !inf;
    end
  end
  assign ovf_d = ovf_l != '0;

  // ---- Beat registers. ----
  logic [NP-1:0] pend_q, pend_d;
  logic [NP*DW-1:0] dig_q;
  logic [Lanes*2*Bits-1:0] pts_q;
  logic last_q, last_d, ovf_q, ovf_d_q;

  // The two lowest pending digits, as a two-level tree: in each group of PG positions its
  // lowest and second-lowest pending digit, then the lowest group with one, and for the second
  // pick either that group's second or the next group's first (a 256-step priority loop here
  // was the engine's longest path, a chain of multiplexers).
  localparam int PG = 16;
  localparam int PGW = $clog2(PG);
  localparam int NG = (NP + PG - 1) / PG;  // >= 4: NP >= Windows(ScalarBits, CMin) = 64
  localparam int NGW = $clog2(NG);
  // Each search is a zkacc_lowest (the pool's search): an index and the bit alone, one-hot;
  // clearing that bit (v & ~oh, no subtraction: v & (v - 1) was a carry chain on the pick
  // path) gives the vector of the next search.
  logic [NG*PG-1:0] pend_pad;
  assign pend_pad = (NG * PG)'(pend_q);
  logic [NG-1:0] g_any, g_two;
  logic [NG*PGW-1:0] g_first, g_second;
  for (genvar gi = 0; gi < NG; gi++) begin : gen_pick_group
    logic [PG-1:0] v, v_oh, v2, unused_v2_oh;
    assign v = pend_pad[gi*PG+:PG];
    zkacc_lowest #(.N(PG), .G(PG)) u_first (
      .v_i(v), .any_o(g_any[gi]), .idx_o(g_first[gi*PGW+:PGW]), .oh_o(v_oh));
    assign v2 = v & ~v_oh;  // the lowest pending cleared
    zkacc_lowest #(.N(PG), .G(PG)) u_second (
      .v_i(v2), .any_o(g_two[gi]), .idx_o(g_second[gi*PGW+:PGW]), .oh_o(unused_v2_oh));
  end
  // The lowest group with a pending digit, and the lowest of the others.
  logic [NG-1:0] gsel0, later, gsel1;
  logic [NGW-1:0] g0, g1;
  logic has_later;
  logic [PW-1:0] pick0, pick1;
  logic has0, has1;
  zkacc_lowest #(.N(NG)) u_group0 (.v_i(g_any), .any_o(has0), .idx_o(g0), .oh_o(gsel0));
  assign later = g_any & ~gsel0;
  zkacc_lowest #(.N(NG)) u_group1 (.v_i(later), .any_o(has_later), .idx_o(g1), .oh_o(gsel1));
  always_comb begin
    logic [PGW-1:0] f0, s0, f1;
    logic two0;
    // The group's entries by AND-ORs over the groups' one-hots (an index times PGW was an
    // adder in front of a shifter on the slicer's pick path).
    f0 = '0;
    s0 = '0;
    f1 = '0;
    for (int gi = 0; gi < NG; gi++) begin
      f0 = f0 | (gsel0[gi] ? g_first[gi*PGW+:PGW] : '0);
      s0 = s0 | (gsel0[gi] ? g_second[gi*PGW+:PGW] : '0);
      f1 = f1 | (gsel1[gi] ? g_first[gi*PGW+:PGW] : '0);
    end
    two0 = (gsel0 & g_two) != '0;
    pick0 = PW'({g0, f0});
    if (two0) begin
      has1 = 1'b1;
      pick1 = PW'({g0, s0});
    end else begin
      has1 = has_later;
      pick1 = PW'({g1, f1});
    end
  end

  logic [1:0] out_valid_q;
  logic fill, take;
  logic [NP-1:0] pend_left;  // pending after this cycle's picks
  always_comb begin
    for (int i = 0; i < NP; i++) begin  // a decoder per position, no shifter
      pend_left[i] = pend_q[i] && !(32'(pick0) == i) && !(has1 && 32'(pick1) == i);
    end
  end
  assign fill = has0 && (out_valid_q == '0 || out_ready_i);
  // The beat is free when nothing is pending after this cycle's picks.
  assign in_ready_o = !last_q && (!has0 || (fill && pend_left == '0));
  assign take = in_valid_i && in_ready_o;

  always_comb begin
    pend_d = fill ? pend_left : pend_q;
    last_d = last_q;
    ovf_d_q = ovf_q;
    if (take) begin
      pend_d = nz_d;
      last_d = in_last_i;
      ovf_d_q = ovf_q | ovf_d;
    end
    if (clear_i) begin
      pend_d = '0;
      last_d = 1'b0;
      ovf_d_q = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pend_q <= '0;
      last_q <= 1'b0;
      ovf_q <= 1'b0;
    end else begin
      pend_q <= pend_d;
      last_q <= last_d;
      ovf_q <= ovf_d_q;
    end
  end

  // Each lane's point and its negation -P = (x, p - y), formed when the beat is taken: the
  // pick below only selects (the 254-bit subtraction after the pick, 64 CARRY4 behind the
  // pick's LUT levels, was the engine's longest path). p - y = p + ~y + 1 as a carry-select
  // of two halves: the low half's carry picks one of two high halves formed at once (carry
  // in 0 and 1, each a constant plus ~y), so no carry chain is longer than half the width.
  localparam int NegLo = Bits / 2;
  localparam int NegHi = Bits - NegLo;
  localparam logic [NegLo:0] NegPLo1 = {1'b0, Modulus[NegLo-1:0]} + (NegLo + 1)'(1);
  localparam logic [NegHi-1:0] NegPHi0 = Modulus[Bits-1:NegLo];
  localparam logic [NegHi-1:0] NegPHi1 = Modulus[Bits-1:NegLo] + NegHi'(1);
  function automatic logic [Bits-1:0] NegY(input logic [Bits-1:0] y);
    logic [NegLo:0] lo;
    logic [NegHi-1:0] hi0, hi1;
    lo = NegPLo1 + {1'b0, ~y[NegLo-1:0]};
    hi0 = NegPHi0 + ~y[Bits-1:NegLo];  // no carry from the low half
    hi1 = NegPHi1 + ~y[Bits-1:NegLo];  // a carry from the low half
    NegY = {lo[NegLo] ? hi1 : hi0, lo[NegLo-1:0]};
  endfunction
  logic [Lanes*2*Bits-1:0] pts_in;
  logic [Lanes*Bits-1:0] nys_in, nys_q;
  always_comb begin
    for (int l = 0; l < Lanes; l++) begin
      pts_in[l*2*Bits+:Bits] = in_point_i[l*2*Width+:Bits];
      pts_in[l*2*Bits+Bits+:Bits] = in_point_i[l*2*Width+Width+:Bits];
      // y != 0 for a point of the curve (no point of order 2); (0, 0), the point at
      // infinity, has no digits.
      nys_in[l*Bits+:Bits] = NegY(in_point_i[l*2*Width+Width+:Bits]);
    end
  end
  always_ff @(posedge clk_i) begin
    if (take) begin
      dig_q <= dig_d;
      pts_q <= pts_in;
      nys_q <= nys_in;
    end
  end

  // ---- Output registers: the picked digits as bucket operations. ----
  localparam int OpW = zkacc_msm_pkg::KeyW + 6 + 2 * Bits;  // {k, window, y, x}
  function automatic logic [OpW-1:0] Op(input logic [PW-1:0] pick, input logic [NP*DW-1:0] dig,
                                        input logic [Lanes*2*Bits-1:0] pts,
                                        input logic [Lanes*Bits-1:0] nys, input logic [NC-1:0] sel);
    logic [PW-LW:0] lane;  // one bit spare: PW = LW with one lane
    logic [LW-1:0] w;
    logic [DW-1:0] dg;
    logic [Bits-1:0] x;
    logic [Bits-1:0] y;
    logic [zkacc_msm_pkg::KeyW-1:0] key;
    // pick = lane * MW + w: bit fields when MW is a power of two (64 for BN254 and
    // BLS12-381), not a divider.
    if (MwPow2) begin
      lane = (PW - LW + 1)'(pick >> LW);
      w = LW'(pick);
    end else begin
      lane = (PW - LW + 1)'(32'(pick) / MW);
      w = LW'(32'(pick) % MW);
    end
    // The digit by an AND-OR over the positions at fixed offsets (dig[pick * DW +: DW] was a
    // multiplication by DW, a 30-bit adder, and a barrel shifter on the slicer's pick path).
    dg = '0;
    for (int i = 0; i < NP; i++) dg = dg | ({DW{pick == PW'(i)}} & dig[i*DW+:DW]);
    // The lane's point (y or p - y by the digit's sign) by an AND-OR over the lanes at fixed
    // offsets (indexed by lane, the offset lane * 2 * Bits was a multiplier on the engine's
    // longest path).
    x = '0;
    y = '0;
    for (int l = 0; l < Lanes; l++) begin
      x = x | ({Bits{32'(lane) == l}} & pts[l*2*Bits+:Bits]);
      y = y | ({Bits{32'(lane) == l && !dg[BW]}} & pts[l*2*Bits+Bits+:Bits]) |
          ({Bits{32'(lane) == l && dg[BW]}} & nys[l*Bits+:Bits]);
    end
    key = '0;  // w 2^(c-1) + bucket, the bucket below 2^(c-1): an OR of fixed shifts
    for (int i = 0; i < NC; i++) begin
      if (sel[i]) key = key | (zkacc_msm_pkg::KeyW'(w) << (zkacc_msm_pkg::CMin + i - 1));
    end
    Op = {key | zkacc_msm_pkg::KeyW'(dg[BW-1:0]), 6'(w), y, x};
  endfunction

  logic [2*OpW-1:0] op_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) out_valid_q <= '0;
    else if (clear_i) out_valid_q <= '0;
    else if (fill) out_valid_q <= {has1, 1'b1};
    else if (out_ready_i) out_valid_q <= '0;
  end
  always_ff @(posedge clk_i) begin
    if (fill) op_q <= {Op(pick1, dig_q, pts_q, nys_q, csel), Op(pick0, dig_q, pts_q, nys_q, csel)};
  end
  assign out_valid_o = out_valid_q;
  for (genvar j = 0; j < 2; j++) begin : gen_out
    assign {out_k_o[j*zkacc_msm_pkg::KeyW+:zkacc_msm_pkg::KeyW], out_win_o[j*6+:6],
            out_y_o[j*Bits+:Bits], out_x_o[j*Bits+:Bits]} = op_q[j*OpW+:OpW];
  end
  assign done_o = last_q && pend_q == '0 && out_valid_q == '0;
  assign overflow_o = ovf_q;

  logic unused;
  assign unused = ^in_point_i;  // the bits above Bits of each coordinate
endmodule

`default_nettype wire
