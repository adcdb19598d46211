#pragma once
// Internal: turns a replayable stream of undirected edges into the symmetric, sorted,
// duplicate-free CSR that SocialGraph holds. Used by the generators and the edge-list reader.
//
// Two passes over the same edge stream (counter-based random numbers make a generator's
// stream replayable for free): the first counts each customer's degree, the second scatters
// both arcs of each edge straight into the column array. Memory, with A adjacency entries
// before de-duplication, A' after, and n customers:
//   pass 1        row starts              4(n+1)
//   pass 2        + column                4A
//   shrink        + exact column copy     4A'   (only when over 1/64 of A were repeats)
// Without the shrink the peak is the finished graph itself, 4(n+1) + 4A (capacity, with at
// most A/64 unused); with it, 4(n+1) + 4A + 4A' against a finished 4(n+1) + 4A': below twice
// whenever A - A' <= n + 1. The generators make a handful of repeats at most and the
// edge-list reader removes them before calling, so neither case comes near. Boost's in-place
// constructor (construct_inplace_from_sources_and_targets) would hold sources and targets (8A) plus
// a copy of the row starts (4n) at once: exactly twice the finished size with no duplicates, over
// it with any, so we fill the same CSR arrays (public in Boost 1.74) directly.
//
// The row-start array doubles as the insert cursors (the usual CSR-building trick): after
// counting degree(u) into rowstart[u + 2] and prefix-summing, rowstart[u + 1] is the start of
// row u; inserting at rowstart[u + 1]++ leaves it at the end of row u = start of row u + 1.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/parallel.hpp"
#include "sim/graph/social_graph.hpp"

namespace murmur::detail {

/// Unused column capacity kept after de-duplication: at most 1/64 of the entries.
inline constexpr std::size_t kMaxSlackFraction = 64;

/// Most adjacency entries a 32-bit CSR edge index can address.
inline constexpr std::uint64_t kMaxAdjacencyEntries = std::numeric_limits<std::uint32_t>::max();

/// An InputIssue with the given fields (GCC 12 warns about designated initialisers that
/// leave members out).
[[nodiscard]] inline InputIssue make_issue(std::string key_path, std::string message,
                                           std::string file = {}, int line = 0, int column = 0) {
  InputIssue issue;
  issue.file = std::move(file);
  issue.line = line;
  issue.column = column;
  issue.key_path = std::move(key_path);
  issue.message = std::move(message);
  return issue;
}

/// Sorts each row and removes repeated neighbours, compacting the column array in place.
inline void sort_and_deduplicate_rows(std::vector<std::uint32_t>& rowstart,
                                      std::vector<std::uint32_t>& column) {
  const auto customers = static_cast<CustomerIndex>(rowstart.size() - 1);
  // Rows are independent, so sorting them in parallel gives the same bytes on any thread count.
  for_each_block(customers, [&](BlockRange block) {
    for (CustomerIndex u = block.begin; u < block.end; ++u)
      std::sort(column.begin() + rowstart[u], column.begin() + rowstart[u + 1]);
  });
  std::uint32_t write = 0;
  std::uint32_t begin = 0;
  for (CustomerIndex u = 0; u < customers; ++u) {
    const std::uint32_t end = rowstart[u + 1];
    rowstart[u] = write;  // write <= begin, so the copy below never overtakes its source
    for (std::uint32_t i = begin; i < end; ++i)
      if (i == begin || column[i] != column[i - 1]) column[write++] = column[i];
    begin = end;
  }
  rowstart[customers] = write;
  column.resize(write);
  // A handful of repeats (a rewired small-world edge landing on a friend: ~k^2 beta / 2 of
  // them whatever n) leave a few bytes of capacity; copying the whole column to return them
  // would double the peak. Only a material slack is worth a copy.
  if (column.capacity() - column.size() > column.size() / kMaxSlackFraction) column.shrink_to_fit();
}

/// Builds the CSR of an undirected graph. `for_each_edge(emit)` must call emit(u, v) for
/// every edge, u, v < customers, the same multiset on each call; self loops are skipped.
template <class ForEachEdge>
[[nodiscard]] CsrGraph build_symmetric_csr(CustomerIndex customers, ForEachEdge&& for_each_edge) {
  std::vector<std::uint32_t> rowstart(static_cast<std::size_t>(customers) + 1, 0);
  std::uint64_t entries = 0;
  for_each_edge([&](CustomerIndex u, CustomerIndex v) {
    if (u == v) return;
    // Counts wrap only when entries exceeds 2^32 - 1, which is refused below.
    if (u + std::uint64_t{2} <= customers) ++rowstart[u + 2];
    if (v + std::uint64_t{2} <= customers) ++rowstart[v + 2];
    entries += 2;
  });
  if (entries > kMaxAdjacencyEntries)
    throw InputError(
        make_issue("population.graph",
                   fmt::format("the graph has {} adjacency entries (2 per friendship); at most "
                               "{} fit the 32-bit CSR edge index: lower the degree or customers",
                               entries, kMaxAdjacencyEntries)));
  for (std::size_t i = 1; i < rowstart.size(); ++i) rowstart[i] += rowstart[i - 1];

  std::vector<std::uint32_t> column(static_cast<std::size_t>(entries));
  for_each_edge([&](CustomerIndex u, CustomerIndex v) {
    if (u == v) return;
    column[rowstart[u + 1]++] = v;
    column[rowstart[v + 1]++] = u;
  });
  if (rowstart[customers] != entries)
    throw std::logic_error("build_symmetric_csr: the edge stream changed between passes");

  sort_and_deduplicate_rows(rowstart, column);
  CsrGraph graph;  // no vertex or edge properties: the two arrays are the whole graph
  graph.m_forward.m_rowstart.swap(rowstart);
  graph.m_forward.m_column.swap(column);
  return graph;
}

}  // namespace murmur::detail
