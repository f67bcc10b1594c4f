// SPDX-License-Identifier: Apache-2.0
//
// The XRT implementation of the hardware layer (driver/xrt/): a zkacc kernel on an Alveo card,
// driven through XRT's native C++ API. driver::Open("xrt:N") calls OpenXrt("N", options); the
// library zkacc_driver_xrt holds the real implementation when XRT was found at configure time
// (CMake option ZKACC_BUILD_XRT) and a stub otherwise, so callers never need an #ifdef:
//
//   if (zkacc::driver::XrtAvailable()) {
//     zkacc::driver::OpenOptions options;
//     options.xclbin = "fpga/build/hw.xilinx_u55c_gen3x16_xdma_3_202210_1/zkacc.xclbin";
//     std::unique_ptr<zkacc::driver::Device> dev = zkacc::driver::OpenXrt("0", options);
//   }
//
// See driver/xrt/README.md (requirements, the xclbin search order, banks, running on a card).
#pragma once

#include <memory>
#include <string>

#include "zkacc/driver/device.h"

namespace zkacc::driver {

// Opens the card with XRT device index `argument` ("0", "1", ...; "" means 0), loads the xclbin
// (options.xclbin, else $ZKACC_XCLBIN, else ./zkacc.xclbin) and opens its zkacc_kernel compute
// unit. Throws Error naming the card and what failed: bad index, no card, xclbin not found or
// without zkacc_kernel, and - in the stub built without XRT - that XRT was not found at
// configure time.
std::unique_ptr<Device> OpenXrt(const std::string& argument, const OpenOptions& options);

// True when zkacc_driver_xrt was built against XRT (it may still find no card at run time).
bool XrtAvailable();

}  // namespace zkacc::driver
