// SPDX-License-Identifier: Apache-2.0
//
// sim/arch: the SystemC model against closed-form first-principles figures computed here by
// hand, and a whole Twitter-model proof.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "zkacc/arch/simulator.h"
#include "zkacc/models/arch_config.h"
#include "zkacc/models/lower.h"
#include "zkacc/models/model.h"

namespace zkacc::arch {
namespace {

using models::Op;
using models::OpKind;
using models::Trace;
using Json = nlohmann::json;

Trace OneOp(const Op& op) {
  Trace t;
  t.model = "one";
  t.Add(op);
  return t;
}

TEST_CASE("arch: a single MSM takes the closed-form first-principles time", "[arch]") {
  Json j = models::ArchJson("u55c");
  j["units"]["msm"]["auto_window"] = false;
  const models::ArchConfig a = models::ArchFromJson(j, "u55c");
  const models::Calibration cal = models::LoadCalibration("first-principles");
  Op op;
  op.kind = OpKind::kMsm;
  op.n = uint64_t{1} << 20;
  const SimResult r = Simulate(OneOp(op), a, cal);
  // N ceil(254/c) / (adders f u) + reduction, c = 16, 1 adder, latency L = 338, u = 1:
  //   accumulation 2^20 * 16; bucket running sums 2 * 2^15 per full window (15 of them) plus
  //   2 * 2^13 for the 14-bit top window; one pipeline drain per window (16 L); the window
  //   combination 15 * (16 doublings + 1 add) dependent additions (each L); one fill (L).
  const double cycles =
      16777216.0 + (15 * 65536.0 + 16384.0) + 16 * 338.0 + 15 * 17 * 338.0 + 338.0;
  CHECK(cycles == 17868576.0);
  const double expected = cycles / 300e6;  // 59.56 ms
  CHECK(r.modelled_seconds == Approx(expected).epsilon(1e-6));
  // The adders are busy for the accumulation and the bucket sums; the drains, the combination
  // chain and the fill leave their slots to the next MSM.
  CHECK(r.units[0].utilization == Approx((16777216.0 + 999424.0) / cycles).epsilon(1e-6));
  CHECK(r.calibration_status == "uncalibrated: first-principles");
  // The points and scalars are streamed once per window: 16 * 2^20 * (64 + 32) bytes.
  CHECK(r.memory_bytes == Approx(16.0 * 1048576 * 96));
  CHECK_FALSE(r.energy_joules.has_value());

  // BN254 2^24 on the ASIC point: 16 adders, 1 GHz.
  const models::ArchConfig asic = models::LoadArch("asic-7nm");
  op.n = uint64_t{1} << 24;
  const SimResult s = Simulate(OneOp(op), asic, cal);
  const double asic_cycles =
      16.0 * 16777216 / 16 + (15 * 65536.0 + 16384.0) / 16 + 16 * 338.0 + 15 * 17 * 338.0 + 338.0;
  CHECK(s.modelled_seconds == Approx(asic_cycles / 1e9).epsilon(1e-6));
  REQUIRE(s.energy_joules.has_value());
}

TEST_CASE("arch: a memory-bound NTT takes the memory time", "[arch]") {
  // U250: 12 butterflies at 300 MHz; the NTT unit streams over 2 DDR4 channels of 19.2 GB/s at
  // 80% efficiency. 2^20 with 2^12 points on chip: 2 passes, each reading and writing 2^20
  // 32-byte elements.
  const models::ArchConfig a = models::LoadArch("u250");
  const models::Calibration cal = models::LoadCalibration("first-principles");
  Op op;
  op.kind = OpKind::kNtt;
  op.n = uint64_t{1} << 20;
  const SimResult r = Simulate(OneOp(op), a, cal);
  const double compute = (524288.0 * 20 / 12 + 2 * (71 + 10)) / 300e6;
  const double memory = 2 * 2 * 1048576.0 * 32 / (2 * 19.2e9 * 0.8) + 90e-9;
  REQUIRE(memory > compute);
  CHECK(r.modelled_seconds == Approx(memory).epsilon(1e-6));
  CHECK(r.units[1].utilization == Approx(1.0));
}

TEST_CASE("arch: an MSM's latency tail overlaps the next MSM on the same unit", "[arch]") {
  Json j = models::ArchJson("u55c");
  j["units"]["msm"]["auto_window"] = false;
  const models::ArchConfig a = models::ArchFromJson(j, "u55c");
  const models::Calibration cal = models::LoadCalibration("first-principles");
  Op op;
  op.kind = OpKind::kMsm;
  op.n = 1 << 12;
  Trace two;
  two.Add(op);
  two.Add(op);
  // c = 16 on 2^12 points: throughput 2^12 * 16 + 999,424 cycles, latency
  // (16 + 15 * 17 + 1) * 338; the second MSM starts when the first one's throughput part ends.
  const double thr = 4096.0 * 16 + 999424.0, lat = (16 + 15 * 17 + 1) * 338.0;
  CHECK(Simulate(two, a, cal).modelled_seconds == Approx((2 * thr + lat) / 300e6).epsilon(1e-6));
  two.ops[1].deps = {0};
  CHECK(Simulate(two, a, cal).modelled_seconds ==
        Approx((2 * thr + 2 * lat) / 300e6).epsilon(1e-6));
}

TEST_CASE("arch: dependencies serialize, independent ops overlap", "[arch]") {
  const models::ArchConfig a = models::LoadArch("u55c");
  const models::Calibration cal = models::LoadCalibration("first-principles");
  Op ntt;
  ntt.kind = OpKind::kNtt;
  ntt.n = 1 << 16;
  Op up;
  up.kind = OpKind::kTransfer;
  up.bytes = 1 << 26;
  Trace par;
  par.Add(ntt);
  par.Add(up);
  Trace ser = par;
  ser.ops[1].deps = {0};
  const double t_ntt = Simulate(OneOp(ntt), a, cal).modelled_seconds;
  const double t_up = Simulate(OneOp(up), a, cal).modelled_seconds;
  CHECK(t_up == Approx(10e-6 + 67108864.0 / 12e9).epsilon(1e-6));
  CHECK(Simulate(par, a, cal).modelled_seconds == Approx(std::max(t_ntt, t_up)).epsilon(1e-6));
  CHECK(Simulate(ser, a, cal).modelled_seconds == Approx(t_ntt + t_up).epsilon(1e-6));
}

TEST_CASE("arch: a whole Twitter-model proof runs (TensorPlonk and halo2 style)", "[arch]") {
  const models::Model m = models::LoadModel("twitter");
  const models::Calibration cal = models::LoadCalibration("first-principles");
  for (const char* arch : {"u55c", "asic-7nm"}) {
    const models::ArchConfig a = models::LoadArch(arch);
    for (const char* style : {"tensorplonk", "halo2"}) {
      const auto start = std::chrono::steady_clock::now();
      const Trace t = models::Lower(m, style);
      const SimResult r = Simulate(t, a, cal);
      const double wall =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::cerr << "twitter " << style << " on " << arch << ": " << r.modelled_seconds
                << " s modelled, " << wall << " s wall (lowering + simulation)\n";
      CHECK(r.ops == t.ops.size());
      CHECK(r.modelled_seconds > 0);
      for (const UnitStats& u : r.units) {
        CHECK(u.utilization >= 0);
        CHECK(u.utilization <= 1.0 + 1e-9);
      }
      CHECK(wall < 10.0);  // the goal for a whole-proof simulation
    }
  }
}

}  // namespace
}  // namespace zkacc::arch
