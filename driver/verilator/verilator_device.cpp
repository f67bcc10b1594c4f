// SPDX-License-Identifier: Apache-2.0
//
// The verilator implementation of driver::Device (verilator.h): the Verilated zkacc_top, its
// AXI4-Lite control port driven by a bus master here, its m_axi_gmem port served by AxiMemory.
//
// One cycle (Tick): the clock is low; the memory model and the AXI4-Lite master set the kernel's
// inputs from their state (no input depends combinationally on a kernel output); eval() settles
// the kernel's outputs; both observe the handshakes (valid && ready) the rising edge performs;
// then the rising edge (ap_clk = 1, eval).
#include <verilated.h>

#include <chrono>
#include <cstdio>
#include <type_traits>
#include <utility>

#include "zkacc/driver/verilator.h"

// The kernel model: Vzkacc_top_tr (the traced variant, ZKACC_SIM_TRACE; driver/CMakeLists.txt),
// Vzkacc_top_fm (behavioural multipliers; sim/CMakeLists.txt) or Vzkacc_top.
#if ZKACC_DRIVER_TOP_TRACED
#include "Vzkacc_top_tr.h"
using VTop = Vzkacc_top_tr;
#elif __has_include("Vzkacc_top_fm.h")
#include "Vzkacc_top_fm.h"
using VTop = Vzkacc_top_fm;
#else
#include "Vzkacc_top.h"
using VTop = Vzkacc_top;
#endif

#if ZKACC_SIM_FST
#include <verilated_fst_c.h>
#endif

namespace zkacc::driver {

namespace {

// ap_ctrl_hs registers (the kernel contract; zkacc_regs.h has the same offsets).
constexpr uint32_t kCtrl = 0x00;
constexpr uint32_t kApStart = 1u << 0;
constexpr uint32_t kApDone = 1u << 1;

std::string Hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

template <class T, class = void>
struct HasFstTrace : std::false_type {};
#if ZKACC_SIM_FST
template <class T>
struct HasFstTrace<
    T, std::void_t<decltype(std::declval<T&>().trace(static_cast<VerilatedFstC*>(nullptr), 0))>>
    : std::true_type {};
#endif

#if ZKACC_SIM_FST
// top.trace(tfp) when the model has it (a template, so that the call is not compiled otherwise).
template <class T>
void AttachTrace(T& top, VerilatedFstC* tfp) {
  if constexpr (HasFstTrace<T>::value) top.trace(tfp, 99);
}
#endif

// Verilator's ports wider than 64 bits are VlWide<N> (32-bit words); narrower ones integers.
template <class W>
void CopyWideIn(W& port, const uint32_t* words) {
  for (int i = 0; i < 16; ++i) port[i] = words[i];
}
template <class W>
void CopyWideOut(const W& port, uint32_t* words) {
  for (int i = 0; i < 16; ++i) words[i] = port[i];
}

class Impl final : public VerilatorDevice {
 public:
  explicit Impl(const VerilatorConfig& cfg)
      : cfg_(cfg),
        name_("verilator:" + cfg.memory.name),
        mem_(cfg.memory),
        context_(std::make_unique<VerilatedContext>()) {
    context_->fatalOnError(false);
    if (!cfg_.trace_file.empty()) {
      if constexpr (!HasFstTrace<VTop>::value) {
        throw Error(name_ + ": a waveform trace (" + cfg_.trace_file +
                    ") was asked for, but the zkacc_top model of this build was verilated "
                    "without --trace-fst (configure with -DZKACC_SIM_TRACE=ON for a traced one)");
      }
      context_->traceEverOn(true);
    }
    Verilated::threadContextp(context_.get());
    top_ = std::make_unique<VTop>(context_.get(), "zkacc_top");
#if ZKACC_SIM_FST
    if (!cfg_.trace_file.empty()) {
      trace_ = std::make_unique<VerilatedFstC>();
      AttachTrace(*top_, trace_.get());
      trace_->open(cfg_.trace_file.c_str());
    }
#endif
    top_->ap_clk = 0;
    top_->ap_rst_n = 0;
    ClearLite();
    for (int i = 0; i < 16; ++i) Tick();  // synchronous reset, 16 cycles
    top_->ap_rst_n = 1;
    for (int i = 0; i < 4; ++i) Tick();
  }

  ~Impl() override {
    Verilated::threadContextp(context_.get());
    top_->final();
#if ZKACC_SIM_FST
    if (trace_) trace_->close();
#endif
  }

  std::string Name() const override { return name_; }
  bool CanTrace() const override { return HasFstTrace<VTop>::value; }
  AxiMemory& memory() override { return mem_; }
  uint64_t Cycles() override { return cycle_; }
  double ClockMhz() const override { return cfg_.clock_mhz; }
  bool Interrupt() override {
    return top_->__SYM__interrupt != 0;
  }  // a C++ keyword in Verilator's eyes
  void Run(uint64_t cycles) override {
    for (uint64_t i = 0; i < cycles; ++i) Tick();
  }

  uint32_t ReadReg(uint32_t offset) override {
    CheckOffset(offset, "ReadReg");
    lite_ = {};
    lite_.arvalid = true;
    lite_.addr = offset;
    lite_.rready = true;
    RunLite("read of register " + Hex(offset));
    if (lite_.resp != 0) {
      throw Error(name_ + ": read of register " + Hex(offset) + " answered " +
                  (lite_.resp == 2 ? "SLVERR" : "DECERR"));
    }
    if (offset == kCtrl && (lite_.rdata & kApDone)) done_latched_ = true;
    return lite_.rdata;
  }

  void WriteReg(uint32_t offset, uint32_t value) override {
    CheckOffset(offset, "WriteReg");
    lite_ = {};
    lite_.awvalid = lite_.wvalid = true;
    lite_.addr = offset;
    lite_.wdata = value;
    lite_.bready = true;
    RunLite("write of register " + Hex(offset));
    if (lite_.resp != 0) {
      throw Error(name_ + ": write of register " + Hex(offset) + " answered " +
                  (lite_.resp == 2 ? "SLVERR" : "DECERR"));
    }
  }

  Buffer Alloc(size_t bytes, int bank) override { return mem_.Alloc(bytes, bank); }
  void Free(Buffer& buffer) override { mem_.Free(buffer); }
  void Write(const Buffer& buffer, size_t offset, const void* src, size_t bytes) override {
    mem_.Check(buffer, offset, bytes, "Write");
    if (bytes) mem_.Write(buffer.addr + offset, src, bytes);
  }
  void Read(const Buffer& buffer, size_t offset, void* dst, size_t bytes) override {
    mem_.Check(buffer, offset, bytes, "Read");
    if (bytes) mem_.Read(buffer.addr + offset, dst, bytes);
  }

  void Start() override {
    done_latched_ = false;
    mem_.ClearErrors();
    start_cycle_ = cycle_;
    WriteReg(kCtrl, kApStart);
  }

  void Wait(std::chrono::milliseconds timeout) override {
    const auto t0 = std::chrono::steady_clock::now();
    const uint64_t c0 = cycle_;
    while (!done_latched_) {
      const uint64_t waited = cycle_ - c0;
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (ms >= static_cast<double>(timeout.count()) || waited >= cfg_.max_wait_cycles) {
        const bool wall = ms >= static_cast<double>(timeout.count());
        std::string msg = name_ + ": Wait: ap_done did not come within " +
                          (wall ? std::to_string(timeout.count()) + " ms (wall clock)"
                                : std::to_string(cfg_.max_wait_cycles) + " cycles (the limit)") +
                          "; waited " + std::to_string(waited) + " cycles (" +
                          std::to_string(cycle_ - start_cycle_) + " since ap_start); " +
                          RegisterState() + "; memory: " + mem_.State();
        throw Timeout(msg);
      }
      Run(std::min<uint64_t>(cfg_.poll_cycles, cfg_.max_wait_cycles - waited));
      ReadReg(kCtrl);
    }
    done_latched_ = false;
    if (!mem_.errors().empty()) {
      std::string msg = name_ + ": the kernel finished, but the memory model recorded " +
                        std::to_string(mem_.counters().slverr) +
                        " AXI protocol errors during the run (answered SLVERR):";
      for (size_t i = 0; i < mem_.errors().size() && i < 5; ++i) msg += "\n  " + mem_.errors()[i];
      throw Error(msg);
    }
  }

 private:
  struct Lite {
    bool awvalid = false, wvalid = false, bready = false, arvalid = false, rready = false;
    uint32_t addr = 0, wdata = 0, rdata = 0;
    uint8_t resp = 0;
    bool done = false;
  };

  void CheckOffset(uint32_t offset, const char* what) const {
    if (offset % 4 != 0 || offset >= 4096) {
      throw Error(name_ + ": " + what + "(" + Hex(offset) +
                  "): register offsets are 4-byte aligned and below 0x1000");
    }
  }

  void ClearLite() {
    lite_ = {};
    DriveLite();
  }

  void DriveLite() {
    top_->s_axi_control_awvalid = lite_.awvalid;
    top_->s_axi_control_awaddr = lite_.addr;
    top_->s_axi_control_wvalid = lite_.wvalid;
    top_->s_axi_control_wdata = lite_.wdata;
    top_->s_axi_control_wstrb = 0xF;
    top_->s_axi_control_bready = lite_.bready;
    top_->s_axi_control_arvalid = lite_.arvalid;
    top_->s_axi_control_araddr = lite_.addr;
    top_->s_axi_control_rready = lite_.rready;
  }

  void SampleLite() {
    if (lite_.awvalid && top_->s_axi_control_awready) lite_.awvalid = false;
    if (lite_.wvalid && top_->s_axi_control_wready) lite_.wvalid = false;
    if (lite_.bready && top_->s_axi_control_bvalid) {
      lite_.resp = top_->s_axi_control_bresp;
      lite_.bready = false;
      lite_.done = true;
    }
    if (lite_.arvalid && top_->s_axi_control_arready) lite_.arvalid = false;
    if (lite_.rready && !lite_.arvalid && top_->s_axi_control_rvalid) {
      lite_.rdata = top_->s_axi_control_rdata;
      lite_.resp = top_->s_axi_control_rresp;
      lite_.rready = false;
      lite_.done = true;
    }
  }

  void RunLite(const std::string& what) {
    for (uint64_t i = 0; !lite_.done; ++i) {
      if (i >= cfg_.reg_timeout_cycles) {
        const Lite l = lite_;
        ClearLite();
        throw Error(name_ + ": the " + what + " got no AXI4-Lite response within " +
                    std::to_string(cfg_.reg_timeout_cycles) + " cycles (aw/w/ar " +
                    (l.awvalid ? "1" : "0") + (l.wvalid ? "1" : "0") + (l.arvalid ? "1" : "0") +
                    " still pending)");
      }
      Tick();
    }
    const Lite result = lite_;
    ClearLite();
    lite_.rdata = result.rdata;
    lite_.resp = result.resp;
  }

  // CTRL .. ISR, the arguments and the read-only ID/status words, for timeout messages.
  std::string RegisterState() {
    std::string s = "registers:";
    const uint32_t offsets[] = {0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x1C, 0x40,
                                0x44, 0x48, 0x4C, 0x50, 0x54, 0x58, 0x5C};
    for (uint32_t off : offsets) {
      uint32_t v = 0;
      try {
        v = ReadReg(off);
      } catch (const Error&) {
        s += " " + Hex(off) + "=?";
        continue;
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, " %02x=%08x", off, v);
      s += buf;
    }
    return s;
  }

  void Tick() {
    Verilated::threadContextp(context_.get());
    mem_.Drive(cycle_, ports_);
    VTop& t = *top_;
    t.m_axi_gmem_awready = ports_.awready;
    t.m_axi_gmem_wready = ports_.wready;
    t.m_axi_gmem_bvalid = ports_.bvalid;
    t.m_axi_gmem_bresp = ports_.bresp;
    t.m_axi_gmem_arready = ports_.arready;
    t.m_axi_gmem_rvalid = ports_.rvalid;
    t.m_axi_gmem_rresp = ports_.rresp;
    t.m_axi_gmem_rlast = ports_.rlast;
    if (ports_.rvalid) CopyWideIn(t.m_axi_gmem_rdata, ports_.rdata);
    DriveLite();
    t.eval();
    ports_.awvalid = t.m_axi_gmem_awvalid;
    ports_.awaddr = t.m_axi_gmem_awaddr;
    ports_.awlen = t.m_axi_gmem_awlen;
    ports_.awsize = t.m_axi_gmem_awsize;
    ports_.awburst = t.m_axi_gmem_awburst;
    ports_.wvalid = t.m_axi_gmem_wvalid;
    if (ports_.wvalid) CopyWideOut(t.m_axi_gmem_wdata, ports_.wdata);
    ports_.wstrb = t.m_axi_gmem_wstrb;
    ports_.wlast = t.m_axi_gmem_wlast;
    ports_.bready = t.m_axi_gmem_bready;
    ports_.arvalid = t.m_axi_gmem_arvalid;
    ports_.araddr = t.m_axi_gmem_araddr;
    ports_.arlen = t.m_axi_gmem_arlen;
    ports_.arsize = t.m_axi_gmem_arsize;
    ports_.arburst = t.m_axi_gmem_arburst;
    ports_.rready = t.m_axi_gmem_rready;
    mem_.Sample(cycle_, ports_);
    SampleLite();
    Dump();
    context_->timeInc(5);
    t.ap_clk = 1;
    t.eval();
    Dump();
    context_->timeInc(5);
    t.ap_clk = 0;
    ++cycle_;
    if (context_->gotError()) {
      context_->gotError(false);
      throw Error(name_ + ": cycle " + std::to_string(cycle_ - 1) +
                  ": the RTL reported an error ($error or a failing assertion; Verilator "
                  "printed it above)");
    }
  }

  void Dump() {
#if ZKACC_SIM_FST
    if (trace_) trace_->dump(context_->time());
#endif
  }

  VerilatorConfig cfg_;
  std::string name_;
  AxiMemory mem_;
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<VTop> top_;
#if ZKACC_SIM_FST
  std::unique_ptr<VerilatedFstC> trace_;
#endif
  AxiSlavePorts ports_;
  Lite lite_;
  uint64_t cycle_ = 0;
  uint64_t start_cycle_ = 0;
  bool done_latched_ = false;
};

}  // namespace

bool VerilatorAvailable() { return true; }

std::unique_ptr<VerilatorDevice> OpenVerilator(const VerilatorConfig& config) {
  return std::make_unique<Impl>(config);
}

}  // namespace zkacc::driver
