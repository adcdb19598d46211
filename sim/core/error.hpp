#pragma once
// User-input errors (scenario YAML, edge lists, command-line values).
//
// Loaders collect every problem they find and throw one InputError holding all of them, so
// a user fixes a file in one pass. Each issue prints in compiler format so editors can jump
// to it:  scenarios/x.yaml:12:5: error: unknown key 'advertizing' in brands[1]; did you mean
// 'advertising'?

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace murmur {

struct InputIssue {
  std::string file;        ///< path as the user gave it; empty if not from a file
  int line = 0;            ///< 1-based; 0 = unknown
  int column = 0;          ///< 1-based; 0 = unknown
  std::string key_path;    ///< e.g. "brands[1].ad_budget"; empty if not applicable
  std::string message;     ///< what is wrong and what was expected
  std::string suggestion;  ///< nearest valid key for unknown keys; empty if none

  /// "file:line:column: error: message (at 'key'); did you mean 'x'?"; a warning (allowed,
  /// but likely a mistake) says "warning" in place of "error"; an empty severity says neither.
  [[nodiscard]] std::string format(std::string_view severity = "error") const;
};

/// Where an override ("key.path=value") was given: a command-line option (run's --set,
/// compare's --set-b) or an entry of an experiment file (`grid:`, `set:`, `points[2]:`), so
/// an issue in it names that option, or that file's line and column.
struct OverrideOrigin {
  std::string source = "--set";  ///< the option, or the file that holds the entry
  int line = 0;                  ///< 1-based in that file; 0 for an option
  int column = 0;
  std::string section = "--set";  ///< as messages name it: the option, or "grid", "points[2]"

  [[nodiscard]] static OverrideOrigin option(const std::string& name) { return {name, 0, 0, name}; }
};

class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<InputIssue> issues);
  explicit InputError(InputIssue issue);

  [[nodiscard]] const std::vector<InputIssue>& issues() const noexcept { return issues_; }

 private:
  std::vector<InputIssue> issues_;
};

/// Levenshtein distance, used to suggest the nearest valid key.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, or "" when none is close enough to be a likely typo.
[[nodiscard]] std::string nearest_word(std::string_view word,
                                       const std::vector<std::string>& candidates);

}  // namespace murmur
