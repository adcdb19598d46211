// The stylised and calibration results of docs/model.md §9: V6 (bad news costs share and NPV),
// V7 (the delivery gap), V8 (Customer 4.0 tribes). Each runs replicates with fixed seeds
// and states where its tolerance comes from.

#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include <boost/math/distributions/students_t.hpp>
#include <gtest/gtest.h>

#include "agents/market_metrics.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/market_fixtures.hpp"
#include "support/simulate.hpp"

namespace murmur {
namespace {

using testing::simulate;
using testing::Trajectory;

const std::filesystem::path kScenarios = MURMUR_SCENARIO_DIR;

struct Summary {
  double mean = 0.0;
  double standard_error = 0.0;
};

Summary summarise_values(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double squares = 0.0;
  for (double v : x) squares += (v - mean) * (v - mean);
  return {mean, std::sqrt(squares / (n - 1) / n)};
}

std::vector<double> difference(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size(); ++i) d.push_back(a[i] - b[i]);
  return d;
}

// ---- V6: bad news (Goldenberg, Libai, Moldovan & Muller 2007) ----------------------------

/// V6's market (docs/model.md §9 and its departures): one brand with Q = 7, σ = 1.5,
/// everything else default, launched with 2% seeded adopters and no advertising so that word
/// of mouth carries the growth; 10,000 customers on a small world of degree 10, ten years.
Scenario bad_news_market(double negative_weight, double rewiring, Seed seed) {
  Scenario s;
  s.seed = seed;
  s.steps = 520;
  s.population.customers = 10000;
  s.population.graph.kind = GraphKind::SmallWorld;
  s.population.graph.mean_degree = 10;
  s.population.graph.rewiring = rewiring;
  for (GenerationProfile& g : s.generations) g.negative_weight = negative_weight;
  BrandSpec solo = testing::brand_named("solo");
  solo.quality = 7.0;
  solo.quality_spread = 1.5;
  solo.seeded_fraction = 0.02;
  s.brands = {solo};
  return s;
}

struct BadNewsOutcome {
  double share_520 = 0.0;
  double npv = 0.0;  ///< gross margin discounted at 10% a year, weeks 1–520
};

BadNewsOutcome bad_news_outcome(double negative_weight, double rewiring, Seed seed) {
  const Scenario s = bad_news_market(negative_weight, rewiring, seed);
  const Trajectory run = simulate(s);
  const double weekly = weekly_discount_rate(s.market.discount_rate_per_year, s.weeks_per_year);
  BadNewsOutcome out{run.at(520, "share", "solo"), 0.0};
  for (Step t = 1; t <= 520; ++t)
    out.npv += run.at(t, "gross_margin", "solo") / std::pow(1.0 + weekly, t);
  return out;
}

constexpr int kReplicates = 10;

struct BadNewsSeries {
  std::vector<double> share, npv;
};

BadNewsSeries bad_news_series(double negative_weight, double rewiring) {
  BadNewsSeries series;
  for (Seed seed = 1; seed <= kReplicates; ++seed) {
    const BadNewsOutcome o = bad_news_outcome(negative_weight, rewiring, seed);
    series.share.push_back(o.share_520);
    series.npv.push_back(o.npv);
  }
  return series;
}

TEST(MarketBadNews, ShareAndNpvFallAsNegativeMessagesWeighMore) {
  // Common random numbers: seed r is the same market at every ν⁻, so compare paired
  // differences; "falls" = the mean paired drop exceeds 3 of its standard errors.
  const BadNewsSeries nu1 = bad_news_series(1.0, 0.1), nu2 = bad_news_series(2.0, 0.1),
                      nu3 = bad_news_series(3.0, 0.1);
  for (const auto& [higher, lower, label] :
       {std::tuple{&nu1, &nu2, "1 -> 2"}, std::tuple{&nu2, &nu3, "2 -> 3"}}) {
    const Summary share_drop = summarise_values(difference(higher->share, lower->share));
    const Summary npv_drop = summarise_values(difference(higher->npv, lower->npv));
    EXPECT_GT(share_drop.mean, 3 * share_drop.standard_error) << label;
    EXPECT_GT(npv_drop.mean, 3 * npv_drop.standard_error) << label;
  }
  // NPV(ν⁻ = 3) at least 10% below NPV(ν⁻ = 1), on the means over seeds (measured: 12%).
  EXPECT_LE(summarise_values(nu3.npv).mean, 0.90 * summarise_values(nu1.npv).mean);
}

TEST(MarketBadNews, WeakTiesCarryBadNewsToo) {
  // V6's last clause (docs/model.md §9): raising rewiring from 0.1 to 0.5 must not reduce
  // the NPV lost going from ν⁻ = 1 to 3. Seed r seeds all four arms, the graph included, so
  // both claims are means over the 10 seeds of seed-paired differences (valid whatever
  // their correlation), with standard error s/sqrt(10), held to Student's t bound for a
  // one-sided error of 1e-4 with 9 degrees of freedom (6.0 standard errors):
  // 1. the bad news travels on the random graph: at rewiring 0.5 the loss against the
  //    control ν⁻ = 1 (a detractor's message weighs as a promoter's) exceeds the bound;
  //    without it, a market where ν⁻ did nothing at either rewiring passed;
  // 2. it is not reduced: loss(0.5) − loss(0.1) is above minus the bound.
  // Measured: losses of 21,900 ± 150 and 22,300 ± 180, a paired rise of 400 ± 220. As a
  // fraction of NPV(ν⁻ = 1) the loss is 0.4 points smaller at 0.5 (12.1% and 11.7%, 3.2
  // s.e.): the random graph grows the market faster, and the bad news costs as much.
  const double bound = boost::math::quantile(boost::math::students_t(kReplicates - 1), 1 - 1e-4);
  auto loss = [](double rewiring) {
    return difference(bad_news_series(1.0, rewiring).npv, bad_news_series(3.0, rewiring).npv);
  };
  const std::vector<double> clustered = loss(0.1), random = loss(0.5);
  const Summary on_random = summarise_values(random);
  EXPECT_GT(on_random.mean, bound * on_random.standard_error)
      << "NPV lost to bad news at rewiring 0.5: " << on_random.mean << " ± "
      << on_random.standard_error;
  const Summary change = summarise_values(difference(random, clustered));
  std::printf(
      "NPV lost to bad news: %.0f at rewiring 0.1, %.0f ± %.0f at 0.5; paired change "
      "%.0f ± %.0f\n",
      summarise_values(clustered).mean, on_random.mean, on_random.standard_error, change.mean,
      change.standard_error);
  EXPECT_GE(change.mean, -bound * change.standard_error)
      << "loss at 0.1: " << summarise_values(clustered).mean << ", at 0.5: " << on_random.mean
      << ", paired change " << change.mean << " ± " << change.standard_error;
}

// ---- V7: the delivery gap (Allen, Reichheld, Hamilton & Markey 2005) -----------------------

TEST(MarketDeliveryGap, EightyPercentBelieveEightPercentAgree) {
  // scenarios/delivery_gap.yaml after 104 weeks: 80 ± 10% of brands believe, 8 ± 3% of
  // customers agree (V7's calibration band, docs/model.md §9), on three seeds.
  for (Seed seed : {Seed{1}, Seed{2}, Seed{3}}) {
    const Trajectory run =
        simulate(load_scenario(kScenarios / "delivery_gap.yaml", {"seed=" + std::to_string(seed)}));
    EXPECT_NEAR(run.at(104, "believers"), 0.80, 0.10) << seed;
    EXPECT_NEAR(run.at(104, "agreeing"), 0.08, 0.03) << seed;
  }
}

// ---- V8: Customer 4.0 tribes (the "Tesla" story) ------------------------------------------

/// Seeds (of 10) in which the entrant's share exceeds the incumbent's in some week up to 156.
int seeds_where_entrant_overtakes(const std::string& generation_mix) {
  int overtaken = 0;
  for (Seed seed = 1; seed <= 10; ++seed) {
    // V8 is the bare duel: the library scenario without the incumbent's campaign.
    const Scenario s = load_scenario(kScenarios / "tribes.yaml",
                                     {"seed=" + std::to_string(seed), "interventions=[]",
                                      "population.generation_mix=" + generation_mix});
    const Trajectory run = simulate(s);
    bool ahead = false;
    for (Step t = 26; t <= 156 && !ahead; ++t)
      ahead = run.at(t, "share", "Entrant") > run.at(t, "share", "Incumbent");
    overtaken += ahead;
  }
  return overtaken;
}

TEST(MarketTribes, EntrantWithoutAdsOvertakesAmong4ButNotAmong2) {
  EXPECT_GE(seeds_where_entrant_overtakes(R"({"2.0": 0.1, "3.0": 0.2, "4.0": 0.7})"), 8);
  EXPECT_LE(seeds_where_entrant_overtakes(R"({"2.0": 0.7, "3.0": 0.2, "4.0": 0.1})"), 2);
}

}  // namespace
}  // namespace murmur
