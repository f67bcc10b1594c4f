// SPDX-License-Identifier: Apache-2.0
//
// SystemC / TLM-2.0 architecture model. Structure (built once per process, reconfigured for
// each run, so sweeps and tests can call Simulate() many times):
//
//   Scheduler --AT (nb_transport, BEGIN_REQ/END_REQ/BEGIN_RESP)--> Unit "msm" | "ntt" |
//             "lookup" | "host_link"  --b_transport (delay annotated)--> Memory (channels)
//
// The scheduler sends every op whose dependencies are done to its unit type; a unit with a
// free instance accepts at once (END_REQ), otherwise it holds the request (TLM request
// exclusion: the scheduler sends the next one after END_REQ). A unit charges
// max(compute, memory) for an op: it streams its data over its memory channels while it
// computes; the channels are shared FCFS between the ops that use them. The host link is a
// unit of its own, so uploads overlap with compute on independent ops.
#include "zkacc/arch/simulator.h"

#include <tlm_utils/peq_with_cb_and_phase.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <memory>
#include <set>
#include <stdexcept>
#include <systemc>
#include <tlm>

namespace zkacc::arch {
namespace {

using models::Op;
using models::OpKind;
using sc_core::SC_SEC;
using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

// Memory request: `bytes` over `channels`, at `efficiency` of the channels' bandwidth.
struct MemExtension : tlm::tlm_extension<MemExtension> {
  const std::vector<unsigned>* channels = nullptr;
  double bytes = 0;
  double efficiency = 1;
  tlm::tlm_extension_base* clone() const override { return new MemExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& e) override {
    *this = static_cast<const MemExtension&>(e);
  }
};

constexpr int kUnits = 4;  // msm, ntt, lookup, host_link
const char* const kUnitNames[kUnits] = {"msm", "ntt", "lookup", "host_link"};

int UnitOf(OpKind k) {
  switch (k) {
    case OpKind::kMsm:
      return 0;
    case OpKind::kNtt:
    case OpKind::kField:
      return 1;
    case OpKind::kHistogram:
      return 2;
    case OpKind::kTransfer:
      return 3;
  }
  return 0;
}

class Memory : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Memory> sockets_[kUnits];

  explicit Memory(sc_core::sc_module_name name) : sc_module(name) {
    for (auto& s : sockets_) s.register_b_transport(this, &Memory::BTransport);
  }

  void Configure(unsigned channels, double gbps, double efficiency, double latency_ns) {
    busy_until_.assign(channels, sc_core::sc_time_stamp());
    channel_bytes_per_s_ = gbps * 1e9 * efficiency;
    latency_ = sc_time(latency_ns * 1e-9, SC_SEC);
    bytes_ = 0;
  }
  double Bytes() const { return bytes_; }

 private:
  void BTransport(tlm::tlm_generic_payload& trans, sc_time& delay) {
    MemExtension* ext = nullptr;
    trans.get_extension(ext);
    if (!ext || !ext->channels || ext->channels->empty() || ext->bytes <= 0) {
      trans.set_response_status(tlm::TLM_OK_RESPONSE);
      return;
    }
    const sc_time start = sc_core::sc_time_stamp() + delay;
    const double per_channel = ext->bytes / static_cast<double>(ext->channels->size());
    sc_time finish = start;
    for (unsigned ch : *ext->channels) {
      const sc_time begin = std::max(start, busy_until_[ch]);
      const sc_time done =
          begin + sc_time(per_channel / (channel_bytes_per_s_ * ext->efficiency), SC_SEC);
      busy_until_[ch] = done;
      finish = std::max(finish, done);
    }
    bytes_ += ext->bytes;
    delay = finish + latency_ - sc_core::sc_time_stamp();
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
  }

  std::vector<sc_time> busy_until_;
  double channel_bytes_per_s_ = 1;
  sc_time latency_;
  double bytes_ = 0;
};

// What an op costs on a unit instance.
struct Charge {
  double compute_seconds = 0;
  // A tail of dependent-chain latency after which the result is ready, during which the
  // instance already accepts the next op (its pipeline slots are free): MSM window drains and
  // combination overlap with the next MSM's accumulation.
  double tail_seconds = 0;
  double memory_bytes = 0;
  double memory_efficiency = 1;  // < 1 for gathered (sparse) reads
  double energy_pj = 0;
  double point_adds = 0;
};
using CostFn = std::function<Charge(const Op&)>;

class Unit : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Unit> target_;
  tlm_utils::simple_initiator_socket<Unit> memory_;

  SC_HAS_PROCESS(Unit);
  explicit Unit(sc_core::sc_module_name name)
      : sc_module(name), target_("target"), memory_("memory"), peq_(this, &Unit::PeqCallback) {
    target_.register_nb_transport_fw(this, &Unit::NbTransportFw);
    mem_trans_.set_extension(&mem_ext_);
    SC_METHOD(OnFree);
    sensitive << free_events_;
    dont_initialize();
  }
  ~Unit() override { mem_trans_.clear_extension(&mem_ext_); }

  void Configure(unsigned instances, const std::vector<unsigned>* channels, CostFn cost,
                 const std::vector<Op>* ops) {
    instances_ = instances;
    free_ = instances;
    channels_ = channels;
    cost_ = std::move(cost);
    ops_ = ops;
    held_ = nullptr;
    freeing_.clear();
    busy_seconds_ = 0;
    op_count_ = 0;
    energy_pj_ = 0;
    point_adds_ = 0;
    by_kind_.clear();
    by_phase_.clear();
  }

  unsigned instances_ = 0;
  double busy_seconds_ = 0;
  uint64_t op_count_ = 0;
  double energy_pj_ = 0;
  double point_adds_ = 0;
  std::map<std::string, double> by_kind_, by_phase_;

 private:
  tlm::tlm_sync_enum NbTransportFw(tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                   sc_time& delay) {
    if (phase == tlm::BEGIN_REQ) {
      if (free_ > 0) {
        Start(trans);
        phase = tlm::END_REQ;
        return tlm::TLM_UPDATED;
      }
      held_ = &trans;  // END_REQ when an instance frees up
      return tlm::TLM_ACCEPTED;
    }
    if (phase == tlm::END_RESP) return tlm::TLM_COMPLETED;
    (void)delay;
    return tlm::TLM_ACCEPTED;
  }

  void Start(tlm::tlm_generic_payload& trans) {
    --free_;
    const Op& op = (*ops_)[trans.get_address()];
    const Charge c = cost_(op);
    sc_time mem_delay = SC_ZERO_TIME;
    if (c.memory_bytes > 0 && channels_ && !channels_->empty()) {
      mem_ext_.channels = channels_;
      mem_ext_.bytes = c.memory_bytes;
      mem_ext_.efficiency = c.memory_efficiency;
      memory_->b_transport(mem_trans_, mem_delay);
    }
    const sc_time busy = std::max(sc_time(c.compute_seconds, SC_SEC), mem_delay);
    const sc_time tail = sc_time(c.tail_seconds, SC_SEC);
    const double s = busy.to_seconds();
    busy_seconds_ += s;
    by_kind_[models::OpKindName(op.kind)] += s;
    by_phase_[op.phase.empty() ? "other" : op.phase] += s;
    energy_pj_ += c.energy_pj;
    point_adds_ += c.point_adds;
    ++op_count_;
    if (tail > SC_ZERO_TIME) {
      free_events_.notify(busy);  // the instance frees before the result is ready
      tlm::tlm_phase resp = tlm::BEGIN_RESP;
      peq_.notify(trans, resp, busy + tail);
    } else {
      tlm::tlm_phase resp = tlm::BEGIN_RESP;
      freeing_.insert(&trans);
      peq_.notify(trans, resp, busy);
    }
  }

  void PeqCallback(tlm::tlm_generic_payload& trans, const tlm::tlm_phase& phase) {
    if (phase != tlm::BEGIN_RESP) return;
    const bool frees = freeing_.erase(&trans) > 0;
    tlm::tlm_phase p = tlm::BEGIN_RESP;
    sc_time t = SC_ZERO_TIME;
    target_->nb_transport_bw(trans, p, t);  // the scheduler completes the transaction
    if (frees) Free();
  }

  void OnFree() { Free(); }

  void Free() {
    ++free_;
    if (held_ && free_ > 0) {
      tlm::tlm_generic_payload* next = held_;
      held_ = nullptr;
      Start(*next);
      tlm::tlm_phase e = tlm::END_REQ;
      sc_time z = SC_ZERO_TIME;
      target_->nb_transport_bw(*next, e, z);
    }
  }

  tlm_utils::peq_with_cb_and_phase<Unit> peq_;
  sc_core::sc_event_queue free_events_;          // instances that free before their result is ready
  std::set<tlm::tlm_generic_payload*> freeing_;  // results whose response frees the instance
  unsigned free_ = 0;
  const std::vector<unsigned>* channels_ = nullptr;
  CostFn cost_;
  const std::vector<Op>* ops_ = nullptr;
  tlm::tlm_generic_payload* held_ = nullptr;
  tlm::tlm_generic_payload mem_trans_;
  MemExtension mem_ext_;
};

class Scheduler : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket_tagged<Scheduler> sockets_[kUnits];

  SC_HAS_PROCESS(Scheduler);
  explicit Scheduler(sc_core::sc_module_name name) : sc_module(name) {
    for (int u = 0; u < kUnits; ++u) {
      sockets_[u].register_nb_transport_bw(this, &Scheduler::NbTransportBw, u);
    }
    // A method, not a thread: no coroutine stacks, so the model runs under AddressSanitizer
    // (stack switching confuses it: google/sanitizers#189), and costs no context switches.
    // It runs at the first sc_start() (initialization) and at every kick.
    SC_METHOD(Dispatch);
    sensitive << kick_;
  }

  void Load(const std::vector<Op>* ops, std::function<void(uint64_t, uint64_t)> progress) {
    ops_ = ops;
    progress_ = std::move(progress);
    const size_t n = ops->size();
    waiting_.assign(n, 0);
    dependents_.assign(n, {});
    trans_.clear();
    trans_.resize(n);
    for (auto& q : ready_) q.clear();
    for (bool& b : req_pending_) b = false;
    for (size_t i = 0; i < n; ++i) {
      trans_[i] = std::make_unique<tlm::tlm_generic_payload>();
      trans_[i]->set_address(i);
      trans_[i]->set_command(tlm::TLM_IGNORE_COMMAND);
      for (uint32_t d : (*ops)[i].deps) {
        ++waiting_[i];
        dependents_[d].push_back(static_cast<uint32_t>(i));
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (waiting_[i] == 0) ready_[UnitOf((*ops)[i].kind)].push_back(static_cast<uint32_t>(i));
    }
    done_ = 0;
    next_report_ = 0;
    start_ = sc_core::sc_time_stamp();
    end_ = start_;
  }

  void Kick() { kick_.notify(SC_ZERO_TIME); }
  uint64_t Done() const { return done_; }
  double Elapsed() const { return (end_ - start_).to_seconds(); }

 private:
  void Dispatch() {
    for (int u = 0; u < kUnits; ++u) {
      while (!req_pending_[u] && !ready_[u].empty()) {
        const uint32_t id = ready_[u].front();
        ready_[u].pop_front();
        tlm::tlm_phase phase = tlm::BEGIN_REQ;
        sc_time t = SC_ZERO_TIME;
        const tlm::tlm_sync_enum r = sockets_[u]->nb_transport_fw(*trans_[id], phase, t);
        if (!(r == tlm::TLM_UPDATED && phase == tlm::END_REQ)) req_pending_[u] = true;
      }
    }
  }

  tlm::tlm_sync_enum NbTransportBw(int u, tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                   sc_time& delay) {
    (void)delay;
    if (phase == tlm::END_REQ) {
      req_pending_[u] = false;
      Kick();
      return tlm::TLM_ACCEPTED;
    }
    if (phase == tlm::BEGIN_RESP) {
      const uint32_t id = static_cast<uint32_t>(trans.get_address());
      for (uint32_t d : dependents_[id]) {
        if (--waiting_[d] == 0) ready_[UnitOf((*ops_)[d].kind)].push_back(d);
      }
      ++done_;
      end_ = sc_core::sc_time_stamp();
      if (progress_ && done_ >= next_report_) {
        progress_(done_, ops_->size());
        next_report_ = done_ + std::max<uint64_t>(1, ops_->size() / 20);
      }
      Kick();
      phase = tlm::END_RESP;
      return tlm::TLM_COMPLETED;
    }
    return tlm::TLM_ACCEPTED;
  }

  const std::vector<Op>* ops_ = nullptr;
  std::function<void(uint64_t, uint64_t)> progress_;
  std::vector<unsigned> waiting_;
  std::vector<std::vector<uint32_t>> dependents_;
  std::vector<std::unique_ptr<tlm::tlm_generic_payload>> trans_;
  std::deque<uint32_t> ready_[kUnits];
  bool req_pending_[kUnits] = {false, false, false, false};
  sc_core::sc_event kick_;
  uint64_t done_ = 0;
  uint64_t next_report_ = 0;
  sc_time start_, end_;
};

struct Top {
  Scheduler scheduler{"scheduler"};
  Memory memory{"memory"};
  Unit msm{"msm"}, ntt{"ntt"}, lookup{"lookup"}, link{"host_link"};
  Unit* units[kUnits] = {&msm, &ntt, &lookup, &link};
  std::vector<unsigned> no_channels;
  std::vector<unsigned> msm_ch, ntt_ch, lookup_ch;

  Top() {
    for (int u = 0; u < kUnits; ++u) {
      scheduler.sockets_[u].bind(units[u]->target_);
      units[u]->memory_.bind(memory.sockets_[u]);
    }
  }
};

Top& GetTop() {
  static Top* top = [] {
    // The SystemC banner would corrupt `--json` output on stdout.
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    return new Top();  // lives until exit, like the SystemC kernel
  }();
  return *top;
}

}  // namespace

SimResult Simulate(const models::Trace& trace, const models::ArchConfig& arch,
                   const models::Calibration& cal, const SimOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const unsigned instances[kUnits] = {arch.msm.count, arch.ntt.count, arch.lookup.count, 2};
  for (const Op& op : trace.ops) {
    const int u = UnitOf(op.kind);
    if (instances[u] == 0) {
      throw std::runtime_error(arch.name + ": the trace has " + models::OpKindName(op.kind) +
                               " ops (\"" + op.label + "\") but the configuration has no " +
                               kUnitNames[u] + " unit");
    }
  }
  Top& top = GetTop();
  const double f = arch.clock_mhz * 1e6;
  const std::optional<models::EnergyConfig>& en = arch.energy;
  const double eb = cal.element_bytes;

  top.msm_ch = arch.msm.memory_channels;
  top.ntt_ch = arch.ntt.memory_channels;
  top.lookup_ch = arch.lookup.memory_channels;
  top.memory.Configure(arch.memory_channels, arch.channel_gbps, arch.memory_efficiency,
                       arch.memory_latency_ns);
  top.msm.Configure(
      arch.msm.count, &top.msm_ch,
      [&](const Op& op) {
        const std::string dist = models::ScalarKindName(op.scalars);
        const models::MsmUnitConfig& u = arch.msm;
        const unsigned c_bits =
            u.auto_window ? models::BestWindow(op.n, dist, op.scalar_bits, op.nonzero,
                                               u.window_bits, u.adders, cal, u.host_reduction,
                                               u.bucket_capacity, u.full_width_windows)
                          : u.window_bits;
        const double held =
            u.bucket_capacity > 0 ? std::floor(u.bucket_capacity / std::ldexp(1.0, int(c_bits) - 1))
                                  : 0.0;
        const models::MsmCost m =
            models::MsmCycles(op.n, dist, op.scalar_bits, op.nonzero, c_bits, u.adders, cal,
                              u.host_reduction, held, u.full_width_windows);
        Charge c;
        c.compute_seconds = m.throughput_cycles / f;
        c.tail_seconds = m.latency_cycles / f;
        c.memory_bytes = m.memory_bytes;
        c.memory_efficiency = op.sparse ? cal.msm_gather_efficiency : 1.0;
        c.point_adds = m.accumulate_adds + m.reduction_adds + m.combine_adds;
        if (en) c.energy_pj = c.point_adds * en->pj_per_point_add;
        return c;
      },
      &trace.ops);
  top.ntt.Configure(
      arch.ntt.count, &top.ntt_ch,
      [&](const Op& op) {
        Charge c;
        const double b = arch.ntt.butterflies;
        if (op.kind == OpKind::kNtt) {
          const models::NttCost t = models::NttCycles(
              op.n, op.inverse, op.coset, arch.ntt.butterflies, arch.ntt.onchip_points, cal,
              arch.ntt.twiddles_onchip, arch.ntt.Streams());
          c.compute_seconds = t.cycles / f;
          c.memory_bytes = t.memory_bytes;
          if (en) c.energy_pj = (t.butterflies + t.muls) * en->pj_per_mul;
        } else {  // element-wise field work on the butterflies' multipliers
          const double cycles = static_cast<double>(op.muls) / (b * cal.ntt_utilization) +
                                cal.ntt_mul_latency + (op.inversions ? cal.inversion_cycles : 0.0);
          c.compute_seconds = cycles / f;
          c.memory_bytes = 2.0 * static_cast<double>(op.n) * eb;
          if (en) c.energy_pj = static_cast<double>(op.muls) * en->pj_per_mul;
        }
        return c;
      },
      &trace.ops);
  top.lookup.Configure(
      arch.lookup.count, &top.lookup_ch,
      [&](const Op& op) {
        Charge c;
        const double n = static_cast<double>(op.n);
        c.compute_seconds = models::HistogramCycles(op.n, op.table_size, arch.lookup.lanes, cal) / f;
        c.memory_bytes =
            n * eb + std::min(n, static_cast<double>(op.table_size)) * cal.lookup_count_bytes;
        if (en) c.energy_pj = n * en->pj_per_lookup;
        return c;
      },
      &trace.ops);
  top.link.Configure(
      2, &top.no_channels,
      [&](const Op& op) {
        Charge c;
        c.compute_seconds =
            arch.link_latency_us * 1e-6 + static_cast<double>(op.bytes) / (arch.link_gbps * 1e9);
        if (en) c.energy_pj = static_cast<double>(op.bytes) * en->pj_per_link_byte;
        return c;
      },
      &trace.ops);
  top.scheduler.Load(&trace.ops, options.progress);
  top.scheduler.Kick();
  sc_core::sc_start();
  if (top.scheduler.Done() != trace.ops.size()) {
    throw std::runtime_error("simulation stalled: " + std::to_string(top.scheduler.Done()) +
                             " of " + std::to_string(trace.ops.size()) + " ops completed");
  }

  SimResult r;
  r.modelled_seconds = top.scheduler.Elapsed();
  r.ops = trace.ops.size();
  r.memory_bytes = top.memory.Bytes();
  r.calibration_status = cal.status;
  r.calibrated = cal.calibrated;
  double energy_pj = 0;
  for (int u = 0; u < kUnits; ++u) {
    const Unit& unit = *top.units[u];
    UnitStats s;
    s.name = kUnitNames[u];
    s.instances = instances[u];
    s.ops = unit.op_count_;
    s.busy_seconds = unit.busy_seconds_;
    s.utilization = s.instances && r.modelled_seconds > 0
                        ? s.busy_seconds / (s.instances * r.modelled_seconds)
                        : 0;
    r.units.push_back(s);
    for (const auto& [k, v] : unit.by_kind_) r.busy_seconds_by_kind[k] += v;
    for (const auto& [k, v] : unit.by_phase_) r.busy_seconds_by_phase[k] += v;
    energy_pj += unit.energy_pj_;
  }
  r.msm_point_additions = static_cast<uint64_t>(top.msm.point_adds_);
  if (arch.msm.count > 0) {
    r.reset_sweep_cycles = arch.msm.ResetSweepCycles();
    r.reset_sweep_seconds = r.reset_sweep_cycles / f;
  }
  for (const Op& op : trace.ops) {
    if (op.kind == OpKind::kTransfer) r.link_bytes += static_cast<double>(op.bytes);
  }
  if (en) {
    energy_pj += r.memory_bytes * en->pj_per_memory_byte;
    r.energy_joules = energy_pj * 1e-12 + en->static_watts * r.modelled_seconds;
  }
  r.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

}  // namespace zkacc::arch

// libsystemc's own main() (never used: zkacc and the tests have theirs and call sc_start()
// directly) refers to sc_main; the shared library does not link without one.
int sc_main(int /*argc*/, char* /*argv*/[]) { return 0; }
