// SPDX-License-Identifier: Apache-2.0
//
// The verilator device's memory model (axi_memory.h) driven by a C++ AXI4 master: data through
// read and write bursts, the timing model against its documented formula, the protocol checks
// (a master that breaks the rules on purpose), the hang fault, the allocator and the presets.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <deque>
#include <random>
#include <vector>

#include "zkacc/driver/axi_memory.h"
#include "zkacc/driver/verilator.h"

using namespace zkacc::driver;

namespace {

struct Burst {
  uint64_t addr;
  unsigned beats;
  unsigned size = 6;
  unsigned type = 1;
  int bad_wlast_beat = -1;  // write: flip wlast on this beat
};

// A master that issues read or write bursts (as many outstanding as the slave takes) and
// collects the responses.
class Master {
 public:
  explicit Master(AxiMemory& mem) : mem_(mem) {}

  std::vector<uint8_t> read_data;
  std::vector<uint8_t> rresp, bresp;
  uint64_t cycle = 0;

  // Runs until every burst completed; returns the cycles taken. Data of the writes comes from
  // `wdata` (64 bytes per beat, full strobes), read data goes to read_data.
  uint64_t Run(std::deque<Burst> reads, std::deque<Burst> writes, const std::vector<uint8_t>& wdata,
               uint64_t limit = 1'000'000) {
    const uint64_t start = cycle;
    unsigned reads_left = 0, writes_left = static_cast<unsigned>(writes.size());
    for (const Burst& b : reads) reads_left += b.beats;
    std::deque<Burst> wq;  // AW sent, W beats pending
    size_t wbyte = 0;
    unsigned wbeat = 0;
    AxiSlavePorts p;
    while (reads_left > 0 || writes_left > 0) {
      if (cycle - start > limit) FAIL("master: no progress within " << limit << " cycles");
      mem_.Drive(cycle, p);
      p.arvalid = !reads.empty();
      if (p.arvalid) {
        p.araddr = reads.front().addr;
        p.arlen = static_cast<uint8_t>(reads.front().beats - 1);
        p.arsize = static_cast<uint8_t>(reads.front().size);
        p.arburst = static_cast<uint8_t>(reads.front().type);
      }
      p.rready = true;
      p.awvalid = !writes.empty();
      if (p.awvalid) {
        p.awaddr = writes.front().addr;
        p.awlen = static_cast<uint8_t>(writes.front().beats - 1);
        p.awsize = static_cast<uint8_t>(writes.front().size);
        p.awburst = static_cast<uint8_t>(writes.front().type);
      }
      p.wvalid = !wq.empty();
      if (p.wvalid) {
        std::memcpy(p.wdata, wdata.data() + wbyte, 64);
        p.wstrb = ~uint64_t{0};
        p.wlast = wbeat + 1 == wq.front().beats;
        if (static_cast<int>(wbeat) == wq.front().bad_wlast_beat) p.wlast = !p.wlast;
      }
      p.bready = true;
      const AxiSlavePorts seen = p;
      mem_.Sample(cycle, p);
      if (seen.rvalid && seen.rready) {
        const auto* d = reinterpret_cast<const uint8_t*>(seen.rdata);
        read_data.insert(read_data.end(), d, d + 64);
        rresp.push_back(seen.rresp);
        --reads_left;
      }
      if (seen.bvalid && seen.bready) {
        bresp.push_back(seen.bresp);
        --writes_left;
      }
      if (seen.wvalid && seen.wready) {
        wbyte += 64;
        if (++wbeat == wq.front().beats) {
          wq.pop_front();
          wbeat = 0;
        }
      }
      if (seen.awvalid && seen.awready) {
        wq.push_back(writes.front());
        writes.pop_front();
      }
      if (seen.arvalid && seen.arready) reads.pop_front();
      ++cycle;
    }
    return cycle - start;
  }

 private:
  AxiMemory& mem_;
};

std::vector<uint8_t> RandomBytes(size_t n, std::mt19937_64& rng) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

}  // namespace

TEST_CASE("axi memory: presets have the documented numbers", "[driver]") {
  const MemoryConfig hbm = MemoryPreset("hbm", 300);
  CHECK(hbm.banks == 32);
  CHECK(hbm.Bytes() == (16ull << 30));
  CHECK(hbm.bytes_per_cycle == Approx(460e9 / 32 / 300e6));
  const MemoryConfig ddr = MemoryPreset("ddr", 300);
  CHECK(ddr.banks == 4);
  CHECK(ddr.Bytes() == (64ull << 30));
  CHECK(ddr.bytes_per_cycle == Approx(64.0));
  // Bytes per cycle follow the clock.
  CHECK(MemoryPreset("ddr", 150).bytes_per_cycle == Approx(128.0));
  CHECK_THROWS_WITH(MemoryPreset("sram"), Catch::Contains("unknown memory preset 'sram'"));
  CHECK_THROWS_WITH(MemoryPreset("hbm", 0), Catch::Contains("clock_mhz"));
}

TEST_CASE("axi memory: allocator banks, alignment, reuse and bad calls", "[driver]") {
  AxiMemory mem(MemoryPreset("ddr"));
  const MemoryConfig& c = mem.config();
  Buffer a = mem.Alloc(100, 2);
  CHECK(a.valid());
  CHECK(a.bank == 2);
  CHECK(a.addr == c.base + 2 * c.bank_bytes);
  CHECK(a.addr % 4096 == 0);
  Buffer b = mem.Alloc(1, 2);
  CHECK(b.addr == a.addr + 4096);  // spans are rounded to the 4 KB alignment
  Buffer big = mem.Alloc(1 << 20, 2, 1 << 20);
  CHECK(big.addr % (1 << 20) == 0);
  // Round-robin without a hint.
  Buffer r0 = mem.Alloc(64), r1 = mem.Alloc(64);
  CHECK(r0.bank != r1.bank);
  CHECK_THROWS_WITH(mem.Alloc(0), Catch::Contains("zero bytes"));
  CHECK_THROWS_WITH(mem.Alloc(64, 4), Catch::Contains("bank 4 does not exist"));
  CHECK_THROWS_WITH(mem.Alloc(64, 0, 3000), Catch::Contains("not a power of two"));
  CHECK_THROWS_WITH(mem.Alloc(c.bank_bytes + 1), Catch::Contains("larger than a bank"));
  Buffer fill = mem.Alloc(c.bank_bytes, 3);
  CHECK_THROWS_WITH(mem.Alloc(1, 3), Catch::Contains("exhausted"));
  mem.Free(fill);
  CHECK_FALSE(fill.valid());
  Buffer again = mem.Alloc(c.bank_bytes, 3);  // the merged free block is whole again
  CHECK(again.addr == c.base + 3 * c.bank_bytes);
  Buffer copy = again;
  mem.Free(again);
  CHECK_THROWS_WITH(mem.Free(copy), Catch::Contains("not allocated"));
  // Ranges.
  CHECK_NOTHROW(mem.Check(a, 0, 100, "Write"));
  CHECK_NOTHROW(mem.Check(a, 100, 0, "Write"));
  CHECK_THROWS_WITH(mem.Check(a, 1, 100, "Write"), Catch::Contains("outside the buffer of 100"));
  CHECK_THROWS_WITH(mem.Check(a, 101, 0, "Read"), Catch::Contains("outside the buffer"));
  CHECK_THROWS_WITH(mem.Check(a, SIZE_MAX, 2, "Read"), Catch::Contains("outside the buffer"));
  CHECK_THROWS_WITH(mem.Check(copy, 0, 1, "Read"), Catch::Contains("not allocated"));
}

TEST_CASE("axi memory: write and read bursts move the data", "[driver]") {
  std::mt19937_64 rng(Catch::rngSeed());
  AxiMemory mem(MemoryPreset("hbm"));
  Buffer buf = mem.Alloc(1 << 16, 5);
  Master m(mem);
  const std::vector<uint8_t> data = RandomBytes(1 << 16, rng);
  std::deque<Burst> writes, reads;
  for (uint64_t off = 0; off < data.size(); off += 4096) writes.push_back({buf.addr + off, 64});
  m.Run({}, writes, data);
  REQUIRE(mem.errors().empty());
  std::vector<uint8_t> back(data.size());
  mem.Read(buf.addr, back.data(), back.size());  // backdoor
  CHECK(back == data);
  for (uint64_t off = 0; off < data.size(); off += 1024) reads.push_back({buf.addr + off, 16});
  m.Run(reads, {}, {});
  CHECK(m.read_data == data);
  CHECK(mem.counters().read_bytes == data.size());
  CHECK(mem.counters().write_bytes == data.size());
  for (uint8_t r : m.rresp) CHECK(r == 0);
}

TEST_CASE("axi memory: latency and bandwidth follow the model", "[driver]") {
  MemoryConfig c = MemoryPreset("ddr");
  c.read_latency = 50;
  c.bytes_per_cycle = 16;  // 4 cycles per 64-byte beat
  AxiMemory mem(c);
  Buffer buf = mem.Alloc(1 << 20, 0);
  Master m(mem);
  // One burst of 8 beats: accepted in cycle 0, the channel moves beat i by 1 + 4 (i + 1), each
  // available 50 cycles later; the master takes the last one in that cycle.
  uint64_t t = m.Run({{buf.addr, 8}}, {}, {});
  CHECK(t == 1 + 4 * 8 + 50 + 1);
  // Many outstanding bursts: the channel's bandwidth decides (16 B/cycle), latency hidden.
  std::deque<Burst> reads;
  for (int i = 0; i < 64; ++i) reads.push_back({buf.addr + 4096u * i, 64});
  t = m.Run(reads, {}, {});
  const double bytes = 64.0 * 64 * 64;
  CHECK(bytes / static_cast<double>(t) == Approx(16.0).epsilon(0.02));
  // Two banks (channels) in parallel: twice the bandwidth.
  Buffer other = mem.Alloc(1 << 20, 1);
  reads.clear();
  for (int i = 0; i < 32; ++i) {
    reads.push_back({buf.addr + 4096u * i, 64});
    reads.push_back({other.addr + 4096u * i, 64});
  }
  t = m.Run(reads, {}, {});
  CHECK(bytes / static_cast<double>(t) == Approx(32.0).epsilon(0.03));
  // The outstanding limit bounds the bandwidth when the latency is long: with 1 burst of 4
  // beats in flight, each burst costs 1 + 4*4 + 50 cycles.
  MemoryConfig one = c;
  one.max_outstanding_reads = 1;
  AxiMemory mem1(one);
  Buffer b1 = mem1.Alloc(1 << 20, 0);
  Master m1(mem1);
  reads.clear();
  for (int i = 0; i < 10; ++i) reads.push_back({b1.addr + 256u * i, 4});
  t = m1.Run(reads, {}, {});
  CHECK(t >= 10 * (4 * 4 + 50));
  CHECK(t <= 10 * (4 * 4 + 50 + 3));
}

TEST_CASE("axi memory: interleaved channels spread one buffer", "[driver]") {
  MemoryConfig c = MemoryPreset("hbm");
  c.interleaved = true;
  c.channels = 4;
  c.interleave_bytes = 4096;
  c.bytes_per_cycle = 16;
  AxiMemory mem(c);
  Buffer buf = mem.Alloc(1 << 20, 0);
  Master m(mem);
  std::deque<Burst> reads;
  for (int i = 0; i < 64; ++i) reads.push_back({buf.addr + 4096u * i, 64});
  const uint64_t t = m.Run(reads, {}, {});
  // Four channels of 16 B/cycle. Responses come in order and a 4 KB burst lies in one channel,
  // so the first burst arrives at its channel's rate (4 cycles a beat, after the latency); by
  // then the next three are ready and the R bus (one 64-byte beat per cycle) is the limit.
  const uint64_t expect = 1 + 64 * 4 + c.read_latency + 63 * 64 + 1;
  CHECK(t >= expect - 2);
  CHECK(t <= expect + 2);
  // One channel alone: 16 B/cycle.
  AxiMemory mem1([&] {
    MemoryConfig one = c;
    one.channels = 1;
    return one;
  }());
  Buffer b1 = mem1.Alloc(1 << 20, 0);
  Master m1(mem1);
  reads.clear();
  for (int i = 0; i < 64; ++i) reads.push_back({b1.addr + 4096u * i, 64});
  CHECK(m1.Run(reads, {}, {}) >= 64 * 64 * 4);
}

TEST_CASE("axi memory: protocol violations answer SLVERR and are recorded", "[driver]") {
  AxiMemory mem(MemoryPreset("hbm"));
  Buffer buf = mem.Alloc(3 * 4096, 0);
  Master m(mem);
  SECTION("a read burst crossing 4 KB") {
    m.Run({{buf.addr + 4096 - 128, 4}}, {}, {});
    REQUIRE(m.rresp.size() == 4);
    for (uint8_t r : m.rresp) CHECK(r == 2);
    REQUIRE(mem.errors().size() == 1);
    CHECK_THAT(mem.errors()[0], Catch::Contains("crosses a 4 KB boundary"));
  }
  SECTION("a write burst with wlast on the wrong beat") {
    std::vector<uint8_t> data(8 * 64, 0xAB);
    m.Run({}, {{buf.addr, 8, 6, 1, 3}}, data);
    REQUIRE(m.bresp.size() == 1);
    CHECK(m.bresp[0] == 2);
    REQUIRE(mem.errors().size() == 1);
    CHECK_THAT(mem.errors()[0], Catch::Contains("wlast set on beat 3"));
    uint8_t b = 0;
    mem.Read(buf.addr + 5 * 64, &b, 1);
    CHECK(b == 0);  // the bad burst's later beats are dropped
  }
  SECTION("wlast missing on the last beat") {
    std::vector<uint8_t> data(2 * 64, 1);
    m.Run({}, {{buf.addr, 2, 6, 1, 1}}, data);
    CHECK(m.bresp.at(0) == 2);
    CHECK_THAT(mem.errors().at(0), Catch::Contains("wlast missing on beat 1 (the last)"));
  }
  SECTION("an address outside the device memory") {
    m.Run({{0x1000, 1}}, {}, {});
    CHECK(m.rresp.at(0) == 2);
    CHECK_THAT(mem.errors().at(0), Catch::Contains("outside the device memory"));
  }
  SECTION("an address outside every allocated buffer") {
    m.Run({{buf.addr + 3 * 4096, 1}}, {}, {});
    CHECK(m.rresp.at(0) == 2);
    CHECK_THAT(mem.errors().at(0), Catch::Contains("not inside an allocated buffer"));
  }
  SECTION("a FIXED burst") {
    m.Run({{buf.addr, 2, 6, 0}}, {}, {});
    CHECK(m.rresp.at(1) == 2);
    CHECK_THAT(mem.errors().at(0), Catch::Contains("burst type 0"));
  }
  CHECK(mem.counters().slverr == 1);
}

TEST_CASE("axi memory: the hang fault stops every answer", "[driver]") {
  MemoryConfig c = MemoryPreset("ddr");
  c.hang = true;
  c.hang_after_bursts = 1;  // the first burst is served, then nothing
  AxiMemory mem(c);
  Buffer buf = mem.Alloc(8192, 0);
  Master m(mem);
  m.Run({{buf.addr, 2}}, {}, {});
  CHECK(m.read_data.size() == 128);
  AxiSlavePorts p;
  p.arvalid = true;
  p.araddr = buf.addr;
  for (uint64_t cyc = 0; cyc < 1000; ++cyc) {
    mem.Drive(m.cycle + cyc, p);
    CHECK_FALSE((p.arready || p.awready || p.rvalid || p.bvalid || p.wready));
    mem.Sample(m.cycle + cyc, p);
  }
  CHECK_THAT(mem.State(), Catch::Contains("hang fault injected"));
}

TEST_CASE("verilator argument: options and bad options", "[driver]") {
  VerilatorConfig c = ParseVerilatorArgument("ddr,hang,max_cycles=1000,clock_mhz=250");
  CHECK(c.memory.name == "ddr");
  CHECK(c.memory.hang);
  CHECK(c.max_wait_cycles == 1000);
  CHECK(c.clock_mhz == 250);
  CHECK(c.memory.bytes_per_cycle == Approx(19.2e9 / 250e6));
  CHECK(ParseVerilatorArgument("").memory.name == "hbm");
  CHECK(ParseVerilatorArgument("interleaved").memory.interleaved);
  CHECK_THROWS_WITH(ParseVerilatorArgument("sram"), Catch::Contains("unknown option 'sram'"));
  CHECK_THROWS_WITH(ParseVerilatorArgument("max_cycles=x"), Catch::Contains("not a non-negative"));
  CHECK_THROWS_WITH(ParseVerilatorArgument("clock_mhz=-3"), Catch::Contains("clock_mhz"));
  CHECK_THROWS_WITH(Open("fpga:0"), Catch::Contains("unknown device 'fpga:0'"));
  CHECK_THROWS_WITH(Open("xrt"), Catch::Contains("xrt:N"));
}
