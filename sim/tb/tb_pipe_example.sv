// SPDX-License-Identifier: Apache-2.0
//
// tb_pipe_example: a throwaway pipelined unit with the stream ports of the zkacc arithmetic tops,
// used as the self-test of the Verilator harness (sim/harness). Not part of the accelerator.
//
// out_r = in_a + in_b mod 2^Width, out_tag = in_tag, `Stages` register stages. The pipeline
// advances when its last stage is empty or the consumer is ready (one global enable), so it
// delivers one result per cycle in which out_ready_i is high once it is full.
//
// Combinational paths: out_ready_i -> in_ready_o (the global enable). out_valid_o and out_*
// come from registers. InValidHeld_A checks the producer (the harness self-test breaks it on
// purpose).
`default_nettype none

module tb_pipe_example #(
  parameter int unsigned Width  = 256,
  parameter int unsigned Stages = 3
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  input  wire              in_valid_i,
  output logic             in_ready_o,
  input  wire [Width-1:0]  in_a_i,
  input  wire [Width-1:0]  in_b_i,
  input  wire [31:0]       in_tag_i,
  output logic             out_valid_o,
  input  wire              out_ready_i,
  output logic [Width-1:0] out_r_o,
  output logic [31:0]      out_tag_o
);
  // Cycles from an input transfer to its result being valid (exported to C++ as
  // Vtb_pipe_example_tb_pipe_example::Latency).
  /* verilator lint_off UNUSEDPARAM */
  localparam int unsigned Latency /*verilator public*/ = Stages;
  /* verilator lint_on UNUSEDPARAM */

  logic             valid_q [Stages];
  logic [Width-1:0] r_q     [Stages];
  logic [31:0]      tag_q   [Stages];
  logic             enable;

  assign enable     = out_ready_i || !valid_q[Stages-1];
  assign in_ready_o = enable;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int s = 0; s < Stages; s++) valid_q[s] <= 1'b0;
    end else if (enable) begin
      valid_q[0] <= in_valid_i;
      for (int s = 1; s < Stages; s++) valid_q[s] <= valid_q[s-1];
    end
  end

  always_ff @(posedge clk_i) begin
    if (enable) begin
      r_q[0]   <= in_a_i + in_b_i;
      tag_q[0] <= in_tag_i;
      for (int s = 1; s < Stages; s++) begin
        r_q[s]   <= r_q[s-1];
        tag_q[s] <= tag_q[s-1];
      end
    end
  end

  assign out_valid_o = valid_q[Stages-1];
  assign out_r_o     = r_q[Stages-1];
  assign out_tag_o   = tag_q[Stages-1];

`ifndef SYNTHESIS
  // The producer's side of the stream rule: a stalled input keeps valid high.
  InValidHeld_A: assert property (@(posedge clk_i) disable iff (!rst_ni)
                                  in_valid_i && !in_ready_o |=> in_valid_i)
    else $error("in_valid_i fell without a transfer");
`endif
endmodule

`default_nettype wire
