#include "sim/run/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/batch_mpi.hpp"
#include "sim/run/html_chart.hpp"
#include "sim/run/model_factory.hpp"

namespace murmur {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr std::string_view kMorrisEstimator = "Morris 1991 elementary effects";
constexpr std::string_view kMuStarEstimator = "Campolongo et al. 2007 mu*";
constexpr std::string_view kFirstOrderEstimator = "Saltelli et al. 2010";
constexpr std::string_view kTotalEstimator = "Jansen 1999";

std::uint64_t saturating_product(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a)
    return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

InputIssue issue_at(const SensitivitySpec& spec, const std::string& key_path, std::string message,
                    std::string suggestion = {}) {
  const auto at = spec.places.find(key_path);
  const WrittenAt place = at == spec.places.end() ? WrittenAt{} : at->second;
  return InputIssue{spec.source_path, place.line,         place.column,
                    key_path,         std::move(message), std::move(suggestion)};
}

/// Refuses, before anything is expanded, a study the batch runner would not take.
void check_study_size(const SensitivitySpec& spec) {
  const std::uint64_t points = sensitivity_point_count(spec);
  const std::uint64_t runs = saturating_product(points, spec.replicates);
  const std::size_t k = spec.parameters.size();
  std::string cost;
  if (spec.morris_given)
    cost += fmt::format("Morris r (k + 1) = {} x {} = {}", spec.morris.trajectories, k + 1,
                        saturating_product(spec.morris.trajectories, k + 1));
  if (spec.sobol_given)
    cost += fmt::format("{}Sobol N (k + 2) = {} x {} = {}", cost.empty() ? "" : ", ",
                        spec.sobol.samples, k + 2, saturating_product(spec.sobol.samples, k + 2));
  if (points > kMaxBatchPoints)
    throw InputError(issue_at(spec, "",
                              fmt::format("the study needs {} points ({}); a batch holds "
                                          "at most {}: use fewer trajectories, samples "
                                          "or parameters",
                                          points, cost, kMaxBatchPoints)));
  if (runs > kMaxBatchRuns)
    throw InputError(issue_at(spec, "replicates",
                              fmt::format("the study needs {} points ({}) x {} replicates = {} "
                                          "runs; a batch holds at most {}",
                                          points, cost, spec.replicates, runs, kMaxBatchRuns)));
}

std::vector<std::string> with_all(std::vector<std::string> names) {
  names.insert(names.begin(), "all");
  return names;
}

/// The output's weeks, and what in it the base scenario cannot give.
ResolvedOutput resolve_output(const SensitivitySpec& spec, const SensitivityOutput& output,
                              std::size_t index, const Scenario& base,
                              std::vector<InputIssue>& issues) {
  const std::string path = fmt::format("outputs[{}]", index);
  auto check_name_in = [&](const std::string& key, const std::string& value,
                           const std::vector<std::string>& names, std::string_view what) {
    if (std::find(names.begin(), names.end(), value) != names.end()) return;
    issues.push_back(issue_at(
        spec, path + "." + key,
        fmt::format("unknown {} '{}'; the runs report: {}", what, value, fmt::join(names, ", ")),
        nearest_word(value, names)));
  };
  check_name_in("metric", output.metric, model_metric_names(base.model), "metric");
  std::vector<std::string> brands, generations;
  for (const BrandSpec& brand : base.brands) brands.push_back(brand.name);
  for (const GenerationProfile& generation : base.generations)
    generations.push_back(generation.name);
  check_name_in("brand", output.brand, with_all(brands), "brand");
  check_name_in("generation", output.generation, with_all(generations), "generation");

  ResolvedOutput resolved{output, 0, output.step.value_or(base.steps)};
  resolved.from = output.mean_from.value_or(resolved.to);
  if (resolved.to > base.steps)
    issues.push_back(issue_at(spec, path + ".step",
                              fmt::format("week {} is after the last week of the base scenario "
                                          "(steps: {})",
                                          resolved.to, base.steps)));
  if (resolved.from > resolved.to)
    issues.push_back(issue_at(
        spec, path + ".mean_from",
        fmt::format("mean_from ({}) is after the output's week ({})", resolved.from, resolved.to)));
  return resolved;
}

/// A unit coordinate as the parameter's value, and that value back in [0, 1] (rounding moves
/// it for integer parameters).
struct Mapped {
  std::string text;
  double unit = 0.0;
};

Mapped map_unit(const ParameterRange& range, double unit) {
  double value = range.low + unit * (range.high - range.low);
  if (range.integer) value = std::round(value);
  return {fmt::format("{}", value), (value - range.low) / (range.high - range.low)};
}

/// The batch: every point explicit, on the study's seeds, keeping the outputs' metrics at
/// the outputs' weeks. Points are placed in the file at the line of their parameter, so a
/// value the scenario refuses is reported there.
ExperimentSpec batch_of(const SensitivityStudy& study, const std::vector<ParameterPoint>& points) {
  const SensitivitySpec& spec = study.spec;
  ExperimentSpec experiment;
  experiment.name = spec.name;
  experiment.description = spec.description;
  experiment.source_path = spec.source_path;
  experiment.scenario_file = spec.scenario_file;
  experiment.scenario_path = spec.scenario_path;
  experiment.fixed_overrides = spec.fixed_overrides;
  experiment.design = ExperimentDesign::List;
  experiment.points = points;
  experiment.replicates = spec.replicates;
  experiment.master_seed = spec.master_seed;
  for (const ResolvedOutput& output : study.outputs) {
    KeepSpec& keep = experiment.keep;
    if (std::find(keep.metrics.begin(), keep.metrics.end(), output.output.metric) ==
        keep.metrics.end())
      keep.metrics.push_back(output.output.metric);
    for (Step week = output.from; week <= output.to; ++week) keep.steps.push_back(week);
    if (output.output.generation != "all") keep.generations = GenerationDetail::Each;
  }
  std::sort(experiment.keep.steps.begin(), experiment.keep.steps.end());
  experiment.keep.steps.erase(
      std::unique(experiment.keep.steps.begin(), experiment.keep.steps.end()),
      experiment.keep.steps.end());
  for (const auto& [path, place] : spec.places)
    if (path.starts_with("set.")) experiment.override_places[path] = place;
  for (std::size_t p = 0; p < points.size(); ++p)
    for (const ParameterRange& range : spec.parameters)
      experiment.override_places[fmt::format("points[{}].{}", p, range.key_path)] =
          spec.places.at("parameters." + range.key_path);
  return experiment;
}

std::vector<std::string> parameter_keys(const SensitivitySpec& spec) {
  std::vector<std::string> keys;
  for (const ParameterRange& range : spec.parameters) keys.push_back(range.key_path);
  return keys;
}

std::string number(double value) {
  if (std::isnan(value)) return "NA";
  return fmt::format("{}", value);
}

/// values[o][point]: each output's mean over the point's replicates, read from the records.
std::vector<std::vector<double>> point_values(const SensitivityStudy& study, const BatchPlan& plan,
                                              const fs::path& directory) {
  const std::size_t points = plan.points.size();
  std::vector<std::vector<double>> sums(study.outputs.size(), std::vector<double>(points, 0.0));
  for (const PlannedRun& run : plan.runs) {
    const RunRecord record = read_stored_run_record(directory, run, plan.experiment_hash);
    for (std::size_t o = 0; o < study.outputs.size(); ++o)
      sums[o][run.point] += output_value(study.outputs[o], record);
  }
  for (auto& output : sums)
    for (double& sum : output) sum /= static_cast<double>(study.spec.replicates);
  return sums;
}

std::string outputs_csv(const SensitivityStudy& study, const BatchPlan& plan,
                        const std::vector<std::vector<double>>& values) {
  std::string csv = "point,design";
  for (const std::string& key : parameter_keys(study.spec))
    csv += fmt::format(",{}", csv_field(key));
  csv += ",output,value\n";
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    std::string prefix = fmt::format("{},{}", p, p < study.morris_points ? "morris" : "sobol");
    for (const auto& [key, value] : plan.points[p]) prefix += fmt::format(",{}", csv_field(value));
    for (std::size_t o = 0; o < study.outputs.size(); ++o)
      csv += fmt::format("{},{},{}\n", prefix, csv_field(study.outputs[o].output.name),
                         number(values[o][p]));
  }
  return csv;
}

/// Loads the base scenario at each parameter's two bounds (every other parameter as the base
/// has it), so a bound the scenario refuses is reported once, at the parameter's line, rather
/// than at every point of the designs that reaches it.
void check_bounds(const SensitivityStudy& study) {
  std::vector<ParameterPoint> bounds;
  for (const ParameterRange& range : study.spec.parameters)
    for (const double bound : {range.low, range.high})
      bounds.push_back({{range.key_path, fmt::format("{}", bound)}});
  ExperimentSpec experiment = batch_of(study, {});
  experiment.points = bounds;
  experiment.keep = {};
  for (std::size_t p = 0; p < bounds.size(); ++p)
    experiment.override_places[fmt::format("points[{}].{}", p, bounds[p][0].first)] =
        study.spec.places.at("parameters." + bounds[p][0].first);
  try {
    (void)prepare_batch(experiment);
  } catch (const InputError& error) {
    std::vector<InputIssue> issues = error.issues();
    for (InputIssue& issue : issues) {
      const std::size_t colon = issue.message.find(": ");
      if (issue.message.starts_with("experiment point ") && colon != std::string::npos)
        issue.message = "at a bound of the parameter: " + issue.message.substr(colon + 2);
    }
    throw InputError(std::move(issues));
  }
}

}  // namespace

std::uint64_t sensitivity_point_count(const SensitivitySpec& spec) {
  const std::uint64_t k = spec.parameters.size();
  std::uint64_t points = 0;
  if (spec.morris_given) points += saturating_product(spec.morris.trajectories, k + 1);
  if (spec.sobol_given) {
    const std::uint64_t sobol = saturating_product(spec.sobol.samples, k + 2);
    points = sobol > std::numeric_limits<std::uint64_t>::max() - points
                 ? std::numeric_limits<std::uint64_t>::max()
                 : points + sobol;
  }
  return points;
}

SensitivityStudy plan_sensitivity(const SensitivitySpec& spec) {
  check_study_size(spec);
  SensitivityStudy study;
  study.spec = spec;
  // The base as every point starts from; if it does not load, the batch's checks say why,
  // at the places of the overrides.
  std::optional<Scenario> base;
  try {
    base = load_scenario(spec.scenario_path, spec.fixed_overrides);
  } catch (const InputError&) {
  }
  std::vector<InputIssue> issues;
  for (std::size_t o = 0; o < spec.outputs.size(); ++o)
    study.outputs.push_back(base ? resolve_output(spec, spec.outputs[o], o, *base, issues)
                                 : ResolvedOutput{spec.outputs[o], 0, 0});
  if (!issues.empty()) throw InputError(std::move(issues));
  check_bounds(study);

  const std::size_t k = spec.parameters.size();
  std::vector<ParameterPoint> points;
  auto add_point = [&](const std::vector<double>& unit) {
    ParameterPoint point;
    std::vector<double> realised;
    for (std::size_t i = 0; i < k; ++i) {
      Mapped mapped = map_unit(spec.parameters[i], unit[i]);
      point.emplace_back(spec.parameters[i].key_path, std::move(mapped.text));
      realised.push_back(mapped.unit);
    }
    points.push_back(std::move(point));
    return realised;
  };
  if (spec.morris_given)
    for (const auto& unit :
         morris_design(k, {spec.morris.trajectories, spec.morris.levels}, spec.master_seed))
      study.morris_units.push_back(add_point(unit));
  study.morris_points = points.size();
  if (spec.sobol_given)
    for (const auto& unit : saltelli_design(k, spec.sobol.samples)) (void)add_point(unit);
  study.sobol_points = points.size() - study.morris_points;
  study.experiment = batch_of(study, points);
  return study;
}

double output_value(const ResolvedOutput& output, const RunRecord& record) {
  const MetricsSchema& schema = record.schema;
  const auto metric =
      std::find(schema.metric_names.begin(), schema.metric_names.end(), output.output.metric);
  if (metric == schema.metric_names.end()) return kNaN;
  auto label_index = [](const std::vector<std::string>& labels, const std::string& name) {
    if (name == "all") return kAllLabel;
    const auto found = std::find(labels.begin(), labels.end(), name);
    return found == labels.end() ? std::uint16_t{0xFFFE}
                                 : static_cast<std::uint16_t>(found - labels.begin());
  };
  const std::uint16_t metric_id = static_cast<std::uint16_t>(metric - schema.metric_names.begin());
  const std::uint16_t brand = label_index(schema.brand_labels, output.output.brand);
  const std::uint16_t generation = label_index(schema.generation_labels, output.output.generation);
  double sum = 0.0;
  Step weeks = 0;
  for (const MetricsFrame& frame : record.frames) {
    if (frame.step < output.from || frame.step > output.to) continue;
    for (const MetricValue& v : frame.values)
      if (v.metric == metric_id && v.brand == brand && v.generation == generation) {
        sum += v.value;
        ++weeks;
      }
  }
  return weeks == output.to - output.from + 1 ? sum / static_cast<double>(weeks) : kNaN;
}

std::vector<std::size_t> ranked_parameters(const OutputIndices& output) {
  const std::size_t count = std::max(output.morris.size(), output.sobol.size());
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto key = [&](std::size_t i) {
    const double v = output.sobol.empty() ? output.morris[i].mu_star : output.sobol[i].total;
    return std::isnan(v) ? -std::numeric_limits<double>::infinity() : v;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  return order;
}

std::vector<OutputIndices> sensitivity_indices(const SensitivityStudy& study,
                                               const std::vector<std::vector<double>>& values) {
  const SensitivitySpec& spec = study.spec;
  const std::size_t k = spec.parameters.size();
  const BootstrapSpec bootstrap{spec.bootstrap, spec.master_seed};
  std::vector<OutputIndices> indices;
  for (std::size_t o = 0; o < study.outputs.size(); ++o) {
    const std::span<const double> all(values[o]);
    OutputIndices output{study.outputs[o].output.name, {}, {}, 0};
    if (study.morris_points > 0)
      output.morris =
          morris_indices(study.morris_units, all.first(study.morris_points), k, bootstrap);
    if (study.sobol_points > 0) output.sobol_samples = spec.sobol.samples;
    if (study.sobol_points > 0)
      output.sobol = sobol_indices(all.subspan(study.morris_points, study.sobol_points), k,
                                   spec.sobol.samples, bootstrap);
    indices.push_back(std::move(output));
  }
  return indices;
}

std::string sensitivity_csv(const std::vector<std::string>& parameters,
                            const std::vector<OutputIndices>& indices) {
  std::string csv = "output,method,parameter,index,estimate,ci95_low,ci95_high,estimator,n\n";
  for (const OutputIndices& output : indices) {
    auto row = [&](std::string_view method, std::size_t i, std::string_view index, double estimate,
                   const Interval& ci, std::string_view estimator, std::size_t n) {
      csv += fmt::format("{},{},{},{},{},{},{},{},{}\n", csv_field(output.output), method,
                         csv_field(parameters[i]), index, number(estimate), number(ci.low),
                         number(ci.high), csv_field(estimator), n);
    };
    for (std::size_t i = 0; i < output.morris.size(); ++i) {
      const MorrisIndex& m = output.morris[i];
      row("morris", i, "mu_star", m.mu_star, m.mu_star_ci, kMuStarEstimator, m.effects);
      row("morris", i, "mu", m.mu, {}, kMorrisEstimator, m.effects);
      row("morris", i, "sigma", m.sigma, {}, kMorrisEstimator, m.effects);
    }
    for (std::size_t i = 0; i < output.sobol.size(); ++i) {
      const SobolIndex& s = output.sobol[i];
      row("sobol", i, "first_order", s.first, s.first_ci, kFirstOrderEstimator,
          output.sobol_samples);
      row("sobol", i, "total", s.total, s.total_ci, kTotalEstimator, output.sobol_samples);
    }
  }
  return csv;
}

SensitivityResult run_sensitivity(const SensitivityStudy& study, const std::string& study_text,
                                  const fs::path& directory, unsigned threads, bool over_mpi,
                                  const ProgressCallback& on_progress,
                                  const WarningCallback& on_warning) {
  SensitivityResult result;
  result.parameters = parameter_keys(study.spec);
  // Called with the directory still claimed: these files have the batch's one writer.
  const FinishedCallback derive = [&](const BatchPlan& plan, const BatchResult&) {
    const auto values = point_values(study, plan, directory);
    result.indices = sensitivity_indices(study, values);
    result.outputs_csv = directory / "outputs.csv";
    result.indices_csv = directory / "sensitivity.csv";
    result.report_html = directory / "sensitivity.html";
    write_file_atomically(result.outputs_csv, outputs_csv(study, plan, values));
    write_file_atomically(result.indices_csv, sensitivity_csv(result.parameters, result.indices));
    write_file_atomically(result.report_html, sensitivity_html(study, result.indices));
  };
  result.batch = over_mpi ? run_batch_mpi(study.experiment, study_text, directory, threads,
                                          on_progress, on_warning, derive)
                          : run_batch(study.experiment, study_text, directory, threads, on_progress,
                                      on_warning, derive);
  return result;
}

}  // namespace murmur
