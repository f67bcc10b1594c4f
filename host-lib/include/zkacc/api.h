// SPDX-License-Identifier: Apache-2.0
//
// The C++ API of libzkacc: RAII devices and resident bases, exceptions instead of status codes.
// Header-only over the C ABI of zkacc.h, so a C++ program depends on the stable C symbols of
// libzkacc.so.0 only (no C++ types cross the library boundary).
//
//   zkacc::api::Device dev("sim");                                   // or "cpu", "xrt:0"
//   zkacc::api::Layout gnark = zkacc::api::Preset(ZKACC_PRESET_GNARK, ZKACC_CURVE_BN254);
//   zkacc::api::Bases bases = dev.UploadBases(ZKACC_CURVE_BN254, points, n, gnark);
//   zkacc_op_stats stats;
//   std::vector<uint8_t> jac = dev.Msm(bases, scalars, n, gnark, &stats);   // G1Jac bytes
//   if (stats.has_cycles) printf("%llu cycles (modelled at %.0f MHz)\n", ..., stats.clock_mhz);
//
// Every failure throws zkacc::api::Error carrying the status and zkacc_last_error().
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "zkacc/zkacc.h"

namespace zkacc::api {

class Error : public std::runtime_error {
 public:
  Error(zkacc_status status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  zkacc_status status() const { return status_; }
  const char* status_name() const { return zkacc_status_string(status_); }

 private:
  zkacc_status status_;
};

// Throws Error(status, zkacc_last_error()) unless status is ZKACC_OK.
inline void Check(zkacc_status status) {
  if (status != ZKACC_OK) throw Error(status, zkacc_last_error());
}

using Layout = zkacc_msm_layout;
using OpStats = zkacc_op_stats;

inline Layout Preset(zkacc_preset preset, zkacc_curve curve) {
  Layout l;
  Check(zkacc_layout_preset(preset, curve, &l));
  return l;
}
inline Layout NativeLayout(zkacc_curve curve = ZKACC_CURVE_BN254) {
  return Preset(ZKACC_PRESET_ZKACC, curve);
}

// The registered engine prefixes ("cpu", and "sim", "xrt" when the driver is linked).
inline std::vector<std::string> EngineNames() {
  size_t need = 0;
  Check(zkacc_engine_names(nullptr, 0, &need));
  std::string buf(need, '\0');
  Check(zkacc_engine_names(&buf[0], buf.size(), &need));
  std::vector<std::string> names;
  std::string cur;
  for (const char c : buf) {
    if (c == ',' || c == '\0') {
      if (!cur.empty()) names.push_back(cur);
      cur.clear();
      if (c == '\0') break;
    } else {
      cur.push_back(c);
    }
  }
  return names;
}

// quant.h activation table (relu / gelu / sigmoid) of `entries` int8 values.
inline std::vector<int8_t> ActivationTable(zkacc_table_kind kind, size_t entries, int32_t offset,
                                           double in_scale = 16.0, double out_scale = 127.0) {
  std::vector<int8_t> t(entries);
  Check(zkacc_activation_table(kind, entries, offset, in_scale, out_scale, t.data()));
  return t;
}

// MSM bases resident on a device (move-only; freed on destruction).
class Bases {
 public:
  Bases() = default;
  explicit Bases(zkacc_bases* b) : b_(b) {}
  size_t size() const { return zkacc_bases_count(b_.get()); }
  zkacc_curve curve() const { return zkacc_bases_curve(b_.get()); }
  const zkacc_bases* get() const { return b_.get(); }
  explicit operator bool() const { return b_ != nullptr; }

 private:
  struct Free {
    void operator()(zkacc_bases* b) const { zkacc_bases_free(b); }
  };
  std::unique_ptr<zkacc_bases, Free> b_;
};

struct MatmulResult {
  std::vector<int32_t> acc;      // batch x n
  std::vector<uint32_t> idx;     // batch x n
  std::vector<int8_t> act;       // batch x n
  std::vector<uint32_t> counts;  // idx_max + 1
};

// An open device (move-only; closed on destruction).
class Device {
 public:
  explicit Device(const std::string& name) {
    zkacc_device* d = nullptr;
    Check(zkacc_device_open(name.c_str(), &d));
    d_.reset(d);
  }
  std::string Name() const { return zkacc_device_name(d_.get()); }
  zkacc_device* get() const { return d_.get(); }

  Bases UploadBases(zkacc_curve curve, const void* points, size_t n, const Layout& layout) {
    zkacc_bases* b = nullptr;
    Check(zkacc_bases_upload(d_.get(), curve, points, n, &layout, &b));
    return Bases(b);
  }

  // sum_i scalars[i] * bases[offset + i] into out (out_size bytes).
  void Msm(const Bases& bases, size_t offset, const void* scalars, size_t n, const Layout& layout,
           void* out, size_t out_size, OpStats* stats = nullptr) {
    Check(zkacc_msm(d_.get(), bases.get(), offset, scalars, n, &layout, out, out_size, stats));
  }
  // The result bytes (zkacc_msm_result_bytes of the layout) of the MSM over bases[0, n).
  std::vector<uint8_t> Msm(const Bases& bases, const void* scalars, size_t n, const Layout& layout,
                           OpStats* stats = nullptr) {
    std::vector<uint8_t> out(zkacc_msm_result_bytes(bases.curve(), &layout));
    Msm(bases, 0, scalars, n, layout, out.data(), out.size(), stats);
    return out;
  }
  // `batch` MSMs over bases[offset, offset + n): scalars batch x n x 32 bytes; results one
  // after the other.
  std::vector<uint8_t> MsmBatch(const Bases& bases, size_t offset, const void* scalars, size_t n,
                                size_t batch, const Layout& layout, OpStats* stats = nullptr) {
    std::vector<uint8_t> out(zkacc_msm_result_bytes(bases.curve(), &layout) * batch);
    Check(zkacc_msm_batch(d_.get(), bases.get(), offset, scalars, n, batch, &layout, out.data(),
                          out.size(), stats));
    return out;
  }

  // In place: batch transforms of n elements (32 bytes each, in repr) at data.
  void Ntt(zkacc_curve curve, zkacc_ntt_kind kind, void* data, size_t n, size_t batch,
           zkacc_repr repr, OpStats* stats = nullptr) {
    Check(zkacc_ntt(d_.get(), curve, kind, data, n, batch, repr, n * batch * 32, stats));
  }

  std::vector<uint32_t> LookupMultiplicities(const std::vector<uint32_t>& indices, size_t entries,
                                             OpStats* stats = nullptr) {
    std::vector<uint32_t> counts(entries);
    Check(zkacc_lookup_multiplicities(d_.get(), indices.data(), indices.size(), counts.data(),
                                      entries, stats));
    return counts;
  }

  // y = table[requant(W x + bias)]; w: n x k, x: batch x k, bias: n, table: idx_max + 1.
  MatmulResult Matmul(const zkacc_matmul_params& p, const int8_t* w, const int8_t* x,
                      const int32_t* bias, const int8_t* table, OpStats* stats = nullptr) {
    MatmulResult r;
    r.acc.resize(p.batch * p.n);
    r.idx.resize(p.batch * p.n);
    r.act.resize(p.batch * p.n);
    r.counts.resize(size_t{p.idx_max} + 1);
    Check(zkacc_matmul(d_.get(), &p, w, x, bias, table, r.acc.data(), r.idx.data(), r.act.data(),
                       r.counts.data(), stats));
    return r;
  }

 private:
  struct Close {
    void operator()(zkacc_device* d) const { zkacc_device_close(d); }
  };
  std::unique_ptr<zkacc_device, Close> d_;
};

}  // namespace zkacc::api
