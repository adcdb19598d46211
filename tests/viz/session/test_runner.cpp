#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/core/error.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/temp_dir.hpp"
#include "viz/session/runner.hpp"
#include "viz/support.hpp"

namespace murmur {
namespace {

using namespace std::chrono_literals;

std::vector<double> adoption_series(const std::vector<MetricsFrame>& frames,
                                    const MetricsSchema& schema) {
  std::vector<double> values;
  for (const auto& f : frames) values.push_back(f.get(schema.metric_id("adoption"), 0));
  return values;
}

/// A two-week campaign (value 10) for the Challenger, fired by hand as the dashboard does.
InterventionSpec viral_campaign() {
  InterventionSpec campaign;
  campaign.name = "viral campaign";
  campaign.kind = InterventionKind::Campaign;
  campaign.brands = {"Challenger"};
  campaign.value = 10.0;
  campaign.weeks = 2;
  return campaign;
}

TEST(Session, AppliesCommandsBetweenStepsAndLogsTheirStep) {
  Session session(test::small_bass(), test::test_config());
  for (int i = 0; i < 3; ++i) session.step();
  session.apply(cmd::SetLever{Branch::Main, 0, "imitation_per_year", 1.25});
  session.step();
  ASSERT_EQ(session.log().size(), 1u);
  EXPECT_EQ(session.log()[0].step, 3u);
  EXPECT_EQ(session.current_step(), 4u);
  const auto levers = session.model(Branch::Main).levers();
  const auto it = std::find_if(levers.begin(), levers.end(),
                               [](const LeverInfo& l) { return l.name == "imitation_per_year"; });
  ASSERT_NE(it, levers.end());
  EXPECT_DOUBLE_EQ(it->value, 1.25);
  // A lever change shows as a marker on the charts' time axis at the step it took effect.
  const auto snapshot = session.make_snapshot();
  ASSERT_EQ(snapshot->markers->size(), 1u);
  EXPECT_EQ(snapshot->markers->front().step, 3u);
}

TEST(Session, ScheduledAndAdHocEventsChangeTheMarketAndShowAsMarkers) {
  Session session(test::small_market(), test::test_config());
  for (int i = 0; i < 5; ++i) session.step();
  const auto challenger_quality = [&] {
    const auto levers = session.model(Branch::Main).levers();
    return std::find_if(levers.begin(), levers.end(),
                        [](const LeverInfo& l) { return l.brand == 1 && l.name == "quality"; })
        ->value;
  };
  EXPECT_EQ(challenger_quality(), 6.0);  // the scheduled scandal, weeks 3–5
  InterventionSpec campaign = viral_campaign();
  session.apply(cmd::TriggerEvent{Branch::Main, campaign});
  session.step();  // week 5: still in force
  EXPECT_EQ(challenger_quality(), 6.0);
  session.step();  // week 6: undone at its start
  EXPECT_EQ(challenger_quality(), 8.0);
  const auto markers = *session.make_snapshot()->markers;
  ASSERT_EQ(markers.size(), 2u);  // one each: the scheduled one is not marked twice
  EXPECT_EQ(markers[0].label, "scheduled scandal");
  EXPECT_EQ(markers[0].step, 3u);
  EXPECT_EQ(markers[1].label, "viral campaign");
  EXPECT_EQ(markers[1].step, 5u);
  EXPECT_EQ(session.model(Branch::Main).fired_interventions().size(), 2u);
  // An event for a brand the market does not have is refused and changes nothing.
  campaign.brands = {"Nobody"};
  EXPECT_THROW(session.apply(cmd::TriggerEvent{Branch::Main, campaign}), std::invalid_argument);
  EXPECT_EQ(session.make_snapshot()->markers->size(), 2u);
}

TEST(Session, ASavedMarketRestoresWhereTheWorkshopLeftOff) {
  const auto path = testing::scratch_path("murmur_session_test") / "market.murmur";
  Session workshop(test::small_market(), test::test_config());
  for (int i = 0; i < 4; ++i) workshop.step();
  workshop.apply(cmd::SetLever{Branch::Main, 0, "price", 1.4});  // a slider moved in the room
  for (int i = 0; i < 3; ++i) workshop.step();
  workshop.apply(cmd::SaveMarket{path.string()});

  Session later(test::small_bass(), test::test_config());  // another day, another scenario open
  later.apply(cmd::RestoreMarket{path.string()});
  EXPECT_EQ(later.current_step(), 7u);
  EXPECT_EQ(later.scenario().name, "small_market");
  EXPECT_EQ(later.history(Branch::Main).size(), 8u);
  EXPECT_EQ(later.model(Branch::Main).state_hash(), workshop.model(Branch::Main).state_hash());
  for (int i = 0; i < 5; ++i) {
    workshop.step();
    later.step();
  }
  EXPECT_EQ(later.model(Branch::Main).state_hash(), workshop.model(Branch::Main).state_hash());

  // A damaged file is refused and the session keeps its market.
  std::string bytes = read_file_text(path);
  bytes[bytes.size() / 2] ^= 0x01;
  write_file_atomically(path, bytes);
  const std::uint64_t before = later.model(Branch::Main).state_hash();
  EXPECT_THROW(later.apply(cmd::RestoreMarket{path.string()}), InputError);
  EXPECT_EQ(later.model(Branch::Main).state_hash(), before);
  EXPECT_EQ(later.current_step(), 12u);
  std::filesystem::remove_all(path.parent_path());
}

TEST(Session, TheDashboardCountsCausesInMarketScenariosUnlessAnOverrideSaysNot) {
  const std::filesystem::path dir = MURMUR_SCENARIO_DIR;
  EXPECT_TRUE(load_dashboard_scenario(dir / "default.yaml").output.attribution);
  EXPECT_FALSE(load_scenario(dir / "default.yaml").output.attribution);
  EXPECT_FALSE(load_dashboard_scenario(dir / "default.yaml", {"output.attribution=false"})
                   .output.attribution);
  EXPECT_TRUE(load_dashboard_scenario(dir / "default.yaml", {"output.attribution=true"})
                  .output.attribution);
  EXPECT_FALSE(load_dashboard_scenario(dir / "bass.yaml").output.attribution);  // not a market
}

TEST(Session, TheDashboardKeepsAttributionOffWhenTheScenarioFileSaysSo) {
  const auto dir = testing::scratch_path("murmur_dash_attribution_file_test");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string market =
      "model: market\nsteps: 4\npopulation: {customers: 500}\n"
      "brands: [{name: A}, {name: B}]\n";
  write_file_atomically(dir / "off.yaml", market + "output: {attribution: false}\n");
  write_file_atomically(dir / "on.yaml", market + "output: {attribution: true}\n");
  write_file_atomically(dir / "unsaid.yaml", market + "output: {every: 2}\n");
  EXPECT_FALSE(load_dashboard_scenario(dir / "off.yaml").output.attribution);
  EXPECT_TRUE(load_dashboard_scenario(dir / "on.yaml").output.attribution);
  EXPECT_TRUE(load_dashboard_scenario(dir / "unsaid.yaml").output.attribution);
  // An override still wins over the file, either way.
  EXPECT_TRUE(
      load_dashboard_scenario(dir / "off.yaml", {"output.attribution=true"}).output.attribution);
  EXPECT_FALSE(
      load_dashboard_scenario(dir / "on.yaml", {"output.attribution=false"}).output.attribution);
  std::filesystem::remove_all(dir);
}

TEST(Session, WithAttributionTheInspectorKnowsWhyAndExportsAndSavesKeepWorking) {
  const auto dir = testing::scratch_path("murmur_dash_attribution_test");
  std::filesystem::remove_all(dir);
  Scenario scenario = test::small_market();
  scenario.output.attribution = true;
  SessionConfig config = test::test_config();
  config.scenario_json = [](const Scenario& s) { return scenario_to_json(s); };
  Session session(scenario, config);
  for (int i = 0; i < 8; ++i) session.step();
  auto snapshot = session.make_snapshot();
  EXPECT_TRUE(snapshot->attribution);
  // Someone in the sample switched or adopted and knows why; the snapshot's views carry it.
  const auto& sample = snapshot->main.sample;
  EXPECT_TRUE(std::any_of(sample.begin(), sample.end(), [](const CustomerView& c) {
    return c.brand != kAllLabel && c.adoption_causes != 0;
  }));
  for (const CustomerView& c : sample) {
    if (c.brand == kAllLabel) {
      EXPECT_EQ(c.adoption_causes, 0);
    }
  }

  session.apply(cmd::ExportRun{dir.string()});
  const std::string csv = read_file_text(dir / "metrics.csv");
  EXPECT_NE(csv.find("new_by_word_of_mouth"), std::string::npos);
  EXPECT_NE(read_file_text(dir / "manifest.json").find("\"attribution\": true"), std::string::npos);

  session.apply(cmd::SaveMarket{(dir / "market.murmur").string()});
  Session later(test::small_bass(), test::test_config());
  later.apply(cmd::RestoreMarket{(dir / "market.murmur").string()});
  EXPECT_TRUE(later.make_snapshot()->attribution);
  EXPECT_EQ(later.model(Branch::Main).state_hash(), session.model(Branch::Main).state_hash());
  for (int i = 0; i < 3; ++i) {
    session.step();
    later.step();
  }
  EXPECT_EQ(later.model(Branch::Main).state_hash(), session.model(Branch::Main).state_hash());
  std::filesystem::remove_all(dir);
}

TEST(Session, BadLeverThrowsAndChangesNothing) {
  Session session(test::small_bass(), test::test_config());
  EXPECT_THROW(session.apply(cmd::SetLever{Branch::Main, 0, "no_such_lever", 1.0}),
               std::invalid_argument);
  EXPECT_THROW(session.apply(cmd::SetLever{Branch::Fork, 0, "imitation_per_year", 1.0}),
               std::invalid_argument);
  EXPECT_TRUE(session.log().empty());
  EXPECT_TRUE(session.make_snapshot()->markers->empty());
}

TEST(Session, ForkGivesIdenticalBranchesUntilALeverDiffers) {
  Session session(test::small_bass(), test::test_config());
  for (int i = 0; i < 5; ++i) session.step();
  session.apply(cmd::Fork{});
  for (int i = 0; i < 8; ++i) session.step();
  EXPECT_EQ(session.model(Branch::Main).state_hash(), session.model(Branch::Fork).state_hash());
  EXPECT_EQ(session.history(Branch::Main).size(), session.history(Branch::Fork).size());

  session.apply(cmd::SetLever{Branch::Fork, 0, "imitation_per_year", 9.0});
  for (int i = 0; i < 8; ++i) session.step();
  EXPECT_NE(session.model(Branch::Main).state_hash(), session.model(Branch::Fork).state_hash());
  const MetricsSchema& schema = session.model(Branch::Main).schema();
  const auto main = adoption_series(session.history(Branch::Main), schema);
  const auto fork = adoption_series(session.history(Branch::Fork), schema);
  EXPECT_GT(fork.back(), main.back());  // more word of mouth, more adoption
  // Up to the lever change, the branches agree step by step.
  for (std::size_t i = 0; i <= 13; ++i) EXPECT_EQ(main[i], fork[i]) << "step " << i;

  // The main branch is the run it would have been without the fork.
  Session reference(test::small_bass(), test::test_config());
  for (int i = 0; i < 21; ++i) reference.step();
  EXPECT_EQ(reference.model(Branch::Main).state_hash(), session.model(Branch::Main).state_hash());
}

TEST(Session, ReplayedCommandLogReproducesTheSessionBitForBit) {
  Session live(test::small_bass(), test::test_config());
  live.apply(cmd::Play{});
  for (int i = 0; i < 4; ++i) live.step();
  live.apply(cmd::SetLever{Branch::Main, 0, "innovation_per_year", 0.05});
  for (int i = 0; i < 3; ++i) live.step();
  live.apply(cmd::Fork{});
  live.apply(cmd::TriggerEvent{Branch::Fork, test::small_bass().interventions[0]});
  for (int i = 0; i < 5; ++i) live.step();
  live.apply(cmd::Reset{std::optional<Seed>(99)});
  for (int i = 0; i < 2; ++i) live.step();
  live.apply(cmd::Fork{});
  live.apply(cmd::SetLever{Branch::Fork, 0, "imitation_per_year", 0.5});
  for (int i = 0; i < 6; ++i) live.step();

  Session replayed(test::small_bass(), test::test_config());
  replay_log(replayed, live.log(), live.current_step());
  ASSERT_EQ(replayed.current_step(), live.current_step());
  ASSERT_TRUE(replayed.has_fork());
  EXPECT_EQ(replayed.model(Branch::Main).state_hash(), live.model(Branch::Main).state_hash());
  EXPECT_EQ(replayed.model(Branch::Fork).state_hash(), live.model(Branch::Fork).state_hash());
  const MetricsSchema& schema = live.model(Branch::Main).schema();
  EXPECT_EQ(adoption_series(replayed.history(Branch::Fork), schema),
            adoption_series(live.history(Branch::Fork), schema));
}

TEST(Session, ResetReturnsToStepZeroAndANewSeedChangesTheRun) {
  Session session(test::small_bass(), test::test_config());
  for (int i = 0; i < 6; ++i) session.step();
  const std::uint64_t seed7 = session.model(Branch::Main).state_hash();
  session.apply(cmd::Reset{});
  EXPECT_EQ(session.current_step(), 0u);
  for (int i = 0; i < 6; ++i) session.step();
  EXPECT_EQ(session.model(Branch::Main).state_hash(), seed7);
  session.apply(cmd::Reset{std::optional<Seed>(8)});
  for (int i = 0; i < 6; ++i) session.step();
  EXPECT_NE(session.model(Branch::Main).state_hash(), seed7);
}

TEST(Session, FramesCarryEpochsSoTheUiKnowsWhatToForget) {
  Session session(test::small_bass(), test::test_config());
  session.step();
  auto frames = session.take_frames();
  ASSERT_EQ(frames.size(), 2u);  // step 0 and step 1
  const std::uint32_t epoch = frames[0].epoch;
  session.apply(cmd::Fork{});
  frames = session.take_frames();
  ASSERT_EQ(frames.size(), 2u);  // the fork starts with a copy of the main history
  EXPECT_EQ(frames[0].branch, Branch::Fork);
  session.apply(cmd::Reset{});
  frames = session.take_frames();
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_GT(frames[0].epoch, epoch);
  EXPECT_EQ(frames[0].frame.step, 0u);
}

TEST(Session, InspectionShowsWhoCouldHaveSpokenLastStep) {
  Session session(test::small_bass(), test::test_config());
  for (int i = 0; i < 15; ++i) session.step();
  const CustomerIndex customer = session.network_sample().customers[0];
  session.apply(cmd::Inspect{customer});
  session.step();
  const auto snapshot = session.make_snapshot();
  ASSERT_TRUE(snapshot->main.inspection);
  const Inspection& in = *snapshot->main.inspection;
  EXPECT_EQ(in.customer, customer);
  EXPECT_EQ(in.degree, session.model(Branch::Main).graph().degree(customer));
  EXPECT_EQ(in.speakers.size(), in.speaker_views.size());
  for (const CustomerView& v : in.speaker_views) EXPECT_NE(v.advocacy, 0);
  // Bass: the adopters among the neighbours a step ago are exactly those who could have spoken.
  EXPECT_EQ(in.speakers.size(),
            std::min<std::size_t>(in.view.heard_from, Inspection::kMaxSpeakersShown));
}

TEST(Session, SnapshotHasTheSampleViewsLeversAndNetwork) {
  Session session(test::small_bass(), test::test_config());
  session.step();
  const auto snapshot = session.make_snapshot();
  ASSERT_TRUE(snapshot->network);
  EXPECT_EQ(snapshot->network->node_count(), 300u);
  EXPECT_EQ(snapshot->main.sample.size(), 300u);
  EXPECT_EQ(snapshot->main.levers.size(), 2u);
  EXPECT_EQ(snapshot->interventions.size(), 1u);
  EXPECT_EQ(snapshot->schema->brand_labels.at(0), "product");
  EXPECT_FALSE(snapshot->fork);
  EXPECT_FALSE(snapshot->ad_hoc_events);  // Bass: no scandal or entrant buttons
  EXPECT_TRUE(Session(test::small_market(), test::test_config()).make_snapshot()->ad_hoc_events);
}

TEST(Session, ExportWritesMetricsAndAManifestInTheCliFormat) {
  const auto dir = testing::scratch_path("murmur_dash_export_test");
  std::filesystem::remove_all(dir);
  Session session(test::small_bass(), test::test_config());
  for (int i = 0; i < 4; ++i) session.step();
  session.apply(cmd::SetLever{Branch::Main, 0, "imitation_per_year", 2.0});
  session.apply(cmd::Fork{});
  session.step();
  session.apply(cmd::ExportRun{dir.string()});
  std::ifstream csv(dir / "metrics.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header + "\n", std::string(CsvMetricsWriter::kHeader));
  EXPECT_TRUE(std::filesystem::exists(dir / "fork" / "metrics.csv"));
  std::ifstream manifest_file(dir / "manifest.json");
  std::stringstream manifest;
  manifest << manifest_file.rdbuf();
  EXPECT_NE(manifest.str().find("\"dashboard_commands\""), std::string::npos);
  EXPECT_NE(manifest.str().find("set_lever main product imitation_per_year=2"), std::string::npos);
  EXPECT_NE(manifest.str().find("\"final_state_hash\""), std::string::npos);
  std::filesystem::remove_all(dir);
}

// Issue 16.9: the exported manifest said wall_seconds 0 and interventions_fired [] after a
// campaign had fired.
TEST(Session, ExportedManifestHasTheRealWallTimeAndTheFiredCampaign) {
  const auto dir = testing::scratch_path("murmur_dash_export_manifest_test");
  std::filesystem::remove_all(dir);
  const auto before = std::chrono::steady_clock::now();
  Session session(test::small_market(), test::test_config());
  session.step();
  const InterventionSpec campaign = viral_campaign();
  session.apply(cmd::TriggerEvent{Branch::Main, campaign});
  session.step();
  std::this_thread::sleep_for(150ms);  // the export's wall time includes time spent paused
  session.apply(cmd::ExportRun{dir.string()});
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
  std::ifstream manifest_file(dir / "manifest.json");
  const auto manifest = nlohmann::json::parse(manifest_file);
  EXPECT_GE(manifest.at("wall_seconds").get<double>(), 0.15);
  EXPECT_LE(manifest.at("wall_seconds").get<double>(), elapsed);
  ASSERT_EQ(manifest.at("interventions_fired").size(), 1u) << manifest.dump(2);
  EXPECT_EQ(manifest["interventions_fired"][0].at("name"), "viral campaign");
  EXPECT_EQ(manifest["interventions_fired"][0].at("kind"), "campaign");
  EXPECT_EQ(manifest["interventions_fired"][0].at("week"), 1);
  std::filesystem::remove_all(dir);
}

TEST(SimulationRunner, PlaysOnItsOwnThreadAndTheUiMissesNoStep) {
  SimulationRunner runner(test::small_bass(), test::test_config(), 1);
  runner.send(cmd::Play{});
  ASSERT_TRUE(runner.wait_for_step(25, 20s));
  runner.send(cmd::Pause{});
  ASSERT_TRUE(runner.wait_for_commands(20s));
  std::vector<FrameRecord> frames = runner.take_frames();
  const Step last = runner.snapshot()->main.step;
  ASSERT_EQ(frames.size(), last + 1u);
  for (std::size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(frames[i].frame.step, i);
  EXPECT_FALSE(runner.snapshot()->playing);
}

TEST(SimulationRunner, ALiveSessionReplaysBitForBit) {
  SimulationRunner runner(test::small_bass(), test::test_config(), 1);
  runner.send(cmd::SetSpeed{200.0});
  runner.send(cmd::Play{});
  ASSERT_TRUE(runner.wait_for_step(5, 20s));
  runner.send(cmd::SetLever{Branch::Main, 0, "imitation_per_year", 5.0});
  runner.send(cmd::Fork{});
  ASSERT_TRUE(runner.wait_for_commands(20s));
  runner.send(cmd::SetLever{Branch::Fork, 0, "imitation_per_year", 0.2});
  ASSERT_TRUE(runner.wait_for_step(30, 20s));
  runner.send(cmd::Pause{});
  ASSERT_TRUE(runner.wait_for_commands(20s));
  const auto snapshot = runner.snapshot();
  std::vector<FrameRecord> frames = runner.take_frames();

  Session replayed(test::small_bass(), test::test_config());
  replay_log(replayed, runner.command_log(), snapshot->main.step);
  ASSERT_TRUE(replayed.has_fork());
  std::vector<MetricsFrame> live_main, live_fork;
  for (const FrameRecord& r : frames)
    (r.branch == Branch::Main ? live_main : live_fork).push_back(r.frame);
  const MetricsSchema& schema = *snapshot->schema;
  EXPECT_EQ(adoption_series(replayed.history(Branch::Main), schema),
            adoption_series(live_main, schema));
  EXPECT_EQ(adoption_series(replayed.history(Branch::Fork), schema),
            adoption_series(live_fork, schema));
}

TEST(SimulationRunner, ABadCommandReportsAnErrorAndKeepsRunning) {
  SimulationRunner runner(test::small_bass(), test::test_config(), 1);
  runner.send(cmd::SetLever{Branch::Main, 0, "nonsense", 1.0});
  runner.send(cmd::Step{2});
  ASSERT_TRUE(runner.wait_for_step(2, 20s));
  ASSERT_TRUE(runner.wait_for_commands(20s));
  const auto snapshot = runner.snapshot();
  EXPECT_TRUE(snapshot->status_is_error);
  EXPECT_NE(snapshot->status.find("nonsense"), std::string::npos);
}

}  // namespace
}  // namespace murmur
