//===- InitAll.cpp - one registration entry point for the toolkit -------===//
#include "mha/InitAll.h"

#include "mha/Conversion/Passes.h"
#include "mha/Dialect/MHA/IR/MHADialect.h"
#include "mha/Dialect/MHA/Transforms/Passes.h"
#include "mha/Pipelines/Pipelines.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void mlir::mha::registerAllDialects(DialectRegistry &registry) {
  registry.insert<mha::MHADialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
}

void mlir::mha::registerAllPasses() {
  mlir::registerAllPasses();
  mha::registerMHAPasses();
  mha::registerMHAConversionPasses();
  mha::registerPipelines();
  mha::registerGpuPipeline();
}
