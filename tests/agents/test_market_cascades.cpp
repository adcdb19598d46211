// Word-of-mouth cascades (agents/cascades.hpp, docs/model.md §5.9): the tracker's bookkeeping on
// hand-made weeks, the trees a market grows (on a ring they follow the ring), and the
// identities its metrics keep in a market with every lever in use.

#include <algorithm>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "agents/cascades.hpp"
#include "agents/market_metrics.hpp"
#include "agents/market_model.hpp"
#include "sim/core/state_archive.hpp"
#include "support/market_fixtures.hpp"

namespace murmur {
namespace {

using testing::five_brand_scenario;
using testing::ring_graph;

CascadeEvent adopted(CustomerIndex i, BrandIndex b) {
  return {i, 0, b, 0, CascadeEventKind::Adopted};
}
CascadeEvent recruited(CustomerIndex i, CustomerIndex by, BrandIndex b) {
  return {i, by, b, 0, CascadeEventKind::Recruited};
}
CascadeEvent left(CustomerIndex i, BrandIndex b) { return {i, 0, b, 0, CascadeEventKind::Left}; }

/// Applies one week's single log; returns the week's recruitments of brand 0 (generation 0).
std::uint64_t week(CascadeTracker& tracker, std::vector<CascadeEvent> events) {
  std::vector<std::uint64_t> recruits;
  const std::span<const CascadeEvent> log(events);
  tracker.apply_week({&log, 1}, 1, recruits);
  EXPECT_TRUE(tracker.consistent());
  return recruits.at(0);
}

TEST(CascadeSizes, BinInPowersOfTwoWithNames) {
  EXPECT_EQ(cascade_size_bin(1), 0u);
  EXPECT_EQ(cascade_size_bin(2), 1u);
  EXPECT_EQ(cascade_size_bin(3), 2u);
  EXPECT_EQ(cascade_size_bin(4), 2u);
  EXPECT_EQ(cascade_size_bin(5), 3u);
  EXPECT_EQ(cascade_size_bin(256), 8u);
  EXPECT_EQ(cascade_size_bin(257), 9u);
  EXPECT_EQ(cascade_size_bin(1'000'000), 9u);
  EXPECT_EQ(cascade_size_bin_name(0), "1");
  EXPECT_EQ(cascade_size_bin_name(1), "2");
  EXPECT_EQ(cascade_size_bin_name(2), "3_4");
  EXPECT_EQ(cascade_size_bin_name(8), "129_256");
  EXPECT_EQ(cascade_size_bin_name(9), "257_plus");
}

TEST(CascadeTracker, GrowsTreesFromTheStartAndFromUnrecruitedAdoptions) {
  // Customers 0 and 1 start with brand 0; 0 recruits 2, who recruits 3; 4 adopts unrecruited.
  const std::vector<BrandIndex> start = {0, 0, kNoBrand, kNoBrand, kNoBrand};
  CascadeTracker tracker(start, 1);
  EXPECT_EQ(tracker.summary(0).cascades, 2u);
  EXPECT_EQ(tracker.summary(0).by_size[0], 2u);
  EXPECT_EQ(week(tracker, {recruited(2, 0, 0), adopted(4, 0)}), 1u);
  EXPECT_EQ(week(tracker, {recruited(3, 2, 0)}), 1u);
  const CascadeSummary s = tracker.summary(0);
  EXPECT_EQ(s.cascades, 3u);  // 0's tree, 1 alone, 4 alone
  EXPECT_EQ(s.viral, 1u);
  EXPECT_EQ(s.recruited, 2u);
  EXPECT_EQ(s.largest, 3u);
  EXPECT_EQ(s.deepest, 2u);
  EXPECT_EQ(s.depth_sum, 2u);
  EXPECT_EQ(s.by_size[0], 2u);
  EXPECT_EQ(s.by_size[cascade_size_bin(3)], 1u);
  EXPECT_EQ(tracker.depth(3), 2u);
  EXPECT_EQ(tracker.depth(4), 0u);
  // Five spells (0, 1, 2, 3, 4); the top 1% is one spell, with 1 recruit: 1/5.
  EXPECT_DOUBLE_EQ(s.top_promoters_share, 1.0 / 5.0);
}

TEST(CascadeTracker, ReadsRecruitersAsTheyWereWhenTheySpoke) {
  // The recruiter leaves in the week its praise recruits (its Left logged first, in an
  // earlier block): the recruit still joins its tree, one level below it.
  CascadeTracker tracker(std::vector<BrandIndex>{0, kNoBrand, kNoBrand}, 1);
  EXPECT_EQ(week(tracker, {recruited(1, 0, 0)}), 1u);
  EXPECT_EQ(week(tracker, {left(1, 0), recruited(2, 1, 0)}), 1u);
  EXPECT_EQ(tracker.summary(0).largest, 3u);
  EXPECT_EQ(tracker.depth(2), 2u);
  EXPECT_EQ(tracker.depth(1), 0u);  // no spell now
}

TEST(CascadeTracker, KeepsSizesOfFinishedCascadesAndReusesTheirSlots) {
  CascadeTracker tracker(std::vector<BrandIndex>(4, kNoBrand), 2);
  week(tracker, {adopted(0, 1)});
  week(tracker, {recruited(1, 0, 1)});
  week(tracker, {left(0, 1), left(1, 1)});  // the tree is over; its size stays counted
  const std::size_t bytes = tracker.memory_bytes();
  week(tracker, {adopted(2, 1)});
  week(tracker, {recruited(3, 2, 1)});  // 2's tree takes the freed slot: no new memory
  EXPECT_EQ(tracker.memory_bytes(), bytes);
  EXPECT_EQ(tracker.summary(1).cascades, 2u);
  EXPECT_EQ(tracker.summary(1).viral, 2u);
  EXPECT_EQ(tracker.summary(1).largest, 2u);
  // A re-adoption of the brand is a new spell: a new cascade.
  week(tracker, {adopted(0, 1)});
  EXPECT_EQ(tracker.summary(1).cascades, 3u);
}

CascadeEvent churned(CustomerIndex i, BrandIndex b) {
  return {i, 0, b, 0, CascadeEventKind::Churned};
}

TEST(CascadeTracker, PraiseRecruitsAfterItsSpeakerChurnedOrWasMoved) {
  // Churn follows advocacy in a week, so a customer's last praise is heard the week after it
  // left; an intervention between the weeks may also move the speaker to another brand. Either
  // way the recruit joins the speaker's tree of the brand it praised.
  CascadeTracker tracker(std::vector<BrandIndex>{0, 0, kNoBrand, kNoBrand}, 2);
  week(tracker, {churned(0, 0)});
  const std::vector<CascadeEvent> moved = {left(1, 0), adopted(1, 1)};
  tracker.defer(moved);
  EXPECT_EQ(week(tracker, {recruited(2, 0, 0), recruited(3, 1, 0)}), 2u);
  EXPECT_EQ(tracker.summary(0).viral, 2u);
  EXPECT_EQ(tracker.summary(0).recruited, 2u);
  EXPECT_EQ(tracker.summary(1).cascades, 1u);  // 1's new spell
  EXPECT_EQ(tracker.depth(2), 1u);
  EXPECT_EQ(tracker.depth(0), 0u);  // its churn applied once the recruitment was resolved
  // Churned before it spoke again: a customer whose spell ended earlier recruits no one.
  week(tracker, {churned(2, 0)});
  week(tracker, {});
  EXPECT_TRUE(tracker.consistent());
}

TEST(CascadeTracker, TopPromotersAreTheBestOnePercentOfSpells) {
  // 300 customers from the start; 0 recruits 6 and 1 recruits 3 of 9 newcomers: 309 spells,
  // the top 1% is 4 spells (rounded up): 6 + 3 + 0 + 0 recruits.
  std::vector<BrandIndex> start(309, kNoBrand);
  std::fill(start.begin(), start.begin() + 300, BrandIndex{0});
  CascadeTracker tracker(start, 1);
  std::vector<CascadeEvent> events;
  for (CustomerIndex k = 0; k < 9; ++k) events.push_back(recruited(300 + k, k < 6 ? 0 : 1, 0));
  EXPECT_EQ(week(tracker, events), 9u);
  EXPECT_DOUBLE_EQ(tracker.summary(0).top_promoters_share, 9.0 / 309.0);
  EXPECT_EQ(tracker.summary(0).largest, 7u);
  EXPECT_EQ(tracker.summary(0).deepest, 1u);
  EXPECT_TRUE(std::isnan(CascadeTracker(start, 2).summary(1).top_promoters_share));
}

TEST(CascadeTracker, DepthsSaturate) {
  constexpr CustomerIndex kChain = 300;
  std::vector<BrandIndex> start(kChain, kNoBrand);
  start[0] = 0;
  CascadeTracker tracker(start, 1);
  for (CustomerIndex i = 1; i < kChain; ++i) week(tracker, {recruited(i, i - 1, 0)});
  EXPECT_EQ(tracker.summary(0).deepest, CascadeTracker::kMaxDepth);
  EXPECT_EQ(tracker.summary(0).largest, kChain);
  EXPECT_EQ(tracker.summary(0).by_size[kCascadeSizeBins - 1], 1u);
}

TEST(CascadeTracker, SavesAndLoadsItsStateExactly) {
  CascadeTracker tracker(std::vector<BrandIndex>{0, kNoBrand, kNoBrand, 1}, 2);
  week(tracker, {recruited(1, 0, 0), adopted(2, 1)});
  week(tracker, {left(3, 1)});
  const std::string bytes = write_state_exactly([&](auto& out) { tracker.transfer(out); });
  CascadeTracker loaded;
  StateReader in(bytes);
  loaded.transfer(in);
  in.expect_end();
  EXPECT_TRUE(loaded.has_shape(4, 2));
  EXPECT_TRUE(loaded.consistent());
  EXPECT_EQ(write_state_exactly([&](auto& out) { loaded.transfer(out); }), bytes);
  week(loaded, {recruited(3, 1, 0)});
  EXPECT_EQ(loaded.summary(0).largest, 3u);
  EXPECT_EQ(loaded.depth(3), 2u);
}

// ---- in the market -------------------------------------------------------------------------

double value(const MarketModel& model, const MetricsFrame& frame, const std::string& name,
             std::uint16_t brand, std::uint16_t generation) {
  const auto& names = model.schema().metric_names;
  const auto it = std::find(names.begin(), names.end(), name);
  EXPECT_NE(it, names.end()) << name;
  return frame.get(static_cast<std::uint16_t>(it - names.begin()), brand, generation);
}

TEST(MarketCascades, OnARingEveryTreeIsAnArcAndDepthIsDistanceAlongIt) {
  // Bass docking without advertising on a cycle: every adoption is an imitation of an adopting
  // neighbour, so the trees are arcs of the ring grown from the customers of the start. Each
  // adopter other than a root has a ring neighbour one level above it (its recruiter, still a
  // customer: docking has no churn), the roots are exactly the customers of the start, and
  // every adopter of the run was recruited.
  constexpr CustomerIndex n = 4000;
  Scenario s;
  s.seed = 5;
  s.market.docking = true;
  s.market.docking_innovation_per_year = 0.0;
  s.market.docking_imitation_per_year = 52.0;  // 1 − e^{−1/2} a week per adopted neighbour
  s.output.cascades = true;
  BrandSpec brand = testing::brand_named("product");
  brand.initial_share = 0.005;  // about 20 roots
  s.brands = {brand};
  MarketModel model(s, ring_graph(n, 2));
  std::vector<bool> root(n);
  std::uint64_t roots = 0;
  for (CustomerIndex i = 0; i < n; ++i) roots += root[i] = model.customers().brand[i] == 0;
  ASSERT_GT(roots, 5u);
  for (int t = 0; t < 30; ++t) model.step();

  const Customers& c = model.customers();
  std::uint32_t deepest = 0;
  std::uint64_t adopters = 0;
  for (CustomerIndex i = 0; i < n; ++i) {
    if (c.brand[i] != 0) continue;
    ++adopters;
    const std::uint32_t d = model.cascades().depth(i);
    deepest = std::max(deepest, d);
    if (root[i]) {
      EXPECT_EQ(d, 0u) << i;
      continue;
    }
    ASSERT_GT(d, 0u) << "adopter " << i << " is not a recruit";
    const CustomerIndex left_of = (i + n - 1) % n, right_of = (i + 1) % n;
    const bool above = (c.brand[left_of] == 0 && model.cascades().depth(left_of) == d - 1) ||
                       (c.brand[right_of] == 0 && model.cascades().depth(right_of) == d - 1);
    EXPECT_TRUE(above) << "adopter " << i << " at depth " << d << " has no recruiter beside it";
  }
  const MetricsFrame frame = model.measure();
  const CascadeSummary summary = model.cascades().summary(0);
  EXPECT_GT(adopters, 4 * roots);  // the run did spread
  EXPECT_EQ(summary.cascades, roots);
  EXPECT_EQ(summary.cascades + summary.recruited, adopters);
  EXPECT_EQ(summary.deepest, deepest);
  EXPECT_EQ(value(model, frame, "cascades", 0, kAllLabel), static_cast<double>(roots));
  EXPECT_EQ(value(model, frame, "cascade_max_depth", 0, kAllLabel), deepest);
  EXPECT_TRUE(model.cascades().consistent());
}

TEST(MarketCascades, MetricsKeepTheirIdentitiesWithEveryLeverInUse) {
  // Ads, referrals, offers, shops, churn, an entrant seeding its early adopters and an
  // intervention seeding ambassadors: each week the tracker is consistent, recruitments are
  // at most the cell's new customers, the generations add up to the brand, and over the run
  // every spell of a brand is a root or a recruit.
  Scenario s = five_brand_scenario(20000);
  s.output.cascades = true;
  InterventionSpec ambassadors;
  ambassadors.name = "ambassadors";
  ambassadors.trigger.at_step = 8;
  ambassadors.kind = InterventionKind::SeedAmbassadors;
  ambassadors.brands = {"refer"};
  ambassadors.value = 0.01;
  s.interventions = {ambassadors};
  MarketModel model(s, ring_graph(20000, 10, 0.1));
  const auto brands = static_cast<std::uint16_t>(s.brands.size());
  const auto generations = static_cast<std::uint16_t>(s.generations.size());
  std::vector<double> start(brands), recruited(brands, 0.0);
  MetricsFrame frame = model.measure();
  for (std::uint16_t b = 0; b < brands; ++b)
    start[b] = frame.get(metric_id(MarketMetric::Customers), b, kAllLabel);
  for (int t = 0; t < 40; ++t) {
    model.step();
    frame = model.measure();
    ASSERT_TRUE(model.cascades().consistent()) << "week " << t;
    for (std::uint16_t b = 0; b < brands; ++b) {
      double by_generation = 0.0;
      for (std::uint16_t g = 0; g < generations; ++g) {
        const double r = value(model, frame, "wom_recruits", b, g);
        EXPECT_LE(r, frame.get(metric_id(MarketMetric::NewCustomers), b, g));
        by_generation += r;
      }
      const double r = value(model, frame, "wom_recruits", b, kAllLabel);
      EXPECT_EQ(r, by_generation);
      recruited[b] += r;
      double binned = 0.0;
      for (std::size_t bin = 0; bin < kCascadeSizeBins; ++bin)
        binned += value(model, frame, "cascades_size_" + cascade_size_bin_name(bin), b, kAllLabel);
      EXPECT_EQ(binned, value(model, frame, "cascades", b, kAllLabel));
    }
  }
  double all_recruited = 0.0;
  for (std::uint16_t b = 0; b < brands; ++b) {
    const CascadeSummary summary = model.cascades().summary(static_cast<BrandIndex>(b));
    EXPECT_EQ(static_cast<double>(summary.recruited), recruited[b]) << "brand " << b;
    // Adoption: the brand's customers at the start and acquisitions since, over the population.
    const double spells = frame.get(metric_id(MarketMetric::Adoption), b, kAllLabel) *
                          frame.get(metric_id(MarketMetric::Customers), kAllLabel, kAllLabel) /
                          frame.get(metric_id(MarketMetric::Share), kAllLabel, kAllLabel);
    EXPECT_NEAR(static_cast<double>(summary.cascades + summary.recruited), spells, 1e-6)
        << "brand " << b;
    EXPECT_GT(static_cast<double>(summary.cascades), start[b]);
    all_recruited += recruited[b];
  }
  EXPECT_GT(all_recruited, 100.0);  // word of mouth did recruit
}

TEST(MarketCascades, AreOffByDefaultAndCostNothing) {
  MarketModel plain(five_brand_scenario(2000), ring_graph(2000, 10, 0.1));
  for (const std::string& name : cascade_metric_names())
    EXPECT_EQ(
        std::count(plain.schema().metric_names.begin(), plain.schema().metric_names.end(), name), 0)
        << name;
  EXPECT_EQ(plain.cascades().memory_bytes(), 0u);
}

}  // namespace
}  // namespace murmur
