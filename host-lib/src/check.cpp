// SPDX-License-Identifier: Apache-2.0
//
// Backend registry, the CPU backend, and the recomputation of test-vector files.
#include "zkacc/check.h"

#include <exception>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace zkacc {
namespace {

// ---------------------------------------------------------------------------------------------
// The CPU backend: this library's own field, curve, MSM and NTT code.
//   G1Add    XYZZ full addition (add-2008-s), which handles infinity, P = Q and P = -Q itself
//   G1Double Jacobian doubling (dbl-2009-l)
//   G1Mul    Jacobian double-and-add (Jacobian::Mul: add-2007-bl + dbl-2009-l)
//   Msm      zkacc::Msm (Pippenger), Ntt zkacc::Ntt

class CpuBackend final : public Backend {
 public:
  explicit CpuBackend(const BackendOptions& options) : options_(options) {}

  std::string Name() const override { return "cpu"; }

  void FieldOps(FieldOp op, const bn254::Fq* a, const bn254::Fq* b, bn254::Fq* out,
                size_t n) override {
    FieldOpsImpl(op, a, b, out, n);
  }
  void FieldOps(FieldOp op, const bn254::Fr* a, const bn254::Fr* b, bn254::Fr* out,
                size_t n) override {
    FieldOpsImpl(op, a, b, out, n);
  }

  void G1Add(const bn254::G1Affine* p, const bn254::G1Affine* q, bn254::G1Affine* out,
             size_t n) override {
    for (size_t i = 0; i < n; ++i) {
      bn254::G1Xyzz s = bn254::G1Xyzz::FromAffine(p[i]);
      s.AddInPlace(bn254::G1Xyzz::FromAffine(q[i]));
      out[i] = s.ToAffine();
    }
  }
  void G1Double(const bn254::G1Affine* p, bn254::G1Affine* out, size_t n) override {
    for (size_t i = 0; i < n; ++i) out[i] = bn254::G1Jacobian::FromAffine(p[i]).Double().ToAffine();
  }
  void G1Mul(const bn254::G1Affine* p, const Scalar* k, bn254::G1Affine* out, size_t n) override {
    for (size_t i = 0; i < n; ++i) {
      out[i] = bn254::G1Jacobian::FromAffine(p[i]).Mul(k[i]).ToAffine();
    }
  }

  bn254::G1Affine Msm(const bn254::G1Affine* points, const Scalar* scalars, size_t n) override {
    return zkacc::Msm(points, scalars, n, MsmConfig{options_.threads, 0}).ToAffine();
  }
  bls12_381::G1Affine Msm(const bls12_381::G1Affine* points, const Scalar* scalars,
                          size_t n) override {
    return zkacc::Msm(points, scalars, n, MsmConfig{options_.threads, 0}).ToAffine();
  }

  void Ntt(bn254::Fr* data, size_t n, NttDirection dir, bool coset) override {
    zkacc::Ntt(data, n, dir, NttConfig{options_.threads, coset});
  }

 private:
  template <class F>
  static void FieldOpsImpl(FieldOp op, const F* a, const F* b, F* out, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      switch (op) {
        case FieldOp::kAdd:
          out[i] = a[i] + b[i];
          break;
        case FieldOp::kSub:
          out[i] = a[i] - b[i];
          break;
        case FieldOp::kMul:
          out[i] = a[i] * b[i];
          break;
        case FieldOp::kInv:
          out[i] = a[i].Inverse();
          break;
      }
    }
  }

  BackendOptions options_;
};

// ---------------------------------------------------------------------------------------------
// Registry.

struct Registry {
  std::mutex mu;
  std::map<std::string, BackendFactory> factories;
};

Registry& GetRegistry() {
  static Registry registry{{}, {{"cpu", [](const BackendOptions& options) {
                                   return std::unique_ptr<Backend>(new CpuBackend(options));
                                 }}}};
  return registry;
}

// ---------------------------------------------------------------------------------------------
// Comparing and reporting.

template <class P>
std::string Text(const Fp<P>& v) {
  return v.ToHex();
}

template <class C>
std::string Text(const Affine<C>& p) {
  if (p.IsInfinity()) return "infinity (0, 0)";
  return "(" + p.x.ToHex() + ", " + p.y.ToHex() + ")";
}

// Runs fn(); returns the message of what it threw, or "" if it returned.
template <class Fn>
std::string ErrorOf(Fn&& fn) {
  try {
    fn();
    return "";
  } catch (const std::exception& e) {
    return std::string("backend error: ") + e.what();
  } catch (...) {
    return "backend error: unknown exception";
  }
}

// The mismatches of one case, formatted as its failure line.
class CaseReport {
 public:
  CaseReport(const std::string& file, size_t line, std::string label)
      : prefix_(file + ":" + std::to_string(line) + ": " + std::move(label)) {}

  void Add(const std::string& what) { parts_.push_back(what); }

  template <class T>
  void Compare(const std::string& what, const T& expected, const T& got) {
    if (expected != got) Add(what + ": expected " + Text(expected) + ", got " + Text(got));
  }

  // Records the outcome of the case in `result`.
  void Tally(CheckResult& result) const {
    if (parts_.empty()) {
      ++result.passed;
      return;
    }
    ++result.failed;
    std::string line = prefix_;
    for (size_t i = 0; i < parts_.size(); ++i) line += (i ? "; " : "") + parts_[i];
    result.failures.push_back(std::move(line));
  }

 private:
  std::string prefix_;
  std::vector<std::string> parts_;
};

std::string CaseLabel(size_t id, const std::string& tag, size_t n) {
  return "case " + std::to_string(id) + " (" + tag + ", n = " + std::to_string(n) + "): ";
}

// Field ops: each op runs as one batch over the whole file.
template <class F>
void CheckCases(const std::vector<FieldOpsCase<F>>& cases, const std::string& file,
                Backend& backend, CheckResult& result) {
  struct Column {
    FieldOp op;
    const char* name;
    F FieldOpsCase<F>::*expected;
  };
  static const Column kColumns[] = {{FieldOp::kAdd, "a+b", &FieldOpsCase<F>::sum},
                                    {FieldOp::kSub, "a-b", &FieldOpsCase<F>::diff},
                                    {FieldOp::kMul, "a*b", &FieldOpsCase<F>::prod},
                                    {FieldOp::kInv, "a^-1", &FieldOpsCase<F>::inv}};
  const size_t n = cases.size();
  std::vector<F> a(n), b(n);
  for (size_t i = 0; i < n; ++i) {
    a[i] = cases[i].a;
    b[i] = cases[i].b;
  }
  std::vector<std::vector<F>> got;
  std::vector<std::string> errors;
  for (const Column& col : kColumns) {
    got.emplace_back(n);
    errors.push_back(
        ErrorOf([&] { backend.FieldOps(col.op, a.data(), b.data(), got.back().data(), n); }));
  }
  for (size_t i = 0; i < n; ++i) {
    CaseReport report(file, cases[i].line, "");
    for (size_t k = 0; k < got.size(); ++k) {
      if (!errors[k].empty()) {
        report.Add(std::string(kColumns[k].name) + ": " + errors[k]);
      } else {
        report.Compare(kColumns[k].name, cases[i].*kColumns[k].expected, got[k][i]);
      }
    }
    report.Tally(result);
  }
}

// G1 ops: P+Q, 2P, k*P, each as one batch.
void CheckCases(const std::vector<G1OpsCase>& cases, const std::string& file, Backend& backend,
                CheckResult& result) {
  const size_t n = cases.size();
  std::vector<bn254::G1Affine> p(n), q(n), sum(n), dbl(n), kp(n);
  std::vector<Scalar> k(n);
  for (size_t i = 0; i < n; ++i) {
    p[i] = cases[i].p;
    q[i] = cases[i].q;
    k[i] = cases[i].k;
  }
  const std::string sum_error = ErrorOf([&] { backend.G1Add(p.data(), q.data(), sum.data(), n); });
  const std::string dbl_error = ErrorOf([&] { backend.G1Double(p.data(), dbl.data(), n); });
  const std::string mul_error = ErrorOf([&] { backend.G1Mul(p.data(), k.data(), kp.data(), n); });
  for (size_t i = 0; i < n; ++i) {
    CaseReport report(file, cases[i].line, "");
    const auto compare = [&](const char* what, const std::string& error,
                             const bn254::G1Affine& expected, const bn254::G1Affine& got) {
      if (!error.empty()) {
        report.Add(std::string(what) + ": " + error);
      } else {
        report.Compare(what, expected, got);
      }
    };
    compare("P+Q", sum_error, cases[i].sum, sum[i]);
    compare("2P", dbl_error, cases[i].dbl, dbl[i]);
    compare("k*P", mul_error, cases[i].kp, kp[i]);
    report.Tally(result);
  }
}

template <class C>
void CheckCases(const std::vector<MsmCase<C>>& cases, const std::string& file, Backend& backend,
                CheckResult& result) {
  for (const MsmCase<C>& c : cases) {
    CaseReport report(file, c.line, CaseLabel(c.id, c.tag, c.points.size()));
    Affine<C> got;
    const std::string error =
        ErrorOf([&] { got = backend.Msm(c.points.data(), c.scalars.data(), c.points.size()); });
    if (!error.empty()) {
      report.Add(error);
    } else {
      report.Compare("result (line " + std::to_string(c.result_line) + ")", c.result, got);
    }
    report.Tally(result);
  }
}

void CheckCases(const std::vector<NttCase>& cases, const std::string& file, Backend& backend,
                CheckResult& result) {
  struct Column {
    const char* name;
    NttDirection dir;
    bool coset;
    std::vector<bn254::Fr> NttCase::*expected;
  };
  static const Column kColumns[] = {{"NTT", NttDirection::kForward, false, &NttCase::ntt},
                                    {"INTT", NttDirection::kInverse, false, &NttCase::intt},
                                    {"CNTT", NttDirection::kForward, true, &NttCase::cntt},
                                    {"CINTT", NttDirection::kInverse, true, &NttCase::cintt}};
  for (const NttCase& c : cases) {
    const size_t n = c.size();
    CaseReport report(file, c.line, CaseLabel(c.id, c.tag, n));
    for (const Column& col : kColumns) {
      std::vector<bn254::Fr> data = c.x;
      const std::string error = ErrorOf([&] { backend.Ntt(data.data(), n, col.dir, col.coset); });
      if (!error.empty()) {
        report.Add(std::string(col.name) + ": " + error);
        continue;
      }
      const std::vector<bn254::Fr>& expected = c.*col.expected;
      size_t wrong = 0;
      size_t first = 0;
      for (size_t j = n; j-- > 0;) {
        if (data[j] != expected[j]) {
          ++wrong;
          first = j;
        }
      }
      if (wrong == 0) continue;
      const std::string where = std::string(col.name) + "[" + std::to_string(first) + "] (line " +
                                std::to_string(c.lines[first]) + ")";
      report.Add((wrong > 1 ? std::to_string(wrong) + " of " + std::to_string(n) +
                                  " elements wrong, first "
                            : std::string()) +
                 where + ": expected " + Text(expected[first]) + ", got " + Text(data[first]));
    }
    report.Tally(result);
  }
}

}  // namespace

void RegisterBackend(const std::string& name, BackendFactory factory) {
  if (name.empty()) throw std::invalid_argument("backend name is empty");
  if (!factory) throw std::invalid_argument("backend '" + name + "' has no factory");
  Registry& registry = GetRegistry();
  std::lock_guard<std::mutex> lock(registry.mu);
  if (!registry.factories.emplace(name, std::move(factory)).second) {
    throw std::invalid_argument("backend '" + name + "' is already registered");
  }
}

std::vector<std::string> BackendNames() {
  Registry& registry = GetRegistry();
  std::lock_guard<std::mutex> lock(registry.mu);
  std::vector<std::string> names;
  for (const auto& entry : registry.factories) names.push_back(entry.first);
  return names;
}

std::unique_ptr<Backend> MakeBackend(const std::string& name, const BackendOptions& options) {
  BackendFactory factory;
  {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    const auto it = registry.factories.find(name);
    if (it != registry.factories.end()) factory = it->second;
  }
  if (!factory) {
    std::string known;
    for (const std::string& n : BackendNames()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown backend '" + name + "' (available: " + known + ")");
  }
  return factory(options);
}

CheckResult CheckVectors(const VectorFile& file, Backend& backend) {
  CheckResult result;
  result.file = file.name;
  result.kind = file.kind;
  std::visit([&](const auto& cases) { CheckCases(cases, file.name, backend, result); }, file.cases);
  return result;
}

CheckResult CheckFile(const std::string& path, Backend& backend, const CheckOptions& options) {
  return CheckVectors(ParseVectorFile(path, options.kind), backend);
}

CheckResult CheckFile(const std::string& path, const std::string& backend_name,
                      const CheckOptions& options) {
  const std::unique_ptr<Backend> backend = MakeBackend(backend_name, options.backend);
  return CheckFile(path, *backend, options);
}

}  // namespace zkacc
