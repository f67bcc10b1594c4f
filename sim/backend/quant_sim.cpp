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
#if ZKACC_HAVE_zkacc_mm_fused
#include "Vzkacc_mm_fused.h"
#include "Vzkacc_mm_fused_zkacc_mm_fused.h"
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

namespace {

// The stream words of a layer for a P x P array (zero padding beyond k and n): one bias word
// and KT weight tiles per slab, B x KT input slices per slab.
template <size_t P>
struct LayerWords {
  static constexpr size_t kWWords = P * P * 8 / 32;
  static constexpr size_t kBWords = P * 32 / 32;
  std::vector<Words<kWWords>> w;
  std::vector<Words<kBWords>> b;
  std::vector<uint64_t> x;
  size_t kt = 0, nt = 0;
};

template <size_t P>
LayerWords<P> PackLayer(const quant::LayerShape& shape, const std::vector<int8_t>& w,
                        const std::vector<int8_t>& x, const std::vector<int32_t>& bias,
                        const quant::RequantParams& rq, size_t max_k_tiles) {
  static_assert(P * 8 == 64, "x_data_i is one 64-bit word (P = 8)");
  shape.Validate();
  rq.Validate();
  if (w.size() != shape.n * shape.k || x.size() != shape.batch * shape.k ||
      bias.size() != shape.n) {
    throw std::invalid_argument("W, x or bias does not match the layer shape");
  }
  if (shape.k > P * max_k_tiles) {
    throw std::invalid_argument("k = " + std::to_string(shape.k) + " exceeds the matmul unit's " +
                                std::to_string(P * max_k_tiles) + " (P * KtMax)");
  }
  if (shape.batch > 65535 || shape.n > 65535) {
    throw std::invalid_argument("batch " + std::to_string(shape.batch) + " or n " +
                                std::to_string(shape.n) + " exceeds the matmul unit's 65535");
  }
  LayerWords<P> lw;
  lw.kt = (shape.k + P - 1) / P;
  lw.nt = (shape.n + P - 1) / P;
  for (size_t s = 0; s < lw.nt; ++s) {
    Words<LayerWords<P>::kBWords> b;
    for (size_t j = 0; j < P && s * P + j < shape.n; ++j) {
      b.w[j] = static_cast<uint32_t>(bias[s * P + j]);
    }
    lw.b.push_back(b);
    for (size_t t = 0; t < lw.kt; ++t) {
      Words<LayerWords<P>::kWWords> ww;
      for (size_t j = 0; j < P; ++j) {
        for (size_t i = 0; i < P; ++i) {
          const size_t o = s * P + j, k = t * P + i;
          if (o < shape.n && k < shape.k) {
            SetByte(ww, j * P + i, static_cast<uint8_t>(w[o * shape.k + k]));
          }
        }
      }
      lw.w.push_back(ww);
    }
    for (size_t v = 0; v < shape.batch; ++v) {
      for (size_t t = 0; t < lw.kt; ++t) {
        uint64_t word = 0;
        for (size_t i = 0; i < P && t * P + i < shape.k; ++i) {
          word |= uint64_t{static_cast<uint8_t>(x[v * shape.k + t * P + i])} << (8 * i);
        }
        lw.x.push_back(word);
      }
    }
  }
  return lw;
}

// Streams a layer through a top with zkacc_matmul's cfg_*/w_*/b_*/x_*/out_* ports and
// collects its nt * batch result words (get(top) reads one); fills the cycle figures of r.
template <class Top, size_t P, class Out, class Get>
std::vector<Out> StreamLayer(Harness<Top>& h, const LayerWords<P>& lw,
                             const quant::LayerShape& shape, const quant::RequantParams& rq,
                             const Traffic& traffic, std::mt19937_64& rng, Get get,
                             MatmulSimResult& r) {
  constexpr size_t kWWords = LayerWords<P>::kWWords;
  constexpr size_t kBWords = LayerWords<P>::kBWords;
  Top& top = h.dut();
  top.cfg_k_tiles_i = static_cast<uint32_t>(lw.kt);
  top.cfg_batch_i = static_cast<uint32_t>(shape.batch);
  top.cfg_scale_i = rq.scale;
  top.cfg_shift_i = rq.shift;
  top.cfg_offset_i = static_cast<uint32_t>(rq.offset);
  top.cfg_idx_max_i = rq.idx_max;
  StreamDriver<Words<kWWords>> wdrv(
      h.name() + " w", top.w_valid_i, top.w_ready_o,
      [&top](const Words<kWWords>& v) { PutWords(top.w_data_i, v); }, rng, traffic.p_valid);
  StreamDriver<Words<kBWords>> bdrv(
      h.name() + " b", top.b_valid_i, top.b_ready_o,
      [&top](const Words<kBWords>& v) { PutWords(top.b_data_i, v); }, rng, traffic.p_valid);
  StreamDriver<uint64_t> xdrv(
      h.name() + " x", top.x_valid_i, top.x_ready_o,
      [&top](const uint64_t& v) { top.x_data_i = v; }, rng, traffic.p_valid);
  xdrv.set_scramble([&top, &rng] { top.x_data_i = rng(); });
  wdrv.set_scramble([&top, &rng] { RandomizeWide(top.w_data_i, rng); });
  bdrv.set_scramble([&top, &rng] { RandomizeWide(top.b_data_i, rng); });
  StreamMonitor<Out> mon(
      h.name() + " out", top.out_valid_o, top.out_ready_i, [&top, &get] { return get(top); },
      rng, traffic.p_ready);
  wdrv.Push(lw.w.begin(), lw.w.end());
  bdrv.Push(lw.b.begin(), lw.b.end());
  xdrv.Push(lw.x.begin(), lw.x.end());
  const Stopwatch watch;
  const uint64_t start = h.cycle();
  const uint64_t slices0 = top.stat_slices_o, w0 = top.stat_stall_weights_o,
                 out0 = top.stat_stall_out_o, starved0 = top.stat_starved_o;
  const size_t results = lw.nt * shape.batch;
  {
    Attached<Harness<Top>> att(h, {&wdrv, &bdrv, &xdrv, &mon});
    uint64_t last_progress = h.cycle();
    size_t seen = 0;
    while (mon.count() < results) {
      h.Tick();
      if (mon.count() != seen) {
        seen = mon.count();
        last_progress = h.cycle();
      }
      if (h.cycle() - last_progress > 100000 + 4 * lw.kt) {
        h.Fail("timeout: " + std::to_string(mon.count()) + " of " + std::to_string(results) +
               " results, " + std::to_string(xdrv.pending()) + " slices and " +
               std::to_string(wdrv.pending()) + " weight tiles pending");
      }
    }
  }
  r.cycles = h.cycle() - start;
  r.seconds = watch.Seconds();
  for (int i = 0; i < 32; ++i) {
    h.Tick();
    if (top.out_valid_o) h.Fail("an extra result after the last one");
  }
  r.array = P;
  r.slices = top.stat_slices_o - slices0;
  r.stall_weights = top.stat_stall_weights_o - w0;
  r.stall_out = top.stat_stall_out_o - out0;
  r.starved = top.stat_starved_o - starved0;
  r.useful_macs = shape.Macs();
  r.x_cycles = xdrv.transfer_cycles();
  r.out_cycles = mon.transfer_cycles();
  return mon.items();
}

// Output j of a result word of tile s, vector v -> y[v][s*P + j] (within n).
template <size_t P, class Fn>
void ForEachOutput(const quant::LayerShape& shape, size_t nt, Fn fn) {
  for (size_t s = 0; s < nt; ++s) {
    for (size_t v = 0; v < shape.batch; ++v) {
      for (size_t j = 0; j < P && s * P + j < shape.n; ++j) {
        fn(s * shape.batch + v, j, v * shape.n + s * P + j);
      }
    }
  }
}

}  // namespace

MatmulSimResult SimMatmul(const quant::LayerShape& shape, const std::vector<int8_t>& w,
                          const std::vector<int8_t>& x, const std::vector<int32_t>& bias,
                          const quant::RequantParams& rq, const Traffic& traffic,
                          std::mt19937_64& rng) {
#if ZKACC_HAVE_zkacc_matmul
  using Top = Vzkacc_matmul;
  using Params = Vzkacc_matmul_zkacc_matmul;
  constexpr size_t P = Params::ArraySize;
  const LayerWords<P> lw = PackLayer<P>(shape, w, x, bias, rq, Params::MaxKTiles);
  struct Out {
    Words<P> acc;
    Words<P / 2> idx;
    bool operator==(const Out& o) const { return acc == o.acc && idx == o.idx; }
  };
  Harness<Top> h({"zkacc_matmul"});
  h.Reset();
  MatmulSimResult r;
  const std::vector<Out> items = StreamLayer<Top, P, Out>(
      h, lw, shape, rq, traffic, rng,
      [](Top& t) { return Out{GetWords(t.out_acc_o), GetWords(t.out_idx_o)}; }, r);
  r.out.acc.assign(shape.batch * shape.n, 0);
  r.out.idx.assign(shape.batch * shape.n, 0);
  ForEachOutput<P>(shape, lw.nt, [&](size_t word, size_t j, size_t o) {
    r.out.acc[o] = static_cast<int32_t>(items[word].acc.w[j]);
    r.out.idx[o] = (items[word].idx.w[j / 2] >> (16 * (j % 2))) & 0xffff;
  });
  return r;
#else
  (void)shape, (void)w, (void)x, (void)bias, (void)rq, (void)traffic, (void)rng;
  Missing("zkacc_matmul");
#endif
}

FusedSimResult SimFused(const quant::LayerShape& shape, const std::vector<int8_t>& w,
                        const std::vector<int8_t>& x, const std::vector<int32_t>& bias,
                        const quant::RequantParams& rq, const quant::Table& table,
                        const Traffic& traffic, std::mt19937_64& rng) {
#if ZKACC_HAVE_zkacc_mm_fused
  using Top = Vzkacc_mm_fused;
  using Params = Vzkacc_mm_fused_zkacc_mm_fused;
  constexpr size_t P = Params::ArraySize;
  const LayerWords<P> lw = PackLayer<P>(shape, w, x, bias, rq, Params::MaxKTiles);
  const size_t entries = size_t{rq.idx_max} + 1;
  if (table.values.size() != entries) {
    throw std::invalid_argument("the table has " + std::to_string(table.values.size()) +
                                " entries; the requantization's index range needs " +
                                std::to_string(entries) + " (idx_max + 1)");
  }
  if (entries > (size_t{1} << Params::TableBits)) {
    throw std::invalid_argument("table of " + std::to_string(entries) +
                                " entries: the fused unit holds up to 2^" +
                                std::to_string(Params::TableBits));
  }
  struct Out {
    Words<P> acc;
    Words<P / 2> idx;
    uint64_t act;
    Words<P * 8> fr;
    bool operator==(const Out& o) const {
      return acc == o.acc && idx == o.idx && act == o.act && fr == o.fr;
    }
  };
  struct HistOut {
    uint32_t count;
    Limbs<4> fr;
    bool operator==(const HistOut& o) const { return count == o.count && fr == o.fr; }
  };
  Harness<Top> h({"zkacc_mm_fused"});
  h.Reset();
  Top& top = h.dut();
  FusedSimResult r;
  // The table, one entry per cycle (while the engine clears its counters after reset).
  const uint64_t t0 = h.cycle();
  for (size_t i = 0; i < entries; ++i) {
    top.tbl_valid_i = 1;
    top.tbl_addr_i = static_cast<uint32_t>(i);
    top.tbl_data_i = static_cast<uint8_t>(table.values[i]);
    h.Tick();
  }
  top.tbl_valid_i = 0;
  r.table_cycles = h.cycle() - t0;
  top.cfg_n_i = static_cast<uint32_t>(shape.n);
  top.rd_start_i = 0;
  h.RunUntil([&] { return !top.hist_busy_o; }, "the engine's clear sweep", 1u << 20);
  const uint64_t idx0 = top.stat_indices_o, hist0 = top.stat_stall_hist_o;
  const std::vector<Out> items = StreamLayer<Top, P, Out>(
      h, lw, shape, rq, traffic, rng,
      [](Top& t) {
        return Out{GetWords(t.out_acc_o), GetWords(t.out_idx_o), t.out_act_o,
                   GetWords(t.out_fr_o)};
      },
      r.mm);
  r.indices = top.stat_indices_o - idx0;
  r.stall_hist = top.stat_stall_hist_o - hist0;
  const size_t outs = shape.batch * shape.n;
  r.mm.out.acc.assign(outs, 0);
  r.mm.out.idx.assign(outs, 0);
  r.act.assign(outs, 0);
  r.act_fr.assign(outs, Limbs<4>{});
  ForEachOutput<P>(shape, lw.nt, [&](size_t word, size_t j, size_t o) {
    const Out& it = items[word];
    r.mm.out.acc[o] = static_cast<int32_t>(it.acc.w[j]);
    r.mm.out.idx[o] = (it.idx.w[j / 2] >> (16 * (j % 2))) & 0xffff;
    r.act[o] = static_cast<int8_t>(it.act >> (8 * j));
    for (size_t l = 0; l < 4; ++l) {
      r.act_fr[o][l] = uint64_t{it.fr.w[8 * j + 2 * l]} |
                       (uint64_t{it.fr.w[8 * j + 2 * l + 1]} << 32);
    }
  });
  // The multiplicities.
  StreamMonitor<HistOut> mon(
      "zkacc_mm_fused hist", top.hist_valid_o, top.hist_ready_i,
      [&top] { return HistOut{top.hist_count_o, FromWide<4>(top.hist_fr_o)}; }, rng,
      traffic.p_ready);
  const uint64_t r0 = h.cycle();
  {
    Attached<Harness<Top>> att(h, {&mon});
    top.rd_start_i = 1;
    h.Tick();
    top.rd_start_i = 0;
    h.RunUntil([&] { return mon.count() == entries; }, "the multiplicity readout",
               10000 + 100 * entries);
  }
  r.readout_cycles = h.cycle() - r0;
  for (int i = 0; i < 32; ++i) {
    h.Tick();
    if (top.hist_valid_o) h.Fail("an extra multiplicity after the last table entry");
  }
  for (const HistOut& o : mon.items()) {
    r.counts.push_back(o.count);
    r.count_fr.push_back(o.fr);
  }
  return r;
#else
  (void)shape, (void)w, (void)x, (void)bias, (void)rq, (void)table, (void)traffic, (void)rng;
  Missing("zkacc_mm_fused");
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
