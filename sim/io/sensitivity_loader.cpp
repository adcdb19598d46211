// Sensitivity YAML -> SensitivitySpec, by walking sensitivity_schema.hpp with the experiment
// files' reader (experiment_reader.hpp): the same types, ranges, unknown and duplicate keys and
// file:line:column messages. What spans several keys is checked after the walk; what needs the
// base scenario (metric, brand and generation names, weeks) by sim/run/sensitivity.cpp.

#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/input_file.hpp"
#include "sim/io/experiment_reader.hpp"
#include "sim/io/sensitivity_file.hpp"
#include "sim/io/sensitivity_schema.hpp"

namespace murmur {
namespace {

using namespace yaml_walk;  // NOLINT: the shared reader is this file's vocabulary

/// Keys a parameter may not be: the batch sets every run's seed, and outputs are read at
/// fixed weeks.
constexpr std::array<std::string_view, 2> kFixedKeys{"seed", "steps"};

void check_parameters(const SensitivitySpec& spec, ReadState& state) {
  if (!state.places.contains("parameters")) {
    state.issues.add(Place{kFromFile, 1, 1}, "parameters", "missing required key 'parameters'");
    return;
  }
  for (const ParameterRange& range : spec.parameters) {
    const std::string path = "parameters." + range.key_path;
    if (!(range.low < range.high))
      state.issues.add(state.place(path), path,
                       fmt::format("expected low < high; got [{}, {}]", range.low, range.high));
    if (std::find(kFixedKeys.begin(), kFixedKeys.end(), range.key_path) != kFixedKeys.end())
      state.issues.add(state.place(path), path,
                       fmt::format("'{}' cannot be a parameter: the study sets every run's seed "
                                   "from master_seed and reads outputs at fixed weeks",
                                   range.key_path));
  }
}

void check_outputs(const SensitivitySpec& spec, ReadState& state) {
  if (spec.outputs.empty() && !state.places.contains("outputs[0]")) {
    state.issues.add(state.place("outputs"), "outputs",
                     "give at least one output: {name, metric, brand, ...}");
    return;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < spec.outputs.size(); ++i) {
    const SensitivityOutput& output = spec.outputs[i];
    const std::string path = fmt::format("outputs[{}]", i);
    check_name(state, path + ".name", "output name", output.name, NameUse::Label);
    if (!names.insert(output.name).second)
      state.issues.add(
          state.place(path + ".name"), path + ".name",
          fmt::format("two outputs are called '{}'; give each its own name", output.name));
    if (output.mean_from && output.step && *output.mean_from > *output.step)
      state.issues.add(
          state.place(path + ".mean_from"), path + ".mean_from",
          fmt::format("mean_from ({}) is after step ({})", *output.mean_from, *output.step));
  }
}

void check_methods(SensitivitySpec& spec, ReadState& state) {
  spec.morris_given = state.places.contains("morris");
  spec.sobol_given = state.places.contains("sobol");
  if (!spec.morris_given && !spec.sobol_given)
    state.issues.add(Place{kFromFile, 1, 1}, "",
                     "give a method: 'morris: {trajectories, levels}', 'sobol: {samples}' or both");
  if (spec.morris_given && spec.morris.levels % 2 != 0)
    state.issues.add(state.place("morris.levels"), "morris.levels",
                     fmt::format("levels must be even (so that every move of p / (2(p - 1)) "
                                 "lands on the grid); got {}",
                                 spec.morris.levels));
}

}  // namespace

SensitivitySpec load_sensitivity_text(std::string_view yaml, const std::string& file_label,
                                      const std::filesystem::path& base_dir) {
  const std::vector<std::string> no_overrides;
  ReadState state{Issues(file_label, no_overrides), {}, {}, base_dir};
  SensitivitySpec spec;
  spec.source_path = file_label;
  read_document(yaml, state, "a sensitivity file", spec);
  check_name(state, "name", "study name", spec.name, NameUse::Label);
  spec.scenario_path = resolve_scenario_file(spec.scenario_file, base_dir, state);
  check_parameters(spec, state);
  check_outputs(spec, state);
  check_methods(spec, state);
  if (!state.issues.empty()) state.issues.throw_all();
  for (const auto& [path, place] : state.places)
    spec.places[path] = WrittenAt{place.line, place.column};
  return spec;
}

SensitivitySpec load_sensitivity(const std::filesystem::path& file) {
  return load_sensitivity_text(read_input_file(file, "sensitivity file"), file.string(),
                               file.parent_path());
}

}  // namespace murmur
