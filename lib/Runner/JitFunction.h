//===- JitFunction.h - a JIT-compiled entry function, its ABI ---*- C++ -*-===//
//
// Internal to MHARunner: owns the ExecutionEngine of a lowered module and
// calls the entry's `_mlir_ciface_` wrapper with memref descriptors built
// for host tensors of any rank.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_LIB_RUNNER_JITFUNCTION_H
#define MHA_LIB_RUNNER_JITFUNCTION_H

#include "mha/Runner/Runner.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"

#include <memory>

namespace mlir {
namespace mha {
namespace runner {

/// Rank and element kind of one result, from the function's signature.
struct ResultSignature {
  ElementKind kind;
  int64_t rank;
};

class JitFunction {
public:
  /// The JIT's target: the host CPU with its features, then `mattr`
  /// ("+feature,-feature,...", as llc's -mattr) applied on top, at -O3.
  static llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
  createTargetMachine(llvm::StringRef mattr);

  /// JIT-compiles `module` (already in the LLVM dialect) for `tm` at -O3 and
  /// looks up `_mlir_ciface_<entry>`.
  static llvm::Expected<std::unique_ptr<JitFunction>>
  create(ModuleOp module, llvm::StringRef entry,
         llvm::ArrayRef<std::string> sharedLibs,
         llvm::ArrayRef<ResultSignature> results,
         std::unique_ptr<llvm::TargetMachine> tm);

  /// Calls the function on `args` and, when `results` is given, copies the
  /// results into it; the buffers the call allocated are freed either way.
  void call(llvm::ArrayRef<HostTensor> args, std::vector<HostTensor> *results);

  /// Calls the function on `args` and frees the results; returns the
  /// seconds the call itself took.
  double timedCall(llvm::ArrayRef<HostTensor> args);

private:
  JitFunction() = default;

  /// Fills the packed argument array for `args`; result descriptors are
  /// written to `resultWords`.
  void pack(llvm::ArrayRef<HostTensor> args);
  /// Copies (optionally) and frees the results of the last call.
  void unpack(llvm::ArrayRef<HostTensor> args,
              std::vector<HostTensor> *results);

  std::unique_ptr<ExecutionEngine> engine;
  void (*packedFn)(void **) = nullptr;
  std::vector<ResultSignature> resultSignatures;

  // Storage of one call: descriptors, the pointers to them, and the array of
  // pointers to those pointers that the packed wrapper expects.
  std::vector<std::vector<int64_t>> argWords;
  std::vector<int64_t> resultWords;
  std::vector<void *> descriptorPtrs;
  std::vector<void *> packedArgs;
};

} // namespace runner
} // namespace mha
} // namespace mlir

#endif // MHA_LIB_RUNNER_JITFUNCTION_H
