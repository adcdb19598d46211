# Every dependency comes from a Debian 12 package (see README.md); nothing is downloaded.
find_package(Boost 1.74 REQUIRED)
find_package(TBB REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)

# librandom123-dev is header-only and ships no CMake or pkg-config file. An IMPORTED target
# makes its directory a system include, which silences its -Wconversion warnings.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(Random123::Random123 INTERFACE IMPORTED)
set_target_properties(Random123::Random123 PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${RANDOM123_INCLUDE_DIR}")

if(MURMUR_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(MURMUR_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
