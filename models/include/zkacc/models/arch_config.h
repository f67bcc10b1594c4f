// SPDX-License-Identifier: Apache-2.0
//
// Accelerator configurations (FPGA boards, an ASIC point) and the timing calibration of the
// units. Both are JSON (models/arch/*.json, models/calibration/*.json, embedded in the binary);
// docs/simulator.md documents every field and the source of every figure.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
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
  std::vector<unsigned> memory_channels;  // channel indices the unit streams over
};
struct NttUnitConfig {
  unsigned count = 1;
  unsigned butterflies = 4;       // radix-2 butterflies per cycle (1 multiplier each)
  uint64_t onchip_points = 4096;  // elements one pass transforms on chip (four-step)
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

  Resources Required() const;  // what the configured units take
  std::string ResourceReport() const;
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
  double msm_adder_latency = 338;
  double msm_adds_per_cycle = 1.0;  // per adder
  std::map<std::string, double> msm_utilization = {{"dense", 1}, {"small", 1}, {"binary", 1}};
  double msm_point_bytes = 64, msm_scalar_bytes = 32, msm_bucket_bytes = 128;
  double msm_gather_efficiency = 0.5;  // memory efficiency of sparse (gathered) point reads
  double ntt_mul_latency = 71, ntt_addsub_latency = 10, ntt_utilization = 1.0;
  double element_bytes = 32;
  double lookup_values_per_cycle = 1.0, lookup_latency = 16, lookup_count_bytes = 8;
  double inversion_cycles = 0;  // one field inversion per batch (latency of the chain)
};
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
MsmCost MsmCycles(uint64_t n, const std::string& scalars, unsigned bits, double nonzero,
                  unsigned window_bits, unsigned adders, const Calibration& cal);
// The window c in [1, max_bits] that minimizes MsmCycles(...).cycles (ties: the larger c).
unsigned BestWindow(uint64_t n, const std::string& scalars, unsigned bits, double nonzero,
                    unsigned max_bits, unsigned adders, const Calibration& cal);
struct NttCost {
  unsigned passes = 0;
  double butterflies = 0, muls = 0, cycles = 0, memory_bytes = 0;
};
NttCost NttCycles(uint64_t n, bool inverse, bool coset, unsigned butterflies,
                  uint64_t onchip_points, const Calibration& cal);

}  // namespace zkacc::models
