//===- Compiler.h - ahead-of-time kernels with a plain C ABI ----*- C++ -*-===//
//
// The library behind mha-compile: lowers the public functions of a module
// with the CPU pipeline, translates them to LLVM IR, gives each one a C
// entry point that takes plain pointers and sizes (no memref descriptors, no
// MLIR runtime), and emits an object file for a host or cross target plus a
// C header declaring the entry points.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_COMPILER_COMPILER_H
#define MHA_COMPILER_COMPILER_H

#include "mha/Support/ElementKind.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir {
namespace mha {
namespace compiler {

/// Status codes the generated entry points return (also #defined by every
/// generated header).
enum KernelStatus : int {
  /// The call ran and wrote every result.
  KernelOk = 0,
  /// A size is negative, or sizes the operands must share disagree; nothing
  /// was computed or written.
  KernelSizeMismatch = 1,
  /// A result's size differs from the size the caller gave for it; that
  /// result was not written.
  KernelResultSizeMismatch = 2,
  /// The entry point that allocates its own workspace could not; nothing
  /// was computed or written.
  KernelOutOfMemory = 3,
};

/// What to compile and for which machine.
struct CompilerOptions {
  /// LLVM target triple; empty = the host's.
  std::string targetTriple;
  /// CPU name (`x86-64-v3`, `znver4`, `neoverse-v2`, ...); empty or "host"
  /// = the host CPU and its features when compiling for the host, "generic"
  /// otherwise.
  std::string cpu;
  /// Extra target features, `+avx512f,-fma` style, appended to the CPU's.
  std::string features;
  /// Options of the CPU pipeline, "name=value ..." as on mha-opt.
  std::string cpuPipelineOptions;
  /// LLVM optimization level, 0-3.
  unsigned optLevel = 3;
  /// Prepended to each function's name to form its C entry point.
  std::string symbolPrefix;
  /// Functions that get a C entry point; empty = every public function with
  /// a body.
  std::vector<std::string> functions;
  /// C parameter names per function (e.g. the SSA names of the source file);
  /// missing or unusable names fall back to argN.
  llvm::StringMap<std::vector<std::string>> argumentNames;
  /// A transform script applied to (a clone of) the module before the CPU
  /// pipeline (mlir::mha::applyTransformSchedule); null = none. Not owned.
  ModuleOp transformSchedule;
};

/// Element types of the C ABI: mha/Support/ElementKind.h, shared with
/// mha-run.
using mha::ElementKind;

/// One tensor parameter of a C entry point.
struct TensorParam {
  /// C name of the pointer parameter; dynamic dim d is `<name>_dim<d>`.
  std::string name;
  ElementKind kind = ElementKind::F32;
  /// Static sizes; ShapedType::kDynamic where the caller passes the size.
  std::vector<int64_t> shape;
  bool isResult = false;
};

/// The C entry point generated for one function.
struct EntryPoint {
  /// The MLIR function it calls.
  std::string functionName;
  /// The C symbol.
  std::string symbol;
  /// The function's MLIR type, for the header's comment.
  std::string mlirType;
  std::vector<TensorParam> arguments;
  std::vector<TensorParam> results;
  /// Run-time size checks the entry point makes before the call, in words
  /// (e.g. "k_dim2 == v_dim2"), for the header's comment.
  std::vector<std::string> sizeChecks;
  /// Bytes of the workspace of the `<symbol>_ws` entry point (the lowered
  /// function's top-level static buffers, --mha-hoist-allocs-to-workspace);
  /// 0 when the function has none and there is no such entry point.
  int64_t workspaceBytes = 0;
};

/// The output of compileModule.
struct CompiledModule {
  /// Object file (or assembly / LLVM IR text, see OutputKind).
  llvm::SmallVector<char, 0> object;
  /// The C header declaring the entry points.
  std::string header;
  std::vector<EntryPoint> entryPoints;
  /// The code calls the OpenMP runtime (libomp, `__kmpc_*`).
  bool usesOpenMP = false;
  /// The normalized triple and CPU the code was generated for.
  std::string targetTriple;
  std::string cpu;
};

enum class OutputKind { Object, Assembly, LLVMIR };

/// Lowers `module` (mha ops on tensors inside func.func; it is not modified)
/// and generates code for the entry points. `headerGuard` names the header's
/// include guard; `sourceName` is mentioned in its comments.
llvm::Expected<CompiledModule>
compileModule(ModuleOp module, const CompilerOptions &options,
              OutputKind outputKind = OutputKind::Object,
              llvm::StringRef headerGuard = "MHA_KERNELS_H",
              llvm::StringRef sourceName = "");

/// The C type of one element: float, uint16_t (f16/bf16 bits) or uint8_t.
llvm::StringRef getCElementType(ElementKind kind);

/// Links `objectPath` into the shared library `outputPath` with clang
/// (-shared, -lm, and libomp when `openmp`), for `targetTriple`.
llvm::Error linkSharedLibrary(llvm::StringRef objectPath,
                              llvm::StringRef outputPath,
                              llvm::StringRef targetTriple, bool openmp);

/// What mha-compile was asked to do; mirrors its command line.
struct CompileFileOptions {
  std::string inputFilename;
  /// Object (or shared library, assembly, LLVM IR) to write.
  std::string outputFilename;
  /// Header to write; empty = outputFilename with its extension replaced by
  /// `.h`; "-" = none.
  std::string headerFilename;
  bool shared = false;
  OutputKind outputKind = OutputKind::Object;
  /// A transform script file for CompilerOptions::transformSchedule; empty
  /// = none.
  std::string transformFilename;
  CompilerOptions compiler;
};

/// Runs mha-compile: parses the file (taking C parameter names from its SSA
/// names), compiles it and writes the outputs; errors go to `errs` as
/// `mha-compile: error: ...`. Returns the exit code (0 or 1).
int compileFileMain(const CompileFileOptions &options, llvm::raw_ostream &errs);

} // namespace compiler
} // namespace mha
} // namespace mlir

#endif // MHA_COMPILER_COMPILER_H
