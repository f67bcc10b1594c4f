// SPDX-License-Identifier: Apache-2.0
//
// The "sim" backend of zkacc::Backend (check.h): the BN254 operations of the vector files run on
// the Verilated RTL unit tops, each batch streamed through a unit at full rate (in_valid and
// out_ready always high).
//
//   FieldOps add/sub   zkacc_mod_addsub_bn254_{fq,fr}
//            mul       zkacc_mont_mul_bn254_{fq,fr} on the Montgomery limbs
//            inverse   a^(p-2) by square-and-multiply on the multiplier; each step streams the
//                      whole batch (0^-1 = 0 falls out)
//   G1Add              zkacc_ec_add_bn254, mixed mode: P (XYZZ from affine) + Q (affine)
//   G1Double           zkacc_ec_add_bn254, full mode: P + P
//   G1Mul              double-and-add, MSB first; every step streams the whole batch: a full-mode
//                      doubling of every accumulator, then a mixed addition of the base point
//                      for the accumulators whose scalar bit is set
//   Msm                zkacc_msm_bn254 / zkacc_msm_bls12_381 (rtl/msm): the pairs streamed in
//                      (4 per beat), bucket accumulation on the RTL, the bucket sums read out
//                      and reduced on the CPU (ReduceBuckets); window size DeviceWindowBits
//                      unless SetSimMsmWindow chose one
//   Ntt                zkacc_ntt_bn254_fr_l2 (2 butterflies per cycle) behind the DMA and memory
//                      model of sim/tb/tb_ntt.h: on chip up to 2^12, four-step beyond
//
// The results leave the adder in XYZZ; their conversion to affine (one inversion each) is the
// host's job and runs on the CPU, as it would with the accelerator. Units whose top was not in
// rtl/ when the build was configured throw std::runtime_error naming the missing top.
//
//   zkacc::RegisterSimBackend();
//   auto sim = zkacc::MakeBackend("sim");
//   zkacc::CheckResult r = zkacc::CheckFile("../shared/vectors/fq_ops.txt", *sim);
//   std::cout << zkacc::SimBackendReport(*sim) << "\n";   // cycles per unit
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zkacc/check.h"
#include "zkacc/sim/msm_stats.h"

namespace zkacc {

// Adds the "sim" backend to the registry (check.h); calling it again does nothing.
void RegisterSimBackend();

// The clock at which simulated cycles are turned into modelled time (never measured time).
constexpr double kSimClockMhz = 300.0;

// Work done by one unit of a sim backend.
struct SimUnitStats {
  std::string unit;     // top module name
  uint64_t ops = 0;     // results delivered (NTT: transforms)
  uint64_t cycles = 0;  // simulated cycles (reset excluded; NTT: memory model included)
  double seconds = 0;   // wall-clock time of those cycles
  uint64_t butterflies = 0;  // NTT unit only: butterflies of the transforms
  unsigned lanes = 0;        // NTT unit only: butterflies per cycle at full rate
  double Utilization() const {
    return lanes && cycles ? static_cast<double>(butterflies) / (static_cast<double>(cycles) * lanes)
                           : 0.0;
  }
};

// Per-unit statistics of a sim backend (units used so far); empty for any other backend.
std::vector<SimUnitStats> SimBackendStats(const Backend& backend);

// The MSM runs of a sim backend so far (the engine's counters), oldest first; empty for any
// other backend.
std::vector<sim::MsmRunStats> SimBackendMsmRuns(const Backend& backend);

// Window size of the sim backend's later MSMs (0: DeviceWindowBits); throws
// std::invalid_argument for another backend.
void SetSimMsmWindow(Backend& backend, unsigned c);

// The clock at which SimBackendReport models the cycles: the same stated assumption as
// kSimClockMhz (one clock for every unit; `zkacc msm --clock-mhz` chooses another).
constexpr double kSimReportClockMhz = kSimClockMhz;

// One line: "sim backend: <total> cycles (<unit>: <ops> ops in <cycles> cycles, ...)", or ""
// for a backend that is not a sim backend.
std::string SimBackendReport(const Backend& backend);

}  // namespace zkacc
