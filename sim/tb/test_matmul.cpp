// SPDX-License-Identifier: Apache-2.0
//
// Testbench of the quantized matmul array zkacc_matmul (rtl/matmul): y = requant(W x + b) on
// the Verilated unit (host side: zkacc::sim::SimMatmul, which tiles and pads) against the
// straightforward CPU loops of zkacc::quant::Matmul; random and extreme int8 values (-128, 127,
// 0), shapes that are and are not multiples of the array size, random requantization
// parameters (saturating at both ends of the index range), random valid/ready on every stream;
// the exported latency and the MAC utilization at full rate.
#include <catch2/catch.hpp>

#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "tb_util.h"
#include "zkacc/quant.h"
#include "zkacc/sim/harness.h"
#include "zkacc/sim/quant_sim.h"

namespace zkacc {
namespace {

using quant::LayerShape;
using quant::RequantParams;

struct Layer {
  LayerShape shape;
  std::vector<int8_t> w, x;
  std::vector<int32_t> bias;
  RequantParams rq;
};

Layer RandomLayer(const LayerShape& shape, std::mt19937_64& rng, bool extreme) {
  Layer l;
  l.shape = shape;
  l.w = quant::RandomInt8(shape.n * shape.k, rng, extreme);
  l.x = quant::RandomInt8(shape.batch * shape.k, rng, extreme);
  l.bias.resize(shape.n);
  for (auto& b : l.bias) b = static_cast<int32_t>(rng() % 200001) - 100000;
  l.rq.scale = static_cast<uint32_t>(rng() % 65536);
  l.rq.shift = static_cast<uint32_t>(10 + rng() % 20);
  l.rq.offset = static_cast<int32_t>(rng() % 512) - 128;
  l.rq.idx_max = static_cast<uint32_t>(rng() % 1024);
  return l;
}

// Runs the layer on the unit and compares every accumulator and index with the CPU.
sim::MatmulSimResult Check(const Layer& l, const sim::Traffic& traffic, std::mt19937_64& rng) {
  const quant::MatmulResult want = quant::Matmul(l.shape, l.w, l.x, l.bias, l.rq);
  const sim::MatmulSimResult got = sim::SimMatmul(l.shape, l.w, l.x, l.bias, l.rq, traffic, rng);
  INFO("shape batch " << l.shape.batch << " x k " << l.shape.k << " x n " << l.shape.n << ", "
                      << traffic.Name() << ", scale " << l.rq.scale << " shift " << l.rq.shift
                      << " offset " << l.rq.offset << " idx_max " << l.rq.idx_max);
  size_t wrong = 0;
  for (size_t i = 0; i < want.acc.size(); ++i) {
    if (want.acc[i] == got.out.acc[i] && want.idx[i] == got.out.idx[i]) continue;
    if (wrong++ < 5) {
      UNSCOPED_INFO("y[" << i / l.shape.n << "][" << i % l.shape.n << "]: expected acc "
                         << want.acc[i] << " idx " << want.idx[i] << ", got acc "
                         << got.out.acc[i] << " idx " << got.out.idx[i]);
    }
  }
  INFO(wrong << " of " << want.acc.size() << " outputs wrong");
  CHECK(wrong == 0);
  return got;
}

TEST_CASE("zkacc_matmul: exported latency, full rate, MAC utilization", "[rtl][matmul]") {
  std::mt19937_64 rng = sim::Rng("zkacc_matmul full rate");
  const sim::MatmulUnitInfo info = sim::MatmulInfo();
  const size_t p = info.array;
  // One k-tile per vector: every slice is a vector's last; each result must come exactly
  // Latency cycles after its slice, one per cycle.
  {
    const Layer l = RandomLayer({200, p, p}, rng, false);
    const sim::MatmulSimResult r = Check(l, {1.0, 1.0}, rng);
    REQUIRE(r.out_cycles.size() == 200);
    size_t wrong = 0;
    for (size_t j = 0; j < 200; ++j) {
      if (r.out_cycles[j] - r.x_cycles[j] != info.latency) ++wrong;
    }
    INFO("exported Latency " << info.latency);
    CHECK(wrong == 0);
    CHECK(r.out_cycles.back() - r.out_cycles.front() + 1 == 200);
  }
  // Layers at least as wide as the array.
  for (const LayerShape& s : std::vector<LayerShape>{
           {64, 64, 64}, {16, 256, 64}, {32, 100, 70}, {1, 512, 64}, {8, 8 * p, 8 * p}}) {
    const Layer l = RandomLayer(s, rng, false);
    const sim::MatmulSimResult r = Check(l, {1.0, 1.0}, rng);
    std::cout << "zkacc_matmul " << p << "x" << p << ": batch " << s.batch << " k " << s.k
              << " n " << s.n << ": " << r.cycles << " cycles, " << r.useful_macs
              << " MACs, utilization " << r.Utilization() << " (slices " << r.slices
              << ", weight stalls " << r.stall_weights << ", output stalls " << r.stall_out
              << ")" << std::endl;
    if (s.k % p == 0 && s.n % p == 0 && s.batch * s.k / p >= 256) CHECK(r.Utilization() >= 0.95);
  }
}

TEST_CASE("zkacc_matmul: shapes not multiples of the array, random valid/ready",
          "[rtl][matmul]") {
  std::mt19937_64 rng = sim::Rng("zkacc_matmul shapes");
  const size_t p = sim::MatmulInfo().array;
  const std::vector<LayerShape> shapes = {
      {1, 1, 1}, {3, 7, 5}, {5, 13, 11}, {2, p + 1, p - 1}, {4, 3 * p, 2 * p + 3}, {6, 61, 9}};
  for (const sim::Traffic& traffic : sim::tb::RandomTraffics()) {
    for (const LayerShape& s : shapes) Check(RandomLayer(s, rng, false), traffic, rng);
  }
}

TEST_CASE("zkacc_matmul: extreme int8 values, saturating requantization", "[rtl][matmul]") {
  std::mt19937_64 rng = sim::Rng("zkacc_matmul extreme");
  const size_t p = sim::MatmulInfo().array;
  // All -128 times -128 over the largest K: the largest accumulator (2^14 * K) and its index
  // clamped at idx_max; all 127 times -128: the most negative, clamped at 0; zeros; the three
  // values mixed.
  const size_t kmax = sim::MatmulInfo().max_k;
  for (int8_t a : {int8_t{-128}, int8_t{127}, int8_t{0}}) {
    for (int8_t b : {int8_t{-128}, int8_t{127}, int8_t{0}}) {
      Layer l = RandomLayer({3, kmax, p + 2}, rng, false);
      std::fill(l.w.begin(), l.w.end(), a);
      std::fill(l.x.begin(), l.x.end(), b);
      l.rq = {65535, 20, 100, 255};
      Check(l, {0.9, 0.9}, rng);
    }
  }
  for (int rep = 0; rep < 4; ++rep) {
    Layer l = RandomLayer({5, 40 + rng() % 80, 3 + rng() % 20}, rng, true);
    Check(l, {0.7, 0.6}, rng);
  }
  // Requantization edges: shift 0 (no rounding), the widest shift, scale 0, negative offsets.
  for (const RequantParams rq : {RequantParams{1, 0, 0, 65535}, RequantParams{65535, 47, 0, 9},
                                 RequantParams{0, 5, 7, 100}, RequantParams{300, 8, -50, 1000},
                                 RequantParams{1, 1, 0, 0}}) {
    Layer l = RandomLayer({4, 2 * p + 5, p + 1}, rng, false);
    l.rq = rq;
    Check(l, {1.0, 0.5}, rng);
  }
}

TEST_CASE("zkacc_matmul: many random layers", "[rtl][matmul][long]") {
  std::mt19937_64 rng = sim::Rng("zkacc_matmul long");
  for (int rep = 0; rep < 40; ++rep) {
    const LayerShape s{1 + rng() % 40, 1 + rng() % 300, 1 + rng() % 40};
    const auto traffics = sim::tb::RandomTraffics();
    Check(RandomLayer(s, rng, rep % 4 == 0), traffics[rep % traffics.size()], rng);
  }
}

}  // namespace
}  // namespace zkacc
