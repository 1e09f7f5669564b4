// Very long rows: one query row (decoding) over S = 65536 keys, with GQA
// (4 query heads over 2 key/value heads), must stay within tolerance of the
// float64 reference on the unfused path, the default flash tiles and small
// odd tiles. The row sums and the weighted sums run over 65536 terms, and
// with nearly uniform weights the result is about 1/256 of its terms, so
// rounding in the sums shows (f32 results come out near 7e-6 against the
// 1e-5 tolerance). numpy recomputes the float64 reference from the .npy
// inputs and checks the saved outputs independently of mha-run.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python -c "import numpy as np; r = np.random.default_rng(401); [np.save('%t/' + n + '.npy', r.uniform(-1, 1, s).astype(np.float32)) for n, s in (('q', (1, 4, 1, 64)), ('k', (1, 2, 65536, 64)), ('v', (1, 2, 65536, 64)))]"

// RUN: mha-run %t/f32.mlir --input=%t/q.npy,%t/k.npy,%t/v.npy --output=%t/f32.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=F32
// RUN: mha-run %t/f32.mlir --input=%t/q.npy,%t/k.npy,%t/v.npy --output=%t/f32.1.npy --check | FileCheck %s --check-prefix=F32
// RUN: mha-run %t/f32.mlir --input=%t/q.npy,%t/k.npy,%t/v.npy --output=%t/f32.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=F32
// RUN: %python -c "import numpy as np; q, k, v = [np.load('%t/' + n + '.npy').astype(np.float64) for n in 'qkv']; k = np.repeat(k, 2, 1); v = np.repeat(v, 2, 1); s = q @ k.transpose(0, 1, 3, 2) / 8; p = np.exp(s - s.max(-1, keepdims=True)); ref = (p / p.sum(-1, keepdims=True)) @ v; errs = [np.linalg.norm(np.load('%t/f32.' + n + '.npy') - ref) / np.linalg.norm(ref) for n in '012']; assert max(errs) < 1e-5, errs"
// F32: output: result 0 tensor<1x4x1x64xf32> shape=1x4x1x64
// F32: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// F32-NEXT: check: PASS

// f16 (the same values rounded to f16), causal(bottom_right): the single
// query row is the last one, so it sees all 65536 keys.
// RUN: %python -c "import numpy as np; [np.save('%t/' + n + '16.npy', np.load('%t/' + n + '.npy').astype(np.float16)) for n in 'qkv']"
// RUN: mha-run %t/f16.mlir --input=%t/q16.npy,%t/k16.npy,%t/v16.npy --output=%t/f16.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=F16
// RUN: mha-run %t/f16.mlir --input=%t/q16.npy,%t/k16.npy,%t/v16.npy --output=%t/f16.1.npy --check | FileCheck %s --check-prefix=F16
// RUN: mha-run %t/f16.mlir --input=%t/q16.npy,%t/k16.npy,%t/v16.npy --output=%t/f16.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=F16
// RUN: %python -c "import numpy as np; q, k, v = [np.load('%t/' + n + '16.npy').astype(np.float64) for n in 'qkv']; k = np.repeat(k, 2, 1); v = np.repeat(v, 2, 1); s = q @ k.transpose(0, 1, 3, 2) / 8; p = np.exp(s - s.max(-1, keepdims=True)); ref = (p / p.sum(-1, keepdims=True)) @ v; errs = [np.linalg.norm(np.load('%t/f16.' + n + '.npy') - ref) / np.linalg.norm(ref) for n in '012']; assert max(errs) < 1e-2, errs"
// F16: output: result 0 tensor<1x4x1x64xf16> shape=1x4x1x64
// F16: check: result 0: rel_l2={{.*}} tol=0.01 PASS
// F16-NEXT: check: PASS

//--- f32.mlir
func.func @long_f32(%q: tensor<1x4x1x64xf32>, %k: tensor<1x2x65536x64xf32>,
                    %v: tensor<1x2x65536x64xf32>) -> tensor<1x4x1x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x4x1x64xf32>, tensor<1x2x65536x64xf32>, tensor<1x2x65536x64xf32>
           -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}

//--- f16.mlir
func.func @long_f16(%q: tensor<1x4x1x64xf16>, %k: tensor<1x2x65536x64xf16>,
                    %v: tensor<1x2x65536x64xf16>) -> tensor<1x4x1x64xf16> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<1x4x1x64xf16>, tensor<1x2x65536x64xf16>, tensor<1x2x65536x64xf16>
           -> tensor<1x4x1x64xf16>
  return %o : tensor<1x4x1x64xf16>
}
