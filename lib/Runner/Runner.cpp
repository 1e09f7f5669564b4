//===- Runner.cpp - the mha-run driver: inputs, JIT, check, bench -----===//
#include "mha/Runner/Runner.h"

#include "JitFunction.h"

#include "mha/InitAll.h"
#include "mha/Pipelines/Pipelines.h"
#include "mha/Reference/Compare.h"
#include "mha/Support/Npy.h"
#include "mha/Support/SymbolReachability.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <random>
#include <sys/resource.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::runner;

#ifndef MHA_RUNNER_LIB_DIR
#define MHA_RUNNER_LIB_DIR "/usr/lib/llvm-22/lib"
#endif

std::vector<std::string> runner::getDefaultSharedLibs() {
  // libomp runs the parallel loops of the flash path (scf-to-openmp).
  return {MHA_RUNNER_LIB_DIR "/libmlir_c_runner_utils.so",
          MHA_RUNNER_LIB_DIR "/libmlir_runner_utils.so",
          MHA_RUNNER_LIB_DIR "/libomp.so"};
}

namespace {
using Clock = std::chrono::steady_clock;

/// glibc malloc settings of --bench: blocks up to 32 MiB (glibc's largest
/// mmap threshold) come from the heap, which is not trimmed below 1 GiB.
/// bench/run_cpu.py's GLIBC_TUNABLES for PyTorch says the same.
constexpr int kBenchMmapThreshold = 32 << 20;
constexpr int kBenchTrimThreshold = 1 << 30;

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

std::string formatDims(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  return llvm::join(
      llvm::map_range(shape, [](int64_t d) { return std::to_string(d); }), "x");
}

std::string typeString(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  return s;
}

std::string formatDouble(const char *format, double value) {
  return llvm::formatv("{0}", llvm::format(format, value)).str();
}

/// JSON has no NaN or infinity; they become null.
llvm::json::Value jsonNumber(double value) {
  if (!std::isfinite(value))
    return nullptr;
  return value;
}

/// Memory figures of the process, from /proc/self/status (Linux).
std::optional<int64_t> readProcStatusKiB(StringRef key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    StringRef ref(line);
    if (!ref.consume_front(key) || !ref.consume_front(":"))
      continue;
    int64_t kib;
    if (!ref.trim().split(' ').first.getAsInteger(10, kib))
      return kib;
  }
  return std::nullopt;
}

/// Resets the peak-RSS high-water mark so that the peak of the calls alone
/// can be measured (Linux >= 4.0; harmless elsewhere).
bool resetPeakRss() {
  std::ofstream clearRefs("/proc/self/clear_refs");
  if (!clearRefs)
    return false;
  clearRefs << "5";
  clearRefs.flush();
  return static_cast<bool>(clearRefs);
}

double kibToMib(int64_t kib) { return kib / 1024.0; }
double bytesToMib(int64_t bytes) { return bytes / (1024.0 * 1024.0); }

/// Per-argument RNG: the stream of argument `index` depends only on the seed
/// and the index, so giving a file for one argument does not change the
/// random values of the others.
void fillRandom(HostTensor &tensor, uint64_t seed, unsigned index) {
  std::seed_seq seq{static_cast<uint32_t>(seed),
                    static_cast<uint32_t>(seed >> 32), index};
  std::mt19937_64 rng(seq);
  for (int64_t i = 0, n = tensor.getNumElements(); i < n; ++i) {
    uint64_t bits = rng();
    if (tensor.kind == ElementKind::I1) {
      tensor.set(i, static_cast<double>(bits >> 63));
      continue;
    }
    // 53 random bits give a uniform double in [0, 1), mapped to [-1, 1).
    double unit = static_cast<double>(bits >> 11) * 0x1.0p-53;
    tensor.set(i, 2.0 * unit - 1.0);
  }
}

/// Checks that a random argument of `shape` fits in memory: a typo in
/// --shape must give an error, not a failed allocation.
llvm::Error checkAllocatable(llvm::ArrayRef<int64_t> shape, ElementKind kind,
                             const llvm::Twine &what) {
  uint64_t bytes = static_cast<uint64_t>(getElementSize(kind));
  bool overflow = false;
  for (int64_t d : shape) {
    if (d != 0 && bytes > UINT64_MAX / static_cast<uint64_t>(d))
      overflow = true;
    else
      bytes *= static_cast<uint64_t>(d);
  }
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
  uint64_t physical = pages > 0 && pageSize > 0
                          ? static_cast<uint64_t>(pages) * pageSize
                          : UINT64_MAX;
  if (overflow || bytes > physical)
    return llvm::createStringError(what + " of shape " + formatDims(shape) +
                                   " needs more memory than the machine has");
  return llvm::Error::success();
}

/// Parses one "ARG=D0xD1x..." --shape value.
llvm::Expected<std::pair<unsigned, std::vector<int64_t>>>
parseShapeSpec(StringRef spec) {
  auto [indexText, dimsText] = spec.split('=');
  unsigned index;
  if (dimsText.empty() || indexText.trim().getAsInteger(10, index))
    return llvm::createStringError(
        "malformed --shape='" + spec +
        "': expected ARG=D0xD1x... (e.g. --shape=0=1x8x100x64)");
  std::vector<int64_t> dims;
  SmallVector<StringRef> parts;
  dimsText.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t d;
    if (part.trim().getAsInteger(10, d) || d < 0)
      return llvm::createStringError("malformed --shape='" + spec + "': '" +
                                     part + "' is not a non-negative integer");
    dims.push_back(d);
  }
  return std::make_pair(index, std::move(dims));
}

/// Checks that `shape` fits the tensor type `type`; `what` names the source
/// in messages.
llvm::Error checkShapeFits(llvm::ArrayRef<int64_t> shape, RankedTensorType type,
                           const llvm::Twine &what) {
  if (static_cast<int64_t>(shape.size()) != type.getRank())
    return llvm::createStringError(
        what + ": rank " + llvm::Twine(shape.size()) + " shape " +
        formatDims(shape) + " does not match " + typeString(type) + " (rank " +
        llvm::Twine(type.getRank()) + ")");
  for (auto [d, size] : llvm::enumerate(type.getShape()))
    if (!ShapedType::isDynamic(size) && size != shape[d])
      return llvm::createStringError(
          what + ": shape " + formatDims(shape) + " does not match " +
          typeString(type) + ": dim " + llvm::Twine(d) + " is " +
          llvm::Twine(shape[d]) + ", expected " + llvm::Twine(size));
  return llvm::Error::success();
}

/// Converts a .npy array into the argument's storage type.
llvm::Expected<HostTensor> tensorFromNpy(const NpyArray &array,
                                         RankedTensorType type,
                                         ElementKind kind,
                                         const std::string &what) {
  bool accepted = false;
  StringRef acceptedNames;
  switch (kind) {
  case ElementKind::F32:
  case ElementKind::BF16:
    accepted = array.dtype == NpyDType::Float32;
    acceptedNames = "float32";
    break;
  case ElementKind::F16:
    accepted =
        array.dtype == NpyDType::Float32 || array.dtype == NpyDType::Float16;
    acceptedNames = "float32 or float16";
    break;
  case ElementKind::I1:
    accepted = array.dtype == NpyDType::Bool || array.dtype == NpyDType::UInt8;
    acceptedNames = "bool or uint8";
    break;
  }
  if (!accepted)
    return llvm::createStringError(
        what + ": dtype " + getNpyDTypeName(array.dtype) +
        " is not accepted for a " + typeString(type) +
        " argument (accepted: " + acceptedNames + ")");
  if (llvm::Error err = checkShapeFits(array.shape, type, what))
    return std::move(err);

  HostTensor tensor(kind, array.shape);
  const int64_t n = tensor.getNumElements();
  if ((kind == ElementKind::F32 && array.dtype == NpyDType::Float32) ||
      (kind == ElementKind::F16 && array.dtype == NpyDType::Float16)) {
    std::memcpy(tensor.storage.data(), array.data.data(), array.data.size());
  } else if (kind == ElementKind::I1) {
    for (int64_t i = 0; i < n; ++i)
      tensor.storage[i] = array.data[i] != 0;
  } else {
    // float32 into f16/bf16: rounded to nearest even.
    for (int64_t i = 0; i < n; ++i) {
      float f;
      std::memcpy(&f, array.data.data() + 4 * i, 4);
      tensor.set(i, f);
    }
  }
  return tensor;
}

/// A result as a .npy array: float32 for float types, bool for i1.
NpyArray npyFromTensor(const HostTensor &tensor) {
  NpyArray array;
  array.shape = tensor.shape;
  const int64_t n = tensor.getNumElements();
  if (tensor.kind == ElementKind::I1) {
    array.dtype = NpyDType::Bool;
    array.data.assign(tensor.storage.begin(), tensor.storage.end());
    return array;
  }
  array.dtype = NpyDType::Float32;
  array.data.resize(4 * n);
  if (tensor.kind == ElementKind::F32) {
    std::memcpy(array.data.data(), tensor.storage.data(), 4 * n);
    return array;
  }
  for (int64_t i = 0; i < n; ++i) {
    float f = static_cast<float>(tensor.get(i));
    std::memcpy(array.data.data() + 4 * i, &f, 4);
  }
  return array;
}

/// Erases the functions that `entry` does not reach through symbol uses, so
/// that other functions in the file neither cost compile time nor, when the
/// pipeline cannot lower them, make the run fail.
void keepOnlyReachableFunctions(ModuleOp module, StringRef entry) {
  llvm::DenseSet<Operation *> reached = getReachableSymbols(module, {entry});
  for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (!reached.contains(func))
      func.erase();
}

/// How one result compares with the reference.
struct Comparison {
  bool shapeMatches = true;
  double relL2 = 0.0;
  double maxAbs = 0.0;
  int64_t nanMismatches = 0;
  double tolerance = 0.0;
  bool pass = false;
};

Comparison compare(const HostTensor &out, const ReferenceTensor &ref,
                   double tolerance) {
  Comparison c;
  c.tolerance = tolerance;
  if (out.shape != ref.shape) {
    c.shapeMatches = false;
    return c;
  }
  reference::ErrorStats stats;
  for (int64_t i = 0, n = out.getNumElements(); i < n; ++i)
    stats.add(out.get(i), ref.values[i]);
  c.relL2 = stats.relL2();
  c.maxAbs = stats.maxAbs();
  c.nanMismatches = stats.nanMismatchCount();
  c.pass = stats.within(tolerance, std::numeric_limits<double>::infinity());
  return c;
}

double defaultTolerance(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return 1e-5;
  case ElementKind::F16:
  case ElementKind::BF16:
    return 1e-2;
  case ElementKind::I1:
    return 0.0;
  }
  return 0.0;
}

/// What the process used, in KiB from the kernel and bytes of tensors.
struct MemoryStats {
  int64_t peakRssKiB = 0;
  std::optional<int64_t> rssBeforeRunKiB, runPeakRssKiB;
  int64_t inputBytes = 0, outputBytes = 0;
};

class Driver {
public:
  Driver(const RunnerOptions &options, llvm::raw_ostream &out,
         llvm::raw_ostream &errs)
      : options(options), out(out), errs(errs) {}

  int run();

private:
  int fail(llvm::Error err) {
    std::string message = llvm::toString(std::move(err));
    errs << "mha-run: error: " << message << "\n";
    errs.flush();
    return 1;
  }
  int fail(const llvm::Twine &message) {
    return fail(llvm::createStringError(message));
  }
  /// One human-readable line (suppressed under --json).
  void line(const llvm::Twine &text) {
    if (options.json)
      return;
    out << text << "\n";
    out.flush();
  }

  llvm::Error findEntry(ModuleOp module);
  llvm::Error checkSignature();
  llvm::Error prepareInputs();
  llvm::Expected<std::unique_ptr<JitFunction>> compile(ModuleOp module);
  /// Parses --transform's script into `schedule`.
  llvm::Error parseSchedule(MLIRContext &context,
                            OwningOpRef<ModuleOp> &script);
  llvm::Error writeOutputs(llvm::ArrayRef<HostTensor> results);
  /// Compares with the reference; returns whether every result passed.
  llvm::Expected<bool> checkResults(llvm::ArrayRef<HostTensor> results);
  /// `ioBytes`: the arguments and results once each, per call.
  void reportBench(std::vector<double> times, double flops, int64_t ioBytes);
  void reportMemory(const MemoryStats &memory);

  const RunnerOptions &options;
  llvm::raw_ostream &out;
  llvm::raw_ostream &errs;

  func::FuncOp entry;
  /// --transform's script, owned by run() (it must go before the context).
  ModuleOp schedule;
  std::vector<ElementKind> argKinds, resultKinds;
  std::vector<HostTensor> args;
  llvm::json::Object report;
};
} // namespace

llvm::Error Driver::findEntry(ModuleOp module) {
  std::vector<std::string> names;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal())
      names.push_back("@" + func.getName().str());
  std::string available =
      names.empty() ? "none" : llvm::join(names.begin(), names.end(), ", ");

  if (options.entry.empty()) {
    SmallVector<func::FuncOp> candidates;
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        candidates.push_back(func);
    if (candidates.size() != 1)
      return llvm::createStringError(
          "give the function to run with --entry=NAME (functions in '" +
          options.inputFilename + "': " + available + ")");
    entry = candidates.front();
    return llvm::Error::success();
  }
  entry = module.lookupSymbol<func::FuncOp>(options.entry);
  if (!entry)
    return llvm::createStringError("no function '@" + options.entry + "' in '" +
                                   options.inputFilename +
                                   "' (functions: " + available + ")");
  if (entry.isExternal())
    return llvm::createStringError("'@" + options.entry +
                                   "' is only a declaration; it has no body "
                                   "to run");
  if (!entry.isPublic())
    return llvm::createStringError(
        "'@" + options.entry +
        "' is private; only public functions get a C interface to call");
  return llvm::Error::success();
}

llvm::Error Driver::checkSignature() {
  auto kindOf = [](Type type) -> FailureOr<ElementKind> {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return failure();
    return getElementKind(tensor.getElementType());
  };
  FunctionType type = entry.getFunctionType();
  for (auto [i, t] : llvm::enumerate(type.getInputs())) {
    FailureOr<ElementKind> kind = kindOf(t);
    if (failed(kind))
      return llvm::createStringError(
          "argument " + llvm::Twine(i) + " of '@" + entry.getName() +
          "' has type " + typeString(t) +
          "; mha-run supports ranked tensors of f32, f16, bf16 and i1");
    argKinds.push_back(*kind);
  }
  for (auto [i, t] : llvm::enumerate(type.getResults())) {
    FailureOr<ElementKind> kind = kindOf(t);
    if (failed(kind))
      return llvm::createStringError(
          "result " + llvm::Twine(i) + " of '@" + entry.getName() +
          "' has type " + typeString(t) +
          "; mha-run supports ranked tensors of f32, f16, bf16 and i1");
    resultKinds.push_back(*kind);
  }
  if (options.inputs.size() > type.getNumInputs())
    return llvm::createStringError(
        llvm::Twine(options.inputs.size()) + " inputs given but '@" +
        entry.getName() + "' takes " + llvm::Twine(type.getNumInputs()) +
        " argument" + (type.getNumInputs() == 1 ? "" : "s"));
  if (options.outputs.size() > type.getNumResults())
    return llvm::createStringError(
        llvm::Twine(options.outputs.size()) + " outputs given but '@" +
        entry.getName() + "' returns " + llvm::Twine(type.getNumResults()) +
        " result" + (type.getNumResults() == 1 ? "" : "s"));
  return llvm::Error::success();
}

llvm::Error Driver::prepareInputs() {
  FunctionType type = entry.getFunctionType();
  std::vector<std::optional<std::vector<int64_t>>> shapeOverrides(
      type.getNumInputs());
  for (const std::string &spec : options.shapes) {
    auto parsed = parseShapeSpec(spec);
    if (!parsed)
      return parsed.takeError();
    auto &[index, dims] = *parsed;
    if (index >= type.getNumInputs())
      return llvm::createStringError("--shape=" + spec + ": '@" +
                                     entry.getName() + "' has no argument " +
                                     llvm::Twine(index) + " (it takes " +
                                     llvm::Twine(type.getNumInputs()) + ")");
    if (shapeOverrides[index])
      return llvm::createStringError("--shape given twice for argument " +
                                     llvm::Twine(index));
    auto tensorType = cast<RankedTensorType>(type.getInput(index));
    if (llvm::Error err = checkShapeFits(dims, tensorType,
                                         "--shape=" + spec + " (argument " +
                                             llvm::Twine(index) + ")"))
      return err;
    shapeOverrides[index] = dims;
  }

  llvm::json::Array argReport;
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    auto tensorType = cast<RankedTensorType>(type.getInput(i));
    std::string what = "argument " + std::to_string(i) + " of '@" +
                       entry.getName().str() + "' (" + typeString(tensorType) +
                       ")";
    std::string source;
    bool fromFile = i < options.inputs.size() && options.inputs[i] != "@random";
    if (fromFile) {
      const std::string &path = options.inputs[i];
      llvm::Expected<NpyArray> array = readNpy(path);
      if (!array)
        return llvm::createStringError(llvm::toString(array.takeError()) +
                                       " (for " + what + ")");
      llvm::Expected<HostTensor> tensor = tensorFromNpy(
          *array, tensorType, argKinds[i], "'" + path + "' for " + what);
      if (!tensor)
        return tensor.takeError();
      if (shapeOverrides[i] && *shapeOverrides[i] != tensor->shape)
        return llvm::createStringError(
            "--shape for argument " + llvm::Twine(i) + " is " +
            formatDims(*shapeOverrides[i]) + " but '" + path + "' has " +
            formatDims(tensor->shape));
      args.push_back(std::move(*tensor));
      source = path;
    } else {
      std::vector<int64_t> shape;
      if (shapeOverrides[i]) {
        shape = *shapeOverrides[i];
      } else if (tensorType.hasStaticShape()) {
        shape.assign(tensorType.getShape().begin(),
                     tensorType.getShape().end());
      } else {
        return llvm::createStringError(
            what + " has dynamic dims: give its sizes with --shape=" +
            llvm::Twine(i) + "=D0xD1x... or an --input file");
      }
      if (llvm::Error err = checkAllocatable(shape, argKinds[i], what))
        return err;
      HostTensor tensor(argKinds[i], shape);
      fillRandom(tensor, options.seed, i);
      args.push_back(std::move(tensor));
      source = "random";
    }
    const HostTensor &arg = args.back();
    line("input: arg " + llvm::Twine(i) + " " + typeString(tensorType) +
         " shape=" + formatDims(arg.shape) + " " +
         (fromFile ? "from " + source
                   : "random (seed " + std::to_string(options.seed) + ")"));
    argReport.push_back(
        llvm::json::Object{{"index", i},
                           {"type", typeString(tensorType)},
                           {"shape", llvm::json::Array(arg.shape)},
                           {"source", source}});
  }
  report["arguments"] = std::move(argReport);
  return llvm::Error::success();
}

llvm::Error Driver::parseSchedule(MLIRContext &context,
                                  OwningOpRef<ModuleOp> &script) {
  if (options.transformFile.empty())
    return llvm::Error::success();
  std::string error;
  script = parseTransformSchedule(options.transformFile, &context, error);
  if (!script)
    return llvm::createStringError(error);
  schedule = *script;
  return llvm::Error::success();
}

llvm::Expected<std::unique_ptr<JitFunction>> Driver::compile(ModuleOp module) {
  std::unique_ptr<CpuPipelineOptions> pipelineOptions =
      CpuPipelineOptions::createFromString(options.cpuPipelineOptions);
  if (!pipelineOptions)
    return llvm::createStringError("invalid --cpu-pipeline options '" +
                                   options.cpuPipelineOptions + "'");
  // The JIT calls the lowered function with its results returned and no
  // workspace: the options that change that calling convention are
  // mha-compile's.
  if (pipelineOptions->resultsToOutParams || pipelineOptions->workspace)
    return llvm::createStringError(
        "--cpu-pipeline options results-to-out-params and workspace change "
        "the calling convention of the lowered functions; mha-run calls them "
        "with results returned (mha-compile uses both)");
  // Register blocks and tiles for the JIT's target, unless given
  // explicitly.
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> tm =
      JitFunction::createTargetMachine(options.mattr);
  if (!tm)
    return tm.takeError();
  tuneCpuPipelineForTarget(*pipelineOptions, **tm);
  std::string cpu = (*tm)->getTargetCPU().str();
  line("target: cpu=" + cpu + " mattr=" +
       (options.mattr.empty() ? std::string("(host)") : options.mattr) +
       " register-block=" +
       std::to_string(static_cast<int64_t>(pipelineOptions->registerRows)) +
       "x" +
       std::to_string(static_cast<int64_t>(pipelineOptions->registerCols)));
  report["target"] = llvm::json::Object{
      {"cpu", cpu},
      {"mattr", options.mattr},
      {"register_rows", static_cast<int64_t>(pipelineOptions->registerRows)},
      {"register_cols", static_cast<int64_t>(pipelineOptions->registerCols)}};

  // The pipeline works on a clone so that --check can still evaluate the
  // original function.
  OwningOpRef<ModuleOp> lowered = module.clone();
  auto start = Clock::now();
  if (schedule) {
    if (failed(applyTransformSchedule(*lowered, schedule)))
      return llvm::createStringError("the transform script '" +
                                     options.transformFile +
                                     "' failed (diagnostics above)");
    line("transform: applied @__transform_main of '" + options.transformFile +
         "'");
    report["transform"] = options.transformFile;
  }
  keepOnlyReachableFunctions(*lowered, entry.getName());
  PassManager pm(module.getContext());
  // Honours --mlir-print-ir-after-all and friends when the tool registered
  // them; without them this is a no-op.
  (void)applyPassManagerCLOptions(pm);
  buildCpuPipeline(pm, *pipelineOptions);
  if (failed(pm.run(*lowered)))
    return llvm::createStringError("the CPU pipeline failed on '" +
                                   options.inputFilename +
                                   "' (diagnostics above)");
  double pipelineMs = millisecondsSince(start);
  if (options.printIR)
    lowered->print(errs);

  std::vector<ResultSignature> signatures;
  for (auto [kind, type] :
       llvm::zip_equal(resultKinds, entry.getFunctionType().getResults()))
    signatures.push_back({kind, cast<RankedTensorType>(type).getRank()});
  start = Clock::now();
  llvm::Expected<std::unique_ptr<JitFunction>> fn = JitFunction::create(
      *lowered, entry.getName(), options.sharedLibs, signatures,
      std::move(*tm));
  if (!fn)
    return llvm::createStringError("JIT compilation failed: " +
                                   llvm::toString(fn.takeError()));
  double jitMs = millisecondsSince(start);
  line("compile: pipeline=" + formatDouble("%.1f", pipelineMs) +
       " ms jit=" + formatDouble("%.1f", jitMs) + " ms");
  report["compile"] =
      llvm::json::Object{{"pipeline_ms", pipelineMs}, {"jit_ms", jitMs}};
  return fn;
}

int Driver::run() {
  for (const std::string &lib : options.sharedLibs)
    if (!llvm::sys::fs::exists(lib))
      return fail("shared library '" + lib + "' does not exist");

  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context, errs);
  std::unique_ptr<llvm::MemoryBuffer> file;
  {
    auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(options.inputFilename,
                                                     /*IsText=*/true);
    if (std::error_code ec = buffer.getError())
      return fail("cannot open '" + options.inputFilename +
                  "': " + ec.message());
    file = std::move(*buffer);
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return fail("cannot parse '" + options.inputFilename +
                "' (diagnostics above)");

  if (llvm::Error err = findEntry(*module))
    return fail(std::move(err));
  OwningOpRef<ModuleOp> script;
  if (llvm::Error err = parseSchedule(context, script))
    return fail(std::move(err));
  if (llvm::Error err = checkSignature())
    return fail(std::move(err));
  report["file"] = options.inputFilename;
  report["entry"] = entry.getName().str();
  if (llvm::Error err = prepareInputs())
    return fail(std::move(err));

  // Sizes are validated before compiled code sees them: compiled code
  // trusts its operands and would read out of bounds.
  std::vector<std::vector<int64_t>> argShapes;
  for (const HostTensor &arg : args)
    argShapes.push_back(arg.shape);
  llvm::Expected<ShapeAnalysis> analysis = analyzeShapes(entry, argShapes);
  if (!analysis)
    return fail("the argument sizes do not fit '@" + entry.getName() +
                "': " + llvm::toString(analysis.takeError()));
  // The compiled code allocates the results itself and cannot report a
  // failed allocation (it would write through a null pointer): results that
  // cannot fit are an error here, like oversized random arguments.
  for (auto [i, shape] : llvm::enumerate(analysis->resultShapes))
    if (i < resultKinds.size() && !shape.empty())
      if (llvm::Error err = checkAllocatable(
              shape, resultKinds[i],
              "result " + llvm::Twine(i) + " of '@" + entry.getName() + "'"))
        return fail(std::move(err));
  if (options.check)
    if (llvm::Error err = checkReferenceSupports(entry))
      return fail(std::move(err));

  llvm::Expected<std::unique_ptr<JitFunction>> fn = compile(*module);
  if (!fn)
    return fail(fn.takeError());

  // Memory: the high-water mark is reset right before the calls so that
  // compile-time memory does not hide what the calls themselves use.
  int64_t inputBytes = 0;
  for (const HostTensor &arg : args)
    inputBytes += arg.getNumBytes();
  std::optional<int64_t> rssBeforeKiB = readProcStatusKiB("VmRSS");
  bool peakReset = resetPeakRss();

  // --bench measures the steady state of repeated calls. The generated code
  // mallocs its temporaries on every call; with glibc's defaults whether
  // they come back as fresh, page-faulting mmap pages or from the heap
  // depends on what the process allocated before (the JIT compile
  // included), which made timings of the same code differ by 15%. Freed
  // memory stays in the process instead (bench/run_cpu.py gives the PyTorch
  // side the same policy through GLIBC_TUNABLES). Blocks of 2 MiB or more
  // never reach glibc: allocateHostBytes keeps them for the next call.
#ifdef __GLIBC__
  if (options.benchIterations > 0) {
    mallopt(M_MMAP_THRESHOLD, kBenchMmapThreshold);
    mallopt(M_TRIM_THRESHOLD, kBenchTrimThreshold);
    line("malloc: freed memory stays in the process (mmap_threshold=" +
         std::to_string(kBenchMmapThreshold >> 20) +
         " MiB trim_threshold=" + std::to_string(kBenchTrimThreshold >> 20) +
         " MiB)");
    report["bench_malloc"] = llvm::json::Object{
        {"mmap_threshold", kBenchMmapThreshold},
        {"trim_threshold", kBenchTrimThreshold}};
  }
#endif

  std::vector<HostTensor> results;
  auto start = Clock::now();
  (*fn)->call(args, &results);
  double runMs = millisecondsSince(start);
  line("run: " + formatDouble("%.4g", runMs) + " ms");
  report["run_ms"] = runMs;

  // The first call above is the warm-up of the benchmark.
  std::vector<double> times;
  for (unsigned i = 0; i < options.benchIterations; ++i)
    times.push_back((*fn)->timedCall(args) * 1e3);

  MemoryStats memory;
  memory.inputBytes = inputBytes;
  for (const HostTensor &result : results)
    memory.outputBytes += result.getNumBytes();
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  memory.peakRssKiB = usage.ru_maxrss;
  memory.rssBeforeRunKiB = rssBeforeKiB;
  if (peakReset)
    memory.runPeakRssKiB = readProcStatusKiB("VmHWM");

  if (llvm::Error err = writeOutputs(results))
    return fail(std::move(err));
  int exitCode = 0;
  if (options.check) {
    llvm::Expected<bool> pass = checkResults(results);
    if (!pass)
      return fail(pass.takeError());
    if (!*pass)
      exitCode = 2;
  }
  if (!times.empty())
    reportBench(times, analysis->flops,
                memory.inputBytes + memory.outputBytes);
  reportMemory(memory);

  if (options.json) {
    out << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
    out.flush();
  }
  return exitCode;
}

llvm::Error Driver::writeOutputs(llvm::ArrayRef<HostTensor> results) {
  llvm::json::Array resultReport;
  for (auto [i, result] : llvm::enumerate(results)) {
    std::string path = i < options.outputs.size() ? options.outputs[i] : "";
    if (!path.empty())
      if (llvm::Error err = writeNpy(path, npyFromTensor(result)))
        return err;
    std::string type = typeString(entry.getFunctionType().getResult(i));
    line("output: result " + llvm::Twine(i) + " " + type + " shape=" +
         formatDims(result.shape) + (path.empty() ? "" : " -> " + path));
    llvm::json::Object r{{"index", static_cast<int64_t>(i)},
                         {"type", type},
                         {"shape", llvm::json::Array(result.shape)}};
    if (!path.empty())
      r["output"] = path;
    resultReport.push_back(std::move(r));
  }
  report["results"] = std::move(resultReport);
  return llvm::Error::success();
}

llvm::Expected<bool> Driver::checkResults(llvm::ArrayRef<HostTensor> results) {
  llvm::Expected<std::vector<ReferenceTensor>> refs =
      evaluateReference(entry, args);
  if (!refs)
    return refs.takeError();
  bool allPass = true;
  llvm::json::Array checks;
  for (auto [i, result, ref] : llvm::enumerate(results, *refs)) {
    double tol = options.tolerance > 0.0 ? options.tolerance
                                         : defaultTolerance(result.kind);
    Comparison c = compare(result, ref, tol);
    allPass &= c.pass;
    llvm::json::Object r{{"index", static_cast<int64_t>(i)},
                         {"pass", c.pass},
                         {"tolerance", tol}};
    if (!c.shapeMatches) {
      std::string message = "shape " + formatDims(result.shape) +
                            " differs from the reference's " +
                            formatDims(ref.shape);
      line("check: result " + llvm::Twine(i) + ": " + message + " FAIL");
      r["error"] = message;
    } else {
      std::string nan =
          c.nanMismatches ? " nan_mismatches=" + std::to_string(c.nanMismatches)
                          : "";
      line("check: result " + llvm::Twine(i) +
           ": rel_l2=" + formatDouble("%.2g", c.relL2) + " max_abs=" +
           formatDouble("%.2g", c.maxAbs) + " tol=" + formatDouble("%g", tol) +
           nan + (c.pass ? " PASS" : " FAIL"));
      r["rel_l2"] = jsonNumber(c.relL2);
      r["max_abs"] = jsonNumber(c.maxAbs);
      r["nan_mismatches"] = c.nanMismatches;
    }
    checks.push_back(std::move(r));
  }
  line(allPass ? "check: PASS" : "check: FAIL");
  report["check"] =
      llvm::json::Object{{"pass", allPass}, {"results", std::move(checks)}};
  return allPass;
}

void Driver::reportBench(std::vector<double> times, double flops,
                         int64_t ioBytes) {
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  size_t n = sorted.size();
  double median =
      n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  // flops < 0: the function has ops whose FLOPs are unknown.
  bool known = flops >= 0.0 && median > 0.0;
  double gflops = known ? flops / median / 1e6 : 0.0;
  line("bench: min=" + formatDouble("%.4g", sorted.front()) +
       " ms median=" + formatDouble("%.4g", median) +
       " ms max=" + formatDouble("%.4g", sorted.back()) + " ms GFLOP/s=" +
       (known ? formatDouble("%.2f", gflops) : std::string("n/a")));
  if (flops >= 0.0)
    line("bench: flops=" + formatDouble("%.4g", flops) +
         " iterations=" + llvm::Twine(n));
  // The arguments read and the results written once per call, at the
  // median: the least memory traffic a call can have, the rate by which a
  // memory-bound kernel (decoding: each key and value read once) is judged.
  double ioGBps = median > 0.0 ? static_cast<double>(ioBytes) / median / 1e6
                               : 0.0;
  line("bench: io_bytes=" + llvm::Twine(ioBytes) + " io_GB/s=" +
       (median > 0.0 ? formatDouble("%.2f", ioGBps) : std::string("n/a")));
  llvm::json::Object bench{{"iterations", static_cast<int64_t>(n)},
                           {"min_ms", sorted.front()},
                           {"median_ms", median},
                           {"max_ms", sorted.back()},
                           {"times_ms", llvm::json::Array(times)}};
  bench["flops"] = flops >= 0.0 ? llvm::json::Value(flops) : nullptr;
  bench["gflops"] = known ? jsonNumber(gflops) : nullptr;
  bench["io_bytes"] = ioBytes;
  bench["io_gbps"] = median > 0.0 ? jsonNumber(ioGBps) : nullptr;
  report["bench"] = std::move(bench);
}

void Driver::reportMemory(const MemoryStats &memory) {
  double peakRss = kibToMib(memory.peakRssKiB);
  line("memory: peak_rss=" + formatDouble("%.1f", peakRss) + " MiB");
  line("memory: inputs=" + formatDouble("%.3f", bytesToMib(memory.inputBytes)) +
       " MiB outputs=" + formatDouble("%.3f", bytesToMib(memory.outputBytes)) +
       " MiB");
  llvm::json::Object json{{"peak_rss_mib", peakRss},
                          {"input_bytes", memory.inputBytes},
                          {"output_bytes", memory.outputBytes}};
  if (memory.runPeakRssKiB && memory.rssBeforeRunKiB) {
    double runPeak = kibToMib(*memory.runPeakRssKiB);
    double before = kibToMib(*memory.rssBeforeRunKiB);
    // Page-granular RSS makes tiny runs come out slightly negative.
    double beyond =
        std::max(0.0, runPeak - before - bytesToMib(memory.outputBytes));
    line("memory: run_peak_rss=" + formatDouble("%.1f", runPeak) +
         " MiB rss_before_run=" + formatDouble("%.1f", before) +
         " MiB beyond_inputs_outputs=" + formatDouble("%.1f", beyond) + " MiB");
    json["run_peak_rss_mib"] = runPeak;
    json["rss_before_run_mib"] = before;
    json["beyond_inputs_outputs_mib"] = beyond;
  }
  report["memory"] = std::move(json);
}

int runner::runMain(const RunnerOptions &options, llvm::raw_ostream &out,
                    llvm::raw_ostream &errs) {
  return Driver(options, out, errs).run();
}
