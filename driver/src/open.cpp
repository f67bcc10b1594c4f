// SPDX-License-Identifier: Apache-2.0
//
// driver::Open: the hardware layer's implementations by name (device.h).
//   "verilator[:<options>]"  the Verilated zkacc_top (driver/verilator, verilator.h)
//   "xrt:N"                  card N through XRT (driver/xrt, xrt.h)
#include <string>

#include "zkacc/driver/device.h"
#include "zkacc/driver/verilator.h"
#if ZKACC_HAVE_DRIVER_XRT
#include "zkacc/driver/xrt.h"
#endif

namespace zkacc::driver {

#if !ZKACC_HAVE_DRIVER_VERILATOR
bool VerilatorAvailable() { return false; }
std::unique_ptr<VerilatorDevice> OpenVerilator(const VerilatorConfig&) {
  throw Error(
      "verilator: this build has no verilator device (configure with -DZKACC_BUILD_SIM=ON and "
      "an rtl/top/zkacc_top to verilate)");
}
#endif

std::unique_ptr<Device> Open(const std::string& name, const OpenOptions& options) {
  const size_t colon = name.find(':');
  const std::string kind = name.substr(0, colon);
  const std::string argument = colon == std::string::npos ? "" : name.substr(colon + 1);
  if (kind == "verilator") {
    VerilatorConfig cfg = ParseVerilatorArgument(argument);
    // OpenOptions::memory applies unless the name chose a preset.
    const bool named_preset = ("," + argument + ",").find(",hbm,") != std::string::npos ||
                              ("," + argument + ",").find(",ddr,") != std::string::npos;
    if (!named_preset && !options.memory.empty() && options.memory != cfg.memory.name) {
      const bool hang = cfg.memory.hang;
      const bool interleaved = cfg.memory.interleaved;
      cfg.memory = MemoryPreset(options.memory, cfg.clock_mhz);
      cfg.memory.hang = hang;
      if (interleaved) {
        cfg.memory.interleaved = true;
        cfg.memory.channels = cfg.memory.banks;
      }
    }
    if (!options.trace_file.empty()) cfg.trace_file = options.trace_file;
    return OpenVerilator(cfg);
  }
  if (kind == "xrt") {
    if (argument.empty()) throw Error("xrt: name the card: \"xrt:N\" (e.g. \"xrt:0\")");
#if ZKACC_HAVE_DRIVER_XRT
    return OpenXrt(argument, options);
#else
    throw Error(
        "xrt: the xrt device is not part of this build (driver/xrt was absent at "
        "configure time)");
#endif
  }
  throw Error("driver: unknown device '" + name +
              "' (known: verilator, verilator:hbm, verilator:ddr, verilator:<options>, xrt:N)");
}

}  // namespace zkacc::driver
