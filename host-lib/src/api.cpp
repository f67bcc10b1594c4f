// SPDX-License-Identifier: Apache-2.0
//
// The C ABI of zkacc.h (library zkacc_api, libzkacc.so.0) over the engines of engine.h. The C++
// API (api.h) is a header-only layer over these functions, so only the C symbols are exported
// (-fvisibility=hidden; ZKACC_EXPORT marks the API).
//
// Every entry point runs its body in Guard(), which turns exceptions into status codes and sets
// the thread-local last error to "<function>: <what was wrong>". This file owns the conversion
// between the caller's layouts and the engine types (Montgomery Affine<C>, canonical scalars,
// Xyzz<C> results) and all argument validation, so engines see valid inputs only.
//
//   zkacc_device* dev = nullptr;
//   zkacc_status st = zkacc_device_open("sim:ddr", &dev);   // "cpu", "sim[:opts]", "xrt:N"
#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "zkacc/curve.h"
#include "zkacc/engine.h"
#include "zkacc/parallel.h"
#include "zkacc/params.h"
#include "zkacc/quant.h"
#include "zkacc/zkacc.h"
#ifdef ZKACC_HAVE_DRIVER
#include <zkacc/driver/device.h>
#include <zkacc/driver/kernel_engine.h>
#endif

namespace zkacc::api_impl {

// An error with its status; the message names what is wrong (without the function name).
class ApiError : public std::runtime_error {
 public:
  ApiError(zkacc_status status, const std::string& what)
      : std::runtime_error(what), status_(status) {}
  zkacc_status status() const { return status_; }

 private:
  zkacc_status status_;
};

thread_local std::string g_last_error;

template <class Fn>
zkacc_status Guard(const char* function, Fn&& fn) {
  const auto fail = [function](zkacc_status status, const char* what) {
    try {
      g_last_error = std::string(function) + ": " + what;
    } catch (...) {
      g_last_error.clear();
    }
    return status;
  };
  try {
    fn();
    return ZKACC_OK;
  } catch (const ApiError& e) {
    return fail(e.status(), e.what());
#ifdef ZKACC_HAVE_DRIVER
  } catch (const driver::Timeout& e) {
    return fail(ZKACC_ERR_TIMEOUT, e.what());
  } catch (const driver::Error& e) {
    return fail(ZKACC_ERR_DEVICE, e.what());
#endif
  } catch (const Unsupported& e) {
    return fail(ZKACC_ERR_UNSUPPORTED, e.what());
  } catch (const std::bad_alloc&) {
    return fail(ZKACC_ERR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::invalid_argument& e) {
    return fail(ZKACC_ERR_INVALID_ARGUMENT, e.what());
  } catch (const FormatError& e) {
    return fail(ZKACC_ERR_INVALID_ARGUMENT, e.what());
  } catch (const std::exception& e) {
    return fail(ZKACC_ERR_DEVICE, e.what());
  } catch (...) {
    return fail(ZKACC_ERR_INTERNAL, "unknown exception");
  }
}

void Require(const void* p, const char* name) {
  if (p == nullptr) throw ApiError(ZKACC_ERR_NULL_POINTER, std::string(name) + " is NULL");
}

std::string Str(size_t v) { return std::to_string(v); }

// ---------------------------------------------------------------------------------------------
// Devices and bases.

struct DeviceState {
  std::mutex mu;  // one call at a time per device
  std::unique_ptr<Engine> engine;
  std::string name;
};

}  // namespace zkacc::api_impl

struct zkacc_device {
  std::shared_ptr<zkacc::api_impl::DeviceState> state;
};

struct zkacc_bases {
  std::shared_ptr<zkacc::api_impl::DeviceState> state;
  uint64_t handle = 0;
  zkacc_curve curve = ZKACC_CURVE_BN254;
  size_t n = 0;
};

namespace zkacc::api_impl {

void EnsureEngines() {
#ifdef ZKACC_HAVE_DRIVER
  static std::once_flag once;
  std::call_once(once, [] { driver::RegisterKernelEngines(); });
#endif
}

const char* CurveName(zkacc_curve curve) {
  switch (curve) {
    case ZKACC_CURVE_BN254:
      return "bn254";
    case ZKACC_CURVE_BLS12_381:
      return "bls12-381";
  }
  return "?";
}

void CheckCurve(int curve) {
  if (curve != ZKACC_CURVE_BN254 && curve != ZKACC_CURVE_BLS12_381) {
    throw ApiError(ZKACC_ERR_UNSUPPORTED,
                   "curve " + std::to_string(curve) +
                       " is not supported (ZKACC_CURVE_BN254 = 1, ZKACC_CURVE_BLS12_381 = 2)");
  }
}

size_t CoordBytes(zkacc_curve curve) { return curve == ZKACC_CURVE_BN254 ? 32 : 48; }

size_t FormCoords(uint32_t form) {
  switch (form) {
    case ZKACC_FORM_AFFINE:
      return 2;
    case ZKACC_FORM_JACOBIAN:
      return 3;
    case ZKACC_FORM_PROJECTIVE:
      return 3;
    case ZKACC_FORM_XYZZ:
      return 4;
  }
  return 0;
}

void CheckRepr(uint32_t repr, const char* what) {
  if (repr != ZKACC_REPR_CANONICAL && repr != ZKACC_REPR_MONTGOMERY) {
    throw ApiError(ZKACC_ERR_INVALID_ARGUMENT,
                   std::string(what) + " = " + std::to_string(repr) +
                       " is not a representation (ZKACC_REPR_CANONICAL = 0, "
                       "ZKACC_REPR_MONTGOMERY = 1)");
  }
}

// The caller's layout; fields beyond its struct_size read as zero. NULL: the native layout.
zkacc_msm_layout ReadLayout(const zkacc_msm_layout* in) {
  zkacc_msm_layout l{};
  l.struct_size = sizeof(zkacc_msm_layout);
  if (in == nullptr) {
    l.base_repr = ZKACC_REPR_MONTGOMERY;
    l.output_repr = ZKACC_REPR_MONTGOMERY;
    return l;
  }
  if (in->struct_size < offsetof(zkacc_msm_layout, scalar_repr) + sizeof(uint32_t)) {
    throw ApiError(
        ZKACC_ERR_INVALID_ARGUMENT,
        "layout->struct_size = " + Str(in->struct_size) +
            " is too small; set it to sizeof(zkacc_msm_layout) = " + Str(sizeof(zkacc_msm_layout)));
  }
  std::memcpy(&l, in, std::min(in->struct_size, sizeof(zkacc_msm_layout)));
  l.struct_size = sizeof(zkacc_msm_layout);
  CheckRepr(l.scalar_repr, "layout->scalar_repr");
  CheckRepr(l.base_repr, "layout->base_repr");
  CheckRepr(l.output_repr, "layout->output_repr");
  if (FormCoords(l.output_form) == 0) {
    throw ApiError(ZKACC_ERR_INVALID_ARGUMENT,
                   "layout->output_form = " + std::to_string(l.output_form) +
                       " is not a point form (affine 0, Jacobian 1, projective 2, XYZZ 3)");
  }
  if (l.infinity != ZKACC_INFINITY_ZERO && l.infinity != ZKACC_INFINITY_FLAG) {
    throw ApiError(ZKACC_ERR_INVALID_ARGUMENT,
                   "layout->infinity = " + std::to_string(l.infinity) +
                       " is not an encoding (ZKACC_INFINITY_ZERO = 0, ZKACC_INFINITY_FLAG = 1)");
  }
  return l;
}

// Base stride in bytes, checked against the point size and the flag offset.
size_t BaseStride(zkacc_curve curve, const zkacc_msm_layout& l) {
  const size_t point = 2 * CoordBytes(curve);
  const size_t stride =
      l.base_stride == 0 ? (l.infinity == ZKACC_INFINITY_FLAG ? point + 1 : point) : l.base_stride;
  if (stride < point) {
    throw ApiError(ZKACC_ERR_BAD_LAYOUT, "layout->base_stride = " + Str(stride) +
                                             " bytes is smaller than a " + CurveName(curve) +
                                             " affine point (" + Str(point) + " bytes)");
  }
  if (l.infinity == ZKACC_INFINITY_FLAG &&
      (l.infinity_offset < point || l.infinity_offset >= stride)) {
    throw ApiError(ZKACC_ERR_BAD_LAYOUT,
                   "layout->infinity_offset = " + Str(l.infinity_offset) +
                       " must lie after the coordinates and inside the stride: [" + Str(point) +
                       ", " + Str(stride) + ")");
  }
  return stride;
}

template <class F>
typename F::Repr LoadLimbs(const uint8_t* p) {
  typename F::Repr v;
  std::memcpy(v.data(), p, sizeof(v));  // little-endian limbs; unaligned input is fine
  return v;
}

// A field element from memory in `repr`; throws OUT_OF_RANGE when it is not below the modulus.
template <class F>
F LoadField(const uint8_t* p, uint32_t repr, const std::string& what) {
  const typename F::Repr v = LoadLimbs<F>(p);
  if (!detail::Less(v, F::kModulus)) {
    throw ApiError(ZKACC_ERR_OUT_OF_RANGE,
                   what + " = " + detail::ToHex(v) + " is not below the " + F::Parameters::kName +
                       " modulus" + (repr == ZKACC_REPR_MONTGOMERY ? " (Montgomery form)" : ""));
  }
  return repr == ZKACC_REPR_MONTGOMERY ? F::FromMont(v) : F::FromCanonicalUnchecked(v);
}

template <class F>
void StoreField(const F& f, uint32_t repr, uint8_t* out) {
  const typename F::Repr v = repr == ZKACC_REPR_MONTGOMERY ? f.v : f.ToCanonical();
  std::memcpy(out, v.data(), sizeof(v));
}

// r * P == O: membership of an on-curve point in the prime-order subgroup (BLS12-381's G1 has
// cofactor h != 1; BN254's G1 is the whole curve).
template <class C>
bool InSubgroup(const Affine<C>& p) {
  if (p.IsInfinity()) return true;
  return Jacobian<C>::FromAffine(p).Mul(C::Fr::kModulus).IsInfinity();
}

template <class C>
std::vector<Affine<C>> ConvertBases(const uint8_t* in, size_t n, zkacc_curve curve,
                                    const zkacc_msm_layout& l) {
  using Fq = typename C::Fq;
  const size_t stride = BaseStride(curve, l);
  const size_t cb = CoordBytes(curve);
  std::vector<Affine<C>> out(n);
  // Per-chunk first error (the lowest index wins, so the message does not depend on threads).
  constexpr size_t kChunk = 1024;
  const size_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<std::string> errors(chunks);
  std::vector<zkacc_status> codes(chunks, ZKACC_OK);
  const bool subgroup = curve == ZKACC_CURVE_BLS12_381;
  ParallelFor(chunks, 0, [&](size_t c) {
    const size_t end = std::min(n, (c + 1) * kChunk);
    for (size_t i = c * kChunk; i < end; ++i) {
      const uint8_t* p = in + i * stride;
      try {
        const std::string name = "base " + Str(i);
        if (l.infinity == ZKACC_INFINITY_FLAG && p[l.infinity_offset] != 0) {
          out[i] = Affine<C>::Infinity();
          continue;
        }
        const Fq x = LoadField<Fq>(p, l.base_repr, name + " x");
        const Fq y = LoadField<Fq>(p + cb, l.base_repr, name + " y");
        const Affine<C> a{x, y};
        if (l.infinity == ZKACC_INFINITY_ZERO && a.IsInfinity()) {
          out[i] = a;
          continue;
        }
        if (y.Square() != x.Square() * x + Fq::FromU64(C::kB)) {
          throw ApiError(ZKACC_ERR_NOT_ON_CURVE,
                         name + " (" + x.ToHex() + ", " + y.ToHex() + ") is not on the " +
                             C::kName + " curve y^2 = x^3 + " + std::to_string(C::kB) +
                             (l.infinity == ZKACC_INFINITY_FLAG && a.IsInfinity()
                                  ? " ((0, 0) is not infinity in the flag encoding)"
                                  : ""));
        }
        if (subgroup && !InSubgroup(a)) {
          throw ApiError(ZKACC_ERR_NOT_IN_SUBGROUP, name + " (" + x.ToHex() + ", " + y.ToHex() +
                                                        ") is not in the prime-order subgroup "
                                                        "of " +
                                                        C::kName + " G1");
        }
        out[i] = a;
      } catch (const ApiError& e) {
        errors[c] = e.what();
        codes[c] = e.status();
        return;
      }
    }
  });
  for (size_t c = 0; c < chunks; ++c) {
    if (codes[c] != ZKACC_OK) throw ApiError(codes[c], errors[c]);
  }
  return out;
}

// Canonical scalars below r (the curve's Fr), from n x 32 bytes in `repr`.
template <class C>
std::vector<Scalar> ConvertScalars(const uint8_t* in, size_t n, uint32_t repr, size_t first) {
  using Fr = typename C::Fr;
  std::vector<Scalar> out(n);
  for (size_t i = 0; i < n; ++i) {
    Scalar s;
    std::memcpy(s.data(), in + 32 * i, 32);
    if (!detail::Less(s, Fr::kModulus)) {
      throw ApiError(ZKACC_ERR_OUT_OF_RANGE,
                     "scalar " + Str(first + i) + " = " + detail::ToHex(s) + " is not below the " +
                         C::kName + " group order r = " + detail::ToHex(Fr::kModulus) +
                         (repr == ZKACC_REPR_MONTGOMERY ? " (Montgomery form)" : ""));
    }
    out[i] = repr == ZKACC_REPR_MONTGOMERY ? Fr::FromMont(s).ToCanonical() : s;
  }
  return out;
}

template <class C>
void StoreResult(const Xyzz<C>& r, const zkacc_msm_layout& l, uint8_t* out) {
  using Fq = typename C::Fq;
  constexpr size_t cb = Fq::kBytes;
  const uint32_t repr = l.output_repr;
  switch (l.output_form) {
    case ZKACC_FORM_AFFINE: {
      const Affine<C> a = r.ToAffine();  // (0, 0) at infinity
      StoreField(a.x, repr, out);
      StoreField(a.y, repr, out + cb);
      return;
    }
    case ZKACC_FORM_JACOBIAN: {
      const Jacobian<C> j = r.ToJacobian();  // (1, 1, 0) at infinity
      StoreField(j.x, repr, out);
      StoreField(j.y, repr, out + cb);
      StoreField(j.z, repr, out + 2 * cb);
      return;
    }
    case ZKACC_FORM_PROJECTIVE: {
      // Z = ZZ * ZZZ, X = X_xyzz * ZZZ, Y = Y_xyzz * ZZ: X/Z = X/ZZ, Y/Z = Y/ZZZ.
      Fq x = Fq::Zero(), y = Fq::One(), z = Fq::Zero();  // (0, 1, 0) at infinity
      if (!r.IsInfinity()) {
        x = r.x * r.zzz;
        y = r.y * r.zz;
        z = r.zz * r.zzz;
      }
      StoreField(x, repr, out);
      StoreField(y, repr, out + cb);
      StoreField(z, repr, out + 2 * cb);
      return;
    }
    case ZKACC_FORM_XYZZ: {
      const Xyzz<C> v = r.IsInfinity() ? Xyzz<C>::Infinity() : r;  // (1, 1, 0, 0)
      StoreField(v.x, repr, out);
      StoreField(v.y, repr, out + cb);
      StoreField(v.zz, repr, out + 2 * cb);
      StoreField(v.zzz, repr, out + 3 * cb);
      return;
    }
  }
}

void CopyStats(const OpStats& s, zkacc_op_stats* out) {
  if (out == nullptr) return;
  *out = zkacc_op_stats{};
  out->has_cycles = s.has_cycles ? 1 : 0;
  out->cycles = s.cycles;
  out->clock_mhz = s.clock_mhz;
  out->modelled_seconds = s.modelled_seconds;
  out->utilization = s.utilization;
  out->wall_seconds = s.wall_seconds;
  std::strncpy(out->unit, s.unit.c_str(), sizeof(out->unit) - 1);
}

// Totals of a batch: cycles, modelled and wall time summed, utilization weighted by cycles.
void Accumulate(const OpStats& s, OpStats& total, size_t index) {
  if (index == 0) {
    total = s;
    return;
  }
  const double c0 = static_cast<double>(total.cycles), c1 = static_cast<double>(s.cycles);
  total.utilization =
      c0 + c1 > 0 ? (total.utilization * c0 + s.utilization * c1) / (c0 + c1) : total.utilization;
  total.cycles += s.cycles;
  total.modelled_seconds += s.modelled_seconds;
  total.wall_seconds += s.wall_seconds;
  total.has_cycles = total.has_cycles && s.has_cycles;
}

zkacc_msm_layout PresetLayout(int preset, int curve_value) {
  CheckCurve(curve_value);
  const auto curve = static_cast<zkacc_curve>(curve_value);
  const size_t cb = CoordBytes(curve);
  zkacc_msm_layout l{};
  l.struct_size = sizeof(zkacc_msm_layout);
  l.base_repr = ZKACC_REPR_MONTGOMERY;
  l.base_stride = 2 * cb;
  l.infinity = ZKACC_INFINITY_ZERO;
  l.output_repr = ZKACC_REPR_MONTGOMERY;
  switch (preset) {
    case ZKACC_PRESET_ZKACC:
      l.scalar_repr = ZKACC_REPR_CANONICAL;
      l.output_form = ZKACC_FORM_AFFINE;
      break;
    case ZKACC_PRESET_ARKWORKS:  // Affine { x, y, infinity: bool }: 2 cb + 1, padded to 8
      l.scalar_repr = ZKACC_REPR_MONTGOMERY;
      l.base_stride = (2 * cb + 1 + 7) / 8 * 8;
      l.infinity = ZKACC_INFINITY_FLAG;
      l.infinity_offset = 2 * cb;
      l.output_form = ZKACC_FORM_JACOBIAN;
      break;
    case ZKACC_PRESET_GNARK:
      l.scalar_repr = ZKACC_REPR_MONTGOMERY;
      l.output_form = ZKACC_FORM_JACOBIAN;
      break;
    case ZKACC_PRESET_HALO2CURVES:
      l.scalar_repr = ZKACC_REPR_MONTGOMERY;
      l.output_form = ZKACC_FORM_PROJECTIVE;
      break;
    case ZKACC_PRESET_RAPIDSNARK:
      l.scalar_repr = ZKACC_REPR_CANONICAL;
      l.output_form = ZKACC_FORM_XYZZ;
      break;
    case ZKACC_PRESET_ICICLE:
      l.scalar_repr = ZKACC_REPR_CANONICAL;
      l.base_repr = ZKACC_REPR_CANONICAL;
      l.output_form = ZKACC_FORM_PROJECTIVE;
      l.output_repr = ZKACC_REPR_CANONICAL;
      break;
    default:
      throw ApiError(ZKACC_ERR_INVALID_ARGUMENT,
                     "preset " + std::to_string(preset) + " is not a zkacc_preset (0 .. 5)");
  }
  return l;
}

NttKind ToNttKind(int kind) {
  switch (kind) {
    case ZKACC_NTT_FORWARD:
      return NttKind::kForward;
    case ZKACC_NTT_INVERSE:
      return NttKind::kInverse;
    case ZKACC_NTT_COSET_FORWARD:
      return NttKind::kCosetForward;
    case ZKACC_NTT_COSET_INVERSE:
      return NttKind::kCosetInverse;
  }
  throw ApiError(ZKACC_ERR_INVALID_ARGUMENT,
                 "kind = " + std::to_string(kind) + " is not a zkacc_ntt_kind (0 .. 3)");
}

template <class F, class Run>
void NttOn(uint8_t* data, size_t n, size_t batch, uint32_t repr, Run&& run) {
  const size_t total = n * batch;
  std::vector<F> v(total);
  for (size_t i = 0; i < total; ++i) {
    v[i] =
        LoadField<F>(data + 32 * i, repr, "element " + Str(i % n) + " of transform " + Str(i / n));
  }
  run(v.data());
  for (size_t i = 0; i < total; ++i) StoreField(v[i], repr, data + 32 * i);
}

bool Mul(size_t a, size_t b, size_t* out) { return !__builtin_mul_overflow(a, b, out); }

size_t Product(size_t a, size_t b, const char* what) {
  size_t r;
  if (!Mul(a, b, &r)) throw ApiError(ZKACC_ERR_INVALID_SIZE, std::string(what) + " overflows");
  return r;
}

DeviceState& Lock(zkacc_device* dev, std::unique_lock<std::mutex>& lock) {
  Require(dev, "dev");
  lock = std::unique_lock<std::mutex>(dev->state->mu);
  return *dev->state;
}

void CheckBases(zkacc_device* dev, const zkacc_bases* bases, size_t offset, size_t n) {
  Require(bases, "bases");
  if (bases->state != dev->state) {
    throw ApiError(ZKACC_ERR_WRONG_DEVICE, "bases were uploaded to device \"" + bases->state->name +
                                               "\", not to \"" + dev->state->name + "\"");
  }
  if (n == 0) throw ApiError(ZKACC_ERR_INVALID_SIZE, "n = 0: an MSM needs at least one point");
  if (offset > bases->n || n > bases->n - offset) {
    throw ApiError(ZKACC_ERR_INVALID_SIZE, "points [" + Str(offset) + ", " + Str(offset) + " + " +
                                               Str(n) + ") exceed the " + Str(bases->n) +
                                               " resident bases");
  }
}

void RunMsm(zkacc_device* dev, const zkacc_bases* bases, size_t offset, const void* scalars,
            size_t n, size_t batch, const zkacc_msm_layout* layout, void* out, size_t out_size,
            zkacc_op_stats* stats) {
  Require(dev, "dev");
  Require(scalars, "scalars");
  Require(out, "out");
  CheckBases(dev, bases, offset, n);
  if (batch == 0) throw ApiError(ZKACC_ERR_INVALID_SIZE, "batch = 0: no MSM to compute");
  const zkacc_msm_layout l = ReadLayout(layout);
  const zkacc_curve curve = bases->curve;
  const size_t result = FormCoords(l.output_form) * CoordBytes(curve);
  const size_t need = Product(result, batch, "batch x result size");
  if (out_size < need) {
    throw ApiError(ZKACC_ERR_BUFFER_TOO_SMALL,
                   "out_size = " + Str(out_size) + " bytes; " + Str(batch) + " " +
                       CurveName(curve) + " result(s) in this output form need " + Str(need));
  }
  Product(Product(n, batch, "n x batch"), 32, "scalar bytes");
  const auto* s = static_cast<const uint8_t*>(scalars);
  auto* o = static_cast<uint8_t*>(out);
  std::unique_lock<std::mutex> lock;
  DeviceState& st = Lock(dev, lock);
  OpStats total;
  for (size_t j = 0; j < batch; ++j) {
    OpStats one;
    if (curve == ZKACC_CURVE_BN254) {
      const std::vector<Scalar> k =
          ConvertScalars<Bn254G1>(s + 32 * n * j, n, l.scalar_repr, n * j);
      StoreResult(st.engine->Msm(bases->handle, offset, k.data(), n, &one), l, o + result * j);
    } else {
      const std::vector<Scalar> k =
          ConvertScalars<Bls12381G1>(s + 32 * n * j, n, l.scalar_repr, n * j);
      StoreResult(st.engine->MsmBls12381(bases->handle, offset, k.data(), n, &one), l,
                  o + result * j);
    }
    Accumulate(one, total, j);
  }
  CopyStats(total, stats);
}

}  // namespace zkacc::api_impl

using namespace zkacc::api_impl;  // NOLINT: this file implements the ABI

#define ZKACC_STR2(x) #x
#define ZKACC_STR(x) ZKACC_STR2(x)

extern "C" {

uint32_t zkacc_abi_version(void) { return ZKACC_ABI_VERSION; }

const char* zkacc_version_string(void) {
  return "zkacc 0.1.0 (ABI " ZKACC_STR(ZKACC_ABI_VERSION_MAJOR) "." ZKACC_STR(
      ZKACC_ABI_VERSION_MINOR) ")";
}

const char* zkacc_status_string(int status) {
  switch (status) {
    case ZKACC_OK:
      return "ZKACC_OK";
    case ZKACC_ERR_NULL_POINTER:
      return "ZKACC_ERR_NULL_POINTER";
    case ZKACC_ERR_INVALID_ARGUMENT:
      return "ZKACC_ERR_INVALID_ARGUMENT";
    case ZKACC_ERR_INVALID_SIZE:
      return "ZKACC_ERR_INVALID_SIZE";
    case ZKACC_ERR_UNSUPPORTED:
      return "ZKACC_ERR_UNSUPPORTED";
    case ZKACC_ERR_BAD_LAYOUT:
      return "ZKACC_ERR_BAD_LAYOUT";
    case ZKACC_ERR_BUFFER_TOO_SMALL:
      return "ZKACC_ERR_BUFFER_TOO_SMALL";
    case ZKACC_ERR_NOT_ON_CURVE:
      return "ZKACC_ERR_NOT_ON_CURVE";
    case ZKACC_ERR_NOT_IN_SUBGROUP:
      return "ZKACC_ERR_NOT_IN_SUBGROUP";
    case ZKACC_ERR_OUT_OF_RANGE:
      return "ZKACC_ERR_OUT_OF_RANGE";
    case ZKACC_ERR_UNKNOWN_DEVICE:
      return "ZKACC_ERR_UNKNOWN_DEVICE";
    case ZKACC_ERR_DEVICE:
      return "ZKACC_ERR_DEVICE";
    case ZKACC_ERR_TIMEOUT:
      return "ZKACC_ERR_TIMEOUT";
    case ZKACC_ERR_OUT_OF_MEMORY:
      return "ZKACC_ERR_OUT_OF_MEMORY";
    case ZKACC_ERR_WRONG_DEVICE:
      return "ZKACC_ERR_WRONG_DEVICE";
    case ZKACC_ERR_INTERNAL:
      return "ZKACC_ERR_INTERNAL";
  }
  return "ZKACC_ERR_UNKNOWN_STATUS";
}

const char* zkacc_last_error(void) { return g_last_error.c_str(); }

zkacc_status zkacc_engine_names(char* buf, size_t size, size_t* needed) {
  return Guard("zkacc_engine_names", [&] {
    EnsureEngines();
    std::string names;
    for (const std::string& n : zkacc::EngineNames()) names += (names.empty() ? "" : ",") + n;
    if (needed != nullptr) *needed = names.size() + 1;
    if (size == 0 && buf == nullptr) return;
    Require(buf, "buf");
    if (size < names.size() + 1) {
      if (size > 0) buf[0] = '\0';
      throw ApiError(ZKACC_ERR_BUFFER_TOO_SMALL,
                     "size = " + Str(size) + "; the names need " + Str(names.size() + 1));
    }
    std::memcpy(buf, names.c_str(), names.size() + 1);
  });
}

zkacc_status zkacc_device_open(const char* name, zkacc_device** out) {
  if (out != nullptr) *out = nullptr;
  return Guard("zkacc_device_open", [&] {
    Require(name, "name");
    Require(out, "out");
    EnsureEngines();
    const std::string device(name);
    const std::string prefix = device.substr(0, device.find(':'));
    const std::vector<std::string> known = zkacc::EngineNames();
    if (std::find(known.begin(), known.end(), prefix) == known.end()) {
      std::string list;
      for (const std::string& n : known) list += (list.empty() ? "" : ", ") + n;
      throw ApiError(ZKACC_ERR_UNKNOWN_DEVICE, "no engine \"" + prefix + "\" for device \"" +
                                                   device + "\" (registered engines: " + list +
                                                   ")");
    }
    auto state = std::make_shared<DeviceState>();
    state->engine = zkacc::MakeEngine(device);
    state->name = device;
    *out = new zkacc_device{std::move(state)};
  });
}

void zkacc_device_close(zkacc_device* dev) { delete dev; }

const char* zkacc_device_name(const zkacc_device* dev) {
  return dev == nullptr ? nullptr : dev->state->name.c_str();
}

zkacc_status zkacc_layout_preset(int preset, int curve, zkacc_msm_layout* out) {
  return Guard("zkacc_layout_preset", [&] {
    Require(out, "out");
    *out = PresetLayout(preset, curve);
  });
}

size_t zkacc_coordinate_bytes(int curve) {
  return curve == ZKACC_CURVE_BN254 ? 32 : curve == ZKACC_CURVE_BLS12_381 ? 48 : 0;
}

size_t zkacc_msm_result_bytes(int curve, const zkacc_msm_layout* layout) {
  try {
    return FormCoords(ReadLayout(layout).output_form) * zkacc_coordinate_bytes(curve);
  } catch (...) {
    return 0;
  }
}

zkacc_status zkacc_bases_upload(zkacc_device* dev, int curve_value, const void* points, size_t n,
                                const zkacc_msm_layout* layout, zkacc_bases** out) {
  if (out != nullptr) *out = nullptr;
  return Guard("zkacc_bases_upload", [&] {
    Require(dev, "dev");
    Require(points, "points");
    Require(out, "out");
    CheckCurve(curve_value);
    const auto curve = static_cast<zkacc_curve>(curve_value);
    if (n == 0) throw ApiError(ZKACC_ERR_INVALID_SIZE, "n = 0: no bases to upload");
    const zkacc_msm_layout l = ReadLayout(layout);
    const size_t stride = BaseStride(curve, l);
    Product(n, stride, "n x base_stride");
    const auto* p = static_cast<const uint8_t*>(points);
    auto bases = std::make_unique<zkacc_bases>();
    bases->curve = curve;
    bases->n = n;
    bases->state = dev->state;
    if (curve == ZKACC_CURVE_BN254) {
      const auto conv = ConvertBases<zkacc::Bn254G1>(p, n, curve, l);
      std::unique_lock<std::mutex> lock;
      bases->handle = Lock(dev, lock).engine->UploadBases(conv.data(), n);
    } else {
      const auto conv = ConvertBases<zkacc::Bls12381G1>(p, n, curve, l);
      std::unique_lock<std::mutex> lock;
      bases->handle = Lock(dev, lock).engine->UploadBases(conv.data(), n);
    }
    *out = bases.release();
  });
}

void zkacc_bases_free(zkacc_bases* bases) {
  if (bases == nullptr) return;
  try {
    std::lock_guard<std::mutex> lock(bases->state->mu);
    bases->state->engine->FreeBases(bases->handle);
  } catch (...) {
    // Nothing to report from a destructor-like call; the engine's memory goes with it.
  }
  delete bases;
}

size_t zkacc_bases_count(const zkacc_bases* bases) { return bases == nullptr ? 0 : bases->n; }

zkacc_curve zkacc_bases_curve(const zkacc_bases* bases) {
  return bases == nullptr ? static_cast<zkacc_curve>(0) : bases->curve;
}

zkacc_status zkacc_msm(zkacc_device* dev, const zkacc_bases* bases, size_t offset,
                       const void* scalars, size_t n, const zkacc_msm_layout* layout, void* out,
                       size_t out_size, zkacc_op_stats* stats) {
  return Guard("zkacc_msm",
               [&] { RunMsm(dev, bases, offset, scalars, n, 1, layout, out, out_size, stats); });
}

zkacc_status zkacc_msm_batch(zkacc_device* dev, const zkacc_bases* bases, size_t offset,
                             const void* scalars, size_t n, size_t batch,
                             const zkacc_msm_layout* layout, void* out, size_t out_size,
                             zkacc_op_stats* stats) {
  return Guard("zkacc_msm_batch", [&] {
    RunMsm(dev, bases, offset, scalars, n, batch, layout, out, out_size, stats);
  });
}

zkacc_status zkacc_ntt(zkacc_device* dev, int curve_value, int kind, void* data, size_t n,
                       size_t batch, int repr, size_t data_size, zkacc_op_stats* stats) {
  return Guard("zkacc_ntt", [&] {
    Require(dev, "dev");
    Require(data, "data");
    CheckCurve(curve_value);
    const auto curve = static_cast<zkacc_curve>(curve_value);
    const zkacc::NttKind k = ToNttKind(kind);
    CheckRepr(repr, "repr");
    const unsigned two_adicity = curve == ZKACC_CURVE_BN254 ? zkacc::Bn254FrParams::kTwoAdicity
                                                            : zkacc::Bls12381FrParams::kTwoAdicity;
    if (n == 0 || (n & (n - 1)) != 0 || n > (size_t{1} << two_adicity)) {
      throw ApiError(ZKACC_ERR_INVALID_SIZE, "n = " + Str(n) + " is not a power of two in [1, 2^" +
                                                 std::to_string(two_adicity) + "] (the " +
                                                 CurveName(curve) + " Fr NTT sizes)");
    }
    if (batch == 0) throw ApiError(ZKACC_ERR_INVALID_SIZE, "batch = 0: no transform");
    const size_t need = Product(Product(n, batch, "n x batch"), 32, "data bytes");
    if (data_size < need) {
      throw ApiError(ZKACC_ERR_BUFFER_TOO_SMALL, "data_size = " + Str(data_size) + " bytes; " +
                                                     Str(batch) + " x " + Str(n) +
                                                     " elements of 32 bytes need " + Str(need));
    }
    auto* d = static_cast<uint8_t*>(data);
    zkacc::OpStats s;
    std::unique_lock<std::mutex> lock;
    DeviceState& st = Lock(dev, lock);
    if (curve == ZKACC_CURVE_BN254) {
      NttOn<zkacc::bn254::Fr>(d, n, batch, repr,
                              [&](zkacc::bn254::Fr* v) { st.engine->Ntt(v, n, batch, k, &s); });
    } else {
      NttOn<zkacc::bls12_381::Fr>(d, n, batch, repr, [&](zkacc::bls12_381::Fr* v) {
        st.engine->NttBls12381(v, n, batch, k, &s);
      });
    }
    CopyStats(s, stats);
  });
}

zkacc_status zkacc_lookup_multiplicities(zkacc_device* dev, const uint32_t* indices, size_t n,
                                         uint32_t* counts, size_t entries, zkacc_op_stats* stats) {
  return Guard("zkacc_lookup_multiplicities", [&] {
    Require(dev, "dev");
    Require(indices, "indices");
    Require(counts, "counts");
    if (n == 0) throw ApiError(ZKACC_ERR_INVALID_SIZE, "n = 0: no indices");
    if (entries == 0) throw ApiError(ZKACC_ERR_INVALID_SIZE, "entries = 0: an empty table");
    for (size_t i = 0; i < n; ++i) {
      if (indices[i] >= entries) {
        throw ApiError(ZKACC_ERR_OUT_OF_RANGE, "indices[" + Str(i) +
                                                   "] = " + std::to_string(indices[i]) +
                                                   " is not below entries = " + Str(entries));
      }
    }
    zkacc::OpStats s;
    std::unique_lock<std::mutex> lock;
    const std::vector<uint32_t> c =
        Lock(dev, lock).engine->LookupMultiplicities(indices, n, entries, &s);
    if (c.size() != entries) {
      throw ApiError(ZKACC_ERR_DEVICE, "the device returned " + Str(c.size()) + " counts for " +
                                           Str(entries) + " entries");
    }
    std::copy(c.begin(), c.end(), counts);
    CopyStats(s, stats);
  });
}

zkacc_status zkacc_activation_table(int kind, size_t entries, int32_t offset, double in_scale,
                                    double out_scale, int8_t* table) {
  return Guard("zkacc_activation_table", [&] {
    Require(table, "table");
    if (kind < ZKACC_TABLE_RELU || kind > ZKACC_TABLE_SIGMOID) {
      throw ApiError(ZKACC_ERR_INVALID_ARGUMENT,
                     "kind = " + std::to_string(kind) + " is not a zkacc_table_kind (0 .. 2)");
    }
    if (entries == 0 || entries > 65536) {
      throw ApiError(ZKACC_ERR_INVALID_SIZE, "entries = " + Str(entries) + " is not in [1, 65536]");
    }
    const zkacc::quant::Table t = zkacc::quant::MakeTable(
        static_cast<zkacc::quant::TableKind>(kind), entries, offset, in_scale, out_scale);
    std::copy(t.values.begin(), t.values.end(), table);
  });
}

zkacc_status zkacc_matmul(zkacc_device* dev, const zkacc_matmul_params* params, const int8_t* w,
                          const int8_t* x, const int32_t* bias, const int8_t* table, int32_t* acc,
                          uint32_t* idx, int8_t* act, uint32_t* counts, zkacc_op_stats* stats) {
  return Guard("zkacc_matmul", [&] {
    Require(dev, "dev");
    Require(params, "params");
    Require(w, "w");
    Require(x, "x");
    Require(bias, "bias");
    Require(table, "table");
    Require(act, "act");
    zkacc::quant::LayerShape shape{params->batch, params->k, params->n};
    try {
      shape.Validate();
    } catch (const std::invalid_argument& e) {
      throw ApiError(ZKACC_ERR_INVALID_SIZE, e.what());
    }
    zkacc::quant::RequantParams rq{params->scale, params->shift, params->offset, params->idx_max};
    rq.Validate();
    const size_t entries = size_t{params->idx_max} + 1;
    zkacc::quant::Table t;
    t.values.assign(table, table + entries);
    zkacc::OpStats s;
    std::unique_lock<std::mutex> lock;
    const zkacc::Engine::MatmulOut r = Lock(dev, lock).engine->Matmul(shape, w, x, bias, rq, t, &s);
    const size_t outs = shape.batch * shape.n;
    if (r.act.size() != outs || r.acc.size() != outs || r.idx.size() != outs ||
        r.counts.size() != entries) {
      throw ApiError(ZKACC_ERR_DEVICE, "the device returned outputs of the wrong size");
    }
    if (acc != nullptr) std::copy(r.acc.begin(), r.acc.end(), acc);
    if (idx != nullptr) std::copy(r.idx.begin(), r.idx.end(), idx);
    std::copy(r.act.begin(), r.act.end(), act);
    if (counts != nullptr) std::copy(r.counts.begin(), r.counts.end(), counts);
    CopyStats(s, stats);
  });
}

}  // extern "C"
