// SPDX-License-Identifier: Apache-2.0
//
// Field parameters and pipeline latencies of the arithmetic units.
//
// Montgomery form with R = 2^Width (Width = 64 * limbs: 256 for BN254, 384 for BLS12-381), the
// representation of zkacc's device memory and of the host library (host-lib/include/zkacc).
// MontInv is -p^-1 mod R (the full-width REDC constant).
//
// Every latency below is a function of the unit's parameters; units export it as `Latency`, and
// tests, models and host code use that symbol, never a copied number.
`default_nettype none

package zkacc_field_pkg;

  // Multiplier tile: one DSP48E2 computes an unsigned 17 x 26 product (27 x 18 signed).
  localparam int TileA = 17;
  localparam int TileB = 26;
  // Carry chains are cut every SegW bits (pipelined ripple adders).
  localparam int SegW = 64;
  // zkacc_delay: delays of this depth or more are ring buffers (LUT RAM) instead of registers.
  localparam int DelayRingMin = 4;

  // BN254 (alt_bn128) base field Fq.
  localparam int Bn254Width = 256;
  localparam int Bn254Bits = 254;
  localparam logic [255:0] Bn254FqModulus =
      256'h30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47;
  localparam logic [255:0] Bn254FqMontInv =
      256'hf57a22b791888c6bd8afcbd01833da809ede7d651eca6ac987d20782e4866389;
  // R mod p: one in Montgomery form.
  localparam logic [255:0] Bn254FqOne =
      256'h0e0a77c19a07df2f666ea36f7879462c0a78eb28f5c70b3dd35d438dc58f0d9d;
  // BN254 scalar field Fr.
  localparam logic [255:0] Bn254FrModulus =
      256'h30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;
  localparam logic [255:0] Bn254FrMontInv =
      256'h73f82f1d0d8341b2e39a9828990623916586864b4c6911b3c2e1f593efffffff;
  // BLS12-381 base field Fq.
  localparam int Bls12381Width = 384;
  localparam int Bls12381Bits = 381;
  localparam logic [383:0] Bls12381FqModulus = {
      128'h1a0111ea397fe69a4b1ba7b6434bacd7, 128'h64774b84f38512bf6730d2a0f6b0f624,
      128'h1eabfffeb153ffffb9feffffffffaaab};
  localparam logic [383:0] Bls12381FqMontInv = {
      128'hceb06106feaafc9468b316fee268cf58, 128'h19ecca0e8eb2db4c16ef2ef0c8e30b48,
      128'h286adb92d9d113e889f3fffcfffcfffd};

  localparam logic [383:0] Bls12381FqOne = {
      128'h15f65ec3fa80e4935c071a97a256ec6d, 128'h77ce5853705257455f48985753c758ba,
      128'hebf4000bc40c0002760900000002fffd};

  // Register levels of a 3:2 carry-save tree reducing n operands to two.
  function automatic int CsaLevels(input int n);
    int k;
    int levels;
    k = n;
    levels = 0;
    while (k > 2) begin
      k = 2 * (k / 3) + (k % 3);
      levels = levels + 1;
    end
    CsaLevels = levels;
  endfunction

  function automatic int CeilDiv(input int a, input int b);
    CeilDiv = (a + b - 1) / b;
  endfunction

  // zkacc_add_pipe: one register stage per SegW-bit segment.
  function automatic int AddLatency(input int width);
    AddLatency = CeilDiv(width, SegW);
  endfunction

  // zkacc_mul_tiled: tile products (1) + carry-save tree + final adder.
  function automatic int MulLatency(input int bw, input int ow);
    MulLatency = 1 + CsaLevels(3 * CeilDiv(bw, TileB)) + AddLatency(ow);
  endfunction

  // zkacc_mont_mul: input register, a*b, (T mod R)*p', m*p, the final sum and the conditional
  // subtraction.
  function automatic int MontMulLatency(input int width, input int bits);
    MontMulLatency = 1 + MulLatency(bits, 2 * bits) + MulLatency(width, width) +
                     MulLatency(bits, width + bits) + AddLatency(bits + 1) +
                     AddLatency(bits + 1) + 1;
  endfunction

  // zkacc_mod_addsub: a +/- b, then +/- p, then the selection.
  function automatic int ModAddSubLatency(input int bits);
    ModAddSubLatency = 2 * AddLatency(bits + 1) + 1;
  endfunction

  // zkacc_ec_add: input register, four multiplier layers, six add/sub layers, output select.
  function automatic int EcAddLatency(input int width, input int bits);
    EcAddLatency = 2 + 4 * MontMulLatency(width, bits) + 6 * ModAddSubLatency(bits);
  endfunction

endpackage

`default_nettype wire
