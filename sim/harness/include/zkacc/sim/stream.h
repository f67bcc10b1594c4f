// SPDX-License-Identifier: Apache-2.0
//
// Valid/ready stream agents for the harness (harness.h), and RunStream, which pushes a batch of
// inputs through a unit whose ports follow the house names (in_valid_i, in_ready_o,
// out_valid_o, out_ready_i) and collects the results.
//
// The stream rule (docs/architecture, STYLE.md): a transfer happens on a rising edge iff valid
// and ready are both high before it; once valid rises, valid and data hold until the transfer.
//
//   StreamDriver<T>   offers queued items; each cycle without an offer starts one with
//                     probability p_valid, and keeps it (valid and data) until it is taken.
//                     While valid is low it calls `scramble` (if given), so a design that reads
//                     data without valid gets garbage.
//   StreamMonitor<T>  raises ready with probability p_ready each cycle, records every transfer
//                     and its cycle, and checks the producer: a stalled output (valid, not ready)
//                     must keep valid high and its data unchanged until it is taken.
//
// Both count cycles, transfers, and the cycles of their own handshake signal, so a run reports
// its measured throughput: results per cycle in which the consumer was ready, counted from the
// first result to the last. A unit that accepts an input every cycle delivers 1.0 when its
// inputs are always valid, whatever the ready pattern; with random in_valid the figure also
// contains the producer's gaps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "zkacc/sim/harness.h"

namespace zkacc::sim {

// A random event of fixed probability, one 64-bit draw per trial.
class Coin {
 public:
  explicit Coin(double p = 1.0) { set_probability(p); }
  void set_probability(double p) {
    constexpr double kTwo64 = 18446744073709551616.0;
    p_ = p;
    always_ = p * kTwo64 >= kTwo64;
    threshold_ = (always_ || p <= 0.0) ? 0 : static_cast<uint64_t>(p * kTwo64);
  }
  double probability() const { return p_; }
  bool Flip(std::mt19937_64& rng) const { return always_ || rng() < threshold_; }

 private:
  double p_ = 1.0;
  bool always_ = true;
  uint64_t threshold_ = 0;
};

struct StreamStats {
  uint64_t cycles = 0;           // cycles sampled
  uint64_t transfers = 0;        // valid && ready
  uint64_t valid_cycles = 0;     // cycles with valid high
  uint64_t ready_cycles = 0;     // cycles with ready high
  uint64_t first_transfer = 0;   // cycle of the first transfer (if transfers > 0)
  uint64_t last_transfer = 0;    // cycle of the last transfer
  uint64_t ready_in_window = 0;  // ready cycles from the first transfer to the last, inclusive

  // Transfers per ready cycle between the first transfer and the last (0 without transfers).
  double Throughput() const {
    return ready_in_window ? static_cast<double>(transfers) / static_cast<double>(ready_in_window)
                           : 0.0;
  }
};

// Shared bookkeeping of both agents.
class StreamCounter {
 public:
  void Count(uint64_t cycle, bool valid, bool ready) {
    ++s_.cycles;
    if (valid) ++s_.valid_cycles;
    if (ready) ++s_.ready_cycles;
    if (valid && ready) {
      if (s_.transfers == 0) {
        s_.first_transfer = cycle;
        ready_before_first_ = s_.ready_cycles - 1;
      }
      ++s_.transfers;
      s_.last_transfer = cycle;
      s_.ready_in_window = s_.ready_cycles - ready_before_first_;
    }
  }
  const StreamStats& stats() const { return s_; }

 private:
  StreamStats s_;
  uint64_t ready_before_first_ = 0;
};

template <class T>
class StreamDriver final : public Agent {
 public:
  // valid / ready: the model's port variables; put: writes an item to the data ports.
  StreamDriver(std::string name, CData& valid, const CData& ready,
               std::function<void(const T&)> put, std::mt19937_64& rng, double p_valid = 1.0)
      : name_(std::move(name)),
        valid_(valid),
        ready_(ready),
        put_(std::move(put)),
        rng_(rng),
        coin_(p_valid) {}

  void set_valid_probability(double p) { coin_.set_probability(p); }
  // Called while valid is low (e.g. to write random bits to the data ports).
  void set_scramble(std::function<void()> scramble) { scramble_ = std::move(scramble); }

  void Push(T item) { queue_.push_back(std::move(item)); }
  template <class It>
  void Push(It first, It last) {
    for (; first != last; ++first) queue_.push_back(*first);
  }
  // Items not yet transferred (including one being offered).
  size_t pending() const { return queue_.size(); }
  bool idle() const { return queue_.empty(); }
  // Rising-edge cycle of every transfer so far, in order.
  const std::vector<uint64_t>& transfer_cycles() const { return transfer_cycles_; }
  const StreamStats& stats() const { return counter_.stats(); }

  void Drive(uint64_t /*cycle*/) override {
    if (!offering_ && !queue_.empty() && coin_.Flip(rng_)) {
      offering_ = true;
      put_(queue_.front());
    }
    if (!offering_ && scramble_) scramble_();
    valid_ = offering_ ? 1 : 0;
  }

  void Sample(uint64_t cycle) override {
    const bool ready = ready_ != 0;
    counter_.Count(cycle, offering_, ready);
    if (offering_ && ready) {
      queue_.pop_front();
      offering_ = false;
      transfer_cycles_.push_back(cycle);
    }
  }

 private:
  std::string name_;
  CData& valid_;
  const CData& ready_;
  std::function<void(const T&)> put_;
  std::function<void()> scramble_;
  std::mt19937_64& rng_;
  Coin coin_;
  std::deque<T> queue_;
  bool offering_ = false;
  std::vector<uint64_t> transfer_cycles_;
  StreamCounter counter_;
};

template <class T>
class StreamMonitor final : public Agent {
 public:
  // valid / ready: the model's port variables; get: reads the data ports (called only while
  // valid is high). T needs operator== for the stability check.
  StreamMonitor(std::string name, const CData& valid, CData& ready, std::function<T()> get,
                std::mt19937_64& rng, double p_ready = 1.0)
      : name_(std::move(name)),
        valid_(valid),
        ready_(ready),
        get_(std::move(get)),
        rng_(rng),
        coin_(p_ready) {}

  void set_ready_probability(double p) { coin_.set_probability(p); }

  const std::vector<T>& items() const { return items_; }
  std::vector<T>& items() { return items_; }
  const std::vector<uint64_t>& transfer_cycles() const { return transfer_cycles_; }
  size_t count() const { return items_.size(); }
  const StreamStats& stats() const { return counter_.stats(); }

  void Drive(uint64_t /*cycle*/) override {
    ready_now_ = coin_.Flip(rng_);
    ready_ = ready_now_ ? 1 : 0;
  }

  void Sample(uint64_t cycle) override {
    const bool valid = valid_ != 0;
    counter_.Count(cycle, valid, ready_now_);
    if (!valid) {
      if (stalled_) {
        throw SimError(name_ + ": cycle " + std::to_string(cycle) +
                       ": valid fell without a transfer (it was stalled since cycle " +
                       std::to_string(stalled_since_) + "; the stream rule says hold)");
      }
      return;
    }
    T value = get_();
    if (stalled_ && !(value == held_)) {
      throw SimError(name_ + ": cycle " + std::to_string(cycle) +
                     ": data changed while valid was high and ready low (stalled since cycle " +
                     std::to_string(stalled_since_) + ")");
    }
    if (ready_now_) {
      items_.push_back(std::move(value));
      transfer_cycles_.push_back(cycle);
      stalled_ = false;
    } else if (!stalled_) {
      stalled_ = true;
      stalled_since_ = cycle;
      held_ = std::move(value);
    }
  }

 private:
  std::string name_;
  const CData& valid_;
  CData& ready_;
  std::function<T()> get_;
  std::mt19937_64& rng_;
  Coin coin_;
  bool ready_now_ = false;
  bool stalled_ = false;
  uint64_t stalled_since_ = 0;
  T held_{};
  std::vector<T> items_;
  std::vector<uint64_t> transfer_cycles_;
  StreamCounter counter_;
};

// Valid and ready probabilities of a run.
struct Traffic {
  double p_valid = 1.0;
  double p_ready = 1.0;
  std::string Name() const;  // e.g. "valid 0.5 / ready 0.8"
};

template <class Out>
struct StreamRun {
  std::vector<Out> outputs;          // in the order they left the unit
  std::vector<uint64_t> in_cycles;   // cycle of input transfer i
  std::vector<uint64_t> out_cycles;  // cycle of output transfer j
  StreamStats in, out;
  uint64_t cycles = 0;  // cycles of the run (up to the last result)
  double seconds = 0;   // wall-clock time of those cycles

  double CyclesPerSecond() const { return seconds > 0 ? static_cast<double>(cycles) / seconds : 0; }
  double Throughput() const { return out.Throughput(); }
};

// One summary line: "<label>: <n> results, <c> cycles, <t> results/ready-cycle, <s> cycles/s".
std::string Summary(const std::string& label, const StreamStats& out, uint64_t cycles,
                    double seconds);

// Pushes `inputs` through the unit of harness `h` with the given traffic and collects exactly
// inputs.size() results. `put(VTop&, const In&)` writes the data ports of one input,
// `get(VTop&) -> Out` reads the output data ports, `scramble(VTop&)` (may be empty) writes
// garbage to the input data ports while in_valid_i is low. After the last result the unit
// runs `drain_cycles` more cycles with ready high, and any further output is an error (a
// result nobody asked for). Throws SimError on a timeout (no progress for `stall_limit`
// cycles) or a protocol violation.
template <class T>
struct NonDeduced {
  using type = T;
};

template <class Out, class VTop, class In, class Put, class Get>
StreamRun<Out> RunStream(Harness<VTop>& h, const std::vector<In>& inputs, const Traffic& traffic,
                         std::mt19937_64& rng, Put put, Get get,
                         typename NonDeduced<std::function<void(VTop&)>>::type scramble = {},
                         uint64_t drain_cycles = 64, uint64_t stall_limit = 10000) {
  VTop& top = h.dut();
  StreamDriver<In> driver(
      h.name() + " input", top.in_valid_i, top.in_ready_o,
      [&top, &put](const In& x) { put(top, x); }, rng, traffic.p_valid);
  StreamMonitor<Out> monitor(
      h.name() + " output", top.out_valid_o, top.out_ready_i, [&top, &get] { return get(top); },
      rng, traffic.p_ready);
  if (scramble) driver.set_scramble([&top, &scramble] { scramble(top); });
  driver.Push(inputs.begin(), inputs.end());
  h.Attach(&driver);
  h.Attach(&monitor);
  struct Detacher {
    Harness<VTop>& h;
    Agent* a;
    Agent* b;
    ~Detacher() {
      h.Detach(a);
      h.Detach(b);
    }
  } detacher{h, &driver, &monitor};

  StreamRun<Out> run;
  const uint64_t start = h.cycle();
  const Stopwatch watch;
  // Progress: every result must come within stall_limit cycles of the previous one (or of the
  // start), however long the whole run is.
  size_t seen = 0;
  uint64_t last_progress = h.cycle();
  while (monitor.count() < inputs.size()) {
    h.Tick();
    if (monitor.count() != seen) {
      seen = monitor.count();
      last_progress = h.cycle();
    } else if (h.cycle() - last_progress > stall_limit) {
      h.Fail("timeout: no result for " + std::to_string(stall_limit) + " cycles; " +
             std::to_string(monitor.count()) + " of " + std::to_string(inputs.size()) +
             " results received, " + std::to_string(inputs.size() - driver.pending()) +
             " inputs accepted (" + traffic.Name() + ")");
    }
  }
  run.seconds = watch.Seconds();
  run.cycles = h.cycle() - start;
  monitor.set_ready_probability(1.0);
  driver.set_valid_probability(0.0);
  for (uint64_t i = 0; i < drain_cycles; ++i) {
    h.Tick();
    if (monitor.count() != inputs.size()) {
      h.Fail("an extra result appeared after all " + std::to_string(inputs.size()) +
             " results were received");
    }
  }
  run.outputs = std::move(monitor.items());
  run.in_cycles = driver.transfer_cycles();
  run.out_cycles = monitor.transfer_cycles();
  run.in = driver.stats();
  run.out = monitor.stats();
  return run;
}

}  // namespace zkacc::sim
