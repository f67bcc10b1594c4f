// SPDX-License-Identifier: Apache-2.0
//
// The sim side of `zkacc matmul` / `zkacc lookup` and of the matmul/lookup testbenches: a
// quantized layer on the Verilated zkacc_matmul (P x P array), a histogram on zkacc_hist
// (partitioned passes for tables above one window), and the fused layer on zkacc_mm_fused,
// each with the valid/ready traffic asked for. The host side of each unit lives here: tiling
// and zero padding of W and x, the stream words, the passes, the unpacking of the results.
// Every figure is simulated cycles; time is "modelled" at a clock the caller names.
//
//   zkacc::sim::MatmulSimResult r = zkacc::sim::SimMatmul(shape, w, x, bias, rq, {}, rng);
//   r.out.acc, r.out.idx            as quant::Matmul
//   r.cycles, r.Utilization()       useful MACs / (P^2 x cycles)
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "zkacc/field.h"
#include "zkacc/quant.h"
#include "zkacc/sim/stream.h"

namespace zkacc::sim {

// Whether the models were built (their tops were in rtl/ when the build was configured).
bool HaveMatmulModel();
bool HaveHistModel();
bool HaveFusedModel();

struct MatmulUnitInfo {
  unsigned array = 0;      // P
  unsigned max_k = 0;      // P * KtMax: the largest K of one slab
  unsigned latency = 0;    // exported Latency (last slice of a vector -> its result)
};
MatmulUnitInfo MatmulInfo();  // throws std::runtime_error without the model

struct MatmulSimResult {
  quant::MatmulResult out;
  unsigned array = 0;            // P
  uint64_t cycles = 0;           // from the first cycle streams are offered to the last result
  uint64_t slices = 0;           // input slices taken (each P^2 MACs, padding included)
  uint64_t stall_weights = 0;    // cycles an input slice waited for its slab
  uint64_t stall_out = 0;        // cycles an input slice waited for output room
  uint64_t starved = 0;          // cycles the array was ready and no slice came
  uint64_t useful_macs = 0;      // batch * k * n
  double seconds = 0;            // wall time of the simulation
  std::vector<uint64_t> x_cycles;    // cycle of each input slice transfer
  std::vector<uint64_t> out_cycles;  // cycle of each result transfer (n-tile major)
  double Utilization() const {   // useful MACs per MAC slot
    return cycles ? static_cast<double>(useful_macs) / (double(array) * array * cycles) : 0;
  }
};
// Throws std::invalid_argument on bad sizes (naming them), SimError on a simulation failure.
MatmulSimResult SimMatmul(const quant::LayerShape& shape, const std::vector<int8_t>& w,
                          const std::vector<int8_t>& x, const std::vector<int32_t>& bias,
                          const quant::RequantParams& rq, const Traffic& traffic,
                          std::mt19937_64& rng);

struct HistSimResult {
  std::vector<uint32_t> counts;
  std::vector<Limbs<4>> fr;      // Montgomery limbs of each count (bn254::Fr layout)
  unsigned banks = 0;            // lanes of the unit: indices per cycle at most
  unsigned window = 0;           // entries of one pass
  unsigned passes = 0;
  uint64_t cycles = 0;           // all passes: counting and readout (the reset sweep excluded)
  uint64_t count_cycles = 0;     // cycles from the first index word to the last, all passes
  uint64_t indices = 0;          // indices counted (all passes)
  uint64_t skipped = 0;          // indices outside a pass's window (all passes)
  uint64_t stall_busy = 0, stall_out = 0, idle = 0;
  double seconds = 0;
  // Indices taken (counted or skipped) per cycle per bank while counting: the engine's rate.
  double IndicesPerCyclePerBank() const {
    return count_cycles ? static_cast<double>(indices + skipped) / double(count_cycles * banks)
                        : 0;
  }
};
// Indices must be < entries (std::invalid_argument otherwise); entries <= 2^32.
HistSimResult SimHistogram(const std::vector<uint32_t>& indices, uint64_t entries,
                           const Traffic& traffic, std::mt19937_64& rng);

struct FusedSimResult {
  MatmulSimResult mm;              // accumulators, indices, cycles of the layer
  std::vector<int8_t> act;         // batch x n activations, table.values[idx]
  std::vector<Limbs<4>> act_fr;    // their Fr forms (Montgomery limbs)
  std::vector<uint32_t> counts;    // multiplicity of each table entry (idx_max + 1)
  std::vector<Limbs<4>> count_fr;
  uint64_t table_cycles = 0;       // loading the table
  uint64_t readout_cycles = 0;     // reading the multiplicities out
  uint64_t indices = 0;            // indices counted by the engine
  uint64_t stall_hist = 0;         // cycles a result waited for the engine
};
// The fused layer on zkacc_mm_fused: the table (entries = rq.idx_max + 1) is loaded first,
// then the layer streams, then the multiplicities are read out.
FusedSimResult SimFused(const quant::LayerShape& shape, const std::vector<int8_t>& w,
                        const std::vector<int8_t>& x, const std::vector<int32_t>& bias,
                        const quant::RequantParams& rq, const quant::Table& table,
                        const Traffic& traffic, std::mt19937_64& rng);

}  // namespace zkacc::sim
