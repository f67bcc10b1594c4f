/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zkacc.h: the public C ABI of libzkacc (SONAME libzkacc.so.0), usable from C99 and C++.
 *
 * One API for every device: "cpu" (the host library's fast CPU code), "sim[:options]" (the RTL
 * kernel under Verilator, through the hardware layer), "xrt:N" (an Alveo card). Provers pass
 * their own in-memory layouts (scalar and base representation, stride, infinity encoding,
 * output form); presets cover arkworks, gnark-crypto, halo2curves, rapidsnark and ICICLE.
 *
 *   zkacc_device* dev;
 *   if (zkacc_device_open("cpu", &dev) != ZKACC_OK) { puts(zkacc_last_error()); return 1; }
 *   zkacc_msm_layout layout;
 *   zkacc_layout_preset(ZKACC_PRESET_GNARK, ZKACC_CURVE_BN254, &layout);
 *   zkacc_bases* bases;
 *   zkacc_bases_upload(dev, ZKACC_CURVE_BN254, points, n, &layout, &bases);  // once per key
 *   uint8_t out[96];                                                          // Jacobian
 *   zkacc_op_stats stats;
 *   zkacc_status st = zkacc_msm(dev, bases, 0, scalars, n, &layout, out, sizeof out, &stats);
 *   zkacc_bases_free(bases);
 *   zkacc_device_close(dev);
 *
 * Conventions. Every function that can fail returns a zkacc_status; on failure it leaves its
 * outputs unspecified (handles: set to NULL) and sets a message for zkacc_last_error() on the
 * calling thread that names the function and what was wrong. Field elements are 64-bit
 * little-endian limbs (BN254: 4 limbs = 32 bytes, BLS12-381 Fq: 6 limbs = 48 bytes; scalars
 * of both curves: 32 bytes), canonical or Montgomery with R = 2^(64*limbs) as each call says.
 * Calls on one device are serialized internally; devices are independent. Parameters that take
 * one of the enums below are declared int (the enum's values), so any value a caller passes is
 * well defined and an unknown one is rejected with a status; struct fields are uint32_t.
 *
 * Versioning: ZKACC_ABI_VERSION_MAJOR is the SONAME number; within one major version only
 * additions happen (new functions, new enum values, new fields at the end of structs that
 * carry a struct_size), so a program built against minor m runs with any library of minor
 * >= m. zkacc_abi_version() returns the library's (major << 16) | minor. docs/host-api.md.
 */
#ifndef ZKACC_ZKACC_H_
#define ZKACC_ZKACC_H_

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define ZKACC_EXPORT
#elif defined(ZKACC_BUILDING_API)
#define ZKACC_EXPORT __attribute__((visibility("default")))
#else
#define ZKACC_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define ZKACC_ABI_VERSION_MAJOR 0
#define ZKACC_ABI_VERSION_MINOR 1
#define ZKACC_ABI_VERSION ((ZKACC_ABI_VERSION_MAJOR << 16) | ZKACC_ABI_VERSION_MINOR)

typedef enum zkacc_status {
  ZKACC_OK = 0,
  ZKACC_ERR_NULL_POINTER = 1,     /* a required pointer argument is NULL */
  ZKACC_ERR_INVALID_ARGUMENT = 2, /* a bad enum value, flag or parameter */
  ZKACC_ERR_INVALID_SIZE = 3,     /* n = 0, NTT size not a power of two, range beyond bases */
  ZKACC_ERR_UNSUPPORTED = 4,      /* unknown curve, or an operation this device cannot do */
  ZKACC_ERR_BAD_LAYOUT = 5,       /* stride smaller than a point, flag offset inside it */
  ZKACC_ERR_BUFFER_TOO_SMALL = 6, /* an output (or in-place) buffer is smaller than needed */
  ZKACC_ERR_NOT_ON_CURVE = 7,     /* a base point is not on the curve */
  ZKACC_ERR_NOT_IN_SUBGROUP = 8,  /* a BLS12-381 base is not in the prime-order subgroup */
  ZKACC_ERR_OUT_OF_RANGE = 9,     /* scalar >= r, coordinate >= p, element >= r, index >= entries */
  ZKACC_ERR_UNKNOWN_DEVICE = 10,  /* no engine registered for the device name */
  ZKACC_ERR_DEVICE = 11,          /* the device failed (driver error, kernel error code) */
  ZKACC_ERR_TIMEOUT = 12,         /* the device did not finish in time (ap_done never came) */
  ZKACC_ERR_OUT_OF_MEMORY = 13,
  ZKACC_ERR_WRONG_DEVICE = 14, /* bases handle used with another device than its own */
  ZKACC_ERR_INTERNAL = 15
} zkacc_status;

typedef enum zkacc_curve { ZKACC_CURVE_BN254 = 1, ZKACC_CURVE_BLS12_381 = 2 } zkacc_curve;

/* Representation of field elements in memory. */
typedef enum zkacc_repr {
  ZKACC_REPR_CANONICAL = 0, /* the integer value, little-endian 64-bit limbs */
  ZKACC_REPR_MONTGOMERY = 1 /* a * R mod m, R = 2^(64*limbs) (arkworks, gnark, halo2curves) */
} zkacc_repr;

/* How a base in affine form encodes the point at infinity. */
typedef enum zkacc_infinity {
  ZKACC_INFINITY_ZERO = 0, /* x = y = 0 (gnark-crypto, halo2curves, rapidsnark, ICICLE) */
  ZKACC_INFINITY_FLAG = 1  /* a byte at infinity_offset, non-zero = infinity (arkworks) */
} zkacc_infinity;

/* Form of the MSM result (coordinates in output_repr). Infinity: affine (0, 0); Jacobian
 * (1, 1, 0); projective (0, 1, 0); XYZZ (1, 1, 0, 0). */
typedef enum zkacc_point_form {
  ZKACC_FORM_AFFINE = 0,     /* (x, y)                                     2 coordinates */
  ZKACC_FORM_JACOBIAN = 1,   /* (X, Y, Z): x = X/Z^2, y = Y/Z^3             3 coordinates */
  ZKACC_FORM_PROJECTIVE = 2, /* (X, Y, Z): x = X/Z, y = Y/Z (homogeneous)   3 coordinates */
  ZKACC_FORM_XYZZ = 3        /* (X, Y, ZZ, ZZZ): x = X/ZZ, y = Y/ZZZ        4 coordinates */
} zkacc_point_form;

/* Layout of MSM data in the caller's memory. zkacc_bases_upload reads the base fields
 * (base_repr, base_stride, infinity, infinity_offset); zkacc_msm / zkacc_msm_batch read the
 * scalar and output fields (scalar_repr, output_form, output_repr). Every field's zero value
 * is a valid choice: a zeroed struct with struct_size set means canonical scalars and
 * coordinates, bases of 2 coordinates, (0, 0) infinity, affine output; fields beyond the
 * caller's struct_size read as zero. A NULL layout is zkacc's native layout, the one of
 * zkacc_layout_preset(ZKACC_PRESET_ZKACC, ...): canonical scalars, Montgomery bases and
 * results, (0, 0) infinity, affine output. */
typedef struct zkacc_msm_layout {
  size_t struct_size;     /* sizeof(zkacc_msm_layout): lets later minor versions add fields */
  uint32_t scalar_repr;   /* zkacc_repr of the 32-byte scalars */
  uint32_t base_repr;     /* zkacc_repr of the base coordinates */
  size_t base_stride;     /* bytes from one base to the next; 0 = 2 coordinates (+1: flag) */
  uint32_t infinity;      /* zkacc_infinity */
  size_t infinity_offset; /* byte offset of the flag in a base (FLAG only; >= 2 coordinates) */
  uint32_t output_form;   /* zkacc_point_form of the result */
  uint32_t output_repr;   /* zkacc_repr of the result coordinates */
} zkacc_msm_layout;

/* The layouts of the callers of docs/host-api.md; MSM results in each library's own point
 * type (arkworks Projective = Jacobian, gnark G1Jac, halo2curves G1 = projective, rapidsnark
 * G1Point = XYZZ, ICICLE projective). */
typedef enum zkacc_preset {
  ZKACC_PRESET_ZKACC = 0,       /* native: see zkacc_msm_layout */
  ZKACC_PRESET_ARKWORKS = 1,    /* Montgomery Fr; Affine {x, y, infinity: bool} padded; Jacobian */
  ZKACC_PRESET_GNARK = 2,       /* Montgomery fr.Element; G1Affine {X, Y}, (0,0); G1Jac */
  ZKACC_PRESET_HALO2CURVES = 3, /* Montgomery Fr; G1Affine {x, y}, (0,0); G1 projective */
  ZKACC_PRESET_RAPIDSNARK = 4,  /* canonical LE scalars; Montgomery {x, y}, (0,0); XYZZ */
  ZKACC_PRESET_ICICLE = 5       /* canonical scalars and points (default flags); projective */
} zkacc_preset;

typedef enum zkacc_ntt_kind {
  ZKACC_NTT_FORWARD = 0,       /* X_j = sum_k x_k w^(jk) */
  ZKACC_NTT_INVERSE = 1,       /* x_j = n^-1 sum_k X_k w^(-jk) */
  ZKACC_NTT_COSET_FORWARD = 2, /* X_j = sum_k x_k (g w^j)^k, g the field's generator */
  ZKACC_NTT_COSET_INVERSE = 3  /* the inverse of the coset forward transform */
} zkacc_ntt_kind;

/* Activation tables of zkacc_activation_table (quant.h): f over q = idx - offset. */
typedef enum zkacc_table_kind {
  ZKACC_TABLE_RELU = 0,
  ZKACC_TABLE_GELU = 1,
  ZKACC_TABLE_SIGMOID = 2
} zkacc_table_kind;

/* What one call cost. has_cycles = 0 on the cpu device (wall time only). Cycles of a simulated
 * device are simulated kernel cycles; modelled_seconds = cycles / clock, at the stated clock,
 * not a measurement of hardware. */
typedef struct zkacc_op_stats {
  int has_cycles;          /* 1 when cycles, clock_mhz, modelled_seconds are meaningful */
  uint64_t cycles;         /* kernel cycles, ap_start to ap_done (sum over a batch) */
  double clock_mhz;        /* the clock the cycles are modelled at */
  double modelled_seconds; /* cycles / clock_mhz */
  double utilization;      /* useful operations per cycle over the unit's peak (0 = n/a) */
  double wall_seconds;     /* host wall time of the call */
  char unit[16];           /* the unit that ran: "cpu", "msm", "ntt", "mm", "hist", ... */
} zkacc_op_stats;

/* Requantization and shape of zkacc_matmul (quant.h: idx = clamp(((acc * scale + round) >>
 * shift) + offset, 0, idx_max)). */
typedef struct zkacc_matmul_params {
  size_t batch;     /* input vectors */
  size_t k;         /* inputs per vector (columns of W) */
  size_t n;         /* outputs per vector (rows of W) */
  uint32_t scale;   /* 0 .. 65535 */
  uint32_t shift;   /* 0 .. 47 */
  int32_t offset;   /* table index of q = 0 */
  uint32_t idx_max; /* the table's last index (table_entries - 1), 0 .. 65535 */
} zkacc_matmul_params;

typedef struct zkacc_device zkacc_device; /* an open device */
typedef struct zkacc_bases zkacc_bases;   /* MSM bases resident on a device */

/* ---- version, errors ---- */
ZKACC_EXPORT uint32_t zkacc_abi_version(void);            /* (major << 16) | minor of the library */
ZKACC_EXPORT const char* zkacc_version_string(void);      /* e.g. "zkacc 0.1.0 (ABI 0.1)" */
ZKACC_EXPORT const char* zkacc_status_string(int status); /* "ZKACC_ERR_TIMEOUT" */
/* The message of the last failed call on this thread ("" if none); valid until the next call
 * on this thread. */
ZKACC_EXPORT const char* zkacc_last_error(void);

/* ---- devices ---- */
/* Writes the registered engine prefixes, comma-separated and NUL-terminated, into buf (may be
 * NULL if size is 0); *needed (optional) receives the size including the NUL. */
ZKACC_EXPORT zkacc_status zkacc_engine_names(char* buf, size_t size, size_t* needed);
/* name: "cpu", "sim", "sim:ddr,timeout_ms=500", "xrt:0", ... */
ZKACC_EXPORT zkacc_status zkacc_device_open(const char* name, zkacc_device** out);
/* Closes the device (NULL is ignored). Bases still allocated keep the engine alive until
 * they are freed. */
ZKACC_EXPORT void zkacc_device_close(zkacc_device* dev);
ZKACC_EXPORT const char* zkacc_device_name(const zkacc_device* dev); /* NULL for NULL */

/* ---- layouts ---- */
ZKACC_EXPORT zkacc_status zkacc_layout_preset(int preset, int curve, zkacc_msm_layout* out);
/* Bytes of one coordinate (32 for BN254 Fq, 48 for BLS12-381 Fq; 0 for an unknown curve). */
ZKACC_EXPORT size_t zkacc_coordinate_bytes(int curve);
/* Bytes of one MSM result in the layout's output form (0 if the curve or form is unknown). */
ZKACC_EXPORT size_t zkacc_msm_result_bytes(int curve, const zkacc_msm_layout* layout);

/* ---- MSM ---- */
/* Validates and converts n bases (stride layout->base_stride) to the device format and keeps
 * them resident: coordinates < p, points on the curve, BLS12-381 points in the subgroup. */
ZKACC_EXPORT zkacc_status zkacc_bases_upload(zkacc_device* dev, int curve, const void* points,
                                             size_t n, const zkacc_msm_layout* layout,
                                             zkacc_bases** out);
ZKACC_EXPORT void zkacc_bases_free(zkacc_bases* bases); /* NULL is ignored */
ZKACC_EXPORT size_t zkacc_bases_count(const zkacc_bases* bases);
ZKACC_EXPORT zkacc_curve zkacc_bases_curve(const zkacc_bases* bases);

/* out = sum_{i < n} scalars[i] * bases[offset + i]; scalars: n x 32 bytes (< r, in
 * layout->scalar_repr); out: out_size >= zkacc_msm_result_bytes. stats may be NULL. */
ZKACC_EXPORT zkacc_status zkacc_msm(zkacc_device* dev, const zkacc_bases* bases, size_t offset,
                                    const void* scalars, size_t n, const zkacc_msm_layout* layout,
                                    void* out, size_t out_size, zkacc_op_stats* stats);
/* batch MSMs over the same bases[offset, offset + n): scalars batch x n x 32 bytes (MSM j
 * reads scalars + 32 n j), results one after the other in out (out_size >= batch x result
 * bytes). stats: totals of the batch. */
ZKACC_EXPORT zkacc_status zkacc_msm_batch(zkacc_device* dev, const zkacc_bases* bases,
                                          size_t offset, const void* scalars, size_t n,
                                          size_t batch, const zkacc_msm_layout* layout, void* out,
                                          size_t out_size, zkacc_op_stats* stats);

/* ---- NTT ---- */
/* In place, natural order: batch transforms of n = 2^k elements of the curve's scalar field
 * Fr, 32 bytes each in repr, one after the other; data_size >= batch x n x 32 bytes. */
ZKACC_EXPORT zkacc_status zkacc_ntt(zkacc_device* dev, int curve, int kind, void* data, size_t n,
                                    size_t batch, int repr, size_t data_size,
                                    zkacc_op_stats* stats);

/* ---- lookups and matmul ---- */
/* counts[v] = #{i < n : indices[i] == v} for v < entries (counts holds entries values). */
ZKACC_EXPORT zkacc_status zkacc_lookup_multiplicities(zkacc_device* dev, const uint32_t* indices,
                                                      size_t n, uint32_t* counts, size_t entries,
                                                      zkacc_op_stats* stats);
/* Fills table[0 .. entries) with the activation of quant.h (in_scale 16, out_scale 127 are the
 * tool's defaults). */
ZKACC_EXPORT zkacc_status zkacc_activation_table(int kind, size_t entries, int32_t offset,
                                                 double in_scale, double out_scale, int8_t* table);
/* y = table[requant(W x + bias)]: w n x k, x batch x k (row-major int8), bias n int32, table
 * idx_max + 1 int8 values. Outputs (batch x n each): acc (int32, optional), idx (optional),
 * act (required); counts (optional, idx_max + 1): multiplicities of the table indices. */
ZKACC_EXPORT zkacc_status zkacc_matmul(zkacc_device* dev, const zkacc_matmul_params* params,
                                       const int8_t* w, const int8_t* x, const int32_t* bias,
                                       const int8_t* table, int32_t* acc, uint32_t* idx,
                                       int8_t* act, uint32_t* counts, zkacc_op_stats* stats);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ZKACC_ZKACC_H_ */
