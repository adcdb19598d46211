#pragma once
// Who gets seeded: the customers a brand hands its product to at entry, or recruits as
// ambassadors. Three strategies from the seeding literature:
//  - random: a uniform sample (the baseline of Hinz, Skiera, Barrot & Becker 2011);
//  - highest degree: the hubs (Goldenberg, Han, Lehmann & Hong 2009, "The role of hubs");
//  - bridges: brokers between otherwise unconnected groups, ranked by Burt's (1992)
//    effective size d − c·(d − 1), with c the local clustering: the number of a customer's
//    friends who do not know each other (non-redundant contacts);
//  - neighbourhood: one local cluster, a customer of highest degree (the lowest index among
//    ties) and its friends, their friends, … in breadth-first order: a launch in one town,
//    the seeding of complex-contagion experiments (Centola & Macy 2007).

#include <cstdint>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/graph/social_graph.hpp"

namespace murmur {

/// Exactly `count` customers (fewer if the population is smaller), ranked by the strategy,
/// ties broken by customer index; returned in increasing index order. Random ranks by a
/// counter-based draw keyed by `draw_seed` (derive one per use); on a fully mixed population, where
/// every customer has the same friends, the two network strategies fall back to random.
/// Deterministic and independent of the thread count.
[[nodiscard]] std::vector<CustomerIndex> select_customers(const SocialGraph& graph,
                                                          SeedingStrategy strategy,
                                                          std::uint64_t count, Seed draw_seed);

/// The score a ranking strategy (random, highest degree, bridges) ranks by, higher first;
/// exposed for tests. Neighbourhood is an order, not a score: 0.
[[nodiscard]] double seeding_score(const SocialGraph& graph, SeedingStrategy strategy,
                                   CustomerIndex customer, Seed draw_seed);

}  // namespace murmur
