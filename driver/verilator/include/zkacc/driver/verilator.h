// SPDX-License-Identifier: Apache-2.0
//
// The verilator implementation of driver::Device: the Verilated zkacc_top (rtl/top), clocked
// here, its s_axi_control port driven by an AXI4-Lite master (every ReadReg/WriteReg is a bus
// transaction of a few cycles) and its m_axi_gmem port served by the memory model of
// axi_memory.h. driver::Open("verilator...") returns one; tests that need more than device.h
// (the interrupt line, the memory model's counters and errors, idle cycles) use this class.
//
//   VerilatorConfig cfg = ParseVerilatorArgument("ddr,hang,max_cycles=100000");
//   std::unique_ptr<VerilatorDevice> dev = OpenVerilator(cfg);
//   dev->WriteReg(...); dev->Start();
//   dev->Wait(std::chrono::milliseconds(500));     // throws Timeout naming the registers
//
// The device name argument ("verilator:<argument>") is a comma-separated list of options:
//   hbm | ddr          memory preset (axi_memory.h; default hbm)
//   hang               fault injection: the memory stops answering (no ap_done ever)
//   max_cycles=N       cycle limit of one Wait (default 2^40: the wall timeout decides)
//   clock_mhz=F        the modelled kernel clock (default 300; sets the presets' B/cycle)
//   interleaved        address-interleaved channels (4 KB) instead of one channel per bank
// Wait() polls CTRL over the bus every `poll_cycles` cycles (ap_done is clear-on-read: the
// device latches it, so a ReadReg(CTRL) by the caller does not lose it).
//
// Tracing (OpenOptions::trace_file / VerilatorConfig::trace_file): an FST waveform of the whole
// run. The model must have been verilated with --trace-fst (CMake option ZKACC_SIM_TRACE);
// otherwise asking for a trace throws Error saying so.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "zkacc/driver/axi_memory.h"
#include "zkacc/driver/device.h"

namespace zkacc::driver {

struct VerilatorConfig {
  MemoryConfig memory = MemoryPreset("hbm");
  double clock_mhz = 300;
  uint64_t max_wait_cycles = uint64_t{1} << 40;
  uint64_t poll_cycles = 16;           // cycles between two CTRL reads in Wait
  uint64_t reg_timeout_cycles = 1000;  // an AXI4-Lite transaction that takes longer -> Error
  std::string trace_file;              // "" = no waveform
};

// Parses the argument of "verilator:<argument>" (see the file comment); throws Error naming
// the bad option.
VerilatorConfig ParseVerilatorArgument(const std::string& argument);

class VerilatorDevice : public Device {
 public:
  ~VerilatorDevice() override = default;
  // The kernel's interrupt output now.
  virtual bool Interrupt() = 0;
  // Runs `cycles` clock cycles with no register access.
  virtual void Run(uint64_t cycles) = 0;
  virtual AxiMemory& memory() = 0;
  // Whether this build's zkacc_top model can write a waveform.
  virtual bool CanTrace() const = 0;
};

// Whether the verilator implementation was built (ZKACC_BUILD_SIM with a zkacc_top model).
bool VerilatorAvailable();
// Throws Error if it was not built, or on a bad configuration.
std::unique_ptr<VerilatorDevice> OpenVerilator(const VerilatorConfig& config);

}  // namespace zkacc::driver
