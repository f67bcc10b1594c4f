// SPDX-License-Identifier: Apache-2.0
//
// The engine behind one open device of the public API (zkacc.h / api.h): what "cpu", "sim" and
// "xrt:N" each implement. The public API converts the caller's layouts (scalar and base
// representation, stride, infinity encoding, output form) to and from the types used here, so an
// engine sees one representation only:
//   points   Affine<C> (Montgomery coordinates, infinity as the type encodes it)
//   scalars  canonical little-endian 4x64-bit integers, each < r (checked by the API)
//   results  Xyzz<C> (the accumulator form of the MSM unit)
//
// Engines are made by name from a registry: "cpu" is built in (the CPU backend of msm.h, ntt.h,
// quant.h); the kernel engine (driver/: the RTL through the hardware layer) registers "sim" and
// "xrt" and receives the rest of the device name ("xrt:1" -> factory("1")).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "zkacc/curve.h"
#include "zkacc/msm.h"
#include "zkacc/ntt.h"
#include "zkacc/quant.h"

namespace zkacc {

// What one call cost where the engine knows it. Simulated cycles are modelled time at a stated
// clock, never measured hardware time.
struct OpStats {
  std::string unit;              // e.g. "msm", "ntt", "mm", "hist", "cpu"
  bool has_cycles = false;       // false for the cpu engine
  uint64_t cycles = 0;           // kernel cycles of the call (ap_start to ap_done)
  double clock_mhz = 0;          // the clock the cycles are modelled at
  double modelled_seconds = 0;   // cycles / clock
  double utilization = 0;        // the unit's useful operations per cycle over its peak (0: n/a)
  double wall_seconds = 0;       // host wall time of the call
};

enum class NttKind { kForward, kInverse, kCosetForward, kCosetInverse };

// Thrown by an engine for a valid request it cannot serve (e.g. a BN254 kernel asked for a
// BLS12-381 MSM); the public API reports it as ZKACC_ERR_UNSUPPORTED. Other std::invalid_argument
// errors become ZKACC_ERR_INVALID_ARGUMENT, driver::Timeout ZKACC_ERR_TIMEOUT, any other
// exception ZKACC_ERR_DEVICE; the message is passed on as zkacc_last_error().
class Unsupported : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string Name() const = 0;

  // Resident MSM bases, uploaded once (e.g. per proving key) and converted to the device's
  // format; the handle stays valid until FreeBases. Throws std::invalid_argument on n == 0.
  virtual uint64_t UploadBases(const bn254::G1Affine* points, size_t n) = 0;
  virtual uint64_t UploadBases(const bls12_381::G1Affine* points, size_t n) = 0;
  virtual void FreeBases(uint64_t handle) = 0;

  // sum_i scalars[i] * bases[offset + i] for i < n (offset + n <= the handle's size).
  virtual bn254::G1Xyzz Msm(uint64_t bases, size_t offset, const Scalar* scalars, size_t n,
                            OpStats* stats) = 0;
  virtual bls12_381::G1Xyzz MsmBls12381(uint64_t bases, size_t offset, const Scalar* scalars,
                                        size_t n, OpStats* stats) = 0;

  // `batch` transforms of n elements each, stored one after the other, in place, natural order.
  virtual void Ntt(bn254::Fr* data, size_t n, size_t batch, NttKind kind, OpStats* stats) = 0;
  // The same over BLS12-381 Fr (generator 7, 2-adicity 32). Optional: the default throws
  // Unsupported (the kernel's NTT unit is BN254 Fr only); the cpu engine implements it.
  virtual void NttBls12381(bls12_381::Fr* data, size_t n, size_t batch, NttKind kind,
                           OpStats* stats);

  // counts[v] = #{i : indices[i] == v} for v < entries; indices >= entries throw
  // std::invalid_argument.
  virtual std::vector<uint32_t> LookupMultiplicities(const uint32_t* indices, size_t n,
                                                     size_t entries, OpStats* stats) = 0;

  // y = table[requant(W x + bias)] (quant.h), and the multiplicities of the table indices used.
  struct MatmulOut {
    std::vector<int32_t> acc;      // batch x n
    std::vector<uint32_t> idx;     // batch x n
    std::vector<int8_t> act;       // batch x n: table[idx]
    std::vector<uint32_t> counts;  // table entries: multiplicities of idx
  };
  virtual MatmulOut Matmul(const quant::LayerShape& shape, const int8_t* w, const int8_t* x,
                           const int32_t* bias, const quant::RequantParams& rq,
                           const quant::Table& table, OpStats* stats) = 0;
};

// factory(argument): the part of the device name after the first ':' ("" when none).
using EngineFactory = std::function<std::unique_ptr<Engine>(const std::string& argument)>;
// Throws std::invalid_argument if `prefix` is empty or taken.
void RegisterEngine(const std::string& prefix, EngineFactory factory);
// Registered prefixes, sorted ("cpu" always).
std::vector<std::string> EngineNames();
// "cpu", "sim", "sim:ddr", "xrt:0", ...; throws std::invalid_argument naming the registered
// engines when the prefix is unknown.
std::unique_ptr<Engine> MakeEngine(const std::string& name);

}  // namespace zkacc
