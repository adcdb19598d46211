// Social-graph generators: Watts–Strogatz small world (Watts & Strogatz 1998), Erdős–Rényi
// G(n, p) and the stochastic block model with geometric skipping (Batagelj & Brandes 2005,
// "Efficient generation of large random networks", algorithm G(n,p)), and Barabási–Albert
// preferential attachment (Barabási & Albert 1999) by uniform picks from the endpoint list
// (Batagelj & Brandes 2005, algorithm "preferential attachment").
//
// Boost's small_world_iterator and sorted_erdos_renyi_iterator are not used: they draw through
// Boost.Random distributions from one sequential generator, which ties the graph to Boost's
// distribution code and forbids replaying a single row. Every generator here draws from
// RandomStream(seed, kind, customer, GraphBuild), so row u's edges are a pure function of
// (spec, n, seed, u): the same on every platform, and replayable, which lets
// detail::build_symmetric_csr count first and fill second without storing an edge list.
// (Geometric skips use std::log; glibc's is accurate to < 1 ulp, and a different libm could
// change a skip only when log(U)/log(1-p) lands within an ulp of an integer.)

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/scenario_schema.hpp"
#include "sim/graph/graph_builder.hpp"
#include "sim/graph/social_graph.hpp"

namespace murmur {
namespace {

constexpr std::uint64_t kMaxGraphCustomers = std::numeric_limits<CustomerIndex>::max();

RandomStream graph_stream(Seed seed, GraphKind kind, CustomerIndex customer) {
  // The kind goes in the step slot so that two generators never share a stream.
  return RandomStream(seed, static_cast<Step>(kind), customer, Purpose::GraphBuild);
}

// ---- validation: graph_spec_issues (below) names every problem before anything is built ----

class SpecChecker {
 public:
  void require(bool ok, std::string key_path, std::string message) {
    if (!ok) issues_.push_back(detail::make_issue(std::move(key_path), std::move(message)));
  }
  [[nodiscard]] bool empty() const { return issues_.empty(); }
  [[nodiscard]] std::vector<InputIssue> take() { return std::move(issues_); }

 private:
  std::vector<InputIssue> issues_;
};

bool is_even_integer(double x) {
  return std::isfinite(x) && x == std::floor(x) && std::fmod(x, 2.0) == 0.0;
}

/// Group g of the block model is [group_start(g), group_start(g + 1)): equal sizes +-1.
CustomerIndex group_start(std::uint64_t group, std::uint64_t groups, std::uint64_t customers) {
  return static_cast<CustomerIndex>(group * customers / groups);
}

void check_communities(const GraphSpec& spec, std::uint64_t n, SpecChecker& check) {
  const std::uint64_t groups = spec.communities;
  check.require(
      groups >= 1 && groups <= n, "population.graph.communities",
      fmt::format("expected between 1 and customers = {} communities, got {}", n, groups));
  if (groups < 1 || groups > n) return;
  const std::uint64_t smallest = n / groups;
  const std::uint64_t largest = (n + groups - 1) / groups;
  check.require(spec.within_degree >= 0 && spec.within_degree <= static_cast<double>(smallest - 1),
                "population.graph.within_degree",
                fmt::format("expected 0 <= within_degree <= community size - 1 = {}, got {}",
                            smallest - 1, spec.within_degree));
  check.require(
      spec.between_degree >= 0 && spec.between_degree <= static_cast<double>(n - largest),
      "population.graph.between_degree",
      fmt::format("expected 0 <= between_degree <= customers outside a community = {}, got {}",
                  n - largest, spec.between_degree));
}

/// Adjacency entries (2 per friendship) the generator makes: exact for the lattice and
/// preferential attachment, expected for the random kinds.
double adjacency_entries(const GraphSpec& spec, std::uint64_t n) {
  const auto customers = static_cast<double>(n);
  switch (spec.kind) {
    case GraphKind::SmallWorld:
    case GraphKind::ErdosRenyi:
      return customers * spec.mean_degree;
    case GraphKind::ScaleFree: {
      const double m = std::floor(spec.mean_degree / 2);
      return std::max(0.0, m * (m + 1) + 2 * (customers - m - 1) * m);
    }
    case GraphKind::Communities:
      return customers * (spec.within_degree + spec.between_degree);
    case GraphKind::FullyMixed:
    case GraphKind::EdgeList:
      break;
  }
  return 0.0;
}

void check_degree(const GraphSpec& spec, std::uint64_t n, SpecChecker& check) {
  const auto max_degree = static_cast<double>(n - 1);
  const double degree = spec.mean_degree;
  switch (spec.kind) {
    case GraphKind::SmallWorld:
      check.require(
          is_even_integer(degree) && degree >= 2 && degree <= max_degree,
          "population.graph.mean_degree",
          fmt::format(
              "small_world needs an even integer k with 2 <= k <= customers - 1 = {}, got {}",
              n - 1, degree));
      check.require(spec.rewiring >= 0 && spec.rewiring <= 1, "population.graph.rewiring",
                    fmt::format("expected a probability between 0 and 1, got {}", spec.rewiring));
      break;
    case GraphKind::ErdosRenyi:
      check.require(degree >= 0 && degree <= max_degree, "population.graph.mean_degree",
                    fmt::format("erdos_renyi needs 0 <= mean_degree <= customers - 1 = {}, got {}",
                                n - 1, degree));
      break;
    case GraphKind::ScaleFree:
      check.require(is_even_integer(degree) && degree >= 2 && degree / 2 < static_cast<double>(n),
                    "population.graph.mean_degree",
                    fmt::format("scale_free needs an even integer mean_degree (mean_degree / 2 "
                                "links per newcomer) with "
                                "2 <= mean_degree and mean_degree / 2 < customers = {}, got {}",
                                n, degree));
      break;
    case GraphKind::Communities:
      check_communities(spec, n, check);
      break;
    case GraphKind::FullyMixed:
    case GraphKind::EdgeList:
      break;
  }
}

void throw_if_any(std::vector<InputIssue> issues) {
  if (!issues.empty()) throw InputError(std::move(issues));
}

// ---- generators: each calls emit(u, v) once per (possibly repeated) edge --------------------

/// Emits (u, v) for each v in (first, last) kept with probability p, skipping geometrically:
/// the gap to the next kept pair is floor(log U / log(1 - p)) (Batagelj & Brandes 2005).
template <class Emit>
void emit_bernoulli_run(RandomStream& rng, CustomerIndex u, std::uint64_t first, std::uint64_t last,
                        double p, Emit& emit) {
  if (p <= 0 || first >= last) return;
  const double log_q = p >= 1 ? 0.0 : std::log1p(-p);
  for (std::uint64_t v = first;; ++v) {
    if (log_q < 0) {
      const double gap = std::floor(std::log(rng.uniform()) / log_q);
      if (gap >= static_cast<double>(last - v)) return;  // also catches huge gaps before the cast
      v += static_cast<std::uint64_t>(gap);
    }
    if (v >= last) return;
    emit(u, static_cast<CustomerIndex>(v));
  }
}

// Ring lattice: u links to u+1..u+k/2 (mod n); each such edge is rewired with probability
// `rewiring` to a uniform customer other than u. Repeats this creates are dropped later.
template <class Emit>
void small_world_edges(const GraphSpec& spec, CustomerIndex n, Seed seed, Emit& emit) {
  const auto half_k = static_cast<CustomerIndex>(spec.mean_degree / 2);
  for (CustomerIndex u = 0; u < n; ++u) {
    RandomStream rng = graph_stream(seed, GraphKind::SmallWorld, u);
    for (CustomerIndex j = 1; j <= half_k; ++j) {
      if (spec.rewiring > 0 && rng.bernoulli(spec.rewiring)) {
        const CustomerIndex w = rng.below(n - 1);
        emit(u, w >= u ? w + 1 : w);  // uniform over the n - 1 others: never a self loop
      } else {
        emit(u, static_cast<CustomerIndex>((std::uint64_t{u} + j) % n));
      }
    }
  }
}

template <class Emit>
void erdos_renyi_edges(const GraphSpec& spec, CustomerIndex n, Seed seed, Emit& emit) {
  const double p = n > 1 ? spec.mean_degree / static_cast<double>(n - 1) : 0.0;
  for (CustomerIndex u = 0; u < n; ++u) {
    RandomStream rng = graph_stream(seed, GraphKind::ErdosRenyi, u);
    emit_bernoulli_run(rng, u, std::uint64_t{u} + 1, n, p, emit);
  }
}

// Block model: within the own group each later pair with p_in = within / (size - 1); across
// groups p_out = between / (n - n / groups), one probability for every pair of groups so that
// the model stays symmetric (exact expected degrees when groups divides n).
template <class Emit>
void community_edges(const GraphSpec& spec, CustomerIndex n, Seed seed, Emit& emit) {
  const std::uint64_t groups = spec.communities;
  const double outside =
      static_cast<double>(n) - static_cast<double>(n) / static_cast<double>(groups);
  const double p_out = outside > 0 ? spec.between_degree / outside : 0.0;
  for (std::uint64_t g = 0; g < groups; ++g) {
    const CustomerIndex begin = group_start(g, groups, n);
    const CustomerIndex end = group_start(g + 1, groups, n);
    const double p_in =
        end - begin > 1 ? spec.within_degree / static_cast<double>(end - begin - 1) : 0.0;
    for (CustomerIndex u = begin; u < end; ++u) {
      RandomStream rng = graph_stream(seed, GraphKind::Communities, u);
      emit_bernoulli_run(rng, u, std::uint64_t{u} + 1, end, p_in, emit);
      emit_bernoulli_run(rng, u, end, n, p_out, emit);  // later groups only: each pair once
    }
  }
}

// Barabási–Albert: a clique on the first m + 1 customers, then each newcomer links to m
// distinct earlier customers, each picked as a uniform entry of the endpoint list so far
// (probability proportional to degree). Edges are stored as that list: 2 x 4 B per edge.
std::vector<CustomerIndex> scale_free_endpoints(const GraphSpec& spec, CustomerIndex n, Seed seed) {
  const auto m = static_cast<CustomerIndex>(spec.mean_degree / 2);
  // Within the 32-bit CSR limit: graph_spec_issues() refused more.
  const std::uint64_t edges = std::uint64_t{m} * (m + 1) / 2 + (std::uint64_t{n} - m - 1) * m;
  std::vector<CustomerIndex> ends;
  ends.reserve(static_cast<std::size_t>(2 * edges));  // exact: no growth, no slack
  for (CustomerIndex u = 0; u <= m; ++u)
    for (CustomerIndex v = u + 1; v <= m; ++v) ends.insert(ends.end(), {u, v});
  std::vector<CustomerIndex> chosen(m);
  for (CustomerIndex newcomer = m + 1; newcomer < n; ++newcomer) {
    RandomStream rng = graph_stream(seed, GraphKind::ScaleFree, newcomer);
    const auto pool = static_cast<std::uint32_t>(ends.size());  // earlier edges only
    for (CustomerIndex i = 0; i < m; ++i) {
      CustomerIndex target;
      do {
        target = ends[rng.below(pool)];
      } while (std::find(chosen.begin(), chosen.begin() + i, target) != chosen.begin() + i);
      chosen[i] = target;
    }
    for (const CustomerIndex target : chosen) ends.insert(ends.end(), {newcomer, target});
  }
  return ends;
}

template <class Generate>
SocialGraph build_with(CustomerIndex n, Generate generate) {
  return SocialGraph(detail::build_symmetric_csr(n, [&](auto&& emit) { generate(emit); }));
}

std::filesystem::path resolve_edge_list(const GraphSpec& spec,
                                        const std::filesystem::path& scenario_dir) {
  const std::filesystem::path path(spec.edge_list_path);
  return path.is_absolute() ? path : scenario_dir / path;
}

}  // namespace

SocialGraph build_social_graph(const GraphSpec& spec, std::uint64_t customers, Seed seed,
                               const std::filesystem::path& scenario_dir) {
  throw_if_any(graph_spec_issues(spec, customers));
  if (spec.kind == GraphKind::EdgeList)
    return read_edge_list(resolve_edge_list(spec, scenario_dir));
  const auto n = static_cast<CustomerIndex>(customers);
  switch (spec.kind) {
    case GraphKind::SmallWorld:
      return build_with(n, [&](auto& emit) { small_world_edges(spec, n, seed, emit); });
    case GraphKind::ErdosRenyi:
      return build_with(n, [&](auto& emit) { erdos_renyi_edges(spec, n, seed, emit); });
    case GraphKind::Communities:
      return build_with(n, [&](auto& emit) { community_edges(spec, n, seed, emit); });
    case GraphKind::ScaleFree: {
      const std::vector<CustomerIndex> ends = scale_free_endpoints(spec, n, seed);
      return build_with(n, [&](auto& emit) {
        for (std::size_t i = 0; i < ends.size(); i += 2) emit(ends[i], ends[i + 1]);
      });
    }
    case GraphKind::FullyMixed:
      return SocialGraph::fully_mixed(n);
    case GraphKind::EdgeList:
      break;
  }
  throw std::logic_error("build_social_graph: unknown graph kind");
}

std::vector<InputIssue> graph_spec_issues(const GraphSpec& spec, std::uint64_t customers) {
  SpecChecker check;
  if (spec.kind == GraphKind::EdgeList) {  // the file decides the number of customers
    check.require(!spec.edge_list_path.empty(), "population.graph.edge_list",
                  "edge_list needs the path of an edge-list file");
    return check.take();
  }
  check.require(customers >= 1 && customers <= kMaxGraphCustomers, "population.customers",
                fmt::format("expected between 1 and {} customers (32-bit indices), got {}",
                            kMaxGraphCustomers, customers));
  if (!check.empty()) return check.take();  // the rest divides by n
  check_degree(spec, customers, check);
  if (!check.empty()) return check.take();
  const double entries = adjacency_entries(spec, customers);
  check.require(entries <= static_cast<double>(detail::kMaxAdjacencyEntries),
                "population.graph.mean_degree",
                fmt::format("{} would need about {:.0f} adjacency entries (2 per friendship); at "
                            "most {} fit the 32-bit CSR edge index: lower the degree or customers",
                            to_string(spec.kind), entries, detail::kMaxAdjacencyEntries));
  return check.take();
}

double estimate_adjacency_entries(const GraphSpec& spec, std::uint64_t customers) {
  if (spec.kind != GraphKind::EdgeList) return adjacency_entries(spec, customers);
  // Unknown until read. Upper bound from the file size: a line holds at least "a b\n"
  // (4 bytes) and gives 2 entries.
  std::error_code error;
  const auto file_bytes = std::filesystem::file_size(spec.edge_list_path, error);
  return error ? 0.0 : 2 * static_cast<double>(file_bytes) / 4;
}

std::size_t estimate_graph_bytes(const GraphSpec& spec, std::uint64_t customers) {
  // 4 B per adjacency entry (2 per friendship) + 4 B per row start; expected values.
  const double entries = estimate_adjacency_entries(spec, customers);
  if (spec.kind == GraphKind::EdgeList) {
    // Ids cost 4 + 8 B per customer while the file is read, at most 2 customers per line
    // (one per entry).
    return static_cast<std::size_t>(entries * (4 + 12) + 4);
  }
  return static_cast<std::size_t>(4 * entries + 4 * (static_cast<double>(customers) + 1));
}

}  // namespace murmur
