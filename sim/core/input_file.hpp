#pragma once
// Checks on the files a user names (scenarios, experiments, edge lists), made before they are
// opened: opening a FIFO with no writer blocks forever, and reading /dev/zero never ends.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/error.hpp"

namespace murmur {

/// The largest scenario or experiment file read: far above any real one (the library's
/// largest is a few KiB), small enough that a wrong file is refused at once.
inline constexpr std::uintmax_t kMaxYamlFileBytes = std::uintmax_t{4} << 20;  // 4 MiB

/// Why `path` cannot be read as a `what` ("scenario file", "edge list", ...), or nothing when
/// it is an existing regular file. A missing file "does not exist", with the nearest name in
/// its directory as the suggestion (default.yml -> default.yaml); a directory, FIFO or
/// device is "not a regular file". The issue names `path` as the user gave it.
[[nodiscard]] std::optional<InputIssue> regular_file_issue(const std::filesystem::path& path,
                                                           std::string_view what);

/// Throws InputError with regular_file_issue, if any.
void require_regular_file(const std::filesystem::path& path, std::string_view what);

/// The bytes of a user's text file (after require_regular_file), refused above max_bytes.
[[nodiscard]] std::string read_input_file(const std::filesystem::path& path, std::string_view what,
                                          std::uintmax_t max_bytes = kMaxYamlFileBytes);

/// `text` without a leading UTF-8 byte-order mark (EF BB BF), which some Windows editors write.
[[nodiscard]] std::string_view without_utf8_bom(std::string_view text);

}  // namespace murmur
