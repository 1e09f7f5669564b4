// Files mha-run cannot use, beyond input-errors.mlir: directories where a
// file is expected, an output it cannot write, empty and malformed .npy
// files. Each is `mha-run: error: ...` on stderr and exit code 1, before
// anything is compiled where the problem is in an input.

// RUN: rm -rf %t && mkdir -p %t/dir
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((2, 3), np.float32))"
// RUN: %python -c "open('%t/empty.npy', 'wb').close()"
// RUN: %python -c "d = open('%t/x.npy', 'rb').read(); open('%t/neg.npy', 'wb').write(d.replace(b'(2, 3)', b'(-2, 3)'))"
// RUN: %python -c "d = open('%t/x.npy', 'rb').read(); open('%t/descr.npy', 'wb').write(d.replace(b\"'<f4'\", b'1234 '))"
// RUN: %python -c "d = open('%t/x.npy', 'rb').read(); open('%t/noclose.npy', 'wb').write(d.replace(b'}', b' '))"
// RUN: %python -c "import struct; h = b\"{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }\"; h += b' ' * (63 - (10 + len(h)) % 64) + b'\n'; open('%t/huge.npy', 'wb').write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(h)) + h)"
// RUN: %python -c "import struct; h = b\"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }\"; h += b' ' * (63 - (10 + len(h)) % 64) + b'\n'; open('%t/dim.npy', 'wb').write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(h)) + h)"

// RUN: not mha-run %s --input=%t/dir 2>&1 | FileCheck %s --check-prefix=INDIR
// INDIR: mha-run: error: cannot open '{{.*}}dir': Is a directory (for argument 0 of '@add' (tensor<2x3xf32>))
// RUN: not mha-run %t/dir 2>&1 | FileCheck %s --check-prefix=MLIRDIR
// MLIRDIR: mha-run: error: cannot open '{{.*}}dir': Is a directory
// RUN: not mha-run %s --output=%t/missing/out.npy 2>&1 | FileCheck %s --check-prefix=OUTDIR
// OUTDIR: mha-run: error: cannot write '{{.*}}missing/out.npy': No such file or directory
// RUN: not mha-run %s --output=%t/dir 2>&1 | FileCheck %s --check-prefix=OUTISDIR
// OUTISDIR: mha-run: error: cannot write '{{.*}}dir': Is a directory
// RUN: not mha-run %s --input=%t/empty.npy 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: mha-run: error: '{{.*}}empty.npy': not a .npy file (missing the \x93NUMPY magic string)
// RUN: not mha-run %s --input=%t/neg.npy 2>&1 | FileCheck %s --check-prefix=NEG
// NEG: mha-run: error: '{{.*}}neg.npy': malformed header: expected a non-negative integer in 'shape'
// RUN: not mha-run %s --input=%t/descr.npy 2>&1 | FileCheck %s --check-prefix=DESCR
// DESCR: mha-run: error: '{{.*}}descr.npy': malformed header: expected a quoted string
// RUN: not mha-run %s --input=%t/noclose.npy 2>&1 | FileCheck %s --check-prefix=NOCLOSE
// NOCLOSE: mha-run: error: '{{.*}}noclose.npy': malformed header:
// RUN: not mha-run %s --input=%t/huge.npy 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: mha-run: error: '{{.*}}huge.npy': shape (4294967296, 4294967296) is too large
// RUN: not mha-run %s --input=%t/dim.npy 2>&1 | FileCheck %s --check-prefix=DIM
// DIM: mha-run: error: '{{.*}}dim.npy': malformed header: dimension in 'shape' is too large

func.func @add(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %e = tensor.empty() : tensor<2x3xf32>
  %r = linalg.add ins(%a, %b : tensor<2x3xf32>, tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
