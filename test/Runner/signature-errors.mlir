// Entry functions whose signature or body mha-run cannot handle are
// rejected with a clear message and exit code 1.

// RUN: not mha-run %s --entry=int_arg 2>&1 | FileCheck %s --check-prefix=INTARG
// INTARG: mha-run: error: argument 1 of '@int_arg' has type tensor<4xi32>; mha-run supports ranked tensors of f32, f16, bf16 and i1

// RUN: not mha-run %s --entry=scalar_arg 2>&1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: mha-run: error: argument 0 of '@scalar_arg' has type f32; mha-run supports ranked tensors of f32, f16, bf16 and i1

// RUN: not mha-run %s --entry=unranked_result 2>&1 | FileCheck %s --check-prefix=UNRANKED
// UNRANKED: mha-run: error: result 0 of '@unranked_result' has type tensor<*xf32>; mha-run supports ranked tensors of f32, f16, bf16 and i1

// RUN: not mha-run %s --entry=private_fn 2>&1 | FileCheck %s --check-prefix=PRIVATE
// PRIVATE: mha-run: error: '@private_fn' is private; only public functions get a C interface to call

// RUN: not mha-run %s --entry=declared 2>&1 | FileCheck %s --check-prefix=DECL
// DECL: mha-run: error: '@declared' is only a declaration; it has no body to run

// The reference evaluates mha ops, dense constants, func.return and the
// reshapes and sizes around them only.
// RUN: not mha-run %s --entry=not_mha --check 2>&1 | FileCheck %s --check-prefix=REF
// REF: mha-run: error: reference cannot evaluate 'tensor.empty' at {{.*}}signature-errors.mlir:

// RUN: not mha-run %t.missing.mlir 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: mha-run: error: cannot open '{{.*}}missing.mlir'

// RUN: %python -c "open('%t.bad.mlir', 'w').write('func.func @f( {')"
// RUN: not mha-run %t.bad.mlir 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: error:
// PARSE: mha-run: error: cannot parse '{{.*}}bad.mlir' (diagnostics above)

func.func @int_arg(%a: tensor<4xf32>, %b: tensor<4xi32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

func.func @scalar_arg(%a: f32) -> f32 {
  return %a : f32
}

func.func @unranked_result(%a: tensor<4xf32>) -> tensor<*xf32> {
  %u = tensor.cast %a : tensor<4xf32> to tensor<*xf32>
  return %u : tensor<*xf32>
}

func.func private @private_fn(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

func.func private @declared(%a: tensor<4xf32>) -> tensor<4xf32>

func.func @not_mha(%a: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.add ins(%a, %a : tensor<4xf32>, tensor<4xf32>)
                  outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
