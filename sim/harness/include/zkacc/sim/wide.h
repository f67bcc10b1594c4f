// SPDX-License-Identifier: Apache-2.0
//
// Copying field elements between zkacc::Limbs<N> (64-bit words, little-endian) and Verilator's
// ports wider than 64 bits, VlWide<W> (W 32-bit words, word 0 = bits 31:0).
//
//   ToWide(top.in_a_i, a.v);                  // a 256-bit port from Limbs<4>
//   ToWide(top.in_p_i, p.y.v, 256);           // bits 511:256 of a packed {zzz, zz, y, x} port
//   Limbs<4> r = FromWide<4>(top.out_r_o);
//
// Offsets are in bits and must be multiples of 32; a copy that would leave the port throws
// std::out_of_range, so a wrong packing fails loudly instead of writing past the port.
#pragma once

#include <verilated.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>

#include "zkacc/field.h"

namespace zkacc::sim {

namespace detail {
inline void CheckWideRange(size_t port_words, size_t bit_offset, size_t bits) {
  if (bit_offset % 32 != 0 || bit_offset + bits > 32 * port_words) {
    throw std::out_of_range("wide port access of " + std::to_string(bits) + " bits at bit " +
                            std::to_string(bit_offset) + " does not fit a " +
                            std::to_string(32 * port_words) +
                            "-bit port (offsets: multiples "
                            "of 32)");
  }
}
}  // namespace detail

// Bits [bit_offset, bit_offset + 64N) of `port` = v.
template <size_t N, size_t W>
void ToWide(VlWide<W>& port, const Limbs<N>& v, size_t bit_offset = 0) {
  detail::CheckWideRange(W, bit_offset, 64 * N);
  const size_t w0 = bit_offset / 32;
  for (size_t i = 0; i < N; ++i) {
    port[w0 + 2 * i] = static_cast<EData>(v[i]);
    port[w0 + 2 * i + 1] = static_cast<EData>(v[i] >> 32);
  }
}

// Bits [bit_offset, bit_offset + 64N) of `port`.
template <size_t N, size_t W>
Limbs<N> FromWide(const VlWide<W>& port, size_t bit_offset = 0) {
  detail::CheckWideRange(W, bit_offset, 64 * N);
  const size_t w0 = bit_offset / 32;
  Limbs<N> v{};
  for (size_t i = 0; i < N; ++i) {
    v[i] = static_cast<uint64_t>(port[w0 + 2 * i]) |
           (static_cast<uint64_t>(port[w0 + 2 * i + 1]) << 32);
  }
  return v;
}

// Random bits in every word of the port (garbage for inputs whose valid is low).
template <size_t W>
void RandomizeWide(VlWide<W>& port, std::mt19937_64& rng) {
  for (size_t i = 0; i < W; ++i) port[i] = static_cast<EData>(rng());
}

}  // namespace zkacc::sim
