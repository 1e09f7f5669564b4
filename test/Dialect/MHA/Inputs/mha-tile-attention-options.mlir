// Input of the -verify-diagnostics RUN lines of ../mha-tile-attention-invalid.mlir:
// every out-of-range option is an error at the pass's root operation.
// expected-error @+1 {{--mha-tile-attention: query-tile must be >= 0 (0 picks about 64 rows per tile) and kv-tile >= 1, wide-tile-kv-kib in [0, 2^40], remainder-tile >= 0 and kv-splits in [0, 4096] (0: automatic)}}
module {
}
