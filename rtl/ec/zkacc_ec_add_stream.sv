// SPDX-License-Identifier: Apache-2.0
//
// G1 adder with valid/ready streams: zkacc_ec_add plus a credit FIFO. Points are packed
// {zzz, zz, y, x}, each coordinate Width bits (bits above Bits zero). For in_full_i = 0 the
// zz/zzz fields of in_q_i are ignored and x = y = 0 means infinity. Latency = EcAddLatency + 1.
// Combinational paths: none from out_ready_i to in_ready_o or out_valid_o.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_ec_add_stream #(
  parameter int Width = 256,
  parameter int Bits = 254,
  parameter int TagW = 32,
  parameter logic [Width-1:0] Modulus = '0,
  parameter logic [Width-1:0] MontInv = '0,
  parameter logic [Width-1:0] One = '0
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               in_valid_i,
  output logic               in_ready_o,
  input  logic               in_full_i,
  input  logic [4*Width-1:0] in_p_i,
  input  logic [4*Width-1:0] in_q_i,
  input  logic [TagW-1:0]    in_tag_i,
  output logic               out_valid_o,
  input  logic               out_ready_i,
  output logic [4*Width-1:0] out_r_o,
  output logic [TagW-1:0]    out_tag_o
);
  localparam int CoreLatency = zkacc_field_pkg::EcAddLatency(
      Width, Bits, {{(zkacc_field_pkg::MaxW - Width){1'b0}}, MontInv});

  logic fire, core_valid;
  logic [4*Bits-1:0] core_r, out_bits;
  logic [TagW-1:0] core_tag;
  assign fire = in_valid_i && in_ready_o;

  zkacc_ec_add #(
    .Width  (Width),
    .Bits   (Bits),
    .TagW   (TagW),
    .Modulus(Modulus),
    .MontInv(MontInv),
    .One    (One)
  ) u_core (
    .clk_i,
    .rst_ni,
    .in_valid_i (fire),
    .in_full_i,
    .in_x1_i    (in_p_i[0*Width+:Bits]),
    .in_y1_i    (in_p_i[1*Width+:Bits]),
    .in_zz1_i   (in_p_i[2*Width+:Bits]),
    .in_zzz1_i  (in_p_i[3*Width+:Bits]),
    .in_x2_i    (in_q_i[0*Width+:Bits]),
    .in_y2_i    (in_q_i[1*Width+:Bits]),
    .in_zz2_i   (in_q_i[2*Width+:Bits]),
    .in_zzz2_i  (in_q_i[3*Width+:Bits]),
    .in_tag_i,
    .out_valid_o(core_valid),
    .out_r_o    (core_r),
    .out_tag_o  (core_tag)
  );

  zkacc_credit_fifo #(
    .Width(4 * Bits + TagW),
    .Depth(CoreLatency + 2)
  ) u_fifo (
    .clk_i,
    .rst_ni,
    .in_fire_i  (fire),
    .in_ready_o,
    .push_i     (core_valid),
    .push_data_i({core_tag, core_r}),
    .out_valid_o,
    .out_ready_i,
    .out_data_o ({out_tag_o, out_bits})
  );
  for (genvar c = 0; c < 4; c++) begin : gen_coord
    assign out_r_o[c*Width+:Width] = Width'(out_bits[c*Bits+:Bits]);
  end

  logic unused_in;
  assign unused_in = ^{in_p_i, in_q_i};  // bits above Bits in each coordinate
endmodule

`default_nettype wire
