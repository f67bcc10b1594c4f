// SPDX-License-Identifier: Apache-2.0
//
// TEMPORARY, tests only: a minimal engine registry (engine.h: RegisterEngine, EngineNames,
// MakeEngine) for driver_sim_tests while host-lib/src/engine.cpp (the api-abi helper's real
// registry, with the cpu engine) is not part of zkacc_host. driver/CMakeLists.txt adds this
// file only when zkacc_host has no engine.cpp; it is never part of a library.
#include <map>
#include <mutex>
#include <stdexcept>

#include "zkacc/engine.h"

namespace zkacc {

namespace {
std::mutex mu;
std::map<std::string, EngineFactory>& Registry() {
  static std::map<std::string, EngineFactory> r;
  return r;
}
}  // namespace

void RegisterEngine(const std::string& prefix, EngineFactory factory) {
  std::lock_guard<std::mutex> lock(mu);
  if (prefix.empty() || Registry().count(prefix)) {
    throw std::invalid_argument("RegisterEngine: prefix '" + prefix + "' is empty or taken");
  }
  Registry()[prefix] = std::move(factory);
}

std::vector<std::string> EngineNames() {
  std::lock_guard<std::mutex> lock(mu);
  std::vector<std::string> names;
  for (const auto& kv : Registry()) names.push_back(kv.first);
  return names;
}

std::unique_ptr<Engine> MakeEngine(const std::string& name) {
  const size_t colon = name.find(':');
  const std::string prefix = name.substr(0, colon);
  EngineFactory f;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = Registry().find(prefix);
    if (it == Registry().end()) throw std::invalid_argument("MakeEngine: unknown engine " + name);
    f = it->second;
  }
  return f(colon == std::string::npos ? "" : name.substr(colon + 1));
}

}  // namespace zkacc
