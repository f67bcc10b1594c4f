// SPDX-License-Identifier: Apache-2.0
//
// The fused layer: y = act(requant(W x + b)) in one pass, with the lookup multiplicities.
//
//   zkacc_matmul (P x P array) -> table index per output (requantized, clamped to
//   [0, cfg_idx_max_i]) -> P activation tables (one copy per column, loaded at run time over
//   tbl_*) -> out_*: activation values (int8) and their BN254 Fr forms (Montgomery, R = 2^256)
//   and, in the same cycle, the P indices into the multiplicity engine (zkacc_hist, one bank
//   per column, so the P indices of a result word count in one cycle) -> after the layer,
//   rd_start_i reads the counts 0 .. cfg_idx_max_i out on hist_* (integer and Fr).
//
// Outputs beyond N (the zero padding of the last n-tile) are neither counted nor meaningful;
// the unit masks them from cfg_n_i and cfg_batch_i. The tables must be loaded (tbl_*: one
// entry per transfer, written into every column's copy) before the layer's inputs stream in.
// Streams and slab order are those of zkacc_matmul. A result word of the matmul is taken when
// the engine counts (hist_busy_o low) and the output FIFO has room.
// Stream rule: every ready and valid output depends on registers only.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif
`ifndef ZKACC_LOOKUP_PKG_SV
`include "rtl/lookup/zkacc_lookup_pkg.sv"
`endif

`default_nettype none

module zkacc_mm_fused #(
  parameter int P = 8,
  parameter int KtMax = 512,
  parameter int IdxW = 16  // table entries: up to 2^IdxW
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic [$clog2(KtMax+1)-1:0] cfg_k_tiles_i,
  input  logic [15:0]                cfg_batch_i,
  input  logic [15:0]                cfg_n_i,        // outputs per vector (N)
  input  logic [15:0]                cfg_scale_i,
  input  logic [5:0]                 cfg_shift_i,
  input  logic [31:0]                cfg_offset_i,
  input  logic [15:0]                cfg_idx_max_i,  // < 2^IdxW
  input  logic                       tbl_valid_i,
  output logic                       tbl_ready_o,
  input  logic [IdxW-1:0]            tbl_addr_i,
  input  logic [7:0]                 tbl_data_i,
  input  logic                       w_valid_i,
  output logic                       w_ready_o,
  input  logic [P*P*8-1:0]           w_data_i,
  input  logic                       b_valid_i,
  output logic                       b_ready_o,
  input  logic [P*32-1:0]            b_data_i,
  input  logic                       x_valid_i,
  output logic                       x_ready_o,
  input  logic [P*8-1:0]             x_data_i,
  output logic                       out_valid_o,
  input  logic                       out_ready_i,
  output logic [P*32-1:0]            out_acc_o,
  output logic [P*16-1:0]            out_idx_o,
  output logic [P*8-1:0]             out_act_o,
  output logic [P*256-1:0]           out_fr_o,
  input  logic                       rd_start_i,
  output logic                       hist_busy_o,
  output logic                       hist_valid_o,
  input  logic                       hist_ready_i,
  output logic [31:0]                hist_count_o,
  output logic [255:0]               hist_fr_o,
  output logic [63:0]                stat_cycles_o,
  output logic [63:0]                stat_slices_o,
  output logic [63:0]                stat_stall_weights_o,
  output logic [63:0]                stat_stall_out_o,
  output logic [63:0]                stat_starved_o,
  output logic [63:0]                stat_indices_o,
  output logic [63:0]                stat_stall_hist_o
);
  localparam int AddLat = zkacc_field_pkg::ModAddSubLatency(zkacc_field_pkg::Bn254Bits);
  localparam int FrLat = zkacc_lookup_pkg::IntToFrLatency(AddLat);
  // From a matmul result taken to the fused result entering the output FIFO: table read, Fr.
  localparam int ActLatency = 1 + FrLat;
  localparam int ArraySize /*verilator public*/ = P;
  localparam int MaxKTiles /*verilator public*/ = KtMax;
  localparam int TableBits /*verilator public*/ = IdxW;

  // ---- The array.
  logic mm_valid, mm_ready;
  logic [P*32-1:0] mm_acc;
  logic [P*16-1:0] mm_idx;
  logic [63:0] unused_mm_stall_out;
  zkacc_matmul #(.P(P), .KtMax(KtMax)) u_mm (
    .clk_i,
    .rst_ni,
    .cfg_k_tiles_i,
    .cfg_batch_i,
    .cfg_scale_i,
    .cfg_shift_i,
    .cfg_offset_i,
    .cfg_idx_max_i,
    .w_valid_i,
    .w_ready_o,
    .w_data_i,
    .b_valid_i,
    .b_ready_o,
    .b_data_i,
    .x_valid_i,
    .x_ready_o,
    .x_data_i,
    .out_valid_o         (mm_valid),
    .out_ready_i         (mm_ready),
    .out_acc_o           (mm_acc),
    .out_idx_o           (mm_idx),
    .stat_cycles_o,
    .stat_slices_o,
    .stat_stall_weights_o,
    .stat_stall_out_o    (unused_mm_stall_out),
    .stat_starved_o
  );

  // ---- Lane mask of the current n-tile (outputs s*P + j < N).
  logic hist_ready, fifo_ready, take;
  assign mm_ready = hist_ready && fifo_ready;
  assign take = mm_valid && mm_ready;
  logic [15:0] tile_base_q, tile_base_d, word_q, word_d;  // first output of the tile; vector
  always_comb begin
    tile_base_d = tile_base_q;
    word_d = word_q;
    if (take) begin
      word_d = word_q + 1'b1;
      if (word_q + 1'b1 == cfg_batch_i) begin
        word_d = '0;
        tile_base_d = (tile_base_q + 16'(P) >= cfg_n_i) ? '0 : tile_base_q + 16'(P);
      end
    end
  end
  logic [P-1:0] mask;
  for (genvar j = 0; j < P; j++) begin : gen_mask
    assign mask[j] = 17'(tile_base_q) + 17'(j) < 17'(cfg_n_i);
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      tile_base_q <= '0;
      word_q <= '0;
    end else begin
      tile_base_q <= tile_base_d;
      word_q <= word_d;
    end
  end

  // ---- Activation tables (one copy per column; one write port, registered read).
  assign tbl_ready_o = 1'b1;
  logic [P*8-1:0] act_q;
  for (genvar j = 0; j < P; j++) begin : gen_table
    logic [7:0] mem_q[2**IdxW];
    always_ff @(posedge clk_i) begin
      if (tbl_valid_i) mem_q[tbl_addr_i] <= tbl_data_i;
      act_q[j*8+:8] <= mem_q[mm_idx[j*16+:IdxW]];
    end
  end
  logic take_q;
  logic [P*48-1:0] mm_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) take_q <= 1'b0;
    else take_q <= take;
  end
  always_ff @(posedge clk_i) mm_q <= {mm_acc, mm_idx};

  // ---- Fr of the activation values.
  logic [P*256-1:0] fr;
  for (genvar j = 0; j < P; j++) begin : gen_fr
    logic [7:0] v;
    assign v = act_q[j*8+:8];
    zkacc_int_to_fr u_fr (
      .clk_i,
      .in_mag_i(v[7] ? 32'(8'(-v)) : 32'(v)),
      .in_neg_i(v[7]),
      .out_fr_o(fr[j*256+:256])
    );
  end
  logic push_v;
  logic [P*(48+8)-1:0] push_rest;
  zkacc_delay #(.Width(1), .Depth(FrLat), .Reset(1'b1)) u_push_v (
    .clk_i,
    .rst_ni,
    .in_i (take_q),
    .out_o(push_v)
  );
  zkacc_delay #(.Width(P * 56), .Depth(FrLat)) u_push_rest (
    .clk_i,
    .rst_ni,
    .in_i ({mm_q, act_q}),
    .out_o(push_rest)
  );
  zkacc_credit_fifo #(
    .Width(P * (48 + 8 + 256)),
    .Depth(ActLatency + 2)
  ) u_fifo (
    .clk_i,
    .rst_ni,
    .in_fire_i  (take),
    .in_ready_o (fifo_ready),
    .push_i     (push_v),
    .push_data_i({push_rest, fr}),
    .out_valid_o,
    .out_ready_i,
    .out_data_o ({out_acc_o, out_idx_o, out_act_o, out_fr_o})
  );

  // ---- Multiplicities: the P indices of every result word taken, one bank per column.
  logic [P*32-1:0] hist_idx;
  for (genvar j = 0; j < P; j++) begin : gen_hidx
    assign hist_idx[j*32+:32] = 32'(mm_idx[j*16+:16]);
  end
  logic [63:0] unused_h_cycles, unused_h_skipped, unused_h_busy, unused_h_idle, unused_h_out;
  zkacc_hist #(.Lanes(P), .IdxW(IdxW), .CountW(32)) u_hist (
    .clk_i,
    .rst_ni,
    .cfg_base_i       ('0),
    .cfg_entries_i    ((IdxW + 1)'(cfg_idx_max_i) + 1'b1),
    .in_valid_i       (take),
    .in_ready_o       (hist_ready),
    .in_mask_i        (mask),
    .in_idx_i         (hist_idx),
    .rd_start_i,
    .busy_o           (hist_busy_o),
    .out_valid_o      (hist_valid_o),
    .out_ready_i      (hist_ready_i),
    .out_count_o      (hist_count_o),
    .out_fr_o         (hist_fr_o),
    .stat_cycles_o    (unused_h_cycles),
    .stat_indices_o,
    .stat_skipped_o   (unused_h_skipped),
    .stat_stall_busy_o(unused_h_busy),
    .stat_idle_o      (unused_h_idle),
    .stat_stall_out_o (unused_h_out)
  );

  // ---- Stalls of the fused path: a matmul result waiting for the engine (clearing or reading
  // out) or for room in the output FIFO.
  logic [63:0] c_hist_q, c_out_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      c_hist_q <= '0;
      c_out_q <= '0;
    end else begin
      c_hist_q <= c_hist_q + 64'(mm_valid && !hist_ready);
      c_out_q <= c_out_q + 64'(mm_valid && hist_ready && !fifo_ready);
    end
  end
  assign stat_stall_hist_o = c_hist_q;
  assign stat_stall_out_o = c_out_q;

  logic unused;
  assign unused = ^{unused_mm_stall_out, unused_h_cycles, unused_h_skipped, unused_h_busy,
                    unused_h_idle, unused_h_out, mm_idx};
endmodule

`default_nettype wire
