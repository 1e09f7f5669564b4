// Every user error is reported as `mha-run: error: ...` with exit code 1.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((2, 3), np.float32))"
// RUN: %python -c "import numpy as np; np.save('%t/f64.npy', np.ones((2, 3)))"
// RUN: %python -c "import numpy as np; np.save('%t/i32.npy', np.ones((2, 3), np.int32))"
// RUN: %python -c "import numpy as np; np.save('%t/f16.npy', np.ones((2, 3), np.float16))"
// RUN: %python -c "import numpy as np; np.save('%t/wide.npy', np.ones((2, 4), np.float32))"
// RUN: %python -c "import numpy as np; np.save('%t/rank3.npy', np.ones((1, 2, 3), np.float32))"
// RUN: %python -c "import numpy as np; np.save('%t/fortran.npy', np.asfortranarray(np.ones((2, 3), np.float32)))"
// RUN: %python -c "import numpy as np; np.save('%t/big.npy', np.ones((2, 3), '>f4'))"
// RUN: %python -c "import numpy as np; np.save('%t/mask.npy', np.ones((4,), bool))"
// RUN: %python -c "d = open('%t/x.npy', 'rb').read(); open('%t/truncated.npy', 'wb').write(d[:-5])"
// RUN: %python -c "d = open('%t/x.npy', 'rb').read(); open('%t/trailing.npy', 'wb').write(d + bytes(4))"
// RUN: %python -c "open('%t/garbage.npy', 'wb').write(b'not a numpy file at all')"
// RUN: %python -c "d = open('%t/x.npy', 'rb').read(); open('%t/badheader.npy', 'wb').write(d.replace(b'shape', b'shope'))"
// RUN: %python -c "d = open('%t/x.npy', 'rb').read(); open('%t/shortheader.npy', 'wb').write(d[:30])"
// RUN: %python -c "d = open('%t/x.npy', 'rb').read(); open('%t/version.npy', 'wb').write(d[:6] + bytes([9, 0]) + d[8:])"

// RUN: not mha-run %s --entry=nope 2>&1 | FileCheck %s --check-prefix=NOFUNC
// NOFUNC: mha-run: error: no function '@nope' in '{{.*}}input-errors.mlir' (functions: @add, @addmask, @dyn)

// RUN: not mha-run %s 2>&1 | FileCheck %s --check-prefix=NOENTRY
// NOENTRY: mha-run: error: give the function to run with --entry=NAME

// RUN: not mha-run %t/missing.mlir --entry=add 2>&1 | FileCheck %s --check-prefix=NOMLIR
// NOMLIR: mha-run: error: cannot open '{{.*}}missing.mlir': No such file or directory

// RUN: not mha-run %s --entry=add --input=%t/x.npy,%t/x.npy,%t/x.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=COUNT
// COUNT: mha-run: error: 3 inputs given but '@add' takes 2 arguments

// RUN: not mha-run %s --entry=add --output=%t/a.npy,%t/b.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OUTCOUNT
// OUTCOUNT: mha-run: error: 2 outputs given but '@add' returns 1 result

// RUN: not mha-run %s --entry=add --input=%t/missing.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOFILE
// NOFILE: mha-run: error: cannot open '{{.*}}missing.npy': No such file or directory (for argument 0 of '@add' (tensor<2x3xf32>))

// RUN: not mha-run %s --entry=add --input=%t/garbage.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: mha-run: error: '{{.*}}garbage.npy': not a .npy file (missing the \x93NUMPY magic string)

// RUN: not mha-run %s --entry=add --input=%t/truncated.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TRUNC
// TRUNC: mha-run: error: '{{.*}}truncated.npy': truncated data: shape (2, 3) of float32 needs 24 bytes but the file has 19

// RUN: not mha-run %s --entry=add --input=%t/trailing.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TRAIL
// TRAIL: mha-run: error: '{{.*}}trailing.npy': unexpected 4 trailing bytes after the data of shape (2, 3)

// RUN: not mha-run %s --entry=add --input=%t/badheader.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=HEADER
// HEADER: mha-run: error: '{{.*}}badheader.npy': malformed header: unexpected key 'shope'

// RUN: not mha-run %s --entry=add --input=%t/shortheader.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SHORTHEADER
// SHORTHEADER: mha-run: error: '{{.*}}shortheader.npy': truncated header: it claims 118 bytes but the file has 20 after the prefix

// RUN: not mha-run %s --entry=add --input=%t/version.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=VERSION
// VERSION: mha-run: error: '{{.*}}version.npy': unsupported .npy format version 9.0 (supported: 1.0, 2.0, 3.0)

// RUN: not mha-run %s --entry=add --input=%t/fortran.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: mha-run: error: '{{.*}}fortran.npy': Fortran-order arrays are not supported

// RUN: not mha-run %s --entry=add --input=%t/big.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BIGENDIAN
// BIGENDIAN: mha-run: error: '{{.*}}big.npy': big-endian dtype '>f4' is not supported

// RUN: not mha-run %s --entry=add --input=%t/i32.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=I32
// I32: mha-run: error: '{{.*}}i32.npy': unsupported dtype '<i4'

// RUN: not mha-run %s --entry=add --input=%t/f64.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DTYPE
// DTYPE: mha-run: error: '{{.*}}f64.npy' for argument 0 of '@add' (tensor<2x3xf32>): dtype float64 is not accepted for a tensor<2x3xf32> argument (accepted: float32)

// RUN: not mha-run %s --entry=add --input=%t/f16.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=F16FORF32
// F16FORF32: dtype float16 is not accepted for a tensor<2x3xf32> argument (accepted: float32)

// RUN: not mha-run %s --entry=addmask --input=%t/x.npy,%t/x.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MASKDTYPE
// MASKDTYPE: mha-run: error: '{{.*}}x.npy' for argument 1 of '@addmask' (tensor<4xi1>): dtype float32 is not accepted for a tensor<4xi1> argument (accepted: bool or uint8)

// RUN: not mha-run %s --entry=add --input=%t/wide.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SHAPE
// SHAPE: mha-run: error: '{{.*}}wide.npy' for argument 0 of '@add' (tensor<2x3xf32>): shape 2x4 does not match tensor<2x3xf32>: dim 1 is 4, expected 3

// RUN: not mha-run %s --entry=add --input=%t/rank3.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RANK
// RANK: mha-run: error: '{{.*}}rank3.npy' for argument 0 of '@add' (tensor<2x3xf32>): rank 3 shape 1x2x3 does not match tensor<2x3xf32> (rank 2)

// RUN: not mha-run %s --entry=dyn 2>&1 | FileCheck %s --check-prefix=DYN
// DYN: mha-run: error: argument 0 of '@dyn' (tensor<?x3xf32>) has dynamic dims: give its sizes with --shape=0=D0xD1x... or an --input file

// RUN: not mha-run %s --entry=dyn --shape=0=4x5 2>&1 | FileCheck %s --check-prefix=SHAPEOPT
// SHAPEOPT: mha-run: error: --shape=0=4x5 (argument 0): shape 4x5 does not match tensor<?x3xf32>: dim 1 is 5, expected 3

// RUN: not mha-run %s --entry=dyn --shape=0=4xq 2>&1 | FileCheck %s --check-prefix=SHAPEBAD
// SHAPEBAD: mha-run: error: malformed --shape='0=4xq': 'q' is not a non-negative integer

// RUN: not mha-run %s --entry=dyn --shape=3=4x3 2>&1 | FileCheck %s --check-prefix=SHAPEIDX
// SHAPEIDX: mha-run: error: --shape=3=4x3: '@dyn' has no argument 3 (it takes 1)

// RUN: not mha-run %s --entry=dyn --input=%t/x.npy --shape=0=4x3 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SHAPECONFLICT
// SHAPECONFLICT: mha-run: error: --shape for argument 0 is 4x3 but '{{.*}}x.npy' has 2x3

// RUN: not mha-run %s --entry=dyn --shape=0=100000000000x3 2>&1 \
// RUN:   | FileCheck %s --check-prefix=HUGE
// HUGE: mha-run: error: argument 0 of '@dyn' (tensor<?x3xf32>) of shape 100000000000x3 needs more memory than the machine has

// RUN: not mha-run %s --entry=add --cpu-pipeline="no-such-option=1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PIPEOPT
// PIPEOPT: mha-run: error: invalid --cpu-pipeline options 'no-such-option=1'
// RUN: not mha-run %s --entry=add --cpu-pipeline="results-to-out-params=1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CONVENTION
// RUN: not mha-run %s --entry=add --cpu-pipeline="workspace=1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CONVENTION
// CONVENTION: mha-run: error: --cpu-pipeline options results-to-out-params and workspace change the calling convention of the lowered functions

// RUN: not mha-run %s --entry=add --mattr=avx2 2>&1 | FileCheck %s --check-prefix=MATTR
// MATTR: mha-run: error: --mattr: 'avx2' is not +feature or -feature (as llc -mattr)
// RUN: not mha-run %s --entry=add --mattr=-avx512f,+no-such-feature 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MATTR-UNKNOWN
// MATTR-UNKNOWN: mha-run: error: --mattr: unknown feature 'no-such-feature' for target 'x86_64-{{.+}}'

// RUN: not mha-run %s --entry=add --shared-libs=%t/nolib.so 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOLIB
// NOLIB: mha-run: error: shared library '{{.*}}nolib.so' does not exist

func.func @add(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %e = tensor.empty() : tensor<2x3xf32>
  %r = linalg.add ins(%a, %b : tensor<2x3xf32>, tensor<2x3xf32>)
                  outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @addmask(%a: tensor<2x3xf32>, %m: tensor<4xi1>) -> tensor<2x3xf32> {
  %e = tensor.empty() : tensor<2x3xf32>
  %r = linalg.add ins(%a, %a : tensor<2x3xf32>, tensor<2x3xf32>)
                  outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @dyn(%a: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %c0 = arith.constant 0 : index
  %d = tensor.dim %a, %c0 : tensor<?x3xf32>
  %e = tensor.empty(%d) : tensor<?x3xf32>
  %r = linalg.add ins(%a, %a : tensor<?x3xf32>, tensor<?x3xf32>)
                  outs(%e : tensor<?x3xf32>) -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}
