// SPDX-License-Identifier: Apache-2.0
//
// The AXI4 slave memory model and allocator of the verilator device (axi_memory.h).
#include "zkacc/driver/axi_memory.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace zkacc::driver {

namespace {

std::string Hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string MemoryConfig::Describe() const {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%s: %u banks x %llu MB at %s, %u %s channels of %.1f B/cycle, read latency %llu, "
                "write latency %llu cycles, %u/%u outstanding reads/writes",
                name.c_str(), banks, static_cast<unsigned long long>(bank_bytes >> 20),
                Hex(base).c_str(), Channels(), interleaved ? "interleaved" : "per-bank",
                bytes_per_cycle, static_cast<unsigned long long>(read_latency),
                static_cast<unsigned long long>(write_latency), max_outstanding_reads,
                max_outstanding_writes);
  return buf;
}

MemoryConfig MemoryPreset(const std::string& name, double clock_mhz) {
  if (!(clock_mhz > 0) || clock_mhz > 2000) {
    throw Error("verilator: clock_mhz = " + std::to_string(clock_mhz) +
                " is not a kernel clock (0 < MHz <= 2000)");
  }
  MemoryConfig c;
  c.name = name;
  if (name == "hbm") {
    // U55C: 16 GB HBM2 (two stacks), 32 pseudo-channels of 512 MB, 460 GB/s.
    c.banks = 32;
    c.bank_bytes = 512ull << 20;
    c.bytes_per_cycle = 460e9 / 32 / (clock_mhz * 1e6);  // 47.9 B/cycle at 300 MHz
    c.read_latency = static_cast<uint64_t>(std::lround(120e-9 * clock_mhz * 1e6));  // 36
    c.write_latency = static_cast<uint64_t>(std::lround(60e-9 * clock_mhz * 1e6));  // 18
    c.max_outstanding_reads = 32;
    c.max_outstanding_writes = 32;
  } else if (name == "ddr") {
    // U250: 64 GB DDR4-2400 as 4 x64 channels of 16 GB, 19.2 GB/s each.
    c.banks = 4;
    c.bank_bytes = 16ull << 30;
    c.bytes_per_cycle = 19.2e9 / (clock_mhz * 1e6);  // 64 B/cycle at 300 MHz
    c.read_latency = static_cast<uint64_t>(std::lround(100e-9 * clock_mhz * 1e6));  // 30
    c.write_latency = static_cast<uint64_t>(std::lround(50e-9 * clock_mhz * 1e6));  // 15
    c.max_outstanding_reads = 16;
    c.max_outstanding_writes = 16;
  } else {
    throw Error("verilator: unknown memory preset '" + name + "' (known: hbm, ddr)");
  }
  c.channels = c.banks;
  return c;
}

AxiMemory::AxiMemory(const MemoryConfig& config) : cfg_(config) {
  if (cfg_.banks == 0 || cfg_.bank_bytes == 0 || cfg_.bytes_per_cycle <= 0 ||
      cfg_.max_outstanding_reads == 0 || cfg_.max_outstanding_writes == 0 ||
      (cfg_.interleaved && (cfg_.channels == 0 || cfg_.interleave_bytes == 0)) ||
      cfg_.alignment == 0 || (cfg_.alignment & (cfg_.alignment - 1)) != 0) {
    throw Error("verilator memory: bad configuration (" + cfg_.Describe() +
                "): banks, bank size, bandwidth, outstanding limits and channels must be "
                "positive, the alignment a power of two");
  }
  free_at_.assign(cfg_.Channels(), 0.0);
  free_.resize(cfg_.banks);
  for (unsigned b = 0; b < cfg_.banks; ++b) free_[b][0] = cfg_.bank_bytes;
}

AxiMemory::~AxiMemory() = default;

void AxiMemory::set_hang(bool hang, uint64_t after_bursts) {
  cfg_.hang = hang;
  cfg_.hang_after_bursts = after_bursts;
}

// ---------------------------------------------------------------------------------------------
// Allocator.

Buffer AxiMemory::Alloc(size_t bytes, int bank, uint64_t alignment) {
  const std::string who = "verilator:" + cfg_.name + ": Alloc(" + std::to_string(bytes) + ")";
  if (bytes == 0) throw Error(who + ": zero bytes");
  if (alignment == 0) alignment = cfg_.alignment;
  if ((alignment & (alignment - 1)) != 0 || alignment > cfg_.bank_bytes) {
    throw Error(who + ": alignment " + std::to_string(alignment) +
                " is not a power of two up to the bank size");
  }
  if (bank >= static_cast<int>(cfg_.banks)) {
    throw Error(who + ": bank " + std::to_string(bank) + " does not exist (" + cfg_.name +
                " has banks 0.." + std::to_string(cfg_.banks - 1) + ")");
  }
  const uint64_t span_unit = std::max<uint64_t>(alignment, cfg_.alignment);
  if (bytes > cfg_.bank_bytes) {
    throw Error(who + ": larger than a bank (" + std::to_string(cfg_.bank_bytes) + " bytes)");
  }
  const uint64_t span = (uint64_t{bytes} + span_unit - 1) / span_unit * span_unit;
  const unsigned first = bank >= 0 ? static_cast<unsigned>(bank) : next_bank_;
  const unsigned tries = bank >= 0 ? 1 : cfg_.banks;
  for (unsigned t = 0; t < tries; ++t) {
    const unsigned b = (first + t) % cfg_.banks;
    auto& fl = free_[b];
    for (auto it = fl.begin(); it != fl.end(); ++it) {
      const uint64_t start = (it->first + alignment - 1) / alignment * alignment;
      const uint64_t end = it->first + it->second;
      if (start + span > end) continue;
      // Split the free block [it->first, end) around [start, start + span).
      const uint64_t lo = it->first;
      fl.erase(it);
      if (start > lo) fl[lo] = start - lo;
      if (start + span < end) fl[start + span] = end - (start + span);
      Buffer buf;
      buf.addr = cfg_.base + uint64_t{b} * cfg_.bank_bytes + start;
      buf.bytes = bytes;
      buf.bank = static_cast<int>(b);
      buf.id = next_id_++;
      live_[buf.id] = {buf.addr, bytes, span, buf.bank};
      live_by_addr_[buf.addr] = buf.id;
      allocated_bytes_ += bytes;
      if (bank < 0) next_bank_ = (b + 1) % cfg_.banks;
      return buf;
    }
  }
  throw Error(who + ": device memory exhausted (" +
              (bank >= 0 ? "bank " + std::to_string(bank) : std::string("every bank")) + " of " +
              cfg_.name + ", " + std::to_string(allocated_bytes_) + " bytes allocated)");
}

void AxiMemory::Free(Buffer& buffer) {
  auto it = live_.find(buffer.id);
  if (buffer.id == 0 || it == live_.end() || it->second.addr != buffer.addr) {
    throw Error("verilator:" + cfg_.name + ": Free of a buffer that is not allocated (id " +
                std::to_string(buffer.id) + ", address " + Hex(buffer.addr) + "; freed twice?)");
  }
  const Allocation a = it->second;
  live_.erase(it);
  live_by_addr_.erase(a.addr);
  allocated_bytes_ -= a.bytes;
  auto& fl = free_[static_cast<size_t>(a.bank)];
  uint64_t off = a.addr - cfg_.base - uint64_t(a.bank) * cfg_.bank_bytes;
  uint64_t len = a.span;
  // Merge with the neighbouring free blocks.
  auto next = fl.lower_bound(off);
  if (next != fl.end() && next->first == off + len) {
    len += next->second;
    next = fl.erase(next);
  }
  if (next != fl.begin()) {
    auto prev = std::prev(next);
    if (prev->first + prev->second == off) {
      off = prev->first;
      len += prev->second;
      fl.erase(prev);
    }
  }
  fl[off] = len;
  buffer = Buffer{};
}

void AxiMemory::Check(const Buffer& buffer, size_t offset, size_t bytes, const char* what) const {
  auto it = live_.find(buffer.id);
  if (buffer.id == 0 || it == live_.end() || it->second.addr != buffer.addr) {
    throw Error("verilator:" + cfg_.name + ": " + what + " on a buffer that is not allocated (id " +
                std::to_string(buffer.id) + ")");
  }
  const size_t size = it->second.bytes;
  if (offset > size || bytes > size - offset) {
    throw Error("verilator:" + cfg_.name + ": " + what + " of " + std::to_string(bytes) +
                " bytes at offset " + std::to_string(offset) + " is outside the buffer of " +
                std::to_string(size) + " bytes at " + Hex(buffer.addr));
  }
}

// ---------------------------------------------------------------------------------------------
// Backing store.

uint8_t* AxiMemory::Page(uint64_t page, bool create) const {
  auto it = pages_.find(page);
  if (it != pages_.end()) return it->second.get();
  if (!create) return nullptr;
  auto p = std::make_unique<uint8_t[]>(kPageBytes);  // value-initialized: zeros
  uint8_t* raw = p.get();
  pages_.emplace(page, std::move(p));
  return raw;
}

void AxiMemory::Write(uint64_t addr, const void* src, size_t bytes) {
  if (addr < cfg_.base || addr - cfg_.base > cfg_.Bytes() ||
      bytes > cfg_.Bytes() - (addr - cfg_.base)) {
    throw Error("verilator:" + cfg_.name + ": write of " + std::to_string(bytes) + " bytes at " +
                Hex(addr) + " is outside the device memory");
  }
  const auto* s = static_cast<const uint8_t*>(src);
  while (bytes > 0) {
    const uint64_t off = addr % kPageBytes;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(bytes, kPageBytes - off));
    std::memcpy(Page(addr / kPageBytes, true) + off, s, n);
    addr += n;
    s += n;
    bytes -= n;
  }
}

void AxiMemory::Read(uint64_t addr, void* dst, size_t bytes) const {
  if (addr < cfg_.base || addr - cfg_.base > cfg_.Bytes() ||
      bytes > cfg_.Bytes() - (addr - cfg_.base)) {
    throw Error("verilator:" + cfg_.name + ": read of " + std::to_string(bytes) + " bytes at " +
                Hex(addr) + " is outside the device memory");
  }
  auto* d = static_cast<uint8_t*>(dst);
  while (bytes > 0) {
    const uint64_t off = addr % kPageBytes;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(bytes, kPageBytes - off));
    const uint8_t* page = Page(addr / kPageBytes, false);
    if (page) {
      std::memcpy(d, page + off, n);
    } else {
      std::memset(d, 0, n);
    }
    addr += n;
    d += n;
    bytes -= n;
  }
}

// ---------------------------------------------------------------------------------------------
// The AXI4 slave.

unsigned AxiMemory::ChannelOf(uint64_t addr) const {
  const uint64_t off = addr >= cfg_.base ? addr - cfg_.base : 0;
  if (cfg_.interleaved) return static_cast<unsigned>((off / cfg_.interleave_bytes) % cfg_.channels);
  return static_cast<unsigned>(std::min<uint64_t>(off / cfg_.bank_bytes, cfg_.banks - 1));
}

uint64_t AxiMemory::BeatAddress(uint64_t addr, unsigned size, unsigned beat) const {
  // INCR: the first beat at addr, the next ones at the following size-aligned addresses.
  if (beat == 0) return addr;
  const uint64_t aligned = addr & ~((uint64_t{1} << size) - 1);
  return aligned + (uint64_t{beat} << size);
}

std::string AxiMemory::CheckBurst(uint64_t addr, unsigned beats, unsigned size,
                                  unsigned burst) const {
  if (burst != 1) {
    return "burst type " + std::to_string(burst) + " (only INCR = 1 is supported)";
  }
  if (size > 6) return "size " + std::to_string(size) + " (2^size bytes) is wider than 512 bits";
  const uint64_t last = BeatAddress(addr, size, beats - 1) + (uint64_t{1} << size) - 1;
  if ((addr >> 12) != (last >> 12)) {
    return "burst " + Hex(addr) + ".." + Hex(last) + " crosses a 4 KB boundary";
  }
  if (addr < cfg_.base || last >= cfg_.base + cfg_.Bytes()) {
    return "address " + Hex(addr) + ".." + Hex(last) + " is outside the device memory (" +
           Hex(cfg_.base) + ".." + Hex(cfg_.base + cfg_.Bytes() - 1) + ")";
  }
  if (cfg_.check_allocated) {
    auto it = live_by_addr_.upper_bound(addr);
    bool inside = false;
    if (it != live_by_addr_.begin()) {
      --it;
      const Allocation& a = live_.at(it->second);
      inside = last < a.addr + a.span;
    }
    if (!inside) {
      return "address " + Hex(addr) + ".." + Hex(last) + " is not inside an allocated buffer";
    }
  }
  return "";
}

void AxiMemory::RecordError(uint64_t cycle, const std::string& what) {
  ++counters_.slverr;
  if (errors_.size() < 100) {
    errors_.push_back("cycle " + std::to_string(cycle) + ": " + what);
  } else if (errors_.size() == 100) {
    errors_.push_back("(further errors not recorded)");
  }
}

bool AxiMemory::Hanging() const { return cfg_.hang && completed_bursts_ >= cfg_.hang_after_bursts; }

void AxiMemory::Drive(uint64_t cycle, AxiSlavePorts& p) {
  p.awready = p.wready = p.bvalid = p.arready = p.rvalid = p.rlast = false;
  p.bresp = p.rresp = 0;
  if (Hanging()) return;
  p.arready = reads_.size() < cfg_.max_outstanding_reads;
  p.awready = writes_.size() < cfg_.max_outstanding_writes;
  // W: the oldest write burst still missing beats, if its channel can take a beat.
  for (const WriteBurst& w : writes_) {
    if (w.received < w.beats) {
      const unsigned ch = ChannelOf(w.addr);
      p.wready = w.error || free_at_[ch] < static_cast<double>(cycle) + 1.0;
      break;
    }
  }
  if (!writes_.empty() && writes_.front().received == writes_.front().beats &&
      writes_.front().b_at <= cycle) {
    p.bvalid = true;
    p.bresp = writes_.front().error ? 2 : 0;
  }
  if (!reads_.empty()) {
    const ReadBurst& r = reads_.front();
    if (r.ready[r.sent] <= cycle) {
      p.rvalid = true;
      p.rlast = r.sent + 1 == r.beats;
      p.rresp = r.error ? 2 : 0;
      if (r.error) {
        std::memset(p.rdata, 0, sizeof p.rdata);
      } else {
        // The beat's bytes sit at their lanes of the 64-byte-aligned word.
        const uint64_t a = BeatAddress(r.addr, r.size, r.sent);
        const uint64_t word = a & ~uint64_t{63};
        Read(word, p.rdata, 64);
      }
    }
  }
}

void AxiMemory::Sample(uint64_t cycle, const AxiSlavePorts& p) {
  const double now = static_cast<double>(cycle);
  if (p.rvalid && p.rready && !reads_.empty()) {
    ReadBurst& r = reads_.front();
    ++counters_.read_beats;
    counters_.read_bytes += uint64_t{1} << r.size;
    if (++r.sent == r.beats) {
      reads_.pop_front();
      ++completed_bursts_;
    }
  }
  if (p.bvalid && p.bready && !writes_.empty()) {
    writes_.pop_front();
    ++completed_bursts_;
  }
  if (p.wvalid && p.wready) {
    for (WriteBurst& w : writes_) {
      if (w.received >= w.beats) continue;
      const bool last = w.received + 1 == w.beats;
      if (p.wlast != last && !w.error) {
        RecordError(cycle, "write burst at " + Hex(w.addr) + " (" + std::to_string(w.beats) +
                               " beats): wlast " + (p.wlast ? "set on beat " : "missing on beat ") +
                               std::to_string(w.received) + (last ? " (the last)" : ""));
        w.error = true;
      }
      if (!w.error) {
        const uint64_t a = BeatAddress(w.addr, w.size, w.received);
        const uint64_t word = a & ~uint64_t{63};
        // Only the strobed lanes that belong to this beat (narrow bursts use a few lanes).
        const uint64_t lo = a - word, hi = (a | ((uint64_t{1} << w.size) - 1)) - word;
        uint8_t buf[64];
        Read(word, buf, 64);
        const auto* src = reinterpret_cast<const uint8_t*>(p.wdata);
        for (unsigned i = 0; i < 64; ++i) {
          if (i >= lo && i <= hi && ((p.wstrb >> i) & 1)) {
            buf[i] = src[i];
            ++counters_.write_bytes;
          }
        }
        Write(word, buf, 64);
        const unsigned ch = ChannelOf(w.addr);
        const double start = std::max(free_at_[ch], now);
        free_at_[ch] = start + static_cast<double>(uint64_t{1} << w.size) / cfg_.bytes_per_cycle;
      }
      ++counters_.write_beats;
      if (++w.received == w.beats) {
        const unsigned ch = ChannelOf(w.addr);
        const double data_done = w.error ? now : std::max(free_at_[ch], now);
        w.b_at = static_cast<uint64_t>(std::ceil(data_done)) + 1 + cfg_.write_latency;
      }
      break;
    }
  }
  if (p.awvalid && p.awready) {
    WriteBurst w{p.awaddr, unsigned{p.awlen} + 1u, p.awsize, false};
    const std::string bad = CheckBurst(w.addr, w.beats, w.size, p.awburst);
    if (!bad.empty()) {
      RecordError(cycle, "write burst (awaddr " + Hex(w.addr) + ", awlen " +
                             std::to_string(p.awlen) + "): " + bad);
      w.error = true;
    }
    ++counters_.write_bursts;
    ++accepted_bursts_;
    writes_.push_back(w);
  }
  if (p.arvalid && p.arready) {
    ReadBurst r{p.araddr, unsigned{p.arlen} + 1u, p.arsize, false, {}};
    const std::string bad = CheckBurst(r.addr, r.beats, r.size, p.arburst);
    r.ready.resize(r.beats);
    if (!bad.empty()) {
      RecordError(cycle, "read burst (araddr " + Hex(r.addr) + ", arlen " +
                             std::to_string(p.arlen) + "): " + bad);
      r.error = true;
      for (unsigned i = 0; i < r.beats; ++i) r.ready[i] = cycle + 1 + i;
    } else {
      const unsigned ch = ChannelOf(r.addr);
      const double cost = static_cast<double>(uint64_t{1} << r.size) / cfg_.bytes_per_cycle;
      double t = std::max(free_at_[ch], now + 1);
      for (unsigned i = 0; i < r.beats; ++i) {
        t += cost;
        r.ready[i] = static_cast<uint64_t>(std::ceil(t)) + cfg_.read_latency;
      }
      free_at_[ch] = t;
    }
    ++counters_.read_bursts;
    ++accepted_bursts_;
    reads_.push_back(std::move(r));
  }
}

std::string AxiMemory::State() const {
  std::string s = std::to_string(reads_.size()) + " read and " + std::to_string(writes_.size()) +
                  " write bursts outstanding";
  if (Hanging()) s += ", hang fault injected (the memory does not answer)";
  if (!errors_.empty())
    s += ", " + std::to_string(counters_.slverr) + " protocol errors (first: " + errors_.front() +
         ")";
  return s;
}

}  // namespace zkacc::driver
