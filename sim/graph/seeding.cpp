// Seeding strategies (sim/graph/seeding.hpp): score every customer in parallel, then keep the
// `count` best with a partial sort whose tie-break (customer index) makes the choice unique.

#include "sim/graph/seeding.hpp"

#include <algorithm>
#include <numeric>

#include "sim/core/parallel.hpp"
#include "sim/core/random_stream.hpp"

namespace murmur {

double seeding_score(const SocialGraph& graph, SeedingStrategy strategy, CustomerIndex customer,
                     Seed draw_seed) {
  if (graph.is_fully_mixed()) strategy = SeedingStrategy::Random;
  switch (strategy) {
    case SeedingStrategy::HighestDegree:
      return graph.degree(customer);
    case SeedingStrategy::Bridges: {
      const double degree = graph.degree(customer);
      if (degree < 2.0) return degree;
      return degree - local_clustering(graph, customer) * (degree - 1.0);
    }
    case SeedingStrategy::Neighbourhood:
      return 0.0;
    case SeedingStrategy::Random:
      break;
  }
  return RandomStream(draw_seed, 0, customer, Purpose::Intervention).uniform();
}

namespace {

/// Breadth-first from the first customer of highest degree; unreached components follow in
/// index order (a graph in pieces still yields `count` customers).
std::vector<CustomerIndex> neighbourhood_of_the_first_hub(const SocialGraph& graph,
                                                          std::size_t count) {
  const CustomerIndex n = graph.customer_count();
  CustomerIndex start = 0;
  for (CustomerIndex i = 1; i < n; ++i)
    if (graph.degree(i) > graph.degree(start)) start = i;
  std::vector<bool> reached(n, false);
  std::vector<CustomerIndex> order;
  order.reserve(count);
  for (CustomerIndex root = start, next_root = 0; order.size() < count;) {
    reached[root] = true;
    std::size_t head = order.size();
    order.push_back(root);
    for (; head < order.size() && order.size() < count; ++head)
      for (CustomerIndex friend_ : graph.neighbours(order[head]))
        if (!reached[friend_] && order.size() < count) {
          reached[friend_] = true;
          order.push_back(friend_);
        }
    while (next_root < n && reached[next_root]) ++next_root;
    if (next_root == n) break;
    root = next_root;
  }
  std::sort(order.begin(), order.end());
  return order;
}

}  // namespace

std::vector<CustomerIndex> select_customers(const SocialGraph& graph, SeedingStrategy strategy,
                                            std::uint64_t count, Seed draw_seed) {
  const CustomerIndex n = graph.customer_count();
  const auto chosen_count = static_cast<std::size_t>(std::min<std::uint64_t>(count, n));
  if (chosen_count == 0) return {};
  if (strategy == SeedingStrategy::Neighbourhood && !graph.is_fully_mixed())
    return neighbourhood_of_the_first_hub(graph, chosen_count);
  std::vector<double> score(n);
  for_each_block(n, [&](BlockRange r) {
    for (CustomerIndex i = r.begin; i < r.end; ++i)
      score[i] = seeding_score(graph, strategy, i, draw_seed);
  });
  std::vector<CustomerIndex> order(n);
  std::iota(order.begin(), order.end(), CustomerIndex{0});
  const auto better = [&](CustomerIndex a, CustomerIndex b) {
    return score[a] != score[b] ? score[a] > score[b] : a < b;
  };
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(chosen_count - 1),
                   order.end(), better);
  order.resize(chosen_count);
  std::sort(order.begin(), order.end());
  return order;
}

}  // namespace murmur
