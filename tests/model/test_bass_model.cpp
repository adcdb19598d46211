// Docking the Bass model with the equation model: docs/model.md §9, V1–V4.
// Fixed seeds; every tolerance is the one §9 states (the specification derived it from its
// reference implementation's sampling error) or is derived here from the binomial sampling
// error.

#include <algorithm>
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "sim/core/parallel.hpp"
#include "sim/model/bass_curve.hpp"
#include "sim/model/bass_model.hpp"

namespace murmur {
namespace {

constexpr double kP = 0.03;  // per year (Sultan, Farley & Lehmann 1990)
constexpr double kQ = 0.38;
constexpr double kWeek = 1.0 / 52.0;

Scenario bass_scenario(double p, double q, Seed seed, double seeded_fraction = 0.0) {
  Scenario scenario;
  scenario.model = ModelKind::Bass;
  scenario.seed = seed;
  scenario.bass.innovation_per_year = p;
  scenario.bass.imitation_per_year = q;
  scenario.bass.seeded_fraction = seeded_fraction;
  return scenario;
}

/// Adopted share at weeks 0..weeks of one run.
std::vector<double> simulate(const Scenario& scenario, std::shared_ptr<const SocialGraph> graph,
                             Step weeks) {
  BassModel model(scenario, std::move(graph));
  std::vector<double> curve{model.adopted_share()};
  for (Step w = 0; w < weeks; ++w) {
    model.step();
    curve.push_back(model.adopted_share());
  }
  return curve;
}

std::vector<double> closed_form_weekly(double p, double q, Step weeks) {
  std::vector<double> curve;
  for (Step w = 0; w <= weeks; ++w) curve.push_back(bass_closed_form(p, q, w * kWeek));
  return curve;
}

double sup_distance(const std::vector<double>& a, const std::vector<double>& b) {
  double worst = 0.0;
  for (std::size_t t = 0; t < std::min(a.size(), b.size()); ++t)
    worst = std::max(worst, std::abs(a[t] - b[t]));
  return worst;
}

/// First week at which the curve reaches `level` (curve.size() if never).
std::size_t first_week_reaching(const std::vector<double>& curve, double level) {
  return static_cast<std::size_t>(
      std::find_if(curve.begin(), curve.end(), [&](double f) { return f >= level; }) -
      curve.begin());
}

// V1: the deterministic recursion stays within sup-norm 0.003 of the closed form over
// 0–1040 weeks, and halving Δt roughly halves the error (a first-order scheme).
TEST(BassCurve, MeanFieldRecursionTracksClosedFormToFirstOrder) {
  auto error_with_step = [](double dt) {
    const auto steps = static_cast<std::size_t>(std::lround(20.0 / dt));  // 20 years
    const auto field = bass_mean_field(kP, kQ, dt, steps);
    double worst = 0.0;
    for (std::size_t t = 0; t <= steps; ++t)
      worst = std::max(worst,
                       std::abs(field[t] - bass_closed_form(kP, kQ, static_cast<double>(t) * dt)));
    return worst;
  };
  const double weekly = error_with_step(kWeek);
  EXPECT_LT(weekly, 0.003);
  EXPECT_GT(weekly, 0.001);  // reference 0.0021 (§9): the scheme is not accidentally exact
  const double ratio = weekly / error_with_step(kWeek / 2);
  EXPECT_NEAR(ratio, 2.0, 0.2);
}

TEST(BassCurve, PeakTimeAndClosedFormLandmarks) {
  EXPECT_NEAR(bass_peak_time(kP, kQ) * 52, 322.0, 0.1);
  EXPECT_NEAR(bass_closed_form(kP, kQ, bass_peak_time(kP, kQ)), 0.5 - kP / (2 * kQ), 1e-12);
}

// V2 + V3: fully mixed, N = 100,000, 20 seeds, 1040 weeks.
TEST(BassDocking, FullyMixedAgentsMatchTheBassCurveForTwentySeeds) {
  constexpr CustomerIndex kCustomers = 100000;
  constexpr Step kWeeks = 1040;
  constexpr int kSeeds = 20;
  const auto graph = std::make_shared<const SocialGraph>(SocialGraph::fully_mixed(kCustomers));
  const auto bass = closed_form_weekly(kP, kQ, kWeeks);
  const double peak_level = 0.5 - kP / (2 * kQ);  // F(t*) = 0.4605

  double sum_of_sups = 0.0;
  double sum_of_crossings = 0.0;
  std::vector<double> mean_new_adoptions(kWeeks + 1, 0.0);
  for (int s = 0; s < kSeeds; ++s) {
    const auto curve = simulate(bass_scenario(kP, kQ, 1000 + static_cast<Seed>(s)), graph, kWeeks);
    const double sup = sup_distance(curve, bass);
    EXPECT_LE(sup, 0.015) << "seed " << 1000 + s;  // V2, per seed [reference max 0.0092]
    sum_of_sups += sup;
    const double crossing = static_cast<double>(first_week_reaching(curve, peak_level));
    EXPECT_NEAR(crossing, 322.0, 10.0) << "seed " << 1000 + s;  // V3, per seed
    sum_of_crossings += crossing;
    for (Step w = 1; w <= kWeeks; ++w) mean_new_adoptions[w] += (curve[w] - curve[w - 1]) / kSeeds;
  }
  EXPECT_LE(sum_of_sups / kSeeds, 0.006);              // V2 mean of sups [reference 0.0044]
  EXPECT_NEAR(sum_of_crossings / kSeeds, 322.0, 5.0);  // V3 mean crossing [reference 323.2]

  // V3: the peak of the seed-averaged weekly adoptions, smoothed over 9 weeks.
  std::size_t peak_week = 0;
  double peak = 0.0;
  for (std::size_t w = 5; w + 4 <= kWeeks; ++w) {
    const double smoothed =
        std::accumulate(mean_new_adoptions.begin() + static_cast<long>(w) - 4,
                        mean_new_adoptions.begin() + static_cast<long>(w) + 5, 0.0) /
        9.0;
    if (smoothed > peak) {
      peak = smoothed;
      peak_week = w;
    }
  }
  EXPECT_NEAR(static_cast<double>(peak_week), 322.0, 15.0);
}

// V4: with q = 0 only advertising acts: F(52 weeks) = 1 − e^{−0.03} = 0.02955. The binomial
// s.e. at N = 100,000 is sqrt(0.0296·0.97/1e5) = 0.00054; V4's ±0.002 (§9) is 3.7 s.e.
TEST(BassDocking, InnovationAloneGivesOneMinusExpMinusP) {
  const auto graph = std::make_shared<const SocialGraph>(SocialGraph::fully_mixed(100000));
  const auto curve = simulate(bass_scenario(kP, 0.0, 7), graph, 52);
  EXPECT_NEAR(curve[52], 1.0 - std::exp(-kP), 0.002);
}

// V4: p = 0 with 1% seeded adopters follows the logistic 1/(1 + 99·e^{−qt}): F = 0.5 at
// 628.8 weeks (continuous time), within ±2% over the mean of 10 seeds.
TEST(BassDocking, ImitationAloneFromSeedsIsLogistic) {
  const auto graph = std::make_shared<const SocialGraph>(SocialGraph::fully_mixed(100000));
  const double expected_week = std::log(99.0) / kQ * 52;  // 628.8
  EXPECT_NEAR(expected_week, 628.8, 0.1);
  double sum = 0.0;
  for (Seed seed = 1; seed <= 10; ++seed) {
    const auto curve = simulate(bass_scenario(0.0, kQ, seed, 0.01), graph, 900);
    sum += static_cast<double>(first_week_reaching(curve, 0.5));
  }
  EXPECT_NEAR(sum / 10, expected_week, 0.02 * expected_week);
}

TEST(BassDocking, NobodyAdoptsWithoutAdvertisingOrSeeds) {
  const auto graph = std::make_shared<const SocialGraph>(SocialGraph::fully_mixed(10000));
  const auto curve = simulate(bass_scenario(0.0, kQ, 3), graph, 520);
  EXPECT_EQ(curve.back(), 0.0);
}

}  // namespace
}  // namespace murmur
