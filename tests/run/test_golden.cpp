// The golden test (Box2D's determinism test, for the scenario library): every scenario in
// scenarios/ runs through the CLI's own pipeline at a fixed seed, on 1 and on 3 threads, and
// both the metrics.csv it writes and the model's final state hash must equal the values
// recorded in tests/data/golden/scenario_library.txt. Any change of behaviour, intended or
// not, fails here loudly; a refactoring must leave every line as it is.
//
// After an intended change of the model, re-record: the failure message prints each new
// line in the file's format. Say in the commit why the outputs changed.

#include <cinttypes>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sim/core/state_hash.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/run.hpp"
#include "support/temp_dir.hpp"

namespace murmur {
namespace {

const std::filesystem::path kScenarios = MURMUR_SCENARIO_DIR;
const std::filesystem::path kRecord =
    std::filesystem::path(MURMUR_TEST_DATA_DIR) / "golden" / "scenario_library.txt";
constexpr Seed kSeed = 11;

struct Golden {
  std::uint64_t metrics_hash = 0;  ///< hash_bytes of the whole metrics.csv
  std::uint64_t state_hash = 0;    ///< Model::state_hash() after the last step
};

/// name → recorded values; lines are "name metrics_hash state_hash" in hex, '#' comments.
std::map<std::string, Golden> read_record() {
  std::ifstream in(kRecord);
  std::map<std::string, Golden> record;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream fields(line);
    std::string name;
    Golden golden;
    fields >> name >> std::hex >> golden.metrics_hash >> golden.state_hash;
    record[name] = golden;
  }
  return record;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Golden run_golden(const std::filesystem::path& scenario_file, unsigned threads) {
  const Scenario scenario = load_scenario(scenario_file, {fmt::format("seed={}", kSeed)});
  RunSettings settings;
  settings.threads = threads;
  settings.run_directory = testing::scratch_path("golden-" + scenario_file.stem().string() + "-" +
                                                 std::to_string(threads));
  const RunResult result = run_scenario(scenario, settings);
  const Golden golden{hash_bytes(read_file(result.metrics_path)), result.final_state_hash};
  std::filesystem::remove_all(settings.run_directory);
  return golden;
}

TEST(GoldenScenarioLibrary, EveryScenarioGivesTheRecordedBytesOnOneAndThreeThreads) {
  const std::map<std::string, Golden> record = read_record();
  ASSERT_FALSE(record.empty()) << "no record at " << kRecord;
  std::size_t scenarios = 0;
  std::string new_record;
  for (const auto& entry : std::filesystem::directory_iterator(kScenarios)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().stem().string();
    SCOPED_TRACE(name);
    ++scenarios;
    const Golden one_thread = run_golden(entry.path(), 1);
    const Golden three_threads = run_golden(entry.path(), 3);
    EXPECT_EQ(one_thread.metrics_hash, three_threads.metrics_hash) << "threads change metrics";
    EXPECT_EQ(one_thread.state_hash, three_threads.state_hash) << "threads change the state";
    new_record +=
        fmt::format("{} {:016x} {:016x}\n", name, one_thread.metrics_hash, one_thread.state_hash);
    const auto recorded = record.find(name);
    if (recorded == record.end()) {
      ADD_FAILURE() << "scenario " << name << " has no line in " << kRecord;
      continue;
    }
    EXPECT_EQ(one_thread.metrics_hash, recorded->second.metrics_hash) << "metrics.csv changed";
    EXPECT_EQ(one_thread.state_hash, recorded->second.state_hash) << "final state changed";
  }
  EXPECT_EQ(scenarios, record.size()) << "the record names a scenario that is gone";
  if (::testing::Test::HasFailure())
    std::fprintf(stderr, "If the change is intended, record these lines:\n%s", new_record.c_str());
}

}  // namespace
}  // namespace murmur
