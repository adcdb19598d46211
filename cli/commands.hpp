#pragma once
// The murmur subcommands. Each returns the process exit code: 0 success, 2 bad input,
// 1 internal failure. Only cli/ prints or exits.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace murmur::cli {

struct RunOptions {
  std::string scenario_path;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint32_t> steps;
  unsigned threads = 0;
  std::string out_dir;                 ///< empty: results/<scenario>-<time>/
  std::vector<std::string> overrides;  ///< --set key.path=value
  bool quiet = false;
  bool attribution = false;            ///< --attribution: output.attribution=true
  bool cascades = false;               ///< --cascades: output.cascades=true
  std::uint32_t checkpoint_every = 0;  ///< 0 = no checkpoints
  std::string resume_dir;              ///< continue the interrupted run in this directory
  bool report = false;                 ///< also write report.html into the run directory
};

struct BatchOptions {
  std::string experiment_path;
  std::string out_dir;  ///< empty: results/<experiment name>/ (the same command resumes)
  unsigned threads = 0;
  bool quiet = false;
};

struct SensitivityOptions {
  std::string file_path;
  std::string out_dir;  ///< empty: results/<study name>/ (the same command resumes)
  unsigned threads = 0;
  bool quiet = false;
};

struct CompareOptions {
  std::string scenario_a;
  std::string scenario_b;                ///< empty: A, with --set-b making the difference
  std::vector<std::string> overrides;    ///< --set, applied to both arms
  std::vector<std::string> overrides_a;  ///< --set-a, applied to A after --set
  std::vector<std::string> overrides_b;  ///< --set-b, applied to B after --set
  std::optional<std::uint32_t> steps;    ///< --steps, both arms
  std::uint32_t replicates = 10;
  std::uint64_t seed = 1;  ///< master seed of the replicate seeds (shared by both arms)
  unsigned threads = 0;
  std::string report;  ///< HTML path; empty: results/compare-<a>-vs-<b>.html
};

struct RespondOptions {
  std::string scenario_path;
  std::string brand;
  std::vector<std::string> levers = {"ad_budget", "price"};
  std::vector<double> changes_percent = {-20, -10, 10, 20};
  std::uint32_t replicates = 20;
  std::uint64_t seed = 1;  ///< master seed of the replicate seeds (shared by every arm)
  unsigned threads = 0;
  std::uint32_t short_term_weeks = 13;
  std::vector<std::string> overrides;  ///< --set, applied to every arm
  std::string curve_lever;             ///< empty: no response curve
  std::vector<double> curve_values;    ///< empty: 0 to 3 times the current value
  std::string out_dir;                 ///< empty: results/respond-<scenario>-<brand>/
};

struct CalibrateOptions {
  std::string calibration_path;
  std::string out_dir;  ///< empty: results/calibrate-<name>/ (the same command resumes)
  unsigned threads = 0;
  bool quiet = false;
};

/// The worker threads a command will use for `requested` (0 = all cores): more than the
/// machine offers is capped to what it offers, with a warning on stderr saying so.
unsigned usable_threads(unsigned requested);

int run_command(const RunOptions& options);
int respond_command(const RespondOptions& options);
int compare_command(const CompareOptions& options);
int batch_command(const BatchOptions& options);
int sensitivity_command(const SensitivityOptions& options);
int calibrate_command(const CalibrateOptions& options);
/// Writes the one-page HTML report of a finished run directory (sim/run/run_report.hpp) to
/// `out`, or to RUN_DIR/report.html when `out` is empty.
int report_command(const std::string& run_directory, const std::string& out);
int validate_command(const std::string& scenario_path, const std::vector<std::string>& overrides);
int graph_command(const std::string& path, std::uint32_t clustering_sample);
/// The Markdown reference of the scenario keys, or with `experiment` of the experiment keys.
int schema_command(bool experiment);

}  // namespace murmur::cli
