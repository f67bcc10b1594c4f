// SPDX-License-Identifier: Apache-2.0
//
// Testbench of the NTT unit tops (zkacc_ntt_bn254_fr_l1, _l2) through the DMA and memory model
// of tb_ntt.h. Expected values come from ../shared/vectors/ntt_n*.txt (all four columns) and,
// for random inputs, from the CPU reference zkacc::Ntt (host-lib); never from the unit.
#include <catch2/catch.hpp>

#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "tb_ntt.h"
#include "zkacc/ntt.h"
#include "zkacc/random.h"
#include "zkacc/vectors.h"

#if ZKACC_HAVE_zkacc_ntt_bn254_fr_l1
#include "Vzkacc_ntt_bn254_fr_l1.h"
#include "Vzkacc_ntt_bn254_fr_l1_zkacc_ntt_bn254_fr_l1.h"
#endif
#if ZKACC_HAVE_zkacc_ntt_bn254_fr_l2
#include "Vzkacc_ntt_bn254_fr_l2.h"
#include "Vzkacc_ntt_bn254_fr_l2_zkacc_ntt_bn254_fr_l2.h"
#endif

namespace zkacc {
namespace {

using sim::ntt::Fr;
using sim::ntt::Kind;
using sim::ntt::RunStats;

const Kind kKinds[] = {Kind::kForward, Kind::kInverse, Kind::kCosetForward, Kind::kCosetInverse};

std::string VectorPath(const std::string& name) {
  return std::string(ZKACC_VECTORS_DIR) + "/" + name;
}

const std::vector<Fr>& Column(const NttCase& c, Kind k) {
  switch (k) {
    case Kind::kForward: return c.ntt;
    case Kind::kInverse: return c.intt;
    case Kind::kCosetForward: return c.cntt;
    case Kind::kCosetInverse: return c.cintt;
  }
  return c.ntt;
}

// The CPU reference (host-lib) of one transform kind.
std::vector<Fr> Reference(std::vector<Fr> x, size_t n, Kind k) {
  for (size_t off = 0; off < x.size(); off += n) {
    Ntt(x.data() + off, n, IsInverse(k) ? NttDirection::kInverse : NttDirection::kForward,
        NttConfig{1, k == Kind::kCosetForward || k == Kind::kCosetInverse});
  }
  return x;
}

std::vector<Fr> RandomVector(size_t n, std::mt19937_64& rng) {
  std::vector<Fr> x(n);
  for (auto& v : x) v = Fr::FromCanonical(RandomBelow(rng, Fr::kModulus));
  return x;
}

// Compares, reporting the first mismatches.
void Compare(const std::vector<Fr>& got, const std::vector<Fr>& want, const std::string& what) {
  REQUIRE(got.size() == want.size());
  size_t wrong = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    if (got[i] != want[i] && wrong++ < 5) {
      UNSCOPED_INFO(what << ": element " << i << ": expected " << want[i].ToHex() << ", got "
                         << got[i].ToHex());
    }
  }
  INFO(what << ": " << wrong << " of " << got.size() << " elements wrong");
  CHECK(wrong == 0);
}

void Report(const std::string& label, const RunStats& st) {
  std::cout << label << ": " << st.Describe() << std::endl;
}

// Every busy cycle of the core is an issue cycle or a stall with a cause.
void CheckCounters(const RunStats& st) {
  INFO("core busy " << st.core_busy << " = issue " << st.core_bf / st.lanes << " + hazard "
                    << st.hazard << " + wait_in " << st.wait_in << " + wait_out "
                    << st.wait_out);
  CHECK(st.core_busy == st.core_bf / st.lanes + st.hazard + st.wait_in + st.wait_out);
}

template <class Dev>
void VectorFileTest(Dev& dev, const std::string& name) {
  const VectorFile file = ParseVectorFile(VectorPath(name));
  const auto& cases = file.Cases<NttCase>();
  REQUIRE(!cases.empty());
  const size_t n = cases[0].size();
  std::vector<Fr> x;
  for (const auto& c : cases) {
    REQUIRE(c.size() == n);
    x.insert(x.end(), c.x.begin(), c.x.end());
  }
  for (Kind k : kKinds) {
    RunStats st;
    const std::vector<Fr> got = dev.Transform(x, n, cases.size(), k, &st);
    std::vector<Fr> want;
    for (const auto& c : cases) want.insert(want.end(), Column(c, k).begin(), Column(c, k).end());
    Compare(got, want, name + " " + sim::ntt::KindName(k));
    CheckCounters(st);
    Report(name + " " + sim::ntt::KindName(k) + " (" + std::to_string(cases.size()) + " cases)",
           st);
  }
}

#define ZKACC_NTT_TESTS(TOP, HEAVY)                                                                 \
  using Dev_##TOP = sim::ntt::Device<V##TOP, V##TOP##_##TOP>;                                    \
  TEST_CASE(#TOP ": every ntt_n*.txt up to 2^12 on chip, four columns", "[rtl][ntt]") {           \
    Dev_##TOP dev({#TOP});                                                                       \
    for (const char* f : {"ntt_n2.txt", "ntt_n4.txt", "ntt_n8.txt", "ntt_n16.txt", "ntt_n32.txt", \
                          "ntt_n64.txt", "ntt_n128.txt", "ntt_n256.txt", "ntt_n512.txt",         \
                          "ntt_n1024.txt", "ntt_n2048.txt", "ntt_n4096.txt"}) {                  \
      SECTION(f) { VectorFileTest(dev, f); }                                                     \
    }                                                                                            \
  }                                                                                              \
  TEST_CASE(#TOP ": random inputs under random back-pressure, vs zkacc::Ntt",                    \
            "[rtl][ntt]" HEAVY) {                                                                \
    Dev_##TOP dev({#TOP});                                                                       \
    std::mt19937_64 rng = sim::Rng(#TOP " random");                                              \
    struct Pattern {                                                                             \
      double p_in, p_out;                                                                        \
      size_t n, count;                                                                           \
    };                                                                                           \
    for (const Pattern& pt : {Pattern{0.5, 0.3, 256, 3}, Pattern{0.9, 0.5, 1024, 2},             \
                              Pattern{0.3, 1.0, 64, 5}, Pattern{1.0, 0.2, 8192, 1}}) {           \
      dev.options().p_in_valid = pt.p_in;                                                        \
      dev.options().p_out_ready = pt.p_out;                                                      \
      for (Kind k : kKinds) {                                                                    \
        const std::vector<Fr> x = RandomVector(pt.n * pt.count, rng);                            \
        RunStats st;                                                                             \
        const std::string what = std::to_string(pt.count) + " x 2^" +                            \
                                 std::to_string(__builtin_ctzll(pt.n)) + " " +                   \
                                 sim::ntt::KindName(k) + ", valid " + std::to_string(pt.p_in) +  \
                                 " ready " + std::to_string(pt.p_out);                           \
        Compare(dev.Transform(x, pt.n, pt.count, k, &st), Reference(x, pt.n, k), what);          \
        CheckCounters(st);                                                                       \
      }                                                                                          \
    }                                                                                            \
  }                                                                                              \
  TEST_CASE(#TOP ": four-step beyond the on-chip maximum (2^13), vs zkacc::Ntt",          \
            "[rtl][ntt]" HEAVY) {                                                                   \
    Dev_##TOP dev({#TOP});                                                                       \
    std::mt19937_64 rng = sim::Rng(#TOP " four-step");                                           \
    REQUIRE(Dev_##TOP::kLogMax == 12);                                                           \
    for (size_t n : {size_t{1} << 13}) {                                        \
      for (Kind k : kKinds) {                                                                    \
        const std::vector<Fr> x = RandomVector(n, rng);                                          \
        RunStats st;                                                                             \
        Compare(dev.Transform(x, n, 1, k, &st), Reference(x, n, k),                              \
                "2^" + std::to_string(__builtin_ctzll(n)) + " " + sim::ntt::KindName(k));        \
        CHECK(st.passes == 2);                                                                   \
        CheckCounters(st);                                                                       \
      }                                                                                          \
    }                                                                                            \
  }                                                                                              \
  TEST_CASE(#TOP ": bad sizes get a clear error", "[rtl][ntt]") {                                \
    Dev_##TOP dev({#TOP});                                                                       \
    std::vector<Fr> x(12);                                                                       \
    CHECK_THROWS_WITH(dev.Transform(x, 12, 1, Kind::kForward),                                   \
                      Catch::Contains("not a power of two"));                                    \
    std::vector<Fr> one(1);                                                                      \
    CHECK_THROWS_WITH(dev.Transform(one, 1, 1, Kind::kForward),                                  \
                      Catch::Contains("not a power of two >= 2"));                               \
    CHECK_THROWS_WITH(sim::ntt::CheckSize(size_t{1} << 25, Dev_##TOP::kLogMax),                  \
                      Catch::Contains("exceeds the maximum of the NTT unit, 2^24"));             \
  }                                                                                              \
  TEST_CASE(#TOP ": stage hazards drain only below NoDrainMin", "[rtl][ntt]") {                  \
    Dev_##TOP dev({#TOP});                                                                       \
    std::mt19937_64 rng = sim::Rng(#TOP " hazard");                                              \
    constexpr unsigned kMin = V##TOP##_##TOP::NoDrainMin;                                        \
    constexpr unsigned kLanes = V##TOP##_##TOP::Lanes;                                           \
    for (unsigned log_n : {3u, 8u, 10u, 12u}) {                                                  \
      const size_t n = size_t{1} << log_n;                                                       \
      const std::vector<Fr> x = RandomVector(n, rng);                                            \
      RunStats st;                                                                               \
      Compare(dev.Transform(x, n, 1, Kind::kForward, &st), Reference(x, n, Kind::kForward),      \
              "2^" + std::to_string(log_n));                                                     \
      const bool drains = n / (4 * kLanes) < kMin;                                               \
      INFO("2^" << log_n << ": " << st.hazard << " hazard cycles, NoDrainMin " << kMin);         \
      CHECK((st.hazard > 0) == drains);                                                          \
      /* a drain waits at least for the butterfly latency, once per stage boundary */            \
      if (drains) CHECK(st.hazard >= (log_n - 1) * (V##TOP##_##TOP::BfLatency / 2));             \
    }                                                                                            \
  }                                                                                              \
  TEST_CASE(#TOP ": utilization, 2^12 on chip and 2^16 four-step, memory model included",        \
            "[rtl][ntt][perf][long]") {                                                             \
    Dev_##TOP dev({#TOP});                                                                       \
    std::mt19937_64 rng = sim::Rng(#TOP " utilization");                                         \
    std::cout << #TOP ": memory model " << dev.options().mem.Describe() << std::endl;           \
    {                                                                                            \
      const std::vector<Fr> x = RandomVector(4096, rng);                                         \
      RunStats st;                                                                               \
      Compare(dev.Transform(x, 4096, 1, Kind::kForward, &st),                                    \
              Reference(x, 4096, Kind::kForward), "2^12");                                       \
      Report(#TOP ": one 2^12 forward transform (cold: load, compute, unload)", st);             \
      CHECK(st.Utilization() > 0.5);                                                             \
    }                                                                                            \
    {                                                                                            \
      const std::vector<Fr> x = RandomVector(8 * 4096, rng);                                     \
      RunStats st;                                                                               \
      Compare(dev.Transform(x, 4096, 8, Kind::kForward, &st),                                    \
              Reference(x, 4096, Kind::kForward), "8 x 2^12");                                   \
      Report(#TOP ": 8 back-to-back 2^12 forward transforms", st);                               \
      CHECK(st.Utilization() >= 0.95);                                                           \
    }                                                                                            \
    {                                                                                            \
      const std::vector<Fr> x = RandomVector(size_t{1} << 16, rng);                              \
      RunStats st;                                                                               \
      Compare(dev.Transform(x, size_t{1} << 16, 1, Kind::kForward, &st),                         \
              Reference(x, size_t{1} << 16, Kind::kForward), "2^16");                            \
      Report(#TOP ": one 2^16 four-step forward transform", st);                                 \
      CHECK(st.Utilization() >= 0.95);                                                           \
    }                                                                                            \
  }                                                                                              \
  TEST_CASE(#TOP ": four-step 2^14, four kinds, vs zkacc::Ntt", "[rtl][ntt][long]") {           \
    Dev_##TOP dev({#TOP});                                                                       \
    std::mt19937_64 rng = sim::Rng(#TOP " four-step 2^14");                                      \
    for (Kind k : kKinds) {                                                                      \
      const std::vector<Fr> x = RandomVector(size_t{1} << 14, rng);                              \
      RunStats st;                                                                               \
      Compare(dev.Transform(x, size_t{1} << 14, 1, k, &st), Reference(x, size_t{1} << 14, k),    \
              std::string("2^14 ") + sim::ntt::KindName(k));                                     \
      CheckCounters(st);                                                                         \
    }                                                                                            \
  }                                                                                              \
  TEST_CASE(#TOP ": ntt_n65536.txt by four-step, four columns", "[rtl][ntt][long]") {            \
    Dev_##TOP dev({#TOP});                                                                       \
    VectorFileTest(dev, "ntt_n65536.txt");                                                       \
  }

#if ZKACC_HAVE_zkacc_ntt_bn254_fr_l1
// One lane: the random back-pressure and four-step runs only under the label "long" (the two
// lanes' top runs them by default); the utilization figures of both tops are "long".
ZKACC_NTT_TESTS(zkacc_ntt_bn254_fr_l1, "[long]")
#endif
#if ZKACC_HAVE_zkacc_ntt_bn254_fr_l2
ZKACC_NTT_TESTS(zkacc_ntt_bn254_fr_l2, "")
#endif

}  // namespace
}  // namespace zkacc
