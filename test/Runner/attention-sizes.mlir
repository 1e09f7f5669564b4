// Dynamic attention: sizes come from --shape or the .npy files, are checked
// for consistency before compiled code runs, and reach the compiled code
// through the descriptors.

// RUN: mha-run %s --entry=dyn --shape=0=2x4x5x16 --shape=1=2x2x9x16 \
// RUN:   --shape=2=2x2x9x8 --check | FileCheck %s --check-prefix=OK
// OK: input: arg 0 tensor<?x4x?x16xf32> shape=2x4x5x16 random (seed 0)
// OK: output: result 0 tensor<?x4x?x8xf32> shape=2x4x5x8
// OK: check: result 0: rel_l2={{.*}} PASS
// OK: check: PASS

// RUN: not mha-run %s --entry=dyn --shape=0=2x4x5x16 --shape=1=2x2x9x16 \
// RUN:   --shape=2=2x2x7x8 2>&1 | FileCheck %s --check-prefix=SEQ
// SEQ: mha-run: error: the argument sizes do not fit '@dyn': 'mha.attention' at {{.*}}attention-sizes.mlir:{{[0-9]+}}:{{[0-9]+}}: sequence length S differs: key has 9, value has 7

// RUN: not mha-run %s --entry=dyn --shape=0=2x4x5x16 --shape=1=1x2x9x16 \
// RUN:   --shape=2=1x2x9x8 2>&1 | FileCheck %s --check-prefix=BATCH
// BATCH: mha-run: error: the argument sizes do not fit '@dyn': {{.*}}: batch size B differs: query has 2, key has 1

// RUN: not mha-run %s --entry=dyn_mask --shape=0=1x2x5x16 --shape=1=1x2x9x16 \
// RUN:   --shape=2=1x2x9x16 --shape=3=1x1x5x8 2>&1 | FileCheck %s --check-prefix=MASK
// MASK: mha-run: error: the argument sizes do not fit '@dyn_mask': {{.*}}: mask of shape [1, 1, 5, 8] is not broadcastable to [B, Hq, L, S] = [1, 2, 5, 9]: dim 3 (S) must be 9 or 1

// A check that cannot pass: the tolerance is far below f32 rounding.
// RUN: not mha-run %s --entry=dyn --shape=0=1x4x5x16 --shape=1=1x2x9x16 \
// RUN:   --shape=2=1x2x9x8 --check --tolerance=1e-300 | FileCheck %s --check-prefix=FAIL
// FAIL: check: result 0: rel_l2={{.*}} tol=1e-300 FAIL
// FAIL: check: FAIL

func.func @dyn(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>,
               %v: tensor<?x2x?x8xf32>) -> tensor<?x4x?x8xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x8xf32>
           -> tensor<?x4x?x8xf32>
  return %o : tensor<?x4x?x8xf32>
}

func.func @dyn_mask(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                    %v: tensor<?x2x?x16xf32>, %m: tensor<?x?x?x?xi1>)
    -> tensor<?x2x?x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<?x?x?x?xi1>)
         : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
           -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
