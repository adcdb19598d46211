#include "sim/run/respond.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/scenario_schema.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/batch.hpp"

namespace murmur {

namespace {

/// A brand's outcomes of one run over the two windows, for one generation (or "all").
struct WindowTotals {
  double sales_short = 0.0;  ///< purchases summed over the short term
  double sales_long = 0.0;   ///< purchases summed over every week
  double share_short = 0.0;  ///< mean share over the short term
  double share_long = 0.0;   ///< mean share over every week
};

/// totals[arm][replicate][generation slot]; slot 0 is "all", slot g + 1 generation g.
struct ArmTotals {
  std::vector<std::string> generations;
  std::vector<std::vector<std::vector<WindowTotals>>> totals;
};

/// What a respond run needs to know about the scenario before running it.
struct Target {
  Scenario scenario;
  std::size_t brand = 0;
  Step short_term_end = 0;
};

InputIssue option_issue(std::string option, std::string message, std::string suggestion = {}) {
  InputIssue issue;
  issue.file = std::move(option);
  issue.message = std::move(message);
  issue.suggestion = std::move(suggestion);
  return issue;
}

Target resolve_target(const ResponseSpec& spec) {
  Target target{load_scenario(spec.scenario_path, spec.overrides), 0, 0};
  const Scenario& scenario = target.scenario;
  if (scenario.model != ModelKind::Market)
    throw InputError(option_issue(spec.scenario_path.string(),
                                  "respond measures the levers of brands: it needs a market "
                                  "scenario (model: market), this one is a Bass model"));
  std::vector<std::string> names;
  for (const BrandSpec& brand : scenario.brands) names.push_back(brand.name);
  const auto found = std::find(names.begin(), names.end(), spec.brand);
  if (found == names.end())
    throw InputError(option_issue("--brand",
                                  fmt::format("no brand '{}' in '{}'; its brands: {}", spec.brand,
                                              scenario.name, fmt::join(names, ", ")),
                                  nearest_word(spec.brand, names)));
  target.brand = static_cast<std::size_t>(found - names.begin());
  target.short_term_end = std::min(spec.short_term_weeks, scenario.steps);
  return target;
}

const NumericKey& lever_key(const std::string& lever) {
  static const std::vector<NumericKey> levers = brand_levers();
  const auto found = std::find_if(levers.begin(), levers.end(),
                                  [&](const NumericKey& key) { return key.key == lever; });
  if (found != levers.end()) return *found;
  std::vector<std::string> names;
  for (const NumericKey& key : levers) names.emplace_back(key.key);
  throw InputError(option_issue(
      "--lever",
      fmt::format("'{}' is not a brand lever; levers: {}", lever, fmt::join(names, ", ")),
      nearest_word(lever, names)));
}

double lever_value(const Target& target, const std::string& lever) {
  BrandSpec brand = target.scenario.brands[target.brand];
  return *find_brand_lever(brand, lever);
}

/// Sums one run's frames into the two windows, for the brand, per generation.
std::vector<WindowTotals> window_totals(const RunRecord& record, std::size_t brand,
                                        Step short_term_end, Step steps) {
  const MetricsSchema& schema = record.schema;
  const std::uint16_t purchases = schema.metric_id("purchases");
  const std::uint16_t share = schema.metric_id("share");
  std::vector<WindowTotals> totals(schema.generation_labels.size() + 1);
  for (const MetricsFrame& frame : record.frames) {
    if (frame.step == 0) continue;  // the state before the first week: no change acts yet
    const bool short_term = frame.step <= short_term_end;
    for (const MetricValue& v : frame.values) {
      if (v.brand != brand || !std::isfinite(v.value)) continue;
      WindowTotals& slot = totals[v.generation == kAllLabel ? 0 : v.generation + 1u];
      if (v.metric == purchases) {
        slot.sales_long += v.value;
        if (short_term) slot.sales_short += v.value;
      } else if (v.metric == share) {
        slot.share_long += v.value / steps;
        if (short_term) slot.share_short += v.value / short_term_end;
      }
    }
  }
  return totals;
}

/// Runs the scenario once per value of the lever, on the same replicate seeds.
ArmTotals run_arms(const ResponseSpec& spec, const Target& target, const std::string& lever,
                   const std::vector<double>& values) {
  ExperimentSpec experiment;
  experiment.name = target.scenario.name;
  experiment.scenario_path = spec.scenario_path;
  experiment.fixed_overrides = spec.overrides;
  experiment.design = ExperimentDesign::List;
  const std::string key = fmt::format("brands[{}].{}", target.brand, lever);
  for (const double value : values) experiment.points.push_back({{key, fmt::format("{}", value)}});
  experiment.replicates = spec.replicates;
  experiment.master_seed = spec.master_seed;
  experiment.keep.metrics = {"purchases", "share"};
  experiment.keep.every = 1;
  experiment.keep.generations = GenerationDetail::Each;

  const BatchPlan plan = prepare_batch(experiment);
  ArmTotals arms;
  arms.totals.assign(values.size(), std::vector<std::vector<WindowTotals>>(spec.replicates));
  execute_runs(experiment, plan, plan.runs, spec.threads,
               [&](const PlannedRun& run, const std::string& encoded) {
                 const RunRecord record = decode_run_record(encoded, plan.experiment_hash);
                 if (arms.generations.empty()) {
                   arms.generations.push_back("all");
                   for (const auto& g : record.schema.generation_labels)
                     arms.generations.push_back(g);
                 }
                 arms.totals[run.point][run.replicate] = window_totals(
                     record, target.brand, target.short_term_end, target.scenario.steps);
               });
  return arms;
}

SampleSummary summarise_finite(std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  return summarise(values);
}

/// Per replicate, the elasticities of arm `arm` against arm 0 (the unchanged scenario).
struct ReplicateElasticities {
  std::vector<double> sales_short, sales_long, share_short, share_long;
};

ReplicateElasticities elasticities_of(const ArmTotals& arms, const std::vector<double>& values,
                                      std::size_t arm, std::size_t slot) {
  ReplicateElasticities e;
  for (std::size_t r = 0; r < arms.totals[arm].size(); ++r) {
    const WindowTotals& base = arms.totals[0][r][slot];
    const WindowTotals& changed = arms.totals[arm][r][slot];
    auto arc = [&](double from, double to) {
      return arc_elasticity(values[0], values[arm], from, to);
    };
    e.sales_short.push_back(arc(base.sales_short, changed.sales_short));
    e.sales_long.push_back(arc(base.sales_long, changed.sales_long));
    e.share_short.push_back(arc(base.share_short, changed.share_short));
    e.share_long.push_back(arc(base.share_long, changed.share_long));
  }
  return e;
}

OutcomeElasticity summarise_elasticities(const ReplicateElasticities& e) {
  return {{summarise_finite(e.sales_short), summarise_finite(e.share_short)},
          {summarise_finite(e.sales_long), summarise_finite(e.share_long)}};
}

/// Each replicate's mean over the changes (NaN where a change had none), element-wise.
ReplicateElasticities mean_over_changes(const std::vector<ReplicateElasticities>& changes) {
  auto mean_of = [&](auto member) {
    const std::size_t replicates = (changes.front().*member).size();
    std::vector<double> means(replicates, 0.0);
    for (std::size_t r = 0; r < replicates; ++r) {
      for (const ReplicateElasticities& change : changes) means[r] += (change.*member)[r];
      means[r] /= static_cast<double>(changes.size());
    }
    return means;
  };
  return {mean_of(&ReplicateElasticities::sales_short), mean_of(&ReplicateElasticities::sales_long),
          mean_of(&ReplicateElasticities::share_short),
          mean_of(&ReplicateElasticities::share_long)};
}

LeverResponse measure_lever(const ResponseSpec& spec, const Target& target,
                            const std::string& lever) {
  const NumericKey& key = lever_key(lever);
  LeverResponse response{lever, std::string(key.unit), lever_value(target, lever), {}, {}, {}, {}};
  if (response.base_value == 0.0)
    throw InputError(option_issue(
        "--lever", fmt::format("{}'s {} is 0, and a relative change of 0 is still 0: measure its "
                               "response curve instead (--curve {} --values ...)",
                               spec.brand, lever, lever)));
  std::vector<double> values = {response.base_value};
  for (const double change : spec.changes) values.push_back(response.base_value * (1.0 + change));
  const ArmTotals arms = run_arms(spec, target, lever, values);

  std::vector<std::vector<ReplicateElasticities>> by_slot(arms.generations.size());
  for (std::size_t c = 0; c < spec.changes.size(); ++c) {
    ChangeResponse change{spec.changes[c], values[c + 1], arms.generations, {}};
    for (std::size_t slot = 0; slot < arms.generations.size(); ++slot) {
      by_slot[slot].push_back(elasticities_of(arms, values, c + 1, slot));
      change.elasticities.push_back(summarise_elasticities(by_slot[slot].back()));
    }
    response.changes.push_back(std::move(change));
  }
  response.pooled = {std::nan(""), response.base_value, arms.generations, {}};
  for (const auto& changes : by_slot)
    response.pooled.elasticities.push_back(summarise_elasticities(mean_over_changes(changes)));

  std::vector<double> sales, share;
  for (const auto& replicate : arms.totals[0]) {
    sales.push_back(replicate[0].sales_long);
    share.push_back(replicate[0].share_long);
  }
  response.base_sales_long = summarise(sales);
  response.base_share_long = summarise(share);
  return response;
}

std::string number(double value) {
  if (std::isnan(value)) return "NA";
  return fmt::format("{}", value);
}

std::string summary_columns(const SampleSummary& s) {
  if (s.count == 0) return fmt::format("0,NA,NA,NA,NA");
  const bool interval = s.count > 1;
  return fmt::format("{},{},{},{},{}", s.count, number(s.mean),
                     interval ? number(s.standard_deviation) : "NA",
                     interval ? number(s.ci95_low) : "NA", interval ? number(s.ci95_high) : "NA");
}

}  // namespace

double arc_elasticity(double lever_from, double lever_to, double outcome_from, double outcome_to) {
  const double outcome_mean = 0.5 * (outcome_from + outcome_to);
  const double lever_mean = 0.5 * (lever_from + lever_to);
  if (outcome_mean == 0.0 || lever_to == lever_from) return std::nan("");
  return ((outcome_to - outcome_from) / outcome_mean) / ((lever_to - lever_from) / lever_mean);
}

ResponseResult measure_response(const ResponseSpec& spec) {
  const Target target = resolve_target(spec);
  for (const std::string& lever : spec.levers) (void)lever_key(lever);  // fail before running
  for (const double change : spec.changes)
    if (!(change > -1.0) || change == 0.0 || !std::isfinite(change))
      throw InputError(option_issue(
          "--changes",
          fmt::format("a change must be above -100% and not 0; got {:g}%", 100 * change)));
  ResponseResult result{target.scenario.name,  spec.brand, spec.replicates, target.scenario.steps,
                        target.short_term_end, {}};
  for (const std::string& lever : spec.levers)
    result.levers.push_back(measure_lever(spec, target, lever));
  return result;
}

std::string response_csv(const ResponseResult& result) {
  std::string csv =
      "lever,base_value,change,value,generation,outcome,window,n,mean,sd,ci95_low,"
      "ci95_high\n";
  for (const LeverResponse& lever : result.levers) {
    auto rows = [&](const ChangeResponse& change, const std::string& change_label) {
      for (std::size_t g = 0; g < change.generations.size(); ++g) {
        const OutcomeElasticity& e = change.elasticities[g];
        const std::string prefix =
            fmt::format("{},{},{},{},{},", csv_field(lever.lever), number(lever.base_value),
                        change_label, number(change.value), csv_field(change.generations[g]));
        csv += prefix + "sales,short_term," + summary_columns(e.short_term.sales) + "\n";
        csv += prefix + "sales,long_term," + summary_columns(e.long_term.sales) + "\n";
        csv += prefix + "share,short_term," + summary_columns(e.short_term.share) + "\n";
        csv += prefix + "share,long_term," + summary_columns(e.long_term.share) + "\n";
      }
    };
    for (const ChangeResponse& change : lever.changes) rows(change, number(change.change));
    rows(lever.pooled, "pooled");
  }
  return csv;
}

std::optional<double> saturation_point(const std::vector<double>& values,
                                       const std::vector<double>& responses) {
  if (responses.empty()) return std::nullopt;
  const double gain = *std::max_element(responses.begin(), responses.end()) - responses.front();
  if (!(gain > 0.0)) return std::nullopt;
  for (std::size_t k = 0; k < responses.size(); ++k)
    if (responses[k] - responses.front() >= 0.9 * gain) return values[k];
  return std::nullopt;
}

ResponseCurve measure_response_curve(const CurveSpec& spec) {
  const Target target = resolve_target(spec.base);
  const NumericKey& key = lever_key(spec.lever);
  if (spec.values.size() < 2 || !std::is_sorted(spec.values.begin(), spec.values.end()) ||
      std::adjacent_find(spec.values.begin(), spec.values.end()) != spec.values.end())
    throw InputError(
        option_issue("--values", "a response curve needs at least two distinct values, ascending"));
  const ArmTotals arms = run_arms(spec.base, target, spec.lever, spec.values);

  ResponseCurve curve;
  curve.scenario_name = target.scenario.name;
  curve.brand = spec.base.brand;
  curve.lever = spec.lever;
  curve.unit = key.unit;
  curve.replicates = spec.base.replicates;
  curve.steps = target.scenario.steps;
  curve.short_term_end = target.short_term_end;
  std::vector<double> mean_sales;
  double best_marginal = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < spec.values.size(); ++k) {
    std::vector<double> sales_long, sales_short, share_long, marginal;
    for (std::size_t r = 0; r < arms.totals[k].size(); ++r) {
      const WindowTotals& here = arms.totals[k][r][0];
      sales_long.push_back(here.sales_long);
      sales_short.push_back(here.sales_short);
      share_long.push_back(here.share_long);
      if (k > 0)
        marginal.push_back((here.sales_long - arms.totals[k - 1][r][0].sales_long) /
                           (spec.values[k] - spec.values[k - 1]));
    }
    CurvePoint point{spec.values[k], summarise(sales_long), summarise(sales_short),
                     summarise(share_long), summarise(marginal)};
    if (k > 0 && point.marginal_return.mean > best_marginal) {
      best_marginal = point.marginal_return.mean;
      curve.highest_marginal_return = std::pair{spec.values[k - 1], spec.values[k]};
    }
    mean_sales.push_back(point.sales_long.mean);
    curve.points.push_back(point);
  }
  curve.saturation_value = saturation_point(spec.values, mean_sales);
  return curve;
}

double lever_base_value(const ResponseSpec& spec, const std::string& lever) {
  const Target target = resolve_target(spec);
  (void)lever_key(lever);
  return lever_value(target, lever);
}

std::string response_curve_csv(const ResponseCurve& curve) {
  std::string csv = "lever,value,metric,n,mean,sd,ci95_low,ci95_high\n";
  for (const CurvePoint& point : curve.points) {
    const std::string prefix = fmt::format("{},{},", csv_field(curve.lever), number(point.value));
    csv += prefix + "sales_long," + summary_columns(point.sales_long) + "\n";
    csv += prefix + "sales_short," + summary_columns(point.sales_short) + "\n";
    csv += prefix + "share_long," + summary_columns(point.share_long) + "\n";
    if (point.marginal_return.count > 0)
      csv += prefix + "marginal_return," + summary_columns(point.marginal_return) + "\n";
  }
  return csv;
}

}  // namespace murmur
