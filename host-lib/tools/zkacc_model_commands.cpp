// SPDX-License-Identifier: Apache-2.0
#include "zkacc_model_commands.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
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
  std::string calibration = "first-principles";
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
    else
      throw std::runtime_error("workload \"" + w + "\": scalars dense, small or binary");
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
            {"modelled_seconds", r.modelled_seconds},
            {"cycles", std::llround(r.modelled_seconds * a.clock_mhz * 1e6)},
            {"utilization", util},
            {"units", units},
            {"busy_seconds_by_kind", r.busy_seconds_by_kind},
            {"busy_seconds_by_phase", r.busy_seconds_by_phase},
            {"memory_bytes", r.memory_bytes},
            {"link_bytes", r.link_bytes},
            {"msm_point_additions", r.msm_point_additions},
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
      "butterflies, %u lookup x %u lanes; memory %u x %.3g GB/s, host link %.3g GB/s\n",
      a.name.c_str(), a.kind.c_str(), a.clock_mhz, a.msm.count, a.msm.adders, a.msm.window_bits,
      a.ntt.count, a.ntt.butterflies, a.lookup.count, a.lookup.lanes, a.memory_channels,
      a.channel_gbps, a.link_gbps);
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
      << ",status,modelled_seconds,msm_util,ntt_util,lookup_util,memory_bytes,energy_joules\n";
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
        csv << key << ",\"rejected: " << quoted << "\",,,,,,\n";
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
          << (r.energy_joules ? Fmt("%.6g", *r.energy_joules) : "") << "\n";
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
                  "msm:K[:dense|small|binary], ntt:K, or a model / trace JSON file");
    c->add_option("--arch", s.arch, "u55c, u250, vu9p, asic-7nm, or a configuration JSON file");
    c->add_option("--style", s.style, "proof style: tensorplonk or halo2");
    c->add_option("--calibration", s.calibration,
                  "unit calibration: first-principles or a calibration JSON file");
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
                   "lanes, ntt_units, bandwidth, link_gbps, or a JSON pointer); twice for two")
      ->required();
  s.sweep->add_option("--csv", s.csv, "write the table as CSV");
  s.sweep->add_option("--md", s.md, "write the table as markdown");
  s.sweep->add_option("--svg", s.svg, "write a plot of modelled time against the parameter");
}

ModelCommands::~ModelCommands() = default;

bool ModelCommands::Parsed() const {
  return s_->workload->parsed() || s_->simulate->parsed() || s_->sweep->parsed();
}

int ModelCommands::Run() {
  try {
    if (s_->workload->parsed()) return RunWorkload(*s_);
#if ZKACC_WITH_ARCH
    if (s_->simulate->parsed()) return RunSimulate(*s_);
    if (s_->sweep->parsed()) return RunSweep(*s_);
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
