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

// Reshapes and sizes around the op (what --mha-raise-attention leaves): the
// reference follows them (they move no data), and their sizes are checked
// too: a cast to a static size the argument does not have, or an expand
// whose sizes do not multiply to its operand's, is refused before compiled
// code runs.
// RUN: mha-run %s --entry=reshaped --shape=0=6x5x16 --shape=1=6x9x16 \
// RUN:   --shape=2=6x9x8 --check | FileCheck %s --check-prefix=RESHAPED
// RESHAPED: output: result 0 tensor<?x?x8xf32> shape=6x5x8
// RESHAPED: check: PASS
// RUN: not mha-run %s --entry=reshaped --shape=0=4x5x16 --shape=1=4x9x16 \
// RUN:   --shape=2=4x9x8 2>&1 | FileCheck %s --check-prefix=CAST
// CAST: mha-run: error: the argument sizes do not fit '@reshaped': reference: 'tensor.cast' at {{.*}}attention-sizes.mlir:{{[0-9]+}}:{{[0-9]+}} gets sizes [4, 5, 16] and gives [4, 5, 16], which do not fit its result type tensor<6x?x16xf32>
// RUN: not mha-run %s --entry=reshaped_expand --shape=0=6x5x16 --shape=1=6x9x16 \
// RUN:   --shape=2=6x9x8 2>&1 | FileCheck %s --check-prefix=EXPAND
// EXPAND: mha-run: error: the argument sizes do not fit '@reshaped_expand': reference: 'tensor.expand_shape' at {{.*}}attention-sizes.mlir:{{[0-9]+}}:{{[0-9]+}} gets sizes [6, 5, 16] and gives [4, 1, 5, 16], which do not multiply to them

func.func @reshaped(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>,
                    %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c1 = arith.constant 1 : index
  %qs = tensor.cast %q : tensor<?x?x16xf32> to tensor<6x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %q4 = tensor.expand_shape %qs [[0, 1], [2], [3]] output_shape [2, 3, %l, 16]
      : tensor<6x?x16xf32> into tensor<2x3x?x16xf32>
  %ks = tensor.cast %k : tensor<?x?x16xf32> to tensor<6x?x16xf32>
  %vs = tensor.cast %v : tensor<?x?x8xf32> to tensor<6x?x8xf32>
  %k4 = tensor.expand_shape %ks [[0, 1], [2], [3]] output_shape [2, 3, %s, 16]
      : tensor<6x?x16xf32> into tensor<2x3x?x16xf32>
  %v4 = tensor.expand_shape %vs [[0, 1], [2], [3]] output_shape [2, 3, %s, 8]
      : tensor<6x?x8xf32> into tensor<2x3x?x8xf32>
  %o = mha.attention %q4, %k4, %v4
         : tensor<2x3x?x16xf32>, tensor<2x3x?x16xf32>, tensor<2x3x?x8xf32>
           -> tensor<2x3x?x8xf32>
  %o3 = tensor.collapse_shape %o [[0, 1], [2], [3]]
      : tensor<2x3x?x8xf32> into tensor<6x?x8xf32>
  %r = tensor.cast %o3 : tensor<6x?x8xf32> to tensor<?x?x8xf32>
  return %r : tensor<?x?x8xf32>
}

func.func @reshaped_expand(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>,
                           %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %q4 = tensor.expand_shape %q [[0, 1], [2], [3]] output_shape [%c4, 1, %l, 16]
      : tensor<?x?x16xf32> into tensor<?x1x?x16xf32>
  %k4 = tensor.expand_shape %k [[0, 1], [2], [3]] output_shape [%c4, 1, %s, 16]
      : tensor<?x?x16xf32> into tensor<?x1x?x16xf32>
  %v4 = tensor.expand_shape %v [[0, 1], [2], [3]] output_shape [%c4, 1, %s, 8]
      : tensor<?x?x8xf32> into tensor<?x1x?x8xf32>
  %o = mha.attention %q4, %k4, %v4
         : tensor<?x1x?x16xf32>, tensor<?x1x?x16xf32>, tensor<?x1x?x8xf32>
           -> tensor<?x1x?x8xf32>
  %o3 = tensor.collapse_shape %o [[0, 1], [2], [3]]
      : tensor<?x1x?x8xf32> into tensor<?x?x8xf32>
  return %o3 : tensor<?x?x8xf32>
}
