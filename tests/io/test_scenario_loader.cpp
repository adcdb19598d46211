// Scenario loading (MuJoCo style): each case feeds an inline YAML string and checks that the
// message names the key path, the place (:line:column) and the expectation or suggestion.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/core/scenario_schema.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/generated_section.hpp"

namespace murmur {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kLabel = "test.yaml";

// Smallest valid market scenario; cases append to it.
constexpr const char* kMarket = R"(model: market
population:
  customers: 1000
brands:
  - name: Incumbent
    ad_budget: 2
  - name: Entrant
    price: 1.1
)";

Scenario load(std::string_view yaml, const std::vector<std::string>& overrides = {}) {
  return load_scenario_text(yaml, kLabel, overrides);
}

/// The InputError of loading `yaml`, which must fail.
InputError load_error(std::string_view yaml, const std::vector<std::string>& overrides = {}) {
  try {
    (void)load(yaml, overrides);
  } catch (const InputError& error) {
    return error;
  }
  ADD_FAILURE() << "expected an InputError for:\n" << yaml;
  return InputError(InputIssue{});
}

std::string message(std::string_view yaml, const std::vector<std::string>& overrides = {}) {
  return load_error(yaml, overrides).what();
}

TEST(ScenarioLoader, DefaultsUntouchedWhenKeysOmitted) {
  const Scenario loaded = load("model: market\nbrands: [{name: A}]\n");
  Scenario expected;
  expected.brands.push_back(BrandSpec{});
  expected.brands[0].name = "A";
  EXPECT_EQ(scenario_to_json(loaded), scenario_to_json(expected));
  EXPECT_EQ(loaded.source_path, kLabel);
}

TEST(ScenarioLoader, ReadsEveryKindOfField) {
  const Scenario s = load(R"(name: demo
seed: 9007199254740991
steps: 104
model: market
population:
  customers: 1e6
  generation_mix: {"1.0": 0.5, "4.0": 0.5}
  graph: {kind: communities, communities: 20}
market: {docking: yes, cells: 7}
brands:
  - {name: A, claim: 9, seeding: highest_degree, exit_step: 100}
interventions:
  - {name: war, at_step: 10, kind: price_war, brands: [A], value: 0.2, weeks: 4}
  - name: rescue
    when: {brand: A, metric: nps, below: -10}
    kind: campaign
    brand: A
    value: 3
)");
  EXPECT_EQ(s.name, "demo");
  EXPECT_EQ(s.seed, kMaxSeed);  // 2^53 - 1, the largest seed
  EXPECT_EQ(s.steps, 104u);
  EXPECT_EQ(s.population.customers, 1000000u);
  EXPECT_EQ(s.population.generation_mix, (std::vector<double>{0.5, 0, 0, 0.5, 0}));
  EXPECT_EQ(s.population.graph.kind, GraphKind::Communities);
  EXPECT_EQ(s.population.graph.communities, 20u);
  EXPECT_TRUE(s.market.docking);
  EXPECT_EQ(s.market.cells, 7u);
  ASSERT_EQ(s.brands.size(), 1u);
  EXPECT_EQ(s.brands[0].claim, 9.0);
  EXPECT_EQ(s.brands[0].seeding, SeedingStrategy::HighestDegree);
  EXPECT_EQ(s.brands[0].exit_step, 100u);
  ASSERT_EQ(s.interventions.size(), 2u);
  EXPECT_EQ(s.interventions[0].trigger.at_step, 10u);
  EXPECT_EQ(s.interventions[0].kind, InterventionKind::PriceWar);
  EXPECT_EQ(s.interventions[0].brands, std::vector<std::string>{"A"});
  EXPECT_EQ(s.interventions[0].weeks, 4u);
  EXPECT_FALSE(s.interventions[1].trigger.at_step.has_value());
  EXPECT_EQ(s.interventions[1].trigger.metric, "nps");
  EXPECT_EQ(s.interventions[1].trigger.below, -10.0);
  EXPECT_EQ(s.interventions[1].brands, std::vector<std::string>{"A"});
}

TEST(ScenarioLoader, UnknownKeySuggestsNearest) {
  const std::string text = message("model: bass\nstepz: 3\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:2:1: error: unknown key 'stepz' at the top level"));
  EXPECT_THAT(text, HasSubstr("did you mean 'steps'?"));
}

TEST(ScenarioLoader, UnknownKeyFileGivesLineAndSuggestion) {
  const std::string file = std::string(MURMUR_TEST_DATA_DIR) + "/bad_key.yaml";
  try {
    (void)load_scenario(file);
    FAIL() << "bad_key.yaml loaded";
  } catch (const InputError& error) {
    ASSERT_EQ(error.issues().size(), 1u);
    const auto& issue = error.issues()[0];
    EXPECT_EQ(issue.file, file);
    EXPECT_EQ(issue.line, 9);
    EXPECT_EQ(issue.column, 5);
    EXPECT_EQ(issue.key_path, "brands[0].advertizing_budget");
    EXPECT_EQ(issue.suggestion, "ad_budget");
    EXPECT_THAT(std::string(error.what()), HasSubstr("bad_key.yaml:9:5: error: unknown key"));
  }
}

TEST(ScenarioLoader, UnknownKeysAtEveryLevel) {
  const auto error = load_error(std::string(kMarket) + R"(market: {goodwill_retension: 0.9}
generations:
  "4.0": {inertai: 2}
output: {evry: 2}
interventions:
  - {at_step: 1, kind: exit, brand: A, wen: 2}
)" + "population2: {}\n");
  std::string text = error.what();
  EXPECT_THAT(text,
              HasSubstr("(at 'market.goodwill_retension'); did you mean 'goodwill_retention'"));
  EXPECT_THAT(text, HasSubstr("(at 'generations[4.0].inertai'); did you mean 'inertia'"));
  EXPECT_THAT(text, HasSubstr("(at 'output.evry'); did you mean 'every'"));
  EXPECT_THAT(text, HasSubstr("(at 'interventions[0].wen'); did you mean 'when'"));
  EXPECT_THAT(text, HasSubstr("(at 'population2'); did you mean 'population'"));
}

TEST(ScenarioLoader, SyntaxErrorHasLineAndColumn) {
  const auto error = load_error("model: bass\nsteps: [1, 2\nseed: 3\n");
  ASSERT_EQ(error.issues().size(), 1u);
  EXPECT_EQ(error.issues()[0].line, 3);
  EXPECT_GT(error.issues()[0].column, 0);
  EXPECT_THAT(std::string(error.what()), HasSubstr("test.yaml:3:"));
  EXPECT_THAT(std::string(error.what()), HasSubstr("YAML syntax error"));
}

TEST(ScenarioLoader, TextForNumberIsAnError) {
  const std::string text = message(std::string(kMarket) + "steps: many\n");
  EXPECT_THAT(text,
              HasSubstr("test.yaml:9:8: error: 'steps' must be an integer in [1, 4294967295]; "
                        "got 'many' (at 'steps')"));
}

TEST(ScenarioLoader, CascadesNeedASocialGraph) {
  EXPECT_TRUE(load(std::string(kMarket) + "output: {cascades: true}\n").output.cascades);
  const std::string text = message(
      "model: market\npopulation:\n  graph: {kind: fully_mixed}\nbrands: [{name: A}]\n"
      "output: {cascades: true}\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:5:"));
  EXPECT_THAT(text, HasSubstr("they need a social graph (population.graph.kind is fully_mixed)"));
  EXPECT_THAT(text, HasSubstr("(at 'output.cascades')"));
  EXPECT_THAT(message("model: bass\noutput: {cascades: true}\n"),
              HasSubstr("they need model: market"));
}

TEST(ScenarioLoader, ListForMapIsAnError) {
  const std::string text = message("model: bass\nbass: [0.03, 0.38]\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:2:7:"));
  EXPECT_THAT(text, HasSubstr("'bass' must be a map of keys"));
  EXPECT_THAT(text, HasSubstr("got a list (at 'bass')"));
}

TEST(ScenarioLoader, MapForListIsAnError) {
  const std::string text = message("model: market\nbrands: {name: A}\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:2:9:"));
  EXPECT_THAT(text, HasSubstr("'brands' must be a list"));
}

TEST(ScenarioLoader, ProbabilityOutOfRange) {
  const std::string text = message(std::string(kMarket) + "    trust: 1.5\n");
  EXPECT_THAT(text,
              HasSubstr("test.yaml:9:12: error: 'trust' must be a number in [0, 1]; got '1.5' "
                        "(at 'brands[1].trust')"));
}

TEST(ScenarioLoader, NegativeAndZeroSizesAreRefused) {
  const auto error = load_error(std::string(kMarket) +
                                "steps: 0\noutput: {every: -1}\n"
                                "market: {weeks_between_purchases: 0.5}\n");
  const std::string text = error.what();
  EXPECT_THAT(text,
              HasSubstr(":9:8: error: 'steps' must be an integer in [1, 4294967295]; got '0'"));
  EXPECT_THAT(text,
              HasSubstr(":10:17: error: 'every' must be an integer in [1, 4294967295]; got '-1'"));
  EXPECT_THAT(text, HasSubstr("'weeks_between_purchases' must be a number >= 1"));
}

TEST(ScenarioLoader, NanAndInfinityAreRefused) {
  const std::string text = message(std::string(kMarket) + "    quality: nan\n    margin: inf\n");
  EXPECT_THAT(text, HasSubstr("(at 'brands[1].quality')"));
  EXPECT_THAT(text, HasSubstr("'margin' must be a number; got 'inf'"));
}

TEST(ScenarioLoader, AbsurdCustomerCountIsRefused) {
  const std::string text = message("model: bass\npopulation: {customers: 5000000000}\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:2:25: error: 'customers' must be an integer in "
                              "[1, 4294967295]; got '5000000000' (customer indices are 32-bit)"));
}

TEST(ScenarioLoader, MeanDegreeMustBeBelowCustomers) {
  const std::string text =
      message("model: bass\npopulation:\n  customers: 10\n  graph: {mean_degree: 10}\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:4:24: error: small_world needs an even integer k with "
                              "2 <= k <= customers - 1 = 9, got 10"));
  EXPECT_THAT(text, HasSubstr("(at 'population.graph.mean_degree')"));
}

TEST(ScenarioLoader, SmallWorldNeedsEvenDegree) {
  const std::string text = message("model: bass\npopulation: {graph: {mean_degree: 5}}\n");
  EXPECT_THAT(text, HasSubstr(":2:35: error: small_world needs an even integer k"));
}

// Issue 22.10: what the graph generators refuse is refused at load time, with the place.
TEST(ScenarioLoader, GraphTheGeneratorWouldRefuseIsRefusedAtLoad) {
  EXPECT_THAT(message("model: bass\npopulation:\n  customers: 4\n  graph: {mean_degree: 0}\n"),
              HasSubstr("test.yaml:4:24: error: small_world needs an even integer k"));
  EXPECT_THAT(message("model: bass\npopulation:\n  customers: 1\n  graph: {kind: scale_free}\n"),
              HasSubstr("test.yaml:4:10: error: scale_free needs an even integer mean_degree"));
  EXPECT_THAT(message("model: bass\npopulation:\n  customers: 4000000000\n"
                      "  graph: {kind: erdos_renyi, mean_degree: 4}\n"),
              HasSubstr("erdos_renyi would need about 16000000000 adjacency entries"));
  EXPECT_THAT(message("model: bass\npopulation:\n  customers: 10\n"
                      "  graph: {kind: communities, communities: 20}\n"),
              HasSubstr("test.yaml:4:43: error: expected between 1 and customers = 10 "
                        "communities, got 20"));
}

TEST(ScenarioLoader, WrongChoiceListsChoicesAndSuggests) {
  const std::string text = message("model: markt\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:1:8: error: 'model' must be one of: bass, market; got "
                              "'markt' (at 'model'); did you mean 'market'?"));
}

TEST(ScenarioLoader, DuplicateKeyIsAnError) {
  const std::string text = message(std::string(kMarket) + "    price: 1.2\nsteps: 5\nsteps: 6\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:9:5: error: duplicate key 'price' (first given at line 8) "
                              "(at 'brands[1].price')"));
  EXPECT_THAT(text,
              HasSubstr("test.yaml:11:1: error: duplicate key 'steps' (first given at line 10)"));
}

TEST(ScenarioLoader, BrandNameIsRequired) {
  const std::string text = message("model: market\nbrands:\n  - price: 2\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:3:5: error: missing required key 'name' in brands[0] "
                              "(at 'brands[0].name')"));
}

TEST(ScenarioLoader, BrandNamesAreUnique) {
  const std::string text = message("model: market\nbrands:\n  - name: A\n  - name: A\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:4:11: error: duplicate brand name 'A' (also brands[0])"));
}

TEST(ScenarioLoader, MarketNeedsBrandsAndAtMost64) {
  EXPECT_THAT(message("model: market\n"), HasSubstr("needs at least one brand"));
  std::string many = "model: market\nbrands:\n";
  for (int i = 0; i < 65; ++i) many += fmt::format("  - name: b{}\n", i);
  EXPECT_THAT(message(many), HasSubstr("test.yaml:3:3: error: at most 64 entries allowed in "
                                       "'brands'; got 65 (at 'brands')"));
}

TEST(ScenarioLoader, EmptyFileIsAnError) {
  for (const char* text : {"", "# only a comment\n", "\n\n"}) {
    const auto error = load_error(text);
    ASSERT_EQ(error.issues().size(), 1u);
    EXPECT_THAT(std::string(error.what()),
                HasSubstr("test.yaml:1:1: error: the scenario is empty"));
  }
  EXPECT_THAT(message("- a\n- b\n"), HasSubstr("a scenario must be a map of keys; got a list"));
}

TEST(ScenarioLoader, MixMustSumToOne) {
  const std::string text =
      message("model: bass\npopulation:\n  generation_mix: {\"1.0\": 0.5, \"2.0\": 0.4}\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:3:19: error: generation_mix must sum to 1 (within 1e-6); "
                              "it sums to 0.9 (at 'population.generation_mix')"));
}

TEST(ScenarioLoader, MixNamesMustBeGenerations) {
  const std::string text = message(
      "model: bass\npopulation:\n  generation_mix: {\"1.0\": 0.5, "
      "\"6.0\": 0.5, 4: 0}\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:3:32: error: unknown generation '6.0' in generation_mix"));
  EXPECT_THAT(text, HasSubstr("(at 'population.generation_mix[6.0]')"));
  EXPECT_THAT(text,
              HasSubstr("unknown generation '4' in generation_mix; known: 1.0, 2.0, 3.0, 4.0, "
                        "5.0 (at 'population.generation_mix[4]'); did you mean '4.0'?"));
}

TEST(ScenarioLoader, GenerationsOverrideAndAdd) {
  const Scenario s = load(R"(model: bass
population:
  generation_mix: {"4.0": 0.5, "4.5": 0.25, "6.0": 0.25}
generations:
  "4.5": {based_on: "4.0", inertia: 0.7}
  "4.0": {inertia: 2}
  "6.0": {ad_receptivity: 0.01}
)");
  ASSERT_EQ(s.generations.size(), 7u);
  EXPECT_EQ(s.generations[3].inertia, 2.0);
  EXPECT_EQ(s.generations[5].name, "4.5");
  EXPECT_EQ(s.generations[5].inertia, 0.7);
  EXPECT_EQ(s.generations[5].wom_susceptibility, 0.6);  // from 4.0
  EXPECT_EQ(s.generations[6].name, "6.0");
  EXPECT_EQ(s.generations[6].price_sensitivity,  // from 3.0, the default base
            default_generation_profiles()[2].price_sensitivity);
  EXPECT_EQ(s.generations[6].ad_receptivity, 0.01);
  EXPECT_EQ(s.population.generation_mix, (std::vector<double>{0, 0, 0, 0.5, 0, 0.25, 0.25}));
  // Without a mix, a new generation starts with no customers.
  EXPECT_EQ(load("model: bass\ngenerations: {\"6.0\": {}}\n").population.generation_mix,
            (std::vector<double>{0.1, 0.3, 0.3, 0.2, 0.1, 0}));
}

TEST(ScenarioLoader, UnknownBaseGenerationSuggests) {
  const std::string text = message("model: bass\ngenerations:\n  \"6.0\": {based_on: \"50\"}\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:3:21: error: unknown generation '50'"));
  EXPECT_THAT(text, HasSubstr("(at 'generations[6.0].based_on'); did you mean '5.0'?"));
}

TEST(ScenarioLoader, EdgeListPathIsRequiredAndMustExist) {
  EXPECT_THAT(message("model: bass\npopulation: {graph: {kind: edge_list}}\n"),
              HasSubstr("test.yaml:2:21: error: missing required key 'edge_list' in "
                        "population.graph (kind is edge_list) (at 'population.graph.edge_list')"));
  EXPECT_THAT(
      message("model: bass\npopulation:\n  graph: {kind: edge_list, edge_list: nowhere.txt}\n"),
      ::testing::ContainsRegex(
          "test.yaml:3:39: error: '[^']*nowhere.txt': the edge list does not exist"));
}

TEST(ScenarioLoader, ByteOrderMarkAtTheStartIsSkipped) {
  EXPECT_EQ(load("\xEF\xBB\xBFmodel: bass\nsteps: 7\n").steps, 7u);
}

TEST(ScenarioLoader, EdgeListResolvesAgainstScenarioDirectory) {
  const std::filesystem::path dir = MURMUR_TEST_DATA_DIR;
  const Scenario s = load_scenario(dir / "edge_list.yaml");
  EXPECT_EQ(s.population.graph.kind, GraphKind::EdgeList);
  EXPECT_EQ(std::filesystem::path(s.population.graph.edge_list_path),
            std::filesystem::absolute(dir / "tiny_edges.txt").lexically_normal());
}

TEST(ScenarioLoader, InterventionBrandsMustExist) {
  const std::string text = message(std::string(kMarket) + R"(interventions:
  - {at_step: 5, kind: exit, brand: Entrnt}
  - {at_step: 5, kind: price_war, brands: [Incumbent, Nobody], value: 0.1}
  - {when: {brand: Incumbant, below: 0.1}, kind: entry, brand: Entrant}
)");
  EXPECT_THAT(text, HasSubstr("test.yaml:10:37: error: unknown brand 'Entrnt'; brands: Incumbent, "
                              "Entrant (at 'interventions[0].brand'); did you mean 'Entrant'?"));
  EXPECT_THAT(text, HasSubstr("test.yaml:11:55: error: unknown brand 'Nobody'"));
  EXPECT_THAT(text, HasSubstr("(at 'interventions[1].brands[1]')"));
  EXPECT_THAT(text, HasSubstr("test.yaml:12:20: error: unknown brand 'Incumbant'"));
  EXPECT_THAT(text, HasSubstr("did you mean 'Incumbent'?"));
}

TEST(ScenarioLoader, InterventionNeedsOneTrigger) {
  const auto error = load_error(std::string(kMarket) + R"(interventions:
  - {kind: exit, brand: Entrant}
  - {at_step: 3, when: {brand: Entrant, above: 0.5}, kind: exit, brand: Entrant}
  - {when: {brand: Entrant}, kind: exit, brand: Entrant}
)");
  const std::string text = error.what();
  EXPECT_THAT(text,
              HasSubstr("test.yaml:10:5: error: missing trigger: give 'at_step: N' or 'when"));
  EXPECT_THAT(text, HasSubstr("test.yaml:11:24: error: give 'at_step' or 'when', not both"));
  EXPECT_THAT(text,
              HasSubstr("test.yaml:12:12: error: a condition needs exactly one of 'above' and "
                        "'below' (at 'interventions[2].when')"));
}

// 22.16: a week key the run never reaches loads (a what-if may shorten steps with --set), with
// a warning naming the file, line, column and key.
constexpr const char* kWeeksAfterTheRun = R"(model: market
steps: 20
population:
  customers: 1000
brands:
  - name: Incumbent
    exit_step: 20
  - name: Entrant
    entry_step: 25
interventions:
  - {at_step: 19, kind: exit, brand: Entrant}
  - {at_step: 20, kind: exit, brand: Incumbent}
)";

std::vector<std::string> formatted_warnings(const CheckedScenario& checked) {
  std::vector<std::string> texts;
  for (const InputIssue& warning : checked.warnings) texts.push_back(warning.format("warning"));
  return texts;
}

TEST(ScenarioLoader, WeekKeysAfterTheLastWeekAreWarnedAtTheirPlace) {
  const CheckedScenario checked = load_checked_scenario_text(kWeeksAfterTheRun, kLabel);
  EXPECT_EQ(checked.scenario.steps, 20u);
  EXPECT_THAT(
      formatted_warnings(checked),
      ElementsAre("test.yaml:7:16: warning: week 20 is after the run's last week, 19 (steps: 20): "
                  "the brand never leaves (at 'brands[0].exit_step')",
                  "test.yaml:9:17: warning: week 25 is after the run's last week, 19 (steps: 20): "
                  "the brand never enters (at 'brands[1].entry_step')",
                  "test.yaml:12:15: warning: week 20 is after the run's last week, 19 (steps: "
                  "20): the intervention never fires (at 'interventions[1].at_step')"));
}

TEST(ScenarioLoader, SaysWhichKeysTheFileAndTheOverridesWroteNotTheDefaults) {
  const CheckedScenario checked = load_checked_scenario_text(
      std::string(kWeeksAfterTheRun) + "output:\n  attribution: false\n", kLabel,
      {"brands[Entrant].ad_budget=2", "output.cascades=false", "population.graph.mean_degree=6"});
  // Written with the default's value is still written: that is what the caller asks.
  EXPECT_FALSE(checked.scenario.output.attribution);
  EXPECT_TRUE(checked.writes("output.attribution"));
  for (const char* key : {"steps", "population.customers", "brands[0].exit_step", "brands[1]",
                          "interventions[1].at_step", "brands[1].ad_budget", "output.cascades",
                          "population.graph.mean_degree", "population.graph"})
    EXPECT_TRUE(checked.writes(key)) << key;
  for (const char* key : {"seed", "brands[0].ad_budget", "output.every", "brands[2]",
                          "output.attribution.x", "output.attrib"})
    EXPECT_FALSE(checked.writes(key)) << key;
  // An override alone writes the key too; nothing writes it here.
  EXPECT_TRUE(load_checked_scenario_text(kWeeksAfterTheRun, kLabel, {"output.attribution=true"})
                  .writes("output.attribution"));
  EXPECT_FALSE(load_checked_scenario_text(kWeeksAfterTheRun, kLabel).writes("output.attribution"));
}

TEST(ScenarioLoader, StepsShortenedBySetWarnsAtTheWeekKeysInTheFile) {
  const CheckedScenario longer =
      load_checked_scenario_text(kWeeksAfterTheRun, kLabel, {"steps=30"});
  EXPECT_THAT(formatted_warnings(longer), IsEmpty());
  const CheckedScenario shorter =
      load_checked_scenario_text(kWeeksAfterTheRun, kLabel, {"steps=19"});
  ASSERT_EQ(shorter.warnings.size(), 4u);
  EXPECT_EQ(shorter.warnings[2].format("warning"),
            "test.yaml:11:15: warning: week 19 is after the run's last week, 18 (steps: 19): the "
            "intervention never fires (at 'interventions[0].at_step')");
}

TEST(ScenarioLoader, SetLeverNeedsANumericBrandKey) {
  const std::string text = message(std::string(kMarket) + R"(interventions:
  - {at_step: 5, kind: set_lever, brand: Entrant, lever: ad_budjet, value: 3}
  - {at_step: 5, kind: set_lever, brand: Entrant, lever: quality, value: 12}
  - {at_step: 5, kind: set_lever, brand: Entrant, lever: seeding, value: 1}
)");
  EXPECT_THAT(text, HasSubstr("test.yaml:10:58: error: unknown lever 'ad_budjet'"));
  EXPECT_THAT(text, HasSubstr("did you mean 'ad_budget'?"));
  EXPECT_THAT(text,
              HasSubstr("test.yaml:11:74: error: 'value' must be a number in [0, 10] for lever "
                        "'quality'; got 12"));
  EXPECT_THAT(text, HasSubstr("unknown lever 'seeding'"));
}

TEST(ScenarioLoader, ReportsAllIssuesAtOnce) {
  const auto error = load_error(R"(model: market
steps: -3
population:
  customers: lots
  graph: {kind: smal_world}
brands:
  - name: A
    quality: 11
    colour: red
)");
  ASSERT_EQ(error.issues().size(), 5u) << error.what();
  EXPECT_EQ(error.issues()[0].key_path, "steps");
  EXPECT_EQ(error.issues()[1].key_path, "population.customers");
  EXPECT_EQ(error.issues()[2].key_path, "population.graph.kind");
  EXPECT_EQ(error.issues()[2].suggestion, "small_world");
  EXPECT_EQ(error.issues()[3].key_path, "brands[0].quality");
  EXPECT_EQ(error.issues()[4].key_path, "brands[0].colour");
  for (std::size_t i = 1; i < error.issues().size(); ++i) {  // in file order
    EXPECT_LT(error.issues()[i - 1].line, error.issues()[i].line);
  }
}

TEST(ScenarioLoader, OverridesApplyBeforeChecks) {
  const Scenario s = load(
      kMarket, {"steps=104", "population.customers=1000000", "population.graph.kind=scale_free",
                "brands[0].price=1.2", "brands[Entrant].ad_budget=5", "generations[4.0].inertia=2",
                "market.docking=true", "brands[1].claim=8"});
  EXPECT_EQ(s.steps, 104u);
  EXPECT_EQ(s.population.customers, 1000000u);
  EXPECT_EQ(s.population.graph.kind, GraphKind::ScaleFree);
  EXPECT_EQ(s.brands[0].price, 1.2);
  EXPECT_EQ(s.brands[0].ad_budget, 2.0);  // untouched
  EXPECT_EQ(s.brands[1].ad_budget, 5.0);
  EXPECT_EQ(s.brands[1].claim, 8.0);
  EXPECT_EQ(s.generations[3].inertia, 2.0);
  EXPECT_TRUE(s.market.docking);
}

TEST(ScenarioLoader, OverrideCreatesOmittedKeysAndTakesFlowValues) {
  const Scenario s = load("model: bass\n",
                          {"bass.imitation_per_year=0.5", "population.generation_mix={\"2.0\": 1}",
                           "generations[7.0].inertia=4", "brands=[{name: X}, {name: Y}]"});
  EXPECT_EQ(s.bass.imitation_per_year, 0.5);
  EXPECT_EQ(s.population.generation_mix, (std::vector<double>{0, 1, 0, 0, 0, 0}));
  ASSERT_EQ(s.generations.size(), 6u);
  EXPECT_EQ(s.generations[5].inertia, 4.0);
  ASSERT_EQ(s.brands.size(), 2u);
  EXPECT_EQ(s.brands[1].name, "Y");
}

TEST(ScenarioLoader, OverrideUnknownPathSuggestsNearest) {
  const auto error = load_error(kMarket, {"steps=3", "populaton.customers=5"});
  ASSERT_EQ(error.issues().size(), 1u);
  const auto& issue = error.issues()[0];
  EXPECT_EQ(issue.file, "--set");
  EXPECT_EQ(issue.key_path, "populaton");
  EXPECT_EQ(issue.suggestion, "population");
  EXPECT_THAT(std::string(error.what()),
              HasSubstr("--set: error: unknown key 'populaton' at the top level (in --set "
                        "populaton.customers=5)"));
  EXPECT_THAT(message(kMarket, {"brands[0].ad_budjet=1"}),
              HasSubstr("(at 'brands[0].ad_budjet'); did you mean 'ad_budget'?"));
}

TEST(ScenarioLoader, OverrideValuesGetTheSameChecks) {
  const auto error = load_error(kMarket, {"brands[0].trust=2", "model=bas", "steps="});
  const std::string text = error.what();
  EXPECT_THAT(text, HasSubstr("--set: error: 'trust' must be a number in [0, 1]; got '2' (in --set "
                              "brands[0].trust=2) (at 'brands[0].trust')"));
  EXPECT_THAT(text, HasSubstr("did you mean 'bass'?"));
  EXPECT_THAT(text, HasSubstr("'steps' must be an integer in [1, 4294967295]; got nothing"));
  for (const auto& issue : error.issues()) EXPECT_EQ(issue.file, "--set");
}

// Issue 16.8: a seed from 2^53 on is refused, in the file and by --set, so every seed in
// runs.csv and manifests reads back exactly through a float parser.
TEST(ScenarioLoader, SeedsFrom2To53AreRefusedWhereverTheyAreGiven) {
  const InputError in_file = load_error("model: bass\nseed: 9007199254740992\n");
  ASSERT_EQ(in_file.issues().size(), 1u);
  EXPECT_EQ(in_file.issues()[0].file, kLabel);
  EXPECT_EQ(in_file.issues()[0].line, 2);
  EXPECT_THAT(in_file.issues()[0].message,
              HasSubstr("'seed' must be an integer in [0, 9007199254740991]; got "
                        "'9007199254740992' (seeds stay below 2^53"));
  const InputError by_set = load_error("model: bass\n", {"seed=18446744073709551615"});
  ASSERT_EQ(by_set.issues().size(), 1u);
  EXPECT_EQ(by_set.issues()[0].file, "--set");
  EXPECT_THAT(by_set.issues()[0].message, HasSubstr("[0, 9007199254740991]"));
  EXPECT_EQ(load("model: bass\n", {"seed=9007199254740991"}).seed, kMaxSeed);
}

// Issue 16.13: brands.0.price said only "the enclosing value is not a map of keys".
TEST(ScenarioLoader, DottedListIndexSuggestsBrackets) {
  const InputError error = load_error(kMarket, {"brands.1.price=2"});
  ASSERT_EQ(error.issues().size(), 1u);
  EXPECT_EQ(error.issues()[0].file, "--set");
  EXPECT_THAT(error.issues()[0].message, HasSubstr("an index into a list: write it in brackets"));
  EXPECT_EQ(error.issues()[0].suggestion, "brands[1].price");
}

// Issue 16.13: a sum pushed over 1 by --set blamed the file's line and printed
// 1.3000000000000003.
TEST(ScenarioLoader, SumOverBrandsBlamesTheSetThatChangedItInPlainNumbers) {
  const InputError error = load_error(
      "model: market\nbrands:\n  - {name: A, initial_share: 0.2}\n  - {name: B, "
      "initial_share: 0.2}\n",
      {"brands[0].initial_share=0.9"});
  ASSERT_EQ(error.issues().size(), 1u);
  EXPECT_EQ(error.issues()[0].file, "--set");
  EXPECT_EQ(error.issues()[0].key_path, "brands[0].initial_share");
  EXPECT_THAT(error.issues()[0].message, HasSubstr("it sums to 1.1"));
  EXPECT_THAT(error.issues()[0].message, Not(HasSubstr("1.1000000")));
}

TEST(ScenarioLoader, OverrideWithBadPathIsAnError) {
  EXPECT_THAT(message(kMarket, {"brands[Nobody].price=1"}),
              HasSubstr("no entry named 'Nobody'; names: Incumbent, Entrant (in --set "));
  EXPECT_THAT(message(kMarket, {"brands[7].price=1"}),
              HasSubstr("index 7 is out of range: the list has 2 entries"));
  EXPECT_THAT(message(kMarket, {"population.customers.x=1"}),
              HasSubstr("the enclosing value is not a map"));
  EXPECT_THAT(message(kMarket, {"steps.x=1"}), HasSubstr("'steps' must be an integer"));
  EXPECT_THAT(message("model: bass\n", {"brands[0].price=1"}),
              HasSubstr("there is no list 'brands' to index"));
  EXPECT_THAT(message(kMarket, {"steps"}), HasSubstr("expected key.path=value"));
  EXPECT_THAT(message(kMarket, {"brands[0.price=1"}), HasSubstr("expected key.path=value"));
  EXPECT_THAT(message(kMarket, {"steps=[1"}), HasSubstr("the value is not valid YAML"));
}

TEST(ScenarioLoader, OverrideOfAnAliasedValueChangesOnlyItsKey) {
  const Scenario s = load("model: market\nbrands:\n  - {name: A, quality: &q 8, claim: *q}\n",
                          {"brands[0].quality=6"});
  EXPECT_EQ(s.brands[0].quality, 6.0);
  EXPECT_EQ(s.brands[0].claim, 8.0);
}

TEST(ScenarioLoader, HostileInputFailsFast) {
  const auto start = std::chrono::steady_clock::now();
  // A billion-laughs alias bomb: yaml-cpp shares aliased nodes; the schema walk never expands them.
  std::string bomb = "model: bass\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 20; ++i) {
    bomb += fmt::format("a{0}: &a{0} [*a{1}", i, i - 1);
    for (int j = 1; j < 10; ++j) bomb += fmt::format(", *a{}", i - 1);
    bomb += "]\n";
  }
  bomb += "brands: *a19\n";
  EXPECT_THAT(message(bomb), HasSubstr("unknown key 'a0'"));
  // Deep nesting: yaml-cpp refuses it rather than overflowing the stack.
  EXPECT_THAT(message("model: bass\nx: " + std::string(100000, '[')), HasSubstr("test.yaml:"));
  EXPECT_THAT(message(std::string(50000, '{')), HasSubstr("test.yaml:"));
  // Many problems: the report is cut at 100 issues.
  std::string noisy = "model: bass\n";
  for (int i = 0; i < 500; ++i) noisy += fmt::format("k{}: 1\n", i);
  const auto error = load_error(noisy);
  EXPECT_EQ(error.issues().size(), 101u);
  EXPECT_THAT(error.issues().back().message, HasSubstr("400 more issues not shown"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ScenarioLoader, MissingFileIsAnInputError) {
  EXPECT_THROW((void)load_scenario("/nonexistent/scenario.yaml"), InputError);
  EXPECT_THROW((void)load_scenario(MURMUR_TEST_DATA_DIR), InputError);
}

TEST(ScenarioLoader, JsonLoadsBackToTheSameScenario) {
  const Scenario s = load(std::string(kMarket) + R"(    claim: 9.5
generations: {"6.0": {based_on: "5.0", inertia: 0.25}}
interventions:
  - {at_step: 3, kind: set_lever, brand: Entrant, lever: price, value: 0.9}
  - {when: {brand: Entrant, above: 0.3}, kind: exit, brands: [Incumbent]}
)");
  const std::string json = scenario_to_json(s);
  EXPECT_THAT(json, HasSubstr("\"kind\": \"set_lever\""));
  EXPECT_THAT(json, HasSubstr("\"6.0\": 0.0"));
  EXPECT_EQ(scenario_to_json(load(json)), json);
}

// ---- the resolved differences of two scenarios (compare's "B differs from A in") ----

TEST(ScenarioDifferences, NoneBetweenAScenarioAndItself) {
  EXPECT_TRUE(scenario_differences(load(kMarket), load(kMarket)).empty());
}

TEST(ScenarioDifferences, NameEachChangedKeyAsSetWritesItWithBothValues) {
  const Scenario a = load(kMarket);
  const Scenario b = load(kMarket, {"brands[1].ad_budget=20", "generations[4.0].inertia=2",
                                    "population.generation_mix={\"4.0\": 1}", "steps=26"});
  const std::vector<ScenarioDifference> differences = scenario_differences(a, b);
  std::vector<std::string> keys;
  for (const ScenarioDifference& d : differences) keys.push_back(d.key);
  // Schema order, --set spelling: [i] for list entries, [name] for generation names; every
  // share of the mix that the new mix changes.
  EXPECT_THAT(keys, ::testing::ElementsAre(
                        "steps", "population.generation_mix[1.0]", "population.generation_mix[2.0]",
                        "population.generation_mix[3.0]", "population.generation_mix[4.0]",
                        "population.generation_mix[5.0]", "generations[4.0].inertia",
                        "brands[1].ad_budget"));
  ASSERT_EQ(differences.size(), 8u);
  EXPECT_EQ(differences[0].a, "52");  // the default
  EXPECT_EQ(differences[0].b, "26");
  EXPECT_EQ(differences[4].b, "1.0");
  EXPECT_EQ(differences[7].a, "0.0");  // Entrant has no ad_budget: the default
  EXPECT_EQ(differences[7].b, "20.0");
}

TEST(ScenarioDifferences, AnEntryOnlyOneHasIsOneDifference) {
  const Scenario a = load(kMarket);
  const Scenario b = load(std::string(kMarket) + "  - name: Third\n    initial_share: 0.1\n");
  const std::vector<ScenarioDifference> differences = scenario_differences(a, b);
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0].key, "brands[2]");
  EXPECT_FALSE(differences[0].a);
  EXPECT_THAT(differences[0].b.value_or(""), HasSubstr("\"name\":\"Third\""));
}

TEST(ScenarioLoader, RepositoryScenariosLoad) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(MURMUR_SCENARIO_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().string());
    EXPECT_NO_THROW((void)load_scenario(entry.path()));
    ++count;
  }
  EXPECT_GE(count, 2);
  const Scenario bass = load_scenario(std::filesystem::path(MURMUR_SCENARIO_DIR) / "bass.yaml");
  EXPECT_EQ(bass.model, ModelKind::Bass);
  EXPECT_EQ(bass.population.customers, 100000u);
  EXPECT_EQ(bass.population.graph.kind, GraphKind::FullyMixed);
  EXPECT_EQ(bass.steps, 520u);
}

TEST(ScenarioSchema, EnumNamesAndLevers) {
  EXPECT_EQ(to_string(GraphKind::ScaleFree), "scale_free");
  EXPECT_EQ(to_string(InterventionKind::SeedAmbassadors), "seed_ambassadors");
  BrandSpec brand;
  ASSERT_NE(find_brand_lever(brand, "ad_budget"), nullptr);
  *find_brand_lever(brand, "ad_budget") = 4.0;
  EXPECT_EQ(brand.ad_budget, 4.0);
  EXPECT_EQ(find_brand_lever(brand, "name"), nullptr);
  EXPECT_EQ(brand_levers().size(), 21u);
}

std::string read_readme() {
  std::ifstream in(std::filesystem::path(MURMUR_SCENARIO_DIR) / "README.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ScenarioSchema, ReadmeExampleLoads) {
  const std::string readme = read_readme();
  const auto from = readme.find("```yaml\n");
  ASSERT_NE(from, std::string::npos);
  const auto to = readme.find("```", from + 8);
  const Scenario s = load(readme.substr(from + 8, to - from - 8));
  EXPECT_EQ(s.brands.size(), 2u);
  EXPECT_EQ(s.generations.size(), 6u);
}

// scenarios/README.md holds the generated schema between two markers. To regenerate it, run
// scripts/update_scenario_readme.sh (it sets MURMUR_UPDATE_SCENARIO_README=1 for this test).
// Issue 16.17: the "Files here" table listed two of the eleven scenarios. Every scenario file
// is in it, and everything in it is a scenario file.
TEST(ScenarioLibrary, ReadmeListsEveryScenarioFile) {
  const auto directory = std::filesystem::path(MURMUR_SCENARIO_DIR);
  const std::string readme = read_file_text(directory / "README.md");
  std::set<std::string> on_disk, listed;
  for (const auto& entry : std::filesystem::directory_iterator(directory))
    if (entry.path().extension() == ".yaml") on_disk.insert(entry.path().filename().string());
  const std::size_t table = readme.find("## Files here");
  ASSERT_NE(table, std::string::npos);
  std::istringstream lines(readme.substr(table, readme.find("\n## ", table + 1) - table));
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("| `", 0) == 0) listed.insert(line.substr(3, line.find('`', 3) - 3));
  EXPECT_EQ(listed, on_disk);
  EXPECT_GE(on_disk.size(), 11u);
}

TEST(ScenarioSchema, ReadmeIsUpToDate) {
  const auto readme = std::filesystem::path(MURMUR_SCENARIO_DIR) / "README.md";
  testing::expect_generated_section_current(readme, scenario_schema_markdown());
}

}  // namespace
}  // namespace murmur

namespace murmur {
namespace {

TEST(ScenarioLoader, AMisnamedGenerationIsOneIssueNotAlsoAWrongSum) {
  try {
    (void)load_scenario_text("population: {generation_mix: {\"6.0\": 1}}\nbrands: [{name: a}]\n",
                             "mix.yaml");
    FAIL() << "a misnamed generation must be refused";
  } catch (const InputError& error) {
    ASSERT_EQ(error.issues().size(), 1u);
    EXPECT_NE(error.issues()[0].message.find("unknown generation '6.0'"), std::string::npos);
  }
}

// ---- names (issue 22.3, 22.7, 22.8) ----

TEST(ScenarioLoader, BrandNamedAllIsRefusedInAnyCase) {
  for (const char* name : {"all", "ALL", "All"}) {
    const std::string text = message(fmt::format("model: market\nbrands:\n  - name: {}\n", name));
    EXPECT_THAT(text, HasSubstr("test.yaml:3:11: error: the brand name"));
    EXPECT_THAT(text, HasSubstr("is reserved: 'all' labels the market total"));
    EXPECT_THAT(text, HasSubstr("(at 'brands[0].name')"));
  }
}

TEST(ScenarioLoader, GenerationNamedAllIsRefused) {
  const std::string text = message(std::string(kMarket) + "generations:\n  all: {inertia: 1}\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:10:3: error: the generation name 'all' is reserved"));
}

TEST(ScenarioLoader, NameLongerThan64CharactersIsRefused) {
  const std::string name(65, 'x');
  const std::string text = message(fmt::format("model: market\nbrands:\n  - name: {}\n", name));
  EXPECT_THAT(text, HasSubstr("test.yaml:3:11: error: the brand name"));
  EXPECT_THAT(text, HasSubstr("is 65 characters long; at most 64 are allowed"));
  // 64 characters of two bytes each are 64 characters, not 128.
  std::string accented;
  for (int i = 0; i < 64; ++i) accented += "\xC3\xA9";  // é
  EXPECT_NO_THROW(load(fmt::format("model: market\nbrands:\n  - name: {}\n", accented)));
}

TEST(ScenarioLoader, ScenarioNameWithControlCharacterIsRefused) {
  const std::string text = message("name: \"a\\x1b[31mb\"\nmodel: bass\n");
  EXPECT_THAT(text, HasSubstr("test.yaml:1:7: error: the scenario name"));
  EXPECT_THAT(text, HasSubstr("contains a control character (U+001B at character 2)"));
  EXPECT_THAT(message("name: \"a\\u0085b\"\nmodel: bass\n"), HasSubstr("U+0085"));  // C1
}

TEST(ScenarioLoader, NameWithInvalidUtf8IsRefused) {
  EXPECT_THAT(message("model: market\nbrands:\n  - name: \"a\xFF\"\n"),
              HasSubstr("is not valid UTF-8 (byte 2)"));
  EXPECT_THAT(message("model: market\nbrands:\n  - name: \"\xC0\xAF\"\n"),  // overlong '/'
              HasSubstr("is not valid UTF-8"));
}

TEST(ScenarioLoader, PrintableUnicodeNamesAreAccepted) {
  const Scenario loaded = load("model: market\nbrands:\n  - name: Café 東京 ☕\n");
  EXPECT_EQ(loaded.brands[0].name, "Café 東京 ☕");
}

TEST(ScenarioLoader, NameThatSpreadsheetsReadAsAFormulaIsRefused) {
  for (const char* name : {"'=HYPERLINK(\"http://x\")'", "'+1'", "'-2'", "'@SUM(A1)'"}) {
    const std::string text = message(fmt::format("model: market\nbrands:\n  - name: {}\n", name));
    EXPECT_THAT(text, HasSubstr("which spreadsheets read as a formula")) << name;
  }
  EXPECT_NO_THROW(load("model: market\nbrands:\n  - name: A=B\n"));
}

// ---- one document per file (issue 22.4) ----

TEST(ScenarioLoader, SecondYamlDocumentIsRefusedWithItsLine) {
  EXPECT_THAT(message("model: bass\nsteps: 5\n---\nsteps: 9\n"),
              HasSubstr("test.yaml:3:1: error: a second YAML document starts here"));
  EXPECT_THAT(message("model: bass\n...\nsteps: 9\n"),
              HasSubstr("test.yaml:3:1: error: a second YAML document starts here"));
  // A document marker before the only document, and an end marker after it, are fine.
  EXPECT_EQ(load("---\nmodel: bass\nsteps: 5\n...\n").steps, 5u);
}

// An intervention applied by hand (the Python module's Simulation.apply) is read as the
// file's `interventions:` entries are: the same keys and the same checks of its brand,
// lever and value; a trigger is not needed.
TEST(LoadIntervention, ReadsAnEntryAsTheFileDoes) {
  const Scenario scenario = load(kMarket);
  const InterventionSpec lever = load_intervention(
      scenario, R"({kind: set_lever, brand: Entrant, lever: price, value: 0.9})", "apply");
  EXPECT_EQ(lever.kind, InterventionKind::SetLever);
  EXPECT_THAT(lever.brands, ElementsAre("Entrant"));
  EXPECT_EQ(lever.lever, "price");
  EXPECT_EQ(lever.value, 0.9);
  const InterventionSpec scandal = load_intervention(
      scenario, R"({"kind": "scandal", "brand": "Incumbent", "value": 2, "weeks": 3})", "apply");
  EXPECT_EQ(scandal.kind, InterventionKind::Scandal);
  EXPECT_EQ(scandal.weeks, 3u);
}

TEST(LoadIntervention, ChecksBrandLeverAndValueNamingTheLabel) {
  const Scenario scenario = load(kMarket);
  auto issue = [&](std::string_view text) {
    try {
      (void)load_intervention(scenario, text, "apply");
    } catch (const InputError& e) {
      return e.issues().at(0);
    }
    ADD_FAILURE() << "accepted " << text;
    return InputIssue{};
  };
  const InputIssue brand = issue("{kind: scandal, brand: Nobody, value: 2}");
  EXPECT_EQ(brand.file, "apply");
  EXPECT_THAT(brand.message, HasSubstr("Nobody"));
  EXPECT_EQ(issue("{kind: set_lever, brand: Entrant, lever: prize, value: 1}").suggestion, "price");
  EXPECT_EQ(issue("{kind: set_lever, brand: Entrant, lever: price, value: -1}").key_path,
            "interventions[0].value");
  EXPECT_THAT(issue("{kind: scandle, brand: Entrant}").key_path, HasSubstr("kind"));
}

}  // namespace
}  // namespace murmur
