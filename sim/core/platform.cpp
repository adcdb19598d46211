// The machine's facts for the manifests (sim/core/build_info.hpp): uname(2) and the CPU model
// from /proc/cpuinfo, read when a manifest is written.

#include <fstream>
#include <string>

#include <sys/utsname.h>

#include "sim/core/build_info.hpp"

namespace murmur {

namespace {

/// The first "model name : ..." of /proc/cpuinfo (x86 and most ARM kernels write it); ""
/// when the file cannot be read or has no such line.
std::string cpu_model_name() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) != 0) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::size_t start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? "" : line.substr(start);
  }
  return "";
}

}  // namespace

Platform current_platform() {
  Platform platform;
  utsname names{};
  if (uname(&names) == 0) {
    platform.os = names.sysname;
    platform.os_release = names.release;
    platform.machine = names.machine;
  }
  platform.cpu_model = cpu_model_name();
  return platform;
}

}  // namespace murmur
