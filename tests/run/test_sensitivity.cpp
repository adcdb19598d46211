// murmur sensitivity's study (sim/run/sensitivity.hpp) and its file (sim/io/sensitivity_file.hpp):
// errors at their line, the batch it expands into, the outputs read from run records, and
// the whole study on a small market: the lever of a brand that never enters gets indices whose
// intervals hold 0, the same bytes on 1 and 2 threads, and a second run resumes.

#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/io/output.hpp"
#include "sim/io/sensitivity_file.hpp"
#include "sim/run/sensitivity.hpp"
#include "support/generated_section.hpp"
#include "support/temp_dir.hpp"

namespace murmur {
namespace {

namespace fs = std::filesystem;

const fs::path kData = MURMUR_TEST_DATA_DIR;

constexpr const char* kBody = R"(parameters:
  brands[Leader].ad_budget: [2, 10]
  brands[Challenger].price: [0.8, 1.4]
outputs:
  - {name: share, metric: share, brand: Challenger}
morris: {trajectories: 3}
)";

SensitivitySpec load(const std::string& body) {
  return load_sensitivity_text("scenario: sensitivity_market.yaml\n" + body, "s.yaml", kData);
}

/// The message of the InputError loading `body` throws ("" when none).
std::string load_error(const std::string& body) {
  try {
    (void)plan_sensitivity(load(body));
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(SensitivityFile, ReadsParametersOutputsAndMethods) {
  const SensitivitySpec spec = load(std::string(kBody) + "sobol: {samples: 8}\nreplicates: 3\n");
  ASSERT_EQ(spec.parameters.size(), 2u);
  EXPECT_EQ(spec.parameters[1].key_path, "brands[Challenger].price");
  EXPECT_DOUBLE_EQ(spec.parameters[1].high, 1.4);
  EXPECT_EQ(spec.outputs[0].brand, "Challenger");
  EXPECT_EQ(spec.outputs[0].generation, "all");
  EXPECT_FALSE(spec.outputs[0].step.has_value());
  EXPECT_TRUE(spec.morris_given);
  EXPECT_TRUE(spec.sobol_given);
  EXPECT_EQ(spec.morris.trajectories, 3u);
  EXPECT_EQ(spec.morris.levels, 4u);  // the default
  EXPECT_EQ(spec.replicates, 3u);
  EXPECT_EQ(sensitivity_point_count(spec), 3u * 3 + 8u * 4);
}

TEST(SensitivityFile, BadKeysAreNamedAtTheirLine) {
  // Line numbers count from the "scenario:" line load() puts first.
  const std::string unknown = load_error(std::string(kBody) + "morriss: {}\n");
  EXPECT_NE(unknown.find("s.yaml:8:1"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("did you mean 'morris'"), std::string::npos) << unknown;
  const std::string reversed = load_error(
      "parameters:\n  brands[Leader].ad_budget: [10, 2]\noutputs: [{name: s, metric: "
      "share}]\nmorris: {}\n");
  EXPECT_NE(reversed.find("s.yaml:3:"), std::string::npos) << reversed;
  EXPECT_NE(reversed.find("low < high"), std::string::npos) << reversed;
  EXPECT_NE(load_error("parameters: {seed: [1, 2]}\noutputs: [{name: s, metric: share}]\n"
                       "morris: {}\n")
                .find("cannot be a parameter"),
            std::string::npos);
  EXPECT_NE(load_error("parameters: {price: [1, 2]}\noutputs: [{name: s, metric: share}]\n")
                .find("give a method"),
            std::string::npos);
  EXPECT_NE(load_error(std::string(kBody) + "sobol: {samples: 8}\nmorris: {levels: 5}\n")
                .find("duplicate"),
            std::string::npos);
  const std::string odd = load_error(
      "parameters: {price: [1, 2]}\noutputs: [{name: s, metric: share}]\nmorris: {levels: 5}\n");
  EXPECT_NE(odd.find("levels must be even"), std::string::npos) << odd;
  const std::string twice = load_error(
      "parameters: {price: [1, 2]}\noutputs: [{name: s, metric: share}, {name: s, metric: nps}]\n"
      "morris: {}\n");
  EXPECT_NE(twice.find("two outputs are called 's'"), std::string::npos) << twice;
}

TEST(SensitivityFile, OutputsAreCheckedAgainstTheBaseScenario) {
  const std::string metric = load_error(
      "parameters:\n  brands[Leader].price: [1, 2]\noutputs:\n  - {name: s, metric: shar}\n"
      "morris: {}\n");
  EXPECT_NE(metric.find("s.yaml:5:"), std::string::npos) << metric;
  EXPECT_NE(metric.find("outputs[0].metric"), std::string::npos) << metric;
  EXPECT_NE(metric.find("did you mean 'share'"), std::string::npos) << metric;
  const std::string brand = load_error(
      "parameters:\n  brands[Leader].price: [1, 2]\noutputs:\n  - {name: s, metric: share, brand: "
      "Chalenger}\nmorris: {}\n");
  EXPECT_NE(brand.find("unknown brand 'Chalenger'"), std::string::npos) << brand;
  const std::string week = load_error(
      "parameters:\n  brands[Leader].price: [1, 2]\noutputs:\n  - {name: s, metric: share, step: "
      "27}\nmorris: {}\n");
  EXPECT_NE(week.find("week 27 is after the last week"), std::string::npos) << week;
  const std::string value = load_error(
      "parameters:\n  brands[Leader].price: [-5, -1]\noutputs: [{name: s, metric: share}]\n"
      "morris: {}\n");
  EXPECT_NE(value.find("s.yaml:3:3"), std::string::npos) << value;  // the parameter's line
  EXPECT_NE(value.find("price"), std::string::npos) << value;
}

TEST(SensitivityFile, AStudyTooLargeForABatchIsRefusedWithItsCost) {
  const std::string message = load_error(std::string(kBody) + "sobol: {samples: 100000}\n");
  EXPECT_NE(message.find("Sobol N (k + 2) = 100000 x 4 = 400000"), std::string::npos) << message;
  EXPECT_NE(message.find("at most 10000"), std::string::npos) << message;
}

TEST(SensitivityStudy, ExpandsIntoMorrisThenSaltelliPointsWithinTheBounds) {
  SensitivitySpec spec = load(std::string(kBody) + "sobol: {samples: 8}\n");
  spec.parameters[0].integer = true;
  const SensitivityStudy study = plan_sensitivity(spec);
  const auto& points = study.experiment.points;
  ASSERT_EQ(points.size(), 3u * 3 + 8u * 4);
  EXPECT_EQ(study.morris_points, 9u);
  EXPECT_EQ(study.sobol_points, 32u);
  EXPECT_EQ(study.experiment.design, ExperimentDesign::List);
  for (std::size_t p = 0; p < points.size(); ++p) {
    const double budget = std::stod(points[p][0].second);
    const double price = std::stod(points[p][1].second);
    EXPECT_TRUE(budget >= 2 && budget <= 10 && budget == std::round(budget)) << budget;
    EXPECT_TRUE(price >= 0.8 && price <= 1.4) << price;
  }
  // The Morris units are the values as run: rounded budgets map back onto (v − 2) / 8.
  for (std::size_t p = 0; p < study.morris_points; ++p)
    EXPECT_DOUBLE_EQ(study.morris_units[p][0], (std::stod(points[p][0].second) - 2.0) / 8.0);
  EXPECT_EQ(study.experiment.keep.metrics, std::vector<std::string>{"share"});
  EXPECT_EQ(study.experiment.keep.steps, std::vector<Step>{26});
}

TEST(SensitivityStudy, AnOutputIsTheMeanOfItsWeeksOrNaNWhenOneIsMissing) {
  RunRecord record;
  record.schema.metric_names = {"customers", "share"};
  record.schema.brand_labels = {"A", "B"};
  record.schema.generation_labels = {"1.0"};
  for (Step week = 1; week <= 3; ++week)
    record.frames.push_back({week,
                             {{1, 1, kAllLabel, 0.1 * static_cast<double>(week)},
                              {1, 0, kAllLabel, 9.0},
                              {1, 1, 0, 5.0}}});
  SensitivityOutput output{"s", "share", "B", "all", 3, 2};
  EXPECT_DOUBLE_EQ(output_value({output, 2, 3}, record), 0.25);
  EXPECT_DOUBLE_EQ(output_value({output, 3, 3}, record), 0.3);
  output.generation = "1.0";
  EXPECT_DOUBLE_EQ(output_value({output, 1, 1}, record), 5.0);
  EXPECT_TRUE(std::isnan(output_value({output, 3, 4}, record)));  // week 4 was not kept
}

std::string file_text(const fs::path& path) { return read_file_text(path); }

TEST(SensitivityStudy, ALeverOfABrandThatNeverEntersHasIndicesAroundZeroOnAnyThreadCount) {
  const fs::path file = kData / "sensitivity_small.yaml";
  const SensitivityStudy study = plan_sensitivity(load_sensitivity(file));
  const std::string text = read_file_text(file);
  const fs::path one = testing::scratch_path("sensitivity-1thread");
  const fs::path two = testing::scratch_path("sensitivity-2threads");
  fs::remove_all(one);
  fs::remove_all(two);
  const SensitivityResult result = run_sensitivity(study, text, one, 1, false, {});
  (void)run_sensitivity(study, text, two, 2, false, {});
  for (const char* name : {"sensitivity.csv", "outputs.csv", "sensitivity.html", "runs.csv"})
    EXPECT_EQ(file_text(one / name), file_text(two / name)) << name;

  ASSERT_EQ(result.parameters[2], "brands[Latecomer].ad_budget");
  for (const OutputIndices& output : result.indices) {
    // Its runs are the same bytes whatever its value (common random numbers, no entry), so
    // every effect is exactly 0: the estimates are 0 and every interval holds 0.
    const MorrisIndex& morris = output.morris[2];
    const SobolIndex& sobol = output.sobol[2];
    EXPECT_TRUE(morris.mu_star_ci.contains(0.0)) << output.output;
    EXPECT_TRUE(sobol.first_ci.contains(0.0)) << output.output;
    EXPECT_TRUE(sobol.total_ci.contains(0.0)) << output.output;
    EXPECT_EQ(morris.mu_star, 0.0);
    // The challenger's own price does matter: its interval excludes 0.
    EXPECT_GT(output.morris[1].mu_star_ci.low, 0.0) << output.output;
    EXPECT_GT(output.sobol[1].total_ci.low, 0.0) << output.output;
  }

  // The same command again finds every run done and writes the same bytes.
  const std::string before = file_text(one / "sensitivity.csv");
  fs::remove(one / "sensitivity.csv");
  const SensitivityResult again = run_sensitivity(study, text, one, 2, false, {});
  EXPECT_EQ(again.batch.runs_skipped, again.batch.runs);
  EXPECT_EQ(file_text(one / "sensitivity.csv"), before);
  fs::remove_all(one);
  fs::remove_all(two);
}

TEST(SensitivityFile, TheKeyReferenceInDocsIsCurrent) {
  testing::expect_generated_section_current(
      fs::path(MURMUR_SCENARIO_DIR) / ".." / "docs" / "sensitivity.md",
      sensitivity_schema_markdown());
}

TEST(SensitivityFile, TheExampleStudyPlans) {
  const SensitivityStudy study = plan_sensitivity(
      load_sensitivity(fs::path(MURMUR_SCENARIO_DIR) / "experiments" / "sensitivity_example.yaml"));
  EXPECT_EQ(study.experiment.points.size(), 10u * 5 + 128u * 6);
}

}  // namespace
}  // namespace murmur
