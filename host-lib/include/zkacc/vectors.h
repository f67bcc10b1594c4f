// SPDX-License-Identifier: Apache-2.0
//
// Parser of the independent test-vector files (shared/vectors/README.md is the format spec).
//
//   kind              file name                 record
//   kFqOps / kFrOps   fq_ops.txt / fr_ops.txt   a b a+b a-b a*b a^-1                (BN254 Fq / Fr)
//   kG1Ops            g1_ops.txt                Px Py Qx Qy Sx Sy Dx Dy k Kx Ky     (BN254 G1)
//   kMsmBn254         msm_n*.txt                case id n tag / n x "p x y s" / "r X Y"
//   kMsmBls12381      bls12_381_msm_n*.txt      same, BLS12-381 G1
//   kNtt              ntt_n*.txt                case id n tag / n x "v x NTT INTT CNTT CINTT"
//
// The kind comes from the file's base name; when the name says nothing (a renamed copy), from
// its first comment line, which names the original file ("# msm_n7.txt: ...").
//
// The parser is strict and every value comes out typed and validated: field elements below
// their modulus (Fp::FromCanonical), points on their curve (infinity = (0, 0)), scalars below
// the group order r, NTT sizes powers of two (at most 2^28), exactly n records per case, case
// ids counting from 0, numbers of exactly the fixed width (64 hex digits, 96 for BLS12-381 Fq:
// a file cut inside its last number is an error, not a smaller value). Accepted because it is
// harmless: upper-case hex digits; a missing newline after the last line. Rejected: a missing
// "0x", any other character, empty fields (two spaces in a row, leading or trailing spaces),
// tabs, empty lines, and CR line ends (the files use "\n"; a CRLF copy gets a message saying so).
//
// Not checked: membership of BLS12-381 points in the prime-order subgroup (an on-curve check
// only, as Affine::IsOnCurve), and the expected values themselves (that is CheckFile's job).
//
// Every error throws VectorError whose message is "<file>:<line>: <what is wrong>", where
// <file> is the path or display name given and <line> counts from 1. Errors that concern the
// whole file rather than one line (it cannot be opened, its kind is unknown, it holds no case)
// use line 0.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "zkacc/curve.h"
#include "zkacc/msm.h"
#include "zkacc/params.h"

namespace zkacc {

// A malformed or unreadable vector file; what() is "<file>:<line>: <what is wrong>".
class VectorError : public std::runtime_error {
 public:
  VectorError(const std::string& file, size_t line, const std::string& what);
  const std::string& file() const { return file_; }
  size_t line() const { return line_; }
  const std::string& what_wrong() const { return what_wrong_; }  // message without the prefix

 private:
  std::string file_;
  size_t line_;
  std::string what_wrong_;
};

enum class VectorKind { kFqOps, kFrOps, kG1Ops, kMsmBn254, kMsmBls12381, kNtt };

// "fq_ops", "fr_ops", "g1_ops", "msm_bn254", "msm_bls12_381", "ntt".
const char* VectorKindName(VectorKind kind);

// The kind named by a file name (directories are ignored), or nullopt.
std::optional<VectorKind> VectorKindFromFileName(std::string_view path);

// One line of fq_ops.txt / fr_ops.txt.
template <class F>
struct FieldOpsCase {
  size_t line = 0;
  F a, b;
  F sum, diff, prod, inv;  // a+b, a-b, a*b, a^-1 (0 for a = 0)
};

// One line of g1_ops.txt (BN254).
struct G1OpsCase {
  size_t line = 0;
  bn254::G1Affine p, q;
  bn254::G1Affine sum;  // P + Q
  bn254::G1Affine dbl;  // 2P
  Scalar k{};           // canonical, < r
  bn254::G1Affine kp;   // k * P
};

// One "case" block of an MSM file: result = sum_i scalars[i] * points[i].
template <class C>
struct MsmCase {
  size_t line = 0;  // line of the "case" header
  size_t id = 0;
  std::string tag;
  std::vector<Affine<C>> points;
  std::vector<Scalar> scalars;  // canonical, < r
  Affine<C> result;
  size_t result_line = 0;
};

// One "case" block of an NTT file (BN254 Fr, natural order; see the README for the columns).
struct NttCase {
  size_t line = 0;  // line of the "case" header
  size_t id = 0;
  std::string tag;
  std::vector<bn254::Fr> x;      // input
  std::vector<bn254::Fr> ntt;    // forward NTT of x
  std::vector<bn254::Fr> intt;   // inverse NTT of x
  std::vector<bn254::Fr> cntt;   // coset forward NTT of x
  std::vector<bn254::Fr> cintt;  // coset inverse NTT of x
  std::vector<size_t> lines;     // source line of element j
  size_t size() const { return x.size(); }
};

// A parsed file: `cases` holds the alternative matching `kind`.
struct VectorFile {
  std::string name;  // path or display name, as used in messages
  VectorKind kind = VectorKind::kFqOps;
  std::variant<std::vector<FieldOpsCase<bn254::Fq>>, std::vector<FieldOpsCase<bn254::Fr>>,
               std::vector<G1OpsCase>, std::vector<MsmCase<Bn254G1>>,
               std::vector<MsmCase<Bls12381G1>>, std::vector<NttCase>>
      cases;

  size_t NumCases() const;
  // The cases as their type; throws std::bad_variant_access on the wrong type.
  template <class Case>
  const std::vector<Case>& Cases() const {
    return std::get<std::vector<Case>>(cases);
  }
};

// Parses the file at `path`; the kind comes from `kind`, else the file name, else the first
// comment line. Throws VectorError (also when the file cannot be opened).
VectorFile ParseVectorFile(const std::string& path, std::optional<VectorKind> kind = std::nullopt);

// Parses text from `in`; `display_name` is used in messages and, unless `kind` is given, for
// detecting the kind (then the first comment line is tried).
VectorFile ParseVectors(std::istream& in, const std::string& display_name,
                        std::optional<VectorKind> kind = std::nullopt);

}  // namespace zkacc
