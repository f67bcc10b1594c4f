// SPDX-License-Identifier: Apache-2.0
//
// CPU MSM against the naive double-and-add sum (an independent computation) on skewed and
// adversarial inputs, every window size and several thread counts; linearity properties.
#include <catch2/catch.hpp>

#include <vector>

#include "test_util.h"
#include "zkacc/msm.h"

using namespace zkacc;

namespace {

enum class Dist { kUniform, kZkml, kSmall16, kOnes, kZeros, kMaxBits };

template <class C>
struct Input {
  std::vector<Affine<C>> points;
  std::vector<Scalar> scalars;
};

template <class C>
Input<C> MakeInput(std::mt19937_64& rng, size_t n, Dist dist) {
  using J = Jacobian<C>;
  Input<C> in;
  const J g = J::FromAffine(Affine<C>::Generator());
  std::vector<J> jac;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t pick = rng() % 16;
    if (pick == 0 && i > 0) {
      jac.push_back(jac.back());  // repeated point
    } else if (pick == 1 && i > 0) {
      jac.push_back(jac.back().Neg());  // cancelling point
    } else if (pick == 2) {
      jac.push_back(J::Infinity());
    } else {
      jac.push_back(g.Mul(test::RandomBelow(rng, C::Fr::kModulus)));
    }
  }
  in.points.resize(n);
  BatchToAffine(jac.data(), in.points.data(), n);
  for (size_t i = 0; i < n; ++i) {
    Scalar s{};
    const uint64_t u = rng() % 100;
    switch (dist) {
      case Dist::kUniform: s = test::RandomBelow(rng, C::Fr::kModulus); break;
      case Dist::kZkml:
        if (u < 45) s = Scalar{};
        else if (u < 70) s = Scalar{1, 0, 0, 0};
        else if (u < 85) s = Scalar{rng() & 0xff, 0, 0, 0};
        else if (u < 99) s = Scalar{rng() & 0xffff, 0, 0, 0};
        else s = test::RandomBelow(rng, C::Fr::kModulus);
        break;
      case Dist::kSmall16: s = Scalar{rng() & 0xffff, 0, 0, 0}; break;
      case Dist::kOnes: s = Scalar{1, 0, 0, 0}; break;
      case Dist::kZeros: s = Scalar{}; break;
      case Dist::kMaxBits:  // r - 1 and values near 2^256 (accepted as plain integers)
        s = C::Fr::kModulus;
        s[0] -= 1;
        if (u < 30) s = Scalar{~0ull, ~0ull, ~0ull, ~0ull};
        break;
    }
    in.scalars.push_back(s);
  }
  return in;
}

template <class C>
void CheckDistributions() {
  auto rng = test::Rng(std::string("msm ") + C::kName);
  for (Dist dist : {Dist::kUniform, Dist::kZkml, Dist::kSmall16, Dist::kOnes, Dist::kZeros,
                    Dist::kMaxBits}) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{7}, size_t{100}, size_t{300}}) {
      const Input<C> in = MakeInput<C>(rng, n, dist);
      const Affine<C> expect = MsmNaive(in.points.data(), in.scalars.data(), n).ToAffine();
      for (int threads : {1, 3}) {
        MsmConfig cfg;
        cfg.threads = threads;
        MsmStats stats;
        const Affine<C> got = Msm(in.points.data(), in.scalars.data(), n, cfg, &stats).ToAffine();
        INFO(C::kName << " dist " << static_cast<int>(dist) << " n " << n << " threads "
                      << threads);
        REQUIRE(got == expect);
        REQUIRE(stats.skipped + stats.ones <= n);
      }
    }
  }
}

}  // namespace

TEST_CASE("msm: BN254 matches the naive sum on skewed and adversarial inputs", "[msm]") {
  CheckDistributions<Bn254G1>();
}

TEST_CASE("msm: BLS12-381 matches the naive sum on skewed and adversarial inputs", "[msm]") {
  CheckDistributions<Bls12381G1>();
}

TEST_CASE("msm: every window size gives the same result", "[msm]") {
  auto rng = test::Rng("msm windows");
  const auto in = MakeInput<Bn254G1>(rng, 200, Dist::kUniform);
  const auto expect = MsmNaive(in.points.data(), in.scalars.data(), 200).ToAffine();
  for (unsigned c = 1; c <= 16; ++c) {
    MsmConfig cfg;
    cfg.window_bits = c;
    cfg.threads = 2;
    INFO("window " << c);
    REQUIRE(Msm(in.points.data(), in.scalars.data(), 200, cfg).ToAffine() == expect);
  }
  MsmConfig bad;
  bad.window_bits = 17;
  REQUIRE_THROWS_WITH(Msm(in.points.data(), in.scalars.data(), 200, bad),
                      Catch::Contains("window_bits 17"));
}

TEST_CASE("msm: linearity in the scalars", "[msm]") {
  using Fr = bn254::Fr;
  auto rng = test::Rng("msm linearity");
  const size_t n = 3000;
  const auto in = MakeInput<Bn254G1>(rng, n, Dist::kUniform);
  const auto in2 = MakeInput<Bn254G1>(rng, n, Dist::kZkml);
  // MSM(s + t) = MSM(s) + MSM(t), MSM(a s) = a MSM(s).
  std::vector<Scalar> sum(n), scaled(n);
  const Fr a = test::RandomField<Fr>(rng);
  for (size_t i = 0; i < n; ++i) {
    sum[i] = (Fr::FromCanonical(in.scalars[i]) + Fr::FromCanonical(in2.scalars[i])).ToCanonical();
    scaled[i] = (Fr::FromCanonical(in.scalars[i]) * a).ToCanonical();
  }
  const auto ms = Msm(in.points.data(), in.scalars.data(), n);
  const auto mt = Msm(in.points.data(), in2.scalars.data(), n);
  REQUIRE(Msm(in.points.data(), sum.data(), n).ToAffine() == ms.Add(mt).ToAffine());
  REQUIRE(Msm(in.points.data(), scaled.data(), n).ToJacobian().Equals(
      ms.ToJacobian().Mul(a.ToCanonical())));
}

TEST_CASE("msm: zkML-like scalars use the cheap paths", "[msm]") {
  auto rng = test::Rng("msm stats");
  const size_t n = 4096;
  const auto in = MakeInput<Bn254G1>(rng, n, Dist::kZkml);
  MsmStats stats;
  Msm(in.points.data(), in.scalars.data(), n, MsmConfig{}, &stats);
  size_t zeros = 0, ones = 0;
  for (size_t i = 0; i < n; ++i) {
    const bool zero = detail::IsZero(in.scalars[i]) || in.points[i].IsInfinity();
    zeros += zero;
    ones += !zero && in.scalars[i] == Scalar{1, 0, 0, 0};
  }
  REQUIRE(stats.skipped == zeros);
  REQUIRE(stats.ones == ones);
  REQUIRE(stats.groups >= 2);  // small scalars are not run through 254-bit windows
}

// ReduceBuckets (the host's half of the device MSM) against the definition: buckets B_{w,b} =
// k_{w,b} G with known k, so sum_w 2^(c w) sum_b (b + 1) B_{w,b} = (sum 2^(c w) (b + 1) k_{w,b}) G,
// one Fr sum and one scalar multiplication.
TEST_CASE("msm: ReduceBuckets combines bucket sums by their weights", "[msm]") {
  using C = Bn254G1;
  using Fr = C::Fr;
  std::mt19937_64 rng = test::Rng("ReduceBuckets");
  const Jacobian<C> g = Jacobian<C>::FromAffine(Affine<C>::Generator());
  for (const unsigned c : {1u, 4u, 7u}) {
    const unsigned windows = SignedWindowCount(254, c);
    const size_t nb = size_t{1} << (c - 1);
    std::vector<Xyzz<C>> buckets(windows * nb);
    Fr expected = Fr::Zero();
    Fr weight = Fr::One();  // 2^(c w)
    for (unsigned w = 0; w < windows; ++w) {
      for (size_t b = 0; b < nb; ++b) {
        const bool empty = rng() % 5 == 0;
        const Fr k = empty ? Fr::Zero() : Fr::FromCanonicalUnchecked(
                                              test::RandomBelow(rng, Fr::kModulus));
        buckets[w * nb + b] = Xyzz<C>::FromAffine(g.Mul(k.ToCanonical()).ToAffine());
        expected += weight * Fr::FromU64(b + 1) * k;
      }
      for (unsigned i = 0; i < c; ++i) weight += weight;
    }
    INFO("c = " << c << ", " << windows << " windows");
    CHECK(ReduceBuckets<C>(buckets.data(), windows, c).ToAffine() ==
          g.Mul(expected.ToCanonical()).ToAffine());
  }
  CHECK(SignedWindowCount(254, 13) == 20);  // ceil(255 / 13)
  CHECK(SignedWindowCount(255, 4) == 64);
  std::vector<Xyzz<C>> one(1, Xyzz<C>::Infinity());
  CHECK_THROWS_WITH(ReduceBuckets<C>(one.data(), 1, 0), Catch::Contains("window size 0"));
}
