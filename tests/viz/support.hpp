#pragma once
// Small scenes shared by the dashboard tests: a Bass market and a two-brand market on a small
// world.

#include "viz/session/runner.hpp"

namespace murmur::test {

inline Scenario small_bass(std::uint64_t customers = 3000, Seed seed = 7) {
  Scenario scenario;
  scenario.name = "small_bass";
  scenario.model = ModelKind::Bass;
  scenario.seed = seed;
  scenario.steps = 40;
  scenario.population.customers = customers;
  scenario.population.graph.kind = GraphKind::SmallWorld;
  scenario.population.graph.mean_degree = 10;
  scenario.population.graph.rewiring = 0.1;
  scenario.bass.innovation_per_year = 0.3;  // fast enough that 40 weeks show a curve
  scenario.bass.imitation_per_year = 3.0;
  InterventionSpec boost;
  boost.name = "word of mouth boost";
  boost.kind = InterventionKind::SetLever;
  boost.brands = {"product"};
  boost.lever = "imitation_per_year";
  boost.value = 6.0;
  scenario.interventions.push_back(boost);
  return scenario;
}

/// Two brands of the market model with a scheduled scandal (weeks 3–5) for the Challenger.
inline Scenario small_market(std::uint64_t customers = 3000, Seed seed = 7) {
  Scenario scenario;
  scenario.name = "small_market";
  scenario.seed = seed;
  scenario.steps = 40;
  scenario.population.customers = customers;
  scenario.population.graph.kind = GraphKind::SmallWorld;
  scenario.population.graph.mean_degree = 10;
  BrandSpec leader;
  leader.name = "Leader";
  leader.ad_budget = 4;
  leader.initial_share = 0.3;
  leader.initial_awareness = 0.6;
  BrandSpec challenger;
  challenger.name = "Challenger";
  challenger.quality = 8;
  challenger.initial_share = 0.1;
  challenger.initial_awareness = 0.2;
  scenario.brands = {leader, challenger};
  InterventionSpec scandal;
  scandal.name = "scheduled scandal";
  scandal.trigger.at_step = 3;
  scandal.kind = InterventionKind::Scandal;
  scandal.brands = {"Challenger"};
  scandal.value = 2.0;
  scandal.weeks = 3;
  scenario.interventions.push_back(scandal);
  return scenario;
}

inline SessionConfig test_config() {
  SessionConfig config;
  config.network_nodes = 300;
  config.layout_iterations = 20;
  config.layout_in_background = false;
  return config;
}

}  // namespace murmur::test
