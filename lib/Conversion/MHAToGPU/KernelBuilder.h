//===- KernelBuilder.h - shared pieces of the attention GPU kernels -*- C++
//-*-===//
//
// What the SIMT and the mma.sync kernels have in common: the static problem
// (sizes and attributes of one mha.attention), small IR builders, the key/
// value tile range of a query tile (the causal/window band), and the score
// epilogue of docs/Dialect.md (scale, softcap, bias, mask, band) for one
// (row, key) pair.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_LIB_CONVERSION_MHATOGPU_KERNELBUILDER_H
#define MHA_LIB_CONVERSION_MHATOGPU_KERNELBUILDER_H

#include "mha/Conversion/MHAToGPU/MHAToGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <array>
#include <optional>
#include <string>

namespace mlir {
namespace mha {
namespace gpu_kernels {

/// The sizes and attributes of one mha.attention with static shapes.
struct AttentionProblem {
  int64_t batch = 0, numHeads = 0, numKvHeads = 0, groupSize = 0;
  int64_t queryLen = 0, keyLen = 0, headDim = 0, valueHeadDim = 0;
  /// Of query, key, value and the result.
  Type elementType;
  double scale = 1.0;
  std::optional<double> softcap;
  CausalMode causal = CausalMode::none;
  std::optional<std::array<int64_t, 2>> window;
  MemRefType queryType, keyType, valueType, maskType, biasType, resultType;

  static AttentionProblem get(AttentionOp op);
  bool hasMask() const { return static_cast<bool>(maskType); }
  bool hasBias() const { return static_cast<bool>(biasType); }
  /// Whether some (row, key) pairs are outside the causal/window band.
  bool hasBand() const {
    return causal != CausalMode::none || window.has_value();
  }
  /// The kernel's function type: query, key, value, [mask], [bias], result.
  FunctionType kernelType(MLIRContext *ctx) const;
};

/// Workgroup memory of 32-bit word count `words` or more: static
/// attributions up to 48 KiB, dynamic workgroup memory above.
constexpr int64_t kStaticSharedLimit = 48 * 1024;
/// The most dynamic workgroup memory a block may use on sm_90 (227 KiB).
constexpr int64_t kMaxSharedBytes = 227 * 1024;

/// Builders for one kernel body. Holds the insertion point in `b`.
class KernelBuilder {
public:
  KernelBuilder(OpBuilder &b, Location loc, const AttentionProblem &p);

  OpBuilder &b;
  Location loc;
  const AttentionProblem &p;
  Type f32, i32, indexType;

  /// Kernel arguments (mask and bias null when absent).
  Value query, key, value, mask, bias, result;
  /// Whether the last query tile / key tile may run past L / S (then rows
  /// and keys are clamped for loads and keys past S are not allowed).
  bool rowsMayOverflow = true, keysMayOverflow = true;

  /// Takes the kernel arguments from `func` (query, key, value, then mask
  /// and bias when the problem has them, then result, as createKernelFunc
  /// lays them out) and whether tiles of `queryTile` x `keyTile` rows may
  /// run past L and S.
  void bindKernel(gpu::GPUFuncOp func, int64_t queryTile, int64_t keyTile);

  // Constants.
  Value idx(int64_t v);
  Value f32Const(double v);
  Value i32Const(int32_t v);
  Value zeroOf(Type t);

  // Index arithmetic.
  Value add(Value x, Value y);
  Value add(Value x, int64_t y);
  Value sub(Value x, Value y);
  Value mul(Value x, int64_t y);
  Value divU(Value x, int64_t y);
  Value remU(Value x, int64_t y);
  Value minS(Value x, Value y);
  Value minS(Value x, int64_t y);
  Value maxS(Value x, Value y);
  Value cmp(arith::CmpIPredicate pred, Value x, Value y);
  Value cmp(arith::CmpIPredicate pred, Value x, int64_t y);
  Value andI(Value x, Value y);

  // f32 arithmetic.
  Value fadd(Value x, Value y);
  Value fsub(Value x, Value y);
  Value fmul(Value x, Value y);
  Value fdiv(Value x, Value y);
  Value fma(Value x, Value y, Value acc);
  /// 2^x (ex2.approx.f32), e^x = 2^(x log2 e), tanh: LLVM/NVVM intrinsics,
  /// so that no libdevice function is needed.
  Value exp2(Value x);
  /// NaN-propagating maximum (arith.maximumf).
  Value fmax(Value x, Value y);
  Value exp(Value x);
  Value tanh(Value x);
  /// A call of the LLVM intrinsic `name` with the type of its first
  /// argument as result type.
  Value intrinsic(StringRef name, ValueRange args);
  Value select(Value cond, Value x, Value y);
  Value toF32(Value x);
  Value fromF32(Value x, Type t);

  // Structured control flow. Bodies return the values to yield.
  using LoopBody =
      function_ref<SmallVector<Value>(Value iv, ValueRange iterArgs)>;
  SmallVector<Value> forLoop(Value lb, Value ub, Value step, ValueRange init,
                             LoopBody body);
  SmallVector<Value> forLoop(int64_t lb, int64_t ub, int64_t step,
                             ValueRange init, LoopBody body);
  using Branch = function_ref<SmallVector<Value>()>;
  SmallVector<Value> ifElse(Value cond, TypeRange types, Branch thenBranch,
                            Branch elseBranch);
  void ifThen(Value cond, function_ref<void()> thenBranch);

  /// Butterfly all-reduction across `offsets` lanes (gpu.shuffle xor):
  /// every participating lane ends with the maximum (NaN-propagating) or
  /// the sum.
  Value shuffleReduce(Value v, bool isMax, ArrayRef<int32_t> offsets);

  /// The causal diagonal d(i) of query row `i`.
  Value diagonal(Value i);
  /// Key tiles [begin, end) of size `tile` that can hold an allowed key for
  /// some query row in [firstRow, lastRow]: the band's loop bounds. The
  /// range may be empty (end <= begin).
  std::pair<Value, Value> keyTileRange(Value firstRow, Value lastRow,
                                       int64_t tile);
  /// Whether every key of [k0, k0 + tile) is inside the band (and below S)
  /// for every row in [firstRow, lastRow]: such tiles skip the per-element
  /// band test. Null when there is no band and keys cannot overflow.
  Value tileInsideBand(Value firstRow, Value lastRow, Value k0, int64_t tile);

  /// The score epilogue for query row `i` (of head `h`, batch `bIdx`) and
  /// key `j`: scale, softcap, bias, then -inf where mask or (if
  /// `checkBand`) the band or j >= S disallow the pair. `s` is the f32 dot
  /// product q_i . k_j.
  Value scoreEpilogue(Value s, Value bIdx, Value h, Value i, Value j,
                      bool checkBand);

  /// Loads with the row (dim 2) clamped to [0, rows - 1] (when `clamp`);
  /// the caller discards or zeroes what a clamped load read.
  Value clampRow(Value i, int64_t rows, bool clamp);
  Value loadVector(Value memref, ValueRange indices, VectorType type,
                   int64_t alignment);
  void storeVector(Value v, Value memref, ValueRange indices,
                   int64_t alignment);
};

/// Builds the f32 SIMT kernel (any element type, every feature). Fails
/// with a message in `error`, before creating any IR, for tile options it
/// cannot use.
FailureOr<AttentionGpuKernel>
buildSimtKernel(OpBuilder &builder, Location loc, const AttentionProblem &p,
                gpu::GPUModuleOp kernels, StringRef name,
                const AttentionGpuOptions &options, std::string &error);

/// Builds the mma.sync kernel (f16/bf16, head dims multiples of 16); fails
/// like buildSimtKernel.
FailureOr<AttentionGpuKernel>
buildMmaKernel(OpBuilder &builder, Location loc, const AttentionProblem &p,
               gpu::GPUModuleOp kernels, StringRef name,
               const AttentionGpuOptions &options, std::string &error);

/// Whether the mma.sync kernel can take `p` (else the SIMT kernel does).
bool mmaKernelApplies(const AttentionProblem &p);

/// Creates the gpu.func with the given workgroup buffers: static
/// attributions when they fit in 48 KiB, else views of dynamic workgroup
/// memory. Returns the buffers (in order) and sets the kernel's shared
/// memory sizes. The function's `mha.kernel_config` attribute records
/// `kernel`'s kind and tile sizes, which the caller sets before.
gpu::GPUFuncOp
createKernelFunc(OpBuilder &builder, Location loc, const AttentionProblem &p,
                 gpu::GPUModuleOp kernels, StringRef name,
                 ArrayRef<MemRefType> sharedBuffers, int64_t blockSize,
                 SmallVectorImpl<Value> &buffers, AttentionGpuKernel &kernel);

/// Bytes of a static memref of a float type.
int64_t byteSize(MemRefType type);

} // namespace gpu_kernels
} // namespace mha
} // namespace mlir

#endif // MHA_LIB_CONVERSION_MHATOGPU_KERNELBUILDER_H
