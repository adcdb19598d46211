// The market model as a whole: initial state, phases on hand-built states, metrics on
// hand-built states (V7's exact check, NPS), forks, and determinism across threads (V10f).

#include <bit>
#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "agents/market_metrics.hpp"
#include "agents/market_model.hpp"
#include "sim/core/number_format.hpp"
#include "sim/core/parallel.hpp"
#include "sim/core/state_hash.hpp"
#include "support/market_fixtures.hpp"

namespace murmur {
namespace {

using testing::complete_graph;
using testing::five_brand_scenario;
using testing::fully_mixed_graph;
using testing::ring_graph;

double metric(const MarketModel& model, MarketMetric m, std::uint16_t brand = kAllLabel,
              std::uint16_t generation = kAllLabel) {
  return model.measure().get(metric_id(m), brand, generation);
}

TEST(MarketModel, BytesPerCustomerMatchTheBudget) {
  Scenario s = five_brand_scenario(1000);
  MarketModel model(s, ring_graph(1000, 10));
  // 40 B fixed + 2 B per brand (5 brands): vectors are sized exactly, so capacity = size.
  EXPECT_EQ(model.state_bytes(),
            1000u * (Customers::kFixedBytesPerCustomer + 5 * Customers::kBytesPerCustomerPerBrand));
  // Attribution's 2 B and the cascades' 7 B a customer; at the start every cascade is one
  // customer of the start, which needs no slot, so the tracker adds only its per-brand totals.
  Scenario both = s;
  both.output.attribution = true;
  both.output.cascades = true;
  MarketModel counted(both, ring_graph(1000, 10));
  const std::size_t per_brand =
      counted.cascades().memory_bytes() - 1000u * CascadeTracker::kBytesPerCustomer;
  EXPECT_LE(per_brand, 5u * 160u);  // totals and a recruits histogram of one count per brand
  EXPECT_EQ(counted.state_bytes() - model.state_bytes(),
            1000u * (Customers::kAttributionBytesPerCustomer + CascadeTracker::kBytesPerCustomer) +
                per_brand);
}

// estimate_bytes is what refuses a scenario before it is built (22.11): it must cover what
// the model holds once running, the routed mail of its busiest week included, and count
// 8 bytes per local-presence cell.
TEST(MarketModel, EstimatedBytesCoverTheStateOnceMessagesAreRouted) {
  Scenario s = five_brand_scenario(20000);
  const auto graph = ring_graph(20000, 10, 0.1);
  MarketModel model(s, graph);
  unsigned routed_weeks = 0;
  for (int w = 0; w < 12; ++w) {
    model.step();
    routed_weeks += model.last_step_routed();
  }
  ASSERT_GT(routed_weeks, 0u) << "the test needs weeks whose mail was routed";
  const auto entries = static_cast<double>(graph->directed_edge_count());
  const std::size_t estimate = MarketModel::estimate_bytes(s, entries);
  EXPECT_GE(estimate, model.state_bytes());
  // Without the mail the estimate would fall short of what the model holds.
  EXPECT_LT(MarketModel::estimate_bytes(s, 0), model.state_bytes());
  const std::uint32_t cells = s.market.cells;
  s.market.cells = cells + 1000000;
  EXPECT_EQ(MarketModel::estimate_bytes(s, entries) - estimate,
            MarketModel::kBytesPerCell * 1000000);
}

TEST(MarketModel, StateHashIsTheHashOfTheSavedState) {
  MarketModel model(five_brand_scenario(2000), ring_graph(2000, 10, 0.1));
  for (int w = 0; w < 5; ++w) model.step();
  const std::string state = model.save_state();
  EXPECT_EQ(model.state_hash(), hash_bytes(state));
  EXPECT_EQ(state.capacity(), state.size()) << "the state is written into one exact allocation";
}

// The terminal's legend and units (sim/core/number_format.cpp) know every metric the model
// reports: a new metric without a line there would print unexplained, as a bare quantity.
TEST(MarketModel, EveryMetricHasAMeaningInTheTerminalLegend) {
  for (const std::string& metric : market_metric_names())
    EXPECT_FALSE(metric_meaning(metric).empty()) << metric;
}

TEST(MarketModel, InitialStateFollowsMixSharesAndAwareness) {
  // 20,000 customers: s.e. of a 0.3 share is sqrt(0.21/20000) = 0.0032; 4 s.e. tolerances.
  Scenario s;
  s.seed = 3;
  BrandSpec a = testing::brand_named("a");
  a.initial_share = 0.3;
  a.initial_awareness = 0.6;
  BrandSpec b = testing::brand_named("b");
  b.initial_share = 0.1;
  b.local_presence = 0.5;
  s.brands = {a, b};
  MarketModel model(s, fully_mixed_graph(20000));
  const double tol = 4 * std::sqrt(0.25 / 20000);
  EXPECT_NEAR(metric(model, MarketMetric::Share, 0), 0.3, tol);
  EXPECT_NEAR(metric(model, MarketMetric::Share, 1), 0.1, tol);
  EXPECT_NEAR(metric(model, MarketMetric::Awareness, 0), 0.3 + 0.7 * 0.6, tol);
  for (unsigned g = 0; g < 5; ++g)
    EXPECT_NEAR(metric(model, MarketMetric::Customers, kAllLabel, static_cast<std::uint16_t>(g)) /
                    metric(model, MarketMetric::Share, kAllLabel, static_cast<std::uint16_t>(g)),
                20000 * s.population.generation_mix[g], 4 * std::sqrt(20000 * 0.25));
  // Covered 1.0 customers know the local shop: awareness of b among 1.0 ≈ 0.1 + 0.9·0.5.
  EXPECT_NEAR(metric(model, MarketMetric::Awareness, 1, 0), 0.1 + 0.9 * 0.5, 0.1);
  EXPECT_NEAR(metric(model, MarketMetric::Awareness, 1, 2), 0.1, 4 * std::sqrt(0.09 / 6000));
}

/// A tiny market: `n` customers, one brand, all customers of it, fully mixed.
MarketModel tiny_market(std::uint32_t n, double quality = 7.0) {
  Scenario s;
  s.population.generation_mix = {0, 0, 1, 0, 0};  // all Customer 3.0
  BrandSpec b = testing::brand_named("solo");
  b.quality = quality;
  b.initial_share = 1.0;
  s.brands = {b};
  return MarketModel(s, fully_mixed_graph(n));
}

TEST(MarketMetrics, NpsAndAgreeingOnAHandBuiltState) {
  MarketModel model = tiny_market(10);
  Customers& c = model.mutable_customers();
  const NpsClass classes[10] = {NpsClass::Promoter, NpsClass::Promoter, NpsClass::Promoter,
                                NpsClass::Passive,  NpsClass::Passive,  NpsClass::Passive,
                                NpsClass::Passive,  NpsClass::Passive,  NpsClass::Detractor,
                                NpsClass::Detractor};
  for (CustomerIndex i = 0; i < 10; ++i) {
    c.brand[i] = 0;
    c.flags[i] = with_nps_class(c.flags[i], classes[i]);
    c.satisfaction[i] = static_cast<float>(i);
  }
  model.refresh_metrics();
  EXPECT_EQ(metric(model, MarketMetric::Nps, 0), 10.0);  // 100·(3 − 2)/10
  EXPECT_EQ(metric(model, MarketMetric::Promoters, 0), 0.3);
  EXPECT_EQ(metric(model, MarketMetric::Passives, 0), 0.5);
  EXPECT_EQ(metric(model, MarketMetric::Detractors, 0), 0.2);
  EXPECT_EQ(metric(model, MarketMetric::Agreeing), 0.3);
  EXPECT_EQ(metric(model, MarketMetric::Satisfaction, 0), 4.5);  // mean of 0..9
  EXPECT_EQ(metric(model, MarketMetric::Gap, 0), model.brands()[0].claim - 4.5);
}

/// Awareness, consideration and data sharing among the aware, tallied from a hand-built state
/// with `brands` brands: a few brands take the (generation, bitset) histogram, many the
/// per-brand loop (agents/tally.hpp); both must count the same as a direct count.
void expect_awareness_counts(unsigned brands) {
  Scenario s;
  s.population.generation_mix = {0, 0, 1, 0, 0};
  for (GenerationProfile& g : s.generations)
    g.consideration_size = kMaxBrands;  // all aware considered
  for (unsigned b = 0; b < brands; ++b)
    s.brands.push_back(testing::brand_named(("b" + std::to_string(b)).c_str()));
  constexpr std::uint32_t n = 300;
  MarketModel model(s, fully_mixed_graph(n));
  Customers& c = model.mutable_customers();
  const std::uint64_t all = (std::uint64_t{1} << brands) - 1;
  std::vector<std::uint32_t> aware(brands, 0), sharing(brands, 0);
  for (CustomerIndex i = 0; i < n; ++i) {
    c.aware[i] = (std::uint64_t{i} * 0x9E3779B97F4A7C15ull >> 17) & all;
    c.shares[i] = (std::uint64_t{i} * 0xD1B54A32D192ED03ull >> 23) & all;
    for (unsigned b = 0; b < brands; ++b) {
      aware[b] += static_cast<std::uint32_t>((c.aware[i] >> b) & 1u);
      sharing[b] += static_cast<std::uint32_t>(((c.aware[i] & c.shares[i]) >> b) & 1u);
    }
  }
  model.refresh_metrics();
  for (std::uint16_t b = 0; b < brands; ++b) {
    EXPECT_EQ(metric(model, MarketMetric::Awareness, b), aware[b] / double(n))
        << brands << " brands, brand " << b;
    EXPECT_EQ(metric(model, MarketMetric::Consideration, b), aware[b] / double(n))
        << brands << " brands, brand " << b;
    EXPECT_EQ(metric(model, MarketMetric::DataSharingAware, b), sharing[b] / double(aware[b]))
        << brands << " brands, brand " << b;
  }
}

TEST(MarketMetrics, AwarenessCountsAgreeForFewAndManyBrands) {
  expect_awareness_counts(3);   // histogram of bitsets
  expect_awareness_counts(14);  // 5 generations × 2^14 bitsets: per-brand adds
}

TEST(MarketMetrics, BelieversOnAHandBuiltState) {
  // V7's exact check: S = (8, 7.5, 6, 9) vs mean delivered quality (6 + 7 + 5 + 8)/4 = 6.5:
  // brands 0, 1 and 3 believe they beat it: 75%.
  Scenario s;
  const double quality[4] = {6, 7, 5, 8};
  const double claim[4] = {8, 7.5, 6, 9};
  for (int b = 0; b < 4; ++b) {
    BrandSpec spec = testing::brand_named("x");
    spec.quality = quality[b];
    spec.claim = claim[b];
    s.brands.push_back(spec);
  }
  MarketModel model(s, fully_mixed_graph(100));
  EXPECT_EQ(metric(model, MarketMetric::Believers), 0.75);
  model.mutable_brand(1).claim = 6.5;  // exactly the mean: not a believer
  EXPECT_EQ(metric(model, MarketMetric::Believers), 0.5);
}

TEST(MarketPhases, ChurnIsZeroWithZeroHazardAndForcedOnExit) {
  Scenario s;
  s.population.generation_mix = {0, 0, 1, 0, 0};
  s.generations[2].base_churn = 0.0;
  s.generations[2].dissatisfaction_churn = 0.0;
  s.market.churn_pull = 0.0;
  BrandSpec b = testing::brand_named("solo");
  b.initial_share = 1.0;
  b.exit_step = 3;
  s.brands = {b};
  MarketModel model(s, ring_graph(500, 4));
  for (int week = 0; week < 3; ++week) {
    model.step();
    EXPECT_EQ(metric(model, MarketMetric::Customers, 0), 500.0) << week;
  }
  model.step();  // week 3: the brand leaves the market, every customer loses it
  EXPECT_EQ(metric(model, MarketMetric::Customers, 0), 0.0);
  EXPECT_EQ(metric(model, MarketMetric::Churn, 0), 1.0);
  EXPECT_EQ(metric(model, MarketMetric::OnMarket, 0), 0.0);
}

TEST(MarketPhases, BroadcastsAreOwnSlotOnlyAndFollowNpsClass) {
  // θ = 1 for everybody: every promoter and detractor speaks, passives and brandless don't.
  Scenario s;
  s.population.generation_mix = {0, 0, 0, 1, 0};
  s.generations[3].wom_talkativeness = 1.0;
  BrandSpec b = testing::brand_named("solo");
  b.initial_share = 0.5;
  b.quality = 7.0;
  s.brands = {b};
  MarketModel model(s, ring_graph(2000, 6));
  model.step();
  const Customers& c = model.customers();
  const auto said = model.last_broadcasts();
  int promoters = 0, detractors = 0;
  for (CustomerIndex i = 0; i < c.count; ++i) {
    const NpsClass cls = nps_class(c.flags[i]);
    if (c.brand[i] == kNoBrand) {
      // Brandless: silent unless it spoke before churning this week.
      if (said[i] != Broadcast::Silent) {
        EXPECT_TRUE(c.flags[i] & flag::kLost) << i;
      }
      continue;
    }
    if (cls == NpsClass::Promoter) {
      EXPECT_EQ(said[i], make_broadcast(0, Valence::Positive));
      ++promoters;
    } else if (cls == NpsClass::Detractor) {
      EXPECT_EQ(said[i], make_broadcast(0, Valence::Negative));
      ++detractors;
    } else {
      EXPECT_EQ(said[i], Broadcast::Silent);
    }
  }
  EXPECT_EQ(metric(model, MarketMetric::WomPositive, 0), promoters);
  EXPECT_GT(detractors, 0);
}

TEST(MarketPhases, WordOfMouthSpreadsAwarenessOnlyAlongEdges) {
  // A ring of 1000 with k = 2, one brand, all adverts off, σ = 1 (every message informs):
  // awareness can only grow by at most one customer on each side of an aware region per week.
  Scenario s;
  s.population.generation_mix = {0, 0, 0, 1, 0};
  s.generations[3].wom_susceptibility = 1.0;
  s.generations[3].wom_talkativeness = 1.0;
  s.generations[3].base_churn = 0.0;
  s.generations[3].dissatisfaction_churn = 0.0;
  s.market.weeks_between_purchases = 1e12;  // no occasions: nobody buys, attitudes stay hearsay
  BrandSpec b = testing::brand_named("solo");
  b.quality = 9.5;
  b.quality_spread = 0.0;
  s.brands = {b};
  MarketModel model(s, ring_graph(1000, 2));
  Customers& c = model.mutable_customers();
  // One delighted customer at 500, already speaking.
  c.brand[500] = 0;
  c.aware[500] = 1;
  c.satisfaction[500] = 10.0f;
  c.expectation[500] = 9.5f;
  model.refresh_metrics();
  const_cast<Broadcast&>(model.last_broadcasts()[500]) = make_broadcast(0, Valence::Positive);
  model.step();
  const Customers& after = model.customers();
  for (CustomerIndex i = 0; i < 1000; ++i) {
    const bool aware = after.aware[i] & 1u;
    if (i == 499 || i == 500 || i == 501)
      EXPECT_TRUE(aware) << i;
    else
      EXPECT_FALSE(aware) << i;
  }
  // The two listeners moved toward +2 points with weight min(1, σ·P/k) = 1/2.
  EXPECT_NEAR(from_attitude(after.attitudes(499)[0]), 0.98 * 0.5 * 2.0, 2.0 / 4096);
}

std::vector<std::uint64_t> frame_bits(const MetricsFrame& frame) {
  std::vector<std::uint64_t> bits;
  for (const auto& v : frame.values) {
    bits.push_back((std::uint64_t{v.metric} << 32) | (std::uint64_t{v.brand} << 16) | v.generation);
    bits.push_back(std::bit_cast<std::uint64_t>(v.value));
  }
  return bits;
}

struct RunResult {
  std::vector<std::uint64_t> hashes;
  std::vector<std::uint64_t> metrics;
};

RunResult run(const Scenario& s, std::shared_ptr<const SocialGraph> graph, unsigned threads,
              int weeks) {
  return run_with_threads(threads, [&] {
    MarketModel model(s, graph);
    RunResult result;
    for (int w = 0; w < weeks; ++w) {
      model.step();
      result.hashes.push_back(model.state_hash());
      const auto bits = frame_bits(model.measure());
      result.metrics.insert(result.metrics.end(), bits.begin(), bits.end());
    }
    return result;
  });
}

TEST(MarketDeterminism, SameBytesForOneTwoAndEightThreads) {
  // 20,000 customers = 5 blocks, every lever in use, an entrant at week 5, rewired ring.
  Scenario s = five_brand_scenario(20000);
  s.population.generational_shift_per_year = 0.2;
  const auto graph = ring_graph(20000, 10, 0.1);
  const RunResult one = run(s, graph, 1, 12);
  const RunResult two = run(s, graph, 2, 12);
  const RunResult eight = run(s, graph, 8, 12);
  EXPECT_EQ(one.hashes, two.hashes);
  EXPECT_EQ(one.hashes, eight.hashes);
  EXPECT_EQ(one.metrics, two.metrics);
  EXPECT_EQ(one.metrics, eight.metrics);
  // And the run did something: the entrant won customers.
  MarketModel model(s, graph);
  for (int w = 0; w < 12; ++w) model.step();
  EXPECT_GT(metric(model, MarketMetric::Customers, 4), 0.0);
}

TEST(MarketDeterminism, AttributionIsThreadIndependentAndChangesNoOtherNumber) {
  // Counting causes reads the state and writes only its own tallies and the last-touch byte:
  // the same bytes on 1, 2 and 8 threads, and every other metric as without it.
  Scenario s = five_brand_scenario(20000);
  const auto graph = ring_graph(20000, 10, 0.1);
  Scenario with = s;
  with.output.attribution = true;
  const RunResult one = run(with, graph, 1, 12);
  EXPECT_EQ(one.metrics, run(with, graph, 2, 12).metrics);
  EXPECT_EQ(one.hashes, run(with, graph, 8, 12).hashes);
  const auto without_causes = [](const MetricsFrame& frame) {
    MetricsFrame kept;
    for (const MetricValue& v : frame.values)
      if (v.metric < metric_id(MarketMetric::Count_)) kept.values.push_back(v);
    return frame_bits(kept);
  };
  MarketModel counted(with, graph);
  MarketModel plain(s, graph);
  for (int w = 0; w < 12; ++w) {
    counted.step();
    plain.step();
    ASSERT_EQ(without_causes(counted.measure()), frame_bits(plain.measure())) << "week " << w;
  }
  EXPECT_GT(counted.measure().values.size(), plain.measure().values.size());
}

TEST(MarketDeterminism, CascadesAreThreadIndependentAndChangeNoOtherNumber) {
  // The blocks only log spells; the tracker applies the logs in block order after the step, so
  // the same bytes on 1, 2 and 8 threads; the recruiter's draw has its own stream, so every
  // other metric is as without cascades.
  Scenario s = five_brand_scenario(20000);
  const auto graph = ring_graph(20000, 10, 0.1);
  Scenario with = s;
  with.output.cascades = true;
  const RunResult one = run(with, graph, 1, 12);
  EXPECT_EQ(one.metrics, run(with, graph, 2, 12).metrics);
  EXPECT_EQ(one.hashes, run(with, graph, 8, 12).hashes);
  const auto without_cascades = [](const MetricsFrame& frame) {
    MetricsFrame kept;
    for (const MetricValue& v : frame.values)
      if (v.metric < metric_id(MarketMetric::Count_)) kept.values.push_back(v);
    return frame_bits(kept);
  };
  MarketModel followed(with, graph);
  MarketModel plain(s, graph);
  for (int w = 0; w < 12; ++w) {
    followed.step();
    plain.step();
    ASSERT_EQ(without_cascades(followed.measure()), frame_bits(plain.measure())) << "week " << w;
  }
  EXPECT_GT(followed.cascades().summary(1).recruited, 0u);
}

TEST(MarketDeterminism, PlainWeeksGiveTheSameBytesThroughEitherCompiledCopy) {
  // The five-brand market's weeks are plain (WeekModes) but for the entrant's week 5, so
  // the specialised run mixes both copies of the customer loop and the other runs only one.
  const Scenario s = five_brand_scenario(20000);
  const auto graph = ring_graph(20000, 10, 0.1);
  auto run_copies = [&](bool specialised) {
    MarketModel model(s, graph);
    model.specialise_plain_weeks(specialised);
    RunResult result;
    for (int w = 0; w < 12; ++w) {
      model.step();
      result.hashes.push_back(model.state_hash());
      const auto bits = frame_bits(model.measure());
      result.metrics.insert(result.metrics.end(), bits.begin(), bits.end());
    }
    return result;
  };
  MarketModel probe(s, graph);
  ASSERT_TRUE(kPlainWeek.admit(probe.make_context(3, 0)));
  ASSERT_FALSE(kPlainWeek.admit(probe.make_context(6, 1u << 4)));  // a brand enters
  // Rows the packed count cannot take: a hub of 256 neighbours, or more than 8 brands.
  std::vector<std::pair<CustomerIndex, CustomerIndex>> star;
  for (CustomerIndex j = 1; j <= 256; ++j) star.emplace_back(0, j);
  MarketModel with_hub(five_brand_scenario(257), testing::graph_from_pairs(star, 257));
  EXPECT_FALSE(kPlainWeek.admit(with_hub.make_context(3, 0)));
  Scenario nine_brands = s;
  nine_brands.brands.resize(9, s.brands.front());
  MarketModel many_brands(nine_brands, graph);
  EXPECT_FALSE(kPlainWeek.admit(many_brands.make_context(3, 0)));
  const RunResult specialised = run_copies(true);
  const RunResult general = run_copies(false);
  EXPECT_EQ(specialised.hashes, general.hashes);
  EXPECT_EQ(specialised.metrics, general.metrics);
}

TEST(MarketDeterminism, RoutedMessagesGiveTheSameBytesAsPulledOnes) {
  // The five-brand market routes its messages (few speak); with routing off every week
  // pulls them from the neighbours' broadcasts. Both, on 1 and 2 threads, the same bytes.
  const Scenario s = five_brand_scenario(20000);
  const auto graph = ring_graph(20000, 10, 0.1);
  auto run_routed = [&](bool routed, unsigned threads) {
    MarketModel model(s, graph);
    model.route_messages(routed);
    RunResult result;
    unsigned routed_weeks = 0;
    run_with_threads(threads, [&] {
      for (int w = 0; w < 12; ++w) {
        model.step();
        routed_weeks += model.last_step_routed();
        result.hashes.push_back(model.state_hash());
        const auto bits = frame_bits(model.measure());
        result.metrics.insert(result.metrics.end(), bits.begin(), bits.end());
      }
    });
    EXPECT_EQ(routed_weeks, routed ? 12u : 0u);
    return result;
  };
  const RunResult pulled = run_routed(false, 1);
  for (unsigned threads : {1u, 2u}) {
    const RunResult routed = run_routed(true, threads);
    EXPECT_EQ(routed.hashes, pulled.hashes) << threads << " threads";
    EXPECT_EQ(routed.metrics, pulled.metrics) << threads << " threads";
  }
}

TEST(MarketDeterminism, AChattyWeekPullsItsMessages) {
  // Everyone is a promoter of one loved brand and speaks every week: more than a quarter of
  // the customers spoke, so routing would cost more than the pull and the week pulls.
  Scenario s = five_brand_scenario(5000);
  BrandSpec loved = testing::brand_named("loved");
  loved.quality = 9.5;
  loved.initial_share = 1.0;
  s.brands = {loved};
  for (GenerationProfile& g : s.generations) g.wom_talkativeness = 1.0;
  const auto graph = ring_graph(5000, 10, 0.1);
  MarketModel chatty(s, graph);
  MarketModel pulling(s, graph);
  pulling.route_messages(false);
  for (int w = 0; w < 3; ++w) {
    chatty.step();
    pulling.step();
    EXPECT_FALSE(chatty.last_step_routed()) << "week " << w;
    EXPECT_EQ(chatty.state_hash(), pulling.state_hash());
  }
  // A graph the packed count cannot take (a hub of 256 neighbours) always pulls.
  std::vector<std::pair<CustomerIndex, CustomerIndex>> star;
  for (CustomerIndex j = 1; j <= 256; ++j) star.emplace_back(0, j);
  MarketModel with_hub(five_brand_scenario(257), testing::graph_from_pairs(star, 257));
  with_hub.step();
  EXPECT_FALSE(with_hub.last_step_routed());
}

TEST(MarketDeterminism, FullyMixedSameBytesForOneAndTwoThreads) {
  Scenario s = five_brand_scenario(10000);
  const auto graph = fully_mixed_graph(10000);
  const RunResult one = run(s, graph, 1, 8);
  const RunResult two = run(s, graph, 2, 8);
  EXPECT_EQ(one.hashes, two.hashes);
  EXPECT_EQ(one.metrics, two.metrics);
}

TEST(MarketModel, ForkedCopyEvolvesIdenticallyAndIndependently) {
  Scenario s = five_brand_scenario(5000);
  MarketModel model(s, ring_graph(5000, 10, 0.1));
  for (int w = 0; w < 4; ++w) model.step();
  auto fork = model.clone();
  EXPECT_EQ(fork->state_hash(), model.state_hash());
  for (int w = 0; w < 4; ++w) {
    model.step();
    fork->step();
  }
  EXPECT_EQ(fork->state_hash(), model.state_hash());
  fork->set_lever(0, "ad_budget", 50.0);  // a dashboard drags a slider on the fork
  model.step();
  fork->step();
  EXPECT_NE(fork->state_hash(), model.state_hash());
  EXPECT_EQ(model.brands()[0].levers.ad_budget, 5.0);
}

TEST(MarketModel, MetricsAreConsistent) {
  Scenario s = five_brand_scenario(20000);
  MarketModel model(s, ring_graph(20000, 10, 0.1));
  for (int w = 0; w < 10; ++w) model.step();
  const MetricsFrame f = model.measure();
  EXPECT_EQ(f.step, 10u);
  double share_sum = 0.0;
  for (std::uint16_t b = 0; b < 5; ++b) {
    share_sum += f.get(metric_id(MarketMetric::Share), b);
    const double p = f.get(metric_id(MarketMetric::Promoters), b);
    const double q = f.get(metric_id(MarketMetric::Passives), b);
    const double d = f.get(metric_id(MarketMetric::Detractors), b);
    if (!std::isnan(p)) {
      EXPECT_NEAR(p + q + d, 1.0, 1e-12);
    }
    EXPECT_GE(f.get(metric_id(MarketMetric::Awareness), b),
              f.get(metric_id(MarketMetric::Share), b));
  }
  EXPECT_NEAR(share_sum, f.get(metric_id(MarketMetric::Share)), 1e-12);
  EXPECT_LE(share_sum, 1.0);
  EXPECT_EQ(model.schema().metric_names.size(), static_cast<std::size_t>(MarketMetric::Count_));
  EXPECT_GT(f.get(metric_id(MarketMetric::AdSpend), 0), 0.0);
  EXPECT_GT(f.get(metric_id(MarketMetric::Goodwill), 0), 0.0);
  EXPECT_GT(f.get(metric_id(MarketMetric::DataSharing), 2), 0.0);
  EXPECT_FALSE(std::isnan(f.get(metric_id(MarketMetric::Clv), 0)));
}

}  // namespace
}  // namespace murmur
