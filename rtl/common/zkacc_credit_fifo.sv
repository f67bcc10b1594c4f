// SPDX-License-Identifier: Apache-2.0
//
// Output FIFO with credit-based admission for a fixed-latency pipeline that cannot stall.
// The pipeline accepts an input whenever in_ready_o is high; in_ready_o is high while the
// operations in flight plus those stored stay below Depth, so every result finds a slot. With
// Depth >= Latency + 2 a consumer that is always ready sees one result per cycle.
//
//   in_fire_i  an operation entered the pipeline this cycle (in_valid && in_ready upstream)
//   push_i     the pipeline delivers a result this cycle (never when the FIFO is full, by the
//              credit rule)
// Stream rule: out_valid_o and in_ready_o depend on registers only (no combinational path from
// out_ready_i). Result-to-output latency: 1 cycle.
`default_nettype none

module zkacc_credit_fifo #(
  parameter int Width = 256,
  parameter int Depth = 4
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_fire_i,
  output logic             in_ready_o,
  input  logic             push_i,
  input  logic [Width-1:0] push_data_i,
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o
);
  localparam int PtrW = $clog2(Depth);
  localparam int CntW = $clog2(Depth + 1);

  logic [Width-1:0] mem_q[Depth];
  logic [PtrW-1:0] wr_q, wr_d, rd_q, rd_d;
  logic [CntW-1:0] count_q, count_d;  // stored results
  logic [CntW-1:0] owed_q, owed_d;    // stored results + operations in flight

  logic pop;
  assign pop = out_valid_o && out_ready_i;
  assign out_valid_o = count_q != '0;
  assign out_data_o = mem_q[rd_q];
  assign in_ready_o = owed_q < CntW'(Depth);

  function automatic logic [PtrW-1:0] Next(input logic [PtrW-1:0] p);
    Next = (p == PtrW'(Depth - 1)) ? '0 : p + 1'b1;
  endfunction

  always_comb begin
    wr_d = push_i ? Next(wr_q) : wr_q;
    rd_d = pop ? Next(rd_q) : rd_q;
    count_d = count_q + CntW'(push_i) - CntW'(pop);
    owed_d = owed_q + CntW'(in_fire_i) - CntW'(pop);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_q <= '0;
      rd_q <= '0;
      count_q <= '0;
      owed_q <= '0;
    end else begin
      wr_q <= wr_d;
      rd_q <= rd_d;
      count_q <= count_d;
      owed_q <= owed_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (push_i) mem_q[wr_q] <= push_data_i;
  end

`ifndef SYNTHESIS
  // A result must never arrive at a full FIFO (the credit rule guarantees it).
  always_ff @(posedge clk_i) begin
    if (push_i && !pop && count_q == CntW'(Depth)) begin
      $error("zkacc_credit_fifo: push into a full FIFO");
    end
  end
`endif
endmodule

`default_nettype wire
