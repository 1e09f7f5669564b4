// Input of the -verify-diagnostics RUN lines of ../mha-vectorize-tiles.mlir:
// every out-of-range option is an error at the pass's root operation.
// expected-error @+1 {{--mha-vectorize-tiles: register-rows must be in [1, 64], register-cols in [4, 1024] and k-block >= 0 (0: one panel)}}
module {
}
