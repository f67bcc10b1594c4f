// SPDX-License-Identifier: Apache-2.0
//
// s_axi_control slave of the kernel: the Vitis ap_ctrl_hs block protocol, the kernel arguments
// and the read-only ID, status and counter registers of rtl/top/zkacc_regmap.json
// (docs/register-map.md; offsets from zkacc_regs_pkg).
//
//   CTRL 0x00  ap_start (bit 0): set by a host write of 1, cleared by the kernel at ap_ready
//              (re-set at ap_ready when auto_restart, bit 7, is 1); ap_done (bit 1) and
//              ap_ready (bit 3): set at the end of a run, cleared when CTRL is read; ap_idle
//              (bit 2): no run in progress
//   GIE 0x04, IER 0x08 (bit 0 done, bit 1 ready), ISR 0x0C: an event sets its ISR bit when
//              its IER bit is 1; writing 1 to an ISR bit toggles it;
//              interrupt_o = GIE & |(ISR & IER) (registered)
//   0x10/0x14 desc, 0x1C count: RW arguments (byte strobes honoured), latched by the command
//              processor at the start of a run
// One write and one read in flight (AW and W may come in either order; B after both);
// responses always OKAY; unmapped offsets read 0 and ignore writes.
//
//   start_o   one-cycle pulse: ap_start is set and the command processor is idle (cmd_idle_i)
//   done_i    one-cycle pulse from the command processor at the end of a run (ap_done = ap_ready)
// Combinational paths: none from the AXI inputs to outputs (all outputs are registers, except
// start_o, which depends on registers and cmd_idle_i).

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_REGS_PKG_SV
`include "rtl/top/zkacc_regs_pkg.sv"
`endif

`default_nettype none

module zkacc_axil_ctrl #(
  parameter int NumCounters = zkacc_regs_pkg::NumCounters
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  // s_axi_control
  input  logic                      awvalid_i,
  output logic                      awready_o,
  input  logic [11:0]               awaddr_i,
  input  logic                      wvalid_i,
  output logic                      wready_o,
  input  logic [31:0]               wdata_i,
  input  logic [3:0]                wstrb_i,
  output logic                      bvalid_o,
  input  logic                      bready_i,
  output logic [1:0]                bresp_o,
  input  logic                      arvalid_i,
  output logic                      arready_o,
  input  logic [11:0]               araddr_i,
  output logic                      rvalid_o,
  input  logic                      rready_i,
  output logic [31:0]               rdata_o,
  output logic [1:0]                rresp_o,
  output logic                      interrupt_o,
  // Command processor.
  output logic                      start_o,
  input  logic                      cmd_idle_i,
  input  logic                      done_i,
  output logic [63:0]               desc_o,
  output logic [31:0]               count_o,
  // Read-only registers.
  input  logic [31:0]               caps_i,
  input  logic [31:0]               msm_params_i,
  input  logic [31:0]               ntt_params_i,
  input  logic [31:0]               hist_params_i,
  input  logic [31:0]               mm_params_i,
  input  logic [31:0]               status_i,
  input  logic [31:0]               error_code_i,
  input  logic [31:0]               error_index_i,
  input  logic [31:0]               desc_done_i,
  input  logic [31:0]               error_info_i,
  input  logic [NumCounters*64-1:0] counters_i
);
  // ---- Write channel: take AW and W (either order), then answer B.
  logic aw_full_q, w_full_q, b_q;
  logic [11:0] aw_addr_q;
  logic [31:0] w_data_q;
  logic [3:0] w_strb_q;
  logic wr_en;
  assign awready_o = !aw_full_q;
  assign wready_o = !w_full_q;
  assign bvalid_o = b_q;
  assign bresp_o = 2'b00;
  assign wr_en = aw_full_q && w_full_q && !b_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      aw_full_q <= 1'b0;
      w_full_q <= 1'b0;
      b_q <= 1'b0;
    end else begin
      if (awvalid_i && awready_o) aw_full_q <= 1'b1;
      if (wvalid_i && wready_o) w_full_q <= 1'b1;
      if (wr_en) begin
        b_q <= 1'b1;
        aw_full_q <= 1'b0;
        w_full_q <= 1'b0;
      end
      if (b_q && bready_i) b_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (awvalid_i && awready_o) aw_addr_q <= awaddr_i;
    if (wvalid_i && wready_o) begin
      w_data_q <= wdata_i;
      w_strb_q <= wstrb_i;
    end
  end

  function automatic logic [31:0] Merge(input logic [31:0] old, input logic [31:0] data,
                                        input logic [3:0] strb);
    for (int b = 0; b < 4; b++) begin
      Merge[8*b+:8] = strb[b] ? data[8*b+:8] : old[8*b+:8];
    end
  endfunction

  logic wr_ctrl, wr_gie, wr_ier, wr_isr, wr_desc_lo, wr_desc_hi, wr_count, wr_scratch;
  logic [11:0] wa;
  assign wa = {aw_addr_q[11:2], 2'b00};
  assign wr_ctrl = wr_en && wa == zkacc_regs_pkg::RegCtrl;
  assign wr_gie = wr_en && wa == zkacc_regs_pkg::RegGie;
  assign wr_ier = wr_en && wa == zkacc_regs_pkg::RegIer;
  assign wr_isr = wr_en && wa == zkacc_regs_pkg::RegIsr;
  assign wr_desc_lo = wr_en && wa == zkacc_regs_pkg::RegDescLo;
  assign wr_desc_hi = wr_en && wa == zkacc_regs_pkg::RegDescHi;
  assign wr_count = wr_en && wa == zkacc_regs_pkg::RegCount;
  assign wr_scratch = wr_en && wa == zkacc_regs_pkg::RegScratch;

  // ---- Read channel.
  logic r_q;
  logic [31:0] rdata_q;
  logic rd_en;
  logic [11:0] ra;
  assign arready_o = !r_q;
  assign rvalid_o = r_q;
  assign rdata_o = rdata_q;
  assign rresp_o = 2'b00;
  assign rd_en = arvalid_i && arready_o;
  assign ra = {araddr_i[11:2], 2'b00};

  // ---- Control state.
  logic ap_start_q, ap_done_q, ap_ready_q, auto_restart_q, gie_q;
  logic [1:0] ier_q, isr_q;
  logic [31:0] desc_lo_q, desc_hi_q, count_q, scratch_q;
  logic irq_q;
  logic rd_ctrl;
  assign rd_ctrl = rd_en && ra == zkacc_regs_pkg::RegCtrl;
  assign start_o = ap_start_q && cmd_idle_i;
  assign desc_o = {desc_hi_q, desc_lo_q};
  assign count_o = count_q;
  assign interrupt_o = irq_q;
  logic unused_addr;  // word addresses: the byte offsets are ignored
  assign unused_addr = ^{araddr_i[1:0], aw_addr_q[1:0], cnt_off[1:0]};

  localparam int StartB = zkacc_regs_pkg::CtrlApStartLsb;
  localparam int AutoB = zkacc_regs_pkg::CtrlAutoRestartLsb;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ap_start_q <= 1'b0;
      ap_done_q <= 1'b0;
      ap_ready_q <= 1'b0;
      auto_restart_q <= 1'b0;
      gie_q <= 1'b0;
      ier_q <= '0;
      isr_q <= '0;
      desc_lo_q <= '0;
      desc_hi_q <= '0;
      count_q <= '0;
      scratch_q <= '0;
      irq_q <= 1'b0;
    end else begin
      // ap_start: host sets it; the kernel clears it at ap_ready (the end of the run).
      if (wr_ctrl && w_strb_q[0] && w_data_q[StartB]) ap_start_q <= 1'b1;
      if (done_i) ap_start_q <= auto_restart_q;
      if (wr_ctrl && w_strb_q[0]) auto_restart_q <= w_data_q[AutoB];
      // ap_done / ap_ready: clear on read, the event wins over a read in the same cycle.
      if (rd_ctrl) begin
        ap_done_q <= 1'b0;
        ap_ready_q <= 1'b0;
      end
      if (done_i) begin
        ap_done_q <= 1'b1;
        ap_ready_q <= 1'b1;
      end
      if (wr_gie && w_strb_q[0]) gie_q <= w_data_q[0];
      if (wr_ier && w_strb_q[0]) ier_q <= w_data_q[1:0];
      isr_q <= (isr_q ^ ((wr_isr && w_strb_q[0]) ? w_data_q[1:0] : 2'b00)) |
               (done_i ? ier_q : 2'b00);
      if (wr_desc_lo) desc_lo_q <= Merge(desc_lo_q, w_data_q, w_strb_q);
      if (wr_desc_hi) desc_hi_q <= Merge(desc_hi_q, w_data_q, w_strb_q);
      if (wr_count) count_q <= Merge(count_q, w_data_q, w_strb_q);
      if (wr_scratch) scratch_q <= Merge(scratch_q, w_data_q, w_strb_q);
      irq_q <= gie_q && |(isr_q & ier_q);
    end
  end

  // ---- Read data.
  logic [31:0] ctrl_word, rd_word;
  always_comb begin
    ctrl_word = '0;
    ctrl_word[zkacc_regs_pkg::CtrlApStartLsb] = ap_start_q;
    ctrl_word[zkacc_regs_pkg::CtrlApDoneLsb] = ap_done_q;
    ctrl_word[zkacc_regs_pkg::CtrlApIdleLsb] = cmd_idle_i && !ap_start_q;
    ctrl_word[zkacc_regs_pkg::CtrlApReadyLsb] = ap_ready_q;
    ctrl_word[zkacc_regs_pkg::CtrlAutoRestartLsb] = auto_restart_q;
  end

  localparam logic [11:0] CntEnd = zkacc_regs_pkg::CountersBase + 12'(8 * NumCounters);
  logic [11:0] cnt_off;
  assign cnt_off = ra - zkacc_regs_pkg::CountersBase;

  always_comb begin
    rd_word = '0;
    case (ra)
      zkacc_regs_pkg::RegCtrl: rd_word = ctrl_word;
      zkacc_regs_pkg::RegGie: rd_word = {31'd0, gie_q};
      zkacc_regs_pkg::RegIer: rd_word = {30'd0, ier_q};
      zkacc_regs_pkg::RegIsr: rd_word = {30'd0, isr_q};
      zkacc_regs_pkg::RegDescLo: rd_word = desc_lo_q;
      zkacc_regs_pkg::RegDescHi: rd_word = desc_hi_q;
      zkacc_regs_pkg::RegCount: rd_word = count_q;
      zkacc_regs_pkg::RegId: rd_word = zkacc_regs_pkg::IdMagic;
      zkacc_regs_pkg::RegVersion: rd_word = zkacc_regs_pkg::Version;
      zkacc_regs_pkg::RegCaps: rd_word = caps_i;
      zkacc_regs_pkg::RegMsmParams: rd_word = msm_params_i;
      zkacc_regs_pkg::RegNttParams: rd_word = ntt_params_i;
      zkacc_regs_pkg::RegHistParams: rd_word = hist_params_i;
      zkacc_regs_pkg::RegMmParams: rd_word = mm_params_i;
      zkacc_regs_pkg::RegStatus: rd_word = status_i;
      zkacc_regs_pkg::RegErrorCode: rd_word = error_code_i;
      zkacc_regs_pkg::RegErrorIndex: rd_word = error_index_i;
      zkacc_regs_pkg::RegDescDone: rd_word = desc_done_i;
      zkacc_regs_pkg::RegErrorInfo: rd_word = error_info_i;
      zkacc_regs_pkg::RegScratch: rd_word = scratch_q;
      default: begin
        if (ra >= zkacc_regs_pkg::CountersBase && ra < CntEnd) begin
          rd_word = counters_i[32*32'(cnt_off[11:2])+:32];
        end
      end
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      r_q <= 1'b0;
    end else begin
      if (rd_en) r_q <= 1'b1;
      else if (r_q && rready_i) r_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (rd_en) rdata_q <= rd_word;
  end
endmodule

`default_nettype wire
