// SPDX-License-Identifier: Apache-2.0
//
// MSM operation of the command processor on the BN254 MSM unit (zkacc_msm_bn254, rtl/msm,
// docs/msm-unit.md); buffer layouts in rtl/top/zkacc_regmap.json:
//
//   read stream 0  scalars: ceil(n / 2) beats (two 32-byte LE scalars per beat)
//   read stream 1  bases: n beats (one affine point X || Y, Montgomery, per beat)
//   unit input     beats of Lanes = 4 pairs: 2 scalar beats + 4 point beats; lanes beyond n
//                  get a zero scalar and a zero point (n = 0: one all-zero beat)
//   unit output    bucket k -> 2 beats at out + 64 + 128 k ({Y, X}, {ZZZ, ZZ}); an extra
//                  (pool entry) -> 3 beats (the point, then {bucket index, zeros}) after the
//                  buckets; then a second write stream: the header beat at out (buckets,
//                  extras, c, windows, n)
//   done_o         when the header's write response is in
//   err_o          the unit flagged an error (a scalar >= 2^254): the command processor aborts
// The unit's run counters are added to the kernel's MSM counters at the end of each run.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif
`ifndef ZKACC_MSM_PKG_SV
`include "rtl/msm/zkacc_msm_pkg.sv"
`endif
`ifndef ZKACC_REGS_PKG_SV
`include "rtl/top/zkacc_regs_pkg.sv"
`endif

`default_nettype none

module zkacc_op_msm #(
  parameter int C = 13,
  parameter int NumCounters = zkacc_regs_pkg::NumCounters
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      unit_rst_ni,
  input  logic                      clr_i,      // start of a kernel run: counters cleared
  input  logic                      start_i,
  input  logic                      abort_i,
  input  logic [31:0]               n_i,
  input  logic [63:0]               scalars_i,
  input  logic [63:0]               bases_i,
  input  logic [63:0]               out_i,
  input  logic [4:0]                c_i,
  output logic                      done_o,
  output logic                      err_o,
  output logic [NumCounters*64-1:0] cnt_o,
  // Read streams 0 (scalars) and 1 (bases).
  output logic [1:0]                rd_cmd_valid_o,
  input  logic [1:0]                rd_cmd_ready_i,
  output logic [127:0]              rd_cmd_addr_o,
  output logic [63:0]               rd_cmd_beats_o,
  input  logic [1:0]                rd_valid_i,
  output logic [1:0]                rd_ready_o,
  input  logic [1023:0]             rd_data_i,
  // Write stream.
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
  localparam int Lanes = 4;
  localparam int FW = zkacc_field_pkg::Bn254Width;  // 256
  localparam int KW = zkacc_msm_pkg::KeyW;

  // ---- Control.
  typedef enum logic [3:0] {
    StIdle, StCmd, StGather, StOffer, StDrain, StWaitData, StHdrCmd, StHdr, StHdrWait, StDone
  } state_e;
  state_e st_q;
  logic [31:0] n_q, ubeats_q, u_q;   // unit beats, the current one
  logic [63:0] out_q;
  logic [4:0] c_q;
  logic [1:0] rdc_q;                 // read commands pending
  logic wrc_q;
  logic [1:0] sgot_q;                // scalar beats gathered for this unit beat
  logic [2:0] pgot_q;                // point beats gathered
  logic [1:0] sneed_q;
  logic [2:0] pneed_q;
  logic [1023:0] sc_q;
  logic [2047:0] pt_q;
  logic [31:0] extras_q;
  logic unit_done_seen_q;
  logic [63:0] scalars_q, bases_q;

  // Beats to gather for unit beat u: scalar beats 2u, 2u+1 and point beats 4u..4u+3 that exist
  // (sb scalar beats, pb point beats in all).
  function automatic logic [4:0] Need(input logic [30:0] u, input logic [31:0] n);
    logic [31:0] sb, s0, p0;
    logic [1:0] sn;
    logic [2:0] pn;
    sb = (n + 1) >> 1;
    s0 = {u, 1'b0};
    p0 = {u[29:0], 2'b00};
    sn = (sb > s0 + 1) ? 2'd2 : (sb > s0) ? 2'd1 : 2'd0;
    pn = (n >= p0 + 4) ? 3'd4 : (n > p0) ? 3'(n - p0) : 3'd0;
    Need = {sn, pn};
  endfunction

  // ---- The unit.
  logic u_start, u_idle, u_done, u_err, u_in_valid, u_in_ready, u_in_last;
  logic u_out_valid, u_out_ready, u_out_last, u_out_extra;
  logic [KW-1:0] u_out_bucket;
  logic [4*FW-1:0] u_out_point;
  logic [63:0] c_cycles, c_acc, c_digits, c_badds, c_padds, c_first, c_hz, c_st, c_dr, c_os;
  logic [31:0] c_peak, c_extras;
  logic [zkacc_msm_pkg::MaxWin*32-1:0] c_win_adds, c_win_hz;
  logic [Lanes*FW-1:0] u_scalar;
  logic [Lanes*2*FW-1:0] u_point;

  // Lanes beyond n: zero scalar and point.
  always_comb begin
    for (int l = 0; l < Lanes; l++) begin
      logic valid;
      valid = {u_q, 2'b00} + 34'(l) < 34'(n_q);
      u_scalar[FW*l+:FW] = valid ? sc_q[FW*l+:FW] : '0;
      u_point[2*FW*l+:2*FW] = valid ? pt_q[2*FW*l+:2*FW] : '0;
    end
  end
  assign u_start = st_q == StCmd && rdc_q == 2'b00 && !wrc_q && u_idle;
  assign u_in_valid = st_q == StOffer;
  assign u_in_last = u_q + 1 == ubeats_q;

  zkacc_msm_bn254 #(.C(C), .Lanes(Lanes)) u_msm (
    .clk_i, .rst_ni(unit_rst_ni),
    .start_i(u_start), .c_i(c_q), .idle_o(u_idle), .done_o(u_done), .error_o(u_err),
    .in_valid_i(u_in_valid), .in_ready_o(u_in_ready), .in_last_i(u_in_last),
    .in_scalar_i(u_scalar), .in_point_i(u_point),
    .out_valid_o(u_out_valid), .out_ready_i(u_out_ready), .out_bucket_o(u_out_bucket),
    .out_point_o(u_out_point), .out_last_o(u_out_last), .out_extra_o(u_out_extra),
    .cnt_cycles_o(c_cycles), .cnt_acc_cycles_o(c_acc), .cnt_digits_o(c_digits),
    .cnt_bucket_adds_o(c_badds), .cnt_pair_adds_o(c_padds), .cnt_first_adds_o(c_first),
    .cnt_bubble_hazard_o(c_hz), .cnt_bubble_starved_o(c_st), .cnt_bubble_drain_o(c_dr),
    .cnt_out_stall_o(c_os), .cnt_pool_peak_o(c_peak), .cnt_extras_o(c_extras),
    .cnt_win_adds_o(c_win_adds), .cnt_win_hazard_o(c_win_hz)
  );
  logic unused_cnt;
  assign unused_cnt = ^{c_cycles, c_first, c_peak, c_win_adds, c_win_hz};
  assign err_o = u_err && st_q != StIdle;

  // ---- Read streams.
  assign rd_cmd_valid_o = rdc_q;
  assign rd_cmd_addr_o = {bases_q, scalars_q};
  assign rd_cmd_beats_o = {n_q, (n_q + 1) >> 1};
  assign rd_ready_o[0] = st_q == StGather && sgot_q != sneed_q;
  assign rd_ready_o[1] = st_q == StGather && pgot_q != pneed_q;

  // ---- Output serializer: an item (2 or 3 beats) at a time.
  logic item_q, item_extra_q, item_last_q;
  logic [1:0] beat_q;
  logic [4*FW-1:0] item_pt_q;
  logic [KW-1:0] item_k_q;
  assign u_out_ready = !item_q && st_q == StDrain;
  logic hdr;
  assign hdr = st_q == StHdr;
  logic [31:0] buckets, windows;
  assign windows = 32'(zkacc_msm_pkg::Windows(254, 32'(c_q)));
  assign buckets = 32'(zkacc_msm_pkg::Buckets(254, 32'(c_q)));
  always_comb begin
    wr_valid_o = (st_q == StDrain && item_q) || hdr;
    wr_strb_o = '1;
    wr_data_o = '0;
    wr_last_o = 1'b0;
    if (hdr) begin
      wr_data_o[159:0] = {n_q, windows, 27'd0, c_q, extras_q, buckets};
      wr_last_o = 1'b1;
    end else begin
      case (beat_q)
        2'd0: wr_data_o = item_pt_q[511:0];
        2'd1: wr_data_o = item_pt_q[1023:512];
        default: wr_data_o[KW-1:0] = item_k_q;
      endcase
      wr_last_o = item_last_q && beat_q == (item_extra_q ? 2'd2 : 2'd1);
    end
  end
  assign wr_cmd_valid_o = wrc_q;
  assign wr_cmd_addr_o = (st_q == StHdrCmd) ? out_q : out_q + 64'd64;
  assign done_o = st_q == StDone;

  // ---- Counters (sums over the run's MSMs).
  logic [64*9-1:0] sum_q;
  always_comb begin
    cnt_o = '0;
    cnt_o[64*zkacc_regs_pkg::CntMsmAccCycles+:64] = sum_q[0+:64];
    cnt_o[64*zkacc_regs_pkg::CntMsmDigits+:64] = sum_q[64+:64];
    cnt_o[64*zkacc_regs_pkg::CntMsmBucketAdds+:64] = sum_q[128+:64];
    cnt_o[64*zkacc_regs_pkg::CntMsmPairAdds+:64] = sum_q[192+:64];
    cnt_o[64*zkacc_regs_pkg::CntMsmBubbleHazard+:64] = sum_q[256+:64];
    cnt_o[64*zkacc_regs_pkg::CntMsmBubbleStarved+:64] = sum_q[320+:64];
    cnt_o[64*zkacc_regs_pkg::CntMsmBubbleDrain+:64] = sum_q[384+:64];
    cnt_o[64*zkacc_regs_pkg::CntMsmExtras+:64] = sum_q[448+:64];
    cnt_o[64*zkacc_regs_pkg::CntMsmOutStall+:64] = sum_q[512+:64];
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      st_q <= StIdle;
      rdc_q <= '0;
      wrc_q <= 1'b0;
      item_q <= 1'b0;
      sum_q <= '0;
    end else begin
      case (st_q)
        StIdle: if (start_i) begin
          n_q <= n_i;
          scalars_q <= scalars_i;
          bases_q <= bases_i;
          out_q <= out_i;
          c_q <= c_i;
          ubeats_q <= (n_i == 0) ? 32'd1 : (n_i + 3) >> 2;
          u_q <= '0;
          extras_q <= '0;
          unit_done_seen_q <= 1'b0;
          {sneed_q, pneed_q} <= Need(31'd0, n_i);
          sgot_q <= '0;
          pgot_q <= '0;
          sc_q <= '0;
          pt_q <= '0;
          rdc_q <= (n_i == 0) ? 2'b00 : 2'b11;
          wrc_q <= 1'b1;
          st_q <= StCmd;
        end
        StCmd: begin
          rdc_q <= rdc_q & ~rd_cmd_ready_i;
          if (wr_cmd_ready_i) wrc_q <= 1'b0;
          if (u_start) st_q <= StGather;
        end
        StGather: begin
          if (rd_valid_i[0] && rd_ready_o[0]) begin
            sc_q[512*sgot_q+:512] <= rd_data_i[511:0];
            sgot_q <= sgot_q + 1'b1;
          end
          if (rd_valid_i[1] && rd_ready_o[1]) begin
            pt_q[512*pgot_q[1:0]+:512] <= rd_data_i[1023:512];
            pgot_q <= pgot_q + 1'b1;
          end
          if ((sgot_q == sneed_q || (rd_valid_i[0] && rd_ready_o[0] &&
                                     sgot_q + 1'b1 == sneed_q)) &&
              (pgot_q == pneed_q || (rd_valid_i[1] && rd_ready_o[1] &&
                                     pgot_q + 1'b1 == pneed_q))) begin
            st_q <= StOffer;
          end
        end
        StOffer: if (u_in_ready) begin
          u_q <= u_q + 1;
          {sneed_q, pneed_q} <= Need(u_q[30:0] + 31'd1, n_q);
          sgot_q <= '0;
          pgot_q <= '0;
          sc_q <= '0;
          pt_q <= '0;
          st_q <= u_in_last ? StDrain : StGather;
        end
        StDrain: begin
          if (u_out_valid && u_out_ready) begin
            item_q <= 1'b1;
            item_extra_q <= u_out_extra;
            item_last_q <= u_out_last;
            item_pt_q <= u_out_point;
            item_k_q <= u_out_bucket;
            beat_q <= '0;
            if (u_out_extra) extras_q <= extras_q + 1;
          end
          if (item_q && wr_ready_i) begin
            beat_q <= beat_q + 1'b1;
            if (beat_q == (item_extra_q ? 2'd2 : 2'd1)) begin
              item_q <= 1'b0;
              if (item_last_q) st_q <= StWaitData;
            end
          end
        end
        StWaitData: if (wr_idle_i && unit_done_seen_q) begin
          st_q <= StHdrCmd;
          wrc_q <= 1'b1;
        end
        StHdrCmd: if (wr_cmd_ready_i) begin
          wrc_q <= 1'b0;
          st_q <= StHdr;
        end
        StHdr: if (wr_ready_i) st_q <= StHdrWait;
        StHdrWait: if (wr_idle_i) st_q <= StDone;
        StDone: st_q <= StIdle;
        default: st_q <= StIdle;
      endcase
      if (st_q != StIdle && u_done) begin
        unit_done_seen_q <= 1'b1;
        sum_q[0+:64] <= sum_q[0+:64] + c_acc;
        sum_q[64+:64] <= sum_q[64+:64] + c_digits;
        sum_q[128+:64] <= sum_q[128+:64] + c_badds;
        sum_q[192+:64] <= sum_q[192+:64] + c_padds;
        sum_q[256+:64] <= sum_q[256+:64] + c_hz;
        sum_q[320+:64] <= sum_q[320+:64] + c_st;
        sum_q[384+:64] <= sum_q[384+:64] + c_dr;
        sum_q[448+:64] <= sum_q[448+:64] + 64'(c_extras);
        sum_q[512+:64] <= sum_q[512+:64] + c_os;
      end
      if (clr_i) sum_q <= '0;
      if (abort_i) begin
        st_q <= StIdle;
        rdc_q <= '0;
        wrc_q <= 1'b0;
        item_q <= 1'b0;
      end
    end
  end

endmodule

`default_nettype wire
