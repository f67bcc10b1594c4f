// SPDX-License-Identifier: Apache-2.0
//
// Delay line: out = in delayed by Depth cycles (Depth = 0: a wire). Data delays have no reset
// (qualify them with a delayed valid bit: zkacc_delay with Reset = 1, a shift register). Long
// data delays are ring buffers.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

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
  end else if (Reset || Depth < zkacc_field_pkg::DelayRingMin) begin : gen_regs
    logic [(Depth)*(Width)-1:0] stage_d, stage_q;
    assign stage_d[(0)*(Width)+:(Width)] = in_i;
    for (genvar s = 1; s < Depth; s++) begin : gen_stage
      assign stage_d[(s)*(Width)+:(Width)] = stage_q[(s-1)*(Width)+:(Width)];
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
    assign out_o = stage_q[(Depth-1)*(Width)+:(Width)];
  end else begin : gen_ring
    // Ring buffer of Depth - 1 entries read before write at one pointer, plus an output
    // register: each value is read Depth - 1 cycles after it was written and leaves one cycle
    // later. Maps to LUT RAM on FPGAs; in simulation a cycle costs one write and one read
    // instead of shifting Depth stages.
    localparam int Entries = Depth - 1;
    localparam int PtrW = $clog2(Entries);
    logic [Width-1:0] mem_q[Entries];
    logic [PtrW-1:0] ptr_q, ptr_d;
    logic [Width-1:0] out_q;
    // No reset: from any power-up value the pointer is in range after one cycle (>= wraps), and
    // the data is qualified by a valid bit that is reset.
    assign ptr_d = (ptr_q >= PtrW'(Entries - 1)) ? '0 : ptr_q + 1'b1;
    always_ff @(posedge clk_i) begin
      ptr_q <= ptr_d;
      out_q <= mem_q[ptr_q];
      mem_q[ptr_q] <= in_i;
    end
    assign out_o = out_q;
    logic unused_rst;
    assign unused_rst = rst_ni;
  end
endmodule

`default_nettype wire
