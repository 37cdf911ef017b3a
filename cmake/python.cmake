# The Python module bnnc (docs/python.md): the C++ extension bnnc._bnnc (pybind11 from Debian) and
# the package's Python files, in build/python/bnnc, so that PYTHONPATH=build/python imports it.
# Built for Debian's /usr/bin/python3 (which has numpy and pytest from apt) unless
# -DPython3_EXECUTABLE names another; skipped when pybind11 or the Python headers are missing.
if(NOT BNNC_PYTHON)
  return()
endif()
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3)
endif()
find_package(Python3 COMPONENTS Interpreter Development.Module)
find_package(pybind11 CONFIG QUIET)
if(NOT Python3_FOUND OR NOT pybind11_FOUND)
  message(STATUS "bnnc: no Python module (it needs pybind11-dev and python3-dev)")
  return()
endif()

set(bnnc_python_dir ${CMAKE_CURRENT_BINARY_DIR}/python/bnnc)
file(GLOB bnnc_python_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/python/src/*.cpp)
pybind11_add_module(bnnc_python MODULE NO_EXTRAS ${bnnc_python_sources}) # no LTO
target_link_libraries(bnnc_python PRIVATE bnnc_api)
set_target_properties(bnnc_python PROPERTIES OUTPUT_NAME _bnnc
                                             LIBRARY_OUTPUT_DIRECTORY ${bnnc_python_dir})
file(GLOB bnnc_python_files CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/python/bnnc/*.py)
foreach(file ${bnnc_python_files})
  get_filename_component(name ${file} NAME)
  configure_file(${file} ${bnnc_python_dir}/${name} COPYONLY)
endforeach()

set(bnnc_python_install ${CMAKE_INSTALL_LIBDIR}/python3/dist-packages/bnnc)
install(TARGETS bnnc_python LIBRARY DESTINATION ${bnnc_python_install})
install(FILES ${bnnc_python_files} DESTINATION ${bnnc_python_install})

if(BNNC_BUILD_TESTS)
  # Python's tests (tests/python, pytest) and the exploration samples (samples/dse), each script
  # on a small budget; they import the module from the build and run the bnnc binary.
  set(bnnc_python_env "PYTHONPATH=${CMAKE_CURRENT_BINARY_DIR}/python" "MPLBACKEND=Agg"
                      "BNNC_BINARY=$<TARGET_FILE:bnnc>" "BNNC_SOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}")
  add_test(NAME Python.Module
           COMMAND ${Python3_EXECUTABLE} -m pytest -q -p no:cacheprovider
                   ${CMAKE_CURRENT_SOURCE_DIR}/tests/python)
  add_test(NAME Samples.DseScripts
           COMMAND ${Python3_EXECUTABLE} -m pytest -q -p no:cacheprovider
                   ${CMAKE_CURRENT_SOURCE_DIR}/samples/dse/test_samples.py)
  if(BNNC_SANITIZE)
    # The interpreter is not instrumented: AddressSanitizer's runtime must be loaded before
    # anything else, and the C++ runtime with it (its __cxa_throw interceptor needs the real one
    # at start-up, or the module's first exception aborts); the interpreter's own allocations at
    # exit are not the module's leaks. The preload reaches every program the samples start
    # (make, among others), which strict string checks would hold to the module's standard.
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so
                    OUTPUT_VARIABLE bnnc_libasan OUTPUT_STRIP_TRAILING_WHITESPACE)
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libstdc++.so
                    OUTPUT_VARIABLE bnnc_libstdcxx OUTPUT_STRIP_TRAILING_WHITESPACE)
    list(APPEND bnnc_python_env "LD_PRELOAD=${bnnc_libasan}:${bnnc_libstdcxx}"
         "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1")
  endif()
  set_tests_properties(Python.Module Samples.DseScripts PROPERTIES
                       ENVIRONMENT "${bnnc_python_env}" TIMEOUT 900)
endif()
