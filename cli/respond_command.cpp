// murmur respond SCENARIO --brand B: what each lever of a brand is worth, as elasticities with
// 95% intervals (sim/run/respond.hpp), and with --curve a response curve over one lever.

#include <cmath>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/print.hpp"
#include "sim/core/number_format.hpp"
#include "sim/io/output.hpp"
#include "sim/run/respond.hpp"

namespace murmur::cli {

namespace fs = std::filesystem;

namespace {

/// Elasticities are ratios of relative changes: plain quantities, in the shared number style.
std::string interval(const SampleSummary& s) { return format_estimate(s, NumberScale::Quantity); }

std::string change_label(double change) { return fmt::format("{:+.0f}%", 100.0 * change); }

std::string elasticity_row(const std::string& label, const OutcomeElasticity& e) {
  return fmt::format("  {:<14} {:>24} {:>24} {:>24} {:>24}\n", label, interval(e.short_term.sales),
                     interval(e.long_term.sales), interval(e.short_term.share),
                     interval(e.long_term.share));
}

std::string format_lever(const LeverResponse& lever) {
  std::string out = fmt::format(
      "\n{} = {:g} {} (unchanged: {} purchases over the horizon, mean share {})\n", lever.lever,
      lever.base_value, lever.unit, format_value(lever.base_sales_long.mean, NumberScale::Count),
      format_value(lever.base_share_long.mean, NumberScale::Share));
  out += fmt::format("  {:<14} {:>24} {:>24} {:>24} {:>24}\n", "change", "sales, short term",
                     "sales, long term", "share, short term", "share, long term");
  for (const ChangeResponse& change : lever.changes)
    out += elasticity_row(fmt::format("{} ({:g})", change_label(change.change), change.value),
                          change.elasticities.front());
  out += elasticity_row("pooled", lever.pooled.elasticities.front());
  out += "  by generation, pooled over the changes:\n";
  for (std::size_t g = 1; g < lever.pooled.generations.size(); ++g)
    out += elasticity_row("  " + lever.pooled.generations[g], lever.pooled.elasticities[g]);
  return out;
}

std::string format_response(const ResponseResult& result) {
  std::string out = fmt::format(
      "{} in '{}': {} replicates per arm, every arm on the same seeds; {} weeks, each change "
      "holding from week 1.\n"
      "Arc elasticity of the brand's sales (purchases) and of its share, mean [95% CI] over "
      "replicates;\nshort term = weeks 1-{}, long term = weeks 1-{}. 'pooled' averages each "
      "replicate over the changes.\n",
      result.brand, result.scenario_name, result.replicates, result.steps, result.short_term_end,
      result.steps);
  for (const LeverResponse& lever : result.levers) out += format_lever(lever);
  return out;
}

std::string format_curve(const ResponseCurve& curve) {
  std::string out =
      fmt::format("\nresponse curve of {}'s {} ({}), {} replicates per value, {} weeks:\n",
                  curve.brand, curve.lever, curve.unit, curve.replicates, curve.steps);
  out += fmt::format("  {:>10} {:>30} {:>30}\n", "value", "purchases over the horizon",
                     "marginal return per unit");
  for (const CurvePoint& point : curve.points) {
    const SampleSummary& m = point.marginal_return;  // purchases per unit of the lever
    out += fmt::format("  {:>10g} {:>30} {:>30}\n", point.value,
                       format_estimate(point.sales_long, NumberScale::Count),
                       format_estimate(m, NumberScale::Quantity));
  }
  if (curve.highest_marginal_return)
    out += fmt::format("  highest marginal return between {:g} and {:g}\n",
                       curve.highest_marginal_return->first, curve.highest_marginal_return->second);
  out += curve.saturation_value
             ? fmt::format("  saturation: {:g} reaches 90% of the gain over the range\n",
                           *curve.saturation_value)
             : std::string("  saturation: none (sales do not rise over the range)\n");
  return out;
}

fs::path output_directory(const RespondOptions& options, const std::string& scenario_name) {
  if (!options.out_dir.empty()) return options.out_dir;
  return fs::path("results") /
         fmt::format("respond-{}-{}", path_safe_name(scenario_name), path_safe_name(options.brand));
}

/// The curve's values: as given, or 0 to 3 times the lever's current value in quarters.
std::vector<double> curve_values(const RespondOptions& options, double base_value) {
  if (!options.curve_values.empty()) return options.curve_values;
  std::vector<double> values;
  for (int quarter = 0; quarter <= 12; ++quarter) values.push_back(base_value * quarter / 4.0);
  return values;
}

}  // namespace

int respond_command(const RespondOptions& options) {
  ResponseSpec spec;
  spec.scenario_path = options.scenario_path;
  spec.overrides = options.overrides;
  spec.brand = options.brand;
  spec.levers = options.levers;
  spec.changes.clear();
  for (const double percent : options.changes_percent) spec.changes.push_back(percent / 100.0);
  spec.replicates = options.replicates;
  spec.master_seed = options.seed;
  spec.threads = options.threads;
  spec.short_term_weeks = options.short_term_weeks;

  const ResponseResult result = measure_response(spec);
  print(format_response(result));
  const fs::path directory = output_directory(options, result.scenario_name);
  fs::create_directories(directory);
  write_file_atomically(directory / "elasticities.csv", response_csv(result));

  if (!options.curve_lever.empty()) {
    double base_value = 0.0;
    for (const LeverResponse& lever : result.levers)
      if (lever.lever == options.curve_lever) base_value = lever.base_value;
    if (base_value == 0.0 && options.curve_values.empty())
      base_value = lever_base_value(spec, options.curve_lever);
    const ResponseCurve curve =
        measure_response_curve({spec, options.curve_lever, curve_values(options, base_value)});
    print(format_curve(curve));
    write_file_atomically(directory / "curve.csv", response_curve_csv(curve));
    write_file_atomically(directory / "curve.html", response_curve_html(curve));
  }
  print(fmt::format("results: {}\n", directory.string()));
  return 0;
}

}  // namespace murmur::cli
