// SPDX-License-Identifier: Apache-2.0
//
// Multiplicity (histogram) engine for cq / logUp lookups: a stream of table indices in, one
// counter per table entry out, as integers and as BN254 Fr elements in Montgomery form.
//
// Lanes banks (zkacc_hist_bank), each with a private copy of the 2^IdxW counters: one input
// transfer carries up to Lanes indices (in_mask_i says which lanes hold one), lane l counts its
// index in bank l, so every bank takes one index per cycle whatever the index distribution
// (all equal included: the bank forwards, see zkacc_hist_bank). The readout adds the banks.
//
// Tables larger than 2^IdxW entries are counted in partitioned passes: a pass counts the
// indices in the window [cfg_base_i, cfg_base_i + cfg_entries_i) at (index - base) and skips
// the others (stat_skipped_o); the host runs one pass per window over the same index stream.
//
//   after reset    CLEAR: every counter is zeroed (2^IdxW cycles, in_ready_o low, busy_o high)
//   COUNT          in_valid_i/in_ready_o: indices (in_ready_o is high in COUNT)
//   rd_start_i     (a pulse in COUNT, after the pass's last index transfer) READ: counters 0 ..
//                  cfg_entries_i-1 leave on out_* in index order, the sum of the banks, and
//                  are cleared as they are read; then COUNT again (next pass)
//   out_*          out_count_o (integer) and out_fr_o (count * 2^256 mod r, 4 little-endian
//                  64-bit limbs: the device layout of host-lib's bn254::Fr)
//
// Counters (since reset): cycles; indices counted and skipped; input stall cycles by cause
// (engine clearing or reading out: stat_stall_busy_o), cycles in COUNT without input
// (stat_idle_o), output stall cycles (out_valid && !out_ready: stat_stall_out_o).
// The sum of a pass's indices must stay below 2^CountW (CountW <= 32). cfg_* must hold during a pass.
// Stream rule: in_ready_o and out_valid_o depend on registers only.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif
`ifndef ZKACC_LOOKUP_PKG_SV
`include "rtl/lookup/zkacc_lookup_pkg.sv"
`endif

`default_nettype none

module zkacc_hist #(
  parameter int Lanes = 2,
  parameter int IdxW = 16,
  parameter int CountW = 32
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [31:0]         cfg_base_i,
  input  logic [IdxW:0]       cfg_entries_i,
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [Lanes-1:0]    in_mask_i,
  input  logic [Lanes*32-1:0] in_idx_i,
  input  logic                rd_start_i,
  output logic                busy_o,
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [CountW-1:0]   out_count_o,
  output logic [255:0]        out_fr_o,
  output logic [63:0]         stat_cycles_o,
  output logic [63:0]         stat_indices_o,
  output logic [63:0]         stat_skipped_o,
  output logic [63:0]         stat_stall_busy_o,
  output logic [63:0]         stat_idle_o,
  output logic [63:0]         stat_stall_out_o
);
  localparam int AddLat = zkacc_field_pkg::ModAddSubLatency(zkacc_field_pkg::Bn254Bits);
  localparam int FrLatency = zkacc_lookup_pkg::IntToFrLatency(AddLat);
  // From a counter read issued to its result entering the output FIFO.
  localparam int ReadLatency /*verilator public*/ = zkacc_lookup_pkg::HistReadLatency(AddLat);
  localparam int Entries = 2 ** IdxW;
  localparam int CntLaneW = $clog2(Lanes + 1);

  typedef enum logic [1:0] {
    StClear,
    StCount,
    StRead
  } state_e;
  state_e state_q, state_d;
  logic [IdxW:0] addr_q, addr_d;

  // ---- Input register and window check.
  logic in_fire;
  assign in_ready_o = state_q == StCount;
  assign in_fire = in_valid_i && in_ready_o;
  logic inq_v_q;
  logic [Lanes-1:0] inq_mask_q;
  logic [Lanes*32-1:0] inq_idx_q;
  logic [Lanes-1:0] inc_v;
  logic [Lanes*IdxW-1:0] inc_idx;
  logic [CntLaneW-1:0] n_counted, n_skipped;
  always_comb begin
    n_counted = '0;
    n_skipped = '0;
    for (int l = 0; l < Lanes; l++) begin
      logic [31:0] off;
      off = inq_idx_q[l*32+:32] - cfg_base_i;
      inc_v[l] = inq_v_q && inq_mask_q[l] && (33'(off) < 33'(cfg_entries_i));
      inc_idx[l*IdxW+:IdxW] = off[IdxW-1:0];
      if (inc_v[l]) n_counted = n_counted + 1'b1;
      if (inq_v_q && inq_mask_q[l] && !inc_v[l]) n_skipped = n_skipped + 1'b1;
    end
  end

  // ---- Reads (read-and-clear): the clear sweep and the readout.
  logic fifo_ready, rd_issue, rd_keep;
  always_comb begin
    state_d = state_q;
    addr_d = addr_q;
    rd_issue = 1'b0;
    rd_keep = 1'b0;
    unique case (state_q)
      StClear: begin
        rd_issue = 1'b1;
        addr_d = addr_q + 1'b1;
        if (addr_q == (IdxW + 1)'(Entries - 1)) begin
          state_d = StCount;
          addr_d = '0;
        end
      end
      StCount: begin
        if (rd_start_i) state_d = StRead;
      end
      StRead: begin
        // Reads wait for the last increments in the input register (no bank takes an
        // increment and a read in one cycle), and for room in the output FIFO.
        if (!inq_v_q && fifo_ready) begin
          rd_issue = 1'b1;
          rd_keep = 1'b1;
          addr_d = addr_q + 1'b1;
          if (addr_q + 1'b1 >= cfg_entries_i) begin
            state_d = StCount;
            addr_d = '0;
          end
        end
      end
      default: state_d = StClear;
    endcase
  end
  assign busy_o = state_q != StCount;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StClear;
      addr_q <= '0;
      inq_v_q <= 1'b0;
    end else begin
      state_q <= state_d;
      addr_q <= addr_d;
      inq_v_q <= in_fire;
    end
  end
  always_ff @(posedge clk_i) begin
    if (in_fire) begin
      inq_mask_q <= in_mask_i;
      inq_idx_q <= in_idx_i;
    end
  end

  // ---- The banks.
  logic [Lanes*CountW-1:0] bank_count;
  for (genvar l = 0; l < Lanes; l++) begin : gen_bank
    zkacc_hist_bank #(.IdxW(IdxW), .CountW(CountW)) u_bank (
      .clk_i,
      .rst_ni,
      .inc_valid_i(inc_v[l]),
      .inc_idx_i  (inc_idx[l*IdxW+:IdxW]),
      .rd_valid_i (rd_issue),
      .rd_idx_i   (addr_q[IdxW-1:0]),
      .rd_count_o (bank_count[l*CountW+:CountW])
    );
  end

  // ---- Readout: bank counts -> lane sum (registered) -> Fr -> output FIFO.
  logic [1:0] rd_vk;  // {keep, valid} at the bank outputs
  zkacc_delay #(.Width(2), .Depth(zkacc_lookup_pkg::BankReadLatency), .Reset(1'b1)) u_rd_d (
    .clk_i,
    .rst_ni,
    .in_i ({rd_keep, rd_issue}),
    .out_o(rd_vk)
  );
  logic sum_v_q;
  logic [CountW-1:0] sum_q, sum;
  always_comb begin
    sum = '0;
    for (int l = 0; l < Lanes; l++) sum = sum + bank_count[l*CountW+:CountW];
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) sum_v_q <= 1'b0;
    else sum_v_q <= rd_vk[0] && rd_vk[1];
  end
  always_ff @(posedge clk_i) sum_q <= sum;

  logic [255:0] fr;
  zkacc_int_to_fr u_fr (
    .clk_i,
    .in_mag_i(32'(sum_q)),
    .in_neg_i(1'b0),
    .out_fr_o(fr)
  );
  logic push_v;
  logic [CountW-1:0] push_count;
  zkacc_delay #(.Width(1), .Depth(FrLatency), .Reset(1'b1)) u_push_v (
    .clk_i,
    .rst_ni,
    .in_i (sum_v_q),
    .out_o(push_v)
  );
  zkacc_delay #(.Width(CountW), .Depth(FrLatency)) u_push_count (
    .clk_i,
    .rst_ni,
    .in_i (sum_q),
    .out_o(push_count)
  );
  zkacc_credit_fifo #(
    .Width(CountW + 256),
    .Depth(ReadLatency + 2)
  ) u_fifo (
    .clk_i,
    .rst_ni,
    .in_fire_i  (rd_keep),
    .in_ready_o (fifo_ready),
    .push_i     (push_v),
    .push_data_i({push_count, fr}),
    .out_valid_o,
    .out_ready_i,
    .out_data_o ({out_count_o, out_fr_o})
  );

  // ---- Counters.
  logic [63:0] c_cycles_q, c_indices_q, c_skipped_q, c_busy_q, c_idle_q, c_out_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      c_cycles_q <= '0;
      c_indices_q <= '0;
      c_skipped_q <= '0;
      c_busy_q <= '0;
      c_idle_q <= '0;
      c_out_q <= '0;
    end else begin
      c_cycles_q <= c_cycles_q + 1'b1;
      c_indices_q <= c_indices_q + 64'(n_counted);
      c_skipped_q <= c_skipped_q + 64'(n_skipped);
      c_busy_q <= c_busy_q + 64'(in_valid_i && !in_ready_o);
      c_idle_q <= c_idle_q + 64'(in_ready_o && !in_valid_i);
      c_out_q <= c_out_q + 64'(out_valid_o && !out_ready_i);
    end
  end
  assign stat_cycles_o = c_cycles_q;
  assign stat_indices_o = c_indices_q;
  assign stat_skipped_o = c_skipped_q;
  assign stat_stall_busy_o = c_busy_q;
  assign stat_idle_o = c_idle_q;
  assign stat_stall_out_o = c_out_q;

endmodule

`default_nettype wire
