// SPDX-License-Identifier: Apache-2.0
//
// CPU NTT: radix-2 decimation in frequency (natural in, bit-reversed out), depth first, followed
// by a cache-blocked bit-reversal permutation. The inverse transform is the forward transform
// followed by index reversal j -> -j mod n and scaling by n^-1, so one twiddle table serves
// both directions.
#include "zkacc/ntt.h"

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "zkacc/parallel.h"

namespace zkacc {
namespace {

template <class F>
constexpr unsigned TwoAdicity() {
  return F::Parameters::kTwoAdicity;
}

// Twiddles for every stage of a size-n DIF transform, stage of block size m at [m/2, m):
// tw[m/2 + j] = w_m^j, j < m/2. n entries in all (entry 0 unused).
template <class F>
class TwiddleTable {
 public:
  explicit TwiddleTable(unsigned log_n) : tw_(size_t{1} << log_n) {
    const size_t n = tw_.size();
    if (n < 2) return;
    const F w = RootOfUnity<F>(n);
    const size_t half = n / 2;
    F acc = F::One();
    for (size_t j = 0; j < half; ++j) {
      tw_[half + j] = acc;
      acc *= w;
    }
    for (size_t m = half; m >= 2; m /= 2) {
      for (size_t j = 0; j < m / 2; ++j) tw_[m / 2 + j] = tw_[m + 2 * j];
    }
  }
  const F* data() const { return tw_.data(); }

 private:
  std::vector<F> tw_;
};

template <class F>
std::shared_ptr<const TwiddleTable<F>> GetTwiddles(unsigned log_n) {
  static std::mutex mu;
  static std::map<unsigned, std::shared_ptr<const TwiddleTable<F>>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = cache[log_n];
  if (!slot) slot = std::make_shared<const TwiddleTable<F>>(log_n);
  return slot;
}

// One DIF stage on a block of size m: (a, b) -> (a + b, (a - b) w_m^j) for j in [lo, hi).
template <class F>
inline void DifStage(F* a, size_t m, const F* tw, size_t lo, size_t hi) {
  const size_t half = m / 2;
  const F* t = tw + half;
  for (size_t j = lo; j < hi; ++j) {
    const F u = a[j];
    const F v = a[j + half];
    a[j] = u + v;
    a[j + half] = (u - v) * t[j];
  }
}

// In-cache transform of a block: all stages breadth first.
template <class F>
void DifSmall(F* a, size_t m, const F* tw) {
  for (size_t len = m; len >= 2; len /= 2) {
    for (size_t blk = 0; blk < m; blk += len) DifStage(a + blk, len, tw, 0, len / 2);
  }
}

constexpr size_t kCacheBlock = size_t{1} << 12;  // elements per in-cache sub-transform

template <class F>
void DifRec(F* a, size_t m, const F* tw, int threads) {
  if (m <= kCacheBlock) {
    DifSmall(a, m, tw);
    return;
  }
  const size_t half = m / 2;
  if (threads > 1) {
    const size_t chunks = static_cast<size_t>(threads) * 4;
    const size_t len = half / chunks;
    ParallelFor(chunks, threads, [&](size_t k) {
      DifStage(a, m, tw, k * len, k + 1 == chunks ? half : (k + 1) * len);
    });
    const int t1 = threads / 2;
    const int t2 = threads - t1;
    ParallelFor(2, 2, [&](size_t k) {
      if (k == 0) DifRec(a, half, tw, t1);
      else DifRec(a + half, half, tw, t2);
    });
    return;
  }
  DifStage(a, m, tw, 0, half);
  DifRec(a, half, tw, 1);
  DifRec(a + half, half, tw, 1);
}

inline size_t ReverseBits(size_t x, unsigned bits) {
  size_t r = 0;
  for (unsigned i = 0; i < bits; ++i) {
    r = (r << 1) | (x & 1);
    x >>= 1;
  }
  return r;
}

// Bit-reversal permutation. For large n the index is split into (hi t bits, mid, lo t bits);
// rev(hi, mid, lo) = (rev lo, rev mid, rev hi), so each pair of middle values swaps two
// 2^t x 2^t tiles whose rows are contiguous runs of 2^t elements (cache friendly).
template <class F>
void BitReverse(F* a, unsigned log_n, int threads) {
  const size_t n = size_t{1} << log_n;
  constexpr unsigned kT = 4;
  if (log_n < 2 * kT + 2) {
    for (size_t i = 0; i < n; ++i) {
      const size_t j = ReverseBits(i, log_n);
      if (i < j) std::swap(a[i], a[j]);
    }
    return;
  }
  const unsigned mid_bits = log_n - 2 * kT;
  const size_t tile = size_t{1} << kT;
  size_t rev_t[tile];
  for (size_t i = 0; i < tile; ++i) rev_t[i] = ReverseBits(i, kT);
  const size_t mids = size_t{1} << mid_bits;
  const size_t block = std::max<size_t>(1, mids / 64);
  ParallelFor((mids + block - 1) / block, threads, [&](size_t blk) {
    const size_t end = std::min(mids, (blk + 1) * block);
    for (size_t b = blk * block; b < end; ++b) {
      const size_t rb = ReverseBits(b, mid_bits);
      if (rb < b) continue;
      for (size_t hi = 0; hi < tile; ++hi) {
        for (size_t lo = 0; lo < tile; ++lo) {
          const size_t i = (hi << (log_n - kT)) | (b << kT) | lo;
          const size_t j = (rev_t[lo] << (log_n - kT)) | (rb << kT) | rev_t[hi];
          if (b != rb || i < j) std::swap(a[i], a[j]);
        }
      }
    }
  });
}

unsigned Log2Exact(size_t n, unsigned max_log) {
  if (n == 0 || (n & (n - 1)) != 0) {
    throw std::invalid_argument("ntt: size " + std::to_string(n) + " is not a power of two");
  }
  const unsigned log_n = static_cast<unsigned>(__builtin_ctzll(n));
  if (log_n > max_log) {
    throw std::invalid_argument("ntt: size 2^" + std::to_string(log_n) +
                                " exceeds the field's 2-adicity 2^" + std::to_string(max_log));
  }
  return log_n;
}

// a[j] *= c * s^j, for j in [0, n).
template <class F>
void ScalePowers(F* a, size_t n, const F& c, const F& s, int threads) {
  const size_t chunks = std::max<size_t>(1, std::min<size_t>(n / 4096, 64));
  const size_t len = (n + chunks - 1) / chunks;
  ParallelFor(chunks, threads, [&](size_t k) {
    const size_t lo = k * len;
    const size_t hi = std::min(n, lo + len);
    F p = c * s.Pow(static_cast<uint64_t>(lo));
    for (size_t j = lo; j < hi; ++j) {
      a[j] *= p;
      p *= s;
    }
  });
}

}  // namespace

template <class F>
F RootOfUnity(size_t n) {
  const unsigned log_n = Log2Exact(n, TwoAdicity<F>());
  // root = g^((r - 1) / 2^s), then square it s - log_n times.
  typename F::Repr e = F::kModulus;
  e[0] -= 1;
  constexpr unsigned s = TwoAdicity<F>();
  for (size_t i = 0; i < e.size(); ++i) {
    e[i] = (e[i] >> s) | (i + 1 < e.size() ? e[i + 1] << (64 - s) : 0);
  }
  F w = F::FromU64(F::Parameters::kGenerator).Pow(e);
  for (unsigned i = log_n; i < s; ++i) w = w.Square();
  return w;
}

template <class F>
void Ntt(F* data, size_t n, NttDirection dir, const NttConfig& cfg) {
  const unsigned log_n = Log2Exact(n, TwoAdicity<F>());
  const int threads = n >= (size_t{1} << 14) ? ResolveThreads(cfg.threads) : 1;
  const F g = F::FromU64(F::Parameters::kGenerator);
  if (dir == NttDirection::kForward && cfg.coset) ScalePowers(data, n, F::One(), g, threads);
  if (n >= 2) {
    const auto tw = GetTwiddles<F>(log_n);
    DifRec(data, n, tw->data(), threads);
    BitReverse(data, log_n, threads);
  }
  if (dir == NttDirection::kInverse) {
    // x_j = n^-1 X'_{-j}: reverse indices 1..n-1, then scale (by g^-j too for the coset).
    for (size_t i = 1, j = n - 1; i < j; ++i, --j) std::swap(data[i], data[j]);
    const F n_inv = F::FromU64(n).Inverse();
    ScalePowers(data, n, n_inv, cfg.coset ? g.Inverse() : F::One(), threads);
  }
}

template void Ntt(bn254::Fr*, size_t, NttDirection, const NttConfig&);
template void Ntt(bls12_381::Fr*, size_t, NttDirection, const NttConfig&);
template bn254::Fr RootOfUnity(size_t);
template bls12_381::Fr RootOfUnity(size_t);

}  // namespace zkacc
