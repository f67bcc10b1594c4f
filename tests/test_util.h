// SPDX-License-Identifier: Apache-2.0
//
// Shared test helpers: a printed, settable seed and random values.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "zkacc/random.h"

namespace zkacc::test {

// The seed of every randomized test ($ZKACC_SEED or fresh, printed once) and per-test streams.
inline uint64_t Seed() { return ReplayableSeed(); }
inline std::mt19937_64 Rng(const std::string& salt) { return SeededRng(salt); }

using zkacc::RandomBelow;

template <class F>
F RandomField(std::mt19937_64& rng) {
  return F::FromCanonical(RandomBelow(rng, F::kModulus));
}

}  // namespace zkacc::test
