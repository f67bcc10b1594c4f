// SPDX-License-Identifier: Apache-2.0
//
// The SystemC architecture model (TLM-2.0, approximately timed): a scheduler runs a prover
// trace's operations on MSM, NTT and lookup units (timing models parameterized by a
// calibration), over device-memory channels and a host link with bandwidth and latency,
// respecting the trace's dependencies and overlapping transfers with compute.
//
// Every time it reports is modelled, not measured.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zkacc/models/arch_config.h"
#include "zkacc/models/trace.h"

namespace zkacc::arch {

struct UnitStats {
  std::string name;  // msm, ntt, lookup, host_link
  unsigned instances = 0;
  uint64_t ops = 0;
  double busy_seconds = 0;  // summed over instances
  double utilization = 0;   // busy_seconds / (instances * modelled_seconds)
};

struct SimResult {
  double modelled_seconds = 0;
  double wall_seconds = 0;  // host time the simulation itself took (measured)
  std::vector<UnitStats> units;
  std::map<std::string, double> busy_seconds_by_kind;   // msm, ntt, field, histogram, transfer
  std::map<std::string, double> busy_seconds_by_phase;  // cq, cqlin, plonk, advice, ...
  double memory_bytes = 0;
  double link_bytes = 0;
  std::optional<double> energy_joules;  // when the configuration has an energy section
  uint64_t ops = 0;
  uint64_t msm_point_additions = 0;
  // The MSM units' bucket-memory sweep after reset (one bucket per cycle per memory, all in
  // parallel; rtl/msm's ClearCycles): once per device reset, so not in modelled_seconds.
  double reset_sweep_cycles = 0;
  double reset_sweep_seconds = 0;
  std::string calibration_status;
  bool calibrated = false;
};

struct SimOptions {
  // Called with (done, total) ops as the run progresses (every ~5%), e.g. to print progress.
  std::function<void(uint64_t, uint64_t)> progress;
};

// Runs the trace. Throws std::runtime_error if the trace needs a unit the configuration lacks.
// Callable any number of times in one process (the SystemC hierarchy is built once).
SimResult Simulate(const models::Trace& trace, const models::ArchConfig& arch,
                   const models::Calibration& cal, const SimOptions& options = {});

}  // namespace zkacc::arch
