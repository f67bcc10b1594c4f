// SPDX-License-Identifier: Apache-2.0
//
// models/: importing the zkml layer graphs, the generated models, the lowering to prover traces
// (op counts recomputed here by hand from the formulas in docs/simulator.md, not by the
// lowering code), the trace format, and the accelerator configurations (resource rejection,
// unknown names, malformed JSON).
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "zkacc/models/arch_config.h"
#include "zkacc/models/lower.h"
#include "zkacc/models/model.h"
#include "zkacc/models/trace.h"

namespace zkacc::models {
namespace {

using Catch::Matchers::Contains;
using Json = nlohmann::json;

uint64_t P2(uint64_t x) {  // next power of two >= x, at least 2
  uint64_t p = 2;
  while (p < x) p *= 2;
  return p;
}

// Hand count of the TensorPlonk lowering: a cqlin product r x m times m x n (r = 1 here) and a
// cq lookup of n values, from the formulas stated in lower.h / docs/simulator.md.
struct Counts {
  uint64_t ops = 0, msms = 0, points = 0, small_points = 0, ntts = 0, ntt_elements = 0,
           histograms = 0, inversions = 0;
};
void HandCqlin(Counts* c, uint64_t m, uint64_t n) {
  c->ops += 10;  // x, y, 7 of m, 1 of n
  c->msms += 10;
  c->points += m + n + 7 * m + n;
  c->small_points += m + n;
}
void HandCq(Counts* c, uint64_t n, uint64_t table) {
  const uint64_t sparse = n < table ? n : table;
  c->ops += 1 + 1 + 1 + 3 + 2 + 4;  // histogram, m, inverses, 3 sparse, 2 NTTs, 4 dense
  c->msms += 1 + 3 + 4;
  c->points += sparse + 3 * sparse + 4 * P2(n);
  c->small_points += sparse;
  c->ntts += 2;
  c->ntt_elements += P2(n) + 2 * P2(n);
  c->histograms += 1;
  c->inversions += 2 * n;
}

TEST_CASE("models: MNIST MLP 196-25-10, TensorPlonk op counts by hand", "[models]") {
  const Model m = LoadModel("mnist-mlp");
  REQUIRE(m.layers.size() == 2);
  CHECK(m.Macs() == 196 * 25 + 25 * 10);
  const Trace t = LowerTensorPlonk(m);
  const TraceSummary s = Summarize(t);
  Counts c;
  c.ops = 2;  // witness upload, proof download
  HandCqlin(&c, 196, 25);
  HandCq(&c, 25, 65536);  // rescale + ReLU of the 25 hidden values
  HandCqlin(&c, 25, 10);
  HandCq(&c, 10, 65536);
  CHECK(s.ops == c.ops);
  CHECK(s.msms == c.msms);
  CHECK(s.msm_points == c.points);
  CHECK(s.msm_points == 2170);  // written out: 1618 + 228 + 220 + 104
  CHECK(s.msm_points_by_scalars.at("small") == c.small_points);
  CHECK(s.ntts == c.ntts);
  CHECK(s.ntt_elements == c.ntt_elements);
  CHECK(s.histograms == c.histograms);
  CHECK(s.field_inversions == c.inversions);
  CHECK(s.transfer_bytes == (196 + 25 + 10) * 32 + 4096);
  // Nothing in the cq part grows with the table: a 2^24 table gives the same counts.
  TensorPlonkOptions big;
  big.table_bits = 24;
  CHECK(Summarize(LowerTensorPlonk(m, big)).msm_points == c.points);
}

TEST_CASE("models: MNIST MLP 784-56-10, TensorPlonk op counts by hand", "[models]") {
  const TraceSummary s = Summarize(LowerTensorPlonk(LoadModel("mnist-mlp-784")));
  Counts c;
  c.ops = 2;
  HandCqlin(&c, 784, 56);
  HandCq(&c, 56, 65536);
  HandCqlin(&c, 56, 10);
  HandCq(&c, 10, 65536);
  CHECK(s.ops == c.ops);
  CHECK(s.msm_points == c.points);
  CHECK(s.ntt_elements == c.ntt_elements);
  CHECK(s.field_inversions == c.inversions);
}

TEST_CASE("models: halo2-style counts for Twitter (k = 25, 10 advice columns) by hand",
          "[models]") {
  const Model m = LoadModel("twitter");
  REQUIRE(m.halo2_k == 25);
  REQUIRE(m.halo2_columns == 10);
  const TraceSummary s = Summarize(LowerHalo2(m));
  // A = 10 advice, I = 1 instance, L = 10 lookups, d = 5: ext = 2, 12 permutation columns in
  // chunks of 3 = 4 chunks.
  const uint64_t n = uint64_t{1} << 25, big = uint64_t{1} << 27;
  const uint64_t a = 10, i = 1, l = 10, chunks = 4, d = 5;
  const uint64_t msms = a + 3 * l + chunks + 1 + (d - 1) + 2;
  CHECK(s.msms == msms);
  CHECK(s.msms == 51);
  CHECK(s.msm_points == msms * n);
  CHECK(s.msm_points_by_scalars.at("small") == (a + 2 * l) * n);
  const uint64_t ntt_n = a + i + 3 * l + chunks;          // size 2^k, inverse
  const uint64_t ntt_big = (a + i + 3 * l + chunks) + 1;  // coset size 2^(k+2), + h
  CHECK(s.ntts == ntt_n + ntt_big);
  CHECK(s.ntt_elements == ntt_n * n + ntt_big * big);
  CHECK(s.max_msm == n);
  CHECK(s.field_inversions == (l + chunks) * n);
}

TEST_CASE("models: imported layer graphs agree with their own statistics", "[models]") {
  const std::string dir = WorkloadsDir();
  for (const char* name : {"twitter", "mnist-cnn", "distilgpt2"}) {
    const Model m = LoadModel(name);
    std::ifstream in(dir + "/" +
                     (std::string(name) == "twitter"     ? "zkml_twitter_masknet.json"
                      : std::string(name) == "mnist-cnn" ? "zkml_mnist_cnn.json"
                                                         : "zkml_distilgpt2_seq64.json"));
    const Json j = Json::parse(in);
    INFO(name);
    CHECK(m.layers.size() == j.at("layers").size());
    CHECK(m.Macs() == j.at("stats").at("macs_in_matmul_conv").get<uint64_t>());
    CHECK(m.NonlinearElements() == j.at("stats").at("nonlinear_elements").get<uint64_t>());
  }
  // Twitter: 43 fixed-weight matrix products; 48.07 M MACs = weights (one row each).
  const Model tw = LoadModel("twitter");
  CHECK(tw.FixedWeightParams() == 48071936);
}

TEST_CASE("models: the embedded Twitter model lowers like the imported one", "[models]") {
  const Model file = LoadModel("twitter");
  const Model embedded = TwitterMaskNet();
  REQUIRE(file.source != embedded.source);  // the shared file was found and read
  CHECK(embedded.layers.size() == file.layers.size());
  CHECK(embedded.Macs() == file.Macs());
  for (size_t i = 0; i < file.layers.size() && i < embedded.layers.size(); ++i) {
    INFO("layer " << i);
    CHECK(embedded.layers[i].op == file.layers[i].op);
    CHECK(embedded.layers[i].OutElements() == file.layers[i].OutElements());
    CHECK(embedded.layers[i].activation == file.layers[i].activation);
  }
  for (const char* style : {"tensorplonk", "halo2"}) {
    CHECK(ToJson(Summarize(Lower(embedded, style))) == ToJson(Summarize(Lower(file, style))));
  }
}

TEST_CASE("models: the GPT-2 generator reproduces zkml's distilled GPT-2 shapes", "[models]") {
  // 6 blocks, sequence 64, width 768, 12 heads, vocabulary 50,257 must give the MACs and the
  // non-linear elements of shared/workloads/zkml_distilgpt2_seq64.json (stats), computed by
  // hand: per block QKV 64*768*2304 + attention 24*64*64*64 + projection 64*768*768 + MLP
  // 2*64*768*3072; LM head 64*768*50257.
  const uint64_t block =
      64ull * 768 * 2304 + 24ull * 64 * 64 * 64 + 64ull * 768 * 768 + 2ull * 64 * 768 * 3072;
  const Model d = Gpt2(6, 64, 768, 12, 50257);
  CHECK(d.Macs() == 6 * block + 64ull * 768 * 50257);
  CHECK(d.Macs() == 5225889792ull);
  CHECK(d.NonlinearElements() == 2655040);  // 6 * (2*64 + 49152 + 2*196608) + 64
  const Model g = LoadModel("gpt2-small");
  CHECK(g.Macs() == 12 * block + 64ull * 768 * 50257);
  // 124 M parameters minus embeddings and LayerNorm / bias terms: 12 * 7,077,888 + LM head.
  CHECK(g.FixedWeightParams() ==
        12ull * (768 * 2304 + 768 * 768 + 2 * 768 * 3072) + 768ull * 50257);
}

TEST_CASE("models: traces round-trip through JSON", "[models]") {
  const Trace t = LowerTensorPlonk(LoadModel("mnist-cnn"));
  const Trace u = TraceFromJson(ToJson(t), "roundtrip");
  CHECK(ToJson(Summarize(u)) == ToJson(Summarize(t)));
  CHECK(ToJson(u) == ToJson(t));
  for (const Op& op : t.ops) {
    for (uint32_t d : op.deps) CHECK(d < op.id);
  }
}

TEST_CASE("models: malformed traces, models and unknown names get clear errors", "[models]") {
  CHECK_THROWS_WITH(LoadModel("resnet"),
                    Contains("unknown workload \"resnet\"") && Contains("twitter"));
  CHECK_THROWS_WITH(Lower(LoadModel("mnist-mlp"), "groth16"), Contains("unknown proof style"));
  Json bad = ToJson(LowerTensorPlonk(LoadModel("mnist-mlp")));
  bad["ops"][3]["deps"] = {40};
  CHECK_THROWS_WITH(TraceFromJson(bad, "t.json"),
                    Contains("t.json: op 3") && Contains("dependency 40"));
  Json kind = ToJson(LowerTensorPlonk(LoadModel("mnist-mlp")));
  kind["ops"][1]["kind"] = "fft";
  CHECK_THROWS_WITH(TraceFromJson(kind, "t.json"), Contains("unknown op kind \"fft\""));
  CHECK_THROWS_WITH(TraceFromJson(Json::object(), "t.json"), Contains("not a zkacc trace"));
  Json id = ToJson(LowerTensorPlonk(LoadModel("mnist-mlp")));
  id["ops"][2]["id"] = 7;
  CHECK_THROWS_WITH(TraceFromJson(id, "t.json"), Contains("op 2") && Contains("position"));
  Json bits = ToJson(LowerTensorPlonk(LoadModel("mnist-mlp")));
  bits["ops"][1]["scalars"]["bits"] = 300;
  CHECK_THROWS_WITH(TraceFromJson(bits, "t.json"), Contains("scalars.bits"));
  Json layer = {{"layers", {{{"op", "matmul"}, {"rows", 1}, {"in_features", 4}}}}};
  CHECK_THROWS_WITH(ModelFromJson(layer, "m.json"),
                    Contains("m.json: layer 0") && Contains("out_features"));
  Json op = {{"layers", {{{"op", "fancyconv"}, {"elements", 4}}}}};
  CHECK_THROWS_WITH(LowerTensorPlonk(ModelFromJson(op, "m.json")),
                    Contains("layer 0") && Contains("fancyconv"));
  const std::string path =
      (std::filesystem::temp_directory_path() / "zkacc_bad_model.json").string();
  std::ofstream(path) << "{\"layers\": [";
  CHECK_THROWS_WITH(LoadModel(path), Contains(path) && Contains("malformed JSON"));
  std::filesystem::remove(path);
}

TEST_CASE("models: configurations load, and units that do not fit are rejected", "[models]") {
  for (const std::string& name : ArchNames()) {
    INFO(name);
    CHECK_NOTHROW(LoadArch(name));
  }
  CHECK(ArchNames() == std::vector<std::string>{"asic-7nm", "u250", "u55c", "verilator", "vu9p"});
  // Two BN254 point adders take 2 x 562,628 LUT (docs/synthesis.md) beside the NTT unit: more
  // than a U55C has.
  Json u55c = ArchJson("u55c");
  u55c["units"]["msm"]["adders"] = 2;
  CHECK_THROWS_WITH(ArchFromJson(u55c, "u55c"),
                    Contains("u55c") && Contains("LUT") && Contains("do not fit"));
  CHECK_NOTHROW(ArchFromJson(u55c, "u55c", /*check_resources=*/false));
  // DSP-bound: 40 NTT butterflies x 235 DSP48E2 + 3,600 > 9,024 (LUTs ignored here).
  Json dsp = ArchJson("u55c");
  dsp["units"]["ntt"]["butterflies"] = 40;
  dsp["resources"]["lut"] = 1e9;
  dsp["resources"]["ff"] = 1e9;
  CHECK_THROWS_WITH(ArchFromJson(dsp, "u55c"), Contains("DSP48E2"));
  // Buckets of a 20-bit window: 2^19 x 128 bytes = 64 MB > 960 URAM288 blocks.
  Json uram = ArchJson("u55c");
  uram["units"]["msm"]["window_bits"] = 20;
  CHECK_THROWS_WITH(ArchFromJson(uram, "u55c"), Contains("URAM288"));
  Json asic = ArchJson("asic-7nm");
  asic["units"]["msm"]["adders"] = 400;
  CHECK_THROWS_WITH(ArchFromJson(asic, "asic-7nm"), Contains("area"));
  CHECK_THROWS_WITH(LoadArch("u280"),
                    Contains("unknown architecture \"u280\"") && Contains("u55c"));
  Json ch = ArchJson("u250");
  ch["units"]["msm"]["memory_channels"] = {7};
  CHECK_THROWS_WITH(ArchFromJson(ch, "u250"), Contains("channel 7 does not exist"));
  Json clk = ArchJson("u250");
  clk["clock_mhz"] = "fast";
  CHECK_THROWS_WITH(ArchFromJson(clk, "u250"), Contains("clock_mhz") && Contains("number"));
  Json unit = ArchJson("u250");
  unit["units"]["fft"] = Json::object();
  CHECK_THROWS_WITH(ArchFromJson(unit, "u250"), Contains("unknown unit \"fft\""));
}

TEST_CASE("models: the placeholder calibration says it is uncalibrated", "[models]") {
  const Calibration c = LoadCalibration("first-principles");
  CHECK(c.status == "uncalibrated: first-principles");
  CHECK_FALSE(c.calibrated);
  CHECK(c.msm_adder_latency == 306);
  CHECK(c.ntt_mul_latency == 63);
  CHECK_THROWS_WITH(CalibrationFromJson(Json::object(), "c.json"), Contains("status"));
  CHECK_THROWS_WITH(LoadCalibration("rtl-2027"), Contains("unknown calibration"));
}

}  // namespace
}  // namespace zkacc::models
