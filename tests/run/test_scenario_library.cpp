// The scenario library (scenarios/*.yaml): every file states its question, loads and runs,
// and each story's summary answers its question in the direction its comment (and the
// sources) expect. Directions are checked on three seeds each; the effects are several
// share points where seed-to-seed spread is about one point (20,000 customers: the s.e. of
// a 40% share is 0.35 points), so a failure means the model changed, not bad luck.

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "sim/io/scenario_loader.hpp"
#include "support/simulate.hpp"

namespace murmur {
namespace {

using testing::simulate;
using testing::Trajectory;

const std::filesystem::path kScenarios = MURMUR_SCENARIO_DIR;
constexpr Seed kSeeds[] = {1, 2, 3};

Scenario library(const std::string& name, Seed seed, std::vector<std::string> overrides = {}) {
  overrides.push_back("seed=" + std::to_string(seed));
  return load_scenario(kScenarios / (name + ".yaml"), overrides);
}

TEST(ScenarioLibrary, EveryScenarioStatesItsQuestionLoadsAndRuns) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kScenarios)) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().string());
    std::ifstream file(entry.path());
    std::string first_line;
    std::getline(file, first_line);
    EXPECT_EQ(first_line.rfind("# Question: ", 0), 0u) << "first line: " << first_line;
    Scenario s = load_scenario(entry.path(), {"steps=3"});
    const Trajectory run = simulate(s);
    EXPECT_EQ(run.frames.size(), 4u);
    names.insert(entry.path().stem().string());
  }
  for (const char* story : {"default", "baker", "mass_media", "empowered", "tribes", "one_to_one",
                            "delivery_gap", "generational_shift"})
    EXPECT_TRUE(names.contains(story)) << story;
}

TEST(ScenarioLibrary,
     DefaultAdvertiserLeadsFirstThenTheDataBrandAndLaterTheTalkedAboutOneOvertake) {
  for (Seed seed : kSeeds) {
    const Trajectory run = simulate(library("default", seed, {"steps=260"}));
    EXPECT_GT(run.at(26, "share", "MassAd"), run.at(0, "share", "MassAd")) << seed;
    EXPECT_GT(run.at(104, "share", "Persona"), run.at(104, "share", "MassAd")) << seed;
    EXPECT_GT(run.at(104, "share", "Delight"), 2.0 * run.at(0, "share", "Delight")) << seed;
    EXPECT_LT(run.at(104, "share", "Delight"), run.at(104, "share", "MassAd")) << seed;
    EXPECT_GT(run.at(259, "share", "Delight"), run.at(259, "share", "MassAd")) << seed;
    EXPECT_LT(run.at(104, "share", "ValueCo"), run.at(0, "share", "ValueCo")) << seed;
  }
}

TEST(ScenarioLibrary, BakerKeepsItsTownAndItsCustomers) {
  for (Seed seed : kSeeds) {
    const Trajectory with_shops = simulate(library("baker", seed));
    const Trajectory without = simulate(library("baker", seed, {"interventions=[]"}));
    EXPECT_GT(with_shops.at(52, "share", "Baker"), 1.5 * with_shops.at(52, "share", "Chain"))
        << seed;
    EXPECT_LT(with_shops.at(52, "churn_annual", "Baker"),
              with_shops.at(52, "churn_annual", "Chain"))
        << seed;
    EXPECT_GT(with_shops.at(52, "share", "Chain"), without.at(52, "share", "Chain")) << seed;
    ASSERT_EQ(with_shops.fired.size(), 1u);
    EXPECT_EQ(with_shops.fired[0].week, 26u);
  }
}

TEST(ScenarioLibrary, AdvertisingWinsAmong2ButNotAmong3) {
  for (Seed seed : kSeeds) {
    const Trajectory mass = simulate(library("mass_media", seed));
    EXPECT_GT(mass.at(52, "share", "Broadcaster"), mass.at(52, "share", "Craftsman") + 0.05)
        << seed;
    const Trajectory empowered = simulate(library("empowered", seed, {"interventions=[]"}));
    EXPECT_GT(empowered.at(52, "share", "Craftsman"),
              empowered.at(52, "share", "Broadcaster") + 0.05)
        << seed;
  }
}

TEST(ScenarioLibrary, AScandalCostsTheEmpoweredMarketsFavourite) {
  for (Seed seed : kSeeds) {
    const Trajectory scandal = simulate(library("empowered", seed));
    const Trajectory calm = simulate(library("empowered", seed, {"interventions=[]"}));
    EXPECT_LT(scandal.at(52, "share", "Craftsman"), calm.at(52, "share", "Craftsman") - 0.05)
        << seed;
    EXPECT_LT(scandal.at(32, "nps", "Craftsman"), calm.at(32, "nps", "Craftsman")) << seed;
    // Frame t is the state after week t − 1: the scandal is in force in weeks 20–31.
    EXPECT_EQ(scandal.at(20, "quality", "Craftsman"), 8.0);
    EXPECT_EQ(scandal.at(21, "quality", "Craftsman"), 6.0);
    EXPECT_EQ(scandal.at(32, "quality", "Craftsman"), 6.0);
    EXPECT_EQ(scandal.at(33, "quality", "Craftsman"), 8.0);
  }
}

TEST(ScenarioLibrary, PersonalisationWinsAmong5AndCareForDataPays) {
  for (Seed seed : kSeeds) {
    const Trajectory run = simulate(library("one_to_one", seed));
    EXPECT_GT(run.at(52, "share", "Tailor"), run.at(52, "share", "Harvester")) << seed;
    EXPECT_GT(run.at(52, "share", "Harvester"), 3 * run.at(52, "share", "Generic")) << seed;
    EXPECT_GT(run.at(52, "trust", "Tailor"), run.at(52, "trust", "Harvester") + 0.3) << seed;
    EXPECT_GT(run.at(52, "data_sharing", "Tailor"), run.at(52, "data_sharing", "Harvester"))
        << seed;
    EXPECT_GT(run.at(52, "data_sharing", "Harvester"), 0.5) << seed;
  }
}

TEST(ScenarioLibrary, GenerationalShiftMovesTheLeadFromAdvertisingToPersonalisation) {
  for (Seed seed : kSeeds) {
    const Trajectory run = simulate(library("generational_shift", seed));
    EXPECT_GT(run.at(52, "share", "Advertiser"), run.at(52, "share", "Experience")) << seed;
    EXPECT_GT(run.at(52, "share", "Advertiser"), run.at(52, "share", "Personal")) << seed;
    EXPECT_GT(run.at(156, "share", "Experience"), run.at(156, "share", "Advertiser")) << seed;
    EXPECT_GT(run.at(520, "share", "Personal"), run.at(520, "share", "Experience")) << seed;
    EXPECT_LT(run.at(520, "share", "Advertiser"), run.at(520, "share", "Experience")) << seed;
  }
}

}  // namespace
}  // namespace murmur
