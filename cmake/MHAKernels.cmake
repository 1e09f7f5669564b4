# mha_add_kernels(<target> <file.mlir>
#                 [CPU_PIPELINE "opt=val ..."] [TARGET <triple>] [CPU <name>]
#                 [PREFIX <prefix>] [OPTIONS <mha-compile options>...])
#
# Compiles the public functions of <file.mlir> with mha-compile into a static
# library <target> whose users get the generated header <file>.h on their
# include path and libm (plus libomp unless CPU_PIPELINE has num-threads=1)
# on their link line:
#
#   mha_add_kernels(attention_kernels attention.mlir)
#   add_executable(app main.c)          # #include "attention.h"
#   target_link_libraries(app PRIVATE attention_kernels)
function(mha_add_kernels target source)
  cmake_parse_arguments(ARG "" "CPU_PIPELINE;TARGET;CPU;PREFIX" "OPTIONS"
                        ${ARGN})
  get_filename_component(source "${source}" ABSOLUTE)
  get_filename_component(stem "${source}" NAME_WE)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  set(object "${dir}/${stem}.o")
  set(header "${dir}/${stem}.h")
  set(args)
  if(ARG_CPU_PIPELINE)
    list(APPEND args "--cpu-pipeline=${ARG_CPU_PIPELINE}")
  endif()
  if(ARG_TARGET)
    list(APPEND args "--target=${ARG_TARGET}")
  endif()
  if(ARG_CPU)
    list(APPEND args "--cpu=${ARG_CPU}")
  endif()
  if(ARG_PREFIX)
    list(APPEND args "--prefix=${ARG_PREFIX}")
  endif()
  list(APPEND args ${ARG_OPTIONS})
  file(MAKE_DIRECTORY "${dir}")
  add_custom_command(
    OUTPUT "${object}" "${header}"
    COMMAND MHA::mha-compile "${source}" -o "${object}" "--header=${header}"
            ${args}
    DEPENDS "${source}" "$<TARGET_FILE:MHA::mha-compile>"
    COMMENT "mha-compile ${stem}.mlir"
    VERBATIM)
  add_library(${target} STATIC "${object}" "${header}")
  set_source_files_properties("${object}" PROPERTIES
    EXTERNAL_OBJECT TRUE GENERATED TRUE)
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  target_include_directories(${target} INTERFACE "${dir}")
  target_link_libraries(${target} INTERFACE m)
  if(NOT ARG_CPU_PIPELINE MATCHES "num-threads=1")
    if(NOT MHA_OPENMP_LIBRARY)
      message(FATAL_ERROR "mha_add_kernels(${target}): the kernels use "
        "OpenMP threads but libomp was not found; install libomp or pass "
        "CPU_PIPELINE \"num-threads=1\"")
    endif()
    target_link_libraries(${target} INTERFACE "${MHA_OPENMP_LIBRARY}")
  endif()
endfunction()
