//===- AddCInterface.cpp - mark public functions C-callable -------------===//
#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHAADDCINTERFACE
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

namespace {
struct AddCInterfacePass
    : mha::impl::MHAAddCInterfaceBase<AddCInterfacePass> {
  using MHAAddCInterfaceBase::MHAAddCInterfaceBase;
  void runOnOperation() override {
    UnitAttr unit = UnitAttr::get(&getContext());
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), unit);
  }
};
} // namespace
