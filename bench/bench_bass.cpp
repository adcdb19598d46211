// Speed of the foundation's Bass step against a hand-written reference loop over the same
// CSR arrays: the practical speed limit (see bench/README.md for figures and commands).
//
// Both read every neighbour's 1-byte state of (nearly) every customer and draw one Philox
// random number per customer; the engine adds the Bass arithmetic, the double buffer and the
// per-block tallies. Counters: edge_visits/s (directed adjacency entries read per second)
// and customers/s (customer-steps per second).
//
//   ./build/bench/bench_bass --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <map>
#include <memory>

#include <benchmark/benchmark.h>

#include "sim/core/parallel.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/model/bass_model.hpp"

namespace murmur {
namespace {

constexpr double kMeanDegree = 10.0;

/// Small-world graphs (mean degree 10, rewiring 0.1), built once per size and shared.
std::shared_ptr<const SocialGraph> small_world(CustomerIndex customers) {
  static std::map<CustomerIndex, std::shared_ptr<const SocialGraph>> cache;
  auto& graph = cache[customers];
  if (!graph) {
    GraphSpec spec;
    spec.kind = GraphKind::SmallWorld;
    spec.mean_degree = kMeanDegree;
    spec.rewiring = 0.1;
    graph = std::make_shared<const SocialGraph>(build_social_graph(spec, customers, 1));
  }
  return graph;
}

void report(benchmark::State& state, double edge_visits, double customer_steps) {
  state.counters["edge_visits/s"] = benchmark::Counter(edge_visits, benchmark::Counter::kIsRate);
  state.counters["customers/s"] = benchmark::Counter(customer_steps, benchmark::Counter::kIsRate);
}

// The engine: BassModel::step() with p = 0.03/yr, q = 0.38/yr from an empty market, so
// practically every customer is a non-adopter that reads its whole row.
void BM_BassStep(benchmark::State& state) {
  const auto customers = static_cast<CustomerIndex>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  auto graph = small_world(customers);
  Scenario scenario;
  scenario.model = ModelKind::Bass;
  double edge_visits = 0;
  double customer_steps = 0;
  run_with_threads(threads, [&] {
    BassModel model(scenario, graph);
    for (auto _ : state) {
      model.step();
      edge_visits += static_cast<double>(model.edge_visits_last_step());
      customer_steps += customers;
    }
  });
  report(state, edge_visits, customer_steps);
}

// The reference: the minimal loop a hand-tuned engine could hope for. uint8 state,
// every customer reads all neighbours, one Philox draw each, a TBB parallel for over blocks.
void BM_ReferenceLoop(benchmark::State& state) {
  const auto customers = static_cast<CustomerIndex>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  auto graph = small_world(customers);
  const auto row_starts = graph->row_starts();
  const auto columns = graph->neighbour_indices();
  std::vector<std::uint8_t> before(customers, 0), after(customers, 0);
  for (CustomerIndex i = 0; i < customers; i += 37) before[i] = 1;
  Step step = 0;
  double edge_visits = 0;
  run_with_threads(threads, [&] {
    for (auto _ : state) {
      ++step;
      for_each_block(customers, [&](BlockRange block) {
        for (CustomerIndex i = block.begin; i < block.end; ++i) {
          std::uint32_t heard = 0;
          for (std::uint32_t e = row_starts[i]; e < row_starts[i + 1]; ++e)
            heard += before[columns[e]];
          RandomStream rng(1, step, i, Purpose::Adoption);
          after[i] = static_cast<std::uint8_t>(before[i] | (rng.next_u32() < heard * 40000000u));
        }
      });
      std::swap(before, after);
      edge_visits += static_cast<double>(columns.size());
    }
  });
  benchmark::DoNotOptimize(before.data());
  report(state, edge_visits,
         static_cast<double>(customers) * static_cast<double>(state.iterations()));
}

void sizes_and_threads(benchmark::internal::Benchmark* bench) {
  for (std::int64_t customers : {100'000, 1'000'000, 10'000'000})
    for (std::int64_t threads : {1, 2}) bench->Args({customers, threads});
  bench->ArgNames({"customers", "threads"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_ReferenceLoop)->Apply(sizes_and_threads);
BENCHMARK(BM_BassStep)->Apply(sizes_and_threads);

}  // namespace
}  // namespace murmur

BENCHMARK_MAIN();
