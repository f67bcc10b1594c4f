// SPDX-License-Identifier: Apache-2.0
//
// bls12_381 MSM engine (unit top for tests and synthesis): see zkacc_msm. Window sizes
// zkacc_msm_pkg::CMin..C at run time, Lanes pairs per input beat. The parameters the host and
// the testbenches need are exported (Verilator public): OpLatency (decision to adder output),
// C, Lanes, CMin, ScalarBits, PoolSize, ClearCycles (reset to idle).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif
`ifndef ZKACC_MSM_PKG_SV
`include "rtl/msm/zkacc_msm_pkg.sv"
`endif

`default_nettype none

module zkacc_msm_bls12_381 #(
  parameter int C = 13,
  parameter int Lanes = 4,
  parameter int PoolSize = 256
) (
  input  logic                                         clk_i,
  input  logic                                         rst_ni,
  input  logic                                         start_i,
  input  logic [4:0]                                   c_i,
  output logic                                         idle_o,
  output logic                                         done_o,
  output logic                                         error_o,
  input  logic                                         in_valid_i,
  output logic                                         in_ready_o,
  input  logic                                         in_last_i,
  input  logic [Lanes*zkacc_msm_pkg::ScalarW-1:0]      in_scalar_i,
  input  logic [Lanes*2*zkacc_field_pkg::Bls12381Width-1:0]  in_point_i,
  output logic                                         out_valid_o,
  input  logic                                         out_ready_i,
  output logic [zkacc_msm_pkg::KeyW-1:0]               out_bucket_o,
  output logic [4*zkacc_field_pkg::Bls12381Width-1:0]        out_point_o,
  output logic                                         out_last_o,
  output logic                                         out_extra_o,
  output logic [63:0]                                  cnt_cycles_o,
  output logic [63:0]                                  cnt_acc_cycles_o,
  output logic [63:0]                                  cnt_digits_o,
  output logic [63:0]                                  cnt_bucket_adds_o,
  output logic [63:0]                                  cnt_pair_adds_o,
  output logic [63:0]                                  cnt_first_adds_o,
  output logic [63:0]                                  cnt_bubble_hazard_o,
  output logic [63:0]                                  cnt_bubble_starved_o,
  output logic [63:0]                                  cnt_bubble_drain_o,
  output logic [63:0]                                  cnt_out_stall_o,
  output logic [31:0]                                  cnt_pool_peak_o,
  output logic [31:0]                                  cnt_extras_o,
  output logic [zkacc_msm_pkg::MaxWin*32-1:0]          cnt_win_adds_o,
  output logic [zkacc_msm_pkg::MaxWin*32-1:0]          cnt_win_hazard_o
);
  localparam int ScalarBits  /*verilator public*/ = 255;
  localparam int CMin  /*verilator public*/ = zkacc_msm_pkg::CMin;
  localparam int CMax  /*verilator public*/ = C;
  localparam int NumLanes  /*verilator public*/ = Lanes;
  localparam int Pool  /*verilator public*/ = PoolSize;
  // Cycles after reset before idle_o rises (the bucket memory is emptied, a bucket per cycle).
  localparam int ClearCycles  /*verilator public*/ = zkacc_msm_pkg::MaxBuckets(ScalarBits, C);
  localparam int OpLatency  /*verilator public*/ = zkacc_msm_pkg::IssueLatency +
      zkacc_field_pkg::EcAddLatency(
          zkacc_field_pkg::Bls12381Width, zkacc_field_pkg::Bls12381Bits,
          {{(zkacc_field_pkg::MaxW - zkacc_field_pkg::Bls12381Width){1'b0}},
           zkacc_field_pkg::Bls12381FqMontInv});

  zkacc_msm #(
    .Width     (zkacc_field_pkg::Bls12381Width),
    .Bits      (zkacc_field_pkg::Bls12381Bits),
    .ScalarBits(ScalarBits),
    .C         (C),
    .Lanes     (Lanes),
    .PoolSize  (PoolSize),
    .Modulus   (zkacc_field_pkg::Bls12381FqModulus),
    .MontInv   (zkacc_field_pkg::Bls12381FqMontInv),
    .One       (zkacc_field_pkg::Bls12381FqOne)
  ) u_msm (
    .clk_i, .rst_ni, .start_i, .c_i, .idle_o, .done_o, .error_o,
    .in_valid_i, .in_ready_o, .in_last_i, .in_scalar_i, .in_point_i,
    .out_valid_o, .out_ready_i, .out_bucket_o, .out_point_o, .out_last_o, .out_extra_o,
    .cnt_cycles_o, .cnt_acc_cycles_o, .cnt_digits_o, .cnt_bucket_adds_o, .cnt_pair_adds_o,
    .cnt_first_adds_o, .cnt_bubble_hazard_o, .cnt_bubble_starved_o, .cnt_bubble_drain_o,
    .cnt_out_stall_o, .cnt_pool_peak_o, .cnt_extras_o, .cnt_win_adds_o, .cnt_win_hazard_o
  );
endmodule

`default_nettype wire
