// SPDX-License-Identifier: Apache-2.0
//
// Scale unit of the NTT: r = x * f * R^-1 mod r (Montgomery multiplication) for Lanes elements
// per beat, f in Montgomery form, so r = x * F for the factor F = f R^-1:
//   mode ScaleOff     f = R mod r (r = x)
//   mode ScaleConst   f = const_i            (e.g. n^-1: the 1/n of an inverse transform)
//   mode ScaleStream  f = in_fac_i, delivered with x (coset powers g^j, four-step twiddles;
//                     tables resident in device memory)
// Lanes zkacc_mont_mul cores sharing one valid delay line and one credit FIFO (like
// zkacc_mont_mul_stream): one beat per cycle, latency zkacc_ntt_pkg::ScaleLatency() from the
// input transfer to out_valid (consumer ready). Ports are Width bits per element; bits above
// Bits must be zero and values < r.
// Combinational paths: none from out_ready_i to in_ready_o or out_valid_o.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif
`ifndef ZKACC_NTT_PKG_SV
`include "rtl/ntt/zkacc_ntt_pkg.sv"
`endif

`default_nettype none

module zkacc_ntt_scale #(
  parameter int Lanes = 1
) (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,
  input  logic [1:0]                            mode_i,
  input  logic [zkacc_ntt_pkg::Width-1:0]       const_i,
  input  logic                                  in_valid_i,
  output logic                                  in_ready_o,
  input  logic [Lanes*zkacc_ntt_pkg::Bits-1:0]  in_data_i,
  input  logic [Lanes*zkacc_ntt_pkg::Width-1:0] in_fac_i,
  output logic                                  out_valid_o,
  input  logic                                  out_ready_i,
  output logic [Lanes*zkacc_ntt_pkg::Bits-1:0]  out_data_o
);
  localparam int Bits = zkacc_ntt_pkg::Bits;
  localparam int Width = zkacc_ntt_pkg::Width;
  localparam int CoreLatency = zkacc_ntt_pkg::FrMulLatency();

  logic fire, core_valid;
  logic [Lanes*Bits-1:0] core_r;
  logic [Lanes*Width-1:0] fac;
  assign fire = in_valid_i && in_ready_o;

  always_comb begin
    for (int l = 0; l < Lanes; l++) begin
      unique case (mode_i)
        zkacc_ntt_pkg::ScaleConst: fac[l*Width+:Width] = const_i;
        zkacc_ntt_pkg::ScaleStream: fac[l*Width+:Width] = in_fac_i[l*Width+:Width];
        default: fac[l*Width+:Width] = zkacc_ntt_pkg::FrOne;
      endcase
    end
  end

  for (genvar l = 0; l < Lanes; l++) begin : gen_lane
    zkacc_mont_mul #(
      .Width  (Width),
      .Bits   (Bits),
      .Modulus(zkacc_field_pkg::Bn254FrModulus),
      .MontInv(zkacc_field_pkg::Bn254FrMontInv)
    ) u_mul (
      .clk_i,
      .in_a_i (in_data_i[l*Bits+:Bits]),
      .in_b_i (fac[l*Width+:Bits]),
      .out_r_o(core_r[l*Bits+:Bits])
    );
  end
  zkacc_delay #(.Width(1), .Depth(CoreLatency), .Reset(1'b1)) u_valid (
    .clk_i,
    .rst_ni,
    .in_i (fire),
    .out_o(core_valid)
  );
  zkacc_credit_fifo #(.Width(Lanes * Bits), .Depth(CoreLatency + 2)) u_fifo (
    .clk_i,
    .rst_ni,
    .in_fire_i  (fire),
    .in_ready_o,
    .push_i     (core_valid),
    .push_data_i(core_r),
    .out_valid_o,
    .out_ready_i,
    .out_data_o
  );

  logic unused_fac;
  always_comb begin
    unused_fac = 1'b0;
    for (int l = 0; l < Lanes; l++) unused_fac = unused_fac ^ (^fac[l*Width+Bits+:Width-Bits]);
  end
endmodule

`default_nettype wire
