// The one number style of the terminal tables (sim/core/number_format.hpp).

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "sim/core/number_format.hpp"

namespace murmur {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(NumberFormat, SharesArePercentagesWithTwoDecimals) {
  EXPECT_EQ(format_value(0.123456, NumberScale::Share), "12.35%");
  EXPECT_EQ(format_value(1.0, NumberScale::Share), "100.00%");
  EXPECT_EQ(format_estimate(0.08, 0.0712, 0.0891, 20, NumberScale::Share), "8.00% [7.12%, 8.91%]");
}

TEST(NumberFormat, CountsAreWhole) {
  EXPECT_EQ(format_value(19999.6, NumberScale::Count), "20000");
  EXPECT_EQ(format_estimate(1234.5, 1200.1, 1268.9, 5, NumberScale::Count), "1234 [1200, 1269]");
}

TEST(NumberFormat, QuantitiesKeepFourSignificantDigitsInFixedNotation) {
  EXPECT_EQ(format_value(12.34567, NumberScale::Quantity), "12.35");
  EXPECT_EQ(format_value(0.012346, NumberScale::Quantity), "0.01235");
  EXPECT_EQ(format_value(123456.7, NumberScale::Quantity), "123457");
  EXPECT_EQ(format_value(0.0, NumberScale::Quantity), "0");
}

TEST(NumberFormat, TinyNegativeNumbersAreNeverScientific) {
  EXPECT_EQ(format_value(-5e-06, NumberScale::Quantity), "-0.000005");
  // The example: decimals from the interval's width, the same for all three.
  EXPECT_EQ(format_estimate(-5e-06, -1.793e-05, 7.929e-06, 20, NumberScale::Quantity),
            "-0.000005 [-0.000018, 0.000008]");
  // As a share difference: percentage points, and a rounded zero has no minus sign.
  EXPECT_EQ(format_estimate(-5e-06, -1.793e-05, 7.929e-06, 20, NumberScale::Share),
            "0.00% [0.00%, 0.00%]");
  EXPECT_EQ(format_value(-1e-12, NumberScale::Quantity), "0.000000");
}

TEST(NumberFormat, IntervalDecimalsFollowItsWidth) {
  EXPECT_EQ(format_estimate(-12.3456, -14.02, -10.61, 20, NumberScale::Quantity),
            "-12.3 [-14.0, -10.6]");
  EXPECT_EQ(format_estimate(0.5, -99.5, 100.5, 20, NumberScale::Quantity), "0 [-100, 100]");
  EXPECT_EQ(format_estimate(2.5, 2.5, 2.5, 3, NumberScale::Quantity), "2.500 [2.500, 2.500]");
}

TEST(NumberFormat, NoIntervalBelowTwoReplicatesAndNoValueWithout) {
  EXPECT_EQ(format_estimate(0.25, kNaN, kNaN, 1, NumberScale::Share), "25.00% [NA]");
  EXPECT_EQ(format_estimate(3.14159, kNaN, kNaN, 1, NumberScale::Quantity), "3.142 [NA]");
  EXPECT_EQ(format_estimate(0.0, kNaN, kNaN, 0, NumberScale::Quantity), "-");
  EXPECT_EQ(format_value(kNaN, NumberScale::Share), "-");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity(), NumberScale::Quantity), "-");
}

TEST(NumberFormat, MetricsHaveScalesUnitsAndMeanings) {
  EXPECT_EQ(metric_scale("share"), NumberScale::Share);
  EXPECT_EQ(metric_scale("believers"), NumberScale::Share);
  EXPECT_EQ(metric_scale("customers"), NumberScale::Count);
  EXPECT_EQ(metric_scale("nps"), NumberScale::Quantity);
  EXPECT_EQ(metric_scale("no_such_metric"), NumberScale::Quantity);
  EXPECT_EQ(metric_heading("clv"), "clv (currency)");
  EXPECT_EQ(metric_heading("gap"), "gap (0-10 scale)");
  EXPECT_EQ(metric_heading("customers"), "customers");
  EXPECT_FALSE(metric_meaning("agreeing").empty());
  EXPECT_TRUE(metric_meaning("no_such_metric").empty());
}

}  // namespace
}  // namespace murmur
