// SPDX-License-Identifier: Apache-2.0
//
// Quantized linear layers with table activations, and lookup multiplicities: the CPU reference
// of the matmul and lookup units (rtl/matmul, rtl/lookup) and the cpu backend of
// `zkacc matmul` / `zkacc lookup`. Straightforward loops, on purpose: every RTL result is
// checked against these.
//
//   y_acc[v][n] = bias[n] + sum_k W[n][k] * x[v][k]          int8 x int8, int32 accumulation
//   y_idx[v][n] = Requantize(y_acc[v][n], rq)                table index in [0, idx_max]
//   y_act[v][n] = table.values[y_idx[v][n]]                  activation (int8)
//   counts[i]   = #{(v, n) : y_idx[v][n] == i}               multiplicities for cq / logUp
//
// Field outputs are BN254 Fr in Montgomery form (bn254::Fr: 4 little-endian 64-bit limbs,
// R = 2^256), the device layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "zkacc/params.h"

namespace zkacc::quant {

// idx = clamp(((acc * scale + (shift > 0 ? 2^(shift-1) : 0)) >> shift) + offset, 0, idx_max),
// arithmetic shift (round half up). The formula of rtl/matmul/zkacc_mm_requant.sv.
struct RequantParams {
  uint32_t scale = 1;        // 0 .. 65535
  uint32_t shift = 0;        // 0 .. 47
  int32_t offset = 0;        // index of the table entry for q = 0
  uint32_t idx_max = 255;    // the table's last index, 0 .. 65535
  void Validate() const;     // throws std::invalid_argument naming the bad field
};
uint32_t Requantize(int32_t acc, const RequantParams& rq);

// W: n x k, row-major; x: batch x k, row-major; bias: n.
struct LayerShape {
  size_t batch = 1;  // input vectors
  size_t k = 1;      // inputs per vector (columns of W)
  size_t n = 1;      // outputs per vector (rows of W)
  void Validate() const;  // every size >= 1, products below 2^40
  uint64_t Macs() const { return uint64_t{batch} * k * n; }
};

struct MatmulResult {
  std::vector<int32_t> acc;   // batch x n
  std::vector<uint32_t> idx;  // batch x n
};

// Throws std::invalid_argument if a vector's size does not match the shape.
MatmulResult Matmul(const LayerShape& shape, const std::vector<int8_t>& w,
                    const std::vector<int8_t>& x, const std::vector<int32_t>& bias,
                    const RequantParams& rq, int threads = 1);

// Activation tables over a requantized input q = idx - offset read as q / in_scale, outputs
// quantized as round(out_scale * f): entries = idx_max + 1.
enum class TableKind { kRelu, kGelu, kSigmoid };
TableKind ParseTableKind(const std::string& name);  // "relu" | "gelu" | "sigmoid"
const char* TableKindName(TableKind kind);
struct Table {
  TableKind kind = TableKind::kRelu;
  std::vector<int8_t> values;
};
// f(q): relu: max(q, 0); gelu: q * Phi(q / in_scale) (the erf form); sigmoid: out_scale *
// sigma(q / in_scale); each rounded and clamped to [-128, 127].
Table MakeTable(TableKind kind, size_t entries, int32_t offset, double in_scale = 16.0,
                double out_scale = 127.0);

// counts[i] = how often i occurs in `indices`; throws std::invalid_argument on an index >=
// entries (naming it and its position).
std::vector<uint32_t> Histogram(const std::vector<uint32_t>& indices, size_t entries);

// Activations and multiplicities of a layer result.
std::vector<int8_t> Activate(const std::vector<uint32_t>& idx, const Table& table);

// Montgomery form of small integers (bn254::Fr::FromU64, negated for negative values).
bn254::Fr FrOfInt(int64_t v);
std::vector<bn254::Fr> FrOfCounts(const std::vector<uint32_t>& counts);
std::vector<bn254::Fr> FrOfValues(const std::vector<int8_t>& values);

// Index streams for the histogram: uniform in [0, entries), all equal (one random index), or
// Zipf-like (P(rank r) ~ 1 / (r + 1)^s over a random permutation of the entries).
enum class IndexDist { kUniform, kEqual, kZipf };
IndexDist ParseIndexDist(const std::string& name);  // "uniform" | "equal" | "zipf"
const char* IndexDistName(IndexDist dist);
std::vector<uint32_t> RandomIndices(size_t count, size_t entries, IndexDist dist,
                                    std::mt19937_64& rng, double zipf_s = 1.1);

// Random int8 values: uniform in [-128, 127], or "extreme" (-128, 127 and 0 only).
std::vector<int8_t> RandomInt8(size_t count, std::mt19937_64& rng, bool extreme = false);

}  // namespace zkacc::quant
