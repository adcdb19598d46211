// Network structure slows simple contagion: docs/model.md §9, V5(a) (Watts & Strogatz 1998;
// Centola 2010). p = 0.003, q = 0.38 per year, N = 10,000, k = 10, 5 seeds per graph.
// The thresholds are V5's; the specification's reference implementation measured t50 ≈ 1004
// (lattice), 858 (rewiring 0.1), 731 (rewiring 1.0) weeks against 659.5 for the Bass curve.

#include <cmath>
#include <cstdio>

#include <gtest/gtest.h>

#include "sim/model/bass_curve.hpp"
#include "sim/model/bass_model.hpp"

namespace murmur {
namespace {

/// Mean over 5 seeds of the first week with half the population adopted.
double mean_weeks_to_half(double rewiring) {
  constexpr int kSeeds = 5;
  double total = 0.0;
  for (Seed seed = 1; seed <= kSeeds; ++seed) {
    GraphSpec spec;
    spec.kind = GraphKind::SmallWorld;
    spec.mean_degree = 10;
    spec.rewiring = rewiring;
    auto graph = std::make_shared<const SocialGraph>(build_social_graph(spec, 10000, seed));
    Scenario scenario;
    scenario.model = ModelKind::Bass;
    scenario.seed = seed;
    scenario.bass.innovation_per_year = 0.003;
    scenario.bass.imitation_per_year = 0.38;
    BassModel model(scenario, graph);
    while (model.adopted_share() < 0.5 && model.current_step() < 5000) model.step();
    total += model.current_step();
  }
  return total / kSeeds;
}

TEST(BassOnNetworks, ClusteringSlowsSimpleContagionAndRandomGraphsApproachBass) {
  const double lattice = mean_weeks_to_half(0.0);
  const double small_world = mean_weeks_to_half(0.1);
  const double random = mean_weeks_to_half(1.0);
  // Bass: F(t) = 0.5 solved from the closed form: t50 = ln(2 + q/p)/(p + q) years.
  const double bass = std::log(2.0 + 0.38 / 0.003) / (0.003 + 0.38) * 52.0;
  EXPECT_NEAR(bass, 659.5, 0.5);
  RecordProperty("t50_lattice", std::to_string(lattice));
  RecordProperty("t50_rewiring_0_1", std::to_string(small_world));
  RecordProperty("t50_rewiring_1_0", std::to_string(random));
  EXPECT_GE(lattice / small_world, 1.10);
  EXPECT_GE(small_world / random, 1.08);
  EXPECT_GE(random / bass, 1.0);
  EXPECT_LE(random / bass, 1.25);
}

// V4: on a complete graph the network code path matches the fully mixed one. N = 1,000
// keeps the edge loop affordable (10^6 adjacency entries); the mean curve over 10 seeds is
// compared with the closed form. V2's per-seed bound 0.015 at N = 100,000 scales with the
// sampling error as 1/sqrt(N·seeds): 0.015·sqrt(100000/(1000·10)) = 0.047.
TEST(BassOnNetworks, CompleteGraphMatchesTheFullyMixedBassCurve) {
  constexpr CustomerIndex kCustomers = 1000;
  constexpr int kSeeds = 10;
  constexpr Step kWeeks = 1040;
  GraphSpec complete;
  complete.kind = GraphKind::ErdosRenyi;
  complete.mean_degree = kCustomers - 1;  // p = 1
  std::vector<double> mean_curve(kWeeks + 1, 0.0);
  for (Seed seed = 1; seed <= kSeeds; ++seed) {
    auto graph =
        std::make_shared<const SocialGraph>(build_social_graph(complete, kCustomers, seed));
    ASSERT_EQ(graph->directed_edge_count(), std::uint64_t{kCustomers} * (kCustomers - 1));
    Scenario scenario;
    scenario.model = ModelKind::Bass;
    scenario.seed = seed;
    BassModel model(scenario, graph);
    mean_curve[0] += model.adopted_share() / kSeeds;
    for (Step w = 1; w <= kWeeks; ++w) {
      model.step();
      mean_curve[w] += model.adopted_share() / kSeeds;
    }
  }
  double sup = 0.0;
  for (Step w = 0; w <= kWeeks; ++w)
    sup = std::max(sup, std::abs(mean_curve[w] - bass_closed_form(0.03, 0.38, w / 52.0)));
  EXPECT_LE(sup, 0.047);
}

}  // namespace
}  // namespace murmur

namespace murmur {
namespace {

/// V5(b) (Centola & Macy 2007): complex contagion needs two adopter friends. 2,000 customers
/// of degree 10, 10 of them (0.5%) seeded in one neighbourhood, no advertising (p = 0),
/// strong word of mouth (q = 520 a year: a customer with m ≥ 2 adopter friends of k adopts
/// with probability 1 − e^{−10·m/k} a week); share adopted after 600 weeks, mean of 5 seeds.
double complex_contagion_reach(double rewiring) {
  constexpr int kSeeds = 5;
  double total = 0.0;
  for (Seed seed = 1; seed <= kSeeds; ++seed) {
    GraphSpec spec;
    spec.kind = GraphKind::SmallWorld;
    spec.mean_degree = 10;
    spec.rewiring = rewiring;
    auto graph = std::make_shared<const SocialGraph>(build_social_graph(spec, 2000, seed));
    Scenario scenario;
    scenario.model = ModelKind::Bass;
    scenario.seed = seed;
    scenario.bass.innovation_per_year = 0.0;
    scenario.bass.imitation_per_year = 520.0;
    scenario.bass.seeded_fraction = 0.005;
    scenario.bass.seeding = SeedingStrategy::Neighbourhood;
    scenario.bass.social_threshold = 2;
    BassModel model(scenario, graph);
    EXPECT_EQ(model.adopter_count(), 10u);
    while (model.current_step() < 600) model.step();
    total += model.adopted_share();
  }
  return total / kSeeds;
}

TEST(BassOnNetworks, ComplexContagionSpreadsOnALatticeButStallsOnARandomGraph) {
  const double lattice = complex_contagion_reach(0.0);
  const double random = complex_contagion_reach(1.0);
  std::printf("complex contagion reach after 600 weeks: lattice %.3f, random %.3f\n", lattice,
              random);
  // Measured: 1.000 and 0.006. The bounds are the statement's words, "most of the ring" and
  // "stalls" (a few adopters beyond the 0.5% seeded), not a fit to those numbers.
  EXPECT_GE(lattice, 0.9);
  EXPECT_LE(random, 0.02);
}

}  // namespace
}  // namespace murmur
