//===- emulator.cpp - run generated GPU kernels on CPU threads -----------===//
//
// Executes the device code that --mha-gpu-pipeline hands to the NVPTX
// backend (the LLVM IR of the gpu.module, compiled for the host by
// run_emulated.py) with one OS thread per GPU thread: every block of the
// grid in turn, its threads meeting at barriers, each warp exchanging values
// for gpu.shuffle, ldmatrix and mma.sync. The warp-level operations follow
// the PTX ISA (shfl.sync bfly/idx; ldmatrix .m8n8.x4 [.trans] .b16;
// mma.sync .m16n8k16 .row.col with f16/bf16 operands and f32 accumulators;
// fragment layouts as in the PTX ISA's "Matrix Fragments for mma.m16n8k16").
//
// The inputs, the float64 reference (lib/Reference) and the tolerances are
// mha-gpu-bench's (tools/mha-gpu-bench/CaseData.h). This checks the
// kernels' index
// arithmetic, tiling, masking, online softmax, barriers and fragment
// bookkeeping without a GPU; it cannot check NVPTX code generation, ptxas
// or timing.
//
// The case comes from case.h (written by run_emulated.py).
//
//===----------------------------------------------------------------------===//

#include "CaseData.h"
#include "mha/Reference/Compare.h"
#include "mha/Reference/Reference.h"
#include "mha/Support/FloatConversions.h"

#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <thread>
#include <vector>

#include "case.h"

namespace {

thread_local int tTid, tCtaX, tCtaY, tCtaZ;

struct WarpExchange {
  float value[32];
  const uint16_t *address[32];
  uint32_t a[32][4], b[32][2];
  float c[32][4];
};

std::unique_ptr<std::barrier<>> blockBarrier;
std::vector<std::unique_ptr<std::barrier<>>> warpBarriers;
std::vector<WarpExchange> exchange;

int warpOf() { return tTid / 32; }
int laneOf() { return tTid % 32; }
void warpSync() { warpBarriers[warpOf()]->arrive_and_wait(); }

float toFloat(uint16_t bits, bool isBf16) {
  return isBf16 ? mlir::mha::bfloat16ToFloat(bits)
                : mlir::mha::halfToFloat(bits);
}

} // namespace

// Special registers and barriers.
extern "C" int emu_tid_x() { return tTid; }
extern "C" int emu_ctaid_x() { return tCtaX; }
extern "C" int emu_ctaid_y() { return tCtaY; }
extern "C" int emu_ctaid_z() { return tCtaZ; }
extern "C" void emu_barrier(int) { blockBarrier->arrive_and_wait(); }

// shfl.sync with a full mask and width 32 (c = 31).
static float shuffle(float v, int srcLane) {
  WarpExchange &e = exchange[warpOf()];
  e.value[laneOf()] = v;
  warpSync();
  float r = srcLane >= 0 && srcLane < 32 ? e.value[srcLane] : v;
  warpSync();
  return r;
}
extern "C" float emu_shfl_bfly(int, float v, int offset, int) {
  return shuffle(v, laneOf() ^ offset);
}
extern "C" float emu_shfl_idx(int, float v, int lane, int) {
  return shuffle(v, lane & 31);
}

// ldmatrix.sync.aligned.m8n8.x4[.trans].shared.b16: lanes 8m..8m+7 give the
// row addresses of matrix m; without .trans lane T receives row T/4,
// columns 2(T%4) and 2(T%4)+1 of each matrix; with .trans it receives
// rows 2(T%4), 2(T%4)+1 of column T/4.
extern "C" void emu_ldmatrix_x4(const uint16_t *address, int transpose,
                                uint32_t out[4]) {
  WarpExchange &e = exchange[warpOf()];
  int lane = laneOf();
  e.address[lane] = address;
  warpSync();
  for (int m = 0; m < 4; ++m) {
    uint16_t lo, hi;
    if (!transpose) {
      const uint16_t *row = e.address[8 * m + lane / 4];
      lo = row[2 * (lane % 4)];
      hi = row[2 * (lane % 4) + 1];
    } else {
      int r = 2 * (lane % 4), col = lane / 4;
      lo = e.address[8 * m + r][col];
      hi = e.address[8 * m + r + 1][col];
    }
    out[m] = uint32_t(lo) | (uint32_t(hi) << 16);
  }
  warpSync();
}

// mma.sync.aligned.m16n8k16.row.col.f32.{f16,bf16}.{f16,bf16}.f32 with
// g = lane / 4, t = lane % 4:
//   A: a0 (g, 2t..2t+1), a1 (g+8, 2t..), a2 (g, 2t+8..), a3 (g+8, 2t+8..)
//   B: b0 (k 2t..2t+1, n g), b1 (k 2t+8..2t+9, n g)
//   C/D: c0,c1 (g, 2t..2t+1), c2,c3 (g+8, 2t..2t+1)
// Lower 16 bits of a register hold the lower column (A) / row (B) index.
extern "C" void emu_mma(int isBf16, const uint32_t *a, const uint32_t *b,
                        const float *c, float *d) {
  WarpExchange &e = exchange[warpOf()];
  int lane = laneOf();
  std::memcpy(e.a[lane], a, sizeof(e.a[lane]));
  std::memcpy(e.b[lane], b, sizeof(e.b[lane]));
  std::memcpy(e.c[lane], c, sizeof(e.c[lane]));
  warpSync();
  float A[16][16], B[16][8], C[16][8];
  for (int l = 0; l < 32; ++l) {
    int g = l / 4, t = l % 4;
    auto half = [&](uint32_t reg, int which) {
      return toFloat(static_cast<uint16_t>(reg >> (16 * which)), isBf16);
    };
    for (int which = 0; which < 2; ++which) {
      A[g][2 * t + which] = half(e.a[l][0], which);
      A[g + 8][2 * t + which] = half(e.a[l][1], which);
      A[g][2 * t + 8 + which] = half(e.a[l][2], which);
      A[g + 8][2 * t + 8 + which] = half(e.a[l][3], which);
      B[2 * t + which][g] = half(e.b[l][0], which);
      B[2 * t + 8 + which][g] = half(e.b[l][1], which);
    }
    C[g][2 * t] = e.c[l][0];
    C[g][2 * t + 1] = e.c[l][1];
    C[g + 8][2 * t] = e.c[l][2];
    C[g + 8][2 * t + 1] = e.c[l][3];
  }
  int g = lane / 4, t = lane % 4;
  int rows[4] = {g, g, g + 8, g + 8},
      cols[4] = {2 * t, 2 * t + 1, 2 * t, 2 * t + 1};
  for (int i = 0; i < 4; ++i) {
    float acc = C[rows[i]][cols[i]];
    for (int k = 0; k < 16; ++k)
      acc = std::fma(A[rows[i]][k], B[k][cols[i]], acc);
    d[i] = acc;
  }
  warpSync();
}

// f32 -> bf16 (round to nearest even) as compiler-rt names it; libgcc 12
// has no bf16 helpers.
extern "C" __bf16 __truncsfbf2(float x) {
  uint16_t bits = mlir::mha::floatToBFloat16(x);
  __bf16 r;
  std::memcpy(&r, &bits, sizeof(r));
  return r;
}

// ex2.approx.f32.
extern "C" float emu_ex2(float x) { return std::exp2(x); }

// libdevice functions, should a kernel call one (they are linked by
// gpu-module-to-binary on the real path).
extern "C" float __nv_expf(float x) { return std::exp(x); }
extern "C" float __nv_exp2f(float x) { return std::exp2(x); }
extern "C" float __nv_tanhf(float x) { return std::tanh(x); }
extern "C" float __nv_fmaf(float x, float y, float z) {
  return std::fma(x, y, z);
}

int main() {
  using namespace mha_cases;
  const CaseSpec &c = kCase;
  // Seeded by the case, like mha-gpu-bench's own check of it.
  uint64_t seed = 0x5eed;
  for (const char *p = c.name; *p; ++p)
    seed = seed * 131 + static_cast<unsigned char>(*p);
  Rng rng(seed);
  std::vector<Tensor> in = makeInputs(c, rng);
  uint8_t *mask = c.hasMask ? in[3].bits.data() : nullptr;
  uint8_t *bias = c.hasBias ? in.back().bits.data() : nullptr;
  int64_t outN = c.B * c.Hq * c.L * c.Ev;
  std::vector<uint8_t> out(outN * dtypeBytes(c.dtype), 0xff);

  // Run every block with one thread per GPU thread.
  int warps = (kBlock + 31) / 32;
  exchange.resize(warps);
  for (int bz = 0; bz < kGrid[2]; ++bz)
    for (int by = 0; by < kGrid[1]; ++by)
      for (int bx = 0; bx < kGrid[0]; ++bx) {
        blockBarrier = std::make_unique<std::barrier<>>(kBlock);
        warpBarriers.clear();
        for (int w = 0; w < warps; ++w)
          warpBarriers.push_back(std::make_unique<std::barrier<>>(32));
        std::vector<std::thread> threads;
        for (int t = 0; t < kBlock; ++t)
          threads.emplace_back([&, t] {
            tTid = t;
            tCtaX = bx;
            tCtaY = by;
            tCtaZ = bz;
            CALL_KERNEL(in[0].bits.data(), in[1].bits.data(), in[2].bits.data(),
                        mask, bias, out.data());
          });
        for (std::thread &t : threads)
          t.join();
      }

  std::vector<double> want(outN);
  std::string error =
      mlir::mha::reference::attention(referenceProblem(c, in), want.data());
  if (!error.empty()) {
    std::printf("%s: reference error: %s\n", c.name, error.c_str());
    return 1;
  }
  mlir::mha::reference::ErrorStats stats;
  for (int64_t i = 0; i < outN; ++i)
    stats.add(load(&out[i * dtypeBytes(c.dtype)], c.dtype), want[i]);
  Tolerance tol = tolerance(c.dtype);
  bool pass = stats.within(tol.relL2, tol.maxAbs);
  std::printf("%s: %s rel_l2 %.2e max_abs %.2e nan_mismatch %lld grid "
              "(%d, %d, %d) block %d\n",
              c.name, pass ? "PASS" : "FAIL", stats.relL2(), stats.maxAbs(),
              static_cast<long long>(stats.nanMismatchCount()), kGrid[0],
              kGrid[1], kGrid[2], kBlock);
  return pass ? 0 : 1;
}
