//===- Transforms.h - reusable rewrites of the mha dialect ------*- C++ -*-===//
#ifndef MHA_DIALECT_MHA_TRANSFORMS_TRANSFORMS_H
#define MHA_DIALECT_MHA_TRANSFORMS_TRANSFORMS_H

#include "mha/Dialect/MHA/IR/MHAOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir {
namespace mha {

/// Rewrites `op` into projections, head split/merge and one mha.attention.
/// Returns the value that replaces the op's result.
FailureOr<Value> decomposeMultiHeadAttention(RewriterBase &rewriter,
                                             MultiHeadAttentionOp op);

/// Patterns that apply decomposeMultiHeadAttention to every block op.
void populateDecomposeMultiHeadAttentionPatterns(RewritePatternSet &patterns);

/// Tile sizes of the FlashAttention form: query rows per head and per tile
/// (the tile holds the rows of all G heads sharing a key/value head), and
/// key/value rows per step of the online softmax.
struct AttentionTileSizes {
  /// 0 picks about 64 rows per tile in total, 128 for long key/value
  /// sequences (see --mha-tile-attention).
  int64_t queryTile = 0;
  int64_t keyValueTile = 64;
  /// Ops with a static L*S at most this are not tiled (0: tile all).
  int64_t unfusedMaxScores = 32;
  /// With queryTile = 0: about 128 rows per tile instead of 64 where one
  /// key/value head (a static S x (E + Ev) elements as stored) takes at
  /// least this many bytes (0: never).
  int64_t wideTileKeyValueBytes = int64_t(2) << 20;
  /// A dynamic S: after the whole keyValueTile steps, the keys left are
  /// taken in steps of this many rows (0, or not below keyValueTile: one
  /// more keyValueTile window, moved back over keys it masks).
  int64_t remainderTile = 16;
  /// Shares of each query tile's key range that separate iterations of the
  /// parallel loop compute, combined at the end (flash-decoding). 0:
  /// automatic, where B x Hkv x query tiles (static) is below 16, as many
  /// shares as make 16, each of at least 512 keys (a dynamic S: as many as
  /// S has at run time, and no shares where that is fewer than two); 1:
  /// none.
  int64_t keyValueSplits = 0;
};

/// Rewrites `op` into the FlashAttention-2 form on tensors: scf.forall over
/// (B, Hkv, L-tiles), scf.for over the key/value tiles of the allowed band
/// with an online softmax, linalg ops on static f32 tiles; with shares of
/// the key range (keyValueSplits), scf.forall over (B, Hkv, L-tiles,
/// shares) into partial results and a second one that combines them. Returns
/// the value that replaces the op's result, or emits an error for unsupported
/// input.
FailureOr<Value> tileAttention(RewriterBase &rewriter, AttentionOp op,
                               const AttentionTileSizes &sizes);

/// Tile sizes of --mha-tile-projections.
struct ProjectionTileSizes {
  int64_t rows = 32;
  int64_t cols = 64;
  /// Bytes of packed weight panels one row tile sweeps before the next: the
  /// columns are split into blocks this size that stay in L2.
  int64_t weightBlockBytes = int64_t(1) << 20;
  /// The register block's rows (0: none). With a static row count and
  /// `rows` a multiple of it, the row tile becomes the multiple of it near
  /// `rows` that computes the fewest rows (projectionRowTile).
  int64_t rowStep = 0;
};

/// The rows of X per projection tile for `n` static rows: `sizes.rows`
/// unless `sizes.rowStep` divides it, else the multiple of the step from
/// one step below `rows` to twice `rows` whose tiles cover `n` with the
/// fewest rows (a tie: nearest `rows`, then wider); `n` shorter than that
/// range gets one tile of its own rounded-up extent. Row windows are
/// clamped into range, so the rows computed are the tile count times the
/// tile: for n = 197 and 32-row tiles 224 rows, for 40-row tiles 200.
int64_t projectionRowTile(int64_t n, const ProjectionTileSizes &sizes);

/// The row tiles of X already packed by tileProjection, by the value they
/// were packed from (X, or the [B, H, N, E] tensor whose heads X merges).
/// Projections of the same X (the Q, K and V projections of self-attention)
/// share one packed copy when they share a cache.
struct ProjectionPackCache {
  llvm::DenseMap<std::pair<Value, int64_t>, Value> rowTiles;
};

/// Rewrites one projection contraction C[b,n,m] += X[b,n,k] * W[k,m] (static
/// W, f32 accumulator) into a packed W, X packed into row tiles, and an
/// scf.forall over row tiles of static f32 tile products (see
/// --mha-tile-projections), folding a bias broadcast init, a head merge of
/// X, a rounding of the result and a head split of the result into the
/// tiles. Replaces the op (or the last op of the folded chain) itself.
LogicalResult tileProjection(RewriterBase &rewriter, linalg::GenericOp op,
                             const ProjectionTileSizes &sizes,
                             ProjectionPackCache *cache = nullptr);

/// The register block of the CPU tile products: `rows` x `cols`
/// accumulators (cols is the vector length times the vectors per row).
struct RegisterBlock {
  int64_t rows = 6;
  int64_t cols = 16;
  /// The k loop is split into panels of this many steps so that a column
  /// block's B panel stays in L1 across the row blocks (0: no split).
  int64_t kBlock = 128;
};

/// True when a tile product with `n` columns is lowered as
/// matrix-vector products (one per column; 1, 2 or 4 columns in a single
/// pass over A) instead of register blocks: up to 4
/// columns, and widths that are no power of two and less than half of
/// `block.cols` (one hardware vector in the default blocks, 8x32 for
/// AVX-512 and 6x16 for AVX2), which register blocks would split into
/// vectors of 4, 2 and 1 lanes. A block of 8 lanes (n = 8, G = 8 decoding)
/// measured faster than 8 matrix-vector products on AVX-512.
bool isNarrowTile(int64_t n, const RegisterBlock &block);

/// True for a static f32 `C(m, n) += A(m, k) * B(k, n)` linalg.generic on
/// tensors, the form of both tile products of the tiled attention.
bool isStaticTileMatmul(linalg::GenericOp op);

/// Rewrites a static tile matmul into loops over register blocks whose
/// accumulators stay in vector registers across the k loop and are updated
/// with broadcast-FMA outer products. Returns the replacement value.
FailureOr<Value> lowerTileMatmulToRegisterBlocks(RewriterBase &rewriter,
                                                 linalg::GenericOp op,
                                                 const RegisterBlock &block);

/// Vectorizes the static tile computations inside the scf.forall loops of
/// the tiled attention form under `root`: tile products become register
/// blocks, every other linalg op is vectorized row by row.
void vectorizeAttentionTiles(RewriterBase &rewriter, Operation *root,
                             const RegisterBlock &block);

/// When `root` (a linalg contraction or tosa.matmul) is the product with V
/// of a decomposed attention (Q.K^T, constant scales, an additive bias or a
/// causal mask, softmax over the last dimension) whose intermediate values
/// feed nothing else, replaces the whole of it with one mha.attention (plus
/// the reshapes between its rank-4 operands and the original shapes) and
/// returns the value that replaced the result. Fails, changing nothing,
/// otherwise.
FailureOr<Value> raiseAttention(RewriterBase &rewriter, Operation *root);

/// When `attention` is an f32 mha.attention whose query, key and value are
/// exact elementwise extensions of f16 (or all of bf16) tensors and whose
/// result feeds only an elementwise round-to-nearest-even truncation to
/// that type, replaces both with one mha.attention in that type on the
/// unextended tensors (what it computes: every input extended to f32, one
/// rounding at the end) and returns its result. Fails, changing nothing,
/// otherwise.
FailureOr<Value> foldAttentionPrecisionCasts(RewriterBase &rewriter,
                                             AttentionOp attention);

/// Patterns that apply raiseAttention to linalg ops and tosa.matmul, and
/// foldAttentionPrecisionCasts to mha.attention ops.
void populateRaiseAttentionPatterns(RewritePatternSet &patterns);

/// When the operands of `attention` are head splits of 2-D linalg
/// projections `x . W (+ b)` of rank-3 inputs and its result, heads merged,
/// feeds only such an output projection copied to [B, L, Eo], replaces all
/// of it with one mha.multi_head_attention (weights and biases sliced from
/// packed ones where the columns say so) and returns its result. Every
/// index is checked by tracing it through the reshapes, transposes and
/// slices. Fails, changing nothing, otherwise.
FailureOr<Value> raiseMultiHeadAttention(RewriterBase &rewriter,
                                         AttentionOp attention);

/// Patterns that apply raiseMultiHeadAttention to mha.attention ops.
void populateRaiseMultiHeadAttentionPatterns(RewritePatternSet &patterns);

} // namespace mha
} // namespace mlir

#endif // MHA_DIALECT_MHA_TRANSFORMS_TRANSFORMS_H
