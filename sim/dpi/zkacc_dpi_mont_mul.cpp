// SPDX-License-Identifier: Apache-2.0
//
// Behavioural Montgomery multiplier for the models built with ZKACC_SIM_BEHAVIORAL_MUL
// (rtl/common/zkacc_mont_mul.sv): r = a b R^-1 mod p with the CPU field code of host-lib, for
// the moduli the RTL uses. Called once per multiplier per cycle, with whatever is on the
// datapath (garbage while no operation is valid): any input gives some output, never a crash.
#include <svdpi.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "zkacc/field.h"
#include "zkacc/params.h"

namespace {

template <class F>
bool TryField(const svBitVecVal* a, const svBitVecVal* b, const svBitVecVal* m, svBitVecVal* r) {
  constexpr size_t kN = F::kLimbs;
  for (size_t i = 0; i < kN; ++i) {
    const uint64_t limb = static_cast<uint64_t>(m[2 * i]) | (uint64_t{m[2 * i + 1]} << 32);
    if (limb != F::kModulus[i]) return false;
  }
  typename F::Repr x{}, y{};
  for (size_t i = 0; i < kN; ++i) {
    x[i] = static_cast<uint64_t>(a[2 * i]) | (uint64_t{a[2 * i + 1]} << 32);
    y[i] = static_cast<uint64_t>(b[2 * i]) | (uint64_t{b[2 * i + 1]} << 32);
  }
  const F z = F::FromMont(x) * F::FromMont(y);
  for (size_t i = 0; i < 16; ++i) r[i] = 0;
  for (size_t i = 0; i < kN; ++i) {
    r[2 * i] = static_cast<svBitVecVal>(z.v[i]);
    r[2 * i + 1] = static_cast<svBitVecVal>(z.v[i] >> 32);
  }
  return true;
}

}  // namespace

extern "C" void zkacc_dpi_mont_mul(const svBitVecVal* a, const svBitVecVal* b,
                                   const svBitVecVal* modulus, int width, svBitVecVal* r) {
  using namespace zkacc;
  if ((width == 256 &&
       (TryField<bn254::Fq>(a, b, modulus, r) || TryField<bn254::Fr>(a, b, modulus, r))) ||
      (width == 384 && TryField<bls12_381::Fq>(a, b, modulus, r))) {
    return;
  }
  std::fprintf(stderr, "zkacc_dpi_mont_mul: no field of width %d with this modulus\n", width);
  std::abort();
}
