// The batch runner: designs, run plans, record round trips and resumption.

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/core/error.hpp"
#include "sim/io/experiment_loader.hpp"
#include "sim/io/output.hpp"
#include "sim/run/batch.hpp"
#include "support/temp_dir.hpp"

namespace murmur {
namespace {

namespace fs = std::filesystem;

TEST(ExperimentDesign, GridIsTheCartesianProductInAxisOrder) {
  ExperimentSpec spec;
  spec.grid = {{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}};
  const auto points = expand_points(spec);
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[0], (ParameterPoint{{"a", "1"}, {"b", "x"}}));
  EXPECT_EQ(points[5], (ParameterPoint{{"a", "2"}, {"b", "z"}}));
  EXPECT_EQ(varied_keys(spec), (std::vector<std::string>{"a", "b"}));
}

TEST(ExperimentDesign, LatinHypercubeHitsEveryStratumOncePerDimension) {
  ExperimentSpec spec;
  spec.design = ExperimentDesign::LatinHypercube;
  spec.latin_hypercube.samples = 20;
  spec.latin_hypercube.ranges = {{"p", 0.0, 1.0, false}, {"n", 100, 200, false}};
  const auto points = expand_points(spec);
  ASSERT_EQ(points.size(), 20u);
  for (std::size_t d = 0; d < 2; ++d) {
    std::set<int> strata;
    for (const auto& point : points) {
      const double value = std::stod(point[d].second);
      const double unit =
          (value - spec.latin_hypercube.ranges[d].low) /
          (spec.latin_hypercube.ranges[d].high - spec.latin_hypercube.ranges[d].low);
      strata.insert(static_cast<int>(unit * 20));
    }
    EXPECT_EQ(strata.size(), 20u) << "dimension " << d;
  }
  EXPECT_EQ(expand_points(spec), points);  // deterministic in the master seed
}

TEST(ExperimentDesign, ReplicateSeedsAreSharedAcrossPoints) {
  ExperimentSpec spec;
  spec.replicates = 3;
  const auto runs = plan_runs(spec, 2);
  ASSERT_EQ(runs.size(), 6u);
  EXPECT_EQ(runs[0].seed, runs[3].seed);  // common random numbers: point 0 and 1, replicate 0
  EXPECT_NE(runs[0].seed, runs[1].seed);
  EXPECT_EQ(runs[4].point, 1u);
  EXPECT_EQ(runs[4].replicate, 1u);
}

TEST(BatchRecord, EncodeDecodeRoundTripsEveryDoubleAndNaN) {
  RunRecord record{{7, 2, 1, 0xDEADBEEFCAFEull}, {{"share", "nps"}, {"A", "B"}, {"1.0"}}, {}};
  MetricsFrame frame;
  frame.step = 52;
  frame.add(0, 0, kAllLabel, 0.1 + 0.2);
  frame.add(1, 1, 0, std::nan(""));
  frame.add(1, 0, 0, -1e-300);
  record.frames.push_back(frame);
  const RunRecord back = decode_run_record(encode_run_record(record, "abc"), "abc");
  EXPECT_EQ(back.run.seed, record.run.seed);
  EXPECT_EQ(back.schema.brand_labels, record.schema.brand_labels);
  ASSERT_EQ(back.frames.size(), 1u);
  EXPECT_EQ(back.frames[0].values[0].value, 0.1 + 0.2);
  EXPECT_TRUE(std::isnan(back.frames[0].values[1].value));
  EXPECT_EQ(back.frames[0].values[2].value, -1e-300);
  EXPECT_EQ(back.frames[0].values[1].generation, 0);
}

RunRecord sample_record() {
  RunRecord record{{3, 1, 1, 123456789}, {{"share", "nps"}, {"A", "B"}, {"1.0"}}, {}};
  MetricsFrame frame;
  frame.step = 10;
  frame.add(0, 0, kAllLabel, 0.25);
  frame.add(1, 1, kAllLabel, 42.0);
  record.frames.push_back(frame);
  return record;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Issue 16.1 / 22.2: every damage is DamagedRunRecord (no crash, no other exception).
TEST(BatchRecord, ADamagedRecordIsRefusedWhateverTheDamage) {
  const std::string good = encode_run_record(sample_record(), "abc");
  const PlannedRun planned{3, 1, 1, 123456789};
  ASSERT_NO_THROW((void)read_run_record(good, planned, "abc"));
  const std::vector<std::pair<std::string, std::string>> damages = {
      {"one digit of a value", replaced(good, "0.25", "0.35")},
      {"the seed", replaced(good, "123456789", "123456788")},
      {"a step", replaced(good, "\"step\":10", "\"step\":11")},
      {"a brand name", replaced(good, "\"A\"", "\"Z\"")},
      {"truncated", good.substr(0, good.size() / 2)},
      {"empty", ""},
      {"not JSON at all", "\x01\x02garbage"},
      {"a JSON array", "[1,2,3]"},
  };
  for (const auto& [what, text] : damages)
    EXPECT_THROW((void)read_run_record(text, planned, "abc"), DamagedRunRecord) << what;
  EXPECT_THROW((void)read_run_record(good, planned, "another experiment"), DamagedRunRecord);
  EXPECT_THROW((void)read_run_record(good, PlannedRun{4, 1, 2, 123456789}, "abc"),
               DamagedRunRecord);
}

// A record whose checksum matches but whose indices point outside its tables (written by a
// tool, or a collision) is refused too, not indexed: it gave vector::_M_range_check.
TEST(BatchRecord, IndicesOutsideTheirTablesAreRefused) {
  for (const auto& [metric, brand, generation] :
       std::vector<std::tuple<std::uint16_t, std::uint16_t, std::uint16_t>>{
           {2, 0, kAllLabel}, {0, 2, kAllLabel}, {0, 0, 1}, {9999, 9999, 9999}}) {
    RunRecord record = sample_record();
    record.frames[0].add(metric, brand, generation, 1.0);
    EXPECT_THROW((void)decode_run_record(encode_run_record(record, "abc"), "abc"), DamagedRunRecord)
        << metric << " " << brand << " " << generation;
  }
}

// Found by fuzz_run_record: JSON nested 200000 levels deep with a checksum key overflowed the
// stack in json::dump (which recurses once a level) while the checksum was checked. A record
// nests five levels; deeper text is refused as it is parsed.
TEST(BatchRecord, TextNestedDeeperThanARecordIsRefusedNotACrash) {
  const std::size_t depth = 200000;
  const std::string deep = R"({"checksum_xxh3_64": "0", "frames": )" + std::string(depth, '[') +
                           std::string(depth, ']') + "}";
  EXPECT_THROW((void)decode_run_record(deep, "abc"), DamagedRunRecord);
  // Only as deep as a record: still read (the good record of the test above shows the rest).
  EXPECT_NO_THROW((void)decode_run_record(encode_run_record(sample_record(), "abc"), "abc"));
}

ExperimentSpec small_experiment() {
  return load_experiment(fs::path(MURMUR_TEST_DATA_DIR) / "experiment_small.yaml");
}

// Issue 16.6: keep entries no run could fill were dropped silently (exit 0, empty tables).
/// What prepare_batch refuses in an experiment "x.yaml" of one replicate of bass_network whose
/// remaining lines are `design` (none: it is accepted).
std::vector<InputIssue> batch_refusals(const std::string& design) {
  const std::string text = "scenario: bass_network.yaml\nreplicates: 1\n" + design;
  const ExperimentSpec spec = load_experiment_text(text, "x.yaml", fs::path(MURMUR_SCENARIO_DIR));
  try {
    (void)prepare_batch(spec);
  } catch (const InputError& error) {
    return error.issues();
  }
  return {};
}

std::vector<InputIssue> keep_refusals(const std::string& keep) {
  return batch_refusals("set: {steps: 30}\n" + keep);
}

TEST(Batch, UnknownKeptMetricIsRefusedWithTheNearestName) {
  const auto issues = keep_refusals("keep:\n  metrics: [adoption, sharee, adopter]\n");
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].format(),
            "x.yaml:5:23: error: unknown metric 'sharee'; the runs report: adopters, adoption, "
            "new_adopters (at 'keep.metrics[1]')");
  EXPECT_EQ(issues[1].line, 5);
  EXPECT_EQ(issues[1].column, 31);
  EXPECT_EQ(issues[1].suggestion, "adopters");
}

TEST(Batch, KeptWeekAfterTheLastIsRefusedNamingTheWeek) {
  const auto issues = keep_refusals("keep:\n  steps: [10, 30, 31]\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].format(),
            "x.yaml:5:19: error: week 31 is after the last week of the base scenario (steps: 30); "
            "nothing would be kept for it (at 'keep.steps')");
  EXPECT_TRUE(keep_refusals("keep:\n  steps: [0, 30]\n  metrics: [adoption]\n").empty());
}

// Issue 22.15: a misspelt key or a bad value in the experiment's set, grid or points was
// reported as "--set: error: experiment point 0: ...", once for every point, rather than at
// the experiment file's line and column.
TEST(Batch, AMisspeltGridKeyIsReportedAtItsLineOncePerValue) {
  const auto issues = batch_refusals(
      "set: {steps: 20}\ngrid:\n  bass.imitation_per_yer: [0.3, 0.4]\n  steps: [10, 20, 30]\n");
  ASSERT_EQ(issues.size(), 2u) << "one per value of the bad axis, not one per point (6)";
  EXPECT_EQ(issues[0].file, "x.yaml");
  EXPECT_EQ(issues[0].line, 5);
  EXPECT_EQ(issues[0].column, 3);
  EXPECT_NE(issues[0].message.find("(in grid bass.imitation_per_yer=0.3)"), std::string::npos)
      << issues[0].message;
  EXPECT_EQ(issues[0].suggestion, "imitation_per_year");
  EXPECT_NE(issues[1].message.find("(in grid bass.imitation_per_yer=0.4)"), std::string::npos)
      << issues[1].message;
}

TEST(Batch, ABadSetValueOrPointIsReportedAtItsLine) {
  auto set = batch_refusals("set:\n  steps: 0\ngrid:\n  bass.imitation_per_year: [0.3, 0.4]\n");
  ASSERT_EQ(set.size(), 1u) << "the same set: issue at every point is reported once";
  EXPECT_EQ(set[0].format().substr(0, 12), "x.yaml:4:3: ") << set[0].format();
  EXPECT_NE(set[0].message.find("(in set steps=0)"), std::string::npos) << set[0].message;
  auto points = batch_refusals("points:\n  - {steps: 10}\n  - {steps: -1}\n");
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].line, 5);
  EXPECT_EQ(points[0].column, 6);
  EXPECT_NE(points[0].message.find("experiment point 1: "), std::string::npos);
  EXPECT_NE(points[0].message.find("(in points[1] steps=-1)"), std::string::npos);
}

TEST(Batch, KeptWeekIsCheckedAgainstTheShortestPoint) {
  const auto issues = keep_refusals("grid: {steps: [40, 20]}\nkeep: {steps: [25]}\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_THAT(issues[0].message,
              ::testing::HasSubstr("week 25 is after the last week of the shortest point's runs "
                                   "(point 1) (steps: 20)"));
}

TEST(Batch, ResumedBatchEndsByteIdenticalToAnUninterruptedOne) {
  const fs::path root = testing::scratch_path("murmur_batch_resume_test");
  fs::remove_all(root);
  const ExperimentSpec spec = small_experiment();
  const std::string text = read_file_text(spec.source_path);
  const BatchResult whole = run_batch(spec, text, root / "whole", 2, {});
  ASSERT_EQ(whole.runs, 8u);

  // An interrupted batch: some runs finished, a temporary file of one in flight, no tables.
  const fs::path partial = root / "partial";
  fs::create_directories(partial);
  fs::copy(root / "whole" / "plan.json", partial / "plan.json");
  fs::create_directories(partial / "runs");
  for (const char* run : {"run-000000.json", "run-000003.json", "run-000006.json"})
    fs::copy(root / "whole" / "runs" / run, partial / "runs" / run);
  std::ofstream(partial / "runs" / "run-000001.json.tmp") << "{\"half\":";
  const BatchResult resumed = run_batch(spec, text, partial, 2, {});
  EXPECT_EQ(resumed.runs_skipped, 3u);
  for (const char* file : {"runs.csv", "summary.csv", "manifest.json"})
    EXPECT_EQ(read_file_text(partial / file), read_file_text(root / "whole" / file)) << file;
  fs::remove_all(root);
}

// Ctrl-C in a batch throws from the progress callback: oneTBB then cancels the runs in
// flight down to their customer blocks, so they end with weeks half computed. None of them
// may be stored (it would be taken for a finished run on resume): only the runs finished
// before the throw are, and the resumed batch ends byte-identical to an uninterrupted one.
TEST(Batch, AThrowFromTheProgressCallbackStoresNoRunCutShort) {
  const fs::path root = testing::scratch_path("murmur_batch_interrupt_test");
  fs::remove_all(root);
  const ExperimentSpec spec = small_experiment();
  const std::string text = read_file_text(spec.source_path);
  const BatchResult whole = run_batch(spec, text, root / "whole", 2, {});
  const fs::path stopped = root / "stopped";
  EXPECT_THROW((void)run_batch(spec, text, stopped, 2,
                               [](const BatchProgress& progress) {
                                 if (progress.runs_done == 2) throw std::runtime_error("stop");
                               }),
               std::runtime_error);
  std::size_t stored = 0;
  for (const auto& entry : fs::directory_iterator(stopped / "runs"))
    stored += entry.path().extension() == ".json" ? 1 : 0;
  EXPECT_EQ(stored, 2u);
  (void)run_batch(spec, text, stopped, 2, {});
  for (const char* file : {"runs.csv", "summary.csv"})
    EXPECT_EQ(read_file_text(stopped / file), read_file_text(root / "whole" / file)) << file;
  EXPECT_EQ(whole.runs, 8u);
  fs::remove_all(root);
}

// Issue 16.1 / 22.2: a damaged record is named in a warning, re-run, and the tables end
// byte-identical to an uninterrupted batch's.
TEST(Batch, ADamagedRecordIsReportedByNameAndReRun) {
  const fs::path root = testing::scratch_path("murmur_batch_damaged_test");
  fs::remove_all(root);
  const ExperimentSpec spec = small_experiment();
  const std::string text = read_file_text(spec.source_path);
  (void)run_batch(spec, text, root / "whole", 2, {});
  const fs::path damaged = root / "damaged";
  fs::copy(root / "whole", damaged, fs::copy_options::recursive);
  fs::remove(damaged / "runs.csv");
  std::string record = read_file_text(damaged / "runs" / "run-000002.json");
  record[record.size() / 2] = record[record.size() / 2] == '1' ? '2' : '1';
  write_file_atomically(damaged / "runs" / "run-000002.json", record);
  write_file_atomically(damaged / "runs" / "run-000005.json", "");
  std::vector<std::string> warnings;
  const BatchResult resumed =
      run_batch(spec, text, damaged, 2, {}, [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("run-000002.json"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("run-000005.json"), std::string::npos) << warnings[1];
  EXPECT_EQ(resumed.runs_skipped, 6u);
  for (const char* file : {"runs.csv", "summary.csv", "manifest.json"})
    EXPECT_EQ(read_file_text(damaged / file), read_file_text(root / "whole" / file)) << file;
  fs::remove_all(root);
}

// Issue 22.14: the same experiment read by another path (absolute, through ..) resumes.
TEST(Batch, TheSameExperimentByAnotherPathResumes) {
  const fs::path root = testing::scratch_path("murmur_batch_path_test");
  fs::remove_all(root);
  const fs::path file = fs::path(MURMUR_TEST_DATA_DIR) / "experiment_small.yaml";
  const ExperimentSpec spec = load_experiment(file);
  const std::string text = read_file_text(file);
  (void)run_batch(spec, text, root, 2, {});
  const fs::path other =
      fs::absolute(file).parent_path() / ".." / file.parent_path().filename() / file.filename();
  const ExperimentSpec again = load_experiment(other);
  const BatchResult resumed = run_batch(again, read_file_text(other), root, 2, {});
  EXPECT_EQ(resumed.runs_skipped, resumed.runs);
  fs::remove_all(root);
}

TEST(Batch, SummaryHoldsMeanAndIntervalPerPoint) {
  const fs::path root = testing::scratch_path("murmur_batch_summary_test");
  fs::remove_all(root);
  const ExperimentSpec spec = small_experiment();
  const BatchResult result = run_batch(spec, read_file_text(spec.source_path), root, 2, {});
  ASSERT_FALSE(result.summary.empty());
  for (const SummaryRow& row : result.summary) {
    EXPECT_EQ(row.stats.count, spec.replicates);
    EXPECT_LE(row.stats.ci95_low, row.stats.mean);
    EXPECT_GE(row.stats.ci95_high, row.stats.mean);
  }
  const std::string summary = read_file_text(result.summary_csv);
  EXPECT_EQ(
      summary.substr(0, summary.find('\n')),
      "point,bass.imitation_per_year,step,brand,generation,metric,n,mean,sd,ci95_low,ci95_high");
  fs::remove_all(root);
}

// Issue 16.7: one replicate wrote sd = 0 and the interval [x, x]; they are NA.
TEST(Batch, OneReplicateHasNoSpreadOrIntervalInTheSummary) {
  const fs::path root = testing::scratch_path("murmur_batch_one_replicate_test");
  fs::remove_all(root);
  const ExperimentSpec spec =
      load_experiment(fs::path(MURMUR_TEST_DATA_DIR) / "experiment_one_replicate.yaml");
  const BatchResult result = run_batch(spec, read_file_text(spec.source_path), root, 2, {});
  std::istringstream summary(read_file_text(result.summary_csv));
  std::string line;
  std::getline(summary, line);  // header
  std::size_t rows = 0;
  while (std::getline(summary, line)) {
    ++rows;
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string field; std::getline(cells, field, ',');) fields.push_back(field);
    ASSERT_GE(fields.size(), 5u) << line;
    const std::size_t n = fields.size() - 5;  // n, mean, sd, ci95_low, ci95_high end the row
    EXPECT_EQ(fields[n], "1") << line;
    EXPECT_NE(fields[n + 1], "NA") << line;  // the mean of one value is that value
    EXPECT_EQ(fields[n + 2], "NA") << line;
    EXPECT_EQ(fields[n + 3], "NA") << line;
    EXPECT_EQ(fields[n + 4], "NA") << line;
  }
  EXPECT_GT(rows, 0u);
  fs::remove_all(root);
}

// Issue 16.8: seeds in runs.csv above 2^53 were rounded by R, Excel, pandas and any float
// parser, so `murmur run --seed` repeated another run. Each seed there reads back exactly
// through strtod, and the planned seeds are all below 2^53.
TEST(Batch, RunsCsvSeedsReadBackExactlyThroughAFloatParser) {
  const fs::path root = testing::scratch_path("murmur_batch_seed_round_trip_test");
  fs::remove_all(root);
  const ExperimentSpec spec = small_experiment();
  const BatchResult result = run_batch(spec, read_file_text(spec.source_path), root, 2, {});
  for (const PlannedRun& run : plan_runs(spec, 2)) EXPECT_LE(run.seed, kMaxSeed);
  std::istringstream runs(read_file_text(root / "runs.csv"));
  std::string line;
  std::getline(runs, line);
  ASSERT_EQ(line.substr(0, line.find(",seed,") + 6), "run,point,replicate,seed,");
  std::set<std::string> seeds;
  while (std::getline(runs, line)) {
    std::istringstream cells(line);
    std::string seed;
    for (int column = 0; column < 4; ++column) std::getline(cells, seed, ',');
    seeds.insert(seed);
  }
  ASSERT_EQ(seeds.size(), spec.replicates);
  for (const std::string& seed : seeds) {
    const Seed exact = std::stoull(seed);
    const double as_double = std::strtod(seed.c_str(), nullptr);
    EXPECT_EQ(static_cast<Seed>(as_double), exact) << seed;
    EXPECT_EQ(fmt::format("{:.0f}", as_double), seed);  // and prints back the same digits
  }
  EXPECT_EQ(result.runs, 8u);
  fs::remove_all(root);
}

TEST(Batch, RefusesADirectoryHoldingAnotherExperiment) {
  const fs::path root = testing::scratch_path("murmur_batch_other_test");
  fs::remove_all(root);
  ExperimentSpec spec = small_experiment();
  const std::string text = read_file_text(spec.source_path);
  (void)run_batch(spec, text, root, 2, {});
  spec.master_seed += 1;
  EXPECT_THROW((void)run_batch(spec, text, root, 2, {}), InputError);
  fs::remove_all(root);
}

// plan.json held FNV-1a text hashes before they became XXH3: such a batch is refused with a
// message that says so, not as another experiment.
TEST(Batch, RefusesAPlanWithTheOlderTextHashesAndSaysWhy) {
  const fs::path root = testing::scratch_path("murmur_batch_old_plan_test");
  fs::remove_all(root);
  const ExperimentSpec spec = small_experiment();
  const std::string text = read_file_text(spec.source_path);
  (void)run_batch(spec, text, root, 2, {});
  std::string plan = read_file_text(root / "plan.json");
  for (std::size_t at; (at = plan.find("_hash_xxh3_64")) != std::string::npos;)
    plan.replace(at, 13, "_hash_fnv1a64");
  write_file_atomically(root / "plan.json", plan);
  try {
    (void)run_batch(spec, text, root, 2, {});
    ADD_FAILURE() << "a plan with FNV-1a hashes was resumed";
  } catch (const InputError& e) {
    const std::string message = e.issues().at(0).message;
    EXPECT_NE(message.find("older murmur"), std::string::npos) << message;
  }
  fs::remove_all(root);
}

// Issue 16.8: a batch planned when replicate seeds had 64 bits would re-run every run under
// new seeds; it is refused, saying why.
TEST(Batch, RefusesAPlanWithSixtyFourBitSeedsAndSaysWhy) {
  const fs::path root = testing::scratch_path("murmur_batch_64_bit_plan_test");
  fs::remove_all(root);
  const ExperimentSpec spec = small_experiment();
  const std::string text = read_file_text(spec.source_path);
  (void)run_batch(spec, text, root, 2, {});
  nlohmann::json plan = nlohmann::json::parse(read_file_text(root / "plan.json"));
  ASSERT_EQ(plan.erase("replicate_seed_rule"), 1u);
  write_file_atomically(root / "plan.json", plan.dump(2));
  try {
    (void)run_batch(spec, text, root, 2, {});
    ADD_FAILURE() << "a plan without the seed rule was resumed";
  } catch (const InputError& e) {
    EXPECT_THAT(e.issues().at(0).message, ::testing::HasSubstr("replicate seeds have 64 bits"));
  }
  fs::remove_all(root);
}

}  // namespace
}  // namespace murmur
