// ns per customer-step of the market model (5 brands, every lever in use) at 100k and 1M
// customers on a rewired ring lattice of degree 10, against a Bass-like kernel that reads every
// neighbour's 1-byte state once and draws one Philox number per non-adopter: the yardstick of
// the performance budget (a market step may cost at most 3x a Bass step).
//
// Run: build/bench/bench_market --benchmark_counters_tabular=true

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "agents/market_model.hpp"
#include "sim/core/parallel.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/model/bass_model.hpp"
#include "tests/support/market_fixtures.hpp"

namespace {

using namespace murmur;

std::shared_ptr<const SocialGraph> cached_graph(std::uint32_t n) {
  static std::map<std::uint32_t, std::shared_ptr<const SocialGraph>> graphs;
  auto& g = graphs[n];
  if (!g) g = testing::ring_graph(n, 10, 0.1);
  return g;
}

void set_rate(benchmark::State& state, std::uint32_t n) {
  state.counters["ns_per_customer_step"] =
      benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()) * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_MarketStep(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  const auto graph = cached_graph(n);
  MarketModel model(testing::five_brand_scenario(n), graph);
  for (int w = 0; w < 8; ++w) model.step();  // past the entrant's week, broadcasts flowing
  run_with_threads(threads, [&] {
    for (auto _ : state) model.step();
  });
  set_rate(state, n);
  state.counters["bytes_per_customer"] = static_cast<double>(model.state_bytes()) / n;
  state.counters["messages_per_customer"] = static_cast<double>(model.routed_messages()) / n;
}

void BM_MarketStepAndMeasure(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const auto graph = cached_graph(n);
  MarketModel model(testing::five_brand_scenario(n), graph);
  for (int w = 0; w < 8; ++w) model.step();
  for (auto _ : state) {
    model.step();
    benchmark::DoNotOptimize(model.measure());
  }
  set_rate(state, n);
}

/// The foundation's BassModel::step on the same graph (p = 0.03/yr, q = 0.38/yr) with 10% of
/// the customers seeded as adopters, as in the Bass-like kernel: the non-adopters read their
/// whole row and most of them have an adopter friend, so they pay the word-of-mouth exp.
void BM_BassModelStep(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  const auto graph = cached_graph(n);
  Scenario scenario;
  scenario.model = ModelKind::Bass;
  scenario.bass.seeded_fraction = 0.1;
  BassModel model(scenario, graph);
  run_with_threads(threads, [&] {
    for (auto _ : state) model.step();
  });
  set_rate(state, n);
}

/// The budget's ratio measured side by side: each iteration times one BassModel::step (as in
/// BM_BassModelStep) and then one market step (as in BM_MarketStep) on the same graph, so a
/// change in the shared machine's speed hits both alike, where separate benchmarks a minute
/// apart can differ by 30 %. Counters: ms per step of each, and market time over Bass time.
/// The third argument 0 makes every week pull its messages from the neighbours' broadcasts
/// instead of routing them (message_routing.hpp): the same bytes, the earlier way.
/// Steps `first` then `second` once per iteration, timing each, on `threads` threads; sets the
/// counters `<first_name>_ms`, `<second_name>_ms` (per step) and `ratio_name` (second over
/// first). Alternating in one loop makes a change of the shared machine's speed hit both alike.
template <class First, class Second>
void time_alternately(benchmark::State& state, unsigned threads, First& first, Second& second,
                      const std::string& first_name, const std::string& second_name,
                      const std::string& ratio_name) {
  using Clock = std::chrono::steady_clock;
  Clock::duration first_time{}, second_time{};
  run_with_threads(threads, [&] {
    for (auto _ : state) {
      const auto start = Clock::now();
      first.step();
      const auto between = Clock::now();
      second.step();
      second_time += Clock::now() - between;
      first_time += between - start;
    }
  });
  const auto ms_per_step = [&](Clock::duration total) {
    return std::chrono::duration<double, std::milli>(total).count() /
           static_cast<double>(state.iterations());
  };
  state.counters[first_name + "_ms"] = ms_per_step(first_time);
  state.counters[second_name + "_ms"] = ms_per_step(second_time);
  state.counters[ratio_name] = ms_per_step(second_time) / ms_per_step(first_time);
}

void BM_MarketOverBass(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const auto graph = cached_graph(n);
  MarketModel market(testing::five_brand_scenario(n), graph);
  market.route_messages(state.range(2) != 0);
  for (int w = 0; w < 8; ++w) market.step();
  Scenario bass_scenario;
  bass_scenario.model = ModelKind::Bass;
  bass_scenario.bass.seeded_fraction = 0.1;
  BassModel bass(bass_scenario, graph);
  time_alternately(state, static_cast<unsigned>(state.range(1)), bass, market, "bass", "market",
                   "market_over_bass");
}

/// The cost of an output option (issue 18's budget: at most 15% on the step): the same market
/// with and without it, stepped alternately, and the bytes a customer its own arrays add
/// (`extra_bytes(model)`; the routed mail's buffers are left out: their capacity depends on
/// which worker took which block, so differs between two runs of the same market).
template <class TurnOn, class ExtraBytes>
void time_output_option(benchmark::State& state, TurnOn turn_on, ExtraBytes extra_bytes) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const auto graph = cached_graph(n);
  Scenario on_scenario = testing::five_brand_scenario(n);
  turn_on(on_scenario.output);
  MarketModel plain(testing::five_brand_scenario(n), graph);
  MarketModel on(on_scenario, graph);
  for (int w = 0; w < 8; ++w) {
    plain.step();
    on.step();
  }
  time_alternately(state, static_cast<unsigned>(state.range(1)), plain, on, "off", "on",
                   "on_over_off");
  state.counters["extra_bytes_per_customer"] = static_cast<double>(extra_bytes(on)) / n;
}

void BM_MarketAttribution(benchmark::State& state) {
  time_output_option(
      state, [](OutputSpec& output) { output.attribution = true; },
      [](const MarketModel& m) {
        return m.customers().last_touch.capacity() + m.customers().adopted_by.capacity();
      });
}

/// Word-of-mouth cascades: the tracker's serial pass over the week's spells is the cost.
void BM_MarketCascades(benchmark::State& state) {
  time_output_option(
      state, [](OutputSpec& output) { output.cascades = true; },
      [](const MarketModel& m) { return m.cascades().memory_bytes(); });
}

/// Bass-like step: pull, one byte per neighbour, one Philox draw per non-adopter.
void BM_BassLikeStep(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const auto graph = cached_graph(n);
  std::vector<std::uint8_t> now(n, 0), next(n, 0);
  for (std::uint32_t i = 0; i < n; i += 10) now[i] = 1;  // 10% adopters
  const auto rows = graph->row_starts();
  const auto cols = graph->neighbour_indices();
  const double p = 1.0 - std::exp(-0.03 / 52), q = 0.38 / 52;
  Step step = 1;
  const auto threads = static_cast<unsigned>(state.range(1));
  run_with_threads(threads, [&] {
    for (auto _ : state) {
      for_each_block(n, [&](BlockRange r) {
        for (CustomerIndex i = r.begin; i < r.end; ++i) {
          if (now[i]) {
            next[i] = 1;
            continue;
          }
          std::uint32_t m = 0;
          for (std::uint32_t e = rows[i]; e < rows[i + 1]; ++e) m += now[cols[e]];
          const std::uint32_t k = rows[i + 1] - rows[i];
          RandomStream rng(1, step, i, Purpose::Adoption);
          const double hazard = 1.0 - (1.0 - p) * std::exp(-q * (k ? double(m) / k : 0.0));
          next[i] = rng.uniform() < hazard ? 1 : 0;
        }
      });
      // `now` is not swapped, so every iteration does the same work (10% adopters).
      benchmark::DoNotOptimize(next.data());
      ++step;
    }
  });
  set_rate(state, n);
}

}  // namespace

// Args: customers, threads.
BENCHMARK(BM_BassModelStep)
    ->Args({100'000, 1})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_BassLikeStep)
    ->Args({100'000, 1})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_MarketStep)
    ->Args({100'000, 1})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_MarketAttribution)
    ->ArgNames({"customers", "threads"})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_MarketCascades)
    ->ArgNames({"customers", "threads"})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK(BM_MarketOverBass)
    ->ArgNames({"customers", "threads", "routed"})
    ->Args({1'000'000, 1, 1})
    ->Args({1'000'000, 2, 1})
    ->Args({1'000'000, 1, 0})
    ->Args({1'000'000, 2, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_MarketStepAndMeasure)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
