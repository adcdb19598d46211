// Validation of the market engine against docs/model.md §9: docking with the Bass model (V2, V3)
// and the generation ordering of churn (V9). Heavier tests: a few seconds each.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

#include <boost/math/distributions/students_t.hpp>
#include <gtest/gtest.h>

#include "agents/market_model.hpp"
#include "support/market_fixtures.hpp"

namespace murmur {
namespace {

/// The discrete Bass recursion of docs/model.md §8:
/// F_{t+1} = F_t + (1 − F_t)(1 − e^{−(p + qF_t)Δt}).
std::vector<double> bass_recursion(double p, double q, int weeks, double dt = 1.0 / 52) {
  std::vector<double> f{0.0};
  for (int t = 0; t < weeks; ++t) {
    const double ft = f.back();
    f.push_back(ft + (1.0 - ft) * (1.0 - std::exp(-(p + q * ft) * dt)));
  }
  return f;
}

Scenario docking_scenario(Seed seed) {
  Scenario s;
  s.seed = seed;
  s.market.docking = true;  // p = 0.03, q = 0.38 per year (Sultan, Farley & Lehmann 1990)
  s.brands = {testing::brand_named("product")};
  return s;
}

/// Adoption F_t for t = 0..weeks of the full market engine in docking configuration.
std::vector<double> docking_run(Seed seed, std::uint32_t n, int weeks) {
  MarketModel model(docking_scenario(seed), testing::fully_mixed_graph(n));
  const std::uint16_t adoption = metric_id(MarketMetric::Adoption);
  std::vector<double> f{model.measure().get(adoption)};
  for (int t = 0; t < weeks; ++t) {
    model.step();
    f.push_back(model.measure().get(adoption));
  }
  return f;
}

int first_week_reaching(const std::vector<double>& f, double level) {
  for (std::size_t t = 0; t < f.size(); ++t)
    if (f[t] >= level) return static_cast<int>(t);
  return -1;
}

// V2 + V3. N = 100,000 fully mixed, 1040 weeks, 3 seeds (V2 asks for 20; three keep CI
// short). Tolerances: the independent reference measured per-seed sup-norms up to 0.0092 (mean
// 0.0044) at this N, so 0.015 per seed is V2's own bound; the mean of three sups is held to
// 0.008 (a mean of 0.006 over 20 seeds has s.e. ≈ 0.0012 for three). The week F first reaches
// F(t*) = 0.4605 scattered 320–326 over 20 seeds (s.d. ≈ 1.7 weeks): every seed within
// 322 ± 10 and the mean of three within ± 5 (3 s.e. ≈ 3 weeks, plus the discretisation's 1).
TEST(MarketDocking, FullEngineMatchesTheDiscreteBassRecursion) {
  constexpr int kWeeks = 1040;
  const std::vector<double> expected = bass_recursion(0.03, 0.38, kWeeks);
  double sum_sup = 0.0, sum_cross = 0.0, sum_half = 0.0;
  const std::array<Seed, 3> seeds{101, 202, 303};
  for (Seed seed : seeds) {
    const std::vector<double> f = docking_run(seed, 100000, kWeeks);
    double sup = 0.0;
    for (int t = 0; t <= kWeeks; ++t) sup = std::max(sup, std::abs(f[t] - expected[t]));
    EXPECT_LE(sup, 0.015) << "seed " << seed;
    std::printf("docking seed %llu: sup-norm %.4f, F = 0.4605 at week %d, F = 0.5 at week %d\n",
                static_cast<unsigned long long>(seed), sup, first_week_reaching(f, 0.4605),
                first_week_reaching(f, 0.5));
    sum_sup += sup;
    const int cross = first_week_reaching(f, 0.4605);
    EXPECT_NEAR(cross, 322, 10) << "seed " << seed;
    sum_cross += cross;
    sum_half += first_week_reaching(f, 0.5);
  }
  EXPECT_LE(sum_sup / seeds.size(), 0.008);
  EXPECT_NEAR(sum_cross / seeds.size(), 322.0, 5.0);
  // F = 0.5 at 340.6 weeks in the closed form; the recursion's first-order error adds ~1 week.
  EXPECT_NEAR(sum_half / seeds.size(), 340.6, 6.0);
}

TEST(MarketDocking, NoImitationGivesPureInnovation) {
  // V4: q = 0: F(52) = 1 − e^{−0.03} = 0.02955; binomial s.e. at N = 100,000 is 0.00054,
  // V4's tolerance 0.002 is 3.7 s.e.
  Scenario s = docking_scenario(9);
  s.market.docking_imitation_per_year = 0.0;
  MarketModel model(s, testing::fully_mixed_graph(100000));
  for (int t = 0; t < 52; ++t) model.step();
  EXPECT_NEAR(model.measure().get(metric_id(MarketMetric::Adoption)), 1.0 - std::exp(-0.03), 0.002);
}

TEST(MarketDocking, NobodyAdoptsWithoutInnovationOrSeeds) {
  Scenario s = docking_scenario(9);
  s.market.docking_innovation_per_year = 0.0;
  MarketModel model(s, testing::ring_graph(5000, 10, 0.1));
  for (int t = 0; t < 100; ++t) model.step();
  EXPECT_EQ(model.measure().get(metric_id(MarketMetric::Adoption)), 0.0);
}

/// P(max_t D_t > k) for the bound D on the customers adopted in one run only of
/// MarketDocking.CompleteGraphMatchesFullyMixed (derivation there), along the fully mixed
/// curve `f` with N = n: each week D gains Poisson(λ_t(D)) and then loses each of its
/// customers with probability h_t(D); paths above k are absorbed and counted.
double coupled_divergence_exceeds(int k, const std::vector<double>& f, std::uint32_t n, double p,
                                  double q, double dt = 1.0 / 52) {
  const double birth_rate = std::exp((p + q) * dt) * q * dt * n / (n - 1.0);
  std::vector<double> mass(static_cast<std::size_t>(k) + 1, 0.0), next(mass.size());
  mass[0] = 1.0;
  double exceeded = 0.0;
  for (std::size_t t = 0; t + 1 < f.size(); ++t) {
    std::fill(next.begin(), next.end(), 0.0);
    for (int d = 0; d <= k; ++d) {
      if (mass[d] == 0.0) continue;
      const double lambda = birth_rate * (1.0 - f[t]) * (d + f[t]);
      const double share_behind = std::max(0.0, f[t] - d / static_cast<double>(n));
      const double heal = 1.0 - std::exp(-(p + q * share_behind) * dt);
      double born = std::exp(-lambda), unborn = 1.0;  // Poisson(λ) pmf, its upper tail
      for (int b = 0; d + b <= k && born > 1e-300; ++b) {
        const int m = d + b;
        double healed = std::pow(1.0 - heal, m);  // Binomial(m, heal) pmf
        for (int j = 0; j <= m && healed > 1e-300; ++j) {
          next[m - j] += mass[d] * born * healed;
          healed *= (m - j) / (j + 1.0) * heal / (1.0 - heal);
        }
        unborn -= born;
        born *= lambda / (b + 1);
      }
      exceeded += mass[d] * std::max(0.0, unborn);
    }
    std::swap(mass, next);
  }
  return exceeded;
}

TEST(MarketDocking, CompleteGraphMatchesFullyMixed) {
  // V4's last clause (docs/model.md §8, §9): on a complete graph the network path of word of
  // mouth gives the fully mixed path's adoption curve. Both runs use the same seed, and
  // every draw is keyed by (seed, week, customer, purpose) (docs/model.md §1), so the two
  // make the same decision for every customer and week unless its uniform falls between
  // the two paths' hazards. Those differ by construction: a non-adopter on the complete
  // graph hears A' adopters out of N - 1 others (m/k = A'/(N - 1)), fully mixed uses
  // F = A/N. Let D_t count the customers adopted in one run only, so |A'_t - A_t| <= D_t.
  // Since |e^-x - e^-y| <= |x - y|, a customer undecided in both diverges in week t with
  // probability at most qΔt·|A'/(N - 1) - A/N| <= qΔt·(D_t + F_t)/(N - 1), times
  // e^{(p+q)Δt} for conditioning on one run's own decision; over the N(1 - F_t) customers
  // still to adopt, divergences arrive at the rate
  // λ_t = e^{(p+q)Δt}·qΔt·N/(N - 1)·(1 - F_t)·(D_t + F_t), at most Poisson in the upper
  // tail (independent draws of small probability). A diverged customer heals when the run
  // it has not adopted in catches up: its ad or its word of mouth, whose share there is at
  // least F_t - D_t/N, so with probability h_t >= 1 - e^{-(p + q(F_t - D_t/N))Δt}. The
  // exact distribution of that bound process along the fully mixed run's own curve gives
  // the tolerance: the least k with P(max_t D_t > k) <= 1e-4, over N. At N = 1,000 that is
  // about 20 customers (seeds 1-40 measured at most 4 apart, 0 in 19 of them; the bound
  // gives P(> 4) = 3%), against the ±0.07 (2 s.d.) by which two independent runs' curves
  // differ at the midpoint (s.d. of F_t over seeds 0.035 measured, twice the binomial
  // 0.5/sqrt(N), since early chance moves the whole curve).
  constexpr int kWeeks = 600;  // F ≈ 0.99
  constexpr std::uint32_t kN = 1000;
  const std::vector<double> mixed = docking_run(5, kN, kWeeks);
  MarketModel model(docking_scenario(5), testing::complete_graph(kN));
  const std::uint16_t adoption = metric_id(MarketMetric::Adoption);
  double sup = 0.0;
  for (int t = 1; t <= kWeeks; ++t) {
    model.step();
    sup = std::max(sup, std::abs(model.measure().get(adoption) - mixed[t]));
  }
  int customers = 0;
  while (coupled_divergence_exceeds(customers, mixed, kN, 0.03, 0.38) > 1e-4) ++customers;
  const double tolerance = customers / static_cast<double>(kN);
  EXPECT_LE(sup, tolerance) << "tolerance: " << customers << " customers of " << kN;
  std::printf("complete graph vs fully mixed, N = %u: sup-norm %.4f, tolerance %.4f\n", kN, sup,
              tolerance);
}

// V9: homogeneous populations, four identical brands (Q = 7), 10,000 customers on a rewired
// ring, weeks 53–156 averaged. Annual churn must be lowest for 1.0 and highest for 3.0.
// Sampling: 1.0's ≈ 8,000 customers × 104 weeks × ~0.0013/week ≈ 1,100 churn events (s.e. 3%
// relative); the generations differ by factors of two or more.
// V9 (docs/model.md §9): 1.0 churns least (≤ 6% a year) and 3.0 most. With Q = 7, loss
// aversion puts mean s at 7 − 0.3·σ/sqrt(2π) = 6.82 and C (an EWMA with α_s = 0.3) has
// s.d. ≈ 0.86, so E[max(0, 7 − C)] ≈ 0.44 and 1.0's weekly hazard is 0.0005 + h1·0.44: with
// h1 = 0.0012 (the retuned assumption value, agents/generation_profile.cpp) 0.00103, or 5.2%
// a year. 10,000 customers over 104 weeks see ≈ 800 losses among 1.0's customers: a s.e. of
// 3.5% of the rate (0.2 points), so the analytic 5.2% is 4 s.e. below the bound.
// The ordering (docs/model.md §9) must hold by more than sampling noise: week w's churn is
// the share c_w of its n_w starting customers who leave, binomial with variance at most
// c_w/n_w, so the 104-week mean has variance Σ c_w/n_w / 104², and annualising multiplies
// its s.e. by 52(1 − c)^51 (delta method). Each ordered pair must differ by 4 standard
// errors of the difference, taking the runs as independent (a normal z of 4: 3e-5). Checked
// over seeds 77–96: s.d. 0.0017, 0.0019, 0.0034 for 1.0, 3.0, 4.0 against this s.e.'s 0.0015,
// 0.0030, 0.0032; the gaps measured are 35 s.e. or more.
TEST(MarketGenerations, AnnualChurnLowestFor1AndHighestFor3) {
  const auto graph = testing::ring_graph(10000, 10, 0.1);
  std::array<double, 5> annual{}, standard_error{};
  for (unsigned g = 0; g < 5; ++g) {
    Scenario s;
    s.seed = 77;
    s.population.generation_mix = {0, 0, 0, 0, 0};
    s.population.generation_mix[g] = 1.0;
    for (int b = 0; b < 4; ++b) {
      BrandSpec spec = testing::brand_named("same");
      spec.quality = 7.0;
      spec.initial_share = 0.2;
      spec.initial_awareness = 1.0;
      s.brands.push_back(spec);
    }
    MarketModel model(s, graph);
    const std::uint16_t churn = metric_id(MarketMetric::Churn);
    const std::uint16_t customers = metric_id(MarketMetric::Customers);
    double sum = 0.0, variance = 0.0, starting = model.measure().get(customers);
    for (int week = 1; week <= 156; ++week) {
      model.step();
      const MetricsFrame frame = model.measure();
      if (week > 52) {
        sum += frame.get(churn);
        variance += frame.get(churn) / starting;
      }
      starting = frame.get(customers);
    }
    const double weekly = sum / 104.0;
    annual[g] = annualised_churn(weekly);
    standard_error[g] = 52.0 * std::pow(1.0 - weekly, 51) * std::sqrt(variance) / 104.0;
  }
  EXPECT_LE(annual[0], 0.06) << "Customer 1.0";
  auto churns_more = [&](unsigned more, unsigned less) -> ::testing::AssertionResult {
    const double se = std::hypot(standard_error[more], standard_error[less]);
    if (annual[more] - annual[less] > 4.0 * se) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << more + 1 << ".0 churns " << annual[more] << ", " << less + 1 << ".0 " << annual[less]
           << ": not 4 s.e. (" << se << ") apart";
  };
  for (unsigned g = 1; g < 5; ++g) {
    EXPECT_TRUE(churns_more(g, 0));
    if (g != 2) {
      EXPECT_TRUE(churns_more(2, g));
    }
  }
  RecordProperty("annual_churn_1_to_5",
                 std::to_string(annual[0]) + " " + std::to_string(annual[1]) + " " +
                     std::to_string(annual[2]) + " " + std::to_string(annual[3]) + " " +
                     std::to_string(annual[4]));
  std::printf(
      "annual churn by generation: %.4f %.4f %.4f %.4f %.4f (s.e. %.4f %.4f %.4f %.4f "
      "%.4f)\n",
      annual[0], annual[1], annual[2], annual[3], annual[4], standard_error[0], standard_error[1],
      standard_error[2], standard_error[3], standard_error[4]);
}

/// V9's market: a homogeneous population of one generation, four identical brands (Q = 7,
/// the same price and budget), 10,000 customers on a rewired ring; `change` edits brand 0.
/// Returns brand 0's mean share over weeks 27–52, and its data-sharing rate at week 52.
struct BrandZero {
  double share = 0.0;
  double data_sharing = 0.0;
};
template <class Change>
BrandZero brand_zero_in(unsigned generation, Change change, Seed seed) {
  Scenario s;
  s.seed = seed;
  s.population.generation_mix = {0, 0, 0, 0, 0};
  s.population.generation_mix[generation] = 1.0;
  for (int b = 0; b < 4; ++b) {
    BrandSpec spec = testing::brand_named("same");
    spec.quality = 7.0;
    spec.ad_budget = 2.0;
    spec.initial_share = 0.1;
    spec.initial_awareness = 0.3;
    s.brands.push_back(spec);
  }
  change(s.brands[0]);
  static const auto graph = testing::ring_graph(10000, 10, 0.1);
  MarketModel model(s, graph);
  BrandZero out;
  for (int week = 1; week <= 52; ++week) {
    model.step();
    if (week > 26) out.share += model.measure().get(metric_id(MarketMetric::Share), 0) / 26.0;
  }
  out.data_sharing = model.measure().get(metric_id(MarketMetric::DataSharing), 0);
  return out;
}

/// Brand 0's gain from `change` per generation and seed (common random numbers: each seed
/// runs with and without the change): gain[g][r] for seeds 1..Seeds.
/// 10 seeds: with 5, the 2.0-against-1.0 gap in advertising (about 0.002 of share) sits
/// near the edge of significance, and whether it passes depends on the random streams.
constexpr std::size_t kV9Seeds = 10;
template <std::size_t Seeds = kV9Seeds, class Change, class Read>
std::array<std::array<double, Seeds>, 5> gain_by_generation(Change change, Read read) {
  std::array<std::array<double, Seeds>, 5> gain{};
  for (unsigned g = 0; g < 5; ++g)
    for (std::size_t r = 0; r < Seeds; ++r) {
      const Seed seed = static_cast<Seed>(r + 1);
      gain[g][r] = read(brand_zero_in(g, change, seed)) - read(brand_zero_in(
                                                              g, [](BrandSpec&) {}, seed));
    }
  return gain;
}

/// The one-sided 95% quantile of Student's t with `seeds` − 1 degrees of freedom.
double t95(std::size_t seeds) {
  return boost::math::quantile(boost::math::students_t(static_cast<double>(seeds - 1)), 0.95);
}

/// Whether generation `a` gains more than `b`: the mean over seeds of the seed-paired
/// difference exceeds `standard_errors` of its standard errors (the sample s.d. of the
/// differences over sqrt(Seeds)); by default the one-sided 95% quantile of Student's t.
template <std::size_t Seeds>
::testing::AssertionResult gains_more(const std::array<double, Seeds>& a,
                                      const std::array<double, Seeds>& b,
                                      double standard_errors = t95(Seeds)) {
  const double n = static_cast<double>(Seeds);
  double mean = 0.0, squares = 0.0;
  for (std::size_t r = 0; r < Seeds; ++r) mean += (a[r] - b[r]) / n;
  for (std::size_t r = 0; r < Seeds; ++r) squares += (a[r] - b[r] - mean) * (a[r] - b[r] - mean);
  const double se = std::sqrt(squares / (n - 1) / n);
  if (mean > standard_errors * se) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "mean difference " << mean << " is not above "
                                       << standard_errors << " s.e. (" << se << ")";
}

template <std::size_t Seeds>
double mean_of(const std::array<double, Seeds>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(Seeds);
}

TEST(MarketGenerations, DoublingAdvertisingPaysMostAmong2AndLeastAmong3And4) {
  // V9 (docs/model.md §9): doubling one brand's ad budget raises its share most in 2.0 and
  // least in 3.0 and 4.0: each of 3.0 and 4.0 gains less than each of 1.0, 2.0 and 5.0
  // (which of 3.0 and 4.0 gains less is not claimed). Every comparison is a seed-paired
  // difference of mean gains that must exceed 4 of its standard errors: were the two
  // generations alike, Student's t with 39 degrees of freedom passes it with probability
  // 1.4e-4 (3e-5 for a normal z of 4). 40 seeds, because the smallest of these gaps, 5.0
  // against 3.0, is about 0.0016 of share with a paired s.d. of 0.0021 a seed: its mean
  // is 0.75·sqrt(40) ≈ 4.7 standard errors on expectation (3.3 with 20 seeds; measured 4.8).
  constexpr std::size_t kSeeds = 40;
  constexpr double kStandardErrors = 4.0;
  const auto gain = gain_by_generation<kSeeds>([](BrandSpec& b) { b.ad_budget *= 2; },
                                               [](const BrandZero& z) { return z.share; });
  std::printf("mean share gain from doubled ads, 1.0..5.0: %.4f %.4f %.4f %.4f %.4f\n",
              mean_of(gain[0]), mean_of(gain[1]), mean_of(gain[2]), mean_of(gain[3]),
              mean_of(gain[4]));
  for (unsigned g : {0u, 2u, 3u, 4u})
    EXPECT_TRUE(gains_more(gain[1], gain[g], kStandardErrors)) << "2.0 vs " << g + 1 << ".0";
  for (unsigned least : {2u, 3u})
    for (unsigned g : {0u, 1u, 4u})
      EXPECT_TRUE(gains_more(gain[g], gain[least], kStandardErrors))
          << g + 1 << ".0 vs " << least + 1 << ".0";
}

TEST(MarketGenerations, PersonalisationPaysMostAmong5) {
  auto personalise = [](BrandSpec& b) {
    b.personalisation = 1.0;
    b.data_ask = 0.5;
  };
  const auto share = gain_by_generation(personalise, [](const BrandZero& z) { return z.share; });
  const auto sharing =
      gain_by_generation(personalise, [](const BrandZero& z) { return z.data_sharing; });
  std::printf(
      "mean gain from personalisation, 1.0..5.0: share %.4f %.4f %.4f %.4f %.4f; data sharing %.3f "
      "%.3f "
      "%.3f %.3f %.3f\n",
      mean_of(share[0]), mean_of(share[1]), mean_of(share[2]), mean_of(share[3]), mean_of(share[4]),
      mean_of(sharing[0]), mean_of(sharing[1]), mean_of(sharing[2]), mean_of(sharing[3]),
      mean_of(sharing[4]));
  for (unsigned g = 0; g < 4; ++g) {
    EXPECT_TRUE(gains_more(share[4], share[g])) << "share: 5.0 vs " << g + 1 << ".0";
    EXPECT_TRUE(gains_more(sharing[4], sharing[g])) << "data sharing: 5.0 vs " << g + 1 << ".0";
  }
}

}  // namespace
}  // namespace murmur
