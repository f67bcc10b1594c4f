// SPDX-License-Identifier: Apache-2.0
//
// HIST operation of the command processor on the multiplicity unit (zkacc_hist, rtl/lookup,
// docs/matmul-lookup.md): counts n u32 indices over the window [base, base + entries),
// entries <= 2^IdxW, and writes the entries u32 counts.
//
//   read stream 0  the indices, 16 per beat; fed to the unit Lanes (2) per transfer with a lane
//                  mask (indices beyond n masked)
//   readout        rd_start after the last transfer: counts 0 .. entries-1 leave in order (and
//                  are cleared in the unit, so the next pass starts from zero); packed 16 per
//                  beat, byte strobes for exactly 4 entries bytes
// The unit clears its counters once after reset (2^IdxW cycles; also after an aborted run, as
// the units are then reset). done_o when the last write response is in.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_REGS_PKG_SV
`include "rtl/top/zkacc_regs_pkg.sv"
`endif

`default_nettype none

module zkacc_op_hist #(
  parameter int IdxW = 16,
  parameter int NumCounters = zkacc_regs_pkg::NumCounters
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      unit_rst_ni,
  input  logic                      clr_i,
  input  logic                      start_i,
  input  logic                      abort_i,
  input  logic [31:0]               n_i,
  input  logic [63:0]               indices_i,
  input  logic [63:0]               counts_i,
  input  logic [31:0]               base_i,
  input  logic [IdxW:0]             entries_i,
  output logic                      done_o,
  output logic [NumCounters*64-1:0] cnt_o,
  output logic                      rd_cmd_valid_o,
  input  logic                      rd_cmd_ready_i,
  output logic [63:0]               rd_cmd_addr_o,
  output logic [31:0]               rd_cmd_beats_o,
  input  logic                      rd_valid_i,
  output logic                      rd_ready_o,
  input  logic [511:0]              rd_data_i,
  output logic                      wr_cmd_valid_o,
  input  logic                      wr_cmd_ready_i,
  output logic [63:0]               wr_cmd_addr_o,
  output logic                      wr_valid_o,
  input  logic                      wr_ready_i,
  output logic [511:0]              wr_data_o,
  output logic [63:0]               wr_strb_o,
  output logic                      wr_last_o,
  input  logic                      wr_idle_i
);
  localparam int Lanes = 2;
  localparam int Per = 16 / Lanes;  // transfers per beat

  typedef enum logic [2:0] {StIdle, StCmd, StWaitUnit, StFeed, StRead, StOut, StWait, StDone}
      state_e;
  state_e st_q;
  logic [31:0] n_q, base_q, fed_q;   // indices fed
  logic [IdxW:0] entries_q, got_q;   // counts received
  logic [63:0] idx_q, cnt_q;
  logic rdc_q, wrc_q;
  logic [2:0] j_q;                   // transfer within the beat
  logic [511:0] pack_q;
  logic [3:0] k_q;                   // counts in pack_q
  logic beat_v_q, beat_last_q;
  logic [63:0] beat_strb_q;
  logic [63:0] ind0_q, skip0_q;

  logic u_in_valid, u_in_ready, u_rd_start, u_busy, u_out_valid, u_out_ready;
  logic [Lanes-1:0] u_mask;
  logic [Lanes*32-1:0] u_idx;
  logic [31:0] u_count;
  logic [255:0] u_fr;
  logic [63:0] s_cycles, s_ind, s_skip, s_sb, s_idle, s_so;

  always_comb begin
    for (int l = 0; l < Lanes; l++) u_mask[l] = fed_q + 32'(l) < n_q;
    u_idx = rd_data_i[64*j_q+:64];
  end
  assign u_in_valid = st_q == StFeed && rd_valid_i;
  assign u_rd_start = st_q == StRead && !u_busy;
  assign u_out_ready = st_q == StOut && !beat_v_q;

  zkacc_hist #(.Lanes(Lanes), .IdxW(IdxW)) u_hist (
    .clk_i, .rst_ni(unit_rst_ni),
    .cfg_base_i(base_q), .cfg_entries_i(entries_q),
    .in_valid_i(u_in_valid), .in_ready_o(u_in_ready), .in_mask_i(u_mask), .in_idx_i(u_idx),
    .rd_start_i(u_rd_start), .busy_o(u_busy),
    .out_valid_o(u_out_valid), .out_ready_i(u_out_ready), .out_count_o(u_count),
    .out_fr_o(u_fr),
    .stat_cycles_o(s_cycles), .stat_indices_o(s_ind), .stat_skipped_o(s_skip),
    .stat_stall_busy_o(s_sb), .stat_idle_o(s_idle), .stat_stall_out_o(s_so)
  );
  logic unused;
  assign unused = ^{u_fr, s_cycles, s_sb, s_idle, s_so};

  logic in_fire, beat_end;
  assign in_fire = u_in_valid && u_in_ready;
  assign beat_end = j_q == 3'(Per - 1) || fed_q + Lanes >= n_q;
  assign rd_ready_o = in_fire && beat_end;
  assign rd_cmd_valid_o = rdc_q;
  assign rd_cmd_addr_o = idx_q;
  assign rd_cmd_beats_o = (n_q + 32'd15) >> 4;
  assign wr_cmd_valid_o = wrc_q;
  assign wr_cmd_addr_o = cnt_q;
  assign wr_valid_o = beat_v_q;
  assign wr_data_o = pack_q;
  assign wr_strb_o = beat_strb_q;
  assign wr_last_o = beat_last_q;
  assign done_o = st_q == StDone;

  logic [64*2-1:0] sum_q;
  always_comb begin
    cnt_o = '0;
    cnt_o[64*zkacc_regs_pkg::CntHistIndices+:64] = sum_q[0+:64];
    cnt_o[64*zkacc_regs_pkg::CntHistSkipped+:64] = sum_q[64+:64];
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      st_q <= StIdle;
      rdc_q <= 1'b0;
      wrc_q <= 1'b0;
      beat_v_q <= 1'b0;
      sum_q <= '0;
    end else begin
      case (st_q)
        StIdle: if (start_i) begin
          n_q <= n_i;
          base_q <= base_i;
          entries_q <= entries_i;
          idx_q <= indices_i;
          cnt_q <= counts_i;
          fed_q <= '0;
          got_q <= '0;
          j_q <= '0;
          k_q <= '0;
          pack_q <= '0;
          rdc_q <= n_i != 0;
          wrc_q <= 1'b1;
          st_q <= StCmd;
        end
        StCmd: begin
          if (rd_cmd_ready_i) rdc_q <= 1'b0;
          if (wr_cmd_ready_i) wrc_q <= 1'b0;
          if ((!rdc_q || rd_cmd_ready_i) && (!wrc_q || wr_cmd_ready_i)) st_q <= StWaitUnit;
        end
        StWaitUnit: if (!u_busy) begin
          ind0_q <= s_ind;
          skip0_q <= s_skip;
          st_q <= (n_q == 0) ? StRead : StFeed;
        end
        StFeed: if (in_fire) begin
          fed_q <= fed_q + Lanes;
          j_q <= beat_end ? 3'd0 : j_q + 1'b1;
          if (fed_q + Lanes >= n_q) st_q <= StRead;
        end
        StRead: if (!u_busy) st_q <= StOut;
        StOut: begin
          if (u_out_valid && u_out_ready) begin
            logic last;
            last = got_q + 1'b1 == entries_q;
            pack_q[32*k_q+:32] <= u_count;
            got_q <= got_q + 1'b1;
            k_q <= k_q + 1'b1;
            if (k_q == 4'd15 || last) begin
              beat_v_q <= 1'b1;
              beat_last_q <= last;
              beat_strb_q <= (k_q == 4'd15) ? '1 : (64'd1 << {k_q + 4'd1, 2'b00}) - 64'd1;
            end
          end
          if (beat_v_q && wr_ready_i) begin
            beat_v_q <= 1'b0;
            pack_q <= '0;
            if (beat_last_q) st_q <= StWait;
          end
        end
        StWait: if (wr_idle_i) begin
          st_q <= StDone;
          sum_q[0+:64] <= sum_q[0+:64] + (s_ind - ind0_q);
          sum_q[64+:64] <= sum_q[64+:64] + (s_skip - skip0_q);
        end
        StDone: st_q <= StIdle;
        default: st_q <= StIdle;
      endcase
      if (clr_i) sum_q <= '0;
      if (abort_i) begin
        st_q <= StIdle;
        rdc_q <= 1'b0;
        wrc_q <= 1'b0;
        beat_v_q <= 1'b0;
      end
    end
  end
endmodule

`default_nettype wire
