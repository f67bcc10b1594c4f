// SPDX-License-Identifier: Apache-2.0
//
// AXI4 write DMA of the kernel: one write stream at a time onto the m_axi write channels
// (512-bit data with byte strobes, 64-bit addresses, INCR bursts of up to 64 beats that never
// cross a 4 KB boundary, up to MaxOutstanding bursts awaiting their B response).
//
//   cmd_*      opens a stream at the 64-byte aligned address cmd_addr_i (bits 5:0 ignored);
//              taken when no stream is open and the previous stream's beats have all left.
//              cmd_chunk_i = 0: the stream's beats go to consecutive addresses. Otherwise a
//              three-level pattern: rows of cmd_chunk_i consecutive beats, row r of a block at
//              the block's start + r * cmd_stride_i beats, cmd_rows_i rows per block (>= 1),
//              block k at addr + k * cmd_bstep_i beats (bursts never span two rows)
//   d_*        the stream's beats (data, strobes), d_last_i on the last one; the length need
//              not be known in advance: beats collect in a FIFO of FifoDepth (>= 64) and a
//              burst leaves when it is complete (64 beats or up to the 4 KB boundary) or the
//              last beat is in the FIFO. AW comes first, then the burst's W beats.
//   idle_o     no stream open, nothing buffered, every B response received
//   abort_i    (level) take no more beats; a burst whose AW has left is completed, then the
//              FIFO is emptied and the stream closed; idle_o when the B responses are in
//   err_o      sticky: a B response was not OKAY (err_resp_o: the first one); cleared by clr_i
// Counters (cleared by clr_i): beats, bursts, stall cycles (AW waiting for awready or a W beat
// waiting for wready).
// Combinational paths: none (every output is a register or a function of registers).
`default_nettype none

module zkacc_dma_wr #(
  parameter int FifoDepth = 128,
  parameter int MaxOutstanding = 16
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         clr_i,
  input  logic         abort_i,
  output logic         idle_o,
  input  logic         cmd_valid_i,
  output logic         cmd_ready_o,
  input  logic [63:0]  cmd_addr_i,
  input  logic [31:0]  cmd_chunk_i,
  input  logic [31:0]  cmd_stride_i,
  input  logic [31:0]  cmd_rows_i,
  input  logic [31:0]  cmd_bstep_i,
  input  logic         d_valid_i,
  output logic         d_ready_o,
  input  logic [511:0] d_data_i,
  input  logic [63:0]  d_strb_i,
  input  logic         d_last_i,
  output logic         err_o,
  output logic [1:0]   err_resp_o,
  output logic [63:0]  cnt_beats_o,
  output logic [63:0]  cnt_bursts_o,
  output logic [63:0]  cnt_stall_o,
  // AXI4 write channels.
  output logic         awvalid_o,
  input  logic         awready_i,
  output logic [63:0]  awaddr_o,
  output logic [7:0]   awlen_o,
  output logic [2:0]   awsize_o,
  output logic [1:0]   awburst_o,
  output logic         wvalid_o,
  input  logic         wready_i,
  output logic [511:0] wdata_o,
  output logic [63:0]  wstrb_o,
  output logic         wlast_o,
  input  logic         bvalid_i,
  output logic         bready_o,
  input  logic [1:0]   bresp_i
);
  localparam int CntW = $clog2(FifoDepth + 1);
  localparam int OW = $clog2(MaxOutstanding + 1);

  logic open_q, last_q, aborting_q;
  logic [57:0] addr_q, row_q, blk_q;    // beat addresses: next burst, its row, its block
  logic pat_q;                           // a three-level pattern (cmd_chunk_i != 0)
  logic [31:0] chunk_q, stride_q, rows_q, bstep_q;
  logic [31:0] cleft_q, rleft_q;         // beats left in the row; rows left after this one
  typedef enum logic [1:0] {BIdle, BAw, BW} bstate_e;
  bstate_e bst_q;
  logic [6:0] left_q;   // W beats left in the burst
  logic [OW-1:0] bout_q;
  logic [63:0] aw_addr_q;
  logic [7:0] aw_len_q;

  // ---- FIFO of {strb, data}.
  logic f_in_valid, f_in_ready, f_out_valid, f_out_ready, f_clr;
  logic [575:0] f_out;
  logic [CntW-1:0] f_count;
  assign d_ready_o = open_q && !last_q && !aborting_q && !abort_i && f_in_ready;
  assign f_in_valid = d_valid_i && d_ready_o;
  zkacc_top_fifo #(.Width(576), .Depth(FifoDepth)) u_fifo (
    .clk_i, .rst_ni, .clr_i(f_clr),
    .in_valid_i(f_in_valid), .in_ready_o(f_in_ready), .in_data_i({d_strb_i, d_data_i}),
    .out_valid_o(f_out_valid), .out_ready_i(f_out_ready), .out_data_o(f_out), .count_o(f_count)
  );

  // ---- Bursts.
  logic [6:0] want, len;
  logic go;
  always_comb begin
    want = 7'd64 - {1'b0, addr_q[5:0]};
    if (pat_q && cleft_q < 32'(want)) want = cleft_q[6:0];
    len = (32'(f_count) < 32'(want)) ? f_count[6:0] : want;
  end
  assign go = bst_q == BIdle && open_q && !aborting_q && !abort_i &&
              bout_q < OW'(MaxOutstanding) && f_count != '0 &&
              (32'(f_count) >= 32'(want) || last_q);

  assign awvalid_o = bst_q == BAw;
  assign awaddr_o = aw_addr_q;
  assign awlen_o = aw_len_q;
  assign awsize_o = 3'd6;
  assign awburst_o = 2'b01;
  assign wvalid_o = bst_q == BW && f_out_valid;
  assign wdata_o = f_out[511:0];
  assign wstrb_o = f_out[575:512];
  assign wlast_o = left_q == 7'd1;
  assign f_out_ready = bst_q == BW && wready_i;
  assign bready_o = 1'b1;

  assign cmd_ready_o = !open_q && !aborting_q && !abort_i;
  assign idle_o = !open_q && bst_q == BIdle && bout_q == '0 && !f_out_valid;
  assign f_clr = (aborting_q || abort_i) && bst_q == BIdle;
  logic unused_addr;  // beat-aligned: the byte offset is ignored
  assign unused_addr = ^cmd_addr_i[5:0];

  logic b_fire, aw_fire;
  assign b_fire = bvalid_i && bready_o;
  assign aw_fire = awvalid_o && awready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      open_q <= 1'b0;
      last_q <= 1'b0;
      aborting_q <= 1'b0;
      bst_q <= BIdle;
      bout_q <= '0;
      err_o <= 1'b0;
      err_resp_o <= 2'b00;
      cnt_beats_o <= '0;
      cnt_bursts_o <= '0;
      cnt_stall_o <= '0;
    end else begin
      if (cmd_valid_i && cmd_ready_o) begin
        open_q <= 1'b1;
        last_q <= 1'b0;
        addr_q <= cmd_addr_i[63:6];
        row_q <= cmd_addr_i[63:6];
        blk_q <= cmd_addr_i[63:6];
        pat_q <= cmd_chunk_i != 32'd0;
        chunk_q <= cmd_chunk_i;
        stride_q <= cmd_stride_i;
        rows_q <= cmd_rows_i;
        bstep_q <= cmd_bstep_i;
        cleft_q <= cmd_chunk_i;
        rleft_q <= cmd_rows_i - 32'd1;
      end
      if (f_in_valid && d_last_i) last_q <= 1'b1;
      case (bst_q)
        BIdle: if (go) begin
          bst_q <= BAw;
          aw_addr_q <= {addr_q, 6'd0};
          aw_len_q <= 8'(len - 7'd1);
          left_q <= len;
          addr_q <= addr_q + 58'(len);
          if (pat_q) begin
            if (cleft_q == 32'(len)) begin
              cleft_q <= chunk_q;
              if (rleft_q != 32'd0) begin  // next row of the block
                rleft_q <= rleft_q - 32'd1;
                row_q <= row_q + 58'(stride_q);
                addr_q <= row_q + 58'(stride_q);
              end else begin               // first row of the next block
                rleft_q <= rows_q - 32'd1;
                blk_q <= blk_q + 58'(bstep_q);
                row_q <= blk_q + 58'(bstep_q);
                addr_q <= blk_q + 58'(bstep_q);
              end
            end else begin
              cleft_q <= cleft_q - 32'(len);
            end
          end
        end
        BAw: if (awready_i) bst_q <= BW;
        BW: if (wready_i && f_out_valid) begin
          left_q <= left_q - 1'b1;
          if (left_q == 7'd1) bst_q <= BIdle;
        end
        default: bst_q <= BIdle;
      endcase
      // The stream ends when its last beat has left.
      if (open_q && last_q && bst_q == BIdle && !go && f_count == '0) begin
        open_q <= 1'b0;
        last_q <= 1'b0;
      end
      if (abort_i) aborting_q <= 1'b1;
      if ((aborting_q || abort_i) && bst_q == BIdle) begin
        open_q <= 1'b0;
        last_q <= 1'b0;
      end
      if (aborting_q && !abort_i && bst_q == BIdle) aborting_q <= 1'b0;
      bout_q <= bout_q + OW'(aw_fire) - OW'(b_fire);
      if (b_fire && bresp_i != 2'b00 && !err_o) begin
        err_o <= 1'b1;
        err_resp_o <= bresp_i;
      end
      if (wvalid_o && wready_i) cnt_beats_o <= cnt_beats_o + 1;
      if (aw_fire) cnt_bursts_o <= cnt_bursts_o + 1;
      if ((awvalid_o && !awready_i) || (wvalid_o && !wready_i)) cnt_stall_o <= cnt_stall_o + 1;
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
