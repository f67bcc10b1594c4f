// SPDX-License-Identifier: Apache-2.0
//
// Counters of a run of the MSM engine (rtl/msm) and the host's choice of its window size.
// No Verilator types: included by the sim backend's public header (backend.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "zkacc/msm.h"

namespace zkacc::sim {

// Counters of one run of the MSM engine (the RTL's counters, read at the end of the run).
struct MsmRunStats {
  std::string unit;
  size_t n = 0;
  unsigned c = 0;
  unsigned windows = 0;
  unsigned op_latency = 0;           // the unit's OpLatency: scheduler decision to adder output
  uint64_t cycles = 0;               // start to done
  uint64_t acc_cycles = 0;           // accumulation phase (start to the last bucket write-back)
  uint64_t digits = 0;               // non-zero digits (bucket operations) out of the slicer
  uint64_t bucket_adds = 0;          // bucket[k] += operation
  uint64_t pair_adds = 0;            // operation + operation (colliding digits added first)
  uint64_t first_adds = 0;           // bucket additions into an empty bucket
  uint64_t bubble_hazard = 0;        // accumulation cycles with an operation waiting, no issue
  uint64_t bubble_starved = 0;       // accumulation cycles with nothing from the slicer
  uint64_t bubble_drain = 0;         // input finished, waiting for the last additions
  uint64_t out_stall = 0;            // readout cycles with a bucket waiting for out_ready
  uint32_t pool_peak = 0;            // most colliding operations held at once
  uint64_t extras = 0;               // pool entries read out and added to their buckets by the host
  std::vector<uint32_t> win_adds;    // additions per window
  std::vector<uint32_t> win_hazard;  // hazard bubbles per window
  double seconds = 0;                // wall-clock time of the simulation

  uint64_t Additions() const { return bucket_adds + pair_adds; }
  // Additions per cycle of the accumulation phase: the adder pipeline's busy fraction.
  double Utilization() const {
    return acc_cycles ? static_cast<double>(Additions()) / static_cast<double>(acc_cycles) : 0;
  }
  // Additions per cycle of the whole run, bucket readout included.
  double UtilizationTotal() const {
    return cycles ? static_cast<double>(Additions()) / static_cast<double>(cycles) : 0;
  }
  double CyclesPerDigit() const {
    return digits ? static_cast<double>(acc_cycles) / static_cast<double>(digits) : 0;
  }
  double CyclesPerSecond() const { return seconds > 0 ? static_cast<double>(cycles) / seconds : 0; }
};

// The window size the host picks for an n-point MSM on the engine: the c in [c_min, c_max]
// that minimizes the modelled cycles n W(c) + n L / 2^(c-1) (hazard bubbles: L cycles of
// operations in flight spread over the 2^(c-1) buckets of a window) + W(c) 2^(c-1) (readout).
inline unsigned DeviceWindowBits(size_t n, unsigned scalar_bits, unsigned c_min, unsigned c_max,
                                 unsigned latency) {
  unsigned best = c_min;
  double best_cost = 0;
  for (unsigned c = c_min; c <= c_max; ++c) {
    const double w = SignedWindowCount(scalar_bits, c);
    const double nb = static_cast<double>(1u << (c - 1));
    const double cost = static_cast<double>(n) * w + static_cast<double>(n) * latency / nb + w * nb;
    if (c == c_min || cost < best_cost) {
      best = c;
      best_cost = cost;
    }
  }
  return best;
}

}  // namespace zkacc::sim
