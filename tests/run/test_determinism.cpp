// Same scenario + seed gives the same bytes with any number of threads (Box2D's
// determinism test; docs/model.md §9, V10(f)): the random streams are keyed by (seed, step,
// customer, purpose) and reductions fold per-block partials in block order.

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sim/core/parallel.hpp"
#include "sim/io/output.hpp"
#include "sim/run/run.hpp"
#include "support/temp_dir.hpp"

namespace murmur {
namespace {

namespace fs = std::filesystem;

Scenario scale_free_bass() {
  Scenario scenario;
  scenario.name = "determinism";
  scenario.model = ModelKind::Bass;
  scenario.seed = 20261122;
  scenario.steps = 120;
  scenario.population.customers = 30000;  // 8 blocks of 4096: enough to spread over threads
  scenario.population.graph.kind = GraphKind::ScaleFree;
  scenario.population.graph.mean_degree = 8;
  scenario.bass.innovation_per_year = 0.3;  // fast enough that much happens in 120 weeks
  scenario.bass.imitation_per_year = 2.0;
  return scenario;
}

struct RunBytes {
  std::string metrics_csv;
  std::uint64_t state_hash;
};

RunBytes run_with(unsigned threads, const Scenario& scenario, const fs::path& directory) {
  RunSettings settings;
  settings.threads = threads;
  settings.run_directory = directory;
  const RunResult result = run_scenario(scenario, settings);
  return {read_file_text(result.metrics_path), result.final_state_hash};
}

TEST(Determinism, BassOnScaleFreeGraphIsByteIdenticalForOneTwoAndEightThreads) {
  const fs::path root = testing::scratch_path("murmur_determinism_test");
  fs::remove_all(root);
  const Scenario scenario = scale_free_bass();
  const RunBytes reference = run_with(1, scenario, root / "t1");
  ASSERT_GT(reference.metrics_csv.size(), 1000u);
  // Something happened: the last week has adopters (otherwise equality proves nothing).
  EXPECT_EQ(reference.metrics_csv.find(",adoption,0\n", reference.metrics_csv.size() - 200),
            std::string::npos);
  for (unsigned threads : {2u, 8u}) {
    const RunBytes other = run_with(threads, scenario, root / fmt::format("t{}", threads));
    EXPECT_EQ(other.state_hash, reference.state_hash) << threads << " threads";
    EXPECT_EQ(other.metrics_csv, reference.metrics_csv) << threads << " threads";
  }
  const RunBytes repeat = run_with(2, scenario, root / "repeat");
  EXPECT_EQ(repeat.metrics_csv, reference.metrics_csv) << "repeated run";
  fs::remove_all(root);
}

TEST(Determinism, DifferentSeedsGiveDifferentRuns) {
  const fs::path root = testing::scratch_path("murmur_determinism_seed_test");
  fs::remove_all(root);
  Scenario scenario = scale_free_bass();
  const RunBytes first = run_with(2, scenario, root / "a");
  scenario.seed += 1;
  const RunBytes second = run_with(2, scenario, root / "b");
  EXPECT_NE(first.state_hash, second.state_hash);
  fs::remove_all(root);
}

}  // namespace
}  // namespace murmur
