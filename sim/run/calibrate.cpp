#include "sim/run/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include <boost/math/distributions/chi_squared.hpp>
#include <fmt/format.h>
#include <nlopt.hpp>

#include "sim/core/error.hpp"
#include "sim/core/state_hash.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/batch.hpp"
#include "sim/run/batch_mpi.hpp"
#include "sim/run/model_factory.hpp"

namespace murmur {

namespace fs = std::filesystem;

// ---- the parts ----

WeekSpan period_week_span(const ObservedSpec& spec, std::int64_t period) {
  const std::int64_t offset = period - spec.first_period;
  const std::int64_t first = static_cast<std::int64_t>(spec.first_week) +
                             offset * static_cast<std::int64_t>(spec.period_weeks);
  const std::int64_t last = first + static_cast<std::int64_t>(spec.period_weeks) - 1;
  return {static_cast<Step>(std::max<std::int64_t>(first, -1)),
          static_cast<Step>(std::max<std::int64_t>(last, -1))};
}

double aggregate_weeks(std::span<const double> weekly, Aggregate aggregate) {
  if (weekly.empty()) return std::nan("");
  switch (aggregate) {
    case Aggregate::Sum:
      return std::accumulate(weekly.begin(), weekly.end(), 0.0);
    case Aggregate::Mean:
      return std::accumulate(weekly.begin(), weekly.end(), 0.0) /
             static_cast<double>(weekly.size());
    case Aggregate::Last:
      return weekly.back();
  }
  return std::nan("");
}

std::vector<double> observation_weights(const std::vector<Observation>& observations,
                                        LossWeights weights) {
  std::vector<double> result(observations.size(), 1.0);
  if (weights == LossWeights::Column) {
    for (std::size_t i = 0; i < observations.size(); ++i) result[i] = observations[i].weight;
  } else if (weights == LossWeights::PerSeries) {
    std::map<std::pair<std::string, std::string>, std::pair<double, std::size_t>> squares;
    for (const Observation& o : observations) {
      auto& [sum, count] = squares[{o.metric, o.brand}];
      sum += o.value * o.value;
      ++count;
    }
    for (std::size_t i = 0; i < observations.size(); ++i) {
      const auto& [sum, count] = squares[{observations[i].metric, observations[i].brand}];
      result[i] = sum > 0.0 ? static_cast<double>(count) / sum : 1.0;
    }
  }
  return result;
}

double weighted_sum_of_squares(const std::vector<Observation>& observations,
                               const std::vector<double>& fitted,
                               const std::vector<double>& weights) {
  double loss = 0.0;
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const double residual = observations[i].value - fitted[i];
    loss += weights[i] * residual * residual;
  }
  return loss;
}

std::vector<SeriesFit> series_fit(const std::vector<Observation>& observations,
                                  const std::vector<double>& fitted) {
  std::vector<SeriesFit> fits;
  std::vector<std::pair<std::string, std::string>> order;
  for (const Observation& o : observations)
    if (std::find(order.begin(), order.end(), std::pair{o.metric, o.brand}) == order.end())
      order.emplace_back(o.metric, o.brand);
  for (const auto& [metric, brand] : order) {
    double sum = 0.0, residual_squares = 0.0;
    std::size_t n = 0;
    for (const Observation& o : observations)
      if (o.metric == metric && o.brand == brand) {
        sum += o.value;
        ++n;
      }
    const double mean = sum / static_cast<double>(n);
    double total_squares = 0.0;
    for (std::size_t i = 0; i < observations.size(); ++i) {
      const Observation& o = observations[i];
      if (o.metric != metric || o.brand != brand) continue;
      residual_squares += (o.value - fitted[i]) * (o.value - fitted[i]);
      total_squares += (o.value - mean) * (o.value - mean);
    }
    fits.push_back({metric, brand, n,
                    total_squares > 0.0 ? 1.0 - residual_squares / total_squares : std::nan(""),
                    std::sqrt(residual_squares / static_cast<double>(n))});
  }
  return fits;
}

double profile_deviance(std::size_t observations, double loss, double best_loss) {
  if (!(best_loss > 0.0)) return loss > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
  return static_cast<double>(observations) * std::log(loss / best_loss);
}

double profile_threshold(double level) {
  return boost::math::quantile(boost::math::chi_squared_distribution<double>(1.0), level);
}

// ---- the calibration ----

namespace {

nlopt::algorithm nlopt_algorithm(OptimiserMethod method) {
  switch (method) {
    case OptimiserMethod::NelderMead:
      return nlopt::LN_NELDERMEAD;
    case OptimiserMethod::Subplex:
      return nlopt::LN_SBPLX;
    case OptimiserMethod::Bobyqa:
      return nlopt::LN_BOBYQA;
    case OptimiserMethod::Crs2:
      return nlopt::GN_CRS2_LM;
    case OptimiserMethod::Isres:
      return nlopt::GN_ISRES;
    case OptimiserMethod::None:
      break;
  }
  throw std::logic_error("no NLopt algorithm for method none");
}

[[noreturn]] void refuse_row(const CalibrationSpec& spec, const Observation& row,
                             std::string message) {
  throw InputError(
      InputIssue{spec.observed.path.string(), row.line, 0, "", std::move(message), ""});
}

/// Where the observed series reads the simulation: which metric, brand and weeks.
struct ObservationSource {
  std::string metric;
  std::string brand;
  WeekSpan weeks;
};

class Calibrator {
 public:
  Calibrator(const CalibrationSpec& spec, const CalibrationOptions& options)
      : spec_(spec), options_(options) {
    base_ = load_scenario(spec.scenario_path, spec.fixed_overrides);
    observations_ = read_observed_series(spec.observed);
    check_observations();
    weights_ = observation_weights(observations_, spec.loss.weights);
    for (std::size_t i = 0; i < spec.parameters.size(); ++i)
      if (spec.parameters[i].scale) scale_index_ = i;
    for (const Observation& o : observations_)
      if (std::find(metrics_.begin(), metrics_.end(), o.metric) == metrics_.end())
        metrics_.push_back(o.metric);
  }

  /// The loss at `values` (every parameter), logged under `stage`.
  double loss(const std::vector<double>& values, const std::string& stage) {
    const auto [key, simulated] = simulate(values);
    const std::vector<double> fitted = fit_values(values, simulated);
    const double loss = weighted_sum_of_squares(observations_, fitted, weights_);
    EvaluationRow row{static_cast<std::uint32_t>(evaluations_.size() + 1), stage, values, loss,
                      key};
    evaluations_.push_back(row);
    if (options_.on_evaluation) options_.on_evaluation(row);
    return loss;
  }

  std::vector<double> fitted_at(const std::vector<double>& values) {
    return fit_values(values, simulate(values).second);
  }

  [[nodiscard]] const std::vector<Observation>& observations() const { return observations_; }
  [[nodiscard]] const std::vector<double>& weights() const { return weights_; }
  [[nodiscard]] std::vector<EvaluationRow> take_evaluations() { return std::move(evaluations_); }
  [[nodiscard]] std::size_t simulations() const { return simulated_.size(); }
  [[nodiscard]] std::size_t simulations_stored() const { return stored_; }

 private:
  void check_observations() {
    const std::vector<std::string> metrics = model_metric_names(base_.model);
    for (const Observation& o : observations_) {
      if (std::find(metrics.begin(), metrics.end(), o.metric) == metrics.end())
        refuse_row(spec_, o,
                   fmt::format("the {} model reports no metric '{}'{}",
                               base_.model == ModelKind::Bass ? "Bass" : "market", o.metric,
                               nearest_word(o.metric, metrics).empty()
                                   ? ""
                                   : "; did you mean '" + nearest_word(o.metric, metrics) + "'?"));
      const WeekSpan weeks = period_week_span(spec_.observed, o.period);
      if (o.period < spec_.observed.first_period || weeks.last > base_.steps)
        refuse_row(spec_, o,
                   fmt::format("period {} covers weeks {} to {}, outside the scenario's weeks 1 "
                               "to {} (observed.first_period {}, period_weeks {})",
                               o.period, weeks.first, weeks.last, base_.steps,
                               spec_.observed.first_period, spec_.observed.period_weeks));
    }
  }

  std::vector<double> fit_values(const std::vector<double>& values,
                                 const std::vector<double>& simulated) const {
    const double scale = scale_index_ ? values[*scale_index_] : 1.0;
    std::vector<double> fitted(simulated.size());
    for (std::size_t i = 0; i < simulated.size(); ++i) fitted[i] = scale * simulated[i];
    return fitted;
  }

  /// The one-point experiment of the scenario parameters' values.
  ExperimentSpec evaluation_experiment(const std::vector<double>& values) const {
    ExperimentSpec experiment;
    experiment.name = spec_.name;
    experiment.source_path = spec_.source_path;
    experiment.scenario_path = spec_.scenario_path;
    experiment.fixed_overrides = spec_.fixed_overrides;
    experiment.design = ExperimentDesign::List;
    ParameterPoint point;
    for (std::size_t i = 0; i < spec_.parameters.size(); ++i) {
      const CalibrationParameter& parameter = spec_.parameters[i];
      if (parameter.scale) continue;
      point.emplace_back(parameter.key, fmt::format("{}", values[i]));
      experiment.override_places["points[0]." + parameter.key] = parameter.place;
    }
    for (const auto& [path, place] : spec_.override_places)
      experiment.override_places[path] = place;
    experiment.points = {point};
    experiment.replicates = spec_.replicates;
    experiment.master_seed = spec_.seed;
    experiment.keep.metrics = metrics_;
    experiment.keep.every = 1;
    return experiment;
  }

  /// What identifies a simulation: everything its runs depend on (the scenario's text goes
  /// into the batch's own hash).
  static std::string evaluation_text(const ExperimentSpec& experiment) {
    std::string text = "murmur calibrate evaluation 1\nset:\n";
    for (const std::string& entry : experiment.fixed_overrides) text += "  " + entry + "\n";
    text += "point:\n";
    for (const auto& [key, value] : experiment.points.front())
      text += "  " + key + "=" + value + "\n";
    text += fmt::format("replicates: {}\nseed: {}\nmetrics:", experiment.replicates,
                        experiment.master_seed);
    for (const std::string& metric : experiment.keep.metrics) text += " " + metric;
    return text + "\n";
  }

  /// The simulated value of every observation (mean over the replicates, before any scale).
  std::pair<std::string, std::vector<double>> simulate(const std::vector<double>& values) {
    const ExperimentSpec experiment = evaluation_experiment(values);
    const std::string text = evaluation_text(experiment);
    const std::string key = fmt::format("{:016x}", hash_bytes(text));
    if (const auto found = simulated_.find(key); found != simulated_.end())
      return {key, found->second};

    const BatchPlan plan = prepare_batch(experiment, text);  // every rank: all fail alike
    const fs::path directory = options_.directory / "evaluations" / key;
    std::vector<double> simulated;
    std::vector<PlannedRun> pending;
    const bool root = options_.rank == 0;
    if (root) {
      pending = open_batch_directory(experiment, text, plan, directory, options_.on_warning);
      if (pending.empty()) ++stored_;
    }
    execute_pending_runs_mpi(experiment, plan, pending, directory, options_.threads, {});
    if (root) simulated = read_simulation(plan, directory);
    broadcast_from_rank0(simulated);
    simulated_.emplace(key, simulated);
    return {key, simulated};
  }

  std::vector<double> read_simulation(const BatchPlan& plan, const fs::path& directory) const {
    std::vector<double> mean(observations_.size(), 0.0);
    for (const PlannedRun& run : plan.runs) {
      const RunRecord record = read_stored_run_record(directory, run, plan.experiment_hash);
      const std::vector<double> values = aggregate_record(record);
      for (std::size_t i = 0; i < mean.size(); ++i)
        mean[i] += values[i] / static_cast<double>(plan.runs.size());
    }
    return mean;
  }

  /// One run's value of every observation.
  std::vector<double> aggregate_record(const RunRecord& record) const {
    const MetricsSchema& schema = record.schema;
    std::vector<double> values;
    const double per =
        spec_.observed.per_customer ? static_cast<double>(base_.population.customers) : 1.0;
    for (const Observation& o : observations_) {
      const std::uint16_t metric = schema.metric_id(o.metric);
      std::uint16_t brand = kAllLabel;
      if (o.brand != "all") {
        const auto found =
            std::find(schema.brand_labels.begin(), schema.brand_labels.end(), o.brand);
        if (found == schema.brand_labels.end())
          refuse_row(spec_, o,
                     fmt::format("no brand '{}' in the model; its brands: all, {}", o.brand,
                                 fmt::join(schema.brand_labels, ", ")));
        brand = static_cast<std::uint16_t>(found - schema.brand_labels.begin());
      }
      const WeekSpan weeks = period_week_span(spec_.observed, o.period);
      std::vector<double> weekly;
      for (const MetricsFrame& frame : record.frames) {
        if (frame.step < weeks.first || frame.step > weeks.last) continue;
        for (const MetricValue& v : frame.values)
          if (v.metric == metric && v.brand == brand && v.generation == kAllLabel)
            weekly.push_back(v.value);
      }
      const double value = aggregate_weeks(weekly, spec_.observed.aggregate);
      if (!std::isfinite(value) || weekly.size() != spec_.observed.period_weeks)
        refuse_row(spec_, o,
                   fmt::format("the model gives no value of {} for {} in some week of {} to {} "
                               "(NA: e.g. a brand not in the market yet)",
                               o.metric, o.brand, weeks.first, weeks.last));
      values.push_back(value / per);
    }
    return values;
  }

  const CalibrationSpec& spec_;
  const CalibrationOptions& options_;
  Scenario base_;
  std::vector<Observation> observations_;
  std::vector<double> weights_;
  std::vector<std::string> metrics_;
  std::optional<std::size_t> scale_index_;
  std::map<std::string, std::vector<double>> simulated_;
  std::size_t stored_ = 0;
  std::vector<EvaluationRow> evaluations_;
};

/// One optimiser stage over the parameters not fixed, each mapped to [0, 1] by its bounds (so
/// one tolerance and one initial step suit every parameter, whatever its unit).
class Stage {
 public:
  Stage(Calibrator& calibrator, const CalibrationSpec& spec, std::string label,
        std::vector<double> start, std::vector<bool> fixed)
      : calibrator_(calibrator),
        spec_(spec),
        label_(std::move(label)),
        best_(std::move(start)),
        fixed_(std::move(fixed)) {}

  /// Minimises from the start; returns the best point seen (every parameter) and its loss.
  std::pair<std::vector<double>, double> run(const OptimiserStage& stage) {
    std::vector<double> unit;
    for (std::size_t i = 0; i < best_.size(); ++i)
      if (!fixed_[i]) unit.push_back(to_unit(i, best_[i]));
    if (unit.empty()) {  // nothing free: the point itself
      best_loss_ = calibrator_.loss(best_, label_);
      return {best_, best_loss_};
    }
    nlopt::opt optimiser(nlopt_algorithm(stage.method), static_cast<unsigned>(unit.size()));
    optimiser.set_lower_bounds(std::vector<double>(unit.size(), 0.0));
    optimiser.set_upper_bounds(std::vector<double>(unit.size(), 1.0));
    optimiser.set_maxeval(static_cast<int>(stage.max_evaluations));
    optimiser.set_xtol_abs(stage.tolerance);
    optimiser.set_initial_step(std::vector<double>(unit.size(), 0.1));
    optimiser.set_min_objective(&Stage::objective, this);
    // The global methods draw from NLopt's own generator: seeded from the file every stage,
    // so the same seed walks the same points.
    nlopt::srand(spec_.seed);
    double value = 0.0;
    try {
      (void)optimiser.optimize(unit, value);
    } catch (const nlopt::roundoff_limited&) {
      // converged as far as rounding allows: the best point seen stands
    } catch (const std::exception&) {
      if (!failure_) throw;
    }
    if (failure_) std::rethrow_exception(failure_);
    return {best_, best_loss_};
  }

 private:
  double to_unit(std::size_t i, double x) const {
    const CalibrationParameter& p = spec_.parameters[i];
    return (x - p.low) / (p.high - p.low);
  }
  double from_unit(std::size_t i, double u) const {
    const CalibrationParameter& p = spec_.parameters[i];
    return std::clamp(p.low + u * (p.high - p.low), p.low, p.high);
  }

  /// NLopt's C++ wrapper turns an exception in the objective into a bare "nlopt failure", so
  /// the objective keeps it (an interrupt, a refused scenario) to rethrow after stopping.
  static double objective(const std::vector<double>& unit, std::vector<double>& /*gradient*/,
                          void* data) {
    auto& self = *static_cast<Stage*>(data);
    try {
      std::vector<double> values = self.best_;
      for (std::size_t i = 0, k = 0; i < values.size(); ++i)
        if (!self.fixed_[i]) values[i] = self.from_unit(i, unit[k++]);
      const double loss = self.calibrator_.loss(values, self.label_);
      if (loss < self.best_loss_) {
        self.best_loss_ = loss;
        self.best_ = values;
      }
      return loss;
    } catch (...) {
      self.failure_ = std::current_exception();
      throw nlopt::forced_stop();
    }
  }

  Calibrator& calibrator_;
  const CalibrationSpec& spec_;
  std::string label_;
  std::vector<double> best_;
  std::vector<bool> fixed_;
  double best_loss_ = std::numeric_limits<double>::infinity();
  std::exception_ptr failure_;
};

/// One side of one parameter's profile: step out from the optimum until the deviance passes
/// the threshold, bisect the crossing, and interpolate the end.
struct ProfileEnd {
  double value = 0.0;
  std::string note;
};

class Profiler {
 public:
  Profiler(Calibrator& calibrator, const CalibrationSpec& spec, std::vector<double> best,
           double best_loss, double threshold)
      : calibrator_(calibrator),
        spec_(spec),
        best_(std::move(best)),
        best_loss_(best_loss),
        threshold_(threshold) {}

  ProfileEnd end(std::size_t parameter, double direction) {
    const CalibrationParameter& p = spec_.parameters[parameter];
    const UncertaintySpec& u = spec_.uncertainty;
    const double bound = direction < 0 ? p.low : p.high;
    double inside = best_[parameter];
    double inside_deviance = 0.0;
    std::vector<double> warm = best_;
    for (std::uint32_t k = 0; k < u.max_steps; ++k) {
      const double step = u.first_step * (p.high - p.low) * std::ldexp(1.0, static_cast<int>(k));
      const double value = direction < 0 ? std::max(p.low, best_[parameter] - step)
                                         : std::min(p.high, best_[parameter] + step);
      const auto [point, deviance] = refit(parameter, value, warm);
      if (deviance > threshold_)
        return bisect(parameter, inside, inside_deviance, value, deviance, warm);
      inside = value;
      inside_deviance = deviance;
      warm = point;
      if (value == bound) return {bound, "bound"};
    }
    return {inside, "steps"};
  }

 private:
  std::pair<std::vector<double>, double> refit(std::size_t parameter, double value,
                                               const std::vector<double>& warm) {
    std::vector<double> start = warm;
    start[parameter] = value;
    std::vector<bool> fixed(start.size(), false);
    fixed[parameter] = true;
    Stage stage(calibrator_, spec_, "profile:" + spec_.parameters[parameter].name, start, fixed);
    const OptimiserStage local{OptimiserMethod::NelderMead, spec_.uncertainty.max_evaluations,
                               spec_.optimiser.search.tolerance};
    const auto [point, loss] = stage.run(local);
    // A profile point below the optimum means the fit stopped short: it counts as 0 deviance.
    return {point,
            std::max(0.0, profile_deviance(calibrator_.observations().size(), loss, best_loss_))};
  }

  ProfileEnd bisect(std::size_t parameter, double inside, double inside_deviance, double outside,
                    double outside_deviance, std::vector<double> warm) {
    for (std::uint32_t b = 0; b < spec_.uncertainty.bisections; ++b) {
      const double middle = 0.5 * (inside + outside);
      const auto [point, deviance] = refit(parameter, middle, warm);
      if (deviance > threshold_) {
        outside = middle;
        outside_deviance = deviance;
      } else {
        inside = middle;
        inside_deviance = deviance;
        warm = point;
      }
    }
    // Linear in the deviance between the last point inside and the first outside.
    const double t = (threshold_ - inside_deviance) / (outside_deviance - inside_deviance);
    return {inside + t * (outside - inside), ""};
  }

  Calibrator& calibrator_;
  const CalibrationSpec& spec_;
  std::vector<double> best_;
  double best_loss_;
  double threshold_;
};

std::vector<double> start_point(const CalibrationSpec& spec) {
  std::vector<double> start;
  for (const CalibrationParameter& p : spec.parameters)
    start.push_back(p.start ? *p.start : 0.5 * (p.low + p.high));
  return start;
}

}  // namespace

std::uint64_t profile_budget(const CalibrationSpec& spec) {
  const UncertaintySpec& u = spec.uncertainty;
  if (!u.profile) return 0;
  return spec.parameters.size() * 2ull * (u.max_steps + u.bisections) * u.max_evaluations;
}

CalibrationResult run_calibration(const CalibrationSpec& spec, const CalibrationOptions& options) {
  std::optional<OutputDirectory> claim;  // rank 0 writes every file, so it holds the claim
  if (options.rank == 0) claim.emplace(options.directory);
  Calibrator calibrator(spec, options);
  const std::vector<bool> none_fixed(spec.parameters.size(), false);

  Stage search(calibrator, spec, "search", start_point(spec), none_fixed);
  auto [best, best_loss] = search.run(spec.optimiser.search);
  if (spec.optimiser.polish.method != OptimiserMethod::None) {
    Stage polish(calibrator, spec, "polish", best, none_fixed);
    std::tie(best, best_loss) = polish.run(spec.optimiser.polish);
  }

  CalibrationResult result;
  for (const CalibrationParameter& p : spec.parameters) result.parameter_names.push_back(p.name);
  result.best = best;
  result.best_loss = best_loss;
  result.observations = calibrator.observations();
  result.weights = calibrator.weights();
  result.fitted = calibrator.fitted_at(best);
  result.fit = series_fit(result.observations, result.fitted);
  result.profile_level = spec.uncertainty.level;
  result.profile_threshold = profile_threshold(spec.uncertainty.level);
  const UncertaintySpec& u = spec.uncertainty;
  result.profile_budget = profile_budget(spec);
  Profiler profiler(calibrator, spec, best, best_loss, result.profile_threshold);
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    ParameterEstimate estimate{spec.parameters[i].name,
                               spec.parameters[i].key,
                               best[i],
                               std::nan(""),
                               std::nan(""),
                               "",
                               ""};
    if (u.profile) {
      const ProfileEnd low = profiler.end(i, -1.0);
      const ProfileEnd high = profiler.end(i, +1.0);
      estimate.interval_low = low.value;
      estimate.low_note = low.note;
      estimate.interval_high = high.value;
      estimate.high_note = high.note;
    }
    result.estimates.push_back(estimate);
  }
  result.evaluations = calibrator.take_evaluations();
  result.simulations = calibrator.simulations();
  result.simulations_stored = calibrator.simulations_stored();
  if (options.rank == 0) write_calibration_outputs(spec, result, options.directory);
  return result;
}

}  // namespace murmur
