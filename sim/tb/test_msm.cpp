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
#include <iostream>
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

}  // namespace
}  // namespace zkacc::sim::tb
