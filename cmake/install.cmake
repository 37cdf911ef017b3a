# install(): the bnnc command, the static libraries, the public headers and the CMake package,
# so that a program finds bnnc with find_package(bnnc) and links bnnc::bnnc (docs/library.md).
# Data files are compiled in (the default architecture, conditions, devices, technology), so
# nothing else needs installing.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS bnnc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ${bnnc_modules} bnnc_library EXPORT bnncTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/bnnc
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(bnnc_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/bnnc)
install(EXPORT bnncTargets NAMESPACE bnnc:: DESTINATION ${bnnc_cmake_dir})
configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/bnncConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/bnncConfig.cmake
                              INSTALL_DESTINATION ${bnnc_cmake_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/bnncConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/bnncConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/bnncConfigVersion.cmake
        DESTINATION ${bnnc_cmake_dir})
