// Memref descriptors for any rank, dynamic dims, i1 arguments, several
// results (also aliasing arguments or constants), the seeded RNG, .npy
// versions and --json, checked with NumPy.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.arange(10, dtype=np.float32).reshape(2, 5) - 4.5)"
// RUN: %python -c "import numpy as np; np.save('%t/m.npy', np.arange(10).reshape(2, 5) %% 3 == 0)"
// RUN: %python -c "import numpy as np; np.save('%t/m8.npy', (np.arange(10).reshape(2, 5) %% 3 == 0).astype(np.uint8) * 7)"
// RUN: mha-run %s --entry=select --input=%t/a.npy,%t/m.npy --shape=2=2x3x1x2x2 \
// RUN:   --output=%t/o0.npy,%t/o1.npy --seed=5 | FileCheck %s --check-prefix=SELECT
// SELECT: input: arg 0 tensor<2x?xf32> shape=2x5 from {{.*}}a.npy
// SELECT: input: arg 1 tensor<2x?xi1> shape=2x5 from {{.*}}m.npy
// SELECT: input: arg 2 tensor<?x3x?x2x2xbf16> shape=2x3x1x2x2 random (seed 5)
// SELECT: output: result 0 tensor<2x?xf32> shape=2x5 -> {{.*}}o0.npy
// SELECT: output: result 1 tensor<?x3x?x2x2xbf16> shape=2x3x1x2x2 -> {{.*}}o1.npy
// RUN: %python -c "import numpy as np; a = np.load('%t/a.npy'); m = np.load('%t/m.npy'); o = np.load('%t/o0.npy'); print('select', o.dtype, bool((o == np.where(m, a, -a)).all()))" \
// RUN:   | FileCheck %s --check-prefix=NP-SELECT
// NP-SELECT: select float32 True

// Random values lie in [-1, 1], are rounded to bf16 and are reproducible;
// another seed gives other values; a uint8 mask is accepted (nonzero = true).
// RUN: mha-run %s --entry=select --input=%t/a.npy,%t/m8.npy --shape=2=2x3x1x2x2 \
// RUN:   --output=%t/p0.npy,%t/p1.npy --seed=5
// RUN: mha-run %s --entry=select --input=%t/a.npy,%t/m.npy --shape=2=2x3x1x2x2 \
// RUN:   --output=%t/q0.npy,%t/q1.npy --seed=6
// RUN: %python -c "import numpy as np; o, p, q = (np.load('%t/' + n + '1.npy') for n in 'opq'); r = o / 2; print('random', bool((o == p).all()), bool((o != q).any()), bool((r >= -1).all() and (r <= 1).all()), bool((np.load('%t/o0.npy') == np.load('%t/p0.npy')).all()))" \
// RUN:   | FileCheck %s --check-prefix=NP-RANDOM
// NP-RANDOM: random True True True True

// .npy format versions 2.0 and 3.0 (4-byte header length) read the same.
// RUN: %python -c "import numpy as np; a = np.load('%t/a.npy'); [np.lib.format.write_array(open('%t/a%%d.npy' %% v, 'wb'), a, version=(v, 0)) for v in (2, 3)]"
// RUN: mha-run %s --entry=select --input=%t/a2.npy,%t/m.npy --shape=2=2x3x1x2x2 \
// RUN:   --output=%t/v2.npy
// RUN: mha-run %s --entry=select --input=%t/a3.npy,%t/m.npy --shape=2=2x3x1x2x2 \
// RUN:   --output=%t/v3.npy
// RUN: %python -c "import numpy as np; print('versions', open('%t/a2.npy', 'rb').read(8)[6:], open('%t/a3.npy', 'rb').read(8)[6:], bool((np.load('%t/v2.npy') == np.load('%t/o0.npy')).all() and (np.load('%t/v3.npy') == np.load('%t/o0.npy')).all()))" \
// RUN:   | FileCheck %s --check-prefix=NP-VERSIONS
// NP-VERSIONS: versions b'\x02\x00' b'\x03\x00' True

// Arguments and results of 2 MiB or more come from mha-run's allocator
// (huge-page-advised, reused once freed; the compiled code's malloc and
// free are its own): 4.8 MiB arguments, results of 4.8 and 3.6 MiB,
// computed again by the --bench calls in blocks the first call freed.
// RUN: %python -c "import numpy as np; g = np.random.default_rng(3); np.save('%t/big_a.npy', g.uniform(-1, 1, (2, 600000)).astype(np.float32)); np.save('%t/big_m.npy', g.uniform(size=(2, 600000)) < 0.5)"
// RUN: mha-run %s --entry=select --input=%t/big_a.npy,%t/big_m.npy --shape=2=5x3x30000x2x2 \
// RUN:   --bench=3 --output=%t/big0.npy,%t/big1.npy --seed=9 | FileCheck %s --check-prefix=BIG
// BIG: bench: min=
// RUN: %python -c "import numpy as np; a, m, o = (np.load('%t/' + n + '.npy') for n in ('big_a', 'big_m', 'big0')); t = np.load('%t/big1.npy'); print('big', o.shape, t.shape, bool((o == np.where(m, a, -a)).all()), bool((t != 0).mean() > 0.99))" \
// RUN:   | FileCheck %s --check-prefix=NP-BIG
// NP-BIG: big (2, 600000) (5, 3, 30000, 2, 2) True True

// RUN: mha-run %s --entry=select --input=%t/a.npy,%t/m.npy --shape=2=1x3x2x2x2 \
// RUN:   --json --bench=2 \
// RUN:   | %python -c "import json, sys; d = json.load(sys.stdin); print(sorted(d)); print(d['entry'], [a['shape'] for a in d['arguments']], [r['shape'] for r in d['results']], d['bench']['iterations'], len(d['bench']['times_ms']), d['bench']['flops'], d['memory']['input_bytes'], d['memory']['output_bytes'], d['bench']['io_bytes'], d['bench']['io_gbps'] > 0, d['bench_malloc'])" \
// RUN:   | FileCheck %s --check-prefix=JSON
// JSON: ['arguments', 'bench', 'bench_malloc', 'compile', 'entry', 'file', 'memory', 'results', 'run_ms', 'target']
// JSON: select {{\[}}[2, 5], [2, 5], [1, 3, 2, 2, 2]] {{\[}}[2, 5], [1, 3, 2, 2, 2]] 2 2 None 98 88 186 True {'mmap_threshold': 33554432, 'trim_threshold': 1073741824}

// RUN: mha-run %s --entry=select --input=%t/a.npy,%t/m.npy --shape=2=1x3x2x2x2 \
// RUN:   --print-ir 2>&1 >/dev/null | FileCheck %s --check-prefix=IR
// IR: llvm.func @_mlir_ciface_select(

func.func @select(%a: tensor<2x?xf32>, %m: tensor<2x?xi1>,
                  %r: tensor<?x3x?x2x2xbf16>)
    -> (tensor<2x?xf32>, tensor<?x3x?x2x2xbf16>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %n = tensor.dim %a, %c1 : tensor<2x?xf32>
  %e = tensor.empty(%n) : tensor<2x?xf32>
  %s = linalg.generic {
         indexing_maps = [affine_map<(i, j) -> (i, j)>,
                          affine_map<(i, j) -> (i, j)>,
                          affine_map<(i, j) -> (i, j)>],
         iterator_types = ["parallel", "parallel"]}
         ins(%a, %m : tensor<2x?xf32>, tensor<2x?xi1>)
         outs(%e : tensor<2x?xf32>) {
  ^bb0(%x: f32, %keep: i1, %out: f32):
    %neg = arith.negf %x : f32
    %y = arith.select %keep, %x, %neg : f32
    linalg.yield %y : f32
  } -> tensor<2x?xf32>
  %d0 = tensor.dim %r, %c0 : tensor<?x3x?x2x2xbf16>
  %d2 = tensor.dim %r, %c2 : tensor<?x3x?x2x2xbf16>
  %er = tensor.empty(%d0, %d2) : tensor<?x3x?x2x2xbf16>
  %twice = linalg.add ins(%r, %r : tensor<?x3x?x2x2xbf16>, tensor<?x3x?x2x2xbf16>)
             outs(%er : tensor<?x3x?x2x2xbf16>) -> tensor<?x3x?x2x2xbf16>
  return %s, %twice : tensor<2x?xf32>, tensor<?x3x?x2x2xbf16>
}

// A result that is an argument or a constant is not a buffer the call
// malloc'ed; mha-run must neither free it wrongly nor lose it.
// RUN: mha-run %s --entry=passthrough --input=%t/a.npy --output=%t/pa.npy,%t/pc.npy \
// RUN:   --check --bench=2 | FileCheck %s --check-prefix=PASS-THROUGH
// RUN: %python -c "import numpy as np; print('passthrough', bool((np.load('%t/pa.npy') == np.load('%t/a.npy')).all()), np.load('%t/pc.npy').tolist())" \
// RUN:   | FileCheck %s --check-prefix=NP-PASS-THROUGH
// PASS-THROUGH: check: result 0: rel_l2=0 max_abs=0 tol=1e-05 PASS
// PASS-THROUGH: check: result 1: rel_l2=0 max_abs=0 tol=1e-05 PASS
// The arguments and results once each per call: 40 + 40 + 16 bytes.
// PASS-THROUGH: bench: io_bytes=96 io_GB/s={{[0-9.]+$}}
// NP-PASS-THROUGH: passthrough True [1.0, 2.0, 3.0, 4.0]
func.func @passthrough(%a: tensor<2x5xf32>) -> (tensor<2x5xf32>, tensor<4xf32>) {
  %c = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  return %a, %c : tensor<2x5xf32>, tensor<4xf32>
}
