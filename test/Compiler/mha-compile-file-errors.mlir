// File and option errors of mha-compile (mha-compile-errors.mlir has the
// functions it refuses): one line `mha-compile: error: ...` after MLIR's own
// diagnostics, where there are any, and exit code 1. Errors found before
// code generation write nothing; a header that cannot be written is reported
// after the object was (last case).

// RUN: rm -rf %t && mkdir -p %t/dir
// RUN: %python -c "open('%t/bad.mlir', 'w').write('func.func @f( {')"
// RUN: %python -c "open('%t/unranked.mlir', 'w').write('func.func @f(%%a: tensor<*xf32>) -> tensor<*xf32> {\n  return %%a : tensor<*xf32>\n}\n')"

// RUN: not mha-compile %t/dir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=DIR
// DIR: mha-compile: error: cannot open input file '{{.*}}dir': Is a directory
// RUN: not mha-compile %t/bad.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: bad.mlir:1:14: error: expected non-function type
// PARSE: mha-compile: error: cannot parse '{{.*}}bad.mlir' (diagnostics above)
// RUN: not mha-compile %s -o %t/dir 2>&1 | FileCheck %s --check-prefix=OUT
// OUT: mha-compile: error: cannot write '{{.*}}dir': Is a directory
// RUN: not mha-compile %s -o %t/x.o -O7 2>&1 | FileCheck %s --check-prefix=OPT
// OPT: mha-compile: error: -O7 is not 0, 1, 2 or 3
// RUN: not mha-compile %s -o %t/x.o --cpu-pipeline="kv-tile=0" 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: error: --mha-tile-attention: query-tile must be >= 0 (0 picks about 64 rows per tile) and kv-tile >= 1, wide-tile-kv-kib in [0, 2^40], remainder-tile >= 0 and kv-splits in [0, 4096] (0: automatic); got query-tile=0 kv-tile=0 wide-tile-kv-kib=2048 remainder-tile=16 kv-splits=0
// RANGE: mha-compile: error: the CPU pipeline failed (diagnostics above)
// Target features are checked against the target's own table (LLVM only
// warns about unknown ones and ignores them): an x86 feature for AArch64 is
// refused, as is a missing sign.
// RUN: not mha-compile %s -o %t/x.o --target=aarch64-unknown-linux-gnu --cpu=neoverse-v2 --mattr=+avx2 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MATTR-UNKNOWN
// MATTR-UNKNOWN: mha-compile: error: --mattr: unknown feature 'avx2' for target 'aarch64-unknown-linux-gnu'
// RUN: not mha-compile %s -o %t/x.o --mattr=fma 2>&1 | FileCheck %s --check-prefix=MATTR-SIGN
// MATTR-SIGN: mha-compile: error: --mattr: 'fma' is not +feature or -feature (as llc -mattr)
// RUN: not mha-compile %t/unranked.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=UNRANKED
// UNRANKED: mha-compile: error: argument 0 of 'f' is not a ranked tensor; C entry points take and return ranked tensors of f32, f16, bf16 or i1
// --transform: a missing script, and one that the transform interpreter
// refuses (tile sizes of all 0, which upstream MLIR 22 would crash on).
// RUN: %python -c "open('%t/zero.mlir', 'w').write('module attributes {transform.with_named_sequence} {\n  transform.named_sequence @__transform_main(%%r: !transform.any_op {transform.readonly}) {\n    %%a = transform.structured.match ops{[\"mha.attention\"]} in %%r : (!transform.any_op) -> !transform.any_op\n    %%t, %%l = transform.structured.tile_using_forall %%a tile_sizes [0, 0, 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)\n    transform.yield\n  }\n}\n')"
// RUN: not mha-compile %s -o %t/x.o --transform=%t/missing.mlir 2>&1 | FileCheck %s --check-prefix=NOSCRIPT
// NOSCRIPT: mha-compile: error: cannot open the transform script '{{.*}}missing.mlir': no such file
// RUN: not mha-compile %s -o %t/x.o --transform=%t/zero.mlir 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: error: 'transform.structured.tile_using_forall' op has only tile sizes of 0
// ZERO: mha-compile: error: the transform script failed (diagnostics above)
// RUN: not ls %t/x.o
// RUN: not mha-compile %s -o %t/x.o --header=%t/missing/x.h 2>&1 | FileCheck %s --check-prefix=HEADER
// HEADER: mha-compile: error: cannot write '{{.*}}missing/x.h': No such file or directory

func.func @attention(%q: tensor<1x2x16x32xf32>, %k: tensor<1x2x16x32xf32>) -> tensor<1x2x16x32xf32> {
  %o = mha.attention %q, %k, %k : tensor<1x2x16x32xf32>, tensor<1x2x16x32xf32>, tensor<1x2x16x32xf32> -> tensor<1x2x16x32xf32>
  return %o : tensor<1x2x16x32xf32>
}
