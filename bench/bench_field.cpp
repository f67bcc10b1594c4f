// SPDX-License-Identifier: Apache-2.0
//
// Field multiplication and squaring: a dependent chain (latency, what ffiasm and mcl report) and
// eight independent chains (throughput).
#include <benchmark/benchmark.h>

#include <random>

#include "zkacc/params.h"

using namespace zkacc;

namespace {

template <class F>
F Random(std::mt19937_64& rng) {
  typename F::Repr v;
  for (auto& l : v) l = rng();
  v[F::kLimbs - 1] &= (uint64_t{1} << (F::kBits - 64 * (F::kLimbs - 1) - 1)) - 1;
  return F::FromCanonical(v);
}

template <class F>
void BM_Mul(benchmark::State& state) {
  std::mt19937_64 rng(1);
  F x = Random<F>(rng);
  const F y = Random<F>(rng);
  for (auto _ : state) {
    x = x * y;
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}

template <class F>
void BM_Square(benchmark::State& state) {
  std::mt19937_64 rng(2);
  F x = Random<F>(rng);
  for (auto _ : state) {
    x = x.Square();
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}

template <class F>
void BM_MulThroughput(benchmark::State& state) {
  std::mt19937_64 rng(3);
  F x[8];
  for (auto& e : x) e = Random<F>(rng);
  const F y = Random<F>(rng);
  for (auto _ : state) {
    for (auto& e : x) e = e * y;
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations() * 8);
}

template <class F>
void BM_Add(benchmark::State& state) {
  std::mt19937_64 rng(4);
  F x = Random<F>(rng);
  const F y = Random<F>(rng);
  for (auto _ : state) {
    x = x + y;
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}

template <class F>
void BM_Inverse(benchmark::State& state) {
  std::mt19937_64 rng(5);
  F x = Random<F>(rng);
  for (auto _ : state) {
    x = x.Inverse();
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK_TEMPLATE(BM_Mul, bn254::Fr);
BENCHMARK_TEMPLATE(BM_Mul, bn254::Fq);
BENCHMARK_TEMPLATE(BM_Mul, bls12_381::Fq);
BENCHMARK_TEMPLATE(BM_Mul, bls12_381::Fr);
BENCHMARK_TEMPLATE(BM_Square, bn254::Fr);
BENCHMARK_TEMPLATE(BM_Square, bls12_381::Fq);
BENCHMARK_TEMPLATE(BM_MulThroughput, bn254::Fr);
BENCHMARK_TEMPLATE(BM_MulThroughput, bls12_381::Fq);
BENCHMARK_TEMPLATE(BM_Add, bn254::Fr);
BENCHMARK_TEMPLATE(BM_Inverse, bn254::Fr);
