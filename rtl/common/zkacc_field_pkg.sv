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
`ifndef ZKACC_FIELD_PKG_SV
`define ZKACC_FIELD_PKG_SV
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

  // One level of zkacc_csa_tree on n > 2 operands: 6:3 counters on groups of six (five left
  // over: one more counter with a zero input), one 3:2 compressor on three or four left over,
  // the rest (one or two) passed on.
  function automatic int CsaCounters(input int n);
    CsaCounters = n / 6 + ((n % 6 == 5) ? 1 : 0);
  endfunction
  function automatic int CsaFullAdders(input int n);
    CsaFullAdders = (n % 6 == 3 || n % 6 == 4) ? 1 : 0;
  endfunction
  function automatic int CsaPassed(input int n);
    int pass;
    pass = n - 6 * CsaCounters(n) - 3 * CsaFullAdders(n);  // < 0: the counter with a zero input
    CsaPassed = pass > 0 ? pass : 0;
  endfunction
  function automatic int CsaLevelOut(input int n);
    CsaLevelOut = 3 * CsaCounters(n) + 2 * CsaFullAdders(n) + CsaPassed(n);
  endfunction

  // Register stages of zkacc_csa_tree reducing n operands to two, registering every
  // `stride`-th level and the last one.
  function automatic int CsaLatency(input int n, input int stride);
    int k;
    int phase;
    int stages;
    k = n;
    phase = 0;
    stages = 0;
    while (k > 2) begin
      k = CsaLevelOut(k);
      if (phase == stride - 1 || k <= 2) begin
        stages = stages + 1;
        phase = 0;
      end else begin
        phase = phase + 1;
      end
    end
    CsaLatency = stages;
  endfunction

  // Widest constant handled by the constant-function helpers below.
  localparam int MaxW = 512;

  // Canonical signed digits of the low w bits of c: {negative digits, positive digits}, each a
  // MaxW-bit mask. Digits at w and above are dropped (the product is taken mod 2^w).
  function automatic logic [2*MaxW-1:0] Csd(input int w, input logic [MaxW-1:0] c);
    logic [MaxW:0] x;
    logic [MaxW-1:0] pos;
    logic [MaxW-1:0] neg;
    x = {1'b0, c};
    pos = '0;
    neg = '0;
    for (int i = 0; i < MaxW; i++) begin
      if (x[0]) begin
        if (x[1]) begin  // x = 3 mod 4: digit -1, x := x + 1
          if (i < w) neg[i] = 1'b1;
          x = x + 1'b1;
        end else begin   // x = 1 mod 4: digit +1, x := x - 1
          if (i < w) pos[i] = 1'b1;
          x = x - 1'b1;
        end
      end
      x = x >> 1;
    end
    Csd = {neg, pos};
  endfunction

  // Set bits of m below bit n.
  function automatic int PopCount(input int n, input logic [MaxW-1:0] m);
    int count;
    count = 0;
    for (int i = 0; i < MaxW; i++) begin
      if (i < n && m[i]) count = count + 1;
    end
    PopCount = count;
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
    MulLatency = 1 + CsaLatency(3 * CeilDiv(bw, TileB), 1) + AddLatency(ow);
  endfunction

  // zkacc_mul_karatsuba: split point, the slowest half product, and the whole.
  function automatic int KaratsubaSplit(input int aw, input int bw);
    KaratsubaSplit = ((aw > bw ? aw : bw) + 1) / 2;
  endfunction
  function automatic int KaratsubaSubLatency(input int aw, input int bw);
    int h;
    int lat;
    h = KaratsubaSplit(aw, bw);
    lat = MulLatency(h, 2 * h);
    if (MulLatency(bw - h, aw + bw - 2 * h) > lat) lat = MulLatency(bw - h, aw + bw - 2 * h);
    if (MulLatency(h + 1, 2 * h + 2) > lat) lat = MulLatency(h + 1, 2 * h + 2);
    KaratsubaSubLatency = lat;
  endfunction
  function automatic int KaratsubaLatency(input int aw, input int bw);
    KaratsubaLatency = AddLatency(KaratsubaSplit(aw, bw) + 1) + KaratsubaSubLatency(aw, bw) +
                       CsaLatency(6, 1) + AddLatency(aw + bw);
  endfunction

  // zkacc_mul_const_lo: input register, carry-save tree (every 2 levels), final adder.
  function automatic int ConstLoLatency(input int w, input logic [MaxW-1:0] c);
    logic [2*MaxW-1:0] digits;
    digits = Csd(w, c);
    ConstLoLatency = 1 + CsaLatency(PopCount(w, digits[MaxW-1:0] | digits[2*MaxW-1:MaxW]) + 1, 2) +
                     AddLatency(w);
  endfunction

  // zkacc_mont_mul: input register, a*b, (T mod R)*p', p*m, the final sum and the conditional
  // subtraction.
  function automatic int MontMulLatency(input int width, input int bits,
                                        input logic [MaxW-1:0] mont_inv);
    MontMulLatency = 1 + KaratsubaLatency(bits, bits) + ConstLoLatency(width, mont_inv) +
                     KaratsubaLatency(bits, width) + AddLatency(bits + 1) + AddLatency(bits + 1) +
                     1;
  endfunction

  // zkacc_mod_addsub: a +/- b, then +/- p, then the selection.
  function automatic int ModAddSubLatency(input int bits);
    ModAddSubLatency = 2 * AddLatency(bits + 1) + 1;
  endfunction

  // zkacc_ec_add: input register, four multiplier layers, six add/sub layers, output select.
  function automatic int EcAddLatency(input int width, input int bits,
                                      input logic [MaxW-1:0] mont_inv);
    EcAddLatency = 2 + 4 * MontMulLatency(width, bits, mont_inv) + 6 * ModAddSubLatency(bits);
  endfunction

endpackage

`default_nettype wire
`endif
