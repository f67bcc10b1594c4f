// SPDX-License-Identifier: Apache-2.0
//
// Curve and field parameters: BN254 (alt_bn128, EIP-196) and BLS12-381. Only numbers live here;
// the algorithms are in field.h, curve.h, msm.h and ntt.h.
#pragma once

#include "zkacc/field.h"

namespace zkacc {

struct Bn254FqParams {
  static constexpr size_t kLimbs = 4;
  // 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47
  static constexpr Limbs<4> kModulus = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL,
                                        0xb85045b68181585dULL, 0x30644e72e131a029ULL};
  static constexpr const char* kName = "bn254 Fq";
};

struct Bn254FrParams {
  static constexpr size_t kLimbs = 4;
  // 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001
  static constexpr Limbs<4> kModulus = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                        0xb85045b68181585dULL, 0x30644e72e131a029ULL};
  static constexpr const char* kName = "bn254 Fr";
  // NTT parameters: r - 1 = 2^28 * odd; 5 generates Fr^*.
  static constexpr unsigned kTwoAdicity = 28;
  static constexpr uint64_t kGenerator = 5;
};

struct Bls12381FqParams {
  static constexpr size_t kLimbs = 6;
  // 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
  static constexpr Limbs<6> kModulus = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL,
                                        0x6730d2a0f6b0f624ULL, 0x64774b84f38512bfULL,
                                        0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
  static constexpr const char* kName = "bls12-381 Fq";
};

struct Bls12381FrParams {
  static constexpr size_t kLimbs = 4;
  // 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001
  static constexpr Limbs<4> kModulus = {0xffffffff00000001ULL, 0x53bda402fffe5bfeULL,
                                        0x3339d80809a1d805ULL, 0x73eda753299d7d48ULL};
  static constexpr const char* kName = "bls12-381 Fr";
  static constexpr unsigned kTwoAdicity = 32;
  static constexpr uint64_t kGenerator = 7;
};

namespace bn254 {
using Fq = Fp<Bn254FqParams>;
using Fr = Fp<Bn254FrParams>;
}  // namespace bn254

namespace bls12_381 {
using Fq = Fp<Bls12381FqParams>;
using Fr = Fp<Bls12381FrParams>;
}  // namespace bls12_381

// G1 of y^2 = x^3 + b over Fq, prime order r (cofactor 1 for BN254; BLS12-381 G1 points used
// here are in the prime-order subgroup: the on-curve check does not test subgroup membership).
struct Bn254G1 {
  using Fq = bn254::Fq;
  using Fr = bn254::Fr;
  static constexpr const char* kName = "bn254";
  static constexpr uint64_t kB = 3;
  static constexpr const char* kGenX = "0x1";
  static constexpr const char* kGenY = "0x2";
};

struct Bls12381G1 {
  using Fq = bls12_381::Fq;
  using Fr = bls12_381::Fr;
  static constexpr const char* kName = "bls12-381";
  static constexpr uint64_t kB = 4;
  static constexpr const char* kGenX =
      "0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb";
  static constexpr const char* kGenY =
      "0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1";
};

}  // namespace zkacc
