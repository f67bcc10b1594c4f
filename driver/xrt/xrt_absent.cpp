// SPDX-License-Identifier: Apache-2.0
//
// zkacc_driver_xrt without XRT: built when CMake did not find XRT at configure time (or
// -DZKACC_BUILD_XRT=OFF). driver::Open("xrt:N") still links and fails with a message saying
// why, and XrtAvailable() lets callers (tests, `zkacc devices`) skip the card quietly:
//
//   if (!zkacc::driver::XrtAvailable()) { /* no "xrt" device on this build */ }
#include <memory>
#include <string>

#include "zkacc/driver/device.h"
#include "zkacc/driver/xrt.h"

namespace zkacc::driver {

std::unique_ptr<Device> OpenXrt(const std::string& argument, const OpenOptions& /*options*/) {
  throw Error("xrt: cannot open \"xrt:" + argument +
              "\": the xrt implementation was not built: XRT was not found at configure time "
              "(install XRT and source /opt/xilinx/xrt/setup.sh, or pass "
              "-DCMAKE_PREFIX_PATH=/opt/xilinx/xrt, then reconfigure with -DZKACC_BUILD_XRT=ON; "
              "see driver/xrt/README.md)");
}

bool XrtAvailable() { return false; }

}  // namespace zkacc::driver
