// SPDX-License-Identifier: Apache-2.0
//
// NTT operation of the command processor on the NTT unit (zkacc_ntt_bn254_fr_l2, rtl/ntt,
// docs/ntt-unit.md): `count` transforms of n = 2^log_n elements, contiguous and in natural order
// in and out, as the schedules of sim/tb/tb_ntt.h run them: on chip for n <= 2^LogMax, and by
// the four-step method for 2^LogMax < n <= 2^Log4Max (below).
//
// On chip (log_n <= LogMax):
//   jobs       2^log_b transforms per job, log_b the smallest with 2^(log_n + log_b) >= 4 and
//              at least min(2^(LogMax - log_n), count) transforms (padding transforms beyond
//              count are fed zeros and their results dropped)
//   kinds      forward: no scaling; inverse: input x n^-1; coset forward: input x g^j (factor
//              stream); coset inverse: input x n^-1, output x g^-j (factor stream)
//   streams    read 0: the input (count n / 2 beats, two elements per beat); read 1: the
//              factor table at factors + 64 (n / 2 beats, once per transform); read 2: the
//              constant beat at factors (n^-1); write: the output
//
// Four-step (LogMax < log_n <= Log4Max = 2 LogMax - 2), one transform after the other: n = n1 n2
// (log1 = floor(log_n / 2), log2 = log_n - log1), x[j1 n2 + j2], X[k1 + n1 k2]:
//   pass 1     columns: 2^lb1 columns per unit job (lb1 = min(log2, LogMax - log1)), the unit
//              interleaved in and out; input x n^-1 (inverse kinds) or x g^j (coset forward,
//              the factor table on read stream 2), output x the twiddle w^(k1 j2), formed on
//              chip (below; its two tables are loaded on read stream 1 before the first pass of
//              the descriptor); in -> scratch, both in the same pattern: blocks of 2^lb1
//              columns, rows n2 elements apart
//   pass 2     rows: 2^lb2 rows per unit job (lb2 = min(log1, LogMax - log2)), output
//              interleaved; output x g^-k (coset inverse, the factor table on read stream 1 in
//              the output's pattern); scratch (contiguous) -> out: blocks of 2^lb2 elements,
//              rows n1 elements apart
// The DMA engines walk the strided patterns (zkacc_dma_rd / zkacc_dma_wr); a row of a pattern
// is at least one beat (2 elements), hence Log4Max = 2 LogMax - 2.
// Buffer layouts: rtl/top/zkacc_regmap.json. done_o when the last write response is in.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_REGS_PKG_SV
`include "rtl/top/zkacc_regs_pkg.sv"
`endif
`ifndef ZKACC_NTT_PKG_SV
`include "rtl/ntt/zkacc_ntt_pkg.sv"
`endif

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
  input  logic [63:0]               scratch_i,
  input  logic [63:0]               twiddles_i,
  output logic                      done_o,
  output logic [NumCounters*64-1:0] cnt_o,
  output logic [2:0]                rd_cmd_valid_o,
  input  logic [2:0]                rd_cmd_ready_i,
  output logic [191:0]              rd_cmd_addr_o,
  output logic [95:0]               rd_cmd_beats_o,
  output logic [95:0]               rd_cmd_repeat_o,
  output logic [95:0]               rd_cmd_stride_o,
  output logic [95:0]               rd_cmd_blocks_o,
  output logic [95:0]               rd_cmd_bstep_o,
  input  logic [2:0]                rd_valid_i,
  output logic [2:0]                rd_ready_o,
  input  logic [1535:0]             rd_data_i,
  output logic                      wr_cmd_valid_o,
  input  logic                      wr_cmd_ready_i,
  output logic [63:0]               wr_cmd_addr_o,
  output logic [127:0]              wr_cmd_pattern_o,  // {bstep, rows, stride, chunk}
  output logic                      wr_valid_o,
  input  logic                      wr_ready_i,
  output logic [511:0]              wr_data_o,
  output logic [63:0]               wr_strb_o,
  output logic                      wr_last_o,
  input  logic                      wr_idle_i
);
  localparam int W = zkacc_ntt_pkg::Width;
  localparam int Log4Max = 2 * LogMax - 2;

  typedef enum logic [3:0] {
    StIdle, StSetup, StCmd, StTwLoad, StConst, StClr, StRun, StWait, StDone
  } state_e;
  state_e st_q;
  logic [4:0] log_n_q, log_b_q;
  logic [1:0] kind_q;
  logic [63:0] in_q, out_q, fac_q, scr_q, tw_q;
  logic [31:0] count_q;
  logic four_q;            // four-step
  logic pass_q;            // four-step pass (0: columns, 1: rows)
  logic [31:0] v_q;        // four-step: transform
  logic [63:0] voff_q;     // four-step: byte offset of transform v_q
  logic ninv_ok_q;         // n^-1 read
  logic tw_ok_q;           // four-step: the twiddle tables are loaded (once per descriptor)
  logic loading_q;         // the current stream-1 job is the twiddle tables
  logic gen_q;             // four-step pass 1: the output factors come from the generator
  logic [2:0] rdc_q;
  logic wrc_q;
  logic [47:0] real_q, total_q, in_idx_q, out_idx_q;  // beats of this pass
  logic [W-1:0] ninv_q;
  logic inv, coset_f, coset_i;
  assign inv = kind_q[0];
  assign coset_f = kind_q == 2'd2;
  assign coset_i = kind_q == 2'd3;

  // The unit's configuration of this pass, and its streams.
  logic [4:0] u_log_m_q, u_log_b_q;
  logic u_in_il_q, u_out_il_q;
  logic [1:0] u_in_mode_q, u_out_mode_q;
  logic ifac_s2_q;         // input factors on read stream 2 (else 1)
  // DMA jobs of this pass: per read stream {addr, beats, rows, stride, blocks, bstep}.
  logic [191:0] j_addr_q;
  logic [95:0] j_beats_q, j_rows_q, j_stride_q, j_blocks_q, j_bstep_q;
  logic [63:0] jw_addr_q;
  logic [127:0] jw_pat_q;

  // log_b for (log_n, count), on chip.
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
  function automatic logic [4:0] Min5(input logic [4:0] a, input logic [4:0] b);
    Min5 = a < b ? a : b;
  endfunction

  // Four-step split of log_n_q.
  logic [4:0] log1, log2, lb1, lb2;
  assign log1 = {1'b0, log_n_q[4:1]};
  assign log2 = log_n_q - log1;
  assign lb1 = Min5(log2, 5'(LogMax) - log1);
  assign lb2 = Min5(log1, 5'(LogMax) - log2);
  // Patterns in beats (two elements per beat).
  logic [31:0] n_beats, b1_beats, b2_beats, n1_beats, n2_beats, n1_rows, n2_rows, blk1, blk2;
  assign n_beats = 32'd1 << (log_n_q - 5'd1);
  assign b1_beats = 32'd1 << (lb1 - 5'd1);
  assign b2_beats = 32'd1 << (lb2 - 5'd1);
  assign n1_beats = 32'd1 << (log1 - 5'd1);
  assign n2_beats = 32'd1 << (log2 - 5'd1);
  assign n1_rows = 32'd1 << log1;
  assign n2_rows = 32'd1 << log2;
  assign blk1 = 32'd1 << (log2 - lb1);
  assign blk2 = 32'd1 << (log1 - lb2);

  // ---- On-chip four-step twiddles: pass 1 multiplies its outputs (k1, j2) by w^(k1 j2). With
  // e = k1 j2 < n = n1 n2: w^e = TA[e >> log2] * TB[e mod n2], TA[i] = w^(i n2) (n1 entries),
  // TB[i] = w^i (n2 entries), loaded from the twiddles buffer once per descriptor (n1 + n2
  // elements, Montgomery form); one Montgomery multiplication per element (zkacc_ntt_scale).
  // The generator walks the pass's output order: blocks of b1 columns, rows k1, columns j2.
  localparam int TwAW = Log4Max - Log4Max / 2;  // table index bits (11)
  localparam int Bits = zkacc_ntt_pkg::Bits;
  logic tw_valid, tw_ready;
  logic [2*Bits-1:0] tw_data;
  logic [Bits-1:0] ta_mem[1 << TwAW];
  logic [Bits-1:0] tb_mem[1 << TwAW];
  logic [Bits-1:0] ta_r0, ta_r1, tb_r0, tb_r1;
  logic [31:0] ld_idx_q, ld_total;
  logic ld_half_q, tw_we;
  assign ld_total = n1_rows + n2_rows;
  assign tw_we = st_q == StTwLoad && rd_valid_i[1];
  logic [Bits-1:0] tw_wdata;
  assign tw_wdata = ld_half_q ? rd_data_i[512+W+:Bits] : rd_data_i[512+:Bits];
  logic [31:0] tw_wfull;
  logic [TwAW-1:0] tw_waddr;
  assign tw_wfull = ld_idx_q < n2_rows ? ld_idx_q : ld_idx_q - n2_rows;
  assign tw_waddr = tw_wfull[TwAW-1:0];

  logic [31:0] g_left_q, g_cc_q, g_k1_q, g_e0_q, g_rowbase_q, g_j2base_q;
  logic g_v_q, g_rd, sc_in_ready;
  logic [31:0] e1, lo_mask;
  logic [TwAW-1:0] hi0, lo0, hi1, lo1;
  assign e1 = g_e0_q + g_k1_q;
  assign lo_mask = n2_rows - 32'd1;
  assign lo0 = TwAW'(g_e0_q & lo_mask);
  assign lo1 = TwAW'(e1 & lo_mask);
  assign hi0 = TwAW'(g_e0_q >> log2);
  assign hi1 = TwAW'(e1 >> log2);
  assign g_rd = gen_q && st_q == StRun && g_left_q != 0 && (!g_v_q || sc_in_ready);
  logic [31:0] b1_elems;
  assign b1_elems = 32'd1 << lb1;

  always_ff @(posedge clk_i) begin
    if (tw_we && ld_idx_q < n2_rows) tb_mem[tw_waddr] <= tw_wdata;
    if (tw_we && ld_idx_q >= n2_rows) ta_mem[tw_waddr] <= tw_wdata;
    if (g_rd) begin
      ta_r0 <= ta_mem[hi0];
      ta_r1 <= ta_mem[hi1];
      tb_r0 <= tb_mem[lo0];
      tb_r1 <= tb_mem[lo1];
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni || abort_i) begin
      g_v_q <= 1'b0;
    end else if (st_q == StSetup) begin
      g_v_q <= 1'b0;
      g_left_q <= n_beats;
      g_cc_q <= '0;
      g_k1_q <= '0;
      g_e0_q <= '0;
      g_rowbase_q <= '0;
      g_j2base_q <= '0;
    end else if (g_rd) begin
      g_v_q <= 1'b1;
      g_left_q <= g_left_q - 1;
      if (g_cc_q + 2 < b1_elems) begin  // next beat of the row: j2 + 2
        g_cc_q <= g_cc_q + 2;
        g_e0_q <= g_e0_q + (g_k1_q << 1);
      end else begin
        g_cc_q <= '0;
        if (g_k1_q + 1 < n1_rows) begin  // next row of the block: k1 + 1
          g_k1_q <= g_k1_q + 1;
          g_rowbase_q <= g_rowbase_q + g_j2base_q;
          g_e0_q <= g_rowbase_q + g_j2base_q;
        end else begin                   // next block of columns
          g_k1_q <= '0;
          g_j2base_q <= g_j2base_q + b1_elems;
          g_rowbase_q <= '0;
          g_e0_q <= '0;
        end
      end
    end else if (g_v_q && sc_in_ready) begin
      g_v_q <= 1'b0;
    end
  end

  zkacc_ntt_scale #(.Lanes(2)) u_tw (
    .clk_i, .rst_ni(unit_rst_ni),
    .mode_i(zkacc_ntt_pkg::ScaleStream), .const_i('0),
    .in_valid_i(g_v_q), .in_ready_o(sc_in_ready),
    .in_data_i({ta_r1, ta_r0}), .in_fac_i({2'b00, tb_r1, 2'b00, tb_r0}),
    .out_valid_o(tw_valid), .out_ready_i(tw_ready), .out_data_o(tw_data)
  );

  // ---- The unit.
  logic u_clr, u_in_valid, u_in_ready, u_ofac_valid, u_ofac_ready, u_out_valid, u_out_ready;
  logic u_busy, u_ifac_valid;
  logic [2*W-1:0] u_in_data, u_in_fac, u_ofac, u_out;
  logic [63:0] c_cycles, c_bf, c_hz, c_win, c_wout;
  logic in_pad, use_ifac, use_ofac;
  assign use_ifac = u_in_mode_q == zkacc_ntt_pkg::ScaleStream;
  assign use_ofac = u_out_mode_q == zkacc_ntt_pkg::ScaleStream;
  assign in_pad = in_idx_q >= real_q;
  assign u_clr = st_q == StClr;
  assign u_ifac_valid = ifac_s2_q ? rd_valid_i[2] : rd_valid_i[1];
  assign u_in_valid = st_q == StRun && in_idx_q < total_q && (in_pad || rd_valid_i[0]) &&
                      (!use_ifac || u_ifac_valid);
  assign u_in_data = in_pad ? '0 : rd_data_i[511:0];
  assign u_in_fac = ifac_s2_q ? rd_data_i[1024+:2*W] : rd_data_i[512+:2*W];
  assign u_ofac_valid = st_q == StRun && use_ofac && (gen_q ? tw_valid : rd_valid_i[1]);
  assign u_ofac = gen_q ? {2'b00, tw_data[zkacc_ntt_pkg::Bits+:zkacc_ntt_pkg::Bits],
                           2'b00, tw_data[0+:zkacc_ntt_pkg::Bits]}
                        : rd_data_i[1023:512];
  assign tw_ready = gen_q && u_ofac_valid && u_ofac_ready;
  logic keep;
  assign keep = out_idx_q < real_q;
  assign u_out_ready = st_q == StRun && (!keep || wr_ready_i);

  zkacc_ntt_bn254_fr_l2 u_ntt (
    .clk_i, .rst_ni(unit_rst_ni),
    .cfg_log_m_i(u_log_m_q), .cfg_log_b_i(u_log_b_q), .cfg_in_il_i(u_in_il_q),
    .cfg_out_il_i(u_out_il_q), .cfg_inverse_i(inv),
    .cfg_in_mode_i(u_in_mode_q), .cfg_in_const_i(ninv_q),
    .cfg_out_mode_i(u_out_mode_q), .cfg_out_const_i(ninv_q),
    .clr_i(u_clr),
    .in_valid_i(u_in_valid), .in_ready_o(u_in_ready), .in_data_i(u_in_data),
    .in_fac_i(u_in_fac),
    .ofac_valid_i(u_ofac_valid), .ofac_ready_o(u_ofac_ready), .ofac_data_i(u_ofac),
    .out_valid_o(u_out_valid), .out_ready_i(u_out_ready), .out_data_o(u_out),
    .busy_o(u_busy),
    .cnt_cycles_o(c_cycles), .cnt_bf_o(c_bf), .cnt_hazard_o(c_hz),
    .cnt_wait_in_o(c_win), .cnt_wait_out_o(c_wout)
  );
  logic unused;
  assign unused = ^{c_cycles, u_busy, tw_wfull[31:TwAW]};

  logic in_fire;
  assign in_fire = u_in_valid && u_in_ready;
  always_comb begin
    rd_ready_o = '0;
    rd_ready_o[0] = in_fire && !in_pad;
    rd_ready_o[1] = (use_ifac && !ifac_s2_q && in_fire) ||
                    (!gen_q && u_ofac_valid && u_ofac_ready) || (tw_we && ld_half_q);
    rd_ready_o[2] = st_q == StConst || (use_ifac && ifac_s2_q && in_fire);
  end
  assign rd_cmd_valid_o = rdc_q;
  assign rd_cmd_addr_o = j_addr_q;
  assign rd_cmd_beats_o = j_beats_q;
  assign rd_cmd_repeat_o = j_rows_q;
  assign rd_cmd_stride_o = j_stride_q;
  assign rd_cmd_blocks_o = j_blocks_q;
  assign rd_cmd_bstep_o = j_bstep_q;
  assign wr_cmd_valid_o = wrc_q;
  assign wr_cmd_addr_o = jw_addr_q;
  assign wr_cmd_pattern_o = jw_pat_q;
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

  // A read job: plain (one block of one row) or a pattern.
  function automatic logic [32*5-1:0] Plain(input logic [31:0] beats, input logic [31:0] rows);
    Plain = {32'd0, 32'd1, 32'd0, rows, beats};  // {bstep, blocks, stride, rows, beats}
  endfunction

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      st_q <= StIdle;
      rdc_q <= '0;
      wrc_q <= 1'b0;
      sum_q <= '0;
    end else begin
      case (st_q)
        StIdle: if (start_i) begin
          log_n_q <= log_n_i;
          kind_q <= kind_i;
          in_q <= in_i;
          out_q <= out_i;
          fac_q <= factors_i;
          scr_q <= scratch_i;
          tw_q <= twiddles_i;
          count_q <= count_i;
          four_q <= 32'(log_n_i) > LogMax;
          pass_q <= 1'b0;
          v_q <= '0;
          voff_q <= '0;
          ninv_ok_q <= 1'b0;
          tw_ok_q <= 1'b0;
          log_b_q <= LogB(log_n_i, count_i);
          st_q <= StSetup;
        end
        StSetup: begin
          logic [32*5-1:0] j0, j1, j2;
          logic [2:0] en;
          j0 = '0;
          j1 = '0;
          j2 = '0;
          en = 3'b001;
          in_idx_q <= '0;
          out_idx_q <= '0;
          ifac_s2_q <= 1'b0;
          gen_q <= 1'b0;
          u_in_mode_q <= inv ? zkacc_ntt_pkg::ScaleConst : zkacc_ntt_pkg::ScaleOff;
          u_out_mode_q <= zkacc_ntt_pkg::ScaleOff;
          j_addr_q <= '0;
          if (!four_q) begin : on_chip
            logic [31:0] jobs;
            jobs = 32'((33'(count_q) + (33'd1 << log_b_q) - 33'd1) >> log_b_q);
            u_log_m_q <= log_n_q;
            u_log_b_q <= log_b_q;
            u_in_il_q <= 1'b0;
            u_out_il_q <= 1'b0;
            real_q <= 48'(count_q) << (log_n_q - 5'd1);
            total_q <= 48'(jobs) << (32'(log_b_q) + 32'(log_n_q) - 1);
            if (coset_f) u_in_mode_q <= zkacc_ntt_pkg::ScaleStream;
            if (coset_i) u_out_mode_q <= zkacc_ntt_pkg::ScaleStream;
            j0 = Plain(32'(count_q) << (log_n_q - 5'd1), 32'd1);
            j1 = Plain(n_beats, jobs << log_b_q);
            j2 = Plain(32'd1, 32'd1);
            en = {inv, kind_q[1], 1'b1};
            j_addr_q <= {fac_q, fac_q + 64'd64, in_q};
            jw_addr_q <= out_q;
            jw_pat_q <= '0;
          end else if (!tw_ok_q) begin : twiddle_load
            // Stream 1: TB (n2 elements) then TA (n1 elements), one element per cycle.
            u_log_m_q <= log1;
            j1 = Plain((n1_rows + n2_rows) >> 1, 32'd1);
            en = 3'b010;
            j_addr_q <= {64'd0, tw_q, 64'd0};
            loading_q <= 1'b1;
            ld_idx_q <= '0;
            ld_half_q <= 1'b0;
          end else if (!pass_q) begin : column_pass
            logic [32*5-1:0] p1;
            p1 = {b1_beats, blk1, n2_beats, n1_rows, b1_beats};
            u_log_m_q <= log1;
            u_log_b_q <= lb1;
            u_in_il_q <= 1'b1;
            u_out_il_q <= 1'b1;
            real_q <= 48'(n_beats);
            total_q <= 48'(n_beats);
            if (coset_f) begin
              u_in_mode_q <= zkacc_ntt_pkg::ScaleStream;
              ifac_s2_q <= 1'b1;
            end
            u_out_mode_q <= zkacc_ntt_pkg::ScaleStream;
            j0 = p1;
            gen_q <= 1'b1;
            j2 = coset_f ? p1 : Plain(32'd1, 32'd1);
            en = {coset_f || (inv && !ninv_ok_q), 2'b01};
            j_addr_q <= {coset_f ? fac_q + 64'd64 : fac_q, 64'd0, in_q + voff_q};
            jw_addr_q <= scr_q;
            jw_pat_q <= {b1_beats, n1_rows, n2_beats, b1_beats};
          end else begin : row_pass
            logic [32*5-1:0] p2;
            p2 = {b2_beats, blk2, n1_beats, n2_rows, b2_beats};
            u_log_m_q <= log2;
            u_log_b_q <= lb2;
            u_in_il_q <= 1'b0;
            u_out_il_q <= 1'b1;
            real_q <= 48'(n_beats);
            total_q <= 48'(n_beats);
            u_in_mode_q <= zkacc_ntt_pkg::ScaleOff;
            if (coset_i) u_out_mode_q <= zkacc_ntt_pkg::ScaleStream;
            j0 = Plain(n_beats, 32'd1);
            j1 = p2;
            en = {1'b0, coset_i, 1'b1};
            j_addr_q <= {64'd0, fac_q + 64'd64, scr_q};
            jw_addr_q <= out_q + voff_q;
            jw_pat_q <= {b2_beats, n2_rows, n1_beats, b2_beats};
          end
          j_beats_q <= {j2[0+:32], j1[0+:32], j0[0+:32]};
          j_rows_q <= {j2[32+:32], j1[32+:32], j0[32+:32]};
          j_stride_q <= {j2[64+:32], j1[64+:32], j0[64+:32]};
          j_blocks_q <= {j2[96+:32], j1[96+:32], j0[96+:32]};
          j_bstep_q <= {j2[128+:32], j1[128+:32], j0[128+:32]};
          rdc_q <= en;
          wrc_q <= !(four_q && !tw_ok_q);
          st_q <= StCmd;
        end
        StCmd: begin
          rdc_q <= rdc_q & ~rd_cmd_ready_i;
          if (wr_cmd_ready_i) wrc_q <= 1'b0;
          if ((rdc_q & ~rd_cmd_ready_i) == 3'b000 && (!wrc_q || wr_cmd_ready_i)) begin
            st_q <= loading_q ? StTwLoad : (inv && !ninv_ok_q) ? StConst : StClr;
          end
        end
        StConst: if (rd_valid_i[2]) begin
          ninv_q <= rd_data_i[1024+:W];
          ninv_ok_q <= 1'b1;
          st_q <= StClr;
        end
        StTwLoad: if (tw_we) begin
          ld_half_q <= !ld_half_q;
          ld_idx_q <= ld_idx_q + 1;
          if (ld_idx_q + 1 == ld_total) begin
            tw_ok_q <= 1'b1;
            loading_q <= 1'b0;
            st_q <= StSetup;
          end
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
          sum_q[0+:64] <= sum_q[0+:64] + c_bf;
          sum_q[64+:64] <= sum_q[64+:64] + c_hz;
          sum_q[128+:64] <= sum_q[128+:64] + c_win;
          sum_q[192+:64] <= sum_q[192+:64] + c_wout;
          st_q <= StDone;
          if (four_q) begin
            if (!pass_q) begin
              pass_q <= 1'b1;
              st_q <= StSetup;
            end else if (v_q + 1 != count_q) begin
              pass_q <= 1'b0;
              v_q <= v_q + 1;
              voff_q <= voff_q + (64'd32 << log_n_q);
              st_q <= StSetup;
            end
          end
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
