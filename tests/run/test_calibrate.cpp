// murmur calibrate (sim/run/calibrate.hpp, sim/io/calibration.hpp): the aggregation and loss,
// bad files, recovery of known Bass parameters, the room air-conditioner fit against a plain
// least-squares fit of the closed form, resume and thread counts giving the same bytes.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlopt.hpp>

#include "sim/core/error.hpp"
#include "sim/io/calibration.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/model/bass_curve.hpp"
#include "sim/model/model.hpp"
#include "sim/run/calibrate.hpp"
#include "sim/run/world.hpp"
#include "support/temp_dir.hpp"

namespace murmur {
namespace {

namespace fs = std::filesystem;

const fs::path kScenarios = MURMUR_SCENARIO_DIR;
const fs::path kData = MURMUR_DATA_DIR;

// ---- the parts ----

TEST(CalibrationParts, PeriodsMapToTheirWeeks) {
  ObservedSpec spec;
  spec.period_weeks = 52;
  spec.first_period = 1949;
  spec.first_week = 1;
  EXPECT_EQ(period_week_span(spec, 1949).first, 1u);
  EXPECT_EQ(period_week_span(spec, 1949).last, 52u);
  EXPECT_EQ(period_week_span(spec, 1951).first, 105u);
  EXPECT_EQ(period_week_span(spec, 1951).last, 156u);
  spec.first_week = 3;
  spec.period_weeks = 4;
  EXPECT_EQ(period_week_span(spec, 1950).first, 7u);
  EXPECT_EQ(period_week_span(spec, 1950).last, 10u);
}

TEST(CalibrationParts, AggregatesSumMeanAndLast) {
  const std::vector<double> weekly = {1.0, 2.0, 6.0};
  EXPECT_DOUBLE_EQ(aggregate_weeks(weekly, Aggregate::Sum), 9.0);
  EXPECT_DOUBLE_EQ(aggregate_weeks(weekly, Aggregate::Mean), 3.0);
  EXPECT_DOUBLE_EQ(aggregate_weeks(weekly, Aggregate::Last), 6.0);
  EXPECT_TRUE(std::isnan(aggregate_weeks({}, Aggregate::Sum)));
}

std::vector<Observation> two_series() {
  return {{1, "share", "A", 1.0, 2.0, 2},
          {2, "share", "A", 3.0, 1.0, 3},
          {1, "nps", "A", 10.0, 1.0, 4},
          {2, "nps", "A", 20.0, 1.0, 5}};
}

TEST(CalibrationParts, WeightsAreOnesTheColumnOrPerSeries) {
  const auto observations = two_series();
  EXPECT_EQ(observation_weights(observations, LossWeights::None),
            (std::vector<double>{1, 1, 1, 1}));
  EXPECT_EQ(observation_weights(observations, LossWeights::Column),
            (std::vector<double>{2, 1, 1, 1}));
  // per series: 1 / mean square; share: (1 + 9)/2 = 5, nps: (100 + 400)/2 = 250
  const auto per_series = observation_weights(observations, LossWeights::PerSeries);
  EXPECT_DOUBLE_EQ(per_series[0], 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(per_series[1], 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(per_series[2], 1.0 / 250.0);
}

TEST(CalibrationParts, LossIsTheWeightedSumOfSquares) {
  const auto observations = two_series();
  const std::vector<double> fitted = {2.0, 3.0, 12.0, 17.0};
  // 2·1² + 1·0² + 1·2² + 1·3² = 15
  EXPECT_DOUBLE_EQ(weighted_sum_of_squares(observations, fitted,
                                           observation_weights(observations, LossWeights::Column)),
                   15.0);
}

TEST(CalibrationParts, GoodnessOfFitPerSeries) {
  const auto observations = two_series();
  const std::vector<double> fitted = {2.0, 3.0, 12.0, 17.0};
  const auto fits = series_fit(observations, fitted);
  ASSERT_EQ(fits.size(), 2u);
  EXPECT_EQ(fits[0].metric, "share");
  // share: SS_res = 1, SS_tot = 2 → R² = 0.5; RMSE = √(1/2)
  EXPECT_DOUBLE_EQ(fits[0].r_squared, 0.5);
  EXPECT_DOUBLE_EQ(fits[0].rmse, std::sqrt(0.5));
  // nps: SS_res = 4 + 9 = 13, SS_tot = 50 → R² = 0.74
  EXPECT_DOUBLE_EQ(fits[1].r_squared, 1.0 - 13.0 / 50.0);
}

TEST(CalibrationParts, ProfileDevianceAndThreshold) {
  EXPECT_NEAR(profile_threshold(0.95), 3.841459, 1e-6);  // χ²(1) at 95%
  EXPECT_NEAR(profile_threshold(0.90), 2.705543, 1e-6);
  EXPECT_DOUBLE_EQ(profile_deviance(10, 2.0, 1.0), 10.0 * std::log(2.0));
  EXPECT_DOUBLE_EQ(profile_deviance(10, 1.0, 1.0), 0.0);
}

// ---- bad files ----

std::string base_yaml(const std::string& extra = "") {
  return fmt::format(
      "scenario: {}\n"
      "parameters:\n"
      "  - key: bass.innovation_per_year\n"
      "    low: 0.001\n"
      "    high: 0.1\n"
      "observed:\n"
      "  file: {}\n"
      "{}",
      (kScenarios / "bass.yaml").string(), (kData / "bass1969_room_air_conditioners.csv").string(),
      extra);
}

std::string load_error(const std::string& yaml) {
  try {
    (void)load_calibration_text(yaml, "cal.yaml", kScenarios);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(CalibrationFile, AGoodFileLoads) {
  const CalibrationSpec spec = load_calibration_text(base_yaml(), "cal.yaml", kScenarios);
  ASSERT_EQ(spec.parameters.size(), 1u);
  EXPECT_EQ(spec.parameters[0].name, "bass.innovation_per_year");
  EXPECT_EQ(spec.parameters[0].place.line, 3);
  EXPECT_EQ(spec.optimiser.search.method, OptimiserMethod::NelderMead);
}

TEST(CalibrationFile, BadFilesNameFileLineColumnAndKey) {
  {
    const std::string bounds = load_error(
        "scenario: bass.yaml\nparameters:\n  - key: bass.innovation_per_year\n    low: 0.5\n"
        "    high: 0.1\nobserved:\n  file: x.csv\n");
    EXPECT_NE(bounds.find("cal.yaml:5:11"), std::string::npos) << bounds;
    EXPECT_NE(bounds.find("parameters[0].high"), std::string::npos) << bounds;
    EXPECT_NE(bounds.find("low < high"), std::string::npos) << bounds;
  }
  const std::string unknown = load_error(base_yaml("replicate: 3\n"));
  EXPECT_NE(unknown.find("cal.yaml:8:1"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("did you mean 'replicates'"), std::string::npos) << unknown;

  const std::string method = load_error(base_yaml("optimiser:\n  method: simplex\n"));
  EXPECT_NE(method.find("optimiser.method"), std::string::npos) << method;
  EXPECT_NE(method.find("nelder_mead"), std::string::npos) << method;

  const std::string scale = load_error(base_yaml("  scale: m\n"));  // names no parameter
  EXPECT_NE(scale.find("observed.scale"), std::string::npos) << scale;

  const std::string no_parameters = load_error(
      fmt::format("scenario: {}\nobserved:\n  file: x.csv\n", (kScenarios / "bass.yaml").string()));
  EXPECT_NE(no_parameters.find("at least one parameter"), std::string::npos) << no_parameters;
}

std::string csv_error(const std::string& csv, ObservedSpec spec = {}) {
  try {
    (void)read_observed_text(csv, "obs.csv", spec);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(CalibrationFile, BadObservedSeriesNameTheirLineAndColumn) {
  const std::string value = csv_error("period,metric,brand,value\n1,share,A,0.1\n2,share,A,x\n");
  EXPECT_NE(value.find("obs.csv:3:4"), std::string::npos) << value;
  EXPECT_NE(value.find("finite number"), std::string::npos) << value;
  const std::string twice = csv_error("period,metric,brand,value\n1,share,A,0.1\n1,share,A,0.2\n");
  EXPECT_NE(twice.find("obs.csv:3"), std::string::npos) << twice;
  EXPECT_NE(twice.find("a second value"), std::string::npos) << twice;
  const std::string column = csv_error("period,metric,brand,amount\n");
  EXPECT_NE(column.find("unknown column 'amount'"), std::string::npos) << column;
  const std::string empty = csv_error("period,metric,brand,value\n");
  EXPECT_NE(empty.find("no observations"), std::string::npos) << empty;
  ObservedSpec yearly;
  yearly.period_weeks = 52;
  const std::string step = csv_error("step,metric,brand,value\n1,share,A,0.1\n", yearly);
  EXPECT_NE(step.find("one model week per row"), std::string::npos) << step;
}

// ---- fitting ----

/// Writes `text` to `path` and returns it.
fs::path write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
  return path;
}

/// The yearly new adopters per customer of one Bass run (12 steps a year).
std::vector<double> bass_yearly_adoption(double p, double q, Seed seed, std::uint32_t customers,
                                         std::uint32_t years) {
  const Scenario scenario = load_scenario(
      kScenarios / "bass.yaml",
      {fmt::format("bass.innovation_per_year={}", p), fmt::format("bass.imitation_per_year={}", q),
       "weeks_per_year=12", fmt::format("steps={}", 12 * years),
       fmt::format("population.customers={}", customers), fmt::format("seed={}", seed)});
  const World world = build_world(scenario);
  std::vector<double> yearly(years, 0.0);
  const std::uint16_t new_adopters = world.model->schema().metric_id("new_adopters");
  for (Step s = 1; s <= scenario.steps; ++s) {
    world.model->step();
    for (const MetricValue& v : world.model->measure().values)
      if (v.metric == new_adopters) yearly[(s - 1) / 12] += v.value / customers;
  }
  return yearly;
}

/// A calibration of the Bass model's p and q (and optionally a scale m) to `csv`.
std::string bass_calibration_yaml(std::uint32_t customers, std::uint32_t years,
                                  const std::string& rest) {
  return fmt::format(
      "name: test\n"
      "scenario: {}\n"
      "set:\n  weeks_per_year: 12\n  steps: {}\n  population.customers: {}\n"
      "seed: 7\n"
      "replicates: 1\n"
      "parameters:\n"
      "  - key: bass.innovation_per_year\n    low: 0.001\n    high: 0.1\n    start: 0.02\n"
      "  - key: bass.imitation_per_year\n    low: 0.05\n    high: 1.0\n    start: 0.3\n"
      "{}",
      (kScenarios / "bass.yaml").string(), 12 * years, customers, rest);
}

// The brief's recovery test: a series generated by the simulator at known p and q (seed 11)
// is fitted on other seeds (7) and recovers both within 10%. With 20,000 customers a year's
// new adopters (≥ 500) have a relative sampling error of ≤ 5%, which the 10-year fit averages.
TEST(Calibration, RecoversKnownBassParametersWithinTenPercent) {
  const double p = 0.03, q = 0.38;
  const std::uint32_t customers = 20000, years = 10;
  const std::vector<double> yearly = bass_yearly_adoption(p, q, 11, customers, years);
  std::string csv = "period,metric,brand,value\n";
  for (std::uint32_t y = 0; y < years; ++y)
    csv += fmt::format("{},new_adopters,product,{}\n", y + 1, yearly[y]);
  const fs::path dir = testing::scratch_path("calibrate-recovery");
  fs::remove_all(dir);
  const fs::path csv_path = write_text(dir / "observed.csv", csv);
  const std::string yaml = bass_calibration_yaml(
      customers, years,
      fmt::format("observed:\n  file: {}\n  period_weeks: 12\n  aggregate: sum\n"
                  "  per_customer: true\n"
                  "optimiser:\n  method: nelder_mead\n  max_evaluations: 150\n"
                  "uncertainty:\n  profile: false\n",
                  csv_path.string()));
  const CalibrationSpec spec = load_calibration_text(yaml, "recovery.yaml", dir);
  CalibrationOptions options;
  options.directory = dir / "out";
  const CalibrationResult result = run_calibration(spec, options);
  EXPECT_LE(result.evaluations.size(), 150u);  // the stated budget
  EXPECT_NEAR(result.best[0], p, 0.1 * p);
  EXPECT_NEAR(result.best[1], q, 0.1 * q);
  fs::remove_all(dir);
}

/// The market model reduced to Bass diffusion (docs/model.md §8): one brand, fully mixed.
constexpr const char* kDockedMarket = R"(name: docked
model: market
weeks_per_year: 12
population:
  graph: {kind: fully_mixed}
market:
  docking: true
brands:
  - name: product
)";

/// The yearly new customers per customer of one run of the docked market (12 steps a year).
std::vector<double> docked_yearly_adoption(const fs::path& scenario, double p, double q, Seed seed,
                                           std::uint32_t customers, std::uint32_t years) {
  const Scenario docked = load_scenario(
      scenario,
      {fmt::format("market.docking_innovation_per_year={}", p),
       fmt::format("market.docking_imitation_per_year={}", q), fmt::format("steps={}", 12 * years),
       fmt::format("population.customers={}", customers), fmt::format("seed={}", seed)});
  const World world = build_world(docked);
  std::vector<double> yearly(years, 0.0);
  const std::uint16_t new_customers = world.model->schema().metric_id("new_customers");
  for (Step s = 1; s <= docked.steps; ++s) {
    world.model->step();
    yearly[(s - 1) / 12] += world.model->measure().get(new_customers, 0, kAllLabel) / customers;
  }
  return yearly;
}

// The same recovery through the market model itself, reduced to Bass diffusion (docking):
// the keys the calibration moves are the market's, the series its new customers. 20,000
// customers, other seeds for the fit than for the data, as above; budget 150 evaluations.
TEST(Calibration, RecoversKnownParametersOfTheBassDockedMarketWithinTenPercent) {
  const double p = 0.03, q = 0.38;
  const std::uint32_t customers = 20000, years = 10;
  const fs::path dir = testing::scratch_path("calibrate-docked");
  fs::remove_all(dir);
  const fs::path scenario = write_text(dir / "docked.yaml", kDockedMarket);
  const std::vector<double> yearly = docked_yearly_adoption(scenario, p, q, 11, customers, years);
  std::string csv = "period,metric,brand,value\n";
  for (std::uint32_t y = 0; y < years; ++y)
    csv += fmt::format("{},new_customers,product,{}\n", y + 1, yearly[y]);
  const fs::path csv_path = write_text(dir / "observed.csv", csv);
  const std::string yaml = fmt::format(
      "name: docked\n"
      "scenario: {}\n"
      "set:\n  steps: {}\n  population.customers: {}\n"
      "seed: 7\n"
      "replicates: 1\n"
      "parameters:\n"
      "  - key: market.docking_innovation_per_year\n    low: 0.001\n    high: 0.1\n"
      "    start: 0.02\n"
      "  - key: market.docking_imitation_per_year\n    low: 0.05\n    high: 1.0\n"
      "    start: 0.3\n"
      "observed:\n  file: {}\n  period_weeks: 12\n  aggregate: sum\n  per_customer: true\n"
      "optimiser:\n  method: nelder_mead\n  max_evaluations: 150\n"
      "uncertainty:\n  profile: false\n",
      scenario.string(), 12 * years, customers, csv_path.string());
  const CalibrationSpec spec = load_calibration_text(yaml, "docked.yaml", dir);
  CalibrationOptions options;
  options.directory = dir / "out";
  const CalibrationResult result = run_calibration(spec, options);
  EXPECT_LE(result.evaluations.size(), 150u);
  EXPECT_NEAR(result.best[0], p, 0.1 * p);
  EXPECT_NEAR(result.best[1], q, 0.1 * q);
  fs::remove_all(dir);
}

/// Bass's yearly sales in closed form: m·(F(t) − F(t − 1)), t in years from 1949.
std::vector<double> closed_form_sales(double p, double q, double m, std::size_t years) {
  std::vector<double> sales;
  for (std::size_t t = 1; t <= years; ++t)
    sales.push_back(m * (bass_closed_form(p, q, static_cast<double>(t)) -
                         bass_closed_form(p, q, static_cast<double>(t - 1))));
  return sales;
}

/// The test's own nonlinear least squares of the closed form: for each (p, q) the best m is
/// linear (Σ y·s / Σ s²); a grid over (p, q) starts Nelder–Mead on the profiled loss.
std::pair<double, double> closed_form_least_squares(const std::vector<double>& sales) {
  auto loss_at = [&](double p, double q) {
    const std::vector<double> shape = closed_form_sales(p, q, 1.0, sales.size());
    double ys = 0.0, ss = 0.0;
    for (std::size_t i = 0; i < sales.size(); ++i) {
      ys += sales[i] * shape[i];
      ss += shape[i] * shape[i];
    }
    const double m = ys / ss;
    double loss = 0.0;
    for (std::size_t i = 0; i < sales.size(); ++i)
      loss += (sales[i] - m * shape[i]) * (sales[i] - m * shape[i]);
    return loss;
  };
  std::vector<double> best = {0.01, 0.3};
  double best_loss = loss_at(best[0], best[1]);
  for (double p = 0.002; p <= 0.05; p += 0.002)
    for (double q = 0.05; q <= 1.0; q += 0.05)
      if (const double l = loss_at(p, q); l < best_loss) {
        best_loss = l;
        best = {p, q};
      }
  nlopt::opt optimiser(nlopt::LN_NELDERMEAD, 2);
  optimiser.set_lower_bounds({1e-4, 1e-3});
  optimiser.set_upper_bounds({0.2, 2.0});
  optimiser.set_xtol_rel(1e-10);
  optimiser.set_maxeval(2000);
  auto objective = [](const std::vector<double>& x, std::vector<double>&, void* data) {
    return (*static_cast<decltype(loss_at)*>(data))(x[0], x[1]);
  };
  optimiser.set_min_objective(objective, &loss_at);
  double value = 0.0;
  (void)optimiser.optimize(best, value);
  return {best[0], best[1]};
}

// The brief's real-data test: the Bass model fitted to the room air-conditioner sales
// (data/bass1969_room_air_conditioners.csv) explains ≥ 90% of their variance, and its p and q
// lie within 30% of the closed form's least-squares fit (the simulator steps months, the
// closed form is continuous, and a year's sales carry ~2% sampling noise at 20,000 customers).
TEST(Calibration, FitsTheRoomAirConditionerSalesLikeTheClosedForm) {
  const std::vector<double> sales = {96,   195,  238,  380,  1045, 1230, 1267,
                                     1828, 1586, 1673, 1800, 1580, 1500};
  const auto [p_nls, q_nls] = closed_form_least_squares(sales);
  const fs::path dir = testing::scratch_path("calibrate-ac");
  fs::remove_all(dir);
  const std::string yaml = bass_calibration_yaml(
      20000, 13,
      fmt::format("  - name: m\n    scale: true\n    low: 5000\n    high: 60000\n    start: 20000\n"
                  "observed:\n  file: {}\n  period_weeks: 12\n  first_period: 1949\n"
                  "  aggregate: sum\n  per_customer: true\n  scale: m\n"
                  "optimiser:\n  method: subplex\n  max_evaluations: 300\n"
                  "uncertainty:\n  profile: false\n",
                  (kData / "bass1969_room_air_conditioners.csv").string()));
  const CalibrationSpec spec = load_calibration_text(yaml, "ac.yaml", dir);
  CalibrationOptions options;
  options.directory = dir / "out";
  const CalibrationResult result = run_calibration(spec, options);
  ASSERT_EQ(result.fit.size(), 1u);
  EXPECT_GE(result.fit[0].r_squared, 0.90);
  EXPECT_NEAR(result.best[0], p_nls, 0.3 * p_nls) << "closed-form p " << p_nls;
  EXPECT_NEAR(result.best[1], q_nls, 0.3 * q_nls) << "closed-form q " << q_nls;
  fs::remove_all(dir);
}

// ---- resume and threads ----

/// A small, fast calibration with a profile, for the byte-identity tests.
CalibrationSpec small_calibration(const fs::path& dir) {
  const std::vector<double> yearly = bass_yearly_adoption(0.03, 0.38, 11, 3000, 6);
  std::string csv = "period,metric,brand,value\n";
  for (std::size_t y = 0; y < yearly.size(); ++y)
    csv += fmt::format("{},new_adopters,product,{}\n", y + 1, yearly[y]);
  const fs::path csv_path = write_text(dir / "observed.csv", csv);
  const std::string yaml = bass_calibration_yaml(
      3000, 6,
      fmt::format("observed:\n  file: {}\n  period_weeks: 12\n  aggregate: sum\n"
                  "  per_customer: true\n"
                  "optimiser:\n  method: crs2\n  max_evaluations: 30\n"
                  "  polish:\n    method: nelder_mead\n    max_evaluations: 20\n"
                  "uncertainty:\n  max_steps: 2\n  bisections: 1\n  max_evaluations: 8\n",
                  csv_path.string()));
  return load_calibration_text(yaml, "small.yaml", dir);
}

std::map<std::string, std::string> output_files(const fs::path& directory) {
  std::map<std::string, std::string> files;
  for (const char* name :
       {"parameters.csv", "fit.csv", "goodness_of_fit.csv", "evaluations.csv", "fit.html"})
    files[name] = read_file_text(directory / name);
  return files;
}

TEST(Calibration, AnInterruptedCalibrationResumesToTheSameBytes) {
  const fs::path dir = testing::scratch_path("calibrate-resume");
  fs::remove_all(dir);
  const CalibrationSpec spec = small_calibration(dir);
  CalibrationOptions whole;
  whole.directory = dir / "whole";
  const CalibrationResult uninterrupted = run_calibration(spec, whole);

  CalibrationOptions interrupted;
  interrupted.directory = dir / "resumed";
  interrupted.on_evaluation = [](const EvaluationRow& row) {
    if (row.index == 25) throw std::runtime_error("interrupted");
  };
  EXPECT_THROW((void)run_calibration(spec, interrupted), std::runtime_error);
  EXPECT_FALSE(fs::exists(interrupted.directory / "parameters.csv"));  // nothing looks whole
  interrupted.on_evaluation = {};
  const CalibrationResult resumed = run_calibration(spec, interrupted);
  EXPECT_GT(resumed.simulations_stored, 10u);  // the first evaluations were not run again
  EXPECT_EQ(uninterrupted.simulations_stored, 0u);
  EXPECT_EQ(output_files(whole.directory), output_files(interrupted.directory));
  fs::remove_all(dir);
}

TEST(Calibration, OneAndTwoThreadsGiveTheSameBytes) {
  const fs::path dir = testing::scratch_path("calibrate-threads");
  fs::remove_all(dir);
  const CalibrationSpec spec = small_calibration(dir);
  CalibrationOptions one, two;
  one.directory = dir / "one";
  one.threads = 1;
  two.directory = dir / "two";
  two.threads = 2;
  (void)run_calibration(spec, one);
  (void)run_calibration(spec, two);
  const auto files = output_files(one.directory);
  EXPECT_FALSE(files.at("evaluations.csv").empty());
  EXPECT_EQ(files, output_files(two.directory));
  fs::remove_all(dir);
}

TEST(Calibration, AMetricTheModelDoesNotReportNamesItsLineInTheSeries) {
  const fs::path dir = testing::scratch_path("calibrate-bad-metric");
  fs::remove_all(dir);
  const fs::path csv = write_text(dir / "observed.csv",
                                  "period,metric,brand,value\n1,new_adopters,product,0.1\n"
                                  "2,new_adopter,product,0.1\n");
  const CalibrationSpec spec = load_calibration_text(
      bass_calibration_yaml(1000, 2, fmt::format("observed:\n  file: {}\n", csv.string())),
      "bad.yaml", dir);
  CalibrationOptions options;
  options.directory = dir / "out";
  try {
    (void)run_calibration(spec, options);
    ADD_FAILURE() << "an unknown metric was accepted";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("observed.csv:3"), std::string::npos) << message;
    EXPECT_NE(message.find("did you mean 'new_adopters'"), std::string::npos) << message;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace murmur
