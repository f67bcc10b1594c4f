// SPDX-License-Identifier: Apache-2.0
//
// Testbench of the G1 point adder tops (zkacc_ec_add_<curve>): r = P + Q on y^2 = x^3 + b in
// XYZZ coordinates (Montgomery form; x = X/ZZ, y = Y/ZZZ; infinity iff ZZ = 0), ports packed
// {zzz, zz, y, x} with x in the low Width bits.
//   in_full_i = 0  mixed: P (XYZZ) + Q (affine x, y; (0, 0) = infinity; Q.zz, Q.zzz ignored,
//                  so the testbench fills them with garbage)
//   in_full_i = 1  full:  P (XYZZ) + Q (XYZZ)
// Any representative of the result is right: results are compared in affine form with the
// CPU reference (curve.h: Xyzz::AddInPlace / AddMixedInPlace, then ToAffine), and must be
// well formed: coordinates below p, and ZZ^3 = ZZZ^2 unless ZZ = 0.
//
// For each top: the g1_ops.txt vectors (BN254: S = P + Q and D = P + P, P with ZZ = 1 and with
// a random Z, mixed and full); the exported Latency and one result per cycle; random operations
// under random valid/ready with edge cases at a fixed rate (P = Q, P = -Q, either or both at
// infinity, the same bucket P in consecutive operations); and, tagged [long], 100,000.
#include <catch2/catch.hpp>
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "tb_field.h"
#include "tb_util.h"
#include "zkacc/curve.h"
#include "zkacc/random.h"
#include "zkacc/sim/harness.h"
#include "zkacc/sim/stream.h"
#include "zkacc/sim/wide.h"
#include "zkacc/vectors.h"

#if ZKACC_HAVE_zkacc_ec_add_bn254
#include "Vzkacc_ec_add_bn254.h"
#include "Vzkacc_ec_add_bn254_zkacc_ec_add_bn254.h"
#endif
#if ZKACC_HAVE_zkacc_ec_add_bls12_381
#include "Vzkacc_ec_add_bls12_381.h"
#include "Vzkacc_ec_add_bls12_381_zkacc_ec_add_bls12_381.h"
#endif

namespace zkacc::sim::tb {
namespace {

template <class VTop, class C>
class EcAddBench {
 public:
  using Fq = typename C::Fq;
  using R = typename Fq::Repr;
  using Point = Xyzz<C>;
  using Aff = Affine<C>;
  static constexpr size_t kLimbs = Fq::kLimbs;
  static constexpr size_t kW = 64 * kLimbs;

  struct In {
    Point p, q;  // mixed mode: q.x, q.y affine, q.zz / q.zzz garbage
    bool full = false;
    uint32_t tag = 0;
    std::string kind;  // what the case is, for messages
  };
  struct Out {
    R x, y, zz, zzz;
    uint32_t tag = 0;
    bool operator==(const Out& o) const {
      return x == o.x && y == o.y && zz == o.zz && zzz == o.zzz && tag == o.tag;
    }
  };

  EcAddBench(const std::string& top, uint64_t latency)
      : top_(top), latency_(latency), h_(HarnessOptions{top}), rng_(Rng(top)) {
    h_.Reset();
    pool_ = MakeRandomPoints<C>(256, rng_(), 1).points;
  }

  // The CPU reference, in affine form.
  static Aff Expected(const In& x) {
    Point r = x.p;
    if (x.full) {
      r.AddInPlace(x.q);
    } else {
      r.AddMixedInPlace(Aff{x.q.x, x.q.y});
    }
    return r.ToAffine();
  }

  // A point in XYZZ with Z = z (X = x z^2, Y = y z^3, ZZ = z^2, ZZZ = z^3); infinity with
  // garbage X, Y and ZZ = ZZZ = 0.
  Point ToXyzz(const Aff& a, const Fq& z) {
    if (a.IsInfinity()) return Point{RandomFq(), RandomFq(), Fq::Zero(), Fq::Zero()};
    const Fq zz = z.Square();
    const Fq zzz = zz * z;
    return Point{a.x * zz, a.y * zzz, zz, zzz};
  }
  // Q of a mixed addition: affine x, y and garbage in zz, zzz.
  In Mixed(const Point& p, const Aff& q, std::string kind) {
    return In{p, Point{q.x, q.y, RandomFq(), RandomFq()}, false, 0, std::move(kind)};
  }
  In Full(const Point& p, const Point& q, std::string kind) {
    return In{p, q, true, 0, std::move(kind)};
  }

  Fq RandomFq() { return Fq::FromMont(RandomBelow(rng_, Fq::kModulus)); }
  Fq RandomZ() {  // 1 at probability 1/4, else random non-zero
    if ((rng_() & 3) == 0) return Fq::One();
    Fq z;
    do {
      z = RandomFq();
    } while (z.IsZero());
    return z;
  }
  Aff RandomPoint() { return pool_[rng_() % pool_.size()]; }

  // Random operations with the edge cases at fixed rates.
  std::vector<In> RandomInputs(size_t n) {
    std::vector<In> in;
    in.reserve(n);
    Point bucket = ToXyzz(RandomPoint(), RandomZ());
    for (size_t i = 0; i < n; ++i) {
      const uint64_t dice = rng_() % 100;
      // Same bucket: 25% of operations reuse the previous P bit for bit.
      Point p = dice < 25 ? bucket : ToXyzz(RandomPoint(), RandomZ());
      const Aff pa = p.ToAffine();
      Aff qa;
      std::string kind;
      const uint64_t k = rng_() % 100;
      if (k < 40) {
        qa = RandomPoint(), kind = "P + Q";
      } else if (k < 52) {
        qa = pa, kind = "P + P";
      } else if (k < 64) {
        qa = pa.Neg(), kind = "P + (-P)";
      } else if (k < 74) {
        p = ToXyzz(Aff::Infinity(), Fq::One()), qa = RandomPoint(), kind = "inf + Q";
      } else if (k < 84) {
        qa = Aff::Infinity(), kind = "P + inf";
      } else if (k < 90) {
        p = ToXyzz(Aff::Infinity(), Fq::One()), qa = Aff::Infinity(), kind = "inf + inf";
      } else {
        qa = RandomPoint(), kind = "P + Q";
      }
      if (dice < 25) kind = "same bucket: " + kind;
      bucket = p;
      if (rng_() & 1) {
        in.push_back(Full(p, ToXyzz(qa, RandomZ()), "full " + kind));
      } else {
        in.push_back(Mixed(p, qa, "mixed " + kind));
      }
    }
    return in;
  }

  StreamRun<Out> Run(std::vector<In>& in, const Traffic& t) {
    // Tags: a bijection of the index with every bit used.
    const uint32_t salt = static_cast<uint32_t>(rng_());
    for (size_t i = 0; i < in.size(); ++i) {
      in[i].tag = static_cast<uint32_t>(i) * 0x9e3779b1u ^ salt;
    }
    return RunStream<Out>(
        h_, in, t, rng_,
        [](VTop& top, const In& x) {
          Pack(top.in_p_i, x.p);
          Pack(top.in_q_i, x.q);
          top.in_full_i = x.full ? 1 : 0;
          top.in_tag_i = x.tag;
        },
        [](VTop& top) {
          return Out{FromWide<kLimbs>(top.out_r_o, 0), FromWide<kLimbs>(top.out_r_o, kW),
                     FromWide<kLimbs>(top.out_r_o, 2 * kW), FromWide<kLimbs>(top.out_r_o, 3 * kW),
                     top.out_tag_o};
        },
        [this](VTop& top) {
          RandomizeWide(top.in_p_i, rng_);
          RandomizeWide(top.in_q_i, rng_);
          top.in_full_i = rng_() & 1;
          top.in_tag_i = static_cast<uint32_t>(rng_());
        });
  }

  template <class Port>
  static void Pack(Port& port, const Point& v) {
    ToWide(port, v.x.v, 0);
    ToWide(port, v.y.v, kW);
    ToWide(port, v.zz.v, 2 * kW);
    ToWide(port, v.zzz.v, 3 * kW);
  }

  // Raw Montgomery limbs, as on the ports.
  static std::string Text(const Point& v) {
    return "XYZZ (Montgomery limbs) {x " + limbs::ToHex(v.x.v) + ", y " + limbs::ToHex(v.y.v) +
           ", zz " + limbs::ToHex(v.zz.v) + ", zzz " + limbs::ToHex(v.zzz.v) + "}";
  }
  static std::string Text(const Aff& a) {
    return a.IsInfinity() ? "infinity" : "(" + a.x.ToHex() + ", " + a.y.ToHex() + ")";
  }

  // Runs `in`; checks every result against `expected` (affine) and the form of the result.
  // Returns the run with input_of[j] = input index of output j.
  StreamRun<Out> RunAndCheck(const std::string& label, std::vector<In>& in,
                             const std::vector<Aff>& expected, const Traffic& t,
                             std::vector<size_t>* input_of = nullptr) {
    REQUIRE(expected.size() == in.size());
    const StreamRun<Out> run = Run(in, t);
    Print(top_ + " " + label + " (" + t.Name() + ")", run);
    std::unordered_map<uint32_t, size_t> index_of_tag;
    for (size_t i = 0; i < in.size(); ++i) index_of_tag[in[i].tag] = i;
    std::vector<bool> seen(in.size(), false);
    std::vector<size_t> order;
    size_t wrong = 0;
    for (size_t j = 0; j < run.outputs.size(); ++j) {
      const Out& o = run.outputs[j];
      const auto it = index_of_tag.find(o.tag);
      if (it == index_of_tag.end() || seen[it->second]) {
        FAIL(top_ << ": result " << j << " at cycle " << run.out_cycles[j] << " has tag " << o.tag
                  << (it == index_of_tag.end() ? ", never sent" : ", seen before"));
      }
      const size_t i = it->second;
      seen[i] = true;
      order.push_back(i);
      const Point r{Fq::FromMont(o.x), Fq::FromMont(o.y), Fq::FromMont(o.zz), Fq::FromMont(o.zzz)};
      std::string problem;
      for (const R* c : {&o.x, &o.y, &o.zz, &o.zzz}) {
        if (!limbs::Less(*c, Fq::kModulus)) problem = "a coordinate is not below p";
      }
      if (problem.empty() && !r.IsInfinity() && r.zz.Square() * r.zz != r.zzz.Square()) {
        problem = "ZZ^3 != ZZZ^2";
      }
      if (problem.empty() && r.ToAffine() != expected[i]) problem = "wrong point";
      if (problem.empty()) continue;
      if (wrong++ < 5) {
        UNSCOPED_INFO(top_ << ": " << problem << ": input " << i << " (" << in[i].kind
                           << ", taken at cycle " << run.in_cycles[i] << ", result at cycle "
                           << run.out_cycles[j] << ")\n  P = " << Text(in[i].p)
                           << "\n  Q = " << Text(in[i].q) << "\n  expected " << Text(expected[i])
                           << "\n  got      " << Text(r) << " = "
                           << (limbs::Less(o.x, Fq::kModulus) ? Text(r.ToAffine()) : "?"));
      }
    }
    INFO(top_ << ": " << wrong << " of " << in.size() << " results wrong");
    CHECK(wrong == 0);
    CHECK(order.size() == in.size());
    if (input_of != nullptr) *input_of = order;
    return run;
  }

  StreamRun<Out> RunAndCheck(const std::string& label, std::vector<In>& in, const Traffic& t,
                             std::vector<size_t>* input_of = nullptr) {
    std::vector<Aff> expected;
    for (const In& x : in) expected.push_back(Expected(x));
    return RunAndCheck(label, in, expected, t, input_of);
  }

  // g1_ops.txt (BN254): P + Q and P + P, mixed and full, P with ZZ = 1 and with a random Z.
  void Vectors() {
    const VectorFile file = ParseVectorFile(VectorPath("g1_ops.txt"));
    const std::vector<G1OpsCase>& cases = file.Cases<G1OpsCase>();
    REQUIRE(cases.size() == 500);
    std::vector<In> in;
    std::vector<Aff> expected;
    for (const G1OpsCase& c : cases) {
      const std::string line = "g1_ops.txt:" + std::to_string(c.line) + " ";
      for (const bool z1 : {true, false}) {
        const std::string zs = z1 ? "ZZ = 1" : "random Z";
        const Point p = ToXyzz(c.p, z1 ? Fq::One() : RandomZ());
        const Point q = ToXyzz(c.q, z1 ? Fq::One() : RandomZ());
        const Point p2 = ToXyzz(c.p, z1 ? Fq::One() : RandomZ());  // P again, another Z
        in.push_back(Mixed(p, c.q, line + "mixed P + Q, " + zs));
        expected.push_back(c.sum);
        in.push_back(Full(p, q, line + "full P + Q, " + zs));
        expected.push_back(c.sum);
        in.push_back(Mixed(p, c.p, line + "mixed P + P, " + zs));
        expected.push_back(c.dbl);
        in.push_back(Full(p, p2, line + "full P + P, " + zs));
        expected.push_back(c.dbl);
      }
    }
    // The reference agrees with the vectors (so the random-case expectations are sound).
    size_t reference_wrong = 0;
    for (size_t i = 0; i < in.size(); ++i) reference_wrong += Expected(in[i]) != expected[i];
    REQUIRE(reference_wrong == 0);
    RunAndCheck("g1_ops.txt", in, expected, Traffic{0.8, 0.8});
  }

  void LatencyAndFullRate(size_t n) {
    std::cout << top_ << ": exported Latency = " << latency_ << std::endl;
    std::vector<In> one = RandomInputs(1);
    const StreamRun<Out> single = RunAndCheck("one input", one, Traffic{1.0, 1.0});
    INFO("exported Latency = " << latency_);
    CHECK(single.out_cycles[0] - single.in_cycles[0] == latency_);
    std::vector<In> in = RandomInputs(n);
    std::vector<size_t> input_of;
    const StreamRun<Out> run = RunAndCheck("full rate", in, Traffic{1.0, 1.0}, &input_of);
    CheckFullRate(run, input_of, latency_);
  }

  void Random(size_t n) {
    const std::vector<Traffic> traffics = RandomTraffics();
    for (const Traffic& t : traffics) {
      std::vector<In> in = RandomInputs(n / traffics.size());
      const StreamRun<Out> run = RunAndCheck("random", in, t);
      if (t.p_valid == 1.0) CHECK(run.Throughput() == 1.0);
    }
  }

 private:
  std::string top_;
  uint64_t latency_;
  Harness<VTop> h_;
  std::mt19937_64 rng_;
  std::vector<Aff> pool_;
};

// EC runs are smaller than the field units' (the adder is ~15 multipliers).
constexpr size_t kEcDefaultOps = 4000;
constexpr size_t kEcFullRateOps = 2000;

#define ZKACC_EC_ADD_TESTS(TOP, CURVE)                                                             \
  using Bench_##TOP = EcAddBench<V##TOP, CURVE>;                                                   \
  constexpr uint64_t kLatency_##TOP = V##TOP##_##TOP::Latency;                                     \
  TEST_CASE(#TOP ": exported Latency and one result per cycle", "[rtl][ec_add]") {                 \
    Bench_##TOP(#TOP, kLatency_##TOP).LatencyAndFullRate(kEcFullRateOps);                          \
  }                                                                                                \
  TEST_CASE(#TOP ": random operations and edge cases under random valid/ready", "[rtl][ec_add]") { \
    Bench_##TOP(#TOP, kLatency_##TOP).Random(kEcDefaultOps);                                       \
  }                                                                                                \
  TEST_CASE(#TOP ": 100,000 random operations", "[rtl][ec_add][long]") {                           \
    Bench_##TOP(#TOP, kLatency_##TOP).Random(LongRandomOps());                                     \
  }

#if ZKACC_HAVE_zkacc_ec_add_bn254
ZKACC_EC_ADD_TESTS(zkacc_ec_add_bn254, Bn254G1)
TEST_CASE("zkacc_ec_add_bn254: g1_ops.txt, mixed and full, ZZ = 1 and random Z", "[rtl][ec_add]") {
  Bench_zkacc_ec_add_bn254("zkacc_ec_add_bn254", kLatency_zkacc_ec_add_bn254).Vectors();
}
#endif
#if ZKACC_HAVE_zkacc_ec_add_bls12_381
ZKACC_EC_ADD_TESTS(zkacc_ec_add_bls12_381, Bls12381G1)
#endif

}  // namespace
}  // namespace zkacc::sim::tb
