#include "sim/core/input_file.hpp"

#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include <fmt/format.h>

namespace murmur {

namespace fs = std::filesystem;

namespace {

/// Enough names to find a typo's target in any real folder without walking a huge one.
constexpr std::size_t kMaxNamesCompared = 10000;

/// The path of the file in the same folder whose name is nearest to the missing one's.
std::string nearest_existing_file(const fs::path& path) {
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code error;
  std::vector<std::string> names;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    if (names.size() == kMaxNamesCompared) break;
    std::error_code ignored;
    if (it->is_regular_file(ignored)) names.push_back(it->path().filename().string());
  }
  const std::string nearest = nearest_word(path.filename().string(), names);
  if (nearest.empty()) return "";
  return path.has_parent_path() ? (path.parent_path() / nearest).string() : nearest;
}

}  // namespace

std::optional<InputIssue> regular_file_issue(const fs::path& path, std::string_view what) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found)
    return InputIssue{path.string(),
                      0,
                      0,
                      "",
                      fmt::format("the {} does not exist", what),
                      nearest_existing_file(path)};
  if (error)
    return InputIssue{
        path.string(), 0, 0, "", fmt::format("cannot read the {}: {}", what, error.message()), ""};
  if (status.type() == fs::file_type::directory)
    return InputIssue{path.string(),
                      0,
                      0,
                      "",
                      fmt::format("not a regular file (a directory); expected the {}", what),
                      ""};
  if (status.type() != fs::file_type::regular)
    return InputIssue{
        path.string(),
        0,
        0,
        "",
        fmt::format("not a regular file (a device, FIFO or socket); expected the {}", what),
        ""};
  return std::nullopt;
}

void require_regular_file(const fs::path& path, std::string_view what) {
  if (auto issue = regular_file_issue(path, what)) throw InputError(std::move(*issue));
}

std::string read_input_file(const fs::path& path, std::string_view what, std::uintmax_t max_bytes) {
  require_regular_file(path, what);
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  if (!error && size > max_bytes)
    throw InputError(InputIssue{path.string(), 0, 0, "",
                                fmt::format("the {} is {} bytes; the limit is {} bytes ({} MiB)",
                                            what, size, max_bytes, max_bytes >> 20),
                                ""});
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in)
    throw InputError(
        InputIssue{path.string(), 0, 0, "", fmt::format("cannot read the {}", what), ""});
  return std::move(text).str();
}

std::string_view without_utf8_bom(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  return text;
}

}  // namespace murmur
