// SPDX-License-Identifier: Apache-2.0
//
// Host side of the MSM engine (rtl/msm, unit tops zkacc_msm_<curve>) under Verilator: streams
// (scalar, point) pairs into the RTL, collects the bucket sums it reads out, and finishes the
// MSM on the CPU (zkacc::ReduceBuckets: running sums per window, Horner over windows), as the
// host library does with the accelerator. Used by the testbench (sim/tb/test_msm.cpp) and by
// the "sim" backend (zkacc msm/check --backend sim).
//
//   MsmEngine<Vzkacc_msm_bn254, Vzkacc_msm_bn254_zkacc_msm_bn254, Bn254G1> eng("msm");
//   MsmRunStats st;
//   Xyzz<Bn254G1> r = eng.Run(points, scalars, n, /*c=*/0, Traffic{1.0, 1.0}, &st);
//   // st.Utilization(): additions issued per accumulation cycle
//
// Every run checks, besides what the caller checks: no deadlock (a watchdog throws SimError
// naming the cycle if no beat, no bucket and no addition moved for kStallLimit cycles), the
// stream rule of the bucket output, every bucket address delivered exactly once and in order,
// the error flag low, and the conservation of operations (digits = bucket additions + pair
// additions + pool entries read out; the per-window additions sum to the total).
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "zkacc/curve.h"
#include "zkacc/msm.h"
#include "zkacc/sim/harness.h"
#include "zkacc/sim/msm_stats.h"
#include "zkacc/sim/stream.h"
#include "zkacc/sim/wide.h"

namespace zkacc::sim {

// VTop: the Verilated top; VParams: its parameter class (V<top>_<top>, Verilator public).
template <class VTop, class VParams, class Curve>
class MsmEngine : public Agent {
 public:
  using Fq = typename Curve::Fq;
  static constexpr size_t kLimbs = Fq::kLimbs;
  static constexpr size_t kW = 64 * kLimbs;
  static constexpr unsigned kLanes = VParams::NumLanes;
  static constexpr unsigned kCMin = VParams::CMin;
  static constexpr unsigned kCMax = VParams::CMax;
  static constexpr unsigned kScalarBits = VParams::ScalarBits;
  static constexpr unsigned kOpLatency = VParams::OpLatency;
  static constexpr uint64_t kStallLimit = 50'000;
  // Long runs print a progress line on stderr every kProgressCycles cycles when stderr is a
  // terminal or ZKACC_SIM_PROGRESS=1 (set_progress overrides).
  static constexpr uint64_t kProgressCycles = uint64_t{1} << 20;

  explicit MsmEngine(const std::string& name, uint64_t seed_salt = 0)
      : name_(name), h_(HarnessOptions{name}), rng_(Rng(name + std::to_string(seed_salt))) {
    h_.Reset();
    // After reset the engine empties its bucket memory, one bucket per cycle.
    for (uint64_t i = 0; !h_->idle_o; ++i) {
      if (i > uint64_t{VParams::ClearCycles} + 16) {
        h_.Fail("not idle " + std::to_string(i) + " cycles after reset (the bucket clear takes " +
                std::to_string(VParams::ClearCycles) + ")");
      }
      h_.Tick();
    }
    h_.Attach(this);
    const char* env = std::getenv("ZKACC_SIM_PROGRESS");
    progress_ = env ? std::string(env) == "1" : isatty(2) != 0;
  }
  void set_progress(bool on) { progress_ = on; }
  ~MsmEngine() override { h_.Detach(this); }
  MsmEngine(const MsmEngine&) = delete;
  MsmEngine& operator=(const MsmEngine&) = delete;

  Harness<VTop>& harness() { return h_; }
  uint64_t cycles() const { return h_.cycle(); }

  // sum_i scalars[i] points[i]; c = 0: DeviceWindowBits. Scalars must be below 2^ScalarBits
  // (std::invalid_argument names the first that is not); points are affine, Montgomery form,
  // (0, 0) = infinity. `traffic`: probability of a beat offered per cycle and of out_ready.
  Xyzz<Curve> Run(const Affine<Curve>* points, const Scalar* scalars, size_t n, unsigned c = 0,
                  const Traffic& traffic = {}, MsmRunStats* stats = nullptr) {
    if (n > 0 && (points == nullptr || scalars == nullptr)) {
      throw std::invalid_argument(name_ + ": null points or scalars for n = " + std::to_string(n));
    }
    for (size_t i = 0; i < n; ++i) {
      if (HighBits(scalars[i])) {
        throw std::invalid_argument(name_ + ": scalar " + std::to_string(i) + " (" +
                                    ::zkacc::detail::ToHex(scalars[i]) +
                                    ") has bits at or above bit " + std::to_string(kScalarBits));
      }
    }
    if (c == 0) c = DeviceWindowBits(n, kScalarBits, kCMin, kCMax, kOpLatency);
    if (c < kCMin || c > kCMax) {
      throw std::invalid_argument(name_ + ": window size " + std::to_string(c) + " is not in [" +
                                  std::to_string(kCMin) + ", " + std::to_string(kCMax) + "]");
    }
    points_ = points;
    scalars_ = scalars;
    n_ = n;
    c_ = c;
    windows_ = SignedWindowCount(kScalarBits, c);
    nbk_ = static_cast<size_t>(windows_) << (c - 1);
    beats_ = n == 0 ? 1 : (n + kLanes - 1) / kLanes;
    next_beat_ = 0;
    offering_ = false;
    stalled_ = false;
    done_ = false;
    buckets_.assign(nbk_, Xyzz<Curve>::Infinity());
    next_bucket_ = 0;
    extras_ = 0;
    last_seen_ = false;
    in_coin_.set_probability(traffic.p_valid);
    out_coin_.set_probability(traffic.p_ready);
    last_progress_ = h_.cycle();
    progress_mark_ = 0;

    const Stopwatch watch;
    if (!h_->idle_o) h_.Fail("the engine is not idle at the start of a run");
    h_->c_i = c;
    h_->start_i = 1;
    h_.Tick();
    h_->start_i = 0;
    active_ = true;
    while (!done_) {
      h_.Tick();
      const uint64_t mark = h_->cnt_bucket_adds_o + h_->cnt_pair_adds_o;
      if (mark != progress_mark_) {
        progress_mark_ = mark;
        last_progress_ = h_.cycle();
      }
      if (progress_ && h_.cycle() % kProgressCycles == 0) {
        std::fprintf(
            stderr, "%s: cycle %llu: %zu of %zu beats in, %llu additions, %zu of %zu buckets out\n",
            name_.c_str(), static_cast<unsigned long long>(h_.cycle()), next_beat_, beats_,
            static_cast<unsigned long long>(mark), next_bucket_, nbk_);
      }
      if (h_.cycle() - last_progress_ > kStallLimit) {
        h_.Fail("no progress for " + std::to_string(kStallLimit) +
                " cycles: " + std::to_string(next_beat_) + " of " + std::to_string(beats_) +
                " beats taken, " + std::to_string(next_bucket_) + " of " + std::to_string(nbk_) +
                " buckets out, " + std::to_string(mark) + " additions issued");
      }
    }
    active_ = false;
    h_->in_valid_i = 0;
    h_->out_ready_i = 0;
    h_.Tick();  // done_o was seen before this edge; the engine is idle after it
    if (!h_->idle_o) h_.Fail("the engine is not idle after done_o");
    if (next_bucket_ != nbk_) {
      h_.Fail("done_o after " + std::to_string(next_bucket_) + " of " + std::to_string(nbk_) +
              " buckets");
    }
    if (h_->error_o) h_.Fail("error_o is set at the end of the run");
    if (!last_seen_) h_.Fail("no item was flagged out_last_o");

    MsmRunStats st = ReadCounters();
    st.seconds = watch.Seconds();
    CheckCounters(st);
    if (stats) *stats = st;
    return ReduceBuckets<Curve>(buckets_.data(), windows_, c_);
  }

  // Agent: drive the beat on offer and out_ready.
  void Drive(uint64_t) override {
    if (!active_) return;
    if (!offering_ && next_beat_ < beats_ && in_coin_.Flip(rng_)) {
      offering_ = true;
      PutBeat(next_beat_);
    }
    h_->in_valid_i = offering_ ? 1 : 0;
    if (!offering_) {
      RandomizeWide(h_->in_scalar_i, rng_);
      RandomizeWide(h_->in_point_i, rng_);
      h_->in_last_i = rng_() & 1;
    }
    h_->out_ready_i = out_coin_.Flip(rng_) ? 1 : 0;
  }

  void Sample(uint64_t cycle) override {
    if (!active_) return;
    if (h_->in_valid_i && h_->in_ready_o) {
      offering_ = false;
      ++next_beat_;
      last_progress_ = cycle;
    }
    if (h_->out_valid_o) {
      const uint32_t k = h_->out_bucket_o;
      if (stalled_ && k != stalled_key_) {
        h_.Fail("the bucket output changed (" + std::to_string(stalled_key_) + " -> " +
                std::to_string(k) + ") while waiting for out_ready");
      }
      if (h_->out_ready_i && h_->out_extra_o) {
        // An operation left in the pool: the host adds it to its bucket.
        if (next_bucket_ != nbk_ || k >= nbk_) {
          h_.Fail("extra item for bucket " + std::to_string(k) + " after " +
                  std::to_string(next_bucket_) + " of " + std::to_string(nbk_) + " buckets");
        }
        buckets_[k].AddInPlace(ReadPoint());
        ++extras_;
        if (h_->out_last_o) last_seen_ = true;
        stalled_ = false;
        last_progress_ = cycle;
      } else if (h_->out_ready_i) {
        if (k != next_bucket_) {
          h_.Fail("bucket " + std::to_string(k) + " delivered, expected bucket " +
                  std::to_string(next_bucket_));
        }
        if (h_->out_last_o && k + 1 != nbk_) {
          h_.Fail("out_last_o on bucket " + std::to_string(k) + " of " + std::to_string(nbk_));
        }
        if (h_->out_last_o) last_seen_ = true;
        buckets_[k] = ReadPoint();
        ++next_bucket_;
        stalled_ = false;
        last_progress_ = cycle;
      } else {
        stalled_ = true;
        stalled_key_ = k;
      }
    } else if (stalled_) {
      h_.Fail("out_valid_o fell while bucket " + std::to_string(stalled_key_) +
              " waited for out_ready");
    }
    if (h_->done_o) done_ = true;
  }

 private:
  Xyzz<Curve> ReadPoint() {
    Xyzz<Curve> b{Fq::FromMont(FromWide<kLimbs>(h_->out_point_o, 0)),
                  Fq::FromMont(FromWide<kLimbs>(h_->out_point_o, kW)),
                  Fq::FromMont(FromWide<kLimbs>(h_->out_point_o, 2 * kW)),
                  Fq::FromMont(FromWide<kLimbs>(h_->out_point_o, 3 * kW))};
    return b.IsInfinity() ? Xyzz<Curve>::Infinity() : b;
  }

  static bool HighBits(const Scalar& s) {
    for (unsigned b = kScalarBits; b < 256; ++b) {
      if ((s[b / 64] >> (b % 64)) & 1) return true;
    }
    return false;
  }

  void PutBeat(size_t beat) {
    for (unsigned l = 0; l < kLanes; ++l) {
      const size_t i = beat * kLanes + l;
      Scalar s{};
      Limbs<kLimbs> x{}, y{};
      if (i < n_) {
        s = scalars_[i];
        if (!points_[i].IsInfinity()) {
          x = points_[i].x.v;
          y = points_[i].y.v;
        }
      }
      ToWide(h_->in_scalar_i, s, 256 * l);
      ToWide(h_->in_point_i, x, 2 * kW * l);
      ToWide(h_->in_point_i, y, 2 * kW * l + kW);
    }
    h_->in_last_i = beat + 1 == beats_ ? 1 : 0;
  }

  MsmRunStats ReadCounters() {
    MsmRunStats st;
    st.unit = name_;
    st.n = n_;
    st.c = c_;
    st.windows = windows_;
    st.op_latency = kOpLatency;
    st.cycles = h_->cnt_cycles_o;
    st.acc_cycles = h_->cnt_acc_cycles_o;
    st.digits = h_->cnt_digits_o;
    st.bucket_adds = h_->cnt_bucket_adds_o;
    st.pair_adds = h_->cnt_pair_adds_o;
    st.first_adds = h_->cnt_first_adds_o;
    st.bubble_hazard = h_->cnt_bubble_hazard_o;
    st.bubble_starved = h_->cnt_bubble_starved_o;
    st.bubble_drain = h_->cnt_bubble_drain_o;
    st.out_stall = h_->cnt_out_stall_o;
    st.pool_peak = h_->cnt_pool_peak_o;
    st.extras = h_->cnt_extras_o;
    if (st.extras != extras_) {
      h_.Fail("the extras counter says " + std::to_string(st.extras) + ", " +
              std::to_string(extras_) + " were delivered");
    }
    for (unsigned w = 0; w < windows_; ++w) {
      st.win_adds.push_back(h_->cnt_win_adds_o[w]);
      st.win_hazard.push_back(h_->cnt_win_hazard_o[w]);
    }
    return st;
  }

  void CheckCounters(const MsmRunStats& st) {
    if (st.digits != st.Additions() + st.extras) {
      h_.Fail("operations not conserved: " + std::to_string(st.digits) + " digits, " +
              std::to_string(st.bucket_adds) + " bucket + " + std::to_string(st.pair_adds) +
              " pair additions, " + std::to_string(st.extras) + " extras read out");
    }
    uint64_t sum = 0;
    for (uint32_t a : st.win_adds) sum += a;
    if (sum != st.Additions()) {
      h_.Fail("per-window additions sum to " + std::to_string(sum) + ", not " +
              std::to_string(st.Additions()));
    }
    uint64_t hazards = 0;
    for (uint32_t h : st.win_hazard) hazards += h;
    if (hazards != st.bubble_hazard) {
      h_.Fail("per-window hazard bubbles sum to " + std::to_string(hazards) + ", not " +
              std::to_string(st.bubble_hazard));
    }
    const uint64_t accounted =
        st.Additions() + st.bubble_hazard + st.bubble_starved + st.bubble_drain;
    if (accounted != st.acc_cycles) {
      h_.Fail("accumulation cycles " + std::to_string(st.acc_cycles) + " != additions + bubbles " +
              std::to_string(accounted));
    }
  }

  std::string name_;
  Harness<VTop> h_;
  std::mt19937_64 rng_;
  Coin in_coin_, out_coin_;
  const Affine<Curve>* points_ = nullptr;
  const Scalar* scalars_ = nullptr;
  size_t n_ = 0;
  unsigned c_ = 0;
  unsigned windows_ = 0;
  size_t nbk_ = 0;
  size_t beats_ = 0;
  size_t next_beat_ = 0;
  bool offering_ = false;
  bool active_ = false;
  bool stalled_ = false;
  uint32_t stalled_key_ = 0;
  bool done_ = false;
  std::vector<Xyzz<Curve>> buckets_;
  size_t next_bucket_ = 0;
  uint64_t extras_ = 0;
  bool last_seen_ = false;
  uint64_t last_progress_ = 0;
  uint64_t progress_mark_ = 0;
  bool progress_ = false;
};

}  // namespace zkacc::sim
