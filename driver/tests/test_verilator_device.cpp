// SPDX-License-Identifier: Apache-2.0
//
// The verilator device (driver/verilator) on the Verilated zkacc_top, through driver::Device:
// the ap_ctrl_hs register semantics (ap_start, ap_done clear-on-read, ap_idle, ap_ready,
// interrupts), NOP and COPY descriptors under both memory presets (COPY checked against
// memcpy, random sizes and alignments), bad buffer ranges, kernel and AXI errors, the hang
// fault's timeout (wall clock and cycle limit), and the trace switch.
//
// Figures (not tests; simulated cycles): driver_sim_tests "[perf]" prints COPY bytes per cycle
// under both presets and the simulation speed.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "zkacc/driver/device.h"
#include "zkacc/driver/verilator.h"
#include "zkacc/driver/zkacc_regs.h"

using namespace zkacc::driver;

namespace {

constexpr auto kTimeout = std::chrono::milliseconds(60000);

std::mt19937_64 Rng() {
  const uint64_t seed = Catch::rngSeed() ? Catch::rngSeed() : std::random_device{}();
  INFO("seed " << seed << " (rerun with --rng-seed " << seed << ")");
  return std::mt19937_64(seed);
}

// Writes the descriptors into a fresh buffer and points DESC/COUNT at it.
Buffer Program(Device& dev, const std::vector<zkacc_desc_t>& descs) {
  Buffer b = dev.Alloc(std::max<size_t>(64, 64 * descs.size()));
  if (!descs.empty()) dev.Write(b, 0, descs.data(), 64 * descs.size());
  dev.WriteReg(ZKACC_REG_DESC_LO, static_cast<uint32_t>(b.addr));
  dev.WriteReg(ZKACC_REG_DESC_HI, static_cast<uint32_t>(b.addr >> 32));
  dev.WriteReg(ZKACC_REG_COUNT, static_cast<uint32_t>(descs.size()));
  return b;
}

zkacc_desc_t Nop() {
  zkacc_desc_t d{};
  d.opcode = ZKACC_OP_NOP;
  return d;
}

zkacc_desc_t Copy(uint64_t src, uint64_t dst, uint64_t bytes) {
  zkacc_desc_copy_t c{};
  c.opcode = ZKACC_OP_COPY;
  c.src = src;
  c.dst = dst;
  c.bytes = bytes;
  zkacc_desc_t d;
  std::memcpy(&d, &c, 64);
  return d;
}

uint64_t Counter(Device& dev, uint32_t off) {
  return dev.ReadReg(off) | (uint64_t{dev.ReadReg(off + 4)} << 32);
}

}  // namespace

TEST_CASE("verilator device: identity, scratch register, bad offsets", "[driver][sim]") {
  auto dev = Open("verilator");
  CHECK(dev->Name() == "verilator:hbm");
  CHECK(dev->ReadReg(ZKACC_REG_ID) == ZKACC_ID_MAGIC);
  CHECK(dev->ReadReg(ZKACC_REG_VERSION) == ZKACC_VERSION_VALUE);
  CHECK((dev->ReadReg(ZKACC_REG_CAPS) & ZKACC_CAPS_COPY) != 0);
  for (uint32_t v : {0u, 0xFFFFFFFFu, 0xA5A55A5Au, 0x12345678u}) {
    dev->WriteReg(ZKACC_REG_SCRATCH, v);
    CHECK(dev->ReadReg(ZKACC_REG_SCRATCH) == v);
  }
  CHECK_THROWS_WITH(dev->ReadReg(0x1001), Catch::Contains("4-byte aligned"));
  CHECK_THROWS_WITH(dev->WriteReg(0x1000, 0), Catch::Contains("below 0x1000"));
  CHECK(dev->ClockMhz() == 300);
  const uint64_t c0 = dev->Cycles();
  dev->ReadReg(ZKACC_REG_ID);  // a bus transaction takes cycles
  CHECK(dev->Cycles() > c0);
  CHECK_THROWS_WITH(Open("verilator:sram"), Catch::Contains("unknown option 'sram'"));
}

TEST_CASE("verilator device: ap_ctrl_hs start, done clear-on-read, idle, ready", "[driver][sim]") {
  auto dev = OpenVerilator(ParseVerilatorArgument("ddr"));
  uint32_t ctrl = dev->ReadReg(ZKACC_REG_CTRL);
  CHECK((ctrl & ZKACC_CTRL_AP_IDLE) != 0);  // idle after reset
  CHECK((ctrl & (ZKACC_CTRL_AP_START | ZKACC_CTRL_AP_DONE)) == 0);
  [[maybe_unused]] Buffer d = Program(*dev, {Nop(), Nop(), Nop()});
  dev->WriteReg(ZKACC_REG_CTRL, ZKACC_CTRL_AP_START);
  dev->Run(2000);  // plenty for three NOPs
  ctrl = dev->ReadReg(ZKACC_REG_CTRL);
  CHECK((ctrl & ZKACC_CTRL_AP_DONE) != 0);
  CHECK((ctrl & ZKACC_CTRL_AP_IDLE) != 0);
  CHECK((ctrl & ZKACC_CTRL_AP_READY) != 0);
  CHECK((ctrl & ZKACC_CTRL_AP_START) == 0);
  ctrl = dev->ReadReg(ZKACC_REG_CTRL);  // cleared by the read before
  CHECK((ctrl & ZKACC_CTRL_AP_DONE) == 0);
  CHECK((ctrl & ZKACC_CTRL_AP_READY) == 0);
  CHECK(dev->ReadReg(ZKACC_REG_DESC_DONE) == 3);
  CHECK(dev->ReadReg(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
  CHECK(dev->ReadReg(ZKACC_REG_ERROR_INDEX) == 0xFFFFFFFFu);
  CHECK(Counter(*dev, ZKACC_CNT_CYCLES) > 0);
  // The arguments keep their values; Start/Wait runs them again, and a read of CTRL by the
  // caller in between does not lose ap_done (the device latches it).
  CHECK(dev->ReadReg(ZKACC_REG_COUNT) == 3);
  dev->Start();
  dev->Run(2000);
  CHECK((dev->ReadReg(ZKACC_REG_CTRL) & ZKACC_CTRL_AP_DONE) != 0);
  CHECK_NOTHROW(dev->Wait(kTimeout));
  // COUNT = 0: the run ends at once.
  dev->WriteReg(ZKACC_REG_COUNT, 0);
  dev->Start();
  CHECK_NOTHROW(dev->Wait(kTimeout));
  CHECK(dev->ReadReg(ZKACC_REG_DESC_DONE) == 0);
  dev->Free(d);
}

TEST_CASE("verilator device: interrupt = GIE & (ISR & IER), ISR toggle-on-write", "[driver][sim]") {
  auto dev = OpenVerilator(ParseVerilatorArgument(""));
  [[maybe_unused]] Buffer d = Program(*dev, {Nop()});
  SECTION("enabled") {
    dev->WriteReg(ZKACC_REG_GIE, ZKACC_GIE_ENABLE);
    dev->WriteReg(ZKACC_REG_IER, ZKACC_IER_DONE);
    CHECK_FALSE(dev->Interrupt());
    dev->Start();
    dev->Wait(kTimeout);
    CHECK(dev->Interrupt());
    CHECK((dev->ReadReg(ZKACC_REG_ISR) & ZKACC_ISR_DONE) != 0);
    CHECK(dev->Interrupt());                       // reading CTRL (in Wait) does not clear ISR
    dev->WriteReg(ZKACC_REG_ISR, ZKACC_ISR_DONE);  // toggle: clears it
    CHECK((dev->ReadReg(ZKACC_REG_ISR) & ZKACC_ISR_DONE) == 0);
    CHECK_FALSE(dev->Interrupt());
  }
  SECTION("GIE off: the event is recorded, the line stays low") {
    dev->WriteReg(ZKACC_REG_IER, ZKACC_IER_DONE);
    dev->Start();
    dev->Wait(kTimeout);
    CHECK((dev->ReadReg(ZKACC_REG_ISR) & ZKACC_ISR_DONE) != 0);
    CHECK_FALSE(dev->Interrupt());
  }
  SECTION("IER off: no event") {
    dev->WriteReg(ZKACC_REG_GIE, ZKACC_GIE_ENABLE);
    dev->Start();
    dev->Wait(kTimeout);
    CHECK((dev->ReadReg(ZKACC_REG_ISR) & ZKACC_ISR_DONE) == 0);
    CHECK_FALSE(dev->Interrupt());
  }
}

TEST_CASE("verilator device: COPY equals memcpy under both presets, random sizes",
          "[driver][sim]") {
  std::mt19937_64 rng = Rng();
  for (const char* preset : {"hbm", "ddr"}) {
    auto dev = Open(std::string("verilator:") + preset);
    for (int trial = 0; trial < 12; ++trial) {
      // Sizes from 0 to 3 pages, any alignment of source and destination; both buffers in
      // different banks.
      const size_t bytes = trial == 0 ? 0 : trial == 1 ? 1 : rng() % 12289;
      const size_t so = rng() % 64, dso = rng() % 64;
      const size_t pad = 200;
      Buffer src = dev->Alloc(so + bytes + 1, 0);
      Buffer dst = dev->Alloc(dso + bytes + pad, 1);
      std::vector<uint8_t> a(so + bytes + 1), before(dso + bytes + pad);
      for (auto& x : a) x = static_cast<uint8_t>(rng());
      for (auto& x : before) x = static_cast<uint8_t>(rng());
      dev->Write(src, 0, a.data(), a.size());
      dev->Write(dst, 0, before.data(), before.size());
      [[maybe_unused]] Buffer d = Program(*dev, {Copy(src.addr + so, dst.addr + dso, bytes)});
      dev->Start();
      dev->Wait(kTimeout);
      INFO(preset << ": copy of " << bytes << " bytes from offset " << so << " to offset " << dso);
      REQUIRE(dev->ReadReg(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
      std::vector<uint8_t> expect = before, got(before.size());
      if (bytes) std::memcpy(expect.data() + dso, a.data() + so, bytes);  // the reference
      dev->Read(dst, 0, got.data(), got.size());
      CHECK(got == expect);  // nothing outside [dso, dso + bytes) is written
      dev->Free(d);
      dev->Free(src);
      dev->Free(dst);
    }
  }
}

TEST_CASE("verilator device: bad Alloc, Write and Read ranges", "[driver][sim]") {
  auto dev = Open("verilator:ddr");
  CHECK_THROWS_AS(dev->Alloc(0), Error);
  CHECK_THROWS_WITH(dev->Alloc(64, 7), Catch::Contains("bank 7 does not exist"));
  Buffer b = dev->Alloc(100, 0);
  std::vector<uint8_t> buf(200);
  CHECK_THROWS_WITH(dev->Write(b, 50, buf.data(), 51),
                    Catch::Contains("outside the buffer of 100"));
  CHECK_THROWS_WITH(dev->Read(b, 101, buf.data(), 0), Catch::Contains("outside the buffer"));
  CHECK_NOTHROW(dev->Write(b, 0, buf.data(), 100));
  Buffer stale = b;
  dev->Free(b);
  CHECK_THROWS_WITH(dev->Read(stale, 0, buf.data(), 1), Catch::Contains("not allocated"));
  CHECK_THROWS_WITH(dev->Free(stale), Catch::Contains("not allocated"));
}

TEST_CASE("verilator device: kernel errors and AXI errors are reported", "[driver][sim]") {
  auto dev = Open("verilator");
  SECTION("an unknown opcode stops the run at its descriptor") {
    zkacc_desc_t bad{};
    bad.opcode = 0x7E;
    [[maybe_unused]] Buffer d = Program(*dev, {Nop(), bad, Nop()});
    dev->Start();
    dev->Wait(kTimeout);
    CHECK(dev->ReadReg(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_BAD_OPCODE);
    CHECK(dev->ReadReg(ZKACC_REG_ERROR_INDEX) == 1);
    CHECK(dev->ReadReg(ZKACC_REG_DESC_DONE) == 1);
    CHECK((dev->ReadReg(ZKACC_REG_STATUS) & ZKACC_STATUS_ERROR) != 0);
  }
  SECTION("a COPY from unallocated memory: SLVERR, AXI_READ, and Wait names the memory error") {
    Buffer dst = dev->Alloc(4096);
    const uint64_t nowhere = dst.addr + (64 << 20);
    [[maybe_unused]] Buffer d = Program(*dev, {Copy(nowhere, dst.addr, 256)});
    dev->Start();
    CHECK_THROWS_WITH(dev->Wait(kTimeout), Catch::Contains("not inside an allocated buffer") &&
                                               Catch::Contains("AXI protocol errors"));
    CHECK(dev->ReadReg(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_AXI_READ);
    CHECK(((dev->ReadReg(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_RESP) >>
           ZKACC_ERROR_INFO_RESP_LSB) == 2);
  }
}

TEST_CASE("verilator device: hang fault -> Timeout within the wall-clock timeout",
          "[driver][sim]") {
  auto dev = Open("verilator:hang");
  [[maybe_unused]] Buffer d = Program(*dev, {Nop()});
  dev->Start();
  const auto t0 = std::chrono::steady_clock::now();
  try {
    dev->Wait(std::chrono::milliseconds(300));
    FAIL("Wait returned although the memory never answers");
  } catch (const Timeout& e) {
    const std::string m = e.what();
    INFO(m);
    CHECK_THAT(m, Catch::Contains("verilator:hbm") && Catch::Contains("ap_done did not come") &&
                      Catch::Contains("300 ms") && Catch::Contains("registers:") &&
                      Catch::Contains("hang fault injected"));
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(s < 30);  // it returned (a generous bound: the point is that it does not hang)
}

TEST_CASE("verilator device: hang fault -> Timeout at the cycle limit", "[driver][sim]") {
  auto dev = Open("verilator:ddr,hang,max_cycles=5000");
  [[maybe_unused]] Buffer d = Program(*dev, {Nop()});
  dev->Start();
  const uint64_t c0 = dev->Cycles();
  CHECK_THROWS_WITH(dev->Wait(kTimeout), Catch::Contains("5000 cycles (the limit)"));
  CHECK(dev->Cycles() - c0 >= 5000);
}

TEST_CASE("verilator device: trace needs a traced model", "[driver][sim]") {
  VerilatorConfig cfg = ParseVerilatorArgument("");
  cfg.trace_file = "driver_trace_test.fst";
  std::remove(cfg.trace_file.c_str());
  auto probe = OpenVerilator(ParseVerilatorArgument(""));
  if (!probe->CanTrace()) {
    CHECK_THROWS_WITH(OpenVerilator(cfg), Catch::Contains("ZKACC_SIM_TRACE"));
    OpenOptions o;
    o.trace_file = cfg.trace_file;
    CHECK_THROWS_WITH(Open("verilator", o), Catch::Contains("without --trace-fst"));
  } else {
    {
      auto dev = OpenVerilator(cfg);
      [[maybe_unused]] Buffer d = Program(*dev, {Nop()});
      dev->Start();
      dev->Wait(kTimeout);
    }
    std::FILE* f = std::fopen(cfg.trace_file.c_str(), "rb");
    REQUIRE(f != nullptr);
    std::fseek(f, 0, SEEK_END);
    CHECK(std::ftell(f) > 100);
    std::fclose(f);
  }
}

TEST_CASE("verilator device: COPY throughput and simulation speed", "[.][perf]") {
  for (const char* preset : {"hbm", "ddr"}) {
    auto dev = Open(std::string("verilator:") + preset);
    for (size_t bytes : {size_t{4096}, size_t{1} << 16, size_t{1} << 20}) {
      Buffer src = dev->Alloc(bytes, 0), dst = dev->Alloc(bytes, 1);
      std::vector<uint8_t> a(bytes, 0x5A);
      dev->Write(src, 0, a.data(), bytes);
      [[maybe_unused]] Buffer d = Program(*dev, {Copy(src.addr, dst.addr, bytes)});
      const uint64_t c0 = dev->Cycles();
      const auto t0 = std::chrono::steady_clock::now();
      dev->Start();
      dev->Wait(kTimeout);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const uint64_t sim = dev->Cycles() - c0;
      const uint64_t k = Counter(*dev, ZKACC_CNT_CYCLES);
      std::printf(
          "%s: COPY %8zu bytes: %7llu kernel cycles, %6.2f B/cycle (read+write: %.2f), "
          "rd stall %llu, wr stall %llu; %.3g simulated cycles/s\n",
          preset, bytes, static_cast<unsigned long long>(k),
          static_cast<double>(bytes) / static_cast<double>(k),
          2.0 * static_cast<double>(bytes) / static_cast<double>(k),
          static_cast<unsigned long long>(Counter(*dev, ZKACC_CNT_RD_STALL)),
          static_cast<unsigned long long>(Counter(*dev, ZKACC_CNT_WR_STALL)),
          static_cast<double>(sim) / s);
      dev->Free(d);
      dev->Free(src);
      dev->Free(dst);
    }
  }
}
