// SPDX-License-Identifier: Apache-2.0
//
// zkacc demo: a small zkML-flavoured proving workload through the public C++ API (api.h), on
// one device ("sim" by default: the RTL kernel under Verilator), every result checked against
// the "cpu" device.
//
//   zkacc demo [--device sim|sim:ddr|cpu|xrt:0] [--clock-mhz F] [--seed S] [--json]
//
// The workload, in the order a TensorPlonk-style prover meets it (sizes of a few thousand):
//   bases       4096 BN254 G1 points uploaded once (the proving key's SRS)
//   msm         commitment to 4096 witness values with zkML-skewed scalars (45% 0, 25% 1, ...)
//   msm batch   4 commitments of 1024 values over bases [1024, 2048) (shared bases)
//   ntt         forward, inverse, coset forward, coset inverse of 2^12 BN254 Fr elements, and a
//               forward 2^14 (four-step: two passes through the 2^12 unit)
//   matmul      a fused quantized layer 64x256x64 (int8) with a GELU table of 256 entries and
//               the multiplicities of the table indices it used (cq / logUp)
//   lookup      multiplicities of 16384 Zipf-distributed lookups into a 4096-entry table
//   msm         commitment to those multiplicities (small-integer scalars)
// Per step: a progress line, then cycles, utilization and the time modelled at the clock
// (simulated cycles / clock: modelled, not measured), host wall time, and the check against the
// cpu device. Exit code: 0 all checks passed, 1 a mismatch, 2 an error (e.g. no such device).
#include "cmd_demo.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "zkacc/api.h"
#include "zkacc/curve.h"
#include "zkacc/params.h"
#include "zkacc/quant.h"
#include "zkacc/random.h"

namespace zkacc {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
constexpr int kOk = 0, kFailed = 1, kError = 2;

constexpr size_t kBases = 4096;
constexpr size_t kBatch = 4, kBatchN = 1024, kBatchOffset = 1024;
constexpr size_t kNttLog2 = 12;
constexpr size_t kNtt4Log2 = 14;  // above the unit's 2^12: the kernel's four-step
constexpr size_t kMmBatch = 64, kMmK = 256, kMmN = 64, kTableEntries = 256;
constexpr size_t kLookups = 16384, kLookupEntries = 4096;
constexpr size_t kSteps = 11;  // the Run() calls of Demo::Run

struct DemoOptions {
  std::string device = "sim";
  double clock_mhz = 0;  // 0: the device's own clock
  uint64_t seed = 1;
  bool json = false;
};

struct Step {
  std::string name;
  api::OpStats dev{};
  double cpu_wall = 0;
  bool ok = false;
  std::string detail;  // first mismatch
};

std::string Fmt(const char* fmt, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, a);
  return buf;
}

// The device name with the modelled clock passed to the sim engine (its `clock_mhz=` option).
std::string DeviceName(const DemoOptions& o) {
  if (o.clock_mhz <= 0 || o.device.compare(0, 3, "sim") != 0) return o.device;
  if (o.device.size() > 3 && o.device[3] != ':') return o.device;
  if (o.device.find("clock_mhz=") != std::string::npos) return o.device;
  return o.device + (o.device.size() == 3 ? ":" : ",") + "clock_mhz=" + Fmt("%g", o.clock_mhz);
}

template <class T>
bool SameBytes(const std::vector<T>& a, const std::vector<T>& b, std::string* detail,
               const char* what) {
  if (a.size() != b.size()) {
    *detail = std::string(what) + ": " + std::to_string(a.size()) + " values, cpu " +
              std::to_string(b.size());
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0) {
      *detail = std::string(what) + ": first difference at element " + std::to_string(i);
      return false;
    }
  }
  return true;
}

class Demo {
 public:
  explicit Demo(const DemoOptions& o) : o_(o), dev_(DeviceName(o)), cpu_("cpu") {}

  int Run() {
    const uint64_t seed = o_.seed;
    Progress("inputs", "random points P_i = k_i G, zkML scalars, Fr vectors, int8 layer");
    const RandomPoints<Bn254G1> pts = MakeRandomPoints<Bn254G1>(kBases, seed);
    // Affine<Bn254G1> is two Montgomery coordinates, (0, 0) = infinity: the native layout.
    const api::Layout layout = api::NativeLayout(ZKACC_CURVE_BN254);
    std::vector<Scalar> witness = MakeRandomScalars<Bn254G1>(kBases, ScalarDist::kZkml, seed + 1);
    std::vector<Scalar> chunks =
        MakeRandomScalars<Bn254G1>(kBatch * kBatchN, ScalarDist::kZkml, seed + 2);

    Run("upload bases (4096 BN254 points, once per proving key)", [&](Step& s) {
      const Clock::time_point t0 = Clock::now();
      dev_bases_ = dev_.UploadBases(ZKACC_CURVE_BN254, pts.points.data(), kBases, layout);
      s.dev.wall_seconds = Seconds(t0);
      const Clock::time_point t1 = Clock::now();
      cpu_bases_ = cpu_.UploadBases(ZKACC_CURVE_BN254, pts.points.data(), kBases, layout);
      s.cpu_wall = Seconds(t1);
      s.ok = dev_bases_.size() == kBases;
    });
    Run("msm: commit 4096 witness values (zkML scalars)",
        [&](Step& s) { MsmStep(s, 0, witness.data(), kBases, 1, layout); });
    Run("msm batch: 4 commitments of 1024 over shared bases [1024, 2048)",
        [&](Step& s) { MsmStep(s, kBatchOffset, chunks.data(), kBatchN, kBatch, layout); });

    const size_t n = size_t{1} << kNttLog2, n4 = size_t{1} << kNtt4Log2;
    std::vector<bn254::Fr> poly4(n4);
    {
      const std::vector<Scalar> v = MakeRandomScalars<Bn254G1>(n4, ScalarDist::kUniform, seed + 3);
      for (size_t i = 0; i < n4; ++i) poly4[i] = bn254::Fr::FromCanonicalUnchecked(v[i]);
    }
    const std::vector<bn254::Fr> poly(poly4.begin(), poly4.begin() + static_cast<std::ptrdiff_t>(n));
    const struct {
      zkacc_ntt_kind kind;
      const std::vector<bn254::Fr>* x;
      const char* name;
    } ntts[] = {
        {ZKACC_NTT_FORWARD, &poly, "ntt forward 2^12 (evaluate)"},
        {ZKACC_NTT_INVERSE, &poly, "ntt inverse 2^12 (interpolate)"},
        {ZKACC_NTT_COSET_FORWARD, &poly, "ntt coset forward 2^12 (quotient domain)"},
        {ZKACC_NTT_COSET_INVERSE, &poly, "ntt coset inverse 2^12"},
        {ZKACC_NTT_FORWARD, &poly4,
         "ntt forward 2^14 (four-step: column and row passes through the 2^12 unit)"}};
    for (const auto& t : ntts) {
      Run(t.name, [&](Step& s) {
        std::vector<bn254::Fr> a = *t.x, b = *t.x;
        dev_.Ntt(ZKACC_CURVE_BN254, t.kind, a.data(), a.size(), 1, ZKACC_REPR_MONTGOMERY, &s.dev);
        api::OpStats c{};
        cpu_.Ntt(ZKACC_CURVE_BN254, t.kind, b.data(), b.size(), 1, ZKACC_REPR_MONTGOMERY, &c);
        s.cpu_wall = c.wall_seconds;
        s.ok = SameBytes(a, b, &s.detail, "transform");
      });
    }

    Run("matmul+lookup: fused 64x256x64 int8 layer, GELU table of 256, multiplicities",
        [&](Step& s) { MatmulStep(s, seed + 4); });

    std::mt19937_64 rng(seed + 5);
    const std::vector<uint32_t> lookups =
        quant::RandomIndices(kLookups, kLookupEntries, quant::IndexDist::kZipf, rng);
    std::vector<uint32_t> mult;
    Run("lookup: multiplicities of 16384 Zipf lookups into 4096 entries", [&](Step& s) {
      mult = dev_.LookupMultiplicities(lookups, kLookupEntries, &s.dev);
      api::OpStats c{};
      const std::vector<uint32_t> ref = cpu_.LookupMultiplicities(lookups, kLookupEntries, &c);
      s.cpu_wall = c.wall_seconds;
      s.ok = SameBytes(mult, ref, &s.detail, "counts");
    });
    Run("msm: commit the 4096 multiplicities (small-integer scalars)", [&](Step& s) {
      std::vector<Scalar> m(kLookupEntries);
      for (size_t i = 0; i < kLookupEntries; ++i) m[i] = Scalar{mult.at(i), 0, 0, 0};
      MsmStep(s, 0, m.data(), kLookupEntries, 1, layout);
    });
    return Finish();
  }

 private:
  static double Seconds(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  }

  std::ostream& Log() { return o_.json ? std::cerr : std::cout; }

  void Progress(const std::string& what, const std::string& detail) {
    Log() << "zkacc demo: " << what << " (" << detail << ")" << std::endl;
  }

  void MsmStep(Step& s, size_t offset, const Scalar* scalars, size_t n, size_t batch,
               const api::Layout& layout) {
    const std::vector<uint8_t> got =
        dev_.MsmBatch(dev_bases_, offset, scalars, n, batch, layout, &s.dev);
    api::OpStats c{};
    const std::vector<uint8_t> ref =
        cpu_.MsmBatch(cpu_bases_, offset, scalars, n, batch, layout, &c);
    s.cpu_wall = c.wall_seconds;
    s.ok = SameBytes(got, ref, &s.detail, "result bytes");
  }

  void MatmulStep(Step& s, uint64_t seed) {
    std::mt19937_64 rng(seed);
    const std::vector<int8_t> w = quant::RandomInt8(kMmN * kMmK, rng);
    const std::vector<int8_t> x = quant::RandomInt8(kMmBatch * kMmK, rng);
    std::vector<int32_t> bias(kMmN);
    for (auto& b : bias) b = static_cast<int32_t>(rng() % 20001) - 10000;
    zkacc_matmul_params p{};
    p.batch = kMmBatch;
    p.k = kMmK;
    p.n = kMmN;
    p.idx_max = kTableEntries - 1;
    p.offset = kTableEntries / 2;
    p.shift = 14;  // q = acc * scale >> 14, a spread of about a quarter of the table (zkacc matmul)
    p.scale = 12;  // 0.75 * entries / sqrt(k), as zkacc matmul chooses it
    const std::vector<int8_t> table =
        api::ActivationTable(ZKACC_TABLE_GELU, kTableEntries, p.offset);
    const api::MatmulResult got =
        dev_.Matmul(p, w.data(), x.data(), bias.data(), table.data(), &s.dev);
    api::OpStats c{};
    const api::MatmulResult ref = cpu_.Matmul(p, w.data(), x.data(), bias.data(), table.data(), &c);
    s.cpu_wall = c.wall_seconds;
    s.ok = SameBytes(got.acc, ref.acc, &s.detail, "accumulators") &&
           SameBytes(got.idx, ref.idx, &s.detail, "table indices") &&
           SameBytes(got.act, ref.act, &s.detail, "activations") &&
           SameBytes(got.counts, ref.counts, &s.detail, "multiplicities");
  }

  void Run(const std::string& name, const std::function<void(Step&)>& body) {
    Step s;
    s.name = name;
    Log() << "[" << steps_.size() + 1 << "/" << kSteps << "] " << name << " ..." << std::endl;
    try {
      body(s);
    } catch (const api::Error& e) {
      s.ok = false;
      s.detail = std::string(e.status_name()) + ": " + e.what();
    }
    Report(s);
    steps_.push_back(s);
  }

  double ClockOf(const api::OpStats& st) const {
    return o_.clock_mhz > 0 ? o_.clock_mhz : st.clock_mhz;
  }
  double Modelled(const api::OpStats& st) const {
    const double f = ClockOf(st);
    return f > 0 ? static_cast<double>(st.cycles) / (f * 1e6) : 0;
  }

  void Report(const Step& s) {
    std::string line = "    ";
    if (s.dev.has_cycles) {
      char buf[256];
      std::snprintf(buf, sizeof buf,
                    "%llu cycles, utilization %.3f, %.3f ms modelled at %.0f MHz; ",
                    static_cast<unsigned long long>(s.dev.cycles), s.dev.utilization,
                    Modelled(s.dev) * 1e3, ClockOf(s.dev));
      line += buf;
    } else {
      line += "no cycles (device " + dev_.Name() + " reports wall time only); ";
    }
    line += "wall " + Fmt("%.3f s", s.dev.wall_seconds) + " (cpu " + Fmt("%.3f s", s.cpu_wall) +
            "); check against cpu: " + (s.ok ? "OK" : "MISMATCH " + s.detail);
    Log() << line << std::endl;
  }

  int Finish() {
    size_t failed = 0;
    uint64_t cycles = 0;
    double modelled = 0;
    Json steps = Json::array();
    for (const Step& s : steps_) {
      failed += s.ok ? 0 : 1;
      cycles += s.dev.cycles;
      modelled += Modelled(s.dev);
      const bool c = s.dev.has_cycles != 0;  // else the cycle figures are null
      Json j = {{"step", s.name},
                {"unit", s.dev.unit},
                {"has_cycles", c},
                {"cycles", c ? Json(s.dev.cycles) : Json(nullptr)},
                {"utilization", c ? Json(s.dev.utilization) : Json(nullptr)},
                {"clock_mhz", c ? Json(ClockOf(s.dev)) : Json(nullptr)},
                {"modelled_seconds", c ? Json(Modelled(s.dev)) : Json(nullptr)},
                {"wall_seconds", s.dev.wall_seconds},
                {"cpu_wall_seconds", s.cpu_wall},
                {"check", s.ok}};
      if (!s.ok) j["mismatch"] = s.detail;
      steps.push_back(j);
    }
    const bool any_cycles = cycles > 0;
    if (o_.json) {
      std::cout << Json{{"device", dev_.Name()},
                        {"steps", steps},
                        {"total_cycles", any_cycles ? Json(cycles) : Json(nullptr)},
                        {"total_modelled_seconds", any_cycles ? Json(modelled) : Json(nullptr)},
                        {"passed", steps_.size() - failed},
                        {"failed", failed},
                        {"ok", failed == 0}}
                       .dump()
                << std::endl;
    } else {
      std::cout << "zkacc demo on " << dev_.Name() << ": " << steps_.size() - failed
                << " steps OK, " << failed << " failed";
      if (any_cycles) {
        std::cout << "; " << cycles << " device cycles in all, " << Fmt("%.3f ms", modelled * 1e3)
                  << " modelled (simulated cycles / clock, "
                  << "not a hardware measurement)";
      }
      std::cout << std::endl;
    }
    return failed == 0 ? kOk : kFailed;
  }

  DemoOptions o_;
  api::Device dev_;
  api::Device cpu_;
  api::Bases dev_bases_, cpu_bases_;
  std::vector<Step> steps_;
};

int RunDemo(const DemoOptions& o) {
  std::unique_ptr<Demo> demo;
  try {
    demo = std::make_unique<Demo>(o);
  } catch (const api::Error& e) {
    std::cerr << "zkacc demo: error: cannot open device \"" << DeviceName(o) << "\": " << e.what()
              << std::endl;
    std::string names;
    for (const std::string& n : api::EngineNames()) names += (names.empty() ? "" : ", ") + n;
    std::cerr << "zkacc demo: this zkacc has the engines: " << names
              << (e.status() == ZKACC_ERR_UNKNOWN_DEVICE
                      ? " (\"sim\" needs the driver and the Verilated kernel: a build with "
                        "ZKACC_BUILD_SIM=ON and driver/)"
                      : "")
              << "; run `zkacc demo --device cpu` to run the workload on the CPU" << std::endl;
    return kError;
  }
  try {
    return demo->Run();
  } catch (const std::exception& e) {
    std::cerr << "zkacc demo: error: " << e.what() << std::endl;
    return kError;
  }
}

}  // namespace

void AddDemoCommand(CLI::App& app) {
  auto opts = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "zkML proving workload (MSM, NTT, fused matmul+lookup, multiplicities) through "
      "the public API on a device, checked against the cpu device");
  cmd->add_option("--device", opts->device,
                  "device: sim (the RTL kernel under Verilator, default), sim:ddr, cpu, xrt:N");
  cmd->add_option("--clock-mhz", opts->clock_mhz,
                  "clock the cycles are modelled at (default: the device's, 300 MHz for sim)")
      ->check(CLI::Range(0.0, 10000.0));
  cmd->add_option("--seed", opts->seed, "seed of the random inputs");
  cmd->add_flag("--json", opts->json, "print one JSON object (progress goes to stderr)");
  cmd->final_callback([opts] {
    const int rc = RunDemo(*opts);
    std::cout.flush();
    std::cerr.flush();
    std::exit(rc);
  });
}

}  // namespace zkacc
