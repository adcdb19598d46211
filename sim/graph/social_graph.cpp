// SocialGraph accessors. Generators live in graph_generators.cpp, the edge-list reader in
// edge_list.cpp and statistics in graph_stats.cpp.

#include "sim/graph/social_graph.hpp"

#include <algorithm>
#include <utility>

#include "sim/core/validate.hpp"

namespace murmur {

namespace {

/// Every friendship is stored in both rows, and no one is their own friend: the word-of-mouth
/// loops read a customer's row as "who hears me" and "whom I hear" alike. A search of each
/// neighbour's row, O(Σ degree²), allocating nothing (the graph's peak memory is tested).
[[maybe_unused]] bool is_symmetric_without_loops(const SocialGraph& graph) {
  for (CustomerIndex u = 0; u < graph.customer_count(); ++u) {
    for (const CustomerIndex v : graph.neighbours(u)) {
      const auto back = graph.neighbours(v);
      if (u == v || std::find(back.begin(), back.end(), u) == back.end()) return false;
    }
  }
  return true;
}

}  // namespace

SocialGraph::SocialGraph(CsrGraph graph, std::vector<std::uint64_t> external_ids)
    : graph_(std::move(graph)),
      external_ids_(std::move(external_ids)),
      customer_count_(static_cast<CustomerIndex>(boost::num_vertices(graph_))) {
  MURMUR_ASSERT(is_symmetric_without_loops(*this),
                "a social graph's CSR must hold each friendship in both rows and no self-loop");
}

SocialGraph SocialGraph::fully_mixed(CustomerIndex customers) {
  // An edgeless CSR keeps row_starts() valid (all zero) for code that iterates neighbours.
  SocialGraph graph(CsrGraph(
      boost::edges_are_sorted, static_cast<std::pair<std::uint32_t, std::uint32_t>*>(nullptr),
      static_cast<std::pair<std::uint32_t, std::uint32_t>*>(nullptr), customers));
  graph.fully_mixed_ = true;
  return graph;
}

std::uint64_t SocialGraph::directed_edge_count() const noexcept {
  return graph_.m_forward.m_column.size();
}

std::span<const std::uint32_t> SocialGraph::row_starts() const noexcept {
  return graph_.m_forward.m_rowstart;
}

std::span<const CustomerIndex> SocialGraph::neighbour_indices() const noexcept {
  return graph_.m_forward.m_column;
}

std::span<const CustomerIndex> SocialGraph::neighbours(CustomerIndex customer) const noexcept {
  const auto& starts = graph_.m_forward.m_rowstart;
  return neighbour_indices().subspan(starts[customer], starts[customer + 1] - starts[customer]);
}

std::uint32_t SocialGraph::degree(CustomerIndex customer) const noexcept {
  const auto& starts = graph_.m_forward.m_rowstart;
  return starts[customer + 1] - starts[customer];
}

std::uint64_t SocialGraph::external_id(CustomerIndex customer) const noexcept {
  return external_ids_.empty() ? customer : external_ids_[customer];
}

std::size_t SocialGraph::memory_bytes() const noexcept {
  return graph_.m_forward.m_rowstart.capacity() * sizeof(std::uint32_t) +
         graph_.m_forward.m_column.capacity() * sizeof(CustomerIndex) +
         external_ids_.capacity() * sizeof(std::uint64_t);
}

}  // namespace murmur
