// SPDX-License-Identifier: Apache-2.0
//
// CPU reference of quantized layers, table activations and lookup multiplicities (quant.h).
#include "zkacc/quant.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "zkacc/parallel.h"

namespace zkacc::quant {

void RequantParams::Validate() const {
  if (scale > 0xffff) {
    throw std::invalid_argument("requantization scale " + std::to_string(scale) +
                                " out of range (0 .. 65535)");
  }
  if (shift > 47) {
    throw std::invalid_argument("requantization shift " + std::to_string(shift) +
                                " out of range (0 .. 47)");
  }
  if (idx_max > 0xffff) {
    throw std::invalid_argument("table index range: idx_max " + std::to_string(idx_max) +
                                " out of range (0 .. 65535: tables of up to 2^16 entries)");
  }
}

uint32_t Requantize(int32_t acc, const RequantParams& rq) {
  const int64_t p = static_cast<int64_t>(acc) * static_cast<int64_t>(rq.scale);
  const int64_t round = rq.shift > 0 ? (int64_t{1} << (rq.shift - 1)) : 0;
  const int64_t q = ((p + round) >> rq.shift) + rq.offset;  // arithmetic shift: floor
  if (q < 0) return 0;
  if (q > static_cast<int64_t>(rq.idx_max)) return rq.idx_max;
  return static_cast<uint32_t>(q);
}

void LayerShape::Validate() const {
  if (batch == 0 || k == 0 || n == 0) {
    throw std::invalid_argument("layer shape " + std::to_string(batch) + "x" + std::to_string(k) +
                                "x" + std::to_string(n) + ": every size must be at least 1");
  }
  if (Macs() >= (uint64_t{1} << 40)) {
    throw std::invalid_argument("layer shape too large (batch * k * n >= 2^40)");
  }
}

MatmulResult Matmul(const LayerShape& shape, const std::vector<int8_t>& w,
                    const std::vector<int8_t>& x, const std::vector<int32_t>& bias,
                    const RequantParams& rq, int threads) {
  shape.Validate();
  rq.Validate();
  const auto need = [](const char* what, size_t got, size_t want) {
    if (got != want) {
      throw std::invalid_argument(std::string(what) + " has " + std::to_string(got) +
                                  " elements, the shape needs " + std::to_string(want));
    }
  };
  need("W", w.size(), shape.n * shape.k);
  need("x", x.size(), shape.batch * shape.k);
  need("bias", bias.size(), shape.n);
  MatmulResult r;
  r.acc.resize(shape.batch * shape.n);
  r.idx.resize(shape.batch * shape.n);
  ParallelFor(shape.batch, threads, [&](size_t v) {
    for (size_t o = 0; o < shape.n; ++o) {
      int32_t acc = bias[o];
      for (size_t i = 0; i < shape.k; ++i) {
        acc += static_cast<int32_t>(w[o * shape.k + i]) * static_cast<int32_t>(x[v * shape.k + i]);
      }
      r.acc[v * shape.n + o] = acc;
      r.idx[v * shape.n + o] = Requantize(acc, rq);
    }
  });
  return r;
}

TableKind ParseTableKind(const std::string& name) {
  if (name == "relu") return TableKind::kRelu;
  if (name == "gelu") return TableKind::kGelu;
  if (name == "sigmoid") return TableKind::kSigmoid;
  throw std::invalid_argument("unknown table '" + name + "' (relu, gelu or sigmoid)");
}

const char* TableKindName(TableKind kind) {
  switch (kind) {
    case TableKind::kRelu: return "relu";
    case TableKind::kGelu: return "gelu";
    case TableKind::kSigmoid: return "sigmoid";
  }
  return "?";
}

Table MakeTable(TableKind kind, size_t entries, int32_t offset, double in_scale,
                double out_scale) {
  if (entries == 0 || entries > 65536) {
    throw std::invalid_argument("table of " + std::to_string(entries) +
                                " entries: 1 .. 65536 supported");
  }
  Table t;
  t.kind = kind;
  t.values.resize(entries);
  for (size_t i = 0; i < entries; ++i) {
    const double q = static_cast<double>(static_cast<int64_t>(i) - offset);
    double f = 0;
    switch (kind) {
      case TableKind::kRelu: f = std::max(q, 0.0); break;
      case TableKind::kGelu: f = q * 0.5 * (1.0 + std::erf(q / in_scale / std::sqrt(2.0))); break;
      case TableKind::kSigmoid: f = out_scale / (1.0 + std::exp(-q / in_scale)); break;
    }
    t.values[i] = static_cast<int8_t>(std::clamp(std::lround(f), -128L, 127L));
  }
  return t;
}

std::vector<uint32_t> Histogram(const std::vector<uint32_t>& indices, size_t entries) {
  std::vector<uint32_t> counts(entries, 0);
  for (size_t j = 0; j < indices.size(); ++j) {
    if (indices[j] >= entries) {
      throw std::invalid_argument("index " + std::to_string(indices[j]) + " at position " +
                                  std::to_string(j) + " is outside the table of " +
                                  std::to_string(entries) + " entries");
    }
    ++counts[indices[j]];
  }
  return counts;
}

std::vector<int8_t> Activate(const std::vector<uint32_t>& idx, const Table& table) {
  std::vector<int8_t> out(idx.size());
  for (size_t j = 0; j < idx.size(); ++j) {
    if (idx[j] >= table.values.size()) {
      throw std::invalid_argument("index " + std::to_string(idx[j]) + " outside the table of " +
                                  std::to_string(table.values.size()) + " entries");
    }
    out[j] = table.values[idx[j]];
  }
  return out;
}

bn254::Fr FrOfInt(int64_t v) {
  const bn254::Fr m = bn254::Fr::FromU64(static_cast<uint64_t>(v < 0 ? -v : v));
  return v < 0 ? -m : m;
}

std::vector<bn254::Fr> FrOfCounts(const std::vector<uint32_t>& counts) {
  std::vector<bn254::Fr> out(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) out[i] = bn254::Fr::FromU64(counts[i]);
  return out;
}

std::vector<bn254::Fr> FrOfValues(const std::vector<int8_t>& values) {
  std::vector<bn254::Fr> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) out[i] = FrOfInt(values[i]);
  return out;
}

IndexDist ParseIndexDist(const std::string& name) {
  if (name == "uniform") return IndexDist::kUniform;
  if (name == "equal") return IndexDist::kEqual;
  if (name == "zipf") return IndexDist::kZipf;
  throw std::invalid_argument("unknown index distribution '" + name +
                              "' (uniform, equal or zipf)");
}

const char* IndexDistName(IndexDist dist) {
  switch (dist) {
    case IndexDist::kUniform: return "uniform";
    case IndexDist::kEqual: return "equal";
    case IndexDist::kZipf: return "zipf";
  }
  return "?";
}

std::vector<uint32_t> RandomIndices(size_t count, size_t entries, IndexDist dist,
                                    std::mt19937_64& rng, double zipf_s) {
  if (entries == 0 || entries > (size_t{1} << 32)) {
    throw std::invalid_argument("index range of " + std::to_string(entries) + " entries");
  }
  std::vector<uint32_t> out(count);
  std::uniform_int_distribution<uint64_t> uni(0, entries - 1);
  switch (dist) {
    case IndexDist::kUniform:
      for (auto& v : out) v = static_cast<uint32_t>(uni(rng));
      break;
    case IndexDist::kEqual: {
      const auto v = static_cast<uint32_t>(uni(rng));
      std::fill(out.begin(), out.end(), v);
      break;
    }
    case IndexDist::kZipf: {
      // Ranks over at most 2^16 entries (the tail beyond is negligible), mapped to random
      // distinct indices.
      const size_t ranks = std::min<size_t>(entries, 65536);
      std::vector<double> cdf(ranks);
      double sum = 0;
      for (size_t r = 0; r < ranks; ++r) cdf[r] = (sum += 1.0 / std::pow(r + 1.0, zipf_s));
      std::vector<uint32_t> perm(ranks);
      for (size_t r = 0; r < ranks; ++r) perm[r] = static_cast<uint32_t>(uni(rng));
      std::uniform_real_distribution<double> u(0.0, sum);
      for (auto& v : out) {
        const size_t r = std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin();
        v = perm[std::min(r, ranks - 1)];
      }
      break;
    }
  }
  return out;
}

std::vector<int8_t> RandomInt8(size_t count, std::mt19937_64& rng, bool extreme) {
  std::vector<int8_t> out(count);
  for (auto& v : out) {
    if (extreme) {
      const uint64_t r = rng() % 3;
      v = static_cast<int8_t>(r == 0 ? -128 : (r == 1 ? 127 : 0));
    } else {
      v = static_cast<int8_t>(static_cast<int>(rng() & 0xff) - 128);
    }
  }
  return out;
}

}  // namespace zkacc::quant
