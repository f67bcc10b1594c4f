// SPDX-License-Identifier: Apache-2.0
#include "zkacc/models/trace.h"

#include <stdexcept>

namespace zkacc::models {
namespace {

using Json = nlohmann::json;

unsigned Log2(uint64_t n) {
  unsigned k = 0;
  while ((uint64_t{1} << k) < n) ++k;
  return k;
}

OpKind ParseKind(const std::string& s, const std::string& where) {
  if (s == "msm") return OpKind::kMsm;
  if (s == "ntt") return OpKind::kNtt;
  if (s == "histogram") return OpKind::kHistogram;
  if (s == "field") return OpKind::kField;
  if (s == "transfer") return OpKind::kTransfer;
  throw std::runtime_error(where + ": unknown op kind \"" + s +
                           "\" (msm, ntt, histogram, field, transfer)");
}

ScalarKind ParseScalars(const std::string& s, const std::string& where) {
  if (s == "dense") return ScalarKind::kDense;
  if (s == "small") return ScalarKind::kSmall;
  if (s == "binary") return ScalarKind::kBinary;
  if (s == "zkml") return ScalarKind::kZkml;
  throw std::runtime_error(where + ": unknown scalar distribution \"" + s +
                           "\" (dense, small, binary, zkml)");
}

}  // namespace

uint32_t Trace::Add(Op op) {
  op.id = static_cast<uint32_t>(ops.size());
  ops.push_back(std::move(op));
  return ops.back().id;
}

const char* OpKindName(OpKind k) {
  switch (k) {
    case OpKind::kMsm:
      return "msm";
    case OpKind::kNtt:
      return "ntt";
    case OpKind::kHistogram:
      return "histogram";
    case OpKind::kField:
      return "field";
    case OpKind::kTransfer:
      return "transfer";
  }
  return "?";
}

const char* ScalarKindName(ScalarKind k) {
  switch (k) {
    case ScalarKind::kDense:
      return "dense";
    case ScalarKind::kSmall:
      return "small";
    case ScalarKind::kBinary:
      return "binary";
    case ScalarKind::kZkml:
      return "zkml";
  }
  return "?";
}

Json ToJson(const Trace& t) {
  Json ops = Json::array();
  for (const Op& op : t.ops) {
    Json o = {
        {"id", op.id}, {"kind", OpKindName(op.kind)}, {"label", op.label}, {"phase", op.phase}};
    switch (op.kind) {
      case OpKind::kMsm:
        o["n"] = op.n;
        o["scalars"] = {{"dist", ScalarKindName(op.scalars)},
                        {"bits", op.scalar_bits},
                        {"nonzero", op.nonzero}};
        o["sparse"] = op.sparse;
        break;
      case OpKind::kNtt:
        o["n"] = op.n;
        o["inverse"] = op.inverse;
        o["coset"] = op.coset;
        break;
      case OpKind::kHistogram:
        o["n"] = op.n;
        o["table_size"] = op.table_size;
        break;
      case OpKind::kField:
        o["n"] = op.n;
        o["muls"] = op.muls;
        o["inversions"] = op.inversions;
        break;
      case OpKind::kTransfer:
        o["bytes"] = op.bytes;
        o["to_device"] = op.to_device;
        break;
    }
    o["deps"] = op.deps;
    ops.push_back(std::move(o));
  }
  return {
      {"format", "zkacc-trace/1"},    {"model", t.model}, {"style", t.style}, {"curve", t.curve},
      {"assumptions", t.assumptions}, {"ops", ops}};
}

Trace TraceFromJson(const Json& j, const std::string& where) {
  if (!j.is_object() || j.value("format", "") != "zkacc-trace/1") {
    throw std::runtime_error(where +
                             ": not a zkacc trace (expected \"format\": "
                             "\"zkacc-trace/1\")");
  }
  if (!j.contains("ops") || !j.at("ops").is_array()) {
    throw std::runtime_error(where + ": missing array \"ops\"");
  }
  Trace t;
  t.model = j.value("model", "");
  t.style = j.value("style", "");
  t.curve = j.value("curve", "bn254");
  if (t.curve != "bn254") {
    throw std::runtime_error(where + ": curve \"" + t.curve + "\" is not modelled (bn254)");
  }
  if (j.contains("assumptions")) t.assumptions = j.at("assumptions");
  for (const Json& o : j.at("ops")) {
    const std::string at = where + ": op " + std::to_string(t.ops.size());
    try {
      Op op;
      if (o.contains("id") && o.at("id").get<uint64_t>() != t.ops.size()) {
        throw std::runtime_error(at + ": \"id\" " + o.at("id").dump() +
                                 " must equal the op's position (ops are listed in id order)");
      }
      op.kind = ParseKind(o.at("kind").get<std::string>(), at);
      op.label = o.value("label", "");
      op.phase = o.value("phase", "");
      op.n = o.value("n", uint64_t{0});
      if (op.kind == OpKind::kMsm) {
        const Json& s = o.at("scalars");
        op.scalars = ParseScalars(s.at("dist").get<std::string>(), at);
        op.scalar_bits = s.value("bits", 254u);
        op.nonzero = s.value("nonzero", 1.0);
        op.sparse = o.value("sparse", false);
        if (op.scalar_bits == 0 || op.scalar_bits > 254) {
          throw std::runtime_error(at + ": scalars.bits must be in 1..254");
        }
        if (!(op.nonzero >= 0.0 && op.nonzero <= 1.0)) {
          throw std::runtime_error(at + ": scalars.nonzero must be in [0, 1]");
        }
      }
      op.inverse = o.value("inverse", false);
      op.coset = o.value("coset", false);
      op.table_size = o.value("table_size", uint64_t{0});
      op.muls = o.value("muls", uint64_t{0});
      op.inversions = o.value("inversions", uint64_t{0});
      op.bytes = o.value("bytes", uint64_t{0});
      op.to_device = o.value("to_device", true);
      if (op.kind == OpKind::kNtt && (op.n < 2 || (op.n & (op.n - 1)) != 0)) {
        throw std::runtime_error(at + ": an NTT size must be a power of two >= 2, got " +
                                 std::to_string(op.n));
      }
      for (const Json& d : o.value("deps", Json::array())) {
        const uint32_t dep = d.get<uint32_t>();
        if (dep >= t.ops.size()) {
          throw std::runtime_error(at + ": dependency " + std::to_string(dep) +
                                   " is not an earlier op");
        }
        op.deps.push_back(dep);
      }
      t.Add(std::move(op));
    } catch (const Json::exception& e) {
      throw std::runtime_error(at + ": malformed op (" + e.what() + ")");
    }
  }
  return t;
}

TraceSummary Summarize(const Trace& t) {
  TraceSummary s;
  s.msm_points_by_scalars = {{"dense", 0}, {"small", 0}, {"binary", 0}, {"zkml", 0}};
  for (const Op& op : t.ops) {
    ++s.ops;
    switch (op.kind) {
      case OpKind::kMsm:
        ++s.msms;
        s.msm_points += op.n;
        s.msm_points_by_scalars[ScalarKindName(op.scalars)] += op.n;
        s.max_msm = std::max(s.max_msm, op.n);
        break;
      case OpKind::kNtt:
        ++s.ntts;
        s.ntt_elements += op.n;
        s.ntt_butterflies += op.n / 2 * Log2(op.n);
        s.max_ntt = std::max(s.max_ntt, op.n);
        break;
      case OpKind::kHistogram:
        ++s.histograms;
        s.histogram_values += op.n;
        break;
      case OpKind::kField:
        s.field_muls += op.muls;
        s.field_inversions += op.inversions;
        break;
      case OpKind::kTransfer:
        s.transfer_bytes += op.bytes;
        break;
    }
  }
  return s;
}

Json ToJson(const TraceSummary& s) {
  return {{"ops", s.ops},
          {"msms", s.msms},
          {"msm_points", s.msm_points},
          {"msm_points_by_scalars", s.msm_points_by_scalars},
          {"max_msm", s.max_msm},
          {"ntts", s.ntts},
          {"ntt_elements", s.ntt_elements},
          {"ntt_butterflies", s.ntt_butterflies},
          {"max_ntt", s.max_ntt},
          {"histograms", s.histograms},
          {"histogram_values", s.histogram_values},
          {"field_muls", s.field_muls},
          {"field_inversions", s.field_inversions},
          {"transfer_bytes", s.transfer_bytes}};
}

}  // namespace zkacc::models
