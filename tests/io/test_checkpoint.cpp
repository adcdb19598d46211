// Saved states and checkpoint files: a model saved mid-run and loaded into a fresh one
// continues bit for bit; checkpoint files round-trip and refuse what is not theirs.

#include <filesystem>

#include <gtest/gtest.h>

#include "agents/market_model.hpp"
#include "sim/core/error.hpp"
#include "sim/core/state_archive.hpp"
#include "sim/io/checkpoint.hpp"
#include "sim/io/output.hpp"
#include "sim/model/bass_model.hpp"
#include "support/market_fixtures.hpp"
#include "support/temp_dir.hpp"

namespace murmur {
namespace {

TEST(ModelState, ASavedMarketLoadsIntoAFreshOneAndContinuesBitForBit) {
  // Mid-run, with a campaign pending restoration, a moved lever and a moved generation mix.
  Scenario s = testing::five_brand_scenario(5000);
  InterventionSpec campaign;
  campaign.name = "campaign";
  campaign.trigger.at_step = 2;
  campaign.kind = InterventionKind::Campaign;
  campaign.brands = {"adco"};
  campaign.value = 4.0;
  campaign.weeks = 6;
  s.interventions = {campaign};
  const auto graph = testing::ring_graph(5000, 10, 0.1);
  MarketModel original(s, graph);
  for (int week = 0; week < 4; ++week) original.step();
  original.set_lever(1, "price", 1.3);
  original.set_lever(kAllLabel, "generations[3.0].inertia", 0.8);
  original.set_lever(kAllLabel, "generation_mix[5.0]", 0.3);
  const std::string saved = original.save_state();

  MarketModel resumed(s, graph);  // at week 0
  resumed.load_state(saved);
  EXPECT_EQ(resumed.current_step(), 4u);
  EXPECT_EQ(resumed.state_hash(), original.state_hash());
  for (int week = 0; week < 8; ++week) {
    original.step();
    resumed.step();
  }
  EXPECT_EQ(resumed.state_hash(), original.state_hash());
  EXPECT_EQ(resumed.brands()[0].levers.ad_budget,
            s.brands[0].ad_budget);  // the campaign ended in both
  EXPECT_EQ(resumed.fired_interventions().size(), 1u);
}

TEST(ModelState, AttributionAndCascadesAreSavedAndContinueBitForBit) {
  // With both on, an entrant seeding at week 5 and cascades growing over the save at week 6.
  Scenario s = testing::five_brand_scenario(5000);
  s.output.attribution = true;
  s.output.cascades = true;
  const auto graph = testing::ring_graph(5000, 10, 0.1);
  MarketModel original(s, graph);
  for (int week = 0; week < 6; ++week) original.step();
  MarketModel resumed(s, graph);
  resumed.load_state(original.save_state());
  for (int week = 0; week < 10; ++week) {
    original.step();
    resumed.step();
  }
  EXPECT_EQ(resumed.state_hash(), original.state_hash());
  EXPECT_EQ(resumed.measure().values.size(), original.measure().values.size());
  for (std::size_t k = 0; k < original.measure().values.size(); ++k) {
    const MetricValue a = original.measure().values[k], b = resumed.measure().values[k];
    ASSERT_TRUE(a.metric == b.metric &&
                (a.value == b.value || (a.value != a.value && b.value != b.value)))
        << "value " << k;
  }
  EXPECT_GT(original.cascades().summary(4).cascades, 0u);  // the entrant's seeds are roots
  // A state without them does not fit a market with them, and the other way round.
  Scenario plain = s;
  plain.output.cascades = false;
  MarketModel without(plain, graph);
  EXPECT_THROW(resumed.load_state(without.save_state()), StateFormatError);
  EXPECT_THROW(without.load_state(resumed.save_state()), StateFormatError);
}

TEST(ModelState, ATruncatedOrForeignStateIsRefusedAndChangesNothing) {
  const Scenario s = testing::five_brand_scenario(2000);
  MarketModel model(s, testing::ring_graph(2000, 10));
  model.step();
  const std::string saved = model.save_state();
  MarketModel other(s, testing::ring_graph(2000, 10));
  const std::uint64_t before = other.state_hash();
  EXPECT_THROW(other.load_state(std::string_view(saved).substr(0, saved.size() / 2)),
               StateFormatError);
  EXPECT_THROW(other.load_state(saved + "x"), StateFormatError);
  MarketModel bigger(testing::five_brand_scenario(3000), testing::ring_graph(3000, 10));
  EXPECT_THROW(bigger.load_state(saved), StateFormatError);
  EXPECT_EQ(other.state_hash(), before);
}

TEST(ModelState, ABassModelRoundTripsWithItsLevers) {
  Scenario s;
  s.model = ModelKind::Bass;
  s.seed = 3;
  s.bass.seeded_fraction = 0.01;
  const auto graph = testing::ring_graph(3000, 10, 0.1);
  BassModel original(s, graph);
  for (int week = 0; week < 10; ++week) original.step();
  original.set_lever(0, "imitation_per_year", 2.0);
  BassModel resumed(s, graph);
  resumed.load_state(original.save_state());
  for (int week = 0; week < 10; ++week) {
    original.step();
    resumed.step();
  }
  EXPECT_EQ(resumed.state_hash(), original.state_hash());
  EXPECT_EQ(resumed.adopter_count(), original.adopter_count());
}

TEST(CheckpointFile, RoundTripsEveryField) {
  Checkpoint written;
  written.murmur_version = "9.9.9";
  written.scenario_json = R"({"name": "x"})";
  written.scenario_path = "/somewhere/x.yaml";
  written.graph_fingerprint = 0x1234567890abcdefULL;
  written.customers = 42;
  written.step = 17;
  written.overrides = {"seed=3", "steps=20"};
  written.scenario_text = "name: x\n";
  MetricsFrame frame;
  frame.step = 16;
  frame.add(1, 2, kAllLabel, 0.25);
  frame.add(0, kAllLabel, 3, -1.5);
  written.frames = {frame};
  written.model_state = std::string("\0\1binary\xff", 10);
  const auto path = testing::scratch_path("murmur_test_checkpoint.murmur");
  write_checkpoint(path, written);
  const Checkpoint read = read_checkpoint(path);
  EXPECT_EQ(read.murmur_version, written.murmur_version);
  EXPECT_EQ(read.scenario_json, written.scenario_json);
  EXPECT_EQ(read.scenario_path, written.scenario_path);
  EXPECT_EQ(read.graph_fingerprint, written.graph_fingerprint);
  EXPECT_EQ(read.customers, 42u);
  EXPECT_EQ(read.step, 17u);
  EXPECT_EQ(read.overrides, written.overrides);
  EXPECT_EQ(read.scenario_text, written.scenario_text);
  ASSERT_EQ(read.frames.size(), 1u);
  EXPECT_EQ(read.frames[0].step, 16u);
  ASSERT_EQ(read.frames[0].values.size(), 2u);
  EXPECT_EQ(read.frames[0].get(0, kAllLabel, 3), -1.5);
  EXPECT_EQ(read.frames[0].get(1, 2, kAllLabel), 0.25);
  EXPECT_EQ(read.model_state, written.model_state);
  EXPECT_EQ(read.file, path);

  // Every single-byte corruption is caught (the checksum covers header and payload).
  const std::string bytes = read_file_text(path);
  for (std::size_t at = 0; at < bytes.size(); at += 7) {
    std::string bad = bytes;
    bad[at] = static_cast<char>(bad[at] ^ 0x20);
    write_file_atomically(path, bad);
    EXPECT_THROW((void)read_checkpoint(path), InputError) << "byte " << at;
  }
  std::filesystem::remove(path);
}

// A checkpoint of format 1 (FNV-1a checksum and graph fingerprint) is refused by its version,
// which is read before the checksum: the message says which murmur to use, not "corrupted".
TEST(CheckpointFile, AnOlderFormatIsRefusedByItsVersionNotAsCorrupted) {
  const auto path = testing::scratch_path("murmur_test_checkpoint_format.murmur");
  write_checkpoint(path, Checkpoint{});
  std::string bytes = read_file_text(path);
  const std::size_t format_at = std::string_view("MURMUR CHECKPOINT\n").size();
  StateWriter old_format;
  old_format(std::uint32_t{1});
  bytes.replace(format_at, old_format.bytes().size(), old_format.bytes());
  write_file_atomically(path, bytes);
  try {
    (void)read_checkpoint(path);
    ADD_FAILURE() << "a format-1 checkpoint was read";
  } catch (const InputError& e) {
    const std::string message = e.issues().at(0).message;
    EXPECT_NE(message.find("checkpoint format 1"), std::string::npos) << message;
    EXPECT_NE(message.find("(2)"), std::string::npos) << message;
    EXPECT_EQ(message.find("corrupted"), std::string::npos) << message;
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace murmur

namespace murmur {
namespace {

// The Python module's save() and restore() use the bytes without a file: they are the file's
// bytes, and decoding them checks them as reading the file does, naming the given label.
TEST(CheckpointBytes, AreTheFilesBytesAndAreCheckedTheSame) {
  Checkpoint written;
  written.step = 5;
  written.model_state = "state";
  const auto path = testing::scratch_path("murmur_test_checkpoint_bytes.murmur");
  write_checkpoint(path, written);
  const std::string bytes = encode_checkpoint(written);
  EXPECT_EQ(bytes, read_file_text(path));
  std::filesystem::remove(path);

  const Checkpoint decoded = decode_checkpoint(bytes, "label");
  EXPECT_EQ(decoded.step, 5u);
  EXPECT_EQ(decoded.model_state, "state");
  EXPECT_EQ(decoded.file, "label");
  std::string damaged = bytes;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 1);
  try {
    (void)decode_checkpoint(damaged, "label");
    ADD_FAILURE() << "damaged bytes were decoded";
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues().at(0).file, "label");
    EXPECT_NE(e.issues().at(0).message.find("checksum"), std::string::npos);
  }
  EXPECT_THROW((void)decode_checkpoint(bytes.substr(0, 10), "label"), InputError);
}

}  // namespace
}  // namespace murmur
