// SPDX-License-Identifier: Apache-2.0
//
// KernelEngine: the engine of engine.h over a driver::Device - the zkacc kernel (rtl/top) runs
// every operation: the host converts the data to the buffer layouts of rtl/top/zkacc_regmap.json
// (zkacc_regs.h), writes one descriptor per operation, starts the kernel, waits, reads the
// results back and finishes what the kernel leaves to the host (the MSM's bucket reduction,
// zkacc::ReduceBuckets). RegisterKernelEngines() makes it available by name:
//
//   zkacc::driver::RegisterKernelEngines();             // idempotent
//   auto engine = zkacc::MakeEngine("sim:ddr,timeout_ms=5000");
//   zkacc::OpStats st;
//   auto p = engine->Msm(engine->UploadBases(points, n), 0, scalars, n, &st);
//   // st.cycles, st.utilization, st.modelled_seconds (at st.clock_mhz)
//
// Engine argument (after "sim:" / "xrt:"), comma-separated:
//   hbm | ddr      memory preset of the verilator device (driver/verilator)
//   hang           fault injection: the device memory stops answering (Wait times out)
//   timeout_ms=N   Wait timeout (default 60000)
//   trace=FILE     FST waveform of the run (needs a model built with ZKACC_SIM_TRACE)
//   clock_mhz=F    the clock the cycles are modelled at (default 300)
// "xrt:N[,timeout_ms=..,clock_mhz=..]": card N.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "zkacc/driver/device.h"
#include "zkacc/engine.h"

namespace zkacc::driver {

struct KernelEngineOptions {
  std::chrono::milliseconds timeout{60000};
  double clock_mhz = 300;  // for OpStats (the device's ClockMhz() when it has one)
};

// The engine over an open device (owned).
std::unique_ptr<Engine> MakeKernelEngine(std::unique_ptr<Device> device,
                                         const KernelEngineOptions& options = {});

// "sim[:<argument>]" / "xrt:<argument>" -> the device and engine options; throws
// std::invalid_argument naming a bad option.
std::unique_ptr<Engine> MakeKernelEngineFromName(const std::string& prefix,
                                                 const std::string& argument);

// Registers "sim" and "xrt" with zkacc::RegisterEngine (engine.h); idempotent.
void RegisterKernelEngines();

}  // namespace zkacc::driver
