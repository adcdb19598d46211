#pragma once
// Reads an experiment YAML file (issue 4; the schema is sim/io/experiment_schema.hpp,
// documented in scenarios/experiments/README.md):
//
//   name: referral_x_ads
//   scenario: ../tribes.yaml            # base scenario, relative to this file
//   master_seed: 42
//   replicates: 20
//   set: {steps: 104}                   # fixed overrides for every run
//   grid:                               # or points: [...], or latin_hypercube: {samples, ranges}
//     brands[Entrant].referral_reward: [0, 0.5, 1]
//     brands[Incumbent].ad_budget: [2, 6, 10]
//   keep: {metrics: [share, nps], steps: [52, 104], generations: all}
//
// Errors are InputErrors with file, line, column and key, like the scenario loader's.

#include <filesystem>
#include <string_view>

#include "sim/io/experiment.hpp"

namespace murmur {

[[nodiscard]] ExperimentSpec load_experiment(const std::filesystem::path& file);
[[nodiscard]] ExperimentSpec load_experiment_text(std::string_view yaml,
                                                  const std::string& file_label,
                                                  const std::filesystem::path& base_dir);

/// Documentation of every experiment key (scenarios/experiments/README.md).
[[nodiscard]] std::string experiment_schema_markdown();

}  // namespace murmur
