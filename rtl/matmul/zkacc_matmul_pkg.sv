// SPDX-License-Identifier: Apache-2.0
//
// Latencies of the quantized matmul block (zkacc_matmul, zkacc_mm_tree, zkacc_mm_requant).
// Tests, models and host code use these symbols, never copied numbers.
`ifndef ZKACC_MATMUL_PKG_SV
`define ZKACC_MATMUL_PKG_SV
`default_nettype none

package zkacc_matmul_pkg;

  function automatic int Log2Ceil(input int n);
    int l;
    l = 0;
    while ((1 << l) < n) l = l + 1;
    Log2Ceil = l;
  endfunction

  // zkacc_mm_tree: one register per level of a binary adder tree of n operands.
  function automatic int TreeLatency(input int n);
    TreeLatency = Log2Ceil(n);
  endfunction

  // zkacc_mm_requant: product by the scale, rounding shift plus offset, clamp.
  localparam int RequantLatency = 3;

  // zkacc_matmul, from an input slice taken to its result (if it is a vector's last slice)
  // entering the output FIFO: weight RAM read and input register, P x P products, the column
  // adder trees, the accumulator, requantization.
  function automatic int MatmulPushLatency(input int p);
    MatmulPushLatency = 1 + 1 + TreeLatency(p) + 1 + RequantLatency;
  endfunction

endpackage

`default_nettype wire
`endif
