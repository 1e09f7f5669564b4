// --mha-raise-attention proves causal and window masks symbolically where
// it cannot evaluate every element (dynamic sizes, static ones with more
// than 2^22 elements, windows): the mask's ops run on a symbolic index,
// integers stay linear in the index and in sizes, and the condition must
// be exactly j <= i (top_left) or j <= i + S - L (bottom_right), possibly
// with a lower bound j >= d(i) - left (a sliding window), or
// i - left <= j <= i + right (a window without causal), whose S and L must
// be proved to be the scores' own sizes (CausalMaskProof.h).
// RUN: mha-opt %s -mha-raise-attention -split-input-file | FileCheck %s
// Left-alone cases are left without a diagnostic.
// RUN: mha-opt %s -mha-raise-attention -split-input-file -verify-diagnostics -o /dev/null

// bottom_right selected in place with L and S dynamic: the offset S - L is
// computed outside the generic from tensor.dim of Q and K, which the
// tensor.empty sizes of the scores tie to the scores' L and S.
func.func @bottom_right_select(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %off = arith.subi %s, %l : index
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %d = arith.addi %i, %off : index
    %c = arith.cmpi sgt, %j, %d : index
    %x = arith.select %c, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @bottom_right_select(
// CHECK:         mha.attention {{.*}} causal(bottom_right) scale(1.000000e+00) : tensor<?x1x?x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// torch-style: aranges of L and S as i64 tensors (index_cast of
// linalg.index), compared in a generic that broadcasts them to an [L, S] i1
// mask (tril), which masked_fill-style selects the scores by; top_left.
func.func @top_left_i64_arange(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %l64 = arith.index_cast %l : index to i64
  %ae = tensor.empty(%l) : tensor<?xi64>
  %ar = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%ae : tensor<?xi64>) {
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %x = arith.index_cast %i : index to i64
    linalg.yield %x : i64
  } -> tensor<?xi64>
  %be = tensor.empty(%s) : tensor<?xi64>
  %br = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%be : tensor<?xi64>) {
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %x = arith.index_cast %i : index to i64
    %one = arith.constant 1 : i64
    %y = arith.muli %x, %one : i64
    linalg.yield %y : i64
  } -> tensor<?xi64>
  %me = tensor.empty(%l, %s) : tensor<?x?xi1>
  %mask = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%ar, %br : tensor<?xi64>, tensor<?xi64>) outs(%me : tensor<?x?xi1>) {
  ^bb0(%a: i64, %b: i64, %o: i1):
    %c = arith.cmpi sge, %a, %b : i64
    linalg.yield %c : i1
  } -> tensor<?x?xi1>
  %m3 = tensor.expand_shape %mask [[0, 1], [2]] output_shape [1, %l, %s] : tensor<?x?xi1> into tensor<1x?x?xi1>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m3, %qk : tensor<1x?x?xi1>, tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%m: i1, %a: f32, %o: f32):
    %x = arith.select %m, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @top_left_i64_arange(
// CHECK:         mha.attention {{.*}} causal(top_left) scale(1.000000e+00) : tensor<?x1x?x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// An added 0/-inf mask with a static L = 4 and a dynamic S: j <= i + S - 4
// (signed: with S < 4 the right side is negative in the first rows, which
// mask every key, as bottom_right does), the 4 a constant; bottom_right, and
// no bias.
func.func @added_decode_bottom_right(%q: tensor<?x4x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x4x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x4x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %s) : tensor<?x4x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x4x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %off = arith.subi %s, %c4 : index
  %me = tensor.empty(%s) : tensor<4x?xf32>
  %mask = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%me : tensor<4x?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %d = arith.addi %i, %off : index
    %c = arith.cmpi sle, %j, %d : index
    %x = arith.select %c, %zero, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<4x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%mask, %qk : tensor<4x?xf32>, tensor<?x4x?xf32>) outs(%se : tensor<?x4x?xf32>) {
  ^bb0(%m: f32, %a: f32, %o: f32):
    %x = arith.addf %m, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x4x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x4x?xf32>) outs(%se : tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %oe = tensor.empty(%n) : tensor<?x4x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x4x8xf32>) -> tensor<?x4x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x4x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x4x8xf32>) -> tensor<?x4x8xf32>
  return %o : tensor<?x4x8xf32>
}

// CHECK-LABEL: func.func @added_decode_bottom_right(
// CHECK:         mha.attention {{.*}} causal(bottom_right) scale(1.000000e+00) : tensor<?x1x4x16xf32>
// CHECK-NOT:     bias
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// One diagonal off (j <= i + S - L + 1): not causal; selected in place, so
// no bias either; left alone.
func.func @off_by_one_select(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %off = arith.subi %s, %l : index
  %off1 = arith.addi %off, %c1 : index
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %d = arith.addi %i, %off1 : index
    %c = arith.cmpi sgt, %j, %d : index
    %x = arith.select %c, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @off_by_one_select(
// CHECK-NOT:     mha.attention
// CHECK:         arith.select
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// The diagonal moved by an index argument %w: %w is no size of the
// scores, so nothing says the mask is causal; left alone.
func.func @offset_by_argument(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>, %w: index) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %d = arith.addi %i, %w : index
    %c = arith.cmpi sgt, %j, %d : index
    %x = arith.select %c, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @offset_by_argument(
// CHECK-NOT:     mha.attention
// CHECK:         arith.select
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// A diagonal that moves with the batch index (j <= i + b): not the same
// mask for every batch row; left alone.
func.func @batch_dependent(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %b = linalg.index 0 : index
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %d = arith.addi %i, %b : index
    %c = arith.cmpi sgt, %j, %d : index
    %x = arith.select %c, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @batch_dependent(
// CHECK-NOT:     mha.attention
// CHECK:         arith.select
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// Indices compared as i32: a large enough size would wrap, so the proof
// takes 64-bit integers only; left alone.
func.func @i32_indices(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %i32 = arith.index_cast %i : index to i32
    %j32 = arith.index_cast %j : index to i32
    %c = arith.cmpi sgt, %j32, %i32 : i32
    %x = arith.select %c, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @i32_indices(
// CHECK-NOT:     mha.attention
// CHECK:         arith.select
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// j <=u i - 1 (unsigned): at i = 0 the right side wraps to the largest
// index and allows every key, so it is not j <= i - 1 there; the proof takes
// unsigned orders only between sides that cannot be negative; left alone.
func.func @unsigned_wrap(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %d = arith.subi %i, %c1 : index
    %c = arith.cmpi ule, %j, %d : index
    %x = arith.select %c, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @unsigned_wrap(
// CHECK-NOT:     mha.attention
// CHECK:         arith.select
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// A causal sliding window of 8 keys (i - 8 < j <= i), two conditions
// joined by arith.andi: causal(top_left) window(7, 0).
func.func @sliding_window(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c8 = arith.constant 8 : index
    %d = arith.addi %j, %c8 : index
    %c_lo = arith.cmpi sgt, %d, %i : index
    %c_hi = arith.cmpi sle, %j, %i : index
    %c = arith.andi %c_lo, %c_hi : i1
    %x = arith.select %c, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @sliding_window(
// CHECK:         mha.attention {{.*}} causal(top_left) window(7, 0) scale(1.000000e+00) : tensor<?x1x?x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// A sliding window anchored bottom-right, d = i + S - L, written as what
// it masks: j > d or j < d - 3, joined by arith.ori and selecting -inf:
// causal(bottom_right) window(3, 0).
func.func @window_bottom_right(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %off = arith.subi %s, %l : index
  %c3 = arith.constant 3 : index
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %d = arith.addi %i, %off : index
    %above = arith.cmpi sgt, %j, %d : index
    %lo = arith.subi %d, %c3 : index
    %below = arith.cmpi slt, %j, %lo : index
    %c = arith.ori %above, %below : i1
    %x = arith.select %c, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @window_bottom_right(
// CHECK:         mha.attention {{.*}} causal(bottom_right) window(3, 0) scale(1.000000e+00) : tensor<?x1x?x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// A band without a causal side, |i - j| <= 2, as an i64 difference
// compared both ways: window(2, 2), no causal.
func.func @window_two_sided(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %i64 = arith.index_cast %i : index to i64
    %j64 = arith.index_cast %j : index to i64
    %diff = arith.subi %j64, %i64 : i64
    %c2 = arith.constant 2 : i64
    %cm2 = arith.constant -2 : i64
    %le = arith.cmpi sle, %diff, %c2 : i64
    %ge = arith.cmpi sge, %diff, %cm2 : i64
    %c = arith.andi %le, %ge : i1
    %x = arith.select %c, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @window_two_sided(
// CHECK:         mha.attention
// CHECK-NOT:     causal
// CHECK-SAME:    window(2, 2) scale(1.000000e+00) : tensor<?x1x?x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// Static sizes, a window the element-wise evaluator does not take (it only
// proves causal masks): the symbolic proof raises it, causal(top_left)
// window(15, 0).
func.func @static_window(%q: tensor<2x48x16xf32>, %k: tensor<2x40x16xf32>, %v: tensor<2x40x8xf32>) -> tensor<2x48x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<2x48x40xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<2x48x40xf32>) -> tensor<2x48x40xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<2x48x16xf32>, tensor<2x40x16xf32>) outs(%sf : tensor<2x48x40xf32>) -> tensor<2x48x40xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<2x48x40xf32>) outs(%se : tensor<2x48x40xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c15 = arith.constant 15 : index
    %d = arith.subi %i, %j : index
    %c_lo = arith.cmpi sle, %d, %c15 : index
    %c_hi = arith.cmpi sge, %i, %j : index
    %c = arith.andi %c_hi, %c_lo : i1
    %x = arith.select %c, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<2x48x40xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<2x48x40xf32>) outs(%se : tensor<2x48x40xf32>) -> tensor<2x48x40xf32>
  %oe = tensor.empty() : tensor<2x48x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<2x48x8xf32>) -> tensor<2x48x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x48x40xf32>, tensor<2x40x8xf32>) outs(%of : tensor<2x48x8xf32>) -> tensor<2x48x8xf32>
  return %o : tensor<2x48x8xf32>
}

// CHECK-LABEL: func.func @static_window(
// CHECK:         mha.attention {{.*}} causal(top_left) window(15, 0) scale(1.000000e+00) : tensor<1x2x48x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// Upper bound at i (top_left) but lower bound at i + S - L - 3: no
// mha.attention band has two anchors; left alone.
func.func @window_mixed_anchors(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %off = arith.subi %s, %l : index
  %c3 = arith.constant 3 : index
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %d = arith.addi %i, %off : index
    %lo = arith.subi %d, %c3 : index
    %above = arith.cmpi sgt, %j, %i : index
    %below = arith.cmpi slt, %j, %lo : index
    %c = arith.ori %above, %below : i1
    %x = arith.select %c, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @window_mixed_anchors(
// CHECK-NOT:     mha.attention
// CHECK:         arith.select
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// Only a lower bound (j >= i - 3): no causal side and no right edge;
// left alone.
func.func @lower_bound_only(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c3 = arith.constant 3 : index
    %d = arith.addi %j, %c3 : index
    %c = arith.cmpi sge, %d, %i : index
    %x = arith.select %c, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @lower_bound_only(
// CHECK-NOT:     mha.attention
// CHECK:         arith.select
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// Keys at or left of the diagonal, or 5 and more right of it (a union of
// two bands): no single band; left alone.
func.func @two_bands(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c5 = arith.constant 5 : index
    %d = arith.addi %i, %c5 : index
    %near = arith.cmpi sle, %j, %i : index
    %far = arith.cmpi sge, %j, %d : index
    %c = arith.ori %near, %far : i1
    %x = arith.select %c, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @two_bands(
// CHECK-NOT:     mha.attention
// CHECK:         arith.select
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// Static, but 4096 x 4096 elements, more than the evaluator takes (2^22):
// the symbolic proof raises it (top_left).
func.func @static_large(%q: tensor<1x4096x16xf32>, %k: tensor<1x4096x16xf32>, %v: tensor<1x4096x8xf32>) -> tensor<1x4096x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<1x4096x4096xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<1x4096x4096xf32>) -> tensor<1x4096x4096xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<1x4096x16xf32>, tensor<1x4096x16xf32>) outs(%sf : tensor<1x4096x4096xf32>) -> tensor<1x4096x4096xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<1x4096x4096xf32>) outs(%se : tensor<1x4096x4096xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c = arith.cmpi ugt, %j, %i : index
    %x = arith.select %c, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<1x4096x4096xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<1x4096x4096xf32>) outs(%se : tensor<1x4096x4096xf32>) -> tensor<1x4096x4096xf32>
  %oe = tensor.empty() : tensor<1x4096x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x4096x8xf32>) -> tensor<1x4096x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x4096x4096xf32>, tensor<1x4096x8xf32>) outs(%of : tensor<1x4096x8xf32>) -> tensor<1x4096x8xf32>
  return %o : tensor<1x4096x8xf32>
}

// CHECK-LABEL: func.func @static_large(
// CHECK:         mha.attention {{.*}} causal(top_left) scale(1.000000e+00) : tensor<1x1x4096x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return
