// SPDX-License-Identifier: Apache-2.0
//
// The engine registry of engine.h and the built-in "cpu" engine: the CPU backend of msm.h,
// ntt.h and quant.h behind the Engine interface (wall time only, has_cycles = false).
//
//   std::unique_ptr<zkacc::Engine> cpu = zkacc::MakeEngine("cpu");
//   uint64_t bases = cpu->UploadBases(points.data(), points.size());
//   zkacc::OpStats stats;
//   zkacc::bn254::G1Xyzz r = cpu->Msm(bases, 0, scalars.data(), points.size(), &stats);
#include "zkacc/engine.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "zkacc/parallel.h"

namespace zkacc {

void Engine::NttBls12381(bls12_381::Fr*, size_t, size_t, NttKind, OpStats*) {
  throw Unsupported("engine " + Name() + ": the NTT over BLS12-381 Fr is not supported " +
                    "(this device's NTT unit runs over BN254 Fr)");
}

namespace {

using Clock = std::chrono::steady_clock;

// Fills the wall-clock part of the stats on scope exit (also when the call throws).
class WallTimer {
 public:
  WallTimer(OpStats* stats, const char* unit) : stats_(stats), start_(Clock::now()) {
    if (stats_ != nullptr) {
      *stats_ = OpStats();
      stats_->unit = unit;
    }
  }
  ~WallTimer() {
    if (stats_ != nullptr) {
      stats_->wall_seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    }
  }
  WallTimer(const WallTimer&) = delete;
  WallTimer& operator=(const WallTimer&) = delete;

 private:
  OpStats* stats_;
  Clock::time_point start_;
};

template <class F>
void RunNtt(F* data, size_t n, size_t batch, NttKind kind) {
  const bool inverse = kind == NttKind::kInverse || kind == NttKind::kCosetInverse;
  const bool coset = kind == NttKind::kCosetForward || kind == NttKind::kCosetInverse;
  const NttConfig cfg{0, coset};
  for (size_t b = 0; b < batch; ++b) {
    Ntt(data + b * n, n, inverse ? NttDirection::kInverse : NttDirection::kForward, cfg);
  }
}

class CpuEngine final : public Engine {
 public:
  std::string Name() const override { return "cpu"; }

  uint64_t UploadBases(const bn254::G1Affine* points, size_t n) override {
    return Store(points, n, &Resident::bn254);
  }
  uint64_t UploadBases(const bls12_381::G1Affine* points, size_t n) override {
    return Store(points, n, &Resident::bls12_381);
  }
  void FreeBases(uint64_t handle) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (bases_.erase(handle) == 0) {
      throw std::invalid_argument("cpu engine: no resident bases with handle " +
                                  std::to_string(handle));
    }
  }

  bn254::G1Xyzz Msm(uint64_t bases, size_t offset, const Scalar* scalars, size_t n,
                    OpStats* stats) override {
    WallTimer timer(stats, "cpu");
    const std::vector<bn254::G1Affine>& points = Find(bases, &Resident::bn254, "bn254");
    CheckRange(points.size(), offset, n);
    return zkacc::Msm(points.data() + offset, scalars, n);
  }
  bls12_381::G1Xyzz MsmBls12381(uint64_t bases, size_t offset, const Scalar* scalars, size_t n,
                                OpStats* stats) override {
    WallTimer timer(stats, "cpu");
    const std::vector<bls12_381::G1Affine>& points = Find(bases, &Resident::bls12_381, "bls12-381");
    CheckRange(points.size(), offset, n);
    return zkacc::Msm(points.data() + offset, scalars, n);
  }

  void Ntt(bn254::Fr* data, size_t n, size_t batch, NttKind kind, OpStats* stats) override {
    WallTimer timer(stats, "cpu");
    RunNtt(data, n, batch, kind);
  }
  void NttBls12381(bls12_381::Fr* data, size_t n, size_t batch, NttKind kind,
                   OpStats* stats) override {
    WallTimer timer(stats, "cpu");
    RunNtt(data, n, batch, kind);
  }

  std::vector<uint32_t> LookupMultiplicities(const uint32_t* indices, size_t n, size_t entries,
                                             OpStats* stats) override {
    WallTimer timer(stats, "cpu");
    return quant::Histogram(std::vector<uint32_t>(indices, indices + n), entries);
  }

  MatmulOut Matmul(const quant::LayerShape& shape, const int8_t* w, const int8_t* x,
                   const int32_t* bias, const quant::RequantParams& rq, const quant::Table& table,
                   OpStats* stats) override {
    WallTimer timer(stats, "cpu");
    shape.Validate();
    rq.Validate();
    if (table.values.size() != size_t{rq.idx_max} + 1) {
      throw std::invalid_argument(
          "cpu engine: the table has " + std::to_string(table.values.size()) +
          " entries, the requantization idx_max + 1 = " + std::to_string(rq.idx_max + 1));
    }
    quant::MatmulResult r =
        quant::Matmul(shape, std::vector<int8_t>(w, w + shape.n * shape.k),
                      std::vector<int8_t>(x, x + shape.batch * shape.k),
                      std::vector<int32_t>(bias, bias + shape.n), rq, ResolveThreads(0));
    MatmulOut out;
    out.act = quant::Activate(r.idx, table);
    out.counts = quant::Histogram(r.idx, table.values.size());
    out.acc = std::move(r.acc);
    out.idx = std::move(r.idx);
    return out;
  }

 private:
  struct Resident {
    std::vector<bn254::G1Affine> bn254;
    std::vector<bls12_381::G1Affine> bls12_381;
  };

  template <class P>
  uint64_t Store(const P* points, size_t n, std::vector<P> Resident::*member) {
    if (n == 0) throw std::invalid_argument("cpu engine: cannot upload 0 bases");
    Resident r;
    (r.*member).assign(points, points + n);
    std::lock_guard<std::mutex> lock(mu_);
    const uint64_t handle = next_++;
    bases_.emplace(handle, std::move(r));
    return handle;
  }

  template <class P>
  const std::vector<P>& Find(uint64_t handle, std::vector<P> Resident::*member, const char* curve) {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = bases_.find(handle);
    if (it == bases_.end()) {
      throw std::invalid_argument("cpu engine: no resident bases with handle " +
                                  std::to_string(handle));
    }
    const std::vector<P>& points = it->second.*member;
    if (points.empty()) {
      throw std::invalid_argument(std::string("cpu engine: bases ") + std::to_string(handle) +
                                  " are not " + curve + " points");
    }
    return points;  // stable: entries are only erased by FreeBases
  }

  static void CheckRange(size_t size, size_t offset, size_t n) {
    if (offset > size || n > size - offset) {
      throw std::invalid_argument("cpu engine: bases [" + std::to_string(offset) + ", " +
                                  std::to_string(offset) + " + " + std::to_string(n) +
                                  ") exceed the " + std::to_string(size) + " resident points");
    }
  }

  std::mutex mu_;
  uint64_t next_ = 1;
  std::unordered_map<uint64_t, Resident> bases_;
};

struct Registry {
  std::mutex mu;
  std::map<std::string, EngineFactory> factories;
  Registry() {
    factories["cpu"] = [](const std::string& argument) -> std::unique_ptr<Engine> {
      if (!argument.empty()) {
        throw std::invalid_argument("engine cpu takes no options (got \"cpu:" + argument + "\")");
      }
      return std::make_unique<CpuEngine>();
    };
  }
};

Registry& GetRegistry() {
  static Registry registry;
  return registry;
}

}  // namespace

void RegisterEngine(const std::string& prefix, EngineFactory factory) {
  if (prefix.empty() || prefix.find(':') != std::string::npos) {
    throw std::invalid_argument("engine prefix \"" + prefix + "\" must be non-empty, without ':'");
  }
  if (!factory) throw std::invalid_argument("engine " + prefix + ": empty factory");
  Registry& r = GetRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  if (!r.factories.emplace(prefix, std::move(factory)).second) {
    throw std::invalid_argument("engine " + prefix + " is already registered");
  }
}

std::vector<std::string> EngineNames() {
  Registry& r = GetRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  std::vector<std::string> names;
  for (const auto& entry : r.factories) names.push_back(entry.first);
  return names;  // std::map: sorted
}

std::unique_ptr<Engine> MakeEngine(const std::string& name) {
  const size_t colon = name.find(':');
  const std::string prefix = name.substr(0, colon);
  const std::string argument = colon == std::string::npos ? "" : name.substr(colon + 1);
  EngineFactory factory;
  {
    Registry& r = GetRegistry();
    std::lock_guard<std::mutex> lock(r.mu);
    const auto it = r.factories.find(prefix);
    if (it != r.factories.end()) factory = it->second;
  }
  if (!factory) {
    std::string known;
    for (const std::string& n : EngineNames()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown device \"" + name + "\" (registered engines: " + known +
                                ")");
  }
  return factory(argument);
}

}  // namespace zkacc
