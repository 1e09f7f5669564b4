// --mha-cpu-pipeline down to x86 machine code: the tile products are broadcast-FMA micro-kernels on packed vector registers, and exp is inlined (no libm call).
//
// AVX2 (znver3), default register block 6 x 16 lanes: each vector<16xf32> accumulator is two ymm registers.
// RUN: mha-opt %s --mha-cpu-pipeline | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=znver3 \
// RUN:   | FileCheck %s --check-prefix=AVX2 --implicit-check-not=expf
//
// The control: on the unfused path (math.exp, which the flash path never
// emits: its softmax has its own polynomial) exp is a libm call, and the
// pattern the other RUN lines exclude does match it.
// RUN: mha-opt %s --mha-cpu-pipeline="flash=false" | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=znver3 \
// RUN:   | FileCheck %s --check-prefix=LIBM
//
// AVX-512 (skylake-avx512), register block 8 x 32 lanes. The options reach
// the micro-kernel (32-lane FMAs in the LLVM IR) ...
// RUN: mha-opt %s --mha-cpu-pipeline="register-cols=32 register-rows=8" | mlir-translate --mlir-to-llvmir \
// RUN:   | FileCheck %s --check-prefix=IR512 --implicit-check-not=llvm.fmuladd.v16f32
//
// ... and become zmm FMAs, with no ymm FMA left anywhere. skylake-avx512 does
// tune for 256-bit vectors (prefer-vector-width=256), but that only steers
// LLVM's own vectorizers and, through the "min-legal-vector-width" function
// attribute that clang sets, type legalization. The MLIR-emitted functions
// carry no such attribute, so <32 x float> is legal as two zmm: checked with
// llc 22, adding "min-legal-vector-width"="256" to these functions turns all
// these FMAs into ymm ones.
// RUN: mha-opt %s --mha-cpu-pipeline="register-cols=32 register-rows=8" | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=skylake-avx512 \
// RUN:   | FileCheck %s --check-prefix=AVX512 --implicit-check-not=expf \
// RUN:       --implicit-check-not='vfmadd{{[0-9]+}}ps {{.*}}%ymm'

// Causal grouped-query attention, f32: Hq = 8, Hkv = 2, L = 64, S = 128,
// E = Ev = 64, default 64 x 64 tiles.
//
// The micro-kernel signature: an element of A broadcast from memory (an
// indexed address, not a constant-pool splat like the polynomial's
// coefficients) feeds a packed FMA in the same basic block. The FMAs of the
// exp polynomial alone could not match this. On AVX-512 the broadcast stays
// in a register because each one feeds the two zmm halves of a 32-lane row;
// with 16 lanes (one zmm) llc folds it into the FMA as an embedded
// `(mem){1to16}` operand instead, and the AVX512 lines below would not match.

// AVX2:         vbroadcastss {{-?[0-9]*}}(%r{{[a-z0-9]+}},%r{{[a-z0-9]+}},4), %ymm[[A:[0-9]+]]
// AVX2-NOT:     {{^\.LBB|^# %bb\.}}
// AVX2:         vfmadd231ps {{.*}}%ymm[[A]], %ymm{{[0-9]+}}

// LIBM:         call{{.*}}expf

// IR512:        call <32 x float> @llvm.fmuladd.v32f32(<32 x float> %{{.+}}, <32 x float> %{{.+}}, <32 x float> %{{.+}})

// AVX512:       vbroadcastss {{-?[0-9]*}}(%r{{[a-z0-9]+}},%r{{[a-z0-9]+}},4), %zmm[[A:[0-9]+]]
// AVX512-NOT:   {{^\.LBB|^# %bb\.}}
// AVX512:       vfmadd231ps {{.*}}%zmm[[A]], %zmm{{[0-9]+}}
func.func @attention(%q: tensor<1x8x64x64xf32>, %k: tensor<1x2x128x64xf32>, %v: tensor<1x2x128x64xf32>) -> tensor<1x8x64x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<1x8x64x64xf32>, tensor<1x2x128x64xf32>, tensor<1x2x128x64xf32> -> tensor<1x8x64x64xf32>
  return %o : tensor<1x8x64x64xf32>
}
