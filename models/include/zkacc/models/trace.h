// SPDX-License-Identifier: Apache-2.0
//
// Prover operation traces: what a proof asks of the accelerator, as a DAG of operations. The
// JSON format ("zkacc-trace/1") is documented in docs/simulator.md; ToJson/TraceFromJson are
// exact inverses.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace zkacc::models {

enum class OpKind {
  kMsm,        // multi-scalar multiplication of `n` points
  kNtt,        // NTT of size `n` (forward or inverse, optionally on a coset)
  kHistogram,  // lookup multiplicities of `n` witness values into a table of `table_size`
  kField,      // element-wise field work: `muls` multiplications, `inversions` (batched)
  kTransfer,   // host <-> device copy of `bytes`
};

// Scalar distribution of an MSM: what a bucket engine sees.
enum class ScalarKind {
  kDense,   // uniform field elements, 254 bits
  kSmall,   // |s| < 2^bits (quantized activations, multiplicities; sign by point negation)
  kBinary,  // 0 or 1
  // The zkML mix of `zkacc msm --scalars zkml` (host-lib random.h): 45 % zero, 25 % one, 15 %
  // 8-bit, 14 % 16-bit, 1 % uniform full width; `bits` 254, `nonzero` scales the whole mix.
  kZkml,
};

struct Op {
  uint32_t id = 0;
  OpKind kind = OpKind::kMsm;
  std::string label;  // e.g. "cq[3 relu].m", "plonk.round3.t_lo"
  std::string phase;  // what part of the proof: cq, cqlin, plonk, advice, lookup, quotient, ...
  uint64_t n = 0;
  // MSM.
  ScalarKind scalars = ScalarKind::kDense;
  unsigned scalar_bits = 254;  // kSmall: magnitude bits
  double nonzero = 1.0;        // fraction of scalars that are not zero
  bool sparse = false;         // points gathered from a larger table (cq's cached quotients)
  // NTT.
  bool inverse = false;
  bool coset = false;
  // Histogram.
  uint64_t table_size = 0;
  // Field.
  uint64_t muls = 0;
  uint64_t inversions = 0;
  // Transfer.
  uint64_t bytes = 0;
  bool to_device = true;
  std::vector<uint32_t> deps;  // ids of earlier ops this one waits for
};

struct Trace {
  std::string model;
  std::string style;  // "tensorplonk" | "halo2"
  std::string curve = "bn254";
  nlohmann::json assumptions = nlohmann::json::object();  // parameters of the lowering
  std::vector<Op> ops;

  // Appends `op` with the next id and returns that id.
  uint32_t Add(Op op);
};

const char* OpKindName(OpKind k);
const char* ScalarKindName(ScalarKind k);

nlohmann::json ToJson(const Trace& t);
// Throws std::runtime_error naming the op and the field that is wrong (unknown kind, a
// dependency on a later or missing op, ...).
Trace TraceFromJson(const nlohmann::json& j, const std::string& where);

// Op counts of a trace, for `zkacc workload` and the tests.
struct TraceSummary {
  uint64_t ops = 0;
  uint64_t msms = 0;
  uint64_t msm_points = 0;
  std::map<std::string, uint64_t> msm_points_by_scalars;  // dense / small / binary
  uint64_t ntts = 0;
  uint64_t ntt_elements = 0;     // sum of sizes
  uint64_t ntt_butterflies = 0;  // sum of n/2 log2 n
  uint64_t histograms = 0;
  uint64_t histogram_values = 0;
  uint64_t field_muls = 0;
  uint64_t field_inversions = 0;
  uint64_t transfer_bytes = 0;
  uint64_t max_msm = 0;
  uint64_t max_ntt = 0;
};
TraceSummary Summarize(const Trace& t);
nlohmann::json ToJson(const TraceSummary& s);

}  // namespace zkacc::models
