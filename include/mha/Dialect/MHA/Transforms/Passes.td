//===- Passes.td - transformations of the mha dialect -----*- tablegen -*-===//
#ifndef MHA_DIALECT_MHA_TRANSFORMS_PASSES_TD
#define MHA_DIALECT_MHA_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def MHAAddCInterface : Pass<"mha-add-c-interface", "ModuleOp"> {
  let summary = "Give every public function a C-callable interface";
  let description = [{
    Sets the `llvm.emit_c_interface` unit attribute on every public
    `func.func` with a body, so that `--convert-func-to-llvm` emits a
    `_mlir_ciface_<name>` wrapper taking memref descriptors by pointer. This
    is the entry point `mha-run` and C callers use.
  }];
}

def MHAApplyLoopAnnotations : Pass<"mha-apply-loop-annotations"> {
  let summary = "Turn llvm.loop_annotation attributes carried to LLVM "
                "branches into their loop metadata";
  let description = [{
    A loop hint for LLVM (`llvm.loop_annotation`, e.g. "do not unroll") set
    on an `scf.for` survives `--convert-scf-to-cf` and
    `--convert-cf-to-llvm` as a discardable attribute of the loop's back-edge
    `llvm.br` (or `llvm.cond_br`), which the translation to LLVM IR ignores.
    This pass moves it into the branch's own `loop_annotation`, which
    becomes `!llvm.loop` metadata. Other attributes are left alone; a
    branch that already has a loop annotation keeps it.

    `--mha-vectorize-tiles` marks the row loops of large tile copies this
    way, so that LLVM keeps them as loops (docs/perf/projections.md).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def MHALowerBoolVectorAccesses : Pass<"mha-lower-bool-vector-accesses"> {
  let summary = "Lower vector loads and stores of i1 memory to LLVM as bytes";
  let description = [{
    A memref of `i1` holds one byte per element, but LLVM's vectors of `i1`
    are packed: upstream's `--convert-vector-to-llvm` lowers `vector.load`
    of `vector<16xi1>` to `load <16 x i1>`, which reads 2 bytes as 16 bits
    instead of 16 bytes. This pass lowers each such load to a load of
    `vector<16xi8>` compared with zero, and each store to the vector
    zero-extended to `i8` (`llvm.load`/`llvm.icmp`, `llvm.zext`/
    `llvm.store`, through an `unrealized_conversion_cast` of the memref that
    the later memref lowering resolves). In-bounds, unmasked 1-D
    `vector.transfer_read`/`transfer_write` of `i1` memory become such loads
    and stores first.

    Any other vector access of several `i1` lanes in memory (masked,
    out-of-bounds, n-D, expand/compress) is an error, since its upstream
    lowering would be wrong. Vectors of one lane (`vector<i1>`,
    `vector<1xi1>`: the low bit of one byte) and gathers and scatters (which
    LLVM scalarizes into byte accesses) are left as they are. Run it after transfers are lowered to 1-D
    (`--convert-vector-to-scf` with full unrolling) and before
    `--convert-vector-to-llvm`.

    The CPU pipeline needs it for the attention mask, whose tiles
    `--mha-tile-attention` reads as rows of keys.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def MHADecomposeMultiHeadAttention
    : Pass<"mha-decompose-multi-head-attention"> {
  let summary = "Rewrite mha.multi_head_attention into projections around one "
                "mha.attention";
  let description = [{
    Rewrites every `mha.multi_head_attention` into four projections (each a
    `linalg.generic` contraction `[B, N, E_in] x [E_in, M]` accumulated in
    f32, starting from the broadcast bias when the op has biases), a
    `tensor.expand_shape` and a `linalg.transpose` that split the projected
    features into heads and move them before the sequence, one
    `mha.attention` that carries the mask, bias, causal, window, scale and
    softcap of the block, and the inverse transpose and collapse that merge
    the heads before the output projection.

    The projections accumulate in f32; f16 and bf16 blocks are rounded once
    after each projection, as PyTorch does. No reshape merges B with L or S,
    so both may be dynamic.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def MHADecomposeAggregatedOps : Pass<"mha-decompose-aggregated-ops"> {
  let summary = "Decompose linalg ops that stand for several (linalg.softmax) "
                "into those ops";
  let description = [{
    Replaces every op that implements linalg's `AggregatedOpInterface`
    (in MLIR 22 that is `linalg.softmax`) by the ops its
    `decomposeOperation` builds: for `linalg.softmax`, reductions and
    elementwise `linalg.generic`s (max, `exp(x - max)`, sum, division),
    which bufferize and lower like any other linalg op. What
    `transform.structured.decompose_interface` does, as a pass; the CPU
    pipeline runs it, so `mha-run` and `mha-compile` take `linalg.softmax`
    as a frontend emits it. An op on buffers (the decompositions build
    tensor ops) or whose decomposition fails is an error.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def MHAInlineAllocaScopes : Pass<"mha-inline-alloca-scopes"> {
  let summary = "Inline memref.alloca_scope regions that allocate no stack "
                "memory";
  let description = [{
    `--convert-scf-to-openmp` wraps every parallel loop body in a
    `memref.alloca_scope`. When the body holds no `memref.alloca`, the scope
    is useless, and it breaks the later `--convert-scf-to-cf` (a scope's
    region must stay a single block). This pass inlines such scopes into
    their parent; scopes that contain stack allocations are kept.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def MHAResultsToOutParams : Pass<"mha-results-to-out-params", "ModuleOp"> {
  let summary = "Functions whose results all have static shapes write them "
                "into trailing memref arguments";
  let description = [{
    Runs upstream's `promoteBufferResultsToOutParams` (after bufferization,
    before deallocation) on every `func.func`, public ones included, whose
    memref results all have a static shape and the identity layout: each
    result becomes a trailing memref argument the caller provides, and a
    result buffer the function allocates itself is replaced by that
    argument (hoist-static-allocs), so the result is computed in place
    instead of in a fresh allocation that is then copied. A result that is a
    reshape (`memref.collapse_shape`/`expand_shape`, possibly several) of
    such an allocation is computed in place too: the allocation becomes the
    reshapes undone on the argument, provided nothing but copies into
    arguments follows the final copy. Results that are not such an
    allocation (a global, a view of an argument) are copied into the
    argument. Call sites in the module are updated, and each rewritten
    function that had memref results gets the unit attribute
    `mha.results_as_out_params` for callers outside the module. Functions
    with a dynamically shaped result are left alone: their caller cannot
    know the result's size before the call.

    `mha-compile` runs it (pipeline option `results-to-out-params`), so its C
    entry points pass the caller's result buffers straight to the code.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def MHASetOmpSchedule : Pass<"mha-set-omp-schedule"> {
  let summary = "Choose how OpenMP worksharing loops hand out iterations";
  let description = [{
    `--convert-scf-to-openmp` emits `omp.wsloop` without a schedule clause,
    which OpenMP runs as `schedule(static)`: each thread gets one contiguous
    share of the iterations, decided before the loop starts. The parallel
    loops of the flash path have few, coarse iterations (a query tile of a
    head, a row tile of a projection), so when one core is slowed (a causal
    band whose tiles differ in cost, or another process on a shared
    machine) the whole loop waits for it. `kind=dynamic` sets
    `schedule(dynamic, chunk)` on every `omp.wsloop` without a schedule:
    threads take `chunk` iterations at a time from a shared counter, so a
    faster thread takes more. Loops that already have a schedule are left
    alone.
  }];
  let options = [
    Option<"kind", "kind", "std::string", /*default=*/"\"dynamic\"",
           "Schedule of omp.wsloop: static, dynamic or guided">,
    Option<"chunk", "chunk", "int64_t", /*default=*/"1",
           "Iterations handed out at a time by dynamic and guided "
           "(at least 1)">,
  ];
  let dependentDialects = ["::mlir::omp::OpenMPDialect",
                           "::mlir::arith::ArithDialect"];
}

def MHAHoistAllocsToWorkspace
    : Pass<"mha-hoist-allocs-to-workspace", "ModuleOp"> {
  let summary = "Take a public function's top-level buffers from a workspace "
                "argument instead of malloc";
  let description = [{
    For every public `func.func` with a body and no memref results (after
    `--mha-results-to-out-params`), the `memref.alloc`s directly in its body
    (not in a loop or other region) with a static shape, the identity layout
    and an element type of whole bytes become `memref.view`s of one trailing
    `memref<N x i8>` argument, each at a 64-byte aligned offset; the function
    gets the attribute `mha.workspace_bytes = N`. Run before the buffer
    deallocation pipeline, so that nothing frees them. A caller that keeps
    the workspace between calls runs them without allocating (or faulting
    in) those buffers every time; allocations inside loops stay with malloc.
    Functions without such allocations are left alone.

    `mha-compile` runs it (pipeline option `workspace`): its entry points
    then come in two forms, one that takes the workspace and one that
    allocates it.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def MHALowerStridedCopies : Pass<"mha-lower-strided-copies"> {
  let summary = "Turn memref.copy between non-contiguous buffers into "
                "row loops of vector moves, or linalg.copy";
  let description = [{
    A `memref.copy` whose source or target is not a static identity-layout
    buffer lowers to MLIR's generic runtime copy (`memrefCopy`), which
    walks the descriptor one element at a time. The tile loops copy small
    strided windows. When both sides have unit-strided rows of a static
    width (at most 1024 elements of 8 bits or more), the copy becomes
    `scf.for` loops over the other dims, each iteration moving one row with
    `vector.transfer_read`/`transfer_write`; the outermost loop carries an
    `llvm.loop_annotation` that keeps LLVM from unrolling it (see
    `--mha-apply-loop-annotations`). Other copies become `linalg.copy`,
    loops that LLVM vectorizes. The generated code needs no runtime copy
    function.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def MHARaiseAttention : Pass<"mha-raise-attention"> {
  let summary = "Raise decomposed attention (linalg or TOSA) to mha.attention";
  let description = [{
    Finds scaled dot-product attention that a frontend has already taken
    apart and replaces it with one `mha.attention`. Matched on f32 tensors,
    in linalg on tensors and in TOSA (static shapes), and in linalg with
    dynamic sizes too (E and Ev static):

    - `Q.K^T` as `linalg.batch_matmul`, `linalg.matmul`, a contraction
      `linalg.generic` or `tosa.matmul`, the key transposed by
      `linalg.transpose`, a transposing `linalg.generic`, `tosa.transpose`
      or by the product's indexing map;
    - constant scales (multiply or divide) on Q, on K or on the scores;
      the `scale` attribute is their product;
    - an added tensor, which becomes the `bias` (reshaped to rank 4), an
      `i1` tensor selecting the scores or `-inf` in place, which becomes the
      `mask` (negated for `masked_fill`'s form), and a
      causal mask, added or selected in place, which becomes
      `causal(top_left)` or `causal(bottom_right)` when every element of it
      is proved to be 0/-inf (or the score/-inf) with exactly that diagonal;
    - softmax over the last dimension as `linalg.softmax` or as
      max, sub, exp, sum and div (or reciprocal and multiply);
    - the product with V;
    - in 3-D `[B*H, L, E]` or 4-D `[B, H, L, E]` form, with reshapes that
      regroup the batch dimensions anywhere in between.

    An f32 `mha.attention` (raised or not) whose Q, K and V are exact
    extensions of f16 (or bf16) tensors and whose result is only truncated
    back, to nearest even, becomes one f16 (bf16) `mha.attention`: that is
    what it computes.

    With dynamic sizes (or a static mask of more than 2^22 elements, or a
    sliding window), the mask is proved symbolically, for every size: built
    from `linalg.index`, `tensor.dim` sizes and 64-bit integer arithmetic,
    its condition must be exactly `j <= i` or `j <= i + S - L` with the
    scores' own S and L, possibly and `j >= d(i) - left` (a sliding window:
    `window(left, 0)`), or `i - left <= j <= i + right` (`window(left,
    right)`). The same condition may also and an `i1` tensor computed
    without the scores (`causal & padding`): it becomes the `mask`
    operand. A mask not proved becomes the `bias` when added and is left
    alone when selected in place. With dynamic sizes, `tensor.dim`
    ops on matched values are replaced by the sizes they read.

    A candidate whose intermediate values have uses outside it (other than
    such `tensor.dim` ops) is left alone, as is anything that only looks like attention (softmax over
    another axis, a scale after the softmax, a max that is not the one
    subtracted, a mask that is not exactly causal in place, ...).

    With `raise-projections`, an `mha.attention` (raised or not) whose
    operands are head splits of projections `x . W (+ b)` of
    `[B, L, E_in]` inputs (linalg products, or `tosa.matmul` with a batch
    of 1 as TorchToTosa emits `linear`) and whose merged heads feed only an
    output
    projection copied to `[B, L, E_out]` becomes one
    `mha.multi_head_attention`; every element of the head split and merge is
    traced through the reshapes, transposes and slices, so separate and
    packed (sliced) weights and either row order are recognized.
    docs/Raising.md lists the forms precisely.
  }];
  let options = [
    Option<"raiseProjections", "raise-projections", "bool", "true",
           "Also raise the projections, head split and head merge around an "
           "mha.attention to mha.multi_head_attention">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::mha::MHADialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def MHATileAttention : Pass<"mha-tile-attention"> {
  let summary = "Rewrite mha.attention into the tiled FlashAttention-2 form";
  let description = [{
    Rewrites every `mha.attention` into the FlashAttention-2 form on tensors:
    an `scf.forall` over (batch, key/value head, query tile) whose body keeps
    a running row max `m`, a running sum `l` and an unnormalized f32
    accumulator over an `scf.for` across key/value tiles, rescales them by
    `exp(m_old - m_new)` at each step and divides by `l` once at the end.
    The exponentials are computed as powers of two, `exp(s - m) =
    2^(s log2(e) - m log2(e))`: `-m log2(e)` once per row, then one FMA and
    the pass's own `2^t` polynomial (flushed to 0 below `2^-126`) per score.

    - Grouped-query attention: one tile holds the `query-tile` rows of each
      of the G query heads that share a key/value head, so every key/value
      tile is loaded, widened and transposed once for all of them.
    - f16/bf16 keys and values are widened to f32 once, by an `scf.forall`
      of their own before the tile loop, where a static L has at least 8
      query tiles per key/value head and a static S whose f32 keys and
      values of one head stay under `wide-tile-kv-kib`; the tile loop then
      reads f32 tiles of them in place. Where L or S is dynamic, the loop
      of whole query tiles makes the same choice at run time (an `scf.if`
      between two tile loops; the widening needs S >= 64 and goes in
      blocks of 64 rows). Elsewhere (fewer query tiles, decoding, the
      remainder tiles of a dynamic L) each key/value step widens its own
      tiles.
    - Causal and window bands: the key/value loop starts and stops at the
      band's edges, so tiles wholly outside it are never computed; only
      tiles that cross an edge (or are partial) take the masked path.
      With a mask or bias operand every tile is masked. A mask or bias
      that varies along both L and S is read per step as its window of rows
      of S, transposed into an f32 tile of the scores' layout (a mask as 1.0
      or 0.0), where the window lies within L x S and its sides are
      multiples of 4; otherwise (a remainder step of a dynamic S, a
      sequence shorter than a tile) element by element.
    - Tiles are windows (views) of the operands, clamped into range; only
      operands shorter than a tile are zero-padded. All tile computations
      are linalg ops on static 2-D f32 tiles, ready for register blocking
      and vectorization. Static L and S shorter than a tile shrink the tile
      to their 8-aligned extent; a static L below 8 (decoding) takes tiles
      of exactly L rows per head.
    - A dynamic L or S (`remainder-tile` > 0): whole tiles first, then the
      rows left in smaller tiles: a second `scf.forall` over query tiles of
      `remainder-tile` rows in all, and a second `scf.for` over key/value
      steps of `remainder-tile` rows, instead of one more full tile moved
      back over up to 63 rows it computes again or masks. A single query
      row left per head (L = 1 above all: decoding compiled for any L)
      takes one tile of one row per head instead, as a static L = 1 does.
    - Shares of the key range (`kv-splits`; flash-decoding): where the
      parallel loop has few iterations (multi-query decoding has one), it
      also runs over shares of each tile's key range, whole steps each,
      into a partial max, sum and unnormalized output per share; a second
      `scf.forall` over the tiles combines them in two loops over the
      shares (`m = max m_p`, then weights `exp(m_p - m)`, as the steps
      rescale) and divides by the combined sum once. A dynamic S takes as
      many of the shares as give each at least 512 keys, counted at run
      time; one that has fewer than two such shares takes the loop
      without shares (an `scf.if` on S). The query loop needs a static
      tile count: a dynamic L whose rows left over go to one-row tiles
      (`remainder-tile` / G <= 1) has no shares.
    - Rows without an allowed entry give zeros; NaN inputs propagate.

    Tiny score matrices (static L*S <= `unfused-max-scores`) are left alone
    for `--mha-lower-attention-to-linalg`, which measured faster there.

    Head counts must be static; B, L and S may be dynamic.
  }];
  let options = [
    Option<"queryTile", "query-tile", "int64_t", "0",
           "Query rows per head in one tile; 0 picks about 64 rows per tile "
           "in total (G * TQ the nearest multiple of 16; a static L of a few "
           "tiles in equal tiles), 128 for long key/value sequences "
           "(wide-tile-kv-kib)">,
    Option<"keyValueTile", "kv-tile", "int64_t", "64",
           "Key/value rows per step of the online softmax, at most: a static "
           "S that is no multiple of it is split into equal steps">,
    Option<"unfusedMaxScores", "unfused-max-scores", "int64_t", "32",
           "Leave ops whose static L*S is at most this for the unfused "
           "lowering (measured faster there; see docs/perf)">,
    Option<"wideTileKiB", "wide-tile-kv-kib", "int64_t", "2048",
           "With query-tile=0, about 128 rows per tile instead of 64 where "
           "one key/value head (static S x (E + Ev) elements, as stored) "
           "takes at least this many KiB, so that K and V, which then no "
           "longer stay in L2 between query tiles, are streamed half as "
           "often; also the limit, in f32, under which f16/bf16 keys and "
           "values are widened once before the tile loop (0: no limit: "
           "never wider tiles, always widened once)">,
    Option<"keyValueSplits", "kv-splits", "int64_t", "0",
           "Shares of each query tile's key range that separate iterations "
           "of the parallel loop compute, each into a partial max, sum and "
           "output, combined by a second parallel loop (flash-decoding); 0: "
           "automatic, where B x Hkv x query tiles (static; a dynamic B "
           "counts as 1) is below 16, as many shares as make 16, each of at "
           "least 512 keys (a dynamic S: counted at run time, none below "
           "two); 1: none">,
    Option<"remainderTile", "remainder-tile", "int64_t", "16",
           "A dynamic L: the query rows left after the whole tiles are "
           "taken in tiles of this many rows in all (this / G per head; a "
           "single row left: a one-row tile); a dynamic S: the keys left "
           "after the whole kv-tile steps in steps of this many rows. Each "
           "last one is a window moved back over rows it computes again or "
           "masks (0: one more full tile, moved back)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def MHATileProjections : Pass<"mha-tile-projections"> {
  let summary = "Tile the projection contractions of decomposed blocks for "
                "the CPU micro-kernels";
  let description = [{
    Rewrites each projection contraction `C[b,n,m] = init[b,n,m] +
    sum_k X[b,n,k] * W[k,m]` with a static weight (the form
    `--mha-decompose-multi-head-attention` emits) into a blocked GEMM:
    X is packed once, right where it is defined, into f32 row tiles
    `[B, ceil(N / row-tile), row-tile, K + 16]` (an `scf.forall` over
    (batch, row tiles)) whose rows are padded by 16 elements, so that the
    rows the micro-kernel broadcasts from do not share L1 sets; projections
    of the same X (self-attention's Q, K and V) share that one packed copy.
    W is packed once into f32 `[M / col-tile, K, col-tile]` panels, row by
    row of W (an `scf.forall` over blocks of up to 64 rows; each row is
    split into its column tiles), so that W is read sequentially. Then an `scf.forall` over (batch,
    `row-tile` rows) reads its packed row tile of X in place and computes
    every column tile of it with an `scf.for` of static f32 tile products. Wide weights are split
    into column blocks of at most `weight-block-kib` of packed panels (the
    forall runs over (batch, column blocks, row tiles)), so that the panels
    a row tile sweeps stay in L2 for the next row tile. Row windows are
    clamped into range (zero-padded only when the operand is shorter than a
    tile) and only each tile's own rows are written, so the result is exact
    for any L and S. With `row-step` (the register block's rows, which the
    CPU pipeline passes) dividing `row-tile` and a static row count, the
    row tile is the multiple of `row-step`, from one step below `row-tile`
    to twice it, whose tiles compute the fewest rows: 197 rows take five
    tiles of 40 (200 rows computed) instead of seven of 32 (224). A
    dynamic row count takes two such loops: one over its whole row tiles,
    computed in place in the result, and one over the partial last tile,
    if any. With `row-step` below `row-tile`, that tile computes its valid
    rows in sub-tiles of `row-step` rows (the last one moved back within
    the rows) instead of its whole window: 197 rows compute 6 x 32 + 8 =
    200 rows with 8-row steps. Each row window of X (and of a non-bias
    init) is copied inside the branches of its clamp's `scf.if`, so that
    every copy reads a buffer of unit stride.

    Folded into the tiles, so that nothing full-size is materialized around
    the projection: an init that broadcasts a bias (each tile starts from
    the bias), an X that merges heads (`collapse_shape` of a `[0, 2, 1, 3]`
    transpose: read head by head), a rounding of the result to f16/bf16, and
    a head split of the result (`expand_shape` then a `[0, 2, 1, 3]`
    transpose: the tiles are written head-major and replace the transpose).
    `--mha-vectorize-tiles` then gives the tile products the
    register-blocked FMA micro-kernel and vectorizes the copies.
  }];
  let options = [
    Option<"rowTile", "row-tile", "int64_t", "32",
           "Rows of X per tile (a multiple of the register block's rows)">,
    Option<"colTile", "col-tile", "int64_t", "64",
           "Columns of W per tile (halved until it divides the width)">,
    Option<"weightBlockKiB", "weight-block-kib", "int64_t", "1024",
           "KiB of packed W panels a row tile sweeps before the next row "
           "tile (the column block; sized to stay in L2)">,
    Option<"rowStep", "row-step", "int64_t", "0",
           "The register block's rows (0: row tiles of exactly row-tile "
           "rows). With a static row count and row-tile a multiple of it, "
           "the row tile is the multiple of it, from one step below "
           "row-tile to twice row-tile, whose tiles compute the fewest "
           "rows; with a dynamic row count, a partial last row tile "
           "computes its valid rows in sub-tiles of this many rows">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def MHAVectorizeTiles : Pass<"mha-vectorize-tiles"> {
  let summary = "Vectorize the tile computations of the tiled attention form";
  let description = [{
    Runs after `--mha-tile-attention`, on tensors. Inside its `scf.forall`
    loops:
    - each static f32 tile product `C += A . B` becomes loops over register
      blocks of `register-rows` x `register-cols` accumulators that stay in
      vector registers across the k loop, updated by broadcast-FMA outer
      products (`vector.broadcast` of an A element times a row of B,
      `vector.fma`); an accumulator initialized by `linalg.fill` starts
      from the fill value in registers;
    - a tile whose width (its query rows) is no multiple of
      `register-cols` takes full-width column blocks, then one narrower
      block for each power of two of the columns left while 8 or more are
      left (72 with 32 lanes: 32, 32, 8), then, for 3, 5, 6 or 7 left, one
      block of 4 or 8 lanes whose loads and stores past the tile are
      masked (71: 32, 32 and a masked 8, not 4 + 2 + 1); a narrow tile (a few query rows in all: decoding,
      speculative decoding; up to four columns, or no power of two and fewer
      than half of `register-cols`) is a set of matrix-vector products,
      vectorized along k (dot products, then a tree of horizontal sums; B's
      columns read from a transpose of B made where B is defined) or, where
      A is read transposed, along m: 1, 2 or 4 columns in one pass over A
      (each vector of A read once for all of them, the block's
      `register-rows` accumulators shared by the columns), other widths one
      pass per column; an A that is an f16/bf16 tile widened to f32 for
      this product alone is read as stored and widened vector by vector in
      registers instead; where A is a static slice of a function argument
      (the K and V of an attention: its whole key/value steps, with a
      static or dynamic S; not the last, partial steps of a dynamic S, nor
      K and V computed in the function), a single pass prefetches all of
      the next key/value tile's lines into L2, and three or more passes
      each its share (`bufferization.to_buffer read_only` of the argument,
      `memref.prefetch`); the elementwise steps of a one-column tile run on
      the collapsed column;
    - every other static linalg op (softmax steps, rescaling, masking,
      widening, transposing) is tiled into rows and vectorized along the row
      with upstream linalg vectorization, a row whose width is no power of
      two in chunks of the widest power of two that divides it, and one
      wider than 8 with none of 4 or more split into its widest multiple of
      8 and powers of two (71: 64, 4, 2, 1; never a vector<71xf32>, nor an
      odd-width rest whose undefined lanes may hold denormals);
    - `math.exp` and `math.tanh` are replaced by polynomial approximations.
    Ops outside `scf.forall` loops are left alone. A canonicalizer run
    between the tiling passes and this one folds a loop of a single
    iteration (B = 1, one key/value head and one query tile: multi-query
    decoding; one projection tile) into its parent, whose tiles then stay
    scalar: `--mha-cpu-pipeline` leaves that pattern out
    (`mha::keepSingleIterationForall()`; on the command line,
    `--canonicalize='disable-patterns="(anonymous namespace)::ForallOpSingleOrZeroIterationDimsFolder"'`).
    The defaults fit AVX2 (16 ymm registers: 6 x 2 accumulators); AVX-512
    prefers `register-rows=8 register-cols=32`.
  }];
  let options = [
    Option<"registerRows", "register-rows", "int64_t", "6",
           "Rows of the register block of the tile products">,
    Option<"registerCols", "register-cols", "int64_t", "16",
           "Columns (f32 lanes) of the register block of the tile products "
           "(rounded down to a power of two; the columns a tile has beyond "
           "a multiple of it take narrower blocks)">,
    Option<"kBlock", "k-block", "int64_t", "128",
           "Steps of the k panels of the tile products (0: one panel); a "
           "column block's B panel stays in L1 across the row blocks">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // MHA_DIALECT_MHA_TRANSFORMS_PASSES_TD
