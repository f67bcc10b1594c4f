// SPDX-License-Identifier: Apache-2.0
//
// Quantized matrix product y = requant(W x + b) on a P x P array of int8 multipliers.
//
// W is N x K (signed int8), x a batch of B vectors of K signed int8, b N int32 biases, y int32
// accumulators and their requantized table indices (zkacc_mm_requant). The shapes are tiled by
// P: KT = ceil(K/P) k-tiles, NT = ceil(N/P) n-tiles (the host pads W, x with zeros).
//
// Weight-stationary by slab: a slab is the K x P block of W of one n-tile (KT tiles of P x P)
// plus its P biases. It is loaded once (w_*: one P x P tile per transfer, b_*: the P biases)
// into one of two weight banks, and used for all B input vectors while the next slab loads
// into the other bank. Each cycle the array takes one input slice (x_*: P int8 of one vector,
// k-tiles in order) and multiplies it by the P x P tile of that k-tile: P^2 MACs per cycle.
// The P column sums (pipelined adder trees) accumulate over the KT slices of a vector; after
// the last one the P accumulators (with bias) and their table indices leave on out_*.
//
//   per slab s (s = 0 .. NT-1, any number of slabs; cfg_* fixed meanwhile):
//     b_*   one word: bias[s*P + j] at b_data_i[j*32 +: 32]
//     w_*   KT words, k-tile t: W[s*P + j][t*P + i] at w_data_i[(j*P + i)*8 +: 8]
//     x_*   B*KT words, vector v, k-tile t: x_v[t*P + i] at x_data_i[i*8 +: 8]
//     out_* B words: vector v: acc (int32) at out_acc_o[j*32 +: 32], index at
//           out_idx_o[j*16 +: 16], j = 0 .. P-1 (output s*P + j)
//
// The array never stalls: an input slice is taken only when its slab's bank is loaded and the
// output FIFO has room for the result (credits). Counters: cycles, slices taken (x P^2 MACs),
// cycles an input waited for weights (stat_stall_weights_o) or for output room
// (stat_stall_out_o), cycles the array was ready but no input came (stat_starved_o).
// Stream rule: every ready and out_valid_o depends on registers only.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_MATMUL_PKG_SV
`include "rtl/matmul/zkacc_matmul_pkg.sv"
`endif

`default_nettype none

module zkacc_matmul #(
  parameter int P = 8,
  parameter int KtMax = 512  // k-tiles per slab: K <= P * KtMax
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic [$clog2(KtMax+1)-1:0]  cfg_k_tiles_i,  // KT, 1 .. KtMax
  input  logic [15:0]                 cfg_batch_i,    // B, 1 .. 65535
  input  logic [15:0]                 cfg_scale_i,
  input  logic [5:0]                  cfg_shift_i,
  input  logic [31:0]                 cfg_offset_i,
  input  logic [15:0]                 cfg_idx_max_i,
  input  logic                        w_valid_i,
  output logic                        w_ready_o,
  input  logic [P*P*8-1:0]            w_data_i,
  input  logic                        b_valid_i,
  output logic                        b_ready_o,
  input  logic [P*32-1:0]             b_data_i,
  input  logic                        x_valid_i,
  output logic                        x_ready_o,
  input  logic [P*8-1:0]              x_data_i,
  output logic                        out_valid_o,
  input  logic                        out_ready_i,
  output logic [P*32-1:0]             out_acc_o,
  output logic [P*16-1:0]             out_idx_o,
  output logic [63:0]                 stat_cycles_o,
  output logic [63:0]                 stat_slices_o,
  output logic [63:0]                 stat_stall_weights_o,
  output logic [63:0]                 stat_stall_out_o,
  output logic [63:0]                 stat_starved_o
);
  localparam int TreeLat = zkacc_matmul_pkg::TreeLatency(P);
  // From an input slice taken to its result entering the output FIFO.
  localparam int PushLatency /*verilator public*/ = zkacc_matmul_pkg::MatmulPushLatency(P);
  // From the last slice of a vector taken to its result on out_* (FIFO register included).
  localparam int Latency /*verilator public*/ = PushLatency + 1;
  localparam int ArraySize /*verilator public*/ = P;
  localparam int MaxKTiles /*verilator public*/ = KtMax;
  localparam int KtW = $clog2(KtMax + 1);
  localparam int AW = $clog2(KtMax) + 1;  // weight RAM address: {bank, k-tile}
  localparam int SumW = 16 + zkacc_matmul_pkg::Log2Ceil(P);

  // ---- Bank state: full_q[k] = bank k holds a loaded slab.
  logic [1:0] full_q, full_d;

  // ---- Loader.
  logic lbank_q, lbank_d, wdone_q, wdone_d, bdone_q, bdone_d;
  logic [KtW-1:0] lkt_q, lkt_d;
  logic w_fire, b_fire;
  assign w_ready_o = !full_q[lbank_q] && !wdone_q;
  assign b_ready_o = !full_q[lbank_q] && !bdone_q;
  assign w_fire = w_valid_i && w_ready_o;
  assign b_fire = b_valid_i && b_ready_o;
  logic load_done;
  always_comb begin
    lkt_d = lkt_q;
    wdone_d = wdone_q;
    bdone_d = bdone_q || b_fire;
    lbank_d = lbank_q;
    if (w_fire) begin
      lkt_d = lkt_q + 1'b1;
      if (lkt_q + 1'b1 == cfg_k_tiles_i) wdone_d = 1'b1;
    end
    load_done = wdone_d && bdone_d;
    if (load_done) begin
      lkt_d = '0;
      wdone_d = 1'b0;
      bdone_d = 1'b0;
      lbank_d = !lbank_q;
    end
  end

  logic [2*P*32-1:0] bias_q;  // per bank
  always_ff @(posedge clk_i) begin
    if (b_fire) bias_q[lbank_q*P*32+:P*32] <= b_data_i;
  end

  // ---- Compute control.
  logic cbank_q, cbank_d;
  logic [KtW-1:0] ckt_q, ckt_d;
  logic [15:0] cb_q, cb_d;
  logic fifo_ready, x_fire, first, last, slab_end;
  assign x_ready_o = full_q[cbank_q] && fifo_ready;
  assign x_fire = x_valid_i && x_ready_o;
  assign first = ckt_q == '0;
  assign last = ckt_q + 1'b1 == cfg_k_tiles_i;
  assign slab_end = x_fire && last && (cb_q + 1'b1 == cfg_batch_i);
  always_comb begin
    ckt_d = ckt_q;
    cb_d = cb_q;
    cbank_d = cbank_q;
    if (x_fire) begin
      ckt_d = last ? '0 : ckt_q + 1'b1;
      if (last) cb_d = cb_q + 1'b1;
      if (slab_end) begin
        cb_d = '0;
        cbank_d = !cbank_q;
      end
    end
    full_d = full_q;
    if (load_done) full_d[lbank_q] = 1'b1;
    // The last read of a slab happens at this edge; the loader may overwrite the bank after it.
    if (slab_end) full_d[cbank_q] = 1'b0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      full_q <= '0;
      lbank_q <= 1'b0;
      wdone_q <= 1'b0;
      bdone_q <= 1'b0;
      lkt_q <= '0;
      cbank_q <= 1'b0;
      ckt_q <= '0;
      cb_q <= '0;
    end else begin
      full_q <= full_d;
      lbank_q <= lbank_d;
      wdone_q <= wdone_d;
      bdone_q <= bdone_d;
      lkt_q <= lkt_d;
      cbank_q <= cbank_d;
      ckt_q <= ckt_d;
      cb_q <= cb_d;
    end
  end

  // ---- Weight RAMs (one per column, P int8 per word; registered read) and the input register.
  logic [AW-1:0] waddr, raddr;
  assign waddr = {lbank_q, lkt_q[AW-2:0]};
  assign raddr = {cbank_q, ckt_q[AW-2:0]};
  logic [P*P*8-1:0] w_q;
  for (genvar j = 0; j < P; j++) begin : gen_wram
    logic [P*8-1:0] mem_q[2**AW];
    always_ff @(posedge clk_i) begin
      if (w_fire) mem_q[waddr] <= w_data_i[j*P*8+:P*8];
      if (x_fire) w_q[j*P*8+:P*8] <= mem_q[raddr];
    end
  end
  logic [P*8-1:0] x_q;
  logic [P*32-1:0] bias1_q;
  always_ff @(posedge clk_i) begin
    if (x_fire) begin
      x_q <= x_data_i;
      bias1_q <= bias_q[cbank_q*P*32+:P*32];
    end
  end
  logic [2:0] ctl1_q;  // {last, first, valid}
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ctl1_q <= '0;
    else ctl1_q <= {x_fire && last, x_fire && first, x_fire};
  end

  // ---- Products (registered), column trees.
  logic [P*P*16-1:0] prod_q, prod_d;
  always_comb begin
    for (int j = 0; j < P; j++) begin
      for (int i = 0; i < P; i++) begin
        prod_d[(j*P+i)*16+:16] = 16'($signed(w_q[(j*P+i)*8+:8]) * $signed(x_q[i*8+:8]));
      end
    end
  end
  always_ff @(posedge clk_i) prod_q <= prod_d;
  logic [P*SumW-1:0] colsum;
  for (genvar j = 0; j < P; j++) begin : gen_tree
    zkacc_mm_tree #(.N(P), .W(16)) u_tree (
      .clk_i,
      .in_i (prod_q[j*P*16+:P*16]),
      .out_o(colsum[j*SumW+:SumW])
    );
  end
  // Control and bias from stage 1 to the tree outputs.
  logic [2:0] ctl_t;
  zkacc_delay #(.Width(3), .Depth(1 + TreeLat), .Reset(1'b1)) u_ctl_d (
    .clk_i,
    .rst_ni,
    .in_i (ctl1_q),
    .out_o(ctl_t)
  );
  logic [P*32-1:0] bias_t;
  zkacc_delay #(.Width(P * 32), .Depth(1 + TreeLat)) u_bias_d (
    .clk_i,
    .rst_ni,
    .in_i (bias1_q),
    .out_o(bias_t)
  );

  // ---- Accumulators.
  logic [P*32-1:0] acc_q, acc_next;
  logic res_v_q;
  always_comb begin
    acc_next = acc_q;
    if (ctl_t[0]) begin
      for (int j = 0; j < P; j++) begin
        acc_next[j*32+:32] = (ctl_t[1] ? bias_t[j*32+:32] : acc_q[j*32+:32]) +
                             32'($signed(colsum[j*SumW+:SumW]));
      end
    end
  end
  always_ff @(posedge clk_i) acc_q <= acc_next;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) res_v_q <= 1'b0;
    else res_v_q <= ctl_t[0] && ctl_t[2];
  end

  // ---- Requantization.
  logic [P*16-1:0] idx;
  for (genvar j = 0; j < P; j++) begin : gen_rq
    zkacc_mm_requant u_rq (
      .clk_i,
      .acc_i    (acc_q[j*32+:32]),
      .scale_i  (cfg_scale_i),
      .shift_i  (cfg_shift_i),
      .offset_i (cfg_offset_i),
      .idx_max_i(cfg_idx_max_i),
      .idx_o    (idx[j*16+:16])
    );
  end
  logic push_v;
  zkacc_delay #(.Width(1), .Depth(zkacc_matmul_pkg::RequantLatency), .Reset(1'b1)) u_push_v (
    .clk_i,
    .rst_ni,
    .in_i (res_v_q),
    .out_o(push_v)
  );
  logic [P*32-1:0] acc_d;
  zkacc_delay #(.Width(P * 32), .Depth(zkacc_matmul_pkg::RequantLatency)) u_acc_d (
    .clk_i,
    .rst_ni,
    .in_i (acc_q),
    .out_o(acc_d)
  );

  zkacc_credit_fifo #(
    .Width(P * 48),
    .Depth(PushLatency + 2)
  ) u_fifo (
    .clk_i,
    .rst_ni,
    .in_fire_i  (x_fire && last),
    .in_ready_o (fifo_ready),
    .push_i     (push_v),
    .push_data_i({acc_d, idx}),
    .out_valid_o,
    .out_ready_i,
    .out_data_o ({out_acc_o, out_idx_o})
  );

  // ---- Counters.
  logic [63:0] c_cycles_q, c_slices_q, c_w_q, c_out_q, c_starved_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      c_cycles_q <= '0;
      c_slices_q <= '0;
      c_w_q <= '0;
      c_out_q <= '0;
      c_starved_q <= '0;
    end else begin
      c_cycles_q <= c_cycles_q + 1'b1;
      c_slices_q <= c_slices_q + 64'(x_fire);
      c_w_q <= c_w_q + 64'(x_valid_i && !full_q[cbank_q]);
      c_out_q <= c_out_q + 64'(x_valid_i && full_q[cbank_q] && !fifo_ready);
      c_starved_q <= c_starved_q + 64'(!x_valid_i && x_ready_o);
    end
  end
  assign stat_cycles_o = c_cycles_q;
  assign stat_slices_o = c_slices_q;
  assign stat_stall_weights_o = c_w_q;
  assign stat_stall_out_o = c_out_q;
  assign stat_starved_o = c_starved_q;
endmodule

`default_nettype wire
