// murmur batch: sweeps and replicates (sim/run/batch.hpp), with progress and a summary table.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/printf.h>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/print.hpp"
#include "cli/progress.hpp"
#include "sim/core/number_format.hpp"
#include "sim/io/experiment_loader.hpp"
#include "sim/io/output.hpp"
#include "sim/run/batch.hpp"
#include "sim/run/batch_mpi.hpp"

namespace murmur::cli {

namespace {

/// Mean and 95% CI at the last kept step, totals over generations, one line per point and brand.
std::string format_batch_summary(const ExperimentSpec& spec, const BatchPlan& plan,
                                 const BatchResult& result) {
  if (result.summary.empty()) return "";
  Step last_step = 0;
  for (const SummaryRow& row : result.summary) last_step = std::max(last_step, row.step);
  std::vector<std::string> metrics;
  for (const SummaryRow& row : result.summary)
    if (std::find(metrics.begin(), metrics.end(), row.metric) == metrics.end() &&
        metrics.size() < 4)
      metrics.push_back(row.metric);

  std::string out =
      fmt::format("week {}: mean [95% CI] over {} replicates\n", last_step, spec.replicates);
  out += fmt::format("  {:<5} {:<28} {:<12}", "point", "parameters", "brand");
  for (const auto& metric : metrics) out += fmt::format(" {:>30}", metric_heading(metric));
  out += '\n';
  std::set<std::pair<std::uint32_t, std::string>> printed;
  for (const SummaryRow& row : result.summary) {
    if (row.step != last_step || row.generation != "all" ||
        !printed.insert({row.point, row.brand}).second)
      continue;
    std::string parameters;
    for (const auto& [key, value] : plan.points[row.point])
      parameters += fmt::format("{}{}={}", parameters.empty() ? "" : " ",
                                key.substr(key.rfind('.') + 1), value);
    out += fmt::format("  {:<5} {:<28} {:<12}", row.point, parameters.empty() ? "-" : parameters,
                       row.brand);
    for (const auto& metric : metrics) {
      std::string cell = kNoValue;
      for (const SummaryRow& other : result.summary)
        if (other.point == row.point && other.step == last_step && other.brand == row.brand &&
            other.generation == "all" && other.metric == metric)
          cell = format_estimate(other.stats, metric_scale(metric));
      out += fmt::format(" {:>30}", cell);
    }
    out += '\n';
  }
  if (spec.replicates < 2)
    out += fmt::format(
        "  {}: one replicate has no spread, so no sd or 95% CI (NA in summary.csv); set "
        "replicates: 2 or more\n",
        kNoInterval);
  out += "  - = not defined for the row; definitions: docs/metrics.md\n";
  return out;
}

}  // namespace

int batch_command(const BatchOptions& options) {
  const ExperimentSpec spec = load_experiment(options.experiment_path);
  const std::string text = read_file_text(options.experiment_path);
  const std::filesystem::path directory =
      options.out_dir.empty() ? std::filesystem::path("results") / path_safe_name(spec.name)
                              : std::filesystem::path(options.out_dir);

  // Under mpirun the runs spread over the ranks; rank 0 writes every file and prints.
  const MpiSession mpi;
  BatchReporter reporter(mpi.rank(), options.quiet);

  const BatchResult result = mpi.size() > 1
                                 ? run_batch_mpi(spec, text, directory, options.threads,
                                                 reporter.on_progress(), reporter.on_warning())
                                 : run_batch(spec, text, directory, options.threads,
                                             reporter.on_progress(), reporter.on_warning());
  reporter.finish();
  if (reporter.speaks()) {
    print(format_batch_summary(spec, prepare_batch(spec), result));
    print(fmt::sprintf("%zu runs (%zu points x %u replicates, %zu already done) in %s\n",
                       result.runs, result.points, spec.replicates, result.runs_skipped,
                       format_duration(result.wall_seconds).c_str()));
    print(fmt::sprintf("results: %s\n         %s\n         %s\n", result.runs_csv.c_str(),
                       result.summary_csv.c_str(), result.manifest.c_str()));
  }
  return 0;
}

}  // namespace murmur::cli
