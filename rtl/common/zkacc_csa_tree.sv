// SPDX-License-Identifier: Apache-2.0
//
// Carry-save adder tree: reduces N operands of W bits to two whose sum equals the sum of the
// inputs mod 2^W. Each level groups operands by three into 3:2 compressors (sum = a^b^c,
// carry = maj(a,b,c) << 1: one LUT level, no carry chain); every Stride-th level and the last
// are registered, so the latency is zkacc_field_pkg::CsaLatency(N, Stride). Written recursively:
// one level, then a tree of the remaining operands.
`default_nettype none

module zkacc_csa_tree #(
  parameter int N = 3,
  parameter int W = 64,
  parameter int Stride = 1,  // compressor levels per register stage
  parameter int Phase = 0    // unregistered levels above this one (internal)
) (
  input  logic                clk_i,
  input  logic [(N)*(W)-1:0] in_i,
  output logic [(1+1)*(W)-1:0]   out_o
);
  if (N == 1) begin : gen_one
    assign out_o = {{W{1'b0}}, in_i[(0)*(W)+:(W)]};
    logic unused_clk;
    assign unused_clk = clk_i;
  end else if (N == 2) begin : gen_two
    assign out_o = in_i;
    logic unused_clk;
    assign unused_clk = clk_i;
  end else begin : gen_level
    localparam int Groups = N / 3;
    localparam int Rest = N % 3;
    localparam int NOut = 2 * Groups + Rest;
    logic [(NOut)*(W)-1:0] lvl_d, lvl_q;
    for (genvar g = 0; g < Groups; g++) begin : gen_csa
      logic [W-1:0] x, y, z;
      assign x = in_i[(3*g)*(W)+:(W)];
      assign y = in_i[(3*g+1)*(W)+:(W)];
      assign z = in_i[(3*g+2)*(W)+:(W)];
      assign lvl_d[(2*g)*(W)+:(W)] = x ^ y ^ z;
      assign lvl_d[(2*g+1)*(W)+:(W)] = {((x[W-2:0] & y[W-2:0]) | (x[W-2:0] & z[W-2:0]) |
                              (y[W-2:0] & z[W-2:0])), 1'b0};
    end
    for (genvar k = 0; k < Rest; k++) begin : gen_pass
      assign lvl_d[(2*Groups+k)*(W)+:(W)] = in_i[(3*Groups+k)*(W)+:(W)];
    end
    localparam bit Reg = Phase == Stride - 1 || NOut <= 2;
    if (Reg) begin : gen_reg
      always_ff @(posedge clk_i) lvl_q <= lvl_d;
    end else begin : gen_comb
      assign lvl_q = lvl_d;
    end
    zkacc_csa_tree #(
      .N     (NOut),
      .W     (W),
      .Stride(Stride),
      .Phase (Reg ? 0 : Phase + 1)
    ) u_next (
      .clk_i,
      .in_i (lvl_q),
      .out_o
    );
  end
endmodule

`default_nettype wire
