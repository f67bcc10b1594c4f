// SPDX-License-Identifier: Apache-2.0
//
// Every file of the independent test vectors (shared/vectors), parsed and recomputed with the
// cpu backend; case counts and case sizes from shared/vectors/README.md. Also CheckVectors'
// reporting (with a deliberately faulty backend) and the backend registry.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "zkacc/check.h"
#include "zkacc/vectors.h"

namespace zkacc {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

std::string VectorPath(const std::string& name) {
  return std::string(ZKACC_VECTORS_DIR) + "/" + name;
}

struct ExpectedFile {
  const char* name;
  VectorKind kind;
  size_t cases;
  size_t case_size;  // n of every case (MSM, NTT); 0 for one-line cases
};

constexpr ExpectedFile kExpectedFiles[] = {
    {"fq_ops.txt", VectorKind::kFqOps, 2684, 0},
    {"fr_ops.txt", VectorKind::kFrOps, 2684, 0},
    {"g1_ops.txt", VectorKind::kG1Ops, 500, 0},
    {"msm_n1.txt", VectorKind::kMsmBn254, 7, 1},
    {"msm_n2.txt", VectorKind::kMsmBn254, 10, 2},
    {"msm_n3.txt", VectorKind::kMsmBn254, 7, 3},
    {"msm_n7.txt", VectorKind::kMsmBn254, 7, 7},
    {"msm_n64.txt", VectorKind::kMsmBn254, 3, 64},
    {"msm_n1000.txt", VectorKind::kMsmBn254, 3, 1000},
    {"msm_n4096.txt", VectorKind::kMsmBn254, 2, 4096},
    {"msm_n65536.txt", VectorKind::kMsmBn254, 1, 65536},
    {"bls12_381_msm_n1.txt", VectorKind::kMsmBls12381, 5, 1},
    {"bls12_381_msm_n64.txt", VectorKind::kMsmBls12381, 2, 64},
    {"bls12_381_msm_n1000.txt", VectorKind::kMsmBls12381, 2, 1000},
    {"ntt_n2.txt", VectorKind::kNtt, 6, 2},
    {"ntt_n4.txt", VectorKind::kNtt, 6, 4},
    {"ntt_n8.txt", VectorKind::kNtt, 6, 8},
    {"ntt_n16.txt", VectorKind::kNtt, 6, 16},
    {"ntt_n32.txt", VectorKind::kNtt, 6, 32},
    {"ntt_n64.txt", VectorKind::kNtt, 6, 64},
    {"ntt_n128.txt", VectorKind::kNtt, 2, 128},
    {"ntt_n256.txt", VectorKind::kNtt, 2, 256},
    {"ntt_n512.txt", VectorKind::kNtt, 2, 512},
    {"ntt_n1024.txt", VectorKind::kNtt, 2, 1024},
    {"ntt_n2048.txt", VectorKind::kNtt, 2, 2048},
    {"ntt_n4096.txt", VectorKind::kNtt, 2, 4096},
    {"ntt_n65536.txt", VectorKind::kNtt, 1, 65536},
};

const ExpectedFile& Expected(const std::string& name) {
  for (const ExpectedFile& e : kExpectedFiles) {
    if (name == e.name) return e;
  }
  throw std::logic_error("no expectation for " + name);
}

// The size of every case of a block file.
std::vector<size_t> CaseSizes(const VectorFile& file) {
  std::vector<size_t> sizes;
  if (const auto* msm = std::get_if<std::vector<MsmCase<Bn254G1>>>(&file.cases)) {
    for (const auto& c : *msm) sizes.push_back(c.points.size());
  } else if (const auto* bls = std::get_if<std::vector<MsmCase<Bls12381G1>>>(&file.cases)) {
    for (const auto& c : *bls) sizes.push_back(c.points.size());
  } else if (const auto* ntt = std::get_if<std::vector<NttCase>>(&file.cases)) {
    for (const auto& c : *ntt) sizes.push_back(c.size());
  }
  return sizes;
}

// Parses the file, checks the counts, recomputes every case on the cpu backend.
void CheckVectorFile(const std::string& name) {
  const ExpectedFile& expected = Expected(name);
  const VectorFile file = ParseVectorFile(VectorPath(name));
  REQUIRE(file.kind == expected.kind);
  REQUIRE(file.NumCases() == expected.cases);
  if (expected.case_size != 0) {
    CHECK(CaseSizes(file) == std::vector<size_t>(expected.cases, expected.case_size));
  }

  const std::unique_ptr<Backend> cpu = MakeBackend("cpu");
  const CheckResult result = CheckVectors(file, *cpu);
  for (size_t i = 0; i < std::min<size_t>(result.failures.size(), 20); ++i) {
    UNSCOPED_INFO(result.failures[i]);
  }
  CHECK(result.failed == 0);
  CHECK(result.failures.empty());
  CHECK(result.passed == expected.cases);
}

}  // namespace

TEST_CASE("vectors: fq_ops.txt, 2684 BN254 Fq cases", "[vectors]") {
  CheckVectorFile("fq_ops.txt");
}
TEST_CASE("vectors: fr_ops.txt, 2684 BN254 Fr cases", "[vectors]") {
  CheckVectorFile("fr_ops.txt");
}
TEST_CASE("vectors: g1_ops.txt, 500 BN254 G1 cases", "[vectors]") { CheckVectorFile("g1_ops.txt"); }
TEST_CASE("vectors: msm_n1.txt, 7 cases", "[vectors][msm]") { CheckVectorFile("msm_n1.txt"); }
TEST_CASE("vectors: msm_n2.txt, 10 cases", "[vectors][msm]") { CheckVectorFile("msm_n2.txt"); }
TEST_CASE("vectors: msm_n3.txt, 7 cases", "[vectors][msm]") { CheckVectorFile("msm_n3.txt"); }
TEST_CASE("vectors: msm_n7.txt, 7 cases", "[vectors][msm]") { CheckVectorFile("msm_n7.txt"); }
TEST_CASE("vectors: msm_n64.txt, 3 cases", "[vectors][msm]") { CheckVectorFile("msm_n64.txt"); }
TEST_CASE("vectors: msm_n1000.txt, 3 cases", "[vectors][msm]") { CheckVectorFile("msm_n1000.txt"); }
TEST_CASE("vectors: msm_n4096.txt, 2 cases", "[vectors][msm]") { CheckVectorFile("msm_n4096.txt"); }
TEST_CASE("vectors: msm_n65536.txt, 1 case", "[vectors][msm][long]") {
  CheckVectorFile("msm_n65536.txt");
}
TEST_CASE("vectors: bls12_381_msm_n1.txt, 5 cases", "[vectors][msm]") {
  CheckVectorFile("bls12_381_msm_n1.txt");
}
TEST_CASE("vectors: bls12_381_msm_n64.txt, 2 cases", "[vectors][msm]") {
  CheckVectorFile("bls12_381_msm_n64.txt");
}
TEST_CASE("vectors: bls12_381_msm_n1000.txt, 2 cases", "[vectors][msm]") {
  CheckVectorFile("bls12_381_msm_n1000.txt");
}
TEST_CASE("vectors: ntt_n2.txt, 6 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n2.txt"); }
TEST_CASE("vectors: ntt_n4.txt, 6 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n4.txt"); }
TEST_CASE("vectors: ntt_n8.txt, 6 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n8.txt"); }
TEST_CASE("vectors: ntt_n16.txt, 6 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n16.txt"); }
TEST_CASE("vectors: ntt_n32.txt, 6 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n32.txt"); }
TEST_CASE("vectors: ntt_n64.txt, 6 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n64.txt"); }
TEST_CASE("vectors: ntt_n128.txt, 2 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n128.txt"); }
TEST_CASE("vectors: ntt_n256.txt, 2 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n256.txt"); }
TEST_CASE("vectors: ntt_n512.txt, 2 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n512.txt"); }
TEST_CASE("vectors: ntt_n1024.txt, 2 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n1024.txt"); }
TEST_CASE("vectors: ntt_n2048.txt, 2 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n2048.txt"); }
TEST_CASE("vectors: ntt_n4096.txt, 2 cases", "[vectors][ntt]") { CheckVectorFile("ntt_n4096.txt"); }
TEST_CASE("vectors: ntt_n65536.txt, 1 case", "[vectors][ntt][long]") {
  CheckVectorFile("ntt_n65536.txt");
}

TEST_CASE("vectors: every .txt file of the folder has a test case above", "[vectors]") {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(ZKACC_VECTORS_DIR)) {
    if (entry.path().extension() == ".txt") on_disk.insert(entry.path().filename().string());
  }
  std::set<std::string> known;
  for (const ExpectedFile& e : kExpectedFiles) known.insert(e.name);
  CHECK(on_disk == known);
  CHECK(known.size() == 27);
}

TEST_CASE("vectors: parsed content matches the README", "[vectors]") {
  SECTION("msm_n7 tags in order, case lines, explicit cancellation") {
    const VectorFile file = ParseVectorFile(VectorPath("msm_n7.txt"));
    const auto& cases = file.Cases<MsmCase<Bn254G1>>();
    const std::vector<std::string> tags = {"random",
                                           "0,s1|k1,0|k2,r-1|k3,s2|-k3,s2|k3,s3|k4,1",
                                           "one_point",
                                           "all_r_minus_1",
                                           "all_inf",
                                           "all_zero_scalars",
                                           "k1,s1|k1,s1|k1,s1|k1,s1|-k1,s1|-k1,s1|-k1,s1"};
    REQUIRE(cases.size() == tags.size());
    for (size_t i = 0; i < cases.size(); ++i) {
      CHECK(cases[i].id == i);
      CHECK(cases[i].tag == tags[i]);
      CHECK(cases[i].line == 11 + 9 * i);  // 10 header comments, then 1 + 7 + 1 lines per case
      CHECK(cases[i].result_line == cases[i].line + 8);
    }
    // all_inf: every point is the (0, 0) encoding and so is the result.
    for (const auto& p : cases[4].points) CHECK(p.IsInfinity());
    CHECK(cases[4].result.IsInfinity());
    // The first entry of case 1 is "0,s1": the infinity point.
    CHECK(cases[1].points[0].IsInfinity());
  }
  SECTION("ntt_n8 tags and the delta0 case") {
    const VectorFile file = ParseVectorFile(VectorPath("ntt_n8.txt"));
    const auto& cases = file.Cases<NttCase>();
    const std::vector<std::string> tags = {"random", "zeros", "delta0",
                                           "delta1", "ones",  "all_r_minus_1"};
    REQUIRE(cases.size() == tags.size());
    for (size_t i = 0; i < cases.size(); ++i) CHECK(cases[i].tag == tags[i]);
    const NttCase& delta0 = cases[2];
    CHECK(delta0.x[0].IsOne());
    for (size_t j = 0; j < 8; ++j) {
      CHECK(delta0.ntt[j].IsOne());
      CHECK(delta0.cntt[j].IsOne());
      CHECK(delta0.intt[j] * bn254::Fr::FromU64(8) == bn254::Fr::One());
      CHECK(delta0.lines[j] == delta0.line + 1 + j);
    }
  }
  SECTION("g1_ops edge case 1 is P = Q = G") {
    const VectorFile file = ParseVectorFile(VectorPath("g1_ops.txt"));
    const G1OpsCase& c = file.Cases<G1OpsCase>().front();
    CHECK(c.line == 8);  // 6 header comments and one "# edge:" comment
    CHECK(c.p == bn254::G1Affine::Generator());
    CHECK(c.q == bn254::G1Affine::Generator());
    CHECK(c.sum == c.dbl);
  }
  SECTION("msm_n65536 has 125 infinity points") {
    const VectorFile file = ParseVectorFile(VectorPath("msm_n65536.txt"));
    const auto& points = file.Cases<MsmCase<Bn254G1>>().front().points;
    CHECK(std::count_if(points.begin(), points.end(),
                        [](const bn254::G1Affine& p) { return p.IsInfinity(); }) == 125);
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting of wrong results, with a backend that gets chosen results wrong.

namespace {

class FaultyBackend final : public Backend {
 public:
  FaultyBackend() : cpu_(MakeBackend("cpu")) {}
  std::string Name() const override { return "faulty"; }

  void FieldOps(FieldOp op, const bn254::Fq* a, const bn254::Fq* b, bn254::Fq* out,
                size_t n) override {
    cpu_->FieldOps(op, a, b, out, n);
  }
  // Fr: a*b of case 5 is off by one; a^-1 throws.
  void FieldOps(FieldOp op, const bn254::Fr* a, const bn254::Fr* b, bn254::Fr* out,
                size_t n) override {
    if (op == FieldOp::kInv) throw std::runtime_error("inverse unit offline");
    cpu_->FieldOps(op, a, b, out, n);
    if (op == FieldOp::kMul && n > 5) out[5] += bn254::Fr::One();
  }
  // 2P of every case is P.
  void G1Add(const bn254::G1Affine* p, const bn254::G1Affine* q, bn254::G1Affine* out,
             size_t n) override {
    cpu_->G1Add(p, q, out, n);
  }
  void G1Double(const bn254::G1Affine* p, bn254::G1Affine* out, size_t n) override {
    std::copy(p, p + n, out);
  }
  void G1Mul(const bn254::G1Affine* p, const Scalar* k, bn254::G1Affine* out, size_t n) override {
    cpu_->G1Mul(p, k, out, n);
  }
  // MSM of size 2 returns G.
  bn254::G1Affine Msm(const bn254::G1Affine* points, const Scalar* scalars, size_t n) override {
    return n == 2 ? bn254::G1Affine::Generator() : cpu_->Msm(points, scalars, n);
  }
  bls12_381::G1Affine Msm(const bls12_381::G1Affine* points, const Scalar* scalars,
                          size_t n) override {
    return cpu_->Msm(points, scalars, n);
  }
  // Coset inverse NTTs get element 3 wrong.
  void Ntt(bn254::Fr* data, size_t n, NttDirection dir, bool coset) override {
    cpu_->Ntt(data, n, dir, coset);
    if (dir == NttDirection::kInverse && coset) data[3] += bn254::Fr::One();
  }

 private:
  std::unique_ptr<Backend> cpu_;
};

}  // namespace

TEST_CASE("check: wrong results are reported with file, line, op, expected and got", "[check]") {
  FaultyBackend faulty;

  SECTION("field ops: a wrong product, a throwing inverse") {
    const std::string path = VectorPath("fr_ops.txt");
    const CheckResult r = CheckFile(path, faulty);
    CHECK(r.passed == 0);  // every case has a^-1, and the inverse batch threw
    CHECK(r.failed == 2684);
    REQUIRE(r.failures.size() == 2684);
    // Case 5 is on line 11 (5 header comments); it has both problems.
    CHECK_THAT(r.failures[5], StartsWith(path + ":11: "));
    CHECK_THAT(r.failures[5], Contains("a*b: expected 0x"));
    CHECK_THAT(r.failures[5], Contains("a^-1: backend error: inverse unit offline"));
    CHECK_THAT(r.failures[4], !Contains("a*b"));
  }
  SECTION("G1: a wrong doubling, except where 2P = P (P at infinity)") {
    const CheckResult r = CheckFile(VectorPath("g1_ops.txt"), faulty);
    CHECK(r.failed + r.passed == 500);
    CHECK(r.passed > 0);
    CHECK(r.failed > 400);
    CHECK_THAT(r.failures[0], StartsWith(VectorPath("g1_ops.txt") + ":8: 2P: expected ("));
  }
  SECTION("MSM: every case of size 2 fails, except those whose result is G") {
    const std::string path = VectorPath("msm_n2.txt");
    const CheckResult r = CheckFile(path, faulty);
    CHECK(r.passed + r.failed == 10);
    REQUIRE(r.failed >= 9);
    CHECK_THAT(r.failures[0], StartsWith(path + ":11: case 0 (random, n = 2): result (line 14): "
                                                "expected (0x"));
    CHECK_THAT(
        r.failures[0],
        Contains("got (0x0000000000000000000000000000000000000000000000000000000000000001, 0x"));
  }
  SECTION("NTT: the coset inverse column, naming the element and its line") {
    const std::string path = VectorPath("ntt_n8.txt");
    const CheckResult r = CheckFile(path, faulty);
    CHECK(r.passed == 0);
    REQUIRE(r.failed == 6);
    CHECK_THAT(r.failures[0], StartsWith(path + ":10: case 0 (random, n = 8): CINTT[3] (line 14): "
                                                "expected 0x"));
    CHECK_THAT(r.failures[0], !Contains("CNTT"));
  }
  SECTION("a file that does not parse throws VectorError") {
    CHECK_THROWS_AS(CheckFile(VectorPath("README.md"), faulty), VectorError);
  }
}

TEST_CASE("check: backends are made by name from the registry", "[check]") {
  const std::vector<std::string> before = BackendNames();
  CHECK(std::find(before.begin(), before.end(), "cpu") != before.end());
  CHECK(MakeBackend("cpu")->Name() == "cpu");

  CHECK_THROWS_WITH(MakeBackend("nope"), Contains("unknown backend 'nope'") && Contains("cpu"));
  CHECK_THROWS_AS(
      RegisterBackend(
          "cpu", [](const BackendOptions&) { return std::unique_ptr<Backend>(new FaultyBackend); }),
      std::invalid_argument);
  CHECK_THROWS_AS(RegisterBackend("", nullptr), std::invalid_argument);

  RegisterBackend("test-faulty", [](const BackendOptions&) {
    return std::unique_ptr<Backend>(new FaultyBackend);
  });
  CHECK(MakeBackend("test-faulty")->Name() == "faulty");
  const CheckResult r = CheckFile(VectorPath("msm_n2.txt"), "test-faulty");
  CHECK(r.failed >= 9);
  CHECK(CheckFile(VectorPath("msm_n2.txt"), "cpu").ok());
  CHECK_THROWS_WITH(CheckFile(VectorPath("msm_n2.txt"), "nope"), Contains("unknown backend"));
}

}  // namespace zkacc
