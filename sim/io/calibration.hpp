#pragma once
// A calibration (issue 19): a base scenario, the parameters to fit within bounds, an observed
// series and how model weeks aggregate into its periods, the loss, replicates per evaluation
// and the optimiser (docs/calibration.md). Read from YAML by load_calibration (the schema is
// sim/io/calibration_schema.hpp); the observed CSV by read_observed_series. Run by
// sim/run/calibrate.hpp.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/types.hpp"
#include "sim/io/experiment.hpp"

namespace murmur {

/// One fitted parameter: a scenario key (as --set names it), or a scale that multiplies the
/// simulated series (`scale: true`, no key: e.g. the market potential m of the Bass model).
struct CalibrationParameter {
  std::string key;   ///< a scenario key path; empty for a scale
  std::string name;  ///< its label in outputs; default the key
  double low = 0.0;
  double high = 1.0;
  std::optional<double> start;  ///< default the middle of [low, high]
  bool scale = false;
  WrittenAt place;  ///< where the entry was written, for the scenario's refusals
};

/// How the model weeks of one observed period make its simulated value.
enum class Aggregate {
  Sum,   ///< the sum over the period's weeks (flows: sales, new adopters)
  Mean,  ///< their mean (levels averaged over the period: share, NPS)
  Last,  ///< the value at the period's last week (stocks at the period's end)
};

/// How the squared residuals are weighted.
enum class LossWeights {
  None,       ///< every observation counts 1
  Column,     ///< the CSV's `weight` column
  PerSeries,  ///< 1 / (mean square of the observed series): every series counts alike
};

struct ObservedSpec {
  std::string file;               ///< the CSV, relative to the calibration file
  std::filesystem::path path;     ///< resolved
  Step period_weeks = 1;          ///< model weeks per period of the CSV
  std::int64_t first_period = 1;  ///< the CSV's period that starts at `first_week`
  Step first_week = 1;            ///< the first model week of `first_period`
  Aggregate aggregate = Aggregate::Last;
  bool per_customer = false;  ///< divide simulated values by population.customers
  std::string scale;          ///< name of the scale parameter that multiplies them; "" = none
};

struct LossSpec {
  LossWeights weights = LossWeights::None;
};

/// NLopt's derivative-free methods offered (docs/calibration.md says which does what).
enum class OptimiserMethod { None, NelderMead, Subplex, Bobyqa, Crs2, Isres };

struct OptimiserStage {
  OptimiserMethod method = OptimiserMethod::NelderMead;
  std::uint32_t max_evaluations = 200;
  double tolerance = 1e-4;  ///< relative change of the parameters (on [0, 1] scales) to stop
};

struct OptimiserSpec {
  OptimiserStage search;
  OptimiserStage polish{OptimiserMethod::None, 100, 1e-4};  ///< a local stage after the search
};

/// Profile-likelihood intervals (docs/calibration.md, "Uncertainty").
struct UncertaintySpec {
  bool profile = true;
  double level = 0.95;
  double first_step = 0.05;            ///< first step out from the optimum, relative to its range
  std::uint32_t max_steps = 5;         ///< doubling steps per side before giving up
  std::uint32_t bisections = 3;        ///< bisections of the crossing, per side
  std::uint32_t max_evaluations = 40;  ///< per profile point (a re-fit of the others)
};

struct CalibrationSpec {
  std::string name = "calibration";
  std::string description;
  std::string source_path;                   ///< the calibration file
  std::string scenario_file;                 ///< as written
  std::filesystem::path scenario_path;       ///< resolved against the calibration file
  std::vector<std::string> fixed_overrides;  ///< `set:`
  std::vector<CalibrationParameter> parameters;
  ObservedSpec observed;
  LossSpec loss;
  std::uint32_t replicates = 1;
  Seed seed = 1;  ///< the replicates' seeds and the global methods' random numbers
  OptimiserSpec optimiser;
  UncertaintySpec uncertainty;
  std::map<std::string, WrittenAt> override_places;  ///< of `set:` entries, as experiments
};

/// One row of the observed CSV: `period` (or `step`), metric, brand, value[, weight].
struct Observation {
  std::int64_t period = 0;
  std::string metric;
  std::string brand;
  double value = 0.0;
  double weight = 1.0;
  int line = 0;  ///< in the CSV, for messages
};

[[nodiscard]] CalibrationSpec load_calibration(const std::filesystem::path& file);
[[nodiscard]] CalibrationSpec load_calibration_text(std::string_view yaml,
                                                    const std::string& file_label,
                                                    const std::filesystem::path& base_dir);

/// The observed series: a header naming `period` or `step`, metric, brand, value and
/// optionally weight (any order), then one row per observation. A `step` column is a period
/// of one week (the spec must then have period_weeks 1). Throws InputError naming the file,
/// line and column of any bad cell, a duplicate (period, metric, brand) or an empty table.
[[nodiscard]] std::vector<Observation> read_observed_series(const ObservedSpec& spec);
[[nodiscard]] std::vector<Observation> read_observed_text(std::string_view csv,
                                                          const std::string& file_label,
                                                          const ObservedSpec& spec);

}  // namespace murmur
