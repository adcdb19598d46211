#pragma once
// A small, connected piece of the social graph for the dashboard's network view: a few
// thousand customers reached by breadth-first search from random starts, the friendships
// among them, and a force-directed layout computed once (off the UI thread). Deterministic in
// (graph, size, seed).

#include <cstdint>
#include <vector>

#include "sim/core/types.hpp"
#include "sim/graph/social_graph.hpp"

namespace murmur {

struct NetworkSample {
  std::vector<CustomerIndex> customers;  ///< sampled customers                  (nodes)
  std::vector<float> x;                  ///< layout position, 0..1              (nodes)
  std::vector<float> y;                  ///< layout position, 0..1              (nodes)
  std::vector<std::uint32_t> edges;      ///< pairs of node indices, a < b       (2 x edges)

  [[nodiscard]] std::size_t node_count() const noexcept { return customers.size(); }
  [[nodiscard]] std::size_t edge_count() const noexcept { return edges.size() / 2; }
};

/// Picks up to `nodes` customers by breadth-first search from seeded random starts and keeps
/// at most `max_edges` friendships among them. Fully mixed graphs give a uniform sample
/// without edges.
[[nodiscard]] NetworkSample sample_network(const SocialGraph& graph, std::uint32_t nodes, Seed seed,
                                           std::uint32_t max_edges = 20000);

/// Fruchterman–Reingold layout in the unit square, `iterations` rounds; each round moves every
/// node from the previous round's positions. Serial on purpose: it runs on a thread of its own
/// beside the simulation and the UI, and must not take the simulation's cores. Edgeless
/// samples go on a sunflower spiral.
void layout_network(NetworkSample& sample, std::uint32_t iterations, Seed seed);

}  // namespace murmur
