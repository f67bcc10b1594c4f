// SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the unit testbenches: the traffic patterns every unit is run under, the
// latency and throughput checks, the size of the random runs, and printing.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "zkacc/field.h"
#include "zkacc/sim/harness.h"
#include "zkacc/sim/stream.h"

namespace zkacc::sim::tb {

// The limb helpers of field.h (ToHex, Less, AddMod, ...): zkacc::detail, which
// zkacc::sim::detail would hide.
namespace limbs = ::zkacc::detail;

// Valid/ready patterns of the random runs: busy, sparse, starved consumer, starved producer.
inline std::vector<Traffic> RandomTraffics() {
  return {{0.9, 0.9}, {0.5, 0.5}, {1.0, 0.3}, {0.3, 1.0}, {1.0, 0.7}};
}

// Operations of the default random run of a unit (split over RandomTraffics()), and of the
// [long] run. $ZKACC_SIM_N overrides the long count.
constexpr size_t kDefaultRandomOps = 4000;
inline size_t LongRandomOps() {
  if (const char* env = std::getenv("ZKACC_SIM_N")) return std::stoull(env);
  return 100'000;
}

// Prints one summary line of a run (stdout; ctest -V or --output-on-failure shows it).
template <class Out>
void Print(const std::string& label, const StreamRun<Out>& run) {
  std::cout << Summary(label, run.out, run.cycles, run.seconds) << std::endl;
}

// A run at full rate (in_valid and out_ready always high): every result must be valid exactly
// `latency` cycles after its input was taken, and the unit must deliver one result per cycle.
// input_of[j] is the input index of output j.
template <class Out>
void CheckFullRate(const StreamRun<Out>& run, const std::vector<size_t>& input_of,
                   uint64_t latency) {
  REQUIRE(run.out_cycles.size() == input_of.size());
  size_t wrong = 0;
  for (size_t j = 0; j < input_of.size(); ++j) {
    const uint64_t measured = run.out_cycles[j] - run.in_cycles[input_of[j]];
    if (measured != latency && wrong++ < 5) {
      UNSCOPED_INFO("result " << j << " (input " << input_of[j] << ", taken at cycle "
                              << run.in_cycles[input_of[j]] << ") was valid at cycle "
                              << run.out_cycles[j] << ": latency " << measured);
    }
  }
  INFO("exported Latency = " << latency);
  CHECK(wrong == 0);
  // One result per cycle: the window from the first result to the last has no gaps.
  CHECK(run.out.last_transfer - run.out.first_transfer + 1 == run.out.transfers);
  CHECK(run.Throughput() == 1.0);
}

// In-order units: output j belongs to input j.
inline std::vector<size_t> InOrder(size_t n) {
  std::vector<size_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

}  // namespace zkacc::sim::tb
