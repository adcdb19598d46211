#include "sim/core/error.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace murmur {

std::string InputIssue::format(std::string_view severity) const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += fmt::format(":{}", line);
    if (line > 0 && column > 0) out += fmt::format(":{}", column);
    out += ": ";
  }
  if (!severity.empty()) out += fmt::format("{}: ", severity);
  out += message;
  if (!key_path.empty()) out += fmt::format(" (at '{}')", key_path);
  if (!suggestion.empty()) out += fmt::format("; did you mean '{}'?", suggestion);
  return out;
}

namespace {
std::string join_issues(const std::vector<InputIssue>& issues) {
  std::string text;
  for (const auto& issue : issues) {
    if (!text.empty()) text += '\n';
    text += issue.format();
  }
  return text;
}
}  // namespace

InputError::InputError(std::vector<InputIssue> issues)
    : std::runtime_error(join_issues(issues)), issues_(std::move(issues)) {}

InputError::InputError(InputIssue issue) : InputError(std::vector<InputIssue>{std::move(issue)}) {}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string nearest_word(std::string_view word, const std::vector<std::string>& candidates) {
  // A typo changes at most about a third of a word; beyond that a suggestion misleads.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace murmur
