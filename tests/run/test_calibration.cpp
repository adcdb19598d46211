// The calibration against meta-analyses (docs/model.md, "Calibration against meta-analyses";
// issue 17): in scenarios/default.yaml, averaged over its brands, advertising and price
// elasticities fall in the published ranges; advertising answers most in an all-2.0 market
// and least in all-3.0 and all-4.0 ones; returns to advertising diminish; a brand that does
// not advertise still becomes known through word of mouth.
//
// Every arm runs on the same replicate seeds (common random numbers), so the paired
// elasticities carry little noise. Statistical, with fixed seeds: the tolerances below come
// from the replicates' 95% intervals, which each test checks are narrow enough to decide.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/io/scenario_loader.hpp"
#include "sim/run/respond.hpp"
#include "support/simulate.hpp"

namespace murmur {
namespace {

using testing::simulate;
using testing::Trajectory;

const std::filesystem::path kScenarios = MURMUR_SCENARIO_DIR;

/// The published ranges the calibration aims at (issue 17; docs/model.md gives the sources):
/// Sethuraman, Tellis & Briesch (2011) for advertising, Bijmolt, van Heerde & Pieters (2005)
/// and Tellis (1988) for price.
struct Range {
  double low;
  double high;
  [[nodiscard]] double width() const { return high - low; }
};
constexpr Range kAdLongTerm{0.12, 0.40};
constexpr Range kAdShortTerm{0.05, 0.20};
constexpr Range kPriceLongTerm{-3.5, -1.5};

ResponseSpec default_market(const std::string& brand, std::vector<std::string> levers,
                            std::uint32_t replicates) {
  ResponseSpec spec;
  spec.scenario_path = kScenarios / "default.yaml";
  spec.brand = brand;
  spec.levers = std::move(levers);
  spec.replicates = replicates;
  return spec;
}

/// The mean over brands of one pooled market ("all") estimate, with the mean of their 95%
/// half-widths. The half-width of the brands' average is at most that mean (the standard
/// deviation of a mean of variables is at most the mean of their standard deviations), so
/// the bound is conservative whatever the correlation between brands.
struct BrandAverage {
  double mean = 0.0;
  double half_width = 0.0;
};

template <class Pick>
BrandAverage average_over(const std::vector<ResponseResult>& results, const std::string& lever,
                          Pick pick) {
  BrandAverage average;
  double brands = 0.0;
  for (const ResponseResult& result : results)
    for (const LeverResponse& response : result.levers) {
      if (response.lever != lever) continue;
      const SampleSummary& s = pick(response.pooled.elasticities[0]);
      average.mean += s.mean;
      average.half_width += (s.ci95_high - s.ci95_low) / 2.0;
      brands += 1.0;
    }
  average.mean /= brands;
  average.half_width /= brands;
  return average;
}

::testing::AssertionResult inside(const BrandAverage& estimate, const Range& range) {
  if (estimate.half_width >= range.width() / 5.0)
    return ::testing::AssertionFailure()
           << "half-width " << estimate.half_width << " is not below a fifth of the range ("
           << range.width() / 5.0 << "): too few replicates to decide";
  if (estimate.mean < range.low || estimate.mean > range.high)
    return ::testing::AssertionFailure()
           << estimate.mean << " is outside [" << range.low << ", " << range.high << "]";
  return ::testing::AssertionSuccess() << estimate.mean << " ± " << estimate.half_width;
}

TEST(MarketCalibration, DefaultMarketAnswersAdvertisingAndPriceAsTheMetaAnalysesDo) {
  // 6 paired replicates: each brand's pooled interval is then at most about 0.02 wide for
  // advertising and 0.05 for price (measured), well below the fifth of each range this test
  // requires (0.056, 0.03, 0.4), which inside() checks before the range itself.
  constexpr std::uint32_t kReplicates = 6;
  std::vector<ResponseResult> results;
  const Scenario scenario = load_scenario(kScenarios / "default.yaml");
  for (const BrandSpec& brand : scenario.brands) {
    // A brand that does not advertise has no relative change of its budget to measure.
    std::vector<std::string> levers = {"price"};
    if (brand.ad_budget > 0.0) levers.insert(levers.begin(), "ad_budget");
    results.push_back(measure_response(default_market(brand.name, levers, kReplicates)));
  }
  const auto long_sales = [](const OutcomeElasticity& e) -> const SampleSummary& {
    return e.long_term.sales;
  };
  const auto short_sales = [](const OutcomeElasticity& e) -> const SampleSummary& {
    return e.short_term.sales;
  };
  const BrandAverage ad_long = average_over(results, "ad_budget", long_sales);
  const BrandAverage ad_short = average_over(results, "ad_budget", short_sales);
  const BrandAverage price_long = average_over(results, "price", long_sales);
  std::printf("advertising: short %.3f ± %.3f, long %.3f ± %.3f; price, long %.3f ± %.3f\n",
              ad_short.mean, ad_short.half_width, ad_long.mean, ad_long.half_width, price_long.mean,
              price_long.half_width);
  EXPECT_TRUE(inside(ad_long, kAdLongTerm));
  EXPECT_TRUE(inside(ad_short, kAdShortTerm));
  EXPECT_TRUE(inside(price_long, kPriceLongTerm));
  // The short-term response is the smaller: goodwill and the customer base take time to
  // follow a budget (Sethuraman et al. 2011: 0.12 against 0.24).
  EXPECT_LT(ad_short.mean + ad_short.half_width, ad_long.mean - ad_long.half_width);
}

/// The long-term advertising elasticity of the advertisers of default.yaml, averaged, in a
/// market of one generation.
BrandAverage advertising_among(const std::string& generation) {
  constexpr std::uint32_t kReplicates = 4;
  std::vector<ResponseResult> results;
  for (const char* brand : {"MassAd", "ValueCo", "Delight", "Persona"}) {
    ResponseSpec spec = default_market(brand, {"ad_budget"}, kReplicates);
    spec.overrides = {"population.generation_mix={\"" + generation + "\": 1}"};
    spec.changes = {-0.1, 0.1};
    results.push_back(measure_response(spec));
  }
  return average_over(
      results, "ad_budget",
      [](const OutcomeElasticity& e) -> const auto& { return e.long_term.sales; });
}

TEST(MarketCalibration, AdvertisingAnswersMostAmong2AndLeastAmong3And4) {
  // V9's ordering as elasticities. The markets are separate runs, so a difference of two
  // estimates has a 95% half-width of about the root of the sum of their squared half-widths;
  // each comparison must exceed it (4 paired replicates a market, the estimates printed).
  std::vector<BrandAverage> by_generation;
  for (const char* g : {"1.0", "2.0", "3.0", "4.0", "5.0"}) {
    by_generation.push_back(advertising_among(g));
    std::printf("all-%s market: %.3f ± %.3f\n", g, by_generation.back().mean,
                by_generation.back().half_width);
  }
  const auto above = [&](unsigned a, unsigned b) {
    return by_generation[a].mean - by_generation[b].mean >
           std::hypot(by_generation[a].half_width, by_generation[b].half_width);
  };
  for (unsigned g : {0u, 2u, 3u, 4u}) EXPECT_TRUE(above(1, g)) << "2.0 vs " << g + 1 << ".0";
  for (unsigned least : {2u, 3u})
    for (unsigned g : {0u, 4u}) EXPECT_TRUE(above(g, least)) << g + 1 << ".0 vs " << least + 1;
}

TEST(MarketCalibration, ReturnsToAdvertisingDiminish) {
  // The response curve of the mass advertiser: every further unit of budget buys fewer sales
  // than the one before (marginal returns fall, paired by replicate), and above its budget
  // the elasticity falls as spend rises.
  CurveSpec curve;
  curve.base = default_market("MassAd", {"ad_budget"}, 4);
  curve.lever = "ad_budget";
  curve.values = {0, 4, 8, 16, 32};
  const ResponseCurve measured = measure_response_curve(curve);
  for (std::size_t k = 2; k < measured.points.size(); ++k) {
    const SampleSummary& before = measured.points[k - 1].marginal_return;
    const SampleSummary& now = measured.points[k].marginal_return;
    EXPECT_LT(now.ci95_high, before.ci95_low) << "segment ending at " << measured.points[k].value;
  }
  std::vector<double> elasticity;
  for (const char* budget : {"8", "16", "32"}) {
    ResponseSpec spec = default_market("MassAd", {"ad_budget"}, 4);
    spec.overrides = {std::string("brands[MassAd].ad_budget=") + budget};
    spec.changes = {-0.1, 0.1};
    const SampleSummary s = measure_response(spec).levers[0].pooled.elasticities[0].long_term.sales;
    EXPECT_GT(s.ci95_low, 0.0) << "at " << budget;
    elasticity.push_back(s.mean);
  }
  EXPECT_GT(elasticity[0], elasticity[1]);
  EXPECT_GT(elasticity[1], elasticity[2]);
}

TEST(MarketCalibration, ABrandWithoutAdvertisingBecomesKnownThroughWordOfMouth) {
  // Corner spends nothing on advertising and starts known to 5% (and to the 1.0 customers of
  // its neighbourhoods); its customers' word of mouth makes it known to far more. Without
  // word of mouth (nobody talks) it stays where it started.
  const auto awareness_at_end = [](std::vector<std::string> overrides) {
    const Scenario s = load_scenario(kScenarios / "default.yaml", overrides);
    const Trajectory run = simulate(s);
    return run.at(s.steps, "awareness", "Corner");
  };
  const double with_word_of_mouth = awareness_at_end({});
  std::vector<std::string> silent;
  for (const char* g : {"1.0", "2.0", "3.0", "4.0", "5.0"})
    silent.push_back(std::string("generations[") + g + "].wom_talkativeness=0");
  const double without = awareness_at_end(silent);
  EXPECT_GT(with_word_of_mouth, 0.4);
  EXPECT_GT(with_word_of_mouth, 3.0 * without);
}

}  // namespace
}  // namespace murmur
