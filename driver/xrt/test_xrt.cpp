// SPDX-License-Identifier: Apache-2.0
//
// Tests of zkacc_driver_xrt. Without XRT (the stub): OpenXrt fails with the documented message.
// With XRT but no card: bad arguments and a missing xclbin are reported before XRT is touched.
// [card] cases (built with ZKACC_BUILD_XRT; labels card and long) need a card programmed from
// $ZKACC_XCLBIN, device index $ZKACC_XRT_DEVICE (default 0):
//
//   ZKACC_XCLBIN=fpga/build/hw.<platform>/zkacc.xclbin ctest --test-dir build -L card
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "zkacc/driver/device.h"
#include "zkacc/driver/xrt.h"
#include "zkacc/driver/zkacc_regs.h"

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

// $ZKACC_TEST_SEED, else a random seed (printed by the test on failure).
uint32_t Seed() {
  const char* env = std::getenv("ZKACC_TEST_SEED");
  return env != nullptr ? static_cast<uint32_t>(std::strtoul(env, nullptr, 0))
                        : std::random_device{}();
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

  // The zkacc kernel of this register map, idle after programming: ap_idle set, ap_start clear.
  CHECK(dev->ReadReg(ZKACC_REG_ID) == ZKACC_ID_MAGIC);
  const uint32_t ctrl = dev->ReadReg(ZKACC_REG_CTRL);
  CHECK((ctrl & ZKACC_CTRL_AP_IDLE) != 0);
  CHECK((ctrl & ZKACC_CTRL_AP_START) == 0);
  // Read/write registers: SCRATCH and the count argument.
  dev->WriteReg(ZKACC_REG_SCRATCH, 0xA5A5'0001u);
  dev->WriteReg(ZKACC_REG_COUNT, 0x0000'5A5Au);
  CHECK(dev->ReadReg(ZKACC_REG_SCRATCH) == 0xA5A5'0001u);
  CHECK(dev->ReadReg(ZKACC_REG_COUNT) == 0x0000'5A5Au);
  CHECK(ErrorOf([&] { dev->ReadReg(0x1002); }).find("not a 4-byte aligned") != std::string::npos);

  const uint32_t seed = Seed();
  INFO("seed " << seed << " (ZKACC_TEST_SEED=" << seed << " repeats it)");
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

TEST_CASE("xrt: a COPY descriptor on a card", "[xrt][card]") {
  if (std::getenv("ZKACC_XCLBIN") == nullptr)
    FAIL("set ZKACC_XCLBIN to the zkacc xclbin of the card under test");
  std::unique_ptr<zd::Device> dev = zd::OpenXrt(CardIndex(), {});
  const uint32_t seed = Seed();
  INFO("seed " << seed << " (ZKACC_TEST_SEED=" << seed << " repeats it)");
  std::mt19937 rng(seed);
  // Unaligned source and destination, a length that is no multiple of the 64-byte beat: the
  // destination must equal the source bytes (memcpy), the bytes around it must stay untouched.
  const size_t n = 100'003, src_off = 3, dst_off = 70, guard = 128;
  std::vector<uint8_t> src(src_off + n), dst(dst_off + n + guard);
  for (uint8_t& b : src) b = static_cast<uint8_t>(rng());
  for (uint8_t& b : dst) b = static_cast<uint8_t>(rng());
  std::vector<uint8_t> expected = dst;
  std::memcpy(expected.data() + dst_off, src.data() + src_off, n);

  zd::Buffer s = dev->Alloc(src.size());
  zd::Buffer d = dev->Alloc(dst.size());
  zd::Buffer descs = dev->Alloc(ZKACC_DESC_BYTES);
  dev->Write(s, 0, src.data(), src.size());
  dev->Write(d, 0, dst.data(), dst.size());
  zkacc_desc_copy_t desc;
  std::memset(&desc, 0, sizeof desc);
  desc.opcode = ZKACC_OP_COPY;
  desc.src = s.addr + src_off;
  desc.dst = d.addr + dst_off;
  desc.bytes = n;
  dev->Write(descs, 0, &desc, sizeof desc);

  dev->WriteReg(ZKACC_REG_DESC_LO, static_cast<uint32_t>(descs.addr));
  dev->WriteReg(ZKACC_REG_DESC_HI, static_cast<uint32_t>(descs.addr >> 32));
  dev->WriteReg(ZKACC_REG_COUNT, 1);
  const uint64_t cycles_before = dev->Cycles();
  dev->Start();
  dev->Wait(std::chrono::milliseconds(10'000));
  CHECK(dev->ReadReg(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
  CHECK(dev->ReadReg(ZKACC_REG_DESC_DONE) == 1);
  // At least one cycle per 64-byte beat written.
  CHECK(dev->Cycles() - cycles_before >= n / ZKACC_BEAT_BYTES);
  std::vector<uint8_t> back(dst.size());
  dev->Read(d, 0, back.data(), back.size());
  CHECK(back == expected);
  dev->Free(s);
  dev->Free(d);
  dev->Free(descs);
}
