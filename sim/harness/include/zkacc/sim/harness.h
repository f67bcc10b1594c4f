// SPDX-License-Identifier: Apache-2.0
//
// The Verilator harness of every zkacc testbench: one Verilated model, its clock and reset, a
// cycle counter, a cycle timeout, opt-in FST tracing, and the agents (stream.h) that drive and
// sample its ports each cycle.
//
//   zkacc::sim::Harness<Vtb_pipe_example> h({.name = "tb_pipe_example"});
//   h.Reset();                        // rst_ni low for 4 cycles, then high
//   h->in_valid_i = 1;                // inputs are set while the clock is low
//   h.Tick();                         // one rising edge
//   h.RunUntil([&] { return h->out_valid_o; }, "the first result", 100);
//
// The top must have the ports clk_i and rst_ni (active low). One cycle of Tick():
//
//   time 10c     clock low: each agent's Drive() sets this cycle's inputs; eval() settles the
//                combinational paths; each agent's Sample() sees the handshakes (valid && ready)
//                that the coming rising edge performs
//   time 10c+5   rising edge: eval(); the registers take their next values; cycle() += 1
//   time 10c+10  falling edge: eval()
//
// so inputs change only between clock edges, and an agent never sees a half-updated cycle.
//
// Tracing: HarnessOptions::trace_file, else the environment variable ZKACC_TRACE=<file.fst>,
// turns on an FST waveform of the whole model; the model must have been verilated with
// --trace-fst (Harness<VTop>::kCanTrace; CMake options ZKACC_SIM_TRACE, ZKACC_SIM_TRACE_EC),
// else asking for a trace throws SimError. With several
// harnesses in one process, "%n" in the name is replaced by the harness name; without "%n" the
// second and later harnesses insert ".<index>" before the extension. The file actually written
// is printed on stderr. Tracing is off by default: it slows simulation down 100-fold (a 256-bit
// multiplier: 280,000 -> 1,800 cycles/s, 50 kB of FST per cycle).
//
// Cycle numbers: cycle c is the one whose rising edge is the (c+1)-th; agents see it in
// Drive(c) / Sample(c), transfers are recorded with it, and messages name it.
//
// Errors: a timeout, a protocol violation seen by an agent, or a failing SystemVerilog assertion
// ($error, a violated `assert property`) throws SimError whose message names the harness and the
// cycle. The destructor always calls final() and closes the trace.
#pragma once

#include <verilated.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#if ZKACC_SIM_FST  // the runtime has FST support (some model was built with --trace-fst)
#include <verilated_fst_c.h>
#endif

namespace zkacc::sim {

// A failure of the simulated design or of the testbench around it; what() names the harness
// and the cycle.
class SimError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The seed of every randomized simulation: $ZKACC_SEED if set, else a fresh one. Printed once
// on stderr so that a failure can be replayed with ZKACC_SEED=<seed>.
uint64_t Seed();
// A generator seeded from Seed() and a salt (e.g. the test name), so runs do not share streams.
std::mt19937_64 Rng(const std::string& salt);

// Something that drives and samples the ports of a model once per cycle (see stream.h).
class Agent {
 public:
  virtual ~Agent() = default;
  // Clock low, before the rising edge of cycle `cycle`: set this cycle's inputs.
  virtual void Drive(uint64_t cycle) = 0;
  // Inputs of the cycle settled, just before the rising edge: observe the handshakes the edge
  // performs. May throw SimError (a protocol violation).
  virtual void Sample(uint64_t cycle) = 0;
};

struct HarnessOptions {
  HarnessOptions() = default;
  HarnessOptions(std::string name_, std::string trace_file_ = "")  // NOLINT: implicit on purpose
      : name(std::move(name_)), trace_file(std::move(trace_file_)) {}

  // Used in messages and trace file names. Default: "dut".
  std::string name = "dut";
  // FST file to write. Empty (default): $ZKACC_TRACE if set, else no trace.
  std::string trace_file;
  // Hierarchy levels traced (99: all). Verilator 5.006 ignores this (measured: 1 writes the
  // same trace as 99); limit the depth at verilation instead (--trace-depth in
  // ZKACC_VERILATOR_ARGS).
  int trace_depth = 99;
  // Cycle limit of RunUntil when the call gives none.
  uint64_t timeout_cycles = 1'000'000;
};

namespace detail {

// Whether VTop was verilated with --trace-fst (it then has trace(VerilatedFstC*, int, int)).
template <class VTop, class = void>
struct HasFstTrace : std::false_type {};
#if ZKACC_SIM_FST
template <class VTop>
struct HasFstTrace<VTop, std::void_t<decltype(std::declval<VTop&>().trace(
                             static_cast<VerilatedFstC*>(nullptr), 0))>> : std::true_type {};
#endif

// The trace file a new harness writes ("" = none): options.trace_file or $ZKACC_TRACE, with
// "%n" replaced by the name, or ".<index>" inserted for the second and later harnesses.
std::string ResolveTraceFile(const HarnessOptions& options);

[[noreturn]] void ThrowSimError(const std::string& name, uint64_t cycle, const std::string& what);

}  // namespace detail

template <class VTop>
class Harness {
 public:
  // Whether this model can write a waveform (it was verilated with --trace-fst).
  static constexpr bool kCanTrace = detail::HasFstTrace<VTop>::value;

  explicit Harness(HarnessOptions options = {})
      : options_(std::move(options)), context_(std::make_unique<VerilatedContext>()) {
    // $error and failing assertions set gotError() instead of aborting the process; Tick()
    // turns them into a SimError with the cycle.
    context_->fatalOnError(false);
    const std::string trace_file = detail::ResolveTraceFile(options_);
    if (!trace_file.empty() && !kCanTrace) {
      detail::ThrowSimError(options_.name, 0,
                            "a trace (" + trace_file +
                                ") was asked for, but this model was built without --trace-fst "
                                "(CMake options ZKACC_SIM_TRACE, ZKACC_SIM_TRACE_EC)");
    }
    if (!trace_file.empty()) context_->traceEverOn(true);
    Verilated::threadContextp(context_.get());
    top_ = std::make_unique<VTop>(context_.get(), options_.name.c_str());
#if ZKACC_SIM_FST
    if constexpr (kCanTrace) {
      if (!trace_file.empty()) {
        trace_ = std::make_unique<VerilatedFstC>();
        top_->trace(trace_.get(), options_.trace_depth);
        trace_->open(trace_file.c_str());
        trace_file_ = trace_file;
      }
    }
#endif
    top_->clk_i = 0;
    top_->rst_ni = 1;
    top_->eval();  // the first Tick() dumps time 0
  }

  ~Harness() {
    Verilated::threadContextp(context_.get());
    top_->final();
#if ZKACC_SIM_FST
    if (trace_) {
      Dump();
      trace_->close();
    }
#endif
  }

  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  VTop& dut() { return *top_; }
  VTop* operator->() { return top_.get(); }
  VerilatedContext& context() { return *context_; }
  const std::string& name() const { return options_.name; }
  // Rising edges so far.
  uint64_t cycle() const { return cycle_; }
  // The FST file being written, or "".
  const std::string& trace_file() const { return trace_file_; }

  // The agent is not owned; it must stay alive until it is detached or the harness is gone.
  void Attach(Agent* agent) { agents_.push_back(agent); }
  void Detach(Agent* agent) {
    for (size_t i = 0; i < agents_.size(); ++i) {
      if (agents_[i] == agent) {
        agents_.erase(agents_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  }

  // rst_ni low during `cycles` rising edges, then high (synchronous and asynchronous resets
  // both see it).
  void Reset(unsigned cycles = 4) {
    top_->rst_ni = 0;
    for (unsigned i = 0; i < cycles; ++i) Tick();
    top_->rst_ni = 1;
  }

  // One clock cycle (see the file comment).
  void Tick() {
    Verilated::threadContextp(context_.get());
    for (Agent* agent : agents_) agent->Drive(cycle_);
    top_->eval();
    Dump();
    for (Agent* agent : agents_) agent->Sample(cycle_);
    context_->timeInc(5);
    top_->clk_i = 1;
    top_->eval();
    Dump();
    ++cycle_;
    context_->timeInc(5);
    top_->clk_i = 0;
    top_->eval();
    if (context_->gotError()) {
      context_->gotError(false);
      context_->gotFinish(false);
      detail::ThrowSimError(options_.name, cycle_ - 1,
                            "the design reported an error at the rising edge ($error or a "
                            "failing assertion; Verilator printed it above)");
    }
  }

  void Run(uint64_t cycles) {
    for (uint64_t i = 0; i < cycles; ++i) Tick();
  }

  // Ticks until done() holds (checked before every cycle). Throws SimError naming `what` and
  // the cycle if it does not hold within `max_cycles` (0: HarnessOptions::timeout_cycles).
  // Returns the number of cycles run.
  template <class Done>
  uint64_t RunUntil(Done&& done, const std::string& what, uint64_t max_cycles = 0) {
    if (max_cycles == 0) max_cycles = options_.timeout_cycles;
    const uint64_t start = cycle_;
    while (!done()) {
      if (cycle_ - start >= max_cycles) {
        detail::ThrowSimError(options_.name, cycle_,
                              "timeout: " + what + " did not happen within " +
                                  std::to_string(max_cycles) + " cycles (started at cycle " +
                                  std::to_string(start) + ")");
      }
      Tick();
    }
    return cycle_ - start;
  }

  // Throws SimError naming the harness and the current cycle.
  [[noreturn]] void Fail(const std::string& what) const {
    detail::ThrowSimError(options_.name, cycle_, what);
  }

 private:
  void Dump() {
#if ZKACC_SIM_FST
    if (trace_) trace_->dump(context_->time());
#endif
  }

  HarnessOptions options_;
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<VTop> top_;
#if ZKACC_SIM_FST
  std::unique_ptr<VerilatedFstC> trace_;
#endif
  std::string trace_file_;
  std::vector<Agent*> agents_;
  uint64_t cycle_ = 0;
};

// Wall-clock seconds since construction.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace zkacc::sim
