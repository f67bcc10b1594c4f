// SPDX-License-Identifier: Apache-2.0
//
// Synchronous FIFO of the kernel's data paths (first word fall-through): Depth entries of Width
// bits, one push and one pop per cycle, a synchronous clear. count_o is the number of entries
// stored. Memory: a plain array written on push and read at the read pointer (LUT RAM or, for
// large depths, a RAM with an output register in a synthesis flow).
//
//   in_valid_i / in_ready_o    push (in_ready_o = not full; depends on registers only)
//   out_valid_o / out_ready_i  pop (out_valid_o = not empty; depends on registers only)
`default_nettype none

module zkacc_top_fifo #(
  parameter int Width = 512,
  parameter int Depth = 4
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       clr_i,
  input  logic                       in_valid_i,
  output logic                       in_ready_o,
  input  logic [Width-1:0]           in_data_i,
  output logic                       out_valid_o,
  input  logic                       out_ready_i,
  output logic [Width-1:0]           out_data_o,
  output logic [$clog2(Depth+1)-1:0] count_o
);
  localparam int PtrW = (Depth > 1) ? $clog2(Depth) : 1;
  localparam int CntW = $clog2(Depth + 1);

  logic [Width-1:0] mem_q[Depth];
  logic [PtrW-1:0] wr_q, wr_d, rd_q, rd_d;
  logic [CntW-1:0] count_q, count_d;
  logic push, pop;

  assign in_ready_o = count_q != CntW'(Depth);
  assign out_valid_o = count_q != '0;
  assign out_data_o = mem_q[rd_q];
  assign count_o = count_q;
  assign push = in_valid_i && in_ready_o;
  assign pop = out_valid_o && out_ready_i;

  function automatic logic [PtrW-1:0] Next(input logic [PtrW-1:0] p);
    Next = (p == PtrW'(Depth - 1)) ? '0 : p + 1'b1;
  endfunction

  always_comb begin
    wr_d = push ? Next(wr_q) : wr_q;
    rd_d = pop ? Next(rd_q) : rd_q;
    count_d = count_q + CntW'(push) - CntW'(pop);
    if (clr_i) begin
      wr_d = '0;
      rd_d = '0;
      count_d = '0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wr_q <= '0;
      rd_q <= '0;
      count_q <= '0;
    end else begin
      wr_q <= wr_d;
      rd_q <= rd_d;
      count_q <= count_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (push) mem_q[wr_q] <= in_data_i;
  end
endmodule

`default_nettype wire
