// SPDX-License-Identifier: Apache-2.0
//
// The "sim" backend: BN254 field and G1 operations on the Verilated RTL unit tops
// (zkacc/sim/backend.h describes what runs where).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "zkacc/curve.h"
#include "zkacc/params.h"
#include "zkacc/sim/backend.h"
#include "zkacc/sim/harness.h"
#include "zkacc/sim/stream.h"
#include "zkacc/sim/wide.h"

#if ZKACC_HAVE_zkacc_mont_mul_bn254_fq
#include "Vzkacc_mont_mul_bn254_fq.h"
#endif
#if ZKACC_HAVE_zkacc_mont_mul_bn254_fr
#include "Vzkacc_mont_mul_bn254_fr.h"
#endif
#if ZKACC_HAVE_zkacc_mod_addsub_bn254_fq
#include "Vzkacc_mod_addsub_bn254_fq.h"
#endif
#if ZKACC_HAVE_zkacc_mod_addsub_bn254_fr
#include "Vzkacc_mod_addsub_bn254_fr.h"
#endif
#if ZKACC_HAVE_zkacc_ec_add_bn254
#include "Vzkacc_ec_add_bn254.h"
#endif
#if ZKACC_HAVE_zkacc_msm_bn254 || ZKACC_HAVE_zkacc_msm_bls12_381 || \
    ZKACC_HAVE_zkacc_msm_bn254_fm || ZKACC_HAVE_zkacc_msm_bls12_381_fm
#include "zkacc/sim/msm_engine.h"
#endif
#if ZKACC_HAVE_zkacc_msm_bn254
#include "Vzkacc_msm_bn254.h"
#include "Vzkacc_msm_bn254_zkacc_msm_bn254.h"
#endif
#if ZKACC_HAVE_zkacc_msm_bls12_381
#include "Vzkacc_msm_bls12_381.h"
#include "Vzkacc_msm_bls12_381_zkacc_msm_bls12_381.h"
#endif
#if ZKACC_HAVE_zkacc_msm_bn254_fm
#include "Vzkacc_msm_bn254_fm.h"
#include "Vzkacc_msm_bn254_fm_zkacc_msm_bn254.h"
#endif
#if ZKACC_HAVE_zkacc_msm_bls12_381_fm
#include "Vzkacc_msm_bls12_381_fm.h"
#include "Vzkacc_msm_bls12_381_fm_zkacc_msm_bls12_381.h"
#endif
#if ZKACC_HAVE_zkacc_ntt_bn254_fr_l2
#include "Vzkacc_ntt_bn254_fr_l2.h"
#include "Vzkacc_ntt_bn254_fr_l2_zkacc_ntt_bn254_fr_l2.h"
#include "tb_ntt.h"  // the DMA and memory model of the NTT unit (sim/tb)
#endif

namespace zkacc {
namespace {

using bn254::Fq;
using bn254::Fr;
using bn254::G1Affine;
using bn254::G1Xyzz;
using Limbs4 = Limbs<4>;
using sim::FromWide;
using sim::ToWide;

[[noreturn, maybe_unused]] void Missing(const std::string& top) {
  throw std::runtime_error("the sim backend was built without " + top +
                           " (its top was not in rtl/ when the build was configured)");
}

// Batches are streamed at full rate: in_valid and out_ready always high.
const sim::Traffic kFullRate{1.0, 1.0};

// Base of every unit: a harness, its statistics.
template <class VTop>
class Unit {
 public:
  explicit Unit(const std::string& top) : h_(sim::HarnessOptions{top}) {
    stats_.unit = top;
    h_.Reset();
  }
  const SimUnitStats& stats() const { return stats_; }

 protected:
  template <class Out, class Put, class Get>
  std::vector<Out> Stream(size_t n, Put put, Get get) {
    std::vector<size_t> index(n);
    std::iota(index.begin(), index.end(), size_t{0});
    sim::StreamRun<Out> run =
        sim::RunStream<Out>(h_, index, kFullRate, rng_, put, get, {}, /*drain_cycles=*/0);
    stats_.ops += n;
    stats_.cycles += run.cycles;
    stats_.seconds += run.seconds;
    return std::move(run.outputs);
  }

  sim::Harness<VTop> h_;
  std::mt19937_64 rng_{0};  // unused at full rate
  SimUnitStats stats_;
};

// r[i] = a[i] op b[i] on raw limbs (a Montgomery multiplier or a modular adder/subtracter).
class FieldUnit {
 public:
  virtual ~FieldUnit() = default;
  virtual std::vector<Limbs4> Run(const std::vector<Limbs4>& a, const std::vector<Limbs4>& b,
                                  bool sub) = 0;
  virtual const SimUnitStats& Stats() const = 0;
};

template <class VTop, bool kAddSub>
class FieldModel final : public FieldUnit, Unit<VTop> {
 public:
  using Unit<VTop>::Unit;
  std::vector<Limbs4> Run(const std::vector<Limbs4>& a, const std::vector<Limbs4>& b,
                          bool sub) override {
    return this->template Stream<Limbs4>(
        a.size(),
        [&](VTop& top, size_t i) {
          ToWide(top.in_a_i, a[i]);
          ToWide(top.in_b_i, b[i]);
          if constexpr (kAddSub) top.in_sub_i = sub ? 1 : 0;
        },
        [](VTop& top) { return FromWide<4>(top.out_r_o); });
  }
  const SimUnitStats& Stats() const override { return this->stats(); }
};

// The BN254 G1 adder: r[i] = p[i] + q[i]; in mixed mode q[i].x, q[i].y are affine coordinates
// ((0, 0) = infinity) and q[i].zz, q[i].zzz are ignored.
class EcUnit {
 public:
  virtual ~EcUnit() = default;
  virtual std::vector<G1Xyzz> Run(const std::vector<G1Xyzz>& p, const std::vector<G1Xyzz>& q,
                                  bool full) = 0;
  virtual const SimUnitStats& Stats() const = 0;
};

struct EcOut {
  Limbs4 x, y, zz, zzz;
  uint32_t tag = 0;
  bool operator==(const EcOut& o) const {
    return x == o.x && y == o.y && zz == o.zz && zzz == o.zzz && tag == o.tag;
  }
};

template <class VTop>
class EcModel final : public EcUnit, Unit<VTop> {
 public:
  using Unit<VTop>::Unit;
  std::vector<G1Xyzz> Run(const std::vector<G1Xyzz>& p, const std::vector<G1Xyzz>& q,
                          bool full) override {
    const auto pack = [](auto& port, const G1Xyzz& v) {
      ToWide(port, v.x.v, 0);
      ToWide(port, v.y.v, 256);
      ToWide(port, v.zz.v, 512);
      ToWide(port, v.zzz.v, 768);
    };
    const std::vector<EcOut> got = this->template Stream<EcOut>(
        p.size(),
        [&](VTop& top, size_t i) {
          pack(top.in_p_i, p[i]);
          pack(top.in_q_i, q[i]);
          top.in_full_i = full ? 1 : 0;
          top.in_tag_i = static_cast<uint32_t>(i);
        },
        [](VTop& top) {
          return EcOut{FromWide<4>(top.out_r_o, 0), FromWide<4>(top.out_r_o, 256),
                       FromWide<4>(top.out_r_o, 512), FromWide<4>(top.out_r_o, 768), top.out_tag_o};
        });
    // The tag says which input a result belongs to.
    std::vector<G1Xyzz> r(p.size());
    std::vector<bool> seen(p.size(), false);
    for (const EcOut& o : got) {
      if (o.tag >= p.size() || seen[o.tag]) {
        throw std::runtime_error(this->stats().unit + " returned tag " + std::to_string(o.tag) +
                                 (o.tag >= p.size() ? ", which was never sent" : " twice"));
      }
      seen[o.tag] = true;
      r[o.tag] =
          G1Xyzz{Fq::FromMont(o.x), Fq::FromMont(o.y), Fq::FromMont(o.zz), Fq::FromMont(o.zzz)};
    }
    return r;
  }
  const SimUnitStats& Stats() const override { return this->stats(); }
};

template <class F>
struct FieldTops;
template <>
struct FieldTops<Fq> {
  static constexpr const char* kMul = "zkacc_mont_mul_bn254_fq";
  static constexpr const char* kAddSub = "zkacc_mod_addsub_bn254_fq";
  static std::unique_ptr<FieldUnit> MakeMul() {
#if ZKACC_HAVE_zkacc_mont_mul_bn254_fq
    return std::make_unique<FieldModel<Vzkacc_mont_mul_bn254_fq, false>>(kMul);
#else
    Missing(kMul);
#endif
  }
  static std::unique_ptr<FieldUnit> MakeAddSub() {
#if ZKACC_HAVE_zkacc_mod_addsub_bn254_fq
    return std::make_unique<FieldModel<Vzkacc_mod_addsub_bn254_fq, true>>(kAddSub);
#else
    Missing(kAddSub);
#endif
  }
};
template <>
struct FieldTops<Fr> {
  static constexpr const char* kMul = "zkacc_mont_mul_bn254_fr";
  static constexpr const char* kAddSub = "zkacc_mod_addsub_bn254_fr";
  static std::unique_ptr<FieldUnit> MakeMul() {
#if ZKACC_HAVE_zkacc_mont_mul_bn254_fr
    return std::make_unique<FieldModel<Vzkacc_mont_mul_bn254_fr, false>>(kMul);
#else
    Missing(kMul);
#endif
  }
  static std::unique_ptr<FieldUnit> MakeAddSub() {
#if ZKACC_HAVE_zkacc_mod_addsub_bn254_fr
    return std::make_unique<FieldModel<Vzkacc_mod_addsub_bn254_fr, true>>(kAddSub);
#else
    Missing(kAddSub);
#endif
  }
};

std::unique_ptr<EcUnit> MakeEcAdder() {
#if ZKACC_HAVE_zkacc_ec_add_bn254
  return std::make_unique<EcModel<Vzkacc_ec_add_bn254>>("zkacc_ec_add_bn254");
#else
  Missing("zkacc_ec_add_bn254");
#endif
}

// An MSM engine of one curve behind a virtual interface (the models are big: made on first use).
template <class C>
class MsmUnit {
 public:
  virtual ~MsmUnit() = default;
  virtual Xyzz<C> Run(const Affine<C>* p, const Scalar* s, size_t n, unsigned c,
                      sim::MsmRunStats* st) = 0;
};

#if ZKACC_HAVE_zkacc_msm_bn254 || ZKACC_HAVE_zkacc_msm_bls12_381 || \
    ZKACC_HAVE_zkacc_msm_bn254_fm || ZKACC_HAVE_zkacc_msm_bls12_381_fm
template <class VTop, class VParams, class C>
class MsmModel final : public MsmUnit<C> {
 public:
  explicit MsmModel(const std::string& top) : eng_(top) {}
  Xyzz<C> Run(const Affine<C>* p, const Scalar* s, size_t n, unsigned c,
              sim::MsmRunStats* st) override {
    return eng_.Run(p, s, n, c, kFullRate, st);
  }

 private:
  sim::MsmEngine<VTop, VParams, C> eng_;
};
#endif

std::unique_ptr<MsmUnit<Bn254G1>> MakeMsmBn254(bool fast) {
  if (fast) {
#if ZKACC_HAVE_zkacc_msm_bn254_fm
    return std::make_unique<
        MsmModel<Vzkacc_msm_bn254_fm, Vzkacc_msm_bn254_fm_zkacc_msm_bn254, Bn254G1>>(
        "zkacc_msm_bn254_fm");
#else
    Missing("zkacc_msm_bn254 (behavioural-multiplier model)");
#endif
  }
#if ZKACC_HAVE_zkacc_msm_bn254
  return std::make_unique<MsmModel<Vzkacc_msm_bn254, Vzkacc_msm_bn254_zkacc_msm_bn254, Bn254G1>>(
      "zkacc_msm_bn254");
#else
  Missing("zkacc_msm_bn254");
#endif
}
std::unique_ptr<MsmUnit<Bls12381G1>> MakeMsmBls12381(bool fast) {
  if (fast) {
#if ZKACC_HAVE_zkacc_msm_bls12_381_fm
    return std::make_unique<MsmModel<Vzkacc_msm_bls12_381_fm,
                                     Vzkacc_msm_bls12_381_fm_zkacc_msm_bls12_381, Bls12381G1>>(
        "zkacc_msm_bls12_381_fm");
#else
    Missing("zkacc_msm_bls12_381 (behavioural-multiplier model)");
#endif
  }
#if ZKACC_HAVE_zkacc_msm_bls12_381
  return std::make_unique<MsmModel<Vzkacc_msm_bls12_381, Vzkacc_msm_bls12_381_zkacc_msm_bls12_381,
                                   Bls12381G1>>("zkacc_msm_bls12_381");
#elif ZKACC_HAVE_zkacc_msm_bls12_381_fm
  // Built without the gate-level model (ZKACC_SIM_GATE_MSM_BLS12_381=OFF): the same RTL with
  // behavioural multipliers; the unit name in every report says so.
  return MakeMsmBls12381(true);
#else
  Missing("zkacc_msm_bls12_381");
#endif
}

class SimBackend final : public Backend {
 public:
  // fast: the MSM engines with behavioural multipliers ("sim-fast"; cycle-identical).
  explicit SimBackend(bool fast) : fast_(fast) {}
  std::string Name() const override { return fast_ ? "sim-fast" : "sim"; }

  void FieldOps(FieldOp op, const Fq* a, const Fq* b, Fq* out, size_t n) override {
    FieldOpsImpl(op, a, b, out, n, fq_mul_, fq_addsub_);
  }
  void FieldOps(FieldOp op, const Fr* a, const Fr* b, Fr* out, size_t n) override {
    FieldOpsImpl(op, a, b, out, n, fr_mul_, fr_addsub_);
  }

  void G1Add(const G1Affine* p, const G1Affine* q, G1Affine* out, size_t n) override {
    std::vector<G1Xyzz> xp(n), xq(n);
    for (size_t i = 0; i < n; ++i) {
      xp[i] = G1Xyzz::FromAffine(p[i]);
      xq[i] = AffineOperand(q[i]);
    }
    ToAffine(Ec().Run(xp, xq, /*full=*/false), out);
  }

  void G1Double(const G1Affine* p, G1Affine* out, size_t n) override {
    std::vector<G1Xyzz> xp(n);
    for (size_t i = 0; i < n; ++i) xp[i] = G1Xyzz::FromAffine(p[i]);
    ToAffine(Ec().Run(xp, xp, /*full=*/true), out);
  }

  void G1Mul(const G1Affine* p, const Scalar* k, G1Affine* out, size_t n) override {
    std::vector<G1Xyzz> acc(n, G1Xyzz::Infinity());
    unsigned bits = 0;
    for (size_t i = 0; i < n; ++i) bits = std::max(bits, detail::BitLength(k[i]));
    EcUnit& ec = Ec();
    std::vector<size_t> sel;
    std::vector<G1Xyzz> sp, sq;
    for (unsigned bit = bits; bit-- > 0;) {
      acc = ec.Run(acc, acc, /*full=*/true);
      sel.clear();
      for (size_t i = 0; i < n; ++i) {
        if (detail::Bit(k[i], bit)) sel.push_back(i);
      }
      if (sel.empty()) continue;
      sp.resize(sel.size());
      sq.resize(sel.size());
      for (size_t j = 0; j < sel.size(); ++j) {
        sp[j] = acc[sel[j]];
        sq[j] = AffineOperand(p[sel[j]]);
      }
      const std::vector<G1Xyzz> r = ec.Run(sp, sq, /*full=*/false);
      for (size_t j = 0; j < sel.size(); ++j) acc[sel[j]] = r[j];
    }
    ToAffine(acc, out);
  }

  G1Affine Msm(const G1Affine* p, const Scalar* s, size_t n) override {
    if (!msm_bn254_) msm_bn254_ = MakeMsmBn254(fast_);
    return RunMsm(*msm_bn254_, p, s, n);
  }
  bls12_381::G1Affine Msm(const bls12_381::G1Affine* p, const Scalar* s, size_t n) override {
    if (!msm_bls_) msm_bls_ = MakeMsmBls12381(fast_);
    return RunMsm(*msm_bls_, p, s, n);
  }
  const std::vector<sim::MsmRunStats>& MsmRuns() const { return msm_runs_; }
  void SetMsmWindow(unsigned c) { msm_window_ = c; }
  // The NTT unit with 2 lanes (zkacc_ntt_bn254_fr_l2) behind the DMA and memory model of
  // sim/tb/tb_ntt.h (default MemoryConfig): on chip up to 2^12, four-step up to 2^24.
  void Ntt(Fr* data, size_t n, NttDirection dir, bool coset) override {
#if ZKACC_HAVE_zkacc_ntt_bn254_fr_l2
    using Kind = sim::ntt::Kind;
    const Kind kind = dir == NttDirection::kInverse ? (coset ? Kind::kCosetInverse : Kind::kInverse)
                                                    : (coset ? Kind::kCosetForward : Kind::kForward);
    if (!ntt_) {
      ntt_ = std::make_unique<NttDevice>(sim::HarnessOptions{"zkacc_ntt_bn254_fr_l2"});
      ntt_stats_.unit = "zkacc_ntt_bn254_fr_l2";
    }
    sim::ntt::RunStats st;
    const std::vector<Fr> y = ntt_->Transform(std::vector<Fr>(data, data + n), n, 1, kind, &st);
    std::copy(y.begin(), y.end(), data);
    ntt_stats_.ops += 1;
    ntt_stats_.cycles += st.cycles;
    ntt_stats_.seconds += st.seconds;
    ntt_stats_.butterflies += st.butterflies;
    ntt_stats_.lanes = st.lanes;
#else
    (void)data;
    (void)n;
    (void)dir;
    (void)coset;
    Missing("zkacc_ntt_bn254_fr_l2");
#endif
  }

  std::vector<SimUnitStats> Stats() const {
    std::vector<SimUnitStats> s;
    for (const FieldUnit* u : {fq_mul_.get(), fq_addsub_.get(), fr_mul_.get(), fr_addsub_.get()}) {
      if (u != nullptr) s.push_back(u->Stats());
    }
    if (ec_) s.push_back(ec_->Stats());
    for (const char* unit : {"zkacc_msm_bn254", "zkacc_msm_bls12_381", "zkacc_msm_bn254_fm",
                             "zkacc_msm_bls12_381_fm"}) {
      SimUnitStats u;
      u.unit = unit;
      for (const sim::MsmRunStats& r : msm_runs_) {
        if (r.unit != unit) continue;
        u.ops += r.n;
        u.cycles += r.cycles;
        u.seconds += r.seconds;
      }
      if (u.cycles > 0) s.push_back(u);
    }
    if (ntt_stats_.ops > 0) s.push_back(ntt_stats_);
    return s;
  }

 private:
  template <class C>
  Affine<C> RunMsm(MsmUnit<C>& unit, const Affine<C>* p, const Scalar* s, size_t n) {
    sim::MsmRunStats st;
    const Xyzz<C> r = unit.Run(p, s, n, msm_window_, &st);
    msm_runs_.push_back(st);
    return r.ToAffine();
  }

  [[noreturn]] static void NotYet(const std::string& what) {
    throw std::runtime_error("the sim backend does not run " + what + " yet (no " + what +
                             " unit in rtl/); use --backend cpu");
  }

  // Q of a mixed addition: affine x, y ((0, 0) = infinity); zz, zzz are not read by the unit.
  static G1Xyzz AffineOperand(const G1Affine& q) {
    return G1Xyzz{q.x, q.y, Fq::Zero(), Fq::Zero()};
  }

  static void ToAffine(const std::vector<G1Xyzz>& r, G1Affine* out) {
    for (size_t i = 0; i < r.size(); ++i) out[i] = r[i].ToAffine();
  }

  EcUnit& Ec() {
    if (!ec_) ec_ = MakeEcAdder();
    return *ec_;
  }

  template <class F>
  static FieldUnit& Get(std::unique_ptr<FieldUnit>& unit, bool addsub) {
    if (!unit) unit = addsub ? FieldTops<F>::MakeAddSub() : FieldTops<F>::MakeMul();
    return *unit;
  }

  template <class F>
  static void FieldOpsImpl(FieldOp op, const F* a, const F* b, F* out, size_t n,
                           std::unique_ptr<FieldUnit>& mul, std::unique_ptr<FieldUnit>& addsub) {
    std::vector<Limbs4> va(n), vb(n);
    for (size_t i = 0; i < n; ++i) va[i] = a[i].v;
    std::vector<Limbs4> r;
    if (op == FieldOp::kInv) {
      // a^(p-2), MSB first: r = a for the top bit, then square (and multiply by a) per bit.
      FieldUnit& m = Get<F>(mul, false);
      Limbs4 e = F::kModulus;
      e[0] -= 2;  // p is odd and > 2: no borrow
      r = va;
      for (unsigned bit = detail::BitLength(e) - 1; bit-- > 0;) {
        r = m.Run(r, r, false);
        if (detail::Bit(e, bit)) r = m.Run(r, va, false);
      }
    } else {
      for (size_t i = 0; i < n; ++i) vb[i] = b[i].v;
      if (op == FieldOp::kMul) {
        r = Get<F>(mul, false).Run(va, vb, false);
      } else {
        r = Get<F>(addsub, true).Run(va, vb, op == FieldOp::kSub);
      }
    }
    for (size_t i = 0; i < n; ++i) out[i] = F::FromMont(r[i]);
  }

  std::unique_ptr<FieldUnit> fq_mul_, fq_addsub_, fr_mul_, fr_addsub_;
  std::unique_ptr<EcUnit> ec_;
  std::unique_ptr<MsmUnit<Bn254G1>> msm_bn254_;
  std::unique_ptr<MsmUnit<Bls12381G1>> msm_bls_;
  std::vector<sim::MsmRunStats> msm_runs_;
  unsigned msm_window_ = 0;
  bool fast_ = false;
#if ZKACC_HAVE_zkacc_ntt_bn254_fr_l2
  using NttDevice = sim::ntt::Device<Vzkacc_ntt_bn254_fr_l2,
                                     Vzkacc_ntt_bn254_fr_l2_zkacc_ntt_bn254_fr_l2>;
  std::unique_ptr<NttDevice> ntt_;
#endif
  SimUnitStats ntt_stats_;
};

}  // namespace

void RegisterSimBackend() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterBackend("sim", [](const BackendOptions&) -> std::unique_ptr<Backend> {
      return std::make_unique<SimBackend>(false);
    });
    RegisterBackend("sim-fast", [](const BackendOptions&) -> std::unique_ptr<Backend> {
      return std::make_unique<SimBackend>(true);
    });
  });
}

std::vector<SimUnitStats> SimBackendStats(const Backend& backend) {
  const auto* sim = dynamic_cast<const SimBackend*>(&backend);
  return sim ? sim->Stats() : std::vector<SimUnitStats>{};
}

std::vector<sim::MsmRunStats> SimBackendMsmRuns(const Backend& backend) {
  const auto* sim = dynamic_cast<const SimBackend*>(&backend);
  return sim ? sim->MsmRuns() : std::vector<sim::MsmRunStats>{};
}

void SetSimMsmWindow(Backend& backend, unsigned c) {
  auto* sim = dynamic_cast<SimBackend*>(&backend);
  if (sim == nullptr) {
    throw std::invalid_argument("SetSimMsmWindow: backend '" + backend.Name() +
                                "' is not the sim backend");
  }
  sim->SetMsmWindow(c);
}

std::string SimBackendReport(const Backend& backend) {
  if (dynamic_cast<const SimBackend*>(&backend) == nullptr) return "";
  uint64_t total = 0;
  std::string parts;
  for (const SimUnitStats& s : SimBackendStats(backend)) {
    total += s.cycles;
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s%s: %llu ops in %llu cycles, %.3g cycles/s",
                  parts.empty() ? "" : "; ", s.unit.c_str(), static_cast<unsigned long long>(s.ops),
                  static_cast<unsigned long long>(s.cycles),
                  s.seconds > 0 ? static_cast<double>(s.cycles) / s.seconds : 0.0);
    parts += buf;
    if (s.lanes > 0 && s.cycles > 0) {  // NTT: butterflies per cycle per lane, modelled time
      std::snprintf(buf, sizeof buf,
                    ", utilization %.4f butterflies/cycle/lane, %.6g s modelled at %.0f MHz",
                    s.Utilization(), static_cast<double>(s.cycles) / (kSimClockMhz * 1e6),
                    kSimClockMhz);
      parts += buf;
    }
  }
  std::string msm;
  uint64_t adds = 0, acc = 0, cycles = 0;
  for (const sim::MsmRunStats& r : SimBackendMsmRuns(backend)) {
    adds += r.Additions();
    acc += r.acc_cycles;
    cycles += r.cycles;
  }
  if (cycles > 0) {
    char buf[240];
    std::snprintf(buf, sizeof buf,
                  "\nsim backend MSM: %llu additions in %llu accumulation cycles (utilization "
                  "%.4f), %llu cycles in all: modelled %.3f ms at %.0f MHz",
                  static_cast<unsigned long long>(adds), static_cast<unsigned long long>(acc),
                  acc ? static_cast<double>(adds) / static_cast<double>(acc) : 0.0,
                  static_cast<unsigned long long>(cycles),
                  static_cast<double>(cycles) / (kSimReportClockMhz * 1e3), kSimReportClockMhz);
    msm = buf;
  }
  return "sim backend: " + std::to_string(total) + " cycles" +
         (parts.empty() ? "" : " (" + parts + ")") + msm;
}

}  // namespace zkacc
