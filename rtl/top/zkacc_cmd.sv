// SPDX-License-Identifier: Apache-2.0
//
// Command processor of the kernel: runs `count` 64-byte descriptors from device address `desc`
// in order (rtl/top/zkacc_regmap.json, docs/kernel.md), one at a time:
//
//   FETCH    read descriptor i (one beat on read stream 0)
//   DECODE   check opcode, reserved bytes, unit presence (CAPS) and parameters; a bad
//            descriptor stops the run with ERROR_CODE / ERROR_INDEX = i / ERROR_INFO set
//   RUN      the operation owns the read streams and the write stream; it pulses done when
//            its last write response is in
//   ABORT    an AXI error response (read or write), a unit error: the DMAs and the operation
//            are aborted, the units reset (UnitResetCycles), bursts in flight drained; then
//            the run ends with the error registers set
// Counters (cleared at start): zkacc_regs_pkg::Cnt*, 64-bit each, out on counters_o.
//
//   start_i      one-cycle pulse (ap_start while idle): latch desc_i, count_i
//   done_o       one-cycle pulse at the end of the run (ap_done and ap_ready)
//   idle_o       no run in progress (low from the cycle after start_i to the cycle after done_o)

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_MSM_PKG_SV
`include "rtl/msm/zkacc_msm_pkg.sv"
`endif
`ifndef ZKACC_REGS_PKG_SV
`include "rtl/top/zkacc_regs_pkg.sv"
`endif

`default_nettype none

module zkacc_cmd #(
  parameter int NumStreams = 3,
  parameter bit EnMsm = 1'b0,
  parameter bit EnNtt = 1'b0,
  parameter bit EnHist = 1'b0,
  parameter bit EnMm = 1'b0,
  parameter int UnitResetCycles = 4,
  // Unit sizes (the parameter checks use them; the top passes the units' values).
  parameter int MsmC = 13,
  parameter int NttLogMax = 12,
  parameter int NttLog4Max = 2 * NttLogMax - 2,  // four-step maximum (zkacc_op_ntt)
  parameter int HistIdxW = 16,
  parameter int MmP = 8,
  parameter int MmKtMax = 512,
  parameter int MmTableBits = 16
) (
  input  logic                                     clk_i,
  input  logic                                     rst_ni,
  input  logic                                     start_i,
  input  logic [63:0]                              desc_i,
  input  logic [31:0]                              count_i,
  output logic                                     done_o,
  output logic                                     idle_o,
  output logic [31:0]                              status_o,
  output logic [31:0]                              error_code_o,
  output logic [31:0]                              error_index_o,
  output logic [31:0]                              desc_done_o,
  output logic [31:0]                              error_info_o,
  output logic [zkacc_regs_pkg::NumCounters*64-1:0] counters_o,
  output logic                                     unit_rst_no,
  // Read DMA.
  output logic                                     rd_clr_o,
  output logic                                     rd_abort_o,
  input  logic                                     rd_idle_i,
  output logic [NumStreams-1:0]                    rd_cmd_valid_o,
  input  logic [NumStreams-1:0]                    rd_cmd_ready_i,
  output logic [NumStreams*64-1:0]                 rd_cmd_addr_o,
  output logic [NumStreams*32-1:0]                 rd_cmd_beats_o,
  output logic [NumStreams*32-1:0]                 rd_cmd_repeat_o,
  output logic [NumStreams*32-1:0]                 rd_cmd_stride_o,
  output logic [NumStreams*32-1:0]                 rd_cmd_blocks_o,
  output logic [NumStreams*32-1:0]                 rd_cmd_bstep_o,
  input  logic [NumStreams-1:0]                    rd_valid_i,
  output logic [NumStreams-1:0]                    rd_ready_o,
  input  logic [NumStreams*512-1:0]                rd_data_i,
  input  logic                                     rd_err_i,
  input  logic [1:0]                               rd_err_resp_i,
  input  logic [63:0]                              rd_cnt_beats_i,
  input  logic [63:0]                              rd_cnt_bursts_i,
  input  logic [63:0]                              rd_cnt_stall_i,
  // Write DMA.
  output logic                                     wr_clr_o,
  output logic                                     wr_abort_o,
  input  logic                                     wr_idle_i,
  output logic                                     wr_cmd_valid_o,
  input  logic                                     wr_cmd_ready_i,
  output logic [63:0]                              wr_cmd_addr_o,
  output logic [127:0]                             wr_cmd_pattern_o,  // {bstep, rows, stride, chunk}
  output logic                                     wr_valid_o,
  input  logic                                     wr_ready_i,
  output logic [511:0]                             wr_data_o,
  output logic [63:0]                              wr_strb_o,
  output logic                                     wr_last_o,
  input  logic                                     wr_err_i,
  input  logic [1:0]                               wr_err_resp_i,
  input  logic [63:0]                              wr_cnt_beats_i,
  input  logic [63:0]                              wr_cnt_bursts_i,
  input  logic [63:0]                              wr_cnt_stall_i
);
  localparam int NS = NumStreams;
  localparam int NOps = 5;  // operation slots: COPY, MSM, NTT, HIST, MATMUL (= opcode - 1)
  localparam int NC = zkacc_regs_pkg::NumCounters;

  // ---- Operation buses (slot k = opcode - 1).
  logic [NOps-1:0] op_start, op_done, op_err;
  logic copy_busy;
  // Flat vectors, slot k at [k*W +: W] (Yosys 0.23 has no packed multi-dimensional arrays).
  logic [NOps*NS-1:0] op_rd_cmd_valid, op_rd_ready;
  logic [NOps*NS*64-1:0] op_rd_cmd_addr;
  logic [NOps*NS*32-1:0] op_rd_cmd_beats, op_rd_cmd_repeat;
  logic [NOps-1:0] op_wr_cmd_valid, op_wr_valid, op_wr_last;
  logic [NOps*64-1:0] op_wr_cmd_addr, op_wr_strb;
  logic [NOps*512-1:0] op_wr_data;
  logic [NS*32-1:0] ntt_rd_stride, ntt_rd_blocks, ntt_rd_bstep;  // the NTT's read patterns
  logic [127:0] ntt_wr_pattern;
  logic [NC*64-1:0] unit_cnt;  // unit counters (the operations fill their entries)
  logic [NOps*NC*64-1:0] op_cnt;

  // ---- State.
  typedef enum logic [2:0] {StIdle, StFetch, StWaitDesc, StDecode, StRun, StAbort, StDone}
      state_e;
  state_e st_q;
  logic [57:0] desc_q;     // beat address of the next descriptor
  logic [31:0] count_q, idx_q, done_cnt_q;
  logic [511:0] d_q;       // the current descriptor
  logic [7:0] err_code_q, err_det_q, err_op_q;
  logic [1:0] err_resp_q;
  logic [31:0] err_idx_q;
  logic [2:0] sel_q;       // slot of the running operation
  logic fetch_cmd_q;
  logic [$clog2(UnitResetCycles+1)-1:0] urst_q;
  logic abort;
  assign abort = st_q == StAbort;
  // The units' reset: the kernel's, and UnitResetCycles cycles after an abort (registered).
  logic unit_rst_nq;
  always_ff @(posedge clk_i) unit_rst_nq <= rst_ni && urst_q == '0;

  // ---- Decode (combinational on the registered descriptor).
  logic [7:0] opcode, flags;
  logic [7:0] chk_code, chk_det;
  assign opcode = d_q[zkacc_regs_pkg::DescOpcodeLsb+:8];
  assign flags = d_q[zkacc_regs_pkg::DescFlagsLsb+:8];

  function automatic logic Misaligned(input logic [5:0] a);
    Misaligned = a != 6'd0;
  endfunction

  always_comb begin
    logic [31:0] p0, p1, p2;
    logic [5:0] a0, a1, a2, a3, a4;  // the byte offsets of the buffer addresses
    logic [23:0] a4_hi;
    p0 = d_q[zkacc_regs_pkg::DescP0Lsb+:32];
    p1 = d_q[zkacc_regs_pkg::DescP1Lsb+:32];
    p2 = d_q[zkacc_regs_pkg::DescP2Lsb+:32];
    a0 = d_q[zkacc_regs_pkg::DescA0Lsb+:6];
    a1 = d_q[zkacc_regs_pkg::DescA1Lsb+:6];
    a2 = d_q[zkacc_regs_pkg::DescA2Lsb+:6];
    a3 = d_q[zkacc_regs_pkg::DescA3Lsb+:6];
    a4 = d_q[zkacc_regs_pkg::DescA4Lsb+:6];
    a4_hi = d_q[zkacc_regs_pkg::DescA4Lsb+40+:24];
    chk_code = zkacc_regs_pkg::ErrNone;
    chk_det = zkacc_regs_pkg::DetNone;
    if (opcode > zkacc_regs_pkg::OpMatmul) begin
      chk_code = zkacc_regs_pkg::ErrBadOpcode;
    end else if (d_q[zkacc_regs_pkg::DescReserved0Lsb+:16] != 16'd0) begin
      chk_code = zkacc_regs_pkg::ErrBadParam;
      chk_det = zkacc_regs_pkg::DetReserved;
    end else begin
      case (opcode)
        zkacc_regs_pkg::OpCopy: begin
          if (a4_hi != '0) begin
            chk_code = zkacc_regs_pkg::ErrBadParam;
            chk_det = zkacc_regs_pkg::DetN;
          end
        end
        zkacc_regs_pkg::OpMsm: begin
          if (!EnMsm) chk_code = zkacc_regs_pkg::ErrUnitAbsent;
          else if (p1 < 32'(zkacc_msm_pkg::CMin) || p1 > 32'(MsmC)) begin
            chk_code = zkacc_regs_pkg::ErrBadParam;
            chk_det = zkacc_regs_pkg::DetWindow;
          end else if (Misaligned(a0) || Misaligned(a1) || Misaligned(a2)) begin
            chk_code = zkacc_regs_pkg::ErrBadAlign;
            chk_det = Misaligned(a0) ? zkacc_regs_pkg::DetAddr0 :
                      Misaligned(a1) ? zkacc_regs_pkg::DetAddr1 : zkacc_regs_pkg::DetAddr2;
          end
        end
        zkacc_regs_pkg::OpNtt: begin
          if (!EnNtt) chk_code = zkacc_regs_pkg::ErrUnitAbsent;
          else if (p0 < 32'd1 || p0 > 32'(NttLog4Max)) begin
            chk_code = zkacc_regs_pkg::ErrBadParam;
            chk_det = zkacc_regs_pkg::DetLogN;
          end else if (p1 == 32'd0 || ((64'(p1) << p0[4:0]) >> 33) != 64'd0) begin
            // count >= 1 and count * n / 2 beats < 2^32
            chk_code = zkacc_regs_pkg::ErrBadParam;
            chk_det = zkacc_regs_pkg::DetN;
          end else if (flags[7:2] != 6'd0) begin
            chk_code = zkacc_regs_pkg::ErrBadParam;
            chk_det = zkacc_regs_pkg::DetKind;
          end else if (Misaligned(a0) || Misaligned(a1) ||
                       (flags[1:0] != 2'd0 && Misaligned(a2)) ||
                       (p0 > 32'(NttLogMax) && (Misaligned(a3) || Misaligned(a4)))) begin
            chk_code = zkacc_regs_pkg::ErrBadAlign;
            chk_det = Misaligned(a0) ? zkacc_regs_pkg::DetAddr0 :
                      Misaligned(a1) ? zkacc_regs_pkg::DetAddr1 :
                      (flags[1:0] != 2'd0 && Misaligned(a2)) ? zkacc_regs_pkg::DetAddr2 :
                      Misaligned(a3) ? zkacc_regs_pkg::DetAddr3 : zkacc_regs_pkg::DetAddr4;
          end
        end
        zkacc_regs_pkg::OpHist: begin
          if (!EnHist) chk_code = zkacc_regs_pkg::ErrUnitAbsent;
          else if (p2 == 32'd0 || p2 > (32'd1 << HistIdxW)) begin
            chk_code = zkacc_regs_pkg::ErrBadParam;
            chk_det = zkacc_regs_pkg::DetEntries;
          end else if (Misaligned(a0) || Misaligned(a1)) begin
            chk_code = zkacc_regs_pkg::ErrBadAlign;
            chk_det = Misaligned(a0) ? zkacc_regs_pkg::DetAddr0 : zkacc_regs_pkg::DetAddr1;
          end
        end
        zkacc_regs_pkg::OpMatmul: begin
          if (!EnMm) chk_code = zkacc_regs_pkg::ErrUnitAbsent;
          else if (p0 == 32'd0 || p0 > 32'd65535 || p1[15:0] == 16'd0 ||
                   32'(p1[15:0]) > 32'(MmKtMax) || p1[31:16] == 16'd0) begin
            chk_code = zkacc_regs_pkg::ErrBadParam;
            chk_det = zkacc_regs_pkg::DetShape;
          end else if (p2[23:16] > 8'd47 || p2[31:24] != 8'd0) begin
            chk_code = zkacc_regs_pkg::ErrBadParam;
            chk_det = zkacc_regs_pkg::DetShift;
          end else if (17'(d_q[zkacc_regs_pkg::DescMatmulIdxMaxLsb+:16]) + 17'd1 >
                       17'(1 << MmTableBits) ||
                       d_q[zkacc_regs_pkg::DescMatmulReserved2Lsb+:16] != 16'd0) begin
            chk_code = zkacc_regs_pkg::ErrBadParam;
            chk_det = zkacc_regs_pkg::DetEntries;
          end else if (Misaligned(a0) || Misaligned(a1) || Misaligned(a2) || Misaligned(a3) ||
                       Misaligned(a4)) begin
            chk_code = zkacc_regs_pkg::ErrBadAlign;
            chk_det = Misaligned(a0) ? zkacc_regs_pkg::DetAddr0 :
                      Misaligned(a1) ? zkacc_regs_pkg::DetAddr1 :
                      Misaligned(a2) ? zkacc_regs_pkg::DetAddr2 :
                      Misaligned(a3) ? zkacc_regs_pkg::DetAddr3 : zkacc_regs_pkg::DetAddr4;
          end
        end
        default: ;
      endcase
    end
  end

  // ---- Stream multiplexing: stream 0 fetches descriptors outside RUN.
  logic fetching;
  assign fetching = st_q == StFetch || st_q == StWaitDesc;
  logic running;
  assign running = st_q == StRun;
  always_comb begin
    rd_cmd_valid_o = '0;
    rd_cmd_addr_o = '0;
    rd_cmd_beats_o = '0;
    rd_cmd_repeat_o = '0;
    for (int s = 0; s < NS; s++) rd_cmd_blocks_o[32*s+:32] = 32'd1;
    rd_cmd_stride_o = '0;
    rd_cmd_bstep_o = '0;
    wr_cmd_pattern_o = '0;
    rd_ready_o = '0;
    wr_cmd_valid_o = 1'b0;
    wr_cmd_addr_o = '0;
    wr_valid_o = 1'b0;
    wr_data_o = '0;
    wr_strb_o = '0;
    wr_last_o = 1'b0;
    if (running) begin
      for (int k = 0; k < NOps; k++) begin
        if (32'(sel_q) == k) begin
          rd_cmd_valid_o = op_rd_cmd_valid[NS*k+:NS];
          rd_cmd_addr_o = op_rd_cmd_addr[NS*64*k+:NS*64];
          rd_cmd_beats_o = op_rd_cmd_beats[NS*32*k+:NS*32];
          rd_cmd_repeat_o = op_rd_cmd_repeat[NS*32*k+:NS*32];
          rd_ready_o = op_rd_ready[NS*k+:NS];
          wr_cmd_valid_o = op_wr_cmd_valid[k];
          wr_cmd_addr_o = op_wr_cmd_addr[64*k+:64];
          wr_valid_o = op_wr_valid[k];
          wr_data_o = op_wr_data[512*k+:512];
          wr_strb_o = op_wr_strb[64*k+:64];
          wr_last_o = op_wr_last[k];
        end
      end
      // Strided patterns: only the NTT (slot 2) uses them.
      if (sel_q == 3'd2) begin
        rd_cmd_stride_o = ntt_rd_stride;
        rd_cmd_blocks_o = ntt_rd_blocks;
        rd_cmd_bstep_o = ntt_rd_bstep;
        wr_cmd_pattern_o = ntt_wr_pattern;
      end
    end
    if (fetching) begin
      rd_cmd_valid_o[0] = fetch_cmd_q;
      rd_cmd_addr_o[63:0] = {desc_q, 6'd0};
      rd_cmd_beats_o[31:0] = 32'd1;
      rd_cmd_repeat_o[31:0] = 32'd1;
      rd_ready_o[0] = st_q == StWaitDesc;
    end
  end

  // ---- Operations.
  always_comb begin
    for (int k = 0; k < NOps; k++) begin
      op_start[k] = st_q == StDecode && chk_code == zkacc_regs_pkg::ErrNone &&
                    opcode == 8'(k + 1);
    end
  end

  // COPY (slot 0): read stream 0, the write stream.
  zkacc_op_copy u_copy (
    .clk_i, .rst_ni,
    .start_i(op_start[0]),
    .abort_i(abort),
    .src_i(d_q[zkacc_regs_pkg::DescCopySrcLsb+:64]),
    .dst_i(d_q[zkacc_regs_pkg::DescCopyDstLsb+:64]),
    .bytes_i(d_q[zkacc_regs_pkg::DescCopyBytesLsb+:41]),
    .done_o(op_done[0]),
    .busy_o(copy_busy),
    .rd_cmd_valid_o(op_rd_cmd_valid[0]),
    .rd_cmd_ready_i(rd_cmd_ready_i[0]),
    .rd_cmd_addr_o(op_rd_cmd_addr[63:0]),
    .rd_cmd_beats_o(op_rd_cmd_beats[31:0]),
    .rd_valid_i(rd_valid_i[0]),
    .rd_ready_o(op_rd_ready[0]),
    .rd_data_i(rd_data_i[511:0]),
    .wr_cmd_valid_o(op_wr_cmd_valid[0]),
    .wr_cmd_ready_i,
    .wr_cmd_addr_o(op_wr_cmd_addr[63:0]),
    .wr_valid_o(op_wr_valid[0]),
    .wr_ready_i,
    .wr_data_o(op_wr_data[511:0]),
    .wr_strb_o(op_wr_strb[63:0]),
    .wr_last_o(op_wr_last[0]),
    .wr_idle_i
  );
  assign op_err[0] = 1'b0;
  assign op_cnt[NC*64-1:0] = '0;
  assign op_rd_cmd_valid[NS-1:1] = '0;
  assign op_rd_ready[NS-1:1] = '0;
  assign op_rd_cmd_addr[NS*64-1:64] = '0;
  assign op_rd_cmd_beats[NS*32-1:32] = '0;
  assign op_rd_cmd_repeat[NS*32-1:0] = {{(NS-1){32'd0}}, 32'd1};

  // MSM (slot 1): read streams 0 (scalars) and 1 (bases).
  if (EnMsm) begin : gen_msm
    zkacc_op_msm #(.C(MsmC), .NumCounters(NC)) u_msm (
      .clk_i, .rst_ni, .unit_rst_ni(unit_rst_nq), .clr_i(start_i), .start_i(op_start[1]),
      .abort_i(abort),
      .n_i(d_q[zkacc_regs_pkg::DescMsmNLsb+:32]),
      .scalars_i(d_q[zkacc_regs_pkg::DescMsmScalarsLsb+:64]),
      .bases_i(d_q[zkacc_regs_pkg::DescMsmBasesLsb+:64]),
      .out_i(d_q[zkacc_regs_pkg::DescMsmOutLsb+:64]),
      .c_i(d_q[zkacc_regs_pkg::DescMsmCLsb+:5]),
      .done_o(op_done[1]), .err_o(op_err[1]), .cnt_o(op_cnt[NC*64*1+:NC*64]),
      .rd_cmd_valid_o(op_rd_cmd_valid[NS*1+:2]), .rd_cmd_ready_i(rd_cmd_ready_i[1:0]),
      .rd_cmd_addr_o(op_rd_cmd_addr[NS*64*1+:128]), .rd_cmd_beats_o(op_rd_cmd_beats[NS*32*1+:64]),
      .rd_valid_i(rd_valid_i[1:0]), .rd_ready_o(op_rd_ready[NS*1+:2]),
      .rd_data_i(rd_data_i[1023:0]),
      .wr_cmd_valid_o(op_wr_cmd_valid[1]), .wr_cmd_ready_i, .wr_cmd_addr_o(op_wr_cmd_addr[64*1+:64]),
      .wr_valid_o(op_wr_valid[1]), .wr_ready_i, .wr_data_o(op_wr_data[512*1+:512]),
      .wr_strb_o(op_wr_strb[64*1+:64]), .wr_last_o(op_wr_last[1]), .wr_idle_i
    );
    assign op_rd_cmd_valid[NS*1+2+:NS-2] = '0;
    assign op_rd_ready[NS*1+2+:NS-2] = '0;
    assign op_rd_cmd_addr[NS*64*1+128+:(NS-2)*64] = '0;
    assign op_rd_cmd_beats[NS*32*1+64+:(NS-2)*32] = '0;
    assign op_rd_cmd_repeat[NS*32*1+:NS*32] = {NS{32'd1}};
  end else begin : gen_no_msm
    assign op_done[1] = 1'b0;
    assign op_err[1] = 1'b0;
    assign op_rd_cmd_valid[NS*1+:NS] = '0;
    assign op_rd_ready[NS*1+:NS] = '0;
    assign op_rd_cmd_addr[NS*64*1+:NS*64] = '0;
    assign op_rd_cmd_beats[NS*32*1+:NS*32] = '0;
    assign op_rd_cmd_repeat[NS*32*1+:NS*32] = '0;
    assign op_wr_cmd_valid[1] = 1'b0;
    assign op_wr_valid[1] = 1'b0;
    assign op_wr_last[1] = 1'b0;
    assign op_wr_cmd_addr[64*1+:64] = '0;
    assign op_wr_strb[64*1+:64] = '0;
    assign op_wr_data[512*1+:512] = '0;
    assign op_cnt[NC*64*1+:NC*64] = '0;
  end

  // NTT (slot 2): read streams 0 (data), 1 (factor table), 2 (n^-1).
  if (EnNtt) begin : gen_ntt
    zkacc_op_ntt #(.LogMax(NttLogMax), .NumCounters(NC)) u_ntt (
      .clk_i, .rst_ni, .unit_rst_ni(unit_rst_nq), .clr_i(start_i), .start_i(op_start[2]),
      .abort_i(abort),
      .log_n_i(d_q[zkacc_regs_pkg::DescNttLogNLsb+:5]),
      .count_i(d_q[zkacc_regs_pkg::DescNttCountLsb+:32]),
      .kind_i(flags[1:0]),
      .in_i(d_q[zkacc_regs_pkg::DescNttInLsb+:64]),
      .out_i(d_q[zkacc_regs_pkg::DescNttOutLsb+:64]),
      .factors_i(d_q[zkacc_regs_pkg::DescNttFactorsLsb+:64]),
      .scratch_i(d_q[zkacc_regs_pkg::DescNttScratchLsb+:64]),
      .twiddles_i(d_q[zkacc_regs_pkg::DescNttTwiddlesLsb+:64]),
      .done_o(op_done[2]), .cnt_o(op_cnt[NC*64*2+:NC*64]),
      .rd_cmd_valid_o(op_rd_cmd_valid[NS*2+:3]), .rd_cmd_ready_i(rd_cmd_ready_i[2:0]),
      .rd_cmd_addr_o(op_rd_cmd_addr[NS*64*2+:192]), .rd_cmd_beats_o(op_rd_cmd_beats[NS*32*2+:96]),
      .rd_cmd_repeat_o(op_rd_cmd_repeat[NS*32*2+:96]),
      .rd_cmd_stride_o(ntt_rd_stride[95:0]), .rd_cmd_blocks_o(ntt_rd_blocks[95:0]),
      .rd_cmd_bstep_o(ntt_rd_bstep[95:0]),
      .rd_valid_i(rd_valid_i[2:0]), .rd_ready_o(op_rd_ready[NS*2+:3]),
      .rd_data_i(rd_data_i[1535:0]),
      .wr_cmd_valid_o(op_wr_cmd_valid[2]), .wr_cmd_ready_i, .wr_cmd_addr_o(op_wr_cmd_addr[64*2+:64]),
      .wr_cmd_pattern_o(ntt_wr_pattern),
      .wr_valid_o(op_wr_valid[2]), .wr_ready_i, .wr_data_o(op_wr_data[512*2+:512]),
      .wr_strb_o(op_wr_strb[64*2+:64]), .wr_last_o(op_wr_last[2]), .wr_idle_i
    );
    assign op_err[2] = 1'b0;
  end else begin : gen_no_ntt
    assign ntt_rd_stride = '0;
    assign ntt_rd_blocks = {NS{32'd1}};
    assign ntt_rd_bstep = '0;
    assign ntt_wr_pattern = '0;
    assign op_done[2] = 1'b0;
    assign op_err[2] = 1'b0;
    assign op_rd_cmd_valid[NS*2+:NS] = '0;
    assign op_rd_ready[NS*2+:NS] = '0;
    assign op_rd_cmd_addr[NS*64*2+:NS*64] = '0;
    assign op_rd_cmd_beats[NS*32*2+:NS*32] = '0;
    assign op_rd_cmd_repeat[NS*32*2+:NS*32] = '0;
    assign op_wr_cmd_valid[2] = 1'b0;
    assign op_wr_valid[2] = 1'b0;
    assign op_wr_last[2] = 1'b0;
    assign op_wr_cmd_addr[64*2+:64] = '0;
    assign op_wr_strb[64*2+:64] = '0;
    assign op_wr_data[512*2+:512] = '0;
    assign op_cnt[NC*64*2+:NC*64] = '0;
  end

  // HIST (slot 3): read stream 0 (indices).
  if (EnHist) begin : gen_hist
    zkacc_op_hist #(.IdxW(HistIdxW), .NumCounters(NC)) u_hist (
      .clk_i, .rst_ni, .unit_rst_ni(unit_rst_nq), .clr_i(start_i), .start_i(op_start[3]),
      .abort_i(abort),
      .n_i(d_q[zkacc_regs_pkg::DescHistNLsb+:32]),
      .indices_i(d_q[zkacc_regs_pkg::DescHistIndicesLsb+:64]),
      .counts_i(d_q[zkacc_regs_pkg::DescHistCountsLsb+:64]),
      .base_i(d_q[zkacc_regs_pkg::DescHistBaseLsb+:32]),
      .entries_i(d_q[zkacc_regs_pkg::DescHistEntriesLsb+:HistIdxW+1]),
      .done_o(op_done[3]), .cnt_o(op_cnt[NC*64*3+:NC*64]),
      .rd_cmd_valid_o(op_rd_cmd_valid[NS*3]), .rd_cmd_ready_i(rd_cmd_ready_i[0]),
      .rd_cmd_addr_o(op_rd_cmd_addr[NS*64*3+:64]), .rd_cmd_beats_o(op_rd_cmd_beats[NS*32*3+:32]),
      .rd_valid_i(rd_valid_i[0]), .rd_ready_o(op_rd_ready[NS*3]),
      .rd_data_i(rd_data_i[511:0]),
      .wr_cmd_valid_o(op_wr_cmd_valid[3]), .wr_cmd_ready_i, .wr_cmd_addr_o(op_wr_cmd_addr[64*3+:64]),
      .wr_valid_o(op_wr_valid[3]), .wr_ready_i, .wr_data_o(op_wr_data[512*3+:512]),
      .wr_strb_o(op_wr_strb[64*3+:64]), .wr_last_o(op_wr_last[3]), .wr_idle_i
    );
    assign op_err[3] = 1'b0;
    assign op_rd_cmd_valid[NS*3+1+:NS-1] = '0;
    assign op_rd_ready[NS*3+1+:NS-1] = '0;
    assign op_rd_cmd_addr[NS*64*3+64+:(NS-1)*64] = '0;
    assign op_rd_cmd_beats[NS*32*3+32+:(NS-1)*32] = '0;
    assign op_rd_cmd_repeat[NS*32*3+:NS*32] = {NS{32'd1}};
  end else begin : gen_no_hist
    assign op_done[3] = 1'b0;
    assign op_err[3] = 1'b0;
    assign op_rd_cmd_valid[NS*3+:NS] = '0;
    assign op_rd_ready[NS*3+:NS] = '0;
    assign op_rd_cmd_addr[NS*64*3+:NS*64] = '0;
    assign op_rd_cmd_beats[NS*32*3+:NS*32] = '0;
    assign op_rd_cmd_repeat[NS*32*3+:NS*32] = '0;
    assign op_wr_cmd_valid[3] = 1'b0;
    assign op_wr_valid[3] = 1'b0;
    assign op_wr_last[3] = 1'b0;
    assign op_wr_cmd_addr[64*3+:64] = '0;
    assign op_wr_strb[64*3+:64] = '0;
    assign op_wr_data[512*3+:512] = '0;
    assign op_cnt[NC*64*3+:NC*64] = '0;
  end

  // MATMUL (slot 4): read streams 0 (table, then weights), 1 (bias), 2 (inputs).
  if (EnMm) begin : gen_mm
    zkacc_op_mm #(.P(MmP), .KtMax(MmKtMax), .IdxW(MmTableBits), .NumCounters(NC)) u_mm (
      .clk_i, .rst_ni, .unit_rst_ni(unit_rst_nq), .clr_i(start_i), .start_i(op_start[4]),
      .abort_i(abort), .desc_i(d_q),
      .done_o(op_done[4]), .cnt_o(op_cnt[NC*64*4+:NC*64]),
      .rd_cmd_valid_o(op_rd_cmd_valid[NS*4+:3]), .rd_cmd_ready_i(rd_cmd_ready_i[2:0]),
      .rd_cmd_addr_o(op_rd_cmd_addr[NS*64*4+:192]), .rd_cmd_beats_o(op_rd_cmd_beats[NS*32*4+:96]),
      .rd_cmd_repeat_o(op_rd_cmd_repeat[NS*32*4+:96]),
      .rd_valid_i(rd_valid_i[2:0]), .rd_ready_o(op_rd_ready[NS*4+:3]),
      .rd_data_i(rd_data_i[1535:0]),
      .wr_cmd_valid_o(op_wr_cmd_valid[4]), .wr_cmd_ready_i, .wr_cmd_addr_o(op_wr_cmd_addr[64*4+:64]),
      .wr_valid_o(op_wr_valid[4]), .wr_ready_i, .wr_data_o(op_wr_data[512*4+:512]),
      .wr_strb_o(op_wr_strb[64*4+:64]), .wr_last_o(op_wr_last[4]), .wr_idle_i
    );
    assign op_err[4] = 1'b0;
  end else begin : gen_no_mm
    assign op_done[4] = 1'b0;
    assign op_err[4] = 1'b0;
    assign op_rd_cmd_valid[NS*4+:NS] = '0;
    assign op_rd_ready[NS*4+:NS] = '0;
    assign op_rd_cmd_addr[NS*64*4+:NS*64] = '0;
    assign op_rd_cmd_beats[NS*32*4+:NS*32] = '0;
    assign op_rd_cmd_repeat[NS*32*4+:NS*32] = '0;
    assign op_wr_cmd_valid[4] = 1'b0;
    assign op_wr_valid[4] = 1'b0;
    assign op_wr_last[4] = 1'b0;
    assign op_wr_cmd_addr[64*4+:64] = '0;
    assign op_wr_strb[64*4+:64] = '0;
    assign op_wr_data[512*4+:512] = '0;
    assign op_cnt[NC*64*4+:NC*64] = '0;
  end

  always_comb begin
    unit_cnt = '0;
    for (int k = 0; k < NOps; k++) unit_cnt = unit_cnt | op_cnt[NC*64*k+:NC*64];
  end
  logic unused_sig;  // parts of the buses no operation of this build uses
  assign unused_sig = ^{copy_busy, op_start, rd_cmd_ready_i, rd_valid_i, rd_data_i, d_q};

  // ---- The run.
  logic op_fin, axi_err;
  assign op_fin = 32'(sel_q) < NOps && op_done[sel_q];
  assign axi_err = rd_err_i || wr_err_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      st_q <= StIdle;
      fetch_cmd_q <= 1'b0;
      err_code_q <= '0;
      err_det_q <= '0;
      err_op_q <= '0;
      err_resp_q <= '0;
      err_idx_q <= '1;
      done_cnt_q <= '0;
      idx_q <= '0;
      sel_q <= '0;
      urst_q <= '0;
      d_q <= '0;
    end else begin
      case (st_q)
        StIdle: if (start_i) begin
          desc_q <= desc_i[63:6];
          count_q <= count_i;
          idx_q <= '0;
          done_cnt_q <= '0;
          err_code_q <= zkacc_regs_pkg::ErrNone;
          err_det_q <= '0;
          err_op_q <= '0;
          err_resp_q <= '0;
          err_idx_q <= '1;
          if (count_i == 32'd0) begin
            st_q <= StDone;
          end else if (desc_i[5:0] != 6'd0) begin
            err_code_q <= zkacc_regs_pkg::ErrBadAlign;
            err_det_q <= zkacc_regs_pkg::DetDescAddr;
            err_idx_q <= '0;
            st_q <= StDone;
          end else begin
            st_q <= StFetch;
            fetch_cmd_q <= 1'b1;
          end
        end
        StFetch: if (rd_cmd_ready_i[0]) begin
          fetch_cmd_q <= 1'b0;
          st_q <= StWaitDesc;
        end
        StWaitDesc: if (rd_err_i) begin
          err_code_q <= zkacc_regs_pkg::ErrAxiRead;
          err_resp_q <= rd_err_resp_i;
          err_idx_q <= idx_q;
          st_q <= StAbort;
        end else if (rd_valid_i[0]) begin
          d_q <= rd_data_i[511:0];
          st_q <= StDecode;
        end
        StDecode: begin
          sel_q <= 3'(opcode - 8'd1);
          if (chk_code != zkacc_regs_pkg::ErrNone) begin
            err_code_q <= chk_code;
            err_det_q <= chk_det;
            err_op_q <= opcode;
            err_idx_q <= idx_q;
            st_q <= StDone;
          end else if (opcode == zkacc_regs_pkg::OpNop) begin
            done_cnt_q <= done_cnt_q + 1;
            idx_q <= idx_q + 1;
            desc_q <= desc_q + 58'd1;
            if (idx_q + 1 == count_q) begin
              st_q <= StDone;
            end else begin
              st_q <= StFetch;
              fetch_cmd_q <= 1'b1;
            end
          end else begin
            st_q <= StRun;
          end
        end
        StRun: begin
          if (axi_err || (32'(sel_q) < NOps && op_err[sel_q])) begin
            err_code_q <= rd_err_i ? zkacc_regs_pkg::ErrAxiRead :
                          wr_err_i ? zkacc_regs_pkg::ErrAxiWrite : zkacc_regs_pkg::ErrUnitError;
            err_resp_q <= rd_err_i ? rd_err_resp_i : wr_err_resp_i;
            err_op_q <= opcode;
            err_idx_q <= idx_q;
            st_q <= StAbort;
            urst_q <= $bits(urst_q)'(UnitResetCycles);
          end else if (op_fin) begin
            done_cnt_q <= done_cnt_q + 1;
            idx_q <= idx_q + 1;
            desc_q <= desc_q + 58'd1;
            if (idx_q + 1 == count_q) begin
              st_q <= StDone;
            end else begin
              st_q <= StFetch;
              fetch_cmd_q <= 1'b1;
            end
          end
        end
        StAbort: begin
          if (urst_q != '0) urst_q <= urst_q - 1'b1;
          if (urst_q == '0 && rd_idle_i && wr_idle_i) st_q <= StDone;
        end
        StDone: st_q <= StIdle;
        default: st_q <= StIdle;
      endcase
    end
  end

  assign done_o = st_q == StDone;
  assign idle_o = st_q == StIdle;
  assign unit_rst_no = unit_rst_nq;
  assign rd_clr_o = start_i;
  assign wr_clr_o = start_i;
  assign rd_abort_o = abort;
  assign wr_abort_o = abort;

  assign status_o = {16'd0, opcode, 6'd0, err_code_q != 8'd0, !idle_o};
  assign error_code_o = {24'd0, err_code_q};
  assign error_index_o = err_idx_q;
  assign desc_done_o = done_cnt_q;
  assign error_info_o = {8'd0, err_op_q, 6'd0, err_resp_q, err_det_q};

  // ---- Counters: the command processor's own (cnt_q), the DMAs', the units' (unit_cnt).
  logic [NC*64-1:0] cnt_q;
  function automatic logic [NC*64-1:0] Inc(input logic [NC*64-1:0] c, input int i);
    Inc = c;
    Inc[64*i+:64] = c[64*i+:64] + 64'd1;
  endfunction
  always_ff @(posedge clk_i) begin
    if (!rst_ni || start_i) begin
      cnt_q <= '0;
    end else begin
      logic [NC*64-1:0] c;
      c = cnt_q;
      if (!idle_o) c = Inc(c, zkacc_regs_pkg::CntCycles);
      if (fetching) c = Inc(c, zkacc_regs_pkg::CntDescCycles);
      if (running) begin
        case (sel_q)
          3'd0: c = Inc(c, zkacc_regs_pkg::CntBusyCopy);
          3'd1: c = Inc(c, zkacc_regs_pkg::CntBusyMsm);
          3'd2: c = Inc(c, zkacc_regs_pkg::CntBusyNtt);
          3'd3: c = Inc(c, zkacc_regs_pkg::CntBusyHist);
          3'd4: c = Inc(c, zkacc_regs_pkg::CntBusyMatmul);
          default: ;
        endcase
      end
      cnt_q <= c;
    end
  end
  always_comb begin
    for (int i = 0; i < NC; i++) counters_o[64*i+:64] = cnt_q[64*i+:64] | unit_cnt[64*i+:64];
    counters_o[64*zkacc_regs_pkg::CntRdBeats+:64] = rd_cnt_beats_i;
    counters_o[64*zkacc_regs_pkg::CntWrBeats+:64] = wr_cnt_beats_i;
    counters_o[64*zkacc_regs_pkg::CntRdBursts+:64] = rd_cnt_bursts_i;
    counters_o[64*zkacc_regs_pkg::CntWrBursts+:64] = wr_cnt_bursts_i;
    counters_o[64*zkacc_regs_pkg::CntRdStall+:64] = rd_cnt_stall_i;
    counters_o[64*zkacc_regs_pkg::CntWrStall+:64] = wr_cnt_stall_i;
  end
endmodule

`default_nettype wire
