// Attribution (agents/attribution.hpp, docs/model.md §5.8): causes add up to the adoptions and
// losses they explain, splits are exact, and in Bass docking the share of adoptions owed to
// advertising is the Bass model's own.

#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "agents/attribution.hpp"
#include "agents/market_metrics.hpp"
#include "agents/market_model.hpp"
#include "support/market_fixtures.hpp"

namespace murmur {
namespace {

using testing::brand_named;
using testing::five_brand_scenario;
using testing::fully_mixed_graph;
using testing::ring_graph;

TEST(Attribution, SplitsAnAdoptionEquallyAndALossByTheHazardsTerms) {
  CauseCounts counts;
  count_adoption(counts,
                 cause_bit(AdoptionCause::Advertising) | cause_bit(AdoptionCause::WordOfMouth) |
                     cause_bit(AdoptionCause::Offer),
                 AdoptionCause::Earlier);
  EXPECT_EQ(counts.new_by[0], 20u);  // a third of 60 each
  EXPECT_EQ(counts.new_by[1], 20u);
  EXPECT_EQ(counts.new_by[3], 20u);
  count_adoption(counts, 0, AdoptionCause::WordOfMouth);  // nothing this week: the last touch
  EXPECT_EQ(counts.new_by[1], 80u);
  count_loss(counts, 0.001, 0.002, 0.007);  // 10%, 20%, 70%
  EXPECT_EQ(counts.lost_to[0], 6u);
  EXPECT_EQ(counts.lost_to[1], 12u);
  EXPECT_EQ(counts.lost_to[2], 42u);
  CauseCounts thirds;
  count_loss(thirds, 1.0, 1.0, 1.0);  // whole units that still add up to one loss
  EXPECT_EQ(thirds.lost_to[0] + thirds.lost_to[1] + thirds.lost_to[2], kCauseUnits);
  EXPECT_EQ(last_touch::about(last_touch::make(AdoptionCause::WordOfMouth, 37), 37),
            AdoptionCause::WordOfMouth);
  EXPECT_EQ(last_touch::about(last_touch::make(AdoptionCause::Advertising, 37), 36),
            AdoptionCause::Earlier);
  EXPECT_EQ(last_touch::about(last_touch::kNone, 0), AdoptionCause::Earlier);
}

double get(const MetricsFrame& frame, std::uint16_t metric, std::uint16_t brand,
           std::uint16_t generation) {
  return frame.get(metric, brand, generation);
}

TEST(Attribution, CausesAddUpToEveryCellsAdoptionsAndLosses) {
  // Every lever in use and an entrant seeding its early adopters at week 5: each brand x
  // generation row's causes sum to its new customers and to its losses (churn x customers at
  // the start of the week is not in the frame, so losses are checked through the market row:
  // lost = new − change in customers, for the market as a whole).
  Scenario s = five_brand_scenario(20000);
  s.output.attribution = true;
  MarketModel model(s, ring_graph(20000, 10, 0.1));
  const auto brands = static_cast<std::uint16_t>(s.brands.size());
  const auto generations = static_cast<std::uint16_t>(s.generations.size());
  double seeded = 0.0, referred = 0.0, offered = 0.0, local = 0.0;
  double previous_customers = model.measure().get(metric_id(MarketMetric::Customers));
  for (int week = 0; week < 20; ++week) {
    model.step();
    const MetricsFrame frame = model.measure();
    for (std::uint16_t b = 0; b < brands; ++b)
      for (std::uint16_t g = 0; g < generations; ++g) {
        double by_cause = 0.0;
        for (std::size_t k = 0; k < kAdoptionCauses; ++k)
          by_cause += get(frame, new_by_metric_id(k), b, g);
        EXPECT_NEAR(by_cause, get(frame, metric_id(MarketMetric::NewCustomers), b, g), 1e-9)
            << "week " << week << " brand " << b << " generation " << g;
      }
    double lost = 0.0;
    for (std::size_t k = 0; k < kLossCauses; ++k) lost += frame.get(lost_to_metric_id(k));
    const double customers = frame.get(metric_id(MarketMetric::Customers));
    const double added = frame.get(metric_id(MarketMetric::NewCustomers));
    EXPECT_NEAR(lost, previous_customers + added - customers, 1e-9) << "week " << week;
    previous_customers = customers;
    seeded += frame.get(new_by_metric_id(static_cast<std::size_t>(AdoptionCause::Seeding)));
    referred += frame.get(new_by_metric_id(static_cast<std::size_t>(AdoptionCause::Referral)));
    offered += frame.get(new_by_metric_id(static_cast<std::size_t>(AdoptionCause::Offer)));
    local += frame.get(new_by_metric_id(static_cast<std::size_t>(AdoptionCause::Local)));
  }
  // Each channel of the scene shows up: the entrant's 1% seeded adopters (about 200), the
  // referral programmes, the personaliser's offers, the baker's shops.
  EXPECT_NEAR(seeded, 0.01 * 20000, 4 * std::sqrt(0.01 * 20000));
  EXPECT_GT(referred, 0.0);
  EXPECT_GT(offered, 0.0);
  EXPECT_GT(local, 0.0);
}

TEST(Attribution, TheInspectorSaysWhyACustomerHasItsBrand) {
  // customer_view().adoption_causes: of the entrant's customers in its first week, about 1%
  // of all (its seeded early adopters) say seeding and the few who chose it that week say
  // what brought them; a customer whose brand dates from the start has none; without
  // attribution, nothing.
  Scenario s = five_brand_scenario(20000);
  s.output.attribution = true;
  MarketModel model(s, ring_graph(20000, 10, 0.1));
  for (int week = 0; week < 6; ++week) model.step();  // the entrant came in week 5
  std::uint32_t entrant = 0, seeded = 0, explained = 0, customers = 0;
  for (CustomerIndex i = 0; i < 20000; ++i) {
    const CustomerView view = model.customer_view(i);
    if (view.brand == kAllLabel) {
      EXPECT_EQ(view.adoption_causes, 0u);
      continue;
    }
    ++customers;
    EXPECT_EQ(view.adoption_causes & ~0x7Fu, 0u);  // seven causes, one bit each
    explained += view.adoption_causes != 0;
    if (view.brand == 4) {
      ++entrant;
      EXPECT_NE(view.adoption_causes, 0u);
      seeded += view.adoption_causes == cause_bit(AdoptionCause::Seeding);
    }
  }
  EXPECT_NEAR(seeded, 0.01 * 20000, 4 * std::sqrt(0.01 * 20000));
  EXPECT_GT(entrant, seeded);
  EXPECT_GT(explained, entrant);
  EXPECT_LT(explained, customers);  // the initial customers have no recorded cause
  MarketModel plain(five_brand_scenario(20000), ring_graph(20000, 10, 0.1));
  for (int week = 0; week < 6; ++week) plain.step();
  for (CustomerIndex i = 0; i < 20000; i += 97)
    EXPECT_EQ(plain.customer_view(i).adoption_causes, 0u);
}

TEST(Attribution, IsOffByDefaultAndThenAddsNoMetric) {
  Scenario s = five_brand_scenario(2000);
  MarketModel model(s, ring_graph(2000, 10, 0.1));
  for (const std::string& name : attribution_metric_names())
    EXPECT_EQ(
        std::count(model.schema().metric_names.begin(), model.schema().metric_names.end(), name), 0)
        << name;
  model.step();
  for (const MetricValue& v : model.measure().values)
    EXPECT_LT(v.metric, metric_id(MarketMetric::Count_));
}

/// The share of adoptions owed to advertising in the discrete recursion of docs/model.md §8,
/// as the engine attributes them: an unaware customer meets the ad first (probability a =
/// 1 − e^{−pΔt}), and word of mouth converts only one the ad missed, so the week's
/// adoptions are (1 − F_t)·h_t of which (1 − F_t)·a by advertising.
double discrete_advertising_share(double p, double q, int weeks, double dt = 1.0 / 52) {
  const double a = 1.0 - std::exp(-p * dt);
  double f = 0.0, by_ads = 0.0, all = 0.0;
  for (int t = 0; t < weeks; ++t) {
    const double hazard = 1.0 - (1.0 - a) * std::exp(-q * dt * f);
    by_ads += (1.0 - f) * a;
    all += (1.0 - f) * hazard;
    f += (1.0 - f) * hazard;
  }
  return by_ads / all;
}

TEST(AttributionDocking, AdvertisingsShareOfAdoptionsIsTheBassModels) {
  // Bass (1969): adoptions come from innovation at rate p(1 − F) and imitation at qF(1 − F), so
  // over the whole diffusion the innovators' share is ∫p(1 − F)dt = (p/q)·ln(1 + q/p) =
  // 0.2064 at p = 0.03, q = 0.38. The run's recursion departs from it twice (docs/model.md
  // §5.8): 1040 weeks end at F = 0.9962, and the last adopters are mostly imitators (the
  // continuous share over 20 years is 0.2069, +0.0005); and weekly steps let the ad convert
  // first within a week, a first-order error (+0.0008 at Δt = 1/52, +0.0004 at 1/104). The
  // recursion's share over the run's 1040 weeks, computed here, is the test's centre, and its
  // distance from the continuous value, +0.0013, the bias. Sampling: about 100,000 adoptions,
  // the share's binomial s.e. sqrt(0.2·0.8/100,000) = 0.0013; 4 s.e. = 0.005 around the
  // recursion, and the bound, one point plus the bias, around the continuous value.
  constexpr double p = 0.03, q = 0.38;
  constexpr int kWeeks = 1040;
  const double continuous = p / q * std::log(1.0 + q / p);
  const double discrete = discrete_advertising_share(p, q, kWeeks);
  const double bias = discrete - continuous;
  std::printf("advertising's share: continuous %.4f, discrete recursion %.4f (bias %+.4f)\n",
              continuous, discrete, bias);
  EXPECT_NEAR(continuous, 0.2064, 0.00005);

  Scenario s;
  s.seed = 17;
  s.market.docking = true;
  s.output.attribution = true;
  s.brands = {brand_named("product")};
  MarketModel model(s, fully_mixed_graph(100000));
  const std::uint16_t ads = new_by_metric_id(static_cast<std::size_t>(AdoptionCause::Advertising));
  const std::uint16_t talk = new_by_metric_id(static_cast<std::size_t>(AdoptionCause::WordOfMouth));
  double by_ads = 0.0, all = 0.0;
  for (int t = 0; t < kWeeks; ++t) {
    model.step();
    const MetricsFrame frame = model.measure();
    by_ads += frame.get(ads);
    all += frame.get(metric_id(MarketMetric::NewCustomers));
    EXPECT_NEAR(frame.get(ads) + frame.get(talk), frame.get(metric_id(MarketMetric::NewCustomers)),
                1e-9);
  }
  const double measured = by_ads / all;
  std::printf("measured %.4f over %.0f adoptions\n", measured, all);
  EXPECT_GT(all, 99000.0);
  EXPECT_NEAR(measured, discrete, 0.005);
  EXPECT_NEAR(measured, continuous, 0.01 + std::abs(bias));
}

}  // namespace
}  // namespace murmur
