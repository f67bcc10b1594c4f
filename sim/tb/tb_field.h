// SPDX-License-Identifier: Apache-2.0
//
// Operands for the field-unit testbenches: edge values below p (as raw limbs, valid in
// Montgomery and canonical form alike), random values with edge values mixed in, the vector
// files, and the result check with a readable report of the first mismatches.
#pragma once

#include <catch2/catch.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "tb_util.h"
#include "zkacc/field.h"
#include "zkacc/random.h"
#include "zkacc/vectors.h"

namespace zkacc::sim::tb {

template <size_t N>
Limbs<N> ShiftRight1(Limbs<N> v) {
  for (size_t i = 0; i < N; ++i) v[i] = (v[i] >> 1) | (i + 1 < N ? v[i + 1] << 63 : 0);
  return v;
}

template <size_t N>
Limbs<N> SubSmall(Limbs<N> v, uint64_t k) {  // v - k, v >= k
  uint64_t borrow = 0;
  v[0] = limbs::Sbb(v[0], k, borrow);
  for (size_t i = 1; i < N; ++i) v[i] = limbs::Sbb(v[i], 0, borrow);
  return v;
}

// Raw values below p that stress carries and the final reductions: 0, 1, 2, 3, p-1, p-2, p-3,
// (p-1)/2, (p+1)/2, R mod p, R^2 mod p, limb and bit boundaries below p, and all-ones patterns.
template <class F>
std::vector<typename F::Repr> EdgeValues() {
  using R = typename F::Repr;
  constexpr size_t n = F::kLimbs;
  const R p = F::kModulus;
  std::vector<R> v;
  for (uint64_t k : {0, 1, 2, 3}) v.push_back(R{k});
  for (uint64_t k : {1, 2, 3}) v.push_back(SubSmall(p, k));
  const R half = ShiftRight1(SubSmall(p, 1));  // (p-1)/2
  v.push_back(half);
  v.push_back(limbs::AddMod(half, R{1}, p));  // (p+1)/2
  v.push_back(F::kR);
  v.push_back(F::kR2);
  for (size_t limb = 1; limb < n; ++limb) {
    R x{};
    x[limb] = 1;  // 2^(64 limb)
    v.push_back(x);
    R y{};
    for (size_t i = 0; i < limb; ++i) y[i] = ~uint64_t{0};  // 2^(64 limb) - 1
    v.push_back(y);
  }
  R top{};
  top[n - 1] = uint64_t{1} << ((F::kBits - 1) % 64);  // 2^(bits-1) < p
  v.push_back(top);
  v.push_back(SubSmall(top, 1));
  R ones = top;  // 2^(bits-1) + 2^(64(n-1)) - 1: every lower limb all ones
  for (size_t i = 0; i + 1 < n; ++i) ones[i] = ~uint64_t{0};
  v.push_back(ones);
  for (const R& x : v) {
    if (!limbs::Less(x, p)) throw std::logic_error("edge value not below p");
  }
  return v;
}

// Uniform below p, with an edge value instead at probability 1/16.
template <class F>
typename F::Repr RandomOperand(std::mt19937_64& rng, const std::vector<typename F::Repr>& edges) {
  if ((rng() & 15) == 0) return edges[rng() % edges.size()];
  return RandomBelow(rng, F::kModulus);
}

inline std::string VectorPath(const std::string& name) {
  return std::string(ZKACC_VECTORS_DIR) + "/" + name;
}

// The cases of fq_ops.txt or fr_ops.txt.
template <class F>
std::vector<FieldOpsCase<F>> FieldVectors(const std::string& name) {
  const VectorFile file = ParseVectorFile(VectorPath(name));
  return file.Cases<FieldOpsCase<F>>();
}

// Compares every result with its expected value; reports the first mismatches with their
// inputs (describe(i)), cycles, expected and got values.
template <class Out, class Describe, class Show>
void CheckResults(const std::string& unit, const StreamRun<Out>& run,
                  const std::vector<Out>& expected, Describe describe, Show show) {
  REQUIRE(run.outputs.size() == expected.size());
  size_t wrong = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (run.outputs[i] == expected[i]) continue;
    if (wrong++ < 5) {
      UNSCOPED_INFO(unit << ": result " << i << " (input taken at cycle " << run.in_cycles[i]
                         << ", result at cycle " << run.out_cycles[i] << "): " << describe(i)
                         << "\n  expected " << show(expected[i]) << "\n  got      "
                         << show(run.outputs[i]));
    }
  }
  INFO(unit << ": " << wrong << " of " << expected.size() << " results wrong");
  CHECK(wrong == 0);
}

}  // namespace zkacc::sim::tb
