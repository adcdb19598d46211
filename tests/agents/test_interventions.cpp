// Interventions on the market's timeline: each kind changes what it says for as long as it
// says, timed changes compose and undo exactly, triggers fire when their condition starts to
// hold, seeding strategies pick the customers they name, and all of it is deterministic,
// carried by a fork, and independent of the thread count.

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "agents/interventions.hpp"
#include "agents/market_model.hpp"
#include "sim/core/parallel.hpp"
#include "sim/graph/seeding.hpp"
#include "support/market_fixtures.hpp"

namespace murmur {
namespace {

using testing::brand_named;
using testing::fully_mixed_graph;
using testing::graph_from_pairs;
using testing::ring_graph;

InterventionSpec at_week(Step week, InterventionKind kind, const char* brand, double value,
                         Step weeks = 0) {
  InterventionSpec spec;
  spec.name = "event";
  spec.trigger.at_step = week;
  spec.kind = kind;
  spec.brands = {brand};
  spec.value = value;
  spec.weeks = weeks;
  return spec;
}

Scenario two_brands() {
  Scenario s;
  s.seed = 5;
  BrandSpec a = brand_named("a");
  a.initial_share = 0.4;
  a.ad_budget = 2.0;
  a.quality = 7.0;
  a.price = 2.0;
  BrandSpec b = brand_named("b");
  b.initial_share = 0.4;
  b.price = 1.0;
  s.brands = {a, b};
  return s;
}

/// Steps `model` until current_step() == week.
void run_to(MarketModel& model, Step week) {
  while (model.current_step() < week) model.step();
}

TEST(Interventions, CampaignAddsBudgetForItsWeeksThenRestores) {
  Scenario s = two_brands();
  s.interventions = {at_week(3, InterventionKind::Campaign, "a", 10.0, 4)};
  MarketModel model(s, fully_mixed_graph(2000));
  run_to(model, 3);
  EXPECT_EQ(model.brands()[0].levers.ad_budget, 2.0);
  model.step();  // week 3: on air
  EXPECT_EQ(model.brands()[0].levers.ad_budget, 12.0);
  EXPECT_EQ(model.brands()[0].ad_spend, 12.0);
  run_to(model, 7);
  EXPECT_EQ(model.brands()[0].levers.ad_budget, 12.0);  // weeks 3, 4, 5, 6
  model.step();
  EXPECT_EQ(model.brands()[0].levers.ad_budget, 2.0);
  ASSERT_EQ(model.fired_interventions().size(), 1u);
  EXPECT_EQ(model.fired_interventions()[0].week, 3u);
}

TEST(Interventions, ScandalCutsQualityAndHalvesTrust) {
  Scenario s = two_brands();
  s.interventions = {at_week(2, InterventionKind::Scandal, "a", 3.0, 5)};
  MarketModel model(s, fully_mixed_graph(2000));
  run_to(model, 2);
  const double trust_before = model.brands()[0].trust;
  model.step();
  EXPECT_EQ(model.brands()[0].levers.quality, 4.0);
  // Trust halves, then drifts 2% of the way toward data_care in the same week's brands act.
  const double care = s.brands[0].data_care;
  EXPECT_DOUBLE_EQ(model.brands()[0].trust, trust_before / 2 + 0.02 * (care - trust_before / 2));
  run_to(model, 8);
  EXPECT_EQ(model.brands()[0].levers.quality, 7.0);
}

TEST(Interventions, AScandalRevokesDataSharingWithTheGenerationsPrivacyConcern) {
  // 20,000 Customer 5.0 (ρ = 0.3) who all share data with the brand: after the scandal
  // 70% still share, ± 4 s.e. (s.e. = sqrt(0.21/20000) = 0.0032).
  Scenario s = two_brands();
  s.population.generation_mix = {0, 0, 0, 0, 1};
  MarketModel model(s, fully_mixed_graph(20000));
  Customers& c = model.mutable_customers();
  for (CustomerIndex i = 0; i < c.count; ++i) c.shares[i] |= 1u;
  model.refresh_metrics();
  model.apply_intervention(at_week(0, InterventionKind::Scandal, "a", 1.0, 2));
  std::uint64_t still = 0;
  for (CustomerIndex i = 0; i < c.count; ++i) still += c.shares[i] & 1u;
  EXPECT_NEAR(static_cast<double>(still) / c.count, 0.7, 4 * std::sqrt(0.21 / 20000));
}

TEST(Interventions, PermanentScandalAndAClampedDropUndoWhatTheyDid) {
  Scenario s = two_brands();
  s.brands[0].quality = 2.0;
  s.interventions = {at_week(1, InterventionKind::Scandal, "a", 5.0, 2),
                     at_week(1, InterventionKind::Scandal, "b", 1.0, 0)};
  MarketModel model(s, fully_mixed_graph(500));
  run_to(model, 2);
  EXPECT_EQ(model.brands()[0].levers.quality, 0.0);  // clamped at the bottom of the scale
  EXPECT_EQ(model.brands()[1].levers.quality, 6.0);
  run_to(model, 10);
  EXPECT_EQ(model.brands()[0].levers.quality, 2.0);  // gives back the 2 points it took
  EXPECT_EQ(model.brands()[1].levers.quality, 6.0);  // weeks: 0 is for good
}

TEST(Interventions, PriceWarCutsEveryListedBrand) {
  Scenario s = two_brands();
  InterventionSpec war = at_week(1, InterventionKind::PriceWar, "a", 0.25, 3);
  war.brands = {"a", "b"};
  s.interventions = {war};
  MarketModel model(s, fully_mixed_graph(500));
  run_to(model, 2);
  EXPECT_EQ(model.brands()[0].levers.price, 1.5);
  EXPECT_EQ(model.brands()[1].levers.price, 0.75);
  run_to(model, 5);
  EXPECT_EQ(model.brands()[0].levers.price, 2.0);
  EXPECT_EQ(model.brands()[1].levers.price, 1.0);
}

TEST(Interventions, OverlappingChangesEachUndoTheirOwnPart) {
  // A campaign (+10 for weeks 1–4) and a timed set_lever (= 5 for weeks 2–3) on one budget.
  Scenario s = two_brands();
  InterventionSpec set = at_week(2, InterventionKind::SetLever, "a", 5.0, 2);
  set.lever = "ad_budget";
  s.interventions = {at_week(1, InterventionKind::Campaign, "a", 10.0, 4), set};
  MarketModel model(s, fully_mixed_graph(500));
  std::vector<double> budget;
  for (Step w = 0; w < 7; ++w) {
    model.step();
    budget.push_back(model.brands()[0].levers.ad_budget);
  }
  // week:            0    1     2    3    4     5    6
  EXPECT_EQ(budget, (std::vector<double>{2.0, 12.0, 5.0, 5.0, 12.0, 2.0, 2.0}));
}

TEST(Interventions, EntryAndExitMoveABrandOnAndOffTheMarket) {
  Scenario s = two_brands();
  s.brands[1].entry_step = 50;
  s.brands[1].initial_share = 0.0;
  s.brands[1].initial_awareness = 0.5;
  s.interventions = {at_week(2, InterventionKind::Entry, "b", 0.0),
                     at_week(6, InterventionKind::Exit, "a", 0.0)};
  MarketModel model(s, fully_mixed_graph(4000));
  run_to(model, 2);
  EXPECT_FALSE(model.brands()[1].on_market);
  model.step();
  EXPECT_TRUE(model.brands()[1].on_market);
  // It entered with its entry awareness, and nothing else makes it known yet (no ads, no
  // customers to talk): 50% ± 4 s.e. of 4,000 draws.
  const double awareness = model.measure().get(metric_id(MarketMetric::Awareness), 1);
  EXPECT_NEAR(awareness, 0.5, 4 * std::sqrt(0.25 / 4000));
  run_to(model, 7);
  EXPECT_FALSE(model.brands()[0].on_market);
  run_to(model, 12);
  EXPECT_EQ(model.measure().get(metric_id(MarketMetric::Customers), 0), 0.0);
}

TEST(Interventions, AmbassadorsBecomePromotersOfTheBrand) {
  Scenario s = two_brands();
  InterventionSpec seed = at_week(0, InterventionKind::SeedAmbassadors, "b", 0.1);
  s.interventions = {seed};
  MarketModel model(s, ring_graph(3000, 10, 0.1));
  model.apply_intervention(seed);  // by hand, as the dashboard does, before week 0
  // llround(0.1 · 3000) = 300 ambassadors, each b's customer and a promoter.
  std::uint64_t ambassadors = 0;
  const Customers& c = model.customers();
  for (CustomerIndex i = 0; i < c.count; ++i)
    ambassadors += c.brand[i] == 1 && c.satisfaction[i] == 10.0f &&
                   nps_class(c.flags[i]) == NpsClass::Promoter;
  EXPECT_EQ(ambassadors, 300u);
  const double promoters = model.measure().get(metric_id(MarketMetric::Promoters), 1);
  const double customers = model.measure().get(metric_id(MarketMetric::Customers), 1);
  EXPECT_GE(promoters * customers, 300.0);
}

TEST(Seeding, HighestDegreePicksTheHubsAndBridgesPickTheBroker) {
  // Two 5-cliques {0..4} and {5..9} joined through customer 10 (friends with 0 and 5), and a
  // star: 11 is friends with 12..19. Degrees: clique members 4 (0 and 5 have 5), 10 has 2,
  // the star's hub 8. Effective sizes (Burt): the hub 8, the broker 10 exactly 2, clique
  // members ≤ 5 − (6/10)·4 = 2.6 (0 and 5) or 4 − 1·3 = 1.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (std::uint32_t base : {0u, 5u})
    for (std::uint32_t i = 0; i < 5; ++i)
      for (std::uint32_t j = i + 1; j < 5; ++j) pairs.emplace_back(base + i, base + j);
  pairs.emplace_back(10, 0);
  pairs.emplace_back(10, 5);
  for (std::uint32_t leaf = 12; leaf < 20; ++leaf) pairs.emplace_back(11, leaf);
  const auto graph = graph_from_pairs(pairs, 20);

  EXPECT_EQ(select_customers(*graph, SeedingStrategy::HighestDegree, 3, 1),
            (std::vector<CustomerIndex>{0, 5, 11}));
  EXPECT_DOUBLE_EQ(seeding_score(*graph, SeedingStrategy::Bridges, 10, 1), 2.0);
  EXPECT_DOUBLE_EQ(seeding_score(*graph, SeedingStrategy::Bridges, 0, 1), 5.0 - 0.6 * 4.0);
  EXPECT_DOUBLE_EQ(seeding_score(*graph, SeedingStrategy::Bridges, 1, 1), 1.0);
  EXPECT_EQ(select_customers(*graph, SeedingStrategy::Bridges, 4, 1),
            (std::vector<CustomerIndex>{0, 5, 10, 11}));
}

TEST(Seeding, NeighbourhoodIsTheFirstHubAndItsFriendsBreadthFirst) {
  // A ring of degree 4 (all degrees equal: the hub is customer 0): 0, then its friends 1, 2,
  // 998, 999, then theirs.
  const auto ring = ring_graph(1000, 4);
  EXPECT_EQ(select_customers(*ring, SeedingStrategy::Neighbourhood, 5, 1),
            (std::vector<CustomerIndex>{0, 1, 2, 998, 999}));
  EXPECT_EQ(select_customers(*ring, SeedingStrategy::Neighbourhood, 7, 1).size(), 7u);
  // Two pieces: the breadth-first walk continues in the next piece by index.
  const auto pieces = graph_from_pairs({{0, 1}, {1, 2}, {5, 6}}, 8);
  EXPECT_EQ(select_customers(*pieces, SeedingStrategy::Neighbourhood, 5, 1),
            (std::vector<CustomerIndex>{0, 1, 2, 3, 4}));
}

TEST(Seeding, RandomPicksExactlyTheCountAndDependsOnTheSeed) {
  const auto graph = ring_graph(10000, 4);
  const auto first = select_customers(*graph, SeedingStrategy::Random, 500, 1);
  EXPECT_EQ(first.size(), 500u);
  EXPECT_TRUE(std::is_sorted(first.begin(), first.end()));
  EXPECT_EQ(first, select_customers(*graph, SeedingStrategy::Random, 500, 1));
  EXPECT_NE(first, select_customers(*graph, SeedingStrategy::Random, 500, 2));
  // Uniform over the ring: the mean index of 500 picks is 5000 ± 4 s.e. (s.e. = 2887/√500).
  double mean = 0;
  for (CustomerIndex i : first) mean += i;
  EXPECT_NEAR(mean / 500, 5000.0, 4 * 2887.0 / std::sqrt(500.0));
  EXPECT_EQ(select_customers(*graph, SeedingStrategy::Random, 20000, 1).size(), 10000u);
}

TEST(Seeding, AnEntrantSeedsTheHubsWhenAskedTo) {
  Scenario s = two_brands();
  s.brands[1].entry_step = 2;
  s.brands[1].initial_share = 0.0;
  s.brands[1].seeded_fraction = 0.001;  // 3 of 3,000
  s.brands[1].seeding = SeedingStrategy::HighestDegree;
  // A ring of degree 4 with three hubs (customers 7, 700 and 1,400 know 40 others each).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (std::uint32_t i = 0; i < 3000; ++i)
    pairs.emplace_back(i, (i + 1) % 3000), pairs.emplace_back(i, (i + 2) % 3000);
  for (std::uint32_t hub : {7u, 700u, 1400u})
    for (std::uint32_t k = 1; k <= 40; ++k) pairs.emplace_back(hub, (hub + 100 + 37 * k) % 3000);
  MarketModel model(s, graph_from_pairs(pairs, 3000));
  run_to(model, 3);
  for (CustomerIndex hub : {7u, 700u, 1400u}) {
    EXPECT_TRUE((model.customers().aware[hub] >> 1) & 1u) << hub;
    EXPECT_TRUE(model.customers().flags[hub] & flag::kAdoptedEver) << hub;
  }
  EXPECT_EQ(model.measure().get(metric_id(MarketMetric::NewCustomers), 1), 3.0);
}

TEST(Triggers, AConditionFiresWhenItStartsToHold) {
  TriggerSpec below;
  below.below = 0.1;
  below.once = false;
  TriggerState state;
  const double share[] = {0.3, 0.05, 0.04, 0.2, 0.08, NAN, 0.01};
  const bool expected[] = {false, true, false, false, true, false, true};
  for (int week = 0; week < 7; ++week)
    EXPECT_EQ(advance_trigger(below, state, share[week]), expected[week]) << week;

  TriggerSpec once = below;
  once.once = true;
  TriggerState once_state;
  int fired = 0;
  for (double v : share) fired += advance_trigger(once, once_state, v);
  EXPECT_EQ(fired, 1);

  TriggerSpec above;
  above.above = 0.5;
  EXPECT_TRUE(condition_holds(above, 0.51));
  EXPECT_FALSE(condition_holds(above, 0.5));
}

TEST(Triggers, AMarketFiresAConditionOnABrandsShare) {
  // Brand b holds 40% at the start; a campaign for a fires when b's share is above 30%.
  Scenario s = two_brands();
  InterventionSpec campaign = at_week(0, InterventionKind::Campaign, "a", 5.0, 0);
  campaign.trigger = TriggerSpec{};
  campaign.trigger.brand = "b";
  campaign.trigger.metric = "share";
  campaign.trigger.above = 0.3;
  s.interventions = {campaign};
  MarketModel model(s, fully_mixed_graph(2000));
  model.step();
  ASSERT_EQ(model.fired_interventions().size(), 1u);
  EXPECT_EQ(model.fired_interventions()[0].week, 0u);
  EXPECT_EQ(model.brands()[0].levers.ad_budget, 7.0);
  run_to(model, 10);
  EXPECT_EQ(model.fired_interventions().size(), 1u);  // once
}

Scenario eventful_scenario() {
  Scenario s = testing::five_brand_scenario(20000, 4);
  InterventionSpec war = at_week(3, InterventionKind::PriceWar, "adco", 0.2, 4);
  war.brands = {"adco", "baker"};
  InterventionSpec seed = at_week(6, InterventionKind::SeedAmbassadors, "refer", 0.01);
  seed.seeding = SeedingStrategy::Bridges;
  InterventionSpec watch = at_week(0, InterventionKind::Scandal, "oneone", 2.0, 3);
  watch.trigger = TriggerSpec{};
  watch.trigger.brand = "entrant";
  watch.trigger.metric = "awareness";
  watch.trigger.above = 0.02;
  s.interventions = {war, seed, watch, at_week(9, InterventionKind::Exit, "baker", 0.0)};
  return s;
}

TEST(Interventions, DeterministicAcrossThreadCountsAndCarriedByAFork) {
  const Scenario s = eventful_scenario();
  const auto graph = ring_graph(20000, 10, 0.1);
  auto run = [&](unsigned threads) {
    return run_with_threads(threads, [&] {
      MarketModel model(s, graph);
      run_to(model, 14);
      return model.state_hash();
    });
  };
  const std::uint64_t one = run(1);
  EXPECT_EQ(one, run(2));
  EXPECT_EQ(one, run(4));

  // Fork in the middle of the price war: the fork undoes it in the same week as the original.
  MarketModel original(s, graph);
  run_to(original, 5);
  auto fork = original.clone();
  run_to(original, 14);
  while (fork->current_step() < 14) fork->step();
  EXPECT_EQ(fork->state_hash(), original.state_hash());
  EXPECT_EQ(original.fired_interventions().size(), 4u);
}

TEST(Interventions, HandAppliedEventsRejectUnknownBrandsAndLevers) {
  MarketModel model(two_brands(), fully_mixed_graph(100));
  EXPECT_THROW(model.apply_intervention(at_week(0, InterventionKind::Scandal, "zz", 1.0)),
               std::invalid_argument);
  InterventionSpec bad = at_week(0, InterventionKind::SetLever, "a", 1.0);
  bad.lever = "colour";
  EXPECT_THROW(model.apply_intervention(bad), std::invalid_argument);
  bad.lever = "quality";
  bad.value = 11.0;
  EXPECT_THROW(model.apply_intervention(bad), std::invalid_argument);
  EXPECT_TRUE(model.fired_interventions().empty());
}

}  // namespace
}  // namespace murmur

namespace murmur {
namespace {

double lever_value(const Model& model, std::uint16_t brand, const std::string& name) {
  for (const LeverInfo& lever : model.levers())
    if (lever.brand == brand && lever.name == name) return lever.value;
  ADD_FAILURE() << "no lever " << name;
  return NAN;
}

TEST(LiveMarketLevers, GenerationParametersAreLeversByTheirScenarioPath) {
  MarketModel model(testing::five_brand_scenario(2000), testing::ring_graph(2000, 10));
  EXPECT_EQ(lever_value(model, kAllLabel, "generations[4.0].wom_susceptibility"), 0.6);
  model.set_lever(kAllLabel, "generations[4.0].wom_susceptibility", 0.9);
  EXPECT_EQ(model.scenario().generations[3].wom_susceptibility, 0.9);
  EXPECT_EQ(lever_value(model, kAllLabel, "generations[4.0].wom_susceptibility"), 0.9);
  EXPECT_THROW(model.set_lever(kAllLabel, "generations[4.0].wom_susceptibility", 1.5),
               std::invalid_argument);
  EXPECT_THROW(model.set_lever(kAllLabel, "generations[9.0].inertia", 1.0), std::invalid_argument);
  EXPECT_THROW(model.set_lever(kAllLabel, "generations[4.0].colour", 1.0), std::invalid_argument);
  EXPECT_THROW(model.set_lever(kAllLabel, "weather", 1.0), std::invalid_argument);
}

TEST(LiveMarketLevers, MovingTheGenerationMixMovesTheFewestCustomers) {
  // 20,000 customers at the default mix (10/30/30/20/10%); 4.0 goes to 50%. Each customer
  // outside 4.0 moves with probability 0.3/0.8, so the realised share has s.e.
  // sqrt(0.8·0.375·0.625/20000) = 0.0031: tolerances are 4 s.e. (0.0125).
  MarketModel model(testing::five_brand_scenario(20000), testing::ring_graph(20000, 10, 0.1));
  for (int week = 0; week < 3; ++week) model.step();
  const Customers& c = model.customers();
  const std::vector<GenerationIndex> before(c.generation.begin(), c.generation.end());
  const std::vector<BrandIndex> brands_before(c.brand.begin(), c.brand.end());
  const double share_10 = lever_value(model, kAllLabel, "generation_mix[1.0]");
  const double share_20 = lever_value(model, kAllLabel, "generation_mix[2.0]");

  model.set_lever(kAllLabel, "generation_mix[4.0]", 0.5);
  EXPECT_NEAR(lever_value(model, kAllLabel, "generation_mix[4.0]"), 0.5, 0.0125);
  EXPECT_NEAR(lever_value(model, kAllLabel, "generation_mix[1.0]"), share_10 * 0.5 / 0.8, 0.0125);
  EXPECT_NEAR(lever_value(model, kAllLabel, "generation_mix[2.0]"), share_20 * 0.5 / 0.8, 0.0125);
  for (CustomerIndex i = 0; i < c.count; ++i) {
    if (before[i] == 3) {
      ASSERT_EQ(c.generation[i], 3) << "a 4.0 customer moved away from the growing 4.0";
    }
    if (c.generation[i] != before[i]) {
      ASSERT_EQ(c.generation[i], 3) << "moved somewhere other than 4.0";
    }
    ASSERT_EQ(c.brand[i], brands_before[i]);
  }
  EXPECT_THROW(model.set_lever(kAllLabel, "generation_mix[4.0]", 1.2), std::invalid_argument);
}

TEST(LiveMarketLevers, AMixMoveIsTheSameInAForkAndOnAnyThreadCount) {
  const Scenario s = testing::five_brand_scenario(20000);
  const auto graph = testing::ring_graph(20000, 10, 0.1);
  auto run = [&](unsigned threads) {
    return run_with_threads(threads, [&] {
      MarketModel model(s, graph);
      model.step();
      model.set_lever(kAllLabel, "generation_mix[5.0]", 0.4);
      model.step();
      return model.state_hash();
    });
  };
  EXPECT_EQ(run(1), run(2));
  MarketModel original(s, graph);
  original.step();
  auto fork = original.clone();
  original.set_lever(kAllLabel, "generation_mix[5.0]", 0.4);
  fork->set_lever(kAllLabel, "generation_mix[5.0]", 0.4);
  EXPECT_EQ(original.state_hash(), fork->state_hash());
}

}  // namespace
}  // namespace murmur
