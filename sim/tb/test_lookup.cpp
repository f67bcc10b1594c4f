// SPDX-License-Identifier: Apache-2.0
//
// Testbench of the multiplicity engine zkacc_hist (rtl/lookup): counts of a stream of table
// indices, as integers and as BN254 Fr (Montgomery form), against a CPU count
// (zkacc::quant::Histogram) and bn254::Fr::FromU64 (host-lib), for uniform, all-equal and
// Zipf-like indices; random valid/ready, random lane masks, indices outside the pass window,
// partitioned passes over a table larger than one window; throughput at full rate.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "tb_util.h"
#include "zkacc/params.h"
#include "zkacc/quant.h"
#include "zkacc/sim/harness.h"
#include "zkacc/sim/stream.h"
#include "zkacc/sim/wide.h"

#include "Vzkacc_hist.h"
#include "Vzkacc_hist_zkacc_hist.h"

namespace zkacc {
namespace {

using Top = Vzkacc_hist;
using Params = Vzkacc_hist_zkacc_hist;
using sim::Harness;
using quant::IndexDist;

constexpr unsigned kLanes = 2;  // the unit top's Lanes (in_mask_i is kLanes bits wide)
static_assert(sizeof(Top::in_idx_i) * 8 == 32 * kLanes, "in_idx_i is Lanes x 32 bits");

struct InWord {
  uint32_t mask = 0;
  uint32_t idx[kLanes] = {};
};
struct OutWord {
  uint32_t count = 0;
  Limbs<4> fr{};
  bool operator==(const OutWord& o) const { return count == o.count && fr == o.fr; }
};

struct Stats {
  uint64_t cycles, indices, skipped, stall_busy, idle, stall_out;
};
Stats ReadStats(Top& t) {
  return {t.stat_cycles_o,      t.stat_indices_o, t.stat_skipped_o,
          t.stat_stall_busy_o,  t.stat_idle_o,    t.stat_stall_out_o};
}

struct PassResult {
  std::vector<OutWord> out;
  sim::StreamStats in;
  Stats before{}, after{};
};

// One pass: the index words through the window [base, base + entries), then the readout.
PassResult RunPass(Harness<Top>& h, std::mt19937_64& rng, const std::vector<InWord>& words,
                   uint32_t base, uint32_t entries, sim::Traffic traffic) {
  Top& t = h.dut();
  t.cfg_base_i = base;
  t.cfg_entries_i = entries;
  t.rd_start_i = 0;
  h.RunUntil([&] { return !t.busy_o; }, "the end of the clear sweep / readout", 1u << 20);
  PassResult r;
  r.before = ReadStats(t);
  sim::StreamDriver<InWord> driver(
      "hist input", t.in_valid_i, t.in_ready_o,
      [&t](const InWord& w) {
        t.in_mask_i = w.mask;
        t.in_idx_i = uint64_t{w.idx[0]} | (uint64_t{w.idx[1]} << 32);
      },
      rng, traffic.p_valid);
  driver.set_scramble([&t, &rng] {
    t.in_mask_i = rng() & 3;
    t.in_idx_i = rng();
  });
  sim::StreamMonitor<OutWord> monitor(
      "hist output", t.out_valid_o, t.out_ready_i,
      [&t] { return OutWord{t.out_count_o, sim::FromWide<4>(t.out_fr_o)}; }, rng,
      traffic.p_ready);
  driver.Push(words.begin(), words.end());
  h.Attach(&driver);
  h.Attach(&monitor);
  struct Detach {
    Harness<Top>& h;
    sim::Agent* a;
    sim::Agent* b;
    ~Detach() {
      h.Detach(a);
      h.Detach(b);
    }
  } detach{h, &driver, &monitor};
  h.RunUntil([&] { return driver.idle(); }, "all index words taken", 100 * words.size() + 1000);
  r.in = driver.stats();
  t.rd_start_i = 1;
  h.Tick();
  t.rd_start_i = 0;
  h.RunUntil([&] { return monitor.count() == entries; }, "the readout of every counter",
             100 * uint64_t{entries} + 10000);
  for (int i = 0; i < 64; ++i) {
    h.Tick();
    if (monitor.count() != entries) h.Fail("an extra readout word after the last counter");
  }
  r.out = monitor.items();
  r.after = ReadStats(t);
  return r;
}

// Words of `lanes_used` indices each (random masks if `random_masks`); the flat list of the
// indices actually sent.
std::vector<InWord> MakeWords(const std::vector<uint32_t>& indices, bool random_masks,
                              std::mt19937_64& rng, std::vector<uint32_t>* sent) {
  std::vector<InWord> words;
  size_t j = 0;
  while (j < indices.size()) {
    InWord w;
    w.mask = random_masks ? static_cast<uint32_t>(rng() % 4) : 3;
    for (unsigned l = 0; l < kLanes; ++l) {
      if (((w.mask >> l) & 1) == 0) {
        w.idx[l] = static_cast<uint32_t>(rng());  // garbage in a disabled lane
        continue;
      }
      if (j < indices.size()) {
        w.idx[l] = indices[j++];
        sent->push_back(w.idx[l]);
      } else {
        w.mask &= ~(1u << l);
        w.idx[l] = static_cast<uint32_t>(rng());
      }
    }
    words.push_back(w);
  }
  return words;
}

void CheckCounts(const PassResult& r, const std::vector<uint32_t>& sent, uint32_t base,
                 uint32_t entries) {
  std::vector<uint32_t> window;
  size_t outside = 0;
  for (uint32_t v : sent) {
    if (v - base < entries) {  // unsigned: indices below base wrap above
      window.push_back(v - base);
    } else {
      ++outside;
    }
  }
  const std::vector<uint32_t> expected = quant::Histogram(window, entries);
  REQUIRE(r.out.size() == entries);
  size_t wrong = 0;
  for (uint32_t i = 0; i < entries; ++i) {
    const Limbs<4> fr = bn254::Fr::FromU64(expected[i]).v;
    if (r.out[i].count == expected[i] && r.out[i].fr == fr) continue;
    if (wrong++ < 5) {
      UNSCOPED_INFO("entry " << i << " (index " << base + i << "): expected count "
                             << expected[i] << " = Fr " << bn254::Fr::FromU64(expected[i]).ToHex()
                             << ", got " << r.out[i].count << " = limbs "
                             << sim::tb::limbs::ToHex(r.out[i].fr));
    }
  }
  INFO(wrong << " of " << entries << " counters wrong (base " << base << ")");
  CHECK(wrong == 0);
  CHECK(r.after.indices - r.before.indices == window.size());
  CHECK(r.after.skipped - r.before.skipped == outside);
}

double IndicesPerCyclePerBank(const PassResult& r, size_t indices) {
  const uint64_t window = r.in.last_transfer - r.in.first_transfer + 1;
  return static_cast<double>(indices) / static_cast<double>(window * kLanes);
}

TEST_CASE("zkacc_hist: full rate, one index per cycle per bank on every distribution",
          "[rtl][lookup]") {
  Harness<Top> h({"zkacc_hist"});
  h.Reset();
  std::mt19937_64 rng = sim::Rng("zkacc_hist full rate");
  const uint32_t entries = 4096;
  for (IndexDist dist : {IndexDist::kEqual, IndexDist::kUniform, IndexDist::kZipf}) {
    const std::vector<uint32_t> idx = quant::RandomIndices(20000, entries, dist, rng);
    std::vector<uint32_t> sent;
    const std::vector<InWord> words = MakeWords(idx, false, rng, &sent);
    const PassResult r = RunPass(h, rng, words, 0, entries, {1.0, 1.0});
    CheckCounts(r, sent, 0, entries);
    const double rate = IndicesPerCyclePerBank(r, sent.size());
    std::cout << "zkacc_hist " << quant::IndexDistName(dist) << ": " << sent.size()
              << " indices, " << kLanes << " banks, " << rate
              << " indices/cycle/bank; readout of " << entries << " counters in "
              << (r.after.cycles - r.before.cycles) << " cycles in all (ReadLatency "
              << Params::ReadLatency << ")" << std::endl;
    CHECK(rate >= 0.95);
    CHECK(rate == 1.0);
    CHECK(r.after.stall_busy - r.before.stall_busy == 0);
  }
}

TEST_CASE("zkacc_hist: random valid/ready, lane masks, indices outside the window",
          "[rtl][lookup]") {
  Harness<Top> h({"zkacc_hist"});
  h.Reset();
  std::mt19937_64 rng = sim::Rng("zkacc_hist random");
  for (const sim::Traffic& traffic : sim::tb::RandomTraffics()) {
    for (IndexDist dist : {IndexDist::kEqual, IndexDist::kUniform, IndexDist::kZipf}) {
      INFO(traffic.Name() << ", " << quant::IndexDistName(dist));
      const uint32_t entries = 1 + static_cast<uint32_t>(rng() % 1500);
      const uint32_t base = static_cast<uint32_t>(rng() % 3000);
      // Indices over [0, base + entries + 500): some below, some above the window.
      std::vector<uint32_t> idx = quant::RandomIndices(3000, base + entries + 500, dist, rng);
      if (dist == IndexDist::kEqual) idx.assign(idx.size(), base + entries / 2);
      std::vector<uint32_t> sent;
      const std::vector<InWord> words = MakeWords(idx, true, rng, &sent);
      const PassResult r = RunPass(h, rng, words, base, entries, traffic);
      CheckCounts(r, sent, base, entries);
    }
  }
}

TEST_CASE("zkacc_hist: partitioned passes over a table larger than the window",
          "[rtl][lookup]") {
  Harness<Top> h({"zkacc_hist"});
  h.Reset();
  std::mt19937_64 rng = sim::Rng("zkacc_hist passes");
  const uint32_t table = 10000;
  const uint32_t window = 4096;
  const std::vector<uint32_t> idx = quant::RandomIndices(8000, table, IndexDist::kZipf, rng);
  std::vector<uint32_t> sent;
  const std::vector<InWord> words = MakeWords(idx, false, rng, &sent);
  for (uint32_t base = 0; base < table; base += window) {
    const uint32_t entries = std::min(window, table - base);
    const PassResult r = RunPass(h, rng, words, base, entries, {0.9, 0.8});
    CheckCounts(r, sent, base, entries);
  }
}

TEST_CASE("zkacc_hist: counts up to 2^16 entries, the full window", "[rtl][lookup][long]") {
  Harness<Top> h({"zkacc_hist"});
  h.Reset();
  std::mt19937_64 rng = sim::Rng("zkacc_hist full window");
  const uint32_t entries = 1u << 16;
  for (IndexDist dist : {IndexDist::kEqual, IndexDist::kUniform, IndexDist::kZipf}) {
    const std::vector<uint32_t> idx =
        quant::RandomIndices(sim::tb::LongRandomOps(), entries, dist, rng);
    std::vector<uint32_t> sent;
    const std::vector<InWord> words = MakeWords(idx, false, rng, &sent);
    const PassResult r = RunPass(h, rng, words, 0, entries, {1.0, 0.7});
    CheckCounts(r, sent, 0, entries);
    CHECK(IndicesPerCyclePerBank(r, sent.size()) == 1.0);
  }
}

}  // namespace
}  // namespace zkacc
