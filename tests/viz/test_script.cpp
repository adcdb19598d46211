#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "support.hpp"
#include "viz/script.hpp"

namespace murmur::viz {
namespace {

TEST(Script, ParsesTimedActionsAndSkipsComments) {
  const auto actions = parse_script(
      "# demo\n0 speed max\n\n1 play   # go\n5 lever main product imitation_per_year 0.8\n"
      "6 intervention \"word of mouth boost\" main\n",
      "demo.txt");
  ASSERT_EQ(actions.size(), 4u);
  EXPECT_EQ(actions[1].verb, "play");
  EXPECT_EQ(actions[2].frame, 5u);
  EXPECT_EQ(actions[2].args.size(), 4u);
  EXPECT_EQ(actions[3].args[0], "word of mouth boost");
  EXPECT_EQ(actions[3].line, 6);
}

TEST(Script, ReportsEveryBadLineWithFileAndLine) {
  try {
    (void)parse_script("0 play\nx pause\n2 plya\n3 lever main\n5 fork\n1 unfork\n", "bad.txt");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    ASSERT_EQ(error.issues().size(), 4u);
    const std::string text = error.what();
    EXPECT_NE(text.find("bad.txt:2:1: error: 'x' is not a valid frame number"), std::string::npos)
        << text;
    EXPECT_NE(text.find("bad.txt:3:1: error: unknown action 'plya'; did you mean 'play'?"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("bad.txt:4:1"), std::string::npos) << text;
    EXPECT_NE(text.find("bad.txt:6:1: error: frame 1 comes after frame 5"), std::string::npos)
        << text;
  }
}

TEST(Script, ResolvesBrandsLeversAndInterventionsAgainstTheSnapshot) {
  Session session(test::small_bass(), test::test_config());
  const auto snapshot = session.make_snapshot();
  UiState ui;
  const auto lever = script_commands(
      {0, "lever", {"main", "product", "imitation_per_year", "0.8"}, 1}, *snapshot, ui);
  ASSERT_EQ(lever.size(), 1u);
  const auto& set = std::get<cmd::SetLever>(lever[0]);
  EXPECT_EQ(set.brand, 0);
  EXPECT_DOUBLE_EQ(set.value, 0.8);
  EXPECT_THROW(
      (void)script_commands({0, "lever", {"main", "product", "typo", "1"}, 1}, *snapshot, ui),
      std::invalid_argument);
  EXPECT_THROW((void)script_commands({0, "lever", {"fork", "0", "imitation_per_year", "1"}, 1},
                                     *snapshot, ui),
               std::invalid_argument);
  const auto event =
      script_commands({0, "intervention", {"word of mouth boost"}, 1}, *snapshot, ui);
  EXPECT_EQ(std::get<cmd::TriggerEvent>(event[0]).intervention.lever, "imitation_per_year");
  // Seeds are below 2^53 here too, as on the command line (16.8).
  EXPECT_EQ(*std::get<cmd::Reset>(
                 script_commands({0, "reset", {"9007199254740991"}, 1}, *snapshot, ui)[0])
                 .seed,
            kMaxSeed);
  EXPECT_THROW((void)script_commands({0, "reset", {"9007199254740992"}, 1}, *snapshot, ui),
               std::invalid_argument);
  (void)script_commands({0, "inspect", {"4"}, 1}, *snapshot, ui);
  EXPECT_EQ(ui.selected_node, 4u);
}

TEST(ScriptPlayer, CountsFramesFromTheFirstMarketAndHonoursWaitStep) {
  Session session(test::small_bass(), test::test_config());
  ScriptPlayer player(parse_script("0 play\n1 wait-step 3\n1 pause\n", "s"));
  UiState ui;
  EXPECT_TRUE(player.advance(0, nullptr, ui).empty());  // no market yet: nothing fires
  auto snapshot = session.make_snapshot();
  auto commands = player.advance(7, snapshot.get(), ui);  // frame 7 is the script's frame 0
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<cmd::Play>(commands[0]));
  EXPECT_TRUE(player.advance(8, snapshot.get(), ui).empty());  // waiting for step 3
  for (int i = 0; i < 3; ++i) session.step();
  snapshot = session.make_snapshot();
  commands = player.advance(9, snapshot.get(), ui);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<cmd::Pause>(commands[0]));
  EXPECT_TRUE(player.finished());
}

}  // namespace
}  // namespace murmur::viz
