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
#include "zkacc/curve.h"
#include "zkacc/driver/zkacc_regs.h"
#include "zkacc/field.h"
#include "zkacc/msm.h"
#include "zkacc/ntt.h"
#include "zkacc/quant.h"
#include "zkacc/random.h"
#include "zkacc/sim/harness.h"
#include "zkacc/vectors.h"

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

// CAPS says whether the kernel has the unit (a smaller build may leave it out).
bool HaveUnit(uint32_t cap, const char* what) {
  if (Kernel(1).Read32(ZKACC_REG_CAPS) & cap) return true;
  WARN(what << " not built into this kernel");
  return false;
}

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

// ---------------------------------------------------------------------------------------------
// MSM (BN254): device layout of zkacc_regmap.json; the host side (extras into their buckets,
// zkacc::ReduceBuckets) as the runtime does it; expected values from the vector files and the
// CPU zkacc::Msm.
using G1 = Bn254G1;
using Fq = bn254::Fq;
using Fr = bn254::Fr;

std::string VectorPath(const std::string& name) {
  return std::string(ZKACC_VECTORS_DIR) + "/" + name;
}

struct MsmLayout {
  uint64_t scalars = 0x100000, bases = 0x200000, out = 0x400000;
};

struct MsmResult {
  Xyzz<G1> sum;
  uint32_t buckets = 0, extras = 0, windows = 0;
};

// Writes the MSM's inputs and descriptor i at kDesc + 64 i (layout `l`).
void PutMsm(Kernel& k, int i, const MsmLayout& l, const Affine<G1>* points,
            const Scalar* scalars, size_t n, unsigned c) {
  for (size_t j = 0; j < n; ++j) {
    k.Load(l.scalars + 32 * j, scalars[j].data(), 32);
    k.Load(l.bases + 64 * j, points[j].x.v.data(), 32);
    k.Load(l.bases + 64 * j + 32, points[j].y.v.data(), 32);
  }
  zkacc_desc_msm_t d;
  std::memset(&d, 0, sizeof d);
  d.opcode = ZKACC_OP_MSM;
  d.n = static_cast<uint32_t>(n);
  d.scalars = l.scalars;
  d.bases = l.bases;
  d.out = l.out;
  d.c = c;
  PutDesc(k, kDesc + 64 * i, &d);
}

Fq ReadFq(Kernel& k, uint64_t at) {
  Limbs<4> v;
  k.Store(at, v.data(), 32);
  return Fq::FromMont(v);
}

MsmResult ReadMsm(Kernel& k, const MsmLayout& l, size_t n, unsigned c) {
  uint32_t hdr[5];
  k.Store(l.out, hdr, sizeof hdr);
  MsmResult r;
  r.buckets = hdr[0];
  r.extras = hdr[1];
  r.windows = hdr[3];
  CHECK(hdr[2] == c);
  CHECK(hdr[4] == n);
  const unsigned windows = (254 + c) / c;  // ceil(255 / c)
  REQUIRE(r.windows == windows);
  REQUIRE(r.buckets == (windows << (c - 1)));
  REQUIRE(r.extras <= 256);
  std::vector<Xyzz<G1>> b(r.buckets);
  for (uint32_t i = 0; i < r.buckets; ++i) {
    const uint64_t a = l.out + 64 + 128 * uint64_t{i};
    b[i] = Xyzz<G1>{ReadFq(k, a), ReadFq(k, a + 32), ReadFq(k, a + 64), ReadFq(k, a + 96)};
    if (b[i].IsInfinity()) b[i] = Xyzz<G1>::Infinity();
  }
  for (uint32_t e = 0; e < r.extras; ++e) {
    const uint64_t a = l.out + 64 + 128 * uint64_t{r.buckets} + 192 * uint64_t{e};
    Xyzz<G1> p{ReadFq(k, a), ReadFq(k, a + 32), ReadFq(k, a + 64), ReadFq(k, a + 96)};
    if (p.IsInfinity()) p = Xyzz<G1>::Infinity();
    uint32_t key = 0;
    k.Store(a + 128, &key, 4);
    REQUIRE(key < r.buckets);
    b[key].AddInPlace(p);
  }
  r.sum = ReduceBuckets<G1>(b.data(), windows, c);
  return r;
}

TEST_CASE("top: MSM on the vector files (msm_n1, n2, n3, n7, n64)", "[top][msm]") {
  if (!HaveUnit(ZKACC_CAPS_MSM_BN254, "MSM unit")) return;
  Kernel k(Seed("msm-files"));
  size_t run = 0;
  for (const char* name : {"msm_n1.txt", "msm_n2.txt", "msm_n3.txt", "msm_n7.txt",
                           "msm_n64.txt"}) {
    const VectorFile file = ParseVectorFile(VectorPath(name));
    for (const MsmCase<G1>& cs : file.Cases<MsmCase<G1>>()) {
      const unsigned c = 4 + static_cast<unsigned>(run++ % 3);  // 4..6: short readouts
      MsmLayout l;
      PutMsm(k, 0, l, cs.points.data(), cs.scalars.data(), cs.points.size(), c);
      k.Run(kDesc, 1, 20'000'000);
      INFO(name << ":" << cs.line << " (" << cs.tag << ", n = " << cs.points.size()
                << ", c = " << c << ")");
      REQUIRE(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
      const MsmResult r = ReadMsm(k, l, cs.points.size(), c);
      CHECK(r.sum.ToAffine() == cs.result);
    }
  }
}

// Random points and zkML-like scalars (zeros, ones, small, full-size), one point at infinity.
struct MsmInput {
  std::vector<Affine<G1>> pts;
  std::vector<Scalar> sc;
};
MsmInput RandomMsm(size_t n, std::mt19937_64& rng) {
  MsmInput in;
  in.pts = MakeRandomPoints<G1>(n, rng(), 1).points;
  in.sc.resize(n);
  for (size_t i = 0; i < n; ++i) {
    Scalar s{};
    switch (rng() % 4) {
      case 0: break;
      case 1: s[0] = 1; break;
      case 2: s[0] = rng() % 256; break;
      default: s = RandomBelow(rng, Fr::kModulus); break;
    }
    in.sc[i] = s;
  }
  in.pts[7] = Affine<G1>::Infinity();
  return in;
}

TEST_CASE("top: MSM batch of three (n = 301, 150, 0), conservation counters", "[top][msm]") {
  if (!HaveUnit(ZKACC_CAPS_MSM_BN254, "MSM unit")) return;
  auto rng = sim::Rng("msm-batch");
  Kernel k(rng());
  const size_t n = 301;
  const MsmInput in = RandomMsm(n, rng);
  const Affine<G1> expect = Msm<G1>(in.pts.data(), in.sc.data(), n).ToAffine();
  const Affine<G1> expect_half = Msm<G1>(in.pts.data(), in.sc.data(), n / 2).ToAffine();
  MsmLayout l1, l2, l3;
  l2.out = 0x800000;
  l3.out = 0xC00000;
  PutMsm(k, 0, l1, in.pts.data(), in.sc.data(), n, 7);
  PutMsm(k, 1, l2, in.pts.data(), in.sc.data(), n / 2, 10);
  PutMsm(k, 2, l3, in.pts.data(), in.sc.data(), 0, 5);
  k.Run(kDesc, 3, 40'000'000);
  REQUIRE(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
  CHECK(k.Read32(ZKACC_REG_DESC_DONE) == 3);
  CHECK(ReadMsm(k, l1, n, 7).sum.ToAffine() == expect);
  CHECK(ReadMsm(k, l2, n / 2, 10).sum.ToAffine() == expect_half);
  CHECK(ReadMsm(k, l3, 0, 5).sum.IsInfinity());
  // Conservation: digits = bucket additions + pair additions + extras.
  const uint64_t digits = k.Counter(ZKACC_CNT_MSM_DIGITS);
  CHECK(digits > 0);
  CHECK(digits == k.Counter(ZKACC_CNT_MSM_BUCKET_ADDS) + k.Counter(ZKACC_CNT_MSM_PAIR_ADDS) +
                      k.Counter(ZKACC_CNT_MSM_EXTRAS));
  CHECK(k.Counter(ZKACC_CNT_BUSY_MSM) > k.Counter(ZKACC_CNT_MSM_ACC_CYCLES));
  std::cout << "top: 3 MSMs (n = 301, 150, 0): " << k.Counter(ZKACC_CNT_CYCLES)
            << " cycles, " << digits << " digits, accumulation "
            << k.Counter(ZKACC_CNT_MSM_ACC_CYCLES) << " cycles" << std::endl;
}

TEST_CASE("top: MSM at c = 13 (the largest bucket memory)", "[top][msm][long]") {
  if (!HaveUnit(ZKACC_CAPS_MSM_BN254, "MSM unit")) return;
  auto rng = sim::Rng("msm-c13");
  Kernel k(rng());
  const MsmInput in = RandomMsm(64, rng);
  MsmLayout l;
  PutMsm(k, 0, l, in.pts.data(), in.sc.data(), 64, 13);
  k.Run(kDesc, 1, 40'000'000);
  REQUIRE(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
  CHECK(ReadMsm(k, l, 64, 13).sum.ToAffine() ==
        Msm<G1>(in.pts.data(), in.sc.data(), 64).ToAffine());
}

TEST_CASE("top: MSM scalar overflow (UNIT_ERROR) and recovery, bad parameters", "[top][msm]") {
  if (!HaveUnit(ZKACC_CAPS_MSM_BN254, "MSM unit")) return;
  auto rng = sim::Rng("msm-errors");
  Kernel k(rng());
  const size_t n = 120;
  const MsmInput in = RandomMsm(n, rng);
  MsmLayout l1;
  std::vector<Scalar> bad = in.sc;
  bad[100][3] = uint64_t{1} << 63;
  zkacc_desc_t nop = Generic(ZKACC_OP_NOP);
  PutDesc(k, kDesc, &nop);
  PutMsm(k, 1, l1, in.pts.data(), bad.data(), n, 6);
  k.Run(kDesc, 2, 40'000'000);
  CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_UNIT_ERROR);
  CHECK(k.Read32(ZKACC_REG_ERROR_INDEX) == 1);
  CHECK(k.Read32(ZKACC_REG_DESC_DONE) == 1);
  PutMsm(k, 0, l1, in.pts.data(), in.sc.data(), n, 6);
  k.Run(kDesc, 1, 40'000'000);
  REQUIRE(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
  CHECK(ReadMsm(k, l1, n, 6).sum.ToAffine() ==
        Msm<G1>(in.pts.data(), in.sc.data(), n).ToAffine());
  // Bad window size, misaligned base buffer.
  PutMsm(k, 0, l1, in.pts.data(), in.sc.data(), n, 3);
  k.Run(kDesc, 1);
  CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_BAD_PARAM);
  CHECK((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_DETAIL) == ZKACC_DET_WINDOW);
  MsmLayout odd;
  odd.bases += 32;
  PutMsm(k, 0, odd, in.pts.data(), in.sc.data(), n, 6);
  k.Run(kDesc, 1);
  CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_BAD_ALIGN);
  CHECK((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_DETAIL) == ZKACC_DET_ADDR1);
}

// ---------------------------------------------------------------------------------------------
// NTT: every ntt_n*.txt file up to 2^12, the cases of a file as one batched descriptor, the
// four kinds; factor tables built on the host as the runtime does.
uint64_t PutFactors(Kernel& k, uint64_t at, size_t n, bool inverse_gen) {
  const Fr g = Fr::FromU64(Fr::Parameters::kGenerator);
  const Fr ratio = inverse_gen ? g.Inverse() : g;
  const Fr ninv = Fr::FromU64(n).Inverse();
  std::vector<uint8_t> beat(64, 0);
  std::memcpy(beat.data(), ninv.v.data(), 32);
  k.Load(at, beat.data(), 64);
  Fr f = Fr::One();
  for (size_t j = 0; j < n; ++j) {
    k.Load(at + 64 + 32 * j, f.v.data(), 32);
    f *= ratio;
  }
  return at;
}

TEST_CASE("top: NTT on the vector files 2^1 .. 2^12, four kinds, batched", "[top][ntt]") {
  if (!HaveUnit(ZKACC_CAPS_NTT, "NTT unit")) return;
  Kernel k(Seed("ntt-files"));
  for (unsigned log_n = 1; log_n <= 12; ++log_n) {
    const size_t n = size_t{1} << log_n;
    const std::string name = "ntt_n" + std::to_string(n) + ".txt";
    const VectorFile file = ParseVectorFile(VectorPath(name));
    const auto& cases = file.Cases<NttCase>();
    REQUIRE(!cases.empty());
    const uint32_t count = static_cast<uint32_t>(cases.size());
    const uint64_t in = 0x100000, out0 = 0x400000, fac_f = 0x800000, fac_i = 0x900000;
    for (uint32_t t = 0; t < count; ++t) {
      for (size_t j = 0; j < n; ++j) k.Load(in + 32 * (t * n + j), cases[t].x[j].v.data(), 32);
    }
    PutFactors(k, fac_f, n, false);
    PutFactors(k, fac_i, n, true);
    // Four descriptors, one per kind, outputs side by side.
    const uint64_t stride = uint64_t{32} * n * count;
    for (unsigned kind = 0; kind < 4; ++kind) {
      zkacc_desc_ntt_t d;
      std::memset(&d, 0, sizeof d);
      d.opcode = ZKACC_OP_NTT;
      d.flags = static_cast<uint8_t>(kind);
      d.log_n = log_n;
      d.in = in;
      d.out = out0 + kind * ((stride + 4095) & ~uint64_t{4095});
      d.factors = kind == ZKACC_NTT_KIND_COSET_INVERSE ? fac_i : fac_f;
      d.count = count;
      PutDesc(k, kDesc + 64 * kind, &d);
    }
    k.Run(kDesc, 4, 20'000'000);
    REQUIRE(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
    size_t bad = 0;
    for (unsigned kind = 0; kind < 4; ++kind) {
      const uint64_t out = out0 + kind * ((stride + 4095) & ~uint64_t{4095});
      for (uint32_t t = 0; t < count; ++t) {
        const NttCase& cs = cases[t];
        const std::vector<Fr>& want = kind == 0 ? cs.ntt : kind == 1 ? cs.intt
                                      : kind == 2 ? cs.cntt : cs.cintt;
        for (size_t j = 0; j < n; ++j) {
          Limbs<4> v;
          k.Store(out + 32 * (t * n + j), v.data(), 32);
          if (!(Fr::FromMont(v) == want[j])) ++bad;
        }
      }
    }
    INFO(name << ": " << count << " cases x 4 kinds");
    CHECK(bad == 0);
    if (log_n == 12) {
      const uint64_t bf = k.Counter(ZKACC_CNT_NTT_BUTTERFLIES);
      CHECK(bf >= uint64_t{4} * count * (n / 2) * log_n);
      std::cout << "top: 4 x " << count << " NTTs of 2^12: " << k.Counter(ZKACC_CNT_CYCLES)
                << " cycles, " << bf << " butterflies" << std::endl;
    }
  }
}

TEST_CASE("top: NTT odd batches and bad parameters", "[top][ntt]") {
  if (!HaveUnit(ZKACC_CAPS_NTT, "NTT unit")) return;
  auto rng = sim::Rng("ntt-batch");
  Kernel k(rng());
  for (unsigned log_n : {1u, 3u, 9u}) {
    const size_t n = size_t{1} << log_n;
    const uint32_t count = 3 + static_cast<uint32_t>(rng() % 3);
    std::vector<Fr> x(n * count);
    for (auto& e : x) e = Fr::FromCanonical(RandomBelow(rng, Fr::kModulus));
    const uint64_t in = 0x100000, out = 0x300000, fac = 0x600000;
    for (size_t i = 0; i < x.size(); ++i) k.Load(in + 32 * i, x[i].v.data(), 32);
    PutFactors(k, fac, n, false);
    // In place guard: the word after the output stays untouched.
    const uint64_t guard = 0xA5A5A5A5A5A5A5A5ull;
    k.Load(out + 32 * x.size(), &guard, 8);
    zkacc_desc_ntt_t d;
    std::memset(&d, 0, sizeof d);
    d.opcode = ZKACC_OP_NTT;
    d.flags = ZKACC_NTT_KIND_COSET_FORWARD;
    d.log_n = log_n;
    d.in = in;
    d.out = out;
    d.factors = fac;
    d.count = count;
    PutDesc(k, kDesc, &d);
    k.Run(kDesc, 1, 20'000'000);
    REQUIRE(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
    std::vector<Fr> want = x;
    for (uint32_t t = 0; t < count; ++t) {
      Ntt(want.data() + t * n, n, NttDirection::kForward, NttConfig{1, true});
    }
    size_t bad = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      Limbs<4> v;
      k.Store(out + 32 * i, v.data(), 32);
      if (!(Fr::FromMont(v) == want[i])) ++bad;
    }
    uint64_t g2 = 0;
    k.Store(out + 32 * x.size(), &g2, 8);
    INFO("n = " << n << ", count = " << count);
    CHECK(bad == 0);
    CHECK(g2 == guard);
  }
  // A bad descriptor stops the run with the code and the field named in ERROR_INFO.
  auto expect_error = [&k](const zkacc_desc_ntt_t& desc, uint32_t code, uint32_t detail) {
    PutDesc(k, kDesc, &desc);
    k.Run(kDesc, 1);
    CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == code);
    CHECK((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_DETAIL) == detail);
  };
  zkacc_desc_ntt_t d;
  std::memset(&d, 0, sizeof d);
  d.opcode = ZKACC_OP_NTT;
  d.log_n = 23;  // above NTT_PARAMS.LOG_MAX_4STEP (22)
  d.count = 1;
  expect_error(d, ZKACC_ERR_BAD_PARAM, ZKACC_DET_LOG_N);
  d.log_n = 0;
  expect_error(d, ZKACC_ERR_BAD_PARAM, ZKACC_DET_LOG_N);
  // Four-step sizes need aligned scratch (ADDR3) and twiddle (ADDR4) buffers; on-chip sizes
  // ignore both.
  d.log_n = 13;
  d.in = 0x100000;
  d.out = 0x300000;
  d.scratch = 0x500020;
  d.twiddles = 0x600000;
  expect_error(d, ZKACC_ERR_BAD_ALIGN, ZKACC_DET_ADDR3);
  d.scratch = 0x500000;
  d.twiddles = 0x600008;
  expect_error(d, ZKACC_ERR_BAD_ALIGN, ZKACC_DET_ADDR4);
  d.log_n = 4;
  d.count = 0;
  expect_error(d, ZKACC_ERR_BAD_PARAM, ZKACC_DET_N);
}

// Four-step (log_n > NTT_PARAMS.LOG_MAX): the twiddle tables as the regmap defines them (TB[i] =
// w^i for i < n2, then TA[i] = w^(i n2) for i < n1), built here by exponentiation from
// RootOfUnity; results against zkacc::Ntt (the CPU code, a different algorithm: radix-2
// decimation in frequency over the whole size).
uint64_t PutTwiddles(Kernel& k, uint64_t at, unsigned log_n, bool inverse) {
  const size_t n = size_t{1} << log_n, n1 = size_t{1} << (log_n / 2), n2 = n / n1;
  Fr w = RootOfUnity<Fr>(n);
  if (inverse) w = w.Inverse();
  auto pow = [](Fr b, uint64_t e) {
    Fr r = Fr::One();
    for (; e != 0; e >>= 1, b *= b) {
      if (e & 1u) r *= b;
    }
    return r;
  };
  for (size_t i = 0; i < n2; ++i) k.Load(at + 32 * i, pow(w, i).v.data(), 32);
  for (size_t i = 0; i < n1; ++i) k.Load(at + 32 * (n2 + i), pow(w, i * n2).v.data(), 32);
  return at;
}

TEST_CASE("top: four-step NTT 2^13 and 2^14, four kinds, a batch of 2, in place",
          "[top][ntt]") {
  if (!HaveUnit(ZKACC_CAPS_NTT, "NTT unit")) return;
  auto rng = sim::Rng("ntt-four-step");
  Kernel k(rng());
  const uint32_t p = k.Read32(ZKACC_REG_NTT_PARAMS);
  REQUIRE(((p & ZKACC_NTT_PARAMS_LOG_MAX_4STEP) >> ZKACC_NTT_PARAMS_LOG_MAX_4STEP_LSB) == 22);
  for (unsigned log_n : {13u, 14u}) {
    const size_t n = size_t{1} << log_n;
    const uint32_t count = 2;
    std::vector<Fr> x(n * count);
    for (auto& e : x) e = Fr::FromCanonical(RandomBelow(rng, Fr::kModulus));
    const uint64_t in = 0x100000, fac_f = 0x800000, fac_i = 0xA00000, tw_f = 0xC00000,
                   tw_i = 0xE00000, scratch = 0x1000000, out0 = 0x1200000;
    const uint64_t stride = uint64_t{32} * n * count;
    for (size_t i = 0; i < x.size(); ++i) k.Load(in + 32 * i, x[i].v.data(), 32);
    PutFactors(k, fac_f, n, false);
    PutFactors(k, fac_i, n, true);
    PutTwiddles(k, tw_f, log_n, false);
    PutTwiddles(k, tw_i, log_n, true);
    // Kinds 0..3 out of place; then forward again in place on kind 0's output.
    for (unsigned kind = 0; kind < 5; ++kind) {
      zkacc_desc_ntt_t d;
      std::memset(&d, 0, sizeof d);
      d.opcode = ZKACC_OP_NTT;
      d.flags = static_cast<uint8_t>(kind % 4);
      d.log_n = log_n;
      d.in = kind < 4 ? in : out0;
      d.out = out0 + (kind % 4) * stride;
      d.factors = kind == ZKACC_NTT_KIND_COSET_INVERSE ? fac_i : fac_f;
      d.scratch = scratch;
      d.twiddles = ((kind % 4) & 1u) != 0 ? tw_i : tw_f;
      d.count = count;
      PutDesc(k, kDesc + 64 * kind, &d);
    }
    k.Run(kDesc, 4, 40'000'000);
    REQUIRE(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
    const uint64_t cycles4 = k.Counter(ZKACC_CNT_CYCLES);
    const uint64_t bf4 = k.Counter(ZKACC_CNT_NTT_BUTTERFLIES);
    size_t bad = 0;
    std::vector<Fr> fwd(x);
    for (unsigned kind = 0; kind < 4; ++kind) {
      std::vector<Fr> want = x;
      for (uint32_t t = 0; t < count; ++t) {
        Ntt(want.data() + t * n, n, (kind & 1u) ? NttDirection::kInverse : NttDirection::kForward,
            NttConfig{1, kind >= 2});
      }
      if (kind == 0) fwd = want;
      for (size_t i = 0; i < want.size(); ++i) {
        Limbs<4> v;
        k.Store(out0 + kind * stride + 32 * i, v.data(), 32);
        if (!(Fr::FromMont(v) == want[i])) ++bad;
      }
      INFO("n = 2^" << log_n << ", kind " << kind);
      CHECK(bad == 0);
    }
    // Butterflies: n/2 log1 + n/2 log2 = n/2 log_n per transform (no padding in four-step).
    CHECK(bf4 == uint64_t{4} * count * (n / 2) * log_n);
    std::cout << "top: 4 kinds x " << count << " four-step NTTs of 2^" << log_n << ": " << cycles4
              << " cycles, " << bf4 << " butterflies ("
              << static_cast<double>(bf4) / (2.0 * static_cast<double>(cycles4))
              << " per cycle per lane)" << std::endl;
    // In place: forward of the forward.
    k.Run(kDesc + 64 * 4, 1, 40'000'000);
    REQUIRE(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
    for (uint32_t t = 0; t < count; ++t) {
      Ntt(fwd.data() + t * n, n, NttDirection::kForward, NttConfig{1, false});
    }
    size_t bad2 = 0;
    for (size_t i = 0; i < fwd.size(); ++i) {
      Limbs<4> v;
      k.Store(out0 + 32 * i, v.data(), 32);
      if (!(Fr::FromMont(v) == fwd[i])) ++bad2;
    }
    CHECK(bad2 == 0);
  }
}

// ---------------------------------------------------------------------------------------------
// HIST: counts against quant::Histogram over the window.
TEST_CASE("top: HIST multiplicities over a window", "[top][hist]") {
  if (!HaveUnit(ZKACC_CAPS_HIST, "multiplicity unit")) return;
  auto rng = sim::Rng("hist");
  Kernel k(rng());
  const uint64_t idx_at = 0x100000, cnt_at = 0x300000, cnt2_at = 0x400000;
  struct Pass {
    uint32_t n, base, entries;
  };
  const Pass passes[] = {{1001, 100, 3001}, {0, 0, 5}, {37, 0, 65536}, {5000, 70, 17}};
  int i = 0;
  for (const Pass& p : passes) {
    std::vector<uint32_t> idx(p.n);
    for (auto& v : idx) {
      // Skewed: half of them the same few values, some outside the window.
      v = (rng() % 2) ? p.base + static_cast<uint32_t>(rng() % 4)
                      : static_cast<uint32_t>(rng() % (p.base + p.entries + 200));
    }
    std::vector<uint32_t> inside;
    for (uint32_t v : idx) {
      if (v >= p.base && v - p.base < p.entries) inside.push_back(v - p.base);
    }
    const std::vector<uint32_t> want = quant::Histogram(inside, p.entries);
    k.Load(idx_at, idx.data(), 4 * idx.size());
    // Guard word after the counts.
    const uint32_t guard = 0xDEADBEEF;
    const uint64_t out = (i % 2) ? cnt2_at : cnt_at;
    k.Load(out + 4 * uint64_t{p.entries}, &guard, 4);
    zkacc_desc_hist_t d;
    std::memset(&d, 0, sizeof d);
    d.opcode = ZKACC_OP_HIST;
    d.n = p.n;
    d.indices = idx_at;
    d.counts = out;
    d.base = p.base;
    d.entries = p.entries;
    PutDesc(k, kDesc, &d);
    k.Run(kDesc, 1, 4'000'000);
    REQUIRE(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
    std::vector<uint32_t> got(p.entries);
    k.Store(out, got.data(), 4 * got.size());
    uint32_t g2 = 0;
    k.Store(out + 4 * uint64_t{p.entries}, &g2, 4);
    INFO("n = " << p.n << ", base = " << p.base << ", entries = " << p.entries);
    CHECK(got == want);
    CHECK(g2 == guard);
    CHECK(k.Counter(ZKACC_CNT_HIST_INDICES) == inside.size());
    CHECK(k.Counter(ZKACC_CNT_HIST_SKIPPED) == p.n - inside.size());
    ++i;
  }
  zkacc_desc_hist_t d;
  std::memset(&d, 0, sizeof d);
  d.opcode = ZKACC_OP_HIST;
  d.entries = 65537;
  PutDesc(k, kDesc, &d);
  k.Run(kDesc, 1);
  CHECK(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_BAD_PARAM);
  CHECK((k.Read32(ZKACC_REG_ERROR_INFO) & ZKACC_ERROR_INFO_DETAIL) == ZKACC_DET_ENTRIES);
}

// ---------------------------------------------------------------------------------------------
// MATMUL: the host-side tiling of zkacc_regmap.json (P = 8) written here from the layout; the
// expected values from quant::Matmul / Activate / Histogram.
struct MmLayer {
  quant::LayerShape shape;
  quant::RequantParams rq;
  std::vector<int8_t> w, x, table;
  std::vector<int32_t> bias;
};

void PutMatmul(Kernel& k, int i, const MmLayer& L, uint64_t base) {
  constexpr size_t P = 8;
  const size_t kt = (L.shape.k + P - 1) / P, nt = (L.shape.n + P - 1) / P;
  const uint64_t w_at = base, b_at = base + 0x100000, x_at = base + 0x200000,
                 t_at = base + 0x300000, out_at = base + 0x400000;
  std::vector<uint8_t> w(64 * nt * kt, 0), b(32 * nt + 64, 0), x(8 * L.shape.batch * kt, 0);
  for (size_t s = 0; s < nt; ++s) {
    for (size_t t = 0; t < kt; ++t) {
      for (size_t j = 0; j < P; ++j) {
        for (size_t c = 0; c < P; ++c) {
          const size_t o = s * P + j, kk = t * P + c;
          if (o < L.shape.n && kk < L.shape.k) {
            w[64 * (s * kt + t) + j * P + c] = static_cast<uint8_t>(L.w[o * L.shape.k + kk]);
          }
        }
      }
    }
    for (size_t j = 0; j < P && s * P + j < L.shape.n; ++j) {
      std::memcpy(&b[32 * s + 4 * j], &L.bias[s * P + j], 4);
    }
  }
  for (size_t v = 0; v < L.shape.batch; ++v) {
    for (size_t kk = 0; kk < L.shape.k; ++kk) {
      x[8 * (v * kt + kk / P) + kk % P] = static_cast<uint8_t>(L.x[v * L.shape.k + kk]);
    }
  }
  k.Load(w_at, w.data(), w.size());
  k.Load(b_at, b.data(), b.size());
  k.Load(x_at, x.data(), x.size());
  k.Load(t_at, L.table.data(), L.table.size());
  zkacc_desc_matmul_t d;
  std::memset(&d, 0, sizeof d);
  d.opcode = ZKACC_OP_MATMUL;
  d.batch = static_cast<uint32_t>(L.shape.batch);
  d.w = w_at;
  d.bias = b_at;
  d.x = x_at;
  d.table = t_at;
  d.out = out_at;
  d.k_tiles = static_cast<uint16_t>(kt);
  d.n_out = static_cast<uint16_t>(L.shape.n);
  d.scale = static_cast<uint16_t>(L.rq.scale);
  d.shift = static_cast<uint8_t>(L.rq.shift);
  d.offset = L.rq.offset;
  d.idx_max = static_cast<uint16_t>(L.rq.idx_max);
  PutDesc(k, kDesc + 64 * i, &d);
}

void CheckMatmul(Kernel& k, const MmLayer& L, uint64_t base) {
  constexpr size_t P = 8;
  const size_t nt = (L.shape.n + P - 1) / P, B = L.shape.batch;
  const uint64_t out_at = base + 0x400000;
  const quant::MatmulResult want = quant::Matmul(L.shape, L.w, L.x, L.bias, L.rq);
  quant::Table table;
  table.values = L.table;
  const std::vector<int8_t> act = quant::Activate(want.idx, table);
  const std::vector<uint32_t> counts = quant::Histogram(want.idx, L.rq.idx_max + 1);
  size_t bad = 0;
  for (size_t v = 0; v < B; ++v) {
    for (size_t o = 0; o < L.shape.n; ++o) {
      const size_t s = o / P, j = o % P;
      const uint64_t a = out_at + 64 * (s * B + v);
      int32_t acc;
      uint16_t idx;
      int8_t av;
      k.Store(a + 4 * j, &acc, 4);
      k.Store(a + 32 + 2 * j, &idx, 2);
      k.Store(a + 48 + j, &av, 1);
      const size_t r = v * L.shape.n + o;
      if (acc != want.acc[r] || idx != want.idx[r] || av != act[r]) ++bad;
    }
  }
  CHECK(bad == 0);
  std::vector<uint32_t> got(L.rq.idx_max + 1);
  k.Store(out_at + 64 * nt * B, got.data(), 4 * got.size());
  CHECK(got == counts);
}

TEST_CASE("top: MATMUL fused layer against quant::Matmul / Activate / Histogram",
          "[top][matmul]") {
  if (!HaveUnit(ZKACC_CAPS_MATMUL, "matmul unit")) return;
  auto rng = sim::Rng("matmul");
  Kernel k(rng());
  MmLayer a, b;
  a.shape = {5, 37, 19};   // batch, k, n: not multiples of P
  a.rq = {3, 6, 128, 255};
  b.shape = {3, 16, 8};
  b.rq = {1, 2, 40, 99};
  for (MmLayer* L : {&a, &b}) {
    L->w = quant::RandomInt8(L->shape.n * L->shape.k, rng);
    L->x = quant::RandomInt8(L->shape.batch * L->shape.k, rng);
    L->bias.resize(L->shape.n);
    for (auto& v : L->bias) v = static_cast<int32_t>(rng() % 2001) - 1000;
    L->table = quant::RandomInt8(L->rq.idx_max + 1, rng);
  }
  PutMatmul(k, 0, a, 0x1000000);
  PutMatmul(k, 1, b, 0x1800000);
  k.Run(kDesc, 2, 4'000'000);
  REQUIRE(k.Read32(ZKACC_REG_ERROR_CODE) == ZKACC_ERR_NONE);
  CHECK(k.Read32(ZKACC_REG_DESC_DONE) == 2);
  CheckMatmul(k, a, 0x1000000);
  CheckMatmul(k, b, 0x1800000);
  CHECK(k.Counter(ZKACC_CNT_MM_SLICES) == 5 * 5 * 3 + 3 * 2 * 1);  // B * KT * NT per layer
  CHECK(k.Counter(ZKACC_CNT_MM_INDICES) == 5 * 19 + 3 * 8);
}

}  // namespace
}  // namespace zkacc
