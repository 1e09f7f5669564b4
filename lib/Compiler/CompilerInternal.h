//===- CompilerInternal.h - pieces of MHACompiler ---------------*- C++ -*-===//
//
// Internal to MHACompiler: the entry-point plan of each function (its C
// parameters and the size checks derived from its mha ops), the LLVM IR
// that implements the C entry points, and the header that declares them.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_LIB_COMPILER_COMPILERINTERNAL_H
#define MHA_LIB_COMPILER_COMPILERINTERNAL_H

#include "mha/Compiler/Compiler.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace llvm {
class Module;
class Triple;
} // namespace llvm

namespace mlir {
namespace mha {
namespace compiler {

/// Dimension `dim` of C tensor parameter `param`, where parameters are
/// numbered arguments first, then results.
struct DimRef {
  unsigned param = 0;
  unsigned dim = 0;
};

/// A size in a check: a constant or a dimension of a parameter.
struct SizeOperand {
  bool isConstant = false;
  int64_t constant = 0;
  DimRef ref;
};

/// A run-time check of the sizes the caller passes.
struct SizeCheck {
  enum class Kind {
    /// lhs == rhs
    Equal,
    /// lhs > 0 and rhs % lhs == 0
    Divides,
  };
  Kind kind = Kind::Equal;
  SizeOperand lhs, rhs;
};

/// Everything needed to generate one C entry point.
struct EntryPlan {
  EntryPoint info;
  /// The renamed MLIR function; its C interface is `_mlir_ciface_<name>`.
  std::string implName;
  std::vector<SizeCheck> checks;
  /// The lowered function takes the results as trailing memref arguments
  /// (`mha.results_as_out_params` from --mha-results-to-out-params), and the
  /// entry point passes the caller's buffers as those arguments. Set after
  /// lowering.
  bool resultsAsOutParams = false;
  /// The C entry point that takes the workspace (info.workspaceBytes > 0):
  /// symbol + "_ws".
  std::string getWorkspaceSymbol() const { return info.symbol + "_ws"; }

  /// Arguments then results.
  const TensorParam &getParam(unsigned i) const {
    return i < info.arguments.size() ? info.arguments[i]
                                     : info.results[i - info.arguments.size()];
  }
  unsigned getNumParams() const {
    return info.arguments.size() + info.results.size();
  }
};

/// Checks the signatures of the selected functions, names their C
/// parameters and derives the size checks from their mha ops.
llvm::Expected<std::vector<EntryPlan>>
planEntryPoints(ModuleOp module, const CompilerOptions &options);

/// Renders `operand` as C text ("k_dim2", "64").
std::string formatSizeOperand(const EntryPlan &plan,
                              const SizeOperand &operand);

/// Adds a C entry point per plan to `module` (the translated LLVM IR that
/// holds `_mlir_ciface_<implName>`), defines the runtime routines the
/// lowered code calls (`memrefCopy`, and the f16/bf16 conversions an x86
/// target lacks), and gives every other symbol internal linkage.
llvm::Error generateEntryPoints(llvm::Module &module,
                                llvm::ArrayRef<EntryPlan> plans,
                                const llvm::Triple &triple);

/// The C header declaring the entry points.
std::string generateHeader(llvm::ArrayRef<EntryPlan> plans,
                           llvm::StringRef guard, llvm::StringRef sourceName,
                           llvm::StringRef triple, llvm::StringRef cpu,
                           bool usesOpenMP);

} // namespace compiler
} // namespace mha
} // namespace mlir

#endif // MHA_LIB_COMPILER_COMPILERINTERNAL_H
