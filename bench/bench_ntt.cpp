// SPDX-License-Identifier: Apache-2.0
//
// BN254 Fr NTT, 2^12..2^22, 1 and 2 threads; inverse and coset at 2^20. Twiddle tables are
// cached per size (built on the first iteration, as a prover's domain would be).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "zkacc/ntt.h"

using namespace zkacc;
using Fr = bn254::Fr;

namespace {

std::vector<Fr> RandomVector(size_t n) {
  std::mt19937_64 rng(7);
  std::vector<Fr> v(n);
  for (auto& e : v) e = Fr::FromU64(rng()) * Fr::FromU64(rng());
  return v;
}

void BM_Ntt(benchmark::State& state, NttDirection dir, bool coset) {
  const size_t n = size_t{1} << state.range(0);
  std::vector<Fr> v = RandomVector(n);
  NttConfig cfg;
  cfg.threads = static_cast<int>(state.range(1));
  cfg.coset = coset;
  Ntt(v.data(), n, dir, cfg);  // warm the twiddle cache
  for (auto _ : state) {
    Ntt(v.data(), n, dir, cfg);
    benchmark::DoNotOptimize(v.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

}  // namespace

BENCHMARK_CAPTURE(BM_Ntt, forward, NttDirection::kForward, false)
    ->ArgsProduct({{12, 14, 16, 18, 20, 22}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Ntt, inverse, NttDirection::kInverse, false)
    ->ArgsProduct({{20}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Ntt, coset, NttDirection::kForward, true)
    ->ArgsProduct({{20}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
