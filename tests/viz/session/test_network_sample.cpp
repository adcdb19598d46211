#include <gtest/gtest.h>

#include <set>

#include "viz/session/network_sample.hpp"

namespace murmur {
namespace {

TEST(NetworkSample, IsAConnectedBallWithOnlyRealTies) {
  GraphSpec spec;
  spec.kind = GraphKind::SmallWorld;
  spec.mean_degree = 8;
  const SocialGraph graph = build_social_graph(spec, 20000, 3);
  NetworkSample sample = sample_network(graph, 500, 3);
  ASSERT_EQ(sample.node_count(), 500u);
  EXPECT_EQ(std::set<CustomerIndex>(sample.customers.begin(), sample.customers.end()).size(), 500u);
  EXPECT_GT(sample.edge_count(), 500u);  // a ball keeps most ties among its members
  for (std::size_t e = 0; e < sample.edges.size(); e += 2) {
    const auto row = graph.neighbours(sample.customers[sample.edges[e]]);
    EXPECT_TRUE(std::binary_search(row.begin(), row.end(), sample.customers[sample.edges[e + 1]]));
  }
  layout_network(sample, 30, 3);
  for (std::size_t i = 0; i < sample.node_count(); ++i) {
    EXPECT_GE(sample.x[i], 0.0f);
    EXPECT_LE(sample.x[i], 1.0f);
    EXPECT_GE(sample.y[i], 0.0f);
    EXPECT_LE(sample.y[i], 1.0f);
  }
  NetworkSample again = sample_network(graph, 500, 3);
  layout_network(again, 30, 3);
  EXPECT_EQ(again.customers, sample.customers);
  EXPECT_EQ(again.x, sample.x);  // deterministic
}

TEST(NetworkSample, FullyMixedGraphsGiveASpiralWithoutTies) {
  NetworkSample sample = sample_network(SocialGraph::fully_mixed(1000), 200, 1);
  EXPECT_EQ(sample.node_count(), 200u);
  EXPECT_EQ(sample.edge_count(), 0u);
  layout_network(sample, 10, 1);
  EXPECT_EQ(sample.x.size(), 200u);
}

}  // namespace
}  // namespace murmur
