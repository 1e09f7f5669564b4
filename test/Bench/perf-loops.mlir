// bench/perf_loops.py on a canned `perf annotate --stdio` text: an inner
// loop (20-37) inside an outer one whose two backward jumps to 14 make one
// loop (14-56); a forward and an indirect jump make none. Samples go to the
// innermost loop holding each instruction.
// RUN: %python %mha_src_root/bench/perf_loops.py - < %S/Inputs/perf-annotate.txt | FileCheck %s
// CHECK:      2 loops; 100.00% of the samples annotated; loops under 0.5% not listed
// CHECK-NEXT: share    range           insns  vector and notable mnemonics
// CHECK-NEXT:  76.00%  20-37               6  vfmadd231ps 2, vbroadcastss 1
// CHECK-NEXT:  13.00%  14-56               9  vmovups 2, vdivps 1, vshuff64x2 1
// CHECK-NEXT:  11.00%  outside loops       7  call 1, prefetcht1 1, vprefetch0 1

// A hidden loop is left out of the table, not out of the header.
// RUN: %python %mha_src_root/bench/perf_loops.py - --min 20 < %S/Inputs/perf-annotate.txt | FileCheck %s --check-prefix=MIN
// MIN:      2 loops;
// MIN:      76.00%  20-37
// MIN-NOT:  14-56
// MIN:      outside loops

// RUN: not %python %mha_src_root/bench/perf_loops.py - < /dev/null 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: perf_loops.py: no annotated instructions in the input

// A perf.data that perf cannot read (or no perf at all) is an error message,
// not a traceback.
// RUN: not %python %mha_src_root/bench/perf_loops.py %t.missing.data kernel 2>&1 | FileCheck %s --check-prefix=NODATA
// NODATA: perf_loops.py: {{perf annotate -i .*missing.data kernel failed|`perf` is not installed}}
// NODATA-NOT: Traceback
