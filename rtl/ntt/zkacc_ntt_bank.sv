// SPDX-License-Identifier: Apache-2.0
//
// One bank of an NTT buffer: a simple dual-port RAM (one write, one read per cycle), registered
// read (latency 1; a read and a write of the same entry in one cycle return the old value, which
// the core never relies on). Maps to block RAM / UltraRAM. No reset: the core writes every entry
// before it reads it.
`default_nettype none

module zkacc_ntt_bank #(
  parameter int Width = 254,
  parameter int Depth = 1024
) (
  input  logic                     clk_i,
  input  logic                     we_i,
  input  logic [$clog2(Depth)-1:0] waddr_i,
  input  logic [Width-1:0]         wdata_i,
  input  logic [$clog2(Depth)-1:0] raddr_i,
  output logic [Width-1:0]         rdata_o
);
  logic [Width-1:0] mem_q[Depth];
  logic [Width-1:0] rdata_q;
  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= wdata_i;
    rdata_q <= mem_q[raddr_i];
  end
  assign rdata_o = rdata_q;
endmodule

`default_nettype wire
