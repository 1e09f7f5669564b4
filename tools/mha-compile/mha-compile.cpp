//===- mha-compile.cpp - mha functions to an object file and a C header -===//
#include "mha/Compiler/Compiler.h"
#include "mha/InitAll.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

static const char *const overview =
    R"(mha compiler: lower the public functions of an MLIR module (mha ops on
tensors) with the CPU pipeline and emit an object file plus a C header that
declares one plain C entry point per function.

C ABI (see the generated header)
  int NAME(const T *arg, int64_t arg_dimD..., ..., T *result, ...);
  One pointer per argument (const) and per result (a caller-allocated
  buffer); after each pointer, one int64_t per dynamic dimension of that
  tensor. Tensors are dense row-major arrays: f32 = float, f16/bf16 =
  uint16_t bits, i1 = uint8_t. Returns 0, or nonzero when sizes disagree
  (1: arguments, nothing written; 2: a result's size). Parameter names are
  the SSA names of the source (%q -> q).

LINKING
  The object needs libc and libm only, plus the LLVM OpenMP runtime (-lomp)
  when the pipeline emits threads (the default); --cpu-pipeline=
  "num-threads=1" gives sequential code without it. --shared links a
  shared library with clang instead.

EXIT CODE
  0 success, 1 error (message on stderr as 'mha-compile: error: ...').
)";

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);

  cl::OptionCategory category("mha-compile options");
  cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<file.mlir>"),
                                     cl::init("-"), cl::cat(category));
  cl::opt<std::string> outputFilename(
      "o", cl::desc("Output file (object, or shared library with --shared)"),
      cl::value_desc("file"), cl::Required, cl::cat(category));
  cl::opt<std::string> headerFilename(
      "header",
      cl::desc("C header to write (default: the output with extension .h; "
               "'-' for none)"),
      cl::value_desc("file.h"), cl::cat(category));
  cl::opt<std::string> target("target",
                              cl::desc("Target triple (default: the host)"),
                              cl::value_desc("triple"), cl::cat(category));
  cl::opt<std::string> cpu(
      "cpu",
      cl::desc("Target CPU, e.g. x86-64-v3, znver4, neoverse-v2 (default: the "
               "host CPU for the host target, generic otherwise)"),
      cl::value_desc("name"), cl::cat(category));
  cl::opt<std::string> features(
      "mattr", cl::desc("Extra target features, e.g. +avx512f,-fma"),
      cl::value_desc("features"), cl::cat(category));
  cl::opt<std::string> cpuPipeline(
      "cpu-pipeline",
      cl::desc("Options of the CPU pipeline, as for --mha-cpu-pipeline"),
      cl::value_desc("\"opt=val ...\""), cl::init(""), cl::cat(category));
  cl::opt<std::string> transform(
      "transform",
      cl::desc("A transform script whose transform.named_sequence "
               "@__transform_main is applied to the module before the CPU "
               "pipeline (e.g. tiling mha.attention)"),
      cl::value_desc("file.mlir"), cl::init(""), cl::cat(category));
  cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level (0-3)"),
                             cl::Prefix, cl::init(3), cl::cat(category));
  cl::opt<std::string> prefix(
      "prefix", cl::desc("Prepended to the names of the C entry points"),
      cl::value_desc("string"), cl::cat(category));
  cl::list<std::string> functions(
      "functions",
      cl::desc("Functions that get C entry points (default: every public "
               "function)"),
      cl::value_desc("name,..."), cl::CommaSeparated, cl::cat(category));
  cl::opt<bool> shared("shared",
                       cl::desc("Link a shared library instead of writing "
                                "an object file"),
                       cl::cat(category));
  cl::opt<mlir::mha::compiler::OutputKind> emit(
      "emit", cl::desc("What to write to -o"),
      cl::values(clEnumValN(mlir::mha::compiler::OutputKind::Object, "obj",
                            "an object file (default)"),
                 clEnumValN(mlir::mha::compiler::OutputKind::Assembly, "asm",
                            "assembly"),
                 clEnumValN(mlir::mha::compiler::OutputKind::LLVMIR, "llvm",
                            "optimized LLVM IR, with the entry points")),
      cl::init(mlir::mha::compiler::OutputKind::Object), cl::cat(category));

  // Registered so that --mlir-print-ir-after=PASS can name the passes.
  mlir::mha::registerAllPasses();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, overview);

  if (optLevel > 3) {
    llvm::errs() << "mha-compile: error: -O" << optLevel
                 << " is not 0, 1, 2 or 3\n";
    return 1;
  }
  mlir::mha::compiler::CompileFileOptions options;
  options.inputFilename = inputFilename;
  options.outputFilename = outputFilename;
  options.headerFilename = headerFilename;
  options.shared = shared;
  options.outputKind = emit;
  options.transformFilename = transform;
  options.compiler.targetTriple = target;
  options.compiler.cpu = cpu;
  options.compiler.features = features;
  options.compiler.cpuPipelineOptions = cpuPipeline;
  options.compiler.optLevel = optLevel;
  options.compiler.symbolPrefix = prefix;
  options.compiler.functions.assign(functions.begin(), functions.end());
  return mlir::mha::compiler::compileFileMain(options, llvm::errs());
}
