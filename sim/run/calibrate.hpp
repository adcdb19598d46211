#pragma once
// `murmur calibrate` (issue 19): fits a scenario's parameters to an observed series with
// NLopt's derivative-free methods, then measures how well (R², RMSE) and how surely (a
// profile-likelihood interval for each parameter). docs/calibration.md is the user's page.
//
// An evaluation is a one-point batch (sim/run/batch.hpp): the base scenario with the
// parameters' values, `replicates` runs on the same replicate seeds at every evaluation
// (common random numbers, so two evaluations differ by their parameters, not their noise, and
// the loss surface is a fixed function the optimiser can follow). Each evaluation's runs are
// stored in evaluations/<hash of what was simulated>/ as a batch directory: an interrupted
// calibration, run again, replays its deterministic optimiser through the stored records
// without running them again, and its runs spread over MPI ranks as a batch's do. Scale
// parameters (a market potential) multiply the simulated series after the runs, so
// evaluations that differ only in them share one simulation.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "sim/io/calibration.hpp"

namespace murmur {

// ---- the parts, each testable alone ----

/// The model weeks of one period of the observed series: [first, last].
struct WeekSpan {
  Step first = 0;
  Step last = 0;
};

/// Period `period` covers weeks first_week + (period − first_period)·period_weeks onwards,
/// period_weeks of them.
[[nodiscard]] WeekSpan period_week_span(const ObservedSpec& spec, std::int64_t period);

/// One period's value from its weekly values (in week order).
[[nodiscard]] double aggregate_weeks(std::span<const double> weekly, Aggregate aggregate);

/// The weight of each observation in the loss (LossWeights).
[[nodiscard]] std::vector<double> observation_weights(const std::vector<Observation>& observations,
                                                      LossWeights weights);

/// Σ weight·(observed − fitted)².
[[nodiscard]] double weighted_sum_of_squares(const std::vector<Observation>& observations,
                                             const std::vector<double>& fitted,
                                             const std::vector<double>& weights);

/// Goodness of fit of one series (a metric of a brand), unweighted: R² = 1 − SS_res/SS_tot
/// (NaN when the observed values do not vary) and RMSE = √(SS_res/n).
struct SeriesFit {
  std::string metric;
  std::string brand;
  std::size_t count = 0;
  double r_squared = 0.0;
  double rmse = 0.0;
};
[[nodiscard]] std::vector<SeriesFit> series_fit(const std::vector<Observation>& observations,
                                                const std::vector<double>& fitted);

/// The profile deviance n·ln(loss/best_loss): for Gaussian residuals of unknown variance,
/// twice the log-likelihood ratio of the profile point against the optimum.
[[nodiscard]] double profile_deviance(std::size_t observations, double loss, double best_loss);

/// The χ²(1) quantile at `level`: the deviance a profile interval of that coverage admits.
[[nodiscard]] double profile_threshold(double level);

// ---- the calibration ----

/// The most evaluations the profiles may take: parameters × 2 sides × (steps + bisections) ×
/// the budget of each re-fit (0 when uncertainty is off).
[[nodiscard]] std::uint64_t profile_budget(const CalibrationSpec& spec);

/// One evaluation of the loss, as evaluations.csv logs it.
struct EvaluationRow {
  std::uint32_t index = 0;     ///< 1-based, in the order the optimiser asked
  std::string stage;           ///< search, polish, profile:<parameter>
  std::vector<double> values;  ///< every parameter, in the file's order
  double loss = 0.0;
  std::string simulation;  ///< the evaluations/ directory that holds its runs
};

/// A parameter's estimate and its profile interval (NaN ends when uncertainty is off).
struct ParameterEstimate {
  std::string name;
  std::string key;  ///< empty for a scale
  double estimate = 0.0;
  double interval_low = 0.0;
  double interval_high = 0.0;
  /// Per end: "" (the deviance crossed the threshold there), "bound" (the interval reaches
  /// the parameter's bound), "steps" (the steps ran out first: the interval is wider).
  std::string low_note;
  std::string high_note;
};

struct CalibrationResult {
  std::vector<std::string> parameter_names;
  std::vector<double> best;  ///< every parameter, in the file's order
  double best_loss = 0.0;
  std::vector<Observation> observations;
  std::vector<double> fitted;   ///< per observation, at the best parameters
  std::vector<double> weights;  ///< per observation, as the loss used them
  std::vector<SeriesFit> fit;
  std::vector<ParameterEstimate> estimates;
  std::vector<EvaluationRow> evaluations;
  std::size_t simulations = 0;         ///< distinct evaluations that needed runs
  std::size_t simulations_stored = 0;  ///< of which an earlier invocation had stored the runs
  double profile_level = 0.0;
  double profile_threshold = 0.0;
  std::uint64_t profile_budget = 0;  ///< the most evaluations the profiles may take
};

struct CalibrationOptions {
  std::filesystem::path directory;  ///< the output directory (claimed for the whole run)
  unsigned threads = 0;             ///< per process; 0 = all cores
  int rank = 0;                     ///< this process's MPI rank (MpiSession); 0 without MPI
  /// Each evaluation, on rank 0 (throwing from it stops the calibration: what is stored stays).
  std::function<void(const EvaluationRow&)> on_evaluation;
  std::function<void(const std::string&)> on_warning;
};

/// Reads the observed series, checks it against the base scenario (metrics the model reports,
/// periods within its weeks, the weight column), fits, profiles, and returns the result.
/// Every MPI rank calls it (collective); only rank 0 writes files.
[[nodiscard]] CalibrationResult run_calibration(const CalibrationSpec& spec,
                                                const CalibrationOptions& options);

/// The output files in `directory`: parameters.csv, fit.csv, goodness_of_fit.csv,
/// evaluations.csv and fit.html (each written atomically).
void write_calibration_outputs(const CalibrationSpec& spec, const CalibrationResult& result,
                               const std::filesystem::path& directory);

/// The tables as text, for the files and the tests.
[[nodiscard]] std::string calibration_parameters_csv(const CalibrationResult& result);
[[nodiscard]] std::string calibration_fit_csv(const CalibrationResult& result);
[[nodiscard]] std::string calibration_goodness_csv(const CalibrationResult& result);
[[nodiscard]] std::string calibration_evaluations_csv(const CalibrationResult& result);
/// A self-contained page: observed against fitted per series, the estimates and the fit.
[[nodiscard]] std::string calibration_html(const CalibrationSpec& spec,
                                           const CalibrationResult& result);

}  // namespace murmur
