// SPDX-License-Identifier: Apache-2.0
//
// Modular add/sub with valid/ready streams: zkacc_mod_addsub plus a credit FIFO. Ports are
// Width bits wide; bits above Bits must be zero. Latency = ModAddSubLatency + 1. Combinational
// paths: none from out_ready_i to in_ready_o or out_valid_o.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_mod_addsub_stream #(
  parameter int Width = 256,
  parameter int Bits = 254,
  parameter logic [Width-1:0] Modulus = '0
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_a_i,
  input  logic [Width-1:0] in_b_i,
  input  logic             in_sub_i,
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_r_o
);
  localparam int CoreLatency = zkacc_field_pkg::ModAddSubLatency(Bits);

  logic fire, core_valid;
  logic [Bits-1:0] core_r, out_bits;
  assign fire = in_valid_i && in_ready_o;

  zkacc_mod_addsub #(
    .Bits   (Bits),
    .Modulus(Modulus[Bits-1:0])
  ) u_core (
    .clk_i,
    .in_sub_i,
    .in_a_i (in_a_i[Bits-1:0]),
    .in_b_i (in_b_i[Bits-1:0]),
    .out_r_o(core_r)
  );
  zkacc_delay #(.Width(1), .Depth(CoreLatency), .Reset(1'b1)) u_valid (
    .clk_i,
    .rst_ni,
    .in_i (fire),
    .out_o(core_valid)
  );

  zkacc_credit_fifo #(
    .Width(Bits),
    .Depth(CoreLatency + 2)
  ) u_fifo (
    .clk_i,
    .rst_ni,
    .in_fire_i  (fire),
    .in_ready_o,
    .push_i     (core_valid),
    .push_data_i(core_r),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_bits)
  );
  assign out_r_o = Width'(out_bits);

  logic unused_in;
  assign unused_in = ^{in_a_i[Width-1:Bits], in_b_i[Width-1:Bits], Modulus[Width-1:Bits]};
endmodule

`default_nettype wire
