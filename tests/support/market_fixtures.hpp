#pragma once
// Small graphs and scenarios for the market tests and benchmarks, built here because the
// graph generators live in another module: a ring lattice (optionally rewired, Watts &
// Strogatz 1998) and a complete graph, as symmetric CSR with sorted, deduplicated rows.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "sim/core/random_stream.hpp"
#include "sim/core/scenario.hpp"
#include "sim/graph/social_graph.hpp"

namespace murmur::testing {

/// Symmetric CSR from undirected pairs: both arcs, sorted rows, no self loops or duplicates.
inline std::shared_ptr<const SocialGraph> graph_from_pairs(
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs, std::uint32_t n) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  arcs.reserve(pairs.size() * 2);
  for (auto [a, b] : pairs) {
    if (a == b) continue;
    arcs.emplace_back(a, b);
    arcs.emplace_back(b, a);
  }
  std::sort(arcs.begin(), arcs.end());
  arcs.erase(std::unique(arcs.begin(), arcs.end()), arcs.end());
  return std::make_shared<const SocialGraph>(
      CsrGraph(boost::edges_are_sorted, arcs.begin(), arcs.end(), n));
}

/// Ring lattice with k neighbours (k even), each lattice edge rewired to a uniform random
/// endpoint with probability `rewiring` (seeded, deterministic).
inline std::shared_ptr<const SocialGraph> ring_graph(std::uint32_t n, std::uint32_t k,
                                                     double rewiring = 0.0, Seed seed = 7) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  pairs.reserve(static_cast<std::size_t>(n) * k / 2);
  for (std::uint32_t i = 0; i < n; ++i) {
    RandomStream rng(seed, 0, i, Purpose::GraphBuild);
    for (std::uint32_t j = 1; j <= k / 2; ++j) {
      std::uint32_t target = (i + j) % n;
      if (rewiring > 0.0 && rng.uniform() < rewiring) target = rng.below(n);
      pairs.emplace_back(i, target);
    }
  }
  return graph_from_pairs(std::move(pairs), n);
}

inline std::shared_ptr<const SocialGraph> complete_graph(std::uint32_t n) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t j = i + 1; j < n; ++j) pairs.emplace_back(i, j);
  return graph_from_pairs(std::move(pairs), n);
}

inline std::shared_ptr<const SocialGraph> fully_mixed_graph(std::uint32_t n) {
  return std::make_shared<const SocialGraph>(SocialGraph::fully_mixed(n));
}

/// A brand with the defaults of BrandSpec and a name.
inline BrandSpec brand_named(const char* name) {
  BrandSpec b;
  b.name = name;
  return b;
}

/// Five brands exercising every lever (ads, referral, personalisation, local presence,
/// surprises, a late entrant), default generation mix: the determinism and bench scene.
inline Scenario five_brand_scenario(std::uint64_t customers, Seed seed = 11) {
  Scenario s;
  s.seed = seed;
  s.population.customers = customers;
  s.market.cells = 200;
  BrandSpec a = brand_named("adco");
  a.quality = 6.5;
  a.ad_budget = 5.0;
  a.initial_share = 0.2;
  a.initial_awareness = 0.5;
  a.optimism = 1.0;
  BrandSpec b = brand_named("refer");
  b.quality = 8.0;
  b.referral_reward = 0.5;
  b.referral_discount = 0.5;
  b.initial_share = 0.05;
  b.initial_awareness = 0.1;
  BrandSpec c = brand_named("oneone");
  c.quality = 7.0;
  c.personalisation = 0.8;
  c.offer_value = 0.3;
  c.data_ask = 0.5;
  c.data_care = 0.8;
  c.surprise_rate = 0.1;
  c.surprise_size = 2.0;
  c.initial_share = 0.1;
  c.initial_awareness = 0.3;
  c.ad_budget = 1.0;
  BrandSpec d = brand_named("baker");
  d.quality = 7.5;
  d.local_presence = 0.3;
  d.initial_share = 0.1;
  d.price = 1.2;
  BrandSpec e = brand_named("entrant");
  e.quality = 8.5;
  e.entry_step = 5;
  e.seeded_fraction = 0.01;
  e.initial_awareness = 0.05;
  e.referral_reward = 0.2;
  s.brands = {a, b, c, d, e};
  return s;
}

}  // namespace murmur::testing
