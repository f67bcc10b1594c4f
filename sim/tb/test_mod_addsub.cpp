// SPDX-License-Identifier: Apache-2.0
//
// Testbench of the modular add/sub tops (zkacc_mod_addsub_<field>):
//   out_r = in_a + in_b mod p (in_sub_i = 0) or in_a - in_b mod p (in_sub_i = 1), values < p,
// i.e. zkacc::Fp<...>::Add / Sub on raw limbs (the CPU reference); the same in Montgomery or
// canonical form. The test cases are those of tb_field_bench.h, for each top present in rtl/.
#include <catch2/catch.hpp>

#include "tb_field_bench.h"
#include "zkacc/params.h"

#if ZKACC_HAVE_zkacc_mod_addsub_bn254_fq
#include "Vzkacc_mod_addsub_bn254_fq.h"
#include "Vzkacc_mod_addsub_bn254_fq_zkacc_mod_addsub_bn254_fq.h"
#endif
#if ZKACC_HAVE_zkacc_mod_addsub_bn254_fr
#include "Vzkacc_mod_addsub_bn254_fr.h"
#include "Vzkacc_mod_addsub_bn254_fr_zkacc_mod_addsub_bn254_fr.h"
#endif
#if ZKACC_HAVE_zkacc_mod_addsub_bls12_381_fq
#include "Vzkacc_mod_addsub_bls12_381_fq.h"
#include "Vzkacc_mod_addsub_bls12_381_fq_zkacc_mod_addsub_bls12_381_fq.h"
#endif

namespace zkacc {
namespace {

#if ZKACC_HAVE_zkacc_mod_addsub_bn254_fq
ZKACC_FIELD_UNIT_TESTS(zkacc_mod_addsub_bn254_fq, bn254::Fq, true, "[mod_addsub]")
ZKACC_FIELD_UNIT_VECTOR_TEST(zkacc_mod_addsub_bn254_fq, "fq_ops.txt", "[mod_addsub]")
#endif
#if ZKACC_HAVE_zkacc_mod_addsub_bn254_fr
ZKACC_FIELD_UNIT_TESTS(zkacc_mod_addsub_bn254_fr, bn254::Fr, true, "[mod_addsub]")
ZKACC_FIELD_UNIT_VECTOR_TEST(zkacc_mod_addsub_bn254_fr, "fr_ops.txt", "[mod_addsub]")
#endif
#if ZKACC_HAVE_zkacc_mod_addsub_bls12_381_fq
ZKACC_FIELD_UNIT_TESTS(zkacc_mod_addsub_bls12_381_fq, bls12_381::Fq, true, "[mod_addsub]")
#endif  // (no vector file for BLS12-381 Fq: edge pairs and random operands cover it)

}  // namespace
}  // namespace zkacc
