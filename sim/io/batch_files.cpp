// The files of a batch directory as JSON: plan.json (what the directory holds, checked on
// resume), runs/run-NNNNNN.json (one finished run each) and manifest.json.

#include "sim/io/batch_files.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/build_info.hpp"
#include "sim/core/error.hpp"
#include "sim/core/state_hash.hpp"
#include "sim/io/output.hpp"

namespace murmur {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json plan_json(const ExperimentSpec& spec, const std::string& experiment_text,
               const std::vector<ParameterPoint>& points, std::size_t runs) {
  json plan;
  plan["experiment"] = spec.name;
  plan["experiment_text_hash_xxh3_64"] = fmt::format("{:016x}", hash_bytes(experiment_text));
  plan["scenario"] = spec.scenario_path.string();
  plan["scenario_text_hash_xxh3_64"] =
      fmt::format("{:016x}", hash_bytes(read_file_text(spec.scenario_path)));
  plan["master_seed"] = spec.master_seed;
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

/// A directory holds one experiment: refuse to mix the runs of two.
void write_or_check_plan(const fs::path& directory, const json& plan) {
  const fs::path path = directory / "plan.json";
  if (fs::exists(path)) {
    json existing;
    try {
      existing = json::parse(read_file_text(path));
    } catch (const json::exception&) {
      throw InputError(InputIssue{path.string(), 0, 0, "",
                                  "plan.json is not valid JSON; is this a batch directory?", ""});
    }
    // A plan written before the text hashes became XXH3 keeps FNV-1a ones under other keys:
    // it would differ for that reason alone, so say that rather than "another experiment".
    if (existing.contains("experiment_text_hash_fnv1a64"))
      throw InputError(InputIssue{
          path.string(), 0, 0, "",
          "this batch was planned by an older murmur (its plan.json hashes the texts with FNV-1a, "
          "this murmur with XXH3); finish it with that murmur, or use another --out",
          ""});
    if (existing != plan)
      throw InputError(InputIssue{path.string(), 0, 0, "",
                                  "this directory holds a different experiment (or its scenario "
                                  "changed); use another --out",
                                  ""});
    return;
  }
  write_file_atomically(path, plan.dump(2) + "\n");
}

}  // namespace

void write_or_check_batch_plan(const fs::path& directory, const ExperimentSpec& spec,
                               const std::string& experiment_text,
                               const std::vector<ParameterPoint>& points, std::size_t runs) {
  write_or_check_plan(directory, plan_json(spec, experiment_text, points, runs));
}

std::string encode_run_record(const RunRecord& record) {
  json out;
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
  return out.dump() + "\n";
}

RunRecord decode_run_record(const std::string& text) {
  const json in = json::parse(text);
  RunRecord record;
  record.run = {in.at("run").get<std::uint32_t>(), in.at("point").get<std::uint32_t>(),
                in.at("replicate").get<std::uint32_t>(), in.at("seed").get<Seed>()};
  record.schema = {in.at("metrics").get<std::vector<std::string>>(),
                   in.at("brands").get<std::vector<std::string>>(),
                   in.at("generations").get<std::vector<std::string>>()};
  for (const json& frame : in.at("frames")) {
    MetricsFrame decoded;
    decoded.step = frame.at("step").get<Step>();
    for (const json& v : frame.at("values")) {
      // NaN is stored as null by nlohmann::json.
      const double value = v[3].is_null() ? std::nan("") : v[3].get<double>();
      decoded.add(v[0].get<std::uint16_t>(), v[1].get<std::uint16_t>(), v[2].get<std::uint16_t>(),
                  value);
    }
    record.frames.push_back(std::move(decoded));
  }
  return record;
}

void write_batch_manifest(const fs::path& path, const ExperimentSpec& spec,
                          const std::string& experiment_text, std::size_t points,
                          std::size_t runs) {
  // The manifest holds no timings, so a resumed batch ends byte-identical to an uninterrupted one.
  json manifest;
  manifest["murmur_version"] = MURMUR_VERSION;
  manifest["git_commit"] = build_info::git_commit;
  manifest["experiment"] = {
      {"name", spec.name},
      {"file", spec.source_path},
      {"text_hash_xxh3_64", fmt::format("{:016x}", hash_bytes(experiment_text))}};
  manifest["scenario"] = spec.scenario_path.string();
  manifest["master_seed"] = spec.master_seed;
  manifest["points"] = points;
  manifest["replicates"] = spec.replicates;
  manifest["runs"] = runs;
  manifest["reproduce_a_run"] =
      "murmur run <scenario> --seed <seed from runs.csv> --set <varied key>=<its value> ...";
  manifest["files"] = {
      {"runs.csv", "run,point,replicate,seed,<varied keys>,step,brand,generation,metric,value"},
      {"summary.csv",
       "point,<varied keys>,step,brand,generation,metric,n,mean,sd,ci95_low,ci95_high"},
      {"runs/", "one JSON file per finished run (what a resumed batch skips)"}};
  write_file_atomically(path, manifest.dump(2) + "\n");
}

}  // namespace murmur
