#pragma once
// A sensitivity file (issue 19; `murmur sensitivity`, docs/sensitivity.md): a base scenario, the
// parameters to vary with their bounds (any scenario key, as --set names them), the scalar
// outputs of a run to explain, and the methods (Morris, Sobol). It expands into a batch of
// explicit points (sim/run/sensitivity.hpp), so it shares the experiment file's keys where they
// mean the same: name, scenario, master_seed, replicates, set.
//
//   name: entrant_drivers
//   scenario: ../default.yaml
//   replicates: 2                        # per point, on common random numbers
//   set: {steps: 52, population.customers: 3000}
//   parameters:
//     brands[Delight].referral_reward: [0, 1]
//     brands[MassAd].ad_budget: {low: 2, high: 12}
//   outputs:
//     - {name: delight_share, metric: share, brand: Delight}          # at the last week
//     - {name: delight_nps, metric: nps, brand: Delight, mean_from: 40} # mean of weeks 40..last
//   morris: {trajectories: 20, levels: 4}
//   sobol: {samples: 256}

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/experiment.hpp"

namespace murmur {

/// One scalar output of a run: a metric of a brand (or "all") and generation (or "all"), at
/// one week or as the mean over the weeks mean_from..step.
struct SensitivityOutput {
  std::string name;  ///< how tables and charts call it
  std::string metric;
  std::string brand = "all";
  std::string generation = "all";
  std::optional<Step> step;       ///< unset: the scenario's last week
  std::optional<Step> mean_from;  ///< unset: the value at `step` alone
};

struct MorrisSettings {
  std::uint32_t trajectories = 20;  ///< r
  std::uint32_t levels = 4;         ///< p, even
};

struct SobolSettings {
  std::uint32_t samples = 256;  ///< N, rows of each of the matrices A and B
};

struct SensitivitySpec {
  std::string name = "sensitivity";
  std::string description;
  std::string source_path;              ///< the sensitivity file
  std::string scenario_file;            ///< as written
  std::filesystem::path scenario_path;  ///< resolved against the file
  std::vector<std::string> fixed_overrides;
  std::vector<ParameterRange> parameters;
  std::vector<SensitivityOutput> outputs;
  std::uint32_t replicates = 1;
  Seed master_seed = 1;
  std::uint32_t bootstrap = 1000;  ///< resamples of every bootstrap interval
  bool morris_given = false;       ///< the file has a `morris` section
  bool sobol_given = false;        ///< the file has a `sobol` section
  MorrisSettings morris;
  SobolSettings sobol;
  /// Where keys were written ("parameters.brands[A].price", "outputs[1].metric", "set.steps"),
  /// so checks against the base scenario name the line.
  std::map<std::string, WrittenAt> places;
};

[[nodiscard]] SensitivitySpec load_sensitivity(const std::filesystem::path& file);
[[nodiscard]] SensitivitySpec load_sensitivity_text(std::string_view yaml,
                                                    const std::string& file_label,
                                                    const std::filesystem::path& base_dir);

/// Documentation of every key of a sensitivity file (docs/sensitivity.md).
[[nodiscard]] std::string sensitivity_schema_markdown();

}  // namespace murmur
