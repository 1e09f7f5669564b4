//===- TileUtils.h - helpers shared by the tiling passes --------*- C++ -*-===//
#ifndef MHA_DIALECT_MHA_TRANSFORMS_TILEUTILS_H
#define MHA_DIALECT_MHA_TRANSFORMS_TILEUTILS_H

#include "mlir/IR/Block.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

namespace mlir {
namespace mha {

/// A static window of rows of a tensor operand.
struct RowWindow {
  /// The window, a static tensor of the operand's element type.
  Value tile;
  /// The operand row of the window's first row.
  Value firstRow;
};

/// Loads `count` rows (dim rank-2 of `src`) starting near `start`, at the
/// leading indices `lead` (one per leading dim, dropped from the result),
/// and columns [lastOffset, lastOffset + lastSize) of the last dim; dims in
/// between are taken whole. When the operand has at least `count` rows the
/// window is a view of it, clamped into range (firstRow = min(start,
/// rows - count)): the caller masks or discards the rows before `start`.
/// A shorter operand is zero-padded to `count` rows (firstRow = 0). The
/// result therefore always has a static shape.
///
/// With `startInRange` the caller guarantees start + count <= rows (a start
/// that is a multiple of `count` in a static row count that `count`
/// divides, or one of the whole tiles of a dynamic row count): the window
/// is a slice at `start`, with no clamp and no branch.
/// The first row of the window of `count` rows that loadRowWindow takes at
/// `start` of an operand with `rows` rows: min(start, rows - count), or 0
/// when the operand is shorter than one window.
Value windowFirstRow(OpBuilder &b, Location loc, Value rows, Value start,
                     int64_t count);

RowWindow loadRowWindow(OpBuilder &b, Location loc, Value src,
                        ArrayRef<Value> lead, Value start, int64_t count,
                        OpFoldResult lastOffset, int64_t lastSize,
                        bool startInRange = false);

/// loadRowWindow's window copied into `dst` (a static tile of its shape,
/// see copyIntoTile), with the copy inside each branch of the window's
/// scf.if: each copy then reads a slice of `src` or the padded tile, both
/// of known unit stride, where a copy of the scf.if's result would read a
/// buffer whose layout bufferization makes fully dynamic (so that its
/// vector reads become element-by-element loads). Returns the copied `dst`
/// and the window's first row.
RowWindow copyRowWindow(OpBuilder &b, Location loc, Value src,
                        ArrayRef<Value> lead, Value start, int64_t count,
                        OpFoldResult lastOffset, int64_t lastSize, Value dst);

/// `build()` where `count` (an index) is not 0, else `init`: an scf.if of
/// init's type, so that a loop of `count` iterations is skipped, not entered
/// as an empty parallel region, where it has none.
Value unlessEmpty(OpBuilder &b, Location loc, Value count, Value init,
                  function_ref<Value()> build);

/// True when `body` (of a linalg.generic with inputs a, b and output c) is
/// yield(c + a * b), operands of the add and the mul in either order. With
/// `allowWidening`, a and b may each be arith.extf'ed first.
bool isMulAddBody(Block &body, bool allowWidening);

/// Copies the static tile `src` into `dst` (same shape) in destination-passing
/// style: a linalg.copy, or a linalg.generic that widens or rounds to dst's
/// float element type.
Value copyIntoTile(OpBuilder &b, Location loc, Value src, Value dst);

/// Widens a static f16/bf16 tile to f32 with a linalg.generic; f32 tiles
/// are returned as they are.
Value widenToF32(OpBuilder &b, Location loc, Value tile);

/// Asks LLVM not to unroll `loop` (an scf.for): sets the discardable
/// `llvm.loop_annotation` attribute that scf-to-cf and cf-to-llvm carry to
/// the loop's back edge and --mha-apply-loop-annotations turns into
/// `!llvm.loop` metadata. For the row loops of large copies, whose full
/// unrolling cost compile time and gained nothing.
void setNoUnrollHint(Operation *loop);

} // namespace mha
} // namespace mlir

#endif // MHA_DIALECT_MHA_TRANSFORMS_TILEUTILS_H
