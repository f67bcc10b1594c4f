// SPDX-License-Identifier: Apache-2.0
//
// Parameters and latencies of the NTT unit (rtl/ntt, docs/ntt-unit.md): BN254 Fr, radix-2
// decimation in frequency over a ping-pong pair of banked on-chip buffers.
//
// Every latency is a function of the unit's parameters; the tops export them (Verilator
// public) and the testbenches and the sim backend read them, never a copied number.

// Packages used here, for a bare per-file lint: the tool flows read them first and skip this.
`ifndef ZKACC_FIELD_PKG_SV
`include "rtl/common/zkacc_field_pkg.sv"
`endif

`ifndef ZKACC_NTT_PKG_SV
`define ZKACC_NTT_PKG_SV
`default_nettype none

package zkacc_ntt_pkg;

  // The twiddle ROM holds w^k and w^-k, k < 2^(LogRom-1), for the 2^LogRom-th root of unity w
  // (zkacc_ntt_twiddle_rom, generated): the on-chip maximum LogMax of a core is <= LogRom.
  localparam int LogRom = 12;

  // Field of the unit: BN254 Fr.
  localparam int Width = 256;  // ports: the 64-bit-limb layout (zkacc_field_pkg::Bn254Width)
  localparam int Bits = 254;   // datapath (zkacc_field_pkg::Bn254Bits)
  // R mod r: one in Montgomery form (the factor of a scale unit that is switched off).
  localparam logic [255:0] FrOne =
      256'h0e0a77c19a07df2f666ea36f7879462e36fc76959f60cd29ac96341c4ffffffb;

  // Scale-unit modes (zkacc_ntt_scale).
  localparam logic [1:0] ScaleOff = 2'd0;     // x * 1
  localparam logic [1:0] ScaleConst = 2'd1;   // x * the configured constant (e.g. n^-1)
  localparam logic [1:0] ScaleStream = 2'd2;  // x * the factor delivered with x

  // The BN254 Fr Montgomery multiplier's latency (zkacc_mont_mul).
  function automatic int FrMulLatency();
    FrMulLatency = zkacc_field_pkg::MontMulLatency(
        Width, Bits, {{(zkacc_field_pkg::MaxW - Width){1'b0}}, zkacc_field_pkg::Bn254FrMontInv});
  endfunction

  // Butterfly (zkacc_ntt_butterfly): issue -> address register (AddrLatency) -> bank read (1)
  // -> a + b, a - b (add/sub) -> (a - b) * w (multiplier) -> bank write. BfLatency is the number
  // of cycles from the issue cycle to the cycle whose rising edge writes the results: a read
  // issued BfLatency + 1 - AddrLatency cycles after the butterfly sees its results (its own
  // address stage delays it as well).
  localparam int AddrLatency = 1;
  function automatic int BfLatency();
    BfLatency = AddrLatency + 1 + zkacc_field_pkg::ModAddSubLatency(Bits) + FrMulLatency();
  endfunction

  // Scale unit: input transfer to out_valid (consumer ready), like zkacc_mont_mul_stream.
  function automatic int ScaleLatency();
    ScaleLatency = FrMulLatency() + 1;
  endfunction

  // Between two stages of a buffer of 2^log_n elements, the first read of stage s+1 of an
  // element comes at least 2^log_n / (4 Lanes) - 1 cycles after the butterfly of stage s that
  // wrote it was issued (docs/ntt-unit.md); below this many cycles the core drains its
  // pipeline between stages instead.
  function automatic int NoDrainMin();
    NoDrainMin = BfLatency() + 4;
  endfunction

endpackage

`default_nettype wire
`endif
