// SPDX-License-Identifier: Apache-2.0
//
// Testbench of the Montgomery multiplier tops (zkacc_mont_mul_<field>):
//   out_r = in_a * in_b * R^-1 mod p, R = 2^Width, inputs and output < p,
// i.e. exactly zkacc::Fp<...>::MontMul on the raw Montgomery limbs (the CPU reference).
// The test cases are those of tb_field_bench.h, for each top present in rtl/.
#include <catch2/catch.hpp>

#include "tb_field_bench.h"
#include "zkacc/params.h"

#if ZKACC_HAVE_zkacc_mont_mul_bn254_fq
#include "Vzkacc_mont_mul_bn254_fq.h"
#include "Vzkacc_mont_mul_bn254_fq_zkacc_mont_mul_bn254_fq.h"
#endif
#if ZKACC_HAVE_zkacc_mont_mul_bn254_fr
#include "Vzkacc_mont_mul_bn254_fr.h"
#include "Vzkacc_mont_mul_bn254_fr_zkacc_mont_mul_bn254_fr.h"
#endif
#if ZKACC_HAVE_zkacc_mont_mul_bls12_381_fq
#include "Vzkacc_mont_mul_bls12_381_fq.h"
#include "Vzkacc_mont_mul_bls12_381_fq_zkacc_mont_mul_bls12_381_fq.h"
#endif

namespace zkacc {
namespace {

#if ZKACC_HAVE_zkacc_mont_mul_bn254_fq
ZKACC_FIELD_UNIT_TESTS(zkacc_mont_mul_bn254_fq, bn254::Fq, false, "[mont_mul]")
ZKACC_FIELD_UNIT_VECTOR_TEST(zkacc_mont_mul_bn254_fq, "fq_ops.txt", "[mont_mul]")
#endif
#if ZKACC_HAVE_zkacc_mont_mul_bn254_fr
ZKACC_FIELD_UNIT_TESTS(zkacc_mont_mul_bn254_fr, bn254::Fr, false, "[mont_mul]")
ZKACC_FIELD_UNIT_VECTOR_TEST(zkacc_mont_mul_bn254_fr, "fr_ops.txt", "[mont_mul]")
#endif
#if ZKACC_HAVE_zkacc_mont_mul_bls12_381_fq
ZKACC_FIELD_UNIT_TESTS(zkacc_mont_mul_bls12_381_fq, bls12_381::Fq, false, "[mont_mul]")
#endif  // (no vector file for BLS12-381 Fq: edge pairs and random operands cover it)

}  // namespace
}  // namespace zkacc
