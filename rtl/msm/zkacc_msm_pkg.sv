// SPDX-License-Identifier: Apache-2.0
//
// Parameters of the MSM engine (zkacc_msm): window and bucket counts as functions of the scalar
// length and the window size c, and the engine's fixed latencies. Tests, the sim backend and
// the host planner use these symbols (exported by the unit tops), never copied numbers.
//
// Signed c-bit digits: a scalar s < 2^ScalarBits is written s = sum_w d_w 2^(c w) with
// d_w in [-2^(c-1) + 1, 2^(c-1)] over Windows(ScalarBits, c) = ceil((ScalarBits + 1) / c)
// windows (the top window never carries). Digit d != 0 of window w adds sign(d) P to bucket
// |d| - 1 of window w: 2^(c-1) buckets per window, bucket address k = w 2^(c-1) + |d| - 1.
`ifndef ZKACC_MSM_PKG_SV
`define ZKACC_MSM_PKG_SV
`default_nettype none

package zkacc_msm_pkg;
  // Shared by the engine, the slicer, the unit tops and the testbenches: each file that reads
  // the package uses some of its constants, none all of them.
  /* verilator lint_off UNUSEDPARAM */

  // Scalars enter as 256-bit little-endian integers (4 x 64-bit limbs) for both curves.
  localparam int ScalarW = 256;
  // Smallest run-time window size (bounds the number of windows: Windows(255, 4) = 64).
  localparam int CMin = 4;
  // Per-window counters exported by the engine (>= Windows(ScalarBits, CMin)).
  localparam int MaxWin = 64;
  // Bucket addresses and bucket-index ports are this wide.
  localparam int KeyW = 32;
  // Cycles from the scheduler's decision to the adder's input port: the decision register
  // (bucket-memory and pool reads) and the operand register.
  localparam int IssueLatency = 2;

  function automatic int Windows(input int scalar_bits, input int c);
    Windows = (scalar_bits + c) / c;
  endfunction

  // Buckets addressed at window size c: Windows(c) 2^(c-1).
  function automatic int Buckets(input int scalar_bits, input int c);
    Buckets = Windows(scalar_bits, c) * (1 << (c - 1));
  endfunction

  // Bucket memory entries for every run-time c in [CMin, c_max].
  function automatic int MaxBuckets(input int scalar_bits, input int c_max);
    int m;
    m = 0;
    for (int c = CMin; c <= c_max; c++) begin
      if (Buckets(scalar_bits, c) > m) m = Buckets(scalar_bits, c);
    end
    MaxBuckets = m;
  endfunction

  /* verilator lint_on UNUSEDPARAM */
endpackage

`default_nettype wire
`endif
