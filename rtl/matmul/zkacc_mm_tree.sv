// SPDX-License-Identifier: Apache-2.0
//
// Pipelined binary adder tree: out = sum of N signed W-bit operands (element k at
// in_i[k*W +: W]), W + log2(N) bits, one register per level: latency
// zkacc_matmul_pkg::TreeLatency(N). A pure datapath: no valid bits.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_MATMUL_PKG_SV
`include "rtl/matmul/zkacc_matmul_pkg.sv"
`endif

`default_nettype none

module zkacc_mm_tree #(
  parameter int N = 8,
  parameter int W = 16
) (
  input  logic                                         clk_i,
  input  logic [N*W-1:0]                               in_i,
  output logic [W+zkacc_matmul_pkg::Log2Ceil(N)-1:0] out_o
);
  localparam int L = zkacc_matmul_pkg::Log2Ceil(N);
  localparam int OW = W + L;
  // Level l holds ceil(N / 2^l) operands of OW bits (flat).
  logic [(L+1)*N*OW-1:0] lvl;
  for (genvar k = 0; k < N; k++) begin : gen_in
    assign lvl[k*OW+:OW] = OW'($signed(in_i[k*W+:W]));
  end
  for (genvar l = 0; l < L; l++) begin : gen_level
    localparam int Nl = (N + (1 << l) - 1) >> l;  // operands at level l
    localparam int Nn = (Nl + 1) / 2;             // operands at level l + 1
    logic [Nn*OW-1:0] sum_q;
    for (genvar e = 0; e < Nn; e++) begin : gen_add
      if (2 * e + 1 < Nl) begin : gen_pair
        always_ff @(posedge clk_i) begin
          sum_q[e*OW+:OW] <= lvl[(l*N+2*e)*OW+:OW] + lvl[(l*N+2*e+1)*OW+:OW];
        end
      end else begin : gen_single
        always_ff @(posedge clk_i) sum_q[e*OW+:OW] <= lvl[(l*N+2*e)*OW+:OW];
      end
    end
    assign lvl[(l+1)*N*OW+:Nn*OW] = sum_q;
    if (Nn < N) begin : gen_pad
      assign lvl[((l+1)*N+Nn)*OW+:(N-Nn)*OW] = '0;
    end
  end
  assign out_o = lvl[L*N*OW+:OW];
endmodule

`default_nettype wire
