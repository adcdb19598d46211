// The run and batch manifests (sim/io/run_manifest, sim/io/batch_files): each holds what
// repeats the run on another machine, and nothing false (issue 16.9).

#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/utsname.h>

#include "sim/core/build_info.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/state_hash.hpp"
#include "sim/io/batch_files.hpp"
#include "sim/io/experiment_loader.hpp"
#include "sim/io/output.hpp"
#include "sim/io/run_manifest.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/temp_dir.hpp"

namespace murmur {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// The first "model name" of /proc/cpuinfo, read here independently of the code under test.
std::string cpu_model_from_proc() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0)
      return line.substr(line.find_first_not_of(" \t", line.find(':') + 1));
  return "";
}

/// Every field of "platform", checked against uname(2), /proc/cpuinfo and the build.
void expect_this_platform(const json& platform) {
  utsname names{};
  ASSERT_EQ(uname(&names), 0);
  EXPECT_EQ(platform.at("os").at("name"), names.sysname);
  EXPECT_EQ(platform.at("os").at("release"), names.release);
  EXPECT_EQ(platform.at("os").at("machine"), names.machine);
  const std::string cpu = cpu_model_from_proc();
  if (cpu.empty()) {
    EXPECT_TRUE(platform.at("cpu").is_null());
  } else {
    EXPECT_EQ(platform.at("cpu"), cpu);
  }
#if defined(__GNUC__) && !defined(__clang__)
  EXPECT_EQ(platform.at("compiler"),
            fmt::format("GNU {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__));
#endif
  const json& libraries = platform.at("libraries");
  for (const char* name : {"oneTBB", "Boost", "yaml-cpp", "fmt", "nlohmann_json"}) {
    ASSERT_TRUE(libraries.contains(name)) << name;
    EXPECT_NE(libraries[name].get<std::string>().find_first_of("0123456789"), std::string::npos)
        << name << " has no version: " << libraries[name];
  }
  EXPECT_EQ(libraries.at("fmt"), fmt::format("{}.{}.{}", FMT_VERSION / 10000,
                                             FMT_VERSION / 100 % 100, FMT_VERSION % 100));
  EXPECT_EQ(libraries.at("nlohmann_json"),
            fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                        NLOHMANN_JSON_VERSION_PATCH));
}

json run_manifest_of(const Scenario& scenario) {
  RunManifest run{scenario};
  run.resolved_scenario_json = scenario_to_json(scenario);
  run.threads = 3;
  return json::parse(run_manifest_json(run));
}

TEST(RunManifest, RecordsThePlatform) {
  Scenario scenario;
  expect_this_platform(run_manifest_of(scenario).at("platform"));
}

// exit_step's default, "never", was written as 4294967295.
TEST(RunManifest, ABrandThatNeverExitsHasANullExitStep) {
  Scenario scenario;
  scenario.brands.resize(2);
  scenario.brands[0].name = "Stays";
  scenario.brands[1].name = "Leaves";
  scenario.brands[1].exit_step = 30;
  const json brands = run_manifest_of(scenario).at("parameters").at("brands");
  EXPECT_TRUE(brands.at(0).at("exit_step").is_null()) << brands.dump(2);
  EXPECT_EQ(brands.at(1).at("exit_step"), 30);
  // The resolved scenario reads back (a resumed checkpoint does this) with the same meaning.
  const Scenario back = load_scenario_text(scenario_to_json(scenario), "resolved.json", {});
  EXPECT_EQ(back.brands[0].exit_step, kNeverStep);
  EXPECT_EQ(back.brands[1].exit_step, 30u);
}

// The batch manifest lacked threads, overrides, the resolved scenario, the seeds and the
// platform, and named the scenario scenarios/experiments/../default.yaml.
TEST(BatchManifest, HoldsWhatRepeatsEveryRunElsewhere) {
  const fs::path data(MURMUR_TEST_DATA_DIR);
  const fs::path experiment_file = data / ".." / data.filename() / "experiment_small.yaml";
  ExperimentSpec spec = load_experiment(experiment_file);
  ASSERT_NE(spec.source_path.find(".."), std::string::npos);
  // The loader normalises the scenario's path; the manifest does not count on it.
  spec.scenario_path = fs::path(MURMUR_SCENARIO_DIR) / ".." / "scenarios" / "bass_network.yaml";
  const fs::path path = testing::scratch_path("murmur_batch_manifest_test.json");
  write_batch_manifest(path, spec, read_file_text(experiment_file), 2, 8, 3);
  const json manifest = json::parse(read_file_text(path));
  fs::remove(path);

  const fs::path scenario = spec.scenario_path.lexically_normal();
  const json& base = manifest.at("scenario");
  EXPECT_EQ(base.at("file"), scenario.generic_string());
  EXPECT_EQ(base.at("file").get<std::string>().find(".."), std::string::npos);
  EXPECT_EQ(manifest.at("experiment").at("file").get<std::string>().find(".."), std::string::npos);
  EXPECT_EQ(base.at("text_hash_xxh3_64"),
            fmt::format("{:016x}", hash_bytes(read_file_text(scenario))));
  EXPECT_EQ(base.at("overrides"), (json{"population.customers=2000", "steps=40"}));
  const std::string resolved =
      scenario_to_json(load_scenario(scenario, {"population.customers=2000", "steps=40"}));
  EXPECT_EQ(base.at("resolved_hash_xxh3_64"), fmt::format("{:016x}", hash_bytes(resolved)));
  EXPECT_EQ(base.at("parameters"), json::parse(resolved));
  EXPECT_EQ(base.at("parameters").at("population").at("customers"), 2000);

  EXPECT_EQ(manifest.at("threads"), 3);
  EXPECT_EQ(manifest.at("master_seed"), 11);
  EXPECT_NE(manifest.at("replicate_seed_rule").get<std::string>().find("53 bits"),
            std::string::npos);
  const json& seeds = manifest.at("replicate_seeds");
  ASSERT_EQ(seeds.size(), 4u);
  for (std::uint32_t r = 0; r < 4; ++r) EXPECT_EQ(seeds[r], derive_replicate_seed(11, r));
  expect_this_platform(manifest.at("platform"));
}

}  // namespace
}  // namespace murmur
