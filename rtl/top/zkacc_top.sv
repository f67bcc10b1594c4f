// SPDX-License-Identifier: Apache-2.0
//
// zkacc kernel top (Vitis RTL-kernel interface, docs/kernel.md): s_axi_control (ap_ctrl_hs,
// arguments desc @0x10/0x14 and count @0x1C, ID/status/counter registers of
// rtl/top/zkacc_regmap.json), one m_axi_gmem master (512-bit data, 64-bit addresses) and
// interrupt. Inside: zkacc_axil_ctrl, the command processor zkacc_cmd with its operations,
// the read DMA (3 streams) and the write DMA.
//
// ap_rst_n is active low and synchronous (registered once here); the units behind the
// command processor also reset after an aborted operation.
// The unit parameters (En*: unit built; CAPS shows which) are module parameters so that a
// smaller kernel can be built; the Vitis wrapper in fpga/ uses the defaults.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_MSM_PKG_SV
`include "rtl/msm/zkacc_msm_pkg.sv"
`endif
`ifndef ZKACC_REGS_PKG_SV
`include "rtl/top/zkacc_regs_pkg.sv"
`endif

`default_nettype none

module zkacc_top #(
  parameter int C_S_AXI_CONTROL_ADDR_WIDTH = 12,
  parameter int C_M_AXI_GMEM_ADDR_WIDTH = 64,
  parameter int C_M_AXI_GMEM_DATA_WIDTH = 512,
  parameter bit EnMsm = 1'b1,
  parameter bit EnNtt = 1'b1,
  parameter bit EnHist = 1'b1,
  parameter bit EnMm = 1'b1,
  parameter int RdFifoDepth = 128,
  parameter int WrFifoDepth = 128
) (
  input  logic                                    ap_clk,
  input  logic                                    ap_rst_n,
  output logic                                    interrupt,
  // s_axi_control
  input  logic                                    s_axi_control_awvalid,
  output logic                                    s_axi_control_awready,
  input  logic [C_S_AXI_CONTROL_ADDR_WIDTH-1:0]   s_axi_control_awaddr,
  input  logic                                    s_axi_control_wvalid,
  output logic                                    s_axi_control_wready,
  input  logic [31:0]                             s_axi_control_wdata,
  input  logic [3:0]                              s_axi_control_wstrb,
  output logic                                    s_axi_control_bvalid,
  input  logic                                    s_axi_control_bready,
  output logic [1:0]                              s_axi_control_bresp,
  input  logic                                    s_axi_control_arvalid,
  output logic                                    s_axi_control_arready,
  input  logic [C_S_AXI_CONTROL_ADDR_WIDTH-1:0]   s_axi_control_araddr,
  output logic                                    s_axi_control_rvalid,
  input  logic                                    s_axi_control_rready,
  output logic [31:0]                             s_axi_control_rdata,
  output logic [1:0]                              s_axi_control_rresp,
  // m_axi_gmem
  output logic                                    m_axi_gmem_awvalid,
  input  logic                                    m_axi_gmem_awready,
  output logic [C_M_AXI_GMEM_ADDR_WIDTH-1:0]      m_axi_gmem_awaddr,
  output logic [7:0]                              m_axi_gmem_awlen,
  output logic [2:0]                              m_axi_gmem_awsize,
  output logic [1:0]                              m_axi_gmem_awburst,
  output logic                                    m_axi_gmem_wvalid,
  input  logic                                    m_axi_gmem_wready,
  output logic [C_M_AXI_GMEM_DATA_WIDTH-1:0]      m_axi_gmem_wdata,
  output logic [C_M_AXI_GMEM_DATA_WIDTH/8-1:0]    m_axi_gmem_wstrb,
  output logic                                    m_axi_gmem_wlast,
  input  logic                                    m_axi_gmem_bvalid,
  output logic                                    m_axi_gmem_bready,
  input  logic [1:0]                              m_axi_gmem_bresp,
  output logic                                    m_axi_gmem_arvalid,
  input  logic                                    m_axi_gmem_arready,
  output logic [C_M_AXI_GMEM_ADDR_WIDTH-1:0]      m_axi_gmem_araddr,
  output logic [7:0]                              m_axi_gmem_arlen,
  output logic [2:0]                              m_axi_gmem_arsize,
  output logic [1:0]                              m_axi_gmem_arburst,
  input  logic                                    m_axi_gmem_rvalid,
  output logic                                    m_axi_gmem_rready,
  input  logic [C_M_AXI_GMEM_DATA_WIDTH-1:0]      m_axi_gmem_rdata,
  input  logic                                    m_axi_gmem_rlast,
  input  logic [1:0]                              m_axi_gmem_rresp
);
  localparam int NS = 3;
  localparam int NC = zkacc_regs_pkg::NumCounters;
  // Unit sizes (exported for the host tests: Verilator public).
  localparam int MsmCMax /*verilator public*/ = 13;
  localparam int MsmLanes /*verilator public*/ = 4;
  localparam int NttLogMax /*verilator public*/ = 12;
  localparam int NttLanes /*verilator public*/ = 2;
  localparam int HistIdxW /*verilator public*/ = 16;
  localparam int HistLanes /*verilator public*/ = 2;
  localparam int MmP /*verilator public*/ = 8;
  localparam int MmKtMax /*verilator public*/ = 512;
  localparam int MmTableBits /*verilator public*/ = 16;

  // Synchronous reset, registered.
  logic rst_nq;
  always_ff @(posedge ap_clk) rst_nq <= ap_rst_n;

  logic start, done, cmd_idle, unit_rst_n;
  logic [63:0] desc;
  logic [31:0] count, status, error_code, error_index, desc_done, error_info;
  logic [NC*64-1:0] counters;

  logic [31:0] caps, msm_params, ntt_params, hist_params, mm_params;
  always_comb begin
    caps = '0;
    caps[zkacc_regs_pkg::CapsCopyLsb] = 1'b1;
    caps[zkacc_regs_pkg::CapsMsmBn254Lsb] = EnMsm;
    caps[zkacc_regs_pkg::CapsNttLsb] = EnNtt;
    caps[zkacc_regs_pkg::CapsHistLsb] = EnHist;
    caps[zkacc_regs_pkg::CapsMatmulLsb] = EnMm;
    msm_params = {8'd254, 8'(MsmLanes), 8'(MsmCMax), 8'(zkacc_msm_pkg::CMin)};
    ntt_params = {8'd0, 8'(2 * NttLogMax - 2), 8'(NttLanes), 8'(NttLogMax)};
    hist_params = {16'd0, 8'(HistLanes), 8'(HistIdxW)};
    mm_params = {16'(MmKtMax), 8'(MmTableBits), 8'(MmP)};
  end

  zkacc_axil_ctrl #(.NumCounters(NC)) u_ctrl (
    .clk_i(ap_clk), .rst_ni(rst_nq),
    .awvalid_i(s_axi_control_awvalid), .awready_o(s_axi_control_awready),
    .awaddr_i(s_axi_control_awaddr[11:0]),
    .wvalid_i(s_axi_control_wvalid), .wready_o(s_axi_control_wready),
    .wdata_i(s_axi_control_wdata), .wstrb_i(s_axi_control_wstrb),
    .bvalid_o(s_axi_control_bvalid), .bready_i(s_axi_control_bready),
    .bresp_o(s_axi_control_bresp),
    .arvalid_i(s_axi_control_arvalid), .arready_o(s_axi_control_arready),
    .araddr_i(s_axi_control_araddr[11:0]),
    .rvalid_o(s_axi_control_rvalid), .rready_i(s_axi_control_rready),
    .rdata_o(s_axi_control_rdata), .rresp_o(s_axi_control_rresp),
    .interrupt_o(interrupt),
    .start_o(start), .cmd_idle_i(cmd_idle), .done_i(done),
    .desc_o(desc), .count_o(count),
    .caps_i(caps), .msm_params_i(msm_params), .ntt_params_i(ntt_params),
    .hist_params_i(hist_params), .mm_params_i(mm_params),
    .status_i(status), .error_code_i(error_code), .error_index_i(error_index),
    .desc_done_i(desc_done), .error_info_i(error_info), .counters_i(counters)
  );

  // Read DMA.
  logic rd_clr, rd_abort, rd_idle, rd_err, wr_clr, wr_abort, wr_idle, wr_err;
  logic [1:0] rd_err_resp, wr_err_resp;
  logic [NS-1:0] rd_cmd_valid, rd_cmd_ready, rd_valid, rd_ready, rd_busy;
  logic [NS*64-1:0] rd_cmd_addr;
  logic [NS*32-1:0] rd_cmd_beats, rd_cmd_repeat, rd_cmd_stride, rd_cmd_blocks, rd_cmd_bstep;
  logic [127:0] wr_cmd_pattern;  // {bstep, rows, stride, chunk}
  logic [NS*512-1:0] rd_data;
  logic [63:0] rd_cnt_beats, rd_cnt_bursts, rd_cnt_stall;
  logic [63:0] wr_cnt_beats, wr_cnt_bursts, wr_cnt_stall;
  logic wr_cmd_valid, wr_cmd_ready, wr_valid, wr_ready, wr_last;
  logic [63:0] wr_cmd_addr, wr_strb;
  logic [511:0] wr_data;

  zkacc_dma_rd #(.NumStreams(NS), .FifoDepth(RdFifoDepth)) u_rd (
    .clk_i(ap_clk), .rst_ni(rst_nq), .clr_i(rd_clr), .abort_i(rd_abort), .idle_o(rd_idle),
    .cmd_valid_i(rd_cmd_valid), .cmd_ready_o(rd_cmd_ready), .cmd_addr_i(rd_cmd_addr),
    .cmd_beats_i(rd_cmd_beats), .cmd_repeat_i(rd_cmd_repeat), .cmd_stride_i(rd_cmd_stride),
    .cmd_blocks_i(rd_cmd_blocks), .cmd_bstep_i(rd_cmd_bstep),
    .d_valid_o(rd_valid), .d_ready_i(rd_ready), .d_data_o(rd_data), .busy_o(rd_busy),
    .err_o(rd_err), .err_resp_o(rd_err_resp),
    .cnt_beats_o(rd_cnt_beats), .cnt_bursts_o(rd_cnt_bursts), .cnt_stall_o(rd_cnt_stall),
    .arvalid_o(m_axi_gmem_arvalid), .arready_i(m_axi_gmem_arready),
    .araddr_o(m_axi_gmem_araddr), .arlen_o(m_axi_gmem_arlen), .arsize_o(m_axi_gmem_arsize),
    .arburst_o(m_axi_gmem_arburst),
    .rvalid_i(m_axi_gmem_rvalid), .rready_o(m_axi_gmem_rready), .rdata_i(m_axi_gmem_rdata),
    .rlast_i(m_axi_gmem_rlast), .rresp_i(m_axi_gmem_rresp)
  );
  logic unused_rd_busy;
  assign unused_rd_busy = ^rd_busy;

  zkacc_dma_wr #(.FifoDepth(WrFifoDepth)) u_wr (
    .clk_i(ap_clk), .rst_ni(rst_nq), .clr_i(wr_clr), .abort_i(wr_abort), .idle_o(wr_idle),
    .cmd_valid_i(wr_cmd_valid), .cmd_ready_o(wr_cmd_ready), .cmd_addr_i(wr_cmd_addr),
    .cmd_chunk_i(wr_cmd_pattern[31:0]), .cmd_stride_i(wr_cmd_pattern[63:32]),
    .cmd_rows_i(wr_cmd_pattern[95:64]), .cmd_bstep_i(wr_cmd_pattern[127:96]),
    .d_valid_i(wr_valid), .d_ready_o(wr_ready), .d_data_i(wr_data), .d_strb_i(wr_strb),
    .d_last_i(wr_last), .err_o(wr_err), .err_resp_o(wr_err_resp),
    .cnt_beats_o(wr_cnt_beats), .cnt_bursts_o(wr_cnt_bursts), .cnt_stall_o(wr_cnt_stall),
    .awvalid_o(m_axi_gmem_awvalid), .awready_i(m_axi_gmem_awready),
    .awaddr_o(m_axi_gmem_awaddr), .awlen_o(m_axi_gmem_awlen), .awsize_o(m_axi_gmem_awsize),
    .awburst_o(m_axi_gmem_awburst),
    .wvalid_o(m_axi_gmem_wvalid), .wready_i(m_axi_gmem_wready), .wdata_o(m_axi_gmem_wdata),
    .wstrb_o(m_axi_gmem_wstrb), .wlast_o(m_axi_gmem_wlast),
    .bvalid_i(m_axi_gmem_bvalid), .bready_o(m_axi_gmem_bready), .bresp_i(m_axi_gmem_bresp)
  );

  zkacc_cmd #(
    .NumStreams(NS), .EnMsm(EnMsm), .EnNtt(EnNtt), .EnHist(EnHist), .EnMm(EnMm),
    .MsmC(MsmCMax), .NttLogMax(NttLogMax), .HistIdxW(HistIdxW), .MmP(MmP), .MmKtMax(MmKtMax),
    .MmTableBits(MmTableBits)
  ) u_cmd (
    .clk_i(ap_clk), .rst_ni(rst_nq),
    .start_i(start), .desc_i(desc), .count_i(count), .done_o(done), .idle_o(cmd_idle),
    .status_o(status), .error_code_o(error_code), .error_index_o(error_index),
    .desc_done_o(desc_done), .error_info_o(error_info), .counters_o(counters),
    .unit_rst_no(unit_rst_n),
    .rd_clr_o(rd_clr), .rd_abort_o(rd_abort), .rd_idle_i(rd_idle),
    .rd_cmd_valid_o(rd_cmd_valid), .rd_cmd_ready_i(rd_cmd_ready), .rd_cmd_addr_o(rd_cmd_addr),
    .rd_cmd_beats_o(rd_cmd_beats), .rd_cmd_repeat_o(rd_cmd_repeat),
    .rd_cmd_stride_o(rd_cmd_stride), .rd_cmd_blocks_o(rd_cmd_blocks), .rd_cmd_bstep_o(rd_cmd_bstep),
    .rd_valid_i(rd_valid), .rd_ready_o(rd_ready), .rd_data_i(rd_data),
    .rd_err_i(rd_err), .rd_err_resp_i(rd_err_resp),
    .rd_cnt_beats_i(rd_cnt_beats), .rd_cnt_bursts_i(rd_cnt_bursts),
    .rd_cnt_stall_i(rd_cnt_stall),
    .wr_clr_o(wr_clr), .wr_abort_o(wr_abort), .wr_idle_i(wr_idle),
    .wr_cmd_valid_o(wr_cmd_valid), .wr_cmd_ready_i(wr_cmd_ready), .wr_cmd_addr_o(wr_cmd_addr),
    .wr_cmd_pattern_o(wr_cmd_pattern),
    .wr_valid_o(wr_valid), .wr_ready_i(wr_ready), .wr_data_o(wr_data), .wr_strb_o(wr_strb),
    .wr_last_o(wr_last), .wr_err_i(wr_err), .wr_err_resp_i(wr_err_resp),
    .wr_cnt_beats_i(wr_cnt_beats), .wr_cnt_bursts_i(wr_cnt_bursts),
    .wr_cnt_stall_i(wr_cnt_stall)
  );
  logic unused_unit_rst;
  assign unused_unit_rst = unit_rst_n;
endmodule

`default_nettype wire
