// SPDX-License-Identifier: Apache-2.0
//
// AXI4 read DMA of the kernel: NumStreams independent read streams share one m_axi read
// channel (512-bit data, 64-bit addresses, INCR bursts of up to 64 beats that never cross a
// 4 KB boundary, up to MaxOutstanding bursts in flight).
//
//   cmd_*[s]   a job of stream s, a three-level pattern of beats from the 64-byte aligned
//              address cmd_addr_i (bits 5:0 ignored): cmd_blocks_i blocks, block k starting at
//              addr + k * cmd_bstep_i beats; each block cmd_repeat_i rows, row r starting at
//              the block's start + r * cmd_stride_i beats; each row cmd_beats_i consecutive
//              beats. Stride 0 re-reads a row (e.g. a factor table once per transform); one
//              block of one row is a plain contiguous read. A job with zero beats, rows or
//              blocks reads nothing. Taken when the stream has no job.
//   d_*[s]     the beats of stream s in address order (FIFO of FifoDepth beats per stream)
//   busy_o[s]  a job of stream s is being read or its beats are still in its FIFO
// A burst of stream s is issued only when its FIFO has room for all its beats (credits), so a
// slow consumer never blocks the read channel for the other streams. Read data returns in
// order (no AXI IDs): a queue of the streams of the bursts in flight routes the beats.
// Arbitration: round robin over the streams with a job and credits.
//
//   abort_i    drop every job and every buffered beat; bursts in flight are still received
//              (and discarded); idle_o rises when none is in flight
//   err_o      sticky: a beat came back with RRESP != OKAY (err_resp_o: the first response);
//              cleared by clr_i (the start of a run)
// Counters (cleared by clr_i): beats, bursts, stall cycles (bursts in flight, no beat).
// Combinational paths: d_ready_i -> nothing (FIFO outputs are registers).
`default_nettype none

module zkacc_dma_rd #(
  parameter int NumStreams = 3,
  parameter int FifoDepth = 128,     // beats per stream, >= 64
  parameter int MaxOutstanding = 8
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  input  logic                         clr_i,
  input  logic                         abort_i,
  output logic                         idle_o,
  // Jobs.
  input  logic [NumStreams-1:0]        cmd_valid_i,
  output logic [NumStreams-1:0]        cmd_ready_o,
  input  logic [NumStreams*64-1:0]     cmd_addr_i,
  input  logic [NumStreams*32-1:0]     cmd_beats_i,
  input  logic [NumStreams*32-1:0]     cmd_repeat_i,
  input  logic [NumStreams*32-1:0]     cmd_stride_i,
  input  logic [NumStreams*32-1:0]     cmd_blocks_i,
  input  logic [NumStreams*32-1:0]     cmd_bstep_i,
  // Data.
  output logic [NumStreams-1:0]        d_valid_o,
  input  logic [NumStreams-1:0]        d_ready_i,
  output logic [NumStreams*512-1:0]    d_data_o,
  output logic [NumStreams-1:0]        busy_o,
  output logic                         err_o,
  output logic [1:0]                   err_resp_o,
  output logic [63:0]                  cnt_beats_o,
  output logic [63:0]                  cnt_bursts_o,
  output logic [63:0]                  cnt_stall_o,
  // AXI4 read channels.
  output logic                         arvalid_o,
  input  logic                         arready_i,
  output logic [63:0]                  araddr_o,
  output logic [7:0]                   arlen_o,
  output logic [2:0]                   arsize_o,
  output logic [1:0]                   arburst_o,
  input  logic                         rvalid_i,
  output logic                         rready_o,
  input  logic [511:0]                 rdata_i,
  input  logic                         rlast_i,
  input  logic [1:0]                   rresp_i
);
  localparam int NS = NumStreams;
  localparam int SW = (NS > 1) ? $clog2(NS) : 1;
  localparam int CntW = $clog2(FifoDepth + 1);
  localparam int OW = $clog2(MaxOutstanding + 1);

  // ---- Per-stream job state (gen_stream below): burst length of stream s
  // blen[7s+:7] = min(beats left, 64, beats to the 4 KB boundary); elig[s]: a job with room.
  logic [NS-1:0] act;
  logic [NS*7-1:0] blen;
  logic [NS*58-1:0] baddr;  // beat address of the next burst
  logic [NS-1:0] elig;

  // ---- Burst queue (streams of the bursts in flight).
  logic [OW-1:0] inflight_q;
  logic tq_push, tq_pop, tq_valid;
  logic [SW-1:0] tq_stream;
  logic [SW-1:0] ar_stream_q;
  logic ar_q;
  logic [63:0] ar_addr_q;
  logic [7:0] ar_len_q;
  logic [SW-1:0] rr_q;  // round-robin pointer
  logic grant_v;
  logic [SW-1:0] grant;

  always_comb begin
    grant_v = 1'b0;
    grant = '0;
    for (int k = 0; k < NS; k++) begin
      if (!grant_v && elig[(32'(rr_q) + k) % NS]) begin
        grant_v = 1'b1;
        grant = SW'((32'(rr_q) + k) % NS);
      end
    end
  end

  logic issue;
  assign issue = !ar_q && grant_v && inflight_q < OW'(MaxOutstanding) && !abort_i;
  assign arvalid_o = ar_q;
  assign araddr_o = ar_addr_q;
  assign arlen_o = ar_len_q;
  assign arsize_o = 3'd6;   // 64 bytes per beat
  assign arburst_o = 2'b01; // INCR
  assign tq_push = ar_q && arready_i;

  logic tq_ready;  // never full: at most MaxOutstanding bursts are issued
  logic [$clog2(MaxOutstanding+1)-1:0] tq_count;
  logic unused_tq;
  assign unused_tq = ^{tq_ready, tq_count};
  zkacc_top_fifo #(.Width(SW), .Depth(MaxOutstanding)) u_tq (
    .clk_i, .rst_ni, .clr_i(1'b0),
    .in_valid_i(tq_push), .in_ready_o(tq_ready), .in_data_i(ar_stream_q),
    .out_valid_o(tq_valid), .out_ready_i(tq_pop), .out_data_o(tq_stream), .count_o(tq_count)
  );

  // ---- R channel: route the beat to its stream's FIFO (discard while aborting).
  logic [NS-1:0] f_push, f_ready;
  logic r_fire;
  assign rready_o = 1'b1;  // every beat has a reserved FIFO slot (credits)
  assign r_fire = rvalid_i && rready_o;
  assign tq_pop = r_fire && rlast_i;
  logic draining_q;  // aborted: beats in flight are dropped
  always_comb begin
    for (int s = 0; s < NS; s++) begin
      f_push[s] = r_fire && tq_valid && 32'(tq_stream) == s && !draining_q && !abort_i;
    end
  end

  for (genvar s = 0; s < NS; s++) begin : gen_stream
    logic act_q;
    logic [57:0] addr_q, row_q, blk_q;  // beat addresses (byte address >> 6): next burst, row, block
    logic [31:0] left_q, beats_q;  // beats left in this row; beats per row
    logic [31:0] rep_q, rows_q;    // rows left in this block after this one; rows per block
    logic [31:0] blk_left_q;       // blocks left after this one
    logic [31:0] stride_q, bstep_q;
    logic [CntW-1:0] owed_q;      // beats requested, not yet in the FIFO
    logic [CntW-1:0] fcount;
    logic [6:0] to4k, len;
    logic mine;
    assign to4k = 7'd64 - {1'b0, addr_q[5:0]};
    assign len = (left_q < 32'(to4k)) ? left_q[6:0] : to4k;
    assign blen[7*s+:7] = len;
    assign baddr[58*s+:58] = addr_q;
    assign act[s] = act_q;
    assign elig[s] = act_q && !abort_i &&
                     (32'(fcount) + 32'(owed_q) + 32'(len) <= 32'(FifoDepth));
    assign mine = issue && 32'(grant) == s;
    logic unused_off;  // beat-aligned jobs: the byte offset is ignored
    assign unused_off = ^cmd_addr_i[64*s+:6];

    zkacc_top_fifo #(.Width(512), .Depth(FifoDepth)) u_fifo (
      .clk_i, .rst_ni, .clr_i(abort_i),
      .in_valid_i(f_push[s]), .in_ready_o(f_ready[s]), .in_data_i(rdata_i),
      .out_valid_o(d_valid_o[s]), .out_ready_i(d_ready_i[s]),
      .out_data_o(d_data_o[512*s+:512]), .count_o(fcount)
    );
    assign cmd_ready_o[s] = !act_q && !abort_i;
    assign busy_o[s] = act_q || d_valid_o[s] || owed_q != '0;

    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        act_q <= 1'b0;
        owed_q <= '0;
      end else begin
        if (cmd_valid_i[s] && cmd_ready_o[s]) begin
          act_q <= cmd_beats_i[32*s+:32] != 0 && cmd_repeat_i[32*s+:32] != 0 &&
                   cmd_blocks_i[32*s+:32] != 0;
          addr_q <= cmd_addr_i[64*s+6+:58];
          row_q <= cmd_addr_i[64*s+6+:58];
          blk_q <= cmd_addr_i[64*s+6+:58];
          left_q <= cmd_beats_i[32*s+:32];
          beats_q <= cmd_beats_i[32*s+:32];
          rep_q <= cmd_repeat_i[32*s+:32] - 1;
          rows_q <= cmd_repeat_i[32*s+:32];
          blk_left_q <= cmd_blocks_i[32*s+:32] - 1;
          stride_q <= cmd_stride_i[32*s+:32];
          bstep_q <= cmd_bstep_i[32*s+:32];
        end
        if (mine) begin
          if (left_q == 32'(len)) begin
            left_q <= beats_q;
            if (rep_q != 0) begin           // next row of the block
              rep_q <= rep_q - 1;
              row_q <= row_q + 58'(stride_q);
              addr_q <= row_q + 58'(stride_q);
            end else if (blk_left_q != 0) begin  // first row of the next block
              blk_left_q <= blk_left_q - 1;
              rep_q <= rows_q - 1;
              blk_q <= blk_q + 58'(bstep_q);
              row_q <= blk_q + 58'(bstep_q);
              addr_q <= blk_q + 58'(bstep_q);
            end else begin
              act_q <= 1'b0;
            end
          end else begin
            addr_q <= addr_q + 58'(len);
            left_q <= left_q - 32'(len);
          end
        end
        owed_q <= owed_q + (mine ? CntW'(len) : '0) - CntW'(f_push[s]);
        if (abort_i) begin
          act_q <= 1'b0;
          owed_q <= '0;
        end
      end
    end
  end
  logic unused_act;
  assign unused_act = ^act;
  logic unused_f_ready;
  assign unused_f_ready = ^f_ready;

  assign idle_o = inflight_q == '0 && !ar_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ar_q <= 1'b0;
      inflight_q <= '0;
      rr_q <= '0;
      draining_q <= 1'b0;
      err_o <= 1'b0;
      err_resp_o <= 2'b00;
      cnt_beats_o <= '0;
      cnt_bursts_o <= '0;
      cnt_stall_o <= '0;
    end else begin
      if (issue) begin
        ar_q <= 1'b1;
        ar_stream_q <= grant;
        ar_addr_q <= {baddr[58*grant+:58], 6'd0};
        ar_len_q <= 8'(blen[7*grant+:7] - 7'd1);
        rr_q <= (32'(grant) == NS - 1) ? '0 : grant + 1'b1;
      end
      if (ar_q && arready_i) ar_q <= 1'b0;
      inflight_q <= inflight_q + OW'(tq_push) - OW'(tq_pop);
      if (abort_i) begin
        draining_q <= 1'b1;
      end else if (inflight_q == '0 && !ar_q) begin
        draining_q <= 1'b0;
      end
      // Errors and counters.
      if (r_fire && rresp_i != 2'b00 && !err_o) begin
        err_o <= 1'b1;
        err_resp_o <= rresp_i;
      end
      if (r_fire) cnt_beats_o <= cnt_beats_o + 1;
      if (tq_push) cnt_bursts_o <= cnt_bursts_o + 1;
      if (inflight_q != '0 && !r_fire) cnt_stall_o <= cnt_stall_o + 1;
      if (clr_i) begin
        err_o <= 1'b0;
        err_resp_o <= 2'b00;
        cnt_beats_o <= '0;
        cnt_bursts_o <= '0;
        cnt_stall_o <= '0;
      end
    end
  end
endmodule

`default_nettype wire
