//===- Runner.h - compile, run, check and time one function -----*- C++ -*-===//
//
// The library behind mha-run: parse a module, prepare the entry function's
// arguments (from .npy files or a seeded RNG), lower the module with the CPU
// pipeline, JIT it, call it through its `_mlir_ciface_` wrapper, write the
// results, compare them with the float64 reference evaluated on the
// original (unlowered) function, and time repeated calls.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_RUNNER_RUNNER_H
#define MHA_RUNNER_RUNNER_H

#include "mha/Support/ElementKind.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir {
namespace mha {
namespace runner {

/// What mha-run was asked to do; mirrors its command line.
struct RunnerOptions {
  std::string inputFilename;
  /// Function to run; empty = the module's only public function.
  std::string entry;
  /// One entry per argument, in order; "@random" (or arguments past the
  /// end) means "fill from the RNG".
  std::vector<std::string> inputs;
  /// One entry per result, in order; results past the end are not written.
  std::vector<std::string> outputs;
  /// "ARG=D0xD1x..." sizes for arguments with dynamic dims.
  std::vector<std::string> shapes;
  uint64_t seed = 0;
  bool check = false;
  /// Relative L2 tolerance of --check; 0 picks 1e-5 (f32) or 1e-2 (f16,
  /// bf16) from each result's element type.
  double tolerance = 0.0;
  unsigned benchIterations = 0;
  bool json = false;
  bool printIR = false;
  /// A transform script (`transform.named_sequence @__transform_main`)
  /// applied to the module before the CPU pipeline; empty = none. --check
  /// still evaluates the function as written.
  std::string transformFile;
  /// Options of the CPU pipeline, "name=value ..." as on mha-opt.
  std::string cpuPipelineOptions;
  /// Target features of the JIT on top of the host's ("+f,-f,...").
  std::string mattr;
  /// Shared libraries the JIT links (runner utils by default).
  std::vector<std::string> sharedLibs;
};

/// The shared libraries mha-run links by default: MLIR's runner utils, which
/// provide the f16/bf16 conversion routines the lowered code calls.
std::vector<std::string> getDefaultSharedLibs();

// Element kinds: mha/Support/ElementKind.h, shared with mha-compile.
using mha::ElementKind;
using mha::getElementKind;
using mha::getElementKindName;
using mha::getElementSize;

/// Host memory of tensors (HostTensor::storage) and of the buffers the
/// JIT-compiled code allocates (its `malloc` and `free` are these).
/// - Blocks of 2 MiB or more are aligned to 2 MiB and, on Linux, advised to
///   transparent huge pages (MADV_HUGEPAGE), which a kernel whose THP mode
///   is `madvise` gives only to advised memory. The kernels stream K and V
///   from these buffers once per query tile: in 4 KiB pages, one head's K
///   and V at S = 8192, E = 128 are 2048 pages per pass.
/// - Freed blocks of 2 MiB or more are kept (up to 1 GiB in all) and reused
///   by the next request of the same rounded size, so that a result of more
///   than glibc's largest mmap threshold (32 MiB) is not a fresh mapping,
///   page-faulted again, on every call of --bench.
/// Smaller blocks are plain malloc/free. Thread-safe (the compiled code
/// allocates inside its OpenMP regions). See docs/perf/flash-cpu-notes.md.
void *allocateHostBytes(size_t bytes);
/// Frees what allocateHostBytes returned (or any malloc'ed pointer).
void freeHostBytes(void *ptr);

template <typename T>
struct HostAllocator {
  using value_type = T;
  HostAllocator() = default;
  template <typename U>
  HostAllocator(const HostAllocator<U> &) {}
  T *allocate(size_t n) {
    return static_cast<T *>(allocateHostBytes(n * sizeof(T)));
  }
  void deallocate(T *ptr, size_t) { freeHostBytes(ptr); }
  template <typename U>
  bool operator==(const HostAllocator<U> &) const {
    return true;
  }
};

/// A dense row-major tensor in host memory, stored in its element type
/// (f16/bf16 as raw 16-bit patterns, i1 as bytes 0/1) so that it can be
/// handed to compiled code as is.
struct HostTensor {
  ElementKind kind = ElementKind::F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t, HostAllocator<uint8_t>> storage;

  HostTensor() = default;
  HostTensor(ElementKind kind, std::vector<int64_t> shape);

  int64_t getNumElements() const;
  int64_t getNumBytes() const { return static_cast<int64_t>(storage.size()); }
  /// Element `i` as a double (i1 as 0/1).
  double get(int64_t i) const;
  /// Stores `value` at `i`, rounded to nearest even for f16/bf16; for i1,
  /// nonzero is true.
  void set(int64_t i, double value);
  /// All elements as doubles.
  std::vector<double> toDoubles() const;
};

/// Rounds `value` to the nearest value of `kind` (identity-ish for i1: 0/1).
double roundToKind(ElementKind kind, double value);

/// Result of evaluating a function with the reference: values in double,
/// already rounded once to each result's element type.
struct ReferenceTensor {
  ElementKind kind = ElementKind::F32;
  std::vector<int64_t> shape;
  std::vector<double> values;
};

/// Checks that the reference can evaluate every op of `func` (mha.attention,
/// mha.multi_head_attention, arith.constant of dense tensors, func.return,
/// and the reshapes and sizes around them: tensor.expand_shape,
/// tensor.collapse_shape, tensor.cast, tensor.dim, index constants).
llvm::Error checkReferenceSupports(func::FuncOp func);

/// Evaluates `func` on `args` with the float64 reference.
llvm::Expected<std::vector<ReferenceTensor>>
evaluateReference(func::FuncOp func, llvm::ArrayRef<HostTensor> args);

/// Sizes and FLOPs of `func` on arguments of `argShapes`: validates that
/// the mha ops' operand sizes agree (so that compiled code is never called
/// on inconsistent shapes) and sums the credited FLOPs. `flops` is negative
/// when the function contains ops whose FLOPs are unknown.
struct ShapeAnalysis {
  double flops = 0.0;
  /// Result shapes, where they could be derived (empty vector otherwise).
  std::vector<std::vector<int64_t>> resultShapes;
};
llvm::Expected<ShapeAnalysis>
analyzeShapes(func::FuncOp func,
              llvm::ArrayRef<std::vector<int64_t>> argShapes);

/// Runs mha-run with `options`: human-readable lines or one JSON object on
/// `out`, `mha-run: error: ...` lines on `errs`. Returns the exit code: 0 on
/// success, 1 on an error, 2 when --check fails.
int runMain(const RunnerOptions &options, llvm::raw_ostream &out,
            llvm::raw_ostream &errs);

} // namespace runner
} // namespace mha
} // namespace mlir

#endif // MHA_RUNNER_RUNNER_H
