// Issue rate of vdpbf16ps (AVX512-BF16) against vfmadd231ps, both zmm, on
// 12 independent accumulators, best of 5 trials (thread CPU time):
//   clang-22 -O2 -march=native bench/dpbf16_rate.c -o /tmp/dpbf16 && /tmp/dpbf16
// Counts 32 flops per FMA and 64 per vdpbf16ps. docs/perf/flash-cpu-notes.md
// (seventeenth session) quotes it. Needs a CPU with avx512_bf16.
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_THREAD_CPUTIME_ID,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){
  long n=200000000; double best1=1e9,best2=1e9;
  for(int trial=0;trial<5;trial++){
  __m512 a[12]; for(int i=0;i<12;i++)a[i]=_mm512_set1_ps(i*1e-3f);
  __m512 x=_mm512_set1_ps(1.0001f), y=_mm512_set1_ps(0.9999f);
  double t0=now();
  for(long i=0;i<n/12;i++){
    for(int j=0;j<12;j++){ a[j]=_mm512_fmadd_ps(x,y,a[j]); __asm__ volatile(""::"v"(a[j]));}
  }
  double t1=now(); float s=0; for(int j=0;j<12;j++) s+=_mm512_reduce_add_ps(a[j]);
  double g=n*32.0/(t1-t0)/1e9; if(t1-t0<best1)best1=t1-t0;
  __m512 b[12]; for(int i=0;i<12;i++)b[i]=_mm512_set1_ps(i*1e-3f);
  __m512bh p=(__m512bh)_mm512_set1_epi16(0x3f80), q=(__m512bh)_mm512_set1_epi16(0x3f80);
  t0=now();
  for(long i=0;i<n/12;i++){
    for(int j=0;j<12;j++){ b[j]=_mm512_dpbf16_ps(b[j],p,q); __asm__ volatile(""::"v"(b[j]));}
  }
  t1=now(); for(int j=0;j<12;j++) s+=_mm512_reduce_add_ps(b[j]);
  if(t1-t0<best2)best2=t1-t0;
  printf("%g\n",s);
  }
  printf("fma zmm: %.1f GFLOP/s  dpbf16 zmm: %.1f GFLOP/s\n", n*32.0/best1/1e9, n*64.0/best2/1e9);
}
