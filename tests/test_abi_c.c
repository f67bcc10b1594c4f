/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zkacc.h from C99 (compiled with -std=c99 -pedantic -Werror): the header is plain C, the
 * library links from C, and a few calls give results known independently of the library:
 *   MSM   1*G = G = (1, 2), (r-1)*G = -G = (1, p-2), 0*G = infinity (0, 0)   (BN254)
 *   NTT   n = 2: [a, b] -> [a + b, a - b]
 *   bad   a NULL pointer returns ZKACC_ERR_NULL_POINTER with a message naming it.
 * Prints one line per failed check; exit code 0 when all pass.
 *
 *   ./zkacc_abi_c_test
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "zkacc/zkacc.h"

static int failures = 0;

#define EXPECT(cond)                                                           \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("FAILED %s:%d: %s (last error: %s)\n", __FILE__, __LINE__, #cond, \
             zkacc_last_error());                                              \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* Little-endian 64-bit limbs of small values and of the BN254 constants (vectors README). */
static void SetU64(uint8_t* out, uint64_t v) {
  int i;
  memset(out, 0, 32);
  for (i = 0; i < 8; ++i) out[i] = (uint8_t)(v >> (8 * i));
}
static void SetLimbs(uint8_t* out, const uint64_t limbs[4]) {
  int i, j;
  for (i = 0; i < 4; ++i) {
    for (j = 0; j < 8; ++j) out[8 * i + j] = (uint8_t)(limbs[i] >> (8 * j));
  }
}
static const uint64_t kR[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL,
                               0x30644e72e131a029ULL};
static const uint64_t kP[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL,
                               0x30644e72e131a029ULL};

int main(void) {
  zkacc_device* dev = NULL;
  zkacc_bases* bases = NULL;
  zkacc_msm_layout layout;
  zkacc_op_stats stats;
  uint8_t point[64], scalars[3 * 32], out[64], want[64], data[64], sum[32], diff[32];
  uint64_t rm1[4], pm2[4];
  zkacc_status st;

  EXPECT((zkacc_abi_version() >> 16) == ZKACC_ABI_VERSION_MAJOR);
  EXPECT((zkacc_abi_version() & 0xffff) >= ZKACC_ABI_VERSION_MINOR);
  EXPECT(strcmp(zkacc_status_string(ZKACC_ERR_NULL_POINTER), "ZKACC_ERR_NULL_POINTER") == 0);

  st = zkacc_device_open(NULL, &dev);
  EXPECT(st == ZKACC_ERR_NULL_POINTER);
  EXPECT(strstr(zkacc_last_error(), "name is NULL") != NULL);
  st = zkacc_device_open("cpu", &dev);
  EXPECT(st == ZKACC_OK);
  if (st != ZKACC_OK) return 1;
  EXPECT(strcmp(zkacc_device_name(dev), "cpu") == 0);

  /* ICICLE layout: canonical points and scalars, (0, 0) infinity, projective output. Use the
   * affine canonical output form of the same layout to compare bytes. */
  EXPECT(zkacc_layout_preset(ZKACC_PRESET_ICICLE, ZKACC_CURVE_BN254, &layout) == ZKACC_OK);
  layout.output_form = ZKACC_FORM_AFFINE;
  SetU64(point, 1);
  SetU64(point + 32, 2); /* G = (1, 2) */
  st = zkacc_bases_upload(dev, ZKACC_CURVE_BN254, point, 1, &layout, &bases);
  EXPECT(st == ZKACC_OK);
  if (st != ZKACC_OK) return 1;
  EXPECT(zkacc_bases_count(bases) == 1);

  SetU64(scalars, 1);
  memset(&stats, 0xff, sizeof stats);
  EXPECT(zkacc_msm(dev, bases, 0, scalars, 1, &layout, out, sizeof out, &stats) == ZKACC_OK);
  EXPECT(memcmp(out, point, 64) == 0);
  EXPECT(stats.has_cycles == 0);
  EXPECT(stats.wall_seconds >= 0);
  EXPECT(strcmp(stats.unit, "cpu") == 0);

  memcpy(rm1, kR, sizeof rm1);
  rm1[0] -= 1; /* r - 1 */
  memcpy(pm2, kP, sizeof pm2);
  pm2[0] -= 2; /* p - 2 = -2 mod p */
  SetLimbs(scalars + 32, rm1);
  SetU64(scalars + 64, 0);
  /* A batch of three MSMs over the one base: 1*G, (r-1)*G = -G, 0*G = infinity. */
  {
    uint8_t outs[3 * 64];
    EXPECT(zkacc_msm_batch(dev, bases, 0, scalars, 1, 3, &layout, outs, sizeof outs, NULL) ==
           ZKACC_OK);
    EXPECT(memcmp(outs, point, 64) == 0);
    SetU64(want, 1);
    SetLimbs(want + 32, pm2);
    EXPECT(memcmp(outs + 64, want, 64) == 0);
    memset(want, 0, 64);
    EXPECT(memcmp(outs + 128, want, 64) == 0);
  }
  /* Too small an output buffer, a scalar equal to r. */
  EXPECT(zkacc_msm(dev, bases, 0, scalars, 1, &layout, out, 63, NULL) ==
         ZKACC_ERR_BUFFER_TOO_SMALL);
  EXPECT(strstr(zkacc_last_error(), "out_size = 63") != NULL);
  SetLimbs(scalars, kR);
  EXPECT(zkacc_msm(dev, bases, 0, scalars, 1, &layout, out, 64, NULL) == ZKACC_ERR_OUT_OF_RANGE);
  EXPECT(strstr(zkacc_last_error(), "scalar 0") != NULL);
  zkacc_bases_free(bases);

  /* NTT of size 2 (w = -1): [a, b] -> [a + b, a - b], canonical representation. */
  SetU64(data, 7);
  SetU64(data + 32, 5);
  EXPECT(zkacc_ntt(dev, ZKACC_CURVE_BN254, ZKACC_NTT_FORWARD, data, 2, 1, ZKACC_REPR_CANONICAL,
                   sizeof data, NULL) == ZKACC_OK);
  SetU64(sum, 12);
  SetU64(diff, 2);
  EXPECT(memcmp(data, sum, 32) == 0);
  EXPECT(memcmp(data + 32, diff, 32) == 0);
  EXPECT(zkacc_ntt(dev, ZKACC_CURVE_BN254, ZKACC_NTT_FORWARD, data, 3, 1, ZKACC_REPR_CANONICAL,
                   sizeof data, NULL) == ZKACC_ERR_INVALID_SIZE);

  zkacc_device_close(dev);
  zkacc_device_close(NULL);
  zkacc_bases_free(NULL);
  if (failures == 0) printf("zkacc C ABI test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
