// SPDX-License-Identifier: Apache-2.0
//
// The testbench of one field-unit top, shared by the Montgomery multipliers (kAddSub = false:
// r = a*b*R^-1 mod p, Fp::MontMul on raw limbs) and the modular adders (kAddSub = true:
// r = a + b or a - b mod p, Fp::Add / Fp::Sub; in_sub_i selects). Every expected value comes
// from the CPU reference (host-lib field.h) or the vector files.
//
//   EdgePairs()           all pairs of edge values (and for add/sub both operations)
//   Vectors(file)         the a*b, or a+b and a-b, columns of fq_ops.txt / fr_ops.txt
//   LatencyAndFullRate()  one input into the empty pipeline, then 2000 at full rate: every
//                         result exactly Latency cycles after its input, one per cycle
//   Random(n)             n random operations split over the RandomTraffics() patterns
#pragma once

#include <catch2/catch.hpp>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "tb_field.h"
#include "tb_util.h"
#include "zkacc/sim/harness.h"
#include "zkacc/sim/stream.h"
#include "zkacc/sim/wide.h"

namespace zkacc::sim::tb {

template <class VTop, class F, bool kAddSub>
class FieldBench {
 public:
  using R = typename F::Repr;
  static constexpr size_t kLimbs = F::kLimbs;
  struct In {
    R a, b;
    bool sub = false;
  };

  FieldBench(const std::string& top, uint64_t latency)
      : top_(top), latency_(latency), h_(HarnessOptions{top}), rng_(Rng(top)) {
    h_.Reset();
  }

  static R Expected(const In& x) {
    R r;
    if constexpr (kAddSub) {
      if (x.sub) {
        F::Sub(r.data(), x.a.data(), x.b.data());
      } else {
        F::Add(r.data(), x.a.data(), x.b.data());
      }
    } else {
      F::MontMul(r.data(), x.a.data(), x.b.data());
    }
    return r;
  }

  StreamRun<R> Run(const std::vector<In>& in, const Traffic& t) {
    return RunStream<R>(
        h_, in, t, rng_,
        [](VTop& top, const In& x) {
          ToWide(top.in_a_i, x.a);
          ToWide(top.in_b_i, x.b);
          if constexpr (kAddSub) top.in_sub_i = x.sub ? 1 : 0;
        },
        [](VTop& top) { return FromWide<kLimbs>(top.out_r_o); },
        [this](VTop& top) {
          RandomizeWide(top.in_a_i, rng_);
          RandomizeWide(top.in_b_i, rng_);
          if constexpr (kAddSub) top.in_sub_i = rng_() & 1;
        });
  }

  // Runs `in` with `t`, checks every result against `expected` and prints the summary.
  StreamRun<R> RunAndCheck(const std::string& label, const std::vector<In>& in,
                           const std::vector<R>& expected, const Traffic& t) {
    const StreamRun<R> run = Run(in, t);
    Print(top_ + " " + label + " (" + t.Name() + ")", run);
    CheckResults(
        top_, run, expected,
        [&](size_t i) {
          return std::string(kAddSub ? (in[i].sub ? "a - b, " : "a + b, ") : "a * b, ") +
                 "a = " + limbs::ToHex(in[i].a) + ", b = " + limbs::ToHex(in[i].b);
        },
        [](const R& r) { return limbs::ToHex(r); });
    return run;
  }

  StreamRun<R> RunAndCheck(const std::string& label, const std::vector<In>& in, const Traffic& t) {
    std::vector<R> expected;
    for (const In& x : in) expected.push_back(Expected(x));
    return RunAndCheck(label, in, expected, t);
  }

  std::vector<In> RandomInputs(size_t n) {
    const std::vector<R> edges = EdgeValues<F>();
    std::vector<In> in(n);
    for (In& x : in) {
      x.a = RandomOperand<F>(rng_, edges);
      x.b = RandomOperand<F>(rng_, edges);
      x.sub = kAddSub && (rng_() & 1);
    }
    return in;
  }

  void EdgePairs() {
    const std::vector<R> edges = EdgeValues<F>();
    std::vector<In> in;
    for (const R& a : edges) {
      for (const R& b : edges) {
        in.push_back({a, b, false});
        if (kAddSub) in.push_back({a, b, true});
      }
    }
    RunAndCheck("edge pairs", in, Traffic{0.8, 0.8});
  }

  // fq_ops.txt / fr_ops.txt: a*b on the Montgomery forms, or a+b and a-b on the canonical
  // values (the unit works on either).
  void Vectors(const std::string& file) {
    const std::vector<FieldOpsCase<F>> cases = FieldVectors<F>(file);
    REQUIRE(cases.size() == 2684);
    std::vector<In> in;
    std::vector<R> expected;
    for (const FieldOpsCase<F>& c : cases) {
      if constexpr (kAddSub) {
        in.push_back({c.a.ToCanonical(), c.b.ToCanonical(), false});
        expected.push_back(c.sum.ToCanonical());
        in.push_back({c.a.ToCanonical(), c.b.ToCanonical(), true});
        expected.push_back(c.diff.ToCanonical());
      } else {
        in.push_back({c.a.v, c.b.v, false});
        expected.push_back(c.prod.v);
      }
    }
    RunAndCheck(file, in, expected, Traffic{0.7, 0.7});
  }

  void LatencyAndFullRate() {
    std::cout << top_ << ": exported Latency = " << latency_ << std::endl;
    const StreamRun<R> single = RunAndCheck("one input", RandomInputs(1), Traffic{1.0, 1.0});
    INFO("exported Latency = " << latency_);
    CHECK(single.out_cycles[0] - single.in_cycles[0] == latency_);
    const StreamRun<R> run = RunAndCheck("full rate", RandomInputs(2000), Traffic{1.0, 1.0});
    CheckFullRate(run, InOrder(2000), latency_);
  }

  void Random(size_t n) {
    const std::vector<Traffic> traffics = RandomTraffics();
    for (const Traffic& t : traffics) {
      const StreamRun<R> run = RunAndCheck("random", RandomInputs(n / traffics.size()), t);
      // Inputs always valid: a result on every cycle the consumer is ready.
      if (t.p_valid == 1.0) CHECK(run.Throughput() == 1.0);
    }
  }

 private:
  std::string top_;
  uint64_t latency_;
  Harness<VTop> h_;
  std::mt19937_64 rng_;
};

// The test cases of one field-unit top: FieldBench<V<TOP>, FIELD, ADDSUB>, its Latency from the
// Verilator-public localparam (class V<TOP>_<TOP>).
#define ZKACC_FIELD_UNIT_TESTS(TOP, FIELD, ADDSUB, TAG)                            \
  using Bench_##TOP = ::zkacc::sim::tb::FieldBench<V##TOP, FIELD, ADDSUB>;         \
  constexpr uint64_t kLatency_##TOP = V##TOP##_##TOP::Latency;                     \
  TEST_CASE(#TOP ": all pairs of edge values", "[rtl]" TAG) {                      \
    Bench_##TOP(#TOP, kLatency_##TOP).EdgePairs();                                 \
  }                                                                                \
  TEST_CASE(#TOP ": exported Latency and one result per cycle", "[rtl]" TAG) {     \
    Bench_##TOP(#TOP, kLatency_##TOP).LatencyAndFullRate();                        \
  }                                                                                \
  TEST_CASE(#TOP ": random operands under random valid/ready", "[rtl]" TAG) {      \
    Bench_##TOP(#TOP, kLatency_##TOP).Random(::zkacc::sim::tb::kDefaultRandomOps); \
  }                                                                                \
  TEST_CASE(#TOP ": 100,000 random operations", "[rtl][long]" TAG) {               \
    Bench_##TOP(#TOP, kLatency_##TOP).Random(::zkacc::sim::tb::LongRandomOps());   \
  }

// The columns of the vector file of the top's field.
#define ZKACC_FIELD_UNIT_VECTOR_TEST(TOP, FILE, TAG) \
  TEST_CASE(#TOP ": " FILE, "[rtl]" TAG) { Bench_##TOP(#TOP, kLatency_##TOP).Vectors(FILE); }

}  // namespace zkacc::sim::tb
