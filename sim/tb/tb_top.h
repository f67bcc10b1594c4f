// SPDX-License-Identifier: Apache-2.0
//
// The direct RTL testbench's view of the kernel top (rtl/top/zkacc_top, docs/kernel.md): the
// Verilated model (Vzkacc_top_fm), an AXI4-Lite master on s_axi_control and a small AXI4 slave
// memory on m_axi_gmem with random ready/valid back-pressure, a fixed read latency, injectable
// error responses, and protocol checks (bursts INCR, 64-byte beats, at most 64 beats, never
// across 4 KB, wlast on the last beat). Test-only: the configurable memory model of the driver
// (driver/verilator) is the real one.
//
//   zkacc::sim::top::Kernel k(/*seed=*/1);
//   k.Write32(ZKACC_REG_SCRATCH, 5);
//   k.Load(0x1000, bytes);                     // device memory
//   k.Run(desc_addr, count);                   // ap_start, wait for ap_done (cycle limit)
//   k.Read32(ZKACC_REG_ERROR_CODE);
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "Vzkacc_top_fm.h"
#include "zkacc/driver/zkacc_regs.h"

namespace zkacc::sim::top {

class TbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SlaveConfig {
  double p_arready = 0.8, p_rvalid = 0.8, p_awready = 0.8, p_wready = 0.8, p_bvalid = 0.8;
  unsigned read_latency = 20;      // cycles from AR accepted to its first beat
  size_t max_reads = 16;           // AR transfers queued
  // Addresses in [err_lo, err_hi) answer SLVERR (reads: every beat of a burst touching it;
  // writes: the B response). Addresses at or beyond the memory size answer DECERR.
  uint64_t err_lo = 0, err_hi = 0;
};

class Kernel {
 public:
  static constexpr size_t kBeat = 64;

  explicit Kernel(uint64_t seed, size_t mem_bytes = size_t{32} << 20, SlaveConfig cfg = {})
      : ctx_(std::make_unique<VerilatedContext>()), rng_(seed), cfg_(cfg), mem_(mem_bytes, 0) {
    ctx_->randReset(0);
    top_ = std::make_unique<Vzkacc_top_fm>(ctx_.get(), "zkacc_top");
    top_->ap_clk = 0;
    top_->ap_rst_n = 0;
    ClearInputs();
    for (int i = 0; i < 8; ++i) Tick();
    top_->ap_rst_n = 1;
    for (int i = 0; i < 4; ++i) Tick();
  }
  ~Kernel() { top_->final(); }

  Vzkacc_top_fm& dut() { return *top_; }
  // The `interrupt` output: Verilator renames the C++ member (a reserved word in its list).
  bool irq() const { return top_->__SYM__interrupt; }
  SlaveConfig& config() { return cfg_; }
  uint64_t cycle() const { return cycle_; }
  std::vector<uint8_t>& mem() { return mem_; }

  // Device memory access (no simulation time).
  void Load(uint64_t addr, const void* data, size_t n) {
    CheckRange(addr, n);
    std::memcpy(mem_.data() + addr, data, n);
  }
  void Store(uint64_t addr, void* data, size_t n) const {
    CheckRange(addr, n);
    std::memcpy(data, mem_.data() + addr, n);
  }

  // AXI4-Lite accesses (the kernel clocks while they wait).
  void Write32(uint32_t addr, uint32_t data, uint8_t strb = 0xF) {
    auto& t = *top_;
    t.s_axi_control_awvalid = 1;
    t.s_axi_control_awaddr = addr;
    t.s_axi_control_wvalid = 1;
    t.s_axi_control_wdata = data;
    t.s_axi_control_wstrb = strb;
    t.s_axi_control_bready = 0;
    bool aw = false, w = false;
    for (int i = 0; !(aw && w); ++i) {
      if (i > 1000) throw TbError("s_axi_control: write not accepted");
      t.eval();
      const bool aw_fire = t.s_axi_control_awvalid && t.s_axi_control_awready;
      const bool w_fire = t.s_axi_control_wvalid && t.s_axi_control_wready;
      Tick();
      if (aw_fire) {
        aw = true;
        t.s_axi_control_awvalid = 0;
      }
      if (w_fire) {
        w = true;
        t.s_axi_control_wvalid = 0;
      }
    }
    t.s_axi_control_bready = 1;
    for (int i = 0;; ++i) {
      if (i > 1000) throw TbError("s_axi_control: no write response");
      t.eval();
      const bool b = t.s_axi_control_bvalid;
      const uint32_t resp = t.s_axi_control_bresp;
      Tick();
      if (b) {
        if (resp != 0) throw TbError("s_axi_control: write response not OKAY");
        break;
      }
    }
    t.s_axi_control_bready = 0;
  }
  uint32_t Read32(uint32_t addr) {
    auto& t = *top_;
    t.s_axi_control_arvalid = 1;
    t.s_axi_control_araddr = addr;
    t.s_axi_control_rready = 0;
    for (int i = 0;; ++i) {
      if (i > 1000) throw TbError("s_axi_control: read not accepted");
      t.eval();
      const bool fire = t.s_axi_control_arready;
      Tick();
      if (fire) break;
    }
    t.s_axi_control_arvalid = 0;
    t.s_axi_control_rready = 1;
    for (int i = 0;; ++i) {
      if (i > 1000) throw TbError("s_axi_control: no read data");
      t.eval();
      const bool v = t.s_axi_control_rvalid;
      const uint32_t d = t.s_axi_control_rdata;
      const uint32_t resp = t.s_axi_control_rresp;
      Tick();
      if (v) {
        t.s_axi_control_rready = 0;
        if (resp != 0) throw TbError("s_axi_control: read response not OKAY");
        return d;
      }
    }
  }
  uint64_t Read64(uint32_t lo_addr) {
    for (;;) {
      const uint32_t hi = Read32(lo_addr + 4), lo = Read32(lo_addr), hi2 = Read32(lo_addr + 4);
      if (hi == hi2) return (uint64_t{hi} << 32) | lo;
    }
  }
  uint64_t Counter(uint32_t offset) { return Read64(offset); }

  // Sets desc/count, writes ap_start and polls CTRL until ap_done (each poll reads CTRL, which
  // clears ap_done: the poll that sees it returns). Throws TbError after max_cycles.
  uint32_t Run(uint64_t desc, uint32_t count, uint64_t max_cycles = 2'000'000) {
    Write32(ZKACC_REG_DESC_LO, static_cast<uint32_t>(desc));
    Write32(ZKACC_REG_DESC_HI, static_cast<uint32_t>(desc >> 32));
    Write32(ZKACC_REG_COUNT, count);
    Write32(ZKACC_REG_CTRL, ZKACC_CTRL_AP_START);
    return WaitDone(max_cycles);
  }
  uint32_t WaitDone(uint64_t max_cycles) {
    const uint64_t end = cycle_ + max_cycles;
    for (;;) {
      for (int i = 0; i < 64; ++i) Tick();
      const uint32_t ctrl = Read32(ZKACC_REG_CTRL);
      if (ctrl & ZKACC_CTRL_AP_DONE) return ctrl;
      if (cycle_ > end) {
        throw TbError("no ap_done within " + std::to_string(max_cycles) + " cycles (CTRL 0x" +
                      Hex(ctrl) + ", STATUS 0x" + Hex(Read32(ZKACC_REG_STATUS)) + ")");
      }
    }
  }

  // One clock cycle: the slave drives, the model settles, handshakes are sampled, rising edge.
  void Tick() {
    auto& t = *top_;
    DriveSlave();
    t.eval();
    SampleSlave();
    t.ap_clk = 1;
    t.eval();
    ctx_->timeInc(5);
    t.ap_clk = 0;
    t.eval();
    ctx_->timeInc(5);
    ++cycle_;
  }

  // Slave statistics.
  uint64_t read_beats() const { return read_beats_; }
  uint64_t write_beats() const { return write_beats_; }
  uint64_t read_bursts() const { return read_bursts_; }
  uint64_t write_bursts() const { return write_bursts_; }
  size_t max_reads_in_flight() const { return max_reads_in_flight_; }

 private:
  struct Burst {
    uint64_t addr = 0;
    unsigned len = 0;     // beats
    unsigned done = 0;    // beats transferred
    uint64_t ready = 0;   // cycle the first beat may go
    bool err = false, decerr = false;
  };

  static std::string Hex(uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "%llx", static_cast<unsigned long long>(v));
    return b;
  }
  void CheckRange(uint64_t addr, size_t n) const {
    if (addr + n > mem_.size() || addr + n < addr) {
      throw TbError("device memory access [0x" + Hex(addr) + ", +" + std::to_string(n) +
                    ") beyond the tb memory of " + std::to_string(mem_.size()) + " bytes");
    }
  }
  bool Flip(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  void ClearInputs() {
    auto& t = *top_;
    t.s_axi_control_awvalid = 0;
    t.s_axi_control_wvalid = 0;
    t.s_axi_control_bready = 0;
    t.s_axi_control_arvalid = 0;
    t.s_axi_control_rready = 0;
    t.m_axi_gmem_awready = 0;
    t.m_axi_gmem_wready = 0;
    t.m_axi_gmem_bvalid = 0;
    t.m_axi_gmem_arready = 0;
    t.m_axi_gmem_rvalid = 0;
  }

  void CheckBurst(const char* ch, uint64_t addr, unsigned len_field, unsigned size,
                  unsigned burst) {
    if (size != 6) throw TbError(std::string(ch) + "size " + std::to_string(size) + " != 6");
    if (burst != 1) throw TbError(std::string(ch) + "burst type is not INCR");
    if (addr % kBeat) throw TbError(std::string(ch) + "addr 0x" + Hex(addr) + " not aligned");
    const unsigned beats = len_field + 1;
    if (beats > 64) throw TbError(std::string(ch) + "burst of " + std::to_string(beats));
    if ((addr >> 12) != ((addr + uint64_t{beats} * kBeat - 1) >> 12)) {
      throw TbError(std::string(ch) + "burst at 0x" + Hex(addr) + " of " +
                    std::to_string(beats) + " beats crosses a 4 KB boundary");
    }
  }
  bool InErr(uint64_t addr, uint64_t bytes) const {
    return addr < cfg_.err_hi && addr + bytes > cfg_.err_lo;
  }

  void DriveSlave() {
    auto& t = *top_;
    t.m_axi_gmem_arready = reads_.size() < cfg_.max_reads && Flip(cfg_.p_arready);
    t.m_axi_gmem_awready = Flip(cfg_.p_awready);
    t.m_axi_gmem_wready = !writes_.empty() && Flip(cfg_.p_wready);
    // R: the head burst's next beat.
    r_offer_ = false;
    if (!reads_.empty() && reads_.front().ready <= cycle_ && Flip(cfg_.p_rvalid)) {
      const Burst& b = reads_.front();
      const uint64_t a = b.addr + uint64_t{b.done} * kBeat;
      for (int w = 0; w < 16; ++w) {
        uint32_t v = 0;
        if (!b.decerr) std::memcpy(&v, mem_.data() + a + 4 * w, 4);
        t.m_axi_gmem_rdata[w] = v;
      }
      t.m_axi_gmem_rlast = b.done + 1 == b.len;
      t.m_axi_gmem_rresp = b.decerr ? 3 : b.err ? 2 : 0;
      r_offer_ = true;
    } else {
      for (int w = 0; w < 16; ++w) t.m_axi_gmem_rdata[w] = static_cast<uint32_t>(rng_());
      t.m_axi_gmem_rlast = rng_() & 1;
      t.m_axi_gmem_rresp = 0;
    }
    t.m_axi_gmem_rvalid = r_offer_;
    b_offer_ = !bresps_.empty() && bresps_.front().first <= cycle_ && Flip(cfg_.p_bvalid);
    t.m_axi_gmem_bvalid = b_offer_;
    t.m_axi_gmem_bresp = b_offer_ ? bresps_.front().second : 0;
  }

  void SampleSlave() {
    auto& t = *top_;
    if (t.m_axi_gmem_arvalid && t.m_axi_gmem_arready) {
      Burst b;
      b.addr = t.m_axi_gmem_araddr;
      CheckBurst("AR: ", b.addr, t.m_axi_gmem_arlen, t.m_axi_gmem_arsize, t.m_axi_gmem_arburst);
      b.len = t.m_axi_gmem_arlen + 1u;
      b.ready = cycle_ + cfg_.read_latency;
      b.decerr = b.addr + uint64_t{b.len} * kBeat > mem_.size();
      b.err = InErr(b.addr, uint64_t{b.len} * kBeat);
      reads_.push_back(b);
      ++read_bursts_;
      max_reads_in_flight_ = std::max(max_reads_in_flight_, reads_.size());
    }
    if (r_offer_ && t.m_axi_gmem_rready) {
      Burst& b = reads_.front();
      ++b.done;
      ++read_beats_;
      if (b.done == b.len) reads_.pop_front();
    }
    if (t.m_axi_gmem_awvalid && t.m_axi_gmem_awready) {
      Burst b;
      b.addr = t.m_axi_gmem_awaddr;
      CheckBurst("AW: ", b.addr, t.m_axi_gmem_awlen, t.m_axi_gmem_awsize, t.m_axi_gmem_awburst);
      b.len = t.m_axi_gmem_awlen + 1u;
      b.decerr = b.addr + uint64_t{b.len} * kBeat > mem_.size();
      b.err = InErr(b.addr, uint64_t{b.len} * kBeat);
      writes_.push_back(b);
      ++write_bursts_;
    }
    // W beats are taken only for an accepted AW (wready is low otherwise).
    if (t.m_axi_gmem_wvalid && t.m_axi_gmem_wready) {
      Burst& b = writes_.front();
      const bool last = b.done + 1 == b.len;
      if (static_cast<bool>(t.m_axi_gmem_wlast) != last) {
        throw TbError("W: wlast " + std::to_string(t.m_axi_gmem_wlast) + " on beat " +
                      std::to_string(b.done) + " of a " + std::to_string(b.len) +
                      "-beat burst");
      }
      const uint64_t a = b.addr + uint64_t{b.done} * kBeat;
      const uint64_t strb = t.m_axi_gmem_wstrb;
      if (!b.decerr && !b.err) {
        for (int i = 0; i < 64; ++i) {
          if ((strb >> i) & 1) {
            mem_[a + i] = static_cast<uint8_t>(t.m_axi_gmem_wdata[i / 4] >> (8 * (i % 4)));
          }
        }
      }
      ++b.done;
      ++write_beats_;
      if (last) {
        bresps_.emplace_back(cycle_ + 3, b.decerr ? 3 : b.err ? 2 : 0);
        writes_.pop_front();
      }
    }
    if (b_offer_ && t.m_axi_gmem_bready) bresps_.pop_front();
  }

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vzkacc_top_fm> top_;
  std::mt19937_64 rng_;
  SlaveConfig cfg_;
  std::vector<uint8_t> mem_;
  uint64_t cycle_ = 0;
  std::deque<Burst> reads_, writes_;
  std::deque<std::pair<uint64_t, unsigned>> bresps_;
  bool r_offer_ = false, b_offer_ = false;
  uint64_t read_beats_ = 0, write_beats_ = 0, read_bursts_ = 0, write_bursts_ = 0;
  size_t max_reads_in_flight_ = 0;
};

}  // namespace zkacc::sim::top
