// SPDX-License-Identifier: Apache-2.0
//
// NTT against a direct O(n^2) evaluation written here, round trips, and size errors.
#include <catch2/catch.hpp>

#include <vector>

#include "test_util.h"
#include "zkacc/ntt.h"

using namespace zkacc;
using Fr = bn254::Fr;

namespace {

// X_j = sum_k x_k (shift * w^j)^k, the definition.
std::vector<Fr> DirectDft(const std::vector<Fr>& x, const Fr& w, const Fr& shift) {
  const size_t n = x.size();
  std::vector<Fr> out(n);
  Fr point = shift;
  for (size_t j = 0; j < n; ++j) {
    Fr acc = Fr::Zero();  // Horner
    for (size_t k = n; k-- > 0;) acc = acc * point + x[k];
    out[j] = acc;
    point *= w;
  }
  return out;
}

std::vector<Fr> RandomVector(std::mt19937_64& rng, size_t n) {
  std::vector<Fr> v(n);
  for (auto& e : v) e = test::RandomField<Fr>(rng);
  return v;
}

}  // namespace

TEST_CASE("ntt: roots of unity have the right order", "[ntt]") {
  for (unsigned k = 1; k <= 28; ++k) {
    const size_t n = size_t{1} << k;
    const Fr w = RootOfUnity<Fr>(n);
    REQUIRE(w.Pow(uint64_t{n}) == Fr::One());
    REQUIRE(w.Pow(uint64_t{n / 2}) == -Fr::One());
  }
}

TEST_CASE("ntt: forward and coset transforms match the direct evaluation", "[ntt]") {
  auto rng = test::Rng("ntt direct");
  const Fr g = Fr::FromU64(5);
  for (unsigned k = 0; k <= 9; ++k) {
    const size_t n = size_t{1} << k;
    const std::vector<Fr> x = RandomVector(rng, n);
    const Fr w = n == 1 ? Fr::One() : RootOfUnity<Fr>(n);
    for (bool coset : {false, true}) {
      std::vector<Fr> y = x;
      NttConfig cfg;
      cfg.coset = coset;
      Ntt(y.data(), n, NttDirection::kForward, cfg);
      INFO("n " << n << " coset " << coset);
      REQUIRE(y == DirectDft(x, w, coset ? g : Fr::One()));
      // The inverse recovers x.
      Ntt(y.data(), n, NttDirection::kInverse, cfg);
      REQUIRE(y == x);
    }
  }
}

TEST_CASE("ntt: round trips on large sizes and any thread count", "[ntt]") {
  auto rng = test::Rng("ntt roundtrip");
  for (unsigned k : {12u, 13u, 15u, 17u}) {
    const size_t n = size_t{1} << k;
    const std::vector<Fr> x = RandomVector(rng, n);
    for (int threads : {1, 2, 3}) {
      for (bool coset : {false, true}) {
        NttConfig cfg;
        cfg.threads = threads;
        cfg.coset = coset;
        std::vector<Fr> y = x;
        Ntt(y.data(), n, NttDirection::kForward, cfg);
        // Spot-check a few outputs against the definition.
        const Fr w = RootOfUnity<Fr>(n);
        for (size_t j : {size_t{0}, size_t{1}, n / 3, n - 1}) {
          Fr point = w.Pow(uint64_t{j});
          if (coset) point *= Fr::FromU64(5);
          Fr acc = Fr::Zero();
          for (size_t i = n; i-- > 0;) acc = acc * point + x[i];
          INFO("n " << n << " j " << j << " threads " << threads << " coset " << coset);
          REQUIRE(y[j] == acc);
        }
        Ntt(y.data(), n, NttDirection::kInverse, cfg);
        REQUIRE(y == x);
      }
    }
  }
}

TEST_CASE("ntt: 2^24 round trip with spot checks", "[ntt][long]") {
  auto rng = test::Rng("ntt 2^24");
  const size_t n = size_t{1} << 24;
  std::vector<Fr> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = Fr::FromU64(rng()) * Fr::FromU64(i + 1);
  std::vector<Fr> y = x;
  Ntt(y.data(), n, NttDirection::kForward);
  const Fr w = RootOfUnity<Fr>(n);
  for (size_t j : {size_t{0}, size_t{12345}, n - 1}) {
    const Fr point = w.Pow(uint64_t{j});
    Fr acc = Fr::Zero();
    for (size_t i = n; i-- > 0;) acc = acc * point + x[i];
    REQUIRE(y[j] == acc);
  }
  Ntt(y.data(), n, NttDirection::kInverse);
  REQUIRE(y == x);
}

TEST_CASE("ntt: sizes that are not powers of two or too large are rejected", "[ntt][errors]") {
  std::vector<Fr> v(12);
  REQUIRE_THROWS_WITH(Ntt(v.data(), 12, NttDirection::kForward),
                      Catch::Contains("size 12 is not a power of two"));
  REQUIRE_THROWS_WITH(Ntt(v.data(), 0, NttDirection::kForward),
                      Catch::Contains("not a power of two"));
  REQUIRE_THROWS_WITH(Ntt(v.data(), size_t{1} << 29, NttDirection::kForward),
                      Catch::Contains("2-adicity"));
  REQUIRE_THROWS_WITH(RootOfUnity<Fr>(3), Catch::Contains("not a power of two"));
}
