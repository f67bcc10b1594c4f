// SPDX-License-Identifier: Apache-2.0
//
// Quantized layers and histograms on the Verilated matmul/lookup units (zkacc/sim/quant_sim.h).
#include "zkacc/sim/quant_sim.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "zkacc/sim/harness.h"
#include "zkacc/sim/wide.h"

#if ZKACC_HAVE_zkacc_matmul
#include "Vzkacc_matmul.h"
#include "Vzkacc_matmul_zkacc_matmul.h"
#endif
#if ZKACC_HAVE_zkacc_hist
#include "Vzkacc_hist.h"
#include "Vzkacc_hist_zkacc_hist.h"
#endif

namespace zkacc::sim {
namespace {

[[noreturn, maybe_unused]] void Missing(const std::string& top) {
  throw std::runtime_error("the sim backend was built without " + top +
                           " (its top was not in rtl/ when the build was configured)");
}

// Detaches agents when a run ends (also by an exception).
template <class H>
struct Attached {
  H& h;
  std::vector<Agent*> agents;
  Attached(H& h_, std::vector<Agent*> a) : h(h_), agents(std::move(a)) {
    for (Agent* x : agents) h.Attach(x);
  }
  ~Attached() {
    for (Agent* x : agents) h.Detach(x);
  }
};

template <size_t W>
struct Words {
  std::array<uint32_t, W> w{};
  bool operator==(const Words& o) const { return w == o.w; }
};
template <size_t W, size_t N>
void PutWords(VlWide<N>& port, const Words<W>& v) {
  static_assert(W == N, "word count of the port");
  for (size_t i = 0; i < W; ++i) port[i] = v.w[i];
}
template <size_t N>
Words<N> GetWords(const VlWide<N>& port) {
  Words<N> v;
  for (size_t i = 0; i < N; ++i) v.w[i] = port[i];
  return v;
}
template <size_t W>
void SetByte(Words<W>& v, size_t byte, uint8_t b) {
  v.w[byte / 4] |= uint32_t{b} << (8 * (byte % 4));
}

}  // namespace

bool HaveMatmulModel() {
#if ZKACC_HAVE_zkacc_matmul
  return true;
#else
  return false;
#endif
}
bool HaveHistModel() {
#if ZKACC_HAVE_zkacc_hist
  return true;
#else
  return false;
#endif
}
bool HaveFusedModel() {
#if ZKACC_HAVE_zkacc_mm_fused
  return true;
#else
  return false;
#endif
}

MatmulUnitInfo MatmulInfo() {
#if ZKACC_HAVE_zkacc_matmul
  using Params = Vzkacc_matmul_zkacc_matmul;
  return {Params::ArraySize, Params::ArraySize * Params::MaxKTiles, Params::Latency};
#else
  Missing("zkacc_matmul");
#endif
}

MatmulSimResult SimMatmul(const quant::LayerShape& shape, const std::vector<int8_t>& w,
                          const std::vector<int8_t>& x, const std::vector<int32_t>& bias,
                          const quant::RequantParams& rq, const Traffic& traffic,
                          std::mt19937_64& rng) {
#if ZKACC_HAVE_zkacc_matmul
  using Top = Vzkacc_matmul;
  using Params = Vzkacc_matmul_zkacc_matmul;
  constexpr size_t P = Params::ArraySize;
  constexpr size_t kWWords = P * P * 8 / 32;
  constexpr size_t kBWords = P * 32 / 32;
  constexpr size_t kAccWords = P * 32 / 32;
  constexpr size_t kIdxWords = P * 16 / 32;
  static_assert(P * 8 == 64, "x_data_i is one 64-bit word (P = 8)");
  shape.Validate();
  rq.Validate();
  if (w.size() != shape.n * shape.k || x.size() != shape.batch * shape.k ||
      bias.size() != shape.n) {
    throw std::invalid_argument("SimMatmul: W, x or bias does not match the shape");
  }
  if (shape.k > P * Params::MaxKTiles) {
    throw std::invalid_argument("k = " + std::to_string(shape.k) + " exceeds the matmul unit's " +
                                std::to_string(P * Params::MaxKTiles) + " (P * KtMax)");
  }
  if (shape.batch > 65535) {
    throw std::invalid_argument("batch " + std::to_string(shape.batch) +
                                " exceeds the matmul unit's 65535");
  }
  const size_t kt = (shape.k + P - 1) / P;
  const size_t nt = (shape.n + P - 1) / P;

  // Stream words (zero padding beyond k and n).
  std::vector<Words<kWWords>> wwords;
  std::vector<Words<kBWords>> bwords;
  std::vector<uint64_t> xwords;
  for (size_t s = 0; s < nt; ++s) {
    Words<kBWords> b;
    for (size_t j = 0; j < P && s * P + j < shape.n; ++j) {
      b.w[j] = static_cast<uint32_t>(bias[s * P + j]);
    }
    bwords.push_back(b);
    for (size_t t = 0; t < kt; ++t) {
      Words<kWWords> ww;
      for (size_t j = 0; j < P; ++j) {
        for (size_t i = 0; i < P; ++i) {
          const size_t o = s * P + j, k = t * P + i;
          if (o < shape.n && k < shape.k) {
            SetByte(ww, j * P + i, static_cast<uint8_t>(w[o * shape.k + k]));
          }
        }
      }
      wwords.push_back(ww);
    }
    for (size_t v = 0; v < shape.batch; ++v) {
      for (size_t t = 0; t < kt; ++t) {
        uint64_t word = 0;
        for (size_t i = 0; i < P && t * P + i < shape.k; ++i) {
          word |= uint64_t{static_cast<uint8_t>(x[v * shape.k + t * P + i])} << (8 * i);
        }
        xwords.push_back(word);
      }
    }
  }

  Harness<Top> h({"zkacc_matmul"});
  h.Reset();
  Top& top = h.dut();
  top.cfg_k_tiles_i = static_cast<uint32_t>(kt);
  top.cfg_batch_i = static_cast<uint32_t>(shape.batch);
  top.cfg_scale_i = rq.scale;
  top.cfg_shift_i = rq.shift;
  top.cfg_offset_i = static_cast<uint32_t>(rq.offset);
  top.cfg_idx_max_i = rq.idx_max;

  struct Out {
    Words<kAccWords> acc;
    Words<kIdxWords> idx;
    bool operator==(const Out& o) const { return acc == o.acc && idx == o.idx; }
  };
  StreamDriver<Words<kWWords>> wdrv(
      "matmul w", top.w_valid_i, top.w_ready_o,
      [&top](const Words<kWWords>& v) { PutWords(top.w_data_i, v); }, rng, traffic.p_valid);
  StreamDriver<Words<kBWords>> bdrv(
      "matmul b", top.b_valid_i, top.b_ready_o,
      [&top](const Words<kBWords>& v) { PutWords(top.b_data_i, v); }, rng, traffic.p_valid);
  StreamDriver<uint64_t> xdrv(
      "matmul x", top.x_valid_i, top.x_ready_o, [&top](const uint64_t& v) { top.x_data_i = v; },
      rng, traffic.p_valid);
  xdrv.set_scramble([&top, &rng] { top.x_data_i = rng(); });
  wdrv.set_scramble([&top, &rng] { RandomizeWide(top.w_data_i, rng); });
  bdrv.set_scramble([&top, &rng] { RandomizeWide(top.b_data_i, rng); });
  StreamMonitor<Out> mon(
      "matmul out", top.out_valid_o, top.out_ready_i,
      [&top] { return Out{GetWords(top.out_acc_o), GetWords(top.out_idx_o)}; }, rng,
      traffic.p_ready);
  wdrv.Push(wwords.begin(), wwords.end());
  bdrv.Push(bwords.begin(), bwords.end());
  xdrv.Push(xwords.begin(), xwords.end());
  const Stopwatch watch;
  const uint64_t start = h.cycle();
  const uint64_t stat0_cycles = top.stat_cycles_o;
  const size_t results = nt * shape.batch;
  {
    Attached<Harness<Top>> att(h, {&wdrv, &bdrv, &xdrv, &mon});
    uint64_t last_progress = h.cycle();
    size_t seen = 0;
    while (mon.count() < results) {
      h.Tick();
      if (mon.count() != seen || xdrv.pending() + wdrv.pending() != 0) {
        if (mon.count() != seen) last_progress = h.cycle();
        seen = mon.count();
      }
      if (h.cycle() - last_progress > 100000 + 4 * kt) {
        h.Fail("timeout: " + std::to_string(mon.count()) + " of " + std::to_string(results) +
               " results, " + std::to_string(xdrv.pending()) + " slices and " +
               std::to_string(wdrv.pending()) + " weight tiles pending");
      }
    }
  }
  MatmulSimResult r;
  r.cycles = h.cycle() - start;
  r.seconds = watch.Seconds();
  for (int i = 0; i < 32; ++i) {
    h.Tick();
    if (top.out_valid_o) h.Fail("an extra result after the last one");
  }
  (void)stat0_cycles;
  r.x_cycles = xdrv.transfer_cycles();
  r.out_cycles = mon.transfer_cycles();
  r.array = P;
  r.slices = top.stat_slices_o;
  r.stall_weights = top.stat_stall_weights_o;
  r.stall_out = top.stat_stall_out_o;
  r.starved = top.stat_starved_o;
  r.useful_macs = shape.Macs();
  r.out.acc.assign(shape.batch * shape.n, 0);
  r.out.idx.assign(shape.batch * shape.n, 0);
  const std::vector<Out>& items = mon.items();
  for (size_t s = 0; s < nt; ++s) {
    for (size_t v = 0; v < shape.batch; ++v) {
      const Out& o = items[s * shape.batch + v];
      for (size_t j = 0; j < P && s * P + j < shape.n; ++j) {
        r.out.acc[v * shape.n + s * P + j] = static_cast<int32_t>(o.acc.w[j]);
        r.out.idx[v * shape.n + s * P + j] = (o.idx.w[j / 2] >> (16 * (j % 2))) & 0xffff;
      }
    }
  }
  return r;
#else
  (void)shape, (void)w, (void)x, (void)bias, (void)rq, (void)traffic, (void)rng;
  Missing("zkacc_matmul");
#endif
}

HistSimResult SimHistogram(const std::vector<uint32_t>& indices, uint64_t entries,
                           const Traffic& traffic, std::mt19937_64& rng) {
#if ZKACC_HAVE_zkacc_hist
  using Top = Vzkacc_hist;
  constexpr unsigned kLanes = 2;
  static_assert(sizeof(Top::in_idx_i) * 8 == 32 * kLanes, "in_idx_i is Lanes x 32 bits");
  constexpr uint64_t kWindow = uint64_t{1} << 16;  // IdxW = 16
  if (entries == 0 || entries > (uint64_t{1} << 32)) {
    throw std::invalid_argument("table of " + std::to_string(entries) +
                                " entries: 1 .. 2^32 supported");
  }
  if (indices.size() >= (uint64_t{1} << 32)) {
    throw std::invalid_argument("more than 2^32 - 1 indices in one histogram");
  }
  for (size_t j = 0; j < indices.size(); ++j) {
    if (indices[j] >= entries) {
      throw std::invalid_argument("index " + std::to_string(indices[j]) + " at position " +
                                  std::to_string(j) + " is outside the table of " +
                                  std::to_string(entries) + " entries");
    }
  }
  struct InWord {
    uint32_t mask;
    uint64_t idx;
  };
  std::vector<InWord> words;
  for (size_t j = 0; j < indices.size(); j += kLanes) {
    const bool two = j + 1 < indices.size();
    words.push_back({two ? 3u : 1u, uint64_t{indices[j]} |
                                        (two ? uint64_t{indices[j + 1]} << 32 : uint64_t{0})});
  }
  struct OutWord {
    uint32_t count;
    Limbs<4> fr;
    bool operator==(const OutWord& o) const { return count == o.count && fr == o.fr; }
  };

  HistSimResult r;
  r.banks = kLanes;
  r.window = static_cast<unsigned>(kWindow);
  Harness<Top> h({"zkacc_hist"});
  h.Reset();
  Top& top = h.dut();
  h.RunUntil([&] { return !top.busy_o; }, "the clear sweep after reset", 2 * kWindow);
  const Stopwatch watch;
  const uint64_t start = h.cycle();
  const uint64_t s_idx = top.stat_indices_o, s_skip = top.stat_skipped_o,
                 s_busy = top.stat_stall_busy_o, s_out = top.stat_stall_out_o,
                 s_idle = top.stat_idle_o;
  for (uint64_t base = 0; base < entries; base += kWindow) {
    const uint64_t n = std::min(kWindow, entries - base);
    top.cfg_base_i = static_cast<uint32_t>(base);
    top.cfg_entries_i = static_cast<uint32_t>(n);
    h.RunUntil([&] { return !top.busy_o; }, "the end of the previous readout", 4 * kWindow);
    StreamDriver<InWord> drv(
        "hist input", top.in_valid_i, top.in_ready_o,
        [&top](const InWord& w) {
          top.in_mask_i = w.mask;
          top.in_idx_i = w.idx;
        },
        rng, traffic.p_valid);
    drv.set_scramble([&top, &rng] {
      top.in_mask_i = rng() & 3;
      top.in_idx_i = rng();
    });
    StreamMonitor<OutWord> mon(
        "hist output", top.out_valid_o, top.out_ready_i,
        [&top] { return OutWord{top.out_count_o, FromWide<4>(top.out_fr_o)}; }, rng,
        traffic.p_ready);
    drv.Push(words.begin(), words.end());
    Attached<Harness<Top>> att(h, {&drv, &mon});
    h.RunUntil([&] { return drv.idle(); }, "all index words taken", 1000 + 100 * words.size());
    if (drv.stats().transfers > 0) {
      r.count_cycles += drv.stats().last_transfer - drv.stats().first_transfer + 1;
    }
    top.rd_start_i = 1;
    h.Tick();
    top.rd_start_i = 0;
    h.RunUntil([&] { return mon.count() == n; }, "the readout", 10000 + 100 * n);
    for (const OutWord& o : mon.items()) {
      r.counts.push_back(o.count);
      r.fr.push_back(o.fr);
    }
    ++r.passes;
  }
  r.cycles = h.cycle() - start;
  r.seconds = watch.Seconds();
  for (int i = 0; i < 32; ++i) {
    h.Tick();
    if (top.out_valid_o) h.Fail("an extra readout word after the last counter");
  }
  r.indices = top.stat_indices_o - s_idx;
  r.skipped = top.stat_skipped_o - s_skip;
  r.stall_busy = top.stat_stall_busy_o - s_busy;
  r.stall_out = top.stat_stall_out_o - s_out;
  r.idle = top.stat_idle_o - s_idle;
  return r;
#else
  (void)indices, (void)entries, (void)traffic, (void)rng;
  Missing("zkacc_hist");
#endif
}

}  // namespace zkacc::sim
