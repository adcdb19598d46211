#pragma once
// The "platform" of the run and batch manifests: where a run ran and what built murmur
// (issue 16.9). Returns JSON, so only sim/io's manifest writers include it.

#include <nlohmann/json.hpp>

namespace murmur {

/// {"os": {"name", "release", "machine"}, "cpu": model or null, "compiler": "GNU 12.2.0",
///  "libraries": {"oneTBB": "2021.8.0", ...}} of this machine and build.
[[nodiscard]] nlohmann::json platform_json();

}  // namespace murmur
