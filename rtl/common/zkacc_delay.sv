// SPDX-License-Identifier: Apache-2.0
//
// Delay line: out = in delayed by Depth cycles (Depth = 0: a wire). No reset: qualify the data
// with a delayed valid bit (zkacc_delay on the valid with Reset = 1).
`default_nettype none

module zkacc_delay #(
  parameter int Width = 1,
  parameter int Depth = 1,
  parameter bit Reset = 1'b0  // reset the stages to zero (for valid bits)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [Width-1:0] in_i,
  output logic [Width-1:0] out_o
);
  if (Depth == 0) begin : gen_wire
    assign out_o = in_i;
    logic unused_clk_rst;
    assign unused_clk_rst = clk_i ^ rst_ni;
  end else begin : gen_regs
    logic [Depth-1:0][Width-1:0] stage_d, stage_q;
    assign stage_d[0] = in_i;
    for (genvar s = 1; s < Depth; s++) begin : gen_stage
      assign stage_d[s] = stage_q[s-1];
    end
    if (Reset) begin : gen_reset
      always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) stage_q <= '0;
        else stage_q <= stage_d;
      end
    end else begin : gen_noreset
      always_ff @(posedge clk_i) stage_q <= stage_d;
      logic unused_rst;
      assign unused_rst = rst_ni;
    end
    assign out_o = stage_q[Depth-1];
  end
endmodule

`default_nettype wire
