// SPDX-License-Identifier: Apache-2.0
//
// Multi-scalar multiplication on the CPU: sum_i s_i * P_i.
//
// Pippenger's bucket method with signed c-bit digits (2^(c-1) buckets per window), XYZZ
// buckets (mixed addition madd-2008-s, 8M + 2S), running-sum bucket reduction, windows combined
// by Horner's rule. Skewed inputs are cheap: zero scalars and points at infinity are dropped,
// scalars equal to 1 are summed directly (one addition each), and the remaining scalars are
// partitioned by bit length into groups, each with its own number of windows and window size,
// the partition chosen by a cost model (so 16-bit activations do not pay for 254-bit windows).
// Multi-threaded over (window, point-chunk) tasks.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zkacc/curve.h"

namespace zkacc {

// Scalars are canonical (not Montgomery) little-endian 4x64-bit integers. Any 256-bit value is
// summed exactly as an integer; callers that need s < r check it at their boundary.
using Scalar = Limbs<4>;

struct MsmConfig {
  int threads = 0;          // worker threads; 0 = all hardware threads
  unsigned window_bits = 0; // Pippenger window c for full-width scalars; 0 = chosen by cost model
};

// Counters of one MSM run (what the cost model decided; useful for benchmarks and docs).
struct MsmStats {
  size_t skipped = 0;   // zero scalars or points at infinity
  size_t ones = 0;      // scalars equal to 1, summed directly
  size_t groups = 0;    // Pippenger groups run
  size_t bucket_adds = 0;  // mixed additions into buckets
};

template <class C>
Xyzz<C> Msm(const Affine<C>* points, const Scalar* scalars, size_t n, const MsmConfig& cfg = {},
            MsmStats* stats = nullptr);

// Windows of signed c-bit digits for scalars below 2^scalar_bits: ceil((scalar_bits + 1) / c)
// (the top window never carries). The device's slicer (rtl/msm) uses the same recoding.
unsigned SignedWindowCount(unsigned scalar_bits, unsigned c);

// Finishes a bucket method computed elsewhere (the MSM unit of rtl/msm): buckets[w 2^(c-1) + b]
// holds the sum of the points whose signed digit in window w is +-(b + 1) (sign applied), for
// w < windows. Returns sum_w 2^(c w) sum_b (b + 1) B_{w,b}: running sums per window (2 full
// additions per bucket), then Horner over the windows. Throws std::invalid_argument if c is
// not in [1, 31].
template <class C>
Xyzz<C> ReduceBuckets(const Xyzz<C>* buckets, unsigned windows, unsigned c);

// Reference: sum of double-and-add scalar multiplications. O(n * 256) doublings; for tests.
template <class C>
Jacobian<C> MsmNaive(const Affine<C>* points, const Scalar* scalars, size_t n);

// Converts Jacobian points to affine with one shared inversion (batch inversion).
template <class C>
void BatchToAffine(const Jacobian<C>* in, Affine<C>* out, size_t n);

extern template Xyzz<Bn254G1> Msm(const Affine<Bn254G1>*, const Scalar*, size_t,
                                  const MsmConfig&, MsmStats*);
extern template Xyzz<Bls12381G1> Msm(const Affine<Bls12381G1>*, const Scalar*, size_t,
                                     const MsmConfig&, MsmStats*);
extern template Xyzz<Bn254G1> ReduceBuckets(const Xyzz<Bn254G1>*, unsigned, unsigned);
extern template Xyzz<Bls12381G1> ReduceBuckets(const Xyzz<Bls12381G1>*, unsigned, unsigned);
extern template Jacobian<Bn254G1> MsmNaive(const Affine<Bn254G1>*, const Scalar*, size_t);
extern template Jacobian<Bls12381G1> MsmNaive(const Affine<Bls12381G1>*, const Scalar*, size_t);
extern template void BatchToAffine(const Jacobian<Bn254G1>*, Affine<Bn254G1>*, size_t);
extern template void BatchToAffine(const Jacobian<Bls12381G1>*, Affine<Bls12381G1>*, size_t);

}  // namespace zkacc
