// SPDX-License-Identifier: Apache-2.0
//
// NTT core: radix-2 decimation-in-frequency transforms of batches held in a ping-pong pair of
// banked on-chip buffers (zkacc_ntt_buffer), Lanes butterflies per cycle (zkacc_ntt_butterfly),
// twiddles from ROM (zkacc_ntt_twiddle_rom). Natural order in and out.
//
// A job fills one buffer: 2^log_b transforms of 2^log_m elements (log_m + log_b = log_n <=
// LogMax, 2^log_n >= 2 * Lanes). Three engines work at once on the two buffers:
//   loader    in stream -> buffer (Lanes elements per beat, in buffer order)
//   compute   log_m stages of 2^log_n / 2 butterflies each, Lanes per cycle, in place
//   unloader  buffer -> out stream (Lanes elements per beat), bit-reversal undone
// While one buffer computes, the other unloads the previous job's result and loads the next
// job, so back-to-back jobs keep the butterflies busy.
//
// Layouts (cfg_in_il_i): the element j of transform c is at buffer address
//   interleaved (1): j * 2^log_b + c        contiguous (0): c * 2^log_m + j
// and the in stream delivers buffer addresses 0, 1, 2, ... (beat i, lane l = address i*Lanes+l).
// The out stream delivers the results X_k of transform c in the order of cfg_out_il_i: flat
// index q = i*Lanes + l is (k, c) = (q >> log_b, q mod 2^log_b) if interleaved, else
// (q mod 2^log_m, q >> log_m). (The four-step method loads columns interleaved, rows contiguous,
// and writes both interleaved: every memory access is a burst; docs/ntt-unit.md.)
//
// Read requests (the compute engine's operands and twiddles, the unloader's elements) pass an
// address register (zkacc_ntt_pkg::AddrLatency) before the buffers' bank mapping and crossbar:
// the address generation and the bank selection are in different cycles.
//
// Stage hazards: stage s+1 reads an element at least 2^log_n / (4 Lanes) - 1 cycles after the
// butterfly of stage s that writes it was issued. When that is less than NoDrainMin() cycles
// (small buffers), the core waits between stages until its pipeline is empty.
//
// Counters (cleared by clr_i): busy cycles, butterflies, and the busy cycles in which the
// butterflies were idle, by cause: hazard (draining between stages), wait_out (no buffer is ready
// to compute while results are still leaving: butterflies in flight, a buffer unloading, the
// output FIFO not empty), wait_in (no buffer ready and nothing leaving: waiting for input).
// Every busy cycle is exactly one of: issuing (butterflies / Lanes), hazard, wait_out, wait_in.
//
// Configuration must be held while busy_o is high. Lanes: 1 or 2 (the natural-order unload is
// conflict-free for these; more lanes need a lane-segmented output order).
// Stream rule: in_ready_o and out_valid_o come from registers; no combinational path from an
// input to an output.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_NTT_PKG_SV
`include "rtl/ntt/zkacc_ntt_pkg.sv"
`endif

`default_nettype none

module zkacc_ntt_core #(
  parameter int Lanes = 1,
  parameter int LogMax = 12
) (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,
  input  logic [4:0]                            cfg_log_m_i,
  input  logic [4:0]                            cfg_log_b_i,
  input  logic                                  cfg_in_il_i,
  input  logic                                  cfg_out_il_i,
  input  logic                                  cfg_inverse_i,
  input  logic                                  clr_i,
  input  logic                                  in_valid_i,
  output logic                                  in_ready_o,
  input  logic [Lanes*zkacc_ntt_pkg::Bits-1:0]  in_data_i,
  output logic                                  out_valid_o,
  input  logic                                  out_ready_i,
  output logic [Lanes*zkacc_ntt_pkg::Bits-1:0]  out_data_o,
  output logic                                  busy_o,
  output logic [63:0]                           cnt_cycles_o,
  output logic [63:0]                           cnt_bf_o,
  output logic [63:0]                           cnt_hazard_o,
  output logic [63:0]                           cnt_wait_in_o,
  output logic [63:0]                           cnt_wait_out_o
);
  localparam int Bits = zkacc_ntt_pkg::Bits;
  localparam int AW = LogMax;             // buffer address bits
  localparam int NS = 2 * Lanes;          // buffer slots
  localparam int Lg = $clog2(Lanes);
  localparam int LatBf = zkacc_ntt_pkg::BfLatency();
  localparam int RomAW = zkacc_ntt_pkg::LogRom - 1;

  typedef enum logic [1:0] {Empty = 2'd0, Full = 2'd1, Comp = 2'd2, Done = 2'd3} buf_state_e;

  // ------------------------------------------------------------------------------------------
  // Configuration, derived.
  logic [4:0] log_n;
  logic [AW-1:0] last_beat;   // 2^log_n / Lanes - 1: the last beat of a job (loader, unloader)
  logic [AW-1:0] last_group;  // 2^log_n / (2 Lanes) - 1: the last issue cycle of a stage
  logic no_drain;
  logic [AW-1:0] mask_b, mask_m;
  assign log_n = cfg_log_m_i + cfg_log_b_i;
  // A localparam, not a call in the assignment: Verilator 5.006 does not fold the call and
  // evaluated the whole latency computation (1024-bit loops) on every clock edge.
  localparam int NoDrainMin = zkacc_ntt_pkg::NoDrainMin();
  assign no_drain = ((AW + 1)'(1) << (log_n - 5'(Lg) - 5'd2)) >= (AW + 1)'(NoDrainMin);
  // Bits below n, by a compare per bit (not (1 << n) - 1: a shifter and a carry chain).
  function automatic logic [AW-1:0] LowMask(input logic [4:0] n);
    for (int i = 0; i < AW; i++) LowMask[i] = 5'(i) < n;
  endfunction
  function automatic logic [AW-1:0] Reverse(input logic [AW-1:0] x);
    for (int i = 0; i < AW; i++) Reverse[i] = x[AW-1-i];
  endfunction
  logic [AW-1:0] mask_n;
  assign mask_b = LowMask(cfg_log_b_i);
  assign mask_m = LowMask(cfg_log_m_i);
  assign mask_n = LowMask(log_n);
  assign last_beat = LowMask(log_n - 5'(Lg));
  assign last_group = LowMask(log_n - 5'(Lg) - 5'd1);

  // ------------------------------------------------------------------------------------------
  // State.
  logic [3:0] state_q, state_d;  // 2 bits per buffer
  logic ld_sel_q, ld_sel_d, cp_sel_q, cp_sel_d, ul_sel_q, ul_sel_d;
  logic [AW:0] ld_cnt_q, ld_cnt_d, ul_cnt_q, ul_cnt_d, grp_q, grp_d;
  logic [4:0] t_q, t_d;
  logic active_q, active_d, drain_q, drain_d;
  logic [7:0] inflight_q, inflight_d;
  logic [63:0] c_cyc_q, c_cyc_d, c_bf_q, c_bf_d, c_haz_q, c_haz_d, c_win_q, c_win_d;
  logic [63:0] c_wout_q, c_wout_d;

  function automatic logic [1:0] StateOf(input logic [3:0] s, input logic b);
    StateOf = b ? s[3:2] : s[1:0];
  endfunction

  // Loader.
  logic in_fire, ld_last;
  assign in_ready_o = StateOf(state_q, ld_sel_q) == Empty;
  assign in_fire = in_valid_i && in_ready_o;
  assign ld_last = ld_cnt_q == {1'b0, last_beat};

  // Compute: issue Lanes butterflies per cycle.
  logic issue, stage_end, job_last, start;
  assign start = !active_q && StateOf(state_q, cp_sel_q) == Full;
  assign issue = active_q && !drain_q;
  assign stage_end = grp_q == {1'b0, last_group};
  assign job_last = stage_end && t_q == 5'd0;

  // Addresses. Every variable shift below is by a register or a configuration input, and at
  // most one is on any path (the reference formulas, checked against these in simulation at
  // the end of the module, chain up to three shifts and an adder).
  // Per stage: p = the bit the butterfly's operands differ in; registered with t.
  logic [4:0] p_d, p_q;
  logic [AW-1:0] pmask_q, pbit_q;      // bits below p; bit p
  logic [RomAW-1:0] twmask_d, twmask_q;  // bits RomAW - t .. RomAW - 1
  // p follows t (t_d below: log_m - 1 at a job's start, one less after each stage), without
  // the adder behind t's multiplexer: p = t + (cfg_in_il_i ? log_b : 0) while t is valid.
  always_comb begin
    p_d = p_q;
    if (start) p_d = cfg_log_m_i - 5'd1 + (cfg_in_il_i ? cfg_log_b_i : 5'd0);
    else if (issue && stage_end && !job_last) p_d = p_q - 5'd1;
  end
  always_comb begin
    for (int i = 0; i < RomAW; i++) twmask_d[i] = 5'(i) >= 5'(RomAW) - t_d;
  end
  always_ff @(posedge clk_i) begin
    p_q <= p_d;
    pmask_q <= LowMask(p_d);
    pbit_q <= LowMask(p_d + 5'd1) & ~LowMask(p_d);
    twmask_q <= twmask_d;
  end

  logic [NS*AW-1:0] cp_addr;        // slot 2l: lower operand of lane l, 2l+1: upper
  logic [Lanes*RomAW-1:0] tw_addr;
  always_comb begin
    logic [AW-1:0] b, lo;
    /* verilator lint_off UNUSEDSIGNAL */
    logic [AW+RomAW-1:0] bw;  // only its low RomAW bits are the twiddle address
    /* verilator lint_on UNUSEDSIGNAL */
    cp_addr = '0;
    tw_addr = '0;
    for (int l = 0; l < Lanes; l++) begin
      b = AW'(grp_q[AW-1:0] << Lg) | AW'(l);
      lo = ((b & ~pmask_q) << 1) | (b & pmask_q);
      cp_addr[(2*l)*AW+:AW] = lo;
      cp_addr[(2*l+1)*AW+:AW] = lo | pbit_q;
      // The lower operand's position j within its block of 2^(t+1) (twiddle w_(2^(t+1))^j) is
      // b's bits p-t .. p-1 (in_il: above the log_b column bits); the ROM address is
      // j << (RomAW - t), i.e. ({b, RomAW zeros} >> p) in the top t bits.
      bw = {b, RomAW'(0)} >> p_q;
      tw_addr[l*RomAW+:RomAW] = bw[RomAW-1:0] & twmask_q;
    end
  end

  // Unloader.
  logic ul_can, ul_fire, ul_last, fifo_ready;
  assign ul_can = StateOf(state_q, ul_sel_q) == Done;
  assign ul_fire = ul_can && fifo_ready;
  assign ul_last = ul_cnt_q == {1'b0, last_beat};
  // Out index q = (k, c) by cfg_out_il_i, buffer address (bitrev_log_m(k), c) by cfg_in_il_i;
  // with r = Reverse(q) (AW bits), each case is one shift of r and one of q, in parallel:
  //   in 1, out 1   (q & mask_b) | ({r, AW zeros} >> (2 AW - log_n - log_b)) in bits log_b..log_n-1
  //   in 1, out 0   (q >> log_m) | (r >> (AW - log_n)) in bits log_b..log_n-1
  //   in 0, out 1   ((q & mask_b) << log_m) | ((r >> (AW - log_n)) & mask_m)
  //   in 0, out 0   (q & ~mask_m) | ((r >> (AW - log_m)) & mask_m)
  logic [Lanes*AW-1:0] ul_addr;
  always_comb begin
    logic [AW-1:0] q, r, hi, lo_part;
    logic [2*AW-1:0] r2;
    ul_addr = '0;
    for (int l = 0; l < Lanes; l++) begin
      q = AW'(ul_cnt_q[AW-1:0] << Lg) | AW'(l);
      r = Reverse(q);
      r2 = {r, AW'(0)};
      case ({cfg_in_il_i, cfg_out_il_i})
        2'b11: begin
          r2 = r2 >> (5'(2 * AW) - log_n - cfg_log_b_i);
          hi = r2[AW-1:0] & ~mask_b & mask_n;
          lo_part = q & mask_b;
        end
        2'b10: begin
          hi = (r >> (5'(AW) - log_n)) & ~mask_b;
          lo_part = q >> cfg_log_m_i;
        end
        2'b01: begin
          hi = (q & mask_b) << cfg_log_m_i;
          lo_part = (r >> (5'(AW) - log_n)) & mask_m;
        end
        default: begin
          hi = q & ~mask_m;
          lo_part = (r >> (5'(AW) - cfg_log_m_i)) & mask_m;
        end
      endcase
      ul_addr[l*AW+:AW] = hi | lo_part;
    end
  end

  // ------------------------------------------------------------------------------------------
  // Butterfly pipeline: the issue record travels beside the data.
  localparam int RecW = 1 + 1 + NS * AW;  // last, buffer, write addresses (valid apart)
  logic [RecW-1:0] rec_in, rec_out;
  logic rec_valid, rec_buf, rec_last;
  logic [NS*AW-1:0] rec_addr;
  assign rec_in = {issue && job_last, cp_sel_q, cp_addr};
  zkacc_delay #(.Width(1), .Depth(LatBf), .Reset(1'b1)) u_rec_valid (
    .clk_i,
    .rst_ni,
    .in_i (issue),
    .out_o(rec_valid)
  );
  zkacc_delay #(.Width(RecW), .Depth(LatBf)) u_rec (
    .clk_i,
    .rst_ni,
    .in_i (rec_in),
    .out_o(rec_out)
  );
  assign {rec_last, rec_buf, rec_addr} = rec_out;

  // Buffers.
  logic [2*NS*Bits-1:0] rd_data;  // buffer x's read slots at [x*NS*Bits +: NS*Bits]
  logic [Lanes*Bits-1:0] bf_u, bf_v;
  logic cp_rd_sel_q, ul_rd_sel_q, ul_push_q;

  for (genvar x = 0; x < 2; x++) begin : gen_buf
    logic [NS-1:0] rd_en, rd_en_q, wr_en;
    logic [NS*AW-1:0] rd_addr, rd_addr_q, wr_addr;
    logic [NS*Bits-1:0] buf_rd_data, wr_data;
    always_comb begin
      rd_en = '0;
      rd_addr = '0;
      if (issue && cp_sel_q == 1'(x)) begin
        rd_en = '1;
        rd_addr = cp_addr;
      end else if (ul_fire && ul_sel_q == 1'(x)) begin
        rd_en[Lanes-1:0] = '1;
        rd_addr[Lanes*AW-1:0] = ul_addr;
      end
      wr_en = '0;
      wr_addr = '0;
      wr_data = '0;
      if (rec_valid && rec_buf == 1'(x)) begin
        wr_en = '1;
        wr_addr = rec_addr;
        for (int l = 0; l < Lanes; l++) begin
          wr_data[(2*l)*Bits+:Bits] = bf_u[l*Bits+:Bits];
          wr_data[(2*l+1)*Bits+:Bits] = bf_v[l*Bits+:Bits];
        end
      end else if (in_fire && ld_sel_q == 1'(x)) begin
        wr_en[Lanes-1:0] = '1;
        for (int l = 0; l < Lanes; l++) begin
          wr_addr[l*AW+:AW] = AW'(ld_cnt_q[AW-1:0] << Lg) | AW'(l);
        end
        wr_data[Lanes*Bits-1:0] = in_data_i;
      end
    end
    // The address stage: the read requests are registered before the buffer's bank mapping
    // and crossbar, so that the address generation (shifts by the run's sizes) and the bank
    // selection are in different cycles.
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) rd_en_q <= '0;
      else rd_en_q <= rd_en;
    end
    always_ff @(posedge clk_i) rd_addr_q <= rd_addr;
    zkacc_ntt_buffer #(.Lanes(Lanes), .LogMax(LogMax), .Width(Bits)) u_buffer (
      .clk_i,
      .rd_en_i  (rd_en_q),
      .rd_addr_i(rd_addr_q),
      .rd_data_o(buf_rd_data),
      .wr_en_i  (wr_en),
      .wr_addr_i(wr_addr),
      .wr_data_i(wr_data)
    );
    assign rd_data[x*NS*Bits+:NS*Bits] = buf_rd_data;
  end

  // Read data arrive AddrLat + 1 cycles after the request (address stage, bank read).
  logic cp_sel_a_q, ul_sel_a_q, ul_fire_a_q;
  always_ff @(posedge clk_i) begin
    cp_sel_a_q <= cp_sel_q;
    ul_sel_a_q <= ul_sel_q;
    cp_rd_sel_q <= cp_sel_a_q;
    ul_rd_sel_q <= ul_sel_a_q;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ul_fire_a_q <= 1'b0;
      ul_push_q <= 1'b0;
    end else begin
      ul_fire_a_q <= ul_fire;
      ul_push_q <= ul_fire_a_q;
    end
  end

  // Butterflies and twiddles.
  for (genvar l = 0; l < Lanes; l++) begin : gen_lane
    logic [Bits-1:0] w, a, b;
    logic [RomAW-1:0] tw_addr_q;  // the address stage, as for the buffers
    always_ff @(posedge clk_i) tw_addr_q <= tw_addr[l*RomAW+:RomAW];
    zkacc_ntt_twiddle_rom u_rom (
      .clk_i,
      .inv_i (cfg_inverse_i),
      .addr_i(tw_addr_q),
      .data_o(w)
    );
    // The computing buffer's slots 2l and 2l+1 (2:1 multiplexers, not a shift by the select).
    assign a = cp_rd_sel_q ? rd_data[(NS+2*l)*Bits+:Bits] : rd_data[(2*l)*Bits+:Bits];
    assign b = cp_rd_sel_q ? rd_data[(NS+2*l+1)*Bits+:Bits] : rd_data[(2*l+1)*Bits+:Bits];
    zkacc_ntt_butterfly u_bf (
      .clk_i,
      .a_i(a),
      .b_i(b),
      .w_i(w),
      .u_o(bf_u[l*Bits+:Bits]),
      .v_o(bf_v[l*Bits+:Bits])
    );
  end

  // Output FIFO (credit: a read is issued only when its result has a slot).
  zkacc_credit_fifo #(.Width(Lanes * Bits), .Depth(4)) u_out_fifo (
    .clk_i,
    .rst_ni,
    .in_fire_i  (ul_fire),
    .in_ready_o (fifo_ready),
    .push_i     (ul_push_q),
    .push_data_i(ul_rd_sel_q ? rd_data[NS*Bits+:Lanes*Bits] : rd_data[0+:Lanes*Bits]),
    .out_valid_o,
    .out_ready_i,
    .out_data_o
  );

  // ------------------------------------------------------------------------------------------
  // Next state.
  always_comb begin
    logic leaving;
    state_d = state_q;
    ld_sel_d = ld_sel_q;
    ld_cnt_d = ld_cnt_q;
    cp_sel_d = cp_sel_q;
    ul_sel_d = ul_sel_q;
    ul_cnt_d = ul_cnt_q;
    grp_d = grp_q;
    t_d = t_q;
    active_d = active_q;
    drain_d = drain_q;
    inflight_d = inflight_q + 8'(issue) - 8'(rec_valid);

    // Loader.
    if (in_fire) begin
      ld_cnt_d = ld_cnt_q + 1'b1;
      if (ld_last) begin
        ld_cnt_d = '0;
        ld_sel_d = !ld_sel_q;
        state_d[ld_sel_q*2+:2] = Full;
      end
    end
    // Compute.
    if (start) begin
      if (cfg_log_m_i == 5'd0) begin  // transforms of size 1: nothing to compute
        state_d[cp_sel_q*2+:2] = Done;
        cp_sel_d = !cp_sel_q;
      end else begin
        state_d[cp_sel_q*2+:2] = Comp;
        active_d = 1'b1;
        t_d = cfg_log_m_i - 5'd1;
        grp_d = '0;
        drain_d = 1'b0;
      end
    end
    if (issue) begin
      grp_d = grp_q + 1'b1;
      if (stage_end) begin
        grp_d = '0;
        if (job_last) begin
          active_d = 1'b0;
          cp_sel_d = !cp_sel_q;
        end else begin
          t_d = t_q - 5'd1;
          drain_d = !no_drain;
        end
      end
    end
    if (drain_q && inflight_q == 8'd0) drain_d = 1'b0;
    if (rec_valid && rec_last) state_d[rec_buf*2+:2] = Done;
    // Unloader.
    if (ul_fire) begin
      ul_cnt_d = ul_cnt_q + 1'b1;
      if (ul_last) begin
        ul_cnt_d = '0;
        ul_sel_d = !ul_sel_q;
        state_d[ul_sel_q*2+:2] = Empty;
      end
    end

    // Counters.
    c_cyc_d = c_cyc_q + 64'(busy_o);
    c_bf_d = c_bf_q + (issue ? 64'(Lanes) : 64'd0);
    c_haz_d = c_haz_q + 64'(active_q && drain_q);
    leaving = ul_can || inflight_q != 8'd0 || ul_fire_a_q || ul_push_q || out_valid_o;
    c_win_d = c_win_q + 64'(busy_o && !active_q && !leaving);
    c_wout_d = c_wout_q + 64'(busy_o && !active_q && leaving);
    if (clr_i) begin
      c_cyc_d = '0;
      c_bf_d = '0;
      c_haz_d = '0;
      c_win_d = '0;
      c_wout_d = '0;
    end
  end

  assign busy_o = state_q != 4'd0 || ld_cnt_q != '0 || inflight_q != 8'd0 || ul_fire_a_q ||
                  ul_push_q || out_valid_o;
  assign cnt_cycles_o = c_cyc_q;
  assign cnt_bf_o = c_bf_q;
  assign cnt_hazard_o = c_haz_q;
  assign cnt_wait_in_o = c_win_q;
  assign cnt_wait_out_o = c_wout_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= '0;
      ld_sel_q <= 1'b0;
      ld_cnt_q <= '0;
      cp_sel_q <= 1'b0;
      ul_sel_q <= 1'b0;
      ul_cnt_q <= '0;
      grp_q <= '0;
      t_q <= '0;
      active_q <= 1'b0;
      drain_q <= 1'b0;
      inflight_q <= '0;
      c_cyc_q <= '0;
      c_bf_q <= '0;
      c_haz_q <= '0;
      c_win_q <= '0;
      c_wout_q <= '0;
    end else begin
      state_q <= state_d;
      ld_sel_q <= ld_sel_d;
      ld_cnt_q <= ld_cnt_d;
      cp_sel_q <= cp_sel_d;
      ul_sel_q <= ul_sel_d;
      ul_cnt_q <= ul_cnt_d;
      grp_q <= grp_d;
      t_q <= t_d;
      active_q <= active_d;
      drain_q <= drain_d;
      inflight_q <= inflight_d;
      c_cyc_q <= c_cyc_d;
      c_bf_q <= c_bf_d;
      c_haz_q <= c_haz_d;
      c_win_q <= c_win_d;
      c_wout_q <= c_wout_d;
    end
  end

`ifndef SYNTHESIS
  // The addresses against their reference formulas (every access the core makes).
  always_ff @(posedge clk_i) begin
    logic [4:0] p;
    logic [AW-1:0] b, lo, pmask, q, k, c, rk;
    logic [RomAW-1:0] j;
    if (issue) begin
      p = t_q + (cfg_in_il_i ? cfg_log_b_i : 5'd0);
      pmask = (AW'(1) << p) - AW'(1);
      for (int l = 0; l < Lanes; l++) begin
        b = AW'(grp_q[AW-1:0] << Lg) | AW'(l);
        lo = ((b & ~pmask) << 1) | (b & pmask);
        j = RomAW'((cfg_in_il_i ? (b >> cfg_log_b_i) : b) & ((AW'(1) << t_q) - AW'(1)));
        if (cp_addr[(2*l)*AW+:AW] != lo || cp_addr[(2*l+1)*AW+:AW] != (lo | (AW'(1) << p)) ||
            tw_addr[l*RomAW+:RomAW] != (j << (5'(RomAW) - t_q))) begin
          $error("zkacc_ntt_core: compute address of lane %0d differs from the reference", l);
        end
      end
    end
    if (ul_fire) begin
      for (int l = 0; l < Lanes; l++) begin
        q = AW'(ul_cnt_q[AW-1:0] << Lg) | AW'(l);
        if (cfg_out_il_i) begin
          k = q >> cfg_log_b_i;
          c = q & mask_b;
        end else begin
          k = q & mask_m;
          c = q >> cfg_log_m_i;
        end
        rk = Reverse(k) >> (5'(AW) - cfg_log_m_i);
        if (ul_addr[l*AW+:AW] != (cfg_in_il_i ? ((rk << cfg_log_b_i) | c)
                                               : ((c << cfg_log_m_i) | rk))) begin
          $error("zkacc_ntt_core: unload address of lane %0d differs from the reference", l);
        end
      end
    end
  end

  initial begin
    if (Lanes != 1 && Lanes != 2) $error("zkacc_ntt_core: Lanes must be 1 or 2");
    if (LogMax > zkacc_ntt_pkg::LogRom) $error("zkacc_ntt_core: LogMax > LogRom");
  end
  always_ff @(posedge clk_i) begin
    if (busy_o && (32'(log_n) > LogMax || (32'(1) << log_n) < 2 * Lanes)) begin
      $error("zkacc_ntt_core: log_m + log_b = %0d outside [log2(2 Lanes), LogMax]", log_n);
    end
  end
`endif
endmodule

`default_nettype wire
