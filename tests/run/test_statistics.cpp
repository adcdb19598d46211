#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "sim/run/statistics.hpp"

namespace murmur {
namespace {

TEST(Statistics, SummaryOfKnownSampleToTheLastDigit) {
  const std::vector<double> values = {2, 4, 4, 4, 5, 5, 7, 9};  // mean 5, sample sd sqrt(32/7)
  const SampleSummary s = summarise(values);
  EXPECT_EQ(s.count, 8u);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_DOUBLE_EQ(s.standard_deviation, std::sqrt(32.0 / 7.0));
  const double t_975_7 = 2.3646242515927853;  // 7 degrees of freedom
  const double half = t_975_7 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0);
  EXPECT_NEAR(s.ci95_low, 5.0 - half, 1e-12);
  EXPECT_NEAR(s.ci95_high, 5.0 + half, 1e-12);
}

// Issue 16.7: one replicate has no spread to estimate; sd = 0 and [x, x] claimed certainty.
TEST(Statistics, SingleValueHasNoSpreadOrInterval) {
  const std::vector<double> one = {3.5};
  const SampleSummary s = summarise(one);
  EXPECT_EQ(s.count, 1u);
  EXPECT_EQ(s.mean, 3.5);
  EXPECT_TRUE(std::isnan(s.standard_deviation));
  EXPECT_TRUE(std::isnan(s.ci95_low));
  EXPECT_TRUE(std::isnan(s.ci95_high));
}

TEST(Statistics, NoValuesHaveNoMeanSpreadOrInterval) {
  const SampleSummary s = summarise(std::vector<double>{});
  EXPECT_EQ(s.count, 0u);
  EXPECT_TRUE(std::isnan(s.standard_deviation));
  EXPECT_TRUE(std::isnan(s.ci95_low));
}

// Reference quantiles from the t CDF (the regularised incomplete beta function) inverted in
// 40-digit arithmetic with mpmath, independent of Boost. The old table held four decimals
// and no row past 30 degrees of freedom, so 7, 37 and 1000 would fail here at 1e-6.
TEST(Statistics, StudentQuantilesMatchReferenceValuesToSixDecimals) {
  struct Reference {
    std::size_t degrees_of_freedom;
    double quantile_975;
  };
  const Reference references[] = {
      {1, 12.7062047361747046},    {2, 4.30265272974946385},     {4, 2.77644510519779436},
      {7, 2.36462425159278534},    {10, 2.22813885198627475},    {30, 2.04227245630123831},
      {31, 2.03951344639640849},   {37, 2.02619246302910977},    {120, 1.97993040508244085},
      {1000, 1.96233908082640849}, {100000, 1.95998770753460964}};
  for (const Reference& reference : references)
    EXPECT_NEAR(student_t_975(reference.degrees_of_freedom), reference.quantile_975, 1e-6)
        << reference.degrees_of_freedom << " degrees of freedom";
}

TEST(Statistics, StudentQuantilesFallTowardTheNormalQuantile) {
  const double normal_975 = 1.95996398454005423;
  double previous = student_t_975(1);
  for (std::size_t df = 2; df <= 4096; df *= 2) {
    const double quantile = student_t_975(df);
    EXPECT_LT(quantile, previous) << df << " degrees of freedom";
    EXPECT_GT(quantile, normal_975) << df << " degrees of freedom";
    previous = quantile;
  }
  EXPECT_NEAR(student_t_975(10'000'000), normal_975, 1e-6);
}

TEST(Statistics, StudentQuantileOfZeroDegreesOfFreedomIsNaN) {
  EXPECT_TRUE(std::isnan(student_t_975(0)));
}

}  // namespace
}  // namespace murmur
