// murmur compare A.yaml [B.yaml] [--set-b key=value]: the difference a strategist's option
// makes, with error bars.

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/printf.h>

#include "cli/commands.hpp"
#include "cli/print.hpp"
#include "sim/core/number_format.hpp"
#include "sim/io/output.hpp"
#include "sim/run/compare.hpp"

namespace murmur::cli {

namespace {

/// An arm as the options give it: --set and --steps for both arms, then the arm's own
/// overrides, so the arm's win; each override remembers its option for messages.
ComparisonArm arm_of(const std::string& scenario, const CompareOptions& options,
                     const std::vector<std::string>& own_overrides, const char* own_option) {
  ComparisonArm arm{scenario, {}, {}};
  auto add = [&](const std::string& override_text, const char* option) {
    arm.overrides.push_back(override_text);
    arm.override_origins.push_back(OverrideOrigin::option(option));
  };
  for (const std::string& text : options.overrides) add(text, "--set");
  if (options.steps) add(fmt::format("steps={}", *options.steps), "--steps");
  for (const std::string& text : own_overrides) add(text, own_option);
  return arm;
}

}  // namespace

int compare_command(const CompareOptions& options) {
  ComparisonSpec spec;
  spec.a = arm_of(options.scenario_a, options, options.overrides_a, "--set-a");
  spec.b = arm_of(options.scenario_b.empty() ? options.scenario_a : options.scenario_b, options,
                  options.overrides_b, "--set-b");
  spec.replicates = options.replicates;
  spec.master_seed = options.seed;
  spec.threads = options.threads;
  const ComparisonResult result = compare_scenarios(spec);

  print(fmt::sprintf(
      "A = %s, B = %s: %u replicates each, same seeds on both arms; final week, mean [95%% CI]\n",
      result.name_a.c_str(), result.name_b.c_str(), result.replicates));
  if (!result.differences.empty())
    print(fmt::format("B differs from A in: {}\n", describe_differences(result.differences)));
  for (const std::string& warning : comparison_warnings(result))
    print_error(fmt::format("murmur: warning: {}\n", warning));
  print(fmt::format("  {:<14} {:<20} {:>30} {:>30} {:>30}\n", "brand", "metric (unit)", "A", "B",
                    "B - A"));
  for (const MetricComparison& m : result.comparisons) {
    const bool significant =
        m.difference.count > 1 && (m.difference.ci95_low > 0 || m.difference.ci95_high < 0);
    const NumberScale scale = metric_scale(m.metric);
    print(fmt::format("  {:<14} {:<20} {:>30} {:>30} {:>30}{}\n", m.brand, metric_heading(m.metric),
                      format_estimate(m.final_a, scale), format_estimate(m.final_b, scale),
                      format_estimate(m.difference, scale), significant ? " *" : ""));
  }
  print(
      "  * the interval of the difference excludes zero; B - A of a percentage is in percentage "
      "points\n");
  if (!result.seeding_value.empty()) {
    print(
        "The social value of seeding (Libai, Muller & Peres 2013): B - A in organic adoptions\n"
        "(new customers not seeded), discounted at the scenario's rate; acceleration: the same\n"
        "adoptions earlier; expansion: adoptions beyond the other arm's count by the horizon\n");
    print(fmt::format("  {:<14} {:>30} {:>30} {:>30}\n", "brand", "total", "acceleration",
                      "expansion"));
    const NumberScale count = metric_scale("new_customers");
    for (const SeedingValue& v : result.seeding_value)
      print(fmt::format("  {:<14} {:>30} {:>30} {:>30}\n", v.brand, format_estimate(v.total, count),
                        format_estimate(v.acceleration, count),
                        format_estimate(v.expansion, count)));
  }

  const std::filesystem::path report =
      options.report.empty()
          ? std::filesystem::path("results") / fmt::format("compare-{}-vs-{}.html",
                                                           path_safe_name(result.name_a),
                                                           path_safe_name(result.name_b))
          : std::filesystem::path(options.report);
  if (report.has_parent_path()) std::filesystem::create_directories(report.parent_path());
  write_file_atomically(report, comparison_html(result));
  print(fmt::sprintf("report: %s\n", report.c_str()));
  return 0;
}

}  // namespace murmur::cli
