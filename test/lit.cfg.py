# lit configuration of the mha test suite.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MHA"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mha_obj_root, "test")
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%mha_src_root", config.mha_src_root))
config.substitutions.append(("%python", "/usr/bin/python3"))
config.substitutions.append(
    ("%mlir_c_runner_utils",
     os.path.join(config.mlir_lib_dir, "libmlir_c_runner_utils.so")))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.mha_tools_dir, config.llvm_tools_dir]
tools = ["mha-opt", "mha-run"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.mha_tools_dir, append_path=True)

# GPU path (docs/GPU.md). ptxas checks run where the CUDA toolkit is; tests
# that execute kernels are gated separately (Integration/GPU/lit.local.cfg).
cuda_dir = getattr(config, "cuda_toolkit_dir", "") or "/usr/local/cuda"
ptxas = os.path.join(cuda_dir, "bin", "ptxas")
config.substitutions.append(("%cuda_path", cuda_dir))
if os.access(ptxas, os.X_OK):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
else:
    lit_config.note("ptxas not found at " + ptxas + ": the ptxas tests are skipped")

# Sanitizer builds (scripts/run-sanitizers.sh): lit already passes
# ASAN_OPTIONS and UBSAN_OPTIONS; the leak suppressions need LSAN_OPTIONS.
llvm_config.with_system_environment(["LSAN_OPTIONS"])
# Feature of sanitizer builds: tests that build programs against the
# instrumented libraries without the sanitizer runtime (test/Install) are
# unsupported there.
if getattr(config, "mha_sanitizers", False):
    config.available_features.add("mha-sanitizers")
