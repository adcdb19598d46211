#pragma once
// A scratch directory for one test in one process: two test runs on the same machine (two
// build trees, a sanitizer build beside the normal one) must not share files.

#include <unistd.h>

#include <filesystem>
#include <string>

namespace murmur::testing {

inline std::filesystem::path scratch_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
}

}  // namespace murmur::testing
