// SPDX-License-Identifier: Apache-2.0
//
// Random MSM and NTT inputs for the tool, the benchmarks and the tests: points with known
// discrete logarithms (so an MSM can be checked independently as (sum k_i s_i) * G) and
// scalars drawn from the distributions zkML provers see.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "zkacc/msm.h"

namespace zkacc {

enum class ScalarDist {
  kUniform,  // uniform in [0, r)
  kZkml,     // 45% zero, 25% one, 15% 8-bit, 14% 16-bit, 1% uniform full width
  kSmall16,  // uniform in [0, 2^16)
};

// Uniform canonical value below `m` (rejection sampling on the bit length of m).
template <size_t N>
Limbs<N> RandomBelow(std::mt19937_64& rng, const Limbs<N>& m) {
  const unsigned top_bits = detail::BitLength(m) - 64 * (N - 1);
  for (;;) {
    Limbs<N> v;
    for (auto& limb : v) limb = rng();
    if (top_bits < 64) v[N - 1] &= (uint64_t{1} << top_bits) - 1;
    if (detail::Less(v, m)) return v;
  }
}

// The seed of randomized tests and testbenches: $ZKACC_SEED if set, else a fresh one. Printed
// once on stderr so that a failure can be replayed with ZKACC_SEED=<seed>.
uint64_t ReplayableSeed();
// A generator seeded from ReplayableSeed() and a salt (e.g. the test name), so tests do not
// share streams.
std::mt19937_64 SeededRng(const std::string& salt);

// "uniform" | "zkml" | "small16"; throws std::invalid_argument naming the bad value.
ScalarDist ParseScalarDist(const std::string& name);
const char* ScalarDistName(ScalarDist dist);

template <class C>
struct RandomPoints {
  std::vector<Affine<C>> points;
  std::vector<typename C::Fr> dlogs;  // points[i] = dlogs[i] * G
};

// n distinct random points: P_i = T_a + U_b + V_c with (a, b, c) the base-1024 digits of i and
// T, U, V random multiples of G, so generation costs two additions per point.
template <class C>
RandomPoints<C> MakeRandomPoints(size_t n, uint64_t seed, int threads = 0);

template <class C>
std::vector<Scalar> MakeRandomScalars(size_t n, ScalarDist dist, uint64_t seed);

extern template RandomPoints<Bn254G1> MakeRandomPoints(size_t, uint64_t, int);
extern template RandomPoints<Bls12381G1> MakeRandomPoints(size_t, uint64_t, int);
extern template std::vector<Scalar> MakeRandomScalars<Bn254G1>(size_t, ScalarDist, uint64_t);
extern template std::vector<Scalar> MakeRandomScalars<Bls12381G1>(size_t, ScalarDist, uint64_t);

}  // namespace zkacc
