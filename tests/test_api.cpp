// SPDX-License-Identifier: Apache-2.0
//
// The public API (zkacc.h, libzkacc.so.0) end to end:
//   - every MSM and NTT file of ../shared/vectors through the C ABI on every engine CMake lists
//     (ZKACC_TEST_ENGINES: "cpu", plus "sim" when the driver is linked; the 2^16 files under
//     the long label);
//   - drop-in layouts: the same MSMs written in each caller's layout (arkworks, gnark-crypto,
//     halo2curves, rapidsnark, ICICLE, a custom one) give the vector file's point, decoded here
//     from each output form independently of the library;
//   - bad calls: the right status and a message naming what was wrong, never a crash or hang;
//     with the driver, a kernel whose ap_done never comes returns ZKACC_ERR_TIMEOUT.
// Expected values come from the vector files (third-party libraries) or are independent
// identities (sums of 0 and infinity, r * P = O).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "zkacc/api.h"
#include "zkacc/curve.h"
#include "zkacc/params.h"
#include "zkacc/vectors.h"
#include "zkacc/zkacc.h"

namespace {

namespace fs = std::filesystem;
using zkacc::Affine;
using zkacc::Bls12381G1;
using zkacc::Bn254G1;
using zkacc::Scalar;

// ---- engines and files -----------------------------------------------------------------------

std::vector<std::string> ExpectedEngines() {
  std::vector<std::string> out;
  std::string cur;
  for (const char c : std::string(ZKACC_TEST_ENGINES) + ",") {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  return out;
}

// Vector files whose base name starts with `prefix` followed by a size ("msm_n" matches
// msm_n7.txt, not bls12_381_msm_n7.txt), with n below or at least 65536 as `long_files` says.
std::vector<std::string> VectorFiles(const std::string& prefix, bool long_files) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(ZKACC_VECTORS_DIR)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.size() < 5 ||
        name.compare(name.size() - 4, 4, ".txt") != 0) {
      continue;
    }
    const std::string digits = name.substr(prefix.size(), name.size() - 4 - prefix.size());
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    if ((std::stoul(digits) >= 65536) == long_files) out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct DeviceCloser {
  void operator()(zkacc_device* d) const { zkacc_device_close(d); }
};
struct BasesFreer {
  void operator()(zkacc_bases* b) const { zkacc_bases_free(b); }
};
using DevicePtr = std::unique_ptr<zkacc_device, DeviceCloser>;
using BasesPtr = std::unique_ptr<zkacc_bases, BasesFreer>;

DevicePtr Open(const std::string& name) {
  zkacc_device* d = nullptr;
  const zkacc_status st = zkacc_device_open(name.c_str(), &d);
  INFO("zkacc_device_open(\"" << name << "\"): " << zkacc_status_string(st) << ": "
                              << zkacc_last_error());
  REQUIRE(st == ZKACC_OK);
  REQUIRE(d != nullptr);
  return DevicePtr(d);
}

template <class C>
constexpr zkacc_curve CurveOf() {
  return std::is_same<C, Bn254G1>::value ? ZKACC_CURVE_BN254 : ZKACC_CURVE_BLS12_381;
}

// ---- the caller-side encoding and decoding (independent of api.cpp) --------------------------

template <class F>
void Put(uint8_t* dst, const F& f, uint32_t repr) {
  const typename F::Repr v = repr == ZKACC_REPR_MONTGOMERY ? f.v : f.ToCanonical();
  std::memcpy(dst, v.data(), F::kBytes);
}
template <class F>
F Get(const uint8_t* src, uint32_t repr) {
  typename F::Repr v;
  std::memcpy(v.data(), src, F::kBytes);
  return repr == ZKACC_REPR_MONTGOMERY ? F::FromMont(v) : F::FromCanonical(v);
}

// Bases in the layout (stride, representation, infinity encoding); filler bytes are 0xA5 so
// that padding and ignored coordinates carry garbage as they may in a caller's memory.
template <class C>
std::vector<uint8_t> EncodeBases(const std::vector<Affine<C>>& points, const zkacc_msm_layout& l) {
  using Fq = typename C::Fq;
  const size_t cb = Fq::kBytes;
  const size_t stride = l.base_stride == 0 ? 2 * cb : l.base_stride;
  std::vector<uint8_t> out(points.size() * stride, 0xA5);
  for (size_t i = 0; i < points.size(); ++i) {
    uint8_t* p = out.data() + i * stride;
    if (l.infinity == ZKACC_INFINITY_FLAG) {
      p[l.infinity_offset] = points[i].IsInfinity() ? 1 : 0;
      if (points[i].IsInfinity()) continue;  // coordinates ignored: leave the filler
    }
    Put(p, points[i].x, l.base_repr);
    Put(p + cb, points[i].y, l.base_repr);
  }
  return out;
}

template <class C>
std::vector<uint8_t> EncodeScalars(const std::vector<Scalar>& s, uint32_t repr) {
  using Fr = typename C::Fr;
  std::vector<uint8_t> out(32 * s.size());
  for (size_t i = 0; i < s.size(); ++i) Put(out.data() + 32 * i, Fr::FromCanonical(s[i]), repr);
  return out;
}

// The affine point an output encodes; checks the documented infinity encoding of each form.
template <class C>
Affine<C> DecodeResult(const uint8_t* out, const zkacc_msm_layout& l) {
  using Fq = typename C::Fq;
  const size_t cb = Fq::kBytes;
  const uint32_t r = l.output_repr;
  const Fq x = Get<Fq>(out, r), y = Get<Fq>(out + cb, r);
  switch (l.output_form) {
    case ZKACC_FORM_AFFINE:
      return Affine<C>{x, y};
    case ZKACC_FORM_JACOBIAN: {
      const Fq z = Get<Fq>(out + 2 * cb, r);
      if (z.IsZero()) {
        CHECK((x == Fq::One() && y == Fq::One()));  // (1, 1, 0)
        return Affine<C>::Infinity();
      }
      const Fq zi = z.Inverse();
      return Affine<C>{x * zi.Square(), y * zi.Square() * zi};
    }
    case ZKACC_FORM_PROJECTIVE: {
      const Fq z = Get<Fq>(out + 2 * cb, r);
      if (z.IsZero()) {
        CHECK((x.IsZero() && y == Fq::One()));  // (0, 1, 0)
        return Affine<C>::Infinity();
      }
      const Fq zi = z.Inverse();
      return Affine<C>{x * zi, y * zi};
    }
    case ZKACC_FORM_XYZZ: {
      const Fq zz = Get<Fq>(out + 2 * cb, r), zzz = Get<Fq>(out + 3 * cb, r);
      if (zz.IsZero()) {
        CHECK((x == Fq::One() && y == Fq::One() && zzz.IsZero()));  // (1, 1, 0, 0)
        return Affine<C>::Infinity();
      }
      CHECK(zz.Square() * zz == zzz.Square());
      return Affine<C>{x * zz.Inverse(), y * zzz.Inverse()};
    }
  }
  FAIL("unknown output form");
  return Affine<C>{};
}

std::string Hex(const zkacc::bn254::Fq& f) { return f.ToHex(); }
std::string Hex(const zkacc::bls12_381::Fq& f) { return f.ToHex(); }

// ---- vector files through the C ABI ------------------------------------------------------

// The engine cannot run this curve (a BN254 kernel asked for BLS12-381): the documented
// refusal, with the kernel's curve in the message.
bool IsCurveRefusal(zkacc_status st) {
  const std::string msg = zkacc_last_error();
  return (st == ZKACC_ERR_UNSUPPORTED || st == ZKACC_ERR_INVALID_ARGUMENT) &&
         (msg.find("bn254") != std::string::npos || msg.find("BN254") != std::string::npos);
}

template <class C>
void CheckMsmFile(const std::string& path, const std::string& engine) {
  const zkacc::VectorFile file = zkacc::ParseVectorFile(path);
  const auto& cases = file.Cases<zkacc::MsmCase<C>>();
  REQUIRE(!cases.empty());
  const DevicePtr dev = Open(engine);
  zkacc_msm_layout l;
  REQUIRE(zkacc_layout_preset(ZKACC_PRESET_ZKACC, CurveOf<C>(), &l) == ZKACC_OK);
  l.output_repr = ZKACC_REPR_CANONICAL;
  size_t checked = 0;
  for (const auto& c : cases) {
    INFO(path << ":" << c.line << " case " << c.id << " (" << c.tag << ") on " << engine);
    // Affine<C> in memory is the native layout: two Montgomery coordinates, (0, 0) infinity.
    zkacc_bases* raw = nullptr;
    zkacc_status st =
        zkacc_bases_upload(dev.get(), CurveOf<C>(), c.points.data(), c.points.size(), &l, &raw);
    if (engine != "cpu" && std::is_same<C, Bls12381G1>::value && IsCurveRefusal(st)) {
      continue;  // checked below: then every case must have been refused
    }
    INFO(zkacc_status_string(st) << ": " << zkacc_last_error());
    REQUIRE(st == ZKACC_OK);
    const BasesPtr bases(raw);
    uint8_t out[2 * 48];
    zkacc_op_stats stats{};
    st = zkacc_msm(dev.get(), bases.get(), 0, c.scalars.data(), c.scalars.size(), &l, out,
                   sizeof out, &stats);
    if (engine != "cpu" && std::is_same<C, Bls12381G1>::value && IsCurveRefusal(st)) continue;
    INFO(zkacc_status_string(st) << ": " << zkacc_last_error());
    REQUIRE(st == ZKACC_OK);
    const Affine<C> got = DecodeResult<C>(out, l);
    INFO("expected (" << Hex(c.result.x) << ", " << Hex(c.result.y) << "), got (" << Hex(got.x)
                      << ", " << Hex(got.y) << ")");
    CHECK(got == c.result);
    CHECK(stats.wall_seconds >= 0);
    CHECK(stats.has_cycles == (engine == "cpu" ? 0 : stats.has_cycles));
    ++checked;
  }
  if (engine == "cpu" || std::is_same<C, Bn254G1>::value) CHECK(checked == cases.size());
}

void CheckNttFile(const std::string& path, const std::string& engine) {
  using Fr = zkacc::bn254::Fr;
  const zkacc::VectorFile file = zkacc::ParseVectorFile(path);
  const auto& cases = file.Cases<zkacc::NttCase>();
  REQUIRE(!cases.empty());
  const size_t n = cases[0].size();
  const size_t batch = cases.size();  // every case of the file in one batched call
  const DevicePtr dev = Open(engine);
  const struct {
    zkacc_ntt_kind kind;
    std::vector<Fr> zkacc::NttCase::*expected;
    const char* name;
  } kinds[] = {{ZKACC_NTT_FORWARD, &zkacc::NttCase::ntt, "forward"},
               {ZKACC_NTT_INVERSE, &zkacc::NttCase::intt, "inverse"},
               {ZKACC_NTT_COSET_FORWARD, &zkacc::NttCase::cntt, "coset forward"},
               {ZKACC_NTT_COSET_INVERSE, &zkacc::NttCase::cintt, "coset inverse"}};
  for (const auto& k : kinds) {
    for (const zkacc_repr repr : {ZKACC_REPR_CANONICAL, ZKACC_REPR_MONTGOMERY}) {
      INFO(path << " " << k.name << " n=" << n << " batch=" << batch << " on " << engine
                << (repr == ZKACC_REPR_CANONICAL ? " (canonical)" : " (Montgomery)"));
      std::vector<uint8_t> data(32 * n * batch);
      for (size_t b = 0; b < batch; ++b) {
        REQUIRE(cases[b].size() == n);
        for (size_t j = 0; j < n; ++j) Put(data.data() + 32 * (b * n + j), cases[b].x[j], repr);
      }
      zkacc_op_stats stats{};
      const zkacc_status st = zkacc_ntt(dev.get(), ZKACC_CURVE_BN254, k.kind, data.data(), n, batch,
                                        repr, data.size(), &stats);
      INFO(zkacc_status_string(st) << ": " << zkacc_last_error());
      REQUIRE(st == ZKACC_OK);
      size_t wrong = 0;
      for (size_t b = 0; b < batch; ++b) {
        for (size_t j = 0; j < n; ++j) {
          const Fr got = Get<Fr>(data.data() + 32 * (b * n + j), repr);
          const Fr& want = (cases[b].*k.expected)[j];
          if (got != want && wrong++ == 0) {
            FAIL_CHECK("case " << cases[b].id << " line " << cases[b].lines[j] << ": expected "
                               << want.ToHex() << ", got " << got.ToHex());
          }
        }
      }
      CHECK(wrong == 0);
      if (engine != "cpu") break;  // both representations on cpu; devices: canonical only
    }
  }
}

}  // namespace

TEST_CASE("api: every engine CMake lists is registered (sim must not be skipped)", "[api]") {
  const std::vector<std::string> got = zkacc::api::EngineNames();
  for (const std::string& e : ExpectedEngines()) {
    INFO("engine " << e
                   << " expected by CMake (ZKACC_TEST_ENGINES = " ZKACC_TEST_ENGINES
                      "); registered: "
                   << got.size());
    CHECK(std::find(got.begin(), got.end(), e) != got.end());
  }
  CHECK(std::find(got.begin(), got.end(), "cpu") != got.end());
}

TEST_CASE("api: version, status strings, engine names", "[api]") {
  CHECK(zkacc_abi_version() == ZKACC_ABI_VERSION);
  CHECK((zkacc_abi_version() >> 16) == ZKACC_ABI_VERSION_MAJOR);
  CHECK(std::string(zkacc_version_string()).find("ABI 0.1") != std::string::npos);
  CHECK(std::string(zkacc_status_string(ZKACC_ERR_TIMEOUT)) == "ZKACC_ERR_TIMEOUT");
  CHECK(std::string(zkacc_status_string(999)) == "ZKACC_ERR_UNKNOWN_STATUS");
  char small[2];
  size_t need = 0;
  CHECK(zkacc_engine_names(small, sizeof small, &need) == ZKACC_ERR_BUFFER_TOO_SMALL);
  CHECK(need >= 4);  // "cpu" + NUL
}

// One test case per (engine, file group), so each shows in ctest with its own time.
namespace {

void BnMsmFiles(const std::string& engine) {
  const std::vector<std::string> files = VectorFiles("msm_n", false);
  REQUIRE(files.size() >= 7);  // n = 1, 2, 3, 7, 64, 1000, 4096
  for (const std::string& f : files) CheckMsmFile<Bn254G1>(f, engine);
}
void BlsMsmFiles(const std::string& engine) {
  const std::vector<std::string> files = VectorFiles("bls12_381_msm_n", false);
  REQUIRE(files.size() >= 3);  // n = 1, 64, 1000
  for (const std::string& f : files) CheckMsmFile<Bls12381G1>(f, engine);
}
void NttFiles(const std::string& engine) {
  const std::vector<std::string> files = VectorFiles("ntt_n", false);
  REQUIRE(files.size() >= 12);  // n = 2 .. 4096
  for (const std::string& f : files) CheckNttFile(f, engine);
}
void LongFiles(const std::string& engine) {
  const std::vector<std::string> msm = VectorFiles("msm_n", true);
  const std::vector<std::string> ntt = VectorFiles("ntt_n", true);
  REQUIRE(msm.size() + ntt.size() >= 2);  // msm_n65536, ntt_n65536
  for (const std::string& f : msm) CheckMsmFile<Bn254G1>(f, engine);
  for (const std::string& f : ntt) CheckNttFile(f, engine);
}

}  // namespace

TEST_CASE("api: BN254 MSM vector files through the C ABI on cpu", "[api][vectors]") {
  BnMsmFiles("cpu");
}
TEST_CASE("api: BLS12-381 MSM vector files through the C ABI on cpu", "[api][vectors]") {
  BlsMsmFiles("cpu");
}
TEST_CASE("api: NTT vector files (batched, 4 kinds) through the C ABI on cpu", "[api][vectors]") {
  NttFiles("cpu");
}
TEST_CASE("api: 2^16 MSM and NTT vector files through the C ABI on cpu", "[api][vectors][long]") {
  LongFiles("cpu");
}

#ifdef ZKACC_HAVE_DRIVER  // "sim" is in ZKACC_TEST_ENGINES: the RTL kernel under Verilator
TEST_CASE("api: BN254 MSM vector files through the C ABI on sim", "[api][vectors][sim]") {
  BnMsmFiles("sim");
}
TEST_CASE("api: BLS12-381 MSM vector files on sim: the BN254 kernel refuses them",
          "[api][vectors][sim]") {
  BlsMsmFiles("sim");
}
TEST_CASE("api: NTT vector files (batched, 4 kinds) through the C ABI on sim",
          "[api][vectors][sim]") {
  NttFiles("sim");
}
TEST_CASE("api: 2^16 MSM and NTT vector files through the C ABI on sim",
          "[api][vectors][sim][long]") {
  LongFiles("sim");
}
#endif

// ---- drop-in layouts ---------------------------------------------------------------------

namespace {

struct NamedLayout {
  std::string name;
  zkacc_msm_layout layout;
};

template <class C>
std::vector<NamedLayout> CallerLayouts() {
  const zkacc_curve curve = CurveOf<C>();
  std::vector<NamedLayout> out;
  const struct {
    zkacc_preset p;
    const char* name;
  } presets[] = {{ZKACC_PRESET_ZKACC, "zkacc"},           {ZKACC_PRESET_ARKWORKS, "arkworks"},
                 {ZKACC_PRESET_GNARK, "gnark-crypto"},    {ZKACC_PRESET_HALO2CURVES, "halo2curves"},
                 {ZKACC_PRESET_RAPIDSNARK, "rapidsnark"}, {ZKACC_PRESET_ICICLE, "ICICLE"}};
  for (const auto& p : presets) {
    NamedLayout nl{p.name, {}};
    REQUIRE(zkacc_layout_preset(p.p, curve, &nl.layout) == ZKACC_OK);
    out.push_back(nl);
  }
  // A custom layout: canonical everything, 16 bytes of padding, the flag in the middle of it,
  // XYZZ output in canonical coordinates.
  NamedLayout custom{"custom", {}};
  custom.layout.struct_size = sizeof(zkacc_msm_layout);
  custom.layout.scalar_repr = ZKACC_REPR_MONTGOMERY;
  custom.layout.base_repr = ZKACC_REPR_CANONICAL;
  custom.layout.base_stride = 2 * zkacc_coordinate_bytes(curve) + 16;
  custom.layout.infinity = ZKACC_INFINITY_FLAG;
  custom.layout.infinity_offset = 2 * zkacc_coordinate_bytes(curve) + 7;
  custom.layout.output_form = ZKACC_FORM_XYZZ;
  custom.layout.output_repr = ZKACC_REPR_CANONICAL;
  out.push_back(custom);
  return out;
}

template <class C>
void CheckLayouts(const std::string& path) {
  const zkacc::VectorFile file = zkacc::ParseVectorFile(path);
  const DevicePtr dev = Open("cpu");
  const zkacc_curve curve = CurveOf<C>();
  for (const NamedLayout& nl : CallerLayouts<C>()) {
    const zkacc_msm_layout& l = nl.layout;
    for (const auto& c : file.Cases<zkacc::MsmCase<C>>()) {
      INFO(nl.name << " layout, " << path << ":" << c.line << " case " << c.id << " (" << c.tag
                   << ")");
      // One extra base at infinity with a non-zero scalar: the sum must not change.
      std::vector<Affine<C>> points = c.points;
      std::vector<Scalar> scalars = c.scalars;
      points.push_back(Affine<C>::Infinity());
      scalars.push_back(Scalar{12345, 0, 0, 0});
      const std::vector<uint8_t> b = EncodeBases(points, l);
      const std::vector<uint8_t> s = EncodeScalars<C>(scalars, l.scalar_repr);
      zkacc_bases* raw = nullptr;
      zkacc_status st = zkacc_bases_upload(dev.get(), curve, b.data(), points.size(), &l, &raw);
      INFO(zkacc_status_string(st) << ": " << zkacc_last_error());
      REQUIRE(st == ZKACC_OK);
      const BasesPtr bases(raw);
      std::vector<uint8_t> out(zkacc_msm_result_bytes(curve, &l), 0x5A);
      REQUIRE(out.size() >= 2 * zkacc_coordinate_bytes(curve));
      st = zkacc_msm(dev.get(), bases.get(), 0, s.data(), points.size(), &l, out.data(), out.size(),
                     nullptr);
      INFO(zkacc_status_string(st) << ": " << zkacc_last_error());
      REQUIRE(st == ZKACC_OK);
      const Affine<C> got = DecodeResult<C>(out.data(), l);
      INFO("expected (" << Hex(c.result.x) << ", " << Hex(c.result.y) << "), got (" << Hex(got.x)
                        << ", " << Hex(got.y) << ")");
      CHECK(got == c.result);
    }
  }
}

}  // namespace

TEST_CASE("api: presets follow the callers' structs (stride, representation, result form)",
          "[api][layout]") {
  zkacc_msm_layout l;
  REQUIRE(zkacc_layout_preset(ZKACC_PRESET_ARKWORKS, ZKACC_CURVE_BN254, &l) == ZKACC_OK);
  CHECK(l.base_stride == 72);  // Affine { x: Fq (32), y: Fq (32), infinity: bool } aligned to 8
  CHECK(l.infinity == ZKACC_INFINITY_FLAG);
  CHECK(l.infinity_offset == 64);
  CHECK(l.output_form == ZKACC_FORM_JACOBIAN);
  CHECK(l.scalar_repr == ZKACC_REPR_MONTGOMERY);
  REQUIRE(zkacc_layout_preset(ZKACC_PRESET_ARKWORKS, ZKACC_CURVE_BLS12_381, &l) == ZKACC_OK);
  CHECK(l.base_stride == 104);  // 48 + 48 + 1 -> 104
  REQUIRE(zkacc_layout_preset(ZKACC_PRESET_GNARK, ZKACC_CURVE_BN254, &l) == ZKACC_OK);
  CHECK(l.base_stride == 64);
  CHECK(l.infinity == ZKACC_INFINITY_ZERO);
  REQUIRE(zkacc_layout_preset(ZKACC_PRESET_RAPIDSNARK, ZKACC_CURVE_BN254, &l) == ZKACC_OK);
  CHECK(l.scalar_repr == ZKACC_REPR_CANONICAL);
  CHECK(l.output_form == ZKACC_FORM_XYZZ);
  CHECK(zkacc_msm_result_bytes(ZKACC_CURVE_BN254, &l) == 128);
  REQUIRE(zkacc_layout_preset(ZKACC_PRESET_HALO2CURVES, ZKACC_CURVE_BN254, &l) == ZKACC_OK);
  CHECK(l.output_form == ZKACC_FORM_PROJECTIVE);
  REQUIRE(zkacc_layout_preset(ZKACC_PRESET_ICICLE, ZKACC_CURVE_BLS12_381, &l) == ZKACC_OK);
  CHECK(l.base_repr == ZKACC_REPR_CANONICAL);
  CHECK(zkacc_msm_result_bytes(ZKACC_CURVE_BLS12_381, &l) == 144);
  CHECK(zkacc_layout_preset(42, ZKACC_CURVE_BN254, &l) == ZKACC_ERR_INVALID_ARGUMENT);
}

TEST_CASE("api: the same BN254 MSMs in every caller's layout give the file's points",
          "[api][layout]") {
  CheckLayouts<Bn254G1>(std::string(ZKACC_VECTORS_DIR) + "/msm_n7.txt");
  CheckLayouts<Bn254G1>(std::string(ZKACC_VECTORS_DIR) + "/msm_n64.txt");
}

TEST_CASE("api: the same BLS12-381 MSMs in every caller's layout give the file's points",
          "[api][layout]") {
  CheckLayouts<Bls12381G1>(std::string(ZKACC_VECTORS_DIR) + "/bls12_381_msm_n64.txt");
}

TEST_CASE("api: batched MSMs over shared bases with an offset equal single MSMs", "[api][msm]") {
  const zkacc::VectorFile file =
      zkacc::ParseVectorFile(std::string(ZKACC_VECTORS_DIR) + "/msm_n64.txt");
  const auto& cases = file.Cases<zkacc::MsmCase<Bn254G1>>();
  REQUIRE(cases.size() >= 3);
  // Bases: 5 other points, then case 0's points; MSM j of the batch reads bases [5, 5 + n) with
  // case 0's scalars for even j and zero scalars for odd j (expected: infinity).
  for (const std::string& engine : ExpectedEngines()) {
    const auto& c = cases[0];
    std::vector<Affine<Bn254G1>> pts(cases[1].points.begin(), cases[1].points.begin() + 5);
    pts.insert(pts.end(), c.points.begin(), c.points.end());
    zkacc_msm_layout l;
    REQUIRE(zkacc_layout_preset(ZKACC_PRESET_ZKACC, ZKACC_CURVE_BN254, &l) == ZKACC_OK);
    l.output_repr = ZKACC_REPR_CANONICAL;
    zkacc::api::Device d(engine);
    zkacc::api::Bases bases = d.UploadBases(ZKACC_CURVE_BN254, pts.data(), pts.size(), l);
    const size_t n = c.points.size(), batch = 4;
    std::vector<Scalar> s(n * batch, Scalar{0, 0, 0, 0});
    for (size_t j = 0; j < batch; j += 2)
      std::copy(c.scalars.begin(), c.scalars.end(), s.begin() + j * n);
    zkacc_op_stats stats{};
    const std::vector<uint8_t> out = d.MsmBatch(bases, 5, s.data(), n, batch, l, &stats);
    REQUIRE(out.size() == batch * 64);
    for (size_t j = 0; j < batch; ++j) {
      INFO("MSM " << j << " of the batch on " << engine);
      const Affine<Bn254G1> got = DecodeResult<Bn254G1>(out.data() + 64 * j, l);
      CHECK(got == (j % 2 == 0 ? c.result : Affine<Bn254G1>::Infinity()));
    }
    CHECK(stats.wall_seconds >= 0);
  }
}

TEST_CASE("api: lookup multiplicities and the fused matmul on every engine equal cpu's",
          "[api][quant]") {
  std::mt19937_64 rng(7);
  std::vector<uint32_t> idx(5000);
  for (auto& v : idx) v = static_cast<uint32_t>(rng() % 300);
  idx[0] = 299;
  // Counted here, by a second method (sorting), independently of the library.
  std::vector<uint32_t> sorted = idx, expected(300, 0);
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    expected[sorted[i]] = static_cast<uint32_t>(j - i);
    i = j;
  }
  zkacc_matmul_params p{};
  p.batch = 4;
  p.k = 40;
  p.n = 8;
  p.scale = 30;
  p.shift = 14;
  p.offset = 128;
  p.idx_max = 255;
  std::vector<int8_t> w(p.n * p.k), x(p.batch * p.k);
  for (auto& v : w) v = static_cast<int8_t>(rng());
  for (auto& v : x) v = static_cast<int8_t>(rng());
  std::vector<int32_t> bias(p.n);
  for (auto& b : bias) b = static_cast<int32_t>(rng() % 2001) - 1000;
  const std::vector<int8_t> table = zkacc::api::ActivationTable(ZKACC_TABLE_GELU, 256, 128);
  for (const std::string& engine : ExpectedEngines()) {
    INFO("engine " << engine);
    zkacc::api::Device d(engine);
    CHECK(d.LookupMultiplicities(idx, 300) == expected);
    const zkacc::api::MatmulResult r = d.Matmul(p, w.data(), x.data(), bias.data(), table.data());
    // acc by the definition, computed here; idx by quant.h's formula; act = table[idx].
    std::vector<uint32_t> counts(256, 0);
    for (size_t v = 0; v < p.batch; ++v) {
      for (size_t o = 0; o < p.n; ++o) {
        int64_t acc = bias[o];
        for (size_t k = 0; k < p.k; ++k) acc += int64_t{w[o * p.k + k]} * x[v * p.k + k];
        CHECK(r.acc[v * p.n + o] == acc);
        const int64_t q = ((acc * p.scale + (int64_t{1} << (p.shift - 1))) >> p.shift) + p.offset;
        const uint32_t i = static_cast<uint32_t>(std::clamp<int64_t>(q, 0, p.idx_max));
        CHECK(r.idx[v * p.n + o] == i);
        CHECK(r.act[v * p.n + o] == table[i]);
        ++counts[i];
      }
    }
    CHECK(r.counts == counts);
  }
}

// ---- bad calls -------------------------------------------------------------------------------

namespace {

// The status, and a last-error message that contains `needle` (names what was wrong).
void ExpectError(zkacc_status got, zkacc_status want, const std::string& needle) {
  const std::string msg = zkacc_last_error();
  INFO("status " << zkacc_status_string(got) << ", last error: " << msg);
  CHECK(got == want);
  CHECK(msg.find(needle) != std::string::npos);
}

}  // namespace

TEST_CASE("api: bad calls return their status and a message naming what was wrong", "[api][bad]") {
  zkacc_device* raw_dev = nullptr;
  ExpectError(zkacc_device_open(nullptr, &raw_dev), ZKACC_ERR_NULL_POINTER, "name is NULL");
  ExpectError(zkacc_device_open("cpu", nullptr), ZKACC_ERR_NULL_POINTER, "out is NULL");
  ExpectError(zkacc_device_open("gpu:0", &raw_dev), ZKACC_ERR_UNKNOWN_DEVICE,
              "registered engines: ");
  CHECK(raw_dev == nullptr);
  ExpectError(zkacc_device_open("cpu:fast", &raw_dev), ZKACC_ERR_INVALID_ARGUMENT,
              "takes no options");

  const DevicePtr dev = Open("cpu");
  const Affine<Bn254G1> g = Affine<Bn254G1>::Generator();
  const std::vector<Affine<Bn254G1>> pts = {g, g};
  zkacc_msm_layout l;
  REQUIRE(zkacc_layout_preset(ZKACC_PRESET_ZKACC, ZKACC_CURVE_BN254, &l) == ZKACC_OK);
  zkacc_bases* raw = nullptr;

  SECTION("bases upload") {
    ExpectError(zkacc_bases_upload(nullptr, ZKACC_CURVE_BN254, pts.data(), 2, &l, &raw),
                ZKACC_ERR_NULL_POINTER, "zkacc_bases_upload: dev is NULL");
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, nullptr, 2, &l, &raw),
                ZKACC_ERR_NULL_POINTER, "points is NULL");
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, pts.data(), 2, &l, nullptr),
                ZKACC_ERR_NULL_POINTER, "out is NULL");
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, pts.data(), 0, &l, &raw),
                ZKACC_ERR_INVALID_SIZE, "n = 0");
    ExpectError(zkacc_bases_upload(dev.get(), 7, pts.data(), 2, &l, &raw), ZKACC_ERR_UNSUPPORTED,
                "curve 7 is not supported");
    zkacc_msm_layout small = l;
    small.base_stride = 40;
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, pts.data(), 2, &small, &raw),
                ZKACC_ERR_BAD_LAYOUT, "base_stride = 40 bytes is smaller than a bn254");
    zkacc_msm_layout flag = l;
    flag.infinity = ZKACC_INFINITY_FLAG;
    flag.base_stride = 72;
    flag.infinity_offset = 10;
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, pts.data(), 2, &flag, &raw),
                ZKACC_ERR_BAD_LAYOUT, "infinity_offset = 10");
    zkacc_msm_layout bad_repr = l;
    bad_repr.base_repr = 9;
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, pts.data(), 2, &bad_repr, &raw),
                ZKACC_ERR_INVALID_ARGUMENT, "base_repr = 9");
    zkacc_msm_layout old = l;
    old.struct_size = 0;
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, pts.data(), 2, &old, &raw),
                ZKACC_ERR_INVALID_ARGUMENT, "struct_size");
    CHECK(raw == nullptr);
  }

  SECTION("points not on the curve, coordinates >= p, BLS12-381 outside the subgroup") {
    std::vector<Affine<Bn254G1>> bad = pts;
    bad[1].y = bad[1].y + zkacc::bn254::Fq::One();  // (1, 3): 9 != 1 + 3
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, bad.data(), 2, &l, &raw),
                ZKACC_ERR_NOT_ON_CURVE, "base 1 (");
    // (0, 0) is a point to check, not infinity, when the layout uses a flag.
    zkacc_msm_layout flag;
    REQUIRE(zkacc_layout_preset(ZKACC_PRESET_ARKWORKS, ZKACC_CURVE_BN254, &flag) == ZKACC_OK);
    std::vector<uint8_t> ark(72, 0);
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, ark.data(), 1, &flag, &raw),
                ZKACC_ERR_NOT_ON_CURVE, "not infinity in the flag encoding");
    std::vector<uint8_t> big(64, 0xff);
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, big.data(), 1, &l, &raw),
                ZKACC_ERR_OUT_OF_RANGE, "base 0 x = 0xffff");
    // A BLS12-381 curve point outside G1: the smallest x with x^3 + 4 a square, y by
    // a^((p+1)/4) (p = 3 mod 4). The cofactor is ~2^126, so it is not in the subgroup.
    using Fq = zkacc::bls12_381::Fq;
    zkacc::Limbs<6> e = Fq::kModulus;
    e[0] += 1;  // p + 1 (no carry: the low limb is odd, not all ones)
    for (size_t i = 0; i < 6; ++i) e[i] = (e[i] >> 2) | (i + 1 < 6 ? e[i + 1] << 62 : 0);
    Affine<Bls12381G1> q;
    for (uint64_t x = 1;; ++x) {
      const Fq fx = Fq::FromU64(x);
      const Fq rhs = fx.Square() * fx + Fq::FromU64(4);
      const Fq y = rhs.Pow(e);
      if (y.Square() == rhs) {
        q = Affine<Bls12381G1>{fx, y};
        break;
      }
    }
    REQUIRE(q.IsOnCurve());
    zkacc_msm_layout bls;
    REQUIRE(zkacc_layout_preset(ZKACC_PRESET_ZKACC, ZKACC_CURVE_BLS12_381, &bls) == ZKACC_OK);
    ExpectError(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BLS12_381, &q, 1, &bls, &raw),
                ZKACC_ERR_NOT_IN_SUBGROUP, "not in the prime-order subgroup");
    CHECK(raw == nullptr);
    // The generator is in the subgroup.
    const Affine<Bls12381G1> g2 = Affine<Bls12381G1>::Generator();
    REQUIRE(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BLS12_381, &g2, 1, &bls, &raw) == ZKACC_OK);
    zkacc_bases_free(raw);
  }

  SECTION("msm") {
    REQUIRE(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, pts.data(), 2, &l, &raw) == ZKACC_OK);
    const BasesPtr bases(raw);
    std::vector<Scalar> s = {Scalar{1, 0, 0, 0}, Scalar{2, 0, 0, 0}};
    uint8_t out[128];
    ExpectError(zkacc_msm(nullptr, bases.get(), 0, s.data(), 2, &l, out, 64, nullptr),
                ZKACC_ERR_NULL_POINTER, "dev is NULL");
    ExpectError(zkacc_msm(dev.get(), nullptr, 0, s.data(), 2, &l, out, 64, nullptr),
                ZKACC_ERR_NULL_POINTER, "bases is NULL");
    ExpectError(zkacc_msm(dev.get(), bases.get(), 0, nullptr, 2, &l, out, 64, nullptr),
                ZKACC_ERR_NULL_POINTER, "scalars is NULL");
    ExpectError(zkacc_msm(dev.get(), bases.get(), 0, s.data(), 2, &l, nullptr, 64, nullptr),
                ZKACC_ERR_NULL_POINTER, "out is NULL");
    ExpectError(zkacc_msm(dev.get(), bases.get(), 0, s.data(), 0, &l, out, 64, nullptr),
                ZKACC_ERR_INVALID_SIZE, "n = 0");
    ExpectError(zkacc_msm(dev.get(), bases.get(), 1, s.data(), 2, &l, out, 64, nullptr),
                ZKACC_ERR_INVALID_SIZE, "exceed the 2 resident bases");
    ExpectError(zkacc_msm(dev.get(), bases.get(), 0, s.data(), 2, &l, out, 63, nullptr),
                ZKACC_ERR_BUFFER_TOO_SMALL, "out_size = 63 bytes");
    zkacc_msm_layout xyzz = l;
    xyzz.output_form = ZKACC_FORM_XYZZ;
    ExpectError(zkacc_msm(dev.get(), bases.get(), 0, s.data(), 2, &xyzz, out, 127, nullptr),
                ZKACC_ERR_BUFFER_TOO_SMALL, "need 128");
    ExpectError(zkacc_msm_batch(dev.get(), bases.get(), 0, s.data(), 1, 2, &l, out, 64, nullptr),
                ZKACC_ERR_BUFFER_TOO_SMALL, "need 128");
    xyzz.output_form = 17;
    ExpectError(zkacc_msm(dev.get(), bases.get(), 0, s.data(), 2, &xyzz, out, 128, nullptr),
                ZKACC_ERR_INVALID_ARGUMENT, "output_form = 17");
    s[1] = zkacc::bn254::Fr::kModulus;  // r itself
    ExpectError(zkacc_msm(dev.get(), bases.get(), 0, s.data(), 2, &l, out, 64, nullptr),
                ZKACC_ERR_OUT_OF_RANGE, "scalar 1 = 0x30644e72");
    // Another device's bases.
    const DevicePtr other = Open("cpu");
    s[1] = Scalar{2, 0, 0, 0};
    ExpectError(zkacc_msm(other.get(), bases.get(), 0, s.data(), 2, &l, out, 64, nullptr),
                ZKACC_ERR_WRONG_DEVICE, "not to \"cpu\"");
    // And the good call still works afterwards: 1 G + 2 G = 3 G.
    l.output_repr = ZKACC_REPR_CANONICAL;
    REQUIRE(zkacc_msm(dev.get(), bases.get(), 0, s.data(), 2, &l, out, 64, nullptr) == ZKACC_OK);
    const auto three = zkacc::bn254::G1Jacobian::FromAffine(g).Mul(zkacc::Limbs<1>{3}).ToAffine();
    CHECK(DecodeResult<Bn254G1>(out, l) == three);
  }

  SECTION("ntt") {
    std::vector<uint8_t> data(32 * 16, 0);
    ExpectError(zkacc_ntt(nullptr, ZKACC_CURVE_BN254, ZKACC_NTT_FORWARD, data.data(), 16, 1,
                          ZKACC_REPR_CANONICAL, data.size(), nullptr),
                ZKACC_ERR_NULL_POINTER, "dev is NULL");
    ExpectError(zkacc_ntt(dev.get(), ZKACC_CURVE_BN254, ZKACC_NTT_FORWARD, nullptr, 16, 1,
                          ZKACC_REPR_CANONICAL, data.size(), nullptr),
                ZKACC_ERR_NULL_POINTER, "data is NULL");
    ExpectError(zkacc_ntt(dev.get(), ZKACC_CURVE_BN254, ZKACC_NTT_FORWARD, data.data(), 12, 1,
                          ZKACC_REPR_CANONICAL, data.size(), nullptr),
                ZKACC_ERR_INVALID_SIZE, "n = 12 is not a power of two");
    ExpectError(zkacc_ntt(dev.get(), ZKACC_CURVE_BN254, ZKACC_NTT_FORWARD, data.data(), 0, 1,
                          ZKACC_REPR_CANONICAL, data.size(), nullptr),
                ZKACC_ERR_INVALID_SIZE, "n = 0");
    ExpectError(zkacc_ntt(dev.get(), ZKACC_CURVE_BN254, ZKACC_NTT_FORWARD, data.data(), 16, 2,
                          ZKACC_REPR_CANONICAL, data.size(), nullptr),
                ZKACC_ERR_BUFFER_TOO_SMALL, "need 1024");
    ExpectError(zkacc_ntt(dev.get(), 3, ZKACC_NTT_FORWARD, data.data(), 16, 1, ZKACC_REPR_CANONICAL,
                          data.size(), nullptr),
                ZKACC_ERR_UNSUPPORTED, "curve 3");
    ExpectError(zkacc_ntt(dev.get(), ZKACC_CURVE_BN254, 4, data.data(), 16, 1, ZKACC_REPR_CANONICAL,
                          data.size(), nullptr),
                ZKACC_ERR_INVALID_ARGUMENT, "kind = 4");
    std::memset(data.data() + 32 * 5, 0xff, 32);
    ExpectError(zkacc_ntt(dev.get(), ZKACC_CURVE_BN254, ZKACC_NTT_FORWARD, data.data(), 16, 1,
                          ZKACC_REPR_CANONICAL, data.size(), nullptr),
                ZKACC_ERR_OUT_OF_RANGE, "element 5 of transform 0");
  }

  SECTION("lookups and matmul") {
    const std::vector<uint32_t> idx = {1, 2, 9};
    std::vector<uint32_t> counts(8);
    ExpectError(zkacc_lookup_multiplicities(dev.get(), idx.data(), 3, counts.data(), 8, nullptr),
                ZKACC_ERR_OUT_OF_RANGE, "indices[2] = 9 is not below entries = 8");
    ExpectError(zkacc_lookup_multiplicities(dev.get(), nullptr, 3, counts.data(), 8, nullptr),
                ZKACC_ERR_NULL_POINTER, "indices is NULL");
    ExpectError(zkacc_lookup_multiplicities(dev.get(), idx.data(), 0, counts.data(), 8, nullptr),
                ZKACC_ERR_INVALID_SIZE, "n = 0");
    zkacc_matmul_params p{};
    p.batch = 1;
    p.k = 0;
    p.n = 1;
    p.scale = 1;
    p.idx_max = 3;
    const int8_t w[1] = {1}, x[1] = {1}, table[4] = {0, 1, 2, 3};
    const int32_t bias[1] = {0};
    int8_t act[1];
    ExpectError(
        zkacc_matmul(dev.get(), &p, w, x, bias, table, nullptr, nullptr, act, nullptr, nullptr),
        ZKACC_ERR_INVALID_SIZE, "k");
    p.k = 1;
    p.shift = 60;
    ExpectError(
        zkacc_matmul(dev.get(), &p, w, x, bias, table, nullptr, nullptr, act, nullptr, nullptr),
        ZKACC_ERR_INVALID_ARGUMENT, "shift");
    p.shift = 0;
    ExpectError(
        zkacc_matmul(dev.get(), &p, w, x, bias, table, nullptr, nullptr, nullptr, nullptr, nullptr),
        ZKACC_ERR_NULL_POINTER, "act is NULL");
    REQUIRE(zkacc_matmul(dev.get(), &p, w, x, bias, table, nullptr, nullptr, act, nullptr,
                         nullptr) == ZKACC_OK);
    CHECK(act[0] == 1);  // acc 1 -> idx 1 -> table[1]
  }

  SECTION("the C++ API throws api::Error with status and message") {
    try {
      zkacc::api::Device d("nope");
      FAIL("opened an unknown device");
    } catch (const zkacc::api::Error& e) {
      CHECK(e.status() == ZKACC_ERR_UNKNOWN_DEVICE);
      CHECK(std::string(e.what()).find("\"nope\"") != std::string::npos);
    }
  }
}

#ifdef ZKACC_HAVE_DRIVER
TEST_CASE("api: a kernel whose ap_done never comes returns ZKACC_ERR_TIMEOUT", "[api][bad]") {
  const DevicePtr dev = Open("sim:hang,timeout_ms=300");
  const Affine<Bn254G1> g = Affine<Bn254G1>::Generator();
  const std::vector<Affine<Bn254G1>> pts = {g, g, g, g};
  zkacc_msm_layout l;
  REQUIRE(zkacc_layout_preset(ZKACC_PRESET_ZKACC, ZKACC_CURVE_BN254, &l) == ZKACC_OK);
  zkacc_bases* raw = nullptr;
  const zkacc_status up = zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, pts.data(), 4, &l, &raw);
  if (up != ZKACC_OK) {  // the upload may already need the kernel
    ExpectError(up, ZKACC_ERR_TIMEOUT, "");
    return;
  }
  const BasesPtr bases(raw);
  const std::vector<Scalar> s(4, Scalar{3, 0, 0, 0});
  uint8_t out[64];
  ExpectError(zkacc_msm(dev.get(), bases.get(), 0, s.data(), 4, &l, out, sizeof out, nullptr),
              ZKACC_ERR_TIMEOUT, "");
  CHECK(std::string(zkacc_last_error()).size() > 10);
  std::vector<uint8_t> data(32 * 8, 0);
  ExpectError(zkacc_ntt(dev.get(), ZKACC_CURVE_BN254, ZKACC_NTT_FORWARD, data.data(), 8, 1,
                        ZKACC_REPR_CANONICAL, data.size(), nullptr),
              ZKACC_ERR_TIMEOUT, "");
}
#endif

TEST_CASE("api: BLS12-381 Fr NTTs on cpu: size 2 by definition, inverse after forward",
          "[api][ntt]") {
  using Fr = zkacc::bls12_381::Fr;
  const DevicePtr dev = Open("cpu");
  // n = 2, w = -1: [a, b] -> [a + b, a - b]; coset (g = 7): [a + 7b, a - 7b].
  const Fr a = Fr::FromU64(11), b = Fr::FromU64(4);
  std::vector<Fr> v = {a, b};
  REQUIRE(zkacc_ntt(dev.get(), ZKACC_CURVE_BLS12_381, ZKACC_NTT_FORWARD, v.data(), 2, 1,
                    ZKACC_REPR_MONTGOMERY, 64, nullptr) == ZKACC_OK);
  CHECK(v[0] == a + b);
  CHECK(v[1] == a - b);
  v = {a, b};
  REQUIRE(zkacc_ntt(dev.get(), ZKACC_CURVE_BLS12_381, ZKACC_NTT_COSET_FORWARD, v.data(), 2, 1,
                    ZKACC_REPR_MONTGOMERY, 64, nullptr) == ZKACC_OK);
  CHECK(v[0] == a + Fr::FromU64(7) * b);
  CHECK(v[1] == a - Fr::FromU64(7) * b);
  // A batch of 3 random transforms of 2^10: coset inverse undoes coset forward.
  std::mt19937_64 rng(3);
  std::vector<Fr> x(3 << 10);
  for (auto& e : x) e = Fr::FromU64(rng());
  std::vector<Fr> y = x;
  REQUIRE(zkacc_ntt(dev.get(), ZKACC_CURVE_BLS12_381, ZKACC_NTT_COSET_FORWARD, y.data(), 1024, 3,
                    ZKACC_REPR_MONTGOMERY, 32 * y.size(), nullptr) == ZKACC_OK);
  CHECK(y != x);
  REQUIRE(zkacc_ntt(dev.get(), ZKACC_CURVE_BLS12_381, ZKACC_NTT_COSET_INVERSE, y.data(), 1024, 3,
                    ZKACC_REPR_MONTGOMERY, 32 * y.size(), nullptr) == ZKACC_OK);
  CHECK(y == x);
}

TEST_CASE("api: a NULL layout is the native one, a zeroed layout all canonical",
          "[api][layout]") {
  const DevicePtr dev = Open("cpu");
  const Affine<Bn254G1> g = Affine<Bn254G1>::Generator();
  const Scalar one{1, 0, 0, 0};
  zkacc_bases* raw = nullptr;
  REQUIRE(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, &g, 1, nullptr, &raw) == ZKACC_OK);
  BasesPtr native(raw);
  uint8_t out[64];
  REQUIRE(zkacc_msm(dev.get(), native.get(), 0, &one, 1, nullptr, out, 64, nullptr) == ZKACC_OK);
  CHECK(std::memcmp(out, &g, 64) == 0);  // Montgomery affine, as Affine<C> holds it
  zkacc_msm_layout zero{};
  zero.struct_size = sizeof zero;
  uint8_t canon[64] = {0};
  canon[0] = 1;   // x = 1
  canon[32] = 2;  // y = 2
  REQUIRE(zkacc_bases_upload(dev.get(), ZKACC_CURVE_BN254, canon, 1, &zero, &raw) == ZKACC_OK);
  BasesPtr plain(raw);
  REQUIRE(zkacc_msm(dev.get(), plain.get(), 0, &one, 1, &zero, out, 64, nullptr) == ZKACC_OK);
  CHECK(std::memcmp(out, canon, 64) == 0);
}
