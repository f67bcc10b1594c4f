// SPDX-License-Identifier: Apache-2.0
//
// MATMUL operation of the command processor on the fused unit (zkacc_mm_fused, rtl/matmul,
// docs/matmul-lookup.md): y = act(requant(W x + b)) for B vectors, N outputs, K = P KT inputs,
// with the multiplicities of the table indices. Buffers pre-tiled by the host as
// rtl/top/zkacc_regmap.json defines (the stream words of sim/backend/quant_sim.cpp):
//
//   1. table      read stream 0, idx_max + 1 int8 entries (64 per beat), one per cycle into the
//                 unit's table copies; then the unit's counter clear must be over (hist busy low)
//   2. layer      read stream 0: the NT KT weight tiles (one per beat); stream 1: the NT bias
//                 words (two per beat); stream 2: the B KT input slices (8 per beat), read
//                 once per n-tile (repeat NT); results (acc, idx, act) one beat per word to out
//   3. counts     rd_start; idx_max + 1 u32 counts, 16 per beat with exact strobes, to
//                 out + 64 NT B
// done_o when the last write response is in. The Fr forms of the unit are not written.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_REGS_PKG_SV
`include "rtl/top/zkacc_regs_pkg.sv"
`endif

`default_nettype none

module zkacc_op_mm #(
  parameter int P = 8,
  parameter int KtMax = 512,
  parameter int IdxW = 16,
  parameter int NumCounters = zkacc_regs_pkg::NumCounters
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      unit_rst_ni,
  input  logic                      clr_i,
  input  logic                      start_i,
  input  logic                      abort_i,
  input  logic [511:0]              desc_i,
  output logic                      done_o,
  output logic [NumCounters*64-1:0] cnt_o,
  output logic [2:0]                rd_cmd_valid_o,
  input  logic [2:0]                rd_cmd_ready_i,
  output logic [191:0]              rd_cmd_addr_o,
  output logic [95:0]               rd_cmd_beats_o,
  output logic [95:0]               rd_cmd_repeat_o,
  input  logic [2:0]                rd_valid_i,
  output logic [2:0]                rd_ready_o,
  input  logic [1535:0]             rd_data_i,
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
  localparam int KtW = $clog2(KtMax + 1);

  typedef enum logic [3:0] {
    StIdle, StTblCmd, StTbl, StClear, StCmd, StRun, StWait1, StCntCmd, StRead, StOut, StWait2,
    StDone
  } state_e;
  state_e st_q;
  logic [15:0] batch_q, kt_q, n_q, scale_q, idx_max_q;
  logic [5:0] shift_q;
  logic [31:0] offset_q;
  logic [63:0] w_q, b_q, x_q, t_q, out_q;
  logic [15:0] nt_q;
  logic [31:0] words_q, got_q;       // result words expected / received
  logic [16:0] entries_q, tcnt_q, hcnt_q;
  logic [2:0] rdc_q;
  logic wrc_q;
  logic [5:0] tsub_q;                // table entry within the beat
  logic bsub_q;                      // bias word within the beat
  logic [2:0] xsub_q;                // slice within the beat
  logic [31:0] xleft_q;              // slices left in this repetition of x
  logic [31:0] xper;                 // slices per repetition (B KT)
  logic [511:0] pack_q;
  logic [3:0] k_q;
  logic beat_v_q, beat_last_q;
  logic [63:0] beat_strb_q;
  logic [63:0] sl0_q, st0_q, ind0_q;
  assign xper = 32'(batch_q) * 32'(kt_q);

  // ---- The unit.
  logic u_tbl_valid, u_tbl_ready, u_w_valid, u_w_ready, u_b_valid, u_b_ready, u_x_valid;
  logic u_x_ready, u_out_valid, u_out_ready, u_rd_start, u_hbusy, u_h_valid, u_h_ready;
  logic [P*32-1:0] u_acc;
  logic [P*16-1:0] u_idx;
  logic [P*8-1:0] u_act;
  logic [P*256-1:0] u_fr;
  logic [31:0] u_hcount;
  logic [255:0] u_hfr;
  logic [63:0] s_cycles, s_slices, s_sw, s_so, s_starved, s_ind, s_sh;
  assign u_tbl_valid = st_q == StTbl && rd_valid_i[0];
  assign u_w_valid = st_q == StRun && rd_valid_i[0];
  assign u_b_valid = st_q == StRun && rd_valid_i[1];
  assign u_x_valid = st_q == StRun && rd_valid_i[2];
  assign u_out_ready = st_q == StRun && wr_ready_i;
  assign u_rd_start = st_q == StRead && !u_hbusy;
  assign u_h_ready = st_q == StOut && !beat_v_q;

  zkacc_mm_fused #(.P(P), .KtMax(KtMax), .IdxW(IdxW)) u_mm (
    .clk_i, .rst_ni(unit_rst_ni),
    .cfg_k_tiles_i(KtW'(kt_q)), .cfg_batch_i(batch_q), .cfg_n_i(n_q), .cfg_scale_i(scale_q),
    .cfg_shift_i(shift_q), .cfg_offset_i(offset_q), .cfg_idx_max_i(idx_max_q),
    .tbl_valid_i(u_tbl_valid), .tbl_ready_o(u_tbl_ready),
    .tbl_addr_i(IdxW'(tcnt_q)), .tbl_data_i(rd_data_i[8*tsub_q+:8]),
    .w_valid_i(u_w_valid), .w_ready_o(u_w_ready), .w_data_i(rd_data_i[511:0]),
    .b_valid_i(u_b_valid), .b_ready_o(u_b_ready), .b_data_i(rd_data_i[512+256*bsub_q+:256]),
    .x_valid_i(u_x_valid), .x_ready_o(u_x_ready), .x_data_i(rd_data_i[1024+64*xsub_q+:64]),
    .out_valid_o(u_out_valid), .out_ready_i(u_out_ready), .out_acc_o(u_acc),
    .out_idx_o(u_idx), .out_act_o(u_act), .out_fr_o(u_fr),
    .rd_start_i(u_rd_start), .hist_busy_o(u_hbusy), .hist_valid_o(u_h_valid),
    .hist_ready_i(u_h_ready), .hist_count_o(u_hcount), .hist_fr_o(u_hfr),
    .stat_cycles_o(s_cycles), .stat_slices_o(s_slices), .stat_stall_weights_o(s_sw),
    .stat_stall_out_o(s_so), .stat_starved_o(s_starved), .stat_indices_o(s_ind),
    .stat_stall_hist_o(s_sh)
  );
  logic unused;
  // Checked by the command processor (batch < 2^16, shift < 48, reserved bytes) or not used.
  assign unused = ^{u_fr, u_hfr, s_cycles, s_starved, s_sh, desc_i[511:496],
                    desc_i[447:438], desc_i[63:48], desc_i[31:0]};

  logic tbl_fire, b_fire, x_fire;
  assign tbl_fire = u_tbl_valid && u_tbl_ready;
  assign b_fire = u_b_valid && u_b_ready;
  assign x_fire = u_x_valid && u_x_ready;
  logic x_beat_end;
  assign x_beat_end = xsub_q == 3'd7 || xleft_q == 32'd1;
  always_comb begin
    rd_ready_o = '0;
    rd_ready_o[0] = (tbl_fire && (tsub_q == 6'd63 || tcnt_q + 1'b1 == entries_q)) ||
                    (u_w_valid && u_w_ready);
    rd_ready_o[1] = b_fire && (bsub_q || 16'(b_cnt_q) + 16'd1 == nt_q);
    rd_ready_o[2] = x_fire && x_beat_end;
  end
  logic [15:0] b_cnt_q;

  assign rd_cmd_valid_o = rdc_q;
  assign rd_cmd_addr_o = {x_q, b_q, (st_q == StTblCmd) ? t_q : w_q};
  assign rd_cmd_beats_o = {(xper + 32'd7) >> 3, (32'(nt_q) + 32'd1) >> 1,
                           (st_q == StTblCmd) ? (32'(entries_q) + 32'd63) >> 6 :
                                                32'(nt_q) * 32'(kt_q)};
  assign rd_cmd_repeat_o = {32'(nt_q), 32'd1, 32'd1};
  assign wr_cmd_valid_o = wrc_q;
  assign wr_cmd_addr_o = (st_q == StCntCmd) ? out_q + {26'd0, words_q, 6'd0} : out_q;
  always_comb begin
    wr_valid_o = 1'b0;
    wr_data_o = '0;
    wr_strb_o = '1;
    wr_last_o = 1'b0;
    if (st_q == StRun) begin
      wr_valid_o = u_out_valid;
      wr_data_o = {64'd0, u_act, u_idx, u_acc};
      wr_last_o = got_q + 1 == words_q;
    end else if (st_q == StOut) begin
      wr_valid_o = beat_v_q;
      wr_data_o = pack_q;
      wr_strb_o = beat_strb_q;
      wr_last_o = beat_last_q;
    end
  end
  assign done_o = st_q == StDone;

  logic [64*3-1:0] sum_q;
  always_comb begin
    cnt_o = '0;
    cnt_o[64*zkacc_regs_pkg::CntMmSlices+:64] = sum_q[0+:64];
    cnt_o[64*zkacc_regs_pkg::CntMmStall+:64] = sum_q[64+:64];
    cnt_o[64*zkacc_regs_pkg::CntMmIndices+:64] = sum_q[128+:64];
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      st_q <= StIdle;
      rdc_q <= '0;
      wrc_q <= 1'b0;
      beat_v_q <= 1'b0;
      sum_q <= '0;
    end else begin
      case (st_q)
        StIdle: if (start_i) begin
          logic [15:0] nt;
          batch_q <= desc_i[zkacc_regs_pkg::DescMatmulBatchLsb+:16];
          w_q <= desc_i[zkacc_regs_pkg::DescMatmulWLsb+:64];
          b_q <= desc_i[zkacc_regs_pkg::DescMatmulBiasLsb+:64];
          x_q <= desc_i[zkacc_regs_pkg::DescMatmulXLsb+:64];
          t_q <= desc_i[zkacc_regs_pkg::DescMatmulTableLsb+:64];
          out_q <= desc_i[zkacc_regs_pkg::DescMatmulOutLsb+:64];
          kt_q <= desc_i[zkacc_regs_pkg::DescMatmulKTilesLsb+:16];
          n_q <= desc_i[zkacc_regs_pkg::DescMatmulNOutLsb+:16];
          scale_q <= desc_i[zkacc_regs_pkg::DescMatmulScaleLsb+:16];
          shift_q <= desc_i[zkacc_regs_pkg::DescMatmulShiftLsb+:6];
          offset_q <= desc_i[zkacc_regs_pkg::DescMatmulOffsetLsb+:32];
          idx_max_q <= desc_i[zkacc_regs_pkg::DescMatmulIdxMaxLsb+:16];
          entries_q <= 17'(desc_i[zkacc_regs_pkg::DescMatmulIdxMaxLsb+:16]) + 17'd1;
          nt = 16'((17'(desc_i[zkacc_regs_pkg::DescMatmulNOutLsb+:16]) + 17'(P - 1)) /
                   17'(P));
          nt_q <= nt;
          words_q <= 32'(nt) * 32'(desc_i[zkacc_regs_pkg::DescMatmulBatchLsb+:16]);
          got_q <= '0;
          tcnt_q <= '0;
          tsub_q <= '0;
          bsub_q <= 1'b0;
          b_cnt_q <= '0;
          xsub_q <= '0;
          xleft_q <= '0;
          hcnt_q <= '0;
          k_q <= '0;
          pack_q <= '0;
          rdc_q <= 3'b001;
          st_q <= StTblCmd;
        end
        StTblCmd: if (rd_cmd_ready_i[0]) begin
          rdc_q <= '0;
          st_q <= StTbl;
        end
        StTbl: if (tbl_fire) begin
          tcnt_q <= tcnt_q + 1'b1;
          tsub_q <= tsub_q + 1'b1;
          if (tcnt_q + 1'b1 == entries_q) st_q <= StClear;
        end
        StClear: if (!u_hbusy) begin
          sl0_q <= s_slices;
          st0_q <= s_sw + s_so;
          ind0_q <= s_ind;
          rdc_q <= 3'b111;
          wrc_q <= 1'b1;
          xleft_q <= xper;
          st_q <= StCmd;
        end
        StCmd: begin
          rdc_q <= rdc_q & ~rd_cmd_ready_i;
          if (wr_cmd_ready_i) wrc_q <= 1'b0;
          if ((rdc_q & ~rd_cmd_ready_i) == 3'b000 && (!wrc_q || wr_cmd_ready_i)) st_q <= StRun;
        end
        StRun: begin
          if (b_fire) begin
            bsub_q <= !bsub_q;
            b_cnt_q <= b_cnt_q + 1'b1;
          end
          if (x_fire) begin
            xsub_q <= x_beat_end ? 3'd0 : xsub_q + 1'b1;
            xleft_q <= (xleft_q == 32'd1) ? xper : xleft_q - 1;
          end
          if (u_out_valid && u_out_ready) begin
            got_q <= got_q + 1;
            if (got_q + 1 == words_q) st_q <= StWait1;
          end
        end
        StWait1: if (wr_idle_i) begin
          wrc_q <= 1'b1;
          st_q <= StCntCmd;
        end
        StCntCmd: if (wr_cmd_ready_i) begin
          wrc_q <= 1'b0;
          st_q <= StRead;
        end
        StRead: if (!u_hbusy) st_q <= StOut;
        StOut: begin
          if (u_h_valid && u_h_ready) begin
            logic last;
            last = hcnt_q + 1'b1 == entries_q;
            pack_q[32*k_q+:32] <= u_hcount;
            hcnt_q <= hcnt_q + 1'b1;
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
            if (beat_last_q) st_q <= StWait2;
          end
        end
        StWait2: if (wr_idle_i) begin
          st_q <= StDone;
          sum_q[0+:64] <= sum_q[0+:64] + (s_slices - sl0_q);
          sum_q[64+:64] <= sum_q[64+:64] + (s_sw + s_so - st0_q);
          sum_q[128+:64] <= sum_q[128+:64] + (s_ind - ind0_q);
        end
        StDone: st_q <= StIdle;
        default: st_q <= StIdle;
      endcase
      if (clr_i) sum_q <= '0;
      if (abort_i) begin
        st_q <= StIdle;
        rdc_q <= '0;
        wrc_q <= 1'b0;
        beat_v_q <= 1'b0;
      end
    end
  end
endmodule

`default_nettype wire
