#pragma once
// Scenario files: YAML in, a checked Scenario out; the resolved Scenario as JSON for run
// manifests; the schema as Markdown for scenarios/README.md.
//
// Every key is described once in sim/core/scenario_schema.hpp. Loading collects every problem in
// the file and in the overrides, then throws one InputError whose issues carry the file,
// 1-based line and column, the key path (e.g. "brands[1].ad_budget"), what was expected
// and, for unknown keys, the nearest valid key.

#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/scenario.hpp"

namespace murmur {

/// Reads, checks and resolves a scenario file. `overrides` are "key.path=value" strings
/// (the CLI's --set, the batch runner's sweep points), e.g. "steps=104",
/// "brands[Incumbent].ad_budget=5", "generations[4.0].inertia=2". Each value is parsed as a
/// YAML scalar or flow node and applied to the YAML tree before any check, so overrides get
/// the same checks as the file; issues in them are reported with the file label "--set".
/// `override_origins[i]` says where override i was given when not by --set (compare's
/// --set-a and --set-b, an experiment file's entry at its line): its issues name that.
/// A relative graph edge list resolves against the scenario file's directory.
/// Throws InputError listing every issue.
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& file,
                                     const std::vector<std::string>& overrides = {},
                                     const std::vector<OverrideOrigin>& override_origins = {});

/// As load_scenario, from text. `file_label` names the text in messages; relative paths
/// inside resolve against `base_dir` (default: the working directory).
[[nodiscard]] Scenario load_scenario_text(std::string_view yaml, std::string file_label,
                                          const std::vector<std::string>& overrides = {},
                                          std::filesystem::path base_dir = {},
                                          const std::vector<OverrideOrigin>& override_origins = {});

/// A loaded scenario and what loading accepted but found likely a mistake: a week key
/// (brands' entry_step and exit_step, interventions' at_step) at or after `steps`, which the
/// run never reaches. Allowed, since a what-if may shorten `steps` with --set; each warning
/// names the key and where it was written (print it with format("warning")).
/// It also says which keys the file or the overrides wrote, so a caller can tell a key left at
/// its default from one written with the default's value (the dashboard turns attribution on
/// unless the scenario says `output.attribution` itself).
struct CheckedScenario {
  Scenario scenario;
  std::vector<InputIssue> warnings;
  /// Every key path written, as --set spells it with indices: "output.attribution",
  /// "brands[1].ad_budget", "brands[1]" (a whole entry), "generations[4.0].inertia".
  std::set<std::string, std::less<>> written_keys;

  /// The file or an override wrote `key` (see written_keys for the spelling).
  [[nodiscard]] bool writes(std::string_view key) const { return written_keys.contains(key); }
};

/// As load_scenario and load_scenario_text, with the warnings.
[[nodiscard]] CheckedScenario load_checked_scenario(
    const std::filesystem::path& file, const std::vector<std::string>& overrides = {},
    const std::vector<OverrideOrigin>& override_origins = {});
[[nodiscard]] CheckedScenario load_checked_scenario_text(
    std::string_view yaml, std::string file_label, const std::vector<std::string>& overrides = {},
    std::filesystem::path base_dir = {}, const std::vector<OverrideOrigin>& override_origins = {});

/// One intervention written as a scenario's `interventions:` entry is (a YAML or JSON map,
/// e.g. `{kind: scandal, brand: MassAd, value: 2, weeks: 4}`; without a trigger, at_step: 0),
/// read and checked against `scenario`'s brands and levers exactly as the loader checks the
/// file's. Issues name `label` and the key as "interventions[0].<key>". Throws InputError.
/// (The Python module's Simulation.apply.)
[[nodiscard]] InterventionSpec load_intervention(const Scenario& scenario,
                                                 std::string_view intervention_yaml,
                                                 const std::string& label);

/// The fully resolved parameters as pretty JSON (for the run manifest). Loading the JSON
/// text back (JSON is YAML) gives the same Scenario.
[[nodiscard]] std::string scenario_to_json(const Scenario& scenario);

/// A key whose resolved value differs between two scenarios: the key as --set writes it
/// (e.g. "brands[0].ad_budget", "generations[4.0].inertia") and each value as compact JSON.
struct ScenarioDifference {
  std::string key;
  std::optional<std::string> a;  ///< nullopt: the first scenario has no such key
  std::optional<std::string> b;  ///< nullopt: the second has none
};

/// The differences of `b` from `a`, key by key over their resolved parameters (as
/// scenario_to_json writes them), in schema order. A list entry or a map key that only one
/// has is one difference, not one per key inside it.
[[nodiscard]] std::vector<ScenarioDifference> scenario_differences(const Scenario& a,
                                                                   const Scenario& b);

/// Documentation of every key: path, type, unit, default, valid values and meaning.
[[nodiscard]] std::string scenario_schema_markdown();

}  // namespace murmur
