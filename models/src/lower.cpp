// SPDX-License-Identifier: Apache-2.0
#include "zkacc/models/lower.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace zkacc::models {
namespace {

constexpr uint64_t kElementBytes = 32;        // one BN254 Fr element
constexpr uint64_t kQuotientMulsPerRow = 16;  // gate + permutation identities per coset row
constexpr unsigned kDefaultAdvice = 10;

uint64_t NextPow2(uint64_t x) {
  uint64_t p = 2;
  while (p < x) p <<= 1;
  return p;
}

unsigned CeilLog2(uint64_t x) {
  unsigned k = 0;
  while ((uint64_t{1} << k) < x) ++k;
  return k;
}

const std::set<std::string>& FreeOps() {
  static const std::set<std::string> kFree = {
      "reshape", "transpose", "slice", "pack",   "split",   "concatenation", "broadcast",
      "permute", "pad",       "noop",  "rotate", "squeeze", "expand_dims"};
  return kFree;
}

// How a layer is proven in the TensorPlonk style: lookups (each of `lookup_n` values) and
// Plonk gates. Matrix products with fixed weights are handled by cqlin separately.
struct LayerCost {
  unsigned lookups = 0;
  uint64_t lookup_n = 0;
  uint64_t gates = 0;
};

LayerCost CostOf(const Layer& l, const std::string& where) {
  LayerCost c;
  const std::string& op = l.op;
  if (FreeOps().count(op)) return c;
  if (l.IsMatrixProduct()) {
    if (l.weights != "fixed") c.gates = l.Macs();  // witness x witness: gates
    c.lookups = 1;                                 // rescale (+ fused activation)
    c.lookup_n = l.OutElements();
  } else if (op == "mul" || op == "square" || op == "squareddifference") {
    c.gates = l.elements;
    c.lookups = 1;  // rescale
    c.lookup_n = l.elements;
  } else if (op == "add" || op == "sub" || op == "maskneginf") {
    c.gates = l.elements;
  } else if (op == "mean" || op == "averagepool2d") {
    c.gates = l.in_elements;
    c.lookups = 1;  // division by a constant
    c.lookup_n = l.elements;
  } else if (op == "divvar") {
    c.gates = l.elements;
    c.lookups = 1;  // rounded division: range of the remainder
    c.lookup_n = l.elements;
  } else if (op == "nonlinear") {
    c.lookups = l.fn == "softmax" ? 2 : 1;  // softmax: exp, then the division by the sum
    c.lookup_n = l.elements;
    c.gates = l.fn == "softmax" ? l.elements : 0;
  } else {
    throw std::runtime_error(where + ": op \"" + op + "\" is not known to the lowering");
  }
  return c;
}

Op Msm(const std::string& label, const std::string& phase, uint64_t n, ScalarKind s, unsigned bits,
       std::vector<uint32_t> deps, bool sparse = false, double nonzero = 1.0) {
  Op op;
  op.kind = OpKind::kMsm;
  op.label = label;
  op.phase = phase;
  op.n = n;
  op.scalars = s;
  op.scalar_bits = s == ScalarKind::kDense ? 254 : s == ScalarKind::kBinary ? 1 : bits;
  op.nonzero = nonzero;
  op.sparse = sparse;
  op.deps = std::move(deps);
  return op;
}

Op Ntt(const std::string& label, const std::string& phase, uint64_t n, bool inverse, bool coset,
       std::vector<uint32_t> deps) {
  Op op;
  op.kind = OpKind::kNtt;
  op.label = label;
  op.phase = phase;
  op.n = n;
  op.inverse = inverse;
  op.coset = coset;
  op.deps = std::move(deps);
  return op;
}

Op Field(const std::string& label, const std::string& phase, uint64_t n, uint64_t muls,
         uint64_t inversions, std::vector<uint32_t> deps) {
  Op op;
  op.kind = OpKind::kField;
  op.label = label;
  op.phase = phase;
  op.n = n;
  op.muls = muls;
  op.inversions = inversions;
  op.deps = std::move(deps);
  return op;
}

Op Transfer(const std::string& label, uint64_t bytes, bool to_device) {
  Op op;
  op.kind = OpKind::kTransfer;
  op.label = label;
  op.phase = "io";
  op.bytes = bytes;
  op.to_device = to_device;
  return op;
}

// cq (Eagen, Fiore, Gabizon 2022) for n witness values against a table of size table.
uint32_t AddCq(Trace* t, const std::string& name, uint64_t n, uint64_t table, uint32_t input) {
  const uint64_t np = NextPow2(n);
  const uint64_t sparse_n = std::min(n, table);
  Op h;
  h.kind = OpKind::kHistogram;
  h.label = name + ".histogram";
  h.phase = "cq";
  h.n = n;
  h.table_size = table;
  h.deps = {input};
  const uint32_t hist = t->Add(h);
  const uint32_t m =
      t->Add(Msm(name + ".m", "cq", sparse_n, ScalarKind::kSmall, CeilLog2(n + 1), {hist}, true));
  const uint32_t inv = t->Add(Field(name + ".inverses", "cq", 2 * n, 3 * 2 * n, 2 * n, {m}));
  for (const char* s : {".A", ".Q_A", ".A0"}) {
    t->Add(Msm(name + s, "cq", sparse_n, ScalarKind::kDense, 254, {inv}, true));
  }
  const uint32_t b = t->Add(Ntt(name + ".B.intt", "cq", np, true, false, {inv}));
  const uint32_t q = t->Add(Ntt(name + ".Q_B.ntt", "cq", 2 * np, false, true, {b}));
  uint32_t last = q;
  for (const char* s : {".B", ".Q_B", ".B0", ".P"}) {
    last = t->Add(Msm(name + s, "cq", np, ScalarKind::kDense, 254, {q}));
  }
  return last;
}

// cqlin (Eagen, Gabizon 2023) for a product of r x m witness by a fixed m x n matrix.
void AddCqlin(Trace* t, const std::string& name, uint64_t rm, uint64_t rn, unsigned bits,
              double in_nonzero, uint32_t input) {
  const uint32_t x =
      t->Add(Msm(name + ".x", "cqlin", rm, ScalarKind::kSmall, bits, {input}, false, in_nonzero));
  const uint32_t y = t->Add(Msm(name + ".y", "cqlin", rn, ScalarKind::kSmall, bits, {input}));
  for (int i = 0; i < 7; ++i) {
    t->Add(Msm(name + ".m" + std::to_string(i), "cqlin", rm, ScalarKind::kDense, 254, {x, y}));
  }
  t->Add(Msm(name + ".n", "cqlin", rn, ScalarKind::kDense, 254, {x, y}));
}

// Plonk (Gabizon, Williamson, Ciobotaru 2019, section 8.3) for G gates.
void AddPlonk(Trace* t, uint64_t gates, unsigned bits, uint32_t input) {
  const uint64_t n = NextPow2(gates);
  const std::string p = "plonk";
  std::vector<uint32_t> r1;
  for (const char* w : {"a", "b", "c"}) {
    const uint32_t i = t->Add(Ntt(p + ".r1." + w + ".intt", "plonk", n, true, false, {input}));
    r1.push_back(t->Add(Msm(p + ".r1." + w, "plonk", n, ScalarKind::kSmall, bits, {input})));
    r1.push_back(i);
  }
  const uint32_t zf = t->Add(Field(p + ".r2.z.products", "plonk", n, 9 * n, n, r1));
  const uint32_t zi = t->Add(Ntt(p + ".r2.z.intt", "plonk", n, true, false, {zf}));
  const uint32_t z = t->Add(Msm(p + ".r2.z", "plonk", n, ScalarKind::kDense, 254, {zi}));
  std::vector<uint32_t> cos;
  for (const char* w : {"a", "b", "c", "z"}) {
    cos.push_back(t->Add(Ntt(p + ".r3." + w + ".coset", "plonk", 4 * n, false, true, {z})));
  }
  const uint32_t tf =
      t->Add(Field(p + ".r3.t.eval", "plonk", 4 * n, kQuotientMulsPerRow * 4 * n, 0, cos));
  const uint32_t ti = t->Add(Ntt(p + ".r3.t.intt", "plonk", 4 * n, true, true, {tf}));
  std::vector<uint32_t> r3;
  for (const char* s : {"lo", "mid", "hi"}) {
    r3.push_back(t->Add(Msm(p + ".r3.t_" + s, "plonk", n, ScalarKind::kDense, 254, {ti})));
  }
  const uint32_t ev = t->Add(Field(p + ".r4.evaluations", "plonk", n, 7 * n, 0, r3));
  for (const char* s : {"W_z", "W_zw"}) {
    t->Add(Msm(p + ".r5." + s, "plonk", n, ScalarKind::kDense, 254, {ev}));
  }
}

}  // namespace

unsigned TensorPlonkActivationBits(const Model& m, const TensorPlonkOptions& o) {
  if (o.activation_bits) return o.activation_bits;
  if (m.scale_factor > 1) return CeilLog2(m.scale_factor) + 2;
  return 16;
}

unsigned EstimateHalo2K(const Model& m, unsigned advice) {
  uint64_t cells = 0;
  for (const Layer& l : m.layers) {
    if (l.IsMatrixProduct()) {
      cells += l.weights == "fixed" ? l.in_features * l.out_features : l.Macs();
    } else if (!FreeOps().count(l.op)) {
      cells += l.elements;
    }
  }
  return std::max(CeilLog2(4 * cells / std::max(1u, advice)), 10u);
}

Trace LowerTensorPlonk(const Model& m, const TensorPlonkOptions& o) {
  Trace t;
  t.model = m.name;
  t.style = "tensorplonk";
  const unsigned bits = TensorPlonkActivationBits(m, o);
  const uint64_t table = uint64_t{1} << o.table_bits;
  t.assumptions = {{"activation_bits", bits},
                   {"table_bits", o.table_bits},
                   {"relu_nonzero", o.relu_nonzero},
                   {"lookup",
                    "cq: histogram, 4 sparse MSMs (1 small), 2n inversions, NTT n and "
                    "2n, 4 dense MSMs of n"},
                   {"matmul", "cqlin: input and output commitments, 7 MSMs of r*m, 1 of r*n"},
                   {"plonk", "GWC19 round costs over the element-wise gates"}};

  // The witness (model input and every layer's output) is uploaded once.
  uint64_t witness = m.layers.empty() ? 0 : m.layers.front().in_elements;
  for (const Layer& l : m.layers) {
    if (!FreeOps().count(l.op)) witness += l.OutElements();
  }
  const uint32_t upload = t.Add(Transfer("witness.upload", witness * kElementBytes, true));

  uint64_t gates = 0;
  bool relu_before = false;
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const Layer& l = m.layers[i];
    const std::string name =
        "L" + std::to_string(i) + "." + l.op + (l.fn.empty() ? "" : "." + l.fn);
    const LayerCost c = CostOf(l, t.model + ": layer " + std::to_string(i));
    if (FreeOps().count(l.op)) continue;
    if (l.IsMatrixProduct() && l.weights == "fixed") {
      AddCqlin(&t, name + ".cqlin", l.rows * l.in_features, l.rows * l.out_features, bits,
               relu_before ? o.relu_nonzero : 1.0, upload);
    }
    gates += c.gates;
    for (unsigned j = 0; j < c.lookups; ++j) {
      AddCq(&t, name + ".cq" + (c.lookups > 1 ? std::to_string(j) : ""), c.lookup_n, table, upload);
    }
    relu_before = !l.activation.empty() && l.activation.rfind("relu", 0) == 0;
  }
  if (gates > 0) AddPlonk(&t, gates, bits, upload);
  t.assumptions["plonk_gates"] = gates;
  t.Add(Transfer("proof.download", 4096, false));
  return t;
}

Trace LowerHalo2(const Model& m, const Halo2Options& o) {
  Trace t;
  t.model = m.name;
  t.style = "halo2";
  const unsigned advice = o.advice ? o.advice : m.halo2_columns ? m.halo2_columns : kDefaultAdvice;
  const unsigned k = o.k ? o.k : m.halo2_k ? m.halo2_k : EstimateHalo2K(m, advice);
  const unsigned lookups = o.lookups ? o.lookups : advice;
  const unsigned d = std::max(3u, o.max_degree);
  const unsigned ext = CeilLog2(d - 1);
  const unsigned perm_cols = advice + o.instance + 1;  // + the constants' fixed column
  const unsigned chunk = d - 2;
  const unsigned chunks = (perm_cols + chunk - 1) / chunk;
  const unsigned bits =
      o.activation_bits ? o.activation_bits : TensorPlonkActivationBits(m, TensorPlonkOptions{});
  const uint64_t n = uint64_t{1} << k;
  const uint64_t big = uint64_t{1} << (k + ext);
  t.assumptions = {{"k", k},
                   {"k_source", o.k         ? "option"
                                : m.halo2_k ? "zkml circuit_hint"
                                            : "estimate"},
                   {"advice", advice},
                   {"instance", o.instance},
                   {"lookups", lookups},
                   {"max_degree", d},
                   {"ext", ext},
                   {"permutation_columns", perm_cols},
                   {"permutation_chunks", chunks},
                   {"opening_msms", o.opening_msms},
                   {"activation_bits", bits}};

  const uint32_t upload =
      t.Add(Transfer("witness.upload", uint64_t{advice} * n * kElementBytes, true));
  std::vector<uint32_t> advice_ops;
  for (unsigned a = 0; a < advice; ++a) {
    const std::string s = "advice" + std::to_string(a);
    advice_ops.push_back(t.Add(Msm(s, "advice", n, ScalarKind::kSmall, bits, {upload})));
    advice_ops.push_back(t.Add(Ntt(s + ".intt", "advice", n, true, false, {upload})));
  }
  for (unsigned i = 0; i < o.instance; ++i) {
    advice_ops.push_back(
        t.Add(Ntt("instance" + std::to_string(i) + ".intt", "advice", n, true, false, {upload})));
  }
  std::vector<uint32_t> round2;
  for (unsigned l = 0; l < lookups; ++l) {
    const std::string s = "lookup" + std::to_string(l);
    std::vector<uint32_t> perm;
    for (const char* c : {".A'", ".S'"}) {
      perm.push_back(t.Add(Msm(s + c, "lookup", n, ScalarKind::kSmall, bits, advice_ops)));
      perm.push_back(t.Add(Ntt(s + c + ".intt", "lookup", n, true, false, advice_ops)));
    }
    const uint32_t f = t.Add(Field(s + ".Z.products", "lookup", n, 4 * n, n, perm));
    round2.push_back(t.Add(Msm(s + ".Z", "lookup", n, ScalarKind::kDense, 254, {f})));
    round2.push_back(t.Add(Ntt(s + ".Z.intt", "lookup", n, true, false, {f})));
  }
  for (unsigned c = 0; c < chunks; ++c) {
    const std::string s = "permutation" + std::to_string(c);
    const uint32_t f =
        t.Add(Field(s + ".Z.products", "permutation", n, 2 * chunk * n, n, advice_ops));
    round2.push_back(t.Add(Msm(s + ".Z", "permutation", n, ScalarKind::kDense, 254, {f})));
    round2.push_back(t.Add(Ntt(s + ".Z.intt", "permutation", n, true, false, {f})));
  }
  round2.push_back(
      t.Add(Msm("vanishing.random", "vanishing", n, ScalarKind::kDense, 254, advice_ops)));
  const unsigned coset_polys = advice + o.instance + 3 * lookups + chunks;
  std::vector<uint32_t> cosets;
  for (unsigned p = 0; p < coset_polys; ++p) {
    cosets.push_back(
        t.Add(Ntt("quotient.coset" + std::to_string(p), "quotient", big, false, true, round2)));
  }
  const uint32_t h =
      t.Add(Field("quotient.h.eval", "quotient", big, kQuotientMulsPerRow * big, 0, cosets));
  const uint32_t hi = t.Add(Ntt("quotient.h.intt", "quotient", big, true, true, {h}));
  std::vector<uint32_t> pieces;
  for (unsigned p = 0; p + 1 < d; ++p) {
    pieces.push_back(
        t.Add(Msm("quotient.h" + std::to_string(p), "quotient", n, ScalarKind::kDense, 254, {hi})));
  }
  const uint32_t ev =
      t.Add(Field("evaluations", "opening", n, uint64_t{coset_polys + d} * n, 0, pieces));
  for (unsigned i = 0; i < o.opening_msms; ++i) {
    t.Add(Msm("opening" + std::to_string(i), "opening", n, ScalarKind::kDense, 254, {ev}));
  }
  t.Add(Transfer("proof.download", 4096, false));
  return t;
}

Trace Lower(const Model& m, const std::string& style) {
  if (style == "tensorplonk") return LowerTensorPlonk(m);
  if (style == "halo2") return LowerHalo2(m);
  throw std::runtime_error("unknown proof style \"" + style + "\" (tensorplonk, halo2)");
}

}  // namespace zkacc::models
