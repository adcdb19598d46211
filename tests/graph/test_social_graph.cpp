// Social graph: generators, the SNAP edge-list reader, statistics and the memory budget.
// Statistical tests state seed, sample size and a tolerance of 5 standard errors (a false
// failure then has probability below 1e-6 per check).

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <new>
#include <string>
#include <vector>

#include <boost/graph/clustering_coefficient.hpp>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "sim/core/error.hpp"
#include "sim/graph/graph_builder.hpp"
#include "sim/graph/social_graph.hpp"
#include "support/temp_dir.hpp"

// ---- heap accounting ------------------------------------------------------------------------
// To measure the peak of graph construction exactly, this test binary replaces the global
// operator new/delete with versions that keep a 16-byte header holding the block size and
// track live and peak heap bytes. Every std::vector in the library allocates through them.
// (Aligned new is not replaced: it keeps its default, untracked path, which the graph code
// does not use.)
namespace {
std::atomic<std::size_t> g_live_bytes{0};
std::atomic<std::size_t> g_peak_bytes{0};
constexpr std::size_t kHeader = 16;  // keeps the returned pointer 16-byte aligned

void* tracked_alloc(std::size_t size) {
  void* block = std::malloc(size + kHeader);
  if (block == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(block) = size;
  const std::size_t live = g_live_bytes.fetch_add(size) + size;
  std::size_t peak = g_peak_bytes.load();
  while (live > peak && !g_peak_bytes.compare_exchange_weak(peak, live)) {
  }
  return static_cast<char*>(block) + kHeader;
}

void tracked_free(void* pointer) noexcept {
  if (pointer == nullptr) return;
  void* block = static_cast<char*>(pointer) - kHeader;
  g_live_bytes.fetch_sub(*static_cast<std::size_t*>(block));
  std::free(block);
}
}  // namespace

void* operator new(std::size_t size) { return tracked_alloc(size); }
void* operator new[](std::size_t size) { return tracked_alloc(size); }
void operator delete(void* pointer) noexcept { tracked_free(pointer); }
void operator delete[](void* pointer) noexcept { tracked_free(pointer); }
void operator delete(void* pointer, std::size_t) noexcept { tracked_free(pointer); }
void operator delete[](void* pointer, std::size_t) noexcept { tracked_free(pointer); }
// The nothrow forms too (std::stable_sort's temporary buffer uses them): by default they call
// the forms above, but AddressSanitizer supplies its own, which would skip the header.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return tracked_alloc(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* pointer, const std::nothrow_t&) noexcept { tracked_free(pointer); }
void operator delete[](void* pointer, const std::nothrow_t&) noexcept { tracked_free(pointer); }

namespace murmur {
namespace {

/// Heap bytes allocated at the peak since construction, above what was live at construction.
class PeakHeap {
 public:
  PeakHeap() : base_(g_live_bytes.load()) { g_peak_bytes.store(base_); }
  [[nodiscard]] std::size_t bytes() const { return g_peak_bytes.load() - base_; }

 private:
  std::size_t base_;
};

const std::filesystem::path kTestData = MURMUR_TEST_DATA_DIR;

GraphSpec spec_of(GraphKind kind, double mean_degree) {
  GraphSpec spec;
  spec.kind = kind;
  spec.mean_degree = mean_degree;
  return spec;
}

GraphSpec small_world(double k, double rewiring) {
  GraphSpec spec = spec_of(GraphKind::SmallWorld, k);
  spec.rewiring = rewiring;
  return spec;
}

GraphSpec communities(std::uint32_t groups, double within, double between) {
  GraphSpec spec = spec_of(GraphKind::Communities, 0);
  spec.communities = groups;
  spec.within_degree = within;
  spec.between_degree = between;
  return spec;
}

/// Rows strictly increasing (sorted, no repeats), no self loops, every arc has its reverse.
void expect_valid(const SocialGraph& graph, std::uint64_t customers) {
  ASSERT_EQ(graph.customer_count(), customers);
  const auto starts = graph.row_starts();
  ASSERT_EQ(starts.size(), customers + 1);
  EXPECT_EQ(starts.front(), 0u);
  EXPECT_EQ(starts.back(), graph.directed_edge_count());
  EXPECT_EQ(graph.directed_edge_count() % 2, 0u);
  std::uint64_t bad_rows = 0, self_loops = 0, missing_reverse = 0;
  for (CustomerIndex u = 0; u < graph.customer_count(); ++u) {
    const auto row = graph.neighbours(u);
    if (std::adjacent_find(row.begin(), row.end(), std::greater_equal<>()) != row.end()) ++bad_rows;
    for (const CustomerIndex v : row) {
      if (v == u) ++self_loops;
      const auto back = graph.neighbours(v);
      if (!std::binary_search(back.begin(), back.end(), u)) ++missing_reverse;
    }
  }
  EXPECT_EQ(bad_rows, 0u) << "rows must be sorted without duplicates";
  EXPECT_EQ(self_loops, 0u);
  EXPECT_EQ(missing_reverse, 0u) << "every friendship must be stored as both arcs";
}

bool same_arrays(const SocialGraph& a, const SocialGraph& b) {
  return std::ranges::equal(a.row_starts(), b.row_starts()) &&
         std::ranges::equal(a.neighbour_indices(), b.neighbour_indices());
}

double mean_degree(const SocialGraph& graph) {
  return static_cast<double>(graph.directed_edge_count()) / graph.customer_count();
}

std::size_t exact_csr_bytes(const SocialGraph& graph) {
  return 4 * graph.directed_edge_count() + 4 * (std::size_t{graph.customer_count()} + 1);
}

const std::vector<InputIssue>& issues_of(const std::function<void()>& action) {
  static std::vector<InputIssue> issues;
  issues.clear();
  try {
    action();
  } catch (const InputError& error) {
    issues = error.issues();
  }
  return issues;
}

// ---- small world ------------------------------------------------------------------------------

TEST(SmallWorldGraph, RewiringZeroIsARingLattice) {
  constexpr CustomerIndex n = 1000;
  const SocialGraph graph = build_social_graph(small_world(10, 0.0), n, 7);
  expect_valid(graph, n);
  for (const CustomerIndex u : {0u, 1u, 500u, n - 1}) {
    std::vector<CustomerIndex> expected;
    for (int j = -5; j <= 5; ++j)
      if (j != 0) expected.push_back(static_cast<CustomerIndex>((std::int64_t{u} + n + j) % n));
    std::sort(expected.begin(), expected.end());
    EXPECT_TRUE(std::ranges::equal(graph.neighbours(u), expected)) << "customer " << u;
  }
  // Every customer of a ring lattice has the same local clustering 3(k-2)/(4(k-1)) (Watts &
  // Strogatz 1998; k = 10 gives 2/3); the mean of equal values differs only by rounding.
  const GraphStats stats = compute_graph_stats(graph);
  EXPECT_NEAR(stats.clustering_coefficient, 3.0 * 8 / (4.0 * 9), 1e-12);
  EXPECT_EQ(stats.max_degree, 10u);
  EXPECT_EQ(stats.components, 1u);
}

TEST(SmallWorldGraph, RewiringKeepsDegreeAndLowersClustering) {
  // Seed 11, n = 20,000, k = 10. Rewiring moves edges, it never adds or removes them, except
  // the rare rewired edge that lands on an existing friend (about n k/2 * beta * k/n = 5
  // expected here): the mean degree loses ~5e-4. Clustering of rewired lattices follows
  // C(beta) ~ C(0)(1 - beta)^3 (Barrat & Weigt 2000) = 0.486 for beta = 0.1; the per-customer
  // values have s.d. < 0.2, so the mean of 20,000 has s.e. < 0.0015, plus the formula's own
  // approximation error (a few 0.001): 0.02 is generous but still tells rewiring happened.
  constexpr CustomerIndex n = 20000;
  const SocialGraph graph = build_social_graph(small_world(10, 0.1), n, 11);
  expect_valid(graph, n);
  EXPECT_LE(mean_degree(graph), 10.0);
  EXPECT_GE(mean_degree(graph), 10.0 - 0.01);
  const GraphStats stats = compute_graph_stats(graph);
  EXPECT_NEAR(stats.clustering_coefficient, (2.0 / 3.0) * 0.9 * 0.9 * 0.9, 0.02);
  EXPECT_EQ(stats.components, 1u);
}

TEST(SmallWorldGraph, SameSeedSameArraysOtherSeedOtherArrays) {
  const GraphSpec spec = small_world(6, 0.2);
  const SocialGraph a = build_social_graph(spec, 5000, 3);
  EXPECT_TRUE(same_arrays(a, build_social_graph(spec, 5000, 3)));
  EXPECT_FALSE(same_arrays(a, build_social_graph(spec, 5000, 4)));
}

// ---- Erdős–Rényi ------------------------------------------------------------------------------

TEST(ErdosRenyiGraph, MeanDegreeWithinSamplingError) {
  // Seed 5, n = 20,000, p = 10/(n-1). The edge count is Binomial(n(n-1)/2, p): mean
  // m = 100,000, s.d. ~ sqrt(m) = 316; the mean degree 2m/n has s.d. 0.032; 5 s.d. = 0.16.
  constexpr CustomerIndex n = 20000;
  const SocialGraph graph = build_social_graph(spec_of(GraphKind::ErdosRenyi, 10), n, 5);
  expect_valid(graph, n);
  EXPECT_NEAR(mean_degree(graph), 10.0, 0.16);
  // Degrees are ~Poisson(10): P(isolated) = e^-10 = 4.5e-5, so ~0.9 isolated customers.
  EXPECT_LE(compute_graph_stats(graph).isolated_customers, 8u);
}

TEST(ErdosRenyiGraph, ProbabilityOneGivesTheCompleteGraph) {
  constexpr CustomerIndex n = 60;
  const SocialGraph graph = build_social_graph(spec_of(GraphKind::ErdosRenyi, n - 1), n, 1);
  expect_valid(graph, n);
  for (CustomerIndex u = 0; u < n; ++u) EXPECT_EQ(graph.degree(u), n - 1);
}

TEST(ErdosRenyiGraph, ZeroDegreeGivesNoEdges) {
  const SocialGraph graph = build_social_graph(spec_of(GraphKind::ErdosRenyi, 0), 100, 1);
  expect_valid(graph, 100);
  EXPECT_EQ(graph.directed_edge_count(), 0u);
}

TEST(ErdosRenyiGraph, SameSeedSameArraysOtherSeedOtherArrays) {
  const GraphSpec spec = spec_of(GraphKind::ErdosRenyi, 8);
  const SocialGraph a = build_social_graph(spec, 3000, 9);
  EXPECT_TRUE(same_arrays(a, build_social_graph(spec, 3000, 9)));
  EXPECT_FALSE(same_arrays(a, build_social_graph(spec, 3000, 10)));
}

// ---- Barabási–Albert --------------------------------------------------------------------------

TEST(ScaleFreeGraph, ExactEdgeCountAndHeavyTail) {
  // m = 3 links per newcomer after a 4-clique: 6 + 3(n - 4) friendships exactly. The expected
  // largest degree grows like m sqrt(n) = 424 for n = 20,000, against a mean of 6.
  constexpr CustomerIndex n = 20000;
  const SocialGraph graph = build_social_graph(spec_of(GraphKind::ScaleFree, 6), n, 21);
  expect_valid(graph, n);
  EXPECT_EQ(graph.undirected_edge_count(), 6u + 3u * (n - 4));
  const GraphStats stats = compute_graph_stats(graph);
  EXPECT_GT(stats.max_degree, 15 * stats.mean_degree);
  EXPECT_EQ(stats.components, 1u);  // every newcomer links to earlier customers
  EXPECT_EQ(stats.isolated_customers, 0u);
  for (CustomerIndex u = 4; u < n; u += 997) EXPECT_GE(graph.degree(u), 3u);
}

TEST(ScaleFreeGraph, SameSeedSameArraysOtherSeedOtherArrays) {
  const GraphSpec spec = spec_of(GraphKind::ScaleFree, 4);
  const SocialGraph a = build_social_graph(spec, 3000, 2);
  EXPECT_TRUE(same_arrays(a, build_social_graph(spec, 3000, 2)));
  EXPECT_FALSE(same_arrays(a, build_social_graph(spec, 3000, 3)));
}

// ---- stochastic block model -------------------------------------------------------------------

TEST(CommunityGraph, WithinAndBetweenDegreesSplit) {
  // Seed 8, n = 20,000 in 10 groups of 2,000; within 8, between 2. Within-group friendships
  // W ~ Binomial, mean n*8/2 = 80,000, s.d. ~ 283, so the mean within-degree 2W/n has s.d.
  // 0.028 (5 s.d. = 0.14); between: mean 20,000, s.d. 141, mean degree s.d. 0.014 (5 s.d. 0.07).
  constexpr CustomerIndex n = 20000;
  const SocialGraph graph = build_social_graph(communities(10, 8, 2), n, 8);
  expect_valid(graph, n);
  std::uint64_t within = 0, between = 0;
  for (CustomerIndex u = 0; u < n; ++u)
    for (const CustomerIndex v : graph.neighbours(u))
      (u / 2000 == v / 2000 ? within : between) += 1;
  EXPECT_NEAR(static_cast<double>(within) / n, 8.0, 0.14);
  EXPECT_NEAR(static_cast<double>(between) / n, 2.0, 0.07);
}

TEST(CommunityGraph, SameSeedSameArraysOtherSeedOtherArrays) {
  const GraphSpec spec = communities(4, 6, 1);
  const SocialGraph a = build_social_graph(spec, 3001, 2);  // groups of 750 and 751
  expect_valid(a, 3001);
  EXPECT_TRUE(same_arrays(a, build_social_graph(spec, 3001, 2)));
  EXPECT_FALSE(same_arrays(a, build_social_graph(spec, 3001, 3)));
}

TEST(FullyMixedGraph, HasCustomersButNoEdges) {
  const SocialGraph graph = build_social_graph(spec_of(GraphKind::FullyMixed, 0), 500, 1);
  EXPECT_TRUE(graph.is_fully_mixed());
  expect_valid(graph, 500);
  EXPECT_EQ(graph.directed_edge_count(), 0u);
}

// ---- cross-platform determinism ---------------------------------------------------------------

std::uint64_t fnv1a(const SocialGraph& graph) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  const auto mix = [&](std::uint32_t word) {
    for (int byte = 0; byte < 4; ++byte)
      hash = (hash ^ ((word >> (8 * byte)) & 0xffu)) * 0x100000001b3ULL;
  };
  for (const std::uint32_t start : graph.row_starts()) mix(start);
  for (const CustomerIndex v : graph.neighbour_indices()) mix(v);
  return hash;
}

// Golden hashes of the CSR arrays (seed 2026, n = 1,000): the graphs depend only on Philox
// and integer arithmetic (plus std::log for the skips), so any change here is a change of
// model that must be made on purpose, and a mismatch on another platform is a portability bug.
TEST(GraphDeterminism, GoldenHashesOfSmallGraphs) {
  EXPECT_EQ(fnv1a(build_social_graph(small_world(10, 0.1), 1000, 2026)), 2388419668094280474u);
  EXPECT_EQ(fnv1a(build_social_graph(spec_of(GraphKind::ErdosRenyi, 10), 1000, 2026)),
            4766312527996577511u);
  EXPECT_EQ(fnv1a(build_social_graph(spec_of(GraphKind::ScaleFree, 10), 1000, 2026)),
            8338858660799034699u);
  EXPECT_EQ(fnv1a(build_social_graph(communities(10, 8, 2), 1000, 2026)), 13759130223272845766u);
}

// ---- validation -------------------------------------------------------------------------------

TEST(GraphSpecValidation, ImpossibleSpecsNameTheKey) {
  const auto key_of = [](const GraphSpec& spec, std::uint64_t n) {
    const auto& issues = issues_of([&] { (void)build_social_graph(spec, n, 1); });
    return issues.empty() ? std::string("(no error)") : issues.front().key_path;
  };
  EXPECT_EQ(key_of(small_world(5, 0.1), 100), "population.graph.mean_degree");    // odd k
  EXPECT_EQ(key_of(small_world(100, 0.1), 100), "population.graph.mean_degree");  // k > n - 1
  EXPECT_EQ(key_of(small_world(4, 1.5), 100), "population.graph.rewiring");
  EXPECT_EQ(key_of(spec_of(GraphKind::ErdosRenyi, -1), 100), "population.graph.mean_degree");
  EXPECT_EQ(key_of(spec_of(GraphKind::ErdosRenyi, 100), 100), "population.graph.mean_degree");
  EXPECT_EQ(key_of(spec_of(GraphKind::ScaleFree, 3), 100), "population.graph.mean_degree");
  EXPECT_EQ(key_of(communities(0, 1, 1), 100), "population.graph.communities");
  EXPECT_EQ(key_of(communities(10, 10, 1), 100), "population.graph.within_degree");
  EXPECT_EQ(key_of(communities(10, 2, -1), 100), "population.graph.between_degree");
  EXPECT_EQ(key_of(communities(1, 2, 1), 100), "population.graph.between_degree");
  EXPECT_EQ(key_of(small_world(4, 0.1), 0), "population.customers");
  EXPECT_EQ(key_of(small_world(4, 0.1), std::uint64_t{1} << 32), "population.customers");
  EXPECT_EQ(key_of(spec_of(GraphKind::EdgeList, 0), 100), "population.graph.edge_list");
}

TEST(GraphSpecValidation, ReportsEveryIssueAndWhatWasExpected) {
  const auto& issues = issues_of([] { (void)build_social_graph(small_world(3, -0.5), 100, 1); });
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_NE(issues[0].message.find("even integer"), std::string::npos) << issues[0].message;
  EXPECT_NE(issues[1].message.find("between 0 and 1"), std::string::npos) << issues[1].message;
}

// ---- memory -----------------------------------------------------------------------------------

// The finished graph holds 4 B per adjacency entry + 4 B per row start (plus the capacity of
// the few repeated edges a rewired lattice makes), and construction never holds more than
// twice that on the heap; generators other than scale-free (which stores its endpoint list,
// 4 B per entry) stay near 1x. Arithmetic in sim/graph/graph_builder.hpp.
TEST(GraphMemory, PeakIsAtMostTwiceTheFinishedGraph) {
  constexpr CustomerIndex n = 200000;
  const std::vector<GraphSpec> specs = {small_world(10, 0.1), small_world(10, 0.0),
                                        spec_of(GraphKind::ErdosRenyi, 10),
                                        spec_of(GraphKind::ScaleFree, 10), communities(20, 8, 2)};
  for (const GraphSpec& spec : specs) {
    std::size_t peak = 0;
    std::size_t finished = 0;
    {
      const PeakHeap heap;
      const SocialGraph graph = build_social_graph(spec, n, 1);
      peak = heap.bytes();
      finished = graph.memory_bytes();
      // Rows are exact except for a few repeated small-world edges' capacity (< 1/64).
      EXPECT_GE(finished, exact_csr_bytes(graph));
      EXPECT_LE(finished, exact_csr_bytes(graph) + 4 * graph.directed_edge_count() / 64)
          << "kind " << static_cast<int>(spec.kind);
    }
    EXPECT_LE(peak, 2 * finished) << "kind " << static_cast<int>(spec.kind);
    if (spec.kind != GraphKind::ScaleFree) {
      EXPECT_LE(peak, finished + finished / 10 + (1u << 16))
          << "kind " << static_cast<int>(spec.kind);
    }
  }
}

TEST(GraphMemory, EstimateMatchesTheBuiltGraph) {
  // Expected sizes; the random edge counts have s.d. < 0.5% of the mean at n = 50,000.
  constexpr CustomerIndex n = 50000;
  for (const GraphSpec& spec :
       {small_world(10, 0.1), spec_of(GraphKind::ErdosRenyi, 10), spec_of(GraphKind::ScaleFree, 6),
        communities(10, 8, 2), spec_of(GraphKind::FullyMixed, 0)}) {
    const auto actual = static_cast<double>(build_social_graph(spec, n, 4).memory_bytes());
    EXPECT_NEAR(static_cast<double>(estimate_graph_bytes(spec, n)), actual, 0.02 * actual)
        << "kind " << static_cast<int>(spec.kind);
  }
}

// ---- edge lists -------------------------------------------------------------------------------

TEST(EdgeList, RenumbersSparseIdsAndDropsLoopsAndDuplicates) {
  // Ids 7, 42, 55, 100, 2e12, 2^64-1 become 0..5; 42 appears only in a self loop and stays as
  // an isolated customer; "7 100" appears three times in both directions.
  const SocialGraph graph = read_edge_list(kTestData / "edges_sparse_ids.txt");
  expect_valid(graph, 6);
  EXPECT_EQ(graph.undirected_edge_count(), 4u);
  const std::vector<std::uint64_t> ids = {7, 42, 55, 100, 2000000000000, 18446744073709551615u};
  for (CustomerIndex i = 0; i < 6; ++i) EXPECT_EQ(graph.external_id(i), ids[i]);
  const std::vector<std::vector<CustomerIndex>> rows = {{3, 5}, {}, {4}, {0, 4}, {2, 3}, {0}};
  for (CustomerIndex i = 0; i < 6; ++i)
    EXPECT_TRUE(std::ranges::equal(graph.neighbours(i), rows[i])) << i;
}

TEST(EdgeList, DenseIdsNeedNoExternalIdTable) {
  const SocialGraph graph = read_edge_list(kTestData / "edges_dense.txt");
  expect_valid(graph, 5);
  EXPECT_EQ(graph.undirected_edge_count(), 4u);
  EXPECT_EQ(graph.external_id(4), 4u);
  EXPECT_EQ(graph.memory_bytes(), exact_csr_bytes(graph));
  const GraphStats stats = compute_graph_stats(graph);
  EXPECT_EQ(stats.components, 2u);
  EXPECT_EQ(stats.largest_component, 3u);
  EXPECT_DOUBLE_EQ(stats.clustering_coefficient, 3.0 / 5.0);  // the triangle's 3 corners have 1
}

TEST(EdgeList, BadLinesNameFileLineAndExpectation) {
  const std::filesystem::path path = kTestData / "edges_bad.txt";
  const auto& issues = issues_of([&] { (void)read_edge_list(path); });
  ASSERT_EQ(issues.size(), 6u);
  const std::vector<std::pair<int, std::string>> expected = {
      {3, "non-negative integer id, found 'x2'"},
      {5, "negative '-4'"},
      {6, "beyond 64 bits"},
      {7, "extra column '0.5'"},
      {8, "two ids per line, found one"},
      {9, "found '4abc'"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(issues[i].line, expected[i].first);
    EXPECT_NE(issues[i].message.find(expected[i].second), std::string::npos) << issues[i].message;
    EXPECT_NE(
        issues[i].format().find(path.string() + ":" + std::to_string(expected[i].first) + ":"),
        std::string::npos)
        << issues[i].format();
  }
}

TEST(EdgeList, StopsAfterTwentyIssues) {
  const std::filesystem::path path = testing::scratch_path("murmur_edges_many_bad.txt");
  {
    std::ofstream out(path);
    for (int i = 0; i < 200; ++i) out << "a b\n";
  }
  const auto& issues = issues_of([&] { (void)read_edge_list(path); });
  std::filesystem::remove(path);
  ASSERT_EQ(issues.size(), 21u);  // 20 lines, then "stopped after 20 issues"
  EXPECT_EQ(issues[19].line, 20);
  EXPECT_NE(issues[20].message.find("stopped"), std::string::npos);
}

TEST(EdgeList, MissingFileAndEmptyGraphAreInputErrors) {
  const auto& missing = issues_of([] { (void)read_edge_list(kTestData / "no_such_file.txt"); });
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0].file.find("no_such_file.txt"), std::string::npos);
  const auto& empty = issues_of([] { (void)read_edge_list(kTestData / "edges_empty.txt"); });
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_NE(empty[0].message.find("no edges"), std::string::npos);
}

TEST(EdgeList, GzipFileGivesTheSameGraphAsThePlainOne) {
  // tiny_edges.txt.gz is `gzip -n -9` of tiny_edges.txt.
  const SocialGraph plain = read_edge_list(kTestData / "tiny_edges.txt");
  const SocialGraph unzipped = read_edge_list(kTestData / "tiny_edges.txt.gz");
  expect_valid(unzipped, 5);
  EXPECT_EQ(unzipped.undirected_edge_count(), plain.undirected_edge_count());
  for (CustomerIndex i = 0; i < 5; ++i)
    EXPECT_TRUE(std::ranges::equal(unzipped.neighbours(i), plain.neighbours(i))) << i;
}

TEST(EdgeList, CorruptGzipIsAnInputErrorWithoutItsBytes) {
  const std::filesystem::path path = testing::scratch_path("murmur_edges_corrupt.txt.gz");
  {
    std::ifstream in(kTestData / "tiny_edges.txt.gz", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes.resize(bytes.size() / 2);  // truncated mid-stream
    std::ofstream(path, std::ios::binary) << bytes << "\x01\x02\x1b[31m";
  }
  const auto& issues = issues_of([&] { (void)read_edge_list(path); });
  std::filesystem::remove(path);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].message.find("gzip data is corrupt or truncated"), std::string::npos);
  EXPECT_EQ(issues[0].message.find('\x1b'), std::string::npos);
}

TEST(EdgeList, ByteOrderMarkAtTheStartIsSkipped) {
  const std::filesystem::path path = testing::scratch_path("murmur_edges_bom.txt");
  std::ofstream(path, std::ios::binary) << "\xEF\xBB\xBF"
                                        << "0 1\n1 2\n";
  const SocialGraph graph = read_edge_list(path);
  std::filesystem::remove(path);
  expect_valid(graph, 3);
  EXPECT_EQ(graph.undirected_edge_count(), 2u);
}

TEST(EdgeList, OverlongLineStopsTheReadWithItsLineNumber) {
  const std::filesystem::path path = testing::scratch_path("murmur_edges_long_line.txt");
  std::ofstream(path, std::ios::binary) << "0 1\n" << std::string(3 << 20, '7');  // no newline
  const auto& issues = issues_of([&] { (void)read_edge_list(path); });
  std::filesystem::remove(path);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_NE(issues[0].message.find("line 2 is longer than 65536 bytes"), std::string::npos);
}

TEST(EdgeList, DirectoryAndFifoAreNotRegularFiles) {
  EXPECT_NE(
      issues_of([] { (void)read_edge_list(kTestData); })[0].message.find("not a regular file"),
      std::string::npos);
  const std::filesystem::path fifo = testing::scratch_path("murmur_edges_fifo");
  std::filesystem::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string message = issues_of([&] { (void)read_edge_list(fifo); })[0].message;
  std::filesystem::remove(fifo);
  EXPECT_NE(message.find("not a regular file"), std::string::npos);  // and did not block
}

TEST(EdgeList, ScenarioPathIsRelativeToTheScenarioDirectory) {
  GraphSpec spec = spec_of(GraphKind::EdgeList, 0);
  spec.edge_list_path = "edges_dense.txt";
  EXPECT_EQ(build_social_graph(spec, 0, 1, kTestData).customer_count(), 5u);
  spec.edge_list_path = (kTestData / "edges_dense.txt").string();  // absolute: used as is
  EXPECT_EQ(build_social_graph(spec, 0, 1, "/nonexistent").customer_count(), 5u);
}

TEST(FacebookGraph, LoadsWithSnapCountsAndClustering) {
  const SocialGraph graph =
      read_edge_list(std::filesystem::path(MURMUR_DATA_DIR) / "facebook_combined.txt");
  expect_valid(graph, 4039);
  EXPECT_EQ(graph.undirected_edge_count(), 88234u);
  const GraphStats stats = compute_graph_stats(graph);
  EXPECT_EQ(stats.components, 1u);
  EXPECT_EQ(stats.largest_component, 4039u);
  EXPECT_EQ(stats.isolated_customers, 0u);
  // 4,039 customers are below the default sample of 100,000, so this clustering is exact, not
  // estimated; SNAP prints it rounded to 4 decimals, so |error| <= 5e-5 plus float noise.
  EXPECT_NEAR(stats.clustering_coefficient, 0.6055, 6e-5);
}

// ---- statistics -------------------------------------------------------------------------------

TEST(GraphStats, ClusteringMatchesBoostClusteringCoefficient) {
  // Boost's per-vertex clustering_coefficient (edge() lookups, cubic per vertex) is the
  // reference on graphs small enough for it.
  for (const GraphSpec& spec :
       {small_world(8, 0.3), spec_of(GraphKind::ScaleFree, 6), communities(3, 10, 2)}) {
    const SocialGraph graph = build_social_graph(spec, 400, 3);
    double boost_sum = 0;
    for (CustomerIndex v = 0; v < graph.customer_count(); ++v)
      boost_sum += boost::clustering_coefficient(graph.boost_graph(), v);
    EXPECT_NEAR(compute_graph_stats(graph).clustering_coefficient, boost_sum / 400, 1e-12);
  }
}

TEST(GraphStats, SampledClusteringEstimatesTheExactValue) {
  // Seed 2, n = 20,000, sample 2,000: local clustering values of this graph have s.d. < 0.25,
  // so the sample mean has s.e. < 0.0056; 5 s.e. = 0.028.
  const SocialGraph graph = build_social_graph(small_world(10, 0.2), 20000, 2);
  const double exact = compute_graph_stats(graph, 20000).clustering_coefficient;
  EXPECT_NEAR(compute_graph_stats(graph, 2000).clustering_coefficient, exact, 0.028);
}

}  // namespace
}  // namespace murmur
