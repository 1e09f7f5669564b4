//===- mha-run.cpp - compile, run, check and time an mha function -----===//
#include "mha/InitAll.h"
#include "mha/Runner/Runner.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

static const char *const overview =
    R"(mha runner: JIT-compile one function of an MLIR module with the CPU
pipeline, call it, and optionally check it against the float64 reference and
time it.

ARGUMENTS
  The entry function takes and returns ranked tensors of f32, f16, bf16 or
  i1. --input files are matched to its arguments in order; an argument
  without a file (past the last --input, or given as @random) is filled from
  a seeded RNG: floats uniform in [-1, 1] (rounded to the element type), i1
  as random bits. The stream of argument k depends only on --seed and k.
  Accepted .npy dtypes (C order, little-endian, format 1.0-3.0):
    f32 and bf16 arguments: float32 (rounded to nearest even for bf16)
    f16 arguments: float16 or float32 (rounded to nearest even)
    i1 arguments: bool or uint8 (nonzero is true)
  Dynamic dims come from the .npy file, or from --shape=ARG=D0xD1x... for a
  random argument (e.g. --shape=0=1x8x100x64); static dims must match.

OUTPUT (one fact per line on stdout; --json prints one JSON object instead)
  input: arg K TYPE shape=... from FILE | random (seed N)
  compile: pipeline=.. ms jit=.. ms
  malloc: freed memory stays in the process (...)   (--bench only: glibc
          mallopt, so that repeated calls reuse their temporaries instead
          of page-faulting fresh ones. Blocks of 2 MiB or more, arguments,
          results and the compiled code's own, always come from mha-run's
          allocator: 2 MiB-aligned, advised to transparent huge pages,
          and kept for reuse once freed)
  run: .. ms                       (the first call, which warms up --bench)
  output: result K TYPE shape=... [-> FILE]   (.npy: float32, or bool for i1)
  check: result K: rel_l2=.. max_abs=.. tol=.. PASS|FAIL
  check: PASS|FAIL
  bench: min=.. ms median=.. ms max=.. ms GFLOP/s=..
  bench: flops=.. iterations=N
  bench: io_bytes=.. io_GB/s=..   (arguments + results once each per call,
          over the median: the least memory traffic of a call, by which a
          memory-bound kernel such as decoding is judged)
  memory: peak_rss=.. MiB          (whole process, getrusage)
  memory: inputs=.. MiB outputs=.. MiB
  memory: run_peak_rss=.. MiB rss_before_run=.. MiB beyond_inputs_outputs=.. MiB
          (peak during the calls only; beyond = run peak - RSS before the
           calls - outputs, i.e. what the calls needed besides their I/O)

CHECK
  --check evaluates the original function (before lowering) with the
  float64 reference; it supports mha.attention, mha.multi_head_attention,
  arith.constant of dense tensors and func.return. Per result: relative L2
  error ||out - ref|| / ||ref|| (absolute when ||ref|| = 0) within 1e-5 for
  f32, 1e-2 for f16/bf16 (or --tolerance); NaN must appear exactly where the
  reference has NaN.

FLOPS
  mha.attention: 2*B*Hq*L*S*(E+Ev), halved when causal and L == S;
  mha.multi_head_attention adds its four projections.

EXIT CODE
  0 success, 1 error (message on stderr as 'mha-run: error: ...'),
  2 --check failed.

MLIR's debugging options (--mlir-print-ir-after-all, ...) apply to the
pipeline; --help-hidden lists them.
)";

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);

  cl::OptionCategory category("mha-run options");
  cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<file.mlir>"),
                                     cl::Required, cl::cat(category));
  cl::opt<std::string> entry(
      "entry", cl::desc("Function to run (default: the only public one)"),
      cl::value_desc("name"), cl::cat(category));
  cl::list<std::string> inputs(
      "input",
      cl::desc("A .npy file per argument, in order; '@random' keeps an "
               "argument random (repeat or comma-separate)"),
      cl::value_desc("file.npy"), cl::CommaSeparated, cl::cat(category));
  cl::list<std::string> outputs(
      "output",
      cl::desc("A .npy file per result, in order (repeat or comma-separate)"),
      cl::value_desc("file.npy"), cl::CommaSeparated, cl::cat(category));
  cl::opt<uint64_t> seed("seed", cl::desc("Seed of the random arguments"),
                         cl::init(0), cl::cat(category));
  cl::list<std::string> shapes(
      "shape",
      cl::desc("Sizes of a random argument with dynamic dims, e.g. "
               "--shape=0=1x8x100x64 (one per argument)"),
      cl::value_desc("arg=d0xd1x..."), cl::cat(category));
  cl::opt<bool> check("check",
                      cl::desc("Compare the results with the float64 "
                               "reference"),
                      cl::cat(category));
  cl::opt<double> tolerance(
      "tolerance",
      cl::desc("Relative L2 tolerance of --check (default: 1e-5 for f32, "
               "1e-2 for f16/bf16)"),
      cl::init(0.0), cl::cat(category));
  cl::opt<unsigned> bench(
      "bench", cl::desc("Time N calls after the first (warm-up) call"),
      cl::value_desc("N"), cl::init(0), cl::cat(category));
  cl::opt<bool> json("json", cl::desc("Print the results as one JSON object"),
                     cl::cat(category));
  cl::opt<std::string> cpuPipeline(
      "cpu-pipeline",
      cl::desc("Options of the CPU pipeline, as for --mha-cpu-pipeline"),
      cl::value_desc("\"opt=val ...\""), cl::init(""), cl::cat(category));
  cl::opt<std::string> transform(
      "transform",
      cl::desc("A transform script whose transform.named_sequence "
               "@__transform_main is applied to the module before the CPU "
               "pipeline (e.g. tiling mha.attention); --check still "
               "evaluates the function as written"),
      cl::value_desc("file.mlir"), cl::init(""), cl::cat(category));
  cl::opt<std::string> mattr(
      "mattr",
      cl::desc("Target features for the JIT on top of the host's, as llc "
               "-mattr (e.g. -avx512f: AVX2 code and tuning on an AVX-512 "
               "host)"),
      cl::value_desc("+f,-f,..."), cl::init(""), cl::cat(category));
  cl::opt<bool> printIR(
      "print-ir",
      cl::desc("Print the LLVM-dialect module after the pipeline to stderr"),
      cl::cat(category));
  cl::list<std::string> sharedLibs(
      "shared-libs",
      cl::desc("Shared libraries the JIT links (default: MLIR's runner "
               "utils)"),
      cl::value_desc("lib.so"), cl::CommaSeparated, cl::cat(category));

  // Registered so that --mlir-print-ir-after=PASS can name the passes.
  mlir::mha::registerAllPasses();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  // libLLVM registers hundreds of backend options; they and MLIR's
  // (--mlir-print-ir-after-all, ...) still work and --help-hidden lists them.
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, overview);

  mlir::mha::runner::RunnerOptions options;
  options.inputFilename = inputFilename;
  options.entry = entry;
  options.inputs.assign(inputs.begin(), inputs.end());
  options.outputs.assign(outputs.begin(), outputs.end());
  options.shapes.assign(shapes.begin(), shapes.end());
  options.seed = seed;
  options.check = check;
  options.tolerance = tolerance;
  options.benchIterations = bench;
  options.json = json;
  options.printIR = printIR;
  options.cpuPipelineOptions = cpuPipeline;
  options.transformFile = transform;
  options.mattr = mattr;
  if (sharedLibs.empty())
    options.sharedLibs = mlir::mha::runner::getDefaultSharedLibs();
  else
    options.sharedLibs.assign(sharedLibs.begin(), sharedLibs.end());
  return mlir::mha::runner::runMain(options, llvm::outs(), llvm::errs());
}
