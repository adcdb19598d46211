# Every dependency comes from a Debian 12 package (see README.md); nothing is downloaded.
# Boost.Iostreams (compiled) reads gzip edge lists in sim/graph; the rest of Boost is headers.
find_package(Boost 1.74 REQUIRED COMPONENTS iostreams)
find_package(TBB REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
# libnlopt-cxx-dev: NLopt's C++ API (nlopt.hpp) for `murmur calibrate`. Its CMake package has
# the same name (NLopt) as the C library's, in a sibling directory, so find_package could pick
# either; its pkg-config file, nlopt_cxx, names the C++ one alone.
find_package(PkgConfig REQUIRED)
pkg_check_modules(NLOPT_CXX REQUIRED IMPORTED_TARGET nlopt_cxx>=2.7)

# librandom123-dev is header-only and ships no CMake or pkg-config file. An IMPORTED target
# makes its directory a system include, which silences its -Wconversion warnings.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(Random123::Random123 INTERFACE IMPORTED)
set_target_properties(Random123::Random123 PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${RANDOM123_INCLUDE_DIR}")

# libxxhash-dev (the state hashes, sim/core/state_hash.hpp) ships a pkg-config file but no
# CMake package: found by hand too, as an IMPORTED target the core links.
find_path(XXHASH_INCLUDE_DIR xxhash.h REQUIRED)
find_library(XXHASH_LIBRARY xxhash REQUIRED)
add_library(xxHash::xxhash UNKNOWN IMPORTED)
set_target_properties(xxHash::xxhash PROPERTIES
  IMPORTED_LOCATION "${XXHASH_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${XXHASH_INCLUDE_DIR}")

# python3-dev and pybind11-dev: the Python module (python/). Python3 is found first so that
# pybind11 uses the same interpreter (scripts/build.sh names Debian's /usr/bin/python3, whose
# packages have numpy, pandas and pytest, rather than a python3 earlier on PATH).
if(MURMUR_BUILD_PYTHON)
  find_package(Python3 REQUIRED COMPONENTS Interpreter Development.Module)
  find_package(pybind11 2.10 REQUIRED CONFIG)
endif()
if(MURMUR_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(MURMUR_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
