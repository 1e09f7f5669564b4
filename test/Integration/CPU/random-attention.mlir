// Random mha.attention programs (shapes with groups of 1 to 7 heads, L and S
// from 1 to 197, odd head dims, every feature and element type) compiled with
// random CPU pipeline options (flash or unfused, odd query/key tiles, three
// register blocks) and checked against the float64 reference by mha-run
// --check. Inputs/random_attention.py draws them from a fixed seed; a failure
// prints the program's file and the command that reproduces it. More cases:
//   python3 test/Integration/CPU/Inputs/random_attention.py \
//     --mha-run=build/bin/mha-run --count=500 --seed=N
//
// RUN: %python %S/Inputs/random_attention.py --mha-run=mha-run --count=30 --seed=1 --work=%t | FileCheck %s
// CHECK: 30 passed, 0 failed
