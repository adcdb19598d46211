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
#include "sim/io/experiment_reader.hpp"
#include "sim/io/experiment_schema.hpp"
#include "sim/io/yaml_map_reader.hpp"

namespace murmur {
namespace {

using namespace yaml_walk;  // NOLINT: the shared reader is this file's vocabulary

constexpr std::array<std::string_view, 3> kDesignKeys{"grid", "points", "latin_hypercube"};

// ---- checks across keys ----

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
  ExperimentSpec spec;
  spec.source_path = file_label;
  read_document(yaml, state, "an experiment", spec);
  check_name(state, "name", "experiment name", spec.name, NameUse::Label);
  spec.scenario_path = resolve_scenario_file(spec.scenario_file, base_dir, state);
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
