// A C replica of the loop nest --mha-tile-projections and
// --mha-vectorize-tiles give one projection compiled for AVX2
// (bench/projection.mlir: X [512, 1024] times W [1024, 1024] plus a bias),
// for trying loop-nest and layout variants without changing the compiler.
// docs/perf/projections.md (twenty-second session) quotes it.
//
// Structure, as in mha-run --mattr=-avx512f: X packed in RT-row tiles whose
// rows are K + 16 floats apart; W packed in [M / CT, K, CT] panels; column
// blocks of 256 columns (1 MiB of panels); per (column block, row tile) and
// column tile, C[RT, CT] += A[RT, K] B[K, CT] as k panels of KB steps, then
// column blocks of 16, then row blocks of 6, each a 6 x 16 register block
// (twelve ymm accumulators) started from the bias in the first k panel; the
// finished [RT, 256] block is copied into Y.
//
//   clang-22 -O2 -mavx2 -mfma [-DVARIANT...] bench/projection_replica.c -o r
//   ./r          best of REPS runs: whole (packing included) and products
//   ./r kernel   the 6 x 16 block alone on data that stays in L1, 200,000
//                calls of one k panel (B 64 floats per step; `kernel 16`:
//                16 floats)
//
// Variants (compile-time switches): -DRT= -DCT= -DKB= (tile sizes; defaults
// 24, 64, 128 as mha-run picks for AVX2), -DSUBP (each 64-column panel as
// four [K, 16] panels: the B strip contiguous), -DAPACK (X packed per row
// block as [k][6], BLIS's A micro-panel), -DPFB=D (prefetch the W strip D
// steps ahead), -DSAMEA / -DSAMEB (every tile reads the first X tile / W
// panel: the caches' share; results then wrong and not checked), -DREPS=
// (runs; 1 and 2 under cachegrind give one run's misses as the difference).
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N 512
#define K 1024
#define M 1024
#ifndef RT
#define RT 24
#endif
#ifndef CT
#define CT 64
#endif
#ifndef KB
#define KB 128
#endif
#ifndef REPS
#define REPS 20
#endif
#define LDA (K + 16)
#define BLOCK_COLS 256

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

// One 6 x 16 register block: C[6, 16] (+)= A[6, k0:k1] B[k0:k1, 16], B rows
// bs floats apart; the first k panel starts from the bias.
static inline void block6x16(const float *A, const float *B, long bs, float *C,
                             long ldc, int k0, int k1, int first,
                             const float *bias) {
  __m256 c[6][2];
  for (int i = 0; i < 6; i++) {
    const float *from = first ? bias : C + i * ldc;
    c[i][0] = _mm256_loadu_ps(from);
    c[i][1] = _mm256_loadu_ps(from + 8);
  }
  for (int k = k0; k < k1; k++) {
    __m256 b0 = _mm256_load_ps(B + k * bs), b1 = _mm256_load_ps(B + k * bs + 8);
#ifdef PFB
    _mm_prefetch((const char *)(B + (k + PFB) * bs), _MM_HINT_T0);
#endif
    for (int i = 0; i < 6; i++) {
#ifdef APACK
      __m256 a = _mm256_broadcast_ss(A + k * 6 + i);
#else
      __m256 a = _mm256_broadcast_ss(A + i * LDA + k);
#endif
      c[i][0] = _mm256_fmadd_ps(a, b0, c[i][0]);
      c[i][1] = _mm256_fmadd_ps(a, b1, c[i][1]);
    }
  }
  for (int i = 0; i < 6; i++) {
    _mm256_storeu_ps(C + i * ldc, c[i][0]);
    _mm256_storeu_ps(C + i * ldc + 8, c[i][1]);
  }
}

__attribute__((noinline)) static void kernelCall(const float *A,
                                                 const float *B, long bs,
                                                 float *C) {
  block6x16(A, B, bs, C, 64, 0, 128, 0, 0);
}

static int kernelOnly(long bs) {
  float *A = aligned_alloc(64, 6 * LDA * 4), *B = aligned_alloc(64, 128 * bs * 4),
        *C = aligned_alloc(64, 6 * 64 * 4);
  for (long i = 0; i < 6 * LDA; i++) A[i] = 1e-3f;
  for (long i = 0; i < 128 * bs; i++) B[i] = 1e-3f;
  for (int i = 0; i < 6 * 64; i++) C[i] = 0;
  long calls = 200000;
  double best = 1e9;
  for (int t = 0; t < 5; t++) {
    double t0 = now();
    for (long r = 0; r < calls; r++)
      kernelCall(A, B + ((r & 3) * 16) % bs, bs, C);
    double dt = now() - t0;
    if (dt < best) best = dt;
  }
  printf("kernel 6x16, B %ld floats per step: %.1f GFLOP/s\n", bs,
         2.0 * 6 * 16 * 128 * calls / best / 1e9);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "kernel"))
    return kernelOnly(argc > 2 ? atol(argv[2]) : 64);
  float *X = aligned_alloc(64, N * K * 4), *W = aligned_alloc(64, K * M * 4),
        *bias = aligned_alloc(64, M * 4), *Y = aligned_alloc(64, N * M * 4);
  int ntiles = (N + RT - 1) / RT;
  float *Xp = aligned_alloc(64, (long)ntiles * RT * LDA * 4),
        *Wp = aligned_alloc(64, (long)K * M * 4),
        *Ct = aligned_alloc(64, RT * BLOCK_COLS * 4);
  for (long i = 0; i < N * K; i++) X[i] = (rand() % 100) * 1e-3f;
  for (long i = 0; i < K * M; i++) W[i] = (rand() % 100) * 1e-3f;
  for (int i = 0; i < M; i++) bias[i] = 1;
  double best = 1e9, bestProducts = 1e9;
  for (int rep = 0; rep < REPS; rep++) {
    double t0 = now();
    for (int t = 0; t < ntiles; t++) {
      int r0 = t * RT < N - RT ? t * RT : N - RT; // the last tile moved back
      float *tile = Xp + (long)t * RT * LDA;
#ifdef APACK
      for (int rb = 0; rb < RT / 6; rb++)
        for (int k = 0; k < K; k++)
          for (int i = 0; i < 6; i++)
            tile[(long)rb * 6 * LDA + k * 6 + i] = X[(long)(r0 + rb * 6 + i) * K + k];
#else
      for (int r = 0; r < RT; r++)
        memcpy(tile + (long)r * LDA, X + (long)(r0 + r) * K, K * 4);
#endif
    }
#ifdef SUBP
    enum { PW = 16 };
#else
    enum { PW = CT };
#endif
    for (int k = 0; k < K; k++)
      for (int j = 0; j < M / PW; j++)
        memcpy(Wp + ((long)j * K + k) * PW, W + (long)k * M + j * PW, PW * 4);
    double t1 = now();
    for (int cb = 0; cb < M / BLOCK_COLS; cb++)
      for (int t = 0; t < ntiles; t++) {
        int r0 = t * RT < N - RT ? t * RT : N - RT;
#ifdef SAMEA
        const float *A = Xp;
#else
        const float *A = Xp + (long)t * RT * LDA;
#endif
        for (int ct = 0; ct < BLOCK_COLS / CT; ct++) {
          int col = cb * BLOCK_COLS + ct * CT;
#ifdef SAMEB
          const float *B = Wp;
#else
          const float *B = Wp + (long)(col / CT) * K * CT;
#endif
          float *C = Ct + ct * CT;
          for (int k0 = 0; k0 < K; k0 += KB)
            for (int n0 = 0; n0 < CT; n0 += 16)
              for (int m0 = 0; m0 < RT; m0 += 6)
#ifdef SUBP
                block6x16(A + m0 * LDA, B + (long)n0 * K, 16,
                          C + m0 * BLOCK_COLS + n0, BLOCK_COLS, k0, k0 + KB,
                          k0 == 0, bias + col + n0);
#else
                block6x16(A + m0 * LDA, B + n0, CT, C + m0 * BLOCK_COLS + n0,
                          BLOCK_COLS, k0, k0 + KB, k0 == 0, bias + col + n0);
#endif
        }
        for (int r = 0; r < RT; r++)
          memcpy(Y + (long)(r0 + r) * M + cb * BLOCK_COLS,
                 Ct + r * BLOCK_COLS, BLOCK_COLS * 4);
      }
    double t2 = now();
    if (t2 - t0 < best) best = t2 - t0;
    if (t2 - t1 < bestProducts) bestProducts = t2 - t1;
  }
  double flops = 2.0 * N * K * M;
  printf("RT=%d CT=%d KB=%d: whole %.2f ms (%.1f GFLOP/s), products %.2f ms "
         "(%.1f GFLOP/s)\n",
         RT, CT, KB, best * 1e3, flops / best / 1e9, bestProducts * 1e3,
         flops / bestProducts / 1e9);
#if !defined(SAMEA) && !defined(SAMEB)
  double err = 0; // a sample of Y against a float64 sum
  for (int i = 0; i < N; i += 37)
    for (int j = 0; j < M; j += 53) {
      double s = bias[j];
      for (int k = 0; k < K; k++) s += (double)X[(long)i * K + k] * W[(long)k * M + j];
      double d = s > Y[(long)i * M + j] ? s - Y[(long)i * M + j] : Y[(long)i * M + j] - s;
      if (d > err) err = d;
    }
  printf("max abs error on a sample: %g (%s)\n", err, err < 1e-3 ? "ok" : "WRONG");
  return err < 1e-3 ? 0 : 1;
#else
  return 0;
#endif
}
