// SPDX-License-Identifier: Apache-2.0
//
// Lowering of a model to a prover operation trace, in two proof styles. Every count below is a
// stated assumption; docs/simulator.md gives the sources and the reasoning, and the tests
// recompute the counts by hand for small models.
//
// TensorPlonk style (KZG over BN254):
//   cq lookup of n values (table N; nothing grows with N), n' = next power of two >= n:
//     histogram(n); MSM(min(n,N)) small (multiplicities, sparse); batched inversions 2n
//     (3 muls each); 3 x MSM(min(n,N)) dense sparse; NTT(n') inverse; NTT(2n') coset;
//     4 x MSM(n') dense.
//   cqlin for a fixed-weight product rows x m times m x n (vectors r*m in, r*n out):
//     MSM(r*m) small (input), MSM(r*n) small (output), 7 x MSM(r*m) dense, 1 x MSM(r*n) dense.
//   one lookup per output element of every product (rescale, fused activation), mean, pool,
//   divvar and nonlinear layer (softmax: two); element-wise layers and witness x witness
//   products become gates of a Plonk circuit of G gates (np = next power of two >= G):
//     3 x NTT(np) inv + 3 x MSM(np) small; field(9 np muls, np inversions) + NTT(np) inv +
//     MSM(np) dense; 4 x NTT(4np) coset + field(16 * 4np muls) + NTT(4np) coset inv +
//     3 x MSM(np) dense; field(7 np muls); 2 x MSM(np) dense.
// halo2-KZG style (zkml / ezkl), n = 2^k, N = 2^(k+ext), ext = ceil(log2(d-1)):
//   per advice column: NTT(n) inv + MSM(n) small; per instance column: NTT(n) inv;
//   per lookup: 2 x (MSM(n) small + NTT(n) inv), field(4n muls, n inv), MSM(n) dense, NTT(n) inv;
//   per permutation chunk (d-2 columns): field(2(d-2)n muls, n inv), MSM(n) dense, NTT(n) inv;
//   vanishing: MSM(n) dense; quotient: (A + I + 3L + chunks) x NTT(N) coset, field(16 N muls),
//   NTT(N) coset inv, (d-1) x MSM(n) dense; evaluations field(polys * n muls);
//   opening: 2 x MSM(n) dense.
#pragma once

#include <cstdint>
#include <string>

#include "zkacc/models/model.h"
#include "zkacc/models/trace.h"

namespace zkacc::models {

struct TensorPlonkOptions {
  unsigned activation_bits = 0;  // magnitude bits of activations; 0: log2(scale) + 2, or 16
  unsigned table_bits = 16;      // log2 of each lookup table (recorded; costs do not grow)
  double relu_nonzero = 0.5;     // fraction of non-zero values after a ReLU (assumption)
};

struct Halo2Options {
  unsigned k = 0;             // 0: the model's zkml k, else estimated (see EstimateHalo2K)
  unsigned advice = 0;        // advice columns; 0: the model's zkml num_cols, else 10
  unsigned instance = 1;      // instance columns
  unsigned lookups = 0;       // lookup arguments; 0: one per advice column
  unsigned max_degree = 5;    // maximum gate degree d (sets ext and the permutation chunks)
  unsigned opening_msms = 2;  // multi-open (SHPLONK/GWC) MSMs
  unsigned activation_bits = 0;
};

unsigned TensorPlonkActivationBits(const Model& m, const TensorPlonkOptions& o);
// ceil(log2(4 * (fixed weights + witness x witness MACs + element-wise outputs) / advice)):
// a fit to zkml's Twitter circuit (k = 25); distilled GPT-2 comes out at 26 against zkml's 25.
unsigned EstimateHalo2K(const Model& m, unsigned advice);

// Throws std::runtime_error naming the layer for an op the lowering does not know.
Trace LowerTensorPlonk(const Model& m, const TensorPlonkOptions& o = {});
Trace LowerHalo2(const Model& m, const Halo2Options& o = {});
// style: "tensorplonk" | "halo2" (throws on anything else).
Trace Lower(const Model& m, const std::string& style);

}  // namespace zkacc::models
