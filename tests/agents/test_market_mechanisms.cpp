// V10 (docs/model.md §9): the mechanisms on their own, with exact arithmetic where the rule is
// deterministic and sampling-error tolerances where it is not.

#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "agents/advocacy.hpp"
#include "agents/brand.hpp"
#include "agents/customers.hpp"
#include "agents/exposure.hpp"
#include "agents/market_metrics.hpp"
#include "agents/utility.hpp"
#include "agents/word_of_mouth.hpp"
#include "sim/core/random_stream.hpp"

namespace murmur {
namespace {

// ---- fixed point and packing -----------------------------------------------------------------

TEST(MarketFixedPoint, AttitudeRoundsToNearestAndSaturates) {
  EXPECT_EQ(to_attitude(1.0), 4096);
  EXPECT_EQ(to_attitude(1.0 / 4096 * 0.6), 1);  // nearest, not truncation
  EXPECT_EQ(to_attitude(-1.0 / 4096 * 0.6), -1);
  EXPECT_EQ(to_attitude(100.0), 32767);
  EXPECT_EQ(to_attitude(-100.0), -32768);
  EXPECT_DOUBLE_EQ(from_attitude(to_attitude(-2.5)), -2.5);
}

TEST(MarketFixedPoint, DecayStickOnlyBelowTwentyFiveUnits) {
  // a·0.98 rounds back to a only when 0.02·|a| < 0.5, i.e. |a| <= 24 units (0.006 points).
  const std::int32_t factor = attitude_decay_factor(0.02);
  EXPECT_EQ(factor, 64225);
  EXPECT_EQ(decay_attitude(24, factor), 24);
  EXPECT_EQ(decay_attitude(-24, factor), -24);
  EXPECT_EQ(decay_attitude(26, factor), 25);
  EXPECT_EQ(decay_attitude(-26, factor), -25);
  EXPECT_EQ(decay_attitude(4096, factor), 4014);      // 1 point → 0.98
  EXPECT_EQ(decay_attitude(32767, factor), 32112);    // 32111.7
  EXPECT_EQ(decay_attitude(-32768, factor), -32113);  // −32112.7
}

TEST(MarketFixedPoint, DecayRoundsHalfAwayFromZeroForEveryAttitude) {
  // a·factor/65536 is exact in a double, and lround rounds half away from zero.
  for (const std::int32_t factor : {0, 1, 32768, 64225, 65535, 65536}) {
    for (std::int32_t a = -32768; a <= 32767; ++a) {
      const double exact = static_cast<double>(a) * factor / 65536.0;
      ASSERT_EQ(decay_attitude(static_cast<Attitude>(a), factor), std::lround(exact))
          << "attitude " << a << ", factor " << factor;
    }
  }
}

// ---- counting the neighbours' messages -------------------------------------------------------

TEST(MessageCounting, MentionedBrandsIsTheSetOfNonZeroLanes) {
  // Every pattern of non-zero lanes (positive lanes 0-7, negative lanes 8-15), lane values 1
  // and 255 (the extremes a lane holds).
  for (std::uint32_t lanes = 0; lanes < (1u << 16); ++lanes) {
    PackedCounts counts{};
    for (unsigned k = 0; k < 16; ++k)
      if ((lanes >> k) & 1u) counts[k] = static_cast<std::uint8_t>(k % 2 ? 255 : 1);
    const std::uint64_t expected = (lanes | (lanes >> 8)) & 0xFFu;
    ASSERT_EQ(mentioned_brands(counts), expected) << "lanes " << lanes;
  }
}

TEST(MessageCounting, PackedCountsAgreeWithTheHistogram) {
  // Random broadcasts of 8 brands (a third of the neighbours silent) and rows of 0 to 255
  // neighbours: the packed count must give the histogram's count for every brand and valence.
  constexpr std::uint32_t kCustomers = 4096;
  RandomStream rng(7, 0, 0, Purpose::Seeding);
  std::vector<Broadcast> heard(kCustomers);
  for (Broadcast& b : heard) {
    const auto draw = static_cast<unsigned>(rng.uniform() * 24);
    b = draw < 8 ? Broadcast{0}
                 : make_broadcast(static_cast<BrandIndex>(draw % 8),
                                  draw < 16 ? Valence::Positive : Valence::Negative);
  }
  for (std::size_t length : {0u, 1u, 10u, 64u, 65u, 200u, 255u}) {
    std::vector<std::uint32_t> row(length);
    for (auto& j : row) j = static_cast<std::uint32_t>(rng.uniform() * kCustomers);
    MessageHistogram histogram{};
    const std::uint64_t touched = count_messages(heard.data(), row, histogram);
    ASSERT_TRUE(packable(8, length));
    const PackedCounts packed = count_messages_packed(heard.data(), row);
    EXPECT_EQ(mentioned_brands(packed), touched) << "row of " << length;
    for (BrandIndex b = 0; b < 8; ++b) {
      EXPECT_EQ(packed[b], histogram[broadcast_byte(make_broadcast(b, Valence::Positive))])
          << "brand " << int(b);
      EXPECT_EQ(packed[8 + b], histogram[broadcast_byte(make_broadcast(b, Valence::Negative))])
          << "brand " << int(b);
    }
  }
  EXPECT_FALSE(packable(8, 256));  // a lane would overflow
  EXPECT_FALSE(packable(9, 10));   // no lane for a ninth brand
}

TEST(MarketFixedPoint, DecayingARunOfRowsDecaysEachAttitude) {
  // decay_attitudes is the vectorised loop the market runs over 64 customers' rows: every
  // attitude (a run of all 65,536 and one more, so the length is no multiple of the vector
  // width) must come out as decay_attitude would make it, for factors on both sides of the
  // signed 16-bit range the vector multiply works in, and both ends of [0, 1].
  std::vector<Attitude> every;
  for (std::int32_t a = -32768; a <= 32767; ++a) every.push_back(static_cast<Attitude>(a));
  every.push_back(-1);
  for (const std::int32_t factor :
       {0, 1, 12345, 32767, 32768, 32769, attitude_decay_factor(0.02), 65535, 65536}) {
    std::vector<Attitude> run = every;
    decay_attitudes(run, factor);
    ASSERT_EQ(run.size(), every.size());
    for (std::size_t k = 0; k < run.size(); ++k)
      ASSERT_EQ(run[k], decay_attitude(every[k], factor))
          << "attitude " << every[k] << ", factor " << factor;
  }
}

TEST(MarketFixedPoint, HabitIsQ016) {
  EXPECT_EQ(to_habit(0.5), 32768);
  EXPECT_EQ(to_habit(1.0), 65535);
  EXPECT_EQ(to_habit(-0.1), 0);
  EXPECT_NEAR(from_habit(to_habit(0.905)), 0.905, 1.0 / 65536);
}

TEST(MarketBroadcast, PacksBrandAndValenceInOneByte) {
  for (unsigned b = 0; b < 64; ++b)
    for (Valence v : {Valence::Positive, Valence::Negative}) {
      const Broadcast m = make_broadcast(static_cast<BrandIndex>(b), v);
      EXPECT_EQ(broadcast_brand(m), b);
      EXPECT_EQ(broadcast_valence(m), v);
      EXPECT_NE(m, Broadcast::Silent);
    }
}

// ---- V10(a) goodwill -------------------------------------------------------------------------

TEST(MarketGoodwill, AnEstablishedBrandStartsAtTheStockItsSpendKeepsAndAnEntrantAtZero) {
  // docs/model.md §5.1: on the market from week 0, the brand has advertised before the run, so
  // its goodwill starts at G* = ψA/(1 − λ_G), the fixed point of G ← λ_G·G + ψA; an entrant
  // launches its advertising with the run.
  MarketSpec market;
  BrandSpec spec;
  spec.ad_budget = 7.0;
  spec.copy_effect = 0.5;
  EXPECT_NEAR(make_brand_state(spec, market).goodwill, 0.5 * 7.0 / (1.0 - 0.93), 1e-12);
  spec.entry_step = 10;
  EXPECT_EQ(make_brand_state(spec, market).goodwill, 0.0);
}

TEST(MarketGoodwill, SinglePulseHalvesIn955WeeksAndNinetyPercentGoneBy317) {
  // λ = 0.93: half-life ln 0.5 / ln 0.93 = 9.551 weeks; 90% gone at ln 0.1 / ln 0.93 = 31.73.
  EXPECT_NEAR(std::log(0.5) / std::log(0.93), 9.55, 0.005);
  EXPECT_NEAR(std::log(0.1) / std::log(0.93), 31.7, 0.05);
  MarketSpec market;
  BrandSpec spec;
  spec.reach63 = 100.0;
  // A brand that had not advertised (no goodwill stock), then spends 100 in week 0 only.
  std::vector<BrandState> brands{make_brand_state(spec, market)};
  ASSERT_EQ(brands[0].goodwill, 0.0);
  brands[0].levers.ad_budget = 100.0;
  brands_act(brands, market, 0, {});
  EXPECT_DOUBLE_EQ(brands[0].goodwill, 100.0);    // ψ = 1 on the first week
  EXPECT_DOUBLE_EQ(brands[0].copy_effect, 0.98);  // wear-out on air
  EXPECT_DOUBLE_EQ(brands[0].reach, 1.0 - std::exp(-1.0));
  brands[0].levers.ad_budget = 0.0;
  std::vector<double> g{brands[0].goodwill};
  for (int week = 1; week <= 40; ++week) {
    brands_act(brands, market, static_cast<Step>(week), {});
    g.push_back(brands[0].goodwill);
  }
  EXPECT_DOUBLE_EQ(g[1], 93.0);
  EXPECT_GT(g[9], 50.0);  // week 9 < 9.55 < week 10
  EXPECT_LT(g[10], 50.0);
  EXPECT_GT(g[31], 10.0);  // week 31 < 31.7 < week 32
  EXPECT_LT(g[32], 10.0);
  EXPECT_NEAR(g[20], 100.0 * std::pow(0.93, 20), 1e-9);
  // Dark weeks restore the copy: ψ ← ψ + 0.05·(1 − ψ).
  EXPECT_NEAR(brands[0].copy_effect, 1.0 - 0.02 * std::pow(0.95, 40), 1e-12);
}

TEST(MarketGoodwill, ConstantSpendSettlesAtSpendOverOneMinusLambda) {
  MarketSpec market;
  market.wear_out = 0.0;  // isolate the stock recursion from copy wear-out
  BrandSpec spec;         // no goodwill stock at the start: then 7 a week
  std::vector<BrandState> brands{make_brand_state(spec, market)};
  brands[0].levers.ad_budget = 7.0;
  for (Step week = 0; week < 600; ++week) brands_act(brands, market, week, {});
  EXPECT_NEAR(brands[0].goodwill, 7.0 / (1.0 - 0.93), 1e-9);  // G* = A/(1 − λ) = 100
}

TEST(MarketBrands, SelfAssessmentListensToCurrentCustomersPlusOptimism) {
  MarketSpec market;
  BrandSpec spec;
  spec.quality = 6.0;
  spec.optimism = 1.0;
  spec.data_care = 0.9;
  spec.trust = 0.5;
  std::vector<BrandState> brands{make_brand_state(spec, market)};
  EXPECT_DOUBLE_EQ(brands[0].claim, 7.0);                    // default claim = Q + β
  brands_act(brands, market, 0, {BrandFeedback{60.0, 10}});  // mean C = 6
  EXPECT_DOUBLE_EQ(brands[0].claim, 7.0 + 0.1 * (6.0 + 1.0 - 7.0));
  EXPECT_DOUBLE_EQ(brands[0].trust, 0.5 + 0.02 * (0.9 - 0.5));
  brands_act(brands, market, 1, {BrandFeedback{0.0, 0}});  // no customers: claim unchanged
  EXPECT_DOUBLE_EQ(brands[0].claim, 7.0);
}

TEST(MarketBrands, EntryAndExitSteps) {
  MarketSpec market;
  BrandSpec spec;
  spec.entry_step = 3;
  spec.exit_step = 5;
  spec.ad_budget = 1.0;
  std::vector<BrandState> brands{make_brand_state(spec, market)};
  std::vector<bool> on;
  for (Step week = 0; week < 7; ++week) {
    brands_act(brands, market, week, {});
    on.push_back(brands[0].on_market);
    if (!brands[0].on_market) {
      EXPECT_EQ(brands[0].ad_spend, 0.0);
    }
  }
  EXPECT_EQ(on, (std::vector<bool>{false, false, false, true, true, false, false}));
}

// ---- V10(b) habituation ----------------------------------------------------------------------

/// Wow share of W delivered by the n-th surprise when surprises come every `interval` weeks,
/// following experience.hpp: wow = W(1 − H), H ← H + η(1 − H) on a surprise, H ← (1 − ζ)H
/// every week, H stored in Q0.16.
double wow_share_after(int surprises, int interval, double eta = 0.5, double zeta = 0.05) {
  std::uint16_t h = 0;
  double wow = 0.0;
  for (int s = 0; s < surprises; ++s) {
    for (int week = 0; week < interval; ++week) {
      double habit = from_habit(h);
      if (week == 0) {
        wow = 1.0 - habit;
        habit += eta * (1.0 - habit);
      }
      h = to_habit(habit * (1.0 - zeta));
    }
  }
  return wow;
}

TEST(MarketHabituation, WeeklySurpriseSettlesAtNinePointFivePercent) {
  EXPECT_DOUBLE_EQ(wow_share_after(1, 1), 1.0);  // the first surprise is a full wow
  // H* = (1 − ζ)η / (1 − (1 − ζ)(1 − η)) = 0.475/0.525 = 0.9048: wow = 9.52% of W.
  // Q0.16 rounding moves H by at most 2^-17 per week; 1e-4 covers the accumulated error.
  EXPECT_NEAR(wow_share_after(200, 1), 1.0 - 0.475 / 0.525, 1e-4);
  EXPECT_NEAR(wow_share_after(200, 1), 0.095, 0.0005);
}

TEST(MarketHabituation, SurpriseEveryTwentySixWeeksKeeps848Percent) {
  const double keep = std::pow(0.95, 26);
  const double h_star = keep * 0.5 / (1.0 - keep * 0.5);
  EXPECT_NEAR(wow_share_after(50, 26), 1.0 - h_star, 1e-4);
  EXPECT_NEAR(wow_share_after(50, 26), 0.848, 0.0005);
}

// ---- V10(c) privacy calculus -----------------------------------------------------------------

TEST(MarketPrivacy, ZeroValueGivesLogisticOfTheCost) {
  const double rho = 0.6, ask = 0.5, trust = 0.3;
  const double expected = 1.0 / (1.0 + std::exp(4.0 * (rho * ask * (1.0 - trust) + 0.25)));
  EXPECT_DOUBLE_EQ(share_probability(0.5, 0.0, rho, ask, trust), expected);
  EXPECT_DOUBLE_EQ(share_probability(0.0, 0.0, 0.0, 0.0, 0.0), 1.0 / (1.0 + std::exp(1.0)));
}

TEST(MarketPrivacy, RisesMonotonicallyWithPersonalisationAndOffer) {
  double previous = 0.0;
  for (double pi = 0.0; pi <= 1.0; pi += 0.1) {
    const double p = share_probability(2.0, pi * (1.0 + 0.0), 0.3, 0.5, 0.5);
    EXPECT_GT(p, previous);
    previous = p;
  }
  previous = 0.0;
  for (double offer = 0.0; offer <= 2.0; offer += 0.25) {
    const double p = share_probability(2.0, 0.5 * (1.0 + offer), 0.3, 0.5, 0.5);
    EXPECT_GT(p, previous);
    previous = p;
  }
  // Trust lowers the cost; concern raises it.
  EXPECT_GT(share_probability(0.5, 0.5, 0.6, 0.8, 0.9), share_probability(0.5, 0.5, 0.6, 0.8, 0.1));
  EXPECT_LT(share_probability(0.5, 0.5, 0.9, 0.8, 0.5), share_probability(0.5, 0.5, 0.3, 0.8, 0.5));
}

// ---- week keys: one Philox call per week, a SplitMix64 output per customer -------------------

TEST(MarketDraws, NeighbouringCustomersGetIndependentKeys) {
  constexpr int pairs = 200'000;
  const std::uint64_t base = week_key_base(11, 5);
  double sum_xy = 0.0, sum_x = 0.0, sum_y = 0.0;
  for (std::uint32_t k = 0; k < pairs; ++k) {
    const std::uint64_t first = week_key(11, 5, 2 * k), second = week_key(11, 5, 2 * k + 1);
    ASSERT_EQ(first, customer_week_key(base, 2 * k));
    ASSERT_NE(first, second);
    const double x = CustomerDraws(first, Purpose::Churn).uniform();
    const double y = CustomerDraws(second, Purpose::Churn).uniform();
    sum_xy += x * y;
    sum_x += x;
    sum_y += y;
  }
  // Correlation of independent uniforms: mean 0, standard error 1/sqrt(n); allow 4 s.e.
  const double n = pairs;
  const double covariance = sum_xy / n - (sum_x / n) * (sum_y / n);
  EXPECT_NEAR(covariance / (1.0 / 12.0), 0.0, 4.0 / std::sqrt(n));
  EXPECT_NE(week_key(11, 5, 0), week_key(11, 6, 0));  // weeks differ
  EXPECT_NE(week_key(11, 5, 0), week_key(12, 5, 0));  // seeds differ
}

TEST(MarketDraws, ACustomersConsecutiveWeeksAreUncorrelated) {
  // Each week's keys start from their own Philox output; correlation of independent
  // uniforms has standard error 1/sqrt(n), allow 4 s.e.
  constexpr int n = 200'000;
  double sum_xy = 0.0, sum_x = 0.0, sum_y = 0.0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const double x = CustomerDraws(week_key(11, 5, i), Purpose::Exposure).uniform();
    const double y = CustomerDraws(week_key(11, 6, i), Purpose::Exposure).uniform();
    sum_xy += x * y;
    sum_x += x;
    sum_y += y;
  }
  const double correlation = (sum_xy / n - (sum_x / n) * (sum_y / n)) * 12.0;
  EXPECT_NEAR(correlation, 0.0, 4.0 / std::sqrt(double(n)));
}

TEST(MarketDraws, TheTwoUniformsOfOneOutputAreUniformAndUncorrelated) {
  // uniform() hands out the low then the high half of each 64-bit output. Over n = 200k keys:
  // each of the first three uniforms has mean 1/2 (s.e. sqrt(1/12n)) and variance 1/12 (s.e.
  // sqrt(1/180n)), and neighbours, inside one output and across two, correlate with s.e.
  // 1/sqrt(n); 4 s.e. each.
  constexpr int n = 200'000;
  std::array<double, 3> sum{}, sum2{};
  std::array<double, 2> cross{};
  for (std::uint32_t i = 0; i < n; ++i) {
    CustomerDraws rng(week_key(21, 4, i), Purpose::Offer);
    const std::array<double, 3> u{rng.uniform(), rng.uniform(), rng.uniform()};
    for (std::size_t k = 0; k < 3; ++k) sum[k] += u[k], sum2[k] += u[k] * u[k];
    cross[0] += u[0] * u[1];
    cross[1] += u[1] * u[2];
  }
  for (std::size_t k = 0; k < 3; ++k) {
    const double mean = sum[k] / n, variance = sum2[k] / n - mean * mean;
    EXPECT_NEAR(mean, 0.5, 4 * std::sqrt(1.0 / (12.0 * n))) << "uniform " << k;
    EXPECT_NEAR(variance, 1.0 / 12.0, 4 * std::sqrt(1.0 / (180.0 * n))) << "uniform " << k;
  }
  for (std::size_t k = 0; k < 2; ++k) {
    const double correlation = (cross[k] / n - (sum[k] / n) * (sum[k + 1] / n)) * 12.0;
    EXPECT_NEAR(correlation, 0.0, 4.0 / std::sqrt(double(n)))
        << "uniforms " << k << " and " << k + 1;
  }
}

TEST(MarketDraws, TheKeysOwnUniformsAreUniformAndUncorrelatedWithThePurposes) {
  // key_uniforms (occasion, any ad) are the key's halves; each purpose's sequence starts from
  // the key through a finaliser. Over n = 200k customers: means 1/2 (s.e. sqrt(1/12n)), and
  // correlations with each other and with the first draws of exposure and churn (s.e.
  // 1/sqrt(n)); 4 s.e. each.
  constexpr int n = 200'000;
  constexpr std::size_t kSeries = 4;  // occasion, any ad, exposure draw 0, churn draw 0
  std::array<double, kSeries> sum{};
  std::array<std::array<double, kSeries>, kSeries> cross{};
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint64_t key = week_key(8, 2, i);
    const auto [occasion, any_ad] = key_uniforms(key);
    const std::array<double, kSeries> u{occasion, any_ad,
                                        CustomerDraws(key, Purpose::Exposure).uniform(),
                                        CustomerDraws(key, Purpose::Churn).uniform()};
    for (std::size_t a = 0; a < kSeries; ++a) {
      sum[a] += u[a];
      for (std::size_t b = a + 1; b < kSeries; ++b) cross[a][b] += u[a] * u[b];
    }
  }
  for (std::size_t a = 0; a < kSeries; ++a) {
    EXPECT_NEAR(sum[a] / n, 0.5, 4 * std::sqrt(1.0 / (12.0 * n))) << "series " << a;
    for (std::size_t b = a + 1; b < kSeries; ++b) {
      const double correlation = (cross[a][b] / n - (sum[a] / n) * (sum[b] / n)) * 12.0;
      EXPECT_NEAR(correlation, 0.0, 4.0 / std::sqrt(double(n))) << "series " << a << " and " << b;
    }
  }
}

TEST(MarketDraws, PurposesOfOneWeekAreUncorrelated) {
  // Correlation of independent uniforms has standard error 1/sqrt(n); 4 s.e. for each pair
  // of neighbouring purposes and each of the first three draws.
  constexpr int n = 200'000;
  const std::array<Purpose, 4> purposes{Purpose::Exposure, Purpose::Offer, Purpose::DataSharing,
                                        Purpose::WordOfMouth};
  for (std::size_t p = 0; p + 1 < purposes.size(); ++p) {
    for (int draw = 0; draw < 3; ++draw) {
      double sum_xy = 0.0, sum_x = 0.0, sum_y = 0.0;
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint64_t key = week_key(5, 9, i);
        CustomerDraws a(key, purposes[p]), b(key, purposes[p + 1]);
        for (int k = 0; k < draw; ++k) (void)a(), (void)b();
        const double x = a.uniform(), y = b.uniform();
        sum_xy += x * y;
        sum_x += x;
        sum_y += y;
      }
      const double correlation = (sum_xy / n - (sum_x / n) * (sum_y / n)) * 12.0;
      EXPECT_NEAR(correlation, 0.0, 4.0 / std::sqrt(double(n)))
          << "purposes " << p << ", draw " << draw;
    }
  }
}

TEST(MarketDraws, NormalHasStandardMomentsAndTails) {
  // n = 400k: mean s.e. 1/sqrt(n), variance s.e. sqrt(2/n), P(|z| > 2) = 0.0455 with binomial
  // s.e.; 4 s.e. each. A fourth moment of 3 rules out a uniform-ish shape with variance 1.
  constexpr int n = 400'000;
  double sum = 0, sum2 = 0, sum4 = 0;
  int beyond_two = 0;
  for (int i = 0; i < n; ++i) {
    CustomerDraws rng(week_key(3, 1, static_cast<std::uint32_t>(i)), Purpose::Experience);
    const double z = rng.normal();
    sum += z;
    sum2 += z * z;
    sum4 += z * z * z * z;
    beyond_two += std::abs(z) > 2.0;
  }
  EXPECT_NEAR(sum / n, 0.0, 4 / std::sqrt(n));
  EXPECT_NEAR(sum2 / n, 1.0, 4 * std::sqrt(2.0 / n));
  EXPECT_NEAR(sum4 / n, 3.0, 4 * std::sqrt(96.0 / n));  // Var(z⁴) = 105 − 9
  const double tail = 0.0455003;
  EXPECT_NEAR(beyond_two / double(n), tail, 4 * std::sqrt(tail * (1 - tail) / n));
}

// ---- ad contacts: one uniform for "no ad", the same joint distribution -----------------------

TEST(MarketExposure, RegisteredAdsAreIndependentBernoulliPerBrand) {
  StepContext ctx;
  ctx.brands = 4;
  ctx.generations = 2;
  ctx.on_market = 0xF;
  ctx.contact[0] = {0.3, 0.0, 0.05, 0.6};
  ctx.contact[1] = {0.01, 0.02, 0.0, 0.0};
  prepare_ad_contacts(ctx);
  EXPECT_DOUBLE_EQ(ctx.no_ad[0], 0.7 * 1.0 * 0.95 * 0.4);
  EXPECT_DOUBLE_EQ(ctx.no_ad[1], 0.99 * 0.98);

  constexpr int n = 400'000;
  for (GenerationIndex g = 0; g < 2; ++g) {
    const auto& p = ctx.contact[g];
    std::array<int, 4> single{};
    std::array<std::array<int, 4>, 4> pair{};
    int none = 0;
    for (int i = 0; i < n; ++i) {
      CustomerDraws rng(week_key(7, 3, static_cast<std::uint32_t>(i)), Purpose::Exposure);
      const std::uint64_t ads = registered_ads(ctx, g, rng.uniform(), rng);
      none += ads == 0;
      for (unsigned b = 0; b < 4; ++b)
        for (unsigned c = b; c < 4; ++c)
          if (((ads >> b) & 1u) && ((ads >> c) & 1u)) ++(b == c ? single[b] : pair[b][c]);
    }
    // Binomial standard errors sqrt(q(1 − q)/n); 4 of them leave room for the 15 checks.
    auto expect_share = [&](int count, double q, const char* what, unsigned b, unsigned c) {
      if (q == 0.0) {
        EXPECT_EQ(count, 0) << what << " " << b << "," << c << " of generation " << int(g);
        return;
      }
      EXPECT_NEAR(count / double(n), q, 4 * std::sqrt(q * (1.0 - q) / n))
          << what << " " << b << "," << c << " of generation " << int(g);
    };
    expect_share(none, ctx.no_ad[g], "none", 0, 0);
    for (unsigned b = 0; b < 4; ++b) {
      expect_share(single[b], p[b], "brand", b, b);
      for (unsigned c = b + 1; c < 4; ++c) expect_share(pair[b][c], p[b] * p[c], "pair", b, c);
    }
  }
}

// ---- V10(d) multinomial logit ----------------------------------------------------------------

TEST(MarketLogit, MillionDrawsMatchSoftmaxWithinThreeStandardErrors) {
  const std::vector<double> utility{0.3, -0.2, 1.1, 0.0};
  const double outside = 0.5;
  std::vector<double> weight;
  double total = std::exp(outside);
  for (double u : utility) total += std::exp(u);
  for (double u : utility) weight.push_back(std::exp(u) / total);
  weight.push_back(std::exp(outside) / total);
  constexpr int n = 1'000'000;
  std::vector<int> counts(utility.size() + 1, 0);
  for (int i = 0; i < n; ++i) {
    RandomStream rng(2026, 1, static_cast<std::uint32_t>(i), Purpose::Choice);
    ++counts[logit_draw(utility.data(), 4, outside, true, rng.uniform())];
  }
  for (std::size_t k = 0; k < counts.size(); ++k) {
    // Binomial s.e. sqrt(p(1 − p)/n) ≈ 0.0004 at p ≈ 0.2.
    const double se = std::sqrt(weight[k] * (1.0 - weight[k]) / n);
    EXPECT_NEAR(counts[k] / double(n), weight[k], 3 * se) << "option " << k;
  }
}

TEST(MarketLogit, InverseCdfBoundariesAndNoOutsideOption) {
  const double u[2] = {0.0, 0.0};
  EXPECT_EQ(logit_draw(u, 2, 0.0, true, 0.1), 0u);  // three equal slices of 1/3
  EXPECT_EQ(logit_draw(u, 2, 0.0, true, 0.5), 1u);
  EXPECT_EQ(logit_draw(u, 2, 0.0, true, 0.9), 2u);       // outside
  EXPECT_EQ(logit_draw(u, 1, 100.0, false, 0.999), 0u);  // docking: conversion on awareness
}

/// Purchase probability with n identical brands at utility Q̄ and overload ω.
double purchase_rate(unsigned brands, double overload) {
  StepContext ctx;
  ctx.mean_quality = 7.0;
  GenerationProfile g;
  g.choice_overload = overload;
  const double outside = outside_utility(ctx, g, brands);
  std::vector<double> utility(brands, ctx.mean_quality);
  double total = std::exp(outside - 7.0);
  for (double v : utility) total += std::exp(v - 7.0);
  return 1.0 - std::exp(outside - 7.0) / total;
}

TEST(MarketLogit, ChoiceOverloadLowersPurchaseWith24BrandsAgainst6) {
  // ω = 0.15 (Customer 3.0): 24/(24 + e^{2.7}) = 0.617 < 6/7 = 0.857 (jam-study direction).
  EXPECT_NEAR(purchase_rate(6, 0.15), 6.0 / 7.0, 1e-12);
  EXPECT_NEAR(purchase_rate(24, 0.15), 24.0 / (24.0 + std::exp(0.15 * 18)), 1e-12);
  EXPECT_LT(purchase_rate(24, 0.15), purchase_rate(6, 0.15));
  EXPECT_GT(purchase_rate(24, 0.0), purchase_rate(6, 0.0));  // without overload more is more
  // The same through draws: 200,000 each; s.e. ≈ 0.001, the gap is 0.24.
  auto simulated = [](unsigned n) {
    StepContext ctx;
    ctx.mean_quality = 7.0;
    GenerationProfile g;
    g.choice_overload = 0.15;
    std::vector<double> utility(n, 7.0);
    const double outside = outside_utility(ctx, g, n);
    int bought = 0;
    for (int i = 0; i < 200000; ++i) {
      RandomStream rng(5, n, static_cast<std::uint32_t>(i), Purpose::Choice);
      bought += logit_draw(utility.data(), n, outside, true, rng.uniform()) < n;
    }
    return bought / 200000.0;
  };
  EXPECT_LT(simulated(24) + 0.2, simulated(6));
}

TEST(MarketArithmetic, PositivePartIsStdMaxWithZeroToTheBit) {
  for (double x :
       {-3.5, -1e-300, -0.0, 0.0, 1e-300, 2.25, 1e300, std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()})
    EXPECT_EQ(std::bit_cast<std::uint64_t>(positive_part(x)),
              std::bit_cast<std::uint64_t>(std::max(0.0, x)))
        << x;
}

TEST(MarketConsideration, BitCountMatchesCountingBitByBit) {
  auto slow_count = [](std::uint64_t x) {
    unsigned n = 0;
    for (; x != 0; x >>= 1) n += static_cast<unsigned>(x & 1u);
    return n;
  };
  for (std::uint64_t x = 0; x < 70'000; ++x) ASSERT_EQ(bit_count(x), slow_count(x)) << x;
  RandomStream rng(1, 0, 0, Purpose::Initialisation);
  for (int k = 0; k < 100'000; ++k) {
    const std::uint64_t x = (std::uint64_t{rng.next_u32()} << 32) | rng.next_u32();
    ASSERT_EQ(bit_count(x), slow_count(x)) << x;
  }
}

TEST(MarketConsideration, RanksByAttitudeCurrentFirstAtMostK) {
  std::vector<Attitude> att{to_attitude(0.5), to_attitude(2.0), to_attitude(-1.0), to_attitude(2.0),
                            to_attitude(1.0)};
  const std::uint64_t all = 0b11111;
  auto set = consideration_set(all, kNoBrand, att, 3);
  ASSERT_EQ(set.size, 3u);
  EXPECT_EQ(set.brands[0], 1);  // tie 1 vs 3 goes to the lower index
  EXPECT_EQ(set.brands[1], 3);
  EXPECT_EQ(set.brands[2], 4);
  set = consideration_set(all, 2, att, 2);  // current brand first even with the worst attitude
  ASSERT_EQ(set.size, 2u);
  EXPECT_EQ(set.brands[0], 2);
  EXPECT_EQ(set.brands[1], 1);
  set = consideration_set(0b00101, kNoBrand, att, 6);  // only aware brands
  ASSERT_EQ(set.size, 2u);
  EXPECT_EQ(set.brands[0], 0);
  EXPECT_EQ(set.brands[1], 2);
  EXPECT_EQ(consideration_set(all, kNoBrand, att, 0).size, 0u);
}

// ---- V10(e) NPS, CLV, CAC arithmetic ---------------------------------------------------------

TEST(MarketArithmetic, NpsClvCacToTheLastDigit) {
  EXPECT_EQ(net_promoter_score(30, 10, 100), 20.0);
  EXPECT_EQ(net_promoter_score(1, 3, 8), -25.0);
  EXPECT_TRUE(std::isnan(net_promoter_score(0, 0, 0)));
  // m·r/(1 + d − r) evaluated in that order (1 + 0.1 − 0.9 is 0.2000000000000001 in binary).
  EXPECT_EQ(customer_lifetime_value(1.0, 0.9, 0.1), 1.0 * 0.9 / (1.0 + 0.1 - 0.9));
  EXPECT_NEAR(customer_lifetime_value(1.0, 0.9, 0.1), 4.5, 1e-14);
  // A weekly margin of 0.075 (0.3 per purchase, τ = 4) at 99% weekly retention and 10%/year:
  const double d = std::pow(1.1, 1.0 / 52) - 1.0;
  EXPECT_EQ(customer_lifetime_value(0.075, 0.99, d), 0.075 * 0.99 / (1.0 + d - 0.99));
  EXPECT_NEAR(customer_lifetime_value(0.075, 0.99, d), 6.27399, 1e-5);
  EXPECT_EQ(customer_lifetime_value(2.0, 0.5, 0.0), 2.0);
  EXPECT_EQ(customer_acquisition_cost(100.0, 20.0, 5.0, 50), 2.5);
  EXPECT_TRUE(std::isnan(customer_acquisition_cost(1.0, 0.0, 0.0, 0)));
  EXPECT_EQ(annualised_churn(0.0), 0.0);
  EXPECT_EQ(annualised_churn(0.5, 2.0), 0.75);
  EXPECT_DOUBLE_EQ(weekly_discount_rate(0.1), std::pow(1.1, 1.0 / 52) - 1.0);
  EXPECT_NEAR(weekly_discount_rate(0.1), 0.0018346, 1e-7);
}

TEST(MarketAdvocacy, RecommendationClassesFromRoundedSatisfaction) {
  EXPECT_EQ(classify_recommendation(8.5), NpsClass::Promoter);  // round half away from zero
  EXPECT_EQ(classify_recommendation(8.49), NpsClass::Passive);
  EXPECT_EQ(classify_recommendation(6.5), NpsClass::Passive);
  EXPECT_EQ(classify_recommendation(6.49), NpsClass::Detractor);
  EXPECT_EQ(classify_recommendation(10.0), NpsClass::Promoter);
  EXPECT_EQ(classify_recommendation(0.0), NpsClass::Detractor);
}

}  // namespace
}  // namespace murmur
