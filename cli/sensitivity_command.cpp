// murmur sensitivity FILE.yaml: Morris elementary effects and Sobol indices of scalar outputs
// (sim/run/sensitivity.hpp), run as a resumable batch (over MPI ranks under mpirun), with a
// ranked table per output.

#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/print.hpp"
#include "cli/progress.hpp"
#include "sim/core/number_format.hpp"
#include "sim/io/output.hpp"
#include "sim/io/sensitivity_file.hpp"
#include "sim/run/batch_mpi.hpp"
#include "sim/run/sensitivity.hpp"

namespace murmur::cli {

namespace {

/// "estimate [lo, hi]" in the shared number style, or the estimate alone without an interval.
std::string estimate(double value, const Interval& ci) {
  if (std::isnan(value)) return kNoValue;
  if (std::isnan(ci.low)) return format_value(value, NumberScale::Quantity);
  return format_estimate(value, ci.low, ci.high, 2, NumberScale::Quantity);
}

/// The parameters of one output, most influential first: by S_T when Sobol ran, else by μ*.
std::string format_output(const SensitivityResult& result, const OutputIndices& output,
                          const ResolvedOutput& resolved) {
  const SensitivityOutput& o = resolved.output;
  const std::string weeks = resolved.from == resolved.to
                                ? fmt::format("week {}", resolved.to)
                                : fmt::format("mean of weeks {}-{}", resolved.from, resolved.to);
  std::string out =
      fmt::format("\n{}: {} of {} (generation {}), {}; ranked by {}\n", output.output, o.metric,
                  o.brand, o.generation, weeks, output.sobol.empty() ? "mu*" : "total S_T");
  out += fmt::format("  {:<36}", "parameter");
  if (!output.morris.empty()) out += fmt::format(" {:>28} {:>10}", "mu* [95% CI]", "sigma");
  if (!output.sobol.empty()) out += fmt::format(" {:>28} {:>28}", "S [95% CI]", "S_T [95% CI]");
  out += '\n';
  for (const std::size_t i : ranked_parameters(output)) {
    out += fmt::format("  {:<36}", result.parameters[i]);
    if (!output.morris.empty())
      out += fmt::format(" {:>28} {:>10}",
                         estimate(output.morris[i].mu_star, output.morris[i].mu_star_ci),
                         estimate(output.morris[i].sigma, {}));
    if (!output.sobol.empty())
      out +=
          fmt::format(" {:>28} {:>28}", estimate(output.sobol[i].first, output.sobol[i].first_ci),
                      estimate(output.sobol[i].total, output.sobol[i].total_ci));
    out += '\n';
  }
  return out;
}

std::string format_methods(const SensitivityStudy& study) {
  const SensitivitySpec& spec = study.spec;
  std::string out;
  if (study.morris_points > 0)
    out += fmt::format(
        "Morris (1991): {} trajectories, {} levels, each move {:.4g} of a parameter's range; mu* "
        "= mean |elementary effect| (Campolongo et al. 2007), in output units per whole range.\n",
        spec.morris.trajectories, spec.morris.levels, morris_step(spec.morris.levels));
  if (study.sobol_points > 0)
    out += fmt::format(
        "Sobol: Saltelli sampling on a Sobol sequence, N = {}; S by Saltelli et al. (2010), S_T "
        "by Jansen (1999); not clipped, so a negative S is sampling error.\n",
        spec.sobol.samples);
  out += fmt::format(
      "Each point is the mean of {} replicate(s) on common random numbers; intervals: "
      "bootstrap 95%, {} resamples.\n",
      spec.replicates, spec.bootstrap);
  return out;
}

}  // namespace

int sensitivity_command(const SensitivityOptions& options) {
  const SensitivitySpec spec = load_sensitivity(options.file_path);
  const std::string text = read_file_text(options.file_path);
  const std::filesystem::path directory =
      options.out_dir.empty() ? std::filesystem::path("results") / path_safe_name(spec.name)
                              : std::filesystem::path(options.out_dir);
  const SensitivityStudy study = plan_sensitivity(spec);

  // As murmur batch: under mpirun the runs spread over the ranks; rank 0 writes and prints.
  const MpiSession mpi;
  BatchReporter reporter(mpi.rank(), options.quiet);

  const SensitivityResult result =
      run_sensitivity(study, text, directory, options.threads, mpi.size() > 1,
                      reporter.on_progress(), reporter.on_warning());
  reporter.finish();
  if (!reporter.speaks()) return 0;
  print(format_methods(study));
  for (std::size_t o = 0; o < result.indices.size(); ++o)
    print(format_output(result, result.indices[o], study.outputs[o]));
  print(fmt::format("\n{} runs ({} points x {} replicates, {} already done) in {}\n",
                    result.batch.runs, result.batch.points, spec.replicates,
                    result.batch.runs_skipped, format_duration(result.batch.wall_seconds)));
  print(fmt::format("results: {}\n         {}\n         {}\n         {}\n",
                    result.indices_csv.string(), result.outputs_csv.string(),
                    result.report_html.string(), result.batch.runs_csv.string()));
  return 0;
}

}  // namespace murmur::cli
