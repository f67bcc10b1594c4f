// SPDX-License-Identifier: Apache-2.0
//
// zkacc_kernel: the Vitis RTL-kernel top of zkacc. It has the exact port names v++ and the
// Vivado IP packager expect (ap_clk, ap_rst_n, interrupt, s_axi_control_*, m_axi_gmem_*) and no
// logic: it instantiates zkacc_top (rtl/top/), which implements the control registers
// (ap_ctrl_hs), the command processor and the units. fpga/scripts/package_kernel.tcl packages
// this file with rtl/**/*.sv; fpga/kernel.xml describes its arguments.
//
//   Interfaces (packaged by name; both on ap_clk, reset ap_rst_n active-low, synchronous)
//     s_axi_control  AXI4-Lite slave, 12-bit address, 32-bit data: the register map
//     m_axi_gmem     AXI4 master, 64-bit address, 512-bit data: device memory (HBM / DDR)
//     interrupt      level, high while (ISR & IER) != 0 and GIE is set
//
//   Register map (the one source is rtl/top/zkacc_regmap.json; docs/register-map.md)
//     0x00  CTRL   bit0 ap_start, bit1 ap_done (clear-on-read), bit2 ap_idle, bit3 ap_ready,
//                  bit7 auto_restart
//     0x04  GIE    bit0 global interrupt enable
//     0x08  IER    bit0 ap_done, bit1 ap_ready
//     0x0C  ISR    bit0 ap_done, bit1 ap_ready (toggle-on-write)
//     0x10  desc   [31:0]  device address of the descriptor array (m_axi_gmem)
//     0x14  desc   [63:32]
//     0x1C  count  number of 64-byte descriptors
//     0x20  ...    read-only ID/version/capabilities; 0x40 ... status, errors, counters
//
// The AXI ID, user, lock, cache, prot and QoS signals are absent: Vitis ties them off.
// Combinational paths: none of its own (those of zkacc_top only).
`default_nettype none

module zkacc_kernel #(
  parameter integer C_S_AXI_CONTROL_ADDR_WIDTH = 12,
  parameter integer C_M_AXI_GMEM_ADDR_WIDTH    = 64,
  parameter integer C_M_AXI_GMEM_DATA_WIDTH    = 512
) (
  // System
  input  wire                                    ap_clk,
  input  wire                                    ap_rst_n,
  output wire                                    interrupt,
  // AXI4-Lite slave s_axi_control
  input  wire                                    s_axi_control_awvalid,
  output wire                                    s_axi_control_awready,
  input  wire [C_S_AXI_CONTROL_ADDR_WIDTH-1:0]   s_axi_control_awaddr,
  input  wire                                    s_axi_control_wvalid,
  output wire                                    s_axi_control_wready,
  input  wire [31:0]                            s_axi_control_wdata,
  input  wire [3:0]                             s_axi_control_wstrb,
  output wire                                    s_axi_control_bvalid,
  input  wire                                    s_axi_control_bready,
  output wire [1:0]                              s_axi_control_bresp,
  input  wire                                    s_axi_control_arvalid,
  output wire                                    s_axi_control_arready,
  input  wire [C_S_AXI_CONTROL_ADDR_WIDTH-1:0]   s_axi_control_araddr,
  output wire                                    s_axi_control_rvalid,
  input  wire                                    s_axi_control_rready,
  output wire [31:0]                            s_axi_control_rdata,
  output wire [1:0]                              s_axi_control_rresp,
  // AXI4 master m_axi_gmem: write address
  output wire                                    m_axi_gmem_awvalid,
  input  wire                                    m_axi_gmem_awready,
  output wire [C_M_AXI_GMEM_ADDR_WIDTH-1:0]      m_axi_gmem_awaddr,
  output wire [7:0]                              m_axi_gmem_awlen,
  output wire [2:0]                              m_axi_gmem_awsize,
  output wire [1:0]                              m_axi_gmem_awburst,
  // write data
  output wire                                    m_axi_gmem_wvalid,
  input  wire                                    m_axi_gmem_wready,
  output wire [C_M_AXI_GMEM_DATA_WIDTH-1:0]      m_axi_gmem_wdata,
  output wire [C_M_AXI_GMEM_DATA_WIDTH/8-1:0]    m_axi_gmem_wstrb,
  output wire                                    m_axi_gmem_wlast,
  // write response
  input  wire                                    m_axi_gmem_bvalid,
  output wire                                    m_axi_gmem_bready,
  input  wire [1:0]                              m_axi_gmem_bresp,
  // read address
  output wire                                    m_axi_gmem_arvalid,
  input  wire                                    m_axi_gmem_arready,
  output wire [C_M_AXI_GMEM_ADDR_WIDTH-1:0]      m_axi_gmem_araddr,
  output wire [7:0]                              m_axi_gmem_arlen,
  output wire [2:0]                              m_axi_gmem_arsize,
  output wire [1:0]                              m_axi_gmem_arburst,
  // read data
  input  wire                                    m_axi_gmem_rvalid,
  output wire                                    m_axi_gmem_rready,
  input  wire [C_M_AXI_GMEM_DATA_WIDTH-1:0]      m_axi_gmem_rdata,
  input  wire                                    m_axi_gmem_rlast,
  input  wire [1:0]                              m_axi_gmem_rresp
);

  zkacc_top #(
    .C_S_AXI_CONTROL_ADDR_WIDTH (C_S_AXI_CONTROL_ADDR_WIDTH),
    .C_M_AXI_GMEM_ADDR_WIDTH    (C_M_AXI_GMEM_ADDR_WIDTH),
    .C_M_AXI_GMEM_DATA_WIDTH    (C_M_AXI_GMEM_DATA_WIDTH)
  ) u_top (
    .ap_clk                (ap_clk),
    .ap_rst_n              (ap_rst_n),
    .interrupt             (interrupt),
    .s_axi_control_awvalid (s_axi_control_awvalid),
    .s_axi_control_awready (s_axi_control_awready),
    .s_axi_control_awaddr  (s_axi_control_awaddr),
    .s_axi_control_wvalid  (s_axi_control_wvalid),
    .s_axi_control_wready  (s_axi_control_wready),
    .s_axi_control_wdata   (s_axi_control_wdata),
    .s_axi_control_wstrb   (s_axi_control_wstrb),
    .s_axi_control_bvalid  (s_axi_control_bvalid),
    .s_axi_control_bready  (s_axi_control_bready),
    .s_axi_control_bresp   (s_axi_control_bresp),
    .s_axi_control_arvalid (s_axi_control_arvalid),
    .s_axi_control_arready (s_axi_control_arready),
    .s_axi_control_araddr  (s_axi_control_araddr),
    .s_axi_control_rvalid  (s_axi_control_rvalid),
    .s_axi_control_rready  (s_axi_control_rready),
    .s_axi_control_rdata   (s_axi_control_rdata),
    .s_axi_control_rresp   (s_axi_control_rresp),
    .m_axi_gmem_awvalid    (m_axi_gmem_awvalid),
    .m_axi_gmem_awready    (m_axi_gmem_awready),
    .m_axi_gmem_awaddr     (m_axi_gmem_awaddr),
    .m_axi_gmem_awlen      (m_axi_gmem_awlen),
    .m_axi_gmem_awsize     (m_axi_gmem_awsize),
    .m_axi_gmem_awburst    (m_axi_gmem_awburst),
    .m_axi_gmem_wvalid     (m_axi_gmem_wvalid),
    .m_axi_gmem_wready     (m_axi_gmem_wready),
    .m_axi_gmem_wdata      (m_axi_gmem_wdata),
    .m_axi_gmem_wstrb      (m_axi_gmem_wstrb),
    .m_axi_gmem_wlast      (m_axi_gmem_wlast),
    .m_axi_gmem_bvalid     (m_axi_gmem_bvalid),
    .m_axi_gmem_bready     (m_axi_gmem_bready),
    .m_axi_gmem_bresp      (m_axi_gmem_bresp),
    .m_axi_gmem_arvalid    (m_axi_gmem_arvalid),
    .m_axi_gmem_arready    (m_axi_gmem_arready),
    .m_axi_gmem_araddr     (m_axi_gmem_araddr),
    .m_axi_gmem_arlen      (m_axi_gmem_arlen),
    .m_axi_gmem_arsize     (m_axi_gmem_arsize),
    .m_axi_gmem_arburst    (m_axi_gmem_arburst),
    .m_axi_gmem_rvalid     (m_axi_gmem_rvalid),
    .m_axi_gmem_rready     (m_axi_gmem_rready),
    .m_axi_gmem_rdata      (m_axi_gmem_rdata),
    .m_axi_gmem_rlast      (m_axi_gmem_rlast),
    .m_axi_gmem_rresp      (m_axi_gmem_rresp)
  );

endmodule

`default_nettype wire
