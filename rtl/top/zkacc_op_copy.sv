// SPDX-License-Identifier: Apache-2.0
//
// COPY operation of the command processor: bytes [src, src + bytes) to [dst, dst + bytes), any
// alignment. Read stream 0 delivers the beats covering the source from src & ~63; each output
// beat j (at (dst & ~63) + 64 j) is the 64 bytes at source offset 64 j + (src - dst) mod 64 of
// two consecutive source beats ({cur, prev} >> 8 sh), with byte strobes for exactly the
// destination range.
//
//   start_i   (one cycle) begin with src_i, dst_i, bytes_i (bytes_i = 0: done at once)
//   done_o    one-cycle pulse when the last beat's write response is in (wr_idle_i)
//   abort_i   back to idle at once (the DMAs are aborted by the command processor)
// Source beats read: ceil((src % 64 + bytes) / 64); destination beats: ceil((dst % 64 + bytes)
// / 64).
`default_nettype none

module zkacc_op_copy (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         start_i,
  input  logic         abort_i,
  input  logic [63:0]  src_i,
  input  logic [63:0]  dst_i,
  input  logic [40:0]  bytes_i,
  output logic         done_o,
  output logic         busy_o,
  // Read stream.
  output logic         rd_cmd_valid_o,
  input  logic         rd_cmd_ready_i,
  output logic [63:0]  rd_cmd_addr_o,
  output logic [31:0]  rd_cmd_beats_o,
  input  logic         rd_valid_i,
  output logic         rd_ready_o,
  input  logic [511:0] rd_data_i,
  // Write stream.
  output logic         wr_cmd_valid_o,
  input  logic         wr_cmd_ready_i,
  output logic [63:0]  wr_cmd_addr_o,
  output logic         wr_valid_o,
  input  logic         wr_ready_i,
  output logic [511:0] wr_data_o,
  output logic [63:0]  wr_strb_o,
  output logic         wr_last_o,
  input  logic         wr_idle_i
);
  typedef enum logic [2:0] {StIdle, StCmd, StPrime, StRun, StWait, StDone} state_e;
  state_e st_q;
  logic rd_cmd_q, wr_cmd_q;
  logic [63:0] src_q, dst_q;
  logic [41:0] ns_q, nd_q;      // source / destination beats
  logic [41:0] j_q;             // next output beat
  logic [41:0] end_q;           // rd + bytes: end offset of the destination range
  logic [5:0] sh_q, rd_off_q;
  logic early_q;                // rs < rd: the first output beat needs no primed beat
  logic [511:0] prev_q;

  logic [41:0] ci;              // source index of the "cur" beat of output beat j
  logic need_src;
  always_comb begin
    ci = early_q ? j_q : j_q + 1;
    need_src = ci < ns_q;
  end

  // Output beat and its strobes.
  logic [1023:0] both;
  logic [511:0] out_data;
  logic [63:0] strb;
  always_comb begin
    logic [41:0] lo, hi;
    both = {(need_src ? rd_data_i : 512'd0), prev_q} >> {sh_q, 3'b000};
    out_data = both[511:0];
    lo = (j_q == 0) ? 42'(rd_off_q) : 42'd0;
    hi = end_q - {j_q[35:0], 6'd0};  // end offset within this beat (>= 64: whole beat)
    for (int b = 0; b < 64; b++) begin
      strb[b] = 42'(b) >= lo && 42'(b) < hi;
    end
  end

  logic unused_bits;
  assign unused_bits = ^{src_q[5:0], dst_q[5:0], both[1023:512]};
  logic out_ok;  // the source beat this output needs is here (or none is needed)
  assign out_ok = !need_src || rd_valid_i;
  assign wr_valid_o = st_q == StRun && out_ok;
  assign wr_data_o = out_data;
  assign wr_strb_o = strb;
  assign wr_last_o = j_q == nd_q - 1;
  assign rd_ready_o = (st_q == StPrime) || (st_q == StRun && need_src && wr_ready_i);
  assign rd_cmd_valid_o = rd_cmd_q;
  assign rd_cmd_addr_o = {src_q[63:6], 6'd0};
  assign rd_cmd_beats_o = ns_q[31:0];
  assign wr_cmd_valid_o = wr_cmd_q;
  assign wr_cmd_addr_o = {dst_q[63:6], 6'd0};
  assign busy_o = st_q != StIdle;
  assign done_o = st_q == StDone;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      st_q <= StIdle;
      rd_cmd_q <= 1'b0;
      wr_cmd_q <= 1'b0;
    end else begin
      case (st_q)
        StIdle: if (start_i) begin
          src_q <= src_i;
          dst_q <= dst_i;
          ns_q <= (42'(src_i[5:0]) + 42'(bytes_i) + 42'd63) >> 6;
          nd_q <= (42'(dst_i[5:0]) + 42'(bytes_i) + 42'd63) >> 6;
          end_q <= 42'(dst_i[5:0]) + 42'(bytes_i);
          sh_q <= src_i[5:0] - dst_i[5:0];
          rd_off_q <= dst_i[5:0];
          early_q <= src_i[5:0] < dst_i[5:0];
          prev_q <= '0;
          j_q <= '0;
          if (bytes_i == '0) begin
            st_q <= StDone;
          end else begin
            st_q <= StCmd;
            rd_cmd_q <= 1'b1;
            wr_cmd_q <= 1'b1;
          end
        end
        StCmd: begin
          if (rd_cmd_ready_i) rd_cmd_q <= 1'b0;
          if (wr_cmd_ready_i) wr_cmd_q <= 1'b0;
          if ((!rd_cmd_q || rd_cmd_ready_i) && (!wr_cmd_q || wr_cmd_ready_i)) begin
            st_q <= early_q ? StRun : StPrime;
          end
        end
        StPrime: if (rd_valid_i) begin
          prev_q <= rd_data_i;
          st_q <= StRun;
        end
        StRun: if (wr_valid_o && wr_ready_i) begin
          prev_q <= need_src ? rd_data_i : 512'd0;
          j_q <= j_q + 1;
          if (wr_last_o) st_q <= StWait;
        end
        StWait: if (wr_idle_i) st_q <= StDone;
        StDone: st_q <= StIdle;
        default: st_q <= StIdle;
      endcase
      if (abort_i) begin
        st_q <= StIdle;
        rd_cmd_q <= 1'b0;
        wr_cmd_q <= 1'b0;
      end
    end
  end
endmodule

`default_nettype wire
