// Input of the -verify-diagnostics RUN lines of ../mha-set-omp-schedule.mlir:
// an unknown kind or a chunk below 1 is an error at the pass's root operation.
// expected-error @+1 {{--mha-set-omp-schedule: kind must be static, dynamic or guided and chunk in [1, 2^31 - 1]}}
module {
}
