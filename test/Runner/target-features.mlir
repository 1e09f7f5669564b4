// --mattr changes the JIT's target features, and the register block follows
// them: without AVX-512F the pipeline gets the AVX2 tuning (6 x 16 lanes),
// whatever the host; explicit pipeline options still win. The code must
// still match the float64 reference.
//
// RUN: mha-run %s --check --mattr=-avx512f | FileCheck %s --check-prefix=AVX2
// RUN: mha-run %s --check --mattr=-avx512f --cpu-pipeline="register-rows=4 register-cols=8" \
// RUN:   | FileCheck %s --check-prefix=EXPLICIT
// RUN: mha-run %s --json --mattr=-avx512f | FileCheck %s --check-prefix=JSON

// AVX2: target: cpu={{[a-z0-9-]+}} mattr=-avx512f register-block=6x16
// AVX2: check: PASS
// EXPLICIT: target: cpu={{[a-z0-9-]+}} mattr=-avx512f register-block=4x8
// EXPLICIT: check: PASS
// JSON:      "target": {
// JSON-NEXT:   "cpu": "{{[a-z0-9-]+}}",
// JSON-NEXT:   "mattr": "-avx512f",
// JSON-NEXT:   "register_cols": 16,
// JSON-NEXT:   "register_rows": 6
// JSON-NEXT: }

func.func @attention(%q: tensor<1x2x40x64xf32>, %k: tensor<1x2x72x64xf32>,
                     %v: tensor<1x2x72x64xf32>) -> tensor<1x2x40x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<1x2x40x64xf32>, tensor<1x2x72x64xf32>, tensor<1x2x72x64xf32>
           -> tensor<1x2x40x64xf32>
  return %o : tensor<1x2x40x64xf32>
}
