#pragma once
// The social graph: undirected friendships stored as a Boost.Graph
// compressed_sparse_row_graph with both arcs of each friendship and 32-bit indices.
//
// Bytes: 4 per directed adjacency entry (8 per friendship) + 4 per customer (row start).
// Rows are sorted, free of self loops and duplicates. A fully mixed graph has no edges and
// tells the engine to use population averages instead of neighbours.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "sim/core/error.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/types.hpp"

namespace murmur {

using CsrGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                       boost::no_property, std::uint32_t, std::uint32_t>;

class SocialGraph {
 public:
  SocialGraph() = default;
  /// Takes a CSR graph whose rows are sorted, deduplicated and symmetric.
  explicit SocialGraph(CsrGraph graph, std::vector<std::uint64_t> external_ids = {});
  [[nodiscard]] static SocialGraph fully_mixed(CustomerIndex customers);

  [[nodiscard]] CustomerIndex customer_count() const noexcept { return customer_count_; }
  [[nodiscard]] bool is_fully_mixed() const noexcept { return fully_mixed_; }
  /// Adjacency entries (= 2 x friendships).
  [[nodiscard]] std::uint64_t directed_edge_count() const noexcept;
  [[nodiscard]] std::uint64_t undirected_edge_count() const noexcept {
    return directed_edge_count() / 2;
  }

  /// row_starts()[i]..row_starts()[i+1] index neighbour_indices(); size customers + 1.
  [[nodiscard]] std::span<const std::uint32_t> row_starts() const noexcept;
  [[nodiscard]] std::span<const CustomerIndex> neighbour_indices() const noexcept;
  [[nodiscard]] std::span<const CustomerIndex> neighbours(CustomerIndex customer) const noexcept;
  [[nodiscard]] std::uint32_t degree(CustomerIndex customer) const noexcept;

  /// The id a customer had in the input edge list (= its index for generated graphs).
  [[nodiscard]] std::uint64_t external_id(CustomerIndex customer) const noexcept;

  [[nodiscard]] const CsrGraph& boost_graph() const noexcept { return graph_; }
  /// Heap bytes held by the graph (row starts + columns + external ids).
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

 private:
  CsrGraph graph_;
  std::vector<std::uint64_t> external_ids_;  // empty when ids are 0..n-1
  CustomerIndex customer_count_ = 0;
  bool fully_mixed_ = false;
};

/// Every reason build_social_graph would refuse `spec` for `customers` customers, before
/// anything is allocated (key paths as in a scenario, no file: the scenario loader adds the
/// place, so `validate` and `run` refuse the same scenarios with the same messages).
[[nodiscard]] std::vector<InputIssue> graph_spec_issues(const GraphSpec& spec,
                                                        std::uint64_t customers);

/// Builds the graph a scenario asks for. Deterministic in (spec, customers, seed).
/// `scenario_dir` resolves a relative edge_list_path. Throws InputError on bad input.
[[nodiscard]] SocialGraph build_social_graph(const GraphSpec& spec, std::uint64_t customers,
                                             Seed seed,
                                             const std::filesystem::path& scenario_dir = {});

/// Reads a SNAP-style edge list: '#' comment lines, two whitespace-separated non-negative
/// integer ids per line (arbitrary, non-contiguous, < 2^64), self loops and duplicate edges
/// dropped, each pair made undirected. Ids are renumbered 0..n-1 in increasing id order.
/// Throws InputError naming the file and line of the first bad lines.
[[nodiscard]] SocialGraph read_edge_list(const std::filesystem::path& path);

struct GraphStats {
  std::uint64_t customers = 0;
  std::uint64_t undirected_edges = 0;
  double mean_degree = 0.0;
  std::uint32_t max_degree = 0;
  std::uint32_t isolated_customers = 0;
  std::uint64_t components = 0;
  std::uint64_t largest_component = 0;
  double clustering_coefficient = 0.0;  ///< mean local clustering (Watts–Strogatz definition)
  std::size_t memory_bytes = 0;
};

/// Statistics via Boost.Graph algorithms. Clustering is exact up to `clustering_sample`
/// customers and estimated on a fixed-seed uniform sample of that many beyond it.
[[nodiscard]] GraphStats compute_graph_stats(const SocialGraph& graph,
                                             std::uint32_t clustering_sample = 100000);

/// Local clustering of one customer: the share of its neighbour pairs that are friends
/// (Watts & Strogatz 1998); 0 below degree 2.
[[nodiscard]] double local_clustering(const SocialGraph& graph, CustomerIndex customer);

/// A hash of the graph's structure (size, mixing, every adjacency row): a checkpoint records
/// it so that a resumed run refuses a graph that changed.
[[nodiscard]] std::uint64_t graph_fingerprint(const SocialGraph& graph);

/// Adjacency entries (2 per friendship) a graph of this spec is expected to hold; for an edge
/// list, an upper bound from the file's size.
[[nodiscard]] double estimate_adjacency_entries(const GraphSpec& spec, std::uint64_t customers);

/// Estimated bytes of a built graph (used to refuse scenarios too big for memory).
[[nodiscard]] std::size_t estimate_graph_bytes(const GraphSpec& spec, std::uint64_t customers);

}  // namespace murmur
