// SPDX-License-Identifier: Apache-2.0
//
// Tests of zkacc_driver_xrt. Without XRT (the stub): OpenXrt fails with the documented message.
// With XRT but no card: bad arguments and a missing xclbin are reported before XRT is touched.
// [card] cases (built with ZKACC_BUILD_XRT; labels card and long) need a card programmed from
// $ZKACC_XCLBIN, device index $ZKACC_XRT_DEVICE (default 0):
//
//   ZKACC_XCLBIN=fpga/build/hw.<platform>/zkacc.xclbin ctest --test-dir build -L card
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "zkacc/driver/device.h"
#include "zkacc/driver/xrt.h"

namespace zd = zkacc::driver;

namespace {

// The message of the zkacc::driver::Error that `f` throws ("" if it throws none).
template <typename F>
std::string ErrorOf(F&& f) {
  try {
    f();
  } catch (const zd::Error& e) {
    return e.what();
  }
  return "";
}

std::string CardIndex() {
  const char* env = std::getenv("ZKACC_XRT_DEVICE");
  return env != nullptr ? env : "0";
}

}  // namespace

TEST_CASE("xrt: OpenXrt says why it cannot open a card", "[xrt]") {
  if (!zd::XrtAvailable()) {
    const std::string msg = ErrorOf([] { zd::OpenXrt("0", {}); });
    CHECK(msg.find("xrt:0") != std::string::npos);
    CHECK(msg.find("not built") != std::string::npos);
    CHECK(msg.find("XRT was not found at configure time") != std::string::npos);
  } else {
    const std::string bad = ErrorOf([] { zd::OpenXrt("zero", {}); });
    CHECK(bad.find("bad device argument 'zero'") != std::string::npos);
    CHECK(ErrorOf([] { zd::OpenXrt("-1", {}); }).find("bad device argument") != std::string::npos);
    zd::OpenOptions options;
    options.xclbin = "/nonexistent/zkacc.xclbin";
    const std::string missing = ErrorOf([&] { zd::OpenXrt("0", options); });
    CHECK(missing.find("xrt:0") != std::string::npos);
    CHECK(missing.find("'/nonexistent/zkacc.xclbin' not found") != std::string::npos);
  }
}

TEST_CASE("xrt: registers and DMA round trips on a card", "[xrt][card]") {
  const char* xclbin = std::getenv("ZKACC_XCLBIN");
  if (xclbin == nullptr) FAIL("set ZKACC_XCLBIN to the zkacc xclbin of the card under test");
  std::unique_ptr<zd::Device> dev = zd::OpenXrt(CardIndex(), {});
  CHECK(dev->Name() == "xrt:" + CardIndex());
  CHECK(dev->ClockMhz() > 0.0);

  // An idle kernel after programming: ap_idle (bit 2) set, ap_start (bit 0) clear.
  const uint32_t ctrl = dev->ReadReg(0x00);
  CHECK((ctrl & 0x4u) != 0);
  CHECK((ctrl & 0x1u) == 0);
  // The count argument is a plain read/write register.
  dev->WriteReg(0x1C, 0xA5A5'0001u);
  CHECK(dev->ReadReg(0x1C) == 0xA5A5'0001u);
  CHECK(ErrorOf([&] { dev->ReadReg(0x1002); }).find("not a 4-byte aligned") != std::string::npos);

  const uint32_t seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  const size_t bytes = size_t{1} << 20;
  std::vector<uint64_t> data(bytes / 8);
  for (uint64_t& w : data) w = rng();

  zd::Buffer buf = dev->Alloc(bytes);
  CHECK(buf.valid());
  CHECK(buf.addr % 4096 == 0);
  dev->Write(buf, 0, data.data(), bytes);
  std::vector<uint64_t> back(data.size());
  dev->Read(buf, 0, back.data(), bytes);
  CHECK(back == data);
  // A sub-range, at an offset.
  std::vector<uint64_t> part(16);
  dev->Read(buf, 8 * 1000, part.data(), 8 * part.size());
  CHECK(std::equal(part.begin(), part.end(), data.begin() + 1000));

  CHECK(ErrorOf([&] { dev->Read(buf, bytes - 8, back.data(), 16); }).find("outside the buffer") !=
        std::string::npos);
  CHECK(ErrorOf([&] { dev->Alloc(0); }).find("0 bytes") != std::string::npos);
  CHECK(ErrorOf([&] { dev->Alloc(4096, 4096); }).find("is not connected") != std::string::npos);
  zd::Buffer first_bank = dev->Alloc(4096, 0);
  CHECK(first_bank.bank == 0);
  dev->Free(first_bank);
  CHECK(!first_bank.valid());
  dev->Free(buf);
  CHECK(ErrorOf([&] { dev->Read(buf, 0, back.data(), 8); }).find("not allocated") !=
        std::string::npos);
}
