// murmur respond: the arc elasticity, the saturation rule, and paired runs of a market.

#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "sim/core/axis_ticks.hpp"
#include "sim/core/error.hpp"
#include "sim/run/html_chart.hpp"
#include "sim/run/respond.hpp"

namespace murmur {
namespace {

const std::filesystem::path kScenarios = MURMUR_SCENARIO_DIR;

TEST(ArcElasticity, OfALinearResponseIsItsSlopeTimesTheMeansRatio) {
  // Q = 100 + 20 x between x = 2 and x = 3: ΔQ/mean Q over Δx/mean x = 20·2.5/150, exactly.
  const double e = arc_elasticity(2.0, 3.0, 140.0, 160.0);
  EXPECT_DOUBLE_EQ(e, 20.0 * 2.5 / 150.0);
}

TEST(ArcElasticity, RecoversAConstantElasticityForSmallChanges) {
  // Q = x^e: the arc elasticity over a change δ differs from e by about δ²·e(e² − 1)/12, here
  // (δ = 0.001, e = −2.62) 1.2e-6, so 1e-5 is a bound the estimator meets, not a fudge.
  const double e = -2.62, from = 1.0, to = 1.001;
  EXPECT_NEAR(arc_elasticity(from, to, std::pow(from, e), std::pow(to, e)), e, 1e-5);
}

TEST(ArcElasticity, IsSymmetricInItsTwoPointsAndUndefinedWithoutSales) {
  EXPECT_DOUBLE_EQ(arc_elasticity(1.0, 1.1, 50.0, 47.0), arc_elasticity(1.1, 1.0, 47.0, 50.0));
  EXPECT_TRUE(std::isnan(arc_elasticity(1.0, 1.1, 0.0, 0.0)));
  EXPECT_TRUE(std::isnan(arc_elasticity(1.0, 1.0, 5.0, 6.0)));
}

TEST(SaturationPoint, IsTheLeastValueReachingNinetyPercentOfTheGain) {
  // A Hill curve x / (x + 3) on 0..10: the gain is 10/13; 90% of it, 0.6923, is first reached
  // at x = 7 (7/10 = 0.7; 6/9 = 0.667 falls short).
  std::vector<double> values, responses;
  for (int x = 0; x <= 10; ++x) {
    values.push_back(x);
    responses.push_back(x / (x + 3.0));
  }
  ASSERT_TRUE(saturation_point(values, responses).has_value());
  EXPECT_EQ(*saturation_point(values, responses), 7.0);
}

TEST(SaturationPoint, IsNoneWhenTheResponseFalls) {
  EXPECT_FALSE(saturation_point({1, 2, 3}, {10, 8, 5}).has_value());
}

/// The default market, small and short, so paired arms run in about a second.
ResponseSpec small_market() {
  ResponseSpec spec;
  spec.scenario_path = kScenarios / "default.yaml";
  spec.overrides = {"population.customers=3000", "steps=26"};
  spec.brand = "MassAd";
  spec.replicates = 5;
  spec.changes = {-0.1, 0.1};
  return spec;
}

TEST(MeasureResponse, AHigherPriceLowersSalesAndShare) {
  const ResponseResult result = measure_response(small_market());
  ASSERT_EQ(result.levers.size(), 2u);
  EXPECT_EQ(result.short_term_end, 13u);
  const LeverResponse& ads = result.levers[0];
  const LeverResponse& price = result.levers[1];
  EXPECT_EQ(ads.lever, "ad_budget");
  EXPECT_EQ(ads.base_value, 8.0);
  ASSERT_EQ(ads.changes.size(), 2u);
  EXPECT_DOUBLE_EQ(ads.changes[1].value, 8.8);
  EXPECT_EQ(ads.pooled.generations.front(), "all");
  EXPECT_EQ(ads.pooled.generations.size(), 6u);  // all and the five generations
  EXPECT_EQ(ads.pooled.elasticities[0].long_term.sales.count, 5u);
  // Signs only: the sizes are the calibration's (tests/run/test_calibration.cpp). The
  // intervals are over 5 paired replicates, and each excludes zero in these runs.
  EXPECT_GT(ads.pooled.elasticities[0].long_term.sales.ci95_low, 0.0);
  EXPECT_GT(ads.pooled.elasticities[0].short_term.share.ci95_low, 0.0);
  EXPECT_LT(price.pooled.elasticities[0].long_term.sales.ci95_high, 0.0);
  EXPECT_LT(price.pooled.elasticities[0].short_term.share.ci95_high, 0.0);
  EXPECT_EQ(price.pooled.elasticities[0].long_term.sales.count, 5u);
}

TEST(MeasureResponse, GivesTheSameBytesOnOneAndTwoThreads) {
  ResponseSpec one = small_market();
  one.levers = {"price"};
  one.threads = 1;
  ResponseSpec two = one;
  two.threads = 2;
  EXPECT_EQ(response_csv(measure_response(one)), response_csv(measure_response(two)));
}

TEST(MeasureResponse, NamesTheNearestBrandAndLeverOnATypo) {
  ResponseSpec spec = small_market();
  spec.brand = "MasAd";
  try {
    (void)measure_response(spec);
    FAIL() << "an unknown brand was accepted";
  } catch (const InputError& error) {
    EXPECT_EQ(error.issues().front().suggestion, "MassAd");
  }
  spec = small_market();
  spec.levers = {"ad_budgte"};
  try {
    (void)measure_response(spec);
    FAIL() << "an unknown lever was accepted";
  } catch (const InputError& error) {
    EXPECT_EQ(error.issues().front().suggestion, "ad_budget");
  }
}

TEST(MeasureResponse, RefusesALeverAtZeroAChangeOfMinusAllAndABassScenario) {
  ResponseSpec spec = small_market();
  spec.levers = {"referral_reward"};  // MassAd has none
  EXPECT_THROW((void)measure_response(spec), InputError);
  spec = small_market();
  spec.changes = {-1.0};
  EXPECT_THROW((void)measure_response(spec), InputError);
  spec = small_market();
  spec.scenario_path = kScenarios / "bass.yaml";
  spec.overrides = {};
  EXPECT_THROW((void)measure_response(spec), InputError);
}

TEST(ResponseCurve, RisesWithSpendWithTheSteepestSegmentFirst) {
  CurveSpec spec{small_market(), "ad_budget", {0.0, 4.0, 16.0}};
  const ResponseCurve curve = measure_response_curve(spec);
  ASSERT_EQ(curve.points.size(), 3u);
  EXPECT_EQ(curve.points[0].marginal_return.count, 0u);
  EXPECT_GT(curve.points[2].sales_long.mean, curve.points[0].sales_long.mean);
  ASSERT_TRUE(curve.highest_marginal_return.has_value());
  EXPECT_EQ(curve.highest_marginal_return->first, 0.0);  // diminishing returns
  const std::string csv = response_curve_csv(curve);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "lever,value,metric,n,mean,sd,ci95_low,ci95_high");
  EXPECT_NE(response_curve_html(curve).find("<svg"), std::string::npos);
}

TEST(ResponseCurve, RefusesValuesThatAreNotAscending) {
  CurveSpec spec{small_market(), "ad_budget", {4.0, 2.0}};
  EXPECT_THROW((void)measure_response_curve(spec), InputError);
}

TEST(HtmlChart, TicksAreRoundAndCoverTheData) {
  EXPECT_EQ(nice_ticks(0.0, 1.0, 5), (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0}));
  const std::vector<double> ticks = nice_ticks(117255.0, 142532.0, 5);
  EXPECT_LE(ticks.front(), 117255.0);
  EXPECT_GE(ticks.back(), 142532.0);
  EXPECT_EQ(ticks[1] - ticks[0], 10000.0);
  // Whole-number axes (years, periods): 1949–1961 in 6 ticks steps by 2, not 2.5; 0–3 by 1.
  EXPECT_EQ(nice_ticks(1949.0, 1961.0, 6)[1] - nice_ticks(1949.0, 1961.0, 6)[0], 2.5);
  EXPECT_EQ(nice_ticks(1949.0, 1961.0, 6, true),
            (std::vector<double>{1948, 1950, 1952, 1954, 1956, 1958, 1960, 1962}));
  EXPECT_EQ(nice_ticks(0.0, 3.0, 6, true), (std::vector<double>{0, 1, 2, 3}));
  EXPECT_EQ(html_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

}  // namespace
}  // namespace murmur
