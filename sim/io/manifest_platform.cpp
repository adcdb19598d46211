#include "sim/io/manifest_platform.hpp"

#include "sim/core/build_info.hpp"

namespace murmur {

nlohmann::json platform_json() {
  const Platform platform = current_platform();
  nlohmann::json libraries = nlohmann::json::object();
  for (const build_info::Library& library : build_info::libraries) {
    // A CMake package that reports no version is written null, not "".
    const std::string version = library.version;
    libraries[library.name] = version.empty() ? nlohmann::json(nullptr) : nlohmann::json(version);
  }
  return {
      {"os",
       {{"name", platform.os}, {"release", platform.os_release}, {"machine", platform.machine}}},
      {"cpu",
       platform.cpu_model.empty() ? nlohmann::json(nullptr) : nlohmann::json(platform.cpu_model)},
      {"compiler", build_info::compiler},
      {"libraries", libraries},
  };
}

}  // namespace murmur
