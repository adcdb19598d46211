#include "sim/run/statistics.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace murmur {
namespace {

TEST(Statistics, SummaryOfKnownSampleToTheLastDigit) {
  const std::vector<double> values = {2, 4, 4, 4, 5, 5, 7, 9};  // mean 5, sample sd sqrt(32/7)
  const SampleSummary s = summarise(values);
  EXPECT_EQ(s.count, 8u);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_DOUBLE_EQ(s.standard_deviation, std::sqrt(32.0 / 7.0));
  const double half = 2.3646 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0);
  EXPECT_DOUBLE_EQ(s.ci95_low, 5.0 - half);
  EXPECT_DOUBLE_EQ(s.ci95_high, 5.0 + half);
}

TEST(Statistics, SingleValueHasNoSpread) {
  const std::vector<double> one = {3.5};
  const SampleSummary s = summarise(one);
  EXPECT_EQ(s.standard_deviation, 0.0);
  EXPECT_EQ(s.ci95_low, 3.5);
  EXPECT_EQ(s.ci95_high, 3.5);
}

TEST(Statistics, StudentQuantilesMatchTablesAndApproachTheNormal) {
  EXPECT_NEAR(student_t_975(1), 12.706, 1e-3);
  EXPECT_NEAR(student_t_975(19), 2.093, 1e-3);
  EXPECT_NEAR(student_t_975(40), 2.0211, 2e-4);   // table value 2.0211
  EXPECT_NEAR(student_t_975(120), 1.9799, 2e-4);  // table value 1.9799
  EXPECT_NEAR(student_t_975(100000), 1.95996, 1e-4);
  // Just past the switch from table to expansion (table value 2.0395).
  EXPECT_NEAR(student_t_975(31), 2.0395, 2e-4);
}

}  // namespace
}  // namespace murmur
