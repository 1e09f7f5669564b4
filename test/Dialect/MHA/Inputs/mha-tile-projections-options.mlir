// Input of the -verify-diagnostics RUN lines of ../mha-tile-projections.mlir:
// every out-of-range option is an error at the pass's root operation.
// expected-error @+1 {{--mha-tile-projections: row-tile must be >= 1, col-tile >= 8, weight-block-kib in [1, 2^30] and row-step >= 0}}
module {
}
