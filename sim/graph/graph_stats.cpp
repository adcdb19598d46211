// Graph statistics: degrees, connected components (union–find through Boost.Graph's
// incremental_components, Tarjan 1975) and the mean local clustering coefficient of
// Watts & Strogatz (1998), C = mean over customers of
// triangles(v) / (d(v)(d(v)-1)/2), with 0 for degree < 2 (the convention of SNAP's and
// networkx's average clustering).
//
// Why not the obvious Boost calls: connected_components runs a depth-first search whose
// explicit stack grows to one entry per customer on a long ring lattice (~40 B each), while
// union–find needs 8 B per customer; and boost::clustering_coefficient looks each neighbour
// pair up with edge(), a linear scan of a CSR row, O(d^3) per customer (a 1,000-friend hub
// costs 10^9 steps). Counting triangles by merging sorted rows is O(sum over neighbours of
// d(u) + d(v)); the tests check it against boost::clustering_coefficient on small graphs.

#include <algorithm>
#include <vector>

#include <boost/graph/incremental_components.hpp>
#include <boost/pending/disjoint_sets.hpp>

#include "sim/core/random_stream.hpp"
#include "sim/core/state_hash.hpp"
#include "sim/graph/social_graph.hpp"

namespace murmur {
namespace {

constexpr Seed kClusteringSampleSeed =
    0x636c7573746572ULL;  // "cluster": fixed, so stats are reproducible

/// |N(a) ∩ N(b)| for two sorted rows.
std::uint64_t common_neighbours(std::span<const CustomerIndex> a,
                                std::span<const CustomerIndex> b) {
  std::uint64_t count = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++count;
      ++i;
      ++j;
    }
  }
  return count;
}

}  // namespace

double local_clustering(const SocialGraph& graph, CustomerIndex v) {
  const auto row = graph.neighbours(v);
  const auto d = static_cast<double>(row.size());
  if (row.size() < 2) return 0.0;
  std::uint64_t twice_triangles = 0;  // each triangle at v is seen from both other corners
  for (const CustomerIndex u : row) twice_triangles += common_neighbours(row, graph.neighbours(u));
  return static_cast<double>(twice_triangles) / (d * (d - 1));
}

namespace {

double mean_clustering(const SocialGraph& graph, std::uint32_t sample) {
  const CustomerIndex n = graph.customer_count();
  if (n == 0 || sample == 0) return 0.0;
  double sum = 0;
  if (n <= sample) {
    for (CustomerIndex v = 0; v < n; ++v) sum += local_clustering(graph, v);
    return sum / n;
  }
  for (std::uint32_t i = 0; i < sample; ++i) {  // uniform with replacement, fixed seed
    RandomStream rng(kClusteringSampleSeed, 0, i, Purpose::GraphBuild);
    sum += local_clustering(graph, rng.below(n));
  }
  return sum / sample;
}

struct Components {
  std::uint64_t count = 0;
  std::uint64_t largest = 0;
};

Components connected_components(const SocialGraph& graph) {
  const CsrGraph& g = graph.boost_graph();
  const CustomerIndex n = graph.customer_count();
  std::vector<CustomerIndex> rank(n);
  std::vector<CustomerIndex> parent(n);
  boost::disjoint_sets<CustomerIndex*, CustomerIndex*> sets(rank.data(), parent.data());
  boost::initialize_incremental_components(g, sets);
  boost::incremental_components(g, sets);   // union per arc; both arcs of a friendship agree
  std::vector<CustomerIndex>& size = rank;  // ranks are no longer needed: reuse as sizes
  std::fill(size.begin(), size.end(), 0);
  Components result;
  for (CustomerIndex v = 0; v < n; ++v) {
    const CustomerIndex root = sets.find_set(v);
    if (size[root]++ == 0) ++result.count;
    result.largest = std::max<std::uint64_t>(result.largest, size[root]);
  }
  return result;
}

}  // namespace

std::uint64_t graph_fingerprint(const SocialGraph& graph) {
  StateHasher hasher;
  hasher.add(graph.customer_count());
  hasher.add(graph.is_fully_mixed());
  const auto rows = graph.row_starts();
  const auto columns = graph.neighbour_indices();
  hasher.add_bytes(rows.data(), rows.size_bytes());
  hasher.add_bytes(columns.data(), columns.size_bytes());
  return hasher.value();
}

GraphStats compute_graph_stats(const SocialGraph& graph, std::uint32_t clustering_sample) {
  GraphStats stats;
  stats.customers = graph.customer_count();
  stats.undirected_edges = graph.undirected_edge_count();
  stats.memory_bytes = graph.memory_bytes();
  if (stats.customers == 0) return stats;
  stats.mean_degree =
      static_cast<double>(graph.directed_edge_count()) / static_cast<double>(stats.customers);
  for (CustomerIndex v = 0; v < graph.customer_count(); ++v) {
    const std::uint32_t d = graph.degree(v);
    stats.max_degree = std::max(stats.max_degree, d);
    if (d == 0) ++stats.isolated_customers;
  }
  const Components components = connected_components(graph);
  stats.components = components.count;
  stats.largest_component = components.largest;
  stats.clustering_coefficient = mean_clustering(graph, clustering_sample);
  return stats;
}

}  // namespace murmur
