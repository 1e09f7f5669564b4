// fma_peak.c - measures this machine's fp32 FMA peak (GFLOP/s) with
// independent vfmadd231ps chains, on 1 thread and on every core at once.
//
// Build and run (bench/run-cpu.sh does this):
//   clang-22 -O2 -mavx2 -mfma -pthread bench/fma_peak.c -o fma_peak
//   ./fma_peak [--seconds=0.5] [--repeats=5] [--threads=N]
//
// Each thread runs 12 independent accumulator chains (more than FMA latency
// x FMA ports on current x86 cores, so the ports, not the latency, limit
// it) in inline assembly, so the compiler can neither drop nor reorder the
// work. One trial runs ~--seconds of wall time; the best of --repeats
// trials is reported. With N threads each thread is pinned to its own core
// and all start together. Two rates per trial:
//   cpu:  sum over threads of flops / that thread's CPU time
//         (CLOCK_THREAD_CPUTIME_ID): what a core does while it runs the
//         code, unaffected by other processes taking turns on a shared
//         machine; this is the peak the report uses;
//   wall: total flops / the slowest thread's wall time (CLOCK_MONOTONIC),
//         which other load on the machine lowers.
// ymm (AVX2+FMA, 8 lanes) is always measured; zmm (AVX-512F, 16 lanes) too
// when the CPU has it, because code compiled for the host may use either.
// Output: one JSON object on stdout.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { kChains = 12 };

static double clock_s(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double now_s(void) { return clock_s(CLOCK_MONOTONIC); }

// 12 chains x `iters` FMAs on ymm registers; returns the flops done.
static uint64_t fma_ymm(uint64_t iters) {
  __asm__ volatile(
      "vxorps %%ymm0, %%ymm0, %%ymm0\n\t"
      "vxorps %%ymm1, %%ymm1, %%ymm1\n\t"
      "vxorps %%ymm2, %%ymm2, %%ymm2\n\t"
      "vxorps %%ymm3, %%ymm3, %%ymm3\n\t"
      "vxorps %%ymm4, %%ymm4, %%ymm4\n\t"
      "vxorps %%ymm5, %%ymm5, %%ymm5\n\t"
      "vxorps %%ymm6, %%ymm6, %%ymm6\n\t"
      "vxorps %%ymm7, %%ymm7, %%ymm7\n\t"
      "vxorps %%ymm8, %%ymm8, %%ymm8\n\t"
      "vxorps %%ymm9, %%ymm9, %%ymm9\n\t"
      "vxorps %%ymm10, %%ymm10, %%ymm10\n\t"
      "vxorps %%ymm11, %%ymm11, %%ymm11\n\t"
      "vxorps %%ymm12, %%ymm12, %%ymm12\n\t"
      "vxorps %%ymm13, %%ymm13, %%ymm13\n\t"
      "mov %0, %%rcx\n\t"
      "1:\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm0\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm1\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm2\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm3\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm4\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm5\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm6\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm7\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm8\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm9\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm10\n\t"
      "vfmadd231ps %%ymm12, %%ymm13, %%ymm11\n\t"
      "dec %%rcx\n\t"
      "jnz 1b\n\t"
      "vzeroupper\n\t"
      :
      : "r"(iters)
      : "rcx", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
        "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "cc");
  return iters * kChains * 8 * 2;
}

#if defined(__x86_64__)
// The same on zmm registers; only called when the CPU reports AVX-512F.
__attribute__((target("avx512f"))) static uint64_t fma_zmm(uint64_t iters) {
  __asm__ volatile(
      "vpxord %%zmm0, %%zmm0, %%zmm0\n\t"
      "vpxord %%zmm1, %%zmm1, %%zmm1\n\t"
      "vpxord %%zmm2, %%zmm2, %%zmm2\n\t"
      "vpxord %%zmm3, %%zmm3, %%zmm3\n\t"
      "vpxord %%zmm4, %%zmm4, %%zmm4\n\t"
      "vpxord %%zmm5, %%zmm5, %%zmm5\n\t"
      "vpxord %%zmm6, %%zmm6, %%zmm6\n\t"
      "vpxord %%zmm7, %%zmm7, %%zmm7\n\t"
      "vpxord %%zmm8, %%zmm8, %%zmm8\n\t"
      "vpxord %%zmm9, %%zmm9, %%zmm9\n\t"
      "vpxord %%zmm10, %%zmm10, %%zmm10\n\t"
      "vpxord %%zmm11, %%zmm11, %%zmm11\n\t"
      "vpxord %%zmm12, %%zmm12, %%zmm12\n\t"
      "vpxord %%zmm13, %%zmm13, %%zmm13\n\t"
      "mov %0, %%rcx\n\t"
      "1:\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm0\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm1\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm2\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm3\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm4\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm5\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm6\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm7\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm8\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm9\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm10\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm11\n\t"
      "dec %%rcx\n\t"
      "jnz 1b\n\t"
      "vzeroupper\n\t"
      :
      : "r"(iters)
      : "rcx", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
        "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "cc");
  return iters * kChains * 16 * 2;
}
#endif

typedef uint64_t (*kernel_fn)(uint64_t);

struct worker {
  pthread_t thread;
  int cpu;
  kernel_fn kernel;
  uint64_t iters;
  pthread_barrier_t *barrier;
  uint64_t flops;
  double seconds;     // wall
  double cpu_seconds; // this thread's CPU time
};

static void *run_worker(void *arg) {
  struct worker *w = arg;
  if (w->cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(w->cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
  }
  w->kernel(1000); // wake the vector unit up before the clock starts
  pthread_barrier_wait(w->barrier);
  double t0 = now_s(), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
  w->flops = w->kernel(w->iters);
  w->seconds = now_s() - t0;
  w->cpu_seconds = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
  return NULL;
}

struct rates {
  double cpu, wall; // GFLOP/s
};

// One trial on `n` threads pinned to `cpus[0..n)`.
static struct rates trial(kernel_fn kernel, uint64_t iters, int n,
                          const int *cpus) {
  struct worker *ws = calloc(n, sizeof(*ws));
  pthread_barrier_t barrier;
  pthread_barrier_init(&barrier, NULL, n);
  for (int i = 0; i < n; ++i) {
    ws[i] = (struct worker){.cpu = cpus[i], .kernel = kernel, .iters = iters,
                            .barrier = &barrier};
    pthread_create(&ws[i].thread, NULL, run_worker, &ws[i]);
  }
  uint64_t flops = 0;
  double slowest = 0, cpu_rate = 0;
  for (int i = 0; i < n; ++i) {
    pthread_join(ws[i].thread, NULL);
    flops += ws[i].flops;
    if (ws[i].seconds > slowest)
      slowest = ws[i].seconds;
    cpu_rate += ws[i].flops / ws[i].cpu_seconds * 1e-9;
  }
  pthread_barrier_destroy(&barrier);
  free(ws);
  return (struct rates){.cpu = cpu_rate, .wall = flops / slowest * 1e-9};
}

// Best of `repeats` trials of ~`seconds` each on `n` threads (each rate's
// best separately).
static struct rates measure(kernel_fn kernel, double seconds, int repeats,
                            int n, const int *cpus) {
  // Calibrate the iteration count on one thread so a trial lasts `seconds`.
  uint64_t iters = 1u << 16;
  for (;;) {
    double t0 = now_s();
    kernel(iters);
    double dt = now_s() - t0;
    if (dt > 0.05) {
      iters = (uint64_t)(iters * seconds / dt);
      break;
    }
    iters *= 2;
  }
  struct rates best = {0, 0};
  for (int r = 0; r < repeats; ++r) {
    struct rates g = trial(kernel, iters, n, cpus);
    if (g.cpu > best.cpu)
      best.cpu = g.cpu;
    if (g.wall > best.wall)
      best.wall = g.wall;
  }
  return best;
}

static void print_rates(const char *isa, struct rates one, struct rates all) {
  printf(",\n \"%s\": {\"gflops_1_thread\": %.3f, \"gflops_all_threads\": %.3f, "
         "\"gflops_1_thread_wall\": %.3f, \"gflops_all_threads_wall\": %.3f}",
         isa, one.cpu, all.cpu, one.wall, all.wall);
}

int main(int argc, char **argv) {
  double seconds = 0.5;
  int repeats = 5;
  int threads = 0;
  for (int i = 1; i < argc; ++i) {
    if (!strncmp(argv[i], "--seconds=", 10))
      seconds = atof(argv[i] + 10);
    else if (!strncmp(argv[i], "--repeats=", 10))
      repeats = atoi(argv[i] + 10);
    else if (!strncmp(argv[i], "--threads=", 10))
      threads = atoi(argv[i] + 10);
    else {
      fprintf(stderr, "usage: %s [--seconds=S] [--repeats=N] [--threads=N]\n",
              argv[0]);
      return 1;
    }
  }

  // The cores this process may run on, in order; one thread per core.
  cpu_set_t allowed;
  int cpus[CPU_SETSIZE], ncpus = 0;
  if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0) {
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &allowed))
        cpus[ncpus++] = c;
  }
  if (ncpus == 0) {
    ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
    for (int c = 0; c < ncpus; ++c)
      cpus[c] = -1;
  }
  if (threads <= 0 || threads > ncpus)
    threads = ncpus;

  __builtin_cpu_init();
  int has_avx512 = 0;
#if defined(__x86_64__)
  has_avx512 = __builtin_cpu_supports("avx512f");
#endif

  struct rates ymm1 = measure(fma_ymm, seconds, repeats, 1, cpus);
  struct rates ymmN = measure(fma_ymm, seconds, repeats, threads, cpus);
  printf("{\"chains\": %d, \"seconds_per_trial\": %g, \"repeats\": %d, "
         "\"threads\": %d",
         kChains, seconds, repeats, threads);
  print_rates("ymm", ymm1, ymmN);
#if defined(__x86_64__)
  if (has_avx512) {
    struct rates zmm1 = measure(fma_zmm, seconds, repeats, 1, cpus);
    struct rates zmmN = measure(fma_zmm, seconds, repeats, threads, cpus);
    print_rates("zmm", zmm1, zmmN);
  }
#endif
  printf("}\n");
  return 0;
}
