// SPDX-License-Identifier: Apache-2.0
//
// The hardware layer: the only interface between the host library and a zkacc kernel. Two
// implementations sit behind it - "verilator" (clocks the Verilated zkacc_top and serves its AXI
// masters from a memory model) and "xrt" (a real Alveo card through XRT) - and nothing above
// this header knows which one runs.
//
//   std::unique_ptr<zkacc::driver::Device> dev = zkacc::driver::Open("verilator");
//   zkacc::driver::Buffer buf = dev->Alloc(1 << 20, /*bank=*/0);
//   dev->Write(buf, 0, host_ptr, bytes);
//   dev->WriteReg(kRegDescLo, uint32_t(desc.addr)); ...           // registers: zkacc_regs.h
//   dev->Start();
//   dev->Wait(std::chrono::milliseconds(10000));                   // throws driver::Timeout
//   dev->Read(out, 0, host_out, out_bytes);
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace zkacc::driver {

// Errors of the hardware layer; every message names the device and what went wrong.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// Wait() gave up: ap_done did not come within the timeout.
class Timeout : public Error {
 public:
  using Error::Error;
};

// A region of device memory. `addr` is the address the kernel's m_axi masters use.
struct Buffer {
  uint64_t addr = 0;
  size_t bytes = 0;
  int bank = -1;    // memory bank / HBM pseudo-channel it lives in (-1: the device chose)
  uint64_t id = 0;  // implementation's handle (0: not allocated)
  bool valid() const { return id != 0; }
};

struct OpenOptions {
  // verilator: memory preset "hbm" (U55C-like: many channels, lower latency) or "ddr"
  // (U250-like: few channels); see driver/verilator for the numbers. xrt: ignored.
  std::string memory = "hbm";
  // verilator: write an FST waveform of the whole run to this file ("" = none).
  std::string trace_file;
  // xrt: path of the .xclbin to load ("" = $ZKACC_XCLBIN or the default name).
  std::string xclbin;
};

class Device {
 public:
  virtual ~Device() = default;
  // "verilator", "xrt:0", ...
  virtual std::string Name() const = 0;

  // AXI4-Lite s_axi_control access; offsets from zkacc_regs.h (4-byte aligned).
  virtual uint32_t ReadReg(uint32_t offset) = 0;
  virtual void WriteReg(uint32_t offset, uint32_t value) = 0;

  // Device memory. Alloc throws Error when the memory is exhausted or bytes == 0; bank < 0 lets
  // the implementation choose. Write/Read throw Error when [offset, offset + bytes) is outside
  // the buffer. Write copies host -> device (and syncs), Read device -> host.
  virtual Buffer Alloc(size_t bytes, int bank = -1) = 0;
  virtual void Free(Buffer& buffer) = 0;
  virtual void Write(const Buffer& buffer, size_t offset, const void* src, size_t bytes) = 0;
  virtual void Read(const Buffer& buffer, size_t offset, void* dst, size_t bytes) = 0;

  // Sets ap_start (the arguments were written with WriteReg before).
  virtual void Start() = 0;
  // Returns when ap_done has been seen; throws Timeout if it does not come within `timeout`
  // (wall time; the verilator implementation also stops after its cycle limit).
  virtual void Wait(std::chrono::milliseconds timeout) = 0;

  // Kernel clock cycles elapsed since Open (verilator: simulated cycles; xrt: 0 unless the
  // kernel's cycle counter is read through the registers).
  virtual uint64_t Cycles() = 0;
  // The kernel clock the cycles are modelled at (verilator: a stated assumption, not measured).
  virtual double ClockMhz() const = 0;
};

// Opens a device by name: "verilator" (also "verilator:hbm", "verilator:ddr"), "xrt:N".
// Throws Error naming the known implementations when `name` is not one of them, or when the
// implementation was not built (e.g. XRT absent at configure time).
std::unique_ptr<Device> Open(const std::string& name, const OpenOptions& options = {});

}  // namespace zkacc::driver
