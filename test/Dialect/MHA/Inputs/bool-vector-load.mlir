// A memref<32xi1> with bytes 3 and 9 true, read as vector<16xi1> at 0, once
// with vector.load and once with an in-bounds transfer_read
// (mha-lower-bool-vector-accesses.mlir runs it).
func.func @main() {
  %m = memref.alloc() : memref<32xi1>
  %t = arith.constant true
  %f = arith.constant false
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c9 = arith.constant 9 : index
  %c32 = arith.constant 32 : index
  scf.for %i = %c0 to %c32 step %c1 {
    memref.store %f, %m[%i] : memref<32xi1>
  }
  memref.store %t, %m[%c3] : memref<32xi1>
  memref.store %t, %m[%c9] : memref<32xi1>
  %v = vector.load %m[%c0] : memref<32xi1>, vector<16xi1>
  vector.print %v : vector<16xi1>
  %w = vector.transfer_read %m[%c0], %f {in_bounds = [true]} : memref<32xi1>, vector<16xi1>
  vector.print %w : vector<16xi1>
  memref.dealloc %m : memref<32xi1>
  return
}
