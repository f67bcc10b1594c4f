// SPDX-License-Identifier: Apache-2.0
//
// KernelEngine (kernel_engine.h): engine.h over driver::Device, in the descriptor format and
// buffer layouts of rtl/top/zkacc_regmap.json (zkacc_regs.h, docs/register-map.md).
//
// Every call: check the arguments against the kernel's limits (its *_PARAMS registers), lay the
// data out in device buffers, write the descriptors, run (DESC/COUNT, ap_start, Wait), check
// ERROR_CODE (a kernel error becomes an exception naming the code, the detail and the
// descriptor), read the results, and fill OpStats from the counter registers.
#include "zkacc/driver/kernel_engine.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "zkacc/driver/zkacc_regs.h"
#include "zkacc/msm.h"
#include "zkacc/ntt.h"

namespace zkacc::driver {

namespace {

static_assert(sizeof(bn254::Fr) == 32, "Fr is 4 Montgomery limbs");
static_assert(sizeof(bn254::G1Affine) == 64, "the device base format is X, Y (Montgomery)");
static_assert(sizeof(bn254::G1Xyzz) == 128, "the device bucket format is X, Y, ZZ, ZZZ");

std::string Hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

uint32_t Field(uint32_t reg, uint32_t mask, uint32_t lsb) { return (reg & mask) >> lsb; }

const char* OpcodeName(unsigned op) {
  switch (op) {
    case ZKACC_OP_NOP:
      return "NOP";
    case ZKACC_OP_COPY:
      return "COPY";
    case ZKACC_OP_MSM:
      return "MSM";
    case ZKACC_OP_NTT:
      return "NTT";
    case ZKACC_OP_HIST:
      return "HIST";
    case ZKACC_OP_MATMUL:
      return "MATMUL";
  }
  return "unknown opcode";
}

const char* ErrorName(unsigned code) {
  switch (code) {
    case ZKACC_ERR_NONE:
      return "NONE";
    case ZKACC_ERR_BAD_OPCODE:
      return "BAD_OPCODE (unknown opcode)";
    case ZKACC_ERR_BAD_PARAM:
      return "BAD_PARAM (a size or parameter out of range)";
    case ZKACC_ERR_BAD_ALIGN:
      return "BAD_ALIGN (a buffer address not 64-byte aligned)";
    case ZKACC_ERR_UNIT_ERROR:
      return "UNIT_ERROR (the unit flagged an error; MSM: a scalar >= 2^254)";
    case ZKACC_ERR_AXI_READ:
      return "AXI_READ (an AXI read answered SLVERR/DECERR)";
    case ZKACC_ERR_AXI_WRITE:
      return "AXI_WRITE (an AXI write answered SLVERR/DECERR)";
    case ZKACC_ERR_UNIT_ABSENT:
      return "UNIT_ABSENT (the unit is not built into this kernel)";
  }
  return "unknown error code";
}

const char* DetailName(unsigned d) {
  switch (d) {
    case ZKACC_DET_NONE:
      return "none";
    case ZKACC_DET_DESC_ADDR:
      return "the desc argument";
    case ZKACC_DET_N:
      return "n / count";
    case ZKACC_DET_WINDOW:
      return "MSM window size c";
    case ZKACC_DET_LOG_N:
      return "NTT log_n";
    case ZKACC_DET_KIND:
      return "NTT kind / flags";
    case ZKACC_DET_ENTRIES:
      return "HIST entries / MATMUL idx_max";
    case ZKACC_DET_SHAPE:
      return "MATMUL k_tiles / n / batch";
    case ZKACC_DET_SHIFT:
      return "MATMUL shift";
    case ZKACC_DET_ADDR0:
      return "the address at byte 8";
    case ZKACC_DET_ADDR1:
      return "the address at byte 16";
    case ZKACC_DET_ADDR2:
      return "the address at byte 24";
    case ZKACC_DET_ADDR3:
      return "the address at byte 32";
    case ZKACC_DET_ADDR4:
      return "the address at byte 40";
    case ZKACC_DET_RESERVED:
      return "a reserved field is not zero";
  }
  return "unknown detail";
}

// The generic slots of a descriptor, for messages.
std::string DescribeDescriptor(const zkacc_desc_t& d) {
  std::ostringstream s;
  s << OpcodeName(d.opcode) << " {flags " << unsigned{d.flags} << ", p0 " << d.p0 << ", a0 "
    << Hex(d.a0) << ", a1 " << Hex(d.a1) << ", a2 " << Hex(d.a2) << ", a3 " << Hex(d.a3) << ", a4 "
    << Hex(d.a4) << ", p1 " << d.p1 << ", p2 " << d.p2 << ", p3 " << d.p3 << ", p4 " << d.p4 << "}";
  return s.str();
}

template <class T>
zkacc_desc_t AsGeneric(const T& typed) {
  static_assert(sizeof(T) == sizeof(zkacc_desc_t), "descriptors are 64 bytes");
  zkacc_desc_t d;
  std::memcpy(&d, &typed, sizeof d);
  return d;
}

// A device buffer freed when it goes out of scope.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(Device* dev, size_t bytes, int bank = -1)
      : dev_(dev), buf_(dev->Alloc(bytes, bank)) {}
  ~DeviceBuffer() { Release(); }
  DeviceBuffer(DeviceBuffer&& o) noexcept : dev_(o.dev_), buf_(o.buf_) { o.buf_ = Buffer{}; }
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    if (this != &o) {
      Release();
      dev_ = o.dev_;
      buf_ = o.buf_;
      o.buf_ = Buffer{};
    }
    return *this;
  }
  const Buffer& get() const { return buf_; }
  uint64_t addr() const { return buf_.addr; }

 private:
  void Release() {
    if (dev_ && buf_.valid()) {
      try {
        dev_->Free(buf_);
      } catch (...) {  // never throw from a destructor
      }
    }
  }
  Device* dev_ = nullptr;
  Buffer buf_;
};

size_t RoundUp(size_t v, size_t m) { return (v + m - 1) / m * m; }

class KernelEngine final : public Engine {
 public:
  KernelEngine(std::string name, std::unique_ptr<Device> device, const KernelEngineOptions& opt)
      : name_(std::move(name)), dev_(std::move(device)), opt_(opt) {
    const uint32_t id = dev_->ReadReg(ZKACC_REG_ID);
    if (id != ZKACC_ID_MAGIC) {
      throw Error(Who() + ": the device's ID register reads " + Hex(id) + ", not the zkacc magic " +
                  Hex(ZKACC_ID_MAGIC) + " (wrong kernel or xclbin?)");
    }
    version_ = dev_->ReadReg(ZKACC_REG_VERSION);
    caps_ = dev_->ReadReg(ZKACC_REG_CAPS);
    msm_params_ = dev_->ReadReg(ZKACC_REG_MSM_PARAMS);
    ntt_params_ = dev_->ReadReg(ZKACC_REG_NTT_PARAMS);
    hist_params_ = dev_->ReadReg(ZKACC_REG_HIST_PARAMS);
    mm_params_ = dev_->ReadReg(ZKACC_REG_MM_PARAMS);
  }

  ~KernelEngine() override {
    bases_.clear();
    ntt_factors_.clear();
    ntt_twiddles_.clear();
  }

  std::string Name() const override { return name_; }

  // ----------------------------------------------------------------------------------------
  // MSM.

  uint64_t UploadBases(const bn254::G1Affine* points, size_t n) override {
    if (n == 0) throw std::invalid_argument(Who() + ": UploadBases: n = 0");
    if (points == nullptr) throw std::invalid_argument(Who() + ": UploadBases: null points");
    RequireCap(ZKACC_CAPS_MSM_BN254, "MSM (BN254)");
    // The device format is the engine's: affine X, Y in Montgomery form, infinity = (0, 0).
    DeviceBuffer buf(dev_.get(), 64 * n);
    dev_->Write(buf.get(), 0, points, 64 * n);
    const uint64_t handle = next_handle_++;
    bases_.emplace(handle, Bases{std::move(buf), n});
    return handle;
  }

  uint64_t UploadBases(const bls12_381::G1Affine*, size_t n) override {
    if (n == 0) throw std::invalid_argument(Who() + ": UploadBases: n = 0");
    throw std::invalid_argument(Bls12381Refusal());
  }

  void FreeBases(uint64_t handle) override {
    if (bases_.erase(handle) == 0) {
      throw std::invalid_argument(Who() + ": FreeBases: unknown bases handle " +
                                  std::to_string(handle));
    }
  }

  bn254::G1Xyzz Msm(uint64_t handle, size_t offset, const Scalar* scalars, size_t n,
                    OpStats* stats) override {
    const auto t0 = std::chrono::steady_clock::now();
    auto it = bases_.find(handle);
    if (it == bases_.end()) {
      throw std::invalid_argument(Who() + ": Msm: unknown bases handle " + std::to_string(handle));
    }
    const Bases& b = it->second;
    if (offset > b.n || n > b.n - offset) {
      throw std::invalid_argument(Who() + ": Msm: bases [" + std::to_string(offset) + ", " +
                                  std::to_string(offset) + " + " + std::to_string(n) +
                                  ") outside the " + std::to_string(b.n) + " uploaded bases");
    }
    if (n > 0 && scalars == nullptr) throw std::invalid_argument(Who() + ": Msm: null scalars");
    if (n > 0xFFFFFFFFu) {
      throw std::invalid_argument(Who() + ": Msm: n = " + std::to_string(n) +
                                  " exceeds the descriptor's 32-bit n");
    }
    if (n == 0) {
      FillHostStats(stats, "msm", t0);
      return bn254::G1Xyzz::Infinity();
    }
    const unsigned c = ChooseWindow(scalars, n);
    const unsigned windows = SignedWindowCount(kMsmScalarBitsNominal, c);
    const size_t buckets = size_t{windows} << (c - 1);
    const size_t out_bytes = 64 + 128 * buckets + 192 * kMaxExtras;

    DeviceBuffer sc(dev_.get(), RoundUp(32 * n, 64));
    dev_->Write(sc.get(), 0, scalars, 32 * n);
    DeviceBuffer out(dev_.get(), out_bytes);
    zkacc_desc_msm_t d{};
    d.opcode = ZKACC_OP_MSM;
    d.n = static_cast<uint32_t>(n);
    d.scalars = sc.addr();
    d.bases = b.buf.addr() + 64 * offset;
    d.out = out.addr();
    d.c = c;
    const Counters k = Run({AsGeneric(d)});

    uint32_t header[16];
    dev_->Read(out.get(), 0, header, 64);
    const uint32_t h_buckets = header[0], h_extras = header[1], h_c = header[2],
                   h_windows = header[3], h_n = header[4];
    if (h_buckets != buckets || h_c != c || h_windows != windows || h_n != n ||
        h_extras > kMaxExtras) {
      throw Error(Who() + ": MSM output header inconsistent with the descriptor: buckets " +
                  std::to_string(h_buckets) + " (expected " + std::to_string(buckets) + "), c " +
                  std::to_string(h_c) + " (" + std::to_string(c) + "), windows " +
                  std::to_string(h_windows) + " (" + std::to_string(windows) + "), n " +
                  std::to_string(h_n) + " (" + std::to_string(n) + "), extras " +
                  std::to_string(h_extras) + " (at most " + std::to_string(kMaxExtras) + ")");
    }
    std::vector<bn254::G1Xyzz> bucket(buckets);
    dev_->Read(out.get(), 64, bucket.data(), 128 * buckets);
    // Empty buckets are ZZ = ZZZ = 0 with any X, Y: the host's canonical infinity.
    for (auto& p : bucket) {
      if (p.IsInfinity()) p = bn254::G1Xyzz::Infinity();
    }
    if (h_extras > 0) {
      std::vector<uint8_t> ex(192 * size_t{h_extras});
      dev_->Read(out.get(), 64 + 128 * buckets, ex.data(), ex.size());
      for (uint32_t e = 0; e < h_extras; ++e) {
        bn254::G1Xyzz p;
        std::memcpy(&p, ex.data() + 192 * e, 128);
        if (p.IsInfinity()) p = bn254::G1Xyzz::Infinity();
        uint32_t k_idx;
        std::memcpy(&k_idx, ex.data() + 192 * e + 128, 4);
        if (k_idx >= buckets) {
          throw Error(Who() + ": MSM extra " + std::to_string(e) + " names bucket " +
                      std::to_string(k_idx) + " of " + std::to_string(buckets));
        }
        bucket[k_idx].AddInPlace(p);
      }
    }
    const bn254::G1Xyzz result = ReduceBuckets(bucket.data(), windows, c);
    if (stats) {
      const double adds =
          static_cast<double>(k.Get(ZKACC_CNT_MSM_BUCKET_ADDS) + k.Get(ZKACC_CNT_MSM_PAIR_ADDS));
      FillStats(stats, "msm", k, adds / MsmPeakPerCycle(), t0);
    }
    return result;
  }

  bls12_381::G1Xyzz MsmBls12381(uint64_t, size_t, const Scalar*, size_t, OpStats*) override {
    throw std::invalid_argument(Bls12381Refusal());
  }

  // ----------------------------------------------------------------------------------------
  // NTT.

  void Ntt(bn254::Fr* data, size_t n, size_t batch, NttKind kind, OpStats* stats) override {
    const auto t0 = std::chrono::steady_clock::now();
    const unsigned log_max =
        Field(ntt_params_, ZKACC_NTT_PARAMS_LOG_MAX, ZKACC_NTT_PARAMS_LOG_MAX_LSB);
    // Kernels before 0.2 have no four-step (the field reads 0).
    const unsigned log_max4 = std::max(
        log_max, Field(ntt_params_, ZKACC_NTT_PARAMS_LOG_MAX_4STEP,
                       ZKACC_NTT_PARAMS_LOG_MAX_4STEP_LSB));
    if (n == 0 || (n & (n - 1)) != 0) {
      throw std::invalid_argument(Who() + ": NTT size " + std::to_string(n) +
                                  " is not a power of two");
    }
    if (n > (size_t{1} << log_max4)) {
      throw std::invalid_argument(
          Who() + ": NTT size " + std::to_string(n) + " exceeds the kernel's limit 2^" +
          std::to_string(log_max4) + " = " + std::to_string(size_t{1} << log_max4) +
          (log_max4 > log_max ? " (NTT_PARAMS.LOG_MAX_4STEP: four-step over 2^" +
                                    std::to_string(log_max) + "-element on-chip transforms)"
                              : " (NTT_PARAMS.LOG_MAX; this kernel has no four-step NTT)"));
    }
    if (batch == 0) throw std::invalid_argument(Who() + ": NTT batch = 0");
    if (data == nullptr) throw std::invalid_argument(Who() + ": NTT: null data");
    if (batch > 0xFFFFFFFFu) throw std::invalid_argument(Who() + ": NTT batch exceeds 2^32 - 1");
    RequireCap(ZKACC_CAPS_NTT, "NTT");
    if (n == 1) {  // every kind is the identity on one element (g^0 = 1, 1^-1 = 1)
      FillHostStats(stats, "ntt", t0);
      return;
    }
    unsigned log_n = 0;
    while ((size_t{1} << log_n) < n) ++log_n;
    const size_t bytes = 32 * n * batch;
    DeviceBuffer in(dev_.get(), bytes), out(dev_.get(), bytes);
    dev_->Write(in.get(), 0, data, bytes);
    zkacc_desc_ntt_t d{};
    d.opcode = ZKACC_OP_NTT;
    d.log_n = log_n;
    d.in = in.addr();
    d.out = out.addr();
    d.count = static_cast<uint32_t>(batch);
    uint8_t k = ZKACC_NTT_KIND_FORWARD;
    switch (kind) {
      case NttKind::kForward:
        k = ZKACC_NTT_KIND_FORWARD;
        break;
      case NttKind::kInverse:
        k = ZKACC_NTT_KIND_INVERSE;
        break;
      case NttKind::kCosetForward:
        k = ZKACC_NTT_KIND_COSET_FORWARD;
        break;
      case NttKind::kCosetInverse:
        k = ZKACC_NTT_KIND_COSET_INVERSE;
        break;
    }
    d.flags = k;
    d.factors = k == ZKACC_NTT_KIND_FORWARD ? 0 : Factors(log_n, k).addr();
    // Four-step sizes: a scratch buffer for the column pass and the resident twiddle table.
    DeviceBuffer scratch;
    if (log_n > log_max) {
      scratch = DeviceBuffer(dev_.get(), 32 * n);
      d.scratch = scratch.addr();
      d.twiddles = Twiddles(log_n, (k & 1u) != 0).addr();
    }
    const Counters c = Run({AsGeneric(d)});
    dev_->Read(out.get(), 0, data, bytes);
    if (stats) {
      const unsigned lanes = Field(ntt_params_, ZKACC_NTT_PARAMS_LANES, ZKACC_NTT_PARAMS_LANES_LSB);
      const double useful = static_cast<double>(batch) * static_cast<double>(n / 2) * log_n;
      FillStats(stats, "ntt", c, useful / std::max(1u, lanes), t0);
    }
  }

  // ----------------------------------------------------------------------------------------
  // Lookup multiplicities.

  std::vector<uint32_t> LookupMultiplicities(const uint32_t* indices, size_t n, size_t entries,
                                             OpStats* stats) override {
    const auto t0 = std::chrono::steady_clock::now();
    if (entries == 0) throw std::invalid_argument(Who() + ": lookup: entries = 0");
    if (entries > 0xFFFFFFFFu) {
      throw std::invalid_argument(Who() + ": lookup: entries exceeds 2^32 - 1");
    }
    if (n > 0 && indices == nullptr) throw std::invalid_argument(Who() + ": lookup: null indices");
    if (n > 0xFFFFFFFFu) throw std::invalid_argument(Who() + ": lookup: n exceeds 2^32 - 1");
    for (size_t i = 0; i < n; ++i) {
      if (indices[i] >= entries) {
        throw std::invalid_argument(Who() + ": lookup: index " + std::to_string(indices[i]) +
                                    " at position " + std::to_string(i) +
                                    " is not below entries = " + std::to_string(entries));
      }
    }
    RequireCap(ZKACC_CAPS_HIST, "HIST (lookup multiplicities)");
    std::vector<uint32_t> counts(entries, 0);
    if (n == 0) {
      FillHostStats(stats, "hist", t0);
      return counts;
    }
    const size_t window = size_t{1} << Field(hist_params_, ZKACC_HIST_PARAMS_IDX_BITS,
                                             ZKACC_HIST_PARAMS_IDX_BITS_LSB);
    DeviceBuffer idx(dev_.get(), RoundUp(4 * n, 64));
    dev_->Write(idx.get(), 0, indices, 4 * n);
    DeviceBuffer out(dev_.get(), RoundUp(4 * entries, 64));
    std::vector<zkacc_desc_t> descs;
    for (size_t base = 0; base < entries; base += window) {
      zkacc_desc_hist_t d{};
      d.opcode = ZKACC_OP_HIST;
      d.n = static_cast<uint32_t>(n);
      d.indices = idx.addr();
      d.counts = out.addr() + 4 * base;  // 4 * window: 64-byte aligned
      d.base = static_cast<uint32_t>(base);
      d.entries = static_cast<uint32_t>(std::min(window, entries - base));
      descs.push_back(AsGeneric(d));
    }
    const Counters c = Run(descs);
    dev_->Read(out.get(), 0, counts.data(), 4 * entries);
    if (stats) {
      const unsigned lanes =
          Field(hist_params_, ZKACC_HIST_PARAMS_LANES, ZKACC_HIST_PARAMS_LANES_LSB);
      FillStats(stats, "hist", c, static_cast<double>(n) / std::max(1u, lanes), t0);
    }
    return counts;
  }

  // ----------------------------------------------------------------------------------------
  // Fused matmul + requantization + table + multiplicities.

  MatmulOut Matmul(const quant::LayerShape& shape, const int8_t* w, const int8_t* x,
                   const int32_t* bias, const quant::RequantParams& rq, const quant::Table& table,
                   OpStats* stats) override {
    const auto t0 = std::chrono::steady_clock::now();
    try {
      shape.Validate();
      rq.Validate();
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(Who() + ": matmul: " + e.what());
    }
    if (w == nullptr || x == nullptr || bias == nullptr) {
      throw std::invalid_argument(Who() + ": matmul: null weights, inputs or bias");
    }
    RequireCap(ZKACC_CAPS_MATMUL, "MATMUL");
    const size_t P = Field(mm_params_, ZKACC_MM_PARAMS_P, ZKACC_MM_PARAMS_P_LSB);
    const size_t table_max =
        size_t{1} << Field(mm_params_, ZKACC_MM_PARAMS_TABLE_BITS, ZKACC_MM_PARAMS_TABLE_BITS_LSB);
    const size_t kt_max = Field(mm_params_, ZKACC_MM_PARAMS_KT_MAX, ZKACC_MM_PARAMS_KT_MAX_LSB);
    if (P != 8) {
      throw Error(Who() + ": the matmul unit reports P = " + std::to_string(P) +
                  "; this runtime lays the tiles out for P = 8 (zkacc_regmap.json)");
    }
    const size_t B = shape.batch, K = shape.k, N = shape.n;
    const size_t KT = (K + P - 1) / P, NT = (N + P - 1) / P;
    if (KT > kt_max) {
      throw std::invalid_argument(Who() + ": matmul: k = " + std::to_string(K) +
                                  " exceeds the matmul unit's limit " + std::to_string(P * kt_max) +
                                  " (P * MM_PARAMS.KT_MAX = " + std::to_string(P) + " * " +
                                  std::to_string(kt_max) + ")");
    }
    if (B > 65535 || N > 65535) {
      throw std::invalid_argument(Who() + ": matmul: batch = " + std::to_string(B) + ", n = " +
                                  std::to_string(N) + ": the kernel takes at most 65535 of each");
    }
    const size_t entries = size_t{rq.idx_max} + 1;
    if (entries > table_max) {
      throw std::invalid_argument(Who() + ": matmul: idx_max = " + std::to_string(rq.idx_max) +
                                  ": the kernel's table holds at most " +
                                  std::to_string(table_max) + " entries (MM_PARAMS.TABLE_BITS)");
    }
    if (table.values.size() < entries) {
      throw std::invalid_argument(Who() + ": matmul: the table has " +
                                  std::to_string(table.values.size()) +
                                  " entries, fewer than idx_max + 1 = " + std::to_string(entries));
    }
    // Device layouts (docs/register-map.md, MATMUL).
    std::vector<int8_t> wt(64 * NT * KT, 0);
    for (size_t s = 0; s < NT; ++s)
      for (size_t t = 0; t < KT; ++t)
        for (size_t j = 0; j < P; ++j)
          for (size_t i = 0; i < P; ++i) {
            const size_t row = s * P + j, col = t * P + i;
            if (row < N && col < K) wt[64 * (s * KT + t) + j * P + i] = w[row * K + col];
          }
    std::vector<int32_t> bs(8 * NT, 0);
    for (size_t r = 0; r < N; ++r) bs[r] = bias[r];
    std::vector<int8_t> xs(RoundUp(8 * B * KT, 64), 0);
    for (size_t v = 0; v < B; ++v)
      for (size_t kk = 0; kk < K; ++kk) xs[8 * (v * KT + kk / P) + kk % P] = x[v * K + kk];
    std::vector<int8_t> tb(RoundUp(entries, 64), 0);
    std::memcpy(tb.data(), table.values.data(), entries);

    DeviceBuffer dw(dev_.get(), wt.size()), db(dev_.get(), RoundUp(4 * bs.size(), 64)),
        dx(dev_.get(), xs.size()), dt(dev_.get(), tb.size());
    const size_t out_bytes = 64 * NT * B + 4 * entries;
    DeviceBuffer dout(dev_.get(), RoundUp(out_bytes, 64));
    dev_->Write(dw.get(), 0, wt.data(), wt.size());
    dev_->Write(db.get(), 0, bs.data(), 4 * bs.size());
    dev_->Write(dx.get(), 0, xs.data(), xs.size());
    dev_->Write(dt.get(), 0, tb.data(), tb.size());
    zkacc_desc_matmul_t d{};
    d.opcode = ZKACC_OP_MATMUL;
    d.batch = static_cast<uint32_t>(B);
    d.w = dw.addr();
    d.bias = db.addr();
    d.x = dx.addr();
    d.table = dt.addr();
    d.out = dout.addr();
    d.k_tiles = static_cast<uint16_t>(KT);
    d.n_out = static_cast<uint16_t>(N);
    d.scale = static_cast<uint16_t>(rq.scale);
    d.shift = static_cast<uint8_t>(rq.shift);
    d.offset = rq.offset;
    d.idx_max = static_cast<uint16_t>(rq.idx_max);
    const Counters c = Run({AsGeneric(d)});

    std::vector<uint8_t> raw(out_bytes);
    dev_->Read(dout.get(), 0, raw.data(), raw.size());
    MatmulOut r;
    r.acc.resize(B * N);
    r.idx.resize(B * N);
    r.act.resize(B * N);
    for (size_t s = 0; s < NT; ++s)
      for (size_t v = 0; v < B; ++v) {
        const uint8_t* word = raw.data() + 64 * (s * B + v);
        for (size_t j = 0; j < P && s * P + j < N; ++j) {
          const size_t o = v * N + s * P + j;
          int32_t acc;
          uint16_t idx;
          std::memcpy(&acc, word + 4 * j, 4);
          std::memcpy(&idx, word + 32 + 2 * j, 2);
          r.acc[o] = acc;
          r.idx[o] = idx;
          r.act[o] = static_cast<int8_t>(word[48 + j]);
        }
      }
    r.counts.assign(table.values.size(), 0);
    std::memcpy(r.counts.data(), raw.data() + 64 * NT * B, 4 * entries);
    if (stats) {
      FillStats(stats, "mm", c, static_cast<double>(shape.Macs()) / static_cast<double>(P * P), t0);
    }
    return r;
  }

 private:
  struct Bases {
    DeviceBuffer buf;
    size_t n;
  };

  // The counter registers after a run.
  struct Counters {
    std::map<uint32_t, uint64_t> v;
    uint64_t Get(uint32_t off) const {
      auto it = v.find(off);
      return it == v.end() ? 0 : it->second;
    }
  };

  static constexpr unsigned kMsmScalarBitsNominal = 254;  // windows = ceil(255 / c)
  static constexpr size_t kMaxExtras = 256;

  std::string Who() const { return name_ + " (" + dev_->Name() + ")"; }

  std::string Bls12381Refusal() const {
    return Who() +
           ": BLS12-381 MSMs are not supported: the kernel's MSM unit is BN254 G1 only "
           "(CAPS.MSM_BLS12_381 = " +
           std::to_string((caps_ & ZKACC_CAPS_MSM_BLS12_381) ? 1 : 0) +
           "); use the cpu engine for BLS12-381";
  }

  void RequireCap(uint32_t bit, const char* unit) const {
    if ((caps_ & bit) == 0) {
      throw std::invalid_argument(Who() + ": the kernel has no " + std::string(unit) +
                                  " unit (CAPS = " + Hex(caps_) + ")");
    }
  }

  // Window size c from the scalars. The unit spends about one cycle per non-zero signed digit
  // (zero digits are free: docs/msm-unit.md) and the readout two beats per bucket, Buckets(c) =
  // Windows(c) 2^(c-1) whatever the scalars. A b-bit scalar has at most ceil((b + 1) / c)
  // non-zero digits (the signed recoding may carry once), so
  //   cost(c) = sum_i min(Windows(c), ceil((b_i + 1) / c)) + 2 Windows(c) 2^(c-1),
  // from a histogram of the scalars' bit lengths, minimized over the unit's range. For uniform
  // scalars this is Windows(c) (n + 2^c); for zkML scalars (mostly 0, 1 or a few bits) the
  // readout dominates and a small c wins.
  unsigned ChooseWindow(const Scalar* scalars, size_t n) const {
    const unsigned c_min = Field(msm_params_, ZKACC_MSM_PARAMS_C_MIN, ZKACC_MSM_PARAMS_C_MIN_LSB);
    const unsigned c_max = Field(msm_params_, ZKACC_MSM_PARAMS_C_MAX, ZKACC_MSM_PARAMS_C_MAX_LSB);
    std::vector<size_t> bits(257, 0);  // scalars by bit length
    for (size_t i = 0; i < n; ++i) {
      unsigned b = 0;
      for (int l = 3; l >= 0; --l) {
        if (scalars[i][l] != 0) {
          b = 64 * static_cast<unsigned>(l) + 64 - static_cast<unsigned>(__builtin_clzll(scalars[i][l]));
          break;
        }
      }
      ++bits[b];
    }
    unsigned best = c_min;
    double best_cost = 0;
    for (unsigned c = c_min; c <= c_max; ++c) {
      const unsigned w = SignedWindowCount(kMsmScalarBitsNominal, c);
      double digits = 0;
      for (unsigned b = 1; b <= 256; ++b) {
        if (bits[b] == 0) continue;
        digits += static_cast<double>(bits[b]) * std::min(w, (b + 1 + c - 1) / c);
      }
      const double cost = digits + 2.0 * w * static_cast<double>(1u << (c - 1));
      if (c == c_min || cost < best_cost) {
        best = c;
        best_cost = cost;
      }
    }
    return best;
  }

  // One point addition per cycle is the MSM unit's peak.
  static double MsmPeakPerCycle() { return 1.0; }

  // A table of field elements kept resident in device memory under `key`: built by `make` and
  // uploaded on first use.
  template <class Make>
  const DeviceBuffer& Resident(std::map<uint32_t, DeviceBuffer>& cache, uint32_t key, Make make) {
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    const std::vector<bn254::Fr> t = make();
    DeviceBuffer buf(dev_.get(), 32 * t.size());
    dev_->Write(buf.get(), 0, t.data(), 32 * t.size());
    return cache.emplace(key, std::move(buf)).first->second;
  }

  // NTT factor tables, resident per (log_n, kind).
  const DeviceBuffer& Factors(unsigned log_n, uint8_t kind) {
    return Resident(ntt_factors_, log_n * 4 + kind, [&] {
      const size_t n = size_t{1} << log_n;
      const bool coset =
          kind == ZKACC_NTT_KIND_COSET_FORWARD || kind == ZKACC_NTT_KIND_COSET_INVERSE;
      std::vector<bn254::Fr> f(2 + (coset ? n : 0), bn254::Fr::Zero());
      f[0] = bn254::Fr::FromU64(n).Inverse();
      if (coset) {
        bn254::Fr g = bn254::Fr::FromU64(5);  // zkacc::Ntt's shift (the field's generator)
        if (kind == ZKACC_NTT_KIND_COSET_INVERSE) g = g.Inverse();
        bn254::Fr p = bn254::Fr::One();
        for (size_t j = 0; j < n; ++j) {
          f[2 + j] = p;
          p *= g;
        }
      }
      return f;
    });
  }

  // Four-step twiddle tables (NTT descriptor, rtl/top/zkacc_regmap.json), resident per
  // (log_n, direction): TB[i] = w^i (i < n2), then TA[i] = w^(i n2) (i < n1), n1 =
  // 2^floor(log_n / 2), n2 = n / n1, w = RootOfUnity(n) (zkacc::Ntt's), inverted for the
  // inverse kinds; the kernel forms w^(k1 j2) = TA[hi] TB[lo] on chip.
  const DeviceBuffer& Twiddles(unsigned log_n, bool inverse) {
    return Resident(ntt_twiddles_, log_n * 2 + (inverse ? 1u : 0u), [&] {
      const size_t n = size_t{1} << log_n, n1 = size_t{1} << (log_n / 2), n2 = n / n1;
      bn254::Fr w = RootOfUnity<bn254::Fr>(n);
      if (inverse) w = w.Inverse();
      std::vector<bn254::Fr> t(n2 + n1);
      bn254::Fr f = bn254::Fr::One();
      for (size_t i = 0; i < n2; ++i, f *= w) t[i] = f;  // ends at f = w^n2
      const bn254::Fr w_n2 = f;
      f = bn254::Fr::One();
      for (size_t i = 0; i < n1; ++i, f *= w_n2) t[n2 + i] = f;
      return t;
    });
  }

  // Runs the descriptors (one kernel run); throws on a kernel error. Returns
  // the counters.
  Counters Run(const std::vector<zkacc_desc_t>& descs) {
    std::lock_guard<std::mutex> lock(mu_);
    DeviceBuffer db(dev_.get(), 64 * descs.size());
    dev_->Write(db.get(), 0, descs.data(), 64 * descs.size());
    dev_->WriteReg(ZKACC_REG_DESC_LO, static_cast<uint32_t>(db.addr()));
    dev_->WriteReg(ZKACC_REG_DESC_HI, static_cast<uint32_t>(db.addr() >> 32));
    dev_->WriteReg(ZKACC_REG_COUNT, static_cast<uint32_t>(descs.size()));
    dev_->Start();
    dev_->Wait(opt_.timeout);
    const uint32_t code = dev_->ReadReg(ZKACC_REG_ERROR_CODE);
    if (code != ZKACC_ERR_NONE) {
      const uint32_t index = dev_->ReadReg(ZKACC_REG_ERROR_INDEX);
      const uint32_t info = dev_->ReadReg(ZKACC_REG_ERROR_INFO);
      const unsigned detail = Field(info, ZKACC_ERROR_INFO_DETAIL, ZKACC_ERROR_INFO_DETAIL_LSB);
      const unsigned resp = Field(info, ZKACC_ERROR_INFO_RESP, ZKACC_ERROR_INFO_RESP_LSB);
      std::string msg = Who() + ": the kernel reported error " + std::to_string(code) + " " +
                        ErrorName(code) + ", detail " + std::to_string(detail) + " (" +
                        DetailName(detail) + ")";
      if (resp) msg += ", AXI response " + std::string(resp == 2 ? "SLVERR" : "DECERR");
      msg += ", at descriptor " + std::to_string(index);
      if (index < descs.size()) msg += ": " + DescribeDescriptor(descs[index]);
      throw Error(msg);
    }
    Counters c;
    for (uint32_t i = 0; i < ZKACC_NUM_COUNTERS; ++i) {
      const uint32_t off = ZKACC_COUNTERS_BASE + 8 * i;
      const uint64_t lo = dev_->ReadReg(off), hi = dev_->ReadReg(off + 4);
      c.v[off] = lo | (hi << 32);
    }
    return c;
  }

  void FillStats(OpStats* s, const char* unit, const Counters& c, double useful_per_peak,
                 std::chrono::steady_clock::time_point t0) const {
    if (!s) return;
    *s = OpStats{};
    s->unit = unit;
    s->has_cycles = true;
    s->cycles = c.Get(ZKACC_CNT_CYCLES);
    s->clock_mhz = opt_.clock_mhz;
    s->modelled_seconds = static_cast<double>(s->cycles) / (opt_.clock_mhz * 1e6);
    s->utilization = s->cycles ? useful_per_peak / static_cast<double>(s->cycles) : 0;
    s->wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  void FillHostStats(OpStats* s, const char* unit, std::chrono::steady_clock::time_point t0) const {
    if (!s) return;
    *s = OpStats{};
    s->unit = unit;
    s->clock_mhz = opt_.clock_mhz;
    s->wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  std::string name_;
  std::unique_ptr<Device> dev_;
  KernelEngineOptions opt_;
  uint32_t version_ = 0, caps_ = 0, msm_params_ = 0, ntt_params_ = 0, hist_params_ = 0,
           mm_params_ = 0;
  std::map<uint64_t, Bases> bases_;
  std::map<uint32_t, DeviceBuffer> ntt_factors_, ntt_twiddles_;
  uint64_t next_handle_ = 1;
  std::mutex mu_;
};

double ParseDouble(const std::string& key, const std::string& v) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(d > 0)) {
    throw std::invalid_argument("engine option " + key + "=" + v + ": not a positive number");
  }
  return d;
}

}  // namespace

std::unique_ptr<Engine> MakeKernelEngine(std::unique_ptr<Device> device,
                                         const KernelEngineOptions& options) {
  if (!device) throw std::invalid_argument("MakeKernelEngine: no device");
  const std::string name = device->Name();
  return std::make_unique<KernelEngine>(name, std::move(device), options);
}

std::unique_ptr<Engine> MakeKernelEngineFromName(const std::string& prefix,
                                                 const std::string& argument) {
  if (prefix != "sim" && prefix != "xrt") {
    throw std::invalid_argument("kernel engine: unknown prefix '" + prefix + "' (sim, xrt)");
  }
  KernelEngineOptions opt;
  OpenOptions open;
  std::string preset, card;
  bool hang = false;
  std::stringstream ss(argument);
  std::string item;
  bool first = true;
  while (std::getline(ss, item, ',')) {
    const bool was_first = first;
    first = false;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    const std::string key = item.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (prefix == "xrt" && was_first && eq == std::string::npos) {
      card = item;
    } else if (prefix == "sim" && eq == std::string::npos && (item == "hbm" || item == "ddr")) {
      preset = item;
    } else if (prefix == "sim" && item == "hang") {
      hang = true;
    } else if (key == "timeout_ms" && eq != std::string::npos) {
      char* end = nullptr;
      const unsigned long long ms = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || value[0] == '-' || ms == 0) {
        throw std::invalid_argument("engine option timeout_ms=" + value +
                                    ": not a positive integer");
      }
      opt.timeout = std::chrono::milliseconds(ms);
    } else if (prefix == "sim" && key == "trace" && eq != std::string::npos) {
      if (value.empty()) throw std::invalid_argument("engine option trace= needs a file name");
      open.trace_file = value;
    } else if (key == "clock_mhz" && eq != std::string::npos) {
      opt.clock_mhz = ParseDouble(key, value);
    } else {
      throw std::invalid_argument(
          "engine " + prefix + ": unknown option '" + item + "' in '" + argument + "' (" +
          (prefix == "sim" ? "known: hbm, ddr, hang, timeout_ms=N, trace=FILE, clock_mhz=F"
                           : "xrt:N[,timeout_ms=N][,clock_mhz=F]") +
          ")");
    }
  }
  std::unique_ptr<Device> dev;
  std::string name;
  if (prefix == "sim") {
    std::string dev_name = "verilator:" + (preset.empty() ? std::string("hbm") : preset);
    if (hang) dev_name += ",hang";
    char buf[64];
    std::snprintf(buf, sizeof buf, ",clock_mhz=%g", opt.clock_mhz);
    dev_name += buf;
    open.memory = preset.empty() ? "hbm" : preset;
    dev = Open(dev_name, open);  // driver errors name the device
    name = "sim" + (argument.empty() ? std::string() : ":" + argument);
  } else {
    if (card.empty()) throw std::invalid_argument("engine xrt: name the card: \"xrt:N\"");
    dev = Open("xrt:" + card, open);
    name = "xrt:" + argument;
  }
  return std::make_unique<KernelEngine>(name, std::move(dev), opt);
}

void RegisterKernelEngines() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterEngine("sim",
                   [](const std::string& arg) { return MakeKernelEngineFromName("sim", arg); });
    RegisterEngine("xrt",
                   [](const std::string& arg) { return MakeKernelEngineFromName("xrt", arg); });
  });
}

}  // namespace zkacc::driver
