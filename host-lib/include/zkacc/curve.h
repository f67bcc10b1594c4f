// SPDX-License-Identifier: Apache-2.0
//
// G1 of short-Weierstrass curves y^2 = x^3 + b (a = 0): affine, Jacobian and XYZZ coordinates.
//
//   Affine   (x, y); infinity is (0, 0), which lies on neither BN254 nor BLS12-381
//            (0 != 0 + b). A flag-based encoding is offered by the conversion helpers.
//   Jacobian (X, Y, Z):        x = X/Z^2,  y = Y/Z^3;   infinity: Z = 0.
//   XYZZ     (X, Y, ZZ, ZZZ):  x = X/ZZ,   y = Y/ZZZ,   ZZ^3 = ZZZ^2;  infinity: ZZ = 0.
//
// Formulas are from the Explicit-Formulas Database (hyperelliptic.org/EFD, g1p/shortw), named
// above each function with their cost in multiplications (M) and squarings (S). Every addition
// handles the edge cases itself: either side at infinity, P + P (doubling), P + (-P) (infinity).
// None of this is constant time: it serves provers, whose inputs are public to the prover.
#pragma once

#include <string>

#include "zkacc/params.h"

namespace zkacc {

template <class C>
struct Affine {
  using Fq = typename C::Fq;
  Fq x, y;  // (0,0) = infinity

  static Affine Infinity() { return Affine(); }
  static Affine Generator() {
    return Affine{Fq::FromHex(C::kGenX), Fq::FromHex(C::kGenY)};
  }
  bool IsInfinity() const { return x.IsZero() && y.IsZero(); }
  // y^2 == x^3 + b, or the infinity encoding.
  bool IsOnCurve() const {
    if (IsInfinity()) return true;
    return y.Square() == x.Square() * x + Fq::FromU64(C::kB);
  }
  Affine Neg() const { return IsInfinity() ? *this : Affine{x, -y}; }
  friend bool operator==(const Affine& a, const Affine& b) { return a.x == b.x && a.y == b.y; }
  friend bool operator!=(const Affine& a, const Affine& b) { return !(a == b); }
};

// Affine point with an explicit infinity flag (the arkworks / ICICLE-flag encoding). With the
// flag set, x and y are ignored. Unlike Affine, (0, 0) without the flag is a point that must be
// on the curve, and it is not: IsOnCurve() rejects it instead of reading it as infinity.
template <class C>
struct AffineFlagged {
  using Fq = typename C::Fq;
  Fq x, y;
  bool infinity = false;

  static AffineFlagged FromAffine(const Affine<C>& p) {
    return p.IsInfinity() ? AffineFlagged{Fq::Zero(), Fq::Zero(), true}
                          : AffineFlagged{p.x, p.y, false};
  }
  bool IsOnCurve() const {
    return infinity || y.Square() == x.Square() * x + Fq::FromU64(C::kB);
  }
  // Throws FormatError if the point is not on the curve (so no bad point becomes infinity).
  Affine<C> ToAffine() const {
    if (infinity) return Affine<C>::Infinity();
    if (!IsOnCurve()) {
      throw FormatError(std::string("point (") + x.ToHex() + ", " + y.ToHex() +
                        ") is not on the " + C::kName + " curve");
    }
    return Affine<C>{x, y};
  }
};

template <class C>
struct Jacobian {
  using Fq = typename C::Fq;
  Fq x, y, z;  // z = 0: infinity

  static Jacobian Infinity() { return Jacobian{Fq::One(), Fq::One(), Fq::Zero()}; }
  static Jacobian FromAffine(const Affine<C>& p) {
    return p.IsInfinity() ? Infinity() : Jacobian{p.x, p.y, Fq::One()};
  }
  bool IsInfinity() const { return z.IsZero(); }
  Jacobian Neg() const { return Jacobian{x, -y, z}; }

  // dbl-2009-l: 2M + 5S.
  Jacobian Double() const {
    if (IsInfinity() || y.IsZero()) return Infinity();
    const Fq a = x.Square();
    const Fq b = y.Square();
    const Fq c = b.Square();
    Fq d = (x + b).Square() - a - c;
    d = d + d;
    const Fq e = a + a + a;
    const Fq f = e.Square();
    Jacobian r;
    r.x = f - d - d;
    Fq c8 = c + c;
    c8 = c8 + c8;
    c8 = c8 + c8;
    r.y = e * (d - r.x) - c8;
    r.z = (y * z);
    r.z = r.z + r.z;
    return r;
  }

  // add-2007-bl: 11M + 5S.
  Jacobian Add(const Jacobian& q) const {
    if (IsInfinity()) return q;
    if (q.IsInfinity()) return *this;
    const Fq z1z1 = z.Square();
    const Fq z2z2 = q.z.Square();
    const Fq u1 = x * z2z2;
    const Fq u2 = q.x * z1z1;
    const Fq s1 = y * q.z * z2z2;
    const Fq s2 = q.y * z * z1z1;
    const Fq h = u2 - u1;
    Fq rr = s2 - s1;
    if (h.IsZero()) return rr.IsZero() ? Double() : Infinity();
    const Fq i = (h + h).Square();
    const Fq j = h * i;
    rr = rr + rr;
    const Fq v = u1 * i;
    Jacobian r;
    r.x = rr.Square() - j - v - v;
    const Fq s1j = s1 * j;
    r.y = rr * (v - r.x) - s1j - s1j;
    r.z = ((z + q.z).Square() - z1z1 - z2z2) * h;
    return r;
  }

  // madd-2007-bl: 7M + 4S.
  Jacobian AddMixed(const Affine<C>& q) const {
    if (q.IsInfinity()) return *this;
    if (IsInfinity()) return FromAffine(q);
    const Fq z1z1 = z.Square();
    const Fq u2 = q.x * z1z1;
    const Fq s2 = q.y * z * z1z1;
    const Fq h = u2 - x;
    Fq rr = s2 - y;
    if (h.IsZero()) return rr.IsZero() ? Double() : Infinity();
    const Fq hh = h.Square();
    Fq i = hh + hh;
    i = i + i;
    const Fq j = h * i;
    rr = rr + rr;
    const Fq v = x * i;
    Jacobian r;
    r.x = rr.Square() - j - v - v;
    const Fq yj = y * j;
    r.y = rr * (v - r.x) - yj - yj;
    r.z = (z + h).Square() - z1z1 - hh;
    return r;
  }

  Affine<C> ToAffine() const {
    if (IsInfinity()) return Affine<C>::Infinity();
    const Fq zi = z.Inverse();
    const Fq zi2 = zi.Square();
    return Affine<C>{x * zi2, y * zi2 * zi};
  }

  // Scalar multiplication by a canonical little-endian scalar (double-and-add, MSB first).
  template <size_t M>
  Jacobian Mul(const Limbs<M>& k) const {
    Jacobian r = Infinity();
    for (unsigned i = detail::BitLength(k); i-- > 0;) {
      r = r.Double();
      if (detail::Bit(k, i)) r = r.Add(*this);
    }
    return r;
  }

  // Projective equality: X1 Z2^2 == X2 Z1^2 and Y1 Z2^3 == Y2 Z1^3.
  bool Equals(const Jacobian& q) const {
    if (IsInfinity() || q.IsInfinity()) return IsInfinity() && q.IsInfinity();
    const Fq z1z1 = z.Square();
    const Fq z2z2 = q.z.Square();
    return x * z2z2 == q.x * z1z1 && y * z2z2 * q.z == q.y * z1z1 * z;
  }
};

template <class C>
struct Xyzz {
  using Fq = typename C::Fq;
  Fq x, y, zz, zzz;  // zz = 0: infinity

  static Xyzz Infinity() { return Xyzz{Fq::One(), Fq::One(), Fq::Zero(), Fq::Zero()}; }
  static Xyzz FromAffine(const Affine<C>& p) {
    return p.IsInfinity() ? Infinity() : Xyzz{p.x, p.y, Fq::One(), Fq::One()};
  }
  bool IsInfinity() const { return zz.IsZero(); }
  Xyzz Neg() const { return Xyzz{x, -y, zz, zzz}; }

  // dbl-2008-s-1 (a = 0): 6M + 3S.
  Xyzz Double() const {
    if (IsInfinity() || y.IsZero()) return Infinity();
    const Fq u = y + y;
    const Fq v = u.Square();
    const Fq w = u * v;
    const Fq s = x * v;
    const Fq xx = x.Square();
    const Fq m = xx + xx + xx;
    Xyzz r;
    r.x = m.Square() - s - s;
    r.y = m * (s - r.x) - w * y;
    r.zz = v * zz;
    r.zzz = w * zzz;
    return r;
  }

  // mdbl-2008-s-1 (a = 0), doubling an affine point: 4M + 2S.
  static Xyzz DoubleAffine(const Affine<C>& p) {
    if (p.IsInfinity() || p.y.IsZero()) return Infinity();
    const Fq u = p.y + p.y;
    const Fq v = u.Square();
    const Fq w = u * v;
    const Fq s = p.x * v;
    const Fq xx = p.x.Square();
    const Fq m = xx + xx + xx;
    Xyzz r;
    r.x = m.Square() - s - s;
    r.y = m * (s - r.x) - w * p.y;
    r.zz = v;
    r.zzz = w;
    return r;
  }

  // madd-2008-s: 8M + 2S. In place: this += q (q affine).
  void AddMixedInPlace(const Affine<C>& q) {
    if (q.IsInfinity()) return;
    if (IsInfinity()) {
      *this = FromAffine(q);
      return;
    }
    const Fq u2 = q.x * zz;
    const Fq s2 = q.y * zzz;
    const Fq p = u2 - x;
    const Fq r = s2 - y;
    if (p.IsZero()) {
      *this = r.IsZero() ? DoubleAffine(q) : Infinity();
      return;
    }
    const Fq pp = p.Square();
    const Fq ppp = p * pp;
    const Fq qq = x * pp;
    x = r.Square() - ppp - qq - qq;
    y = r * (qq - x) - y * ppp;
    zz *= pp;
    zzz *= ppp;
  }
  // this -= q (q affine), via the negated point.
  void SubMixedInPlace(const Affine<C>& q) {
    if (q.IsInfinity()) return;
    AddMixedInPlace(Affine<C>{q.x, -q.y});
  }

  // add-2008-s: 12M + 2S.
  void AddInPlace(const Xyzz& q) {
    if (q.IsInfinity()) return;
    if (IsInfinity()) {
      *this = q;
      return;
    }
    const Fq u1 = x * q.zz;
    const Fq u2 = q.x * zz;
    const Fq s1 = y * q.zzz;
    const Fq s2 = q.y * zzz;
    const Fq p = u2 - u1;
    const Fq r = s2 - s1;
    if (p.IsZero()) {
      *this = r.IsZero() ? Double() : Infinity();
      return;
    }
    const Fq pp = p.Square();
    const Fq ppp = p * pp;
    const Fq qq = u1 * pp;
    x = r.Square() - ppp - qq - qq;
    y = r * (qq - x) - s1 * ppp;
    zz = zz * q.zz * pp;
    zzz = zzz * q.zzz * ppp;
  }
  Xyzz Add(const Xyzz& q) const {
    Xyzz r = *this;
    r.AddInPlace(q);
    return r;
  }

  Affine<C> ToAffine() const {
    if (IsInfinity()) return Affine<C>::Infinity();
    // One inversion: t = 1/(ZZ*ZZZ) = 1/Z^5, so 1/ZZZ = t*ZZ and 1/ZZ = t*ZZZ.
    const Fq t = (zz * zzz).Inverse();
    const Fq zzz_inv = t * zz;
    const Fq zz_inv = t * zzz;
    return Affine<C>{x * zz_inv, y * zzz_inv};
  }

  // Jacobian with Z' = ZZ*ZZZ, X' = X*ZZ*ZZZ^2, Y' = Y*ZZ^3*ZZZ^2: no inversion.
  Jacobian<C> ToJacobian() const {
    if (IsInfinity()) return Jacobian<C>::Infinity();
    const Fq zzz2 = zzz.Square();
    Jacobian<C> j;
    j.z = zz * zzz;
    j.x = x * zz * zzz2;
    j.y = y * zz.Square() * zz * zzz2;
    return j;
  }
};

// Convenience names.
namespace bn254 {
using G1Affine = Affine<Bn254G1>;
using G1Jacobian = Jacobian<Bn254G1>;
using G1Xyzz = Xyzz<Bn254G1>;
}  // namespace bn254
namespace bls12_381 {
using G1Affine = Affine<Bls12381G1>;
using G1Jacobian = Jacobian<Bls12381G1>;
using G1Xyzz = Xyzz<Bls12381G1>;
}  // namespace bls12_381

}  // namespace zkacc
