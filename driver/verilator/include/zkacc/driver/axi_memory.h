// SPDX-License-Identifier: Apache-2.0
//
// The device memory of the verilator implementation of driver::Device: a cycle-level AXI4 slave
// model that serves the kernel's m_axi_gmem master (512-bit data, no IDs: responses in order),
// with a timing model of the DRAM behind it, AXI protocol checks, a sparse backing store, and a
// device-memory allocator with bank hints and alignment. Plain C++ (no Verilator types), so its
// tests can drive it from a C++ master that breaks the protocol on purpose.
//
//   MemoryConfig cfg = MemoryPreset("hbm", /*clock_mhz=*/300);   // U55C-like, see below
//   AxiMemory mem(cfg);
//   Buffer b = mem.Alloc(4096, /*bank=*/3);        // b.addr: what the kernel's master uses
//   mem.Write(b.addr, host, 4096);                 // backdoor (the PCIe copy of XRT's sync)
//   AxiSlavePorts p;
//   each cycle: mem.Drive(cycle, p);  // sets the slave outputs (readys, R, B) from its state
//               ... copy p to the model's inputs, eval, copy the master's outputs into p ...
//               mem.Sample(cycle, p); // performs the handshakes (valid && ready) of the edge
//
// Timing model (per channel; a channel is an HBM pseudo-channel or a DDR controller):
//  - A read burst accepted at cycle t books its channel's data path from max(t, free) for
//    beats * beat_bytes / bytes_per_cycle cycles; beat i is available read_latency cycles after
//    the channel moved it. So one outstanding burst costs latency + transfer, and enough
//    outstanding bursts hide the latency and reach the channel's bandwidth. The R channel
//    returns bursts in acceptance order (no IDs), at most one beat per cycle (512 bits).
//  - A write beat is accepted (wready) while its channel's data path is free; the B response
//    comes write_latency cycles after the last beat. Reads and writes share a channel's data
//    path (DRAM is half-duplex). W beats are accepted only after their AW (a legal slave choice).
//  - At most max_outstanding_reads read bursts (AR accepted, last R beat not yet sent) and
//    max_outstanding_writes write bursts (AW accepted, B not yet taken) at a time.
//  - Channel of an address: per-bank (the bank it lies in: Vitis connects an m_axi port to
//    banks, each bank one channel) or interleaved ((addr / interleave_bytes) % channels).
//
// Protocol checks (each records a message in errors() naming the cycle, the burst and the rule,
// and answers SLVERR: the read burst still returns all its beats, with zero data; the write
// burst's data is dropped): a burst crossing a 4 KB boundary, burst type other than INCR,
// size above 512 bits, an address outside the device memory or outside every allocated buffer
// (check_allocated), wlast on a beat other than the burst's last or missing on the last beat
// (beats are counted by the slave: the burst ends after awlen + 1 beats).
//
// Fault injection: hang (once `hang_after_bursts` bursts have been answered) makes the memory stop
// answering: no ready, no R beat, no B response, so a kernel waiting for it never finishes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "zkacc/driver/device.h"

namespace zkacc::driver {

struct MemoryConfig {
  std::string name = "hbm";        // preset name, for messages
  uint64_t base = 0x10'0000'0000;  // device address of bank 0 (above 4 GB: pointers use hi)
  unsigned banks = 32;             // allocation regions, bank_bytes each, one after the other
  uint64_t bank_bytes = 512ull << 20;
  bool interleaved = false;  // false: channel = bank; true: address-interleaved channels
  unsigned channels = 32;    // interleaved only (per-bank: channels == banks)
  uint64_t interleave_bytes = 4096;
  double bytes_per_cycle = 48;  // per channel, at the modelled kernel clock
  uint64_t read_latency = 40;   // cycles from the channel moving a beat to rvalid
  uint64_t write_latency = 20;  // cycles from the last W beat to bvalid
  unsigned max_outstanding_reads = 32;
  unsigned max_outstanding_writes = 32;
  uint64_t alignment = 4096;    // of every Alloc (XRT aligns buffer objects to 4 KB)
  bool check_allocated = true;  // accesses outside every allocated buffer are errors
  bool hang = false;            // fault injection (see the file comment)
  uint64_t hang_after_bursts = 0;

  uint64_t Bytes() const { return uint64_t{banks} * bank_bytes; }
  unsigned Channels() const { return interleaved ? channels : banks; }
  std::string Describe() const;  // one line: the numbers above
};

// "hbm": Alveo U55C-like: 16 GB HBM2 as 32 pseudo-channels of 512 MB, 460 GB/s in all
// (14.4 GB/s per pseudo-channel), one m_axi port reaching each bank through its own channel.
// "ddr": Alveo U250-like: 64 GB as 4 DDR4-2400 x64 channels of 16 GB, 19.2 GB/s each.
// bytes_per_cycle = GB/s / clock; latencies are modelling assumptions of the order of 100 ns
// (driver/README.md gives the numbers and their sources). Throws Error on another name.
MemoryConfig MemoryPreset(const std::string& name, double clock_mhz = 300);

// The signals between the kernel's m_axi_gmem master and this slave (the contract's port list,
// without the m_axi_gmem_ prefix). Inputs are the master's outputs.
struct AxiSlavePorts {
  // master -> slave
  bool awvalid = false;
  uint64_t awaddr = 0;
  uint8_t awlen = 0, awsize = 6, awburst = 1;
  bool wvalid = false;
  uint32_t wdata[16] = {};
  uint64_t wstrb = 0;
  bool wlast = false;
  bool bready = false;
  bool arvalid = false;
  uint64_t araddr = 0;
  uint8_t arlen = 0, arsize = 6, arburst = 1;
  bool rready = false;
  // slave -> master
  bool awready = false, wready = false, bvalid = false, arready = false, rvalid = false;
  uint8_t bresp = 0, rresp = 0;
  bool rlast = false;
  uint32_t rdata[16] = {};
};

struct MemoryCounters {
  uint64_t read_bursts = 0, write_bursts = 0;
  uint64_t read_beats = 0, write_beats = 0;
  uint64_t read_bytes = 0, write_bytes = 0;  // bytes of the beats (by strobe for writes)
  uint64_t slverr = 0;
};

class AxiMemory {
 public:
  explicit AxiMemory(const MemoryConfig& config);
  ~AxiMemory();
  AxiMemory(const AxiMemory&) = delete;
  AxiMemory& operator=(const AxiMemory&) = delete;

  const MemoryConfig& config() const { return cfg_; }
  void set_hang(bool hang, uint64_t after_bursts = 0);

  // --- allocator: first fit per bank, `alignment`-aligned, bank < 0: round-robin over banks.
  // Throws Error on bytes == 0, a bank out of range, exhaustion, or a bad alignment.
  Buffer Alloc(size_t bytes, int bank = -1, uint64_t alignment = 0);
  void Free(Buffer& buffer);  // throws Error on an unknown or freed buffer
  void Check(const Buffer& buffer, size_t offset, size_t bytes, const char* what) const;
  size_t allocated_bytes() const { return allocated_bytes_; }

  // --- backdoor access (host <-> device copies, no cycles). Throws Error outside the memory.
  void Write(uint64_t addr, const void* src, size_t bytes);
  void Read(uint64_t addr, void* dst, size_t bytes) const;

  // --- the AXI4 slave, once per cycle (see the file comment).
  void Drive(uint64_t cycle, AxiSlavePorts& p);
  void Sample(uint64_t cycle, const AxiSlavePorts& p);

  // Protocol errors recorded so far (each names the cycle, the burst and the rule).
  const std::vector<std::string>& errors() const { return errors_; }
  void ClearErrors() { errors_.clear(); }
  const MemoryCounters& counters() const { return counters_; }
  unsigned reads_outstanding() const { return static_cast<unsigned>(reads_.size()); }
  unsigned writes_outstanding() const { return static_cast<unsigned>(writes_.size()); }
  std::string State() const;  // outstanding bursts, hang, errors: for timeout messages

 private:
  struct ReadBurst {
    uint64_t addr;
    unsigned beats, size;
    bool error;
    std::vector<uint64_t> ready;  // cycle at which each beat is available
    unsigned sent = 0;
  };
  struct WriteBurst {
    uint64_t addr;
    unsigned beats, size;
    bool error;
    unsigned received = 0;
    uint64_t b_at = 0;  // cycle of bvalid once every beat is in
  };

  unsigned ChannelOf(uint64_t addr) const;
  // "" if the burst is legal, else the broken rule.
  std::string CheckBurst(uint64_t addr, unsigned beats, unsigned size, unsigned burst) const;
  void RecordError(uint64_t cycle, const std::string& what);
  bool Hanging() const;
  uint64_t BeatAddress(uint64_t addr, unsigned size, unsigned beat) const;
  uint8_t* Page(uint64_t page, bool create) const;

  MemoryConfig cfg_;
  std::vector<double> free_at_;  // per channel: cycle its data path is next free
  std::deque<ReadBurst> reads_;
  std::deque<WriteBurst> writes_;
  uint64_t accepted_bursts_ = 0;
  uint64_t completed_bursts_ = 0;
  std::vector<std::string> errors_;
  MemoryCounters counters_;

  static constexpr uint64_t kPageBytes = 1 << 16;
  mutable std::unordered_map<uint64_t, std::unique_ptr<uint8_t[]>> pages_;

  struct Allocation {
    uint64_t addr;
    size_t bytes;   // as asked
    uint64_t span;  // rounded up to the alignment
    int bank;
  };
  std::vector<std::map<uint64_t, uint64_t>> free_;  // per bank: offset -> length
  std::map<uint64_t, Allocation> live_;             // id -> allocation
  std::map<uint64_t, uint64_t> live_by_addr_;       // addr -> id
  uint64_t next_id_ = 1;
  unsigned next_bank_ = 0;
  size_t allocated_bytes_ = 0;
};

}  // namespace zkacc::driver
