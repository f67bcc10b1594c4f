// SPDX-License-Identifier: Apache-2.0
//
// CPU MSM: BN254 2^12..2^20 and BLS12-381 2^16 on 1 and 2 threads, uniform scalars; BN254 with
// zkML-like scalars. Arguments: {log2 n, threads}. Inputs are generated once per size.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "zkacc/random.h"

using namespace zkacc;

namespace {

template <class C>
struct Inputs {
  RandomPoints<C> points;
  std::vector<Scalar> scalars;
};

template <class C>
const Inputs<C>& GetInputs(unsigned log_n, ScalarDist dist) {
  static std::map<std::pair<unsigned, ScalarDist>, std::unique_ptr<Inputs<C>>> cache;
  auto& slot = cache[{log_n, dist}];
  if (!slot) {
    slot = std::make_unique<Inputs<C>>();
    slot->points = MakeRandomPoints<C>(size_t{1} << log_n, 42);
    slot->scalars = MakeRandomScalars<C>(size_t{1} << log_n, dist, 43);
  }
  return *slot;
}

template <class C, ScalarDist kDist>
void BM_Msm(benchmark::State& state) {
  const unsigned log_n = static_cast<unsigned>(state.range(0));
  const size_t n = size_t{1} << log_n;
  const Inputs<C>& in = GetInputs<C>(log_n, kDist);
  MsmConfig cfg;
  cfg.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    auto r = Msm(in.points.points.data(), in.scalars.data(), n, cfg);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.counters["threads"] = static_cast<double>(cfg.threads);
}

}  // namespace

BENCHMARK_TEMPLATE(BM_Msm, Bn254G1, ScalarDist::kUniform)
    ->ArgsProduct({{12, 16, 18, 20}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_TEMPLATE(BM_Msm, Bls12381G1, ScalarDist::kUniform)
    ->ArgsProduct({{12, 16}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_TEMPLATE(BM_Msm, Bn254G1, ScalarDist::kZkml)
    ->ArgsProduct({{16, 20}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
