#include "sim/run/compare.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "agents/market_metrics.hpp"
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

/// The metrics the social value of seeding reads, and the override that makes a run count them.
constexpr const char* kOrganicMetrics[] = {"new_customers", "new_by_seeding"};
constexpr const char* kAttributionOn = "output.attribution=true";

ArmRuns run_arm(const ComparisonArm& arm_spec, const Scenario& scenario, const ComparisonSpec& spec,
                bool seeding_value) {
  ExperimentSpec arm;
  arm.name = scenario.name;
  arm.scenario_path = arm_spec.scenario;
  arm.fixed_overrides = arm_spec.overrides;
  if (seeding_value) {  // attribution tells seeded adopters from the others
    arm.fixed_overrides.emplace_back(kAttributionOn);
    for (const char* metric : kOrganicMetrics) arm.keep.metrics.emplace_back(metric);
  }
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
                 if (spec.after_each_run) spec.after_each_run();
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

/// Per replicate, the organic adoptions of each week: new customers less the seeded ones.
ReplicateSeries organic_adoptions(const ArmRuns& arm, const std::string& brand,
                                  const std::vector<Step>& steps) {
  ReplicateSeries organic = series_of(arm, brand, "new_customers", steps);
  const ReplicateSeries seeded = series_of(arm, brand, "new_by_seeding", steps);
  for (std::size_t r = 0; r < organic.size(); ++r)
    for (std::size_t t = 0; t < organic[r].size(); ++t) {
      double& value = organic[r][t];
      value = std::isnan(value) ? 0.0 : value - (std::isnan(seeded[r][t]) ? 0.0 : seeded[r][t]);
    }
  return organic;
}

SeedingValue seeding_value_of(const ArmRuns& a, const ArmRuns& b, const std::string& brand,
                              const std::vector<Step>& steps, double weekly_discount) {
  const ReplicateSeries organic_a = organic_adoptions(a, brand, steps);
  const ReplicateSeries organic_b = organic_adoptions(b, brand, steps);
  std::vector<double> total, acceleration, expansion;
  for (std::size_t r = 0; r < organic_a.size() && r < organic_b.size(); ++r) {
    const SeedingDecomposition d =
        decompose_seeding_value(organic_a[r], organic_b[r], weekly_discount);
    total.push_back(d.total);
    acceleration.push_back(d.acceleration);
    expansion.push_back(d.expansion);
  }
  return {brand, summarise(total), summarise(acceleration), summarise(expansion)};
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

SeedingDecomposition decompose_seeding_value(const std::vector<double>& adoptions_a,
                                             const std::vector<double>& adoptions_b,
                                             double weekly_discount) {
  const std::size_t weeks = std::max(adoptions_a.size(), adoptions_b.size());
  const auto at = [](const std::vector<double>& v, std::size_t t) {
    return t < v.size() ? v[t] : 0.0;
  };
  std::vector<double> discount(weeks);
  for (std::size_t t = 0; t < weeks; ++t)
    discount[t] = std::pow(1.0 + weekly_discount, -static_cast<double>(t));
  SeedingDecomposition d;
  double count_a = 0.0, count_b = 0.0;
  for (std::size_t t = 0; t < weeks; ++t) {
    d.total += discount[t] * (at(adoptions_b, t) - at(adoptions_a, t));
    count_a += at(adoptions_a, t);
    count_b += at(adoptions_b, t);
  }
  // The arm with more adoptions by the horizon: its last (surplus) ones have no match.
  const bool b_has_more = count_b >= count_a;
  const std::vector<double>& more = b_has_more ? adoptions_b : adoptions_a;
  double surplus = std::abs(count_b - count_a), unmatched = 0.0;
  for (std::size_t t = weeks; t-- > 0 && surplus > 0.0;) {
    const double taken = std::min(surplus, at(more, t));
    unmatched += discount[t] * taken;
    surplus -= taken;
  }
  d.expansion = b_has_more ? unmatched : -unmatched;
  d.acceleration = d.total - d.expansion;
  return d;
}

bool differs_only_in_seeding(const std::vector<ScenarioDifference>& differences) {
  if (differences.empty()) return false;
  return std::all_of(differences.begin(), differences.end(), [](const ScenarioDifference& d) {
    const std::string& key = d.key;
    if (key.rfind("brands[", 0) != 0) return false;
    const std::size_t dot = key.find("].");
    if (dot == std::string::npos) return false;
    const std::string field = key.substr(dot + 2);
    return field == "seeded_fraction" || field == "seeding";
  });
}

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
  std::vector<ScenarioDifference> differences = scenario_differences(scenario_a, scenario_b);
  std::erase_if(differences,
                [](const ScenarioDifference& d) { return !changes_a_compared_run(d); });
  const bool seeding_value =
      scenario_a.model == ModelKind::Market && differs_only_in_seeding(differences);
  const ArmRuns a = run_arm(spec.a, scenario_a, spec, seeding_value);
  const ArmRuns b = run_arm(spec.b, scenario_b, spec, seeding_value);
  std::vector<Step> steps = a.steps;
  steps.insert(steps.end(), b.steps.begin(), b.steps.end());
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());

  ComparisonResult result{a.name, b.name, spec.replicates, {}, {}, {}, 0, 0, {}};
  result.differences = std::move(differences);
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
  if (seeding_value) {
    const double weekly =
        weekly_discount_rate(scenario_a.market.discount_rate_per_year, scenario_a.weeks_per_year);
    for (const std::string& brand : brands_of(a, b))
      result.seeding_value.push_back(seeding_value_of(a, b, brand, steps, weekly));
  }
  return result;
}

}  // namespace murmur
