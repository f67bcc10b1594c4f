// SPDX-License-Identifier: Apache-2.0
//
// Malformed vector files (from strings) must throw VectorError naming the file, the line and
// what is wrong; no input may crash the parser or be accepted silently. Then the zkacc tool on
// malformed files and bad arguments: a clear message and a non-zero exit, never a crash.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>

#include "zkacc/vectors.h"

namespace zkacc {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

// BN254 moduli and the 64-digit encoding of small values.
const std::string kP = "0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";
const std::string kR = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
const std::string kRMinus1 = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000";
const std::string kBlsR = "0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";

std::string H(uint64_t v, size_t digits = 64) {
  std::string s(digits, '0');
  for (size_t k = 0; k < digits && v != 0; ++k, v >>= 4) {
    s[digits - 1 - k] = "0123456789abcdef"[v & 0xf];
  }
  return "0x" + s;
}

const std::string kG = H(1) + " " + H(2);  // the BN254 generator
const std::string kBlsG = std::string(Bls12381G1::kGenX) + " " + Bls12381G1::kGenY;
const std::string kBlsInf = H(0, 96) + " " + H(0, 96);

// A valid fq/fr line: 1 2 3 -1 2 inv(1)=1 ... values need not be right for the parser.
const std::string kFieldLine =
    H(1) + " " + H(2) + " " + H(3) + " " + H(4) + " " + H(2) + " " + H(1);

// A valid 2-point BN254 MSM file: line 1 comment, 2 case, 3-4 p, 5 r.
std::string Msm2(const std::string& s0 = H(3), const std::string& s1 = H(5)) {
  return "# msm_n2.txt: test\ncase 0 2 random\np " + kG + " " + s0 + "\np " + kG + " " + s1 +
         "\nr " + kG + "\n";
}

// A valid NTT file with one case of size n: line 1 comment, 2 case, 3.. v lines.
std::string Ntt(size_t header_n, size_t lines, size_t id = 0) {
  std::string text = "case " + std::to_string(id) + " " + std::to_string(header_n) + " random\n";
  for (size_t j = 0; j < lines; ++j) {
    text += "v " + H(j) + " " + H(1) + " " + H(2) + " " + H(3) + " " + H(4) + "\n";
  }
  return text;
}

// The message of the VectorError that parsing `text` throws, or "(no error)".
std::string ErrorOf(const std::string& text, const std::string& name,
                    std::optional<VectorKind> kind = std::nullopt) {
  std::istringstream in(text);
  try {
    ParseVectors(in, name, kind);
  } catch (const VectorError& e) {
    return e.what();
  }
  return "(no error)";
}

VectorFile Parse(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  return ParseVectors(in, name);
}

}  // namespace

TEST_CASE("vectors parser: valid minimal files parse", "[vectors][bad-input]") {
  CHECK(Parse(Msm2(), "msm_n2.txt").NumCases() == 1);
  CHECK(Parse(kFieldLine + "\n", "fq_ops.txt").NumCases() == 1);
  CHECK(Parse(Ntt(4, 4), "ntt_n4.txt").NumCases() == 1);
  CHECK(
      Parse("case 0 1 x\np " + kBlsG + " " + H(1) + "\nr " + kBlsInf + "\n", "bls12_381_msm_n1.txt")
          .kind == VectorKind::kMsmBls12381);
  SECTION("harmless liberties: no final newline, upper-case digits, scalar r-1") {
    std::string text = Msm2(kRMinus1);
    text.pop_back();
    CHECK(Parse(text, "msm_n2.txt").NumCases() == 1);
    CHECK(Parse("case 0 1 x\np " + H(1) + " " + H(2) + " 0x" + std::string(63, '0') + "A\nr " + kG,
                "msm_n1.txt")
              .Cases<MsmCase<Bn254G1>>()[0]
              .scalars[0][0] == 10);
  }
}

TEST_CASE("vectors parser: a bad hex digit names file, line and column", "[vectors][bad-input]") {
  std::string bad = H(2);
  bad[40] = 'g';
  CHECK_THAT(ErrorOf("# c\n" + kFieldLine + "\n" + H(1) + " " + bad + " " + H(3) + " " + H(4) +
                         " " + H(2) + " " + H(1) + "\n",
                     "fq_ops.txt"),
             StartsWith("fq_ops.txt:3: b: bad hex digit 'g' in '0x"));
  CHECK_THAT(ErrorOf("case 0 1 x\np " + kG + " 0x" + std::string(63, '0') + "-\nr " + kG + "\n",
                     "msm_n1.txt"),
             StartsWith("msm_n1.txt:2: s: bad hex digit '-'"));
  CHECK_THAT(ErrorOf(Msm2(std::string(H(3)).replace(10, 1, "\x01")), "msm_n2.txt"),
             StartsWith("msm_n2.txt:3: s: bad hex digit '\\x01'"));
  CHECK_THAT(ErrorOf(Msm2("3"), "msm_n2.txt"),
             StartsWith("msm_n2.txt:3: s: '3' does not start with 0x"));
  CHECK_THAT(ErrorOf(Msm2("0X" + H(3).substr(2)), "msm_n2.txt"),
             Contains("does not start with 0x"));
  CHECK_THAT(ErrorOf(Msm2("0x3"), "msm_n2.txt"),
             StartsWith("msm_n2.txt:3: s: '0x3' has 1 hex digits, expected 64"));
  CHECK_THAT(ErrorOf(Msm2("0x"), "msm_n2.txt"), Contains("'0x' has 0 hex digits"));
  CHECK_THAT(ErrorOf(Msm2(H(3, 65)), "msm_n2.txt"), Contains("has 65 hex digits, expected 64"));
  // A BLS12-381 coordinate (96 digits) in a BN254 file.
  CHECK_THAT(
      ErrorOf("case 0 1 x\np " + kBlsG + " " + H(1) + "\nr " + kG + "\n", "msm_n1.txt"),
      StartsWith("msm_n1.txt:2: P.x: '0x17f1") && Contains("has 96 hex digits, expected 64"));
}

TEST_CASE("vectors parser: a wrong field count is reported", "[vectors][bad-input]") {
  CHECK(ErrorOf("#\n#\n" + H(1) + " " + H(2) + " " + H(3) + " " + H(4) + " " + H(5) + "\n",
                "fr_ops.txt") == "fr_ops.txt:3: expected 6 fields (a b a+b a-b a*b a^-1), got 5");
  CHECK(ErrorOf(kFieldLine + " " + H(1) + "\n", "fq_ops.txt") ==
        "fq_ops.txt:1: expected 6 fields (a b a+b a-b a*b a^-1), got 7");
  CHECK(ErrorOf(kG + " " + kG + "\n", "g1_ops.txt") ==
        "g1_ops.txt:1: expected 11 fields (Px Py Qx Qy Sx Sy Dx Dy k Kx Ky), got 4");
  CHECK(ErrorOf("case 0 1 x\np " + kG + "\nr " + kG + "\n", "msm_n1.txt") ==
        "msm_n1.txt:2: expected 4 fields (p x y s), got 3");
  CHECK(ErrorOf("case 0 1 x\np " + kG + " " + H(1) + "\nr " + H(1) + "\n", "msm_n1.txt") ==
        "msm_n1.txt:3: expected 3 fields (r X Y), got 2");
  CHECK(ErrorOf("case 0 1\n", "msm_n1.txt") ==
        "msm_n1.txt:1: expected 4 fields (case id n tag), got 3");
  CHECK(ErrorOf("case 0 1 random\nv " + H(1) + "\n", "ntt_n1.txt") ==
        "ntt_n1.txt:2: expected 6 fields (v x NTT INTT CNTT CINTT), got 2");
}

TEST_CASE("vectors parser: points off the curve are rejected", "[vectors][bad-input]") {
  std::string text = Msm2();
  text.replace(text.find(kG), kG.size(), H(1) + " " + H(3));  // first p line: (1, 3)
  CHECK(ErrorOf(text, "msm_n2.txt") ==
        "msm_n2.txt:3: P: point (" + H(1) + ", " + H(3) + ") is not on the bn254 curve");
  // Only (0, 0) encodes infinity.
  CHECK_THAT(
      ErrorOf("case 0 1 x\np " + H(0) + " " + H(1) + " " + H(1) + "\nr " + kG + "\n", "msm_n1.txt"),
      Contains(":2: P: point") && Contains("is not on the bn254 curve"));
  CHECK_THAT(
      ErrorOf("case 0 1 x\np " + kG + " " + H(1) + "\nr " + H(1) + " " + H(0) + "\n", "msm_n1.txt"),
      StartsWith("msm_n1.txt:3: result: point (") && Contains("not on the bn254 curve"));
  CHECK_THAT(
      ErrorOf("case 0 1 x\np " + H(1, 96) + " " + H(2, 96) + " " + H(1) + "\nr " + kBlsInf + "\n",
              "bls12_381_msm_n1.txt"),
      StartsWith("bls12_381_msm_n1.txt:2: P: point") && Contains("is not on the bls12-381 curve"));
  const std::string g1 = kG + " " + kG + " " + kG + " " + kG + " " + H(1) + " " + H(1) + " " + H(3);
  CHECK(ErrorOf(g1 + "\n", "g1_ops.txt") ==
        "g1_ops.txt:1: K: point (" + H(1) + ", " + H(3) + ") is not on the bn254 curve");
}

TEST_CASE("vectors parser: scalars not below r are rejected", "[vectors][bad-input]") {
  CHECK(ErrorOf(Msm2(H(3), kR), "msm_n2.txt") ==
        "msm_n2.txt:4: s: scalar " + kR + " is not below r of bn254 (" + kR + ")");
  CHECK_THAT(ErrorOf(Msm2("0x" + std::string(64, 'f')), "msm_n2.txt"),
             StartsWith("msm_n2.txt:3: s: scalar 0xffff") && Contains("is not below r"));
  // BLS12-381 has its own, larger r: the BN254 r is a valid BLS12-381 scalar, its own r not.
  const std::string bls = "case 0 1 x\np " + kBlsG + " ";
  CHECK(Parse(bls + kR + "\nr " + kBlsInf + "\n", "bls12_381_msm_n1.txt").NumCases() == 1);
  CHECK_THAT(
      ErrorOf(bls + kBlsR + "\nr " + kBlsInf + "\n", "bls12_381_msm_n1.txt"),
      StartsWith("bls12_381_msm_n1.txt:2: s: scalar " + kBlsR + " is not below r of bls12-381"));
  const std::string g1 = kG + " " + kG + " " + kG + " " + kG + " " + kR + " " + kG;
  CHECK_THAT(ErrorOf(g1 + "\n", "g1_ops.txt"), StartsWith("g1_ops.txt:1: k: scalar " + kR));
}

TEST_CASE("vectors parser: field values not below the modulus are rejected",
          "[vectors][bad-input]") {
  CHECK(ErrorOf(kP + kFieldLine.substr(66) + "\n", "fq_ops.txt") ==
        "fq_ops.txt:1: a: " + kP + ": value is not below the bn254 Fq modulus");
  // r < p: a valid Fq element but not a valid Fr element.
  CHECK(Parse(kR + kFieldLine.substr(66) + "\n", "fq_ops.txt").NumCases() == 1);
  CHECK(ErrorOf(kFieldLine + "\n" + kFieldLine.substr(0, 67 * 5) + kR + "\n", "fr_ops.txt") ==
        "fr_ops.txt:2: a^-1: " + kR + ": value is not below the bn254 Fr modulus");
  CHECK_THAT(
      ErrorOf("case 0 1 x\np " + kP + " " + H(2) + " " + H(1) + "\nr " + kG + "\n", "msm_n1.txt"),
      StartsWith("msm_n1.txt:2: P.x: " + kP + ": value is not below the bn254 Fq modulus"));
  std::string ntt = Ntt(2, 2);
  ntt.replace(ntt.rfind(H(4)), 66, kR);
  CHECK(ErrorOf(ntt, "ntt_n2.txt") ==
        "ntt_n2.txt:3: CINTT: " + kR + ": value is not below the bn254 Fr modulus");
}

TEST_CASE("vectors parser: truncated cases and a missing r line", "[vectors][bad-input]") {
  const std::string head =
      "# msm_n3.txt\ncase 0 3 random\np " + kG + " " + H(1) + "\np " + kG + " " + H(2) + "\n";
  CHECK(ErrorOf(head, "msm_n3.txt") ==
        "msm_n3.txt:4: file ends inside case 0 (expected 3 'p' lines, got 2)");
  CHECK(ErrorOf(head + "r " + kG + "\n", "msm_n3.txt") ==
        "msm_n3.txt:5: case 0 ends after 2 'p' lines, expected 3 (n in its header at line 2)");
  CHECK(ErrorOf(head + "case 1 3 random\n", "msm_n3.txt") ==
        "msm_n3.txt:5: case 0 ends after 2 'p' lines, expected 3 (n in its header at line 2)");

  std::string no_r = Msm2();
  no_r.erase(no_r.find("r 0x"));
  CHECK(ErrorOf(no_r, "msm_n2.txt") ==
        "msm_n2.txt:4: file ends inside case 0 (missing its 'r' line after 2 'p' lines)");
  CHECK(ErrorOf(no_r + "case 1 2 random\n", "msm_n2.txt") ==
        "msm_n2.txt:5: expected the 'r' line of case 0, got a line starting with 'case'");
  // Cut inside the last number: a short number, not a smaller value.
  std::string cut = Msm2();
  cut.resize(cut.size() - 10);
  CHECK_THAT(ErrorOf(cut, "msm_n2.txt"), StartsWith("msm_n2.txt:5: result.y: '0x") &&
                                             Contains("has 55 hex digits, expected 64"));
  CHECK(ErrorOf(Ntt(4, 3), "ntt_n4.txt") ==
        "ntt_n4.txt:4: file ends inside case 0 (expected 4 'v' lines, got 3)");
}

TEST_CASE("vectors parser: NTT sizes must be powers of two", "[vectors][bad-input]") {
  CHECK(ErrorOf("# c\n" + Ntt(12, 12), "ntt_n12.txt") ==
        "ntt_n12.txt:2: ntt size 12 is not a power of two");
  CHECK(ErrorOf(Ntt(3, 3), "ntt_n3.txt") == "ntt_n3.txt:1: ntt size 3 is not a power of two");
  CHECK(ErrorOf(Ntt(0, 0), "ntt_n0.txt") == "ntt_n0.txt:1: case size n: 0 is below 1");
  CHECK(ErrorOf("case 0 536870912 random\n", "ntt_n8.txt") ==
        "ntt_n8.txt:1: case size n: '536870912' exceeds the maximum 268435456");
  CHECK(ErrorOf("case 0 99999999999999999999999 random\n", "msm_n8.txt") ==
        "msm_n8.txt:1: case size n: '99999999999999999999999' exceeds the maximum 268435456");
  CHECK(ErrorOf("case 0 +4 random\n", "ntt_n4.txt") ==
        "ntt_n4.txt:1: case size n: '+4' is not a decimal number");
  CHECK(Parse(Ntt(1, 1), "ntt_n1.txt").NumCases() == 1);  // 2^0
  // The largest size is accepted in the header and not trusted with memory before its lines.
  CHECK(ErrorOf(Ntt(268435456, 1), "ntt_n2.txt") ==
        "ntt_n2.txt:2: file ends inside case 0 (expected 268435456 'v' lines, got 1)");
}

TEST_CASE("vectors parser: n must match the number of p / v lines", "[vectors][bad-input]") {
  std::string extra_p = Msm2();
  extra_p.insert(extra_p.find("r 0x"), "p " + kG + " " + H(7) + "\n");
  CHECK(ErrorOf(extra_p, "msm_n2.txt") ==
        "msm_n2.txt:5: case 0 has more than 2 'p' lines (n = 2 in its header at line 2)");
  CHECK(ErrorOf("# c\n" + Ntt(2, 3), "ntt_n2.txt") ==
        "ntt_n2.txt:5: case 0 has more than 2 'v' lines (n = 2 in its header)");
  CHECK(ErrorOf(Ntt(4, 2) + Ntt(4, 4, 1), "ntt_n4.txt") ==
        "ntt_n4.txt:4: case 0 ends after 2 'v' lines, expected 4 (n in its header at line 1)");
  CHECK(ErrorOf(Ntt(2, 2) + Ntt(2, 2, 2), "ntt_n2.txt") ==
        "ntt_n2.txt:4: case id 2 out of sequence (expected 1)");
  CHECK(ErrorOf(Ntt(2, 2, 1), "ntt_n2.txt") ==
        "ntt_n2.txt:1: case id 1 out of sequence (expected 0)");
  CHECK(ErrorOf(Msm2() + "p " + kG + " " + H(1) + "\n", "msm_n2.txt") ==
        "msm_n2.txt:6: expected a 'case' line, got a line starting with 'p'");
  CHECK(ErrorOf("case 0 2 random\nq " + kG + " " + H(1) + "\n", "msm_n2.txt") ==
        "msm_n2.txt:2: expected a 'p' line (1 of 2 in case 0), got a line starting with 'q'");
}

TEST_CASE("vectors parser: line format (CRLF, spaces, empty lines)", "[vectors][bad-input]") {
  std::string crlf = Msm2();
  crlf.replace(crlf.find('\n'), 1, "\r\n");
  CHECK(ErrorOf(crlf, "msm_n2.txt") ==
        "msm_n2.txt:1: line ends with CR: CRLF line ends are not accepted, vector files use \\n");
  CHECK(ErrorOf("# c\n\n" + kFieldLine + "\n", "fq_ops.txt") ==
        "fq_ops.txt:2: empty line (vector files have none)");
  CHECK(ErrorOf(kFieldLine + "\n\n", "fq_ops.txt") ==
        "fq_ops.txt:2: empty line (vector files have none)");
  CHECK(ErrorOf(" " + kFieldLine + "\n", "fq_ops.txt") == "fq_ops.txt:1: line starts with a space");
  CHECK(ErrorOf(kFieldLine + " \n", "fq_ops.txt") == "fq_ops.txt:1: line ends with a space");
  std::string twice = kFieldLine;
  twice.insert(66, " ");
  CHECK(
      ErrorOf(twice + "\n", "fq_ops.txt") ==
      "fq_ops.txt:1: two spaces in a row at column 67 (fields are separated by exactly one space)");
  std::string tab = kFieldLine;
  tab[66] = '\t';
  CHECK_THAT(ErrorOf(tab + "\n", "fq_ops.txt"), StartsWith("fq_ops.txt:1: expected 6 fields"));
}

TEST_CASE("vectors parser: whole-file errors use line 0", "[vectors][bad-input]") {
  CHECK(ErrorOf("", "msm_n2.txt") == "msm_n2.txt:0: the file holds no test case");
  CHECK(ErrorOf("# only\n# comments\n", "ntt_n8.txt") ==
        "ntt_n8.txt:0: the file holds no test case");
  const std::string no_header = Msm2().substr(Msm2().find('\n') + 1);
  CHECK_THAT(ErrorOf(no_header, "data.txt"),
             StartsWith("data.txt:0: cannot tell the kind of vector file"));
  CHECK_THAT(ErrorOf(no_header, "msm_nx.txt"), StartsWith("msm_nx.txt:0: cannot tell the kind"));
  CHECK_THAT(ErrorOf("# notes.txt: x\n" + no_header, "data.txt"),
             StartsWith("data.txt:0: cannot tell the kind"));
  CHECK_THAT(ErrorOf("", "data.txt"), StartsWith("data.txt:0: cannot tell the kind"));

  SECTION("the kind comes from the first comment line, or is given") {
    const VectorFile copy = Parse(Msm2(), "copy-of-vectors.txt");  // "# msm_n2.txt: test"
    CHECK(copy.kind == VectorKind::kMsmBn254);
    std::istringstream in(kFieldLine + "\n");
    CHECK(ParseVectors(in, "anything", VectorKind::kFrOps).kind == VectorKind::kFrOps);
    CHECK(VectorKindFromFileName("/a/b/bls12_381_msm_n64.txt") == VectorKind::kMsmBls12381);
    CHECK(VectorKindFromFileName("ntt_n.txt") == std::nullopt);
    CHECK(VectorKindFromFileName("msm_n7.txt.bak") == std::nullopt);
  }
  SECTION("files that cannot be read") {
    try {
      ParseVectorFile("/nonexistent/msm_n7.txt");
      FAIL("no error");
    } catch (const VectorError& e) {
      CHECK_THAT(e.what(), StartsWith("/nonexistent/msm_n7.txt:0: cannot open: No such file"));
      CHECK(e.file() == "/nonexistent/msm_n7.txt");
      CHECK(e.line() == 0);
    }
    CHECK_THROWS_WITH(ParseVectorFile(ZKACC_VECTORS_DIR), EndsWith(":0: is a directory"));
  }
}

TEST_CASE("vectors parser: any prefix or mutation of a valid file parses or throws VectorError",
          "[vectors][bad-input]") {
  const std::pair<std::string, std::string> valid[] = {
      {"msm_n2.txt", Msm2() + "case 1 1 x\np " + kG + " " + H(9) + "\nr " + kG + "\n"},
      {"ntt_n2.txt", "# h\n" + Ntt(2, 2) + Ntt(2, 2, 1)},
      {"g1_ops.txt", kG + " " + kG + " " + kG + " " + kG + " " + H(1) + " " + kG + "\n"},
      {"fr_ops.txt", kFieldLine + "\n# c\n" + kFieldLine + "\n"}};
  const std::regex message("^[a-z0-9_]+\\.txt:[0-9]+: .+");
  const auto outcome = [&](const std::string& text, const std::string& name) {
    std::istringstream in(text);
    try {
      ParseVectors(in, name);
      return std::string("ok");
    } catch (const VectorError& e) {
      if (!std::regex_match(std::string(e.what()), message)) {
        return "bad message: " + std::string(e.what());
      }
      return std::string("error");
    }
  };
  for (const auto& [name, text] : valid) {
    REQUIRE(outcome(text, name) == "ok");
    const size_t last_line = text.rfind('\n', text.size() - 2) + 1;  // 0 if there is one line
    for (size_t len = 0; len < text.size(); ++len) {
      const std::string result = outcome(text.substr(0, len), name);
      INFO(name << " cut to " << len << " bytes");
      if (len == text.size() - 1) {
        CHECK(result == "ok");  // only the final newline is missing
      } else if (len > last_line) {
        CHECK(result == "error");  // cut inside the last line
      } else {
        CHECK((result == "ok" || result == "error"));  // a shorter file may be valid
      }
    }
  }
  const uint64_t seed = 20240611;
  INFO("mutation seed " << seed);
  std::mt19937_64 rng(seed);
  const char alphabet[] = "0123456789abcdefx gpvrc#\n\r\t\0\xff-";
  for (int trial = 0; trial < 4000; ++trial) {
    const auto& [name, original] = valid[static_cast<size_t>(trial) % 4];
    std::string text = original;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const size_t pos = rng() % text.size();
      const char ch = alphabet[rng() % (sizeof(alphabet) - 1)];
      switch (rng() % 3) {
        case 0:
          text[pos] = ch;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(pos), ch);
          break;
        default:
          text.erase(pos, 1);
          break;
      }
    }
    const std::string result = outcome(text, name);
    INFO("trial " << trial << ": " << name);
    CHECK(result.rfind("bad message", 0) != 0);
  }
}

// ---------------------------------------------------------------------------------------------
// The zkacc tool (its path comes from CMake as ZKACC_CLI).

namespace {

struct CliRun {
  int exit_code = -1;  // -1: killed by a signal (a crash)
  std::string out, err;
};

class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "zkacc-test-XXXXXX").string();
    if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string file = (path_ / name).string();
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  std::string Read(const std::string& name) const {
    std::ifstream in(path_ / name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

CliRun RunCli(const std::string& args) {
  const TempDir dir;
  const std::string command =
      std::string(ZKACC_CLI) + " " + args + " >" + dir.Path("out") + " 2>" + dir.Path("err");
  const int status = std::system(command.c_str());
  CliRun run;
  if (status != -1 && WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  run.out = dir.Read("out");
  run.err = dir.Read("err");
  return run;
}

std::string Vector(const std::string& name) { return std::string(ZKACC_VECTORS_DIR) + "/" + name; }

}  // namespace

TEST_CASE("zkacc check: a malformed file gives file:line on stderr and exit 2",
          "[cli][bad-input]") {
  const TempDir dir;
  std::string text = Msm2();
  text.replace(text.rfind(kG), kG.size(), H(1) + " " + H(3));  // the r line, line 5
  const std::string bad = dir.Write("msm_n2.txt", text);
  const CliRun run = RunCli("check " + bad + " " + Vector("msm_n1.txt"));
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err,
             StartsWith(bad + ":5: result: point (") && Contains("not on the bn254 curve"));
  CHECK_THAT(run.out, EndsWith("7 passed, 0 failed\n"));  // the good file is still checked

  const CliRun crlf = RunCli("check " + dir.Write("fr_ops.txt", kFieldLine + "\r\n"));
  CHECK(crlf.exit_code == 2);
  CHECK_THAT(crlf.err, Contains("fr_ops.txt:1: line ends with CR"));

  const CliRun missing = RunCli("check " + dir.Path("ntt_n8.txt"));
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, StartsWith(dir.Path("ntt_n8.txt") + ":0: cannot open: No such file"));
}

TEST_CASE("zkacc check: wrong expected values fail with exit 1", "[cli]") {
  const TempDir dir;
  // 1 + 2 = 3, 1 - 2 = -1, 1 * 2 = 2, 1^-1 = 1: the a-b column (4) is wrong.
  const std::string file = dir.Write("fr_ops.txt", kFieldLine + "\n");
  const CliRun run = RunCli("check " + file);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, StartsWith(file + ":1: a-b: expected " + H(4) + ", got " + kRMinus1));
  CHECK_THAT(run.out, EndsWith("\n0 passed, 1 failed\n"));
  CHECK(run.err.empty());
}

TEST_CASE("zkacc check: valid files pass with exit 0", "[cli]") {
  const CliRun run =
      RunCli("check --threads 2 " + Vector("msm_n3.txt") + " " + Vector("ntt_n4.txt"));
  CHECK(run.exit_code == 0);
  CHECK(run.out == "13 passed, 0 failed\n");
}

TEST_CASE("zkacc: bad arguments give a message and a non-zero exit", "[cli][bad-input]") {
  const auto expect_error = [](const std::string& args, const std::string& message) {
    const CliRun run = RunCli(args);
    INFO("zkacc " << args << "\nstdout: " << run.out << "\nstderr: " << run.err);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Contains(message));
  };
  expect_error("msm --log2n 27", "--log2n");
  expect_error("msm --log2n -1", "--log2n");
  expect_error("msm", "--log2n is required");
  expect_error("msm --log2n 4 --curve secp256k1", "--curve");
  expect_error("msm --log2n 4 --scalars huge", "--scalars");
  expect_error("msm --log2n 4 --repeat 0", "--repeat");
  expect_error("msm --log2n 4 --window 40", "window_bits 40");
  expect_error("ntt --log2n 29", "--log2n");
  expect_error("ntt --log2n 4 --curve bls12-381", "curve 'bls12-381' is not supported");
  expect_error("check", "files is required");
  // "cpu", then "sim" when the tool is built with ZKACC_BUILD_SIM.
  expect_error("check --backend nope " + Vector("msm_n1.txt"),
               "unknown backend 'nope' (available: cpu");
  expect_error("frobnicate", "frobnicate");
}

TEST_CASE("zkacc msm / ntt: self-checks pass and --json has the documented keys", "[cli]") {
  SECTION("msm bn254") {
    const CliRun run = RunCli("msm --log2n 10 --threads 2 --seed 7 --check --json --repeat 3");
    REQUIRE(run.exit_code == 0);
    const nlohmann::json j = nlohmann::json::parse(run.out);
    CHECK(j["op"] == "msm");
    CHECK(j["backend"] == "cpu");
    CHECK(j["curve"] == "bn254");
    CHECK(j["n"] == 1024);
    CHECK(j["log2n"] == 10);
    CHECK(j["threads"] == 2);
    CHECK(j["seed"] == 7);
    CHECK(j["scalars"] == "uniform");
    CHECK(j["check"] == true);
    CHECK(j["seconds"].get<double>() > 0);
    CHECK(j["points_per_second"].get<double>() > 0);
    CHECK(j["seconds_all"].size() == 3);
    for (const char* key : {"cycles", "utilization", "clock_mhz", "modelled_seconds"}) {
      CHECK_FALSE(j.contains(key));
    }
  }
  SECTION("msm bls12-381, zkml and small16 scalars, text output") {
    for (const char* dist : {"zkml", "small16"}) {
      const CliRun run =
          RunCli(std::string("msm --log2n 7 --curve bls12-381 --check --scalars ") + dist);
      CHECK(run.exit_code == 0);
      CHECK_THAT(run.out, Contains("check: OK"));
    }
  }
  SECTION("msm without --check has check null") {
    const CliRun run = RunCli("msm --log2n 3 --json");
    REQUIRE(run.exit_code == 0);
    CHECK(nlohmann::json::parse(run.out)["check"].is_null());
  }
  SECTION("ntt: direct DFT for small n, round trip and spot values for large n") {
    const CliRun small = RunCli("ntt --log2n 6 --coset --check");
    CHECK(small.exit_code == 0);
    CHECK_THAT(small.out, Contains("check: OK (all 64 outputs equal the O(n^2) definition"));
    const CliRun large = RunCli("ntt --log2n 13 --inverse --coset --check --json");
    REQUIRE(large.exit_code == 0);
    const nlohmann::json j = nlohmann::json::parse(large.out);
    CHECK(j["op"] == "ntt");
    CHECK(j["direction"] == "inverse");
    CHECK(j["coset"] == true);
    CHECK(j["check"] == true);
    CHECK(j["n"] == 8192);
  }
}

}  // namespace zkacc
