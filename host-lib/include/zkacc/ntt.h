// SPDX-License-Identifier: Apache-2.0
//
// Number-theoretic transforms over a 2-adic prime field (BN254 Fr: 2-adicity 28, generator 5).
//
// Natural order in and out, in place. For n = 2^k and w_n = g^((r-1)/2^28)^(2^(28-k)):
//   forward        X_j = sum_k x_k w^(jk)
//   inverse        x_j = n^-1 sum_k X_k w^(-jk)
//   coset forward  X_j = sum_k x_k (g w^j)^k            (shift g = the field's generator)
//   coset inverse  x_j = g^-j n^-1 sum_k X_k w^(-jk)    (inverse of the coset forward)
// Algorithm: radix-2 decimation in frequency, depth-first recursive so that sub-transforms run
// in cache, per-stage contiguous twiddle tables cached per size, then a bit-reversal
// permutation. Multi-threaded over independent sub-transforms and chunks of butterflies.
#pragma once

#include <cstddef>

#include "zkacc/params.h"

namespace zkacc {

enum class NttDirection { kForward, kInverse };

struct NttConfig {
  int threads = 0;     // 0 = all hardware threads
  bool coset = false;  // evaluate on / interpolate from the coset g*<w>
};

// Throws std::invalid_argument if n is not a power of two or exceeds 2^(two-adicity).
template <class F>
void Ntt(F* data, size_t n, NttDirection dir, const NttConfig& cfg = {});

// The primitive n-th root of unity used above (n a power of two).
template <class F>
F RootOfUnity(size_t n);

extern template void Ntt(bn254::Fr*, size_t, NttDirection, const NttConfig&);
extern template void Ntt(bls12_381::Fr*, size_t, NttDirection, const NttConfig&);
extern template bn254::Fr RootOfUnity(size_t);
extern template bls12_381::Fr RootOfUnity(size_t);

}  // namespace zkacc
