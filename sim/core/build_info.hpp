#pragma once
// Facts about the build and the machine, recorded in every manifest so a run can be repeated
// elsewhere (issue 16.9). The commit is read when CMake configures (it re-configures when HEAD
// or the index moves; "-dirty" marks uncommitted changes); the compiler and the library
// versions are the ones CMake found then. Generated into one small translation unit so a new
// commit rebuilds only it. The machine's facts are read when asked (platform.cpp).

#include <span>
#include <string>

namespace murmur::build_info {

extern const char* const git_commit;

/// The compiler that built murmur, as CMake names it: "GNU 12.2.0".
extern const char* const compiler;

/// A library murmur was compiled and linked against, with the version its CMake package
/// reported when the build was configured.
struct Library {
  const char* name;
  const char* version;
};

/// oneTBB, Boost, yaml-cpp, fmt, nlohmann_json and CLI11, in that order.
extern const std::span<const Library> libraries;

}  // namespace murmur::build_info

namespace murmur {

/// The machine a run ran on: the kernel as uname(2) names it and the CPU model.
struct Platform {
  std::string os;          ///< uname sysname, e.g. "Linux"
  std::string os_release;  ///< uname release, e.g. "6.1.0-18-amd64"
  std::string machine;     ///< uname machine, e.g. "x86_64"
  std::string cpu_model;   ///< /proc/cpuinfo's first "model name"; "" when it cannot be read
};

[[nodiscard]] Platform current_platform();

}  // namespace murmur
