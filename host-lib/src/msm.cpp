// SPDX-License-Identifier: Apache-2.0
//
// CPU multi-scalar multiplication: Pippenger with signed digits over scalar groups chosen by a
// cost model. See msm.h for the overview.
#include "zkacc/msm.h"

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "zkacc/parallel.h"

namespace zkacc {
namespace {

// Digits are stored as 16-bit codes: bits 0..14 hold |d| - 1 (the bucket index), bit 15 the
// sign. Digits lie in [-2^(c-1) + 1, 2^(c-1)], so for c <= 16 the negative code 0xFFFF
// (|d| = 2^(c-1), negative) never occurs and marks a zero digit.
constexpr uint16_t kZeroDigit = 0xffff;
constexpr unsigned kMaxWindowBits = 16;

// Bits [pos, pos + width) of s (width <= 32); zero beyond bit 255.
inline uint32_t ScalarBits(const Scalar& s, unsigned pos, unsigned width) {
  const unsigned limb = pos / 64;
  const unsigned off = pos % 64;
  if (limb >= 4) return 0;
  uint64_t v = s[limb] >> off;
  if (off + width > 64 && limb + 1 < 4) v |= s[limb + 1] << (64 - off);
  return static_cast<uint32_t>(v & ((uint64_t{1} << width) - 1));
}

unsigned WindowCount(unsigned bits, unsigned c) { return (bits + 1 + c - 1) / c; }

// Estimated additions of one Pippenger run: m mixed additions per window plus the running-sum
// reduction (2 full additions per bucket, a full addition costs ~1.3 mixed ones).
double PippengerCost(size_t m, unsigned bits, unsigned c) {
  const double windows = WindowCount(bits, c);
  return windows * (static_cast<double>(m) + 2.6 * static_cast<double>(size_t{1} << (c - 1)));
}

unsigned BestWindow(size_t m, unsigned bits) {
  unsigned best = 1;
  double best_cost = std::numeric_limits<double>::max();
  for (unsigned c = 1; c <= kMaxWindowBits; ++c) {
    const double cost = PippengerCost(m, bits, c);
    if (cost < best_cost) {
      best_cost = cost;
      best = c;
    }
  }
  return best;
}

// One Pippenger run over the points idx[0..m) whose scalars have at most `bits` bits.
template <class C>
class PippengerGroup {
 public:
  PippengerGroup(const Affine<C>* points, const Scalar* scalars, std::vector<uint32_t> idx,
                 unsigned bits, unsigned c)
      : points_(points), scalars_(scalars), idx_(std::move(idx)), bits_(bits), c_(c),
        windows_(WindowCount(bits, c)) {}

  Xyzz<C> Run(int threads, MsmStats* stats) {
    const size_t m = idx_.size();
    const int t = ResolveThreads(threads);
    // Split points into chunks only when there are too few windows to feed every thread.
    size_t chunks = 1;
    if (windows_ < 2u * static_cast<unsigned>(t)) {
      chunks = std::max<size_t>(1, (2u * static_cast<unsigned>(t) + windows_ - 1) / windows_);
      chunks = std::min<size_t>(chunks, std::max<size_t>(1, m / 1024));
    }
    const size_t chunk_len = (m + chunks - 1) / chunks;
    ComputeDigits(threads);

    std::vector<Xyzz<C>> partial(windows_ * chunks, Xyzz<C>::Infinity());
    std::vector<size_t> adds(windows_ * chunks, 0);
    ParallelFor(windows_ * chunks, threads, [&](size_t task) {
      const unsigned w = static_cast<unsigned>(task % windows_);
      const size_t chunk = task / windows_;
      const size_t begin = chunk * chunk_len;
      const size_t end = std::min(m, begin + chunk_len);
      partial[task] = WindowSum(w, begin, end, &adds[task]);
    });
    if (stats) {
      for (size_t a : adds) stats->bucket_adds += a;
    }

    // Horner over windows, most significant first: acc = acc * 2^c + S_w.
    Xyzz<C> acc = Xyzz<C>::Infinity();
    for (unsigned w = windows_; w-- > 0;) {
      for (unsigned k = 0; k < c_ && !acc.IsInfinity(); ++k) acc = acc.Double();
      for (size_t chunk = 0; chunk < chunks; ++chunk) acc.AddInPlace(partial[chunk * windows_ + w]);
    }
    return acc;
  }

 private:
  void ComputeDigits(int threads) {
    const size_t m = idx_.size();
    digits_.assign(static_cast<size_t>(windows_) * m, kZeroDigit);
    const uint32_t half = 1u << (c_ - 1);
    const uint32_t full = 1u << c_;
    const size_t block = 1 << 14;
    ParallelFor((m + block - 1) / block, threads, [&](size_t b) {
      const size_t end = std::min(m, (b + 1) * block);
      for (size_t i = b * block; i < end; ++i) {
        const Scalar& s = scalars_[idx_[i]];
        uint32_t carry = 0;
        for (unsigned w = 0; w < windows_; ++w) {
          uint32_t d = ScalarBits(s, w * c_, c_) + carry;
          uint16_t code = kZeroDigit;
          if (d > half) {  // never in the top window: its value is at most 2^(c-1)
            d = full - d;  // negative digit -(2^c - d), carry into the next window
            carry = 1;
            if (d != 0) code = static_cast<uint16_t>(0x8000u | (d - 1));
          } else {
            carry = 0;
            if (d != 0) code = static_cast<uint16_t>(d - 1);
          }
          digits_[static_cast<size_t>(w) * m + i] = code;
        }
      }
    });
  }

  // sum over buckets b of (b+1) * B_b for window w and points [begin, end).
  Xyzz<C> WindowSum(unsigned w, size_t begin, size_t end, size_t* adds) const {
    const size_t nb = size_t{1} << (c_ - 1);
    std::vector<Xyzz<C>> buckets(nb, Xyzz<C>::Infinity());
    const uint16_t* dig = digits_.data() + static_cast<size_t>(w) * idx_.size();
    size_t count = 0;
    constexpr size_t kAhead = 4;
    for (size_t i = begin; i < end; ++i) {
      if (i + kAhead < end) {
        const uint16_t nd = dig[i + kAhead];
        if (nd != kZeroDigit) __builtin_prefetch(&buckets[nd & 0x7fff], 1);
        __builtin_prefetch(&points_[idx_[i + kAhead]]);
      }
      const uint16_t code = dig[i];
      if (code == kZeroDigit) continue;
      Xyzz<C>& b = buckets[code & 0x7fff];
      const Affine<C>& p = points_[idx_[i]];
      if (code & 0x8000) {
        b.SubMixedInPlace(p);
      } else {
        b.AddMixedInPlace(p);
      }
      ++count;
    }
    *adds = count;
    // Running sum from the top bucket down: running = sum_{j>=b} B_j, total = sum_b running.
    Xyzz<C> running = Xyzz<C>::Infinity();
    Xyzz<C> total = Xyzz<C>::Infinity();
    for (size_t b = nb; b-- > 0;) {
      running.AddInPlace(buckets[b]);
      total.AddInPlace(running);
    }
    return total;
  }

  const Affine<C>* points_;
  const Scalar* scalars_;
  std::vector<uint32_t> idx_;
  unsigned bits_;
  unsigned c_;
  unsigned windows_;
  std::vector<uint16_t> digits_;  // window-major: digits_[w * m + i]
};

// Bit-length classes for grouping; a group is a contiguous run of classes.
constexpr std::array<unsigned, 6> kClassTop = {8, 16, 32, 64, 128, 256};

size_t ClassOf(unsigned bits) {
  for (size_t k = 0; k < kClassTop.size(); ++k) {
    if (bits <= kClassTop[k]) return k;
  }
  return kClassTop.size() - 1;
}

template <class C>
Xyzz<C> SumPoints(const Affine<C>* points, const std::vector<uint32_t>& idx, int threads) {
  const size_t chunks = std::max<size_t>(1, std::min<size_t>(idx.size() / 4096,
                                                             4 * ResolveThreads(threads)));
  std::vector<Xyzz<C>> part(chunks, Xyzz<C>::Infinity());
  const size_t len = (idx.size() + chunks - 1) / chunks;
  ParallelFor(chunks, threads, [&](size_t k) {
    const size_t end = std::min(idx.size(), (k + 1) * len);
    for (size_t i = k * len; i < end; ++i) part[k].AddMixedInPlace(points[idx[i]]);
  });
  Xyzz<C> acc = Xyzz<C>::Infinity();
  for (const auto& p : part) acc.AddInPlace(p);
  return acc;
}

}  // namespace

template <class C>
Xyzz<C> Msm(const Affine<C>* points, const Scalar* scalars, size_t n, const MsmConfig& cfg,
            MsmStats* stats) {
  MsmStats local;
  MsmStats& st = stats ? *stats : local;
  st = MsmStats{};
  if (cfg.window_bits > kMaxWindowBits) {
    throw std::invalid_argument("msm: window_bits " + std::to_string(cfg.window_bits) +
                                " exceeds the maximum of " + std::to_string(kMaxWindowBits));
  }
  if (n > std::numeric_limits<uint32_t>::max()) {
    throw std::invalid_argument("msm: more than 2^32 - 1 points");
  }

  // Classify: drop zeros and infinities, sum the ones, bucket the rest by bit length.
  std::vector<uint32_t> ones;
  std::array<std::vector<uint32_t>, kClassTop.size()> cls;
  std::array<unsigned, kClassTop.size()> cls_bits{};
  for (size_t i = 0; i < n; ++i) {
    const unsigned bits = detail::BitLength(scalars[i]);
    if (bits == 0 || points[i].IsInfinity()) {
      ++st.skipped;
      continue;
    }
    if (bits == 1) {
      ones.push_back(static_cast<uint32_t>(i));
      continue;
    }
    const size_t k = ClassOf(bits);
    cls[k].push_back(static_cast<uint32_t>(i));
    cls_bits[k] = std::max(cls_bits[k], bits);
  }
  st.ones = ones.size();

  // Choose the partition of the classes into contiguous groups with the lowest modelled cost.
  const size_t nc = kClassTop.size();
  uint32_t best_mask = 0;  // bit k set: a group ends after class k
  double best_cost = std::numeric_limits<double>::max();
  for (uint32_t mask = 0; mask < (1u << (nc - 1)); ++mask) {
    const uint32_t cuts = mask | (1u << (nc - 1));
    double cost = 0;
    size_t m = 0;
    unsigned bits = 0;
    for (size_t k = 0; k < nc; ++k) {
      m += cls[k].size();
      bits = std::max(bits, cls_bits[k]);
      if (cuts & (1u << k)) {
        if (m > 0) {
          const unsigned c = cfg.window_bits ? cfg.window_bits : BestWindow(m, bits);
          cost += PippengerCost(m, bits, c);
        }
        m = 0;
        bits = 0;
      }
    }
    if (cost < best_cost) {
      best_cost = cost;
      best_mask = mask;
    }
  }

  Xyzz<C> total = ones.empty() ? Xyzz<C>::Infinity() : SumPoints(points, ones, cfg.threads);
  const uint32_t cuts = best_mask | (1u << (nc - 1));
  std::vector<uint32_t> idx;
  unsigned bits = 0;
  for (size_t k = 0; k < nc; ++k) {
    idx.insert(idx.end(), cls[k].begin(), cls[k].end());
    std::vector<uint32_t>().swap(cls[k]);
    bits = std::max(bits, cls_bits[k]);
    if ((cuts & (1u << k)) && !idx.empty()) {
      std::sort(idx.begin(), idx.end());  // monotone memory access over the points
      const unsigned c = cfg.window_bits ? cfg.window_bits : BestWindow(idx.size(), bits);
      PippengerGroup<C> group(points, scalars, std::move(idx), bits, c);
      total.AddInPlace(group.Run(cfg.threads, &st));
      ++st.groups;
      idx.clear();
      bits = 0;
    }
  }
  return total;
}

unsigned SignedWindowCount(unsigned scalar_bits, unsigned c) {
  return WindowCount(scalar_bits, c);
}

template <class C>
Xyzz<C> ReduceBuckets(const Xyzz<C>* buckets, unsigned windows, unsigned c) {
  if (c < 1 || c > 31) {
    throw std::invalid_argument("ReduceBuckets: window size " + std::to_string(c) +
                                " is not in [1, 31]");
  }
  const size_t nb = size_t{1} << (c - 1);
  Xyzz<C> acc = Xyzz<C>::Infinity();
  for (unsigned w = windows; w-- > 0;) {
    for (unsigned k = 0; k < c && !acc.IsInfinity(); ++k) acc = acc.Double();
    // Running sum from the top bucket down: running = sum_{j>=b} B_j, total = sum_b running.
    Xyzz<C> running = Xyzz<C>::Infinity();
    Xyzz<C> total = Xyzz<C>::Infinity();
    const Xyzz<C>* window = buckets + static_cast<size_t>(w) * nb;
    for (size_t b = nb; b-- > 0;) {
      running.AddInPlace(window[b]);
      total.AddInPlace(running);
    }
    acc.AddInPlace(total);
  }
  return acc;
}

template <class C>
Jacobian<C> MsmNaive(const Affine<C>* points, const Scalar* scalars, size_t n) {
  Jacobian<C> acc = Jacobian<C>::Infinity();
  for (size_t i = 0; i < n; ++i) acc = acc.Add(Jacobian<C>::FromAffine(points[i]).Mul(scalars[i]));
  return acc;
}

template <class C>
void BatchToAffine(const Jacobian<C>* in, Affine<C>* out, size_t n) {
  using Fq = typename C::Fq;
  std::vector<Fq> z(n), scratch(n);
  for (size_t i = 0; i < n; ++i) z[i] = in[i].z;
  BatchInverse(z.data(), n, scratch.data());
  for (size_t i = 0; i < n; ++i) {
    if (in[i].IsInfinity()) {
      out[i] = Affine<C>::Infinity();
      continue;
    }
    const Fq zi2 = z[i].Square();
    out[i] = Affine<C>{in[i].x * zi2, in[i].y * zi2 * z[i]};
  }
}

template Xyzz<Bn254G1> Msm(const Affine<Bn254G1>*, const Scalar*, size_t, const MsmConfig&,
                           MsmStats*);
template Xyzz<Bls12381G1> Msm(const Affine<Bls12381G1>*, const Scalar*, size_t,
                              const MsmConfig&, MsmStats*);
template Xyzz<Bn254G1> ReduceBuckets(const Xyzz<Bn254G1>*, unsigned, unsigned);
template Xyzz<Bls12381G1> ReduceBuckets(const Xyzz<Bls12381G1>*, unsigned, unsigned);
template Jacobian<Bn254G1> MsmNaive(const Affine<Bn254G1>*, const Scalar*, size_t);
template Jacobian<Bls12381G1> MsmNaive(const Affine<Bls12381G1>*, const Scalar*, size_t);
template void BatchToAffine(const Jacobian<Bn254G1>*, Affine<Bn254G1>*, size_t);
template void BatchToAffine(const Jacobian<Bls12381G1>*, Affine<Bls12381G1>*, size_t);

}  // namespace zkacc
