#pragma once
// `murmur sensitivity FILE.yaml` (issue 19): which parameters drive an output of the model.
// The study (sim/io/sensitivity_file.hpp) expands into a batch of explicit points: Morris
// trajectories first, then the Saltelli design, each point one parameter vector and every
// point run on the same replicate seeds (common random numbers). The batch runner
// (sim/run/batch*) runs them into the output directory: resumable, one writer at a time,
// spread over MPI ranks. The indices are then computed from the stored run records by
// sim/run/sensitivity_methods.hpp, so they are the same bytes however the runs were spread.
//
// Files added to the batch directory:
//   outputs.csv       per point: design, parameter values, output, value (mean over replicates)
//   sensitivity.csv   per output × parameter × index: estimate, 95% interval, estimator, n
//   sensitivity.html  bar charts of the indices with their intervals, per output

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/io/sensitivity_file.hpp"
#include "sim/run/batch.hpp"
#include "sim/run/sensitivity_methods.hpp"

namespace murmur {

/// An output resolved against the base scenario: the weeks it averages.
struct ResolvedOutput {
  SensitivityOutput output;
  Step from = 0;  ///< first week of the mean (= to for a single week)
  Step to = 0;
};

/// The study planned: the batch it runs and the unit points behind its parameter values.
struct SensitivityStudy {
  SensitivitySpec spec;
  ExperimentSpec experiment;  ///< explicit points: Morris's, then Saltelli's
  std::vector<ResolvedOutput> outputs;
  /// The Morris points in [0, 1]^k as run (after rounding integer parameters), for the
  /// elementary effects; Sobol's estimators need only the block order of the outputs.
  UnitPoints morris_units;
  std::size_t morris_points = 0;  ///< points [0, morris_points) are Morris's
  std::size_t sobol_points = 0;   ///< the next sobol_points are Saltelli's
};

/// Points a study needs: r (k + 1) for Morris, N (k + 2) for Sobol (saturating).
[[nodiscard]] std::uint64_t sensitivity_point_count(const SensitivitySpec& spec);

/// Checks the outputs against the base scenario (metric, brand and generation names, weeks;
/// each at its place in the file), refuses a study larger than a batch may be (naming the
/// points and runs it needs), and expands the designs into the batch's points.
[[nodiscard]] SensitivityStudy plan_sensitivity(const SensitivitySpec& spec);

/// The indices of one output.
struct OutputIndices {
  std::string output;
  std::vector<MorrisIndex> morris;  ///< per parameter; empty without a morris section
  std::vector<SobolIndex> sobol;    ///< per parameter; empty without a sobol section
  std::uint32_t sobol_samples = 0;  ///< N behind the Sobol indices
};

/// The parameters of an output, most influential first: by S_T when Sobol ran, else by μ*
/// (NaN last; ties in file order). The order of the terminal table and the charts.
[[nodiscard]] std::vector<std::size_t> ranked_parameters(const OutputIndices& output);

/// Each output's indices from its value at every point (values[o][point], in plan order).
[[nodiscard]] std::vector<OutputIndices> sensitivity_indices(
    const SensitivityStudy& study, const std::vector<std::vector<double>>& values);

/// An output's value in one run: the mean of the metric over the output's weeks, NaN when the
/// run does not report every one of them.
[[nodiscard]] double output_value(const ResolvedOutput& output, const RunRecord& record);

struct SensitivityResult {
  BatchResult batch;
  std::vector<std::string> parameters;  ///< key paths, in the file's order
  std::vector<OutputIndices> indices;
  std::filesystem::path outputs_csv;
  std::filesystem::path indices_csv;
  std::filesystem::path report_html;
};

/// Runs the study's batch into `directory` (over every MPI rank when `over_mpi`; only rank
/// 0's result holds the indices and paths), then writes the three files above.
SensitivityResult run_sensitivity(const SensitivityStudy& study, const std::string& study_text,
                                  const std::filesystem::path& directory, unsigned threads,
                                  bool over_mpi, const ProgressCallback& on_progress,
                                  const WarningCallback& on_warning = {});

/// The tidy table of sensitivity.csv: output, method, parameter, index, estimate, ci95_low,
/// ci95_high, estimator, n.
[[nodiscard]] std::string sensitivity_csv(const std::vector<std::string>& parameters,
                                          const std::vector<OutputIndices>& indices);

/// The self-contained page of sensitivity.html.
[[nodiscard]] std::string sensitivity_html(const SensitivityStudy& study,
                                           const std::vector<OutputIndices>& indices);

}  // namespace murmur
