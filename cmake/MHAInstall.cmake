# Installation and the CMake package: `cmake --install build --prefix P`
# installs the headers (include/mha, include/mha-c and the generated .inc
# files), every mha library, mha-opt, mha-run and mha-compile, and
# P/lib/cmake/mha/MHAConfig.cmake so that other projects can
#   find_package(MHA REQUIRED CONFIG)
#   target_link_libraries(tool PRIVATE MHA::MHAInitAll)
# Included at the end of the top-level CMakeLists.txt, once every target
# exists.
include(CMakePackageConfigHelpers)

set(MHA_VERSION 0.1.0)
set(MHA_INSTALL_CMAKE_DIR lib${LLVM_LIBDIR_SUFFIX}/cmake/mha)

# Every library add_mlir_library created in this project (add_mlir_library
# records each in MLIR_EXPORTS; the MLIR libraries themselves are imported
# and not listed). They are static archives on top of libMLIR.so.
get_property(mha_candidate_libs GLOBAL PROPERTY MLIR_EXPORTS)
set(MHA_EXPORTED_LIBS)
foreach(lib IN LISTS mha_candidate_libs)
  if(TARGET ${lib})
    get_target_property(type ${lib} TYPE)
    get_target_property(imported ${lib} IMPORTED)
    if(NOT imported AND type MATCHES "^(STATIC|SHARED)_LIBRARY$")
      list(APPEND MHA_EXPORTED_LIBS ${lib})
      # Consumers find the installed headers; MHAConfig.cmake adds MLIR's
      # and LLVM's.
      target_include_directories(${lib} INTERFACE
        $<INSTALL_INTERFACE:include>)
    endif()
  endif()
endforeach()
# Runtime libraries that generated code loads (built only with CUDA).
foreach(lib mha_cuda_runtime)
  if(TARGET ${lib})
    list(APPEND MHA_EXPORTED_LIBS ${lib})
  endif()
endforeach()
list(REMOVE_DUPLICATES MHA_EXPORTED_LIBS)

set(MHA_EXPORTED_TOOLS)
foreach(tool mha-opt mha-run mha-compile)
  if(TARGET ${tool})
    list(APPEND MHA_EXPORTED_TOOLS ${tool})
    # Installed tools find libMLIR.so/libLLVM.so where this build found them.
    set_property(TARGET ${tool} PROPERTY INSTALL_RPATH
      "\$ORIGIN/../lib${LLVM_LIBDIR_SUFFIX}" "${LLVM_LIBRARY_DIR}")
  endif()
endforeach()

install(TARGETS ${MHA_EXPORTED_LIBS} ${MHA_EXPORTED_TOOLS}
  EXPORT MHATargets
  COMPONENT mha
  ARCHIVE DESTINATION lib${LLVM_LIBDIR_SUFFIX}
  LIBRARY DESTINATION lib${LLVM_LIBDIR_SUFFIX}
  RUNTIME DESTINATION bin
)
install(EXPORT MHATargets
  NAMESPACE MHA::
  DESTINATION ${MHA_INSTALL_CMAKE_DIR}
  COMPONENT mha
)

# Headers: the sources' .h and .td (other projects' ODS may include ours),
# and the TableGen outputs from the build tree.
install(DIRECTORY
  ${PROJECT_SOURCE_DIR}/include/mha
  ${PROJECT_SOURCE_DIR}/include/mha-c
  DESTINATION include
  COMPONENT mha
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td"
)
install(DIRECTORY
  ${PROJECT_BINARY_DIR}/include/mha
  ${PROJECT_BINARY_DIR}/include/mha-c
  DESTINATION include
  COMPONENT mha
  FILES_MATCHING PATTERN "*.inc" PATTERN "*.h"
  PATTERN "CMakeFiles" EXCLUDE
)

# libomp for kernels whose pipeline uses threads (mha_add_kernels).
find_library(MHA_OPENMP_LIBRARY omp HINTS ${LLVM_LIBRARY_DIR} NO_DEFAULT_PATH)
if(NOT MHA_OPENMP_LIBRARY)
  find_library(MHA_OPENMP_LIBRARY omp)
endif()

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/MHAConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/MHAConfig.cmake
  INSTALL_DESTINATION ${MHA_INSTALL_CMAKE_DIR}
)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/MHAConfigVersion.cmake
  VERSION ${MHA_VERSION}
  COMPATIBILITY SameMinorVersion
)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/MHAConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/MHAConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/MHAKernels.cmake
  DESTINATION ${MHA_INSTALL_CMAKE_DIR}
  COMPONENT mha
)
