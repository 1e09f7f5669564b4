//===- SymbolReachability.h - functions reachable from entry points -*- C++ -*-===//
//
// mha-run and mha-compile lower only what their entry points use: other
// functions in the file neither cost compile time nor, when the pipeline
// cannot lower them, make the run fail.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_SUPPORT_SYMBOLREACHABILITY_H
#define MHA_SUPPORT_SYMBOLREACHABILITY_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir {
namespace mha {

/// The symbols of `module` that `roots` reach through symbol uses, the roots
/// included (names that are not symbols of the module are ignored).
inline llvm::DenseSet<Operation *>
getReachableSymbols(ModuleOp module, ArrayRef<StringRef> roots) {
  llvm::DenseSet<Operation *> reached;
  SmallVector<Operation *> worklist;
  for (StringRef name : roots)
    if (Operation *root = module.lookupSymbol(name))
      if (reached.insert(root).second)
        worklist.push_back(root);
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    op->walk([&](Operation *nested) {
      std::optional<SymbolTable::UseRange> uses =
          SymbolTable::getSymbolUses(nested);
      if (!uses)
        return;
      for (const SymbolTable::SymbolUse &use : *uses)
        if (Operation *callee = module.lookupSymbol(use.getSymbolRef()))
          if (reached.insert(callee).second)
            worklist.push_back(callee);
    });
  }
  return reached;
}

} // namespace mha
} // namespace mlir

#endif // MHA_SUPPORT_SYMBOLREACHABILITY_H
