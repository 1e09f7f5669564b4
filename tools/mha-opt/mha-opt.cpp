//===- mha-opt.cpp - the optimizer driver for mha graphs ----------------===//
#include "mha/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::mha::registerAllPasses();
  mlir::DialectRegistry registry;
  mlir::mha::registerAllDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "mha optimizer driver: mha dialect, passes and pipelines\n",
      registry));
}
