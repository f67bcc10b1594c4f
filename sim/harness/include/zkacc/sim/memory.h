// SPDX-License-Identifier: Apache-2.0
//
// A timing model of one direction of an external memory channel (an AXI4 read or write channel
// to DDR/HBM), for the DMA models of the testbenches and the sim backend: bandwidth, latency,
// and a cost per burst. Values are kept by the caller; this class only says when each access
// completes.
//
//   MemoryConfig cfg;                       // 64 B/cycle, 100 cycles, 4 cycles per burst
//   MemoryChannel rd(cfg);
//   if (rd.CanAccept(now)) done = rd.Access(now, byte_address, 32);  // data valid at `done`
//
// The model: accesses are served in order. Each takes bytes / bytes_per_cycle cycles of the
// channel; an access that does not continue the previous one (next address, same burst of at
// most max_burst_bytes) opens a new burst and first costs burst_cycles (address phase, DRAM row
// activation, AXI 4 KB boundary) - so strided access pays per element, contiguous access once
// per burst. The data is there (read) or committed (write) `latency` cycles after the channel
// has moved it. CanAccept(now) holds while the channel is booked no later than cycle now + 1,
// so a DMA that asks every cycle keeps it busy without queueing unboundedly ahead.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

namespace zkacc::sim {

struct MemoryConfig {
  double bytes_per_cycle = 64;    // 512-bit AXI: 19.2 GB/s at 300 MHz (one DDR4-2400 x64 channel)
  uint64_t latency = 100;         // cycles from the channel to data (~330 ns at 300 MHz)
  uint64_t burst_cycles = 4;      // cost of opening a burst
  uint64_t max_burst_bytes = 4096;  // AXI4: a burst never crosses a 4 KB boundary

  std::string Describe() const {
    return std::to_string(static_cast<int>(bytes_per_cycle)) + " B/cycle, latency " +
           std::to_string(latency) + " cycles, " + std::to_string(burst_cycles) +
           " cycles per burst (max " + std::to_string(max_burst_bytes) + " B)";
  }
};

struct MemoryStats {
  uint64_t accesses = 0;
  uint64_t bytes = 0;
  uint64_t bursts = 0;
  double busy_cycles = 0;   // channel time spent moving data
  double burst_overhead = 0;  // channel time spent opening bursts
};

class MemoryChannel {
 public:
  explicit MemoryChannel(const MemoryConfig& cfg = {}) : cfg_(cfg) {}

  const MemoryConfig& config() const { return cfg_; }
  const MemoryStats& stats() const { return stats_; }

  bool CanAccept(uint64_t now) const { return free_at_ < static_cast<double>(now) + 1.0; }

  // Books an access of `bytes` at `address` starting no earlier than `now`; returns the cycle at
  // which its data is valid (read) or committed (write).
  uint64_t Access(uint64_t now, uint64_t address, uint64_t bytes) {
    double start = std::max(free_at_, static_cast<double>(now));
    const bool continues = has_last_ && address == next_address_ &&
                           burst_bytes_ + bytes <= cfg_.max_burst_bytes &&
                           (address / cfg_.max_burst_bytes) ==
                               ((address + bytes - 1) / cfg_.max_burst_bytes);
    if (!continues) {
      start += static_cast<double>(cfg_.burst_cycles);
      stats_.burst_overhead += static_cast<double>(cfg_.burst_cycles);
      ++stats_.bursts;
      burst_bytes_ = 0;
    }
    const double move = static_cast<double>(bytes) / cfg_.bytes_per_cycle;
    free_at_ = start + move;
    burst_bytes_ += bytes;
    next_address_ = address + bytes;
    has_last_ = true;
    ++stats_.accesses;
    stats_.bytes += bytes;
    stats_.busy_cycles += move;
    return static_cast<uint64_t>(std::ceil(free_at_)) + cfg_.latency;
  }

 private:
  MemoryConfig cfg_;
  MemoryStats stats_;
  double free_at_ = 0;
  bool has_last_ = false;
  uint64_t next_address_ = 0;
  uint64_t burst_bytes_ = 0;
};

}  // namespace zkacc::sim
