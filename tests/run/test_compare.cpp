// murmur compare: common random numbers, paired differences, and the HTML report.

#include <filesystem>

#include <gtest/gtest.h>

#include "sim/run/compare.hpp"

namespace murmur {
namespace {

const std::filesystem::path kData = MURMUR_TEST_DATA_DIR;

TEST(Compare, IdenticalArmsDifferByExactlyZero) {
  ComparisonSpec spec;
  spec.scenario_a = spec.scenario_b = kData / "compare_base.yaml";
  spec.replicates = 3;
  const ComparisonResult result = compare_scenarios(spec);
  ASSERT_FALSE(result.comparisons.empty());
  for (const MetricComparison& m : result.comparisons) {
    EXPECT_EQ(m.difference.mean, 0.0) << m.metric;  // same seeds: the very same runs
    EXPECT_EQ(m.difference.standard_deviation, 0.0) << m.metric;
    EXPECT_GT(m.final_a.standard_deviation, 0.0) << m.metric;  // but replicates do differ
  }
}

TEST(Compare, StrongerWordOfMouthRaisesAdoptionAndThePairedIntervalIsNarrower) {
  ComparisonSpec spec;
  spec.scenario_a = kData / "compare_base.yaml";
  spec.scenario_b = kData / "compare_option.yaml";
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
  spec.scenario_a = kData / "compare_base.yaml";
  spec.scenario_b = kData / "compare_option.yaml";
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

}  // namespace
}  // namespace murmur
