// The experiment loader: the schema walk of experiment_schema.hpp over experiment YAML.

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/io/experiment_loader.hpp"
#include "support/generated_section.hpp"

namespace murmur {
namespace {

const std::filesystem::path kScenarios(MURMUR_SCENARIO_DIR);

ExperimentSpec load(const std::string& body) {
  return load_experiment_text("scenario: bass.yaml\n" + body, "x.yaml", kScenarios);
}

/// The only issue of a refused experiment.
InputIssue single_issue(const std::string& body) {
  try {
    (void)load(body);
  } catch (const InputError& error) {
    EXPECT_EQ(error.issues().size(), 1u) << error.what();
    return error.issues().front();
  }
  ADD_FAILURE() << "accepted:\n" << body;
  return {};
}

// Issue 16.8: the master seed stays below 2^53 like every seed a user gives.
TEST(ExperimentLoader, MasterSeedFrom2To53IsRefusedAtItsLine) {
  const InputIssue issue = single_issue("replicates: 2\nmaster_seed: 9007199254740992\n");
  EXPECT_EQ(issue.line, 3);
  EXPECT_EQ(issue.key_path, "master_seed");
  EXPECT_THAT(issue.message, ::testing::HasSubstr("[0, 9007199254740991]"));
  EXPECT_EQ(load("master_seed: 9007199254740991\n").master_seed, kMaxSeed);
}

TEST(ExperimentLoader, UnknownKeyNamesTheNearestValidKey) {
  const InputIssue issue = single_issue("replicatez: 3\n");
  EXPECT_EQ(issue.line, 2);
  EXPECT_EQ(issue.column, 1);
  EXPECT_EQ(issue.key_path, "replicatez");
  EXPECT_EQ(issue.suggestion, "replicates");
}

TEST(ExperimentLoader, WrongTypeGivesLineColumnAndWhatWasExpected) {
  const InputIssue issue = single_issue("keep:\n  steps: [10, ten]\n");
  EXPECT_EQ(issue.file, "x.yaml");
  EXPECT_EQ(issue.line, 3);
  EXPECT_EQ(issue.column, 15);  // the "ten"
  EXPECT_EQ(issue.key_path, "keep.steps");
  EXPECT_NE(issue.message.find("an integer"), std::string::npos) << issue.message;
}

TEST(ExperimentLoader, DuplicateKeyIsRefused) {
  const InputIssue issue = single_issue("replicates: 3\nreplicates: 4\n");
  EXPECT_EQ(issue.line, 3);
  EXPECT_NE(issue.message.find("duplicate key 'replicates'"), std::string::npos);
}

TEST(ExperimentLoader, ValueOutOfRangeIsRefused) {
  const InputIssue issue = single_issue("replicates: 0\n");
  EXPECT_EQ(issue.key_path, "replicates");
  EXPECT_NE(issue.message.find("[1, 1000000]"), std::string::npos) << issue.message;
}

TEST(ExperimentLoader, GridKeepsAxesAndValuesInFileOrder) {
  const ExperimentSpec spec = load(
      "grid:\n  steps: [10, 20]\n  bass.seeded_fraction: [0.1]\n"
      "set: {population.customers: 500}\n");
  EXPECT_EQ(spec.design, ExperimentDesign::Grid);
  ASSERT_EQ(spec.grid.size(), 2u);
  EXPECT_EQ(spec.grid[0].key_path, "steps");
  EXPECT_EQ(spec.grid[0].values, (std::vector<std::string>{"10", "20"}));
  EXPECT_EQ(spec.fixed_overrides, (std::vector<std::string>{"population.customers=500"}));
  EXPECT_EQ(spec.scenario_path, kScenarios / "bass.yaml");
}

TEST(ExperimentLoader, PointsAreListsOfSettings) {
  const ExperimentSpec spec = load(
      "points:\n  - {steps: 10, bass.seeded_fraction: 0.2}\n"
      "  - {steps: 30}\n");
  EXPECT_EQ(spec.design, ExperimentDesign::List);
  ASSERT_EQ(spec.points.size(), 2u);
  EXPECT_EQ(spec.points[0], (ParameterPoint{{"steps", "10"}, {"bass.seeded_fraction", "0.2"}}));
  EXPECT_EQ(spec.points[1], (ParameterPoint{{"steps", "30"}}));
}

TEST(ExperimentLoader, LatinHypercubeTakesBothRangeForms) {
  const ExperimentSpec spec = load(
      "latin_hypercube:\n  samples: 5\n  ranges:\n    bass.seeded_fraction: [0.01, 0.1]\n"
      "    steps: {low: 10, high: 50, integer: true}\n");
  EXPECT_EQ(spec.design, ExperimentDesign::LatinHypercube);
  EXPECT_EQ(spec.latin_hypercube.samples, 5u);
  ASSERT_EQ(spec.latin_hypercube.ranges.size(), 2u);
  EXPECT_EQ(spec.latin_hypercube.ranges[0].high, 0.1);
  EXPECT_TRUE(spec.latin_hypercube.ranges[1].integer);
  EXPECT_EQ(spec.latin_hypercube.ranges[1].low, 10.0);
}

TEST(ExperimentLoader, RangeWithLowAboveHighIsRefused) {
  const InputIssue issue =
      single_issue("latin_hypercube: {samples: 4, ranges: {steps: [50, 10]}}\n");
  EXPECT_EQ(issue.key_path, "latin_hypercube.ranges.steps");
  EXPECT_NE(issue.message.find("low < high"), std::string::npos);
}

TEST(ExperimentLoader, TwoDesignsAreRefused) {
  const InputIssue issue = single_issue("grid: {steps: [1]}\npoints: [{steps: 2}]\n");
  EXPECT_EQ(issue.key_path, "points");
}

TEST(ExperimentLoader, KeepSortsStepsAndReadsGenerations) {
  const ExperimentSpec spec = load("keep: {metrics: [share], steps: [52, 4], generations: each}\n");
  EXPECT_EQ(spec.keep.steps, (std::vector<Step>{4, 52}));
  EXPECT_EQ(spec.keep.metrics, (std::vector<std::string>{"share"}));
  EXPECT_EQ(spec.keep.generations, GenerationDetail::Each);
  EXPECT_EQ(single_issue("keep: {generations: eech}\n").suggestion, "each");
}

// scenarios/experiments/README.md holds the generated reference; to regenerate it, run
// scripts/update_scenario_readme.sh.
TEST(ExperimentSchema, ReadmeIsUpToDate) {
  testing::expect_generated_section_current(kScenarios / "experiments" / "README.md",
                                            experiment_schema_markdown());
}

TEST(ExperimentLoader, SecondYamlDocumentIsRefusedWithItsLine) {
  const InputIssue issue = single_issue("replicates: 2\n---\nreplicates: 3\n");
  EXPECT_EQ(issue.line, 3);
  EXPECT_THAT(issue.message, ::testing::HasSubstr("a second YAML document starts here"));
}

TEST(ExperimentLoader, OverlongOrFormulaNameIsRefused) {
  const InputIssue issue = single_issue("name: " + std::string(65, 'e') + "\n");
  EXPECT_EQ(issue.line, 2);
  EXPECT_EQ(issue.key_path, "name");
  EXPECT_THAT(issue.message, ::testing::HasSubstr("at most 64 are allowed"));
  EXPECT_THAT(single_issue("name: '=1+1'\n").message,
              ::testing::HasSubstr("which spreadsheets read as a formula"));
}

}  // namespace
}  // namespace murmur
