// SPDX-License-Identifier: Apache-2.0
//
// Test-vector parser. One line reader (comments, line numbers, strict single-space splitting)
// and one set of typed field readers are shared by every file kind; the per-kind functions
// only state their record layouts. See vectors.h for what is accepted and rejected.
#include "zkacc/vectors.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

namespace zkacc {

VectorError::VectorError(const std::string& file, size_t line, const std::string& what)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + what),
      file_(file),
      line_(line),
      what_wrong_(what) {}

const char* VectorKindName(VectorKind kind) {
  switch (kind) {
    case VectorKind::kFqOps:
      return "fq_ops";
    case VectorKind::kFrOps:
      return "fr_ops";
    case VectorKind::kG1Ops:
      return "g1_ops";
    case VectorKind::kMsmBn254:
      return "msm_bn254";
    case VectorKind::kMsmBls12381:
      return "msm_bls12_381";
    case VectorKind::kNtt:
      return "ntt";
  }
  return "unknown";
}

namespace {

constexpr size_t kMaxCaseSize = size_t{1} << 28;  // the 2-adicity of BN254 Fr; ample for MSM
constexpr size_t kMaxQuoted = 100;                // longest excerpt of input quoted in a message
// Elements reserved ahead per case: a header's n is not trusted with memory before its lines
// are there (a malformed "case 0 268435456 x" must give a VectorError, not a bad_alloc).
constexpr size_t kMaxReserve = size_t{1} << 16;

// `s` quoted for a message: non-printable bytes escaped, long text shortened.
std::string Quote(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "'";
  for (size_t i = 0; i < s.size() && i < kMaxQuoted; ++i) {
    const auto ch = static_cast<unsigned char>(s[i]);
    if (ch >= 0x20 && ch < 0x7f) {
      out.push_back(static_cast<char>(ch));
    } else {
      out += "\\x";
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 0xf]);
    }
  }
  if (s.size() > kMaxQuoted) out += "...";
  return out + "'";
}

// "<digits>.txt" after `prefix` in `name`.
bool MatchesSizedName(std::string_view name, std::string_view prefix) {
  constexpr std::string_view kExt = ".txt";
  if (name.size() <= prefix.size() + kExt.size()) return false;
  if (name.substr(0, prefix.size()) != prefix) return false;
  if (name.substr(name.size() - kExt.size()) != kExt) return false;
  const std::string_view digits =
      name.substr(prefix.size(), name.size() - prefix.size() - kExt.size());
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return false;
  }
  return true;
}

// Reads records: skips comment lines, counts lines, splits on single spaces, and turns every
// problem into a VectorError naming the file and line.
class LineReader {
 public:
  LineReader(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {}

  // The first line of the input (read ahead; Next() still returns it as a record).
  const std::string& PeekFirstLine() {
    if (line_ == 0 && !pending_) pending_ = ReadLine();
    return text_;
  }

  // Advances to the next record, skipping comments. Returns false at the end of the input.
  bool Next() {
    for (;;) {
      if (!pending_ && !ReadLine()) return false;
      pending_ = false;
      if (text_[0] == '#') continue;
      Split();
      return true;
    }
  }

  const std::string& name() const { return name_; }
  size_t line() const { return line_; }
  size_t size() const { return fields_.size(); }
  std::string_view field(size_t i) const { return fields_[i]; }
  std::string_view tag() const { return fields_[0]; }

  [[noreturn]] void Fail(const std::string& what) const { throw VectorError(name_, line_, what); }

  // Checks the field count against `layout`, the record written out ("p x y s").
  void ExpectFields(size_t n, std::string_view layout) const {
    if (fields_.size() != n) {
      Fail("expected " + std::to_string(n) + " fields (" + std::string(layout) + "), got " +
           std::to_string(fields_.size()));
    }
  }

 private:
  bool ReadLine() {
    if (!std::getline(in_, text_)) {
      if (in_.bad()) Fail("read error");
      text_.clear();
      return false;
    }
    ++line_;
    if (!text_.empty() && text_.back() == '\r') {
      Fail("line ends with CR: CRLF line ends are not accepted, vector files use \\n");
    }
    if (text_.empty()) Fail("empty line (vector files have none)");
    return true;
  }

  void Split() {
    fields_.clear();
    const std::string_view text(text_);
    size_t start = 0;
    for (;;) {
      const size_t space = text.find(' ', start);
      const size_t end = space == std::string_view::npos ? text.size() : space;
      if (end == start) {
        if (start == 0) Fail("line starts with a space");
        if (start == text.size()) Fail("line ends with a space");
        Fail("two spaces in a row at column " + std::to_string(start) +
             " (fields are separated by exactly one space)");
      }
      fields_.push_back(text.substr(start, end - start));
      if (space == std::string_view::npos) return;
      start = space + 1;
    }
  }

  std::istream& in_;
  std::string name_;
  std::string text_;
  std::vector<std::string_view> fields_;  // views into text_
  size_t line_ = 0;
  bool pending_ = false;  // text_ holds a line read ahead and not yet returned
};

// ---------------------------------------------------------------------------------------------
// Typed fields. `col` names the column in messages ("x", "a+b", ...).

// A "0x" hex number of exactly 16 * N digits (the fixed width of the format).
template <size_t N>
Limbs<N> HexField(const LineReader& r, size_t i, std::string_view col) {
  constexpr size_t kDigits = 16 * N;
  const std::string_view text = r.field(i);
  if (text.size() < 2 || text[0] != '0' || text[1] != 'x') {
    r.Fail(std::string(col) + ": " + Quote(text) + " does not start with 0x");
  }
  const std::string_view digits = text.substr(2);
  if (digits.size() != kDigits) {
    r.Fail(std::string(col) + ": " + Quote(text) + " has " + std::to_string(digits.size()) +
           " hex digits, expected " + std::to_string(kDigits));
  }
  Limbs<N> out{};
  for (size_t k = 0; k < digits.size(); ++k) {
    const char ch = digits[digits.size() - 1 - k];  // k-th least significant digit
    uint64_t d;
    if (ch >= '0' && ch <= '9') {
      d = static_cast<uint64_t>(ch - '0');
    } else if (ch >= 'a' && ch <= 'f') {
      d = static_cast<uint64_t>(ch - 'a') + 10;
    } else if (ch >= 'A' && ch <= 'F') {
      d = static_cast<uint64_t>(ch - 'A') + 10;
    } else {
      r.Fail(std::string(col) + ": bad hex digit " + Quote(std::string_view(&ch, 1)) + " in " +
             Quote(text));
    }
    out[k / 16] |= d << (4 * (k % 16));
  }
  return out;
}

template <class F>
F FieldElement(const LineReader& r, size_t i, std::string_view col) {
  const auto value = HexField<F::kLimbs>(r, i, col);
  try {
    return F::FromCanonical(value);
  } catch (const FormatError& e) {
    r.Fail(std::string(col) + ": " + std::string(r.field(i)) + ": " + e.what());
  }
}

// A scalar of curve C: canonical and below the group order r.
template <class C>
Scalar ScalarField(const LineReader& r, size_t i, std::string_view col) {
  const Scalar s = HexField<4>(r, i, col);
  if (!detail::Less(s, C::Fr::kModulus)) {
    r.Fail(std::string(col) + ": scalar " + std::string(r.field(i)) + " is not below r of " +
           C::kName + " (" + detail::ToHex(C::Fr::kModulus) + ")");
  }
  return s;
}

// The affine point in fields i, i+1; on the curve or (0, 0).
template <class C>
Affine<C> PointField(const LineReader& r, size_t i, std::string_view col) {
  const std::string x_col = std::string(col) + ".x";
  const std::string y_col = std::string(col) + ".y";
  const Affine<C> p{FieldElement<typename C::Fq>(r, i, x_col),
                    FieldElement<typename C::Fq>(r, i + 1, y_col)};
  if (!p.IsOnCurve()) {
    r.Fail(std::string(col) + ": point (" + std::string(r.field(i)) + ", " +
           std::string(r.field(i + 1)) + ") is not on the " + C::kName + " curve");
  }
  return p;
}

// A decimal count in [min, kMaxCaseSize].
size_t CountField(const LineReader& r, size_t i, std::string_view col, size_t min) {
  const std::string_view text = r.field(i);
  size_t value = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') {
      r.Fail(std::string(col) + ": " + Quote(text) + " is not a decimal number");
    }
    value = value * 10 + static_cast<size_t>(ch - '0');
    if (value > kMaxCaseSize) {
      r.Fail(std::string(col) + ": " + Quote(text) + " exceeds the maximum " +
             std::to_string(kMaxCaseSize));
    }
  }
  if (value < min) {
    r.Fail(std::string(col) + ": " + std::string(text) + " is below " + std::to_string(min));
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Line-per-case files.

template <class F>
std::vector<FieldOpsCase<F>> ParseFieldOps(LineReader& r) {
  std::vector<FieldOpsCase<F>> cases;
  while (r.Next()) {
    r.ExpectFields(6, "a b a+b a-b a*b a^-1");
    FieldOpsCase<F> c;
    c.line = r.line();
    c.a = FieldElement<F>(r, 0, "a");
    c.b = FieldElement<F>(r, 1, "b");
    c.sum = FieldElement<F>(r, 2, "a+b");
    c.diff = FieldElement<F>(r, 3, "a-b");
    c.prod = FieldElement<F>(r, 4, "a*b");
    c.inv = FieldElement<F>(r, 5, "a^-1");
    cases.push_back(c);
  }
  return cases;
}

std::vector<G1OpsCase> ParseG1Ops(LineReader& r) {
  std::vector<G1OpsCase> cases;
  while (r.Next()) {
    r.ExpectFields(11, "Px Py Qx Qy Sx Sy Dx Dy k Kx Ky");
    G1OpsCase c;
    c.line = r.line();
    c.p = PointField<Bn254G1>(r, 0, "P");
    c.q = PointField<Bn254G1>(r, 2, "Q");
    c.sum = PointField<Bn254G1>(r, 4, "S");
    c.dbl = PointField<Bn254G1>(r, 6, "D");
    c.k = ScalarField<Bn254G1>(r, 8, "k");
    c.kp = PointField<Bn254G1>(r, 9, "K");
    cases.push_back(c);
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Block files: "case <id> <n> <tag>", then n records "<record> ...", then (MSM) "r X Y".

struct CaseHeader {
  size_t line = 0;
  size_t id = 0;
  size_t n = 0;
  std::string tag;
};

// Reads the header at the current record. `record` is the tag of the case's lines ("p", "v");
// `prev` the previous case, if any, to explain a surplus record.
CaseHeader ReadCaseHeader(const LineReader& r, size_t expected_id, std::string_view record,
                          const CaseHeader* prev) {
  if (r.tag() != "case") {
    if (prev && r.tag() == record) {
      r.Fail("case " + std::to_string(prev->id) + " has more than " + std::to_string(prev->n) +
             " '" + std::string(record) + "' lines (n = " + std::to_string(prev->n) +
             " in its header)");
    }
    r.Fail("expected a 'case' line, got a line starting with " + Quote(r.tag()));
  }
  r.ExpectFields(4, "case id n tag");
  CaseHeader h;
  h.line = r.line();
  h.id = CountField(r, 1, "case id", 0);
  if (h.id != expected_id) {
    r.Fail("case id " + std::to_string(h.id) + " out of sequence (expected " +
           std::to_string(expected_id) + ")");
  }
  h.n = CountField(r, 2, "case size n", 1);
  h.tag = std::string(r.field(3));
  return h;
}

// Advances to line `i` (0-based) of the `h.n` `record` lines of case `h`, with `fields` fields.
void NextCaseRecord(LineReader& r, const CaseHeader& h, std::string_view record, size_t i,
                    std::string_view layout, size_t fields) {
  const std::string what = "'" + std::string(record) + "' lines";
  if (!r.Next()) {
    r.Fail("file ends inside case " + std::to_string(h.id) + " (expected " + std::to_string(h.n) +
           " " + what + ", got " + std::to_string(i) + ")");
  }
  if (r.tag() != record) {
    if (r.tag() == "case" || r.tag() == "r") {
      r.Fail("case " + std::to_string(h.id) + " ends after " + std::to_string(i) + " " + what +
             ", expected " + std::to_string(h.n) + " (n in its header at line " +
             std::to_string(h.line) + ")");
    }
    r.Fail("expected a '" + std::string(record) + "' line (" + std::to_string(i + 1) + " of " +
           std::to_string(h.n) + " in case " + std::to_string(h.id) +
           "), got a line starting with " + Quote(r.tag()));
  }
  r.ExpectFields(fields, layout);
}

template <class C>
std::vector<MsmCase<C>> ParseMsm(LineReader& r) {
  std::vector<MsmCase<C>> cases;
  while (r.Next()) {
    // A surplus 'p' line is caught before the 'r' line, so no `prev` here.
    const CaseHeader h = ReadCaseHeader(r, cases.size(), "p", nullptr);
    MsmCase<C> c;
    c.line = h.line;
    c.id = h.id;
    c.tag = h.tag;
    c.points.reserve(std::min(h.n, kMaxReserve));
    c.scalars.reserve(std::min(h.n, kMaxReserve));
    for (size_t i = 0; i < h.n; ++i) {
      NextCaseRecord(r, h, "p", i, "p x y s", 4);
      c.points.push_back(PointField<C>(r, 1, "P"));
      c.scalars.push_back(ScalarField<C>(r, 3, "s"));
    }
    if (!r.Next()) {
      r.Fail("file ends inside case " + std::to_string(h.id) + " (missing its 'r' line after " +
             std::to_string(h.n) + " 'p' lines)");
    }
    if (r.tag() != "r") {
      if (r.tag() == "p") {
        r.Fail("case " + std::to_string(h.id) + " has more than " + std::to_string(h.n) +
               " 'p' lines (n = " + std::to_string(h.n) + " in its header at line " +
               std::to_string(h.line) + ")");
      }
      r.Fail("expected the 'r' line of case " + std::to_string(h.id) +
             ", got a line starting with " + Quote(r.tag()));
    }
    r.ExpectFields(3, "r X Y");
    c.result = PointField<C>(r, 1, "result");
    c.result_line = r.line();
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<NttCase> ParseNtt(LineReader& r) {
  std::vector<NttCase> cases;
  CaseHeader h;
  while (r.Next()) {
    h = ReadCaseHeader(r, cases.size(), "v", cases.empty() ? nullptr : &h);
    if ((h.n & (h.n - 1)) != 0) {
      r.Fail("ntt size " + std::to_string(h.n) + " is not a power of two");
    }
    NttCase c;
    c.line = h.line;
    c.id = h.id;
    c.tag = h.tag;
    for (auto* column : {&c.x, &c.ntt, &c.intt, &c.cntt, &c.cintt}) {
      column->reserve(std::min(h.n, kMaxReserve));
    }
    c.lines.reserve(std::min(h.n, kMaxReserve));
    for (size_t i = 0; i < h.n; ++i) {
      NextCaseRecord(r, h, "v", i, "v x NTT INTT CNTT CINTT", 6);
      c.x.push_back(FieldElement<bn254::Fr>(r, 1, "x"));
      c.ntt.push_back(FieldElement<bn254::Fr>(r, 2, "NTT"));
      c.intt.push_back(FieldElement<bn254::Fr>(r, 3, "INTT"));
      c.cntt.push_back(FieldElement<bn254::Fr>(r, 4, "CNTT"));
      c.cintt.push_back(FieldElement<bn254::Fr>(r, 5, "CINTT"));
      c.lines.push_back(r.line());
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

// The kind named in a first line such as "# msm_n7.txt: BN254 ...".
std::optional<VectorKind> KindFromHeader(const std::string& first_line) {
  if (first_line.size() < 3 || first_line.compare(0, 2, "# ") != 0) return std::nullopt;
  const size_t colon = first_line.find(':', 2);
  if (colon == std::string::npos) return std::nullopt;
  return VectorKindFromFileName(std::string_view(first_line).substr(2, colon - 2));
}

}  // namespace

std::optional<VectorKind> VectorKindFromFileName(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name == "fq_ops.txt") return VectorKind::kFqOps;
  if (name == "fr_ops.txt") return VectorKind::kFrOps;
  if (name == "g1_ops.txt") return VectorKind::kG1Ops;
  if (MatchesSizedName(name, "msm_n")) return VectorKind::kMsmBn254;
  if (MatchesSizedName(name, "bls12_381_msm_n")) return VectorKind::kMsmBls12381;
  if (MatchesSizedName(name, "ntt_n")) return VectorKind::kNtt;
  return std::nullopt;
}

size_t VectorFile::NumCases() const {
  return std::visit([](const auto& v) { return v.size(); }, cases);
}

VectorFile ParseVectors(std::istream& in, const std::string& display_name,
                        std::optional<VectorKind> kind) {
  LineReader reader(in, display_name);
  if (!kind) kind = VectorKindFromFileName(display_name);
  if (!kind) kind = KindFromHeader(reader.PeekFirstLine());
  if (!kind) {
    throw VectorError(display_name, 0,
                      "cannot tell the kind of vector file from its name or first line "
                      "(expected fq_ops.txt, fr_ops.txt, g1_ops.txt, msm_n<N>.txt, "
                      "bls12_381_msm_n<N>.txt or ntt_n<N>.txt)");
  }
  VectorFile file;
  file.name = display_name;
  file.kind = *kind;
  switch (*kind) {
    case VectorKind::kFqOps:
      file.cases = ParseFieldOps<bn254::Fq>(reader);
      break;
    case VectorKind::kFrOps:
      file.cases = ParseFieldOps<bn254::Fr>(reader);
      break;
    case VectorKind::kG1Ops:
      file.cases = ParseG1Ops(reader);
      break;
    case VectorKind::kMsmBn254:
      file.cases = ParseMsm<Bn254G1>(reader);
      break;
    case VectorKind::kMsmBls12381:
      file.cases = ParseMsm<Bls12381G1>(reader);
      break;
    case VectorKind::kNtt:
      file.cases = ParseNtt(reader);
      break;
  }
  if (file.NumCases() == 0) throw VectorError(display_name, 0, "the file holds no test case");
  return file;
}

VectorFile ParseVectorFile(const std::string& path, std::optional<VectorKind> kind) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw VectorError(path, 0, "is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw VectorError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  return ParseVectors(in, path, kind);
}

}  // namespace zkacc
