// murmur compare: common random numbers, paired differences, and the HTML report.

#include <cmath>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/run/compare.hpp"

namespace murmur {
namespace {

const std::filesystem::path kData = MURMUR_TEST_DATA_DIR;

TEST(Compare, IdenticalArmsDifferByExactlyZero) {
  ComparisonSpec spec;
  spec.a.scenario = spec.b.scenario = kData / "compare_base.yaml";
  spec.replicates = 3;
  const ComparisonResult result = compare_scenarios(spec);
  ASSERT_FALSE(result.comparisons.empty());
  for (const MetricComparison& m : result.comparisons) {
    EXPECT_EQ(m.difference.mean, 0.0) << m.metric;  // same seeds: the very same runs
    EXPECT_EQ(m.difference.standard_deviation, 0.0) << m.metric;
    EXPECT_GT(m.final_a.standard_deviation, 0.0) << m.metric;  // but replicates do differ
  }
}

// after_each_run (the Python module's Ctrl-C check) is called once per run of either arm, and
// what it throws stops the comparison.
TEST(Compare, AfterEachRunIsCalledPerRunAndMayStopIt) {
  ComparisonSpec spec;
  spec.a.scenario = spec.b.scenario = kData / "compare_base.yaml";
  spec.replicates = 3;
  int calls = 0;
  spec.after_each_run = [&] { ++calls; };
  (void)compare_scenarios(spec);
  EXPECT_EQ(calls, 6);
  spec.after_each_run = [] { throw std::runtime_error("stop"); };
  EXPECT_THROW((void)compare_scenarios(spec), std::runtime_error);
}

TEST(Compare, StrongerWordOfMouthRaisesAdoptionAndThePairedIntervalIsNarrower) {
  ComparisonSpec spec;
  spec.a.scenario = kData / "compare_base.yaml";
  spec.b.scenario = kData / "compare_option.yaml";
  spec.replicates = 6;
  const ComparisonResult result = compare_scenarios(spec);
  ASSERT_EQ(result.comparisons.size(), 1u);  // the Bass model has one metric of the default list
  const MetricComparison& adoption = result.comparisons[0];
  EXPECT_EQ(adoption.metric, "adoption");
  EXPECT_GT(adoption.difference.ci95_low, 0.0);
  EXPECT_EQ(adoption.series.steps.size(), 105u);  // weeks 0..104
  // Common random numbers: the paired difference varies less than an arm does.
  EXPECT_LT(adoption.difference.standard_deviation,
            adoption.final_a.standard_deviation + adoption.final_b.standard_deviation);
}

TEST(CompareReport, IsSelfContainedHtmlWithAChartPerMetric) {
  ComparisonSpec spec;
  spec.a.scenario = kData / "compare_base.yaml";
  spec.b.scenario = kData / "compare_option.yaml";
  spec.replicates = 2;
  const std::string html = comparison_html(compare_scenarios(spec));
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<polygon"), std::string::npos);  // confidence band
  EXPECT_NE(html.find("slow_talk"), std::string::npos);
  EXPECT_NE(html.find("fast_talk"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);  // nothing to fetch: views offline
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

// ---- per-arm overrides (issue 16.16) ----

ComparisonSpec base_with_b_overrides(std::vector<std::string> overrides_b,
                                     std::uint32_t replicates = 2) {
  ComparisonSpec spec;
  spec.a.scenario = spec.b.scenario = kData / "compare_base.yaml";
  spec.b.override_origins.assign(overrides_b.size(), OverrideOrigin::option("--set-b"));
  spec.b.overrides = std::move(overrides_b);
  spec.replicates = replicates;
  return spec;
}

TEST(CompareArms, AnOverrideOfBMakesTheOptionWithoutASecondFile) {
  ComparisonSpec two_files;
  two_files.a.scenario = kData / "compare_base.yaml";
  two_files.b.scenario = kData / "compare_option.yaml";  // differs only in imitation_per_year
  two_files.replicates = 2;
  const ComparisonResult from_files = compare_scenarios(two_files);
  const ComparisonResult from_override =
      compare_scenarios(base_with_b_overrides({"bass.imitation_per_year=2.0"}));
  ASSERT_EQ(from_override.comparisons.size(), from_files.comparisons.size());
  for (std::size_t i = 0; i < from_files.comparisons.size(); ++i) {
    EXPECT_EQ(from_override.comparisons[i].final_a.mean, from_files.comparisons[i].final_a.mean);
    EXPECT_EQ(from_override.comparisons[i].final_b.mean, from_files.comparisons[i].final_b.mean);
    EXPECT_GT(from_override.comparisons[i].difference.mean, 0.0);
  }
}

TEST(CompareArms, ABadOverrideNamesTheOptionThatGaveIt) {
  ComparisonSpec spec = base_with_b_overrides({"bass.imitation_per_yer=2"});
  try {
    (void)compare_scenarios(spec);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    ASSERT_FALSE(error.issues().empty());
    EXPECT_EQ(error.issues()[0].file, "--set-b");
    EXPECT_THAT(error.issues()[0].message,
                ::testing::HasSubstr("(in --set-b bass.imitation_per_yer=2)"));
    EXPECT_EQ(error.issues()[0].suggestion, "imitation_per_year");
  }
}

// ---- what differs between the arms ----

TEST(CompareDifferences, NameTheResolvedKeysBChangesButNotItsLabels) {
  ComparisonSpec spec;
  spec.a.scenario = kData / "compare_base.yaml";
  spec.b.scenario = kData / "compare_option.yaml";  // another name too: a label, left out
  spec.b.overrides = {"seed=7"};  // replaced by the replicate seeds on both arms: left out
  spec.replicates = 2;
  const ComparisonResult result = compare_scenarios(spec);
  ASSERT_EQ(result.differences.size(), 1u);
  EXPECT_EQ(describe_differences(result.differences), "bass.imitation_per_year (1.0 → 2.0)");
  EXPECT_TRUE(comparison_warnings(result).empty());
}

TEST(CompareDifferences, AreCappedToAReadableNumberOfKeys) {
  std::vector<ScenarioDifference> differences;
  for (int i = 0; i < 7; ++i)
    differences.push_back({"brands[" + std::to_string(i) + "].price", "1.0", "1.2"});
  differences.push_back({"brands[7]", std::nullopt, R"({"name":"New"})"});
  differences.push_back({"interventions[0].weeks", std::nullopt, "4"});
  EXPECT_EQ(describe_differences(differences, 2),
            "brands[0].price (1.0 → 1.2), brands[1].price (1.0 → 1.2) and 7 more");
  EXPECT_EQ(describe_differences({differences.begin() + 6, differences.end()}),
            "brands[6].price (1.0 → 1.2), brands[7] (only in B), interventions[0].weeks "
            "(unset → 4)");
  EXPECT_EQ(describe_differences({}), "");
}

TEST(CompareDifferences, NoneIsAWarningThatTheComparisonIsAVsA) {
  const ComparisonResult result = compare_scenarios(base_with_b_overrides({}));
  EXPECT_TRUE(result.differences.empty());
  const std::vector<std::string> warnings = comparison_warnings(result);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], ::testing::HasSubstr("the comparison is A vs A"));
}

// ---- B − A over time ----

TEST(CompareSeries, TheDifferenceIsPairedByReplicateEachWeek) {
  const ComparisonResult result =
      compare_scenarios(base_with_b_overrides({"bass.imitation_per_year=2.0"}, 4));
  const ArmSeries& series = result.comparisons.at(0).series;
  ASSERT_EQ(series.difference.size(), series.steps.size());
  for (std::size_t t = 0; t < series.steps.size(); ++t) {
    SCOPED_TRACE(series.steps[t]);
    EXPECT_EQ(series.difference[t].count, 4u);
    // The mean of the paired differences is the difference of the means...
    EXPECT_NEAR(series.difference[t].mean, series.b[t].mean - series.a[t].mean, 1e-12);
  }
  // ...but pairing removes the noise the arms share: the band is narrower than the arms'.
  const std::size_t last = series.steps.size() - 1;
  EXPECT_LT(series.difference[last].standard_deviation,
            series.a[last].standard_deviation + series.b[last].standard_deviation);
  EXPECT_GT(series.difference[last].ci95_low, 0.0);
  EXPECT_EQ(series.difference[0].mean, 0.0);  // week 0: nothing has happened yet
}

TEST(CompareSeries, IdenticalArmsDifferByZeroEveryWeek) {
  const ComparisonResult result = compare_scenarios(base_with_b_overrides({}));
  for (const SampleSummary& week : result.comparisons.at(0).series.difference) {
    EXPECT_EQ(week.mean, 0.0);
    EXPECT_EQ(week.standard_deviation, 0.0);
  }
}

// ---- arms that end at different weeks ----

TEST(CompareHorizons, ArmsEndingAtDifferentWeeksAreAWarning) {
  const ComparisonResult result = compare_scenarios(base_with_b_overrides({"steps=52"}));
  EXPECT_EQ(result.last_week_a, 104u);
  EXPECT_EQ(result.last_week_b, 52u);
  const std::vector<std::string> warnings = comparison_warnings(result);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "A ends at week 104 and B at week 52: the final values compare different horizons");
  // After B's last week there is no pair to take a difference of.
  const ArmSeries& series = result.comparisons.at(0).series;
  for (std::size_t t = 0; t < series.steps.size(); ++t)
    EXPECT_EQ(series.difference[t].count, series.steps[t] <= 52 ? 2u : 0u) << series.steps[t];
}

TEST(CompareReport, SaysWhatDiffersOrWarnsOfAVsA) {
  const std::string html =
      comparison_html(compare_scenarios(base_with_b_overrides({"bass.imitation_per_year=2.0"})));
  EXPECT_NE(html.find("<p>B differs from A in: bass.imitation_per_year (1.0 → 2.0)</p>"),
            std::string::npos);
  EXPECT_EQ(html.find("Warning"), std::string::npos);
  const std::string same = comparison_html(compare_scenarios(base_with_b_overrides({})));
  EXPECT_NE(same.find("<b>Warning:</b> B does not differ from A in any scenario key"),
            std::string::npos);
  EXPECT_EQ(same.find("B differs from A in"), std::string::npos);
}

TEST(CompareReport, ChartsBMinusAOverTime) {
  const std::string html =
      comparison_html(compare_scenarios(base_with_b_overrides({"bass.imitation_per_year=2.0"})));
  EXPECT_NE(html.find("<h2>B − A over time</h2>"), std::string::npos);
  EXPECT_NE(html.find("<h3>adoption: B − A</h3>"), std::string::npos);
  EXPECT_NE(html.find("no difference"), std::string::npos);  // the zero line to read against
  // One chart of the arms and one of B − A per metric.
  std::size_t charts = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1))
    ++charts;
  EXPECT_EQ(charts, 2u);
}

TEST(CompareReport, WarnsOfDifferentHorizons) {
  const std::string html = comparison_html(compare_scenarios(base_with_b_overrides({"steps=52"})));
  EXPECT_NE(html.find("<b>Warning:</b> A ends at week 104 and B at week 52"), std::string::npos);
  EXPECT_NE(html.find("<p>B differs from A in: steps (104 → 52)</p>"), std::string::npos);
}

}  // namespace
}  // namespace murmur

namespace murmur {
namespace {

TEST(SeedingValue, AnEarlierAdoptionIsAccelerationAnExtraOneExpansion) {
  // Weekly discount d = 0.1: an adoption in week t is worth 1.1^−t.
  constexpr double d = 0.1;
  const auto v = [](int t) { return std::pow(1.1, -t); };
  // The same two adoptions, each a week earlier in B: all acceleration.
  SeedingDecomposition earlier = decompose_seeding_value({0, 0, 1, 1}, {0, 1, 1, 0}, d);
  EXPECT_NEAR(earlier.total, v(1) - v(3), 1e-12);
  EXPECT_NEAR(earlier.acceleration, earlier.total, 1e-12);
  EXPECT_NEAR(earlier.expansion, 0.0, 1e-12);
  // B has A's adoptions and 1.5 more in its last weeks: expansion is the value of those.
  SeedingDecomposition more = decompose_seeding_value({0, 1, 1, 0}, {0, 1, 1, 1.5}, d);
  EXPECT_NEAR(more.expansion, 1.5 * v(3), 1e-12);
  EXPECT_NEAR(more.acceleration, 0.0, 1e-12);
  // Seeding that cost adopters: negative expansion, A's surplus taken from its end.
  SeedingDecomposition fewer = decompose_seeding_value({1, 1, 1}, {1, 1, 0}, d);
  EXPECT_NEAR(fewer.expansion, -v(2), 1e-12);
  EXPECT_NEAR(fewer.total, -v(2), 1e-12);
  EXPECT_NEAR(fewer.acceleration, 0.0, 1e-12);
  // Both at once; the parts add up to the total.
  SeedingDecomposition both = decompose_seeding_value({0, 0, 2, 0}, {1, 1, 0, 1}, d);
  EXPECT_NEAR(both.expansion, v(3), 1e-12);
  EXPECT_NEAR(both.acceleration, v(0) + v(1) - 2 * v(2), 1e-12);
  EXPECT_NEAR(both.total, both.acceleration + both.expansion, 1e-12);
}

TEST(SeedingValue, IsComputedOnlyWhenBDiffersFromAInSeedingAlone) {
  const auto difference = [](std::string key) {
    ScenarioDifference d;
    d.key = std::move(key);
    return d;
  };
  EXPECT_TRUE(differs_only_in_seeding({difference("brands[2].seeded_fraction")}));
  EXPECT_TRUE(differs_only_in_seeding(
      {difference("brands[0].seeding"), difference("brands[3].seeded_fraction")}));
  EXPECT_FALSE(differs_only_in_seeding({}));
  EXPECT_FALSE(differs_only_in_seeding(
      {difference("brands[2].seeded_fraction"), difference("brands[2].ad_budget")}));
  EXPECT_FALSE(differs_only_in_seeding({difference("population.customers")}));
}

TEST(SeedingValue, OfSeedingOneBrandInTheDefaultMarket) {
  // Delight seeds 2% of 3,000 customers as early adopters in B. Its organic adoptions (the
  // seeded ones not counted) rise, mostly by expansion; the parts add up per replicate, so
  // their means add up; its rivals lose adopters. Compared metrics are the usual ones.
  ComparisonSpec spec;
  spec.a.scenario = spec.b.scenario = std::filesystem::path(MURMUR_SCENARIO_DIR) / "default.yaml";
  spec.a.overrides = {"population.customers=3000", "steps=52"};
  spec.b.overrides = {"population.customers=3000", "steps=52",
                      "brands[Delight].seeded_fraction=0.02"};
  spec.replicates = 4;
  const ComparisonResult result = compare_scenarios(spec);
  ASSERT_EQ(result.seeding_value.size(), 5u);
  const SeedingValue& delight = result.seeding_value[2];
  EXPECT_EQ(delight.brand, "Delight");
  EXPECT_GT(delight.total.ci95_low, 0.0);
  EXPECT_GT(delight.expansion.mean, delight.acceleration.mean);
  EXPECT_NEAR(delight.total.mean, delight.acceleration.mean + delight.expansion.mean, 1e-9);
  EXPECT_LT(result.seeding_value[0].total.mean, 0.0);  // MassAd
  EXPECT_NE(comparison_html(result).find("The social value of seeding"), std::string::npos);
  // Any other difference: no decomposition.
  spec.b.overrides.emplace_back("brands[Delight].ad_budget=2");
  EXPECT_TRUE(compare_scenarios(spec).seeding_value.empty());
}

}  // namespace
}  // namespace murmur
