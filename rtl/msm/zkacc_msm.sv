// SPDX-License-Identifier: Apache-2.0
//
// MSM engine: Pippenger bucket accumulation on one fully pipelined G1 adder (zkacc_ec_add,
// one addition per cycle), for sum_i s_i P_i over a stream of (scalar, affine point) pairs.
//
//   reset                  the bucket memory is cleared, one bucket per cycle (Buckets(C)
//                          cycles); idle_o rises after it
//   start_i (idle_o high)  c_i is taken (window bits, zkacc_msm_pkg::CMin..C); every bucket
//                          is empty (the readout of the previous run emptied what it read)
//   in_*                   beats of Lanes pairs, the last one flagged in_last_i (pad with zero
//                          scalars); zkacc_msm_slicer turns them into bucket operations
//   accumulation           every operation is "bucket k += sign(d) P"; the scheduler below
//                          keeps the adder busy without two additions to one bucket in flight
//   readout (out_*)        every bucket of the run, k = 0 .. Buckets(c) - 1, as XYZZ (ZZ = 0:
//                          empty), then the operations left in the pool (out_extra_o = 1: add
//                          the point to bucket out_bucket_o); out_last_o on the last item; then
//                          done_o pulses and idle_o rises. The host adds the extras to their
//                          buckets, reduces the buckets (running sums) and combines windows.
//
// Scheduler (one decision per cycle; docs/msm-unit.md argues it and measures it). Operations
// come from the slicer (S: affine) and from the adder's output (R: the sum of a pair, XYZZ).
// busy(k): a bucket addition for k is in flight (a CAM on the keys of the in-flight decisions,
// one entry per pipeline stage, not a bit per bucket); a pool of PoolSize entries holds
// operations whose bucket was busy, at most one per bucket, each with a ready bit (its bucket
// addition has written back). Colliding operations are added to each other ("pairs") instead
// of waiting, so a hot bucket (zkML scalars: 0/1 and small integers) keeps the adder busy:
//   R present: R + pool[k_R]  |  R + S (same k)  |  bucket[k_R] += R  |  R into the pool, and
//              the slot goes to S + pool[k_S], bucket[k_S] += S or a ready pool entry
//   no R:      bucket[k] += ready pool entry  |  S + pool[k_S]  |  bucket[k_S] += S  |
//              S into the pool, and the slot goes to the next operation S1: S + S1 (same
//              bucket), S1 + pool[k_S1] or bucket[k_S1] += S1 (S and S1 come from a two-entry
//              queue behind the slicer; a bubble only if S1 cannot go either)
// Drain (the input is finished): no new pairs; R goes into its bucket or into the pool, and
// the pool is read out with the buckets instead of being reduced on a chain of adder
// latencies (at most PoolSize extra additions on the host, against a tail of several
// thousand cycles).
// Operations are conserved: digits = bucket additions + pair additions + extras read out
// (the counters show it).
// Credits: pool entries + pairs in flight <= PoolSize, so a returning R always finds a slot;
// only putting S into the pool takes a credit.
//
// Latency of one operation: IssueLatency + zkacc_field_pkg::EcAddLatency (the adder).
// Streams: out_valid_o is a register; in_ready_o depends on the slicer's state and on the
// scheduler's decision of the cycle (combinationally on the registered state only).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_MSM_PKG_SV
`include "rtl/msm/zkacc_msm_pkg.sv"
`endif
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`default_nettype none

module zkacc_msm #(
  parameter int Width = 256,
  parameter int Bits = 254,
  parameter int ScalarBits = 254,
  parameter int C = 13,           // largest run-time window size
  parameter int Lanes = 4,        // pairs per input beat
  parameter int PoolSize = 256,   // colliding operations held (and pairs in flight)
  parameter logic [Width-1:0] Modulus = '0,
  parameter logic [Width-1:0] MontInv = '0,
  parameter logic [Width-1:0] One = '0
) (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,
  input  logic                                    start_i,
  input  logic [4:0]                              c_i,
  output logic                                    idle_o,
  output logic                                    done_o,
  output logic                                    error_o,     // bad c or a scalar overflow
  input  logic                                    in_valid_i,
  output logic                                    in_ready_o,
  input  logic                                    in_last_i,
  input  logic [Lanes*zkacc_msm_pkg::ScalarW-1:0] in_scalar_i,
  input  logic [Lanes*2*Width-1:0]                in_point_i,
  output logic                                    out_valid_o,
  input  logic                                    out_ready_i,
  output logic [zkacc_msm_pkg::KeyW-1:0]          out_bucket_o,
  output logic [4*Width-1:0]                      out_point_o, // {zzz, zz, y, x}
  output logic                                    out_last_o,
  output logic                                    out_extra_o, // a pool entry, not a bucket
  // Counters of the run (cleared by start_i).
  output logic [63:0]                             cnt_cycles_o,        // start to done
  output logic [63:0]                             cnt_acc_cycles_o,    // accumulation phase
  output logic [63:0]                             cnt_digits_o,        // non-zero digits
  output logic [63:0]                             cnt_bucket_adds_o,
  output logic [63:0]                             cnt_pair_adds_o,
  output logic [63:0]                             cnt_first_adds_o,    // into an empty bucket
  output logic [63:0]                             cnt_bubble_hazard_o, // S or R blocked
  output logic [63:0]                             cnt_bubble_starved_o,// nothing to issue
  output logic [63:0]                             cnt_bubble_drain_o,  // input done, waiting
  output logic [63:0]                             cnt_out_stall_o,     // readout back-pressure
  output logic [31:0]                             cnt_pool_peak_o,
  output logic [31:0]                             cnt_extras_o,        // pool entries read out
  output logic [zkacc_msm_pkg::MaxWin*32-1:0]     cnt_win_adds_o,      // additions per window
  output logic [zkacc_msm_pkg::MaxWin*32-1:0]     cnt_win_hazard_o     // hazard bubbles
);
  localparam int NB = zkacc_msm_pkg::MaxBuckets(ScalarBits, C);
  localparam int AW = $clog2(NB);
  localparam int PS = PoolSize;
  localparam int PIW = $clog2(PS);
  localparam int CW = $clog2(PS + 1);
  localparam int PW = 4 * Bits;  // an XYZZ point
  localparam int MaxW = zkacc_msm_pkg::MaxWin;
  localparam logic [Bits-1:0] OneB = One[Bits-1:0];

  // ---------------------------------------------------------------------------------------
  // Control.
  typedef enum logic [1:0] {StIdle, StAcc, StRead, StClear} state_e;
  state_e state_q, state_d;
  logic [4:0] c_q;
  logic [AW:0] nbk_q;  // buckets of this run
  logic err_q, err_d;
  logic start;
  assign start = start_i && state_q == StIdle;
  logic [4:0] c_run;  // the run's c (c_q from the cycle after start): a bad c is replaced by C
  assign c_run = (32'(c_i) < zkacc_msm_pkg::CMin || 32'(c_i) > C) ? 5'(C) : c_i;

  // ---------------------------------------------------------------------------------------
  // Slicer (up to two operations per cycle), and a four-entry queue of its operations; the
  // decision looks at the two oldest (S0 = head, S1 = next).
  logic [1:0] sl_valid;
  logic sl_ready, s_done, s_ovf;
  logic [2*zkacc_msm_pkg::KeyW-1:0] sl_key;
  logic [11:0] sl_win;
  logic [2*Bits-1:0] sl_x, sl_y;
  logic in_ready_sl;
  zkacc_msm_slicer #(
    .Width(Width), .Bits(Bits), .ScalarBits(ScalarBits), .C(C), .Lanes(Lanes),
    .Modulus(Modulus)
  ) u_slicer (
    .clk_i, .rst_ni,
    .clear_i    (start),
    .c_i        (c_run),  // sampled at the clear (start)
    .in_valid_i (in_valid_i && state_q == StAcc),
    .in_ready_o (in_ready_sl),
    .in_last_i,
    .in_scalar_i,
    .in_point_i,
    .out_valid_o(sl_valid),
    .out_ready_i(sl_ready),
    .out_k_o    (sl_key),
    .out_win_o  (sl_win),
    .out_x_o    (sl_x),
    .out_y_o    (sl_y),
    .done_o     (s_done),
    .overflow_o (s_ovf)
  );
  assign in_ready_o = in_ready_sl && state_q == StAcc;
  logic unused_key;  // addresses are below NB
  assign unused_key = ^{sl_key[zkacc_msm_pkg::KeyW+AW+:zkacc_msm_pkg::KeyW-AW],
                        sl_key[AW+:zkacc_msm_pkg::KeyW-AW]};

  localparam int QW = AW + 6 + 2 * Bits;  // {k, window, y, x}
  logic [3:0] sq_v_q;
  logic [4*QW-1:0] sq_q;        // entry j at [j*QW +: QW]
  logic take0, take1;            // the decision takes S0, and S1 too
  logic sv0, sv1;
  logic [AW-1:0] k_s0, k_s1;
  logic [5:0] win_s0;
  logic [2*Bits-1:0] p_s0, p_s1;
  assign sv0 = sq_v_q[0] && state_q == StAcc;
  assign sv1 = sq_v_q[1] && state_q == StAcc;
  assign {k_s0, win_s0, p_s0} = sq_q[0+:QW];
  logic [5:0] unused_win1;
  assign {k_s1, unused_win1, p_s1} = sq_q[QW+:QW];
  logic [2:0] sq_cnt, sq_left;   // entries, and entries left after this cycle's takes
  assign sq_cnt = 3'(sq_v_q[0]) + 3'(sq_v_q[1]) + 3'(sq_v_q[2]) + 3'(sq_v_q[3]);
  assign sq_left = sq_cnt - 3'(take0) - 3'(take1);
  assign sl_ready = sq_left <= 3'd2 && state_q == StAcc;
  logic drain;                   // the input is finished: no new pairs
  assign drain = s_done && !sq_v_q[0];

  logic [QW-1:0] sl_op0, sl_op1;
  assign sl_op0 = {sl_key[0+:AW], sl_win[0+:6], sl_y[0+:Bits], sl_x[0+:Bits]};
  assign sl_op1 = {sl_key[zkacc_msm_pkg::KeyW+:AW], sl_win[6+:6], sl_y[Bits+:Bits],
                   sl_x[Bits+:Bits]};
  logic push;
  assign push = sl_valid[0] && sl_ready;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sq_v_q <= '0;
    end else if (start) begin
      sq_v_q <= '0;
    end else begin
      for (int j = 0; j < 4; j++) begin
        sq_v_q[j] <= 3'(j) < sq_left ||
                     (push && 3'(j) == sq_left) || (push && sl_valid[1] && 3'(j) == sq_left + 1);
      end
    end
  end
  always_ff @(posedge clk_i) begin
    // Shift out what was taken, then append the slicer's operations.
    if (take1) sq_q[0+:2*QW] <= sq_q[2*QW+:2*QW];
    else if (take0) sq_q[0+:3*QW] <= sq_q[QW+:3*QW];
    for (int j = 0; j < 4; j++) begin
      if (push && 3'(j) == sq_left) sq_q[j*QW+:QW] <= sl_op0;
      if (push && sl_valid[1] && 3'(j) == sq_left + 1) sq_q[j*QW+:QW] <= sl_op1;
    end
  end

  // ---------------------------------------------------------------------------------------
  // State: bucket memory (each word {valid, XYZZ point}), the pool.
  logic [PW:0] bmem_q[NB];
  logic [PW-1:0] pdata_q[PS];
  logic pxyzz_q[PS];  // entry is XYZZ (an R); else affine (an S), zz/zzz unused
  logic [PS-1:0] pv_q, pr_q;
  logic [PS*AW-1:0] pk_q;  // entry i's bucket key at [i*AW +: AW]
  logic [CW-1:0] pool_cnt_q, pairs_q;
  logic [15:0] inflight_q;  // decisions not yet out of the adder

  // Adder output.
  localparam int TagW = 1 + AW;
  logic add_valid;
  logic [PW-1:0] add_r;
  logic [TagW-1:0] add_tag;
  logic r_v, wb_v;
  logic [AW-1:0] k_r;
  assign r_v = add_valid && add_tag[AW];       // a pair's sum: an operation again
  assign wb_v = add_valid && !add_tag[AW];     // a bucket's new value
  assign k_r = add_tag[AW-1:0];

  // Busy buckets. A bucket addition decided in cycle t is in the operand stage in t + 1 and in
  // the adder until it writes back in t + 1 + AddLat: its bucket is busy in cycles
  // t + 1 .. t + 1 + AddLat. Those are the keys of a FD-stage shift register of the decisions
  // (valid = a bucket addition, not a pair), compared with R, S0 and S1: 3 x FD comparators of
  // AW bits, independent of the number of buckets (a bit per bucket was 81,920 flip-flops with
  // three read and two write ports at C = 13).
  localparam int AddLat = zkacc_field_pkg::EcAddLatency(
      Width, Bits, {{(zkacc_field_pkg::MaxW - Width){1'b0}}, MontInv});
  localparam int FD = AddLat + 1;
  logic issue, pair;
  logic [AW-1:0] k_i;
  logic [FD-1:0] fl_v_q;
  logic [FD*AW-1:0] fl_k_q;  // stage j at [j*AW +: AW]
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) fl_v_q <= '0;
    else fl_v_q <= {fl_v_q[FD-2:0], issue && !pair};
  end
  always_ff @(posedge clk_i) fl_k_q <= {fl_k_q[(FD-1)*AW-1:0], k_i};
  logic [FD-1:0] hb_r, hb_s0, hb_s1;
  for (genvar gj = 0; gj < FD; gj++) begin : gen_busy_cmp
    assign hb_r[gj] = fl_v_q[gj] && fl_k_q[gj*AW+:AW] == k_r;
    assign hb_s0[gj] = fl_v_q[gj] && fl_k_q[gj*AW+:AW] == k_s0;
    assign hb_s1[gj] = fl_v_q[gj] && fl_k_q[gj*AW+:AW] == k_s1;
  end
  logic b_r, b_s0, b_s1;
  assign b_r = |hb_r;
  assign b_s0 = |hb_s0;
  assign b_s1 = |hb_s1;
  // Pool searches: the entries of k_R, k_S0, k_S1 (at most one each outside the drain), the
  // lowest ready entry, the lowest valid entry and the lowest free slot. Each is the lowest
  // set bit of a PS-bit vector, found by a two-level tree (zkacc_lowest); as a PS-step priority
  // loop these searches were the engine's longest path.
  logic [PS-1:0] hit_r, hit_s0, hit_s1;
  for (genvar gi = 0; gi < PS; gi++) begin : gen_pool_cmp
    assign hit_r[gi] = pv_q[gi] && pk_q[gi*AW+:AW] == k_r;
    assign hit_s0[gi] = pv_q[gi] && pk_q[gi*AW+:AW] == k_s0;
    assign hit_s1[gi] = pv_q[gi] && pk_q[gi*AW+:AW] == k_s1;
  end
  logic m_r, m_s0, m_s1, m_e, m_any, has_free;
  // Each search also gives its entry one-hot: the pool's bits are updated and its keys read by
  // a decoder per entry (an index write such as pv_q[i] <= 0 is mapped with a shifter and an
  // adder on the decision's path).
  logic [PIW-1:0] i_r, i_s0, i_s1, i_e, i_any, i_f;
  logic [PS-1:0] oh_r, oh_s0, oh_s1, oh_e, oh_any, oh_f;
  zkacc_lowest #(.N(PS)) u_find_r (.v_i(hit_r), .any_o(m_r), .idx_o(i_r), .oh_o(oh_r));
  zkacc_lowest #(.N(PS)) u_find_s0 (.v_i(hit_s0), .any_o(m_s0), .idx_o(i_s0), .oh_o(oh_s0));
  zkacc_lowest #(.N(PS)) u_find_s1 (.v_i(hit_s1), .any_o(m_s1), .idx_o(i_s1), .oh_o(oh_s1));
  zkacc_lowest #(.N(PS)) u_find_e (.v_i(pv_q & pr_q), .any_o(m_e), .idx_o(i_e), .oh_o(oh_e));
  zkacc_lowest #(.N(PS)) u_find_any (.v_i(pv_q), .any_o(m_any), .idx_o(i_any), .oh_o(oh_any));
  zkacc_lowest #(.N(PS)) u_find_free (.v_i(~pv_q), .any_o(has_free), .idx_o(i_f), .oh_o(oh_f));
  // The key of the entry a one-hot selects, by an AND-OR over the entries (no index read).
  function automatic logic [AW-1:0] KeyAt(input logic [PS-1:0] oh, input logic [PS*AW-1:0] keys);
    KeyAt = '0;
    for (int i = 0; i < PS; i++) KeyAt = KeyAt | (oh[i] ? keys[i*AW+:AW] : '0);
  endfunction
  logic [AW-1:0] k_e;  // the lowest ready entry's
  assign k_e = KeyAt(oh_e, pk_q);
  logic credit;
  assign credit = (CW + 1)'(pool_cnt_q) + (CW + 1)'(pairs_q) < (CW + 1)'(PS);

  // Readout requests (below), which also use the pool's read port.
  logic ro_rd, ro_dump;

  // ---- The decision. Operand 1: bucket memory, R, a pool entry or S0; operand 2: a pool
  // entry, S0, S1 or R. ----
  typedef enum logic [2:0] {SrcMem, SrcR, SrcPool, SrcS0, SrcS1} src_e;
  logic ins_r, ins_s, free_v;
  src_e op1, op2;
  logic [PIW-1:0] i_rd;
  logic [PS-1:0] f_oh;  // the entry freed, one-hot
  always_comb begin
    issue = 1'b0; pair = 1'b0; take0 = 1'b0; take1 = 1'b0; ins_r = 1'b0; ins_s = 1'b0;
    free_v = 1'b0;
    k_i = k_r; op1 = SrcMem; op2 = SrcR; i_rd = i_r; f_oh = '0;
    if (state_q == StAcc && drain) begin
      if (r_v) begin
        if (!b_r && !m_r) begin                      // bucket[k_R] += R
          issue = 1'b1; k_i = k_r; op1 = SrcMem; op2 = SrcR;
        end else begin                               // R is read out with the pool
          ins_r = 1'b1;
        end
      end
    end else if (state_q == StAcc) begin
      if (r_v) begin
        if (m_r) begin                               // R + pool[k_R]
          issue = 1'b1; pair = 1'b1; k_i = k_r; op1 = SrcR; op2 = SrcPool;
          i_rd = i_r; free_v = 1'b1; f_oh = oh_r;
        end else if (sv0 && k_s0 == k_r) begin       // R + S0
          issue = 1'b1; pair = 1'b1; k_i = k_r; op1 = SrcR; op2 = SrcS0; take0 = 1'b1;
        end else if (!b_r) begin                     // bucket[k_R] += R
          issue = 1'b1; k_i = k_r; op1 = SrcMem; op2 = SrcR;
        end else begin                               // R waits in the pool
          ins_r = 1'b1;
          if (sv0 && m_s0) begin                     // S0 + pool[k_S0]
            issue = 1'b1; pair = 1'b1; k_i = k_s0; op1 = SrcPool; op2 = SrcS0; take0 = 1'b1;
            i_rd = i_s0; free_v = 1'b1; f_oh = oh_s0;
          end else if (sv0 && !b_s0) begin           // bucket[k_S0] += S0
            issue = 1'b1; k_i = k_s0; op1 = SrcMem; op2 = SrcS0; take0 = 1'b1;
          end else if (m_e) begin                    // bucket[k_E] += pool[E]
            issue = 1'b1; k_i = k_e; op1 = SrcMem; op2 = SrcPool;
            i_rd = i_e; free_v = 1'b1; f_oh = oh_e;
          end
        end
      end else begin
        if (m_e) begin                               // bucket[k_E] += pool[E]
          issue = 1'b1; k_i = k_e; op1 = SrcMem; op2 = SrcPool;
          i_rd = i_e; free_v = 1'b1; f_oh = oh_e;
        end else if (sv0 && m_s0) begin              // S0 + pool[k_S0]
          issue = 1'b1; pair = 1'b1; k_i = k_s0; op1 = SrcPool; op2 = SrcS0; take0 = 1'b1;
          i_rd = i_s0; free_v = 1'b1; f_oh = oh_s0;
        end else if (sv0 && !b_s0) begin             // bucket[k_S0] += S0
          issue = 1'b1; k_i = k_s0; op1 = SrcMem; op2 = SrcS0; take0 = 1'b1;
        end else if (sv0 && credit) begin
          take0 = 1'b1;
          if (sv1 && k_s1 == k_s0) begin             // S0 + S1
            issue = 1'b1; pair = 1'b1; k_i = k_s0; op1 = SrcS0; op2 = SrcS1; take1 = 1'b1;
          end else begin                             // S0 waits in the pool, and S1 ...
            ins_s = 1'b1;
            if (sv1 && m_s1) begin                   // ... S1 + pool[k_S1]
              issue = 1'b1; pair = 1'b1; k_i = k_s1; op1 = SrcPool; op2 = SrcS1;
              take1 = 1'b1; i_rd = i_s1; free_v = 1'b1; f_oh = oh_s1;
            end else if (sv1 && !b_s1) begin         // ... bucket[k_S1] += S1
              issue = 1'b1; k_i = k_s1; op1 = SrcMem; op2 = SrcS1; take1 = 1'b1;
            end
          end
        end
      end
    end
    if (state_q == StRead && ro_rd && ro_dump) begin  // the readout takes a pool entry
      i_rd = i_any; free_v = 1'b1; f_oh = oh_any;
    end
  end

  // The key of the lowest valid entry, which the readout reads (the only reader of a pool
  // entry's key).
  logic [AW-1:0] k_any;
  assign k_any = KeyAt(oh_any, pk_q);

  // ---- State updates. ----
  logic [PIW-1:0] i_ins;
  logic [AW-1:0] k_ins;
  logic ins;
  assign ins = ins_r || ins_s;
  assign i_ins = i_f;
  assign k_ins = ins_r ? k_r : k_s0;
  // A bucket addition writes back: the waiting entry of that bucket becomes ready.
  // The entries cleared and set this cycle (disjoint: a freed entry is valid, an inserted one
  // is the lowest invalid), and the pool's bits after the update.
  logic [PS-1:0] m_free, m_ins, pv_d, pr_d;
  assign m_free = free_v ? f_oh : '0;
  assign m_ins = ins ? oh_f : '0;
  assign pv_d = (pv_q & ~m_free) | m_ins;
  assign pr_d = ((wb_v ? (pr_q | hit_r) : pr_q) & ~m_free & ~m_ins)
              | (wb_v && k_r == k_ins ? m_ins : '0);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pv_q <= '0;
      pr_q <= '0;
      pool_cnt_q <= '0;
      pairs_q <= '0;
      inflight_q <= '0;
    end else if (start) begin
      pv_q <= '0;
      pr_q <= '0;
      pool_cnt_q <= '0;
      pairs_q <= '0;
      inflight_q <= '0;
    end else begin
      pv_q <= pv_d;
      pr_q <= pr_d;
      pool_cnt_q <= pool_cnt_q + CW'(ins) - CW'(free_v);
      pairs_q <= pairs_q + CW'(issue && pair) - CW'(r_v);
      inflight_q <= inflight_q + 16'(issue) - 16'(add_valid);
    end
  end
  for (genvar gi = 0; gi < PS; gi++) begin : gen_pool_key
    always_ff @(posedge clk_i) begin
      if (m_ins[gi]) pk_q[gi*AW+:AW] <= k_ins;
    end
  end
  always_ff @(posedge clk_i) begin
    if (ins) begin
      pxyzz_q[i_ins] <= ins_r;
      pdata_q[i_ins] <= ins_r ? add_r : {(2 * Bits)'(0), p_s0};
    end
  end

  // Bucket memory: one write port (the write-back, or a clear: the sweep after reset and the
  // readout, which empties each bucket the cycle after reading it; no write-back is in flight
  // in either), one registered read port (the decision's bucket, or the readout address). A
  // word is {valid, point}: no separate valid bits to clear at start. Invariant: every word is
  // empty while the engine is idle (the keys of a run are below its Buckets(c), and its
  // readout reads all of those).
  logic [AW-1:0] rd_addr;
  logic [PW-1:0] bmem_rd_q;
  logic bvalid_rd_q;
  logic clr_v;
  logic [AW-1:0] clr_a, clr_k_q;
  logic bm_we;
  logic [AW-1:0] bm_wa;
  logic [PW:0] bm_wd;
  assign bm_we = wb_v || clr_v;
  assign bm_wa = wb_v ? k_r : clr_a;
  assign bm_wd = wb_v ? {1'b1, add_r} : '0;
  always_ff @(posedge clk_i) begin
    if (bm_we) bmem_q[bm_wa] <= bm_wd;
    {bvalid_rd_q, bmem_rd_q} <= bmem_q[rd_addr];
  end

  // ---- Operand stage (the cycle after the decision). ----
  logic s2_valid_q, s2_pair_q;
  logic [AW-1:0] s2_k_q;
  src_e s2_op1_q, s2_op2_q;
  logic [PW-1:0] s2_r_q, s2_pool_q;
  logic s2_pool_xyzz_q;
  logic [2*Bits-1:0] s2_s0_q, s2_s1_q;
  logic [AW-1:0] s2_pool_k_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) s2_valid_q <= 1'b0;
    else s2_valid_q <= issue;
  end
  always_ff @(posedge clk_i) begin
    s2_pair_q <= pair;
    s2_k_q <= k_i;
    s2_op1_q <= op1;
    s2_op2_q <= op2;
    s2_r_q <= add_r;
    s2_s0_q <= p_s0;
    s2_s1_q <= p_s1;
    s2_pool_q <= pdata_q[i_rd];
    s2_pool_xyzz_q <= pxyzz_q[i_rd];
    s2_pool_k_q <= k_any;  // used by the readout's dump only
  end

  // Affine (x, y) as XYZZ: ZZ = ZZZ = 1 (Montgomery one).
  function automatic logic [PW-1:0] Lift(input logic [PW-1:0] p, input logic xyzz);
    Lift = xyzz ? p : {OneB, OneB, p[2*Bits-1:0]};
  endfunction

  logic [PW-1:0] a1, a2;
  logic full;
  always_comb begin
    case (s2_op1_q)
      SrcMem: a1 = bvalid_rd_q ? bmem_rd_q : '0;  // ZZ = 0: the empty bucket
      SrcR: a1 = s2_r_q;
      SrcS0: a1 = {OneB, OneB, s2_s0_q};
      default: a1 = Lift(s2_pool_q, s2_pool_xyzz_q);
    endcase
    case (s2_op2_q)
      SrcPool: begin a2 = s2_pool_q; full = s2_pool_xyzz_q; end
      SrcS0: begin a2 = {(2 * Bits)'(0), s2_s0_q}; full = 1'b0; end
      SrcS1: begin a2 = {(2 * Bits)'(0), s2_s1_q}; full = 1'b0; end
      default: begin a2 = s2_r_q; full = 1'b1; end
    endcase
  end

  zkacc_ec_add #(
    .Width(Width), .Bits(Bits), .TagW(TagW), .Modulus(Modulus), .MontInv(MontInv), .One(One)
  ) u_add (
    .clk_i, .rst_ni,
    .in_valid_i (s2_valid_q),
    .in_full_i  (full),
    .in_x1_i    (a1[0*Bits+:Bits]),
    .in_y1_i    (a1[1*Bits+:Bits]),
    .in_zz1_i   (a1[2*Bits+:Bits]),
    .in_zzz1_i  (a1[3*Bits+:Bits]),
    .in_x2_i    (a2[0*Bits+:Bits]),
    .in_y2_i    (a2[1*Bits+:Bits]),
    .in_zz2_i   (a2[2*Bits+:Bits]),
    .in_zzz2_i  (a2[3*Bits+:Bits]),
    .in_tag_i   ({s2_pair_q, s2_k_q}),
    .out_valid_o(add_valid),
    .out_r_o    (add_r),
    .out_tag_o  (add_tag)
  );

  // ---------------------------------------------------------------------------------------
  // Readout: buckets 0 .. nbk - 1, then the pool entries, through a two-entry output FIFO
  // (one read in flight at most).
  logic [AW:0] ro_k_q;
  logic ro_rd_q, ro_dump_q, ro_last_q;
  logic [AW:0] ro_rd_k_q;
  assign clr_v = state_q == StClear || (ro_rd_q && !ro_dump_q);
  assign clr_a = state_q == StClear ? clr_k_q : ro_rd_k_q[AW-1:0];
  logic [1:0] fifo_cnt_q;
  logic [zkacc_msm_pkg::KeyW+PW+1:0] fifo_q[2];  // {extra, last, key, point}
  logic fifo_wr_q, fifo_rd_q;
  logic pop;
  assign pop = out_valid_o && out_ready_i;
  assign ro_dump = ro_k_q >= nbk_q;
  assign ro_rd = state_q == StRead && (!ro_dump || pool_cnt_q != '0) &&
                 (3'(fifo_cnt_q) + 3'(ro_rd_q) - 3'(pop)) < 3'd2;
  assign rd_addr = state_q == StRead ? ro_k_q[AW-1:0] : k_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ro_k_q <= '0;
      ro_rd_q <= 1'b0;
      fifo_cnt_q <= '0;
      fifo_wr_q <= 1'b0;
      fifo_rd_q <= 1'b0;
    end else begin
      if (start) ro_k_q <= '0;
      else if (ro_rd && !ro_dump) ro_k_q <= ro_k_q + 1'b1;
      ro_rd_q <= ro_rd;
      fifo_cnt_q <= fifo_cnt_q + 2'(ro_rd_q) - 2'(pop);
      if (ro_rd_q) fifo_wr_q <= !fifo_wr_q;
      if (pop) fifo_rd_q <= !fifo_rd_q;
    end
  end
  always_ff @(posedge clk_i) begin
    ro_rd_k_q <= ro_k_q;
    ro_dump_q <= ro_dump;
    // The last item: the last bucket with an empty pool, or the pool's last entry.
    ro_last_q <= ro_dump ? pool_cnt_q == CW'(1) : (ro_k_q + 1'b1 == nbk_q && pool_cnt_q == '0);
  end
  always_ff @(posedge clk_i) begin
    if (ro_rd_q) begin
      fifo_q[fifo_wr_q] <= ro_dump_q ?
          {1'b1, ro_last_q, zkacc_msm_pkg::KeyW'(s2_pool_k_q), Lift(s2_pool_q, s2_pool_xyzz_q)} :
          {1'b0, ro_last_q, zkacc_msm_pkg::KeyW'(ro_rd_k_q), bvalid_rd_q ? bmem_rd_q : '0};
    end
  end
  logic [PW-1:0] out_bits;
  assign out_valid_o = fifo_cnt_q != '0;
  assign {out_extra_o, out_last_o, out_bucket_o, out_bits} = fifo_q[fifo_rd_q];
  for (genvar i = 0; i < 4; i++) begin : gen_out
    assign out_point_o[i*Width+:Width] = Width'(out_bits[i*Bits+:Bits]);
  end

  // ---------------------------------------------------------------------------------------
  // Phases.
  logic acc_end, ro_end;
  assign acc_end = state_q == StAcc && drain && inflight_q == '0;
  assign ro_end = state_q == StRead && ro_dump && pool_cnt_q == '0 && !ro_rd_q &&
                  fifo_cnt_q == '0;
  always_comb begin
    state_d = state_q;
    err_d = err_q | (state_q == StAcc && s_ovf);
    if (start) begin
      state_d = StAcc;
      err_d = 32'(c_i) < zkacc_msm_pkg::CMin || 32'(c_i) > C;
    end else if (acc_end) begin
      state_d = StRead;
    end else if (ro_end || (state_q == StClear && 32'(clr_k_q) == NB - 1)) begin
      state_d = StIdle;
    end
  end
  // Buckets(c) as a table over the legal sizes (C for a bad c): no divider on c at run time.
  function automatic logic [AW:0] RunBuckets(input logic [4:0] c);
    RunBuckets = (AW + 1)'(zkacc_msm_pkg::Buckets(ScalarBits, C));
    for (int cc = zkacc_msm_pkg::CMin; cc < C; cc++) begin
      if (32'(c) == cc) RunBuckets = (AW + 1)'(zkacc_msm_pkg::Buckets(ScalarBits, cc));
    end
  endfunction
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StClear;
      err_q <= 1'b0;
      c_q <= 5'(C);
      nbk_q <= '0;
      clr_k_q <= '0;
    end else begin
      state_q <= state_d;
      err_q <= err_d;
      if (state_q == StClear) clr_k_q <= clr_k_q + 1'b1;
      if (start) begin
        // A bad c is reported and replaced by C, so the run still terminates.
        c_q <= c_run;
        nbk_q <= RunBuckets(c_i);
      end
    end
  end
  assign idle_o = state_q == StIdle;
  assign done_o = ro_end;
  assign error_o = err_q;

  // ---------------------------------------------------------------------------------------
  // Counters. The decision's events are registered first (ev_*) and counted in the next
  // cycle, the per-window ones two cycles later (the window's one-hot from the registered key,
  // then the increments): no counter's carry chain or window select sits behind the
  // decision's LUT levels (the window counters' 64:1 select behind the pool search was the
  // engine's deepest LUT path). The events of the accumulation's last cycles land in the
  // readout, which is at least Buckets(CMin) cycles long: every count is final at done_o.
  logic [63:0] c_cyc_q, c_acc_q, c_dig_q, c_badd_q, c_padd_q, c_first_q;
  logic [63:0] c_haz_q, c_starve_q, c_drain_q, c_stall_q;
  logic [31:0] c_peak_q, c_extra_q;
  logic [MaxW*32-1:0] c_wadd_q, c_whaz_q;
  logic s2_first_q;
  logic acc;
  assign acc = state_q == StAcc;
  // Stage 1: the events of the decision.
  logic [1:0] ev_take_q;
  logic ev_badd_q, ev_padd_q, ev_haz_q, ev_starve_q, ev_drain_q, ev_haz_s_q;
  logic [AW-1:0] ev_kr_q;
  logic [5:0] ev_win_s0_q;
  // Stage 2: the windows, one-hot.
  logic [MaxW-1:0] ev_wadd_q, ev_whaz_q;
  function automatic logic [MaxW-1:0] WindowOneHot(input logic [AW-1:0] k, input logic [4:0] c);
    WindowOneHot = '0;
    WindowOneHot[6'(32'(k) >> (c - 5'd1))] = 1'b1;
  endfunction
  always_ff @(posedge clk_i) s2_first_q <= issue && !pair;
  // Cleared at reset (asynchronously) and by every start (synchronously): two branches, as an
  // asynchronous reset OR-ed with a synchronous condition is not a flip-flop (Yosys: "multiple
  // edge sensitive events").
`define ZKACC_MSM_CLEAR_COUNTERS \
      c_cyc_q <= '0; c_acc_q <= '0; c_dig_q <= '0; c_badd_q <= '0; c_padd_q <= '0; \
      c_first_q <= '0; c_haz_q <= '0; c_starve_q <= '0; c_drain_q <= '0; c_stall_q <= '0; \
      c_peak_q <= '0; c_extra_q <= '0; c_wadd_q <= '0; c_whaz_q <= '0; \
      ev_take_q <= '0; ev_badd_q <= 1'b0; ev_padd_q <= 1'b0; ev_haz_q <= 1'b0; \
      ev_starve_q <= 1'b0; ev_drain_q <= 1'b0; ev_wadd_q <= '0; ev_whaz_q <= '0;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      `ZKACC_MSM_CLEAR_COUNTERS
    end else if (start) begin
      `ZKACC_MSM_CLEAR_COUNTERS
    end else begin
      ev_take_q <= acc ? {take1, take0} : 2'b00;
      ev_badd_q <= acc && issue && !pair;
      ev_padd_q <= acc && issue && pair;
      ev_haz_q <= acc && !issue && (sv0 || r_v);
      ev_drain_q <= acc && !issue && !(sv0 || r_v) && drain;
      ev_starve_q <= acc && !issue && !(sv0 || r_v) && !drain;
      // s2_valid_q / s2_k_q: the decision's issue (only in StAcc) and key, registered by the
      // operand stage.
      ev_wadd_q <= s2_valid_q ? WindowOneHot(s2_k_q, c_q) : '0;
      ev_whaz_q <= ev_haz_q ? (ev_haz_s_q ? MaxW'(1) << ev_win_s0_q : WindowOneHot(ev_kr_q, c_q))
                            : '0;
      c_dig_q <= c_dig_q + 64'(ev_take_q[0]) + 64'(ev_take_q[1]);
      if (ev_badd_q) c_badd_q <= c_badd_q + 1;
      if (ev_padd_q) c_padd_q <= c_padd_q + 1;
      if (ev_haz_q) c_haz_q <= c_haz_q + 1;
      if (ev_drain_q) c_drain_q <= c_drain_q + 1;
      if (ev_starve_q) c_starve_q <= c_starve_q + 1;
      for (int w = 0; w < MaxW; w++) begin
        if (ev_wadd_q[w]) c_wadd_q[32*w+:32] <= c_wadd_q[32*w+:32] + 1;
        if (ev_whaz_q[w]) c_whaz_q[32*w+:32] <= c_whaz_q[32*w+:32] + 1;
      end
      if (state_q == StAcc || state_q == StRead) begin
        c_cyc_q <= c_cyc_q + 1;
        if (acc) c_acc_q <= c_acc_q + 1;
        if (s2_first_q && !bvalid_rd_q) c_first_q <= c_first_q + 1;
        if (out_valid_o && !out_ready_i) c_stall_q <= c_stall_q + 1;
        if (32'(pool_cnt_q) > c_peak_q) c_peak_q <= 32'(pool_cnt_q);
        if (ro_rd && ro_dump) c_extra_q <= c_extra_q + 1;
      end
    end
  end
`undef ZKACC_MSM_CLEAR_COUNTERS
  // The hazard's window operands (no reset needed: used only with ev_haz_q).
  always_ff @(posedge clk_i) begin
    ev_haz_s_q <= sv0;
    ev_win_s0_q <= win_s0;
    ev_kr_q <= k_r;
  end
  assign cnt_cycles_o = c_cyc_q;
  assign cnt_acc_cycles_o = c_acc_q;
  assign cnt_digits_o = c_dig_q;
  assign cnt_bucket_adds_o = c_badd_q;
  assign cnt_pair_adds_o = c_padd_q;
  assign cnt_first_adds_o = c_first_q;
  assign cnt_bubble_hazard_o = c_haz_q;
  assign cnt_bubble_starved_o = c_starve_q;
  assign cnt_bubble_drain_o = c_drain_q;
  assign cnt_out_stall_o = c_stall_q;
  assign cnt_pool_peak_o = c_peak_q;
  assign cnt_extras_o = c_extra_q;
  assign cnt_win_adds_o = c_wadd_q;
  assign cnt_win_hazard_o = c_whaz_q;

`ifndef SYNTHESIS
  // Reference model of the busy CAM and of the memory's valid bits: a bit per bucket, set and
  // cleared as the scheduler's rules define them (cleared at start); the hardware must agree.
  logic [NB-1:0] ref_busy_q;
  logic [NB-1:0] ref_valid_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni || start) begin  // simulation only: no flip-flop to infer
      // A bit per bucket (81,920 for c <= 13), cleared at once: that wide on purpose.
      /* verilator lint_off WIDTHCONCAT */
      ref_busy_q <= '0;
      ref_valid_q <= '0;
      /* verilator lint_on WIDTHCONCAT */
    end else begin
      if (wb_v) begin
        ref_busy_q[k_r] <= 1'b0;
        ref_valid_q[k_r] <= 1'b1;
      end
      if (issue && !pair) ref_busy_q[k_i] <= 1'b1;
    end
  end
  logic ref_valid_rd_q, ref_rd_q;
  always_ff @(posedge clk_i) begin
    ref_valid_rd_q <= ref_valid_q[rd_addr];
    ref_rd_q <= state_q == StAcc || (state_q == StRead && ro_rd && !ro_dump);
  end
  // The credit rule (a returning pair always finds a pool slot), the hazard rule, the pool count.
  always_ff @(posedge clk_i) begin
    if (state_q == StAcc && (b_r != ref_busy_q[k_r] || b_s0 != ref_busy_q[k_s0] ||
                             b_s1 != ref_busy_q[k_s1])) begin
      $error("zkacc_msm: busy CAM disagrees with the per-bucket reference");
    end
    if (ref_rd_q && bvalid_rd_q != ref_valid_rd_q) begin
      $error("zkacc_msm: bucket valid bit disagrees with the per-bucket reference");
    end
    if (wb_v && !(fl_v_q[FD-1] && fl_k_q[(FD-1)*AW+:AW] == k_r)) begin
      $error("zkacc_msm: write-back of a bucket addition not in the busy CAM's last stage");
    end
    if (wb_v && clr_v) $error("zkacc_msm: bucket write-back during a clear");
    if (ins && !has_free) $error("zkacc_msm: pool insert with no free slot");
    if (issue && !pair && ref_busy_q[k_i]) $error("zkacc_msm: bucket addition to a busy bucket");
    if (state_q == StRead && ro_rd && ro_dump && !m_any) begin
      $error("zkacc_msm: pool read-out from an empty pool");
    end
  end
`endif
endmodule

`default_nettype wire
