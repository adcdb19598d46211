#pragma once
// The schema visitor of experiment files (experiment_loader.cpp) and of the files that expand
// into experiments (the sensitivity file, sensitivity_loader.cpp): the generic kinds of
// yaml_map_reader.hpp plus overrides (`set`), value lists (`grid`), value maps (`points`),
// ranges (`latin_hypercube.ranges`, a sensitivity file's `parameters`) and lists of scalars.
// Only for sim/io's loaders: it sees yaml-cpp.

#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/input_file.hpp"
#include "sim/io/experiment_schema.hpp"
#include "sim/io/yaml_map_reader.hpp"

namespace murmur::yaml_walk {

/// The schema visitor for experiments: the generic kinds plus the experiment's own.
class ExperimentReader : public MapReader<ExperimentReader, ReadState> {
 public:
  using MapReader::MapReader;

  /// `grid`: key path -> a non-empty list of values.
  void value_lists(const Field& field, std::vector<ParameterValues>& value) {
    for (const Entry& item : map_items(field, "a map of key.path: [values]")) {
      const std::string item_path = child_path(field.key) + "." + item.key;
      record_key_place(item_path, item);
      if (!item.value.IsSequence() || item.value.size() == 0) {
        report(
            item.value, item.origin, item_path,
            fmt::format("expected a non-empty list of values; got {}", what_node_is(item.value)));
        continue;
      }
      ParameterValues axis{item.key, {}};
      for (const auto& node : item.value) {
        if (auto text = value_text(node, item.origin, item_path)) axis.values.push_back(*text);
      }
      value.push_back(std::move(axis));
    }
  }

  /// `points`: a non-empty list of key path -> value maps.
  void value_maps(const Field& field, std::vector<ParameterPoint>& value) {
    const Entry* entry = take(field.key);
    if (entry == nullptr) return;
    if (!entry->value.IsSequence() || entry->value.size() == 0) {
      expected(*entry, field, "a non-empty list of maps of key.path: value");
      return;
    }
    for (std::size_t i = 0; i < entry->value.size(); ++i) {
      const std::string item_path = fmt::format("{}[{}]", child_path(field.key), i);
      value.push_back(point(entry->value[i], entry->origin, item_path));
    }
  }

  /// `latin_hypercube.ranges`: key path -> [low, high] or {low, high, integer}.
  void ranges(const Field& field, std::vector<ParameterRange>& value) {
    const auto items = map_items(field, "a non-empty map of key.path: [low, high]");
    const Entry* entry = take(field.key);  // taking again is harmless: it only looks
    if (items.empty() && entry != nullptr && entry->value.IsMap()) {
      expected(*entry, field, "a non-empty map of key.path: [low, high]");
    }
    for (const Entry& item : items) {
      const std::string item_path = child_path(field.key) + "." + item.key;
      record_key_place(item_path, item);
      ParameterRange range{item.key, 0.0, 1.0, false};
      if (read_range(item, item_path, range)) value.push_back(range);
    }
  }

  /// A list of scalars: names (std::string) or weeks (Step), each within the field's range.
  template <class T>
  void values(const Field& field, std::vector<T>& value) {
    const Entry* entry = take(field.key);
    if (entry == nullptr || entry->value.IsNull()) return;
    if (!entry->value.IsSequence()) {
      expected(*entry, field, fmt::format("a list of {}", item_kind<T>(field)));
      return;
    }
    for (std::size_t i = 0; i < entry->value.size(); ++i) {
      const YAML::Node node = entry->value[i];
      loader_.places[fmt::format("{}[{}]", child_path(field.key), i)] =
          ReadState::place_of(node, entry->origin);
      if (auto parsed = list_item<T>(node, field)) {
        value.push_back(*parsed);
      } else {
        report(node, entry->origin, child_path(field.key),
               fmt::format("each entry of '{}' must be {}; got {}", field.key, item_kind<T>(field),
                           what_node_is(node)));
      }
    }
  }

 private:
  void report(const YAML::Node& node, int origin, const std::string& key_path,
              std::string message) {
    loader_.issues.add(ReadState::place_of(node, origin), key_path, std::move(message));
  }

  /// A value of a swept key, kept as YAML text: the scenario loader parses and checks it.
  std::optional<std::string> value_text(const YAML::Node& node, int origin,
                                        const std::string& key_path) {
    if (node.IsScalar()) return node.Scalar();
    report(node, origin, key_path,
           fmt::format("expected a single value (a number, word or true/false); got {}",
                       what_node_is(node)));
    return std::nullopt;
  }

  ParameterPoint point(const YAML::Node& node, int origin, const std::string& item_path) {
    ParameterPoint values;
    if (!node.IsMap()) {
      report(
          node, origin, item_path,
          fmt::format("each point must be a map of key.path: value; got {}", what_node_is(node)));
      return values;
    }
    for (const Entry& item : map_entries(loader_, node, item_path, origin)) {
      record_key_place(item_path + "." + item.key, item);
      if (auto text = value_text(item.value, item.origin, item_path + "." + item.key)) {
        values.emplace_back(item.key, *text);
      }
    }
    return values;
  }

  bool read_range(const Entry& item, const std::string& item_path, ParameterRange& range) {
    if (item.value.IsMap()) {
      ExperimentReader child(loader_, item.value, item_path, item.origin);
      describe(range, child);
      child.finish();
      return true;
    }
    const auto low = item.value.IsSequence() && item.value.size() == 2 ? parse_number(item.value[0])
                                                                       : std::nullopt;
    const auto high = low ? parse_number(item.value[1]) : std::nullopt;
    if (!high) {
      report(item.value, item.origin, item_path,
             fmt::format("expected [low, high] (two numbers) or {{low, high, integer}}; got {}",
                         what_node_is(item.value)));
      return false;
    }
    range.low = *low;
    range.high = *high;
    return true;
  }

  template <class T>
  static std::string item_kind(const Field& field) {
    if constexpr (std::is_same_v<T, std::string>) {
      return "a name";
    } else {
      return integer_range_text(field.range, std::numeric_limits<T>::max());
    }
  }

  template <class T>
  static std::optional<T> list_item(const YAML::Node& node, const Field& field) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (node.IsScalar() && !node.Scalar().empty()) return node.Scalar();
      return std::nullopt;
    } else {
      const auto whole = parse_whole(node);
      if (!whole || *whole > std::numeric_limits<T>::max() ||
          !field.range.contains(static_cast<double>(*whole))) {
        return std::nullopt;
      }
      return static_cast<T>(*whole);
    }
  }
};

/// Reads a whole file of `Spec` (an experiment, a sensitivity study): the YAML, which must be
/// one map (`what` names the file's kind in the message, e.g. "an experiment"), walked by the
/// schema; throws every issue so far. Checks across keys follow in the caller.
template <class Spec>
void read_document(std::string_view yaml, ReadState& state, std::string_view what, Spec& spec) {
  const YAML::Node root = parse_map_document(yaml, state, what);
  ExperimentReader reader(state, root, "", kFromFile);
  describe(spec, reader);
  reader.finish();
}

/// The base scenario named by `scenario: FILE`, resolved against the file's directory and
/// normalised (no experiments/../default.yaml) as messages and manifests show it; a file that
/// cannot be read is reported at `scenario`. Empty when the key is missing (reported by the
/// walk).
inline std::filesystem::path resolve_scenario_file(const std::string& scenario_file,
                                                   const std::filesystem::path& base_dir,
                                                   ReadState& state) {
  if (scenario_file.empty()) return {};
  const std::filesystem::path file(scenario_file);
  std::filesystem::path path = (file.is_absolute() ? file : base_dir / file).lexically_normal();
  if (auto issue = regular_file_issue(path, "scenario file")) {
    state.issues.add(state.place("scenario"), "scenario",
                     fmt::format("'{}': {}", path.string(), issue->message), issue->suggestion);
  }
  return path;
}

}  // namespace murmur::yaml_walk
