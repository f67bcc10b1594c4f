// SPDX-License-Identifier: Apache-2.0
//
// One bank of the multiplicity engine: 2^IdxW counters of CountW bits in one RAM (one write
// port, one registered read port: block-RAM inferable) and a three-stage read-modify-write
// pipeline that takes one operation per cycle, whatever the indices:
//
//   S0  read RAM[idx] (registered)                     op: increment or read-and-clear
//   S1  cur = S2 value      if S2 holds the same index  (written at the end of this cycle)
//           = last write    if the previous write was to the same index (the RAM read of S0
//                           happened in the cycle of that write and saw the old value)
//           = RAM data      otherwise
//       new = cur + 1 (increment) or 0 (read-and-clear; rd_count_o = cur)
//   S2  RAM[idx] = new
//
// So a run of equal indices costs nothing: every increment sees the value of the one before
// it through the forwarding paths. A read-and-clear returns the counter (all increments issued
// before it included) zkacc_lookup_pkg::BankReadLatency cycles after it was issued.
// Increments and reads must not be issued in the same cycle. Counters wrap at 2^CountW (the
// caller bounds the number of indices per pass). No combinational path from inputs to outputs.
`default_nettype none

module zkacc_hist_bank #(
  parameter int IdxW = 16,
  parameter int CountW = 32
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              inc_valid_i,
  input  logic [IdxW-1:0]   inc_idx_i,
  input  logic              rd_valid_i,  // read-and-clear
  input  logic [IdxW-1:0]   rd_idx_i,
  output logic [CountW-1:0] rd_count_o   // valid BankReadLatency cycles after rd_valid_i
);
  localparam int Entries = 2 ** IdxW;

  logic [CountW-1:0] mem_q[Entries];

  // S0 -> S1
  logic s1_v_q, s1_rd_q;
  logic [IdxW-1:0] s1_idx_q;
  logic [CountW-1:0] s1_ram_q;
  // S1 -> S2 (the write), and the write of the cycle before
  logic s2_v_q, lw_v_q;
  logic [IdxW-1:0] s2_idx_q, lw_idx_q;
  logic [CountW-1:0] s2_cnt_q, lw_cnt_q;

  logic s0_v;
  logic [IdxW-1:0] s0_idx;
  assign s0_v = inc_valid_i || rd_valid_i;
  assign s0_idx = rd_valid_i ? rd_idx_i : inc_idx_i;

  logic [CountW-1:0] cur, nxt;
  always_comb begin
    if (s2_v_q && s2_idx_q == s1_idx_q) cur = s2_cnt_q;
    else if (lw_v_q && lw_idx_q == s1_idx_q) cur = lw_cnt_q;
    else cur = s1_ram_q;
    nxt = s1_rd_q ? '0 : cur + 1'b1;
  end
  assign rd_count_o = cur;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_v_q <= 1'b0;
      s2_v_q <= 1'b0;
      lw_v_q <= 1'b0;
    end else begin
      s1_v_q <= s0_v;
      s2_v_q <= s1_v_q;
      lw_v_q <= s2_v_q;
    end
  end

  // Datapath registers, qualified by the valid bits above.
  always_ff @(posedge clk_i) begin
    s1_rd_q <= rd_valid_i;
    s1_idx_q <= s0_idx;
    s2_idx_q <= s1_idx_q;
    s2_cnt_q <= nxt;
    lw_idx_q <= s2_idx_q;
    lw_cnt_q <= s2_cnt_q;
  end

  // The RAM: one registered read port, one write port.
  always_ff @(posedge clk_i) begin
    s1_ram_q <= mem_q[s0_idx];
    if (s2_v_q) mem_q[s2_idx_q] <= s2_cnt_q;
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (inc_valid_i && rd_valid_i) begin
      $error("zkacc_hist_bank: increment and read issued in the same cycle");
    end
  end
`endif
endmodule

`default_nettype wire
