// SPDX-License-Identifier: Apache-2.0
//
// The CPU reference of quantized layers, tables and multiplicities (zkacc/quant.h), against
// hand-computed values and independent recomputations; bad input gets a message.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_util.h"
#include "zkacc/params.h"
#include "zkacc/quant.h"

namespace zkacc {
namespace {

using quant::RequantParams;

TEST_CASE("quant: requantization rounds half up, shifts arithmetically and clamps",
          "[quant]") {
  // acc * scale = 10 * 3 = 30; (30 + 2) >> 2 = 8; + offset 5 = 13.
  CHECK(quant::Requantize(10, {3, 2, 5, 255}) == 13);
  // -30: (-30 + 2) >> 2 = -7 (floor of -7); + 5 = -2 -> clamped to 0.
  CHECK(quant::Requantize(-10, {3, 2, 5, 255}) == 0);
  CHECK(quant::Requantize(-10, {3, 2, 10, 255}) == 3);
  // Half up: 6 / 4 = 1.5 -> 2; -6 / 4 = -1.5 -> -1.
  CHECK(quant::Requantize(6, {1, 2, 100, 255}) == 102);
  CHECK(quant::Requantize(-6, {1, 2, 100, 255}) == 99);
  // No shift: no rounding term.
  CHECK(quant::Requantize(7, {1, 0, 0, 255}) == 7);
  // Saturation at both ends, with the widest product.
  CHECK(quant::Requantize(INT32_MAX, {65535, 0, 0, 65535}) == 65535);
  CHECK(quant::Requantize(INT32_MIN, {65535, 0, 0, 65535}) == 0);
  CHECK(quant::Requantize(INT32_MAX, {65535, 47, 0, 65535}) == 1);  // 2^47 / 2^47, rounded
  CHECK(quant::Requantize(1000, {1, 0, 0, 0}) == 0);
}

TEST_CASE("quant: matmul equals the definition on small and extreme layers", "[quant]") {
  // 2 x 3 times a batch of 2, by hand.
  const quant::LayerShape s{2, 3, 2};
  const std::vector<int8_t> w = {1, -2, 3, -128, 127, 0};  // W[0] = (1,-2,3), W[1] = (-128,127,0)
  const std::vector<int8_t> x = {4, 5, 6, -1, -1, -1};
  const std::vector<int32_t> bias = {10, -10};
  const quant::MatmulResult r = quant::Matmul(s, w, x, bias, {1, 0, 0, 65535});
  // v0: 4 - 10 + 18 + 10 = 22; -512 + 635 - 10 = 113. v1: -1 + 2 - 3 + 10 = 8; 128 - 127 - 10.
  CHECK(r.acc == std::vector<int32_t>{22, 113, 8, -9});
  CHECK(r.idx == std::vector<uint32_t>{22, 113, 8, 0});
  // The extreme accumulator: k = 4096 products of (-128)(-128).
  const quant::LayerShape big{1, 4096, 1};
  const quant::MatmulResult e =
      quant::Matmul(big, std::vector<int8_t>(4096, -128), std::vector<int8_t>(4096, -128), {0},
                    {1, 0, 0, 65535});
  CHECK(e.acc[0] == 4096 * 16384);
  CHECK(e.idx[0] == 65535);
}

TEST_CASE("quant: matmul with threads equals one thread", "[quant]") {
  std::mt19937_64 rng = test::Rng("quant threads");
  const quant::LayerShape s{37, 101, 23};
  const auto w = quant::RandomInt8(s.n * s.k, rng);
  const auto x = quant::RandomInt8(s.batch * s.k, rng);
  std::vector<int32_t> bias(s.n, 7);
  const RequantParams rq{123, 9, 40, 300};
  CHECK(quant::Matmul(s, w, x, bias, rq, 1).acc == quant::Matmul(s, w, x, bias, rq, 4).acc);
}

TEST_CASE("quant: histogram equals a map count, and the Fr forms", "[quant]") {
  std::mt19937_64 rng = test::Rng("quant histogram");
  for (quant::IndexDist d :
       {quant::IndexDist::kUniform, quant::IndexDist::kEqual, quant::IndexDist::kZipf}) {
    const auto idx = quant::RandomIndices(5000, 300, d, rng);
    std::map<uint32_t, uint32_t> m;
    for (uint32_t v : idx) ++m[v];
    const auto counts = quant::Histogram(idx, 300);
    for (uint32_t i = 0; i < 300; ++i) CHECK(counts[i] == (m.count(i) ? m[i] : 0));
    if (d == quant::IndexDist::kEqual) CHECK(m.size() == 1);
    if (d == quant::IndexDist::kZipf) {  // skewed: the top entry holds far more than 1/300
      uint32_t top = 0;
      for (const auto& kv : m) top = std::max(top, kv.second);
      CHECK(top > 5000 / 30);
    }
  }
  CHECK(quant::FrOfInt(0) == bn254::Fr::Zero());
  CHECK(quant::FrOfInt(1) == bn254::Fr::One());
  CHECK(quant::FrOfInt(-1) == -bn254::Fr::One());
  CHECK(quant::FrOfInt(-128) + bn254::Fr::FromU64(128) == bn254::Fr::Zero());
  CHECK(quant::FrOfCounts({5})[0] == bn254::Fr::FromU64(5));
}

TEST_CASE("quant: tables", "[quant]") {
  const quant::Table relu = quant::MakeTable(quant::TableKind::kRelu, 256, 128);
  CHECK(relu.values[0] == 0);
  CHECK(relu.values[128] == 0);
  CHECK(relu.values[129] == 1);
  CHECK(relu.values[255] == 127);
  const quant::Table sig = quant::MakeTable(quant::TableKind::kSigmoid, 256, 128);
  CHECK(sig.values[128] == 64);  // 127 / 2 rounded
  CHECK(sig.values[0] == 0);
  CHECK(sig.values[255] == 127);
  CHECK(std::is_sorted(sig.values.begin(), sig.values.end()));
  const quant::Table gelu = quant::MakeTable(quant::TableKind::kGelu, 256, 128);
  CHECK(gelu.values[128] == 0);
  CHECK(gelu.values[255] == 127);                  // ~ q for large q
  CHECK(*std::min_element(gelu.values.begin(), gelu.values.end()) < 0);  // the dip below zero
  CHECK(quant::Activate({0, 129}, relu) == std::vector<int8_t>{0, 1});
}

TEST_CASE("quant: bad input is named", "[quant]") {
  const auto msg = [](auto fn) {
    try {
      fn();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  using Catch::Matchers::Contains;
  CHECK_THAT(msg([] { quant::Matmul({1, 2, 1}, {1}, {1, 2}, {0}, {}); }), Contains("W has 1"));
  CHECK_THAT(msg([] { quant::Matmul({0, 2, 1}, {}, {}, {}, {}); }), Contains("at least 1"));
  CHECK_THAT(msg([] { quant::Histogram({1, 7}, 5); }), Contains("index 7 at position 1"));
  CHECK_THAT(msg([] { RequantParams{1, 48, 0, 1}.Validate(); }), Contains("shift 48"));
  CHECK_THAT(msg([] { RequantParams{1, 1, 0, 70000}.Validate(); }), Contains("idx_max 70000"));
  CHECK_THAT(msg([] { quant::ParseTableKind("tanh"); }), Contains("unknown table 'tanh'"));
  CHECK_THAT(msg([] { quant::ParseIndexDist("normal"); }), Contains("'normal'"));
  CHECK_THAT(msg([] { quant::MakeTable(quant::TableKind::kRelu, 0, 0); }), Contains("0 entries"));
}

}  // namespace
}  // namespace zkacc
