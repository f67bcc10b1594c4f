// SPDX-License-Identifier: Apache-2.0
//
// Self-test of the Verilator harness (sim/harness) on tb_pipe_example, a throwaway pipelined
// adder, and of the stream agents on hand-driven signals (a misbehaving producer, a consumer
// that never gets its data).
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "Vtb_pipe_example.h"
#include "Vtb_pipe_example_tb_pipe_example.h"
#include "tb_util.h"
#include "zkacc/sim/harness.h"
#include "zkacc/sim/stream.h"
#include "zkacc/sim/wide.h"

namespace zkacc::sim {
namespace {

using Catch::Matchers::Contains;
namespace limbs = ::zkacc::detail;
using Pipe = Vtb_pipe_example;
using Limbs4 = Limbs<4>;

// The exported Latency (localparam ... /*verilator public*/) is a compile-time constant.
constexpr uint64_t kLatency = Vtb_pipe_example_tb_pipe_example::Latency;
static_assert(kLatency == 3, "tb_pipe_example has 3 stages by default");

struct In {
  Limbs4 a, b;
  uint32_t tag;
};
struct Out {
  Limbs4 r;
  uint32_t tag;
  bool operator==(const Out& o) const { return r == o.r && tag == o.tag; }
};

Limbs4 Add256(const Limbs4& a, const Limbs4& b) {  // mod 2^256
  Limbs4 s{};
  uint64_t c = 0;
  for (size_t i = 0; i < 4; ++i) s[i] = limbs::Adc(a[i], b[i], c);
  return s;
}

std::vector<In> RandomInputs(size_t n, std::mt19937_64& rng) {
  std::vector<In> v(n);
  for (In& x : v) {
    for (auto& w : x.a) w = rng();
    for (auto& w : x.b) w = rng();
    x.tag = static_cast<uint32_t>(rng());
  }
  return v;
}

StreamRun<Out> Run(Harness<Pipe>& h, const std::vector<In>& in, const Traffic& t,
                   std::mt19937_64& rng) {
  return RunStream<Out>(
      h, in, t, rng,
      [](Pipe& top, const In& x) {
        ToWide(top.in_a_i, x.a);
        ToWide(top.in_b_i, x.b);
        top.in_tag_i = x.tag;
      },
      [](Pipe& top) {
        return Out{FromWide<4>(top.out_r_o), top.out_tag_o};
      },
      [&rng](Pipe& top) {
        RandomizeWide(top.in_a_i, rng);
        RandomizeWide(top.in_b_i, rng);
        top.in_tag_i = static_cast<uint32_t>(rng());
      });
}

void CheckValues(const std::vector<In>& in, const StreamRun<Out>& run) {
  REQUIRE(run.outputs.size() == in.size());
  size_t wrong = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    if (!(run.outputs[i] == Out{Add256(in[i].a, in[i].b), in[i].tag})) ++wrong;
  }
  CHECK(wrong == 0);
}

TEST_CASE("harness: the example pipeline has its exported latency and one result per cycle",
          "[harness]") {
  std::mt19937_64 rng = Rng("harness full rate");
  Harness<Pipe> h({"tb_pipe_example"});
  h.Reset();

  // One input into the empty pipeline.
  const std::vector<In> one = RandomInputs(1, rng);
  const StreamRun<Out> single = Run(h, one, Traffic{1.0, 1.0}, rng);
  CheckValues(one, single);
  CHECK(single.out_cycles[0] - single.in_cycles[0] == kLatency);

  const std::vector<In> in = RandomInputs(2000, rng);
  const StreamRun<Out> run = Run(h, in, Traffic{1.0, 1.0}, rng);
  tb::Print("tb_pipe_example full rate", run);
  CheckValues(in, run);
  tb::CheckFullRate(run, tb::InOrder(in.size()), kLatency);
  // The unit takes an input every cycle, and the run lasts inputs + latency cycles.
  CHECK(run.in.last_transfer - run.in.first_transfer + 1 == in.size());
  CHECK(run.cycles == in.size() + kLatency);
}

TEST_CASE("harness: random valid/ready keep every value and the order", "[harness]") {
  std::mt19937_64 rng = Rng("harness random");
  Harness<Pipe> h({"tb_pipe_example"});
  h.Reset();
  for (const Traffic& t : tb::RandomTraffics()) {
    const std::vector<In> in = RandomInputs(1500, rng);
    const StreamRun<Out> run = Run(h, in, t, rng);
    tb::Print("tb_pipe_example " + t.Name(), run);
    CheckValues(in, run);
    CHECK(run.in.transfers == in.size());
    // With in_valid always high the pipeline stays full, so every ready cycle carries a result.
    if (t.p_valid == 1.0) CHECK(run.Throughput() == 1.0);
    if (t.p_valid < 1.0) CHECK(run.Throughput() < 1.0);  // the producer's gaps show
  }
}

TEST_CASE("harness: a consumer that never becomes ready times out naming the cycle", "[harness]") {
  std::mt19937_64 rng = Rng("harness timeout");
  Harness<Pipe> h({"tb_pipe_example"});
  h.Reset();
  const std::vector<In> in = RandomInputs(10, rng);
  // Reset took 4 cycles; no result for 100 cycles after that fails at cycle 4 + 101.
  CHECK_THROWS_WITH(RunStream<Out>(
                        h, in, Traffic{1.0, 0.0}, rng,
                        [](Pipe& top, const In& x) {
                          ToWide(top.in_a_i, x.a);
                          ToWide(top.in_b_i, x.b);
                        },
                        [](Pipe& top) {
                          return Out{FromWide<4>(top.out_r_o), top.out_tag_o};
                        },
                        {}, 64, 100),
                    Contains("tb_pipe_example: cycle 105: timeout: no result for 100 cycles") &&
                        Contains("0 of 10 results received, 3 inputs accepted"));
  CHECK_THROWS_WITH(h.RunUntil([] { return false; }, "the impossible", 7),
                    Contains("cycle 112: timeout: the impossible did not happen within 7 cycles"));
}

TEST_CASE("harness: a failing assertion in the design becomes a SimError with the cycle",
          "[harness]") {
  Harness<Pipe> h({"tb_pipe_example"});
  h.Reset();
  h->out_ready_i = 0;
  h->in_valid_i = 1;
  h.Run(kLatency + 1);  // the pipeline fills; in_ready_o falls with in_valid_i high
  REQUIRE(h->in_ready_o == 0);
  h->in_valid_i = 0;  // breaks the stream rule: InValidHeld_A fires at the next edge
  CHECK_THROWS_WITH(h.Tick(), Contains("tb_pipe_example: cycle 8: the design reported an error"));
}

TEST_CASE("harness: the stream monitor rejects a producer that breaks the rule", "[harness]") {
  std::mt19937_64 rng(1);
  CData valid = 0, ready = 0;
  uint32_t data = 0;
  StreamMonitor<uint32_t> mon(
      "fake", valid, ready, [&data] { return data; }, rng, 0.0);
  uint64_t cycle = 0;
  const auto step = [&](bool v, uint32_t d) {
    mon.Drive(cycle);
    valid = v;
    data = d;
    mon.Sample(cycle++);
  };
  step(true, 5);  // stalled (ready probability 0)
  step(true, 5);  // held: fine
  SECTION("data changes while stalled") {
    CHECK_THROWS_WITH(step(true, 6), Contains("fake: cycle 2: data changed while valid was high"));
  }
  SECTION("valid falls while stalled") {
    CHECK_THROWS_WITH(step(false, 5), Contains("fake: cycle 2: valid fell without a transfer"));
  }
  SECTION("taken when ready rises") {
    mon.set_ready_probability(1.0);
    step(true, 5);
    step(false, 0);
    step(true, 9);
    REQUIRE(mon.items() == std::vector<uint32_t>{5, 9});
    CHECK(mon.transfer_cycles() == std::vector<uint64_t>{2, 4});
    // Ready in cycles 2, 3, 4; transfers in 2 and 4: 2 results in 3 ready cycles.
    CHECK(mon.stats().ready_in_window == 3);
    CHECK(mon.stats().Throughput() == Approx(2.0 / 3.0));
  }
}

TEST_CASE("harness: the stream driver holds valid and data until the transfer", "[harness]") {
  std::mt19937_64 rng(2);
  CData valid = 0, ready = 0;
  uint32_t data = 0;
  StreamDriver<uint32_t> drv(
      "fake", valid, ready, [&data](const uint32_t& x) { data = x; }, rng, 0.6);
  drv.set_scramble([&data] { data = 0xdeadbeef; });
  const std::vector<uint32_t> items = {1, 2, 3, 4, 5, 6, 7, 8};
  drv.Push(items.begin(), items.end());
  std::vector<uint32_t> got;
  bool was_stalled = false;
  uint32_t held = 0;
  for (uint64_t cycle = 0; cycle < 1000 && !drv.idle(); ++cycle) {
    drv.Drive(cycle);
    if (was_stalled) {
      REQUIRE(valid == 1);
      REQUIRE(data == held);
    }
    if (!valid) REQUIRE(data == 0xdeadbeef);
    ready = (rng() & 3) == 0;
    if (valid && ready) got.push_back(data);
    was_stalled = valid && !ready;
    held = data;
    drv.Sample(cycle);
  }
  CHECK(got == items);
  CHECK(drv.stats().transfers == items.size());
  CHECK(drv.transfer_cycles().size() == items.size());
}

TEST_CASE("harness: wide ports round-trip Limbs<4> and Limbs<6> at bit offsets", "[harness]") {
  std::mt19937_64 rng(3);
  VlWide<48> port;  // 1536 bits: {zzz, zz, y, x} of BLS12-381
  RandomizeWide(port, rng);
  Limbs<6> v[4];
  for (auto& x : v) {
    for (auto& w : x) w = rng();
  }
  for (size_t k = 0; k < 4; ++k) ToWide(port, v[k], 384 * k);
  for (size_t k = 0; k < 4; ++k) CHECK(FromWide<6>(port, 384 * k) == v[k]);
  CHECK(port[12] == static_cast<uint32_t>(v[1][0]));
  CHECK(port[13] == static_cast<uint32_t>(v[1][0] >> 32));
  VlWide<8> p256;
  const Limbs4 x = {1, 2, 3, 0x8000000000000000ULL};
  ToWide(p256, x);
  CHECK(p256[7] == 0x80000000u);
  CHECK(FromWide<4>(p256) == x);
  CHECK_THROWS_AS(ToWide(p256, x, 32), std::out_of_range);
  CHECK_THROWS_AS(FromWide<6>(port, 384 * 3 + 32), std::out_of_range);
  CHECK_THROWS_AS(FromWide<4>(port, 16), std::out_of_range);
}

TEST_CASE("harness: a trace file is written when asked for", "[harness]") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::filesystem::path file = dir / "tb_pipe_example.zkacc-trace-test.fst";
  std::filesystem::remove(file);
  if (!Harness<Pipe>::kCanTrace) {  // built with -DZKACC_SIM_TRACE=OFF
    CHECK_THROWS_WITH(Harness<Pipe>({"tb_pipe_example", file.string()}),
                      Contains("this model was built without --trace-fst"));
    return;
  }
  {
    Harness<Pipe> h({"tb_pipe_example", (dir / "%n.zkacc-trace-test.fst").string()});
    CHECK(h.trace_file() == file.string());
    h.Reset();
    h->in_valid_i = 1;
    h->out_ready_i = 1;
    h.Run(100);
  }
  REQUIRE(std::filesystem::exists(file));
  CHECK(std::filesystem::file_size(file) > 100);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace zkacc::sim
