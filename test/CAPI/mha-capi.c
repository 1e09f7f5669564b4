/* Exercises the C API of mha (include/mha-c) from plain C: loads the dialect
 * through its handle, parses an mha.attention module, runs a generated
 * pass-creation function and then the whole CPU pipeline by name. */
// RUN: mha-capi-test 2>&1 | FileCheck %s

#include "mha-c/Dialects.h"
#include "mha-c/Passes.h"

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void printToStdout(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

static const char *const module_text =
    "func.func @attention(%q: tensor<1x4x32x16xf32>, %k: tensor<1x2x48x16xf32>,\n"
    "                     %v: tensor<1x2x48x16xf32>) -> tensor<1x4x32x16xf32> {\n"
    "  %o = mha.attention %q, %k, %v causal(bottom_right)\n"
    "       : tensor<1x4x32x16xf32>, tensor<1x2x48x16xf32>,\n"
    "         tensor<1x2x48x16xf32> -> tensor<1x4x32x16xf32>\n"
    "  return %o : tensor<1x4x32x16xf32>\n"
    "}\n";

static int fail(const char *what) {
  fprintf(stderr, "FAILED: %s\n", what);
  return 1;
}

/* The dialect handle alone: register and load mha in an empty context. */
static int testDialectHandle(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectHandle handle = mlirGetDialectHandle__mha__();
  MlirStringRef ns = mlirDialectHandleGetNamespace(handle);
  printf("handle namespace: %.*s\n", (int)ns.length, ns.data);
  // CHECK: handle namespace: mha
  mlirDialectHandleRegisterDialect(handle, ctx);
  MlirDialect dialect = mlirDialectHandleLoadDialect(handle, ctx);
  if (mlirDialectIsNull(dialect))
    return fail("loading mha");
  MlirDialect again =
      mlirContextGetOrLoadDialect(ctx, mlirStringRefCreateFromCString("mha"));
  printf("loaded: %d\n", mlirDialectEqual(dialect, again));
  // CHECK-NEXT: loaded: 1
  mlirContextDestroy(ctx);
  return 0;
}

/* Parse, lower mha.attention with a generated pass constructor, then run
 * the registered CPU pipeline from its textual form. */
static int testPasses(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirMHARegisterAllDialects(registry);
  MlirContext ctx = mlirContextCreate();
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  mlirDialectHandleLoadDialect(mlirGetDialectHandle__mha__(), ctx);

  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(module_text));
  if (mlirModuleIsNull(module))
    return fail("parsing the module");
  MlirOperation op = mlirModuleGetOperation(module);
  mlirOperationPrint(op, printToStdout, NULL);
  printf("\n");
  // CHECK-LABEL: func.func @attention
  // CHECK: mha.attention %{{.*}}, %{{.*}}, %{{.*}} causal(bottom_right)

  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager funcPm = mlirPassManagerGetNestedUnder(
      pm, mlirStringRefCreateFromCString("func.func"));
  mlirOpPassManagerAddOwnedPass(
      funcPm, mlirCreateMHAConversionMHALowerAttentionToLinalg());
  if (mlirLogicalResultIsFailure(mlirPassManagerRunOnOp(pm, op)))
    return fail("running mha-lower-attention-to-linalg");
  mlirPassManagerDestroy(pm);
  mlirOperationPrint(op, printToStdout, NULL);
  printf("\n");
  // CHECK-LABEL: func.func @attention
  // CHECK-NOT: mha.attention
  // CHECK: linalg.generic
  // CHECK: return

  /* The pipeline with options, by name, on a freshly parsed module. */
  mlirModuleDestroy(module);
  module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(module_text));
  mlirMHARegisterAllPasses();
  pm = mlirPassManagerCreate(ctx);
  MlirLogicalResult parsed = mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString(
          "builtin.module(mha-cpu-pipeline{num-threads=1})"),
      printToStdout, NULL);
  if (mlirLogicalResultIsFailure(parsed))
    return fail("parsing the pipeline");
  mlirPrintPassPipeline(mlirPassManagerGetAsOpPassManager(pm), printToStdout,
                        NULL);
  printf("\n");
  /* num-threads=1: sequential loops, no OpenMP. */
  // CHECK: builtin.module(func.func(tosa-to-linalg-named{{.*}}mha-decompose-multi-head-attention,{{.*}}scf-forall-to-for
  // CHECK-NOT: convert-scf-to-openmp
  if (mlirLogicalResultIsFailure(
          mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))))
    return fail("running mha-cpu-pipeline");
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");
  // CHECK: llvm.func @attention
  // CHECK: llvm.func @_mlir_ciface_attention
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return 0;
}

int main(void) {
  if (testDialectHandle() || testPasses())
    return 1;
  printf("DONE\n");
  // CHECK: DONE
  return 0;
}
