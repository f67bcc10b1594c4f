// SPDX-License-Identifier: Apache-2.0
//
// Fully pipelined Montgomery multiplier: r = a * b * R^-1 mod p, R = 2^Width, for a, b < p.
// One operation per cycle, fixed latency zkacc_field_pkg::MontMulLatency(Width, Bits), exported
// as `Latency`. A pure datapath: no valid bits, no back-pressure (zkacc_mont_mul_stream adds
// both).
//
// Full-width REDC (Montgomery 1985), three products:
//   T = a * b              Bits x Bits, Karatsuba over DSP tiles          (zkacc_mul_karatsuba)
//   m = (T mod R) * p'     mod R, p' = -p^-1 mod R: CSD shift-add in LUTs (zkacc_mul_const_lo)
//   p * m                  Karatsuba over DSP tiles, p constant           (zkacc_mul_karatsuba)
//   U = (T + m p) / R = T_hi + (m p)_hi + [T_lo != 0]
//       (T_lo + (m p)_lo = 0 mod R and both are < R, so that sum is 0 or exactly R)
//   r = U >= p ? U - p : U               U < 2p
// BN254: 2 x 120 = 240 DSP48E2 (17 x 26 tiles); the low-half constant product costs LUTs only.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_mont_mul #(
  parameter int Width = 256,  // R = 2^Width
  parameter int Bits = 254,   // bit length of p; operands and result are < p
  parameter logic [Width-1:0] Modulus = '0,
  parameter logic [Width-1:0] MontInv = '0  // -p^-1 mod 2^Width
) (
  input  logic            clk_i,
  input  logic [Bits-1:0] in_a_i,
  input  logic [Bits-1:0] in_b_i,
  output logic [Bits-1:0] out_r_o
);

  localparam int LatM = zkacc_field_pkg::ConstLoLatency(
      Width, {{(zkacc_field_pkg::MaxW - Width){1'b0}}, MontInv});
  localparam int LatMp = zkacc_field_pkg::KaratsubaLatency(Bits, Width);
  localparam int LatAdd = zkacc_field_pkg::AddLatency(Bits + 1);
  localparam int HiW = 2 * Bits - Width;  // bits of T_hi

`ifdef ZKACC_SIM_BEHAVIORAL_MUL
  import "DPI-C" function void zkacc_dpi_mont_mul(input bit [511:0] a, input bit [511:0] b,
                                                 input bit [511:0] modulus, input int width,
                                                 output bit [511:0] r);
  // Simulation only (never defined for synthesis or lint): the same product and latency from a
  // behavioural model (sim/dpi/zkacc_dpi_mont_mul.cpp, the CPU field code), so that models of
  // the big units (zkacc_msm) simulate fast; sim/tb/test_msm.cpp checks that the two builds
  // give identical cycle counts and results.
  // The call is skipped while the operands equal those of the product in r_q (an idle
  // datapath holds its operands): r_q already is that product, so every output is the same as
  // with a call each cycle; at time zero a_l = b_l = r_q = 0 and 0 * 0 = 0.
  logic [Bits-1:0] a_q, b_q, r_q, a_l, b_l;
  bit [511:0] r_dpi;
  always_ff @(posedge clk_i) begin
    a_q <= in_a_i;
    b_q <= in_b_i;
    if (a_q != a_l || b_q != b_l) begin
      zkacc_dpi_mont_mul(512'(a_q), 512'(b_q), 512'(Modulus), Width, r_dpi);
      r_q <= r_dpi[Bits-1:0];
      a_l <= a_q;
      b_l <= b_q;
    end
  end
  zkacc_delay #(.Width(Bits), .Depth(zkacc_field_pkg::MontMulLatency(
      Width, Bits, {{(zkacc_field_pkg::MaxW - Width){1'b0}}, MontInv}) - 2)) u_out (
    .clk_i,
    .rst_ni(1'b1),
    .in_i (r_q),
    .out_o(out_r_o)
  );
`else
  // Input register.
  logic [Bits-1:0] a_q, b_q;
  always_ff @(posedge clk_i) begin
    a_q <= in_a_i;
    b_q <= in_b_i;
  end

  // T = a * b.
  logic [2*Bits-1:0] t;
  zkacc_mul_karatsuba #(.AW(Bits), .BW(Bits)) u_mul_ab (
    .clk_i,
    .a_i(a_q),
    .b_i(b_q),
    .p_o(t)
  );

  // m = (T mod R) * p' mod R.
  logic [Width-1:0] m;
  zkacc_mul_const_lo #(.W(Width), .C(MontInv)) u_mul_m (
    .clk_i,
    .x_i(t[Width-1:0]),
    .p_o(m)
  );

  // p * m.
  logic [Width+Bits-1:0] mp;
  zkacc_mul_karatsuba #(.AW(Bits), .BW(Width)) u_mul_mp (
    .clk_i,
    .a_i(Modulus[Bits-1:0]),
    .b_i(m),
    .p_o(mp)
  );

  // T_hi and [T_lo != 0] wait for the two constant products.
  logic [HiW:0] thi_d;
  zkacc_delay #(.Width(HiW + 1), .Depth(LatM + LatMp)) u_thi (
    .clk_i,
    .rst_ni(1'b1),
    .in_i ({t[2*Bits-1:Width], |t[Width-1:0]}),
    .out_o(thi_d)
  );

  // U = T_hi + (m p)_hi + [T_lo != 0]  (< 2p, Bits + 1 bits).
  logic [Bits:0] u;
  logic unused_u_cout;
  zkacc_add_pipe #(.W(Bits + 1)) u_add_u (
    .clk_i,
    .x_i   ((Bits + 1)'(thi_d[HiW:1])),
    .y_i   ((Bits + 1)'(mp[Width+:Bits])),
    .cin_i (thi_d[0]),
    .sum_o (u),
    .cout_o(unused_u_cout)
  );

  // D = U - p = U + ~p + 1; the carry out is set iff U >= p.
  logic [Bits:0] d, u_d;
  logic ge;
  zkacc_add_pipe #(.W(Bits + 1)) u_sub_p (
    .clk_i,
    .x_i   (u),
    .y_i   (~{1'b0, Modulus[Bits-1:0]}),
    .cin_i (1'b1),
    .sum_o (d),
    .cout_o(ge)
  );
  zkacc_delay #(.Width(Bits + 1), .Depth(LatAdd)) u_u_delay (
    .clk_i,
    .rst_ni(1'b1),
    .in_i (u),
    .out_o(u_d)
  );

  logic [Bits-1:0] r_q;
  always_ff @(posedge clk_i) r_q <= ge ? d[Bits-1:0] : u_d[Bits-1:0];
  assign out_r_o = r_q;

  logic unused_bits;  // (m p)_lo is zero mod R by construction; d, u < 2^(Bits+1)
  assign unused_bits = ^{mp[Width-1:0], d[Bits], u_d[Bits]};
`endif
endmodule

`default_nettype wire
