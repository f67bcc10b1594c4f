// SPDX-License-Identifier: Apache-2.0
//
// NTT unit over BN254 Fr with 1 butterfly per cycle and 2^12-element on-chip
// buffers (unit top for tests, the sim backend and synthesis): see zkacc_ntt. Its parameters
// and latencies are exported for the testbenches (Verilator public).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_NTT_PKG_SV
`include "rtl/ntt/zkacc_ntt_pkg.sv"
`endif

`default_nettype none

module zkacc_ntt_bn254_fr_l1 (
  input  logic                                     clk_i,
  input  logic                                     rst_ni,
  input  logic [4:0]                               cfg_log_m_i,
  input  logic [4:0]                               cfg_log_b_i,
  input  logic                                     cfg_in_il_i,
  input  logic                                     cfg_out_il_i,
  input  logic                                     cfg_inverse_i,
  input  logic [1:0]                               cfg_in_mode_i,
  input  logic [zkacc_ntt_pkg::Width-1:0]          cfg_in_const_i,
  input  logic [1:0]                               cfg_out_mode_i,
  input  logic [zkacc_ntt_pkg::Width-1:0]          cfg_out_const_i,
  input  logic                                     clr_i,
  input  logic                                     in_valid_i,
  output logic                                     in_ready_o,
  input  logic [1*zkacc_ntt_pkg::Width-1:0]        in_data_i,
  input  logic [1*zkacc_ntt_pkg::Width-1:0]        in_fac_i,
  input  logic                                     ofac_valid_i,
  output logic                                     ofac_ready_o,
  input  logic [1*zkacc_ntt_pkg::Width-1:0]        ofac_data_i,
  output logic                                     out_valid_o,
  input  logic                                     out_ready_i,
  output logic [1*zkacc_ntt_pkg::Width-1:0]        out_data_o,
  output logic                                     busy_o,
  output logic [63:0]                              cnt_cycles_o,
  output logic [63:0]                              cnt_bf_o,
  output logic [63:0]                              cnt_hazard_o,
  output logic [63:0]                              cnt_wait_in_o,
  output logic [63:0]                              cnt_wait_out_o
);
  localparam int Lanes  /*verilator public*/ = 1;
  localparam int LogMax  /*verilator public*/ = 12;
  localparam int BfLatency  /*verilator public*/ = zkacc_ntt_pkg::BfLatency();
  localparam int ScaleLatency  /*verilator public*/ = zkacc_ntt_pkg::ScaleLatency();
  localparam int NoDrainMin  /*verilator public*/ = zkacc_ntt_pkg::NoDrainMin();

  zkacc_ntt #(.Lanes(Lanes), .LogMax(LogMax)) u_ntt (
    .clk_i,
    .rst_ni,
    .cfg_log_m_i,
    .cfg_log_b_i,
    .cfg_in_il_i,
    .cfg_out_il_i,
    .cfg_inverse_i,
    .cfg_in_mode_i,
    .cfg_in_const_i,
    .cfg_out_mode_i,
    .cfg_out_const_i,
    .clr_i,
    .in_valid_i,
    .in_ready_o,
    .in_data_i,
    .in_fac_i,
    .ofac_valid_i,
    .ofac_ready_o,
    .ofac_data_i,
    .out_valid_o,
    .out_ready_i,
    .out_data_o,
    .busy_o,
    .cnt_cycles_o,
    .cnt_bf_o,
    .cnt_hazard_o,
    .cnt_wait_in_o,
    .cnt_wait_out_o
  );
endmodule

`default_nettype wire
