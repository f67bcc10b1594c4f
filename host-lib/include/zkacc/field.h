// SPDX-License-Identifier: Apache-2.0
//
// Prime fields in Montgomery form on 64-bit little-endian limbs.
//
// One generic implementation, parameterized by a `Params` struct that names the modulus:
//
//   struct MyParams {
//     static constexpr size_t kLimbs = 4;
//     static constexpr Limbs<4> kModulus = {...};   // little-endian, odd, top limb < 2^63 - 1
//     static constexpr const char* kName = "...";
//   };
//
// Every Montgomery constant (R = 2^(64*limbs) mod p, R^2 mod p, -p^-1 mod 2^64) is derived at
// compile time from the modulus. The in-memory layout of `Fp<P>` is exactly `kLimbs` uint64_t
// holding a*R mod p, little-endian: the layout of arkworks, gnark-crypto, halo2curves and
// rapidsnark, and of zkacc's device memory.
//
// Multiplication is CIOS Montgomery multiplication (Koc, Acar, Kaliski 1996) with the
// "no-carry" shortcut (gnark-crypto): when the top limb of p is below 2^63 - 1 the running
// value never needs an extra carry word, saving N additions per outer iteration.
// Cost: 2N^2 + N 64x64->128 multiplications, one conditional subtraction.
#pragma once

#include <array>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

// Hot arithmetic is forced inline: an out-of-line call makes compilers pass the result through
// memory, and the wide reload after four scalar stores misses store forwarding (measured: 19 ns
// instead of 13.6 ns per BN254 multiplication).
#define ZKACC_INLINE inline __attribute__((always_inline))
#if defined(__clang__) && defined(__x86_64__) && defined(__BMI2__) && defined(__ADX__)
#define ZKACC_X86_MULX 1
#else
#define ZKACC_X86_MULX 0
#endif

namespace zkacc {

template <size_t N>
using Limbs = std::array<uint64_t, N>;

using u128 = unsigned __int128;

// Thrown by parsing and conversion functions; the message names what was wrong.
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

constexpr uint64_t Adc(uint64_t a, uint64_t b, uint64_t& carry) {
  const u128 t = static_cast<u128>(a) + b + carry;
  carry = static_cast<uint64_t>(t >> 64);
  return static_cast<uint64_t>(t);
}

constexpr uint64_t Sbb(uint64_t a, uint64_t b, uint64_t& borrow) {
  const u128 t = static_cast<u128>(a) - b - borrow;
  borrow = static_cast<uint64_t>(t >> 64) & 1;
  return static_cast<uint64_t>(t);
}

// a < b for little-endian limb arrays.
template <size_t N>
constexpr bool Less(const Limbs<N>& a, const Limbs<N>& b) {
  for (size_t i = N; i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i];
  }
  return false;
}

template <size_t N>
constexpr bool IsZero(const Limbs<N>& a) {
  uint64_t acc = 0;
  for (size_t i = 0; i < N; ++i) acc |= a[i];
  return acc == 0;
}

// (a + b) mod m for a, b < m, m < 2^(64N-1).
template <size_t N>
constexpr Limbs<N> AddMod(const Limbs<N>& a, const Limbs<N>& b, const Limbs<N>& m) {
  Limbs<N> s{};
  uint64_t c = 0;
  for (size_t i = 0; i < N; ++i) s[i] = Adc(a[i], b[i], c);
  if (!Less(s, m)) {
    uint64_t br = 0;
    for (size_t i = 0; i < N; ++i) s[i] = Sbb(s[i], m[i], br);
  }
  return s;
}

template <size_t N>
constexpr unsigned BitLength(const Limbs<N>& a) {
  for (size_t i = N; i-- > 0;) {
    if (a[i] != 0) return static_cast<unsigned>(64 * i + 64 - __builtin_clzll(a[i]));
  }
  return 0;
}

template <size_t N>
constexpr bool Bit(const Limbs<N>& a, unsigned i) {
  return (a[i / 64] >> (i % 64)) & 1;
}

// Parses "0x..." (or bare) hexadecimal into N limbs. Throws FormatError on bad digits or overflow.
template <size_t N>
Limbs<N> ParseHex(std::string_view s) {
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  if (s.empty()) throw FormatError("empty hex number");
  Limbs<N> out{};
  size_t bit = 0;
  for (size_t k = s.size(); k-- > 0;) {
    const char ch = s[k];
    uint64_t d;
    if (ch >= '0' && ch <= '9') {
      d = static_cast<uint64_t>(ch - '0');
    } else if (ch >= 'a' && ch <= 'f') {
      d = static_cast<uint64_t>(ch - 'a' + 10);
    } else if (ch >= 'A' && ch <= 'F') {
      d = static_cast<uint64_t>(ch - 'A' + 10);
    } else {
      throw FormatError("bad hex digit '" + std::string(1, ch) + "' in '" + std::string(s) + "'");
    }
    if (bit >= 64 * N) {
      if (d != 0) throw FormatError("hex number '" + std::string(s) + "' is wider than " +
                                    std::to_string(64 * N) + " bits");
      continue;
    }
    out[bit / 64] |= d << (bit % 64);
    bit += 4;
  }
  return out;
}

template <size_t N>
std::string ToHex(const Limbs<N>& a, size_t digits = 16 * N) {
  static const char* kDigits = "0123456789abcdef";
  std::string s = "0x";
  for (size_t k = digits; k-- > 0;) {
    const size_t limb = k / 16;
    const uint64_t d = limb < N ? (a[limb] >> (4 * (k % 16))) & 0xf : 0;
    s.push_back(kDigits[d]);
  }
  return s;
}

}  // namespace detail

template <class Params>
class Fp {
 public:
  using Parameters = Params;
  static constexpr size_t kLimbs = Params::kLimbs;
  static constexpr size_t kBytes = 8 * kLimbs;
  using Repr = Limbs<kLimbs>;
  static constexpr Repr kModulus = Params::kModulus;
  static constexpr unsigned kBits = detail::BitLength(kModulus);

 private:
  static constexpr uint64_t ComputeInv() {
    // Newton iteration for p^-1 mod 2^64, then negate.
    uint64_t inv = 1;
    for (int i = 0; i < 7; ++i) inv *= 2 - kModulus[0] * inv;
    return ~inv + 1;
  }
  // 2^k mod p by repeated doubling (compile time only).
  static constexpr Repr PowTwo(unsigned k) {
    Repr x{};
    x[0] = 1;
    for (unsigned i = 0; i < k; ++i) x = detail::AddMod(x, x, kModulus);
    return x;
  }

 public:
  static constexpr uint64_t kInv = ComputeInv();  // -p^-1 mod 2^64
  static constexpr Repr kR = PowTwo(64 * kLimbs);  // R mod p (Montgomery one)
  static constexpr Repr kR2 = PowTwo(128 * kLimbs);  // R^2 mod p
  static_assert(kModulus[0] & 1, "modulus must be odd");
  static_assert(kModulus[kLimbs - 1] < 0x7fffffffffffffffULL,
                "the no-carry CIOS multiplication needs the top limb below 2^63-1");

  Repr v{};  // Montgomery form, < p

  constexpr Fp() = default;

  static constexpr Fp Zero() { return Fp(); }
  static constexpr Fp One() { return FromMont(kR); }
  static constexpr Fp FromMont(const Repr& m) {
    Fp r;
    r.v = m;
    return r;
  }
  // From a canonical value; throws FormatError if it is not below the modulus.
  static Fp FromCanonical(const Repr& c) {
    if (!detail::Less(c, kModulus)) throw FormatError(std::string("value is not below the ") +
                                                      Params::kName + " modulus");
    return FromCanonicalUnchecked(c);
  }
  // From a canonical value already known to be < p.
  static Fp FromCanonicalUnchecked(const Repr& c) {
    Fp r;
    MontMul(r.v.data(), c.data(), kR2.data());
    return r;
  }
  static Fp FromU64(uint64_t x) {
    Repr c{};
    c[0] = x;
    if (kLimbs == 1 && x >= kModulus[0]) c[0] = x % kModulus[0];
    return FromCanonicalUnchecked(c);
  }
  // Canonical hex with "0x" (fixed width of 16*limbs digits unless `digits` is given).
  static Fp FromHex(std::string_view s) { return FromCanonical(detail::ParseHex<kLimbs>(s)); }
  // Bytes of the canonical value: little-endian or big-endian, exactly kBytes long.
  static Fp FromBytes(const uint8_t* bytes, bool little_endian = true) {
    Repr c{};
    for (size_t i = 0; i < kBytes; ++i) {
      const uint8_t b = little_endian ? bytes[i] : bytes[kBytes - 1 - i];
      c[i / 8] |= static_cast<uint64_t>(b) << (8 * (i % 8));
    }
    return FromCanonical(c);
  }

  Repr ToCanonical() const {
    Repr one{};
    one[0] = 1;
    Repr c;
    MontMul(c.data(), v.data(), one.data());
    return c;
  }
  std::string ToHex(size_t digits = 16 * kLimbs) const {
    return detail::ToHex(ToCanonical(), digits);
  }
  void ToBytes(uint8_t* out, bool little_endian = true) const {
    const Repr c = ToCanonical();
    for (size_t i = 0; i < kBytes; ++i) {
      const uint8_t b = static_cast<uint8_t>(c[i / 8] >> (8 * (i % 8)));
      out[little_endian ? i : kBytes - 1 - i] = b;
    }
  }

  bool IsZero() const { return detail::IsZero(v); }
  bool IsOne() const { return v == kR; }
  friend bool operator==(const Fp& a, const Fp& b) { return a.v == b.v; }
  friend bool operator!=(const Fp& a, const Fp& b) { return a.v != b.v; }

  friend ZKACC_INLINE Fp operator+(const Fp& a, const Fp& b) {
    Fp r;
    Add(r.v.data(), a.v.data(), b.v.data());
    return r;
  }
  friend ZKACC_INLINE Fp operator-(const Fp& a, const Fp& b) {
    Fp r;
    Sub(r.v.data(), a.v.data(), b.v.data());
    return r;
  }
  friend ZKACC_INLINE Fp operator*(const Fp& a, const Fp& b) {
    Fp r;
    MontMul(r.v.data(), a.v.data(), b.v.data());
    return r;
  }
  Fp operator-() const {
    Fp r;
    Sub(r.v.data(), Zero().v.data(), v.data());
    return r;
  }
  Fp& operator+=(const Fp& b) { Add(v.data(), v.data(), b.v.data()); return *this; }
  Fp& operator-=(const Fp& b) { Sub(v.data(), v.data(), b.v.data()); return *this; }
  Fp& operator*=(const Fp& b) { MontMul(v.data(), v.data(), b.v.data()); return *this; }

  // Squaring through a copy: with both operands the same object clang reloads them from memory
  // in every row (18.8 ns instead of 13.6 ns for BN254).
  ZKACC_INLINE Fp Square() const {
    const Fp a = *this;
    Fp r;
    MontMul(r.v.data(), a.v.data(), v.data());
    return r;
  }
  Fp Double() const { return *this + *this; }

  // a^e for a canonical exponent (little-endian limbs of any width).
  template <size_t M>
  Fp Pow(const Limbs<M>& e) const {
    Fp r = One();
    for (unsigned i = detail::BitLength(e); i-- > 0;) {
      r = r.Square();
      if (detail::Bit(e, i)) r *= *this;
    }
    return r;
  }
  Fp Pow(uint64_t e) const { return Pow(Limbs<1>{e}); }

  // Multiplicative inverse by Fermat (a^(p-2)); Inverse(0) = 0, the convention of the vectors.
  Fp Inverse() const {
    Repr e = kModulus;
    e[0] -= 2;  // p is odd and > 2, no borrow
    return Pow(e);
  }

  // Montgomery product r = a*b*R^-1 mod p; r may alias a or b. Inputs < p, output < p.
  // The intrinsic form is used where it is faster: clang on x86-64 with BMI2/ADX (13.3 ns vs
  // 16.5 ns portable); GCC 12 compiles the carry intrinsics poorly (25 ns vs 19 ns portable).
  static ZKACC_INLINE void MontMul(uint64_t* r, const uint64_t* a, const uint64_t* b) {
#if ZKACC_X86_MULX
    MontMulX86(r, a, b);
#else
    MontMulPortable(r, a, b);
#endif
  }

  // CIOS on unsigned __int128 (any 64-bit target).
  static ZKACC_INLINE void MontMulPortable(uint64_t* r, const uint64_t* a, const uint64_t* b) {
    constexpr size_t n = kLimbs;
    uint64_t t[n] = {};
    for (size_t i = 0; i < n; ++i) {
      u128 s = static_cast<u128>(a[0]) * b[i] + t[0];
      uint64_t carry_a = static_cast<uint64_t>(s >> 64);
      const uint64_t t0 = static_cast<uint64_t>(s);
      const uint64_t m = t0 * kInv;
      u128 s2 = static_cast<u128>(m) * kModulus[0] + t0;
      uint64_t carry_c = static_cast<uint64_t>(s2 >> 64);
      for (size_t j = 1; j < n; ++j) {
        s = static_cast<u128>(a[j]) * b[i] + t[j] + carry_a;
        carry_a = static_cast<uint64_t>(s >> 64);
        s2 = static_cast<u128>(m) * kModulus[j] + static_cast<uint64_t>(s) + carry_c;
        carry_c = static_cast<uint64_t>(s2 >> 64);
        t[j - 1] = static_cast<uint64_t>(s2);
      }
      t[n - 1] = carry_c + carry_a;
    }
    ReduceOnce(r, t);
  }

#if ZKACC_X86_MULX
  // The same CIOS with mulx and add-with-carry intrinsics: each row's low and high product
  // words go through two separate carry chains, which compilers schedule better than the
  // 128-bit accumulator form (clang 14: 13.7 ns vs 19.6 ns per BN254 multiplication).
  static ZKACC_INLINE void MontMulX86(uint64_t* r, const uint64_t* a, const uint64_t* b) {
    constexpr size_t n = kLimbs;
    unsigned long long t[n + 1] = {};
    unsigned long long hi[n], lo[n], x;
    for (size_t i = 0; i < n; ++i) {
      // t += a * b[i]
      for (size_t j = 0; j < n; ++j) lo[j] = _mulx_u64(a[j], b[i], &hi[j]);
      unsigned char c = 0;
      for (size_t j = 0; j < n; ++j) {
        c = _addcarry_u64(c, t[j], lo[j], &x);
        t[j] = x;
      }
      t[n] += c;
      c = 0;
      for (size_t j = 0; j + 1 < n; ++j) {
        c = _addcarry_u64(c, t[j + 1], hi[j], &x);
        t[j + 1] = x;
      }
      t[n] += hi[n - 1] + c;
      // t = (t + m p) / 2^64 with m = t[0] * (-p^-1): the low word cancels.
      const uint64_t m = t[0] * kInv;
      for (size_t j = 0; j < n; ++j) lo[j] = _mulx_u64(m, kModulus[j], &hi[j]);
      c = 0;
      for (size_t j = 0; j < n; ++j) {
        c = _addcarry_u64(c, t[j], lo[j], &x);
        t[j] = x;
      }
      t[n] += c;
      c = 0;
      for (size_t j = 0; j + 1 < n; ++j) {
        c = _addcarry_u64(c, t[j + 1], hi[j], &x);
        t[j] = x;
      }
      t[n - 1] = t[n] + hi[n - 1] + c;  // no carry out: the value stays below 2p < 2^(64n)
      t[n] = 0;
    }
    unsigned long long d[n];
    unsigned char br = 0;
    for (size_t j = 0; j < n; ++j) br = _subborrow_u64(br, t[j], kModulus[j], &d[j]);
    for (size_t j = 0; j < n; ++j) r[j] = br ? t[j] : d[j];
  }
#endif

  static ZKACC_INLINE void Add(uint64_t* r, const uint64_t* a, const uint64_t* b) {
    uint64_t t[kLimbs];
    uint64_t c = 0;
    for (size_t i = 0; i < kLimbs; ++i) t[i] = detail::Adc(a[i], b[i], c);
    ReduceOnce(r, t);
  }

  static ZKACC_INLINE void Sub(uint64_t* r, const uint64_t* a, const uint64_t* b) {
    uint64_t t[kLimbs];
    uint64_t br = 0;
    for (size_t i = 0; i < kLimbs; ++i) t[i] = detail::Sbb(a[i], b[i], br);
    const uint64_t mask = 0 - br;
    uint64_t c = 0;
    for (size_t i = 0; i < kLimbs; ++i) r[i] = detail::Adc(t[i], kModulus[i] & mask, c);
  }

 private:
  // r = t < p ? t : t - p, for t < 2p.
  static ZKACC_INLINE void ReduceOnce(uint64_t* r, const uint64_t* t) {
    uint64_t d[kLimbs];
    uint64_t br = 0;
    for (size_t i = 0; i < kLimbs; ++i) d[i] = detail::Sbb(t[i], kModulus[i], br);
    const uint64_t keep_t = 0 - br;  // all ones when t < p
    for (size_t i = 0; i < kLimbs; ++i) r[i] = (t[i] & keep_t) | (d[i] & ~keep_t);
  }
};

// Replaces every element of `a[0..n)` by its inverse with one field inversion and 3(n-1)
// multiplications (Montgomery's trick). Zeros stay zero. `scratch` must hold n elements.
template <class F>
void BatchInverse(F* a, size_t n, F* scratch) {
  F acc = F::One();
  for (size_t i = 0; i < n; ++i) {
    scratch[i] = acc;
    if (!a[i].IsZero()) acc *= a[i];
  }
  F inv = acc.Inverse();
  for (size_t i = n; i-- > 0;) {
    if (a[i].IsZero()) continue;
    const F t = inv * scratch[i];
    inv *= a[i];
    a[i] = t;
  }
}

}  // namespace zkacc
