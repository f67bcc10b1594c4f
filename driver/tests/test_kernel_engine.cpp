// SPDX-License-Identifier: Apache-2.0
//
// The kernel engine ("sim": the Verilated zkacc_top through the verilator device) against
// independent expectations: every BN254 MSM and NTT vector file of ../shared/vectors (n >= 65536
// under the label long), lookup multiplicities and the fused matmul against the CPU reference
// (quant.h), and the error paths (BLS12-381, sizes beyond the kernel, a kernel error, the hang
// fault, bad engine options). A unit the kernel does not have yet (CAPS) is checked to be
// refused with a clear message instead.
#include <dirent.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "zkacc/driver/device.h"
#include "zkacc/driver/kernel_engine.h"
#include "zkacc/driver/zkacc_regs.h"
#include "zkacc/engine.h"
#include "zkacc/ntt.h"
#include "zkacc/quant.h"
#include "zkacc/random.h"
#include "zkacc/vectors.h"

using namespace zkacc;

namespace {

const std::string kVectors = ZKACC_VECTORS_DIR;

uint32_t Caps() {
  static const uint32_t caps = driver::Open("verilator")->ReadReg(ZKACC_REG_CAPS);
  return caps;
}

std::unique_ptr<Engine> Sim(const std::string& arg = "") {
  return driver::MakeKernelEngineFromName("sim", arg);
}

// Vector files "<prefix><n>.txt" in the shared directory with n in [lo, hi).
std::vector<std::pair<size_t, std::string>> Files(const std::string& prefix, size_t lo, size_t hi) {
  std::vector<std::pair<size_t, std::string>> out;
  DIR* dir = opendir(kVectors.c_str());
  if (!dir) return out;
  while (dirent* e = readdir(dir)) {
    const std::string name = e->d_name;
    if (name.rfind(prefix, 0) != 0 || name.size() < prefix.size() + 5) continue;
    if (name.substr(name.size() - 4) != ".txt") continue;
    const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - 4);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const size_t n = std::stoull(digits);
    if (n >= lo && n < hi) out.emplace_back(n, kVectors + "/" + name);
  }
  closedir(dir);
  std::sort(out.begin(), out.end());
  return out;
}

void CheckMsmFile(Engine& eng, const std::string& path) {
  const VectorFile vf = ParseVectorFile(path);
  const auto& cases = vf.Cases<MsmCase<Bn254G1>>();
  REQUIRE(!cases.empty());
  for (const auto& c : cases) {
    INFO(path << " case " << c.id << " (" << c.tag << ", line " << c.line << ")");
    const uint64_t h = eng.UploadBases(c.points.data(), c.points.size());
    OpStats st;
    const bn254::G1Xyzz r = eng.Msm(h, 0, c.scalars.data(), c.scalars.size(), &st);
    CHECK(r.ToAffine() == c.result);
    CHECK(st.has_cycles);
    CHECK(st.cycles > 0);
    CHECK(st.unit == "msm");
    // No additions for all-zero scalars or points at infinity; some for the random cases.
    CHECK(st.utilization >= 0);
    if (c.points.size() >= 64) CHECK(st.utilization > 0);
    CHECK(st.utilization <= 1.0);
    CHECK(st.modelled_seconds == Approx(static_cast<double>(st.cycles) / 300e6));
    eng.FreeBases(h);
  }
}

void CheckNttFile(Engine& eng, const std::string& path) {
  const VectorFile vf = ParseVectorFile(path);
  const auto& cases = vf.Cases<NttCase>();
  REQUIRE(!cases.empty());
  const size_t n = cases[0].size();
  // All cases of the file as one batch, in each of the four kinds.
  struct Kind {
    NttKind kind;
    const char* name;
    std::vector<bn254::Fr> NttCase::*expect;
  };
  const Kind kinds[] = {{NttKind::kForward, "forward", &NttCase::ntt},
                        {NttKind::kInverse, "inverse", &NttCase::intt},
                        {NttKind::kCosetForward, "coset forward", &NttCase::cntt},
                        {NttKind::kCosetInverse, "coset inverse", &NttCase::cintt}};
  for (const Kind& k : kinds) {
    std::vector<bn254::Fr> data;
    for (const auto& c : cases) {
      REQUIRE(c.size() == n);
      data.insert(data.end(), c.x.begin(), c.x.end());
    }
    OpStats st;
    eng.Ntt(data.data(), n, cases.size(), k.kind, &st);
    for (size_t i = 0; i < cases.size(); ++i) {
      INFO(path << " case " << cases[i].id << ", " << k.name);
      const std::vector<bn254::Fr>& want = cases[i].*(k.expect);
      CHECK(
          std::equal(want.begin(), want.end(), data.begin() + static_cast<std::ptrdiff_t>(i * n)));
    }
    if (n > 1) {
      CHECK(st.has_cycles);
      CHECK(st.utilization > 0);
      CHECK(st.utilization <= 1.0);
    }
  }
}

}  // namespace

TEST_CASE("kernel engine: MSM vector files (n < 65536) equal the expected sums", "[driver][sim]") {
  auto eng = Sim();
  if (!(Caps() & ZKACC_CAPS_MSM_BN254)) {
    bn254::G1Affine p{};
    CHECK_THROWS_WITH(eng->UploadBases(&p, 1), Catch::Contains("has no MSM (BN254) unit"));
    WARN("the kernel has no MSM unit yet: only its refusal was checked");
    return;
  }
  const auto files = Files("msm_n", 1, 65536);
  REQUIRE(files.size() >= 5);
  for (const auto& f : files) CheckMsmFile(*eng, f.second);
}

TEST_CASE("kernel engine: MSM vector files (n >= 65536)", "[driver][sim][long]") {
  if (!(Caps() & ZKACC_CAPS_MSM_BN254)) return;
  // Millions of simulated cycles per case (about 20,000 cycles/s with the MSM unit busy).
  auto eng = Sim("timeout_ms=3600000");
  for (const auto& f : Files("msm_n", 65536, ~size_t{0})) CheckMsmFile(*eng, f.second);
}

TEST_CASE("kernel engine: MSM offsets into resident bases, errors", "[driver][sim]") {
  auto eng = Sim("ddr");
  if (!(Caps() & ZKACC_CAPS_MSM_BN254)) return;
  const VectorFile vf = ParseVectorFile(kVectors + "/msm_n7.txt");
  const auto& c = vf.Cases<MsmCase<Bn254G1>>().at(0);
  // The bases of a case behind 5 other points: the offset selects them.
  std::vector<bn254::G1Affine> pts(5, c.points[0]);
  pts.insert(pts.end(), c.points.begin(), c.points.end());
  const uint64_t h = eng->UploadBases(pts.data(), pts.size());
  CHECK(eng->Msm(h, 5, c.scalars.data(), c.scalars.size(), nullptr).ToAffine() == c.result);
  CHECK_THROWS_AS(eng->Msm(h, 6, c.scalars.data(), c.scalars.size(), nullptr),
                  std::invalid_argument);
  CHECK(eng->Msm(h, 0, c.scalars.data(), 0, nullptr).IsInfinity());
  // A scalar the unit refuses (>= 2^254): the kernel's error registers become an exception
  // naming the code and the descriptor.
  std::vector<Scalar> bad = c.scalars;
  bad[2][3] = 0xC000000000000000ull;
  CHECK_THROWS_WITH(eng->Msm(h, 5, bad.data(), bad.size(), nullptr),
                    Catch::Contains("UNIT_ERROR") && Catch::Contains("descriptor 0: MSM"));
  // The engine still works after the error.
  CHECK(eng->Msm(h, 5, c.scalars.data(), c.scalars.size(), nullptr).ToAffine() == c.result);
  eng->FreeBases(h);
  CHECK_THROWS_AS(eng->FreeBases(h), std::invalid_argument);
  CHECK_THROWS_AS(eng->Msm(h, 0, c.scalars.data(), 1, nullptr), std::invalid_argument);
}

TEST_CASE("kernel engine: BLS12-381 is refused naming the kernel's curve", "[driver][sim]") {
  auto eng = Sim();
  bls12_381::G1Affine p{};
  CHECK_THROWS_WITH(eng->UploadBases(&p, 1), Catch::Contains("BN254 G1 only"));
  Scalar s{};
  CHECK_THROWS_WITH(eng->MsmBls12381(1, 0, &s, 1, nullptr), Catch::Contains("BN254"));
}

TEST_CASE("kernel engine: NTT vector files up to the kernel's size, four kinds, batched",
          "[driver][sim]") {
  auto eng = Sim();
  if (!(Caps() & ZKACC_CAPS_NTT)) {
    std::vector<bn254::Fr> x(8);
    CHECK_THROWS_WITH(eng->Ntt(x.data(), 8, 1, NttKind::kForward, nullptr),
                      Catch::Contains("has no NTT unit"));
    WARN("the kernel has no NTT unit yet: only its refusal was checked");
    return;
  }
  const auto files = Files("ntt_n", 1, 65536);
  REQUIRE(files.size() >= 10);
  for (const auto& f : files) CheckNttFile(*eng, f.second);
}

TEST_CASE("kernel engine: four-step NTT 2^13, four kinds, against zkacc::Ntt", "[driver][sim]") {
  auto eng = Sim();
  if (!(Caps() & ZKACC_CAPS_NTT)) return;  // the refusal is checked above
  const size_t n = size_t{1} << 13;
  std::mt19937_64 rng = SeededRng("kernel-engine-ntt4");
  std::vector<bn254::Fr> x(n);
  for (auto& e : x) e = bn254::Fr::FromCanonical(RandomBelow(rng, bn254::Fr::kModulus));
  const NttKind kinds[] = {NttKind::kForward, NttKind::kInverse, NttKind::kCosetForward,
                           NttKind::kCosetInverse};
  for (unsigned k = 0; k < 4; ++k) {
    std::vector<bn254::Fr> got = x, want = x;
    OpStats st;
    eng->Ntt(got.data(), n, 1, kinds[k], &st);
    Ntt(want.data(), n, (k & 1u) != 0 ? NttDirection::kInverse : NttDirection::kForward,
        NttConfig{1, k >= 2});
    INFO("kind " << k);
    CHECK(got == want);
    CHECK(st.has_cycles);
    CHECK(st.cycles > n / 2);  // two passes of n / 2 beats each at least
  }
}

TEST_CASE("kernel engine: NTT sizes beyond the kernel and bad sizes", "[driver][sim]") {
  auto eng = Sim();
  std::vector<bn254::Fr> x(1 << 13);
  // The size is checked before the data is touched.
  CHECK_THROWS_WITH(eng->Ntt(x.data(), size_t{1} << 23, 1, NttKind::kForward, nullptr),
                    Catch::Contains("exceeds the kernel's limit 2^22"));
  CHECK_THROWS_WITH(eng->Ntt(x.data(), 12, 1, NttKind::kForward, nullptr),
                    Catch::Contains("not a power of two"));
  CHECK_THROWS_AS(eng->Ntt(x.data(), 0, 1, NttKind::kForward, nullptr), std::invalid_argument);
  CHECK_THROWS_AS(eng->Ntt(x.data(), 8, 0, NttKind::kForward, nullptr), std::invalid_argument);
}

TEST_CASE("kernel engine: NTT vector file n = 65536, four kinds (four-step)",
          "[driver][sim][long]") {
  auto eng = Sim();
  const auto files = Files("ntt_n", 65536, ~size_t{0});
  REQUIRE(!files.empty());
  for (const auto& f : files) CheckNttFile(*eng, f.second);
}

TEST_CASE("kernel engine: lookup multiplicities equal quant::Histogram", "[driver][sim]") {
  auto eng = Sim();
  std::mt19937_64 rng(Catch::rngSeed());
  if (!(Caps() & ZKACC_CAPS_HIST)) {
    const uint32_t i = 0;
    CHECK_THROWS_WITH(eng->LookupMultiplicities(&i, 1, 1, nullptr), Catch::Contains("has no HIST"));
    WARN("the kernel has no HIST unit yet: only its refusal was checked");
    return;
  }
  struct Case {
    size_t n, entries;
    quant::IndexDist dist;
  };
  // 70000 entries: two windows of the unit (one HIST descriptor each).
  for (const Case& c :
       {Case{1, 1, quant::IndexDist::kUniform}, Case{500, 7, quant::IndexDist::kUniform},
        Case{3000, 1000, quant::IndexDist::kZipf}, Case{2000, 65536, quant::IndexDist::kEqual},
        Case{5000, 70000, quant::IndexDist::kUniform}}) {
    INFO("n " << c.n << ", entries " << c.entries << ", " << quant::IndexDistName(c.dist));
    const std::vector<uint32_t> idx = quant::RandomIndices(c.n, c.entries, c.dist, rng);
    OpStats st;
    const std::vector<uint32_t> got =
        eng->LookupMultiplicities(idx.data(), idx.size(), c.entries, &st);
    CHECK(got == quant::Histogram(idx, c.entries));
    CHECK(st.has_cycles);
    CHECK(st.unit == "hist");
  }
  const std::vector<uint32_t> bad = {0, 1, 9};
  CHECK_THROWS_WITH(eng->LookupMultiplicities(bad.data(), 3, 9, nullptr),
                    Catch::Contains("index 9 at position 2"));
  CHECK_THROWS_AS(eng->LookupMultiplicities(bad.data(), 3, 0, nullptr), std::invalid_argument);
  CHECK(eng->LookupMultiplicities(nullptr, 0, 4, nullptr) == std::vector<uint32_t>(4, 0));
}

TEST_CASE("kernel engine: fused matmul equals quant::Matmul + table + multiplicities",
          "[driver][sim]") {
  auto eng = Sim();
  std::mt19937_64 rng(Catch::rngSeed());
  struct Case {
    size_t batch, k, n;
    quant::TableKind table;
    size_t entries;
    bool extreme;
  };
  if (!(Caps() & ZKACC_CAPS_MATMUL)) {
    quant::LayerShape s;
    std::vector<int8_t> w(1), x(1);
    std::vector<int32_t> b(1);
    CHECK_THROWS_WITH(eng->Matmul(s, w.data(), x.data(), b.data(), {},
                                  quant::MakeTable(quant::TableKind::kRelu, 256, 128), nullptr),
                      Catch::Contains("has no MATMUL"));
    WARN("the kernel has no MATMUL unit yet: only its refusal was checked");
    return;
  }
  for (const Case& c : {Case{1, 1, 1, quant::TableKind::kRelu, 256, false},
                        Case{3, 20, 11, quant::TableKind::kGelu, 512, false},
                        Case{4, 64, 16, quant::TableKind::kSigmoid, 256, true},
                        Case{2, 100, 30, quant::TableKind::kRelu, 1024, false}}) {
    INFO("batch " << c.batch << ", k " << c.k << ", n " << c.n << ", table "
                  << quant::TableKindName(c.table) << " x " << c.entries);
    quant::LayerShape shape{c.batch, c.k, c.n};
    const std::vector<int8_t> w = quant::RandomInt8(c.n * c.k, rng, c.extreme);
    const std::vector<int8_t> x = quant::RandomInt8(c.batch * c.k, rng, c.extreme);
    std::vector<int32_t> bias(c.n);
    for (auto& b : bias) b = static_cast<int32_t>(rng() % 20001) - 10000;
    quant::RequantParams rq;
    rq.scale = 37;
    rq.shift = 9;
    rq.offset = static_cast<int32_t>(c.entries / 2);
    rq.idx_max = static_cast<uint32_t>(c.entries - 1);
    const quant::Table table = quant::MakeTable(c.table, c.entries, rq.offset);
    OpStats st;
    const Engine::MatmulOut got =
        eng->Matmul(shape, w.data(), x.data(), bias.data(), rq, table, &st);
    const quant::MatmulResult want = quant::Matmul(shape, w, x, bias, rq);
    CHECK(got.acc == want.acc);
    CHECK(got.idx == want.idx);
    CHECK(got.act == quant::Activate(want.idx, table));
    CHECK(got.counts == quant::Histogram(want.idx, c.entries));
    CHECK(st.has_cycles);
    CHECK(st.unit == "mm");
  }
}

TEST_CASE("kernel engine: the hang fault times out instead of hanging", "[driver][sim]") {
  auto eng = Sim("hang,timeout_ms=300");
  std::vector<bn254::Fr> x(8, bn254::Fr::One());
  const uint32_t idx = 0;
  if (Caps() & ZKACC_CAPS_NTT) {
    CHECK_THROWS_AS(eng->Ntt(x.data(), 8, 1, NttKind::kForward, nullptr), driver::Timeout);
  } else if (Caps() & ZKACC_CAPS_HIST) {
    CHECK_THROWS_AS(eng->LookupMultiplicities(&idx, 1, 1, nullptr), driver::Timeout);
  } else {
    WARN("no unit in the kernel yet: the hang is tested on the device (test_verilator_device)");
  }
}

TEST_CASE("kernel engine: options and names", "[driver][sim]") {
  CHECK(Sim()->Name() == "sim");
  CHECK(Sim("ddr,timeout_ms=500,clock_mhz=250")->Name() == "sim:ddr,timeout_ms=500,clock_mhz=250");
  CHECK_THROWS_WITH(Sim("sram"), Catch::Contains("unknown option 'sram'"));
  CHECK_THROWS_WITH(Sim("timeout_ms=0"), Catch::Contains("timeout_ms"));
  CHECK_THROWS_WITH(Sim("clock_mhz=fast"), Catch::Contains("clock_mhz"));
  CHECK_THROWS_AS(driver::MakeKernelEngineFromName("xrt", ""), std::invalid_argument);
  if (Caps() & ZKACC_CAPS_HIST) {
    auto eng = Sim("ddr,clock_mhz=250");
    const std::vector<uint32_t> idx(100, 3);
    OpStats st;
    eng->LookupMultiplicities(idx.data(), idx.size(), 4, &st);
    CHECK(st.clock_mhz == 250);
    CHECK(st.modelled_seconds == Approx(static_cast<double>(st.cycles) / 250e6));
  }
}

TEST_CASE("kernel engine: registered as sim and xrt", "[driver][sim]") {
  driver::RegisterKernelEngines();
  driver::RegisterKernelEngines();  // idempotent
  const std::vector<std::string> names = EngineNames();
  CHECK(std::find(names.begin(), names.end(), "sim") != names.end());
  CHECK(std::find(names.begin(), names.end(), "xrt") != names.end());
  CHECK(MakeEngine("sim:ddr")->Name() == "sim:ddr");
}

// Figures (not a test): cycles, utilization and simulation speed of one call per unit.
TEST_CASE("kernel engine: per-unit figures", "[.][perf]") {
  std::mt19937_64 rng(1);
  for (const char* preset : {"hbm", "ddr"}) {
    auto eng = Sim(preset);
    auto show = [&](const char* what, const OpStats& st) {
      std::printf(
          "%s: %-28s %9llu cycles, utilization %.3f, modelled %.3g s at %.0f MHz, "
          "%.3g simulated cycles/s\n",
          preset, what, static_cast<unsigned long long>(st.cycles), st.utilization,
          st.modelled_seconds, st.clock_mhz, static_cast<double>(st.cycles) / st.wall_seconds);
    };
    OpStats st;
    {
      const VectorFile vf = ParseVectorFile(kVectors + "/msm_n4096.txt");
      const auto& c = vf.Cases<MsmCase<Bn254G1>>().back();
      const uint64_t h = eng->UploadBases(c.points.data(), c.points.size());
      eng->Msm(h, 0, c.scalars.data(), c.scalars.size(), &st);
      show("MSM n = 4096", st);
    }
    std::vector<bn254::Fr> x(4096 * 4, bn254::Fr::One());
    eng->Ntt(x.data(), 4096, 4, NttKind::kCosetForward, &st);
    show("NTT 4 x 2^12 coset forward", st);
    std::vector<bn254::Fr> y(size_t{1} << 16, bn254::Fr::One());
    eng->Ntt(y.data(), y.size(), 1, NttKind::kForward, &st);
    show("NTT 2^16 forward (four-step)", st);
    const std::vector<uint32_t> idx =
        quant::RandomIndices(100000, 4096, quant::IndexDist::kUniform, rng);
    eng->LookupMultiplicities(idx.data(), idx.size(), 4096, &st);
    show("HIST 100000 indices, 4096", st);
    quant::LayerShape shape{16, 256, 64};
    const std::vector<int8_t> w = quant::RandomInt8(shape.n * shape.k, rng);
    const std::vector<int8_t> xs = quant::RandomInt8(shape.batch * shape.k, rng);
    const std::vector<int32_t> bias(shape.n, 7);
    quant::RequantParams rq;
    rq.shift = 8;
    rq.offset = 128;
    eng->Matmul(shape, w.data(), xs.data(), bias.data(), rq,
                quant::MakeTable(quant::TableKind::kGelu, 256, 128), &st);
    show("MATMUL 16 x 256 x 64", st);
  }
}
