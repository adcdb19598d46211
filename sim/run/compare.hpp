#pragma once
// Two scenarios compared for strategists (issue 4): the same replicate seeds on both arms
// (common random numbers, so the difference has far less noise than either arm), the paired
// difference of the final metrics per brand with a 95% confidence interval, and the series
// over time with their confidence bands for the HTML report. Each arm is a scenario file
// with its own overrides, so a what-if needs no second file (B = A with B's --set).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/core/types.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/statistics.hpp"

namespace murmur {

/// One arm: a scenario file and the overrides applied to it ("key.path=value", as for
/// `run --set`), each with the command-line option that gave it, for messages.
struct ComparisonArm {
  std::filesystem::path scenario;
  std::vector<std::string> overrides;
  std::vector<OverrideOrigin> override_origins;  ///< parallel to overrides; missing: "--set"
};

struct ComparisonSpec {
  ComparisonArm a;
  ComparisonArm b;
  std::uint32_t replicates = 10;
  Seed master_seed = 1;
  unsigned threads = 0;
  /// Metrics compared; those a model does not have are skipped.
  std::vector<std::string> metrics = {"share", "nps", "churn_annual", "awareness", "adoption"};
  /// Called after each finished run, one at a time; it may throw to stop the comparison
  /// (the Python module's Ctrl-C). Empty: nothing is called.
  std::function<void()> after_each_run;
};

struct ArmSeries {
  std::vector<Step> steps;
  std::vector<SampleSummary> a;  ///< per step, over replicates
  std::vector<SampleSummary> b;
  std::vector<SampleSummary> difference;  ///< B − A per step, paired by replicate
};

struct MetricComparison {
  std::string brand;
  std::string metric;
  SampleSummary final_a;
  SampleSummary final_b;
  SampleSummary difference;  ///< B − A, paired by replicate
  ArmSeries series;
};

/// The social value of seeding (Libai, Muller & Peres 2013) of one brand, when B differs from A
/// only in how brands seed their early adopters: B's organic adoptions (new customers not
/// seeded) against A's, in adoptions discounted at the scenario's rate, paired by replicate.
/// Adoptions are matched in order (B's k-th with A's k-th): *acceleration* is what the
/// matched ones gain by coming earlier, *expansion* the value of the adoptions one arm has
/// beyond the other's count by the horizon (negative when seeding cost adopters); they sum to
/// the total.
struct SeedingValue {
  std::string brand;
  SampleSummary total;
  SampleSummary acceleration;
  SampleSummary expansion;
};

/// The decomposition for one pair of runs: per week t = 0, 1, …, the organic adoptions of each
/// arm; `weekly_discount` d values an adoption in week t at (1 + d)^−t.
struct SeedingDecomposition {
  double total = 0.0;
  double acceleration = 0.0;
  double expansion = 0.0;
};
[[nodiscard]] SeedingDecomposition decompose_seeding_value(const std::vector<double>& adoptions_a,
                                                           const std::vector<double>& adoptions_b,
                                                           double weekly_discount);

/// Whether every key B changes is a brand's seeding (seeded_fraction or seeding), and at least
/// one is.
[[nodiscard]] bool differs_only_in_seeding(const std::vector<ScenarioDifference>& differences);

struct ComparisonResult {
  std::string name_a;
  std::string name_b;
  std::uint32_t replicates = 0;
  std::vector<Seed> seeds;
  std::vector<MetricComparison> comparisons;  ///< brand-major, metrics in spec order
  /// What B changes in A's resolved scenario, keys that cannot change a compared run left out
  /// (name, description, and seed, which each replicate's seed replaces on both arms).
  std::vector<ScenarioDifference> differences;
  Step last_week_a = 0;  ///< the week each arm ends (its steps)
  Step last_week_b = 0;
  /// Per brand, when B differs from A only in seeding (differs_only_in_seeding); else empty.
  std::vector<SeedingValue> seeding_value;
};

/// Runs both arms (replicates × 2 runs, side by side) and compares them. Throws InputError
/// for a scenario or an override that does not load, naming the option that gave it.
[[nodiscard]] ComparisonResult compare_scenarios(const ComparisonSpec& spec);

/// "brands[0].ad_budget (8.0 → 20.0), steps (104 → 52)": at most `max_keys` differences, then
/// "and N more"; empty when there are none.
[[nodiscard]] std::string describe_differences(const std::vector<ScenarioDifference>& differences,
                                               std::size_t max_keys = 5);

/// What makes the comparison not what it seems, one sentence each: B not differing from A
/// at all (A vs A), the arms ending at different weeks (the final values compare different
/// horizons). Empty for a plain comparison.
[[nodiscard]] std::vector<std::string> comparison_warnings(const ComparisonResult& result);

/// A self-contained HTML report: inline SVG charts with confidence bands, no network needed.
[[nodiscard]] std::string comparison_html(const ComparisonResult& result);

}  // namespace murmur
