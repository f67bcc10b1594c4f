// SPDX-License-Identifier: Apache-2.0
//
// Testbench of the MSM engine tops (zkacc_msm_<curve>): whole MSMs through the RTL (slicer,
// scheduler, bucket memory, the point adder), the buckets reduced on the CPU
// (zkacc::ReduceBuckets), the affine result compared with
//   - the independent vectors (../shared/vectors/msm_n*.txt, bls12_381_msm_n*.txt), or
//   - (sum k_i s_i mod r) G for random points P_i = k_i G with known k_i (one Fr sum and one
//     double-and-add: no MSM code).
// Every run also checks (msm_engine.h): no deadlock, the bucket stream rule, every bucket once
// and in order, digits = bucket additions + pair additions, per-window additions adding up,
// every accumulation cycle an addition or an accounted bubble.
// Adversarial inputs: all scalars equal, one point repeated, all scalars zero, all points at
// infinity, the zkML mix (45 % 0, 25 % 1, 8- and 16-bit, 1 % full width), small16.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <array>
#include <iostream>
#include <map>
#include <tuple>
#include <random>
#include <string>
#include <vector>

#include "tb_field.h"
#include "tb_util.h"
#include "zkacc/curve.h"
#include "zkacc/msm.h"
#include "zkacc/random.h"
#include "zkacc/sim/msm_engine.h"
#include "zkacc/vectors.h"

#if ZKACC_HAVE_zkacc_msm_bn254
#include "Vzkacc_msm_bn254.h"
#include "Vzkacc_msm_bn254_zkacc_msm_bn254.h"
#endif
#if ZKACC_HAVE_zkacc_msm_bn254_fm
#include "Vzkacc_msm_bn254_fm.h"
#include "Vzkacc_msm_bn254_fm_zkacc_msm_bn254.h"
#endif
#if ZKACC_HAVE_zkacc_msm_slicer
#include "Vzkacc_msm_slicer.h"
#endif
#if ZKACC_HAVE_zkacc_lowest
#include "Vzkacc_lowest.h"
#endif
#if ZKACC_HAVE_zkacc_msm_bls12_381
#include "Vzkacc_msm_bls12_381.h"
#include "Vzkacc_msm_bls12_381_zkacc_msm_bls12_381.h"
#endif
#if ZKACC_HAVE_zkacc_msm_bls12_381_fm
#include "Vzkacc_msm_bls12_381_fm.h"
#include "Vzkacc_msm_bls12_381_fm_zkacc_msm_bls12_381.h"
#endif

namespace zkacc::sim::tb {
namespace {

template <class C>
std::string Text(const Affine<C>& a) {
  return a.IsInfinity() ? "infinity" : "(" + a.x.ToHex() + ", " + a.y.ToHex() + ")";
}

void PrintStats(const MsmRunStats& st, const std::string& label) {
  std::cout << st.unit << " " << label << ": n=" << st.n << " c=" << st.c
            << " windows=" << st.windows << " cycles=" << st.cycles << " (accumulation "
            << st.acc_cycles << ") digits=" << st.digits << " adds=" << st.bucket_adds << "+"
            << st.pair_adds << " pairs, first " << st.first_adds << "; bubbles hazard "
            << st.bubble_hazard << " starved " << st.bubble_starved << " drain " << st.bubble_drain
            << "; out stalls " << st.out_stall << "; pool peak " << st.pool_peak << ", extras "
            << st.extras << "; utilization " << st.Utilization() << " (total "
            << st.UtilizationTotal() << "), cycles/digit " << st.CyclesPerDigit() << "; "
            << st.CyclesPerSecond() << " cycles/s" << std::endl;
}

// (sum k_i s_i mod r) G.
template <class C>
Affine<C> ExpectedFromDlogs(const RandomPoints<C>& in, const std::vector<Scalar>& s) {
  using Fr = typename C::Fr;
  Fr sum = Fr::Zero();
  for (size_t i = 0; i < s.size(); ++i) sum += in.dlogs[i] * Fr::FromCanonicalUnchecked(s[i]);
  return Jacobian<C>::FromAffine(Affine<C>::Generator()).Mul(sum.ToCanonical()).ToAffine();
}

template <class VTop, class VParams, class C>
class MsmBench {
 public:
  using Engine = MsmEngine<VTop, VParams, C>;

  explicit MsmBench(const std::string& top) : top_(top), eng_(top), rng_(Rng(top + "/tb")) {}

  // Every case of a vector file, alternating full rate and random valid/ready.
  void VectorFile(const std::string& name) {
    const zkacc::VectorFile file = ParseVectorFile(VectorPath(name));
    const auto& cases = file.Cases<MsmCase<C>>();
    REQUIRE(!cases.empty());
    size_t i = 0;
    for (const MsmCase<C>& c : cases) {
      const Traffic t = (i++ % 2) ? Traffic{0.7, 0.6} : Traffic{1.0, 1.0};
      MsmRunStats st;
      const Affine<C> got =
          eng_.Run(c.points.data(), c.scalars.data(), c.points.size(), 0, t, &st).ToAffine();
      PrintStats(st, name + ":" + std::to_string(c.line) + " " + c.tag + " (" + t.Name() + ")");
      INFO(name << ":" << c.line << " case " << c.id << " (" << c.tag << ", n = " << c.points.size()
                << ", c = " << st.c << ")\n  expected " << Text(c.result) << "\n  got      "
                << Text(got));
      CHECK(got == c.result);
    }
  }

  // Random points with known discrete logs and scalars from `make`; also every window size
  // when `all_c`.
  template <class MakeScalars>
  MsmRunStats Random(const std::string& label, size_t n, MakeScalars make, const Traffic& t = {},
                     unsigned c = 0, bool infinity = false) {
    const RandomPoints<C> in = MakeRandomPoints<C>(n, rng_(), 1);
    std::vector<Affine<C>> points = in.points;
    std::vector<Scalar> s = make(n);
    Affine<C> expected = ExpectedFromDlogs(in, s);
    if (infinity) {
      for (auto& p : points) p = Affine<C>::Infinity();
      expected = Affine<C>::Infinity();
    }
    MsmRunStats st;
    const Affine<C> got = eng_.Run(points.data(), s.data(), n, c, t, &st).ToAffine();
    PrintStats(st, label + " (" + t.Name() + ")");
    INFO(top_ << " " << label << ", n = " << n << ", c = " << st.c << "\n  expected "
              << Text(expected) << "\n  got      " << Text(got));
    CHECK(got == expected);
    return st;
  }

  std::vector<Scalar> Dist(size_t n, ScalarDist d) { return MakeRandomScalars<C>(n, d, rng_()); }
  Scalar RandomScalar() { return RandomBelow(rng_, C::Fr::kModulus); }

  void Adversarial(size_t n) {
    const Scalar same = RandomScalar();
    Random("all scalars equal", n, [&](size_t m) { return std::vector<Scalar>(m, same); });
    Random("all scalars r - 1", n, [&](size_t m) {
      Scalar r1 = C::Fr::kModulus;
      r1[0] -= 1;
      return std::vector<Scalar>(m, r1);
    });
    Random(
        "all scalars 1", n,
        [&](size_t m) {
          return std::vector<Scalar>(m, Scalar{1, 0, 0, 0});
        },
        Traffic{0.8, 0.5});
    Random("all scalars zero", n, [&](size_t m) { return std::vector<Scalar>(m, Scalar{}); });
    Random(
        "all points at infinity", n, [&](size_t m) { return Dist(m, ScalarDist::kUniform); },
        Traffic{1.0, 1.0}, 0, true);
    Random(
        "zkML scalars", n, [&](size_t m) { return Dist(m, ScalarDist::kZkml); }, Traffic{0.9, 0.9});
    Random("small16 scalars", n, [&](size_t m) { return Dist(m, ScalarDist::kSmall16); });
    // One point repeated: P_i = P for all i (doublings in the buckets and in the pairs).
    {
      const RandomPoints<C> in = MakeRandomPoints<C>(1, rng_(), 1);
      std::vector<Affine<C>> points(n, in.points[0]);
      std::vector<Scalar> s = Dist(n, ScalarDist::kZkml);
      for (size_t i = 0; i < n; i += 3) s[i] = RandomScalar();
      RandomPoints<C> rep{points, std::vector<typename C::Fr>(n, in.dlogs[0])};
      const Affine<C> expected = ExpectedFromDlogs(rep, s);
      MsmRunStats st;
      const Affine<C> got =
          eng_.Run(points.data(), s.data(), n, 0, Traffic{1.0, 1.0}, &st).ToAffine();
      PrintStats(st, "one point repeated");
      CHECK(got == expected);
    }
  }

  void EveryWindowSize(size_t n) {
    for (unsigned c = Engine::kCMin; c <= Engine::kCMax; ++c) {
      Random(
          "c = " + std::to_string(c), n, [&](size_t m) { return Dist(m, ScalarDist::kZkml); },
          Traffic{1.0, 1.0}, c);
    }
  }

  void BadInput() {
    std::vector<Affine<C>> p(2, Affine<C>::Generator());
    std::vector<Scalar> s(2, Scalar{1, 0, 0, 0});
    s[1][3] = ~uint64_t{0};  // bits above ScalarBits
    CHECK_THROWS_WITH(eng_.Run(p.data(), s.data(), 2), Catch::Contains("scalar 1"));
    s[1] = Scalar{};
    CHECK_THROWS_WITH(eng_.Run(p.data(), s.data(), 2, Engine::kCMax + 1),
                      Catch::Contains("window size"));
    CHECK_THROWS_WITH(eng_.Run(nullptr, s.data(), 2), Catch::Contains("null"));
    // The engine is still usable after refusing the calls.
    CHECK(eng_.Run(p.data(), s.data(), 2).ToAffine() == Affine<C>::Generator());
    // n = 0: one beat of padding, the result is infinity.
    CHECK(eng_.Run(p.data(), s.data(), 0).IsInfinity());
  }

  Engine& engine() { return eng_; }

 private:
  std::string top_;
  Engine eng_;
  std::mt19937_64 rng_;
};

#if ZKACC_HAVE_zkacc_msm_bn254
using Bn254Bench = MsmBench<Vzkacc_msm_bn254, Vzkacc_msm_bn254_zkacc_msm_bn254, Bn254G1>;

TEST_CASE("zkacc_msm_bn254: msm_n{1,2,3,7,64}.txt", "[rtl][msm]") {
  Bn254Bench b("zkacc_msm_bn254");
  for (const char* f : {"msm_n1.txt", "msm_n2.txt", "msm_n3.txt", "msm_n7.txt", "msm_n64.txt"}) {
    b.VectorFile(f);
  }
}
TEST_CASE("zkacc_msm_bn254: msm_n1000.txt", "[rtl][msm]") {
  Bn254Bench("zkacc_msm_bn254").VectorFile("msm_n1000.txt");
}
TEST_CASE("zkacc_msm_bn254: msm_n4096.txt", "[rtl][msm]") {
  Bn254Bench("zkacc_msm_bn254").VectorFile("msm_n4096.txt");
}
TEST_CASE("zkacc_msm_bn254: adversarial scalars and points", "[rtl][msm]") {
  Bn254Bench("zkacc_msm_bn254").Adversarial(1024);
}
TEST_CASE("zkacc_msm_bn254: bad input is refused with a message", "[rtl][msm]") {
  Bn254Bench("zkacc_msm_bn254").BadInput();
}
TEST_CASE("zkacc_msm_bn254: msm_n65536.txt", "[rtl][msm][long]") {
  Bn254Bench("zkacc_msm_bn254").VectorFile("msm_n65536.txt");
}
TEST_CASE("zkacc_msm_bn254: adversarial scalars, n = 16384", "[rtl][msm][long]") {
  Bn254Bench("zkacc_msm_bn254").Adversarial(16384);
}
#endif

#if ZKACC_HAVE_zkacc_msm_bn254 && ZKACC_HAVE_zkacc_msm_bn254_fm
// The fast model (behavioural multipliers, ZKACC_SIM_BEHAVIORAL_MUL) must be the same machine
// cycle for cycle: same counters, same buckets (hence the same result), at full rate.
TEST_CASE("zkacc_msm_bn254: the behavioural-multiplier model is cycle-identical", "[rtl][msm]") {
  MsmEngine<Vzkacc_msm_bn254, Vzkacc_msm_bn254_zkacc_msm_bn254, Bn254G1> gate("zkacc_msm_bn254");
  MsmEngine<Vzkacc_msm_bn254_fm, Vzkacc_msm_bn254_fm_zkacc_msm_bn254, Bn254G1> fast(
      "zkacc_msm_bn254_fm");
  std::mt19937_64 rng = Rng("msm fm");
  for (const ScalarDist d : {ScalarDist::kZkml, ScalarDist::kUniform}) {
    const size_t n = d == ScalarDist::kZkml ? 1024 : 256;
    const RandomPoints<Bn254G1> in = MakeRandomPoints<Bn254G1>(n, rng(), 1);
    const std::vector<Scalar> s = MakeRandomScalars<Bn254G1>(n, d, rng());
    MsmRunStats a, b;
    const Affine<Bn254G1> ra = gate.Run(in.points.data(), s.data(), n, 0, {}, &a).ToAffine();
    const Affine<Bn254G1> rb = fast.Run(in.points.data(), s.data(), n, 0, {}, &b).ToAffine();
    PrintStats(a, std::string("gate-level, ") + ScalarDistName(d));
    PrintStats(b, std::string("behavioural multipliers, ") + ScalarDistName(d));
    CHECK(ra == ExpectedFromDlogs(in, s));
    CHECK(rb == ra);
    CHECK(a.cycles == b.cycles);
    CHECK(a.acc_cycles == b.acc_cycles);
    CHECK(a.bucket_adds == b.bucket_adds);
    CHECK(a.pair_adds == b.pair_adds);
    CHECK(a.bubble_hazard == b.bubble_hazard);
    CHECK(a.bubble_drain == b.bubble_drain);
    CHECK(a.pool_peak == b.pool_peak);
    CHECK(a.extras == b.extras);
    CHECK(a.win_adds == b.win_adds);
  }
}
// After reset the engine empties its bucket memory one bucket per cycle and only then reports
// idle: every bucket of the largest window size C = 13 (ceil((254 + 1) / 13) = 20 windows of
// 2^12 buckets, counted here from the recoding's definition, not from the RTL's package), and
// a start during the sweep is not taken.
TEST_CASE("zkacc_msm_bn254_fm: the reset sweep clears every bucket before idle", "[rtl][msm]") {
  Harness<Vzkacc_msm_bn254_fm> h(HarnessOptions{"zkacc_msm_bn254_fm"});
  const uint64_t windows = (254 + 1 + 13 - 1) / 13;
  const uint64_t buckets = windows << (13 - 1);
  REQUIRE(buckets == 81920);
  CHECK(uint64_t{Vzkacc_msm_bn254_fm_zkacc_msm_bn254::ClearCycles} == buckets);
  h->start_i = 0;
  h->c_i = 13;
  h->in_valid_i = 0;
  h->out_ready_i = 1;
  h.Reset();
  uint64_t cycles = 0;
  while (!h->idle_o && cycles <= buckets + 16) {
    // A start request in the middle of the sweep must be ignored (the engine is not idle).
    h->start_i = cycles == buckets / 2;
    h.Tick();
    ++cycles;
    CHECK_FALSE(h->done_o);
    CHECK_FALSE(h->out_valid_o);
  }
  h->start_i = 0;
  CHECK(cycles == buckets);
  CHECK(h->idle_o);
  CHECK_FALSE(h->error_o);
}

using FastBench = MsmBench<Vzkacc_msm_bn254_fm, Vzkacc_msm_bn254_fm_zkacc_msm_bn254, Bn254G1>;
// The slicer and scheduler at every c (the readout alone is 81,920 cycles at c = 13: run on the
// cycle-identical fast model).
TEST_CASE("zkacc_msm_bn254_fm: every run-time window size", "[rtl][msm]") {
  FastBench("zkacc_msm_bn254_fm").EveryWindowSize(64);
}
TEST_CASE("zkacc_msm_bn254_fm: every run-time window size, gate-level", "[rtl][msm][long]") {
  Bn254Bench("zkacc_msm_bn254").EveryWindowSize(64);
}
TEST_CASE("zkacc_msm_bn254_fm: msm_n65536.txt", "[rtl][msm][long]") {
  FastBench("zkacc_msm_bn254_fm").VectorFile("msm_n65536.txt");
}
#endif

// BLS12-381: the gate-level engine when built (ZKACC_SIM_GATE_MSM_BLS12_381), else the same RTL
// with behavioural multipliers.
#if ZKACC_HAVE_zkacc_msm_bls12_381
#define ZKACC_BLS_TOP zkacc_msm_bls12_381
using Bls12381Bench =
    MsmBench<Vzkacc_msm_bls12_381, Vzkacc_msm_bls12_381_zkacc_msm_bls12_381, Bls12381G1>;
#elif ZKACC_HAVE_zkacc_msm_bls12_381_fm
#define ZKACC_BLS_TOP zkacc_msm_bls12_381_fm
using Bls12381Bench =
    MsmBench<Vzkacc_msm_bls12_381_fm, Vzkacc_msm_bls12_381_fm_zkacc_msm_bls12_381, Bls12381G1>;
#endif
#ifdef ZKACC_BLS_TOP
#define ZKACC_STR2(x) #x
#define ZKACC_STR(x) ZKACC_STR2(x)
TEST_CASE("zkacc_msm_bls12_381: bls12_381_msm_n{1,64,1000}.txt", "[rtl][msm]") {
  Bls12381Bench b(ZKACC_STR(ZKACC_BLS_TOP));
  for (const char* f :
       {"bls12_381_msm_n1.txt", "bls12_381_msm_n64.txt", "bls12_381_msm_n1000.txt"}) {
    b.VectorFile(f);
  }
}
TEST_CASE("zkacc_msm_bls12_381: adversarial scalars and points", "[rtl][msm]") {
  Bls12381Bench(ZKACC_STR(ZKACC_BLS_TOP)).Adversarial(256);
}
#endif


#if ZKACC_HAVE_zkacc_msm_slicer
// The slicer on its own (defaults: C = 13, 4 lanes, 254-bit scalars, Modulus 0, so a negative
// digit's y comes out as 2^254 - y). Reference: the textbook signed recoding of each scalar
// (d = slice + carry; d > 2^(c-1): d - 2^c, carry 1), written here over 64-bit limbs, and the
// sum of the digits rebuilt as an integer; every emitted operation must be one of those digits
// (window, |d| - 1 and sign in the bucket address and y), each exactly once, at most two per
// cycle, under random back-pressure; a beat costs max(1, ceil(digits / 2)) cycles at full rate.
struct SlicerRef {
  using U = std::array<uint64_t, 4>;
  static int Bit(const U& s, int i) { return i < 256 ? static_cast<int>(s[i / 64] >> (i % 64) & 1) : 0; }
  // Signed digits of s (s < 2^254) at window size c: index w, value in [-2^(c-1)+1, 2^(c-1)].
  static std::vector<int64_t> Digits(const U& s, int c) {
    const int windows = (254 + c) / c;
    std::vector<int64_t> d(windows);
    int64_t carry = 0;
    for (int w = 0; w < windows; ++w) {
      int64_t slice = 0;
      for (int b = 0; b < c; ++b) slice |= static_cast<int64_t>(Bit(s, w * c + b)) << b;
      int64_t v = slice + carry;
      carry = v > (int64_t{1} << (c - 1)) ? 1 : 0;
      d[w] = v - (carry << c);
    }
    REQUIRE(carry == 0);
    return d;
  }
  // sum d_w 2^(c w) as 256-bit limbs (two's complement: must come out non-negative).
  static U Rebuild(const std::vector<int64_t>& d, int c) {
    U acc{};
    for (size_t w = d.size(); w-- > 0;) {
      // acc = acc * 2^c + d_w
      U sh{};
      for (int i = 255; i >= c; --i) {
        if (Bit(acc, i - c)) sh[i / 64] |= uint64_t{1} << (i % 64);
      }
      unsigned __int128 cy = 0;
      const uint64_t add = static_cast<uint64_t>(d[w]);
      const uint64_t ext = d[w] < 0 ? ~uint64_t{0} : 0;
      for (int j = 0; j < 4; ++j) {
        cy += static_cast<unsigned __int128>(sh[j]) + (j == 0 ? add : ext);
        acc[j] = static_cast<uint64_t>(cy);
        cy >>= 64;
      }
    }
    return acc;
  }
};

TEST_CASE("zkacc_msm_slicer: digits are the signed recoding, every window size", "[rtl][msm]") {
  using U = SlicerRef::U;
  // A context of its own: the default one is the thread's last (a test before this one may
  // have destroyed it, and Verilator then stops in the model's constructor without a word).
  VerilatedContext ctx;
  Vzkacc_msm_slicer m{&ctx};
  std::mt19937_64 rng = Rng("msm slicer");
  uint64_t cycle = 0;
  auto tick = [&] {
    m.clk_i = 0;
    m.eval();
    m.clk_i = 1;
    m.eval();
    ++cycle;
  };
  m.rst_ni = 0;
  m.clk_i = 0;
  m.eval();
  m.rst_ni = 1;
  m.eval();
  constexpr int kLanes = 4;
  constexpr uint64_t kMask254 = (uint64_t{1} << 62) - 1;
  // r of BN254 Fr: "negative" zkML values r - k have full-width digits.
  const U r = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL,
               0x30644e72e131a029ULL};
  uint64_t ops_total = 0;
  for (int c = 4; c <= 13; ++c) {
    for (int run = 0; run < 12; ++run) {
      const bool full_rate = run % 3 == 0;
      m.c_i = c;
      m.clear_i = 1;
      m.in_valid_i = 0;
      m.out_ready_i = 1;
      tick();
      m.clear_i = 0;
      REQUIRE(m.overflow_o == 0);
      const int beats = 1 + static_cast<int>(rng() % 6);
      // Expected: per (beat, lane, window) the digit; seen: the same, filled from the outputs.
      std::map<std::tuple<int, int, int>, int64_t> want, seen;
      std::vector<std::array<uint32_t, kLanes>> ys(beats);  // low word of y per lane: lane id
      uint64_t want_cycles = 0;
      int beat_in = 0;
      auto load = [&](int b) {
        int nz = 0;
        for (int l = 0; l < kLanes; ++l) {
          U s{};
          switch (rng() % 6) {
            case 0: for (auto& v : s) v = rng(); s[3] &= kMask254; break;
            case 1: s[0] = rng() % 2; break;
            case 2: s[0] = rng() % 65536; break;
            case 3: {  // r - k
              const uint64_t k = rng() % 300;
              unsigned __int128 br = k;
              for (int j = 0; j < 4; ++j) {
                const unsigned __int128 x = static_cast<unsigned __int128>(r[j]) - br;
                s[j] = static_cast<uint64_t>(x);
                br = (x >> 64) ? 1 : 0;
              }
              break;
            }
            case 4: for (auto& v : s) v = ~uint64_t{0}; s[3] &= kMask254; break;
            default: break;  // zero
          }
          for (int j = 0; j < 4; ++j) {
            m.in_scalar_i[l * 8 + 2 * j] = static_cast<uint32_t>(s[j]);
            m.in_scalar_i[l * 8 + 2 * j + 1] = static_cast<uint32_t>(s[j] >> 32);
          }
          const bool infinity = rng() % 8 == 0;
          for (int j = 0; j < 16; ++j) m.in_point_i[l * 16 + j] = 0;
          if (!infinity) {
            // x = lane + 1 in the low word and the beat in the next; y: a random value with
            // the lane in bits 0..1 and its top bits clear (y < 2^254).
            m.in_point_i[l * 16] = static_cast<uint32_t>(l + 1);
            m.in_point_i[l * 16 + 1] = static_cast<uint32_t>(b);
            const uint32_t y0 = (static_cast<uint32_t>(rng()) & ~3u) | static_cast<uint32_t>(l);
            m.in_point_i[l * 16 + 8] = y0;
            ys[b][l] = y0;
            const auto d = SlicerRef::Digits(s, c);
            CHECK(SlicerRef::Rebuild(d, c) == s);  // the reference itself
            for (size_t w = 0; w < d.size(); ++w) {
              if (d[w] != 0) {
                want[{b, l, static_cast<int>(w)}] = d[w];
                ++nz;
              }
            }
          }
        }
        want_cycles += std::max(1, (nz + 1) / 2);
        m.in_last_i = b == beats - 1;
      };
      load(0);
      m.in_valid_i = 1;
      bool done = false;
      uint64_t start = cycle;
      for (int t = 0; t < 20000 && !done; ++t) {
        m.out_ready_i = full_rate || rng() % 4 != 0;
        m.eval();
        const bool take = m.in_valid_i && m.in_ready_o;
        // Operations leaving this cycle.
        if (m.out_ready_i) {
          for (int o = 0; o < 2; ++o) {
            if (!(m.out_valid_o >> o & 1)) continue;
            // x of op 1 starts at bit 254 of out_x_o.
            const int op_beat = static_cast<int>(o ? (m.out_x_o[8] >> 30 | m.out_x_o[9] << 2)
                                                   : m.out_x_o[1]);
            REQUIRE(op_beat >= 0);
            REQUIRE(op_beat < beats);
            const uint32_t k = static_cast<uint32_t>(m.out_k_o >> (32 * o));
            const int w = static_cast<int>((o ? (m.out_win_o >> 6) : m.out_win_o) & 63);
            const int x0 = static_cast<int>((o ? (m.out_x_o[7] >> 30 | m.out_x_o[8] << 2)
                                               : m.out_x_o[0]) & 7);
            REQUIRE(x0 >= 1);
            REQUIRE(x0 <= kLanes);
            const int lane = x0 - 1;
            CHECK(static_cast<int>(k >> (c - 1)) == w);
            const int64_t mag = static_cast<int64_t>(k & ((1u << (c - 1)) - 1)) + 1;
            // y of op 1 starts at bit 254 of out_y_o.
            const uint32_t ylo = o ? (m.out_y_o[7] >> 30 | m.out_y_o[8] << 2) : m.out_y_o[0];
            const uint32_t y0 = ys[op_beat][lane];
            const bool neg = ylo != y0;
            if (neg) CHECK(ylo == static_cast<uint32_t>(0u - y0));  // 2^254 - y, low word
            const auto key = std::make_tuple(op_beat, lane, w);
            CHECK(seen.count(key) == 0);
            seen[key] = neg ? -mag : mag;
            ++ops_total;
          }
        }
        done = m.done_o;
        tick();
        if (take) {
          ++beat_in;
          if (beat_in < beats) {
            load(beat_in);
          } else {
            m.in_valid_i = 0;
          }
        }
      }
      REQUIRE(done);
      CHECK(seen == want);
      if (full_rate) {
        // Beats follow each other without a gap: the documented cost, plus the register stages
        // (input, beat and output registers, and the clear).
        CHECK(cycle - start <= want_cycles + 4);
      }
    }
  }
  // Overflow: a scalar at or above 2^254 raises overflow_o until the next clear.
  m.c_i = 13;
  m.clear_i = 1;
  tick();
  m.clear_i = 0;
  for (int i = 0; i < 32; ++i) m.in_scalar_i[i] = 0;
  m.in_scalar_i[3 * 8 + 7] = 1u << 30;  // lane 3, bit 254
  m.in_valid_i = 1;
  m.in_last_i = 1;
  for (int t = 0; t < 100 && !m.done_o; ++t) {
    m.eval();
    const bool take = m.in_ready_o;
    tick();
    if (take) m.in_valid_i = 0;
  }
  CHECK(m.overflow_o == 1);
  m.clear_i = 1;
  tick();
  m.clear_i = 0;
  m.eval();
  CHECK(m.overflow_o == 0);
  std::cout << "zkacc_msm_slicer: " << ops_total << " operations checked" << std::endl;
}
#endif

#if ZKACC_HAVE_zkacc_lowest
// The pool's search (rtl/common/zkacc_lowest.sv, defaults N = 256, G = 16) on its own: for
// every input, any_o = (v != 0), idx_o = the lowest set bit's position (0 when none), oh_o =
// that bit alone. Reference: a scan from bit 0. Inputs: zero, all ones, every single bit,
// every pair of bits, every "bits i.. set" mask, and random vectors of densities 1/2 to 1/256
// (the engine's pool at its fill levels).
TEST_CASE("zkacc_lowest: the lowest set bit as index and one-hot", "[rtl][msm]") {
  using U = std::array<uint32_t, 8>;
  VerilatedContext ctx;  // a context of its own (see the slicer's test)
  Vzkacc_lowest m{&ctx};
  uint64_t checked = 0;
  auto check = [&](const U& v) {
    for (int w = 0; w < 8; ++w) m.v_i[w] = v[w];
    m.eval();
    int lowest = -1;
    for (int i = 0; i < 256 && lowest < 0; ++i) {
      if (v[i / 32] >> (i % 32) & 1) lowest = i;
    }
    U oh{};
    if (lowest >= 0) oh[lowest / 32] = 1u << (lowest % 32);
    bool oh_ok = true;
    for (int w = 0; w < 8; ++w) oh_ok = oh_ok && m.oh_o[w] == oh[w];
    const bool ok = m.any_o == (lowest >= 0 ? 1 : 0) &&
                    static_cast<int>(m.idx_o) == (lowest >= 0 ? lowest : 0) && oh_ok;
    if (!ok) {
      std::string hex;
      for (int w = 8; w-- > 0;) {
        char buf[9];
        std::snprintf(buf, sizeof buf, "%08x", v[w]);
        hex += buf;
      }
      FAIL_CHECK("v = 0x" << hex << ": any " << int(m.any_o) << " idx " << int(m.idx_o)
                          << ", expected lowest " << lowest);
    }
    ++checked;
  };
  check(U{});
  U ones;
  ones.fill(~0u);
  check(ones);
  for (int i = 0; i < 256; ++i) {
    U v{};
    v[i / 32] |= 1u << (i % 32);
    check(v);
    for (int j = i + 1; j < 256; ++j) {
      U p = v;
      p[j / 32] |= 1u << (j % 32);
      check(p);
    }
    U above{};
    for (int j = i; j < 256; ++j) above[j / 32] |= 1u << (j % 32);
    check(above);
  }
  std::mt19937_64 rng = Rng("lowest");
  for (int density : {2, 16, 64, 256}) {
    for (int t = 0; t < 4000; ++t) {
      U v{};
      for (int i = 0; i < 256; ++i) {
        if (rng() % density == 0) v[i / 32] |= 1u << (i % 32);
      }
      check(v);
    }
  }
  CHECK(checked == 2 + 256 * 2 + 256 * 255 / 2 + 4 * 4000);
  std::cout << "zkacc_lowest: " << checked << " inputs checked" << std::endl;
}
#endif

}  // namespace
}  // namespace zkacc::sim::tb
