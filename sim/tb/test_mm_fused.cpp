// SPDX-License-Identifier: Apache-2.0
//
// Testbench of the fused layer zkacc_mm_fused (rtl/matmul): matmul -> requantize -> table
// lookup (ReLU, GELU-like, sigmoid; loaded at run time) -> activations written out and counted
// in the multiplicity engine; against the CPU (zkacc::quant::Matmul, Activate, Histogram) and
// bn254::Fr for every activation and multiplicity; random valid/ready, shapes that are and are
// not multiples of the array.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "tb_util.h"
#include "zkacc/params.h"
#include "zkacc/quant.h"
#include "zkacc/sim/harness.h"
#include "zkacc/sim/quant_sim.h"

namespace zkacc {
namespace {

using quant::LayerShape;
using quant::RequantParams;
using quant::TableKind;

void CheckFused(const LayerShape& s, TableKind kind, uint32_t entries, const sim::Traffic& traffic,
                std::mt19937_64& rng) {
  const std::vector<int8_t> w = quant::RandomInt8(s.n * s.k, rng);
  const std::vector<int8_t> x = quant::RandomInt8(s.batch * s.k, rng);
  std::vector<int32_t> bias(s.n);
  for (auto& b : bias) b = static_cast<int32_t>(rng() % 20001) - 10000;
  // Spread the accumulators (standard deviation ~74^2 sqrt(k) for uniform int8) over the
  // table: q = acc * scale / 2^14 with a standard deviation of about entries / 4 (times a
  // random factor 0.5 .. 2), so that most entries are hit and a few values clamp.
  const double spread = (0.5 + 1.5 * static_cast<double>(rng() % 1000) / 1000.0) * 0.75 *
                        entries / std::sqrt(static_cast<double>(s.k));
  const RequantParams rq{static_cast<uint32_t>(std::clamp(spread, 1.0, 65535.0)), 14,
                         static_cast<int32_t>(entries / 2), entries - 1};
  const quant::Table table = quant::MakeTable(kind, entries, rq.offset);

  const quant::MatmulResult want = quant::Matmul(s, w, x, bias, rq);
  const std::vector<int8_t> act = quant::Activate(want.idx, table);
  const std::vector<uint32_t> counts = quant::Histogram(want.idx, entries);
  const sim::FusedSimResult got = sim::SimFused(s, w, x, bias, rq, table, traffic, rng);

  INFO("shape batch " << s.batch << " k " << s.k << " n " << s.n << ", table "
                      << quant::TableKindName(kind) << " of " << entries << " entries, "
                      << traffic.Name());
  size_t wrong = 0;
  for (size_t i = 0; i < want.acc.size(); ++i) {
    const Limbs<4> fr = quant::FrOfInt(act[i]).v;
    if (got.mm.out.acc[i] == want.acc[i] && got.mm.out.idx[i] == want.idx[i] &&
        got.act[i] == act[i] && got.act_fr[i] == fr) {
      continue;
    }
    if (wrong++ < 5) {
      UNSCOPED_INFO("output " << i << ": expected acc " << want.acc[i] << " idx " << want.idx[i]
                              << " act " << int{act[i]} << " (Fr " << quant::FrOfInt(act[i]).ToHex()
                              << "), got acc " << got.mm.out.acc[i] << " idx "
                              << got.mm.out.idx[i] << " act " << int{got.act[i]} << " (limbs "
                              << sim::tb::limbs::ToHex(got.act_fr[i]) << ")");
    }
  }
  INFO(wrong << " of " << want.acc.size() << " outputs wrong");
  CHECK(wrong == 0);
  REQUIRE(got.counts.size() == entries);
  size_t wrong_counts = 0;
  for (uint32_t i = 0; i < entries; ++i) {
    if (got.counts[i] == counts[i] && got.count_fr[i] == bn254::Fr::FromU64(counts[i]).v) continue;
    if (wrong_counts++ < 5) {
      UNSCOPED_INFO("multiplicity of entry " << i << ": expected " << counts[i] << ", got "
                                             << got.counts[i]);
    }
  }
  INFO(wrong_counts << " of " << entries << " multiplicities wrong");
  CHECK(wrong_counts == 0);
  CHECK(got.indices == want.idx.size());
  size_t hit = 0;
  for (uint32_t c : counts) hit += c > 0;
  INFO("table entries hit: " << hit << " of " << entries);
  CHECK(hit >= std::min<size_t>(entries, want.idx.size()) / 8);  // a spread, not two clamps
  if (traffic.p_valid == 1.0 && traffic.p_ready == 1.0) {
    std::cout << "zkacc_mm_fused " << quant::TableKindName(kind) << ": batch " << s.batch << " k "
              << s.k << " n " << s.n << ": " << got.mm.cycles << " cycles, MAC utilization "
              << got.mm.Utilization() << ", " << got.indices << " indices counted, readout of "
              << entries << " multiplicities in " << got.readout_cycles << " cycles"
              << std::endl;
  }
}

TEST_CASE("zkacc_mm_fused: layer, activations and multiplicities at full rate", "[rtl][fused]") {
  std::mt19937_64 rng = sim::Rng("zkacc_mm_fused full rate");
  CheckFused({32, 64, 64}, TableKind::kRelu, 256, {1.0, 1.0}, rng);
  CheckFused({16, 128, 64}, TableKind::kGelu, 1024, {1.0, 1.0}, rng);
  CheckFused({8, 8, 64}, TableKind::kSigmoid, 4096, {1.0, 1.0}, rng);  // k = P: 1 slice
}

TEST_CASE("zkacc_mm_fused: odd shapes, random valid/ready", "[rtl][fused]") {
  std::mt19937_64 rng = sim::Rng("zkacc_mm_fused random");
  const std::vector<LayerShape> shapes = {{1, 1, 1}, {3, 13, 11}, {5, 30, 17}};
  const TableKind kinds[] = {TableKind::kRelu, TableKind::kGelu, TableKind::kSigmoid};
  size_t c = 0;
  for (const sim::Traffic& traffic : sim::tb::RandomTraffics()) {
    for (const LayerShape& s : shapes) {
      CheckFused(s, kinds[c % 3], 64 + static_cast<uint32_t>(rng() % 400), traffic, rng);
      ++c;
    }
  }
}

}  // namespace
}  // namespace zkacc
