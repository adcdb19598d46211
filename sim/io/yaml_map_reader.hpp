#pragma once
// The YAML side of the schema walk, shared by the scenario and the experiment loaders (sim/io
// only: the one layer that sees yaml-cpp).
//
// MapReader is a schema visitor over one YAML map: `describe(spec, reader)` reads each key
// the schema names, checks its type and range, and records every problem with file, line,
// column and key path; finish() reports the keys the schema did not name, with the nearest
// valid one. Loaders derive from it (CRTP, so sections and list items are read by the
// derived reader too) to add the visitor kinds only their schema has.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/error.hpp"
#include "sim/core/scenario_schema.hpp"

namespace murmur::yaml_walk {

constexpr std::size_t kMaxIssues = 100;
constexpr std::size_t kMaxQuoted = 40;  // characters of a bad value repeated in a message
constexpr int kFromFile = -1;           // origin of a node written in the file, not by --set
constexpr std::string_view kOverrideLabel = "--set";

/// Where a key or value was written: in the file (line, column) or by override `origin`.
struct Place {
  int origin = kFromFile;
  int line = 0;  // 1-based; 0 = unknown
  int column = 0;
};

[[nodiscard]] std::string quote_value(std::string_view text);
[[nodiscard]] std::string what_node_is(const YAML::Node& node);

/// nearest_word(), and when no key is that close, a key sharing a whole word of 4+ letters:
/// "advertizing_budget" -> "ad_budget".
[[nodiscard]] std::string suggest(std::string_view word,
                                  const std::vector<std::string>& candidates);

std::string join_names(auto&& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// ---- issues ----

class Issues {
 public:
  /// `override_origins[i]` says where override i was given (compare's "--set-b", an
  /// experiment file's grid entry), so its issues name it; missing ones are "--set".
  Issues(std::string file_label, const std::vector<std::string>& overrides,
         std::vector<OverrideOrigin> override_origins = {})
      : file_label_(std::move(file_label)),
        overrides_(overrides),
        override_origins_(std::move(override_origins)) {}

  void add(const Place& place, std::string key_path, std::string message,
           std::string suggestion = {}) {
    if (issues_.size() >= kMaxIssues) {
      ++dropped_;
      return;
    }
    InputIssue issue;
    if (place.origin >= 0) {
      const auto index = static_cast<std::size_t>(place.origin);
      const OverrideOrigin given =
          index < override_origins_.size() ? override_origins_[index] : OverrideOrigin{};
      issue.file = given.source;
      issue.line = given.line;
      issue.column = given.column;
      message += fmt::format(" (in {} {})", given.section, overrides_[index]);
    } else {
      issue.file = file_label_;
      issue.line = place.line;
      issue.column = place.column;
    }
    issue.key_path = std::move(key_path);
    issue.message = std::move(message);
    issue.suggestion = std::move(suggestion);
    issues_.push_back(std::move(issue));
    origins_.push_back(place.origin);
  }

  [[nodiscard]] bool empty() const { return issues_.empty(); }

  /// File issues in file order first (unknown positions last), then override issues.
  [[noreturn]] void throw_all() { throw InputError(sorted()); }

  /// The issues in the order of throw_all.
  [[nodiscard]] std::vector<InputIssue> sorted() const {
    std::vector<std::size_t> order(issues_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto rank = [&](std::size_t i) {
      const auto& issue = issues_[i];
      const int line = issue.line > 0 ? issue.line : std::numeric_limits<int>::max();
      return std::tuple{origins_[i] >= 0, line, issue.column};
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
    std::vector<InputIssue> sorted;
    for (std::size_t i : order) sorted.push_back(issues_[i]);
    if (dropped_ > 0) {
      InputIssue more;
      more.file = file_label_;
      more.message = fmt::format("{} more issues not shown", dropped_);
      sorted.push_back(std::move(more));
    }
    return sorted;
  }

 private:
  std::string file_label_;
  const std::vector<std::string>& overrides_;
  std::vector<OverrideOrigin> override_origins_;
  std::vector<InputIssue> issues_;
  std::vector<int> origins_;
  std::size_t dropped_ = 0;
};

// ---- the state of one load ----

struct ReadState {
  Issues issues;
  std::vector<std::pair<YAML::Node, int>> override_nodes;  // nodes written by --set
  std::map<std::string, Place> places;                     // key path -> where it was written
  std::filesystem::path base_dir;

  /// The override that wrote `node`, or `inherited` (its parent's origin).
  [[nodiscard]] int origin_of(const YAML::Node& node, int inherited) const {
    for (const auto& [written, index] : override_nodes) {
      if (node.is(written)) return index;
    }
    return inherited;
  }

  /// yaml-cpp marks are 0-based; messages are 1-based like compilers'.
  [[nodiscard]] static Place place_of(const YAML::Node& node, int origin) {
    if (origin != kFromFile) return Place{origin, 0, 0};
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return Place{};
    return Place{kFromFile, mark.line + 1, mark.column + 1};
  }

  /// Where `path` was written, or where its nearest written parent was.
  [[nodiscard]] Place place(std::string path) const {
    while (true) {
      if (auto it = places.find(path); it != places.end()) return it->second;
      const auto cut = path.find_last_of(".[");
      if (cut == std::string::npos) return Place{};
      path.resize(cut);
    }
  }
};

/// The document, or an undefined node after reporting a syntax error (with its mark) or a
/// second document in the stream (`---` or text after `...`: refused, never ignored).
[[nodiscard]] YAML::Node parse(std::string_view text, ReadState& loader);
/// parse(), then a map at the top: throws every issue otherwise ("an experiment must be a map
/// of keys", with `what` = "an experiment").
[[nodiscard]] YAML::Node parse_map_document(std::string_view text, ReadState& loader,
                                            std::string_view what);

// ---- names ----

/// Names longer than this are refused: they are repeated in every row of metrics.csv.
constexpr std::size_t kMaxNameCharacters = 64;

enum class NameUse {
  Label,        ///< scenario and experiment names
  MetricLabel,  ///< brand and generation names: also may not be the market total's 'all'
};

/// Why `name` cannot be used, or "" when it can: invalid UTF-8, a C0/C1 control character,
/// more than kMaxNameCharacters characters (code points), a first character of = + - @
/// (spreadsheet formulas), or for metric labels 'all' in any case.
[[nodiscard]] std::string name_problem(std::string_view name, NameUse use);

/// Reports name_problem() at the place of `key_path`; `what` is e.g. "brand name".
void check_name(ReadState& state, const std::string& key_path, std::string_view what,
                std::string_view name, NameUse use);

// ---- scalar parsing ----

[[nodiscard]] std::optional<double> parse_number(const YAML::Node& node);
/// Whole numbers, also written as 1e6 (a natural way to write a population).
[[nodiscard]] std::optional<std::uint64_t> parse_whole(const YAML::Node& node);
[[nodiscard]] std::optional<bool> parse_flag(const YAML::Node& node);
[[nodiscard]] std::string integer_range_text(const Range& range, std::uint64_t hi);

// ---- the schema visitor that reads one YAML map ----

struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
  int origin = kFromFile;
  bool used = false;
};

/// The entries of a YAML map, with duplicate and non-scalar keys reported (yaml-cpp 0.7
/// keeps both copies of a duplicate key and would silently use the first).
std::vector<Entry> map_entries(ReadState& state, const YAML::Node& map, const std::string& path,
                               int origin);

template <class Derived, class State>
class MapReader {
 public:
  MapReader(State& loader, const YAML::Node& map, std::string path, int origin)
      : loader_(loader),
        path_(std::move(path)),
        map_place_(ReadState::place_of(map, origin)),
        entries_(map_entries(loader, map, path_, origin)) {}

  /// True when the key was given and valid (the optional_ readers need to know).
  bool number(const Field& field, double& value) {
    const Entry* entry = take(field.key);
    if (entry == nullptr) return false;
    const auto parsed = parse_number(entry->value);
    if (!parsed || !field.range.contains(*parsed)) {
      const std::string range = field.range.text();
      expected(*entry, field, range.empty() ? "a number" : "a number " + range);
      return false;
    }
    value = *parsed;
    return true;
  }

  template <class T>
  bool integer(const Field& field, T& value) {
    const Entry* entry = take(field.key);
    if (entry == nullptr) return false;
    const std::uint64_t hi = field.range.max >= static_cast<double>(std::numeric_limits<T>::max())
                                 ? std::numeric_limits<T>::max()
                                 : static_cast<std::uint64_t>(field.range.max);
    const auto parsed = parse_whole(entry->value);
    if (!parsed || *parsed > hi || !field.range.contains(static_cast<double>(*parsed))) {
      expected(*entry, field, integer_range_text(field.range, hi));
      return false;
    }
    value = static_cast<T>(*parsed);
    return true;
  }

  /// Null (`claim: ~`) asks for the default, which is "unset".
  void optional_number(const Field& field, std::optional<double>& value) {
    if (take_null(field.key)) {
      value.reset();
      return;
    }
    double parsed = 0.0;
    if (number(field, parsed)) value = parsed;
  }

  void optional_integer(const Field& field, std::optional<Step>& value) {
    if (take_null(field.key)) {
      value.reset();
      return;
    }
    Step parsed = 0;
    if (integer(field, parsed)) value = parsed;
  }

  /// Null (`exit_step: ~`) is kNeverStep, as the resolved scenario writes it.
  void week_or_never(const Field& field, Step& value) {
    if (take_null(field.key)) {
      value = kNeverStep;
      return;
    }
    (void)integer(field, value);
  }

  void flag(const Field& field, bool& value) {
    const Entry* entry = take(field.key);
    if (entry == nullptr) return;
    if (const auto parsed = parse_flag(entry->value)) {
      value = *parsed;
    } else {
      expected(*entry, field, "true or false");
    }
  }

  void text(const Field& field, std::string& value, Presence presence = Presence::Optional) {
    const Entry* entry = take(field.key);
    if (entry == nullptr) {
      if (presence == Presence::Required) missing(field.key);
      return;
    }
    if (!entry->value.IsScalar() ||
        (presence == Presence::Required && entry->value.Scalar().empty())) {
      expected(*entry, field, "a text value");
      return;
    }
    value = entry->value.Scalar();
  }

  /// A file path; relative paths resolve against the scenario file's directory.
  void path(const Field& field, std::string& value) {
    std::string given;
    text(field, given);
    if (given.empty()) return;
    std::filesystem::path file(given);
    if (file.is_relative()) file = loader_.base_dir / file;
    std::error_code error;
    const auto absolute = std::filesystem::absolute(file, error);
    value = (error ? file : absolute).lexically_normal().string();
  }

  void keyword(const Field& field, std::string& value, std::span<const std::string_view> allowed) {
    const Entry* entry = take(field.key);
    if (entry == nullptr) return;
    const std::string given = entry->value.IsScalar() ? entry->value.Scalar() : std::string{};
    if (std::find(allowed.begin(), allowed.end(), given) == allowed.end()) {
      expected(*entry, field, "one of: " + join_names(allowed),
               suggest(given, {allowed.begin(), allowed.end()}));
      return;
    }
    value = given;
  }

  template <class E>
  void choice(const Field& field, E& value) {
    const Entry* entry = take(field.key);
    if (entry == nullptr) return;
    const std::string given = entry->value.IsScalar() ? entry->value.Scalar() : std::string{};
    std::vector<std::string> names;
    for (const auto& [enumerator, name] : enum_names(E{})) {
      if (name == given) {
        value = enumerator;
        return;
      }
      names.emplace_back(name);
    }
    expected(*entry, field, "one of: " + join_names(names), suggest(given, names));
  }

  template <class S>
  void section(const Field& field, S& value, bool /*omit_in_output*/ = false) {
    const Entry* entry = take(field.key);
    if (entry == nullptr || entry->value.IsNull()) return;  // `market:` with nothing under it
    if (!entry->value.IsMap()) {
      expected(*entry, field, "a map of keys (e.g. 'key: value' lines indented below it)");
      return;
    }
    Derived child(loader_, entry->value, child_path(field.key), entry->origin);
    describe(value, child);
    child.finish();
  }

  template <class S>
  void list(const Field& field, std::vector<S>& value, std::size_t max_size) {
    const Entry* entry = take(field.key);
    if (entry == nullptr || entry->value.IsNull()) return;
    if (!entry->value.IsSequence()) {
      expected(*entry, field, "a list (one '- ' item per entry)");
      return;
    }
    const std::string path = child_path(field.key);
    if (entry->value.size() > max_size) {
      loader_.issues.add(place(*entry), path,
                         fmt::format("at most {} entries allowed in '{}'; got {}", max_size,
                                     field.key, entry->value.size()));
    }
    value.clear();
    for (std::size_t i = 0; i < std::min(max_size, entry->value.size()); ++i) {
      const YAML::Node item = entry->value[i];
      const std::string item_path = fmt::format("{}[{}]", path, i);
      const int origin = loader_.origin_of(item, entry->origin);
      loader_.places[item_path] = ReadState::place_of(item, origin);
      if (!item.IsMap()) {
        loader_.issues.add(ReadState::place_of(item, origin), item_path,
                           fmt::format("each entry of '{}' must be a map of keys; got {}",
                                       field.key, what_node_is(item)));
        continue;
      }
      S spec{};
      Derived child(loader_, item, item_path, origin);
      describe(spec, child);
      child.finish();
      value.push_back(std::move(spec));
    }
  }

  /// `set`: any value, maps too (e.g. a generation mix), passed on as flow YAML
  /// ("key.path=value", as --set takes it); experiment and calibration files have it.
  void overrides(const Field& field, std::vector<std::string>& value) {
    for (const Entry& item : map_items(field, "a map of key.path: value")) {
      record_key_place(child_path(field.key) + "." + item.key, item);
      YAML::Emitter flow;
      flow << YAML::Flow << item.value;
      value.push_back(item.key + "=" + flow.c_str());
    }
  }

  /// Reports keys the schema did not ask for.
  void finish() {
    for (const auto& entry : entries_) {
      if (entry.used) continue;
      const std::string where = path_.empty() ? "at the top level" : "in " + path_;
      loader_.issues.add(ReadState::place_of(entry.key_node, entry.origin), child_path(entry.key),
                         fmt::format("unknown key '{}' {}", entry.key, where),
                         suggest(entry.key, known_));
    }
  }

 protected:
  bool take_null(std::string_view key) {
    for (const auto& entry : entries_) {
      if (entry.key == key) return entry.value.IsNull() && take(key) != nullptr;
    }
    return false;
  }

  /// Marks `key` as known and returns its entry, or nullptr when the map does not have it.
  const Entry* take(std::string_view key) {
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
    for (auto& entry : entries_) {
      if (entry.key != key) continue;
      entry.used = true;
      loader_.places[child_path(key)] = place(entry);
      return &entry;
    }
    return nullptr;
  }

  /// Where the key of an override entry was written (ExperimentSpec::override_places).
  void record_key_place(const std::string& path, const Entry& item) {
    loader_.places[path] = ReadState::place_of(item.key_node, item.origin);
  }

  /// The entries of the map under `field`, or none after reporting that it is not a map.
  std::vector<Entry> map_items(const Field& field, std::string_view expectation) {
    const Entry* entry = take(field.key);
    if (entry == nullptr || entry->value.IsNull()) return {};
    if (!entry->value.IsMap()) {
      expected(*entry, field, expectation);
      return {};
    }
    return map_entries(loader_, entry->value, child_path(field.key), entry->origin);
  }

  [[nodiscard]] std::string child_path(std::string_view key) const {
    return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
  }

  [[nodiscard]] static Place place(const Entry& entry) {
    return ReadState::place_of(entry.value.IsNull() ? entry.key_node : entry.value, entry.origin);
  }

  void expected(const Entry& entry, const Field& field, std::string_view expectation,
                std::string suggestion = {}) {
    std::string message =
        fmt::format("'{}' must be {}; got {}", field.key, expectation, what_node_is(entry.value));
    if (!field.note.empty()) message += fmt::format(" ({})", field.note);
    loader_.issues.add(place(entry), child_path(field.key), std::move(message),
                       std::move(suggestion));
  }

  void missing(std::string_view key) {
    const std::string where = path_.empty() ? "at the top level" : "in " + path_;
    loader_.issues.add(map_place_, child_path(key),
                       fmt::format("missing required key '{}' {}", key, where));
  }

  State& loader_;
  std::string path_;
  Place map_place_;
  std::vector<Entry> entries_;
  std::vector<std::string> known_;  // keys the schema asked for: the suggestions
};

}  // namespace murmur::yaml_walk
