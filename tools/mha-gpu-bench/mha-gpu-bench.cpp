//===- mha-gpu-bench.cpp - run, check and time the GPU attention kernels ===//
//
// A self-contained program for a machine with an NVIDIA GPU and no MLIR:
// the kernels were compiled at build time by --mha-gpu-pipeline (cases from
// gen_cases.py, linked in as objects), the runtime is linked in statically,
// and only libcuda.so.1 is needed at run time.
//
//   --check   every check case against the float64 reference
//             (lib/Reference), with per-dtype tolerances
//   --bench   the bench cases: kernel time from CUDA events (via the
//             runtime's launch profiling), TFLOP/s, a float64 check of two
//             (batch, head) slices
//   --dump-dir=DIR   writes inputs and outputs of the bench cases (raw
//             little-endian element bits) for bench/gpu/compare_torch.py
//   --json=FILE      one JSON object per case
//   --filter=TEXT    only cases whose name contains TEXT
//   --iters=N        timed calls per bench case (default: about 1 s each)
//   --list           print the cases and exit
//
// The generated functions take and return device memory (docs/GPU.md):
// inputs are copied to the device here, the result buffer the function
// allocates is copied back and freed.
//
//===----------------------------------------------------------------------===//

#include "CaseData.h"
#include "mha/Reference/Compare.h"
#include "mha/Reference/Reference.h"
#include "mha/Runtime/CudaRuntime.h"
#include "mha/Support/FloatConversions.h"

#include "cuda.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <sys/random.h>
#include <sys/stat.h>

/// The static libstdc++ of Debian 12 refers to arc4random (glibc 2.36) from
/// std::random_device, which this program never uses but links in through
/// libstdc++'s own dependencies. Defining it here keeps the executable at
/// glibc 2.34, so that it also runs on Ubuntu 22.04 and RHEL 9.
extern "C" uint32_t arc4random(void) {
  uint32_t value = 0;
  if (getrandom(&value, sizeof(value), 0) != sizeof(value))
    value = static_cast<uint32_t>(
        std::chrono::steady_clock::now().time_since_epoch().count());
  return value;
}

namespace {

using namespace mha_cases;
using mlir::mha::reference::ErrorStats;

/// A ranked memref descriptor of rank 4 (what the C interface passes).
struct MemRef4 {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[4];
  int64_t strides[4];
};

using CallFn = void (*)(MemRef4 *out, MemRef4 *const *in);

struct Case {
  const char *name, *label, *group, *kernel;
  int dtype; // 0 f32, 1 f16, 2 bf16
  int64_t B, Hq, Hkv, L, S, E, Ev;
  int causal; // 0 none, 1 top_left, 2 bottom_right
  bool hasWindow;
  int64_t left, right;
  bool hasScale;
  double scale;
  bool hasSoftcap;
  double softcap;
  bool hasMask;
  int64_t maskShape[4];
  int maskPattern;
  bool hasBias;
  int64_t biasShape[4];
  int biasDtype, biasPattern;
  CallFn call;
};

#include "cases.inc"

const char *dtypeName(int dtype) {
  return dtype == 0 ? "f32" : dtype == 1 ? "f16" : "bf16";
}
bool check(CUresult result, const char *what) {
  if (result == CUDA_SUCCESS)
    return true;
  const char *name = nullptr;
  cuGetErrorName(result, &name);
  std::fprintf(stderr, "mha-gpu-bench: %s failed: %s\n", what,
               name ? name : "?");
  return false;
}

struct DeviceBuffers {
  std::vector<CUdeviceptr> ptrs;
  std::vector<MemRef4> descs;
  ~DeviceBuffers() {
    for (CUdeviceptr p : ptrs)
      cuMemFree(p);
  }
};

MemRef4 describe(void *ptr, const std::vector<int64_t> &shape) {
  MemRef4 d;
  d.allocated = d.aligned = ptr;
  d.offset = 0;
  int64_t stride = 1;
  for (int i = 3; i >= 0; --i) {
    d.sizes[i] = shape[i];
    d.strides[i] = stride;
    stride *= shape[i];
  }
  return d;
}

struct Options {
  bool runCheck = false, runBench = false, list = false;
  std::string filter, dumpDir, jsonPath;
  int iters = 0;
};

bool writeFile(const std::string &path, const void *data, size_t bytes) {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f)
    return false;
  bool ok = std::fwrite(data, 1, bytes, f) == bytes;
  return std::fclose(f) == 0 && ok;
}

int runCase(const Case &c, const Options &options, FILE *json) {
  bool isBench = std::strcmp(c.group, "bench") == 0;
  // Seeded by the problem (label and group), not the kernel: both kernels
  // of a bench shape see the same inputs.
  uint64_t seed = 0x5eed;
  for (const char *p = c.label; *p; ++p)
    seed = seed * 131 + static_cast<unsigned char>(*p);
  for (const char *p = c.group; *p; ++p)
    seed = seed * 131 + static_cast<unsigned char>(*p);
  Rng rng(seed);

  std::vector<Tensor> in = makeInputs(c, rng);
  int64_t outNumel = c.B * c.Hq * c.L * c.Ev;
  size_t outBytes = outNumel * dtypeBytes(c.dtype);

  // Device copies.
  DeviceBuffers dev;
  for (Tensor &t : in) {
    CUdeviceptr p = 0;
    if (!check(cuMemAlloc(&p, t.bits.size()), "cuMemAlloc") ||
        !check(cuMemcpyHtoD(p, t.bits.data(), t.bits.size()), "cuMemcpyHtoD"))
      return 1;
    dev.ptrs.push_back(p);
    dev.descs.push_back(describe(reinterpret_cast<void *>(p), t.shape));
  }
  std::vector<MemRef4 *> args;
  for (MemRef4 &d : dev.descs)
    args.push_back(&d);

  auto callOnce = [&](MemRef4 &out) {
    std::memset(&out, 0, sizeof(out));
    c.call(&out, args.data());
  };

  // First call: the result that is checked.
  int64_t errorsBefore = mhaCudaErrorCount();
  MemRef4 out;
  callOnce(out);
  std::vector<uint8_t> outBits(outBytes);
  bool ok =
      out.aligned && mhaCudaErrorCount() == errorsBefore &&
      check(cuCtxSynchronize(), "kernel") &&
      check(cuMemcpyDtoH(outBits.data(),
                         reinterpret_cast<CUdeviceptr>(out.aligned), outBytes),
            "cuMemcpyDtoH");
  if (out.allocated)
    mgpuMemFree(out.allocated, nullptr);
  if (!ok) {
    std::printf("%-44s %-5s FAIL (CUDA error: %s)\n", c.name,
                dtypeName(c.dtype), mhaCudaLastError());
    if (json)
      std::fprintf(json, "{\"name\": \"%s\", \"ok\": false}\n", c.name);
    return 1;
  }
  std::vector<double> got(outNumel);
  for (int64_t i = 0; i < outNumel; ++i)
    got[i] = load(&outBits[i * dtypeBytes(c.dtype)], c.dtype);

  // float64 reference: the whole problem, or for bench cases two (batch,
  // head) slices (contiguous in [B, H, L, *]).
  using namespace mlir::mha::reference;
  ErrorStats stats;
  std::vector<std::pair<int64_t, int64_t>> slices;
  if (isBench)
    slices = {{0, 0}, {c.B - 1, c.Hq - 1}};
  else
    slices = {{-1, -1}};
  for (auto [b, h] : slices) {
    AttentionProblem p = referenceProblem(c, in);
    int64_t gotOffset = 0;
    if (b >= 0) {
      // Bench cases have no mask/bias and Hq == Hkv.
      p.batch = p.numHeads = p.numKvHeads = 1;
      int64_t bh = b * c.Hq + h;
      p.query += bh * c.L * c.E;
      p.key += bh * c.S * c.E;
      p.value += bh * c.S * c.Ev;
      gotOffset = bh * c.L * c.Ev;
    }
    std::vector<double> want(p.batch * p.numHeads * c.L * c.Ev);
    std::string error = attention(p, want.data());
    if (!error.empty()) {
      std::printf("%-44s reference error: %s\n", c.name, error.c_str());
      return 1;
    }
    for (size_t i = 0; i < want.size(); ++i)
      stats.add(got[gotOffset + i], want[i]);
  }
  Tolerance tol = tolerance(c.dtype);
  bool pass = stats.within(tol.relL2, tol.maxAbs);

  // Timing.
  double kernelMs = 0, wallMs = 0, tflops = 0;
  int64_t launches = 0;
  double flops = attentionFlops(
      c.B, c.Hq, c.L, c.S, c.E, c.Ev,
      c.causal == 0 ? Causal::None
                    : (c.causal == 1 ? Causal::TopLeft : Causal::BottomRight));
  if (isBench) {
    for (int i = 0; i < 2; ++i) { // warm-up
      MemRef4 w;
      callOnce(w);
      mgpuMemFree(w.allocated, nullptr);
    }
    int iters = options.iters;
    if (iters <= 0) {
      auto t0 = std::chrono::steady_clock::now();
      MemRef4 w;
      callOnce(w);
      mgpuMemFree(w.allocated, nullptr);
      double once =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
              .count();
      iters =
          static_cast<int>(std::clamp(1.0 / std::max(once, 1e-6), 5.0, 200.0));
    }
    mhaCudaProfileBegin();
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < iters; ++i) {
      MemRef4 w;
      callOnce(w);
      mgpuMemFree(w.allocated, nullptr);
    }
    wallMs = std::chrono::duration<double, std::milli>(
                 std::chrono::steady_clock::now() - t0)
                 .count() /
             iters;
    kernelMs = mhaCudaProfileEnd(&launches);
    if (launches > 0)
      kernelMs /= launches;
    tflops = kernelMs > 0 ? flops / (kernelMs * 1e-3) / 1e12 : 0;
  }

  std::printf("%-44s %-5s %-4s rel_l2 %.2e  max_abs %.2e  nan_mismatch %lld "
              " %s",
              c.name, dtypeName(c.dtype), c.kernel, stats.relL2(),
              stats.maxAbs(), static_cast<long long>(stats.nanMismatchCount()),
              pass ? "PASS" : "FAIL");
  if (isBench)
    std::printf("  kernel %.3f ms  %.1f TFLOP/s  (call %.3f ms)", kernelMs,
                tflops, wallMs);
  std::printf("\n");
  std::fflush(stdout);

  if (!options.dumpDir.empty() && isBench) {
    // Inputs once per shape (<label>.{q,k,v}.bin), the result per kernel
    // (<name>.out.bin).
    std::string inputs = options.dumpDir + "/" + c.label;
    FILE *existing = std::fopen((inputs + ".q.bin").c_str(), "rb");
    bool written = true;
    if (existing)
      std::fclose(existing);
    else
      written =
          writeFile(inputs + ".q.bin", in[0].bits.data(), in[0].bits.size()) &&
          writeFile(inputs + ".k.bin", in[1].bits.data(), in[1].bits.size()) &&
          writeFile(inputs + ".v.bin", in[2].bits.data(), in[2].bits.size());
    written = written && writeFile(options.dumpDir + "/" + c.name + ".out.bin",
                                   outBits.data(), outBytes);
    if (!written)
      std::fprintf(stderr, "mha-gpu-bench: cannot write to %s\n",
                   options.dumpDir.c_str());
  }
  if (json)
    std::fprintf(
        json,
        "{\"name\": \"%s\", \"label\": \"%s\", \"group\": \"%s\", "
        "\"kernel\": \"%s\", \"dtype\": \"%s\", \"B\": %lld, \"H\": %lld, "
        "\"Hkv\": %lld, \"L\": %lld, \"S\": %lld, \"E\": %lld, \"Ev\": %lld, "
        "\"causal\": %d, \"ok\": %s, \"rel_l2\": %.6e, \"max_abs\": %.6e, "
        "\"kernel_ms\": %.6f, \"call_ms\": %.6f, \"flops\": %.6e, "
        "\"tflops\": %.4f}\n",
        c.name, c.label, c.group, c.kernel, dtypeName(c.dtype), (long long)c.B,
        (long long)c.Hq, (long long)c.Hkv, (long long)c.L, (long long)c.S,
        (long long)c.E, (long long)c.Ev, c.causal, pass ? "true" : "false",
        stats.relL2(), stats.maxAbs(), kernelMs, wallMs, flops, tflops);
  return pass ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *prefix) -> const char * {
      size_t n = std::strlen(prefix);
      return arg.compare(0, n, prefix) == 0 ? argv[i] + n : nullptr;
    };
    if (arg == "--check")
      options.runCheck = true;
    else if (arg == "--bench")
      options.runBench = true;
    else if (arg == "--list")
      options.list = true;
    else if (const char *v = value("--filter="))
      options.filter = v;
    else if (const char *v = value("--dump-dir="))
      options.dumpDir = v;
    else if (const char *v = value("--json="))
      options.jsonPath = v;
    else if (const char *v = value("--iters="))
      options.iters = std::atoi(v);
    else {
      std::fprintf(stderr,
                   "usage: mha-gpu-bench [--check] [--bench] [--filter=TEXT] "
                   "[--iters=N] [--dump-dir=DIR] [--json=FILE] [--list]\n");
      return 2;
    }
  }
  if (!options.runCheck && !options.runBench)
    options.runCheck = options.runBench = true;

  auto selected = [&](const Case &c) {
    bool isBench = std::strcmp(c.group, "bench") == 0;
    return (isBench ? options.runBench : options.runCheck) &&
           std::string(c.name).find(options.filter) != std::string::npos;
  };
  if (options.list) {
    for (const Case &c : kCases)
      if (selected(c))
        std::printf("%s\n", c.name);
    return 0;
  }

  // The runtime owns the primary context; make it current here too so that
  // the driver calls of this file use it.
  if (int status = mhaCudaInit()) {
    std::fprintf(stderr,
                 "mha-gpu-bench: no usable CUDA device (CUresult %d: %s)\n",
                 status, mhaCudaLastError());
    return 3;
  }
  CUdevice device;
  CUcontext context;
  if (!check(cuDeviceGet(&device, 0), "cuDeviceGet") ||
      !check(cuDevicePrimaryCtxRetain(&context, device),
             "cuDevicePrimaryCtxRetain") ||
      !check(cuCtxSetCurrent(context), "cuCtxSetCurrent"))
    return 3;
  char name[256];
  mhaCudaDeviceName(name, sizeof(name));
  std::printf("device: %s (sm_%d)\n", name, mhaCudaComputeCapability());
  if (mhaCudaErrorCount() != 0) {
    // The kernel modules are loaded by global constructors before main.
    std::fprintf(stderr, "mha-gpu-bench: loading the kernels failed: %s\n",
                 mhaCudaLastError());
    return 3;
  }

  if (!options.dumpDir.empty())
    mkdir(options.dumpDir.c_str(), 0755); // an existing directory is fine
  FILE *json = nullptr;
  if (!options.jsonPath.empty() &&
      !(json = std::fopen(options.jsonPath.c_str(), "w"))) {
    std::fprintf(stderr, "mha-gpu-bench: cannot write %s\n",
                 options.jsonPath.c_str());
    return 2;
  }
  int failures = 0, run = 0;
  for (const Case &c : kCases) {
    if (!selected(c))
      continue;
    ++run;
    failures += runCase(c, options, json);
  }
  if (json)
    std::fclose(json);
  std::printf("%d cases, %d passed, %d failed\n", run, run - failures,
              failures);
  return failures ? 1 : 0;
}
