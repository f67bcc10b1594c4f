// SPDX-License-Identifier: Apache-2.0
//
// driver::Device on a real Alveo card through XRT's native C++ API (built when CMake finds XRT;
// option ZKACC_BUILD_XRT). One XrtDevice owns, for the lifetime of the object:
//
//   xrt::device(N)           the card (xbutil examine lists the indices)
//   xrt::xclbin              the zkacc xclbin (OpenOptions.xclbin, $ZKACC_XCLBIN, ./zkacc.xclbin)
//   xrt::hw_context          the context the compute unit is opened in
//   xrt::ip "zkacc_kernel"   exclusive register access to the CU's s_axi_control (the Device
//                            interface is register-level: the caller writes the arguments at
//                            0x10/0x1C, Start() sets ap_start, Wait() polls ap_done)
//   xrt::bo per Alloc        in the memory bank(s) connected to the kernel's m_axi_gmem
//                            (xrt::kernel::group_id(0) by default, or one bank by index)
//
//   zkacc::driver::OpenOptions options;
//   options.xclbin = "zkacc.xclbin";
//   auto dev = zkacc::driver::OpenXrt("0", options);   // Name() == "xrt:0"
//   zkacc::driver::Buffer buf = dev->Alloc(4096, /*bank=*/-1);
//   dev->Write(buf, 0, data, 4096);                      // bo.write + bo.sync(TO_DEVICE)
//
// Nothing here is simulated: Cycles() sums the kernel's own CYCLES counter (ap_start to ap_done)
// over the runs, ClockMhz() is the kernel clock recorded in the xclbin (CLOCK_FREQ_TOPOLOGY) or
// the documented default. Open checks the ID and VERSION registers against zkacc_regs.h.
// Not thread-safe: one thread drives one Device (XRT allows one xrt::ip owner per CU anyway).
#include <xrt/xrt_bo.h>
#include <xrt/xrt_device.h>
#include <xrt/xrt_kernel.h>
#include <xrt/xrt_uuid.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "zkacc/driver/device.h"
#include "zkacc/driver/xrt.h"
// XRT 2.19 (2025.1) and later have the "experimental" headers under xrt/experimental/ (and keep
// forwarding copies in experimental/); older releases only have experimental/.
#if __has_include(<xrt/experimental/xrt_ip.h>)
#include <xrt/experimental/xrt_ip.h>
#include <xrt/experimental/xrt_xclbin.h>
#else
#include <experimental/xrt_ip.h>
#include <experimental/xrt_xclbin.h>
#endif
#if __has_include(<xrt/xrt_hw_context.h>)
#include <xrt/xrt_hw_context.h>
#else
#include <experimental/xrt_hw_context.h>
#endif
// The register map generated from rtl/top/zkacc_regmap.json (scripts/gen_regmap.py).
#include "zkacc/driver/zkacc_regs.h"

namespace zkacc::driver {
namespace {

// The Vitis kernel name (fpga/kernel.xml, fpga/rtl/zkacc_kernel.v) and its one memory argument.
constexpr const char* kKernelName = "zkacc_kernel";
constexpr int kDescArg = 0;  // desc @0x10, the m_axi_gmem pointer argument
// ap_ctrl_hs control register (zkacc_regs.h; ap_done is clear-on-read).
constexpr uint32_t kCtrl = ZKACC_REG_CTRL;
constexpr uint32_t kApStart = ZKACC_CTRL_AP_START;
constexpr uint32_t kApDone = ZKACC_CTRL_AP_DONE;
constexpr uint32_t kApIdle = ZKACC_CTRL_AP_IDLE;
// The register-map version the driver was built against: major and minor must match the
// kernel's (a 0.x register map changes incompatibly between minor versions).
constexpr uint32_t kVersionMask = ZKACC_VERSION_MAJOR | ZKACC_VERSION_MINOR;
// s_axi_control address space of zkacc_top (C_S_AXI_CONTROL_ADDR_WIDTH = 12).
constexpr uint32_t kRegSpaceBytes = 0x1000;
// Used when the xclbin has no CLOCK_FREQ_TOPOLOGY data clock: the kernel_frequency that
// fpga/cfg/*.cfg ask v++ for.
constexpr double kDefaultClockMhz = 300.0;
constexpr const char* kDefaultXclbin = "zkacc.xclbin";

std::string Hex(uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

unsigned ParseIndex(const std::string& argument) {
  if (argument.empty()) return 0;
  if (argument.size() > 4 ||
      !std::all_of(argument.begin(), argument.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw Error("xrt: bad device argument '" + argument +
                "': expected an XRT device index such as 0 (\"xrt:0\"; xbutil examine lists them)");
  return static_cast<unsigned>(std::stoul(argument));
}

std::string ResolveXclbin(const OpenOptions& options) {
  if (!options.xclbin.empty()) return options.xclbin;
  if (const char* env = std::getenv("ZKACC_XCLBIN"); env != nullptr && *env != '\0') return env;
  return kDefaultXclbin;
}

class XrtDevice final : public Device {
 public:
  XrtDevice(unsigned index, std::string xclbin_path)
      : index_(index), name_("xrt:" + std::to_string(index)), xclbin_path_(std::move(xclbin_path)) {
    if (!std::ifstream(xclbin_path_).good())
      throw Error(name_ + ": xclbin '" + xclbin_path_ +
                  "' not found or not readable (set OpenOptions.xclbin or $ZKACC_XCLBIN; "
                  "fpga/Makefile builds it: make -C fpga xclbin TARGET=hw PLATFORM=...)");
    try {
      device_ = xrt::device(index_);
    } catch (const std::exception& e) {
      throw Error(name_ + ": cannot open XRT device " + std::to_string(index_) + ": " + e.what());
    }
    xrt::uuid uuid;
    try {
      xclbin_ = xrt::xclbin(xclbin_path_);
    } catch (const std::exception& e) {
      throw Error(name_ + ": cannot read xclbin '" + xclbin_path_ + "': " + e.what());
    }
    FindKernelMemories();
    try {
      // register_xclbin + hw_context is XRT's replacement for the deprecated load_xclbin:
      // creating the context programs the card when it holds another image.
      uuid = device_.register_xclbin(xclbin_);
      ctx_ = xrt::hw_context(device_, uuid);
    } catch (const std::exception& e) {
      throw Error(name_ + ": cannot load xclbin '" + xclbin_path_ + "' (platform " + XsaName() +
                  ") onto the card: " + e.what());
    }
    try {
      // The default group of the memory argument, from a shared xrt::kernel that is gone before
      // the exclusive xrt::ip is opened (as XRT's own xrt::ip tests do).
      xrt::kernel kernel(ctx_, kKernelName);
      default_group_ = kernel.group_id(kDescArg);
    } catch (const std::exception& e) {
      throw Error(name_ + ": cannot open kernel " + kKernelName + " of '" + xclbin_path_ +
                  "': " + e.what());
    }
    try {
      ip_ = xrt::ip(ctx_, kKernelName);
    } catch (const std::exception& e) {
      throw Error(name_ + ": cannot open compute unit " + kKernelName +
                  " for register access (is another process using it?): " + e.what());
    }
    CheckIdentity();
    clock_mhz_ = ReadClockMhz();
  }

  std::string Name() const override { return name_; }

  uint32_t ReadReg(uint32_t offset) override {
    CheckReg(offset, "ReadReg");
    try {
      return ip_.read_register(offset);
    } catch (const std::exception& e) {
      throw Error(name_ + ": reading register " + Hex(offset) + " failed: " + e.what());
    }
  }

  void WriteReg(uint32_t offset, uint32_t value) override {
    CheckReg(offset, "WriteReg");
    try {
      ip_.write_register(offset, value);
    } catch (const std::exception& e) {
      throw Error(name_ + ": writing " + Hex(value) + " to register " + Hex(offset) +
                  " failed: " + e.what());
    }
  }

  Buffer Alloc(size_t bytes, int bank) override {
    if (bytes == 0) throw Error(name_ + ": Alloc of 0 bytes");
    xrt::memory_group group = default_group_;
    std::string where = "the default bank of m_axi_gmem";
    if (bank >= 0) {
      if (static_cast<size_t>(bank) >= mems_.size())
        throw Error(name_ + ": Alloc: bank " + std::to_string(bank) + " is not connected to " +
                    kKernelName + ".m_axi_gmem (the xclbin connects " +
                    std::to_string(mems_.size()) + " bank(s): 0.." +
                    std::to_string(static_cast<int>(mems_.size()) - 1) + ")");
      group = static_cast<xrt::memory_group>(mems_[static_cast<size_t>(bank)].index);
      where = "bank " + std::to_string(bank) + " (" + mems_[static_cast<size_t>(bank)].tag + ")";
    }
    xrt::bo bo;
    try {
      bo = xrt::bo(device_, bytes, xrt::bo::flags::normal, group);
    } catch (const std::exception& e) {
      throw Error(name_ + ": cannot allocate " + std::to_string(bytes) + " bytes in " + where +
                  ": " + e.what());
    }
    Buffer buffer;
    buffer.addr = bo.address();
    buffer.bytes = bytes;
    buffer.bank = bank;
    buffer.id = next_id_++;
    bos_.emplace(buffer.id, std::move(bo));
    return buffer;
  }

  void Free(Buffer& buffer) override {
    if (!buffer.valid()) return;  // like free(nullptr)
    if (bos_.erase(buffer.id) == 0)
      throw Error(name_ + ": Free: buffer id " + std::to_string(buffer.id) +
                  " was not allocated on this device (or was freed already)");
    buffer = Buffer{};
  }

  void Write(const Buffer& buffer, size_t offset, const void* src, size_t bytes) override {
    xrt::bo& bo = Lookup(buffer, offset, bytes, "Write");
    if (bytes == 0) return;
    if (src == nullptr) throw Error(name_ + ": Write: null source pointer");
    try {
      bo.write(src, bytes, offset);
      bo.sync(XCL_BO_SYNC_BO_TO_DEVICE, bytes, offset);
    } catch (const std::exception& e) {
      throw Error(name_ + ": Write of " + std::to_string(bytes) + " bytes at device address " +
                  Hex(buffer.addr + offset) + " failed: " + e.what());
    }
  }

  void Read(const Buffer& buffer, size_t offset, void* dst, size_t bytes) override {
    xrt::bo& bo = Lookup(buffer, offset, bytes, "Read");
    if (bytes == 0) return;
    if (dst == nullptr) throw Error(name_ + ": Read: null destination pointer");
    try {
      bo.sync(XCL_BO_SYNC_BO_FROM_DEVICE, bytes, offset);
      bo.read(dst, bytes, offset);
    } catch (const std::exception& e) {
      throw Error(name_ + ": Read of " + std::to_string(bytes) + " bytes at device address " +
                  Hex(buffer.addr + offset) + " failed: " + e.what());
    }
  }

  void Start() override {
    const uint32_t ctrl = ReadReg(kCtrl);  // also clears a stale ap_done (clear-on-read)
    if ((ctrl & kApIdle) == 0)
      throw Error(name_ + ": Start: " + kKernelName + " is not idle (CTRL=" + Hex(ctrl) +
                  "); the previous run has not finished");
    WriteReg(kCtrl, kApStart);
    started_ = true;
  }

  void Wait(std::chrono::milliseconds timeout) override {
    if (!started_) throw Error(name_ + ": Wait without a Start");
    using Clock = std::chrono::steady_clock;
    const Clock::time_point begin = Clock::now();
    const Clock::time_point deadline = begin + timeout;
    // Poll CTRL: back-to-back for the first ~100 us (short commands), then sleep with a
    // growing interval capped at 1 ms so a long MSM does not keep a core busy.
    std::chrono::microseconds nap(0);
    uint32_t ctrl = 0;
    for (;;) {
      ctrl = ReadReg(kCtrl);
      if ((ctrl & kApDone) != 0) {
        started_ = false;
        cycles_done_ += ReadCounter(ZKACC_REG_CNT_CYCLES_LO);
        return;
      }
      const Clock::time_point now = Clock::now();
      if (now >= deadline) break;
      if (now - begin > std::chrono::microseconds(100)) {
        nap = std::min<std::chrono::microseconds>(std::chrono::microseconds(1000),
                                                  nap + std::chrono::microseconds(50));
        std::this_thread::sleep_for(nap);
      }
    }
    throw Timeout(name_ + ": " + kKernelName + " did not assert ap_done within " +
                  std::to_string(timeout.count()) + " ms of ap_start (CTRL=" + Hex(ctrl) +
                  StatusSuffix() + "; xclbin '" + xclbin_path_ + "')");
  }

  // The kernel's CYCLES counter counts from ap_start to ap_done and is cleared at ap_start, so
  // the cycles of the finished runs are summed at each Wait; during a run its counter so far is
  // added. Idle time between runs is not counted (there is no free-running counter).
  uint64_t Cycles() override {
    return cycles_done_ + (started_ ? ReadCounter(ZKACC_REG_CNT_CYCLES_LO) : 0);
  }

  double ClockMhz() const override { return clock_mhz_; }

 private:
  struct Mem {
    int index;        // memory-topology index (the xrt::bo memory group)
    std::string tag;  // "HBM[3]", "bank0", ...
  };

  void FindKernelMemories() {
    xrt::xclbin::kernel kernel;
    try {
      kernel = xclbin_.get_kernel(kKernelName);
    } catch (const std::exception&) {
      kernel = {};
    }
    if (!kernel) {
      std::string names;
      for (const xrt::xclbin::kernel& k : xclbin_.get_kernels())
        names += (names.empty() ? "" : ", ") + k.get_name();
      throw Error(name_ + ": xclbin '" + xclbin_path_ + "' has no kernel " + kKernelName +
                  " (it has: " + (names.empty() ? "none" : names) + ")");
    }
    for (const xrt::xclbin::mem& m : kernel.get_arg(kDescArg).get_mems())
      mems_.push_back({static_cast<int>(m.get_index()), m.get_tag()});
    if (mems_.empty())
      throw Error(name_ + ": xclbin '" + xclbin_path_ + "': " + kKernelName +
                  ".m_axi_gmem is connected to no memory bank (check the sp= lines of the link "
                  "configuration, fpga/cfg/*.cfg)");
  }

  std::string XsaName() const {
    try {
      return xclbin_.get_xsa_name();
    } catch (const std::exception&) {
      return "unknown";
    }
  }

  double ReadClockMhz() const {
    try {
      const auto* topology =
          xclbin_.get_axlf_section<const clock_freq_topology*>(CLOCK_FREQ_TOPOLOGY);
      if (topology != nullptr) {
        for (int16_t i = 0; i < topology->m_count; ++i) {
          const clock_freq& c = topology->m_clock_freq[i];
          // ap_clk of a Vitis kernel is clock 0, the platform's data clock.
          if (c.m_type == CT_DATA && c.m_freq_Mhz > 0) return c.m_freq_Mhz;
        }
      }
    } catch (const std::exception&) {
      // No CLOCK_FREQ_TOPOLOGY section (e.g. some emulation xclbins): use the default.
    }
    return kDefaultClockMhz;
  }

  void CheckReg(uint32_t offset, const char* what) const {
    if (offset % 4 != 0 || offset + 4 > kRegSpaceBytes)
      throw Error(name_ + ": " + what + ": register offset " + Hex(offset) +
                  " is not a 4-byte aligned offset below " + Hex(kRegSpaceBytes));
  }

  xrt::bo& Lookup(const Buffer& buffer, size_t offset, size_t bytes, const char* what) {
    auto it = bos_.find(buffer.id);
    if (!buffer.valid() || it == bos_.end())
      throw Error(name_ + ": " + what + ": buffer id " + std::to_string(buffer.id) +
                  " is not allocated on this device");
    if (offset > buffer.bytes || bytes > buffer.bytes - offset)
      throw Error(name_ + ": " + what + ": [" + std::to_string(offset) + ", " +
                  std::to_string(offset) + " + " + std::to_string(bytes) +
                  ") is outside the buffer of " + std::to_string(buffer.bytes) + " bytes");
    return it->second;
  }

  // A 64-bit counter (LO at `lo`, HI at lo + 4): HI, LO, HI again so that a carry between the
  // two reads of a running counter is caught.
  uint64_t ReadCounter(uint32_t lo) {
    for (;;) {
      const uint32_t hi = ReadReg(lo + 4);
      const uint32_t low = ReadReg(lo);
      if (ReadReg(lo + 4) == hi) return (uint64_t{hi} << 32) | low;
    }
  }

  // "; STATUS=0x1, DESC_DONE=3, ERROR_CODE=0" for the timeout message.
  std::string StatusSuffix() {
    try {
      return "; STATUS=" + Hex(ReadReg(ZKACC_REG_STATUS)) +
             ", DESC_DONE=" + std::to_string(ReadReg(ZKACC_REG_DESC_DONE)) +
             ", ERROR_CODE=" + std::to_string(ReadReg(ZKACC_REG_ERROR_CODE));
    } catch (const Error&) {
      return "";
    }
  }

  // The CU must be a zkacc kernel of this register-map version.
  void CheckIdentity() {
    const uint32_t id = ReadReg(ZKACC_REG_ID);
    if (id != ZKACC_ID_MAGIC)
      throw Error(name_ + ": compute unit " + kKernelName + " of '" + xclbin_path_ + "' reads ID " +
                  Hex(id) + ", not " + Hex(ZKACC_ID_MAGIC) + ": not a zkacc kernel");
    const uint32_t version = ReadReg(ZKACC_REG_VERSION);
    if ((version & kVersionMask) != (ZKACC_VERSION_VALUE & kVersionMask))
      throw Error(name_ + ": '" + xclbin_path_ + "' has register map version " +
                  VersionText(version) + ", this driver was built for " +
                  VersionText(ZKACC_VERSION_VALUE) + ": rebuild the xclbin or the driver");
  }

  static std::string VersionText(uint32_t v) {
    return std::to_string((v >> 16) & 0xFF) + "." + std::to_string((v >> 8) & 0xFF) + "." +
           std::to_string(v & 0xFF);
  }

  unsigned index_;
  std::string name_;
  std::string xclbin_path_;
  // Declaration order = construction order; destruction runs backwards: buffers and the CU
  // context go before the hardware context and the device.
  xrt::device device_;
  xrt::xclbin xclbin_;
  xrt::hw_context ctx_;
  xrt::ip ip_;
  xrt::memory_group default_group_ = 0;
  std::vector<Mem> mems_;
  std::map<uint64_t, xrt::bo> bos_;
  uint64_t next_id_ = 1;
  uint64_t cycles_done_ = 0;  // CYCLES of the runs finished since Open
  double clock_mhz_ = kDefaultClockMhz;
  bool started_ = false;
};

}  // namespace

std::unique_ptr<Device> OpenXrt(const std::string& argument, const OpenOptions& options) {
  const unsigned index = ParseIndex(argument);
  return std::make_unique<XrtDevice>(index, ResolveXclbin(options));
}

bool XrtAvailable() { return true; }

}  // namespace zkacc::driver
