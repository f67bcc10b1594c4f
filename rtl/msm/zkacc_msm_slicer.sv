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
// zero scalars every 25th beat on the zkML mix of 45 % zeros). A beat moves from the input
// register (stage A: each window's slice and its compares with 2^(c-1)) to the beat register
// (stage B: the signed digits, the carries over the windows as one carry chain) in the cycle
// the last digits of the current one leave, so beats with digits follow each other without a
// gap; the first digits of a run leave three cycles after its first beat is offered.
//
// Run-time window size c_i in [zkacc_msm_pkg::CMin, C], sampled when clear_i is high (a c
// outside that range gives no digits).
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
  localparam int NC = C - zkacc_msm_pkg::CMin + 1;  // legal window sizes
  localparam int LW = $clog2(MW);
  localparam bit MwPow2 = (1 << LW) == MW;

  // ---- The run's window size, decoded once: clear_i samples c_i. ----
  // csel is c one-hot over the legal sizes (all zero for a c outside [CMin, C]: no digits),
  // cmask the bits below c, hmask bit c - 1, win_en the windows of the run. Registered, so no
  // path starts at the decode.
  localparam int DecW = MW + 2 * C + NC;
  function automatic logic [DecW-1:0] Decode(input logic [4:0] c);
    logic [NC-1:0] cs;
    logic [C-1:0] cm, hm;
    logic [MW-1:0] we;
    cs = '0;
    cm = '0;
    hm = '0;
    we = '0;
    for (int i = 0; i < NC; i++) begin
      cs[i] = 32'(c) == zkacc_msm_pkg::CMin + i;
      for (int b = 0; b < zkacc_msm_pkg::CMin + i; b++) cm[b] = cm[b] | cs[i];
      hm[zkacc_msm_pkg::CMin + i - 1] = cs[i];
      for (int w = 0; w < MW; w++) begin
        if (w < zkacc_msm_pkg::Windows(ScalarBits, zkacc_msm_pkg::CMin + i)) we[w] = we[w] | cs[i];
      end
    end
    Decode = {we, hm, cm, cs};
  endfunction
  logic [NC-1:0] csel;
  logic [C-1:0] cmask;   // bits below c
  logic [C-1:0] hmask;   // bit c - 1
  logic [MW-1:0] win_en; // windows of the run
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) {win_en, hmask, cmask, csel} <= Decode(5'(C));
    else if (clear_i) {win_en, hmask, cmask, csel} <= Decode(c_i);
  end

  // ---- Two register stages for a beat: A (the input) and B (the beat being emitted). ----
  // A holds the beat as it came, each window's c-bit slice classified against 2^(c-1)
  // (g: greater, p: equal; z: zero, o: all ones); B holds its signed digits, formed when B
  // takes the beat from A: the carries are one carry chain over the windows (a window carries
  // out iff g | (p & carry in)), each digit a select among four values formed beside it. The
  // split keeps the window select and the compares (stage A) apart from the carries and the
  // digits (stage B). A beat takes one cycle more from the input to the first digit; beats with
  // digits still follow each other without a gap (A refills in the cycle B takes its beat).
  logic a_valid_q, a_last_q, a_take, b_take;
  logic [Lanes-1:0] a_inf_q, inf_in;
  logic [Lanes*MW-1:0] a_ca_q, a_cb_q, a_z_q, a_o_q, ca_in, cb_in, z_in, o_in;
  logic [Lanes*MW*C-1:0] a_sl_q, sl_in;
  logic [NP-1:0] nz_b;
  logic [NP*DW-1:0] dig_b;
  logic [Lanes-1:0] ovf_l;
  // Everything per lane and window is generate wiring: procedural loops over 4 x 64 windows x
  // 10 sizes x the bits made Yosys's elaboration take minutes.
  for (genvar l = 0; l < Lanes; l++) begin : gen_lane
    logic [SW-1:0] s_in;
    logic [MW-1:0] co;
    assign s_in = in_scalar_i[l*SW+:SW];
    assign inf_in[l] = in_point_i[l*2*Width+:2*Width] == '0;  // points at infinity add nothing
    assign ovf_l[l] = s_in[SW-1:ScalarBits] != '0;
    for (genvar w = 0; w < MW; w++) begin : gen_win
      // The window's bits at each legal size (0 if not selected), ORed: wiring per size.
      logic [NC*C-1:0] part_in;
      for (genvar i = 0; i < NC; i++) begin : gen_size
        localparam int Cs = zkacc_msm_pkg::CMin + i;
        localparam int Lo = w * Cs;
        localparam int N = Lo >= ScalarBits ? 0 : (ScalarBits - Lo < Cs ? ScalarBits - Lo : Cs);
        if (N > 0) begin : gen_bits
          assign part_in[i*C+:C] = csel[i] ? C'(s_in[Lo+:N]) : '0;
        end else begin : gen_none
          assign part_in[i*C+:C] = '0;
        end
      end
      logic [C-1:0] si;
      logic h, lo;  // bit c - 1 of the slice, and any bit below it
      always_comb begin
        si = '0;
        for (int i = 0; i < NC; i++) si = si | part_in[i*C+:C];
      end
      assign sl_in[(l*MW+w)*C+:C] = si;
      assign h = (si & hmask) != '0;
      assign lo = (si & cmask & ~hmask) != '0;
      // The carry operands of the window (below): generate (g = h & lo, slice > 2^(c-1)) 1 + 1,
      // propagate (p = h & !lo, slice = 2^(c-1)) 1 + 0, kill 0 + 0; so g | p = h and g.
      assign ca_in[l*MW+w] = h;
      assign cb_in[l*MW+w] = h && lo;
      assign z_in[l*MW+w] = si == '0;
      assign o_in[l*MW+w] = si == cmask;
    end
    // Stage B. co[w]: window w carries out, i.e. g | (p & carry in), the carries of one
    // addition of the windows' operands (a carry chain; a Kogge-Stone prefix in LUTs was
    // mapped by Yosys as a ripple of 9-input functions, the slicer's longest path).
    logic [MW:0] ca, cb, cs;
    assign ca = {1'b0, a_ca_q[l*MW+:MW]};
    assign cb = {1'b0, a_cb_q[l*MW+:MW]};
    assign cs = ca + cb;
    assign co = cs[MW:1] ^ ca[MW:1] ^ cb[MW:1];  // the carry into each next bit
    logic unused_cs;
    assign unused_cs = cs[0];
    for (genvar w = 0; w < MW; w++) begin : gen_digit
      logic cin, neg;
      logic [C-1:0] sv, nv, sv1, nv1;
      if (w == 0) begin : gen_first
        assign cin = 1'b0;
      end else begin : gen_next
        assign cin = co[w-1];
      end
      assign neg = co[w];  // slice + cin > 2^(c-1): the digit is slice + cin - 2^c
      // |d| - 1: slice + cin - 1, or 2^c - 1 - slice - cin; the four values beside the carries.
      assign sv = a_sl_q[(l*MW+w)*C+:C];
      assign nv = ~sv & cmask;
      assign sv1 = sv - C'(1);
      assign nv1 = nv - C'(1);
      assign dig_b[(l*MW+w)*DW+BW] = neg;
      assign dig_b[(l*MW+w)*DW+:BW] = BW'(neg ? (cin ? nv1 : nv) : (cin ? sv : sv1));
      // d = 0 iff slice + cin is 0 or 2^c.
      assign nz_b[l*MW+w] = win_en[w] && !a_inf_q[l] &&
                            !((a_z_q[l*MW+w] && !cin) || (a_o_q[l*MW+w] && cin));
    end
  end

  // ---- Stage B registers. ----
  logic [NP-1:0] pend_q, pend_d;
  logic [NP*DW-1:0] dig_q;
  logic [Lanes*2*Bits-1:0] pts_q, a_pts_q;
  logic last_q, last_d, ovf_q, ovf_d_q;

  // ---- The two lowest pending digits. ----
  // Thermometer counts saturating at 3 ({>= 3, >= 2, >= 1}) of the pending digits below each
  // position: inside each group of PG positions, and over the groups below (both Kogge-Stone
  // prefixes of the same associative combine). A position is the first pick if nothing is
  // pending below it, the second if exactly one is, and stays pending if two or more are: the
  // pending mask's update needs no index and no decoder, and "at most two pending" (the beat
  // is done this cycle) is the groups' total. (Searches by index, then a decoder per position,
  // were the slicer's longest paths.)
  localparam int PG = 16;
  localparam int PGW = $clog2(PG);
  localparam int NG = (NP + PG - 1) / PG;  // >= 4: NP >= Windows(ScalarBits, CMin) = 64
  localparam int NGW = $clog2(NG);
  function automatic logic [2:0] Comb(input logic [2:0] lo, input logic [2:0] hi);
    Comb = {lo[2] | hi[2] | (lo[1] & hi[0]) | (lo[0] & hi[1]), lo[1] | hi[1] | (lo[0] & hi[0]),
            lo[0] | hi[0]};
  endfunction
  logic [NG*PG-1:0] pend_pad, left_pad;
  assign pend_pad = (NG * PG)'(pend_q);
  logic [NG*3-1:0] gcnt;           // each group's count
  logic [NG*2-1:0] gbelow;         // the groups below each group ({>= 2, >= 1})
  logic [NG*PG*2-1:0] lbelow;      // inside the group, below each position ({>= 2, >= 1})
  logic [2:0] total;               // the whole beat
  logic [NG*PG-1:0] lfirst, lsecond;  // each group's own first and second pending
  for (genvar gi = 0; gi < NG; gi++) begin : gen_pick_group
    always_comb begin
      logic [PG*3-1:0] x;
      for (int j = 0; j < PG; j++) x[j*3+:3] = {2'b00, pend_pad[gi*PG+j]};
      for (int k = 0; k < PGW; k++) begin
        for (int j = PG - 1; j >= (1 << k); j--) x[j*3+:3] = Comb(x[(j-(1<<k))*3+:3], x[j*3+:3]);
      end
      gcnt[gi*3+:3] = x[(PG-1)*3+:3];
      lbelow[gi*PG*2+:2] = '0;
      for (int j = 1; j < PG; j++) lbelow[(gi*PG+j)*2+:2] = x[(j-1)*3+:2];
    end
  end
  always_comb begin
    logic [NG*3-1:0] y;
    y = gcnt;
    for (int k = 0; k < NGW; k++) begin
      for (int gi = NG - 1; gi >= (1 << k); gi--) y[gi*3+:3] = Comb(y[(gi-(1<<k))*3+:3], y[gi*3+:3]);
    end
    gbelow[0+:2] = '0;
    for (int gi = 1; gi < NG; gi++) gbelow[gi*2+:2] = y[(gi-1)*3+:2];
    total = y[(NG-1)*3+:3];
  end
  logic has0, has1, le2;
  assign has0 = total[0];
  assign has1 = total[1];
  assign le2 = !total[2];
  for (genvar gi = 0; gi < NG; gi++) begin : gen_pick_pos
    for (genvar j = 0; j < PG; j++) begin : gen_pos
      logic [1:0] lb, gb;  // {>= 2, >= 1}
      logic v, t2;
      assign v = pend_pad[gi*PG+j];
      assign lb = lbelow[(gi*PG+j)*2+:2];
      assign gb = gbelow[gi*2+:2];
      assign t2 = lb[1] | gb[1] | (lb[0] & gb[0]);     // >= 2 pending below: stays pending
      assign left_pad[gi*PG+j] = v && t2;
      assign lfirst[gi*PG+j] = v && !lb[0];
      assign lsecond[gi*PG+j] = v && lb[0] && !lb[1];
    end
  end
  logic [NP-1:0] pend_left;  // pending after this cycle's picks
  assign pend_left = NP'(left_pad);
  logic unused_pad;
  assign unused_pad = ^left_pad;  // the pad positions are never pending

  // The picks' digits and indices, two levels of AND-OR: in each group by its own first and
  // second one-hot, then over the groups by the group of each pick (a 256-way select by the
  // picks' indices was on the slicer's longest path).
  localparam int EN = PG > NG ? PG : NG;  // one encoder for both levels
  localparam int EW = $clog2(EN);
  function automatic logic [EW-1:0] Enc(input logic [EN-1:0] oh);  // one-hot -> index
    Enc = '0;
    for (int j = 0; j < EN; j++) Enc = Enc | ({EW{oh[j]}} & EW'(j));
  endfunction
  logic [NG*PG*DW-1:0] dig_pad;
  assign dig_pad = (NG * PG * DW)'(dig_q);
  logic [NG*DW-1:0] fd, sd;    // each group's first and second pending digit
  logic [NG*PGW-1:0] fi, si;   // and their positions in the group
  for (genvar gi = 0; gi < NG; gi++) begin : gen_pick_data
    always_comb begin
      fd[gi*DW+:DW] = '0;
      sd[gi*DW+:DW] = '0;
      for (int j = 0; j < PG; j++) begin
        fd[gi*DW+:DW] = fd[gi*DW+:DW] | ({DW{lfirst[gi*PG+j]}} & dig_pad[(gi*PG+j)*DW+:DW]);
        sd[gi*DW+:DW] = sd[gi*DW+:DW] | ({DW{lsecond[gi*PG+j]}} & dig_pad[(gi*PG+j)*DW+:DW]);
      end
    end
    assign fi[gi*PGW+:PGW] = PGW'(Enc(EN'(lfirst[gi*PG+:PG])));
    assign si[gi*PGW+:PGW] = PGW'(Enc(EN'(lsecond[gi*PG+:PG])));
  end
  logic [NG-1:0] gsel0, gsel1s, gsel1f;  // first pick's group; second's: same group, next
  for (genvar gi = 0; gi < NG; gi++) begin : gen_pick_gsel
    logic [1:0] gb, gc;
    assign gb = gbelow[gi*2+:2];
    assign gc = gcnt[gi*3+:2];
    assign gsel0[gi] = gc[0] && !gb[0];
    assign gsel1s[gi] = gc[1] && !gb[0];
    assign gsel1f[gi] = gc[0] && gb[0] && !gb[1];
  end
  logic [DW-1:0] dg0, dg1;
  logic [PW-1:0] pick0, pick1;
  always_comb begin
    logic [PGW-1:0] f0, f1;
    dg0 = '0;
    dg1 = '0;
    f0 = '0;
    f1 = '0;
    for (int gi = 0; gi < NG; gi++) begin
      dg0 = dg0 | ({DW{gsel0[gi]}} & fd[gi*DW+:DW]);
      dg1 = dg1 | ({DW{gsel1s[gi]}} & sd[gi*DW+:DW]) | ({DW{gsel1f[gi]}} & fd[gi*DW+:DW]);
      f0 = f0 | ({PGW{gsel0[gi]}} & fi[gi*PGW+:PGW]);
      f1 = f1 | ({PGW{gsel1s[gi]}} & si[gi*PGW+:PGW]) | ({PGW{gsel1f[gi]}} & fi[gi*PGW+:PGW]);
    end
    pick0 = PW'({NGW'(Enc(EN'(gsel0))), f0});
    pick1 = PW'({NGW'(Enc(EN'(gsel1s | gsel1f))), f1});
  end

  logic [1:0] out_valid_q;
  logic fill;
  assign fill = has0 && (out_valid_q == '0 || out_ready_i);
  // B is free when nothing is pending after this cycle's picks; A when B takes its beat.
  assign b_take = a_valid_q && !last_q && (!has0 || (fill && le2));
  assign in_ready_o = !last_q && !(a_valid_q && a_last_q) && (!a_valid_q || b_take);
  assign a_take = in_valid_i && in_ready_o;

  always_comb begin
    // B's beat: nothing is left when it takes the next (!has0, or the picks take the last).
    pend_d = (fill ? pend_left : pend_q) | (b_take ? nz_b : '0);
    last_d = last_q | (b_take && a_last_q);
    ovf_d_q = ovf_q | (a_take && ovf_l != '0);
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
      a_valid_q <= 1'b0;
    end else begin
      pend_q <= pend_d;
      last_q <= last_d;
      ovf_q <= ovf_d_q;
      a_valid_q <= !clear_i && (a_take || (a_valid_q && !b_take));
    end
  end

  // Each lane's point and its negation -P = (x, p - y), formed when A takes the beat: the
  // pick below only selects (the 254-bit subtraction after the pick, 64 CARRY4 behind the
  // pick's LUT levels, was the engine's longest path). p - y = p + ~y + 1 as a carry-select
  // over NS segments of at most 128 bits (2 of 127 for BN254, 3 of 127 for BLS12-381): each
  // segment above the lowest is formed for a carry in of 0 and of 1 at once (a constant plus
  // ~y), and the carries from below pick one, so no carry chain is longer than a segment
  // (one segment more than two adds one LUT level of carry select).
  localparam int NS = (Bits + 127) / 128;
  localparam int SL = (Bits + NS - 1) / NS;
  logic [Lanes*2*Bits-1:0] pts_in;
  logic [Lanes*Bits-1:0] nys_in, a_nys_q, nys_q;
  always_comb begin
    for (int l = 0; l < Lanes; l++) begin
      pts_in[l*2*Bits+:Bits] = in_point_i[l*2*Width+:Bits];
      pts_in[l*2*Bits+Bits+:Bits] = in_point_i[l*2*Width+Width+:Bits];
    end
  end
  // y != 0 for a point of the curve (no point of order 2); (0, 0), the point at infinity, has
  // no digits.
  for (genvar l = 0; l < Lanes; l++) begin : gen_neg
    logic [Bits-1:0] y, n0, n1;  // the segments for a carry in of 0 and of 1
    logic [NS-1:0] co0, co1, sel;
    assign y = in_point_i[l*2*Width+Width+:Bits];
    for (genvar k = 0; k < NS; k++) begin : gen_seg
      localparam int Lo = k * SL;
      localparam int N = Bits - Lo < SL ? Bits - Lo : SL;
      localparam logic [N:0] P0 = {1'b0, Modulus[Lo+:N]};
      localparam logic [N:0] P1 = {1'b0, Modulus[Lo+:N]} + (N + 1)'(1);
      logic [N:0] s0, s1;
      assign s0 = P0 + {1'b0, ~y[Lo+:N]};
      assign s1 = P1 + {1'b0, ~y[Lo+:N]};
      assign {co0[k], n0[Lo+:N]} = s0;
      assign {co1[k], n1[Lo+:N]} = s1;
      assign nys_in[l*Bits+Lo+:N] = sel[k] ? n1[Lo+:N] : n0[Lo+:N];
    end
    // The carry into each segment: 1 into the lowest (the + 1), then each segment's carry out
    // for the carry it got.
    always_comb begin
      logic c;
      c = 1'b1;
      for (int k = 0; k < NS; k++) begin
        sel[k] = c;
        c = c ? co1[k] : co0[k];
      end
    end
    logic unused_neg;  // p - y < p: no carry out of the top; the lowest has a carry in of 1
    assign unused_neg = ^{co0[NS-1], co1[NS-1], co0[0], n0[SL-1:0]};
  end
  always_ff @(posedge clk_i) begin
    if (a_take) begin
      a_last_q <= in_last_i;
      a_sl_q <= sl_in;
      a_inf_q <= inf_in;
      a_ca_q <= ca_in;
      a_cb_q <= cb_in;
      a_z_q <= z_in;
      a_o_q <= o_in;
      a_pts_q <= pts_in;
      a_nys_q <= nys_in;
    end
    if (b_take) begin
      dig_q <= dig_b;
      pts_q <= a_pts_q;
      nys_q <= a_nys_q;
    end
  end

  // ---- Output registers: the picked digits as bucket operations. ----
  localparam int OpW = zkacc_msm_pkg::KeyW + 6 + 2 * Bits;  // {k, window, y, x}
  function automatic logic [OpW-1:0] Op(input logic [PW-1:0] pick, input logic [DW-1:0] dg,
                                        input logic [Lanes*2*Bits-1:0] pts,
                                        input logic [Lanes*Bits-1:0] nys, input logic [NC-1:0] sel);
    logic [PW-LW:0] lane;  // one bit spare: PW = LW with one lane
    logic [LW-1:0] w;
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
    if (fill) op_q <= {Op(pick1, dg1, pts_q, nys_q, csel), Op(pick0, dg0, pts_q, nys_q, csel)};
  end
  assign out_valid_o = out_valid_q;
  for (genvar j = 0; j < 2; j++) begin : gen_out
    assign {out_k_o[j*zkacc_msm_pkg::KeyW+:zkacc_msm_pkg::KeyW], out_win_o[j*6+:6],
            out_y_o[j*Bits+:Bits], out_x_o[j*Bits+:Bits]} = op_q[j*OpW+:OpW];
  end
  assign done_o = last_q && !has0 && out_valid_q == '0;
  assign overflow_o = ovf_q;

  logic unused;
  assign unused = ^in_point_i;  // the bits above Bits of each coordinate
endmodule

`default_nettype wire
