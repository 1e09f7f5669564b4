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
size_t dtypeBytes(int dtype) { return dtype == 0 ? 4 : 2; }

/// Rounds to the storage type and returns the stored bits (in `bytes`) and
/// the exact value they hold.
double store(double x, int dtype, uint8_t *bytes) {
  float f = static_cast<float>(x);
  if (dtype == 0) {
    std::memcpy(bytes, &f, 4);
    return f;
  }
  uint16_t bits =
      dtype == 1 ? mlir::mha::floatToHalf(f) : mlir::mha::floatToBFloat16(f);
  std::memcpy(bytes, &bits, 2);
  return dtype == 1 ? mlir::mha::halfToFloat(bits)
                    : mlir::mha::bfloat16ToFloat(bits);
}

double load(const uint8_t *bytes, int dtype) {
  if (dtype == 0) {
    float f;
    std::memcpy(&f, bytes, 4);
    return f;
  }
  uint16_t bits;
  std::memcpy(&bits, bytes, 2);
  return dtype == 1 ? mlir::mha::halfToFloat(bits)
                    : mlir::mha::bfloat16ToFloat(bits);
}

/// A small seeded generator (splitmix64): <random>'s engines would pull in
/// the part of a static libstdc++ that needs a newer glibc.
class Rng {
public:
  explicit Rng(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in (0, 1).
  double uniform() {
    return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53;
  }
  /// Standard normal (Box-Muller).
  double normal() {
    return std::sqrt(-2.0 * std::log(uniform())) *
           std::cos(6.283185307179586 * uniform());
  }

private:
  uint64_t state;
};

/// One operand: its storage bits (what the device gets) and the exact
/// values they hold (what the reference gets).
struct Tensor {
  std::vector<int64_t> shape;
  int dtype = 0; // -1: i1 mask
  std::vector<uint8_t> bits;
  std::vector<double> values;
  int64_t numel() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

Tensor randomTensor(std::vector<int64_t> shape, int dtype, Rng &rng,
                    double stddev) {
  Tensor t;
  t.shape = std::move(shape);
  t.dtype = dtype;
  int64_t n = t.numel();
  t.bits.resize(n * dtypeBytes(dtype));
  t.values.resize(n);
  for (int64_t i = 0; i < n; ++i)
    t.values[i] =
        store(stddev * rng.normal(), dtype, &t.bits[i * dtypeBytes(dtype)]);
  return t;
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

struct Stats {
  double num = 0, den = 0, maxAbs = 0;
  int64_t nanMismatch = 0;
  /// sqrt(sum (got - want)^2 / sum want^2) over everything compared.
  double relL2() const {
    return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
  }
};

/// Compares got[gotOffset + i] with want[i]; a NaN on one side only is a
/// mismatch, NaNs on both sides agree.
void compare(const std::vector<double> &got, const std::vector<double> &want,
             int64_t gotOffset, Stats &stats) {
  for (size_t i = 0; i < want.size(); ++i) {
    double g = got[gotOffset + i], w = want[i];
    if (std::isnan(w) || std::isnan(g)) {
      stats.nanMismatch += std::isnan(w) != std::isnan(g);
      continue;
    }
    double d = g - w;
    stats.num += d * d;
    stats.den += w * w;
    stats.maxAbs = std::max(stats.maxAbs, std::fabs(d));
  }
}

/// Tolerances on the relative L2 error and on the largest absolute error
/// (outputs are O(1)): f32 is exact up to f32 rounding of the sums; f16 and
/// bf16 round the result once (and the mma.sync kernel also rounds the
/// softmax weights).
void tolerance(int dtype, double &relL2, double &maxAbs) {
  if (dtype == 0) {
    relL2 = 1e-5;
    maxAbs = 1e-4;
  } else if (dtype == 1) {
    relL2 = 3e-3;
    maxAbs = 1e-2;
  } else {
    relL2 = 2e-2;
    maxAbs = 8e-2;
  }
}

mlir::mha::reference::AttentionProblem
referenceProblem(const Case &c, const std::vector<Tensor> &in) {
  using namespace mlir::mha::reference;
  AttentionProblem p;
  p.batch = c.B;
  p.numHeads = c.Hq;
  p.numKvHeads = c.Hkv;
  p.queryLen = c.L;
  p.keyLen = c.S;
  p.headDim = c.E;
  p.valueHeadDim = c.Ev;
  p.attrs.causal = c.causal == 0   ? Causal::None
                   : c.causal == 1 ? Causal::TopLeft
                                   : Causal::BottomRight;
  if (c.hasWindow)
    p.attrs.window = std::array<int64_t, 2>{c.left, c.right};
  if (c.hasScale)
    p.attrs.scale = static_cast<double>(static_cast<float>(c.scale));
  if (c.hasSoftcap)
    p.attrs.softcap = static_cast<double>(static_cast<float>(c.softcap));
  p.query = in[0].values.data();
  p.key = in[1].values.data();
  p.value = in[2].values.data();
  size_t next = 3;
  if (c.hasMask) {
    p.mask.data = in[next].bits.data();
    std::copy(c.maskShape, c.maskShape + 4, p.mask.shape.begin());
    ++next;
  }
  if (c.hasBias) {
    p.bias.data = in[next].values.data();
    std::copy(c.biasShape, c.biasShape + 4, p.bias.shape.begin());
  }
  return p;
}

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

  // Inputs.
  std::vector<Tensor> in;
  in.push_back(randomTensor({c.B, c.Hq, c.L, c.E}, c.dtype, rng, 1.0));
  in.push_back(randomTensor({c.B, c.Hkv, c.S, c.E}, c.dtype, rng, 1.0));
  in.push_back(randomTensor({c.B, c.Hkv, c.S, c.Ev}, c.dtype, rng, 1.0));
  if (c.hasMask) {
    Tensor m;
    m.shape.assign(c.maskShape, c.maskShape + 4);
    m.dtype = -1;
    m.bits.resize(m.numel());
    for (int64_t i = 0; i < m.numel(); ++i)
      m.bits[i] = rng.uniform() < 0.8;
    if (c.maskPattern == 1) // every third row of the last dims: nothing
      for (int64_t i = 0; i < m.numel() / m.shape[3]; i += 3)
        std::fill_n(&m.bits[i * m.shape[3]], m.shape[3], uint8_t(0));
    in.push_back(std::move(m));
  }
  if (c.hasBias) {
    Tensor b = randomTensor(
        {c.biasShape[0], c.biasShape[1], c.biasShape[2], c.biasShape[3]},
        c.biasDtype, rng, 0.5);
    if (c.biasPattern == 1) { // -inf entries, and whole rows of them
      size_t eb = dtypeBytes(c.biasDtype);
      double ninf = -std::numeric_limits<double>::infinity();
      for (int64_t i = 0; i < b.numel(); ++i) {
        int64_t row = i / b.shape[3];
        if (row % 5 == 0 || i % 7 == 0)
          b.values[i] = store(ninf, c.biasDtype, &b.bits[i * eb]);
      }
    }
    in.push_back(std::move(b));
  }
  std::vector<int64_t> outShape = {c.B, c.Hq, c.L, c.Ev};
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
  Stats stats;
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
    compare(got, want, gotOffset, stats);
  }
  double tolRel, tolAbs;
  tolerance(c.dtype, tolRel, tolAbs);
  bool pass = stats.nanMismatch == 0 && stats.relL2() <= tolRel &&
              stats.maxAbs <= tolAbs;

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
              c.name, dtypeName(c.dtype), c.kernel, stats.relL2(), stats.maxAbs,
              static_cast<long long>(stats.nanMismatch),
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
        stats.relL2(), stats.maxAbs, kernelMs, wallMs, flops, tflops);
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
