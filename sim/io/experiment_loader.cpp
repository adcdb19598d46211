// Experiment YAML -> ExperimentSpec, by walking the schema of experiment_schema.hpp with the
// YAML reader the scenario loader uses (yaml_map_reader.hpp): the same types, ranges,
// unknown and duplicate keys, file:line:column messages and issue collection. What spans
// several keys (the design, the scenario file, low < high) is checked after the walk.

#include "sim/io/experiment_loader.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/error.hpp"
#include "sim/core/input_file.hpp"
#include "sim/io/experiment_schema.hpp"
#include "sim/io/yaml_map_reader.hpp"

namespace murmur {
namespace {

using namespace yaml_walk;  // NOLINT: the shared reader is this file's vocabulary

constexpr std::array<std::string_view, 3> kDesignKeys{"grid", "points", "latin_hypercube"};

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

// ---- checks across keys ----

void resolve_scenario(ExperimentSpec& spec, const std::filesystem::path& base_dir,
                      ReadState& state) {
  if (spec.scenario_file.empty()) return;  // reported as missing by the walk
  const std::filesystem::path file(spec.scenario_file);
  // Normalised (no experiments/../default.yaml) as messages and manifests show it.
  spec.scenario_path = (file.is_absolute() ? file : base_dir / file).lexically_normal();
  if (auto issue = regular_file_issue(spec.scenario_path, "scenario file")) {
    state.issues.add(state.place("scenario"), "scenario",
                     fmt::format("'{}': {}", spec.scenario_path.string(), issue->message),
                     issue->suggestion);
  }
}

/// One design at most; none is one point, the base scenario.
void choose_design(ExperimentSpec& spec, ReadState& state) {
  std::vector<std::string_view> given;
  for (auto key : kDesignKeys) {
    if (state.places.contains(std::string(key))) given.push_back(key);
  }
  if (given.size() > 1) {
    state.issues.add(state.place(std::string(given[1])), std::string(given[1]),
                     "give one of 'grid', 'points' or 'latin_hypercube', not several");
  }
  if (given.empty() || given.front() == "points") spec.design = ExperimentDesign::List;
  if (!given.empty() && given.front() == "latin_hypercube") {
    spec.design = ExperimentDesign::LatinHypercube;
  }
}

void check_latin_hypercube(const ExperimentSpec& spec, ReadState& state) {
  if (spec.design != ExperimentDesign::LatinHypercube) return;
  if (!state.places.contains("latin_hypercube.ranges")) {
    state.issues.add(state.place("latin_hypercube"), "latin_hypercube.ranges",
                     "missing required key 'ranges' in latin_hypercube");
  }
  for (const auto& range : spec.latin_hypercube.ranges) {
    const std::string path = "latin_hypercube.ranges." + range.key_path;
    if (!(range.low < range.high)) {
      state.issues.add(state.place(path), path,
                       fmt::format("expected low < high; got [{}, {}]", range.low, range.high));
    }
  }
}

void check_keep(KeepSpec& keep, ReadState& state) {
  if (keep.every > 0 && state.places.contains("keep.steps")) {
    state.issues.add(state.place("keep.every"), "keep.every", "give 'steps' or 'every', not both");
  }
  // Metric names and weeks are checked against the base scenario by prepare_batch
  // (keep_issues), at the place of each entry. (A load with a bad entry throws below, so
  // entry i is the i-th value.)
  auto written_at = [&](const std::string& list, std::size_t i) {
    const Place place = state.place(fmt::format("keep.{}[{}]", list, i));
    return WrittenAt{place.line, place.column};
  };
  for (std::size_t i = 0; i < keep.metrics.size(); ++i)
    keep.metric_places.try_emplace(keep.metrics[i], written_at("metrics", i));
  for (std::size_t i = 0; i < keep.steps.size(); ++i)
    keep.step_places.try_emplace(keep.steps[i], written_at("steps", i));
  std::sort(keep.steps.begin(), keep.steps.end());
}

/// The places of the entries that become overrides, for ExperimentSpec::override_places.
void record_override_places(ExperimentSpec& spec, const ReadState& state) {
  for (const auto& [path, place] : state.places) {
    const bool overrides = path.starts_with("set.") || path.starts_with("grid.") ||
                           path.starts_with("points[") ||
                           path.starts_with("latin_hypercube.ranges.");
    if (overrides) spec.override_places[path] = WrittenAt{place.line, place.column};
  }
}

}  // namespace

ExperimentSpec load_experiment_text(std::string_view yaml, const std::string& file_label,
                                    const std::filesystem::path& base_dir) {
  const std::vector<std::string> no_overrides;
  ReadState state{Issues(file_label, no_overrides), {}, {}, base_dir};
  const YAML::Node root = parse_map_document(yaml, state, "an experiment");
  ExperimentSpec spec;
  spec.source_path = file_label;
  ExperimentReader reader(state, root, "", kFromFile);
  describe(spec, reader);
  reader.finish();
  check_name(state, "name", "experiment name", spec.name, NameUse::Label);
  resolve_scenario(spec, base_dir, state);
  choose_design(spec, state);
  check_latin_hypercube(spec, state);
  check_keep(spec.keep, state);
  if (!state.issues.empty()) state.issues.throw_all();
  record_override_places(spec, state);
  return spec;
}

ExperimentSpec load_experiment(const std::filesystem::path& file) {
  return load_experiment_text(read_input_file(file, "experiment file"), file.string(),
                              file.parent_path());
}

}  // namespace murmur
