// SPDX-License-Identifier: Apache-2.0
//
// Fully pipelined G1 point adder for y^2 = x^3 + b (a = 0) in XYZZ coordinates
// (x = X/ZZ, y = Y/ZZZ, ZZ^3 = ZZZ^2; infinity iff ZZ = 0), Montgomery form throughout.
// One addition per cycle, fixed latency zkacc_field_pkg::EcAddLatency(Width, Bits) (`Latency`).
//
//   full_i = 0  mixed addition  P (XYZZ bucket) + Q (affine; (0,0) = infinity)  -- bucket
//               accumulation; Q gets ZZ = ZZZ = 1 (Montgomery one)
//   full_i = 1  full addition   P (XYZZ) + Q (XYZZ)                             -- reduction
//
// One datapath serves both and every edge case, with no help from software:
//   add-2008-s (12M + 2S):                        dbl-2008-s-1 of Q (a = 0):
//   L1  U1 = X1 ZZ2   U2 = X2 ZZ1                   L1  XX = X2^2 (always computed)
//       S1 = Y1 ZZZ2  S2 = Y2 ZZZ1                  A1  U = 2 Y2, 2XX       A2  M = 3 XX
//       ZZ12 = ZZ1 ZZ2  ZZZ12 = ZZZ1 ZZZ2           L2  V = U^2   MM = M^2
//   A1  P = U2 - U1   R = S2 - S1                   L3  W = U V   S = X2 V   ZZ3 = ZZ2 V
//   L2  PP = P^2   RR = R^2                         A3..A5  X3 = MM - 2S,  t = S - X3
//   L3  PPP = P PP   Q = U1 PP   ZZ3 = ZZ12 PP      L4  M t,  Y2 W,  ZZZ3 = ZZZ2 W
//   A3..A5  X3 = RR - PPP - 2Q,  t = Q - X3         A6  Y3 = M t - Y2 W
//   L4  R t,  S1 PPP,  ZZZ3 = ZZZ12 PPP
//   A6  Y3 = R t - S1 PPP
// After A1, P = R = 0 means P == Q: the doubling operands are switched into the same
// multipliers (U for P, M for R, X2 for U1, ZZ2 for ZZ12, Y2 for S1, ZZZ2 for ZZZ12, 0 for PPP
// in X3). P = 0, R != 0 means P == -Q: the result is infinity. P or Q at infinity: the other
// operand is passed through. Y2 = 0 under doubling gives V = 0, hence ZZ3 = 0: infinity.
// Cost: 15 Montgomery multipliers (the 14 of add-2008-s and X2^2), 10 modular add/subs.
// Layers: 4 multiplier (LM each), 6 add/sub (LA each), input and output registers.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_ec_add #(
  parameter int Width = 256,
  parameter int Bits = 254,
  parameter int TagW = 32,
  parameter logic [Width-1:0] Modulus = '0,
  parameter logic [Width-1:0] MontInv = '0,
  parameter logic [Width-1:0] One = '0  // R mod p
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              in_valid_i,
  input  logic              in_full_i,
  input  logic [Bits-1:0]   in_x1_i,
  input  logic [Bits-1:0]   in_y1_i,
  input  logic [Bits-1:0]   in_zz1_i,
  input  logic [Bits-1:0]   in_zzz1_i,
  input  logic [Bits-1:0]   in_x2_i,
  input  logic [Bits-1:0]   in_y2_i,
  input  logic [Bits-1:0]   in_zz2_i,
  input  logic [Bits-1:0]   in_zzz2_i,
  input  logic [TagW-1:0]   in_tag_i,
  output logic              out_valid_o,
  output logic [4*Bits-1:0] out_r_o,  // {zzz, zz, y, x}
  output logic [TagW-1:0]   out_tag_o
);
  localparam int B = Bits;
  localparam int LM = zkacc_field_pkg::MontMulLatency(
      Width, Bits, {{(zkacc_field_pkg::MaxW - Width){1'b0}}, MontInv});
  localparam int LA = zkacc_field_pkg::ModAddSubLatency(Bits);
  localparam int Latency = zkacc_field_pkg::EcAddLatency(
      Width, Bits, {{(zkacc_field_pkg::MaxW - Width){1'b0}}, MontInv});
  // Times (cycles after the input register) at which each layer's results are ready.
  localparam int TL1 = LM;
  localparam int TA1 = TL1 + LA;
  localparam int TA2 = TA1 + LA;
  localparam int TL2 = TA2 + LM;
  localparam int TL3 = TL2 + LM;
  localparam int TA3 = TL3 + LA;
  localparam int TA4 = TA3 + LA;
  localparam int TA5 = TA4 + LA;
  localparam int TL4 = TA5 + LM;
  localparam int TA6 = TL4 + LA;
  localparam logic [B-1:0] OneB = One[B-1:0];

`define ZKACC_MUL(name, a, b, r) \
  zkacc_mont_mul #(.Width(Width), .Bits(Bits), .Modulus(Modulus), .MontInv(MontInv)) name ( \
    .clk_i, .in_a_i(a), .in_b_i(b), .out_r_o(r));
`define ZKACC_ADDSUB(name, sub, a, b, r) \
  zkacc_mod_addsub #(.Bits(Bits), .Modulus(Modulus[Bits-1:0])) name ( \
    .clk_i, .in_sub_i(sub), .in_a_i(a), .in_b_i(b), .out_r_o(r));
`define ZKACC_DELAY(name, width, from, to, in, out) \
  zkacc_delay #(.Width(width), .Depth((to) - (from))) name ( \
    .clk_i, .rst_ni(1'b1), .in_i(in), .out_o(out));

  // Input register and the operands of the first layer.
  logic full_q;
  logic [B-1:0] x1, y1, zz1, zzz1, x2, y2, zz2_in, zzz2_in;
  always_ff @(posedge clk_i) begin
    full_q <= in_full_i;
    {x1, y1, zz1, zzz1} <= {in_x1_i, in_y1_i, in_zz1_i, in_zzz1_i};
    {x2, y2, zz2_in, zzz2_in} <= {in_x2_i, in_y2_i, in_zz2_i, in_zzz2_i};
  end
  logic [B-1:0] zz2, zzz2;
  logic p_inf, q_inf;
  assign zz2 = full_q ? zz2_in : OneB;
  assign zzz2 = full_q ? zzz2_in : OneB;
  assign p_inf = zz1 == '0;
  assign q_inf = full_q ? (zz2_in == '0) : (x2 == '0 && y2 == '0);

  // Pass-through result for an operand at infinity: P if Q is infinity (P may be too), else Q.
  logic bypass_t6;
  logic [4*B-1:0] bypass_val_t6;
  `ZKACC_DELAY(u_d_bypass, 1 + 4 * B, 0, TA6, {p_inf | q_inf, q_inf ? {zzz1, zz1, y1, x1}
                                                                  : {zzz2, zz2, y2, x2}},
               {bypass_t6, bypass_val_t6})

  // L1.
  logic [B-1:0] u1, u2, s1, s2, zz12, zzz12, xx;
  `ZKACC_MUL(u_l1_u1, x1, zz2, u1)
  `ZKACC_MUL(u_l1_u2, x2, zz1, u2)
  `ZKACC_MUL(u_l1_s1, y1, zzz2, s1)
  `ZKACC_MUL(u_l1_s2, y2, zzz1, s2)
  `ZKACC_MUL(u_l1_zz12, zz1, zz2, zz12)
  `ZKACC_MUL(u_l1_zzz12, zzz1, zzz2, zzz12)
  `ZKACC_MUL(u_l1_xx, x2, x2, xx)
  logic [B-1:0] y2_tl1;
  `ZKACC_DELAY(u_d_y2_tl1, B, 0, TL1, y2, y2_tl1)

  // A1: P = U2 - U1, R = S2 - S1, U = 2 Y2, 2 XX.
  logic [B-1:0] p, r, u, xx2;
  `ZKACC_ADDSUB(u_a1_p, 1'b1, u2, u1, p)
  `ZKACC_ADDSUB(u_a1_r, 1'b1, s2, s1, r)
  `ZKACC_ADDSUB(u_a1_u, 1'b0, y2_tl1, y2_tl1, u)
  `ZKACC_ADDSUB(u_a1_xx2, 1'b0, xx, xx, xx2)
  // P == Q (double) and P == -Q (infinity), decided once, delayed to each consumer.
  logic dbl_ta1, neg_ta1;
  assign dbl_ta1 = p == '0 && r == '0;
  assign neg_ta1 = p == '0 && r != '0;
  logic dbl_ta2, dbl_tl2, dbl_tl3, dbl_ta5, neg_ta6;
  `ZKACC_DELAY(u_d_dbl_ta2, 1, TA1, TA2, dbl_ta1, dbl_ta2)
  `ZKACC_DELAY(u_d_dbl_tl2, 1, TA2, TL2, dbl_ta2, dbl_tl2)
  `ZKACC_DELAY(u_d_dbl_tl3, 1, TL2, TL3, dbl_tl2, dbl_tl3)
  `ZKACC_DELAY(u_d_dbl_ta5, 1, TL3, TA5, dbl_tl3, dbl_ta5)
  `ZKACC_DELAY(u_d_neg_ta6, 1, TA1, TA6, neg_ta1, neg_ta6)

  // A2: M = 3 XX.
  logic [B-1:0] xx_ta1, m;
  `ZKACC_DELAY(u_d_xx_ta1, B, TL1, TA1, xx, xx_ta1)
  `ZKACC_ADDSUB(u_a2_m, 1'b0, xx2, xx_ta1, m)

  // L2: PP = P^2 or V = U^2; RR = R^2 or MM = M^2.
  logic [B-1:0] p_ta2, r_ta2, u_ta2, sq1, sq2, pp, rr;
  `ZKACC_DELAY(u_d_pru_ta2, 3 * B, TA1, TA2, {p, r, u}, {p_ta2, r_ta2, u_ta2})
  assign sq1 = dbl_ta2 ? u_ta2 : p_ta2;
  assign sq2 = dbl_ta2 ? m : r_ta2;
  `ZKACC_MUL(u_l2_pp, sq1, sq1, pp)
  `ZKACC_MUL(u_l2_rr, sq2, sq2, rr)

  // L3: PPP = P PP or W = U V;  Q = U1 PP or S = X2 V;  ZZ3 = ZZ12 PP or ZZ2 V.
  logic [B-1:0] sq1_tl2, u1_tl2, x2_tl2, zz12_tl2, zz2_tl2, ppp, q, zz3;
  `ZKACC_DELAY(u_d_sq1_tl2, B, TA2, TL2, sq1, sq1_tl2)
  `ZKACC_DELAY(u_d_u1_tl2, 2 * B, TL1, TL2, {u1, zz12}, {u1_tl2, zz12_tl2})
  `ZKACC_DELAY(u_d_x2_tl2, 2 * B, 0, TL2, {x2, zz2}, {x2_tl2, zz2_tl2})
  `ZKACC_MUL(u_l3_ppp, sq1_tl2, pp, ppp)
  `ZKACC_MUL(u_l3_q, dbl_tl2 ? x2_tl2 : u1_tl2, pp, q)
  `ZKACC_MUL(u_l3_zz3, dbl_tl2 ? zz2_tl2 : zz12_tl2, pp, zz3)

  // A3: RR - PPP (MM - 0 when doubling), 2Q.   A4: X3.   A5: t = Q - X3.
  logic [B-1:0] rr_tl3, t1, q2, x3, q_ta4, t;
  `ZKACC_DELAY(u_d_rr_tl3, B, TL2, TL3, rr, rr_tl3)
  `ZKACC_ADDSUB(u_a3_t1, 1'b1, rr_tl3, dbl_tl3 ? '0 : ppp, t1)
  `ZKACC_ADDSUB(u_a3_q2, 1'b0, q, q, q2)
  `ZKACC_ADDSUB(u_a4_x3, 1'b1, t1, q2, x3)
  `ZKACC_DELAY(u_d_q_ta4, B, TL3, TA4, q, q_ta4)
  `ZKACC_ADDSUB(u_a5_t, 1'b1, q_ta4, x3, t)

  // L4: R t or M t;  S1 PPP or Y2 W;  ZZZ3 = ZZZ12 PPP or ZZZ2 W.
  logic [B-1:0] r_ta5, m_ta5, s1_ta5, zzz12_ta5, y2_ta5, zzz2_ta5, ppp_ta5;
  logic [B-1:0] y3a, y3b, zzz3;
  `ZKACC_DELAY(u_d_r_ta5, B, TA1, TA5, r, r_ta5)
  `ZKACC_DELAY(u_d_m_ta5, B, TA2, TA5, m, m_ta5)
  `ZKACC_DELAY(u_d_s1_ta5, 2 * B, TL1, TA5, {s1, zzz12}, {s1_ta5, zzz12_ta5})
  `ZKACC_DELAY(u_d_y2_ta5, 2 * B, 0, TA5, {y2, zzz2}, {y2_ta5, zzz2_ta5})
  `ZKACC_DELAY(u_d_ppp_ta5, B, TL3, TA5, ppp, ppp_ta5)
  `ZKACC_MUL(u_l4_y3a, dbl_ta5 ? m_ta5 : r_ta5, t, y3a)
  `ZKACC_MUL(u_l4_y3b, dbl_ta5 ? y2_ta5 : s1_ta5, ppp_ta5, y3b)
  `ZKACC_MUL(u_l4_zzz3, dbl_ta5 ? zzz2_ta5 : zzz12_ta5, ppp_ta5, zzz3)

  // A6: Y3.
  logic [B-1:0] y3;
  `ZKACC_ADDSUB(u_a6_y3, 1'b1, y3a, y3b, y3)

  // Output select.
  logic [B-1:0] x3_ta6, zz3_ta6, zzz3_ta6;
  `ZKACC_DELAY(u_d_x3_ta6, B, TA4, TA6, x3, x3_ta6)
  `ZKACC_DELAY(u_d_zz3_ta6, B, TL3, TA6, zz3, zz3_ta6)
  `ZKACC_DELAY(u_d_zzz3_ta6, B, TL4, TA6, zzz3, zzz3_ta6)
  logic [4*B-1:0] r_q;
  always_ff @(posedge clk_i) begin
    if (bypass_t6) r_q <= bypass_val_t6;
    else if (neg_ta6) r_q <= '0;
    else r_q <= {zzz3_ta6, zz3_ta6, y3, x3_ta6};
  end
  assign out_r_o = r_q;

  zkacc_delay #(.Width(1), .Depth(Latency), .Reset(1'b1)) u_valid (
    .clk_i,
    .rst_ni,
    .in_i (in_valid_i),
    .out_o(out_valid_o)
  );
  zkacc_delay #(.Width(TagW), .Depth(Latency)) u_tag (
    .clk_i,
    .rst_ni(1'b1),
    .in_i (in_tag_i),
    .out_o(out_tag_o)
  );

`undef ZKACC_MUL
`undef ZKACC_ADDSUB
`undef ZKACC_DELAY
endmodule

`default_nettype wire
