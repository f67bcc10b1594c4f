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

// The seed of every randomized test: $ZKACC_SEED if set, else a fresh one. Printed once so a
// failure can be replayed with ZKACC_SEED=<seed>.
inline uint64_t Seed() {
  static const uint64_t seed = [] {
    uint64_t s;
    if (const char* env = std::getenv("ZKACC_SEED")) {
      s = std::stoull(env, nullptr, 0);
    } else {
      s = (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
    }
    std::cerr << "zkacc tests: seed " << s << " (replay with ZKACC_SEED=" << s << ")\n";
    return s;
  }();
  return seed;
}

// A generator seeded from Seed() and a per-test salt, so tests do not share streams.
inline std::mt19937_64 Rng(const std::string& salt) {
  return std::mt19937_64(Seed() ^ std::hash<std::string>{}(salt));
}

using zkacc::RandomBelow;

template <class F>
F RandomField(std::mt19937_64& rng) {
  return F::FromCanonical(RandomBelow(rng, F::kModulus));
}

}  // namespace zkacc::test
