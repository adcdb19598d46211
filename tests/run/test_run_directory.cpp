// What run_scenario does with its directory: a finished run is never written over, and a run
// whose manifest cannot be written leaves no metrics.csv that looks whole.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/io/output.hpp"
#include "sim/run/run.hpp"
#include "support/temp_dir.hpp"

namespace murmur {
namespace {

namespace fs = std::filesystem;

Scenario small_bass() {
  Scenario scenario;
  scenario.name = "run_directory";
  scenario.model = ModelKind::Bass;
  scenario.steps = 5;
  scenario.population.customers = 500;
  scenario.population.graph.kind = GraphKind::SmallWorld;
  scenario.population.graph.mean_degree = 4;
  return scenario;
}

class RunDirectory : public ::testing::Test {
 protected:
  void SetUp() override { fs::remove_all(root_); }
  void TearDown() override { fs::remove_all(root_); }
  RunSettings settings_in(const fs::path& directory) const {
    RunSettings settings;
    settings.threads = 1;
    settings.run_directory = directory;
    return settings;
  }
  const fs::path root_ = testing::scratch_path("murmur_run_directory_test");
};

TEST_F(RunDirectory, FinishedRunIsRefusedNotOverwritten) {
  const RunResult first = run_scenario(small_bass(), settings_in(root_ / "run"));
  const std::string metrics = read_file_text(first.metrics_path);
  const std::string manifest = read_file_text(first.manifest_path);
  Scenario other = small_bass();
  other.seed = 99;
  EXPECT_THROW((void)run_scenario(other, settings_in(root_ / "run")), InputError);
  EXPECT_EQ(read_file_text(first.metrics_path), metrics);
  EXPECT_EQ(read_file_text(first.manifest_path), manifest);
  EXPECT_FALSE(fs::exists(root_ / "run" / ".lock"));
}

TEST_F(RunDirectory, FailedManifestTakesMetricsWithIt) {
  fs::create_directories(root_ / "run" / "manifest.json.tmp");  // the manifest cannot be created
  EXPECT_THROW((void)run_scenario(small_bass(), settings_in(root_ / "run")), OutputError);
  EXPECT_FALSE(fs::exists(root_ / "run" / "metrics.csv"));
  EXPECT_FALSE(fs::exists(root_ / "run" / "metrics.csv.tmp"));
  EXPECT_FALSE(fs::exists(root_ / "run" / ".lock"));
}

TEST_F(RunDirectory, DirectoryClaimedByAnotherWriterIsRefused) {
  const OutputDirectory other_writer(root_ / "run");
  EXPECT_THROW((void)run_scenario(small_bass(), settings_in(root_ / "run")), InputError);
  EXPECT_FALSE(fs::exists(root_ / "run" / "metrics.csv"));
}

}  // namespace
}  // namespace murmur
