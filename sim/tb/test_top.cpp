// SPDX-License-Identifier: Apache-2.0
//
// Direct RTL testbench of the kernel top zkacc_top (docs/kernel.md) through its Vitis ports:
// s_axi_control (ap_ctrl_hs, arguments, ID/status/counters) and m_axi_gmem (tb_top.h's small
// AXI slave memory with random back-pressure and protocol checks). Expected values come from
// the register map (zkacc_regs.h, generated from rtl/top/zkacc_regmap.json), memcpy, and the
// CPU references of host-lib for the units; never from the kernel.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "tb_top.h"
#include "zkacc/driver/zkacc_regs.h"
#include "zkacc/sim/harness.h"

namespace zkacc {
namespace {

using sim::top::Kernel;

constexpr uint64_t kDesc = 0x1000;  // descriptor arrays live here in every test

void PutDesc(Kernel& k, uint64_t at, const void* d) { k.Load(at, d, ZKACC_DESC_BYTES); }

zkacc_desc_copy_t Copy(uint64_t src, uint64_t dst, uint64_t bytes) {
  zkacc_desc_copy_t d;
  std::memset(&d, 0, sizeof d);
  d.opcode = ZKACC_OP_COPY;
  d.src = src;
  d.dst = dst;
  d.bytes = bytes;
  return d;
}

zkacc_desc_t Generic(uint8_t opcode) {
  zkacc_desc_t d;
  std::memset(&d, 0, sizeof d);
  d.opcode = opcode;
  return d;
}

uint64_t Seed(const std::string& salt) { return sim::Rng(salt)(); }

TEST_CASE("top: ID, version, capabilities and RW registers", "[top]") {
  Kernel k(Seed("regs"));
  CHECK(k.Read32(ZKACC_REG_ID) == ZKACC_ID_MAGIC);
  CHECK(k.Read32(ZKACC_REG_VERSION) == ZKACC_VERSION_VALUE);
  CHECK((k.Read32(ZKACC_REG_CAPS) & ZKACC_CAPS_COPY) != 0);
  CHECK(k.Read32(ZKACC_REG_CTRL) == ZKACC_CTRL_AP_IDLE);  // idle after reset, nothing else
  k.Write32(ZKACC_REG_SCRATCH, 0x12345678);
  CHECK(k.Read32(ZKACC_REG_SCRATCH) == 0x12345678);
  k.Write32(ZKACC_REG_SCRATCH, 0xAABBCCDD, 0x5);  // byte strobes: bytes 0 and 2
  CHECK(k.Read32(ZKACC_REG_SCRATCH) == 0x12BB56DD);
  k.Write32(ZKACC_REG_DESC_LO, 0xDEADBEC0);
  k.Write32(ZKACC_REG_DESC_HI, 0x00000001);
  k.Write32(ZKACC_REG_COUNT, 77);
  CHECK(k.Read32(ZKACC_REG_DESC_LO) == 0xDEADBEC0);
  CHECK(k.Read32(ZKACC_REG_DESC_HI) == 1);
  CHECK(k.Read32(ZKACC_REG_COUNT) == 77);
  CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
  CHECK(k.Read32(0x18) == 0);   // unmapped: reads 0
  CHECK(k.Read32(0xFFC) == 0);
  k.Write32(ZKACC_REG_ID, 0);   // read-only: ignored
  CHECK(k.Read32(ZKACC_REG_ID) == ZKACC_ID_MAGIC);
}

TEST_CASE("top: ap_ctrl_hs semantics, interrupts, auto_restart", "[top]") {
  Kernel k(Seed("ctrl"));
  // Five NOPs.
  for (int i = 0; i < 5; ++i) {
    zkacc_desc_t d = Generic(ZKACC_OP_NOP);
    PutDesc(k, kDesc + 64 * i, &d);
  }
  k.Write32(ZKACC_REG_DESC_LO, kDesc);
  k.Write32(ZKACC_REG_DESC_HI, 0);
  k.Write32(ZKACC_REG_COUNT, 5);
  k.Write32(ZKACC_REG_IER, ZKACC_IER_DONE);
  k.Write32(ZKACC_REG_GIE, 1);
  CHECK(k.irq() == 0);
  k.Write32(ZKACC_REG_CTRL, ZKACC_CTRL_AP_START);
  // Poll without reading CTRL (reading clears ap_done): wait for the interrupt.
  for (int i = 0; i < 5000 && !k.irq(); ++i) k.Tick();
  REQUIRE(k.irq() == 1);
  CHECK(k.Read32(ZKACC_REG_ISR) == ZKACC_ISR_DONE);  // ready not enabled: not set
  uint32_t ctrl = k.Read32(ZKACC_REG_CTRL);
  CHECK((ctrl & ZKACC_CTRL_AP_DONE) != 0);
  CHECK((ctrl & ZKACC_CTRL_AP_READY) != 0);
  CHECK((ctrl & ZKACC_CTRL_AP_IDLE) != 0);
  CHECK((ctrl & ZKACC_CTRL_AP_START) == 0);   // cleared by the kernel at ap_ready
  ctrl = k.Read32(ZKACC_REG_CTRL);             // clear on read
  CHECK((ctrl & (ZKACC_CTRL_AP_DONE | ZKACC_CTRL_AP_READY)) == 0);
  CHECK((ctrl & ZKACC_CTRL_AP_IDLE) != 0);
  CHECK(k.Read32(ZKACC_REG_DESC_DONE) == 5);
  CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
  CHECK(k.Read32(ZKACC_REG_ERROR_INDEX) == 0xFFFFFFFFu);
  CHECK(k.irq() == 1);               // ISR still set
  k.Write32(ZKACC_REG_ISR, ZKACC_ISR_DONE);    // toggle on write: clears it
  CHECK(k.Read32(ZKACC_REG_ISR) == 0);
  for (int i = 0; i < 3; ++i) k.Tick();
  CHECK(k.irq() == 0);
  k.Write32(ZKACC_REG_ISR, ZKACC_ISR_READY);   // toggle: sets it; IER.READY is 0
  CHECK(k.Read32(ZKACC_REG_ISR) == ZKACC_ISR_READY);
  for (int i = 0; i < 3; ++i) k.Tick();
  CHECK(k.irq() == 0);               // |(ISR & IER) = 0
  k.Write32(ZKACC_REG_IER, ZKACC_IER_DONE | ZKACC_IER_READY);
  for (int i = 0; i < 3; ++i) k.Tick();
  CHECK(k.irq() == 1);
  k.Write32(ZKACC_REG_GIE, 0);
  for (int i = 0; i < 3; ++i) k.Tick();
  CHECK(k.irq() == 0);               // GIE gates it
  k.Write32(ZKACC_REG_ISR, ZKACC_ISR_READY);
  CHECK(k.Read32(ZKACC_REG_ISR) == 0);
  CHECK(k.Counter(ZKACC_CNT_CYCLES) > 0);
  CHECK(k.Counter(ZKACC_CNT_RD_BEATS) == 5);   // one beat per descriptor
  CHECK(k.Counter(ZKACC_CNT_WR_BEATS) == 0);

  // count = 0: ap_done at once, no error.
  ctrl = k.Run(kDesc, 0, 1000);
  CHECK((ctrl & ZKACC_CTRL_AP_DONE) != 0);
  CHECK(k.Read32(ZKACC_REG_DESC_DONE) == 0);
  CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);

  // auto_restart: ap_start comes back at every ap_ready; the runs (one descriptor fetch each,
  // counted by the slave) repeat until it is cleared.
  k.Write32(ZKACC_REG_COUNT, 1);
  const uint64_t fetches0 = k.read_bursts();
  k.Write32(ZKACC_REG_CTRL, ZKACC_CTRL_AP_START | ZKACC_CTRL_AUTO_RESTART);
  for (int i = 0; i < 4000; ++i) k.Tick();
  ctrl = k.Read32(ZKACC_REG_CTRL);
  CHECK((ctrl & ZKACC_CTRL_AUTO_RESTART) != 0);
  CHECK(k.read_bursts() - fetches0 >= 10);
  k.Write32(ZKACC_REG_CTRL, 0);  // auto_restart off; writing 0 to ap_start has no effect
  for (int i = 0; i < 2000; ++i) k.Tick();
  ctrl = k.Read32(ZKACC_REG_CTRL);
  CHECK((ctrl & ZKACC_CTRL_AP_START) == 0);
  CHECK((ctrl & ZKACC_CTRL_AP_IDLE) != 0);
  const uint64_t fetches1 = k.read_bursts();
  for (int i = 0; i < 2000; ++i) k.Tick();
  CHECK(k.read_bursts() == fetches1);  // stopped
}

// A memcpy of bytes in device memory, checked against std::memcpy, the bytes around untouched.
void CheckCopies(Kernel& k, std::mt19937_64& rng, int n_desc, size_t max_bytes) {
  const uint64_t src_base = 0x10000, dst_base = 0x200000;
  std::vector<uint8_t> expect(k.mem().size());
  for (uint64_t a = src_base; a < src_base + 0x100000; ++a) k.mem()[a] = uint8_t(rng());
  for (uint64_t a = dst_base; a < dst_base + 0x180000; ++a) k.mem()[a] = uint8_t(rng());
  std::memcpy(expect.data(), k.mem().data(), expect.size());
  uint64_t src = src_base, dst = dst_base;
  for (int i = 0; i < n_desc; ++i) {
    const uint64_t bytes = 1 + rng() % max_bytes;
    src += rng() % 4096;
    dst += rng() % 4096;
    zkacc_desc_copy_t d = Copy(src, dst, bytes);
    PutDesc(k, kDesc + 64 * i, &d);
    std::memcpy(expect.data() + dst, expect.data() + src, bytes);
    src += bytes;
    dst += bytes;
  }
  std::memcpy(expect.data() + kDesc, k.mem().data() + kDesc, 64 * n_desc);
  k.Run(kDesc, n_desc, 4'000'000);
  CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
  CHECK(k.Read32(ZKACC_REG_DESC_DONE) == static_cast<uint32_t>(n_desc));
  size_t bad = 0, first = 0;
  for (size_t a = 0; a < expect.size(); ++a) {
    if (k.mem()[a] != expect[a]) {
      if (!bad) first = a;
      ++bad;
    }
  }
  INFO("first differing byte at 0x" << std::hex << first);
  CHECK(bad == 0);
}

TEST_CASE("top: COPY of odd sizes and alignments matches memcpy", "[top]") {
  auto rng = sim::Rng("copy");
  SECTION("small copies, every alignment pair") {
    Kernel k(rng());
    CheckCopies(k, rng, 24, 200);
  }
  SECTION("large copies across 4 KB boundaries, heavy back-pressure") {
    sim::top::SlaveConfig cfg;
    cfg.p_arready = 0.5;
    cfg.p_rvalid = 0.4;
    cfg.p_awready = 0.5;
    cfg.p_wready = 0.4;
    cfg.read_latency = 60;
    Kernel k(rng(), size_t{32} << 20, cfg);
    CheckCopies(k, rng, 6, 20000);
  }
  SECTION("full-rate memory: several reads in flight, counters") {
    sim::top::SlaveConfig cfg;
    cfg.p_arready = cfg.p_rvalid = cfg.p_awready = cfg.p_wready = cfg.p_bvalid = 1.0;
    Kernel k(rng(), size_t{32} << 20, cfg);
    const uint64_t bytes = 64 * 1024;
    zkacc_desc_copy_t d = Copy(0x10000, 0x40000, bytes);
    PutDesc(k, kDesc, &d);
    for (uint64_t i = 0; i < bytes; ++i) k.mem()[0x10000 + i] = uint8_t(i * 7 + 3);
    k.Run(kDesc, 1);
    CHECK(std::memcmp(k.mem().data() + 0x40000, k.mem().data() + 0x10000, bytes) == 0);
    CHECK(k.max_reads_in_flight() >= 2);
    CHECK(k.Counter(ZKACC_CNT_RD_BEATS) == k.read_beats());
    CHECK(k.Counter(ZKACC_CNT_WR_BEATS) == k.write_beats());
    CHECK(k.Counter(ZKACC_CNT_RD_BURSTS) == k.read_bursts());
    CHECK(k.Counter(ZKACC_CNT_WR_BURSTS) == k.write_bursts());
    CHECK(k.write_beats() == bytes / 64);
    CHECK(k.read_beats() == bytes / 64 + 1);   // + the descriptor
    CHECK(k.write_bursts() == bytes / 4096);   // 64-beat bursts
    const uint64_t busy = k.Counter(ZKACC_CNT_BUSY_COPY);
    CHECK(busy >= bytes / 64);
    CHECK(busy < k.Counter(ZKACC_CNT_CYCLES));
    std::cout << "top: 64 KB COPY at full rate: " << busy << " cycles ("
              << static_cast<double>(bytes / 64) / static_cast<double>(busy)
              << " beats/cycle each way)" << std::endl;
  }
}

TEST_CASE("top: bad descriptors stop the run with the error code and index", "[top]") {
  Kernel k(Seed("errors"));
  for (int i = 0; i < 256; ++i) k.mem()[0x20000 + i] = uint8_t(i);
  SECTION("bad opcode at index 2; the COPY after it does not run") {
    zkacc_desc_t nop = Generic(ZKACC_OP_NOP);
    zkacc_desc_t bad = Generic(0x77);
    zkacc_desc_copy_t cp = Copy(0x20000, 0x30000, 100);
    PutDesc(k, kDesc, &nop);
    PutDesc(k, kDesc + 64, &nop);
    PutDesc(k, kDesc + 128, &bad);
    PutDesc(k, kDesc + 192, &cp);
    k.Run(kDesc, 4);
    CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_BAD_OPCODE);
    CHECK(k.Read32(ZKACC_REG_ERROR_INDEX) == 2);
    CHECK(k.Read32(ZKACC_REG_DESC_DONE) == 2);
    CHECK((k.Read32(ZKACC_REG_STATUS) & ZKACC_STATUS_ERROR) != 0);
    CHECK(((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_OPCODE) >>
           ZKACC_ERROR_INFO_OPCODE_LSB) == 0x77);
    CHECK(k.mem()[0x30000 + 5] == 0);
    // The next run clears the error.
    k.Run(kDesc + 192, 1);
    CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
    CHECK(k.Read32(ZKACC_REG_ERROR_INDEX) == 0xFFFFFFFFu);
    CHECK(std::memcmp(k.mem().data() + 0x30000, k.mem().data() + 0x20000, 100) == 0);
  }
  SECTION("misaligned desc argument") {
    k.Run(kDesc + 8, 1);
    CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_BAD_ALIGN);
    CHECK((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_DETAIL) == ZKACC_DET_DESC_ADDR);
    CHECK(k.Read32(ZKACC_REG_ERROR_INDEX) == 0);
  }
  SECTION("reserved bytes not zero") {
    zkacc_desc_t d = Generic(ZKACC_OP_NOP);
    d.reserved0 = 1;
    PutDesc(k, kDesc, &d);
    k.Run(kDesc, 1);
    CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_BAD_PARAM);
    CHECK((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_DETAIL) == ZKACC_DET_RESERVED);
  }
  SECTION("COPY size out of range") {
    zkacc_desc_copy_t d = Copy(0, 0x100, uint64_t{1} << 40);
    PutDesc(k, kDesc, &d);
    k.Run(kDesc, 1);
    CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_BAD_PARAM);
    CHECK((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_DETAIL) == ZKACC_DET_N);
  }
  SECTION("an absent unit: UNIT_ABSENT, or a bad parameter when present") {
    const uint32_t caps = k.Read32(ZKACC_REG_CAPS);
    zkacc_desc_msm_t d;
    std::memset(&d, 0, sizeof d);
    d.opcode = ZKACC_OP_MSM;
    d.c = 99;
    PutDesc(k, kDesc, &d);
    k.Run(kDesc, 1);
    if (caps & ZKACC_CAPS_MSM_BN254) {
      CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_BAD_PARAM);
      CHECK((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_DETAIL) == ZKACC_DET_WINDOW);
    } else {
      CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_UNIT_ABSENT);
    }
  }
}

TEST_CASE("top: AXI error responses stop the run and the kernel recovers", "[top]") {
  sim::top::SlaveConfig cfg;
  cfg.err_lo = 0x80000;
  cfg.err_hi = 0x80040;
  Kernel k(Seed("axi-errors"), size_t{32} << 20, cfg);
  for (int i = 0; i < 8192; ++i) k.mem()[0x70000 + i] = uint8_t(i * 13);
  zkacc_desc_t nop = Generic(ZKACC_OP_NOP);
  SECTION("read error (SLVERR) in the middle of a COPY source") {
    zkacc_desc_copy_t cp = Copy(0x7F000, 0x100000, 8192);  // covers 0x80000
    PutDesc(k, kDesc, &nop);
    PutDesc(k, kDesc + 64, &cp);
    PutDesc(k, kDesc + 128, &nop);
    k.Run(kDesc, 3);
    CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_AXI_READ);
    CHECK(k.Read32(ZKACC_REG_ERROR_INDEX) == 1);
    CHECK(k.Read32(ZKACC_REG_DESC_DONE) == 1);
    CHECK(((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_RESP) >>
           ZKACC_ERROR_INFO_RESP_LSB) == 2);
  }
  SECTION("write error (SLVERR) on a COPY destination") {
    zkacc_desc_copy_t cp = Copy(0x70000, 0x7FFC0, 4096);
    PutDesc(k, kDesc, &cp);
    k.Run(kDesc, 1);
    CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_AXI_WRITE);
    CHECK(k.Read32(ZKACC_REG_ERROR_INDEX) == 0);
    CHECK(((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_RESP) >>
           ZKACC_ERROR_INFO_RESP_LSB) == 2);
  }
  SECTION("descriptor fetch beyond the memory (DECERR)") {
    k.Run(uint64_t{1} << 40, 2);
    CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_AXI_READ);
    CHECK(k.Read32(ZKACC_REG_ERROR_INDEX) == 0);
    CHECK(((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_RESP) >>
           ZKACC_ERROR_INFO_RESP_LSB) == 3);
  }
  // After the error: a good COPY works.
  zkacc_desc_copy_t ok = Copy(0x70000, 0x120003, 3000);
  PutDesc(k, kDesc + 1024, &ok);
  k.Run(kDesc + 1024, 1);
  CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
  CHECK(std::memcmp(k.mem().data() + 0x120003, k.mem().data() + 0x70000, 3000) == 0);
}

}  // namespace
}  // namespace zkacc
