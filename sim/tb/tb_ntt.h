// SPDX-License-Identifier: Apache-2.0
//
// The driver of the NTT unit tops (zkacc_ntt_bn254_fr_l<Lanes>): a DMA model that streams jobs
// between a device memory (with the timing of zkacc/sim/memory.h) and the unit, and the
// schedules of the four transforms of zkacc::Ntt on it - on chip up to 2^LogMax, four-step
// beyond (docs/ntt-unit.md). Used by the testbench (test_ntt.cpp) and the sim backend.
//
//   zkacc::sim::ntt::Device<Vzkacc_ntt_bn254_fr_l2, Vzkacc_ntt_bn254_fr_l2_zkacc_ntt_bn254_fr_l2>
//       dev({"zkacc_ntt_bn254_fr_l2"}, options);
//   RunStats st;
//   std::vector<bn254::Fr> y = dev.Transform(x, n, /*count=*/1, Kind::kForward, &st);
//   st.Utilization();   // butterflies per cycle per lane, memory model included
//
// The DMA: three read streams (input data, input factors, output factors) share the memory's
// read channel, in chunks of up to 64 consecutive elements, each stream prefetching at most
// `window` elements; the output goes through a write queue into the write channel. Cycles of a
// pass run from its first read request to its last write committed. Factor tables (powers of
// g = 5, four-step twiddles) are computed by the host once per size and are resident in
// device memory (their upload is not counted, like an MSM's bases); reading them is.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "zkacc/field.h"
#include "zkacc/ntt.h"
#include "zkacc/params.h"
#include "zkacc/sim/harness.h"
#include "zkacc/sim/memory.h"
#include "zkacc/sim/stream.h"
#include "zkacc/sim/wide.h"

namespace zkacc::sim::ntt {

using Fr = bn254::Fr;
using Limbs4 = Limbs<4>;
constexpr uint64_t kElemBytes = 32;

enum class Kind { kForward, kInverse, kCosetForward, kCosetInverse };
inline const char* KindName(Kind k) {
  switch (k) {
    case Kind::kForward: return "forward";
    case Kind::kInverse: return "inverse";
    case Kind::kCosetForward: return "coset forward";
    case Kind::kCosetInverse: return "coset inverse";
  }
  return "?";
}
inline bool IsInverse(Kind k) { return k == Kind::kInverse || k == Kind::kCosetInverse; }

// zkacc_ntt_pkg::Scale*.
enum ScaleMode : uint8_t { kScaleOff = 0, kScaleConst = 1, kScaleStream = 2 };

struct PassConfig {
  unsigned log_m = 0, log_b = 0;
  bool in_il = false, out_il = false, inverse = false;
  uint8_t in_mode = kScaleOff, out_mode = kScaleOff;
  Fr in_const = Fr::One(), out_const = Fr::One();
};

// Jobs of 2^(log_m + log_b) elements; element addresses (indices into device memory) in the
// order of the in stream (in, in_fac) and of the out stream (out, out_fac).
struct Pass {
  PassConfig cfg;
  std::vector<uint64_t> in, in_fac, out, out_fac;
};

struct Options {
  MemoryConfig mem;
  double p_in_valid = 1.0;   // probability the DMA offers a ready input beat in a cycle
  double p_out_ready = 1.0;  // probability the DMA takes an output beat (random back-pressure)
  size_t window = 1024;      // prefetch per read stream, elements
  size_t write_queue = 64;   // elements waiting for the write channel
  size_t chunk = 64;         // elements per read-arbitration grant (2 KB bursts)
  uint64_t stall_limit = 200000;
};

struct RunStats {
  unsigned lanes = 0;
  uint64_t cycles = 0;       // memory model included
  uint64_t butterflies = 0;  // useful butterflies (n/2 log2 n per transform)
  uint64_t core_bf = 0;      // butterflies the core issued (includes padding transforms)
  uint64_t core_busy = 0, hazard = 0, wait_in = 0, wait_out = 0;
  uint64_t passes = 0, jobs = 0;
  MemoryStats rd, wr;
  double seconds = 0;        // wall-clock time of the simulation

  double Utilization() const {
    return cycles ? static_cast<double>(butterflies) / (static_cast<double>(cycles) * lanes) : 0;
  }
  double CyclesPerSecond() const { return seconds > 0 ? cycles / seconds : 0; }
  void Add(const RunStats& o) {
    lanes = o.lanes;
    cycles += o.cycles;
    butterflies += o.butterflies;
    core_bf += o.core_bf;
    core_busy += o.core_busy;
    hazard += o.hazard;
    wait_in += o.wait_in;
    wait_out += o.wait_out;
    passes += o.passes;
    jobs += o.jobs;
    rd.accesses += o.rd.accesses;
    rd.bytes += o.rd.bytes;
    rd.bursts += o.rd.bursts;
    rd.busy_cycles += o.rd.busy_cycles;
    rd.burst_overhead += o.rd.burst_overhead;
    wr.accesses += o.wr.accesses;
    wr.bytes += o.wr.bytes;
    wr.bursts += o.wr.bursts;
    wr.busy_cycles += o.wr.busy_cycles;
    wr.burst_overhead += o.wr.burst_overhead;
    seconds += o.seconds;
  }
  std::string Describe() const;
};

inline std::string RunStats::Describe() const {
  char buf[640];
  std::snprintf(
      buf, sizeof buf,
      "%llu cycles, %llu butterflies, %.4f butterflies/cycle/lane (%u lanes); core: %llu busy, "
      "%llu issuing, %llu hazard drain, %llu waiting for input, %llu waiting for output; "
      "memory: read %.1f MB in %llu bursts (%.0f%% of cycles busy), write %.1f MB in %llu bursts "
      "(%.0f%% busy); %.0f cycles/s simulated",
      static_cast<unsigned long long>(cycles), static_cast<unsigned long long>(butterflies),
      Utilization(), lanes, static_cast<unsigned long long>(core_busy),
      static_cast<unsigned long long>(lanes ? core_bf / lanes : 0),
      static_cast<unsigned long long>(hazard), static_cast<unsigned long long>(wait_in),
      static_cast<unsigned long long>(wait_out), rd.bytes / 1e6,
      static_cast<unsigned long long>(rd.bursts),
      cycles ? 100.0 * (rd.busy_cycles + rd.burst_overhead) / cycles : 0.0, wr.bytes / 1e6,
      static_cast<unsigned long long>(wr.bursts),
      cycles ? 100.0 * (wr.busy_cycles + wr.burst_overhead) / cycles : 0.0, CyclesPerSecond());
  return buf;
}

// Checks n: a power of two, 2 <= n <= 2^(2 LogMax) (the four-step maximum). Throws
// std::invalid_argument naming the problem.
inline unsigned CheckSize(size_t n, unsigned log_max) {
  if (n < 2 || (n & (n - 1)) != 0) {
    throw std::invalid_argument("NTT size " + std::to_string(n) +
                                " is not a power of two >= 2 (the NTT unit needs n = 2^k, k >= 1)");
  }
  unsigned log_n = 0;
  while ((size_t{1} << log_n) < n) ++log_n;
  if (log_n > 2 * log_max) {
    throw std::invalid_argument("NTT size 2^" + std::to_string(log_n) +
                                " exceeds the maximum of the NTT unit, 2^" +
                                std::to_string(2 * log_max) + " (four-step over 2^" +
                                std::to_string(log_max) + "-element on-chip transforms)");
  }
  return log_n;
}

template <class VTop, class VParams>
class Device {
 public:
  static constexpr unsigned kLanes = VParams::Lanes;
  static constexpr unsigned kLogMax = VParams::LogMax;

  explicit Device(HarnessOptions hopt, Options opt = {})
      : h_(std::move(hopt)), opt_(std::move(opt)), rng_(Rng(h_.name() + " dma")) {
    h_.Reset();
  }

  Harness<VTop>& harness() { return h_; }
  Options& options() { return opt_; }

  // Runs one pass over device memory `mem`; adds its figures to `st`.
  void RunPass(std::vector<Limbs4>& mem, const Pass& p, RunStats& st);

  // `count` transforms of size n (x holds them one after the other), as zkacc::Ntt computes
  // them. n <= 2^LogMax: on chip, batched; larger: four-step, one transform after the other.
  std::vector<Fr> Transform(const std::vector<Fr>& x, size_t n, size_t count, Kind kind,
                            RunStats* st = nullptr);

 private:
  struct ReadStream {
    const std::vector<uint64_t>* addr = nullptr;
    size_t issued = 0;
    std::deque<std::pair<uint64_t, Limbs4>> q;  // ready cycle, value
    bool Ready(uint64_t now, size_t k) const {
      return q.size() >= k && q[k - 1].first <= now;
    }
  };

  Harness<VTop> h_;
  Options opt_;
  std::mt19937_64 rng_;
};

template <class VTop, class VParams>
void Device<VTop, VParams>::RunPass(std::vector<Limbs4>& mem, const Pass& p, RunStats& st) {
  VTop& t = h_.dut();
  const PassConfig& c = p.cfg;
  const size_t job = size_t{1} << (c.log_m + c.log_b);
  if (p.in.size() % job != 0 || p.out.size() != p.in.size()) {
    throw std::logic_error("ntt pass: address lists do not make whole jobs");
  }
  t.cfg_log_m_i = c.log_m;
  t.cfg_log_b_i = c.log_b;
  t.cfg_in_il_i = c.in_il;
  t.cfg_out_il_i = c.out_il;
  t.cfg_inverse_i = c.inverse;
  t.cfg_in_mode_i = c.in_mode;
  t.cfg_out_mode_i = c.out_mode;
  ToWide(t.cfg_in_const_i, c.in_const.v);
  ToWide(t.cfg_out_const_i, c.out_const.v);
  t.in_valid_i = 0;
  t.ofac_valid_i = 0;
  t.out_ready_i = 0;
  t.clr_i = 1;
  h_.Tick();
  t.clr_i = 0;

  MemoryChannel rd(opt_.mem), wr(opt_.mem);
  ReadStream s_in, s_fac, s_ofac;
  s_in.addr = &p.in;
  const bool use_fac = c.in_mode == kScaleStream, use_ofac = c.out_mode == kScaleStream;
  if (use_fac) s_fac.addr = &p.in_fac;
  if (use_ofac) s_ofac.addr = &p.out_fac;
  if ((use_fac && p.in_fac.size() != p.in.size()) ||
      (use_ofac && p.out_fac.size() != p.out.size())) {
    throw std::logic_error("ntt pass: factor address lists of the wrong length");
  }
  ReadStream* streams[3] = {&s_in, use_fac ? &s_fac : nullptr, use_ofac ? &s_ofac : nullptr};
  std::deque<std::pair<uint64_t, Limbs4>> writes;  // address, value
  size_t out_done = 0, in_beats = 0;
  const size_t beats = p.in.size() / kLanes;
  uint64_t last_commit = 0;
  int cur = -1;
  size_t chunk_left = 0;
  bool offering = false, ofac_offering = false, out_ready = false, stalled = false;
  std::vector<uint32_t> held;
  Coin in_coin(opt_.p_in_valid), out_coin(opt_.p_out_ready);

  const uint64_t start = h_.cycle();
  const Stopwatch watch;
  uint64_t last_progress = start;
  size_t progress_mark = 0;
  constexpr size_t kOutWords = sizeof(t.out_data_o) / sizeof(uint32_t);

  while (out_done < p.out.size() || !writes.empty()) {
    const uint64_t now = h_.cycle();
    // Read requests.
    while (rd.CanAccept(now)) {
      auto eligible = [&](int i) {
        ReadStream* s = streams[i];
        return s && s->issued < s->addr->size() && s->q.size() < opt_.window;
      };
      if (cur < 0 || chunk_left == 0 || !eligible(cur)) {
        cur = -1;
        for (int i = 0; i < 3; ++i) {
          if (eligible(i) && (cur < 0 || streams[i]->q.size() < streams[cur]->q.size())) cur = i;
        }
        if (cur < 0) break;
        chunk_left = opt_.chunk;
      }
      ReadStream* s = streams[cur];
      const uint64_t a = (*s->addr)[s->issued++];
      s->q.emplace_back(rd.Access(now, a * kElemBytes, kElemBytes), mem.at(a));
      --chunk_left;
      if (s->issued < s->addr->size() && (*s->addr)[s->issued] != a + 1) chunk_left = 0;
    }
    // Writes.
    while (!writes.empty() && wr.CanAccept(now)) {
      const auto [a, v] = writes.front();
      writes.pop_front();
      last_commit = std::max(last_commit, wr.Access(now, a * kElemBytes, kElemBytes));
      mem.at(a) = v;
    }
    // Input beat.
    if (!offering && in_beats < beats && s_in.Ready(now, kLanes) &&
        (!use_fac || s_fac.Ready(now, kLanes)) && in_coin.Flip(rng_)) {
      offering = true;
      for (unsigned l = 0; l < kLanes; ++l) {
        ToWide(t.in_data_i, s_in.q[l].second, 256 * l);
        if (use_fac) ToWide(t.in_fac_i, s_fac.q[l].second, 256 * l);
      }
    }
    if (!offering) {
      RandomizeWide(t.in_data_i, rng_);
      RandomizeWide(t.in_fac_i, rng_);
    }
    t.in_valid_i = offering;
    if (use_ofac && !ofac_offering && s_ofac.Ready(now, kLanes)) {
      ofac_offering = true;
      for (unsigned l = 0; l < kLanes; ++l) ToWide(t.ofac_data_i, s_ofac.q[l].second, 256 * l);
    }
    t.ofac_valid_i = ofac_offering;
    out_ready = writes.size() + kLanes <= opt_.write_queue && out_coin.Flip(rng_);
    t.out_ready_i = out_ready;

    // Settle, observe the handshakes of the coming edge.
    t.eval();
    if (offering && t.in_ready_o) {
      for (unsigned l = 0; l < kLanes; ++l) {
        s_in.q.pop_front();
        if (use_fac) s_fac.q.pop_front();
      }
      offering = false;
      ++in_beats;
    }
    if (ofac_offering && t.ofac_ready_o) {
      for (unsigned l = 0; l < kLanes; ++l) s_ofac.q.pop_front();
      ofac_offering = false;
    }
    if (stalled) {
      bool same = t.out_valid_o;
      for (size_t w = 0; same && w < kOutWords; ++w) same = t.out_data_o[w] == held[w];
      if (!same) h_.Fail("ntt out stream: valid fell or data changed while stalled");
    }
    stalled = false;
    if (t.out_valid_o) {
      if (out_ready) {
        for (unsigned l = 0; l < kLanes; ++l) {
          if (out_done >= p.out.size()) h_.Fail("ntt out stream: more results than inputs");
          writes.emplace_back(p.out[out_done++], FromWide<4>(t.out_data_o, 256 * l));
        }
      } else {
        stalled = true;
        held.assign(&t.out_data_o[0], &t.out_data_o[0] + kOutWords);
      }
    }
    h_.Tick();
    if (out_done + in_beats != progress_mark) {
      progress_mark = out_done + in_beats;
      last_progress = h_.cycle();
    } else if (h_.cycle() - last_progress > opt_.stall_limit) {
      h_.Fail("ntt pass: no progress for " + std::to_string(opt_.stall_limit) + " cycles (" +
              std::to_string(in_beats) + " of " + std::to_string(beats) + " input beats, " +
              std::to_string(out_done) + " of " + std::to_string(p.out.size()) + " results)");
    }
  }
  t.out_ready_i = 0;
  t.in_valid_i = 0;
  t.ofac_valid_i = 0;
  while (h_.cycle() < last_commit) h_.Tick();
  if (t.busy_o) h_.Fail("ntt pass: the unit is still busy after its last result");
  if (t.out_valid_o) h_.Fail("ntt pass: an extra result after the last one");
  RunStats s;
  s.lanes = kLanes;
  s.cycles = h_.cycle() - start;
  s.core_bf = t.cnt_bf_o;
  s.core_busy = t.cnt_cycles_o;
  s.hazard = t.cnt_hazard_o;
  s.wait_in = t.cnt_wait_in_o;
  s.wait_out = t.cnt_wait_out_o;
  s.passes = 1;
  s.jobs = p.in.size() / job;
  s.rd = rd.stats();
  s.wr = wr.stats();
  s.seconds = watch.Seconds();
  const uint64_t expect_bf = s.jobs * (job / 2) * c.log_m;
  if (s.core_bf != expect_bf) {
    h_.Fail("ntt pass: the butterfly counter says " + std::to_string(s.core_bf) + ", expected " +
            std::to_string(expect_bf));
  }
  st.Add(s);
}

template <class VTop, class VParams>
std::vector<Fr> Device<VTop, VParams>::Transform(const std::vector<Fr>& x, size_t n, size_t count,
                                                 Kind kind, RunStats* st_out) {
  const unsigned log_n = CheckSize(n, kLogMax);
  if (x.size() != n * count) throw std::invalid_argument("ntt: input is not count * n elements");
  const bool inv = IsInverse(kind);
  const Fr g = Fr::FromU64(Fr::Parameters::kGenerator);
  const Fr g_inv = g.Inverse();
  const Fr n_inv = Fr::FromU64(n).Inverse();
  RunStats st;
  std::vector<Fr> result(n * count);
  std::vector<Limbs4> mem;
  auto alloc = [&mem](size_t k) {
    const uint64_t base = mem.size();
    mem.resize(mem.size() + k);
    return base;
  };
  // Powers table: base b^j, j < k, at a new region.
  auto powers = [&](const Fr& start, const Fr& ratio, size_t k) {
    const uint64_t base = alloc(k);
    Fr f = start;
    for (size_t j = 0; j < k; ++j) {
      mem[base + j] = f.v;
      f *= ratio;
    }
    return base;
  };

  if (log_n <= kLogMax) {
    // On chip: batches of B transforms, contiguous layout, in and out.
    unsigned log_b = 0;
    while ((log_n + log_b) < kLogMax && (size_t{1} << log_b) < count) ++log_b;
    while ((size_t{1} << (log_n + log_b)) < 2 * kLanes) ++log_b;
    const size_t b = size_t{1} << log_b;
    const size_t jobs = (count + b - 1) / b;
    const size_t total = jobs * b * n;
    const uint64_t xb = alloc(total), zb = alloc(total);
    for (size_t i = 0; i < n * count; ++i) mem[xb + i] = x[i].v;  // padding stays zero
    Pass p;
    p.cfg.log_m = log_n;
    p.cfg.log_b = log_b;
    p.cfg.inverse = inv;
    uint64_t tab = 0;
    if (inv) {
      p.cfg.in_mode = kScaleConst;
      p.cfg.in_const = n_inv;
    }
    if (kind == Kind::kCosetForward) {
      p.cfg.in_mode = kScaleStream;
      tab = powers(Fr::One(), g, n);
    }
    if (kind == Kind::kCosetInverse) {
      p.cfg.out_mode = kScaleStream;
      tab = powers(Fr::One(), g_inv, n);
    }
    for (size_t i = 0; i < total; ++i) {
      p.in.push_back(xb + i);
      p.out.push_back(zb + i);
      if (p.cfg.in_mode == kScaleStream) p.in_fac.push_back(tab + i % n);
      if (p.cfg.out_mode == kScaleStream) p.out_fac.push_back(tab + i % n);
    }
    RunPass(mem, p, st);
    for (size_t i = 0; i < n * count; ++i) result[i] = Fr::FromMont(mem[zb + i]);
    st.butterflies = uint64_t{count} * (n / 2) * log_n;
  } else {
    // Four-step: n = n1 * n2, x[j1 n2 + j2]; columns (size n1, stride n2), twiddles
    // w_n^(j2 k1) by the output scale unit of the column pass (so the row pass reads data only),
    // rows (size n2); X[k1 + n1 k2].
    const unsigned log1 = log_n / 2, log2 = log_n - log1;
    const size_t n1 = size_t{1} << log1, n2 = size_t{1} << log2;
    const unsigned lb1 = std::min(log2, kLogMax - log1), lb2 = std::min(log1, kLogMax - log2);
    const size_t b1 = size_t{1} << lb1, b2 = size_t{1} << lb2;
    const uint64_t xb = alloc(n), yb = alloc(n), zb = alloc(n);
    const Fr w = RootOfUnity<Fr>(n);
    const Fr wd = inv ? w.Inverse() : w;
    // Twiddle table T[k1 n2 + j2] = wd^(k1 j2).
    const uint64_t tw = alloc(n);
    {
      Fr row = Fr::One();  // wd^k1
      for (size_t k1 = 0; k1 < n1; ++k1) {
        Fr f = Fr::One();
        for (size_t j2 = 0; j2 < n2; ++j2) {
          mem[tw + k1 * n2 + j2] = f.v;
          f *= row;
        }
        row *= wd;
      }
    }
    uint64_t gtab = 0;
    if (kind == Kind::kCosetForward) gtab = powers(Fr::One(), g, n);
    if (kind == Kind::kCosetInverse) gtab = powers(Fr::One(), g_inv, n);
    Pass p1, p2;
    p1.cfg.log_m = log1;
    p1.cfg.log_b = lb1;
    p1.cfg.in_il = p1.cfg.out_il = true;
    p1.cfg.inverse = inv;
    if (inv) {
      p1.cfg.in_mode = kScaleConst;
      p1.cfg.in_const = n_inv;
    }
    if (kind == Kind::kCosetForward) p1.cfg.in_mode = kScaleStream;
    p1.cfg.out_mode = kScaleStream;  // the twiddles w_n^(j2 k1), on the column pass's output
    for (size_t c0 = 0; c0 < n2; c0 += b1) {
      for (size_t q = 0; q < n1 * b1; ++q) {
        const size_t j1 = q / b1, cc = q % b1;
        p1.in.push_back(xb + j1 * n2 + c0 + cc);
        if (p1.cfg.in_mode == kScaleStream) p1.in_fac.push_back(gtab + j1 * n2 + c0 + cc);
        p1.out.push_back(yb + j1 * n2 + c0 + cc);  // (k1, c): Y[k1 n2 + c] * wd^(k1 c)
        p1.out_fac.push_back(tw + j1 * n2 + c0 + cc);
      }
    }
    p2.cfg.log_m = log2;
    p2.cfg.log_b = lb2;
    p2.cfg.in_il = false;
    p2.cfg.out_il = true;
    p2.cfg.inverse = inv;
    if (kind == Kind::kCosetInverse) p2.cfg.out_mode = kScaleStream;
    for (size_t r0 = 0; r0 < n1; r0 += b2) {
      for (size_t q = 0; q < n2 * b2; ++q) {
        p2.in.push_back(yb + r0 * n2 + q);
        const size_t k2 = q / b2, r = q % b2;
        const size_t idx = (r0 + r) + n1 * k2;
        p2.out.push_back(zb + idx);
        if (p2.cfg.out_mode == kScaleStream) p2.out_fac.push_back(gtab + idx);
      }
    }
    for (size_t v = 0; v < count; ++v) {
      for (size_t i = 0; i < n; ++i) mem[xb + i] = x[v * n + i].v;
      RunPass(mem, p1, st);
      RunPass(mem, p2, st);
      for (size_t i = 0; i < n; ++i) result[v * n + i] = Fr::FromMont(mem[zb + i]);
    }
    st.butterflies = uint64_t{count} * (n / 2) * log_n;
  }
  if (st_out) st_out->Add(st);
  return result;
}

}  // namespace zkacc::sim::ntt
