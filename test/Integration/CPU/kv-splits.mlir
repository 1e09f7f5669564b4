// Shares of the key range (kv-splits, flash-decoding): each share's partial
// max, sum and output, combined at the end, match the float64 reference for
// every feature of the op. Short sequences in small steps, so that shares
// end inside the causal or window band, some hold no allowed key, and the
// last one is shorter or empty. num-threads=1 keeps splitting only where
// kv-splits asks for it explicitly.

// RUN: rm -rf %t && split-file %s %t

// Multi-query decoding, S = 1100 (no multiple of the 64-key steps): the
// automatic choice (two shares of at least 512 keys, for the one iteration
// of the parallel loop), then explicit shares.
// RUN: mha-run %t/mqa.mlir --seed=901 --check | FileCheck %s --check-prefix=MQA
// RUN: mha-run %t/mqa.mlir --seed=901 --check --cpu-pipeline="kv-splits=5 kv-tile=16" | FileCheck %s --check-prefix=MQA
// RUN: mha-run %t/mqa.mlir --seed=901 --check --cpu-pipeline="num-threads=1 kv-splits=3" --mattr=-avx512f | FileCheck %s --check-prefix=MQA
// MQA: output: result 0 tensor<1x8x1x64xf32> shape=1x8x1x64
// MQA: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MQA-NEXT: check: PASS

// Grouped, causal(bottom_right), L = 5 over S = 77, B = 2.
// RUN: mha-run %t/causal.mlir --seed=902 --check --cpu-pipeline="kv-splits=3 kv-tile=8 unfused-max-scores=0" | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=902 --check --cpu-pipeline="kv-splits=7 kv-tile=4 query-tile=2 unfused-max-scores=0" | FileCheck %s --check-prefix=CAUSAL
// CAUSAL: output: result 0 tensor<2x4x5x16xf32> shape=2x4x5x16
// CAUSAL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CAUSAL-NEXT: check: PASS

// A window band with causal(top_left), softcap and a scale.
// RUN: mha-run %t/window.mlir --seed=903 --check --cpu-pipeline="kv-splits=4 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=WINDOW
// WINDOW: output: result 0 tensor<1x2x12x24xf32> shape=1x2x12x24
// WINDOW: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// WINDOW-NEXT: check: PASS

// A mask with all-false rows and others whose allowed keys fall in one
// share only, and a bias: the all-false rows are exactly zero.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(904); m = r.random((1, 2, 6, 40)) < 0.3; m[0, 0, 1] = False; m[0, 1, 4] = False; m[0, 0, 2] = False; m[0, 0, 2, 37] = True; m[0, 1, 0] = False; m[0, 1, 0, 3] = True; np.save('%t/m.npy', m)"
// RUN: mha-run %t/mask.mlir --seed=904 --input=@random,@random,@random,%t/m.npy,@random --output=%t/mask.npy --check --cpu-pipeline="kv-splits=3 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=MASK
// RUN: %python -c "import numpy as np; o = np.load('%t/mask.npy'); assert np.isfinite(o).all() and (o[0, 0, 1] == 0).all() and (o[0, 1, 4] == 0).all() and (np.abs(o[0, 0, 2]).max() > 0), 'all-false rows must be zero'"
// MASK: output: result 0 tensor<1x2x6x8xf32> shape=1x2x6x8
// MASK: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MASK-NEXT: check: PASS

// f16, E != Ev.
// RUN: mha-run %t/f16.mlir --seed=905 --check --cpu-pipeline="kv-splits=2 kv-tile=16 unfused-max-scores=0" | FileCheck %s --check-prefix=F16
// F16: output: result 0 tensor<1x4x3x24xf16> shape=1x4x3x24
// F16: check: result 0: rel_l2={{.*}} tol=0.01 PASS
// F16-NEXT: check: PASS

// A dynamic L (decoding compiled for any L) over a static S: the one-row
// and remainder tiles take shares too. A dynamic S: the shares asked for;
// automatically, shares of at least 512 keys chosen at run time: none for
// S = 45, 2 for S = 1100, 8 for S = 5000 (the last one shorter), and 4 of
// causal key ranges that end in the 16-key remainder steps (S = 2100).
// RUN: mha-run %t/dynamic-l.mlir --seed=906 --shape=0=1x4x1x32 --check --cpu-pipeline="kv-splits=3 kv-tile=8" | FileCheck %s --check-prefix=DYNL1
// RUN: mha-run %t/dynamic-l.mlir --seed=906 --shape=0=1x4x7x32 --check --cpu-pipeline="kv-splits=3 kv-tile=8" | FileCheck %s --check-prefix=DYNL7
// RUN: mha-run %t/dynamic-s.mlir --seed=907 --shape=1=1x2x45x32 --shape=2=1x2x45x32 --check --cpu-pipeline="kv-splits=3 kv-tile=8" | FileCheck %s --check-prefix=DYNS
// DYNL1: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYNL1-NEXT: check: PASS
// DYNL7: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYNL7-NEXT: check: PASS
// RUN: mha-run %t/dynamic-s.mlir --seed=908 --shape=1=1x2x45x32 --shape=2=1x2x45x32 --check | FileCheck %s --check-prefix=DYNS
// RUN: mha-run %t/dynamic-s.mlir --seed=909 --shape=1=1x2x1100x32 --shape=2=1x2x1100x32 --check | FileCheck %s --check-prefix=DYNS
// RUN: mha-run %t/dynamic-s.mlir --seed=910 --shape=1=1x2x5000x32 --shape=2=1x2x5000x32 --check | FileCheck %s --check-prefix=DYNS
// RUN: mha-run %t/dynamic-s-causal.mlir --seed=911 --shape=1=2x2x2100x16 --shape=2=2x2x2100x16 --check | FileCheck %s --check-prefix=DYNS
// DYNS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYNS-NEXT: check: PASS

// A dynamic L with 32 query heads over one key/value head: a single row
// left per head (L = 1 and L = 5) takes a one-row tile with automatic
// shares (4 of 512 keys); L = 4 has none left. Causal, so that the rows of
// L = 5 see different key ranges; AVX2 and two threads too.
// RUN: mha-run %t/dynamic-l-mqa.mlir --seed=912 --shape=0=1x32x1x16 --check | FileCheck %s --check-prefix=DYNLMQA
// RUN: mha-run %t/dynamic-l-mqa.mlir --seed=913 --shape=0=1x32x5x16 --check | FileCheck %s --check-prefix=DYNLMQA
// RUN: mha-run %t/dynamic-l-mqa.mlir --seed=914 --shape=0=1x32x4x16 --check | FileCheck %s --check-prefix=DYNLMQA
// RUN: mha-run %t/dynamic-l-mqa.mlir --seed=915 --shape=0=1x32x1x16 --check --cpu-pipeline="register-rows=6 register-cols=16" --mattr=-avx512f | FileCheck %s --check-prefix=DYNLMQA
// RUN: env OMP_NUM_THREADS=2 mha-run %t/dynamic-l-mqa.mlir --seed=916 --shape=0=1x32x1x16 --check --cpu-pipeline="num-threads=2" | FileCheck %s --check-prefix=DYNLMQA
// DYNLMQA: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYNLMQA-NEXT: check: PASS
// Falcon-7B's 71 query heads over one: one-row tiles and no remainder
// loop; L = 1 is one tile with shares, L = 3 three tiles without.
// RUN: mha-run %t/dynamic-l-71.mlir --seed=917 --shape=0=1x71x1x16 --check | FileCheck %s --check-prefix=DYNLMQA
// RUN: mha-run %t/dynamic-l-71.mlir --seed=918 --shape=0=1x71x3x16 --check | FileCheck %s --check-prefix=DYNLMQA
// RUN: env OMP_NUM_THREADS=2 mha-run %t/dynamic-l-71.mlir --seed=919 --shape=0=1x71x1x16 --check --cpu-pipeline="num-threads=2" | FileCheck %s --check-prefix=DYNLMQA

//--- mqa.mlir
func.func @mqa(%q: tensor<1x8x1x64xf32>, %k: tensor<1x1x1100x64xf32>, %v: tensor<1x1x1100x64xf32>) -> tensor<1x8x1x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x8x1x64xf32>, tensor<1x1x1100x64xf32>, tensor<1x1x1100x64xf32> -> tensor<1x8x1x64xf32>
  return %o : tensor<1x8x1x64xf32>
}

//--- causal.mlir
func.func @causal(%q: tensor<2x4x5x16xf32>, %k: tensor<2x2x77x16xf32>, %v: tensor<2x2x77x16xf32>) -> tensor<2x4x5x16xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<2x4x5x16xf32>, tensor<2x2x77x16xf32>, tensor<2x2x77x16xf32> -> tensor<2x4x5x16xf32>
  return %o : tensor<2x4x5x16xf32>
}

//--- window.mlir
func.func @window(%q: tensor<1x2x12x24xf32>, %k: tensor<1x2x50x24xf32>, %v: tensor<1x2x50x24xf32>) -> tensor<1x2x12x24xf32> {
  %o = mha.attention %q, %k, %v causal(top_left) window(9, 0) scale(0.3) softcap(2.0) : tensor<1x2x12x24xf32>, tensor<1x2x50x24xf32>, tensor<1x2x50x24xf32> -> tensor<1x2x12x24xf32>
  return %o : tensor<1x2x12x24xf32>
}

//--- mask.mlir
func.func @mask(%q: tensor<1x2x6x8xf32>, %k: tensor<1x2x40x8xf32>, %v: tensor<1x2x40x8xf32>, %m: tensor<1x2x6x40xi1>, %b: tensor<1x1x6x40xf32>) -> tensor<1x2x6x8xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x2x6x40xi1>) bias(%b : tensor<1x1x6x40xf32>) : tensor<1x2x6x8xf32>, tensor<1x2x40x8xf32>, tensor<1x2x40x8xf32> -> tensor<1x2x6x8xf32>
  return %o : tensor<1x2x6x8xf32>
}

//--- f16.mlir
func.func @f16(%q: tensor<1x4x3x32xf16>, %k: tensor<1x2x70x32xf16>, %v: tensor<1x2x70x24xf16>) -> tensor<1x4x3x24xf16> {
  %o = mha.attention %q, %k, %v : tensor<1x4x3x32xf16>, tensor<1x2x70x32xf16>, tensor<1x2x70x24xf16> -> tensor<1x4x3x24xf16>
  return %o : tensor<1x4x3x24xf16>
}

//--- dynamic-l.mlir
func.func @dynamic_l(%q: tensor<1x4x?x32xf32>, %k: tensor<1x2x60x32xf32>, %v: tensor<1x2x60x32xf32>) -> tensor<1x4x?x32xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<1x4x?x32xf32>, tensor<1x2x60x32xf32>, tensor<1x2x60x32xf32> -> tensor<1x4x?x32xf32>
  return %o : tensor<1x4x?x32xf32>
}

//--- dynamic-s.mlir
func.func @dynamic_s(%q: tensor<1x4x3x32xf32>, %k: tensor<1x2x?x32xf32>, %v: tensor<1x2x?x32xf32>) -> tensor<1x4x3x32xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x4x3x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x4x3x32xf32>
  return %o : tensor<1x4x3x32xf32>
}

//--- dynamic-s-causal.mlir
func.func @dynamic_s_causal(%q: tensor<2x4x5x16xf32>, %k: tensor<2x2x?x16xf32>, %v: tensor<2x2x?x16xf32>) -> tensor<2x4x5x16xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<2x4x5x16xf32>, tensor<2x2x?x16xf32>, tensor<2x2x?x16xf32> -> tensor<2x4x5x16xf32>
  return %o : tensor<2x4x5x16xf32>
}

//--- dynamic-l-mqa.mlir
func.func @dynamic_l_mqa(%q: tensor<1x32x?x16xf32>, %k: tensor<1x1x2100x16xf32>, %v: tensor<1x1x2100x16xf32>) -> tensor<1x32x?x16xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<1x32x?x16xf32>, tensor<1x1x2100x16xf32>, tensor<1x1x2100x16xf32> -> tensor<1x32x?x16xf32>
  return %o : tensor<1x32x?x16xf32>
}

//--- dynamic-l-71.mlir
func.func @dynamic_l_71(%q: tensor<1x71x?x16xf32>, %k: tensor<1x1x2100x16xf32>, %v: tensor<1x1x2100x16xf32>) -> tensor<1x71x?x16xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<1x71x?x16xf32>, tensor<1x1x2100x16xf32>, tensor<1x1x2100x16xf32> -> tensor<1x71x?x16xf32>
  return %o : tensor<1x71x?x16xf32>
}
