// SPDX-License-Identifier: Apache-2.0
//
// G1 group laws, coordinate systems and edge cases, for BN254 and BLS12-381. Expected values are
// derived from independent relations (group laws, r*G = O, agreement of three coordinate
// systems), the published vectors are checked in test_vectors.cpp.
#include <catch2/catch.hpp>

#include "test_util.h"
#include "zkacc/curve.h"

using namespace zkacc;

namespace {

template <class C>
Affine<C> RandomPoint(std::mt19937_64& rng) {
  const auto k = test::RandomBelow(rng, C::Fr::kModulus);
  return Jacobian<C>::FromAffine(Affine<C>::Generator()).Mul(k).ToAffine();
}

template <class C>
void CheckGroupLaws() {
  using J = Jacobian<C>;
  using X = Xyzz<C>;
  using A = Affine<C>;
  auto rng = test::Rng(std::string("curve ") + C::kName);
  const A g = A::Generator();
  REQUIRE(g.IsOnCurve());
  REQUIRE(A::Infinity().IsOnCurve());
  REQUIRE_FALSE((A{g.x, g.y + C::Fq::One()}).IsOnCurve());

  // r * G = infinity, (r - 1) * G = -G.
  auto r = C::Fr::kModulus;
  REQUIRE(J::FromAffine(g).Mul(r).IsInfinity());
  r[0] -= 1;
  REQUIRE(J::FromAffine(g).Mul(r).ToAffine() == g.Neg());

  for (int it = 0; it < 20; ++it) {
    const A p = RandomPoint<C>(rng);
    const A q = RandomPoint<C>(rng);
    const A s = RandomPoint<C>(rng);
    REQUIRE(p.IsOnCurve());
    const J jp = J::FromAffine(p), jq = J::FromAffine(q), js = J::FromAffine(s);
    // Commutativity and associativity (Jacobian).
    REQUIRE(jp.Add(jq).Equals(jq.Add(jp)));
    REQUIRE(jp.Add(jq).Add(js).Equals(jp.Add(jq.Add(js))));
    // Mixed, full and XYZZ additions agree.
    const A sum = jp.Add(jq).ToAffine();
    REQUIRE(sum.IsOnCurve());
    REQUIRE(jp.AddMixed(q).ToAffine() == sum);
    X xp = X::FromAffine(p);
    xp.AddMixedInPlace(q);
    REQUIRE(xp.ToAffine() == sum);
    REQUIRE(xp.ToJacobian().ToAffine() == sum);
    REQUIRE(X::FromAffine(p).Add(X::FromAffine(q)).ToAffine() == sum);
    // Non-trivial Z in both operands of the full XYZZ addition.
    X x2 = X::FromAffine(p);
    x2.AddMixedInPlace(s);  // p + s
    X x3 = X::FromAffine(q);
    x3.AddMixedInPlace(s);  // q + s
    REQUIRE(x2.Add(x3).ToAffine() == jp.Add(jq).Add(js).Add(js).ToAffine());
    // Doubling three ways.
    const A d = jp.Double().ToAffine();
    REQUIRE(jp.Add(jp).ToAffine() == d);
    REQUIRE(X::DoubleAffine(p).ToAffine() == d);
    REQUIRE(X::FromAffine(p).Double().ToAffine() == d);
    // Edge cases: P + P, P + (-P), infinity on either side, for every formula.
    X e = X::FromAffine(p);
    e.AddMixedInPlace(p);
    REQUIRE(e.ToAffine() == d);
    e = X::FromAffine(p);
    e.AddMixedInPlace(p.Neg());
    REQUIRE(e.IsInfinity());
    e = X::FromAffine(p);
    e.SubMixedInPlace(p);
    REQUIRE(e.IsInfinity());
    e = X::Infinity();
    e.AddMixedInPlace(p);
    REQUIRE(e.ToAffine() == p);
    e.AddMixedInPlace(A::Infinity());
    REQUIRE(e.ToAffine() == p);
    REQUIRE(x2.Add(x2).ToAffine() == x2.Double().ToAffine());
    REQUIRE(x2.Add(x2.Neg()).IsInfinity());
    REQUIRE(x2.Add(X::Infinity()).ToAffine() == x2.ToAffine());
    REQUIRE(X::Infinity().Add(x2).ToAffine() == x2.ToAffine());
    REQUIRE(jp.AddMixed(p).ToAffine() == d);
    REQUIRE(jp.AddMixed(p.Neg()).IsInfinity());
    REQUIRE(jp.Add(jp.Neg()).IsInfinity());
    REQUIRE(J::Infinity().AddMixed(p).ToAffine() == p);
    REQUIRE(J::Infinity().Add(jp).ToAffine() == p);
    REQUIRE(jp.Add(J::Infinity()).ToAffine() == p);
    // Scalar multiplication distributes: (a + b) P = aP + bP, with a + b reduced mod r.
    const auto a = test::RandomBelow(rng, C::Fr::kModulus);
    const auto b = test::RandomBelow(rng, C::Fr::kModulus);
    const auto ab = (C::Fr::FromCanonical(a) + C::Fr::FromCanonical(b)).ToCanonical();
    REQUIRE(jp.Mul(ab).Equals(jp.Mul(a).Add(jp.Mul(b))));
  }
  REQUIRE(J::Infinity().Double().IsInfinity());
  REQUIRE(X::Infinity().Double().IsInfinity());
  REQUIRE(J::Infinity().ToAffine().IsInfinity());
  REQUIRE(X::Infinity().ToAffine().IsInfinity());
  REQUIRE(X::Infinity().ToJacobian().IsInfinity());
}

}  // namespace

TEST_CASE("curve: BN254 G1 group laws and edge cases", "[curve]") { CheckGroupLaws<Bn254G1>(); }

TEST_CASE("curve: BLS12-381 G1 group laws and edge cases", "[curve]") {
  CheckGroupLaws<Bls12381G1>();
}

TEST_CASE("curve: infinity as (0,0) and as a flag", "[curve]") {
  using A = bn254::G1Affine;
  using F = AffineFlagged<Bn254G1>;
  const A g = A::Generator();
  REQUIRE(F::FromAffine(A::Infinity()).infinity);
  REQUIRE(F::FromAffine(A::Infinity()).ToAffine().IsInfinity());
  REQUIRE(F::FromAffine(g).ToAffine() == g);
  REQUIRE_FALSE(F::FromAffine(g).infinity);
  // (0, 0) without the flag is not a point of the curve, so it must not turn into infinity.
  const F zero{bn254::Fq::Zero(), bn254::Fq::Zero(), false};
  REQUIRE_FALSE(zero.IsOnCurve());
  REQUIRE_THROWS_WITH(zero.ToAffine(), Catch::Contains("is not on the bn254 curve"));
  // The flag wins over the coordinates.
  const F flagged{g.x, g.y, true};
  REQUIRE(flagged.ToAffine().IsInfinity());
}
