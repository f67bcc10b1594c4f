// SPDX-License-Identifier: Apache-2.0
//
// Accelerator configurations (FPGA boards, an ASIC point) and the timing calibration of the
// units. Both are JSON (models/arch/*.json, models/calibration/*.json, embedded in the binary);
// docs/simulator.md documents every field and the source of every figure.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace zkacc::models {

// Resources of a unit or a board. FPGA: cells as Yosys maps them (docs/synthesis.md); ASIC: area.
struct Resources {
  double lut = 0, ff = 0, dsp = 0, bram36 = 0, uram = 0, area_mm2 = 0;
  Resources& operator+=(const Resources& o);
  Resources operator*(double k) const;
  Resources operator+(const Resources& o) const {
    Resources r = *this;
    r += o;
    return r;
  }
};

struct MsmUnitConfig {
  unsigned count = 1;         // independent MSM units (one MSM each at a time)
  unsigned adders = 1;        // point-adder pipelines per unit, sharing its buckets
  unsigned window_bits = 16;  // Pippenger window c (the bucket memory is sized for it)
  bool auto_window = true;    // per MSM, the c <= window_bits of fewest cycles (BestWindow)
  // "reduction": "device" (default: the bucket running sums and the window combination on the
  // adders, first-principles) or "host" (the RTL as built, rtl/msm: the bucket sums are read out
  // at the calibrated rate and reduced by the host, whose time is not modelled).
  bool host_reduction = false;
  // Buckets the unit holds on chip (0: adders x 2^(window_bits - 1), one window per adder):
  // the points are streamed once per group of windows that fits. rtl/msm holds every window's
  // buckets (81,920 at c = 13), so it streams once.
  double bucket_capacity = 0;
  // The unit reads out (or reduces) the windows of full 254-bit scalars whatever the MSM's
  // scalars are (rtl/msm: ScalarBits is a parameter of the built top), instead of only the
  // windows the scalars need.
  bool full_width_windows = false;
  std::vector<unsigned> memory_channels;  // channel indices the unit streams over
  // Cycles to empty the bucket memory after reset, one bucket per cycle (rtl/msm sweeps its
  // Buckets(C) words before it reports idle): bucket_capacity, else one window's 2^(c-1) per
  // adder, each adder's memory swept in parallel.
  double ResetSweepCycles() const {
    return bucket_capacity > 0 ? bucket_capacity : std::ldexp(1.0, int(window_bits) - 1);
  }
};
struct NttUnitConfig {
  unsigned count = 1;
  unsigned butterflies = 4;       // radix-2 butterflies per cycle (1 multiplier each)
  // Elements per cycle the unit loads and unloads (JSON "stream_lanes"; 0 = butterflies, as the
  // RTL: zkacc_ntt_core moves Lanes elements per beat). Each stream lane has an input-scale
  // and an output-scale multiplier (rtl/ntt/zkacc_ntt_scale: 1/n, coset powers, four-step
  // twiddles) and, with on-chip twiddles, a twiddle-forming multiplier (zkacc_op_ntt).
  unsigned stream_lanes = 0;
  uint64_t onchip_points = 4096;  // elements one pass transforms on chip (four-step)
  // Four-step twiddles: false = a table as large as the data in device memory, read once per
  // transform (the kernel of b90715f); true = formed on chip from two sqrt(n) tables by one
  // more multiplier per stream lane (rtl/top/zkacc_op_ntt.sv since cb9c837). JSON "twiddles":
  // "table" | "onchip".
  bool twiddles_onchip = false;
  unsigned Streams() const { return stream_lanes ? stream_lanes : butterflies; }
  std::vector<unsigned> memory_channels;
};
struct LookupUnitConfig {
  unsigned count = 1;
  unsigned lanes = 8;  // witness values per cycle into the histogram
  std::vector<unsigned> memory_channels;
};

struct EnergyConfig {           // ASIC only (pJ)
  double pj_per_point_add = 0;  // one bucket/reduction addition
  double pj_per_mul = 0;        // one field multiplication (NTT butterflies, field ops)
  double pj_per_lookup = 0;     // one histogram update
  double pj_per_memory_byte = 0;
  double pj_per_link_byte = 0;
  double static_watts = 0;  // leakage and clocking, whole chip
};

struct ArchConfig {
  std::string name;
  std::string kind;  // "fpga" | "asic"
  std::string description;
  double clock_mhz = 300;
  Resources budget;    // what the device offers to the kernel (after the shell)
  Resources reserved;  // taken by the platform shell (FPGA), subtracted from `budget`
  unsigned memory_channels = 1;
  double channel_gbps = 10;        // GB/s per channel (1e9 bytes)
  double memory_efficiency = 0.8;  // sustained / peak
  double memory_latency_ns = 100;
  double link_gbps = 12;        // host link GB/s, each direction
  double link_latency_us = 10;  // per transfer
  MsmUnitConfig msm;
  NttUnitConfig ntt;
  LookupUnitConfig lookup;
  std::optional<EnergyConfig> energy;
  std::map<std::string, Resources> unit_resources;  // point_adder, multiplier, ...
  nlohmann::json raw;                               // the JSON it came from (for sweeps)

  Resources Required() const;  // what the configured units take: the sum of the parts
  // By part: "msm", "ntt_butterflies", "ntt_stream_lanes", "ntt_control_buffers", "lookup".
  std::vector<std::pair<std::string, Resources>> RequiredParts() const;
  std::string ResourceReport() const;
  // {"required": {...}, "available": {...} (budget less reserved), "parts": {name: {...}}}:
  // lut, ff, dsp, bram36, uram on an FPGA, area_mm2 on an ASIC.
  nlohmann::json ResourceJson() const;
};

// Parses and validates (units fit the budget: throws std::runtime_error naming the resource,
// e.g. "u55c: the units need 1,488,610 LUT, the board offers 1,173,312 ...").
ArchConfig ArchFromJson(const nlohmann::json& j, const std::string& where,
                        bool check_resources = true);
// Short name (u55c, u250, vu9p, asic-7nm) or a path to a JSON file.
ArchConfig LoadArch(const std::string& name_or_path, bool check_resources = true);
nlohmann::json ArchJson(const std::string& name_or_path);  // the JSON before parsing
std::vector<std::string> ArchNames();

// Timing parameters of the units (cycles at the unit clock).
struct Calibration {
  std::string status;  // "uncalibrated: first-principles", or what calibrated it
  bool calibrated = false;
  std::string source;
  double msm_adder_latency = 306;
  double msm_adds_per_cycle = 1.0;  // per adder
  std::map<std::string, double> msm_utilization = {{"dense", 1}, {"small", 1}, {"binary", 1}};
  double msm_point_bytes = 64, msm_scalar_bytes = 32, msm_bucket_bytes = 128;
  double msm_gather_efficiency = 0.5;  // memory efficiency of sparse (gathered) point reads
  double ntt_mul_latency = 63, ntt_addsub_latency = 10, ntt_utilization = 1.0;
  double element_bytes = 32;
  double lookup_values_per_cycle = 1.0, lookup_latency = 16, lookup_count_bytes = 8;
  double inversion_cycles = 0;  // one field inversion per batch (latency of the chain)

  // The RTL-fitted forms (`"model": "rtl"` in a section; written by `zkacc calibrate` from
  // Verilator runs, docs/simulator.md). Tables are by log2 n, interpolated linearly in log2 n
  // and held at the end values outside the measured range.
  bool msm_rtl = false;
  // Accumulation cycles per non-zero signed digit, drain excluded, by scalar distribution
  // (dense, small, binary, zkml; a distribution without a table uses "zkml", then "dense").
  std::map<std::string, std::map<unsigned, double>> msm_cycles_per_digit;
  std::map<std::string, double> msm_drain_cycles;  // drain bubbles + pool extras read out
  double msm_readout_cycles_per_bucket = 1;        // bucket sums out (host reduction)
  double msm_fixed_cycles = 0;                     // start, slicer fill, readout tail, done
  bool ntt_rtl = false;
  // cycles = n/2 log2 n / butterflies + overhead; on chip (n <= onchip_points) the overhead is
  // load + unload, a n / butterflies + b; a four-step transform pays pass_overhead(log2 n) per
  // pass, measured at ref_butterflies and ref_onchip_points and scaled by
  // (onchip_points / butterflies) / (ref_onchip_points / ref_butterflies) (one buffer's load and
  // unload).
  double ntt_onchip_a = 2, ntt_onchip_b = 0;
  std::map<unsigned, double> ntt_pass_overhead;
  double ntt_ref_butterflies = 2, ntt_ref_onchip = 4096;
  bool lookup_rtl = false;
  double lookup_readout_per_cycle = 1;  // table counts read out per cycle (per unit)
};

// Value of a by-log2-n table at n (linear in log2 n, clamped); `dflt` for an empty table.
double TableAt(const std::map<unsigned, double>& t, uint64_t n, double dflt);

// Expected non-zero signed digits (digits in [-2^(c-1)+1, 2^(c-1)], rtl/msm's recoding) of one
// scalar of the distribution over `windows` windows of c bits: dense = uniform in [0, r) of
// BN254, small = uniform magnitude below 2^bits given that it is non-zero, binary = 1, zkml =
// the mix of ScalarKind::kZkml. Exact for power-of-two ranges (a carry Markov chain).
double ExpectedDigits(const std::string& scalars, unsigned bits, unsigned c, unsigned windows);
// Signed windows of a scalar of `bits` bits: ceil((bits + 1) / c) (the top one never carries).
unsigned SignedWindows(unsigned bits, unsigned c);
Calibration CalibrationFromJson(const nlohmann::json& j, const std::string& where);
// "first-principles" (embedded) or a path.
Calibration LoadCalibration(const std::string& name_or_path);

// Closed-form cycle counts of one operation on one unit (what the SystemC units charge).
struct MsmCost {
  unsigned windows = 0;
  double accumulate_adds = 0, reduction_adds = 0, combine_adds = 0;
  double throughput_cycles = 0;  // the adders are busy: accumulation and bucket reduction
  double latency_cycles = 0;     // dependent chains: pipeline fill, drains, window combination
  double cycles = 0;             // throughput_cycles + latency_cycles: one MSM alone
  double memory_bytes = 0;       // streamed from device memory (before the gather efficiency)
};
// `host_reduction`: MsmUnitConfig::host_reduction (used by the RTL-fitted form only).
// `bucket_windows`: windows whose buckets fit on chip (0: `adders`); `full_width`:
// MsmUnitConfig::full_width_windows (RTL-fitted form only).
MsmCost MsmCycles(uint64_t n, const std::string& scalars, unsigned bits, double nonzero,
                  unsigned window_bits, unsigned adders, const Calibration& cal,
                  bool host_reduction = false, double bucket_windows = 0,
                  bool full_width = false);
// The window c in [1, max_bits] ([2, max_bits] for the RTL-fitted form) that minimizes
// MsmCycles(...).cycles (ties: the larger c).
unsigned BestWindow(uint64_t n, const std::string& scalars, unsigned bits, double nonzero,
                    unsigned max_bits, unsigned adders, const Calibration& cal,
                    bool host_reduction = false, double bucket_capacity = 0,
                    bool full_width = false);
struct NttCost {
  unsigned passes = 0;
  // muls: element-wise multiplications (coset, 1/n; in the RTL form also the four-step
  // twiddles), on the butterflies (first-principles) or on the stream lanes (RTL form).
  double butterflies = 0, muls = 0, cycles = 0, memory_bytes = 0;
};
// Histogram of n values into a table of `table` counters on `lanes` lanes.
double HistogramCycles(uint64_t n, uint64_t table, unsigned lanes, const Calibration& cal);
// `stream_lanes` 0: as many as butterflies (the RTL).
NttCost NttCycles(uint64_t n, bool inverse, bool coset, unsigned butterflies,
                  uint64_t onchip_points, const Calibration& cal, bool twiddles_onchip = false,
                  unsigned stream_lanes = 0);

}  // namespace zkacc::models
