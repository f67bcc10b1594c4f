// SPDX-License-Identifier: Apache-2.0
//
// zkacc: command-line tool of the zkacc host library.
//
//   zkacc check FILE... [--backend cpu|sim] [--threads T] [-v]   recompute test-vector files
//   zkacc msm --log2n K [--curve bn254|bls12-381] [--scalars uniform|zkml|small16] ...
//   zkacc ntt --log2n K [--inverse] [--coset] [--backend cpu|sim] ...
//   zkacc selftest                                         (also: zkacc with no subcommand)
//
// Exit codes: 0 success, 1 a check or a test case failed, 2 bad arguments, unreadable or
// malformed input, or any other error.
//
// The self-checks are independent of the code they check:
//   msm  inputs are P_i = k_i*G with known k_i, so the result must be (sum k_i*s_i mod r)*G:
//        one sum in Fr and one double-and-add scalar multiplication (curve.h), no MSM code.
//   ntt  n <= 2^12: every output against the O(n^2) definition (Horner at each point);
//        larger n: a few outputs by Horner, and the opposite transform must restore the input.
//        The root of unity is recomputed here from the vectors' README (5^((r-1)/2^28)) and
//        must equal RootOfUnity() of ntt.h.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <iostream>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "cmd_demo.h"   // zkacc demo
#include "cmd_quant.h"  // zkacc matmul, zkacc lookup
#include "zkacc/check.h"
#include "zkacc/curve.h"
#include "zkacc/msm.h"
#include "zkacc/ntt.h"
#include "zkacc/parallel.h"
#include "zkacc/params.h"
#include "zkacc/random.h"
#include "zkacc/vectors.h"
#include "zkacc_model_commands.h"  // workload, simulate, sweep (models/, sim/arch/)
#if ZKACC_WITH_SIM_BACKEND  // defined by sim/CMakeLists.txt when ZKACC_BUILD_SIM is ON
#include "zkacc/sim/backend.h"
#endif

namespace zkacc {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using Rng = std::mt19937_64;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitError = 2;

constexpr unsigned kMaxMsmLog2 = 26;
constexpr unsigned kMaxNttLog2 = 28;
constexpr unsigned kDirectDftMaxLog2 = 12;  // larger NTTs are checked by round trip + spot values
constexpr size_t kSpotChecks = 4;           // outputs evaluated by Horner in the large check

// BN254 Fr NTT constants, from shared/vectors/README.md (not from params.h / ntt.cpp).
constexpr uint64_t kNttGenerator = 5;
constexpr unsigned kNttTwoAdicity = 28;

std::string Format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string Format(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list again;
  va_copy(again, args);
  const int len = std::vsnprintf(nullptr, 0, fmt, args);
  va_end(args);
  std::string out(len > 0 ? static_cast<size_t>(len) : 0, '\0');
  std::vsnprintf(out.data(), out.size() + 1, fmt, again);
  va_end(again);
  return out;
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Seeds of the two streams derived from --seed: points and NTT inputs use the seed itself.
uint64_t ScalarSeed(uint64_t seed) { return seed ^ 0x9e3779b97f4a7c15ULL; }

// ---------------------------------------------------------------------------------------------
// Runs and their reports.

struct OpReport {
  std::string op;     // "msm", "ntt"
  std::string backend = "cpu";
  std::string curve;  // "bn254", "bls12-381"
  std::string label;  // human description of the run
  unsigned log2n = 0;
  size_t n = 0;
  int threads = 0;
  uint64_t seed = 0;
  std::vector<double> seconds;  // wall time of each repetition of the operation alone
  std::optional<bool> check;    // nullopt: not requested
  std::string check_detail;
  std::string device_text;  // the sim backend's counters, one line
  std::string note;  // a further line of the text report (e.g. simulated cycles), or ""
  Json extra;  // op-specific keys (an object), or null

  double Median() const {
    std::vector<double> s = seconds;
    std::sort(s.begin(), s.end());
    const size_t m = s.size() / 2;
    return s.size() % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
  double Best() const { return *std::min_element(seconds.begin(), seconds.end()); }
  Json PerSecond() const {
    const double t = Median();
    return t > 0 ? Json(static_cast<double>(n) / t) : Json(nullptr);
  }
};

Json ToJson(const OpReport& r) {
  Json j = {{"op", r.op},
            {"backend", r.backend},
            {"curve", r.curve},
            {"n", r.n},
            {"log2n", r.log2n},
            {"threads", r.threads},
            {"seed", r.seed},
            {"repeat", r.seconds.size()},
            {"seconds", r.Median()},
            {"seconds_best", r.Best()},
            {"seconds_all", r.seconds},
            {"points_per_second", r.PerSecond()},
            {"check", r.check ? Json(*r.check) : Json(nullptr)}};
  if (r.extra.is_object()) j.update(r.extra);
  return j;
}

std::string TimingText(const OpReport& r) {
  std::string text = Format("%.3f ms", r.Median() * 1e3);
  if (r.seconds.size() > 1) {
    text += Format(" (median of %zu, best %.3f ms)", r.seconds.size(), r.Best() * 1e3);
  }
  if (r.Median() > 0) {
    text += Format(", %.3f M points/s", static_cast<double>(r.n) / r.Median() / 1e6);
  }
  return text;
}

void PrintReport(const OpReport& r, bool json) {
  if (json) {
    std::cout << ToJson(r).dump() << std::endl;
    return;
  }
  std::cout << r.label << ": " << TimingText(r) << "\n";
  if (!r.device_text.empty()) std::cout << r.device_text << "\n";
  if (!r.note.empty()) std::cout << r.note << "\n";
  if (r.check) {
    std::cout << "check: " << (*r.check ? "OK" : "FAILED") << " (" << r.check_detail << ")\n";
  }
}

// ---------------------------------------------------------------------------------------------
// MSM.

struct MsmArgs {
  unsigned log2n = 16;
  int threads = 0;
  uint64_t seed = 1;
  std::string curve = "bn254";
  bool check = false;
  bool json = false;
  unsigned window = 0;
  ScalarDist scalars = ScalarDist::kUniform;
  int repeat = 1;
  std::string backend = "cpu";
  double clock_mhz = 300;  // the clock the sim backend's cycles are modelled at
};

// (sum_i k_i s_i mod r) * G: the MSM result expected for P_i = k_i * G.
template <class C>
Affine<C> ExpectedMsm(const RandomPoints<C>& in, const std::vector<Scalar>& scalars) {
  using Fr = typename C::Fr;
  Fr sum = Fr::Zero();
  for (size_t i = 0; i < scalars.size(); ++i) {
    sum += in.dlogs[i] * Fr::FromCanonicalUnchecked(scalars[i]);
  }
  return Jacobian<C>::FromAffine(Affine<C>::Generator()).Mul(sum.ToCanonical()).ToAffine();
}

template <class C>
OpReport RunMsm(const MsmArgs& args) {
  OpReport report;
  report.op = "msm";
  report.curve = C::kName;
  report.log2n = args.log2n;
  report.n = size_t{1} << args.log2n;
  report.threads = ResolveThreads(args.threads);
  report.seed = args.seed;
  report.label = Format("msm %s n=2^%u threads=%d scalars=%s", C::kName, args.log2n, report.threads,
                        ScalarDistName(args.scalars));

  const RandomPoints<C> in = MakeRandomPoints<C>(report.n, args.seed, args.threads);
  const std::vector<Scalar> scalars =
      MakeRandomScalars<C>(report.n, args.scalars, ScalarSeed(args.seed));
  report.extra["scalars"] = ScalarDistName(args.scalars);
  report.extra["window"] = args.window;  // 0: chosen by the cost model / the device planner
  Affine<C> got;
  if (args.backend == "cpu") {
    const MsmConfig cfg{args.threads, args.window};
    MsmStats stats;
    for (int r = 0; r < args.repeat; ++r) {
      const Clock::time_point start = Clock::now();
      got = Msm(in.points.data(), scalars.data(), report.n, cfg, &stats).ToAffine();
      report.seconds.push_back(SecondsSince(start));
    }
    Json& msm_stats = report.extra["msm_stats"];
    msm_stats["skipped"] = stats.skipped;
    msm_stats["ones"] = stats.ones;
    msm_stats["groups"] = stats.groups;
    msm_stats["bucket_adds"] = stats.bucket_adds;
  } else {
#if ZKACC_WITH_SIM_BACKEND
    report.backend = args.backend;
    report.threads = 1;
    const std::unique_ptr<Backend> backend = MakeBackend(args.backend);
    SetSimMsmWindow(*backend, args.window);
    for (int r = 0; r < args.repeat; ++r) {
      const Clock::time_point start = Clock::now();
      got = backend->Msm(in.points.data(), scalars.data(), report.n);
      report.seconds.push_back(SecondsSince(start));
    }
    const sim::MsmRunStats st = SimBackendMsmRuns(*backend).back();
    const double modelled = static_cast<double>(st.cycles) / (args.clock_mhz * 1e6);
    report.extra["window"] = st.c;
    report.extra["cycles"] = st.cycles;
    report.extra["utilization"] = st.Utilization();
    report.extra["utilization_total"] = st.UtilizationTotal();
    report.extra["clock_mhz"] = args.clock_mhz;
    report.extra["modelled_seconds"] = modelled;
    report.extra["cycles_per_second"] = st.CyclesPerSecond();
    report.extra["cycles_per_digit"] = st.CyclesPerDigit();
    Json& d = report.extra["device"];
    d["unit"] = st.unit;
    d["windows"] = st.windows;
    d["accumulation_cycles"] = st.acc_cycles;
    d["readout_cycles"] = st.cycles - st.acc_cycles;
    d["digits"] = st.digits;
    d["bucket_adds"] = st.bucket_adds;
    d["pair_adds"] = st.pair_adds;
    d["first_adds"] = st.first_adds;
    d["bubbles_hazard"] = st.bubble_hazard;
    d["bubbles_starved"] = st.bubble_starved;
    d["bubbles_drain"] = st.bubble_drain;
    d["out_stalls"] = st.out_stall;
    d["pool_peak"] = st.pool_peak;
    d["host_extra_adds"] = st.extras;
    report.label = Format("msm %s n=2^%u backend=%s scalars=%s c=%u", C::kName, args.log2n,
                          args.backend.c_str(), ScalarDistName(args.scalars), st.c);
    report.device_text = Format(
        "device: %llu cycles (accumulation %llu, readout %llu), %llu additions (%llu into "
        "buckets, %llu pairs), utilization %.4f (whole run %.4f), %.3f cycles per digit; "
        "bubbles: hazard %llu, starved %llu, drain %llu; modelled %.3f ms at %.0f MHz; "
        "simulated at %.0f cycles/s",
        static_cast<unsigned long long>(st.cycles), static_cast<unsigned long long>(st.acc_cycles),
        static_cast<unsigned long long>(st.cycles - st.acc_cycles),
        static_cast<unsigned long long>(st.Additions()),
        static_cast<unsigned long long>(st.bucket_adds),
        static_cast<unsigned long long>(st.pair_adds), st.Utilization(), st.UtilizationTotal(),
        st.CyclesPerDigit(), static_cast<unsigned long long>(st.bubble_hazard),
        static_cast<unsigned long long>(st.bubble_starved),
        static_cast<unsigned long long>(st.bubble_drain), modelled * 1e3, args.clock_mhz,
        st.CyclesPerSecond());
#else
    throw std::invalid_argument("this zkacc was built without the sim backend (ZKACC_BUILD_SIM)");
#endif
  }
  if (args.check) {
    const Affine<C> expected = ExpectedMsm(in, scalars);
    report.check = got == expected;
    report.check_detail = "result == (sum k_i*s_i mod r)*G for the inputs P_i = k_i*G";
    if (got != expected) {
      report.check_detail += "; expected (" + expected.x.ToHex() + ", " + expected.y.ToHex() +
                             "), got (" + got.x.ToHex() + ", " + got.y.ToHex() + ")";
    }
  }
  return report;
}

OpReport RunMsmOnCurve(const MsmArgs& args) {
  if (args.curve == Bls12381G1::kName) return RunMsm<Bls12381G1>(args);
  return RunMsm<Bn254G1>(args);
}

// ---------------------------------------------------------------------------------------------
// NTT (BN254 Fr).

using Fr = bn254::Fr;

struct NttArgs {
  unsigned log2n = 16;
  int threads = 0;
  uint64_t seed = 1;
  std::string curve = "bn254";
  bool inverse = false;
  bool coset = false;
  bool check = false;
  bool json = false;
  int repeat = 1;
  std::string backend = "cpu";  // "sim": the NTT unit in RTL simulation (zkacc/sim/backend.h)
};

// w_n = ROOT^(2^(28 - log2n)) with ROOT = 5^((r-1)/2^28), independently of ntt.cpp.
Fr IndependentRootOfUnity(unsigned log2n) {
  Limbs<4> e = Fr::kModulus;
  e[0] -= 1;  // r - 1 (r is odd)
  for (unsigned k = 0; k < kNttTwoAdicity; ++k) {
    for (size_t i = 0; i < e.size(); ++i) {
      e[i] = (e[i] >> 1) | (i + 1 < e.size() ? e[i + 1] << 63 : 0);
    }
  }
  Fr w = Fr::FromU64(kNttGenerator).Pow(e);
  for (unsigned k = log2n; k < kNttTwoAdicity; ++k) w = w.Square();
  return w;
}

// Output j of the transform of x by its definition (ntt.h, vectors README): a Horner
// evaluation of the polynomial x at z_j, times a scale.
class NttDefinition {
 public:
  NttDefinition(size_t n, const Fr& w, bool inverse, bool coset)
      : inverse_(inverse),
        coset_(coset),
        g_(Fr::FromU64(kNttGenerator)),
        g_inv_(g_.Inverse()),
        base_(inverse ? w.Inverse() : w),
        n_inv_(Fr::FromU64(n).Inverse()) {}

  Fr Output(const std::vector<Fr>& x, size_t j) const {
    Fr z = base_.Pow(j);
    if (coset_ && !inverse_) z *= g_;
    Fr acc = Fr::Zero();
    for (size_t k = x.size(); k-- > 0;) acc = acc * z + x[k];
    if (!inverse_) return acc;
    acc *= n_inv_;
    return coset_ ? acc * g_inv_.Pow(j) : acc;
  }

 private:
  bool inverse_, coset_;
  Fr g_, g_inv_, base_, n_inv_;
};

struct CheckOutcome {
  bool ok = true;
  std::string detail;
};

// Compares y at `indices` with the definition; appends the first mismatch to `out`.
void CompareOutputs(const std::vector<Fr>& x, const std::vector<Fr>& y,
                    const std::vector<size_t>& indices, const NttDefinition& def, int threads,
                    CheckOutcome& out) {
  std::vector<Fr> expected(indices.size());
  ParallelFor(indices.size(), threads, [&](size_t i) { expected[i] = def.Output(x, indices[i]); });
  size_t wrong = 0;
  for (size_t i = 0; i < indices.size(); ++i) {
    if (expected[i] == y[indices[i]]) continue;
    if (wrong++ == 0) {
      out.detail += Format("; output %zu: expected ", indices[i]) + expected[i].ToHex() + ", got " +
                    y[indices[i]].ToHex();
    }
  }
  if (wrong > 0) {
    out.ok = false;
    out.detail += Format(" (%zu of %zu checked outputs wrong)", wrong, indices.size());
  }
}

// `y` is the transform of `x` (y may be modified).
CheckOutcome CheckNtt(const std::vector<Fr>& x, std::vector<Fr>& y, const NttArgs& args, Rng& rng) {
  const size_t n = x.size();
  CheckOutcome out;
  const Fr w = IndependentRootOfUnity(args.log2n);
  if (n >= 2 && w.Pow(n / 2) != -Fr::One()) {
    return {false, "internal: the recomputed root of unity is not primitive"};
  }
  const Fr w_lib = RootOfUnity<Fr>(n);
  if (w_lib != w) {
    out.ok = false;
    out.detail = "RootOfUnity(n) = " + w_lib.ToHex() +
                 " differs from 5^((r-1)/2^28)^(2^(28-k)) = " + w.ToHex() + "; ";
  }
  const NttDefinition def(n, w, args.inverse, args.coset);
  if (args.log2n <= kDirectDftMaxLog2) {
    out.detail += Format("all %zu outputs equal the O(n^2) definition", n);
    std::vector<size_t> all(n);
    for (size_t j = 0; j < n; ++j) all[j] = j;
    CompareOutputs(x, y, all, def, args.threads, out);
    return out;
  }
  std::set<size_t> spots = {0, n - 1};
  while (spots.size() < kSpotChecks) spots.insert(static_cast<size_t>(rng() % n));
  const std::vector<size_t> indices(spots.begin(), spots.end());
  out.detail += Format("outputs %zu, %zu, %zu, %zu equal Horner evaluations of the definition",
                       indices[0], indices[1], indices[2], indices[3]);
  CompareOutputs(x, y, indices, def, args.threads, out);
  Ntt(y.data(), n, args.inverse ? NttDirection::kForward : NttDirection::kInverse,
      NttConfig{args.threads, args.coset});
  out.detail += "; the opposite transform restores the input";
  if (y != x) {
    out.ok = false;
    out.detail += ": FAILED";
  }
  return out;
}

// The transform on a registered backend other than "cpu" (the sim backend: the NTT unit in
// RTL simulation). Wall time is simulation time; the unit's cycles (memory model included),
// butterflies per cycle per lane and the time modelled at kSimClockMhz go to the report.
void RunNttOnBackend(const NttArgs& args, const std::vector<Fr>& x, std::vector<Fr>& y,
                     OpReport& report) {
  const std::unique_ptr<Backend> backend = MakeBackend(args.backend, BackendOptions{1});
  report.backend = args.backend;
  report.threads = 1;
  report.label = Format("ntt bn254 Fr n=2^%u backend=%s %s%s", args.log2n, args.backend.c_str(),
                        args.inverse ? "inverse" : "forward", args.coset ? " coset" : "");
  const NttDirection dir = args.inverse ? NttDirection::kInverse : NttDirection::kForward;
  for (int r = 0; r < args.repeat; ++r) {
    std::copy(x.begin(), x.end(), y.begin());
    const Clock::time_point start = Clock::now();
    backend->Ntt(y.data(), report.n, dir, args.coset);
    report.seconds.push_back(SecondsSince(start));
  }
#if ZKACC_WITH_SIM_BACKEND
  for (const SimUnitStats& s : SimBackendStats(*backend)) {
    if (s.lanes == 0 || s.ops == 0) continue;
    const double cycles = static_cast<double>(s.cycles) / static_cast<double>(s.ops);
    const double modelled = cycles / (kSimClockMhz * 1e6);
    report.extra["cycles"] = static_cast<uint64_t>(cycles);
    report.extra["utilization"] = s.Utilization();
    report.extra["clock_mhz"] = kSimClockMhz;
    report.extra["modelled_seconds"] = modelled;
    report.extra["lanes"] = s.lanes;
    report.extra["unit"] = s.unit;
    report.extra["sim_cycles_per_second"] = s.seconds > 0 ? s.cycles / s.seconds : 0.0;
    report.note = Format(
        "%s: %.0f cycles per transform (memory model included), utilization %.4f "
        "butterflies/cycle/lane (%u lanes), %.3f ms modelled at %.0f MHz; simulated at %.0f "
        "cycles/s",
        s.unit.c_str(), cycles, s.Utilization(), s.lanes, modelled * 1e3, kSimClockMhz,
        s.seconds > 0 ? s.cycles / s.seconds : 0.0);
  }
#endif
}

OpReport RunNtt(const NttArgs& args) {
  OpReport report;
  report.op = "ntt";
  report.curve = "bn254";
  report.log2n = args.log2n;
  report.n = size_t{1} << args.log2n;
  report.threads = ResolveThreads(args.threads);
  report.seed = args.seed;
  const char* direction = args.inverse ? "inverse" : "forward";
  report.label = Format("ntt bn254 Fr n=2^%u threads=%d %s%s", args.log2n, report.threads,
                        direction, args.coset ? " coset" : "");
  report.extra["direction"] = direction;
  report.extra["coset"] = args.coset;

  std::vector<Fr> x;
  x.reserve(report.n);
  for (const Scalar& v : MakeRandomScalars<Bn254G1>(report.n, ScalarDist::kUniform, args.seed)) {
    x.push_back(Fr::FromCanonicalUnchecked(v));  // uniform below r
  }
  std::vector<Fr> y(report.n);
  Rng rng(ScalarSeed(args.seed));  // spot-check indices
  const NttDirection dir = args.inverse ? NttDirection::kInverse : NttDirection::kForward;
  if (args.backend != "cpu") {
    RunNttOnBackend(args, x, y, report);
  } else {
    for (int r = 0; r < args.repeat; ++r) {
      std::copy(x.begin(), x.end(), y.begin());
      const Clock::time_point start = Clock::now();
      Ntt(y.data(), report.n, dir, NttConfig{args.threads, args.coset});
      report.seconds.push_back(SecondsSince(start));
    }
  }
  if (args.check) {
    const CheckOutcome outcome = CheckNtt(x, y, args, rng);
    report.check = outcome.ok;
    report.check_detail = outcome.detail;
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Subcommands.

int RunCheck(const std::vector<std::string>& files, const std::string& backend_name, int threads,
             bool verbose) {
  const std::unique_ptr<Backend> backend = MakeBackend(backend_name, BackendOptions{threads});
  size_t passed = 0;
  size_t failed = 0;
  bool bad_file = false;
  for (const std::string& file : files) {
    try {
      const Clock::time_point start = Clock::now();
      const CheckResult result = CheckFile(file, *backend);
      for (const std::string& line : result.failures) std::cout << line << "\n";
      passed += result.passed;
      failed += result.failed;
      if (verbose) {
        std::cout << Format("%s %s: %zu passed, %zu failed (%s, %.3f s)\n",
                            result.ok() ? "ok  " : "FAIL", file.c_str(), result.passed,
                            result.failed, VectorKindName(result.kind), SecondsSince(start));
      }
    } catch (const VectorError& e) {
      std::cout.flush();
      std::cerr << e.what() << std::endl;
      bad_file = true;
    }
  }
#if ZKACC_WITH_SIM_BACKEND
  const std::string sim_report = SimBackendReport(*backend);  // cycles per RTL unit
  if (!sim_report.empty()) std::cout << sim_report << "\n";
#endif
  std::cout << passed << " passed, " << failed << " failed" << std::endl;
  if (bad_file) return kExitError;
  return failed > 0 ? kExitFailed : kExitOk;
}

int RunMsmCommand(const MsmArgs& args) {
  const OpReport report = RunMsmOnCurve(args);
  PrintReport(report, args.json);
  return report.check.value_or(true) ? kExitOk : kExitFailed;
}

int RunNttCommand(const NttArgs& args) {
  if (args.curve != "bn254") {
    std::cerr << "zkacc ntt: error: curve '" << args.curve
              << "' is not supported; the NTT runs over BN254 Fr (--curve bn254)" << std::endl;
    return kExitError;
  }
  OpReport report;
  try {
    report = RunNtt(args);
  } catch (const std::invalid_argument& e) {  // an unknown backend, a size the unit cannot do
    std::cerr << "zkacc ntt: error: " << e.what() << std::endl;
    return kExitError;
  }
  PrintReport(report, args.json);
  return report.check.value_or(true) ? kExitOk : kExitFailed;
}

// A small fixed demo of every operation with its independent self-check.
int RunSelftest(int threads, uint64_t seed) {
  std::vector<std::function<OpReport()>> runs;
  const auto msm = [&](const std::string& curve, unsigned log2n, ScalarDist dist) {
    MsmArgs a;
    a.curve = curve;
    a.log2n = log2n;
    a.scalars = dist;
    a.threads = threads;
    a.seed = seed;
    a.check = true;
    runs.push_back([a] { return RunMsmOnCurve(a); });
  };
  const auto ntt = [&](unsigned log2n, bool inverse, bool coset) {
    NttArgs a;
    a.log2n = log2n;
    a.inverse = inverse;
    a.coset = coset;
    a.threads = threads;
    a.seed = seed;
    a.check = true;
    runs.push_back([a] { return RunNtt(a); });
  };
  msm("bn254", 16, ScalarDist::kUniform);
  msm("bn254", 16, ScalarDist::kZkml);
  msm("bls12-381", 12, ScalarDist::kUniform);
  ntt(16, false, false);
  ntt(16, true, true);
  ntt(10, false, true);

  std::cout << Format("zkacc selftest: cpu backend, %d threads, seed %llu\n",
                      ResolveThreads(threads), static_cast<unsigned long long>(seed));
  size_t passed = 0;
  size_t failed = 0;
  for (const auto& run : runs) {
    try {
      const OpReport r = run();
      const bool ok = r.check.value_or(false);
      if (ok) {
        ++passed;
      } else {
        ++failed;
      }
      std::cout << (ok ? "OK     " : "FAILED ") << r.label << ": " << TimingText(r) << "\n"
                << "       check: " << r.check_detail << "\n";
    } catch (const std::exception& e) {
      ++failed;
      std::cout << "FAILED " << e.what() << "\n";
    }
  }
  std::cout << passed << " passed, " << failed << " failed" << std::endl;
  return failed > 0 ? kExitFailed : kExitOk;
}

// ---------------------------------------------------------------------------------------------
// Command line.

void AddCommonOptions(CLI::App* cmd, unsigned max_log2, unsigned* log2n, int* threads,
                      uint64_t* seed, std::string* curve, bool* check, bool* json, int* repeat) {
  cmd->add_option("--log2n", *log2n, "log2 of the size n")
      ->required()
      ->default_str("")
      ->check(CLI::Range(0u, max_log2));
  cmd->add_option("--threads", *threads, "worker threads (0 = all hardware threads)")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--seed", *seed, "seed of the random inputs");
  cmd->add_option("--curve", *curve, "curve: bn254 or bls12-381")
      ->check(CLI::IsMember({std::string("bn254"), std::string("bls12-381")}));
  cmd->add_flag("--check", *check, "verify the result with an independent computation");
  cmd->add_flag("--json", *json, "print one JSON object instead of text");
  cmd->add_option("--repeat", *repeat, "timed repetitions (the median is reported)")
      ->check(CLI::Range(1, 1000000));
}

int Main(int argc, char** argv) {
#if ZKACC_WITH_SIM_BACKEND
  RegisterSimBackend();  // "sim": the RTL units under Verilator
#endif
  CLI::App app{"zkacc: zero-knowledge-proof accelerator, CPU library tool"};
  app.require_subcommand(0, 1);
  app.option_defaults()->always_capture_default();  // --help shows the defaults

  std::vector<std::string> files;
  std::string backend = "cpu";
  int check_threads = 0;
  bool verbose = false;
  CLI::App* check = app.add_subcommand("check", "recompute test-vector files with a backend");
  check->add_option("files", files, "vector files (fq_ops.txt, msm_n7.txt, ...)")->required();
  std::string backend_names;
  for (const std::string& name : BackendNames()) {
    backend_names += (backend_names.empty() ? "" : ", ") + name;
  }
  check->add_option("--backend", backend, "backend name (" + backend_names + ")");
  check->add_option("--threads", check_threads, "worker threads (0 = all hardware threads)")
      ->check(CLI::Range(0, 4096));
  check->add_flag("-v,--verbose", verbose, "print a summary line per file");

  MsmArgs msm;
  std::string scalars = "uniform";
  CLI::App* msm_cmd = app.add_subcommand("msm", "time a random MSM");
  AddCommonOptions(msm_cmd, kMaxMsmLog2, &msm.log2n, &msm.threads, &msm.seed, &msm.curve,
                   &msm.check, &msm.json, &msm.repeat);
  msm_cmd->add_option("--window", msm.window, "Pippenger window bits (0 = cost model)");
  msm_cmd->add_option("--backend", msm.backend,
                      "cpu; sim: the RTL MSM engine under Verilator; sim-fast: the same RTL with "
                      "behavioural multipliers (cycle-identical, faster to simulate)")
      ->check(CLI::IsMember({std::string("cpu"), std::string("sim"), std::string("sim-fast")}));
  msm_cmd->add_option("--clock-mhz", msm.clock_mhz,
                      "clock at which the sim backend's cycles are modelled")
      ->check(CLI::PositiveNumber);
  msm_cmd->add_option("--scalars", scalars, "scalar distribution: uniform, zkml or small16")
      ->check(CLI::IsMember({std::string("uniform"), std::string("zkml"), std::string("small16")}));

  NttArgs ntt;
  CLI::App* ntt_cmd = app.add_subcommand("ntt", "time a random NTT over BN254 Fr");
  AddCommonOptions(ntt_cmd, kMaxNttLog2, &ntt.log2n, &ntt.threads, &ntt.seed, &ntt.curve,
                   &ntt.check, &ntt.json, &ntt.repeat);
  ntt_cmd->add_flag("--inverse", ntt.inverse, "inverse transform");
  ntt_cmd->add_flag("--coset", ntt.coset, "coset transform (shift 5)");
  ntt_cmd->add_option("--backend", ntt.backend,
                      "cpu, or sim: the NTT unit in RTL simulation (cycles, utilization, time "
                      "modelled at 300 MHz)")
      ->check(CLI::IsMember({std::string("cpu"), std::string("sim")}));

  int selftest_threads = 0;
  uint64_t selftest_seed = 1;
  CLI::App* selftest =
      app.add_subcommand("selftest", "embedded demo with self-checks (the default command)");
  selftest->add_option("--threads", selftest_threads, "worker threads (0 = all hardware threads)")
      ->check(CLI::Range(0, 4096));
  selftest->add_option("--seed", selftest_seed, "seed of the random inputs");

  ModelCommands model_commands(&app);

  const auto quant = AddQuantCommands(app);
  AddDemoCommand(app);  // runs and exits from its own callback
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }

  if (model_commands.Parsed()) return model_commands.Run();
  if (check->parsed()) return RunCheck(files, backend, check_threads, verbose);
  if (msm_cmd->parsed()) {
    msm.scalars = ParseScalarDist(scalars);
    return RunMsmCommand(msm);
  }
  if (ntt_cmd->parsed()) return RunNttCommand(ntt);
  if (const int rc = RunQuantCommands(*quant); rc >= 0) return rc;
  return RunSelftest(selftest_threads, selftest_seed);
}

}  // namespace
}  // namespace zkacc

int main(int argc, char** argv) {
  try {
    return zkacc::Main(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "zkacc: error: out of memory" << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "zkacc: error: " << e.what() << std::endl;
  }
  return zkacc::kExitError;
}
