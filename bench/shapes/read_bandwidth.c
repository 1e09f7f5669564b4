// One thread's read bandwidth from memory: the sum of 128 MiB of floats with
// four zmm accumulators, best of 10 passes. The limit of decoding, which
// reads every key and value once per call (docs/perf/flash-cpu-notes.md).
//   clang-22 -O2 -mavx512f bench/shapes/read_bandwidth.c -o bw && ./bw
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
int main(){ size_t n=128u<<20; float*a=aligned_alloc(64,n); for(size_t i=0;i<n/4;i++)a[i]=i*1e-9f;
double best=1e9; __m512 s=_mm512_setzero_ps(),s2=s,s3=s,s4=s;
for(int r=0;r<10;r++){struct timespec t0,t1;clock_gettime(CLOCK_MONOTONIC,&t0);
for(size_t i=0;i<n/4;i+=64){s=_mm512_add_ps(s,_mm512_load_ps(a+i));s2=_mm512_add_ps(s2,_mm512_load_ps(a+i+16));s3=_mm512_add_ps(s3,_mm512_load_ps(a+i+32));s4=_mm512_add_ps(s4,_mm512_load_ps(a+i+48));}
clock_gettime(CLOCK_MONOTONIC,&t1);double ms=(t1.tv_sec-t0.tv_sec)*1e3+(t1.tv_nsec-t0.tv_nsec)/1e6;if(ms<best)best=ms;}
s=_mm512_add_ps(_mm512_add_ps(s,s2),_mm512_add_ps(s3,s4));
printf("%.3f ms %.1f GB/s (%g)\n",best,n/best/1e6,_mm512_reduce_add_ps(s));}
