// SPDX-License-Identifier: Apache-2.0
#include "zkacc_model_commands.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "zkacc/models/arch_config.h"
#include "zkacc/models/lower.h"
#include "zkacc/models/model.h"
#include "zkacc/models/trace.h"
#include "zkacc_svg.h"
#if ZKACC_WITH_ARCH
#include "zkacc/arch/simulator.h"
#endif
#if ZKACC_WITH_ARCH && ZKACC_WITH_SIM_BACKEND  // zkacc calibrate: the RTL units under Verilator
#include <cstdio>
#include <random>

#include "zkacc/check.h"
#include "zkacc/curve.h"
#include "zkacc/ntt.h"
#include "zkacc/params.h"
#include "zkacc/quant.h"
#include "zkacc/random.h"
#include "zkacc/sim/backend.h"
#include "zkacc/sim/quant_sim.h"
#if __has_include(<verilated_config.h>)
#include <verilated_config.h>  // VERILATOR_VERSION
#endif
#endif

namespace zkacc {

using Json = nlohmann::json;
namespace m = models;

struct ModelCommands::State {
  CLI::App* workload = nullptr;
  CLI::App* simulate = nullptr;
  CLI::App* sweep = nullptr;
  std::vector<std::string> models;
  std::string model = "twitter";
  std::string arch = "u55c";
  std::string style = "tensorplonk";
  std::string calibration = "rtl";  // models/calibration/rtl.json (zkacc calibrate)
  // zkacc calibrate.
  CLI::App* calibrate = nullptr;
  std::string out = "models/calibration/rtl.json", points, md_table;
  unsigned min_log2n = 10, max_log2n = 16;
  bool quick = false, compare = false;
  double tolerance = 5.0;
  uint64_t seed = 1;
  std::string trace_out, svg, csv, md;
  std::vector<std::string> params;
  bool json = false;
  bool ignore_resources = false;
  bool quiet = false;
};

namespace {

constexpr int kExitOk = 0;
constexpr int kExitError = 2;

std::string Fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::string Seconds(double s) {
  if (s >= 1) return Fmt("%.3f s", s);
  if (s >= 1e-3) return Fmt("%.3f ms", s * 1e3);
  return Fmt("%.3f us", s * 1e6);
}

std::string Count(double v) {
  if (v >= 1e9) return Fmt("%.2f G", v / 1e9);
  if (v >= 1e6) return Fmt("%.2f M", v / 1e6);
  if (v >= 1e3) return Fmt("%.1f k", v / 1e3);
  return Fmt("%.0f", v);
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error(path + ": cannot write");
  out << text;
  if (!out) throw std::runtime_error(path + ": write failed");
}

// "msm:K[:dense|small|binary]" and "ntt:K": one operation of size 2^K, for unit figures.
bool SyntheticTrace(const std::string& w, m::Trace* t) {
  std::vector<std::string> parts;
  std::stringstream ss(w);
  for (std::string p; std::getline(ss, p, ':');) parts.push_back(p);
  if (parts.size() < 2 || (parts[0] != "msm" && parts[0] != "ntt")) return false;
  unsigned k = 0;
  try {
    size_t pos = 0;
    k = static_cast<unsigned>(std::stoul(parts[1], &pos));
    if (pos != parts[1].size() || k < 1 || k > 32) throw std::invalid_argument("k");
  } catch (const std::exception&) {
    throw std::runtime_error("workload \"" + w + "\": the size must be log2 n in 1..32");
  }
  t->model = w;
  t->style = "single-op";
  m::Op op;
  op.n = uint64_t{1} << k;
  op.label = w;
  op.phase = parts[0];
  if (parts[0] == "msm") {
    op.kind = m::OpKind::kMsm;
    const std::string dist = parts.size() > 2 ? parts[2] : "dense";
    if (dist == "dense")
      op.scalars = m::ScalarKind::kDense, op.scalar_bits = 254;
    else if (dist == "small")
      op.scalars = m::ScalarKind::kSmall, op.scalar_bits = 16;
    else if (dist == "binary")
      op.scalars = m::ScalarKind::kBinary, op.scalar_bits = 1;
    else if (dist == "zkml")
      op.scalars = m::ScalarKind::kZkml, op.scalar_bits = 254;
    else
      throw std::runtime_error("workload \"" + w + "\": scalars dense, small, binary or zkml");
  } else {
    op.kind = m::OpKind::kNtt;
  }
  t->Add(op);
  return true;
}

m::Trace ResolveTrace(const std::string& workload, const std::string& style) {
  m::Trace t;
  if (SyntheticTrace(workload, &t)) return t;
  if (workload.size() > 5 && workload.substr(workload.size() - 5) == ".json") {
    std::ifstream in(workload, std::ios::binary);
    if (!in) throw std::runtime_error(workload + ": cannot open");
    Json j;
    try {
      j = Json::parse(in);
    } catch (const Json::parse_error& e) {
      throw std::runtime_error(workload + ": malformed JSON: " + e.what());
    }
    if (j.is_object() && j.contains("format")) return m::TraceFromJson(j, workload);
    return m::Lower(m::ModelFromJson(j, workload), style);
  }
  return m::Lower(m::LoadModel(workload), style);
}

std::vector<std::string> Styles(const std::string& s) {
  if (s == "both") return {"tensorplonk", "halo2"};
  if (s == "tensorplonk" || s == "halo2") return {s};
  throw std::runtime_error("unknown --style \"" + s + "\" (tensorplonk, halo2, both)");
}

int RunWorkload(const ModelCommands::State& s) {
  std::vector<std::string> names = s.models;
  if (names.empty()) names = m::ModelNames();
  Json all = Json::array();
  if (!s.json) {
    std::printf("%-14s %-12s %7s %6s %10s %9s %9s %9s %9s %6s %10s %8s %10s\n", "model", "style",
                "ops", "MSMs", "MSM pts", "dense", "small", "binary", "max MSM", "NTTs",
                "NTT elems", "lookups", "inversions");
  }
  for (const std::string& name : names) {
    for (const std::string& style : Styles(s.style)) {
      const m::Trace t = ResolveTrace(name, style);
      const m::TraceSummary sum = m::Summarize(t);
      if (!s.trace_out.empty()) {
        std::string path = s.trace_out;
        if (names.size() > 1 || s.style == "both") {
          path += "." + name + "." + style + ".json";
        }
        WriteFile(path, m::ToJson(t).dump(1) + "\n");
      }
      if (s.json) {
        Json j = m::ToJson(sum);
        j["model"] = name;
        j["style"] = style;
        j["assumptions"] = t.assumptions;
        all.push_back(j);
        continue;
      }
      std::printf("%-14s %-12s %7llu %6llu %10s %9s %9s %9s %9s %6llu %10s %8llu %10s\n",
                  name.c_str(), style.c_str(), static_cast<unsigned long long>(sum.ops),
                  static_cast<unsigned long long>(sum.msms), Count(sum.msm_points).c_str(),
                  Count(sum.msm_points_by_scalars.at("dense")).c_str(),
                  Count(sum.msm_points_by_scalars.at("small")).c_str(),
                  Count(sum.msm_points_by_scalars.at("binary")).c_str(), Count(sum.max_msm).c_str(),
                  static_cast<unsigned long long>(sum.ntts), Count(sum.ntt_elements).c_str(),
                  static_cast<unsigned long long>(sum.histograms),
                  Count(sum.field_inversions).c_str());
    }
  }
  if (s.json) std::cout << (all.size() == 1 ? all[0] : all).dump() << std::endl;
  return kExitOk;
}

#if ZKACC_WITH_ARCH

const std::map<std::string, std::string>& ParamAliases() {
  static const std::map<std::string, std::string> kAliases = {
      {"adders", "/units/msm/adders"},
      {"msm_units", "/units/msm/count"},
      {"window_bits", "/units/msm/window_bits"},
      {"window", "/units/msm/window_bits"},
      {"clock", "/clock_mhz"},
      {"clock_mhz", "/clock_mhz"},
      {"butterflies", "/units/ntt/butterflies"},
      {"stream_lanes", "/units/ntt/stream_lanes"},
      {"lanes", "/units/lookup/lanes"},
      {"ntt_units", "/units/ntt/count"},
      {"channel_gbps", "/memory/channel_gbps"},
      {"bandwidth", "/memory/channel_gbps"},
      {"link_gbps", "/host_link/gbps"}};
  return kAliases;
}

struct Param {
  std::string name, pointer;
  std::vector<double> values;
};

Param ParseParam(const std::string& spec) {
  const size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    throw std::runtime_error("--param \"" + spec + "\": expected NAME=v1,v2,...");
  }
  Param p;
  p.name = spec.substr(0, eq);
  const auto& a = ParamAliases();
  if (a.count(p.name)) {
    p.pointer = a.at(p.name);
  } else if (p.name[0] == '/') {
    p.pointer = p.name;  // a JSON pointer into the configuration
  } else {
    std::string known;
    for (const auto& [k, v] : a) known += (known.empty() ? "" : ", ") + k;
    throw std::runtime_error("--param: unknown parameter \"" + p.name + "\" (" + known +
                             ", or a JSON pointer such as /units/msm/adders)");
  }
  std::stringstream ss(spec.substr(eq + 1));
  for (std::string v; std::getline(ss, v, ',');) {
    try {
      size_t pos = 0;
      p.values.push_back(std::stod(v, &pos));
      if (pos != v.size()) throw std::invalid_argument(v);
    } catch (const std::exception&) {
      throw std::runtime_error("--param " + p.name + ": \"" + v + "\" is not a number");
    }
  }
  return p;
}

Json ResultJson(const arch::SimResult& r, const m::ArchConfig& a, const m::Trace& t,
                const std::string& workload) {
  Json util = Json::object();
  Json units = Json::array();
  for (const auto& u : r.units) {
    util[u.name] = u.utilization;
    units.push_back({{"name", u.name},
                     {"instances", u.instances},
                     {"ops", u.ops},
                     {"busy_seconds", u.busy_seconds},
                     {"utilization", u.utilization}});
  }
  Json j = {{"op", "simulate"},
            {"backend", "systemc-arch"},
            {"workload", workload},
            {"model", t.model},
            {"style", t.style},
            {"curve", t.curve},
            {"arch", a.name},
            {"clock_mhz", a.clock_mhz},
            {"resources", a.ResourceJson()},
            {"modelled_seconds", r.modelled_seconds},
            {"cycles", std::llround(r.modelled_seconds * a.clock_mhz * 1e6)},
            {"utilization", util},
            {"units", units},
            {"busy_seconds_by_kind", r.busy_seconds_by_kind},
            {"busy_seconds_by_phase", r.busy_seconds_by_phase},
            {"memory_bytes", r.memory_bytes},
            {"link_bytes", r.link_bytes},
            {"msm_point_additions", r.msm_point_additions},
            {"reset_sweep_seconds", r.reset_sweep_seconds},
            {"reset_sweep_cycles", r.reset_sweep_cycles},
            {"energy_joules", r.energy_joules ? Json(*r.energy_joules) : Json(nullptr)},
            {"ops", r.ops},
            {"calibration_status", r.calibration_status},
            {"calibrated", r.calibrated},
            {"wall_seconds", r.wall_seconds},
            {"trace", m::ToJson(m::Summarize(t))}};
  return j;
}

// Progress on stderr for long runs: nothing during the first second, then a line at most every
// half second ("\r"-updated on a terminal), and a closing line once something was printed.
class ProgressPrinter {
 public:
  ProgressPrinter(bool quiet, std::string what)
      : quiet_(quiet),
        what_(std::move(what)),
        start_(std::chrono::steady_clock::now()),
        tty_(isatty(2) != 0) {}
  void operator()(uint64_t done, uint64_t total, const char* unit) {
    if (quiet_) return;
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - start_).count();
    const bool last = done == total;
    if (!(last && printed_) && (since < 1.0 || (printed_ && now - last_ < kEvery))) return;
    last_ = now;
    printed_ = true;
    std::fprintf(stderr, "%s%s: %llu / %llu %s (%.0f%%, %.1f s)%s", tty_ ? "\r" : "", what_.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 unit, 100.0 * static_cast<double>(done) / static_cast<double>(total), since,
                 tty_ && !last ? "" : "\n");
  }

 private:
  static constexpr std::chrono::milliseconds kEvery{500};
  bool quiet_;
  std::string what_;
  std::chrono::steady_clock::time_point start_, last_;
  bool tty_;
  bool printed_ = false;
};

int RunSimulate(const ModelCommands::State& s) {
  const m::ArchConfig a = m::LoadArch(s.arch, !s.ignore_resources);
  const m::Calibration cal = m::LoadCalibration(s.calibration);
  const m::Trace t = ResolveTrace(s.model, s.style);
  arch::SimOptions opt;
  auto progress = std::make_shared<ProgressPrinter>(s.quiet, "simulate " + s.model);
  opt.progress = [progress](uint64_t done, uint64_t total) { (*progress)(done, total, "ops"); };
  const arch::SimResult r = arch::Simulate(t, a, cal, opt);
  if (!s.svg.empty()) {
    double max_busy = 0;
    for (const auto& [k, v] : r.busy_seconds_by_kind) max_busy = std::max(max_busy, v);
    const bool in_s = max_busy >= 1;
    std::vector<svg::Bar> kinds, util;
    for (const auto& [k, v] : r.busy_seconds_by_kind) kinds.push_back({k, in_s ? v : v * 1e3});
    for (const auto& u : r.units) util.push_back({u.name, 100 * u.utilization});
    double h1 = 0, h2 = 0;
    const std::string title = s.model + " (" + t.style + ") on " + a.name + ": " +
                              Seconds(r.modelled_seconds) + " modelled (" + r.calibration_status +
                              ")";
    const std::string c1 = svg::BarChart(title + "; unit-busy time by operation kind",
                                         in_s ? "s" : "ms", kinds, 1100, &h1);
    const std::string c2 =
        svg::BarChart("unit utilization (busy / modelled time)", "%", util, 1100, &h2);
    WriteFile(s.svg, svg::Document({{c1, h1}, {c2, h2}}, 1100));
  }
  if (s.json) {
    std::cout << ResultJson(r, a, t, s.model).dump() << std::endl;
    return kExitOk;
  }
  const m::TraceSummary sum = m::Summarize(t);
  std::printf(
      "workload   %s (%s style): %llu ops, %llu MSMs / %s points, %llu NTTs / %s "
      "elements, %llu lookups\n",
      s.model.c_str(), t.style.c_str(), static_cast<unsigned long long>(sum.ops),
      static_cast<unsigned long long>(sum.msms), Count(sum.msm_points).c_str(),
      static_cast<unsigned long long>(sum.ntts), Count(sum.ntt_elements).c_str(),
      static_cast<unsigned long long>(sum.histograms));
  std::printf(
      "arch       %s (%s, %.0f MHz): %u MSM x %u adders (c = %u), %u NTT x %u "
      "butterflies (%u stream lanes), %u lookup x %u lanes; memory %u x %.3g GB/s, host link "
      "%.3g GB/s\n",
      a.name.c_str(), a.kind.c_str(), a.clock_mhz, a.msm.count, a.msm.adders, a.msm.window_bits,
      a.ntt.count, a.ntt.butterflies, a.ntt.Streams(), a.lookup.count, a.lookup.lanes,
      a.memory_channels, a.channel_gbps, a.link_gbps);
  std::printf("resources\n%s", a.ResourceReport().c_str());
  std::printf("calibration %s\n", r.calibration_status.c_str());
  std::printf("modelled   %s (%s cycles at %.0f MHz; modelled, not measured)\n",
              Seconds(r.modelled_seconds).c_str(),
              Count(r.modelled_seconds * a.clock_mhz * 1e6).c_str(), a.clock_mhz);
  std::printf("%-10s %9s %7s %12s %11s\n", "unit", "instances", "ops", "busy", "utilization");
  for (const auto& u : r.units) {
    std::printf("%-10s %9u %7llu %12s %10.1f%%\n", u.name.c_str(), u.instances,
                static_cast<unsigned long long>(u.ops), Seconds(u.busy_seconds).c_str(),
                100 * u.utilization);
  }
  std::printf("busy by kind:");
  for (const auto& [k, v] : r.busy_seconds_by_kind)
    std::printf("  %s %s", k.c_str(), Seconds(v).c_str());
  std::printf("\nbusy by phase:");
  for (const auto& [k, v] : r.busy_seconds_by_phase)
    std::printf("  %s %s", k.c_str(), Seconds(v).c_str());
  std::printf("\nbytes      device memory %sB, host link %sB\n", Count(r.memory_bytes).c_str(),
              Count(r.link_bytes).c_str());
  if (r.energy_joules) std::printf("energy     %.4g J (modelled)\n", *r.energy_joules);
  if (r.reset_sweep_cycles > 0) {
    std::printf("reset      %s once after a device reset (the MSM bucket memory's sweep, %s "
                "cycles; not in the modelled time)\n",
                Seconds(r.reset_sweep_seconds).c_str(), Count(r.reset_sweep_cycles).c_str());
  }
  std::printf("wall       %.3f s of simulation\n", r.wall_seconds);
  return kExitOk;
}

void SetPointer(Json* j, const std::string& pointer, double v) {
  const Json::json_pointer p(pointer);
  const bool integral = std::floor(v) == v;
  if (integral) {
    (*j)[p] = static_cast<int64_t>(v);
  } else {
    (*j)[p] = v;
  }
}

int RunSweep(const ModelCommands::State& s) {
  if (s.params.empty() || s.params.size() > 2) {
    throw std::runtime_error("sweep: give one or two --param NAME=v1,v2,...");
  }
  std::vector<Param> ps;
  for (const std::string& p : s.params) ps.push_back(ParseParam(p));
  const Json base = m::ArchJson(s.arch);
  const m::Calibration cal = m::LoadCalibration(s.calibration);
  const m::Trace t = ResolveTrace(s.model, s.style);
  const std::vector<double> second = ps.size() > 1 ? ps[1].values : std::vector<double>{0};
  const size_t total = ps[0].values.size() * second.size();

  std::ostringstream csv, md;
  csv << ps[0].name << (ps.size() > 1 ? "," + ps[1].name : "")
      << ",status,modelled_seconds,msm_util,ntt_util,lookup_util,memory_bytes,energy_joules,"
         "calibration\n";
  const std::string cal_col = ",\"" + cal.status + "\"";
  md << "| " << ps[0].name << (ps.size() > 1 ? " | " + ps[1].name : "")
     << " | status | modelled | MSM busy | NTT busy | lookup busy |\n|"
     << std::string(ps.size() > 1 ? "--:|--:|" : "--:|") << "---|--:|--:|--:|--:|\n";
  std::vector<svg::Series> series;
  size_t done = 0;
  ProgressPrinter progress(s.quiet, "sweep");
  for (double v2 : second) {
    svg::Series ser;
    ser.name = ps.size() > 1 ? ps[1].name + "=" + Fmt("%g", v2) : s.model;
    for (double v1 : ps[0].values) {
      Json j = base;
      SetPointer(&j, ps[0].pointer, v1);
      if (ps.size() > 1) SetPointer(&j, ps[1].pointer, v2);
      const std::string key = Fmt("%g", v1) + (ps.size() > 1 ? "," + Fmt("%g", v2) : "");
      const std::string mkey = Fmt("%g", v1) + (ps.size() > 1 ? " | " + Fmt("%g", v2) : "");
      ++done;
      progress(done, total, "points");
      m::ArchConfig a;
      try {
        a = m::ArchFromJson(j, s.arch, !s.ignore_resources);
      } catch (const std::exception& e) {
        std::string quoted, piped;
        for (char c : std::string(e.what())) {
          quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
          piped += c == '|' ? std::string("\\|") : std::string(1, c);
        }
        csv << key << ",\"rejected: " << quoted << "\",,,,,," << cal_col << "\n";
        md << "| " << mkey << " | rejected: " << piped << " | | | | |\n";
        continue;
      }
      const arch::SimResult r = arch::Simulate(t, a, cal);
      auto util = [&](const char* n) {
        for (const auto& u : r.units) {
          if (u.name == n) return u.utilization;
        }
        return 0.0;
      };
      csv << key << ",ok," << r.modelled_seconds << "," << util("msm") << "," << util("ntt") << ","
          << util("lookup") << "," << r.memory_bytes << ","
          << (r.energy_joules ? Fmt("%.6g", *r.energy_joules) : "") << cal_col << "\n";
      md << "| " << mkey << " | ok | " << Seconds(r.modelled_seconds) << " | "
         << Fmt("%.1f%%", 100 * util("msm")) << " | " << Fmt("%.1f%%", 100 * util("ntt")) << " | "
         << Fmt("%.1f%%", 100 * util("lookup")) << " |\n";
      ser.x.push_back(v1);
      ser.y.push_back(r.modelled_seconds);
    }
    if (!ser.x.empty()) series.push_back(ser);
  }
  if (!s.csv.empty()) WriteFile(s.csv, csv.str());
  if (!s.md.empty()) {
    WriteFile(s.md, "Sweep of `" + s.model + "` (" + t.style + ") on `" + s.arch + "`, " +
                        cal.status + "; times are modelled.\n\n" + md.str());
  }
  if (!s.svg.empty()) {
    double h = 0;
    const std::string c = svg::LineChart(
        "sweep: " + s.model + " (" + t.style + ") on " + s.arch + ", modelled, " + cal.status,
        ps[0].name, "modelled seconds", series, 900, &h);
    WriteFile(s.svg, svg::Document({{c, h}}, 900));
  }
  std::cout << (s.csv.empty() ? csv.str() : md.str());
  return kExitOk;
}

#endif  // ZKACC_WITH_ARCH

#if ZKACC_WITH_ARCH && ZKACC_WITH_SIM_BACKEND

// ---------------------------------------------------------------------------------------------
// zkacc calibrate: the Verilator RTL of the units at several sizes -> models/calibration/rtl.json,
// and the comparison of the SystemC model (arch::Simulate, configuration "verilator") with them.

struct RtlPoint {
  std::string unit;    // msm, ntt
  unsigned log2n = 0;
  std::string mix;     // msm: uniform | zkml | small16
  bool fit = false;    // used by the fit (else held out)
  // Measured (RTL).
  uint64_t cycles = 0;
  unsigned c = 0;
  uint64_t acc_cycles = 0, digits = 0, drain = 0, extras = 0, butterflies = 0;
  unsigned windows = 0, lanes = 0, op_latency = 0;
  double wall = 0;
};

std::string ModelDist(const std::string& mix) {
  if (mix == "uniform") return "dense";
  if (mix == "small16") return "small";
  return mix;  // zkml
}

// (sum_i k_i s_i mod r) * G, the MSM of the points P_i = k_i G (independent of any MSM code).
Affine<Bn254G1> ExpectedMsmOf(const RandomPoints<Bn254G1>& in, const std::vector<Scalar>& s) {
  using Fr = Bn254G1::Fr;
  Fr sum = Fr::Zero();
  for (size_t i = 0; i < s.size(); ++i) sum += in.dlogs[i] * Fr::FromCanonicalUnchecked(s[i]);
  return Jacobian<Bn254G1>::FromAffine(Affine<Bn254G1>::Generator())
      .Mul(sum.ToCanonical())
      .ToAffine();
}

void RunRtlMsm(RtlPoint* p, uint64_t seed) {
  const size_t n = size_t{1} << p->log2n;
  const RandomPoints<Bn254G1> in = MakeRandomPoints<Bn254G1>(n, seed, 0);
  const std::vector<Scalar> s = MakeRandomScalars<Bn254G1>(n, ParseScalarDist(p->mix), seed + 1);
  const std::unique_ptr<Backend> backend = MakeBackend("sim-fast");
  const Affine<Bn254G1> got = backend->Msm(in.points.data(), s.data(), n);
  if (got != ExpectedMsmOf(in, s)) {
    throw std::runtime_error("calibrate: the RTL MSM of 2^" + std::to_string(p->log2n) + " " +
                             p->mix + " scalars returned a wrong result");
  }
  const sim::MsmRunStats st = SimBackendMsmRuns(*backend).back();
  p->cycles = st.cycles;
  p->c = st.c;
  p->windows = st.windows;
  p->op_latency = st.op_latency;
  p->acc_cycles = st.acc_cycles;
  p->digits = st.digits;
  p->drain = st.bubble_drain;
  p->extras = st.extras;
  p->wall = st.seconds;
}

void RunRtlNtt(RtlPoint* p, uint64_t seed) {
  const size_t n = size_t{1} << p->log2n;
  std::mt19937_64 rng(seed);
  std::vector<bn254::Fr> x(n);
  for (auto& v : x) v = bn254::Fr::FromCanonicalUnchecked(RandomBelow(rng, bn254::Fr::kModulus));
  std::vector<bn254::Fr> y = x, ref = x;
  const std::unique_ptr<Backend> backend = MakeBackend("sim", BackendOptions{1});
  backend->Ntt(y.data(), n, NttDirection::kForward, false);
  Ntt(ref.data(), n, NttDirection::kForward, NttConfig{0, false});
  if (y != ref) {
    throw std::runtime_error("calibrate: the RTL NTT of 2^" + std::to_string(p->log2n) +
                             " differs from the CPU transform");
  }
  for (const SimUnitStats& u : SimBackendStats(*backend)) {
    if (u.lanes == 0 || u.ops == 0) continue;
    p->cycles = u.cycles / u.ops;
    p->butterflies = u.butterflies / u.ops;
    p->lanes = u.lanes;
    p->wall = u.seconds;
  }
  if (p->lanes == 0) throw std::runtime_error("calibrate: the sim backend ran no NTT unit");
}

// "msm:K:MIX" / "ntt:K" lists.
std::vector<RtlPoint> ParsePoints(const std::string& spec) {
  std::vector<RtlPoint> out;
  std::stringstream ss(spec);
  for (std::string item; std::getline(ss, item, ',');) {
    std::vector<std::string> f;
    std::stringstream is(item);
    for (std::string x; std::getline(is, x, ':');) f.push_back(x);
    RtlPoint p;
    bool ok = f.size() >= 2 && (f[0] == "msm" || f[0] == "ntt");
    if (ok) {
      p.unit = f[0];
      try {
        p.log2n = static_cast<unsigned>(std::stoul(f[1]));
      } catch (const std::exception&) {
        ok = false;
      }
      if (p.unit == "msm") {
        p.mix = f.size() > 2 ? f[2] : "uniform";
        ok = ok && f.size() <= 3 && (p.mix == "uniform" || p.mix == "zkml" || p.mix == "small16");
        ok = ok && p.log2n >= 1 && p.log2n <= 20;
      } else {
        ok = ok && f.size() == 2 && p.log2n >= 1 && p.log2n <= 20;
      }
    }
    if (!ok) {
      throw std::runtime_error("--points: \"" + item +
                               "\" is not msm:K[:uniform|zkml|small16] or ntt:K (K in 1..20)");
    }
    out.push_back(p);
  }
  return out;
}

// The model's cycles for one RTL point: a one-op trace on the "verilator" configuration, the
// MSM at the RTL's window.
double ModelCycles(const RtlPoint& p, const m::Calibration& cal) {
  Json j = m::ArchJson("verilator");
  m::Trace t;
  t.model = "calibrate";
  m::Op op;
  op.n = uint64_t{1} << p.log2n;
  if (p.unit == "msm") {
    op.kind = m::OpKind::kMsm;
    const std::string d = ModelDist(p.mix);
    op.scalars = d == "dense" ? m::ScalarKind::kDense
                 : d == "small" ? m::ScalarKind::kSmall
                                : m::ScalarKind::kZkml;
    op.scalar_bits = d == "small" ? 16 : 254;
    j["units"]["msm"]["window_bits"] = p.c;
    j["units"]["msm"]["auto_window"] = false;
  } else {
    op.kind = m::OpKind::kNtt;
  }
  t.Add(op);
  const m::ArchConfig a = m::ArchFromJson(j, "verilator");
  const arch::SimResult r = arch::Simulate(t, a, cal);
  return r.modelled_seconds * a.clock_mhz * 1e6;
}

// Least squares y = a x + b.
std::pair<double, double> LineFit(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sx += x[i], sy += y[i], sxx += x[i] * x[i], sxy += x[i] * y[i];
  }
  const double d = n * sxx - sx * sx;
  if (x.size() < 2 || std::fabs(d) < 1e-9) return {0.0, x.empty() ? 0.0 : sy / n};
  const double a = (n * sxy - sx * sy) / d;
  return {a, (sy - a * sx) / n};
}

std::string Shell(const char* cmd) {
  std::string out;
  if (FILE* f = popen(cmd, "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, f)) out += buf;
    pclose(f);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string RtlCommit() {
  std::string c = Shell("git rev-parse --short=12 HEAD 2>/dev/null");
  if (c.empty()) return "unknown";
  if (!Shell("git status --porcelain -- rtl 2>/dev/null").empty()) c += " (rtl/ modified)";
  return c;
}

std::string VerilatorVersion() {
#ifdef VERILATOR_VERSION
  std::string v = VERILATOR_VERSION;
  return v.substr(0, v.find(' '));
#else
  return "unknown";
#endif
}

class RtlRunner {
 public:
  RtlRunner(bool quiet, size_t total) : quiet_(quiet), total_(total) {}
  void Run(RtlPoint* p, uint64_t seed) {
    ++done_;
    const std::string what = p->unit == "msm" ? "msm 2^" + std::to_string(p->log2n) + " " + p->mix
                                              : "ntt 2^" + std::to_string(p->log2n);
    if (!quiet_) {
      std::fprintf(stderr, "calibrate [%zu/%zu] %s on the Verilator RTL ...\n", done_, total_,
                   what.c_str());
    }
    const auto t0 = std::chrono::steady_clock::now();
    if (p->unit == "msm") {
      RunRtlMsm(p, seed);
    } else {
      RunRtlNtt(p, seed);
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!quiet_) {
      std::fprintf(stderr, "calibrate [%zu/%zu] %s: %llu cycles (%.1f s of wall time)\n", done_,
                   total_, what.c_str(), static_cast<unsigned long long>(p->cycles), s);
    }
  }

 private:
  bool quiet_;
  size_t total_;
  size_t done_ = 0;
};

// The comparison table (markdown) of RTL points against the model under `cal`; the largest
// |error| in percent through *worst.
std::string CompareTable(const std::vector<RtlPoint>& pts, const m::Calibration& cal,
                         double* worst) {
  std::ostringstream md;
  md << "| unit | n | scalars | c | RTL cycles | model cycles | error | in the fit |\n"
     << "|---|--:|---|--:|--:|--:|--:|---|\n";
  *worst = 0;
  for (const RtlPoint& p : pts) {
    const double model = ModelCycles(p, cal);
    const double err = 100.0 * (model - static_cast<double>(p.cycles)) / static_cast<double>(p.cycles);
    *worst = std::max(*worst, std::fabs(err));
    md << "| " << p.unit << " | 2^" << p.log2n << " | " << (p.unit == "msm" ? p.mix : "-")
       << " | " << (p.unit == "msm" ? std::to_string(p.c) : "-") << " | " << p.cycles << " | "
       << std::llround(model) << " | " << Fmt("%+.2f %%", err) << " | "
       << (p.fit ? "yes" : "no (held out)") << " |\n";
  }
  return md.str();
}

Json FitCalibration(const std::vector<RtlPoint>& pts, const Json& lookup, const Json& matmul,
                    const std::string& command) {
  const m::Calibration fp = m::LoadCalibration("first-principles");
  Json cal;
  cal["status"] = "calibrated: Verilator " + VerilatorVersion() + ", RTL " + RtlCommit();
  cal["calibrated"] = true;
  cal["source"] =
      "Written by `" + command +
      "`: the MSM engine (zkacc_msm_bn254 with behavioural multipliers, cycle-identical to the "
      "gate-level model) and the NTT unit (zkacc_ntt_bn254_fr_l2 behind the testbench memory "
      "model) under Verilator at the sizes in `runs`; the per-size tables are fitted on the runs "
      "marked fit, the others are held out for the comparison (docs/simulator.md). Every result "
      "was checked (MSM against (sum k_i s_i) G, NTT against the CPU transform).";
  Json msm = {{"model", "rtl"},
              {"adder_latency_cycles", 0},  // the RTL's OpLatency, set from the runs below
              {"adds_per_cycle_per_adder", 1.0},
              {"point_bytes", fp.msm_point_bytes},
              {"scalar_bytes", fp.msm_scalar_bytes},
              {"bucket_bytes", fp.msm_bucket_bytes},
              {"sparse_gather_efficiency", fp.msm_gather_efficiency},
              {"note",
               "adder_latency_cycles: OpLatency of zkacc_msm_bn254 as simulated (docs/msm-unit.md), "
               "used only with device reduction; sparse_gather_efficiency is an assumption"}};
  const auto first_msm =
      std::find_if(pts.begin(), pts.end(), [](const RtlPoint& p) { return p.unit == "msm"; });
  if (first_msm != pts.end()) msm["adder_latency_cycles"] = first_msm->op_latency;
  std::map<std::string, std::map<unsigned, double>> cpd;
  std::map<std::string, std::vector<double>> drains;
  std::vector<double> bx, by;
  Json runs = Json::array();
  for (const RtlPoint& p : pts) {
    if (p.unit != "msm") continue;
    const std::string d = ModelDist(p.mix);
    const double buckets = static_cast<double>(p.windows) * std::ldexp(1.0, int(p.c) - 1);
    runs.push_back({{"log2n", p.log2n}, {"scalars", p.mix}, {"c", p.c}, {"cycles", p.cycles},
                    {"accumulation_cycles", p.acc_cycles}, {"digits", p.digits},
                    {"drain_cycles", p.drain}, {"host_extras", p.extras},
                    {"buckets", buckets}, {"fit", p.fit}});
    if (!p.fit) continue;
    cpd[d][p.log2n] = static_cast<double>(p.acc_cycles - p.drain) / static_cast<double>(p.digits);
    // The tail per distribution: the drain bubbles and the pool entries read out after the
    // buckets (at most 256).
    drains[d].push_back(static_cast<double>(p.drain + p.extras));
    bx.push_back(buckets);
    by.push_back(static_cast<double>(p.cycles - p.acc_cycles - p.extras));
  }
  Json jc = Json::object(), jd = Json::object();
  for (const auto& [d, t] : cpd) {
    for (const auto& [k, v] : t) jc[d][std::to_string(k)] = v;
  }
  for (const auto& [d, v] : drains) {
    double s = 0;
    for (double x : v) s += x;
    jd[d] = s / static_cast<double>(v.size());
  }
  auto [rpb, fixed] = LineFit(bx, by);
  if (rpb <= 0) {  // one bucket count only: one bucket per cycle, the rest fixed
    rpb = 1;
    fixed = 0;
    for (size_t i = 0; i < bx.size(); ++i) fixed += (by[i] - bx[i]) / static_cast<double>(bx.size());
  }
  msm["cycles_per_digit"] = jc;
  msm["drain_cycles"] = jd;
  msm["readout_cycles_per_bucket"] = rpb;
  msm["fixed_cycles"] = fixed;
  msm["runs"] = runs;
  cal["msm"] = msm;

  // NTT: on chip a n / lanes + b (least squares over the fitted on-chip sizes), four-step the
  // per-pass overhead by size.
  Json ntt = {{"model", "rtl"},
              {"utilization", 1.0},
              {"multiplier_latency_cycles", fp.ntt_mul_latency},
              {"addsub_latency_cycles", fp.ntt_addsub_latency},
              {"element_bytes", fp.element_bytes},
              {"ref_onchip_points", 4096}};
  std::vector<double> ox, oy;
  Json pass = Json::object();
  Json nruns = Json::array();
  unsigned lanes = 2;
  for (const RtlPoint& p : pts) {
    if (p.unit != "ntt") continue;
    lanes = p.lanes;
    const double issue = static_cast<double>(p.butterflies) / p.lanes;
    const double over = static_cast<double>(p.cycles) - issue;
    const unsigned passes = p.log2n <= 12 ? 1 : 2;
    nruns.push_back({{"log2n", p.log2n}, {"cycles", p.cycles}, {"butterflies", p.butterflies},
                     {"lanes", p.lanes}, {"passes", passes}, {"overhead_cycles", over},
                     {"fit", p.fit}});
    if (!p.fit) continue;
    if (passes == 1) {
      ox.push_back(std::ldexp(1.0, int(p.log2n)) / p.lanes);
      oy.push_back(over);
    } else {
      pass[std::to_string(p.log2n)] = over / passes;
    }
  }
  const auto [a, b] = LineFit(ox, oy);
  ntt["ref_butterflies"] = lanes;
  ntt["onchip_overhead_per_element"] = a;
  ntt["onchip_overhead_cycles"] = b;
  if (!pass.empty()) ntt["pass_overhead_cycles"] = pass;
  ntt["runs"] = nruns;
  cal["ntt"] = ntt;
  cal["lookup"] = lookup;
  cal["matmul"] = matmul;
  cal["field"] = {{"inversion_cycles", fp.inversion_cycles},
                  {"note", "not calibrated: no RTL unit does batched inversion"}};
  return cal;
}

// The histogram unit (zkacc_hist): cycles = n / (banks rate) + entries / readout + latency,
// least squares over (n, entries) points.
Json CalibrateLookup(bool quick, bool quiet) {
  std::vector<std::pair<size_t, uint64_t>> sizes = {{4096, 4096}, {16384, 4096}, {65536, 4096},
                                                    {16384, 65536}};
  if (quick) sizes = {{4096, 1024}, {16384, 1024}, {4096, 16384}};
  std::mt19937_64 rng(7);
  Json runs = Json::array();
  // Normal equations for cycles = x0 * n/banks + x1 * entries + x2.
  double ata[3][3] = {}, atb[3] = {};
  unsigned banks = 1;
  for (const auto& [n, entries] : sizes) {
    const std::vector<uint32_t> idx =
        quant::RandomIndices(n, entries, quant::IndexDist::kUniform, rng);
    const sim::HistSimResult h = sim::SimHistogram(idx, entries, {1.0, 1.0}, rng);
    const std::vector<uint32_t> ref = quant::Histogram(idx, entries);
    if (h.counts != ref) throw std::runtime_error("calibrate: the RTL histogram is wrong");
    banks = h.banks;
    if (!quiet) {
      std::fprintf(stderr, "calibrate: lookup %zu indices into %llu entries: %llu cycles\n", n,
                   static_cast<unsigned long long>(entries),
                   static_cast<unsigned long long>(h.cycles));
    }
    runs.push_back({{"indices", n}, {"entries", entries}, {"banks", h.banks},
                    {"passes", h.passes}, {"cycles", h.cycles},
                    {"count_cycles", h.count_cycles}});
    const double row[3] = {static_cast<double>(n) / h.banks, static_cast<double>(entries), 1.0};
    for (int i = 0; i < 3; ++i) {
      for (int k = 0; k < 3; ++k) ata[i][k] += row[i] * row[k];
      atb[i] += row[i] * static_cast<double>(h.cycles);
    }
  }
  // Gaussian elimination (3 x 3, well conditioned for these points).
  double x[3] = {};
  for (int i = 0; i < 3; ++i) {
    for (int r = i + 1; r < 3; ++r) {
      const double f = ata[r][i] / ata[i][i];
      for (int k = i; k < 3; ++k) ata[r][k] -= f * ata[i][k];
      atb[r] -= f * atb[i];
    }
  }
  for (int i = 2; i >= 0; --i) {
    double s = atb[i];
    for (int k = i + 1; k < 3; ++k) s -= ata[i][k] * x[k];
    x[i] = s / ata[i][i];
  }
  return {{"model", "rtl"},
          {"values_per_cycle_per_lane", 1.0 / x[0]},
          {"readout_entries_per_cycle", 1.0 / x[1]},
          {"latency_cycles", std::max(0.0, x[2])},
          {"count_bytes", 8},
          {"lanes_measured", banks},
          {"note", "zkacc_hist (rtl/lookup), uniform indices; the readout of all table entries "
                   "is charged per histogram (the unit reads every counter out)"},
          {"runs", runs}};
}

// The matmul array (zkacc_matmul): not a unit of the SystemC model (matrix products are lowered
// to cqlin MSMs), recorded for reference.
Json CalibrateMatmul(bool quick, bool quiet) {
  std::vector<quant::LayerShape> shapes = {{16, 512, 64}, {64, 256, 256}};
  if (quick) shapes = {{16, 256, 64}};
  std::mt19937_64 rng(11);
  Json runs = Json::array();
  unsigned array = 0;
  for (const quant::LayerShape& shape : shapes) {
    const std::vector<int8_t> w = quant::RandomInt8(shape.n * shape.k, rng);
    const std::vector<int8_t> x = quant::RandomInt8(shape.batch * shape.k, rng);
    std::vector<int32_t> bias(shape.n, 0);
    quant::RequantParams rq;
    rq.shift = 14;
    rq.scale = 64;
    const sim::MatmulSimResult r = sim::SimMatmul(shape, w, x, bias, rq, {1.0, 1.0}, rng);
    const quant::MatmulResult ref = quant::Matmul(shape, w, x, bias, rq);
    if (r.out.acc != ref.acc) throw std::runtime_error("calibrate: the RTL matmul is wrong");
    array = r.array;
    if (!quiet) {
      std::fprintf(stderr, "calibrate: matmul %zux%zux%zu: %llu cycles\n", shape.batch, shape.k,
                   shape.n, static_cast<unsigned long long>(r.cycles));
    }
    runs.push_back({{"batch", shape.batch}, {"k", shape.k}, {"n", shape.n}, {"cycles", r.cycles},
                    {"utilization", r.Utilization()}});
  }
  return {{"array", array},
          {"note", "not used by the model: its matrix products are cqlin MSMs (docs/simulator.md)"},
          {"runs", runs}};
}

int RunCalibrate(const ModelCommands::State& s) {
  if (s.min_log2n < 2 || s.max_log2n > 20 || s.min_log2n > s.max_log2n) {
    throw std::runtime_error("calibrate: need 2 <= --min-log2n <= --max-log2n <= 20");
  }
  // The MSM engine's own progress line every 2^20 cycles (msm_engine.h), unless -q.
  setenv("ZKACC_SIM_PROGRESS", s.quiet ? "0" : "1", s.quiet ? 1 : 0);
  std::vector<RtlPoint> pts;
  if (!s.points.empty()) {
    pts = ParsePoints(s.points);
  } else {
    const unsigned hi = s.quick ? std::min(s.max_log2n, 12u) : s.max_log2n;
    for (const char* mix : {"uniform", "zkml"}) {
      for (unsigned k = s.min_log2n; k <= hi; ++k) {
        RtlPoint p;
        p.unit = "msm", p.log2n = k, p.mix = mix;
        pts.push_back(p);
      }
    }
    for (unsigned k : {std::max(s.min_log2n, 12u), hi}) {
      RtlPoint p;
      p.unit = "msm", p.log2n = k, p.mix = "small16";
      if (k <= hi && (pts.back().mix != "small16" || pts.back().log2n != k)) pts.push_back(p);
    }
    for (unsigned k = s.min_log2n; k <= (s.quick ? std::min(hi, 13u) : hi); ++k) {
      RtlPoint p;
      p.unit = "ntt", p.log2n = k;
      pts.push_back(p);
    }
  }
  // Fit on even sizes (and the end points), hold the odd ones out, unless there are too few.
  for (RtlPoint& p : pts) {
    p.fit = p.log2n % 2 == 0 || p.mix == "small16";
  }
  RtlRunner runner(s.quiet, pts.size());
  uint64_t seed = s.seed;
  for (RtlPoint& p : pts) runner.Run(&p, seed++);

  m::Calibration cal;
  std::string cal_name = s.calibration;
  if (!s.compare) {
    std::ostringstream cmd;
    cmd << "zkacc calibrate --min-log2n " << s.min_log2n << " --max-log2n " << s.max_log2n
        << (s.quick ? " --quick" : "");
    const Json lk = CalibrateLookup(s.quick, s.quiet);
    const Json mm = CalibrateMatmul(s.quick, s.quiet);
    const Json j = FitCalibration(pts, lk, mm, cmd.str());
    WriteFile(s.out, j.dump(1) + "\n");
    std::fprintf(stderr, "calibrate: wrote %s (%s)\n", s.out.c_str(),
                 j.at("status").get<std::string>().c_str());
    cal = m::CalibrationFromJson(j, s.out);
    cal_name = s.out;
  } else {
    cal = m::LoadCalibration(s.calibration);
  }
  double worst = 0;
  const std::string table = CompareTable(pts, cal, &worst);
  const std::string head = "SystemC model (calibration " + cal.status + ", configuration " +
                           "`verilator`) against the Verilator RTL; cycles at the unit clock.\n\n";
  if (!s.md_table.empty()) WriteFile(s.md_table, head + table);
  std::printf("%s%s", head.c_str(), table.c_str());
  std::printf("largest |error| %.2f %% (tolerance %.2f %%)\n", worst, s.tolerance);
  if (worst > s.tolerance) {
    std::fprintf(stderr, "zkacc: calibrate: the model is off the RTL by %.2f %% (> %.2f %%)\n",
                 worst, s.tolerance);
    return 1;
  }
  return kExitOk;
}

#endif  // ZKACC_WITH_ARCH && ZKACC_WITH_SIM_BACKEND

}  // namespace

ModelCommands::ModelCommands(CLI::App* app) : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.workload = app->add_subcommand("workload", "op counts of zkML models lowered to prover traces");
  s.workload->add_option("models", s.models,
                         "models: twitter, mnist-cnn, mnist-mlp, mnist-mlp-784, distilgpt2, "
                         "gpt2-small, or JSON files (default: all)");
  s.workload->add_option("--style", s.style, "tensorplonk, halo2 or both");
  s.workload->add_flag("--json", s.json, "print JSON instead of a table");
  s.workload->add_option("--trace-out", s.trace_out, "write the trace(s) as JSON to this path");

  auto common = [&](CLI::App* c) {
    c->add_option("--workload", s.model,
                  "twitter, mnist-cnn, mnist-mlp, mnist-mlp-784, distilgpt2, gpt2-small, "
                  "msm:K[:dense|small|binary|zkml], ntt:K, or a model / trace JSON file");
    c->add_option("--arch", s.arch, "u55c, u250, vu9p, asic-7nm, or a configuration JSON file");
    c->add_option("--style", s.style, "proof style: tensorplonk or halo2");
    c->add_option("--calibration", s.calibration,
                  "unit calibration: rtl (fitted to the Verilator RTL, the default), "
                  "first-principles, or a calibration JSON file");
    c->add_flag("--ignore-resources", s.ignore_resources,
                "do not reject configurations whose units exceed the device's resources");
    c->add_flag("-q,--quiet", s.quiet, "no progress on stderr");
  };
  s.simulate = app->add_subcommand("simulate", "run a workload on the SystemC architecture model");
  common(s.simulate);
  s.simulate->add_flag("--json", s.json, "print one JSON object");
  s.simulate->add_option("--svg", s.svg, "write a plot (busy time by op kind, utilization)");
  s.sweep = app->add_subcommand("sweep", "vary one or two architecture parameters");
  common(s.sweep);
  s.sweep
      ->add_option("--param", s.params,
                   "NAME=v1,v2,... (adders, msm_units, window_bits, clock, butterflies, "
                   "stream_lanes, lanes, ntt_units, bandwidth, link_gbps, or a JSON "
                   "pointer); twice for two")
      ->required();
  s.sweep->add_option("--csv", s.csv, "write the table as CSV");
  s.sweep->add_option("--md", s.md, "write the table as markdown");
  s.sweep->add_option("--svg", s.svg, "write a plot of modelled time against the parameter");

  s.calibrate = app->add_subcommand(
      "calibrate",
      "run the RTL units under Verilator and fit the SystemC model's calibration (or, with "
      "--compare, check the model against the RTL)");
  auto* cal = s.calibrate;
  cal->add_option("--out", s.out, "calibration file to write");
  cal->add_option("--min-log2n", s.min_log2n, "smallest MSM / NTT size (log2)");
  cal->add_option("--max-log2n", s.max_log2n, "largest MSM / NTT size (log2)");
  cal->add_flag("--quick", s.quick, "sizes up to 2^12 only (NTT 2^13), fewer lookup points");
  cal->add_flag("--compare", s.compare,
                "do not fit: compare the model under --calibration with fresh RTL runs");
  cal->add_option("--calibration", s.calibration, "calibration --compare checks (rtl, "
                  "first-principles or a file)");
  cal->add_option("--points", s.points,
                  "RTL runs instead of the default set: msm:K[:uniform|zkml|small16],ntt:K,...");
  cal->add_option("--md", s.md_table, "write the comparison table (markdown) to this file");
  cal->add_option("--tolerance", s.tolerance, "largest |model - RTL| / RTL allowed, percent")
      ->check(CLI::PositiveNumber);
  cal->add_option("--seed", s.seed, "seed of the random inputs");
  cal->add_flag("-q,--quiet", s.quiet, "no progress on stderr");
}

ModelCommands::~ModelCommands() = default;

bool ModelCommands::Parsed() const {
  return s_->workload->parsed() || s_->simulate->parsed() || s_->sweep->parsed() ||
         s_->calibrate->parsed();
}

int ModelCommands::Run() {
  try {
    if (s_->workload->parsed()) return RunWorkload(*s_);
#if ZKACC_WITH_ARCH
    if (s_->simulate->parsed()) return RunSimulate(*s_);
    if (s_->sweep->parsed()) return RunSweep(*s_);
#if ZKACC_WITH_SIM_BACKEND
    if (s_->calibrate->parsed()) return RunCalibrate(*s_);
#else
    std::cerr << "zkacc: error: calibrate needs the RTL models (configure with "
                 "-DZKACC_BUILD_SIM=ON)"
              << std::endl;
    return kExitError;
#endif
#else
    std::cerr << "zkacc: error: simulate and sweep need the SystemC model (configure with "
                 "-DZKACC_BUILD_ARCH=ON; Debian package libsystemc-dev)"
              << std::endl;
    return kExitError;
#endif
  } catch (const std::exception& e) {
    std::cerr << "zkacc: error: " << e.what() << std::endl;
    return kExitError;
  }
  return kExitError;
}

}  // namespace zkacc
