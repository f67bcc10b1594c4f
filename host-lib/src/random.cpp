// SPDX-License-Identifier: Apache-2.0
#include "zkacc/random.h"

#include <cstdlib>
#include <functional>
#include <iostream>
#include <stdexcept>

#include "zkacc/parallel.h"

namespace zkacc {

uint64_t ReplayableSeed() {
  static const uint64_t seed = [] {
    uint64_t s;
    if (const char* env = std::getenv("ZKACC_SEED")) {
      s = std::stoull(env, nullptr, 0);
    } else {
      s = (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
    }
    std::cerr << "zkacc: seed " << s << " (replay with ZKACC_SEED=" << s << ")\n";
    return s;
  }();
  return seed;
}

std::mt19937_64 SeededRng(const std::string& salt) {
  return std::mt19937_64(ReplayableSeed() ^ std::hash<std::string>{}(salt));
}

ScalarDist ParseScalarDist(const std::string& name) {
  if (name == "uniform") return ScalarDist::kUniform;
  if (name == "zkml") return ScalarDist::kZkml;
  if (name == "small16") return ScalarDist::kSmall16;
  throw std::invalid_argument("unknown scalar distribution '" + name +
                              "' (expected uniform, zkml or small16)");
}

const char* ScalarDistName(ScalarDist dist) {
  switch (dist) {
    case ScalarDist::kUniform: return "uniform";
    case ScalarDist::kZkml: return "zkml";
    case ScalarDist::kSmall16: return "small16";
  }
  return "?";
}

template <class C>
RandomPoints<C> MakeRandomPoints(size_t n, uint64_t seed, int threads) {
  using Fr = typename C::Fr;
  using J = Jacobian<C>;
  constexpr size_t kDigit = 1024;
  std::mt19937_64 rng(seed);
  const J g = J::FromAffine(Affine<C>::Generator());
  const size_t top = n / (kDigit * kDigit) + 1;
  const size_t table_len[3] = {std::min(n, kDigit), std::min((n + kDigit - 1) / kDigit, kDigit),
                               top};
  std::vector<Fr> logs[3];
  std::vector<Affine<C>> tables[3];
  for (int t = 0; t < 3; ++t) {
    logs[t].resize(table_len[t]);
    for (auto& k : logs[t]) k = Fr::FromCanonicalUnchecked(RandomBelow(rng, Fr::kModulus));
  }
  for (int t = 0; t < 3; ++t) {
    std::vector<J> jac(table_len[t]);
    ParallelFor(jac.size(), threads, [&](size_t i) { jac[i] = g.Mul(logs[t][i].ToCanonical()); });
    tables[t].resize(jac.size());
    BatchToAffine(jac.data(), tables[t].data(), jac.size());
  }
  RandomPoints<C> out;
  out.points.resize(n);
  out.dlogs.resize(n);
  const size_t block = 1 << 14;
  ParallelFor((n + block - 1) / block, threads, [&](size_t b) {
    const size_t lo = b * block;
    const size_t hi = std::min(n, lo + block);
    std::vector<J> jac(hi - lo);
    for (size_t i = lo; i < hi; ++i) {
      const size_t a = i % kDigit, bb = (i / kDigit) % kDigit, c = i / (kDigit * kDigit);
      J p = J::FromAffine(tables[0][a]);
      if (n > kDigit) p = p.AddMixed(tables[1][bb]);
      if (n > kDigit * kDigit) p = p.AddMixed(tables[2][c]);
      jac[i - lo] = p;
      Fr k = logs[0][a];
      if (n > kDigit) k += logs[1][bb];
      if (n > kDigit * kDigit) k += logs[2][c];
      out.dlogs[i] = k;
    }
    BatchToAffine(jac.data(), out.points.data() + lo, jac.size());
  });
  return out;
}

template <class C>
std::vector<Scalar> MakeRandomScalars(size_t n, ScalarDist dist, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const Scalar r = C::Fr::kModulus;
  std::vector<Scalar> s(n);
  for (auto& x : s) {
    switch (dist) {
      case ScalarDist::kUniform: x = RandomBelow(rng, r); break;
      case ScalarDist::kSmall16: x = Scalar{rng() & 0xffff, 0, 0, 0}; break;
      case ScalarDist::kZkml: {
        const uint64_t u = rng() % 100;
        if (u < 45) x = Scalar{};
        else if (u < 70) x = Scalar{1, 0, 0, 0};
        else if (u < 85) x = Scalar{rng() & 0xff, 0, 0, 0};
        else if (u < 99) x = Scalar{rng() & 0xffff, 0, 0, 0};
        else x = RandomBelow(rng, r);
        break;
      }
    }
  }
  return s;
}

template RandomPoints<Bn254G1> MakeRandomPoints(size_t, uint64_t, int);
template RandomPoints<Bls12381G1> MakeRandomPoints(size_t, uint64_t, int);
template std::vector<Scalar> MakeRandomScalars<Bn254G1>(size_t, ScalarDist, uint64_t);
template std::vector<Scalar> MakeRandomScalars<Bls12381G1>(size_t, ScalarDist, uint64_t);

}  // namespace zkacc
