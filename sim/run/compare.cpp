#include "sim/run/compare.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "sim/io/scenario_loader.hpp"
#include "sim/run/batch.hpp"
#include "sim/run/model_factory.hpp"

namespace murmur {

namespace {

/// value[replicate][step index] for one (brand, metric), NaN where absent.
using ReplicateSeries = std::vector<std::vector<double>>;

struct ArmRuns {
  std::string name;
  std::vector<Step> steps;
  std::vector<RunRecord> records;  ///< by replicate
};

/// Every arm is loaded, so a bad file or --set in either is reported before anything runs.
Scenario load_arm(const ComparisonArm& arm) {
  return load_scenario(arm.scenario, arm.overrides, arm.override_origins);
}

ArmRuns run_arm(const ComparisonArm& arm_spec, const Scenario& scenario,
                const ComparisonSpec& spec) {
  ExperimentSpec arm;
  arm.name = scenario.name;
  arm.scenario_path = arm_spec.scenario;
  arm.fixed_overrides = arm_spec.overrides;
  arm.design = ExperimentDesign::List;
  arm.replicates = spec.replicates;
  arm.master_seed = spec.master_seed;
  // Each arm keeps the compared metrics its model reports; the others are skipped.
  const std::vector<std::string> reported = model_metric_names(scenario.model);
  for (const std::string& metric : spec.metrics)
    if (std::find(reported.begin(), reported.end(), metric) != reported.end())
      arm.keep.metrics.push_back(metric);
  for (Step s = 0; s <= scenario.steps; ++s) arm.keep.steps.push_back(s);
  const BatchPlan plan = prepare_batch(arm);
  ArmRuns runs{scenario.name, arm.keep.steps, std::vector<RunRecord>(spec.replicates)};
  execute_runs(arm, plan, plan.runs, spec.threads,
               [&](const PlannedRun& run, const std::string& encoded) {
                 runs.records[run.replicate] = decode_run_record(encoded, plan.experiment_hash);
               });
  return runs;
}

ReplicateSeries series_of(const ArmRuns& arm, const std::string& brand, const std::string& metric,
                          const std::vector<Step>& steps) {
  ReplicateSeries series(arm.records.size(), std::vector<double>(steps.size(), std::nan("")));
  for (std::size_t r = 0; r < arm.records.size(); ++r) {
    const RunRecord& record = arm.records[r];
    const auto brand_it =
        std::find(record.schema.brand_labels.begin(), record.schema.brand_labels.end(), brand);
    const auto metric_it =
        std::find(record.schema.metric_names.begin(), record.schema.metric_names.end(), metric);
    if (brand_it == record.schema.brand_labels.end() ||
        metric_it == record.schema.metric_names.end())
      continue;
    const auto brand_id = static_cast<std::uint16_t>(brand_it - record.schema.brand_labels.begin());
    const auto metric_id =
        static_cast<std::uint16_t>(metric_it - record.schema.metric_names.begin());
    for (const MetricsFrame& frame : record.frames) {
      const auto at = std::lower_bound(steps.begin(), steps.end(), frame.step);
      if (at != steps.end() && *at == frame.step)
        series[r][static_cast<std::size_t>(at - steps.begin())] = frame.get(metric_id, brand_id);
    }
  }
  return series;
}

SampleSummary summarise_present(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  return summarise(values);
}

/// The last finite value of each replicate's series (its final state).
std::vector<double> finals(const ReplicateSeries& series) {
  std::vector<double> out;
  for (const auto& replicate : series) {
    double last = std::nan("");
    for (double v : replicate)
      if (!std::isnan(v)) last = v;
    out.push_back(last);
  }
  return out;
}

std::vector<std::string> brands_of(const ArmRuns& a, const ArmRuns& b) {
  std::vector<std::string> brands;
  for (const ArmRuns* arm : {&a, &b})
    for (const auto& brand : arm->records.front().schema.brand_labels)
      if (std::find(brands.begin(), brands.end(), brand) == brands.end()) brands.push_back(brand);
  return brands;
}

bool has_metric(const ArmRuns& arm, const std::string& metric) {
  const auto& names = arm.records.front().schema.metric_names;
  return std::find(names.begin(), names.end(), metric) != names.end();
}

/// Keys whose value cannot change a compared run: labels, and the seed that each
/// replicate's seed replaces on both arms.
bool changes_a_compared_run(const ScenarioDifference& difference) {
  return difference.key != "name" && difference.key != "description" && difference.key != "seed";
}

/// One value for a person: JSON text cut to a readable length; "unset" where absent.
std::string shown_value(const std::optional<std::string>& value) {
  constexpr std::size_t kMaxShown = 40;
  if (!value) return "unset";
  if (value->size() <= kMaxShown) return *value;
  std::size_t cut = kMaxShown - 3;
  while (cut > 0 && (static_cast<unsigned char>((*value)[cut]) & 0xC0) == 0x80)
    --cut;  // not inside a UTF-8 character
  return value->substr(0, cut) + "...";
}

bool is_container(const std::optional<std::string>& value) {
  return value && !value->empty() && (value->front() == '{' || value->front() == '[');
}

std::string describe_difference(const ScenarioDifference& d) {
  // A whole brand or generation only one arm has is named, not printed.
  if (!d.a && is_container(d.b)) return fmt::format("{} (only in B)", d.key);
  if (!d.b && is_container(d.a)) return fmt::format("{} (only in A)", d.key);
  return fmt::format("{} ({} → {})", d.key, shown_value(d.a), shown_value(d.b));
}

/// B − A per step, over the replicates where both arms have a value.
std::vector<SampleSummary> paired_difference_series(const ReplicateSeries& a,
                                                    const ReplicateSeries& b,
                                                    std::size_t step_count) {
  std::vector<SampleSummary> out;
  for (std::size_t t = 0; t < step_count; ++t) {
    std::vector<double> paired;
    for (std::size_t r = 0; r < a.size() && r < b.size(); ++r) paired.push_back(b[r][t] - a[r][t]);
    out.push_back(summarise_present(paired));  // NaN where either arm has no value
  }
  return out;
}

}  // namespace

std::string describe_differences(const std::vector<ScenarioDifference>& differences,
                                 std::size_t max_keys) {
  std::string text;
  for (std::size_t i = 0; i < differences.size() && i < max_keys; ++i)
    text += (i == 0 ? "" : ", ") + describe_difference(differences[i]);
  if (differences.size() > max_keys)
    text += fmt::format(" and {} more", differences.size() - max_keys);
  return text;
}

std::vector<std::string> comparison_warnings(const ComparisonResult& result) {
  std::vector<std::string> warnings;
  if (result.differences.empty())
    warnings.emplace_back(
        "B does not differ from A in any scenario key: the comparison is A vs A, and every "
        "difference is zero");
  if (result.last_week_a != result.last_week_b)
    warnings.push_back(fmt::format(
        "A ends at week {} and B at week {}: the final values compare different horizons",
        result.last_week_a, result.last_week_b));
  return warnings;
}

ComparisonResult compare_scenarios(const ComparisonSpec& spec) {
  const Scenario scenario_a = load_arm(spec.a);
  const Scenario scenario_b = load_arm(spec.b);
  const ArmRuns a = run_arm(spec.a, scenario_a, spec);
  const ArmRuns b = run_arm(spec.b, scenario_b, spec);
  std::vector<Step> steps = a.steps;
  steps.insert(steps.end(), b.steps.begin(), b.steps.end());
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());

  ComparisonResult result{a.name, b.name, spec.replicates, {}, {}, {}, 0, 0};
  result.differences = scenario_differences(scenario_a, scenario_b);
  std::erase_if(result.differences,
                [](const ScenarioDifference& d) { return !changes_a_compared_run(d); });
  result.last_week_a = scenario_a.steps;
  result.last_week_b = scenario_b.steps;
  for (const RunRecord& record : a.records) result.seeds.push_back(record.run.seed);
  for (const std::string& brand : brands_of(a, b)) {
    for (const std::string& metric : spec.metrics) {
      if (!has_metric(a, metric) && !has_metric(b, metric)) continue;
      const ReplicateSeries series_a = series_of(a, brand, metric, steps);
      const ReplicateSeries series_b = series_of(b, brand, metric, steps);
      MetricComparison comparison{brand, metric, {}, {}, {}, {steps, {}, {}, {}}};
      for (std::size_t t = 0; t < steps.size(); ++t) {
        std::vector<double> at_a, at_b;
        for (const auto& replicate : series_a) at_a.push_back(replicate[t]);
        for (const auto& replicate : series_b) at_b.push_back(replicate[t]);
        comparison.series.a.push_back(summarise_present(at_a));
        comparison.series.b.push_back(summarise_present(at_b));
      }
      comparison.series.difference = paired_difference_series(series_a, series_b, steps.size());
      const std::vector<double> final_a = finals(series_a), final_b = finals(series_b);
      std::vector<double> paired;
      for (std::size_t r = 0; r < final_a.size(); ++r) paired.push_back(final_b[r] - final_a[r]);
      comparison.final_a = summarise_present(final_a);
      comparison.final_b = summarise_present(final_b);
      comparison.difference = summarise_present(paired);
      result.comparisons.push_back(std::move(comparison));
    }
  }
  return result;
}

}  // namespace murmur
