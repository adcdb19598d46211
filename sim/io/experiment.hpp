#pragma once
// An experiment: a base scenario, the parameters to vary, replicates per point, a master
// seed, and which metrics to keep at which steps (issue 4). Expanded into runs, each of
// which can be re-run alone with `murmur run BASE --seed S --set key=value ...`.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/types.hpp"

namespace murmur {

enum class ExperimentDesign {
  Grid,            ///< Cartesian product of each parameter's values
  List,            ///< explicit points
  LatinHypercube,  ///< `samples` points stratified over each parameter's range (McKay et al. 1979)
};

struct ParameterValues {
  std::string key_path;             ///< a scenario key path, as for --set
  std::vector<std::string> values;  ///< grid: the values, as YAML scalars
};

struct ParameterRange {
  std::string key_path;
  double low = 0.0;
  double high = 1.0;
  bool integer = false;  ///< round samples to whole numbers
};

struct LatinHypercubeSpec {
  std::uint32_t samples = 10;  ///< points of the design
  std::vector<ParameterRange> ranges;
};

/// Which rows of runs.csv a generation gets.
enum class GenerationDetail {
  Totals,  ///< only generation "all"
  Each,    ///< every generation too
};

/// Where a value was written in the experiment file (1-based; 0 = unknown).
struct WrittenAt {
  int line = 0;
  int column = 0;
};

struct KeepSpec {
  std::vector<std::string> metrics;  ///< empty = every metric
  std::vector<Step> steps;           ///< empty = the last step only (unless every)
  Step every = 0;                    ///< keep every n-th step and the last; 0 = off
  GenerationDetail generations = GenerationDetail::Totals;
  // Where each entry was written, for the checks that need the base scenario (keep_issues).
  std::map<std::string, WrittenAt> metric_places;
  std::map<Step, WrittenAt> step_places;
};

/// One parameter setting: (key path, value) pairs applied as overrides.
using ParameterPoint = std::vector<std::pair<std::string, std::string>>;

struct ExperimentSpec {
  std::string name = "experiment";
  std::string description;
  std::string source_path;                   ///< the experiment file
  std::string scenario_file;                 ///< the base scenario as written in the file
  std::filesystem::path scenario_path;       ///< scenario_file resolved against the experiment file
  std::vector<std::string> fixed_overrides;  ///< applied to every run before the point's values
  ExperimentDesign design = ExperimentDesign::Grid;
  std::vector<ParameterValues> grid;   ///< Grid
  std::vector<ParameterPoint> points;  ///< List
  LatinHypercubeSpec latin_hypercube;  ///< LatinHypercube
  std::uint32_t replicates = 10;
  Seed master_seed = 1;
  KeepSpec keep;
  /// Where each key of `set`, `grid`, `points[i]` and `latin_hypercube.ranges` was written, by
  /// its path in the file ("grid.brands[A].ad_budget", "points[1].steps"), so an override
  /// the scenario refuses is reported at its line (override_origin).
  std::map<std::string, WrittenAt> override_places;
};

/// Where the override of `key` by point `point` (or by `set`, when `from_set`) was written.
[[nodiscard]] OverrideOrigin override_origin(const ExperimentSpec& spec, const std::string& key,
                                             std::uint32_t point, bool from_set);

/// One run of the experiment.
struct PlannedRun {
  std::uint32_t index;      ///< 0..runs-1, point-major
  std::uint32_t point;      ///< parameter point
  std::uint32_t replicate;  ///< 0..replicates-1
  Seed seed;  ///< derived from (master seed, replicate): common random numbers across points
};

/// How many points the design has, without expanding it (saturates at UINT64_MAX), so an
/// exploding grid can be refused before it is built.
[[nodiscard]] std::uint64_t count_points(const ExperimentSpec& spec);

/// What `keep` asks for that the runs cannot give, each at its place in the experiment file:
/// metric names not in `metric_names` (the base model's; with the nearest valid name) and
/// weeks after `last_step`, the shortest run's last week (`which_run` names it in messages).
[[nodiscard]] std::vector<InputIssue> keep_issues(const ExperimentSpec& spec,
                                                  const std::vector<std::string>& metric_names,
                                                  Step last_step, const std::string& which_run);

/// The parameter points of the design, in a fixed order.
[[nodiscard]] std::vector<ParameterPoint> expand_points(const ExperimentSpec& spec);

/// Every run: points × replicates.
[[nodiscard]] std::vector<PlannedRun> plan_runs(const ExperimentSpec& spec,
                                                std::size_t point_count);

/// The varied key paths, in column order.
[[nodiscard]] std::vector<std::string> varied_keys(const ExperimentSpec& spec);

}  // namespace murmur
