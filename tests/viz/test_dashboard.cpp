// The dashboard without a window: a null ImGui context (imgui's example_null) runs
// draw_dashboard on real snapshots, and synthetic input checks the controls and shortcuts.

#include <imgui.h>

#include <gtest/gtest.h>

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
}

}  // namespace
}  // namespace murmur::viz
