// The files of a batch directory as JSON: plan.json (what the directory holds, checked on
// resume), runs/run-NNNNNN.json (one finished run each) and manifest.json.

#include "sim/io/batch_files.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/build_info.hpp"
#include "sim/core/error.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/state_hash.hpp"
#include "sim/io/manifest_platform.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"

namespace murmur {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string hex_hash(const std::string& bytes) { return fmt::format("{:016x}", hash_bytes(bytes)); }

/// How each run's seed follows from the master seed (derive_replicate_seed); in the plan, so a
/// batch planned under another rule is not resumed, and in the manifest, so it can be redone.
constexpr const char* kReplicateSeedRule =
    "the low 53 bits of Philox4x32-10 keyed by master_seed at counter (replicate, 0, 15, 0), "
    "words 1:0 (derive_replicate_seed, sim/core/random_stream.hpp); the same for every point "
    "(common random numbers)";

/// What identifies the experiment: contents, never path spellings, so the same experiment
/// reached by another path (relative, absolute, through ..) resumes the same directory.
json plan_identity(const ExperimentSpec& spec, const std::string& experiment_text,
                   const std::vector<ParameterPoint>& points, std::size_t runs) {
  json plan;
  plan["experiment"] = spec.name;
  plan["experiment_text_hash_xxh3_64"] = hex_hash(experiment_text);
  plan["scenario_text_hash_xxh3_64"] = hex_hash(read_file_text(spec.scenario_path));
  plan["master_seed"] = spec.master_seed;
  plan["replicate_seed_rule"] = kReplicateSeedRule;
  plan["replicates"] = spec.replicates;
  plan["runs"] = runs;
  json point_list = json::array();
  for (const auto& point : points) {
    json entry = json::object();
    for (const auto& [key, value] : point) entry[key] = value;
    point_list.push_back(entry);
  }
  plan["points"] = point_list;
  return plan;
}

/// The keys of plan.json that only inform (where the files were): not compared on resume.
constexpr const char* kPlanPathKey = "scenario";

[[noreturn]] void refuse_plan(const fs::path& path, std::string message) {
  throw InputError(InputIssue{path.string(), 0, 0, "", std::move(message), ""});
}

/// A directory holds one experiment: refuse to mix the runs of two.
void write_or_check_plan(const fs::path& directory, json plan) {
  const fs::path path = directory / "plan.json";
  if (fs::exists(path)) {
    json existing;
    try {
      existing = json::parse(read_file_text(path));
    } catch (const json::exception&) {
      refuse_plan(path, "plan.json is not valid JSON; is this a batch directory?");
    }
    if (!existing.is_object()) refuse_plan(path, "plan.json is not a batch plan (not a map)");
    // A plan written before the text hashes became XXH3 keeps FNV-1a ones under other keys:
    // it would differ for that reason alone, so say that rather than "another experiment".
    if (existing.contains("experiment_text_hash_fnv1a64"))
      refuse_plan(path,
                  "this batch was planned by an older murmur (its plan.json hashes the texts with "
                  "FNV-1a, this murmur with XXH3); finish it with that murmur, or use another "
                  "--out");
    if (!existing.contains("experiment_hash"))
      refuse_plan(path,
                  "this batch was planned by an older murmur (its run records carry no "
                  "checksums); finish it with that murmur, or use another --out");
    if (!existing.contains("replicate_seed_rule"))
      refuse_plan(path,
                  "this batch was planned by an older murmur (its replicate seeds have 64 bits; "
                  "this murmur keeps them below 2^53); finish it with that murmur, or use "
                  "another --out");
    existing.erase(kPlanPathKey);
    plan.erase(kPlanPathKey);
    if (existing != plan)
      refuse_plan(path,
                  "this directory holds a different experiment (its text, its scenario's text, "
                  "seeds or points differ); use another --out");
    return;
  }
  write_file_atomically(path, plan.dump(2) + "\n");
}

// ---- run records ----

constexpr const char* kChecksumKey = "checksum_xxh3_64";

[[noreturn]] void damaged(const std::string& why) { throw DamagedRunRecord(why); }

/// A record nests five levels deep: itself, its frames, a frame, its values, a value.
constexpr int kMaxRecordDepth = 5;

/// The record's JSON, refused while it is parsed when it nests deeper than a record does:
/// json::dump, which checks the checksum, recurses once a level, and JSON nested a few
/// hundred thousand levels deep overflowed the stack (found by fuzz_run_record).
json parse_record(const std::string& text) {
  const json::parser_callback_t no_deeper_than_a_record = [](int depth, json::parse_event_t,
                                                             const json&) {
    if (depth > kMaxRecordDepth)
      damaged(fmt::format("it nests deeper than the {} levels of a run record", kMaxRecordDepth));
    return true;
  };
  return json::parse(text, no_deeper_than_a_record);
}

/// A label index: within its table, or the "all" label.
std::uint16_t label_index(const json& value, std::size_t table_size, const char* what) {
  if (!value.is_number_unsigned()) damaged(fmt::format("a {} index is not a whole number", what));
  const auto index = value.get<std::uint64_t>();
  if (index != kAllLabel && index >= table_size)
    damaged(fmt::format("{} index {} is outside its table of {}", what, index, table_size));
  return static_cast<std::uint16_t>(index);
}

MetricsFrame decode_frame(const json& frame, const MetricsSchema& schema) {
  MetricsFrame decoded;
  const json& step = frame.at("step");
  if (!step.is_number_unsigned() || step.get<std::uint64_t>() > std::numeric_limits<Step>::max())
    damaged("a step is not a week number");
  decoded.step = step.get<Step>();
  for (const json& v : frame.at("values")) {
    if (!v.is_array() || v.size() != 4) damaged("a value is not [metric, brand, generation, x]");
    if (!v[0].is_number_unsigned() || v[0].get<std::uint64_t>() >= schema.metric_names.size())
      damaged("a metric index is outside the metric table");
    // NaN is stored as null by nlohmann::json.
    if (!v[3].is_null() && !v[3].is_number()) damaged("a value is not a number");
    const double value = v[3].is_null() ? std::nan("") : v[3].get<double>();
    decoded.add(static_cast<std::uint16_t>(v[0].get<std::uint64_t>()),
                label_index(v[1], schema.brand_labels.size(), "brand"),
                label_index(v[2], schema.generation_labels.size(), "generation"), value);
  }
  return decoded;
}

RunRecord decode_checked(const json& in) {
  RunRecord record;
  auto index = [&](const char* key) {
    const json& value = in.at(key);
    if (!value.is_number_unsigned() ||
        value.get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max())
      damaged(fmt::format("'{}' is not a run index", key));
    return value.get<std::uint32_t>();
  };
  if (!in.at("seed").is_number_unsigned()) damaged("'seed' is not a whole number");
  record.run = {index("run"), index("point"), index("replicate"), in.at("seed").get<Seed>()};
  record.schema = {in.at("metrics").get<std::vector<std::string>>(),
                   in.at("brands").get<std::vector<std::string>>(),
                   in.at("generations").get<std::vector<std::string>>()};
  for (const json& frame : in.at("frames"))
    record.frames.push_back(decode_frame(frame, record.schema));
  return record;
}

}  // namespace

std::string batch_experiment_hash(const ExperimentSpec& spec, const std::string& experiment_text,
                                  const std::vector<ParameterPoint>& points, std::size_t runs) {
  return hex_hash(plan_identity(spec, experiment_text, points, runs).dump());
}

void write_or_check_batch_plan(const fs::path& directory, const ExperimentSpec& spec,
                               const std::string& experiment_text,
                               const std::vector<ParameterPoint>& points, std::size_t runs) {
  json plan = plan_identity(spec, experiment_text, points, runs);
  plan["experiment_hash"] = hex_hash(plan.dump());
  plan[kPlanPathKey] = spec.scenario_path.lexically_normal().generic_string();
  write_or_check_plan(directory, std::move(plan));
}

std::string encode_run_record(const RunRecord& record, const std::string& experiment_hash) {
  json out;
  out["experiment_hash"] = experiment_hash;
  out["run"] = record.run.index;
  out["point"] = record.run.point;
  out["replicate"] = record.run.replicate;
  out["seed"] = record.run.seed;
  out["metrics"] = record.schema.metric_names;
  out["brands"] = record.schema.brand_labels;
  out["generations"] = record.schema.generation_labels;
  json frames = json::array();
  for (const MetricsFrame& frame : record.frames) {
    json values = json::array();
    for (const MetricValue& v : frame.values)
      values.push_back({v.metric, v.brand, v.generation, v.value});
    frames.push_back({{"step", frame.step}, {"values", values}});
  }
  out["frames"] = frames;
  // The checksum covers the record as dumped without it; decoding dumps the rest again, and
  // nlohmann::json writes the same text for the same values (sorted keys, shortest doubles).
  out[kChecksumKey] = hex_hash(out.dump());
  return out.dump() + "\n";
}

RunRecord decode_run_record(const std::string& text, const std::string& experiment_hash) {
  try {
    json in = parse_record(text);
    if (!in.is_object() || !in.contains(kChecksumKey) || !in[kChecksumKey].is_string())
      damaged("it has no checksum");
    const std::string stored = in[kChecksumKey].get<std::string>();
    in.erase(kChecksumKey);
    if (stored != hex_hash(in.dump()))
      damaged("its checksum does not match its contents (changed or truncated)");
    if (in.at("experiment_hash") != experiment_hash)
      damaged("it belongs to another experiment (its experiment hash differs)");
    return decode_checked(in);
  } catch (const json::exception& error) {
    damaged(text.empty() ? "it is empty"
                         : fmt::format("it is not a run record ({})", error.what()));
  }
}

RunRecord read_run_record(const std::string& text, const PlannedRun& expected,
                          const std::string& experiment_hash) {
  RunRecord record = decode_run_record(text, experiment_hash);
  if (record.run.index != expected.index || record.run.point != expected.point ||
      record.run.replicate != expected.replicate || record.run.seed != expected.seed)
    damaged(fmt::format("it holds run {} (point {}, replicate {}, seed {}), not the planned run {}",
                        record.run.index, record.run.point, record.run.replicate, record.run.seed,
                        expected.index));
  return record;
}

namespace {

/// The base scenario as every run starts from it: its file, its text's hash, the experiment's
/// `set:` overrides, and the resolved parameters with their hash (each point then applies its
/// varied keys and its run's seed, as runs.csv lists them).
json base_scenario_json(const ExperimentSpec& spec) {
  const std::string resolved =
      scenario_to_json(load_scenario(spec.scenario_path, spec.fixed_overrides));
  return {{"file", spec.scenario_path.lexically_normal().generic_string()},
          {"text_hash_xxh3_64", hex_hash(read_file_text(spec.scenario_path))},
          {"overrides", spec.fixed_overrides},
          {"resolved_hash_xxh3_64", hex_hash(resolved)},
          {"parameters", json::parse(resolved)}};
}

}  // namespace

void write_batch_manifest(const fs::path& path, const ExperimentSpec& spec,
                          const std::string& experiment_text, std::size_t points, std::size_t runs,
                          unsigned threads) {
  // No timings, so a resumed batch ends byte-identical to an uninterrupted one.
  json manifest;
  manifest["murmur_version"] = MURMUR_VERSION;
  manifest["git_commit"] = build_info::git_commit;
  manifest["experiment"] = {
      {"name", spec.name},
      {"file", fs::path(spec.source_path).lexically_normal().generic_string()},
      {"text_hash_xxh3_64", fmt::format("{:016x}", hash_bytes(experiment_text))}};
  manifest["scenario"] = base_scenario_json(spec);
  manifest["master_seed"] = spec.master_seed;
  manifest["replicate_seed_rule"] = kReplicateSeedRule;
  json seeds = json::array();
  for (std::uint32_t r = 0; r < spec.replicates; ++r)
    seeds.push_back(derive_replicate_seed(spec.master_seed, r));
  manifest["replicate_seeds"] = seeds;
  manifest["points"] = points;
  manifest["replicates"] = spec.replicates;
  manifest["runs"] = runs;
  manifest["threads"] = threads;
  manifest["platform"] = platform_json();
  manifest["reproduce_a_run"] =
      "murmur run <scenario.file> --seed <seed from runs.csv> --set <each of scenario.overrides> "
      "--set <varied key>=<its value from runs.csv> ...";
  manifest["files"] = {
      {"runs.csv", "run,point,replicate,seed,<varied keys>,step,brand,generation,metric,value"},
      {"summary.csv",
       "point,<varied keys>,step,brand,generation,metric,n,mean,sd,ci95_low,ci95_high"},
      {"runs/", "one JSON file per finished run (what a resumed batch skips)"}};
  write_file_atomically(path, manifest.dump(2) + "\n");
}

}  // namespace murmur
