#pragma once
// The batch runner: every run of an experiment, side by side on all cores, each run's result
// stored as its own small file as soon as it finishes. A second invocation skips finished
// runs, so an interrupted batch (Ctrl-C, kill -9, power loss) loses only the runs in flight,
// and the combined files are byte-identical to those of an uninterrupted batch because they
// are always assembled from the per-run files, in run order.
//
// Layout of a batch directory:
//   plan.json            the experiment as planned (refuses to resume a different experiment)
//   runs/run-000042.json one finished run: its point, seed and kept metric values
//   runs.csv             every run's kept metrics, varied parameters as columns (tidy)
//   summary.csv          per point × step × brand × generation × metric: n, mean, sd, 95% CI
//   manifest.json        as for `murmur run`, plus runs, points and timing

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/io/batch_files.hpp"
#include "sim/io/experiment.hpp"
#include "sim/model/metrics.hpp"
#include "sim/run/statistics.hpp"

namespace murmur {

struct BatchProgress {
  std::size_t runs_total = 0;
  std::size_t runs_done = 0;     ///< including runs skipped because already finished
  std::size_t runs_skipped = 0;  ///< finished by an earlier invocation
  double elapsed_seconds = 0.0;
};

/// The expanded experiment: every point and every run.
struct BatchPlan {
  std::vector<ParameterPoint> points;
  std::vector<PlannedRun> runs;
  std::string experiment_hash;  ///< batch_experiment_hash; carried by every run record
  /// What the points' scenarios accept but find likely a mistake (CheckedScenario), each
  /// distinct one once, as "file:line:column: message (at 'key')".
  std::vector<std::string> warnings;
};

/// One line of summary.csv.
struct SummaryRow {
  std::uint32_t point;
  Step step;
  std::string brand;
  std::string generation;
  std::string metric;
  SampleSummary stats;
};

struct BatchResult {
  std::size_t runs = 0;
  std::size_t points = 0;
  std::size_t runs_skipped = 0;
  double wall_seconds = 0.0;
  std::filesystem::path runs_csv;
  std::filesystem::path summary_csv;
  std::filesystem::path manifest;
  std::vector<SummaryRow> summary;  ///< what summary.csv holds, for the terminal table
};

using ProgressCallback = std::function<void(const BatchProgress&)>;
/// A warning for the user (e.g. a damaged run record that will be re-run), one line.
using WarningCallback = std::function<void(const std::string&)>;

/// The most runs one batch plans (each is a file in runs/ and a check on every resume).
inline constexpr std::uint64_t kMaxBatchRuns = 100'000;
/// The most points one batch plans (each point's scenario is loaded and checked up front).
inline constexpr std::uint64_t kMaxBatchPoints = 10'000;

/// Refuses (InputError naming the experiment file, before expanding anything) a design whose
/// points or runs exceed the limits above, or whose plan and concurrent runs would not fit in
/// the memory available; the message gives the counts and the estimate.
void check_batch_size(const ExperimentSpec& spec, unsigned threads = 0);

/// Expands the design and validates every point's scenario; throws InputError listing every
/// bad point before anything is written, and `keep` entries no run could fill (metrics the
/// model does not report, weeks after the shortest point's last). With the experiment's text,
/// the plan also carries the experiment's hash (what a batch directory's records are checked
/// against).
[[nodiscard]] BatchPlan prepare_batch(const ExperimentSpec& spec);
[[nodiscard]] BatchPlan prepare_batch(const ExperimentSpec& spec,
                                      const std::string& experiment_text);

/// Creates the directory (or checks it holds this same experiment) and returns the runs not
/// finished yet, in run order: those without a record and those whose record is damaged
/// (every record is checked here, up front; each damaged one goes to `on_warning`).
[[nodiscard]] std::vector<PlannedRun> open_batch_directory(const ExperimentSpec& spec,
                                                           const std::string& experiment_text,
                                                           const BatchPlan& plan,
                                                           const std::filesystem::path& directory,
                                                           const WarningCallback& on_warning = {});

/// Stores a finished run's record in the batch directory (atomically).
void store_run_record(const std::filesystem::path& directory, std::uint32_t run_index,
                      const std::string& encoded);

/// A stored record checked when the batch directory opened (open_batch_directory), read
/// again; damaged now means it changed since, an InputError naming the file.
[[nodiscard]] RunRecord reread_run_record(const std::filesystem::path& directory,
                                          const PlannedRun& run,
                                          const std::string& experiment_hash);

/// Runs side by side on `threads` workers (0 = all cores); each finished run goes to
/// `on_finished` (called one at a time) with its encoded record.
void execute_runs(const ExperimentSpec& spec, const BatchPlan& plan,
                  const std::vector<PlannedRun>& runs, unsigned threads,
                  const std::function<void(const PlannedRun&, const std::string&)>& on_finished);

/// Assembles runs.csv, summary.csv and manifest.json from the per-run files; `threads` (per
/// process; 0 = all cores) goes into the manifest.
BatchResult finish_batch(const ExperimentSpec& spec, const std::string& experiment_text,
                         const BatchPlan& plan, const std::filesystem::path& directory,
                         unsigned threads);

/// prepare → open → execute → finish, in one process.
BatchResult run_batch(const ExperimentSpec& spec, const std::string& experiment_text,
                      const std::filesystem::path& directory, unsigned threads,
                      const ProgressCallback& on_progress, const WarningCallback& on_warning = {});

/// Executes one planned run and returns its kept frames (used by run_batch and by MPI ranks).
[[nodiscard]] RunRecord execute_planned_run(const ExperimentSpec& spec, const ParameterPoint& point,
                                            const PlannedRun& run);

/// The overrides that reproduce one run with `murmur run`.
[[nodiscard]] std::vector<std::string> run_overrides(const ExperimentSpec& spec,
                                                     const ParameterPoint& point,
                                                     const PlannedRun& run);

}  // namespace murmur
