// The dashboard without a window: a null ImGui context (imgui's example_null) runs
// draw_dashboard on real snapshots, and synthetic input checks the controls and shortcuts.

#include <imgui.h>

#include <gtest/gtest.h>

#include "sim/run/model_factory.hpp"
#include "support.hpp"
#include "viz/dashboard.hpp"

namespace murmur::viz {
namespace {

class NullImGui : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1920, 1080);
    io.DeltaTime = 1.0f / 60.0f;
    io.KeyMap[ImGuiKey_Space] = 32;
    io.KeyMap[ImGuiKey_RightArrow] = 262;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // a built atlas, as a renderer would ask
  }
  void TearDown() override { ImGui::DestroyContext(); }

  std::vector<Command> frame(const Snapshot* snapshot) {
    ImGui::NewFrame();
    std::vector<Command> commands = draw_dashboard(snapshot, ui);
    ImGui::Render();
    return commands;
  }

  UiState ui;
};

template <class T>
int count_of(const std::vector<Command>& commands) {
  return static_cast<int>(std::count_if(commands.begin(), commands.end(), [](const Command& c) {
    return std::holds_alternative<T>(c);
  }));
}

TEST_F(NullImGui, DrawsAWaitingScreenBeforeTheFirstSnapshot) {
  EXPECT_TRUE(frame(nullptr).empty());
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 0);
}

TEST_F(NullImGui, DrawsEveryPanelFromASnapshotWithoutSendingAnything) {
  Session session(test::small_bass(), test::test_config());
  for (int i = 0; i < 10; ++i) session.step();
  session.apply(cmd::Fork{});
  session.apply(cmd::Inspect{session.network_sample().customers[3]});
  session.step();
  ui.history.append(session.take_frames());
  const auto snapshot = session.make_snapshot();
  ui.scenario_dir = MURMUR_SCENARIO_DIR;
  EXPECT_TRUE(frame(snapshot.get()).empty());
  EXPECT_TRUE(frame(snapshot.get()).empty());
  EXPECT_EQ(ui.seed, snapshot->seed);
  EXPECT_FALSE(ui.scenario_files.empty());  // scenarios/ listed for the open menu
  EXPECT_GT(ui.charts_rect[2], ui.charts_rect[0]);
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 10000);  // charts and network were drawn
}

TEST_F(NullImGui, PlayButtonSendsPlayWhenPausedAndPauseWhenPlaying) {
  Session session(test::small_bass(), test::test_config());
  auto paused = session.make_snapshot();
  ImGuiIO& io = ImGui::GetIO();
  frame(paused.get());           // lay out once, so the button exists where it will be clicked
  io.MousePos = ImVec2(20, 16);  // the first button of the top bar
  io.MouseDown[0] = true;
  frame(paused.get());
  io.MouseDown[0] = false;
  auto commands = frame(paused.get());
  EXPECT_EQ(count_of<cmd::Play>(commands), 1);

  session.apply(cmd::Play{});
  auto playing = session.make_snapshot();
  io.MouseDown[0] = true;
  frame(playing.get());
  io.MouseDown[0] = false;
  commands = frame(playing.get());
  EXPECT_EQ(count_of<cmd::Pause>(commands), 1);
}

TEST_F(NullImGui, KeyboardShortcutsPlayStepAndReset) {
  Session session(test::small_bass(), test::test_config());
  const auto snapshot = session.make_snapshot();
  ImGuiIO& io = ImGui::GetIO();
  frame(snapshot.get());
  io.KeysDown[32] = true;
  auto commands = frame(snapshot.get());
  io.KeysDown[32] = false;
  EXPECT_EQ(count_of<cmd::Play>(commands), 1);

  io.KeysDown[262] = true;
  commands = frame(snapshot.get());
  io.KeysDown[262] = false;
  EXPECT_EQ(count_of<cmd::Step>(commands), 1);

  io.AddInputCharacter('r');
  commands = frame(snapshot.get());
  EXPECT_EQ(count_of<cmd::Reset>(commands), 1);
  EXPECT_TRUE(frame(snapshot.get()).empty());  // a key press is one command, not one per frame
}

TEST(History, KeepsEveryStepAndForgetsOnNewEpochs) {
  Session session(test::small_bass(), test::test_config());
  for (int i = 0; i < 5; ++i) session.step();
  History history;
  history.append(session.take_frames());
  ASSERT_EQ(history.size(Branch::Main), 6u);
  const MetricsSchema& schema = session.model(Branch::Main).schema();
  const std::uint16_t adoption = schema.metric_id("adoption");
  EXPECT_TRUE(history.has(adoption, 0, kAllLabel));
  EXPECT_FALSE(history.has(adoption, kAllLabel, kAllLabel));
  EXPECT_FLOAT_EQ(history.value(Branch::Main, 5, adoption, 0, kAllLabel),
                  static_cast<float>(session.history(Branch::Main)[5].get(adoption, 0)));
  EXPECT_TRUE(std::isnan(history.value(Branch::Main, 5, adoption, 0, 3)));

  session.apply(cmd::Fork{});
  session.step();
  history.append(session.take_frames());
  EXPECT_EQ(history.size(Branch::Fork), 7u);
  session.apply(cmd::Unfork{});
  session.apply(cmd::Fork{});
  history.append(session.take_frames());
  EXPECT_EQ(history.size(Branch::Fork), 7u);  // the new fork replaced the old one
  session.apply(cmd::Reset{});
  history.append(session.take_frames());
  EXPECT_EQ(history.size(Branch::Main), 1u);
  EXPECT_EQ(history.size(Branch::Fork), 0u);
}

TEST_F(NullImGui, DrawsTheByCauseChartsOfAMarketWithAttributionForkedOrNot) {
  Scenario scenario = test::small_market();
  scenario.output.attribution = true;
  Session session(scenario, test::test_config());
  for (int i = 0; i < 6; ++i) session.step();
  ui.history.append(session.take_frames());
  auto snapshot = session.make_snapshot();
  EXPECT_TRUE(snapshot->attribution);
  frame(snapshot.get());
  EXPECT_NE(std::find(ui.shown_metrics.begin(), ui.shown_metrics.end(), kAdoptionsByCause),
            ui.shown_metrics.end());
  const int before = ImGui::GetDrawData()->TotalVtxCount;
  ui.shown_metrics.emplace_back(kLossesByCause);  // as the Metrics... chooser does
  frame(snapshot.get());
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, before);  // the losses chart drew too

  session.apply(cmd::Fork{});
  for (int i = 0; i < 3; ++i) session.step();
  ui.history.append(session.take_frames());
  snapshot = session.make_snapshot();
  ui.cause_brand = 1;  // the Challenger's causes
  EXPECT_TRUE(frame(snapshot.get()).empty());
  ui.cause_brand = 7;  // no such brand (another scenario's choice): back to all brands
  frame(snapshot.get());
  EXPECT_EQ(ui.cause_brand, kAllLabel);
}

MetricsSchema two_brands() {
  MetricsSchema schema;
  schema.metric_names = {"share"};
  schema.brand_labels = {"MassAd", "Delight"};
  schema.generation_labels = {"1.0"};
  return schema;
}

CustomerView customer_of(std::uint16_t brand, std::uint8_t causes) {
  CustomerView view;
  view.brand = brand;
  view.adoption_causes = causes;
  return view;
}

TEST(AdoptionReason, NamesEachCauseInWords) {
  const MetricsSchema schema = two_brands();
  const std::vector<std::string> expected = {
      "came to MassAd through: advertising",    "came to MassAd through: word of mouth",
      "came to MassAd through: referral",       "came to MassAd through: personalised offer",
      "came to MassAd through: local shop",     "came to MassAd through: seeding",
      "came to MassAd through: earlier contact"};
  ASSERT_EQ(expected.size(), kAdoptionCauses);
  for (std::size_t k = 0; k < kAdoptionCauses; ++k)
    EXPECT_EQ(
        adoption_reason(schema, customer_of(0, cause_bit(static_cast<AdoptionCause>(k))), true),
        expected[k]);
}

TEST(AdoptionReason, ListsSeveralCausesInOrderAndSaysWhenThereAreNone) {
  const MetricsSchema schema = two_brands();
  const auto several = static_cast<std::uint8_t>(cause_bit(AdoptionCause::Offer) |
                                                 cause_bit(AdoptionCause::Advertising) |
                                                 cause_bit(AdoptionCause::WordOfMouth));
  EXPECT_EQ(adoption_reason(schema, customer_of(1, several), true),
            "came to Delight through: advertising, word of mouth, personalised offer");
  EXPECT_EQ(adoption_reason(schema, customer_of(1, 0), true),
            "customer of Delight since the start");
  EXPECT_EQ(adoption_reason(schema, customer_of(kAllLabel, 0), true), "no brand");
  EXPECT_EQ(adoption_reason(schema, customer_of(kAllLabel, 0), false), "no brand");
  EXPECT_EQ(adoption_reason(schema, customer_of(0, several), false),
            "why MassAd: not counted (output.attribution is off)");
}

TEST(AdoptionReason, ABrandNameReachesTheScreenSanitised) {
  MetricsSchema schema = two_brands();
  schema.brand_labels[0] = "Mass\x1b[2JAd";
  EXPECT_EQ(adoption_reason(schema, customer_of(0, cause_bit(AdoptionCause::Local)), true),
            "came to Mass\\x1B[2JAd through: local shop");
}

TEST(ChartOrder, PutsTheHeadlineMetricsFirst) {
  MetricsSchema schema;
  schema.metric_names = {"revenue", "nps", "share", "awareness"};
  const std::vector<std::uint16_t> expected = {2, 3, 1, 0};
  EXPECT_EQ(chart_order(schema), expected);
}

TEST(DefaultCharts, AreTheHeadlineMetricsOrEverything) {
  MetricsSchema market;
  market.metric_names = {"purchases", "share", "gross_margin", "nps", "gap"};
  EXPECT_EQ(default_charts(market), (std::vector<std::string>{"share", "nps", "gap"}));
  MetricsSchema other;
  other.metric_names = {"x", "y"};
  EXPECT_EQ(default_charts(other), other.metric_names);
  market.metric_names.emplace_back("new_by_advertising");  // attribution on
  EXPECT_EQ(default_charts(market),
            (std::vector<std::string>{"share", "nps", "gap", std::string(kAdoptionsByCause)}));
}

TEST(Levers, EverySliderSaysWhatItMeansAndItsUnit) {
  // The tooltips come from the scenario schema: every lever a market exposes has one, with the
  // words of the scenario reference, and the unit where the key has one.
  Scenario s;
  BrandSpec brand;
  brand.name = "A";
  s.brands = {brand};
  s.population.customers = 200;
  const auto model =
      make_model(s, std::make_shared<const SocialGraph>(SocialGraph::fully_mixed(200)));
  std::size_t levers = 0;
  for (const LeverInfo& lever : model->levers()) {
    EXPECT_FALSE(lever_help(lever).empty()) << lever.name;
    ++levers;
  }
  EXPECT_GT(levers, 30u);
  const LeverInfo ad_budget{0, "ad_budget", 1.0, 0.0, 20.0};
  EXPECT_EQ(lever_help(ad_budget), "A: advertising spend [currency/week]");
  const LeverInfo inertia{kAllLabel, "generations[4.0].inertia", 1.0, 0.0, 5.0};
  EXPECT_NE(lever_help(inertia).find("kappa: utility bonus of the current brand [utility]"),
            std::string::npos)
      << lever_help(inertia);
  EXPECT_EQ(lever_help(LeverInfo{0, "no_such_lever", 0.0, 0.0, 1.0}), "");
}

}  // namespace
}  // namespace murmur::viz
