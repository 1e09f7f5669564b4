//===- mha-fuzz.cpp - libFuzzer target: bytes -> parser, verifier, passes -===//
//
// Each input is parsed as MLIR text with every dialect registerAllDialects
// knows, verified, and, when valid, goes through what mha-run does before it
// compiles (the size analysis and, for small static arguments, the float64
// reference) and then through --mha-raise-attention and the CPU pipeline up
// to the LLVM dialect (no JIT), in a fresh context and PassManager. Diagnostics
// are silenced: an error is the expected answer to a bad input, only a crash, a
// sanitizer report, a timeout or an OOM is a finding. The pipeline options are
// picked from a hash of the input, so a reproducer always takes the same path.
// scripts/fuzz.sh runs it; docs/Guarantees.md says what is in scope.
//
//===----------------------------------------------------------------------===//

#include "mha/Dialect/MHA/Transforms/Passes.h"
#include "mha/InitAll.h"
#include "mha/Pipelines/Pipelines.h"
#include "mha/Runner/Runner.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace mlir;

namespace {

/// Inputs larger than this are skipped: the parser is linear and a bigger
/// input only slows the fuzzer down.
constexpr size_t kMaxInputBytes = 64 * 1024;

/// The pipeline configurations an input is sent through: the three CPU paths
/// the numeric tests cover plus the scalar tile code; the odd tiles also
/// split the key range in three shares.
struct PipelineVariant {
  const char *name;
  bool flash;
  int64_t queryTile, keyValueTile, remainderTile, kvSplits;
  bool vectorize;
  unsigned numThreads;
};
constexpr PipelineVariant kVariants[] = {
    {"flash", true, 0, 64, 16, 0, true, 0},
    {"unfused", false, 0, 64, 16, 0, true, 1},
    {"flash-odd-tiles", true, 5, 7, 3, 3, true, 1},
    {"flash-scalar", true, 0, 64, 16, 0, false, 1},
};

const DialectRegistry &getRegistry() {
  static const DialectRegistry *registry = [] {
    auto *r = new DialectRegistry();
    mha::registerAllDialects(*r);
    return r;
  }();
  return *registry;
}

/// The bytecode reader is upstream code that mha never changes; fuzzing it
/// is upstream's job (docs/Guarantees.md).
bool isBytecode(llvm::StringRef text) { return text.starts_with("ML\xefR"); }

/// Known crashes of upstream MLIR 22 on malformed text, which mha cannot
/// guard against short of replacing the parser. Inputs that could hit them
/// are skipped so that the fuzzer keeps looking for new problems. Each has
/// an XFAIL regression test under test/Fuzz/ that starts passing once
/// upstream is fixed, and is listed in docs/Guarantees.md.
bool hitsKnownUpstreamCrash(llvm::StringRef text) {
  // linalg.transpose/broadcast/reduce parse `permutation = [...]` and
  // `dimensions = [...]` with DenseI64ArrayAttr::parse and store its result
  // unchecked: a malformed list sets a null attribute and crashes
  // (test/Fuzz/upstream-linalg-dense-array-parse.mlir). Skip any such
  // keyword that is not followed by `= [` and a plain list of integers.
  for (llvm::StringRef keyword : {"permutation", "dimensions"}) {
    size_t pos = 0;
    while ((pos = text.find(keyword, pos)) != llvm::StringRef::npos) {
      llvm::StringRef rest = text.drop_front(pos + keyword.size()).ltrim();
      pos += keyword.size();
      if (!rest.consume_front("="))
        continue;
      rest = rest.ltrim();
      if (!rest.consume_front("["))
        return true;
      size_t close = rest.find(']');
      if (close == llvm::StringRef::npos)
        return true;
      llvm::SmallVector<llvm::StringRef> items;
      llvm::StringRef list = rest.take_front(close);
      if (list.trim().empty())
        continue;
      list.split(items, ',');
      for (llvm::StringRef item : items) {
        int64_t value;
        if (item.trim().getAsInteger(10, value))
          return true;
      }
    }
  }
  return false;
}

/// Bounds of the reference step, so that one input stays fast.
constexpr int64_t kMaxReferenceElements = 1 << 14;
constexpr double kMaxReferenceFlops = 1e7;

/// What mha-run does with a function before compiling it: derive the sizes
/// of every value from the arguments' (here the static ones), then evaluate
/// the float64 reference on deterministic data.
void runReference(ModuleOp module) {
  namespace runner = mha::runner;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    std::vector<std::vector<int64_t>> shapes;
    std::vector<runner::HostTensor> args;
    int64_t total = 0;
    bool usable = true;
    for (Type type : func.getArgumentTypes()) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor || !tensor.hasStaticShape()) {
        usable = false;
        break;
      }
      FailureOr<runner::ElementKind> kind =
          runner::getElementKind(tensor.getElementType());
      int64_t n = 1;
      for (int64_t d : tensor.getShape())
        usable &= !llvm::MulOverflow(n, d, n);
      usable &= succeeded(kind) && !llvm::AddOverflow(total, n, total) &&
                total <= kMaxReferenceElements;
      if (!usable)
        break;
      shapes.emplace_back(tensor.getShape().begin(), tensor.getShape().end());
      runner::HostTensor arg(*kind, shapes.back());
      for (int64_t i = 0; i < n; ++i)
        arg.set(i, static_cast<double>((i * 37) % 17 - 8) / 8.0);
      args.push_back(std::move(arg));
    }
    if (!usable)
      continue;
    llvm::Expected<runner::ShapeAnalysis> analysis =
        runner::analyzeShapes(func, shapes);
    if (!analysis) {
      llvm::consumeError(analysis.takeError());
      continue;
    }
    if (analysis->flops < 0.0 || analysis->flops > kMaxReferenceFlops)
      continue;
    if (llvm::Error err = runner::checkReferenceSupports(func)) {
      llvm::consumeError(std::move(err));
      continue;
    }
    llvm::Expected<std::vector<runner::ReferenceTensor>> results =
        runner::evaluateReference(func, args);
    if (!results)
      llvm::consumeError(results.takeError());
  }
}

void runVariant(ModuleOp module, const PipelineVariant &variant) {
  OwningOpRef<ModuleOp> clone = module.clone();
  PassManager pm(module.getContext());
  pm.enableVerifier(true);
  pm.addPass(mha::createMHARaiseAttention());
  mha::CpuPipelineOptions options;
  options.flash = variant.flash;
  options.queryTile = variant.queryTile;
  options.keyValueTile = variant.keyValueTile;
  options.remainderTile = variant.remainderTile;
  options.kvSplits = variant.kvSplits;
  options.vectorize = variant.vectorize;
  options.numThreads = variant.numThreads;
  mha::buildCpuPipeline(pm, options);
  (void)pm.run(*clone);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  (void)getRegistry();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInputBytes)
    return 0;
  // A std::string is NUL-terminated, which the lexer relies on.
  std::string text(reinterpret_cast<const char *>(data), size);
  if (isBytecode(text) || hitsKnownUpstreamCrash(text))
    return -1; // Not worth adding to the corpus.

  MLIRContext context(getRegistry(), MLIRContext::Threading::DISABLED);
  ScopedDiagnosticHandler silence(&context,
                                  [](Diagnostic &) { return success(); });
  ParserConfig config(&context, /*verifyAfterParse=*/true);
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, config, "fuzz-input");
  if (!module || failed(verify(*module)))
    return 0;

  runReference(*module);

  // MHA_FUZZ_ALL_VARIANTS=1 (used when minimizing or replaying a crash by
  // hand) sends every input through every variant.
  static const bool allVariants = std::getenv("MHA_FUZZ_ALL_VARIANTS");
  if (allVariants) {
    for (const PipelineVariant &variant : kVariants)
      runVariant(*module, variant);
    return 0;
  }
  // FNV-1a: stable across processes and builds, unlike llvm::hash_value.
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : text)
    hash = (hash ^ c) * 0x100000001b3ull;
  size_t pick = hash % (sizeof(kVariants) / sizeof(kVariants[0]));
  runVariant(*module, kVariants[pick]);
  return 0;
}
