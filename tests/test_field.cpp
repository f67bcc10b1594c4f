// SPDX-License-Identifier: Apache-2.0
//
// Field arithmetic against an independent schoolbook implementation (multiply, then reduce by
// shift-and-subtract long division), for all four fields; plus conversions and edge cases.
#include <catch2/catch.hpp>

#include <vector>

#include "test_util.h"
#include "zkacc/params.h"

using namespace zkacc;

namespace {

// Independent reference: (a * b) mod m with a 2N-limb product reduced bit by bit.
template <size_t N>
Limbs<N> RefMulMod(const Limbs<N>& a, const Limbs<N>& b, const Limbs<N>& m) {
  std::vector<uint64_t> prod(2 * N, 0);
  for (size_t i = 0; i < N; ++i) {
    unsigned __int128 carry = 0;
    for (size_t j = 0; j < N; ++j) {
      carry += static_cast<unsigned __int128>(a[i]) * b[j] + prod[i + j];
      prod[i + j] = static_cast<uint64_t>(carry);
      carry >>= 64;
    }
    prod[i + N] = static_cast<uint64_t>(carry);
  }
  // Horner over bits, MSB first: r = 2r + bit, r < m throughout.
  Limbs<N> r{};
  for (size_t bit = 128 * N; bit-- > 0;) {
    r = detail::AddMod(r, r, m);
    if ((prod[bit / 64] >> (bit % 64)) & 1) {
      Limbs<N> one{};
      one[0] = 1;
      r = detail::AddMod(r, one, m);
    }
  }
  return r;
}

template <size_t N>
Limbs<N> RefAddMod(const Limbs<N>& a, const Limbs<N>& b, const Limbs<N>& m) {
  return detail::AddMod(a, b, m);
}

template <class F>
std::vector<typename F::Repr> EdgeValues() {
  using R = typename F::Repr;
  const R m = F::kModulus;
  std::vector<R> v;
  auto minus = [&](uint64_t k) {
    R r = m;
    uint64_t br = 0;
    r[0] = detail::Sbb(r[0], k, br);
    for (size_t i = 1; i < F::kLimbs; ++i) r[i] = detail::Sbb(r[i], 0, br);
    return r;
  };
  for (uint64_t k : {0ull, 1ull, 2ull, 3ull, 0xffffffffffffffffull}) {
    R r{};
    r[0] = k;
    v.push_back(r);
  }
  for (uint64_t k : {1ull, 2ull, 3ull}) v.push_back(minus(k));
  v.push_back(F::kR);
  v.push_back(F::kR2);
  R half = m;  // (m - 1) / 2
  for (size_t i = 0; i < F::kLimbs; ++i) {
    half[i] = (half[i] >> 1) | (i + 1 < F::kLimbs ? half[i + 1] << 63 : 0);
  }
  v.push_back(half);
  return v;
}

template <class F>
void CheckAgainstReference() {
  auto rng = test::Rng(std::string("field ") + F::Parameters::kName);
  std::vector<typename F::Repr> values = EdgeValues<F>();
  for (int i = 0; i < 300; ++i) values.push_back(test::RandomBelow(rng, F::kModulus));
  const typename F::Repr m = F::kModulus;
  for (const auto& a : values) {
    const F fa = F::FromCanonical(a);
    REQUIRE(fa.ToCanonical() == a);
    for (size_t k = 0; k < 8; ++k) {
      const auto& b = values[(k * 37 + a[0]) % values.size()];
      const F fb = F::FromCanonical(b);
      INFO(F::Parameters::kName << " a=" << detail::ToHex(a) << " b=" << detail::ToHex(b));
      REQUIRE((fa * fb).ToCanonical() == RefMulMod(a, b, m));
      REQUIRE((fa + fb).ToCanonical() == RefAddMod(a, b, m));
      REQUIRE(((fa - fb) + fb) == fa);
      REQUIRE((fa.Square()).ToCanonical() == RefMulMod(a, a, m));
    }
    if (!fa.IsZero()) {
      REQUIRE(fa * fa.Inverse() == F::One());
    } else {
      REQUIRE(fa.Inverse().IsZero());
    }
    REQUIRE((-fa + fa).IsZero());
  }
}

}  // namespace

TEST_CASE("field: multiplication and addition match an independent reference", "[field]") {
  CheckAgainstReference<bn254::Fq>();
  CheckAgainstReference<bn254::Fr>();
  CheckAgainstReference<bls12_381::Fq>();
  CheckAgainstReference<bls12_381::Fr>();
}

TEST_CASE("field: portable and intrinsic multiplications agree", "[field]") {
  auto rng = test::Rng("portable");
  for (int i = 0; i < 1000; ++i) {
    const auto a = test::RandomField<bls12_381::Fq>(rng);
    const auto b = test::RandomField<bls12_381::Fq>(rng);
    bls12_381::Fq r;
    bls12_381::Fq::MontMulPortable(r.v.data(), a.v.data(), b.v.data());
    REQUIRE(r == a * b);
  }
}

TEST_CASE("field: Montgomery constants", "[field]") {
  using F = bn254::Fr;
  // R mod r and R^2 mod r as published by arkworks / gnark-crypto for BN254 Fr.
  REQUIRE(detail::ToHex(F::kR) ==
          "0x0e0a77c19a07df2f666ea36f7879462e36fc76959f60cd29ac96341c4ffffffb");
  REQUIRE(detail::ToHex(F::kR2) ==
          "0x0216d0b17f4e44a58c49833d53bb808553fe3ab1e35c59e31bb8e645ae216da7");
  REQUIRE(F::kInv * F::kModulus[0] == ~uint64_t{0});  // -p^-1 * p = -1 mod 2^64
  REQUIRE(F::One().ToCanonical() == Limbs<4>{1, 0, 0, 0});
}

TEST_CASE("field: pow, inverse and batch inversion", "[field]") {
  using F = bn254::Fq;
  auto rng = test::Rng("pow");
  const F a = test::RandomField<F>(rng);
  REQUIRE(a.Pow(uint64_t{0}) == F::One());
  REQUIRE(a.Pow(uint64_t{1}) == a);
  REQUIRE(a.Pow(uint64_t{5}) == a * a * a * a * a);
  // Fermat: a^(p-1) = 1.
  auto pm1 = F::kModulus;
  pm1[0] -= 1;
  REQUIRE(a.Pow(pm1) == F::One());

  std::vector<F> xs(200), scratch(200);
  for (auto& x : xs) x = test::RandomField<F>(rng);
  xs[0] = F::Zero();
  xs[57] = F::Zero();
  xs[199] = F::One();
  std::vector<F> ref = xs;
  for (auto& x : ref) x = x.Inverse();
  BatchInverse(xs.data(), xs.size(), scratch.data());
  REQUIRE(xs == ref);
  BatchInverse(xs.data(), 0, scratch.data());  // empty: no-op
}

TEST_CASE("field: hex and byte conversions", "[field]") {
  using F = bn254::Fr;
  const F five = F::FromU64(5);
  REQUIRE(five.ToHex() == "0x0000000000000000000000000000000000000000000000000000000000000005");
  REQUIRE(F::FromHex("0x5") == five);
  REQUIRE(F::FromHex("5") == five);
  auto rng = test::Rng("bytes");
  for (int i = 0; i < 50; ++i) {
    const F a = test::RandomField<F>(rng);
    REQUIRE(F::FromHex(a.ToHex()) == a);
    uint8_t le[32], be[32];
    a.ToBytes(le, true);
    a.ToBytes(be, false);
    for (int k = 0; k < 32; ++k) REQUIRE(le[k] == be[31 - k]);
    REQUIRE(F::FromBytes(le, true) == a);
    REQUIRE(F::FromBytes(be, false) == a);
  }
  // Little-endian byte 0 is the least significant.
  uint8_t one_le[32] = {1};
  REQUIRE(F::FromBytes(one_le, true) == F::One());
}

TEST_CASE("field: bad input is rejected with a message", "[field][errors]") {
  using F = bn254::Fr;
  REQUIRE_THROWS_WITH(F::FromHex("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001"),
                      Catch::Contains("not below the bn254 Fr modulus"));
  REQUIRE_THROWS_WITH(F::FromHex("0x12g4"), Catch::Contains("bad hex digit 'g'"));
  REQUIRE_THROWS_WITH(F::FromHex("0x"), Catch::Contains("empty"));
  REQUIRE_THROWS_WITH(F::FromHex("0x1" + std::string(64, '0')), Catch::Contains("wider than 256"));
  uint8_t ff[32];
  for (auto& b : ff) b = 0xff;
  REQUIRE_THROWS_AS(F::FromBytes(ff), FormatError);
}
