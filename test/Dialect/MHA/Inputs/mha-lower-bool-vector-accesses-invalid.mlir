// Input of the -verify-diagnostics RUN line of
// ../mha-lower-bool-vector-accesses.mlir: vector accesses of i1 memory that
// upstream would lower as packed bits and the pass does not handle.

// A transfer that may read past the memref would be lowered as a masked
// load of packed bits: rejected.
func.func @out_of_bounds(%m: memref<?xi1>, %i: index) -> vector<16xi1> {
  %f = arith.constant false
  // expected-error @+1 {{--mha-lower-bool-vector-accesses: cannot lower this access of i1 memory as bytes ('vector<16xi1>'; only unmasked, in-bounds 1-D loads and stores are handled); upstream's lowering would read or write packed bits}}
  %v = vector.transfer_read %m[%i], %f : memref<?xi1>, vector<16xi1>
  return %v : vector<16xi1>
}

// -----

func.func @masked_load(%m: memref<16xi1>, %mask: vector<16xi1>, %pass: vector<16xi1>) -> vector<16xi1> {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{cannot lower this access of i1 memory as bytes}}
  %v = vector.maskedload %m[%c0], %mask, %pass : memref<16xi1>, vector<16xi1>, vector<16xi1> into vector<16xi1>
  return %v : vector<16xi1>
}
