// SPDX-License-Identifier: Apache-2.0
//
// sim/arch: the SystemC model against closed-form first-principles figures computed here by
// hand, and a whole Twitter-model proof.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "zkacc/field.h"
#include "zkacc/params.h"
#include "zkacc/random.h"

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
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

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
  // N ceil(254/c) / (adders f u) + reduction, c = 16, 1 adder, latency L = 306, u = 1:
  //   accumulation 2^20 * 16; bucket running sums 2 * 2^15 per full window (15 of them) plus
  //   2 * 2^13 for the 14-bit top window; one pipeline drain per window (16 L); the window
  //   combination 15 * (16 doublings + 1 add) dependent additions (each L); one fill (L).
  const double cycles =
      16777216.0 + (15 * 65536.0 + 16384.0) + 16 * 306.0 + 15 * 17 * 306.0 + 306.0;
  CHECK(cycles == 17859872.0);
  const double expected = cycles / 300e6;  // 59.53 ms
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
      16.0 * 16777216 / 16 + (15 * 65536.0 + 16384.0) / 16 + 16 * 306.0 + 15 * 17 * 306.0 + 306.0;
  CHECK(s.modelled_seconds == Approx(asic_cycles / 1e9).epsilon(1e-6));
  REQUIRE(s.energy_joules.has_value());
}

TEST_CASE("arch: a memory-bound NTT takes the memory time", "[arch]") {
  // U250 with 12 butterflies at 300 MHz; the NTT unit streams over 2 DDR4 channels of 19.2 GB/s
  // at 80% efficiency. 2^20 with 2^12 points on chip: 2 passes, each reading and writing 2^20
  // 32-byte elements. (The shipped U250 has 8 butterflies, where first-principles compute and
  // memory are within 0.01 % of each other; 12 do not fit beside its adder, so the resource
  // check is off here: this test is about the timing.)
  Json j = models::ArchJson("u250");
  j["units"]["msm"]["adders"] = 1;
  j["units"]["ntt"]["butterflies"] = 12;
  j["units"]["ntt"]["stream_lanes"] = 4;
  const models::ArchConfig a = models::ArchFromJson(j, "u250", false);
  const models::Calibration cal = models::LoadCalibration("first-principles");
  Op op;
  op.kind = OpKind::kNtt;
  op.n = uint64_t{1} << 20;
  const SimResult r = Simulate(OneOp(op), a, cal);
  const double compute = (524288.0 * 20 / 12 + 2 * (63 + 10)) / 300e6;
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
  // (16 + 15 * 17 + 1) * 306; the second MSM starts when the first one's throughput part ends.
  const double thr = 4096.0 * 16 + 999424.0, lat = (16 + 15 * 17 + 1) * 306.0;
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
      CHECK(wall < 10.0);  // the issue's goal for a whole-proof simulation
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The RTL-fitted form of the calibration (docs/simulator.md "Calibration against the RTL").

// Non-zero signed digits of v (digits in [-2^(c-1)+1, 2^(c-1)], rtl/msm's recoding), counted
// digit by digit here, independently of the model's carry chain.
unsigned CountSignedDigits(uint64_t v, unsigned c, unsigned windows) {
  const int64_t full = int64_t{1} << c, half = full / 2;
  unsigned nz = 0;
  int64_t carry = 0;
  for (unsigned w = 0; w < windows; ++w) {
    int64_t d = static_cast<int64_t>((v >> (c * w)) & (full - 1)) + carry;
    carry = 0;
    if (d > half) d -= full, carry = 1;
    if (d != 0) ++nz;
  }
  REQUIRE(carry == 0);
  return nz;
}

TEST_CASE("arch: expected signed digits equal a count over every value", "[arch]") {
  for (unsigned bits : {1u, 8u, 12u, 16u}) {
    for (unsigned c : {2u, 3u, 4u, 7u, 8u, 13u}) {
      const unsigned windows = models::SignedWindows(bits, c);
      uint64_t total = 0;
      for (uint64_t v = 0; v < (uint64_t{1} << bits); ++v) total += CountSignedDigits(v, c, windows);
      // ExpectedDigits("small") is per non-zero scalar; the count above includes v = 0.
      const double per_value = static_cast<double>(total) / std::ldexp(1.0, int(bits));
      INFO("bits " << bits << " c " << c);
      CHECK(models::ExpectedDigits("small", bits, c, windows) * (1 - std::ldexp(1.0, -int(bits))) ==
            Approx(per_value).epsilon(1e-12));
    }
  }
  CHECK(models::ExpectedDigits("binary", 1, 8, 1) == 1.0);
  // Dense: uniform in [0, r) — against random 254-bit values below r, digit by digit (the count
  // here handles 4 limbs).
  std::mt19937_64 rng(5);
  const Scalar r = bn254::Fr::kModulus;
  for (unsigned c : {8u, 13u, 16u}) {
    const unsigned windows = models::SignedWindows(254, c);
    double total = 0;
    const int samples = 4000;
    for (int i = 0; i < samples; ++i) {
      const Scalar s = RandomBelow(rng, r);
      const int64_t full = int64_t{1} << c, half = full / 2;
      int64_t carry = 0;
      for (unsigned w = 0; w < windows; ++w) {
        const unsigned lo = c * w;
        uint64_t bitsv = 0;
        for (unsigned b = 0; b < c && lo + b < 256; ++b) {
          bitsv |= ((s[(lo + b) / 64] >> ((lo + b) % 64)) & 1) << b;
        }
        int64_t d = static_cast<int64_t>(bitsv) + carry;
        carry = 0;
        if (d > half) d -= full, carry = 1;
        if (d != 0) total += 1;
      }
    }
    INFO("c " << c);
    CHECK(models::ExpectedDigits("dense", 254, c, windows) == Approx(total / samples).epsilon(3e-3));
  }
}

TEST_CASE("arch: by-size tables interpolate in log2 n and hold their ends", "[arch]") {
  const std::map<unsigned, double> t = {{10, 2.0}, {12, 1.0}, {16, 3.0}};
  CHECK(models::TableAt(t, 1 << 8, 0) == 2.0);
  CHECK(models::TableAt(t, 1 << 10, 0) == 2.0);
  CHECK(models::TableAt(t, 1 << 11, 0) == Approx(1.5));
  CHECK(models::TableAt(t, 1 << 14, 0) == Approx(2.0));
  CHECK(models::TableAt(t, uint64_t{1} << 24, 0) == 3.0);
  CHECK(models::TableAt({}, 1 << 10, 7.0) == 7.0);
}

Json RtlCalibrationJson() {
  return Json::parse(R"({
    "status": "calibrated: test", "calibrated": true,
    "msm": {"model": "rtl", "cycles_per_digit": {"dense": {"10": 1.2, "12": 1.0}},
            "drain_cycles": {"dense": 400}, "readout_cycles_per_bucket": 1.5,
            "fixed_cycles": 60, "adder_latency_cycles": 339},
    "ntt": {"model": "rtl", "onchip_overhead_per_element": 2.5, "onchip_overhead_cycles": 300,
            "pass_overhead_cycles": {"14": 6000, "16": 7000}, "ref_butterflies": 2,
            "ref_onchip_points": 4096},
    "lookup": {"model": "rtl", "values_per_cycle_per_lane": 0.5, "latency_cycles": 40,
               "readout_entries_per_cycle": 1}})");
}

TEST_CASE("arch: the RTL-fitted MSM, NTT and histogram forms, by hand", "[arch]") {
  const models::Calibration cal = models::CalibrationFromJson(RtlCalibrationJson(), "test");
  REQUIRE(cal.msm_rtl);
  Json j = models::ArchJson("verilator");
  j["units"]["msm"]["auto_window"] = false;
  j["units"]["msm"]["window_bits"] = 9;
  const models::ArchConfig a = models::ArchFromJson(j, "verilator");
  REQUIRE(a.msm.host_reduction);
  Op op;
  op.kind = OpKind::kMsm;
  op.n = 1 << 11;
  // c = 9: ceil(255 / 9) = 29 windows of 256 buckets; cycles per digit 1.1 at 2^11 (half way).
  const double digits = 2048.0 * models::ExpectedDigits("dense", 254, 9, 29);
  const double msm = digits * 1.1 + 29 * 256 * 1.5 + 400 + 60;
  CHECK(Simulate(OneOp(op), a, cal).modelled_seconds == Approx(msm / 300e6).epsilon(1e-6));
  // Device reduction instead: 2 additions per bucket and the first-principles chains.
  Json jd = j;
  jd["units"]["msm"]["reduction"] = "device";
  const double dev = digits * 1.1 + 2 * 29 * 256 + 400 + 60 + 29 * 339.0 + 28 * 10 * 339.0;
  CHECK(Simulate(OneOp(op), models::ArchFromJson(jd, "v"), cal).modelled_seconds ==
        Approx(dev / 300e6).epsilon(1e-6));
  // NTT on chip (2 butterflies): 2^11 / 2 * 11 / 2 + 2.5 * 2^11 / 2 + 300; four-step 2^15:
  // 2 passes of 6500 (interpolated) at the reference buffer and lanes.
  Op ntt;
  ntt.kind = OpKind::kNtt;
  ntt.n = 1 << 11;
  CHECK(Simulate(OneOp(ntt), a, cal).modelled_seconds ==
        Approx((1024.0 * 11 / 2 + 2.5 * 1024 + 300) / 300e6).epsilon(1e-6));
  ntt.n = 1 << 15;
  ntt.inverse = ntt.coset = true;  // scaled on the stream: no butterfly cycles
  CHECK(Simulate(OneOp(ntt), a, cal).modelled_seconds ==
        Approx((16384.0 * 15 / 2 + 2 * 6500) / 300e6).epsilon(1e-6));
  // Histogram: 1000 values on 2 lanes at 0.5 per lane per cycle, 4096 counters read out.
  Op h;
  h.kind = OpKind::kHistogram;
  h.n = 1000;
  h.table_size = 4096;
  CHECK(Simulate(OneOp(h), a, cal).modelled_seconds ==
        Approx((1000.0 + 4096 + 40) / 300e6).epsilon(1e-6));
}

TEST_CASE("arch: bad RTL calibrations and reductions are refused by name", "[arch]") {
  Json c = RtlCalibrationJson();
  c["msm"]["cycles_per_digit"]["dense"] = {{"ten", 1.0}};
  CHECK_THROWS_WITH(models::CalibrationFromJson(c, "cal"), Contains("ten") && Contains("log2 n"));
  c = RtlCalibrationJson();
  c["msm"]["cycles_per_digit"] = {{"gaussian", {{"10", 1.0}}}};
  CHECK_THROWS_WITH(models::CalibrationFromJson(c, "cal"), Contains("gaussian"));
  c = RtlCalibrationJson();
  c["msm"].erase("cycles_per_digit");
  CHECK_THROWS_WITH(models::CalibrationFromJson(c, "cal"), Contains("cycles_per_digit"));
  c = RtlCalibrationJson();
  c["ntt"]["model"] = "fitted";
  CHECK_THROWS_WITH(models::CalibrationFromJson(c, "cal"), Contains("cal.ntt.model"));
  Json a = models::ArchJson("verilator");
  a["units"]["msm"]["reduction"] = "cpu";
  CHECK_THROWS_WITH(models::ArchFromJson(a, "v"), Contains("reduction"));
  a = models::ArchJson("verilator");
  a["units"]["ntt"]["twiddles"] = "rom";
  CHECK_THROWS_WITH(models::ArchFromJson(a, "v"), Contains("twiddles") && Contains("onchip"));
}

TEST_CASE("arch: four-step twiddle traffic, a table or formed on chip, by hand", "[arch]") {
  const models::Calibration cal = models::CalibrationFromJson(RtlCalibrationJson(), "test");
  // 2^24 over 2^12 on chip: 2 passes of data in and out; the twiddles either a table of n
  // elements or two tables of 2^12 elements; 32 bytes per element.
  const uint64_t n = uint64_t{1} << 24;
  const models::NttCost table = models::NttCycles(n, false, false, 8, 4096, cal, false);
  const models::NttCost onchip = models::NttCycles(n, false, false, 8, 4096, cal, true);
  CHECK(table.passes == 2);
  CHECK(table.memory_bytes == Approx(32.0 * (4.0 * n + n)));
  CHECK(onchip.memory_bytes == Approx(32.0 * (4.0 * n + 2 * 4096)));
  CHECK(onchip.cycles == table.cycles);  // the compute is the same
  // The generator's multipliers (one per stream lane) count against the resources.
  Json j = models::ArchJson("asic-7nm");
  const models::ArchConfig with = models::ArchFromJson(j, "asic");
  REQUIRE(with.ntt.twiddles_onchip);
  j["units"]["ntt"]["twiddles"] = "table";
  const models::ArchConfig without = models::ArchFromJson(j, "asic");
  CHECK_FALSE(without.ntt.twiddles_onchip);
  // S multipliers of 0.08 mm2 and per stream lane a copy of both 2^11-entry tables (128 KB) at
  // the configuration's SRAM density.
  const double lanes = j.at("units").at("ntt").at("stream_lanes").get<double>();
  const double sram = j.at("sram_mm2_per_mb").get<double>();
  const double mul = j.at("unit_resources").at("multiplier").at("area_mm2").get<double>();
  CHECK(with.Required().area_mm2 - without.Required().area_mm2 ==
        Approx(lanes * (mul + 0.125 * sram)).epsilon(1e-9));
}

TEST_CASE("arch: NTT stream lanes: their multipliers count, too few bound the passes, by hand",
          "[arch]") {
  // Resources: each stream lane has an input-scale and an output-scale multiplier.
  Json j = models::ArchJson("u55c");
  j["units"]["ntt"]["twiddles"] = "table";
  j["units"]["ntt"]["butterflies"] = 6;
  j["units"]["ntt"]["stream_lanes"] = 1;
  const models::Resources one = models::ArchFromJson(j, "u55c", false).Required();
  j["units"]["ntt"]["stream_lanes"] = 3;
  const models::Resources three = models::ArchFromJson(j, "u55c", false).Required();
  // zkacc_mont_mul_bn254_fr (docs/synthesis.md): 35,081 LUT + 5,739 LUT as memory each.
  CHECK(three.lut - one.lut == 4 * (35081.0 + 5739));
  CHECK(three.dsp - one.dsp == 4 * 235.0);
  // The report's parts: the stream lanes' 6 multipliers on their own; the parts add up.
  const models::ArchConfig three_cfg = models::ArchFromJson(j, "u55c", false);
  models::Resources sum;
  double stream_lut = -1, bf_lut = -1;
  for (const auto& [name, part] : three_cfg.RequiredParts()) {
    sum += part;
    if (name == "ntt_stream_lanes") stream_lut = part.lut;
    if (name == "ntt_butterflies") bf_lut = part.lut;
  }
  CHECK(stream_lut == 6 * (35081.0 + 5739));
  // 6 butterflies: a multiplier, 2 add/subs (980 + 731 LUT sites) and a lane's logic (1,230) each,
  // and crossbars of 480 LUT per butterflies^2 (fitted to the 1- and 2-lane NTT tops).
  CHECK(bf_lut == 6 * (35081.0 + 5739 + 2 * (980 + 731) + 1230) + 480 * 36);
  CHECK(sum.lut == three.lut);
  CHECK(sum.dsp == three.dsp);
  CHECK(sum.uram == three.uram);
  const Json rj = three_cfg.ResourceJson();
  CHECK(rj.at("parts").at("ntt_stream_lanes").at("dsp").get<double>() == 6 * 235.0);
  CHECK(rj.at("required").at("lut").get<double>() == three.lut);
  CHECK(rj.at("available").at("lut").get<double>() == 1303680.0 - 130368);  // u55c.json
  // The ASIC's butterflies by area: 128 x (multiplier 0.08 + 2 add/subs 0.005 + lane 0.052 mm2)
  // + 0.00094 mm2 x 128^2 of crossbars (models/arch/asic-7nm.json).
  for (const auto& [name, part] : models::LoadArch("asic-7nm").RequiredParts()) {
    if (name == "ntt_butterflies") {
      CHECK(part.area_mm2 == Approx(128 * (0.08 + 2 * 0.005 + 0.052) + 0.00094 * 128 * 128));
    }
  }
  // Without the field, as many stream lanes as butterflies (the RTL's structure).
  j["units"]["ntt"].erase("stream_lanes");
  const models::ArchConfig deflt = models::ArchFromJson(j, "u55c", false);
  CHECK(deflt.ntt.Streams() == 6);
  CHECK(deflt.Required().dsp - one.dsp == 10 * 235.0);
  // Out of range: 0, or more than the butterflies.
  j["units"]["ntt"]["stream_lanes"] = 0;
  CHECK_THROWS_WITH(models::ArchFromJson(j, "u55c"), Contains("stream_lanes"));
  j["units"]["ntt"]["stream_lanes"] = 7;
  CHECK_THROWS_WITH(models::ArchFromJson(j, "u55c"), Contains("stream_lanes") && Contains("7"));

  // Timing (the test calibration: pass overhead 6500 cycles at 2^15 with 2 lanes and 4096
  // points on chip). Four-step 2^15, 6 butterflies: compute C = 2^14 * 15 / 6 = 40,960 cycles;
  // each pass loads and unloads 2^15 elements, l = 2^15 / S cycles each; the two buffers take
  // turns, so the passes take max(C, 2 l + C / 2).
  const models::Calibration cal = models::CalibrationFromJson(RtlCalibrationJson(), "test");
  const uint64_t n = 1 << 15;
  // 1 lane: stream-bound, 65,536 + 20,480, and the overhead at twice the reference.
  CHECK(models::NttCycles(n, false, false, 6, 4096, cal, false, 1).cycles ==
        Approx(65536.0 + 20480 + 2 * 6500 * 2.0));
  // 3 lanes: just stream-bound (21,845.3 + 20,480 > 40,960), the overhead at 2/3.
  CHECK(models::NttCycles(n, false, false, 6, 4096, cal, false, 3).cycles ==
        Approx(65536.0 / 3 + 20480 + 2 * 6500 * 2 / 3.0));
  // 6 lanes: compute-bound, the overhead at a third of the reference.
  CHECK(models::NttCycles(n, false, false, 6, 4096, cal, false, 6).cycles ==
        Approx(40960.0 + 2 * 6500 / 3.0));
  CHECK(models::NttCycles(n, false, false, 6, 4096, cal, false, 0).cycles ==
        models::NttCycles(n, false, false, 6, 4096, cal, false, 6).cycles);
  // On chip (2^11, 2 butterflies, 1 lane): load and unload at 1 element per cycle.
  CHECK(models::NttCycles(1 << 11, false, false, 2, 4096, cal, false, 1).cycles ==
        Approx(1024.0 * 11 / 2 + 2.5 * 2048 + 300));
}

TEST_CASE("arch: the MSM bucket memory's reset sweep is reported apart", "[arch]") {
  Op op;
  op.kind = OpKind::kMsm;
  op.n = 1024;
  const models::Calibration cal = models::LoadCalibration("rtl");
  // The RTL as built (verilator): every window's buckets at C = 13, one per cycle:
  // ceil(255 / 13) = 20 windows of 2^12 (rtl/msm's ClearCycles, which tb_msm checks).
  const models::ArchConfig v = models::LoadArch("verilator");
  const SimResult rv = Simulate(OneOp(op), v, cal);
  CHECK(rv.reset_sweep_cycles == 20.0 * 4096.0);
  CHECK(rv.reset_sweep_seconds == Approx(81920.0 / (v.clock_mhz * 1e6)).epsilon(1e-12));
  // The U55C's unit holds one 16-bit window per adder: 2^15 buckets, 109.2 us at 300 MHz. The
  // modelled time does not include it: the first test's closed form has no such term.
  const models::ArchConfig u = models::LoadArch("u55c");
  const SimResult ru = Simulate(OneOp(op), u, cal);
  CHECK(ru.reset_sweep_cycles == 32768.0);
  CHECK(ru.reset_sweep_seconds == Approx(32768.0 / 300e6).epsilon(1e-12));
}

TEST_CASE("arch: the default calibration is the RTL one, first-principles stays", "[arch]") {
  const models::Calibration rtl = models::LoadCalibration("rtl");
  CHECK(rtl.calibrated);
  CHECK(rtl.msm_rtl);
  CHECK(rtl.ntt_rtl);
  CHECK_THAT(rtl.status, StartsWith("calibrated: Verilator 5.006, RTL "));
  CHECK_FALSE(models::LoadCalibration("first-principles").calibrated);
  // The zkML mix is a scalar distribution of traces.
  Trace t;
  Op op;
  op.kind = OpKind::kMsm;
  op.n = 1024;
  op.scalars = models::ScalarKind::kZkml;
  t.Add(op);
  const Trace back = models::TraceFromJson(models::ToJson(t), "t");
  CHECK(back.ops[0].scalars == models::ScalarKind::kZkml);
  CHECK(models::Summarize(back).msm_points_by_scalars.at("zkml") == 1024);
}

}  // namespace
}  // namespace zkacc::arch
