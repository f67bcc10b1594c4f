// SPDX-License-Identifier: Apache-2.0
//
// NTT unit over BN254 Fr: input scale unit -> NTT core -> output scale unit.
//
//   in stream  (in_data, in_fac)  --zkacc_ntt_scale (cfg_in_mode)-->  zkacc_ntt_core
//   zkacc_ntt_core out + ofac stream  --zkacc_ntt_scale (cfg_out_mode)-->  out stream
//
// The four transforms of zkacc::Ntt (host-lib/include/zkacc/ntt.h), one job of size n <=
// 2^LogMax (or a batch), as configured by the driver (sim/tb/tb_ntt.h, docs/ntt-unit.md):
//   forward        in Off,                  core forward
//   inverse        in Const n^-1,           core inverse
//   coset forward  in Stream g^j,           core forward
//   coset inverse  in Const n^-1,           core inverse,  out Stream g^-k
// Larger sizes by the four-step method: column pass (core over interleaved columns, in-scale as
// above), row pass (in-scale Stream of the twiddles w_N^(j k), core over contiguous rows,
// out-scale for the coset inverse). Factors are in Montgomery form; data in either form.
//
// Ports carry Width (256) bits per element (the 64-bit-limb layout; bits 255:254 zero). When
// cfg_out_mode_i is not ScaleStream the ofac stream is ignored (ofac_ready_o low).
// Configuration must be held while busy_o is high.
// Combinational paths: ofac_valid_i -> ofac_ready_o is none; out_ready_i -> nothing.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_NTT_PKG_SV
`include "rtl/ntt/zkacc_ntt_pkg.sv"
`endif

`default_nettype none

module zkacc_ntt #(
  parameter int Lanes = 1,
  parameter int LogMax = 12
) (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,
  input  logic [4:0]                            cfg_log_m_i,
  input  logic [4:0]                            cfg_log_b_i,
  input  logic                                  cfg_in_il_i,
  input  logic                                  cfg_out_il_i,
  input  logic                                  cfg_inverse_i,
  input  logic [1:0]                            cfg_in_mode_i,
  input  logic [zkacc_ntt_pkg::Width-1:0]       cfg_in_const_i,
  input  logic [1:0]                            cfg_out_mode_i,
  input  logic [zkacc_ntt_pkg::Width-1:0]       cfg_out_const_i,
  input  logic                                  clr_i,
  input  logic                                  in_valid_i,
  output logic                                  in_ready_o,
  input  logic [Lanes*zkacc_ntt_pkg::Width-1:0] in_data_i,
  input  logic [Lanes*zkacc_ntt_pkg::Width-1:0] in_fac_i,
  input  logic                                  ofac_valid_i,
  output logic                                  ofac_ready_o,
  input  logic [Lanes*zkacc_ntt_pkg::Width-1:0] ofac_data_i,
  output logic                                  out_valid_o,
  input  logic                                  out_ready_i,
  output logic [Lanes*zkacc_ntt_pkg::Width-1:0] out_data_o,
  output logic                                  busy_o,
  output logic [63:0]                           cnt_cycles_o,
  output logic [63:0]                           cnt_bf_o,
  output logic [63:0]                           cnt_hazard_o,
  output logic [63:0]                           cnt_wait_in_o,
  output logic [63:0]                           cnt_wait_out_o
);
  localparam int Bits = zkacc_ntt_pkg::Bits;
  localparam int Width = zkacc_ntt_pkg::Width;

  logic [Lanes*Bits-1:0] in_bits, s_in_data, c_out_data, out_bits;
  logic s_in_valid, s_in_ready, c_out_valid, c_out_ready, so_valid, so_ready, so_busy;
  logic core_busy;
  always_comb begin
    for (int l = 0; l < Lanes; l++) begin
      in_bits[l*Bits+:Bits] = in_data_i[l*Width+:Bits];
      out_data_o[l*Width+:Width] = Width'(out_bits[l*Bits+:Bits]);
    end
  end

  zkacc_ntt_scale #(.Lanes(Lanes)) u_scale_in (
    .clk_i,
    .rst_ni,
    .mode_i     (cfg_in_mode_i),
    .const_i    (cfg_in_const_i),
    .in_valid_i,
    .in_ready_o,
    .in_data_i  (in_bits),
    .in_fac_i,
    .out_valid_o(s_in_valid),
    .out_ready_i(s_in_ready),
    .out_data_o (s_in_data)
  );

  zkacc_ntt_core #(.Lanes(Lanes), .LogMax(LogMax)) u_core (
    .clk_i,
    .rst_ni,
    .cfg_log_m_i,
    .cfg_log_b_i,
    .cfg_in_il_i,
    .cfg_out_il_i,
    .cfg_inverse_i,
    .clr_i,
    .in_valid_i (s_in_valid),
    .in_ready_o (s_in_ready),
    .in_data_i  (s_in_data),
    .out_valid_o(c_out_valid),
    .out_ready_i(c_out_ready),
    .out_data_o (c_out_data),
    .busy_o     (core_busy),
    .cnt_cycles_o,
    .cnt_bf_o,
    .cnt_hazard_o,
    .cnt_wait_in_o,
    .cnt_wait_out_o
  );

  // Join the core's results with the output factors (when they are used).
  logic use_ofac;
  assign use_ofac = cfg_out_mode_i == zkacc_ntt_pkg::ScaleStream;
  assign so_valid = c_out_valid && (!use_ofac || ofac_valid_i);
  assign c_out_ready = so_ready && (!use_ofac || ofac_valid_i);
  assign ofac_ready_o = use_ofac && so_ready && c_out_valid;

  zkacc_ntt_scale #(.Lanes(Lanes)) u_scale_out (
    .clk_i,
    .rst_ni,
    .mode_i     (cfg_out_mode_i),
    .const_i    (cfg_out_const_i),
    .in_valid_i (so_valid),
    .in_ready_o (so_ready),
    .in_data_i  (c_out_data),
    .in_fac_i   (ofac_data_i),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_bits)
  );

  // Busy while the core is, or a result is still in the output scale unit.
  logic [7:0] so_count_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) so_count_q <= '0;
    else so_count_q <= so_count_q + 8'(so_valid && so_ready) - 8'(out_valid_o && out_ready_i);
  end
  assign so_busy = so_count_q != 8'd0;
  assign busy_o = core_busy || so_busy || s_in_valid;

  logic unused_in;
  always_comb begin
    unused_in = 1'b0;
    for (int l = 0; l < Lanes; l++) unused_in = unused_in ^ (^in_data_i[l*Width+Bits+:Width-Bits]);
  end
endmodule

`default_nettype wire
