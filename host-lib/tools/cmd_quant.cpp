// SPDX-License-Identifier: Apache-2.0
//
// zkacc matmul: a quantized layer y = act(requant(W x + b)) on random int8 inputs.
//   zkacc matmul --batch 64 --k 256 --n 64 [--values uniform|extreme] [--table relu|gelu|sigmoid
//                [--entries 256]] [--backend cpu|sim] [--threads T] [--seed S] [--clock-mhz F]
//                [--json]
//   With --table the layer's activations and the multiplicities of the table entries are
//   computed as well (sim: on the fused unit zkacc_mm_fused; else zkacc_matmul).
// zkacc lookup: the multiplicities of random table indices.
//   zkacc lookup --n 100000 --entries 65536 [--dist uniform|equal|zipf] [--zipf-s 1.1]
//                [--backend cpu|sim] [--threads T] [--seed S] [--clock-mhz F] [--json]
//
// Every result is checked against an independent CPU computation: the sim backend against the
// CPU reference (zkacc/quant.h: accumulators, indices, activations, counts and their Fr forms);
// the cpu backend against a second loop order (matmul: k outermost; lookup: sort and count
// runs). Cycles are simulated (sim backend); modelled_seconds = cycles / clock, at the clock
// named by --clock-mhz, not a measurement of hardware.
#include "cmd_quant.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "zkacc/parallel.h"
#include "zkacc/params.h"
#include "zkacc/quant.h"
#if ZKACC_WITH_SIM_BACKEND
#include "zkacc/sim/quant_sim.h"
#endif

namespace zkacc {

struct QuantCommands {
  CLI::App* matmul = nullptr;
  CLI::App* lookup = nullptr;
  std::string backend = "cpu";
  int threads = 1;
  uint64_t seed = 1;
  double clock_mhz = 300.0;
  bool json = false;
  // matmul
  size_t batch = 64, k = 256, n = 64;
  std::string values = "uniform";
  std::string table;  // empty: none
  size_t entries = 256;
  // lookup
  size_t count = 100000;
  uint64_t lookup_entries = 65536;
  std::string dist = "uniform";
  double zipf_s = 1.1;
};

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
constexpr int kOk = 0, kFailed = 1, kError = 2;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

void AddCommon(CLI::App* cmd, QuantCommands& q) {
  cmd->add_option("--backend", q.backend, "cpu or sim (the Verilated RTL)")
      ->check(CLI::IsMember({std::string("cpu"), std::string("sim")}));
  cmd->add_option("--threads", q.threads, "worker threads of the cpu backend (0 = all)")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--seed", q.seed, "seed of the random inputs");
  cmd->add_option("--clock-mhz", q.clock_mhz, "clock of the modelled time (sim backend)")
      ->check(CLI::Range(1.0, 10000.0));
  cmd->add_flag("--json", q.json, "print one JSON object instead of text");
}

struct Report {
  Json j;
  bool ok = true;
  std::string detail;
  std::string text;
};

void Print(const QuantCommands& q, Report& r) {
  r.j["check"] = r.ok;
  r.j["check_detail"] = r.detail;
  if (q.json) {
    std::cout << r.j.dump() << std::endl;
  } else {
    std::cout << r.text << "check: " << (r.ok ? "OK" : "FAILED") << " (" << r.detail << ")\n";
  }
}

void SetSimFigures(Json& j, uint64_t cycles, double utilization, double clock_mhz) {
  j["cycles"] = cycles;
  j["utilization"] = utilization;
  j["clock_mhz"] = clock_mhz;
  j["modelled_seconds"] = static_cast<double>(cycles) / (clock_mhz * 1e6);
}

template <class T>
size_t Mismatches(const std::vector<T>& a, const std::vector<T>& b, size_t* first) {
  size_t wrong = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i] && wrong++ == 0) *first = i;
  }
  return wrong + (a.size() > b.size() ? a.size() - b.size() : b.size() - a.size());
}

void Compare(Report& r, const char* what, size_t wrong, size_t first, size_t total) {
  if (wrong == 0) return;
  r.ok = false;
  char buf[160];
  std::snprintf(buf, sizeof buf, "; %s: %zu of %zu wrong (first at %zu)", what, wrong, total,
                first);
  r.detail += buf;
}

int RunMatmul(const QuantCommands& q) {
  const quant::LayerShape shape{q.batch, q.k, q.n};
  shape.Validate();
  std::mt19937_64 rng(q.seed);
  const bool extreme = q.values == "extreme";
  const std::vector<int8_t> w = quant::RandomInt8(shape.n * shape.k, rng, extreme);
  const std::vector<int8_t> x = quant::RandomInt8(shape.batch * shape.k, rng, extreme);
  std::vector<int32_t> bias(shape.n);
  for (auto& b : bias) b = static_cast<int32_t>(rng() % 20001) - 10000;
  const bool with_table = !q.table.empty();
  quant::Table table;
  quant::RequantParams rq;
  if (with_table) {
    if (q.entries < 1 || q.entries > 65536) {
      throw std::invalid_argument("--entries " + std::to_string(q.entries) +
                                  ": a table has 1 .. 65536 entries");
    }
    rq.idx_max = static_cast<uint32_t>(q.entries - 1);
    rq.offset = static_cast<int32_t>(q.entries / 2);
  }
  // q = acc * scale >> 14 with a spread of about a quarter of the index range.
  rq.shift = 14;
  rq.scale = static_cast<uint32_t>(std::clamp(
      0.75 * (rq.idx_max + 1.0) / std::sqrt(static_cast<double>(shape.k)), 1.0, 65535.0));
  if (with_table) table = quant::MakeTable(quant::ParseTableKind(q.table), q.entries, rq.offset);

  Report r;
  r.j = {{"op", "matmul"},
         {"backend", q.backend},
         {"batch", shape.batch},
         {"k", shape.k},
         {"n", shape.n},
         {"shape", std::to_string(shape.batch) + "x" + std::to_string(shape.k) + "x" +
                       std::to_string(shape.n)},
         {"values", q.values},
         {"table", with_table ? Json(q.table) : Json(nullptr)},
         {"macs", shape.Macs()},
         {"seed", q.seed},
         {"cycles", nullptr},
         {"utilization", nullptr},
         {"clock_mhz", nullptr},
         {"modelled_seconds", nullptr}};
  char buf[512];
  std::snprintf(buf, sizeof buf, "matmul %zux%zux%zu (batch x k x n) int8, %s values%s%s, %s\n",
                shape.batch, shape.k, shape.n, q.values.c_str(), with_table ? ", table " : "",
                q.table.c_str(), q.backend.c_str());
  r.text = buf;

  // The CPU reference (also the cpu backend's result).
  const Clock::time_point t0 = Clock::now();
  const quant::MatmulResult ref = quant::Matmul(shape, w, x, bias, rq, q.threads);
  const double cpu_seconds = Since(t0);
  std::vector<int8_t> act;
  std::vector<uint32_t> counts;
  if (with_table) {
    act = quant::Activate(ref.idx, table);
    counts = quant::Histogram(ref.idx, q.entries);
  }

  if (q.backend == "cpu") {
    r.j["threads"] = ResolveThreads(q.threads);
    r.j["seconds"] = cpu_seconds;
    // Second loop order: k outermost, accumulators for a whole output row.
    std::vector<int32_t> acc2(shape.batch * shape.n);
    for (size_t v = 0; v < shape.batch; ++v) {
      for (size_t o = 0; o < shape.n; ++o) acc2[v * shape.n + o] = bias[o];
      for (size_t i = 0; i < shape.k; ++i) {
        const int32_t xi = x[v * shape.k + i];
        for (size_t o = 0; o < shape.n; ++o) acc2[v * shape.n + o] += w[o * shape.k + i] * xi;
      }
    }
    size_t first = 0;
    r.detail = "accumulators equal a second loop order (k outermost)";
    Compare(r, "accumulators", Mismatches(ref.acc, acc2, &first), first, acc2.size());
    std::snprintf(buf, sizeof buf, "cpu: %.3f ms, %.1f M MAC/s (%d threads)\n",
                  cpu_seconds * 1e3, static_cast<double>(shape.Macs()) / cpu_seconds / 1e6,
                  ResolveThreads(q.threads));
    r.text += buf;
    Print(q, r);
    return r.ok ? kOk : kFailed;
  }
#if ZKACC_WITH_SIM_BACKEND
  r.j["threads"] = 1;  // the simulation is single-threaded
  sim::MatmulSimResult mm;
  sim::FusedSimResult fused;
  if (with_table) {
    fused = sim::SimFused(shape, w, x, bias, rq, table, {1.0, 1.0}, rng);
    mm = fused.mm;
  } else {
    mm = sim::SimMatmul(shape, w, x, bias, rq, {1.0, 1.0}, rng);
  }
  r.j["seconds"] = mm.seconds;
  r.j["unit"] = with_table ? "zkacc_mm_fused" : "zkacc_matmul";
  r.j["array"] = std::to_string(mm.array) + "x" + std::to_string(mm.array);
  SetSimFigures(r.j, mm.cycles, mm.Utilization(), q.clock_mhz);
  r.j["array_utilization"] =
      static_cast<double>(mm.slices) / static_cast<double>(mm.cycles);  // padding included
  r.j["stalls"] = {{"weights", mm.stall_weights}, {"output", mm.stall_out},
                   {"starved", mm.starved}};
  size_t first = 0;
  r.detail = "accumulators and indices equal the CPU reference";
  Compare(r, "accumulators", Mismatches(ref.acc, mm.out.acc, &first), first, ref.acc.size());
  Compare(r, "indices", Mismatches(ref.idx, mm.out.idx, &first), first, ref.idx.size());
  if (with_table) {
    r.detail += "; activations, multiplicities and their Fr forms too";
    Compare(r, "activations", Mismatches(act, fused.act, &first), first, act.size());
    Compare(r, "multiplicities", Mismatches(counts, fused.counts, &first), first, counts.size());
    std::vector<Limbs<4>> want_fr, want_cfr;
    for (const auto& f : quant::FrOfValues(act)) want_fr.push_back(f.v);
    for (const auto& f : quant::FrOfCounts(counts)) want_cfr.push_back(f.v);
    Compare(r, "activation Fr", Mismatches(want_fr, fused.act_fr, &first), first, act.size());
    Compare(r, "multiplicity Fr", Mismatches(want_cfr, fused.count_fr, &first), first,
            counts.size());
    r.j["readout_cycles"] = fused.readout_cycles;
    r.j["table_cycles"] = fused.table_cycles;
    r.j["stalls"]["engine"] = fused.stall_hist;
  }
  std::snprintf(buf, sizeof buf,
                "sim (%s, %ux%u array): %llu cycles, MAC utilization %.4f (array busy %.4f), "
                "%.3f ms modelled at %.0f MHz; stalls: weights %llu, output %llu, starved %llu; "
                "simulated in %.2f s\n",
                with_table ? "zkacc_mm_fused" : "zkacc_matmul", mm.array, mm.array,
                static_cast<unsigned long long>(mm.cycles), mm.Utilization(),
                static_cast<double>(mm.slices) / static_cast<double>(mm.cycles),
                static_cast<double>(mm.cycles) / (q.clock_mhz * 1e3), q.clock_mhz,
                static_cast<unsigned long long>(mm.stall_weights),
                static_cast<unsigned long long>(mm.stall_out),
                static_cast<unsigned long long>(mm.starved), mm.seconds);
  r.text += buf;
  if (with_table) {
    std::snprintf(buf, sizeof buf, "multiplicities: %zu entries read out in %llu cycles\n",
                  q.entries, static_cast<unsigned long long>(fused.readout_cycles));
    r.text += buf;
  }
  Print(q, r);
  return r.ok ? kOk : kFailed;
#else
  throw std::runtime_error("this zkacc was built without the sim backend (ZKACC_BUILD_SIM=OFF)");
#endif
}

int RunLookup(const QuantCommands& q) {
  if (q.count == 0) throw std::invalid_argument("--n 0: at least one index");
  if (q.lookup_entries == 0 || q.lookup_entries > (uint64_t{1} << 32)) {
    throw std::invalid_argument("--entries " + std::to_string(q.lookup_entries) +
                                ": a table has 1 .. 2^32 entries");
  }
  if (q.count >= (uint64_t{1} << 32)) throw std::invalid_argument("--n must be below 2^32");
  if (q.lookup_entries > (uint64_t{1} << 28)) {
    throw std::invalid_argument("--entries above 2^28 would need too much memory here");
  }
  std::mt19937_64 rng(q.seed);
  const quant::IndexDist dist = quant::ParseIndexDist(q.dist);
  const std::vector<uint32_t> idx =
      quant::RandomIndices(q.count, q.lookup_entries, dist, rng, q.zipf_s);
  Report r;
  r.j = {{"op", "lookup"},
         {"backend", q.backend},
         {"n", q.count},
         {"entries", q.lookup_entries},
         {"dist", q.dist},
         {"seed", q.seed},
         {"cycles", nullptr},
         {"utilization", nullptr},
         {"clock_mhz", nullptr},
         {"modelled_seconds", nullptr}};
  char buf[512];
  std::snprintf(buf, sizeof buf, "lookup: %zu indices, %s, table of %llu entries, %s\n", q.count,
                q.dist.c_str(), static_cast<unsigned long long>(q.lookup_entries),
                q.backend.c_str());
  r.text = buf;
  const Clock::time_point t0 = Clock::now();
  const std::vector<uint32_t> ref = quant::Histogram(idx, q.lookup_entries);
  const double cpu_seconds = Since(t0);
  size_t first = 0;
  if (q.backend == "cpu") {
    r.j["threads"] = 1;
    r.j["seconds"] = cpu_seconds;
    // Second method: sort, count runs.
    std::vector<uint32_t> sorted = idx;
    std::sort(sorted.begin(), sorted.end());
    std::vector<uint32_t> runs(q.lookup_entries, 0);
    for (size_t i = 0; i < sorted.size();) {
      size_t j = i;
      while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
      runs[sorted[i]] = static_cast<uint32_t>(j - i);
      i = j;
    }
    r.detail = "counts equal the run lengths of the sorted indices";
    Compare(r, "counts", Mismatches(ref, runs, &first), first, ref.size());
    std::snprintf(buf, sizeof buf, "cpu: %.3f ms, %.1f M indices/s\n", cpu_seconds * 1e3,
                  static_cast<double>(q.count) / cpu_seconds / 1e6);
    r.text += buf;
    Print(q, r);
    return r.ok ? kOk : kFailed;
  }
#if ZKACC_WITH_SIM_BACKEND
  r.j["threads"] = 1;
  const sim::HistSimResult h = sim::SimHistogram(idx, q.lookup_entries, {1.0, 1.0}, rng);
  r.j["seconds"] = h.seconds;
  r.j["unit"] = "zkacc_hist";
  r.j["banks"] = h.banks;
  r.j["passes"] = h.passes;
  r.j["count_cycles"] = h.count_cycles;
  r.j["indices_per_cycle_per_bank"] = h.IndicesPerCyclePerBank();
  SetSimFigures(r.j, h.cycles, h.IndicesPerCyclePerBank(), q.clock_mhz);
  r.j["stalls"] = {{"busy", h.stall_busy}, {"output", h.stall_out}, {"idle", h.idle}};
  r.detail = "counts and their Fr forms equal the CPU count";
  Compare(r, "counts", Mismatches(ref, h.counts, &first), first, ref.size());
  std::vector<Limbs<4>> want_fr;
  for (const auto& f : quant::FrOfCounts(ref)) want_fr.push_back(f.v);
  Compare(r, "Fr forms", Mismatches(want_fr, h.fr, &first), first, ref.size());
  if (h.indices != q.count) {
    r.ok = false;
    r.detail += "; the engine counted " + std::to_string(h.indices) + " indices";
  }
  std::snprintf(buf, sizeof buf,
                "sim (zkacc_hist, %u banks, %u-entry window, %u passes): %llu cycles (counting "
                "%llu), %.4f indices/cycle/bank, %.3f ms modelled at %.0f MHz; simulated in "
                "%.2f s\n",
                h.banks, h.window, h.passes, static_cast<unsigned long long>(h.cycles),
                static_cast<unsigned long long>(h.count_cycles), h.IndicesPerCyclePerBank(),
                static_cast<double>(h.cycles) / (q.clock_mhz * 1e3), q.clock_mhz, h.seconds);
  r.text += buf;
  Print(q, r);
  return r.ok ? kOk : kFailed;
#else
  throw std::runtime_error("this zkacc was built without the sim backend (ZKACC_BUILD_SIM=OFF)");
#endif
}

}  // namespace

std::shared_ptr<QuantCommands> AddQuantCommands(CLI::App& app) {
  auto q = std::make_shared<QuantCommands>();
  q->matmul = app.add_subcommand("matmul", "a random quantized layer (int8, int32 accumulation)");
  AddCommon(q->matmul, *q);
  q->matmul->add_option("--batch", q->batch, "input vectors")->check(CLI::Range(1, 1 << 24));
  q->matmul->add_option("--k", q->k, "inputs per vector")->check(CLI::Range(1, 1 << 24));
  q->matmul->add_option("--n", q->n, "outputs per vector")->check(CLI::Range(1, 1 << 24));
  q->matmul->add_option("--values", q->values, "int8 values: uniform or extreme (-128, 127, 0)")
      ->check(CLI::IsMember({std::string("uniform"), std::string("extreme")}));
  q->matmul->add_option("--table", q->table, "activation table: relu, gelu or sigmoid")
      ->check(CLI::IsMember({std::string("relu"), std::string("gelu"), std::string("sigmoid")}));
  q->matmul->add_option("--entries", q->entries, "table entries (the index range)")
      ->check(CLI::Range(1, 65536));
  q->lookup = app.add_subcommand("lookup", "multiplicities of random table indices");
  AddCommon(q->lookup, *q);
  q->lookup->add_option("--n", q->count, "indices")->check(CLI::Range(1, 1 << 30));
  q->lookup->add_option("--entries", q->lookup_entries, "table entries (sim: 2^16 per pass)");
  q->lookup->add_option("--dist", q->dist, "index distribution: uniform, equal or zipf")
      ->check(CLI::IsMember({std::string("uniform"), std::string("equal"), std::string("zipf")}));
  q->lookup->add_option("--zipf-s", q->zipf_s, "Zipf exponent")->check(CLI::Range(0.0, 10.0));
  return q;
}

int RunQuantCommands(const QuantCommands& q) {
  if (!q.matmul->parsed() && !q.lookup->parsed()) return -1;
  const char* name = q.matmul->parsed() ? "matmul" : "lookup";
  try {
    return q.matmul->parsed() ? RunMatmul(q) : RunLookup(q);
  } catch (const std::invalid_argument& e) {
    std::cerr << "zkacc " << name << ": error: " << e.what() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "zkacc " << name << ": error: " << e.what() << std::endl;
  }
  return kError;
}

}  // namespace zkacc
