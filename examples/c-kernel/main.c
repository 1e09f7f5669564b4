/* Calls the attention kernel that mha-compile generated from attention.mlir
 * through its plain C entry point and checks it against a naive loop in
 * double precision. Exit code 0 when the relative L2 error is below 1e-5 and
 * inconsistent sizes are refused. */
#include "attention.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { HQ = 8, HKV = 2, E = 64 };

/* Deterministic values in [-1, 1). */
static void fill(float *x, int64_t n, uint64_t seed) {
  uint64_t s = seed * 2654435761u + 1;
  for (int64_t i = 0; i < n; ++i) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    x[i] = (float)((double)(s >> 11) / (double)(1ull << 53) * 2.0 - 1.0);
  }
}

/* softmax(q k^T / sqrt(E)) v per head, query head h reading key/value head
 * h / (HQ / HKV), key j allowed for query i when j <= i + (S - L). */
static void naive_attention(const float *q, const float *k, const float *v,
                            double *out, int64_t B, int64_t L, int64_t S) {
  double *p = malloc(sizeof(double) * (size_t)S);
  const double scale = 1.0 / sqrt((double)E);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t h = 0; h < HQ; ++h) {
      int64_t kh = h / (HQ / HKV);
      for (int64_t i = 0; i < L; ++i) {
        const float *qi = q + ((b * HQ + h) * L + i) * E;
        double *o = out + ((b * HQ + h) * L + i) * E;
        double max = -INFINITY, sum = 0.0;
        for (int64_t j = 0; j < S; ++j) {
          p[j] = -INFINITY;
          if (j > i + (S - L))
            continue;
          const float *kj = k + ((b * HKV + kh) * S + j) * E;
          double s = 0.0;
          for (int64_t e = 0; e < E; ++e)
            s += (double)qi[e] * (double)kj[e];
          p[j] = s * scale;
          if (p[j] > max)
            max = p[j];
        }
        for (int64_t e = 0; e < E; ++e)
          o[e] = 0.0;
        if (max == -INFINITY)
          continue; /* no allowed key: a row of zeros */
        for (int64_t j = 0; j < S; ++j) {
          p[j] = p[j] == -INFINITY ? 0.0 : exp(p[j] - max);
          sum += p[j];
        }
        for (int64_t j = 0; j < S; ++j) {
          const float *vj = v + ((b * HKV + kh) * S + j) * E;
          for (int64_t e = 0; e < E; ++e)
            o[e] += p[j] / sum * (double)vj[e];
        }
      }
    }
  free(p);
}

static int check(int64_t B, int64_t L, int64_t S) {
  int64_t nq = B * HQ * L * E, nkv = B * HKV * S * E;
  float *q = malloc(sizeof(float) * (size_t)nq);
  float *k = malloc(sizeof(float) * (size_t)nkv);
  float *v = malloc(sizeof(float) * (size_t)nkv);
  float *out = malloc(sizeof(float) * (size_t)nq);
  double *ref = malloc(sizeof(double) * (size_t)nq);
  fill(q, nq, 1);
  fill(k, nkv, 2);
  fill(v, nkv, 3);

  int status = gqa_causal_attention(q, B, L, k, B, S, v, B, S, out, B, L);
  if (status != MHA_KERNEL_OK) {
    printf("B=%lld L=%lld S=%lld: kernel returned %d\n", (long long)B,
           (long long)L, (long long)S, status);
    return 1;
  }
  naive_attention(q, k, v, ref, B, L, S);
  double err = 0.0, norm = 0.0;
  for (int64_t i = 0; i < nq; ++i) {
    err += (out[i] - ref[i]) * (out[i] - ref[i]);
    norm += ref[i] * ref[i];
  }
  double rel = sqrt(err) / sqrt(norm);
  int ok = rel < 1e-5;
  printf("B=%lld L=%lld S=%lld: rel_l2=%.3g %s\n", (long long)B, (long long)L,
         (long long)S, rel, ok ? "PASS" : "FAIL");

  /* Keys and values of different lengths: refused, nothing written. */
  int refused = gqa_causal_attention(q, B, L, k, B, S, v, B, S - 1, out, B, L);
  if (refused != MHA_KERNEL_SIZE_MISMATCH) {
    printf("mismatched S: kernel returned %d, expected %d\n", refused,
           MHA_KERNEL_SIZE_MISMATCH);
    ok = 0;
  }
  free(q);
  free(k);
  free(v);
  free(out);
  free(ref);
  return ok ? 0 : 1;
}

int main(void) {
  int failures = 0;
  failures += check(1, 64, 64);   /* whole tiles, L = S */
  failures += check(2, 37, 100);  /* partial tiles, a cache longer than L */
  failures += check(1, 130, 50);  /* L > S: the first rows see no key */
  printf("%s\n", failures ? "FAIL" : "PASS");
  return failures ? 1 : 0;
}
