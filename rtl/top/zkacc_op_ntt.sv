// SPDX-License-Identifier: Apache-2.0
//
// NTT operation of the command processor on the NTT unit (zkacc_ntt_bn254_fr_l2, rtl/ntt,
// docs/ntt-unit.md): `count` transforms of n = 2^log_n <= 2^LogMax elements, contiguous and in
// natural order in and out, as the on-chip schedule of sim/tb/tb_ntt.h runs them:
//
//   jobs       2^log_b transforms per job, log_b the smallest with 2^(log_n + log_b) >= 4 and
//              at least min(2^(LogMax - log_n), count) transforms (padding transforms beyond
//              count are fed zeros and their results dropped)
//   kinds      forward: no scaling; inverse: input x n^-1; coset forward: input x g^j (factor
//              stream); coset inverse: input x n^-1, output x g^-j (factor stream)
//   streams    read 0: the input (count n / 2 beats, two elements per beat); read 1: the
//              factor table at factors + 64 (n / 2 beats, once per transform); read 2: the
//              constant beat at factors (n^-1); write: the output
// Buffer layouts: rtl/top/zkacc_regmap.json. done_o when the last write response is in.
`default_nettype none

module zkacc_op_ntt #(
  parameter int LogMax = 12,
  parameter int NumCounters = zkacc_regs_pkg::NumCounters
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      unit_rst_ni,
  input  logic                      clr_i,
  input  logic                      start_i,
  input  logic                      abort_i,
  input  logic [4:0]                log_n_i,
  input  logic [31:0]               count_i,
  input  logic [1:0]                kind_i,
  input  logic [63:0]               in_i,
  input  logic [63:0]               out_i,
  input  logic [63:0]               factors_i,
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
  localparam int W = zkacc_ntt_pkg::Width;

  typedef enum logic [2:0] {StIdle, StCmd, StConst, StClr, StRun, StWait, StDone} state_e;
  state_e st_q;
  logic [4:0] log_n_q, log_b_q;
  logic [1:0] kind_q;
  logic [63:0] in_q, out_q, fac_q;
  logic [2:0] rdc_q;
  logic wrc_q;
  logic [47:0] real_q, total_q, in_idx_q, out_idx_q;  // beats
  logic [31:0] trans_q;   // transforms fed (with padding)
  logic [W-1:0] ninv_q;
  logic inv, coset_f, coset_i;
  assign inv = kind_q[0];
  assign coset_f = kind_q == 2'd2;
  assign coset_i = kind_q == 2'd3;

  // log_b for (log_n, count).
  function automatic logic [4:0] LogB(input logic [4:0] log_n, input logic [31:0] count);
    logic [4:0] lb;
    lb = 5'd0;
    for (int i = 0; i < LogMax; i++) begin
      if (32'(log_n) + 32'(lb) < 32'(LogMax) && (33'd1 << lb) < 33'(count)) lb = lb + 1'b1;
    end
    for (int i = 0; i < 2; i++) begin
      if (32'(log_n) + 32'(lb) < 32'd2) lb = lb + 1'b1;
    end
    LogB = lb;
  endfunction

  // ---- The unit.
  logic u_clr, u_in_valid, u_in_ready, u_ofac_valid, u_ofac_ready, u_out_valid, u_out_ready;
  logic u_busy;
  logic [2*W-1:0] u_in_data, u_in_fac, u_ofac, u_out;
  logic [63:0] c_cycles, c_bf, c_hz, c_win, c_wout;
  logic in_pad;
  assign in_pad = in_idx_q >= real_q;
  assign u_clr = st_q == StClr;
  assign u_in_valid = st_q == StRun && in_idx_q < total_q && (in_pad || rd_valid_i[0]) &&
                      (!coset_f || rd_valid_i[1]);
  assign u_in_data = in_pad ? '0 : rd_data_i[511:0];
  assign u_in_fac = rd_data_i[1023:512];
  assign u_ofac_valid = st_q == StRun && coset_i && rd_valid_i[1];
  assign u_ofac = rd_data_i[1023:512];
  logic keep;
  assign keep = out_idx_q < real_q;
  assign u_out_ready = st_q == StRun && (!keep || wr_ready_i);

  zkacc_ntt_bn254_fr_l2 u_ntt (
    .clk_i, .rst_ni(unit_rst_ni),
    .cfg_log_m_i(log_n_q), .cfg_log_b_i(log_b_q), .cfg_in_il_i(1'b0), .cfg_out_il_i(1'b0),
    .cfg_inverse_i(inv),
    .cfg_in_mode_i(coset_f ? zkacc_ntt_pkg::ScaleStream :
                   inv ? zkacc_ntt_pkg::ScaleConst : zkacc_ntt_pkg::ScaleOff),
    .cfg_in_const_i(ninv_q),
    .cfg_out_mode_i(coset_i ? zkacc_ntt_pkg::ScaleStream : zkacc_ntt_pkg::ScaleOff),
    .cfg_out_const_i(ninv_q),
    .clr_i(u_clr),
    .in_valid_i(u_in_valid), .in_ready_o(u_in_ready), .in_data_i(u_in_data),
    .in_fac_i(u_in_fac),
    .ofac_valid_i(u_ofac_valid), .ofac_ready_o(u_ofac_ready), .ofac_data_i(u_ofac),
    .out_valid_o(u_out_valid), .out_ready_i(u_out_ready), .out_data_o(u_out),
    .busy_o(u_busy),
    .cnt_cycles_o(c_cycles), .cnt_bf_o(c_bf), .cnt_hazard_o(c_hz), .cnt_wait_in_o(c_win),
    .cnt_wait_out_o(c_wout)
  );
  logic unused;
  assign unused = ^{c_cycles, u_busy, rd_data_i[1535:1024+W], rd_valid_i[2]};

  logic in_fire;
  assign in_fire = u_in_valid && u_in_ready;
  always_comb begin
    rd_ready_o = '0;
    rd_ready_o[0] = in_fire && !in_pad;
    rd_ready_o[1] = coset_f ? in_fire : (u_ofac_valid && u_ofac_ready);
    rd_ready_o[2] = st_q == StConst;
  end
  assign rd_cmd_valid_o = rdc_q;
  assign rd_cmd_addr_o = {fac_q, fac_q + 64'd64, in_q};
  assign rd_cmd_beats_o = {32'd1, 32'd1 << (log_n_q - 5'd1), real_q[31:0]};
  assign rd_cmd_repeat_o = {32'd1, trans_q, 32'd1};
  assign wr_cmd_valid_o = wrc_q;
  assign wr_cmd_addr_o = out_q;
  assign wr_valid_o = st_q == StRun && u_out_valid && keep;
  assign wr_data_o = u_out;
  assign wr_strb_o = '1;
  assign wr_last_o = out_idx_q + 1 == real_q;
  assign done_o = st_q == StDone;

  logic [64*4-1:0] sum_q;
  always_comb begin
    cnt_o = '0;
    cnt_o[64*zkacc_regs_pkg::CntNttButterflies+:64] = sum_q[0+:64];
    cnt_o[64*zkacc_regs_pkg::CntNttHazard+:64] = sum_q[64+:64];
    cnt_o[64*zkacc_regs_pkg::CntNttWaitIn+:64] = sum_q[128+:64];
    cnt_o[64*zkacc_regs_pkg::CntNttWaitOut+:64] = sum_q[192+:64];
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      st_q <= StIdle;
      rdc_q <= '0;
      wrc_q <= 1'b0;
      sum_q <= '0;
    end else begin
      case (st_q)
        StIdle: if (start_i) begin
          logic [4:0] lb;
          logic [31:0] jobs;
          lb = LogB(log_n_i, count_i);
          jobs = 32'((33'(count_i) + (33'd1 << lb) - 33'd1) >> lb);
          log_n_q <= log_n_i;
          log_b_q <= lb;
          kind_q <= kind_i;
          in_q <= in_i;
          out_q <= out_i;
          fac_q <= factors_i;
          real_q <= 48'(count_i) << (log_n_i - 5'd1);
          total_q <= 48'(jobs) << (32'(lb) + 32'(log_n_i) - 1);
          trans_q <= jobs << lb;
          in_idx_q <= '0;
          out_idx_q <= '0;
          rdc_q <= {kind_i[0], kind_i[1], 1'b1};
          wrc_q <= 1'b1;
          st_q <= StCmd;
        end
        StCmd: begin
          rdc_q <= rdc_q & ~rd_cmd_ready_i;
          if (wr_cmd_ready_i) wrc_q <= 1'b0;
          if ((rdc_q & ~rd_cmd_ready_i) == 3'b000 && (!wrc_q || wr_cmd_ready_i)) begin
            st_q <= inv ? StConst : StClr;
          end
        end
        StConst: if (rd_valid_i[2]) begin
          ninv_q <= rd_data_i[1024+:W];
          st_q <= StClr;
        end
        StClr: st_q <= StRun;
        StRun: begin
          if (in_fire) in_idx_q <= in_idx_q + 1;
          if (u_out_valid && u_out_ready) begin
            out_idx_q <= out_idx_q + 1;
            if (out_idx_q + 1 == total_q) st_q <= StWait;
          end
        end
        StWait: if (wr_idle_i) begin
          st_q <= StDone;
          sum_q[0+:64] <= sum_q[0+:64] + c_bf;
          sum_q[64+:64] <= sum_q[64+:64] + c_hz;
          sum_q[128+:64] <= sum_q[128+:64] + c_win;
          sum_q[192+:64] <= sum_q[192+:64] + c_wout;
        end
        StDone: st_q <= StIdle;
        default: st_q <= StIdle;
      endcase
      if (clr_i) sum_q <= '0;
      if (abort_i) begin
        st_q <= StIdle;
        rdc_q <= '0;
        wrc_q <= 1'b0;
      end
    end
  end
endmodule

`default_nettype wire
