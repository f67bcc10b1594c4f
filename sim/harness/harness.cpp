// SPDX-License-Identifier: Apache-2.0
//
// The non-template parts of the harness: seeds, trace file names, messages.
#include "zkacc/sim/harness.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <mutex>
#include <random>
#include <string>

#include "zkacc/random.h"
#include "zkacc/sim/stream.h"

namespace zkacc::sim {

uint64_t Seed() { return ReplayableSeed(); }

std::mt19937_64 Rng(const std::string& salt) { return SeededRng(salt); }

namespace detail {

std::string ResolveTraceFile(const HarnessOptions& options) {
  std::string file = options.trace_file;
  if (file.empty()) {
    const char* env = std::getenv("ZKACC_TRACE");
    if (env == nullptr || *env == '\0') return "";
    file = env;
  }
  static std::atomic<unsigned> harnesses_traced{0};
  const unsigned index = harnesses_traced++;
  const size_t name_at = file.find("%n");
  if (name_at != std::string::npos) {
    file.replace(name_at, 2, options.name);
  } else if (index > 0) {
    const size_t slash = file.find_last_of('/');
    const size_t dot = file.find_last_of('.');
    const size_t at = (dot != std::string::npos && (slash == std::string::npos || dot > slash))
                          ? dot
                          : file.size();
    file.insert(at, "." + std::to_string(index));
  }
  std::cerr << "zkacc sim: tracing " << options.name << " to " << file << "\n";
  return file;
}

void ThrowSimError(const std::string& name, uint64_t cycle, const std::string& what) {
  throw SimError(name + ": cycle " + std::to_string(cycle) + ": " + what);
}

}  // namespace detail

std::string Traffic::Name() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "valid %.2f / ready %.2f", p_valid, p_ready);
  return buf;
}

std::string Summary(const std::string& label, const StreamStats& out, uint64_t cycles,
                    double seconds) {
  char buf[256];
  std::snprintf(
      buf, sizeof buf, ": %llu results in %llu cycles, %.4f results/ready-cycle, %.3g cycles/s",
      static_cast<unsigned long long>(out.transfers), static_cast<unsigned long long>(cycles),
      out.Throughput(), seconds > 0 ? static_cast<double>(cycles) / seconds : 0.0);
  return label + buf;
}

}  // namespace zkacc::sim
