// SPDX-License-Identifier: Apache-2.0
//
// The argument syntax of "verilator:<argument>" (verilator.h), independent of the model.
#include <cstdlib>
#include <sstream>

#include "zkacc/driver/verilator.h"

namespace zkacc::driver {

namespace {

double ParseNumber(const std::string& option, const std::string& value, bool integer) {
  const char* s = value.c_str();
  char* end = nullptr;
  const double v = integer ? static_cast<double>(std::strtoull(s, &end, 10)) : std::strtod(s, &end);
  if (value.empty() || end == s || *end != '\0' || (integer && value[0] == '-')) {
    throw Error("verilator: option '" + option + "': '" + value + "' is not " +
                (integer ? "a non-negative integer" : "a number"));
  }
  return v;
}

}  // namespace

VerilatorConfig ParseVerilatorArgument(const std::string& argument) {
  VerilatorConfig cfg;
  std::string preset = "hbm";
  bool hang = false, interleaved = false;
  std::stringstream ss(argument);
  std::string opt;
  while (std::getline(ss, opt, ',')) {
    if (opt.empty()) continue;
    const size_t eq = opt.find('=');
    const std::string key = opt.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : opt.substr(eq + 1);
    if (eq == std::string::npos && (opt == "hbm" || opt == "ddr")) {
      preset = opt;
    } else if (eq == std::string::npos && opt == "hang") {
      hang = true;
    } else if (eq == std::string::npos && opt == "interleaved") {
      interleaved = true;
    } else if (key == "max_cycles" && eq != std::string::npos) {
      cfg.max_wait_cycles = static_cast<uint64_t>(ParseNumber(key, value, true));
      if (cfg.max_wait_cycles == 0) throw Error("verilator: option 'max_cycles' must be >= 1");
    } else if (key == "clock_mhz" && eq != std::string::npos) {
      cfg.clock_mhz = ParseNumber(key, value, false);
    } else if (key == "trace" && eq != std::string::npos) {
      if (value.empty()) throw Error("verilator: option 'trace' needs a file name");
      cfg.trace_file = value;
    } else {
      throw Error("verilator: unknown option '" + opt + "' in '" + argument +
                  "' (known: hbm, ddr, hang, interleaved, max_cycles=N, clock_mhz=F, "
                  "trace=FILE)");
    }
  }
  cfg.memory = MemoryPreset(preset, cfg.clock_mhz);  // checks clock_mhz
  if (interleaved) {
    cfg.memory.interleaved = true;
    cfg.memory.channels = cfg.memory.banks;
    cfg.memory.interleave_bytes = 4096;
  }
  cfg.memory.hang = hang;
  return cfg;
}

}  // namespace zkacc::driver
