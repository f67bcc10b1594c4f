// SPDX-License-Identifier: Apache-2.0
//
// Recomputes the cases of a test-vector file (vectors.h) with a backend and compares.
//
// A Backend computes the operations the vector files exercise: BN254 Fq/Fr arithmetic, BN254 G1
// add/double/scalar multiplication, BN254 and BLS12-381 MSM, BN254 Fr NTT. Calls are batched
// (many independent inputs per call) so that a device backend can stream them. Backends are
// created by name from a registry: "cpu" (this library) is built in; others (e.g. "sim", the
// RTL under Verilator) register themselves with RegisterBackend before use.
//
//   std::unique_ptr<Backend> cpu = MakeBackend("cpu", BackendOptions{/*threads=*/2});
//   CheckResult r = CheckFile("../shared/vectors/msm_n7.txt", *cpu);
//   for (const auto& line : r.failures) std::puts(line.c_str());
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zkacc/curve.h"
#include "zkacc/msm.h"
#include "zkacc/ntt.h"
#include "zkacc/params.h"
#include "zkacc/vectors.h"

namespace zkacc {

enum class FieldOp { kAdd, kSub, kMul, kInv };

struct BackendOptions {
  int threads = 0;  // worker threads for MSM and NTT; 0 = all hardware threads
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string Name() const = 0;

  // out[i] = a[i] op b[i]; for kInv out[i] = a[i]^-1 with 0^-1 = 0, and b is not read.
  virtual void FieldOps(FieldOp op, const bn254::Fq* a, const bn254::Fq* b, bn254::Fq* out,
                        size_t n) = 0;
  virtual void FieldOps(FieldOp op, const bn254::Fr* a, const bn254::Fr* b, bn254::Fr* out,
                        size_t n) = 0;

  // BN254 G1, affine in and out, infinity = (0, 0): out[i] = p[i] + q[i], 2 p[i], k[i] p[i].
  virtual void G1Add(const bn254::G1Affine* p, const bn254::G1Affine* q, bn254::G1Affine* out,
                     size_t n) = 0;
  virtual void G1Double(const bn254::G1Affine* p, bn254::G1Affine* out, size_t n) = 0;
  virtual void G1Mul(const bn254::G1Affine* p, const Scalar* k, bn254::G1Affine* out, size_t n) = 0;

  // sum_i scalars[i] * points[i], affine.
  virtual bn254::G1Affine Msm(const bn254::G1Affine* points, const Scalar* scalars, size_t n) = 0;
  virtual bls12_381::G1Affine Msm(const bls12_381::G1Affine* points, const Scalar* scalars,
                                  size_t n) = 0;

  // In place, natural order, the transforms of ntt.h (n a power of two).
  virtual void Ntt(bn254::Fr* data, size_t n, NttDirection dir, bool coset) = 0;
};

using BackendFactory = std::function<std::unique_ptr<Backend>(const BackendOptions&)>;

// Adds a backend; throws std::invalid_argument if the name is empty or already taken.
void RegisterBackend(const std::string& name, BackendFactory factory);
// Registered names, sorted ("cpu" is always there).
std::vector<std::string> BackendNames();
// Throws std::invalid_argument naming the registered backends if `name` is not one of them.
std::unique_ptr<Backend> MakeBackend(const std::string& name, const BackendOptions& options = {});

struct CheckOptions {
  std::optional<VectorKind> kind;  // nullopt: detected from the file name / first line
  BackendOptions backend;          // used by the overload that creates the backend by name
};

struct CheckResult {
  std::string file;
  VectorKind kind = VectorKind::kFqOps;
  size_t passed = 0;
  size_t failed = 0;
  // One line per failing case: "<file>:<line of the case>: <op or column>: expected .., got ..".
  std::vector<std::string> failures;
  bool ok() const { return failed == 0; }
};

// Checks every case of a parsed file. Errors the backend throws count as failures of their case.
CheckResult CheckVectors(const VectorFile& file, Backend& backend);

// Parses `path` (throws VectorError if it is malformed) and checks it.
CheckResult CheckFile(const std::string& path, Backend& backend, const CheckOptions& options = {});
// Same with a backend made by MakeBackend(backend_name, options.backend).
CheckResult CheckFile(const std::string& path, const std::string& backend_name,
                      const CheckOptions& options = {});

}  // namespace zkacc
