// Rows whose mask is all false have no allowed key: their output must be
// exactly zero (never NaN), through the unfused path, the default flash tiles
// and small odd tiles. The masks are .npy files written here, so the zero
// rows are also checked on the saved outputs, independently of mha-run's
// reference; every other row must be finite and non-zero.

// RUN: rm -rf %t && split-file %s %t

// Full 2x4x9x14 mask, random bits (70% true) with three all-false rows, one
// of them the last row (a partial query tile).
// RUN: %python -c "import numpy as np; m = np.random.default_rng(71).random((2, 4, 9, 14)) < 0.7; m[0, 1, 3] = False; m[1, 2, 0] = False; m[1, 3, 8] = False; np.save('%t/rows.npy', m)"
// RUN: mha-run %t/rows.mlir --seed=71 --input=@random,@random,@random,%t/rows.npy --output=%t/rows.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=ROWS
// RUN: mha-run %t/rows.mlir --seed=71 --input=@random,@random,@random,%t/rows.npy --output=%t/rows.1.npy --check | FileCheck %s --check-prefix=ROWS
// RUN: mha-run %t/rows.mlir --seed=71 --input=@random,@random,@random,%t/rows.npy --output=%t/rows.2.npy --check --cpu-pipeline="query-tile=4 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=ROWS
// RUN: %python -c "import numpy as np; m = np.load('%t/rows.npy').any(-1); os = [np.load('%t/rows.' + n + '.npy') for n in '012']; assert (~m).sum() == 3; assert all(np.isfinite(o).all() and (o[~m] == 0).all() and (np.abs(o[m]).max(-1) > 0).all() for o in os), 'all-false mask rows must be zero'"
// ROWS: input: arg 3 tensor<2x4x9x14xi1> shape=2x4x9x14 from {{.*}}rows.npy
// ROWS: output: result 0 tensor<2x4x9x16xf32> shape=2x4x9x16
// ROWS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// ROWS-NEXT: check: PASS

// A broadcast 1x1x9x14 mask whose row 5 is all false: row 5 of every batch
// and head is zero.
// RUN: %python -c "import numpy as np; m = np.random.default_rng(72).random((1, 1, 9, 14)) < 0.5; m[..., 0] = True; m[0, 0, 5] = False; np.save('%t/bcast.npy', m)"
// RUN: mha-run %t/broadcast-row.mlir --seed=72 --input=@random,@random,@random,%t/bcast.npy --output=%t/bcast.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=BCAST
// RUN: mha-run %t/broadcast-row.mlir --seed=72 --input=@random,@random,@random,%t/bcast.npy --output=%t/bcast.1.npy --check | FileCheck %s --check-prefix=BCAST
// RUN: mha-run %t/broadcast-row.mlir --seed=72 --input=@random,@random,@random,%t/bcast.npy --output=%t/bcast.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=BCAST
// RUN: %python -c "import numpy as np; os = [np.load('%t/bcast.' + n + '.npy') for n in '012']; keep = np.arange(9) != 5; assert all(np.isfinite(o).all() and (o[:, :, 5] == 0).all() and (np.abs(o[:, :, keep]).max(-1) > 0).all() for o in os), 'row 5 must be zero'"
// BCAST: output: result 0 tensor<2x4x9x16xf32> shape=2x4x9x16
// BCAST: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// BCAST-NEXT: check: PASS

// A whole all-false mask passed as an argument: the whole result is zero.
// RUN: %python -c "import numpy as np; np.save('%t/none.npy', np.zeros((2, 4, 9, 14), bool))"
// RUN: mha-run %t/rows.mlir --seed=73 --input=@random,@random,@random,%t/none.npy --output=%t/none.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=NONE
// RUN: mha-run %t/rows.mlir --seed=73 --input=@random,@random,@random,%t/none.npy --output=%t/none.1.npy --check | FileCheck %s --check-prefix=NONE
// RUN: mha-run %t/rows.mlir --seed=73 --input=@random,@random,@random,%t/none.npy --output=%t/none.2.npy --check --cpu-pipeline="query-tile=9 kv-tile=2 unfused-max-scores=0" | FileCheck %s --check-prefix=NONE
// RUN: %python -c "import numpy as np; assert all((np.load('%t/none.' + n + '.npy') == 0).all() for n in '012'), 'an all-false mask must give zeros'"
// NONE: output: result 0 tensor<2x4x9x16xf32> shape=2x4x9x16
// NONE: check: result 0: rel_l2=0 max_abs=0 tol=1e-05 PASS
// NONE-NEXT: check: PASS

// An all-false constant mask (kept by the canonicalizer): the whole result
// is zero.
// RUN: mha-run %t/constant.mlir --seed=74 --output=%t/const.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CONST
// RUN: mha-run %t/constant.mlir --seed=74 --output=%t/const.1.npy --check | FileCheck %s --check-prefix=CONST
// RUN: mha-run %t/constant.mlir --seed=74 --output=%t/const.2.npy --check --cpu-pipeline="query-tile=3 kv-tile=8 unfused-max-scores=0" | FileCheck %s --check-prefix=CONST
// RUN: %python -c "import numpy as np; assert all((np.load('%t/const.' + n + '.npy') == 0).all() for n in '012'), 'an all-false mask must give zeros'"
// CONST: output: result 0 tensor<1x2x10x16xf32> shape=1x2x10x16
// CONST: check: result 0: rel_l2=0 max_abs=0 tol=1e-05 PASS
// CONST-NEXT: check: PASS

//--- rows.mlir
func.func @mask_rows(%q: tensor<2x4x9x16xf32>, %k: tensor<2x4x14x16xf32>,
                     %v: tensor<2x4x14x16xf32>, %m: tensor<2x4x9x14xi1>) -> tensor<2x4x9x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x4x9x14xi1>)
         : tensor<2x4x9x16xf32>, tensor<2x4x14x16xf32>, tensor<2x4x14x16xf32>
           -> tensor<2x4x9x16xf32>
  return %o : tensor<2x4x9x16xf32>
}

//--- broadcast-row.mlir
func.func @mask_broadcast_row(%q: tensor<2x4x9x16xf32>, %k: tensor<2x4x14x16xf32>,
                              %v: tensor<2x4x14x16xf32>, %m: tensor<1x1x9x14xi1>) -> tensor<2x4x9x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x9x14xi1>)
         : tensor<2x4x9x16xf32>, tensor<2x4x14x16xf32>, tensor<2x4x14x16xf32>
           -> tensor<2x4x9x16xf32>
  return %o : tensor<2x4x9x16xf32>
}

//--- constant.mlir
func.func @mask_constant_false(%q: tensor<1x2x10x16xf32>, %k: tensor<1x2x12x16xf32>,
                               %v: tensor<1x2x12x16xf32>) -> tensor<1x2x10x16xf32> {
  %m = arith.constant dense<false> : tensor<1x1x1x1xi1>
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x1x1xi1>)
         : tensor<1x2x10x16xf32>, tensor<1x2x12x16xf32>, tensor<1x2x12x16xf32>
           -> tensor<1x2x10x16xf32>
  return %o : tensor<1x2x10x16xf32>
}
