#include "sim/io/run_manifest.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/build_info.hpp"
#include "sim/core/scenario_schema.hpp"
#include "sim/core/state_hash.hpp"
#include "sim/io/manifest_platform.hpp"

namespace murmur {

std::string run_manifest_json(const RunManifest& run) {
  const Scenario& scenario = run.scenario;
  nlohmann::json manifest;
  manifest["murmur_version"] = MURMUR_VERSION;
  manifest["git_commit"] = build_info::git_commit;
  manifest["scenario"] = {
      {"name", scenario.name},
      {"file", scenario.source_path},
      {"text_hash_xxh3_64", fmt::format("{:016x}", hash_bytes(run.scenario_text))},
      {"overrides", run.overrides},
  };
  manifest["parameters"] = run.resolved_scenario_json.empty()
                               ? nlohmann::json::object()
                               : nlohmann::json::parse(run.resolved_scenario_json);
  manifest["seed"] = scenario.seed;
  manifest["steps"] = scenario.steps;
  manifest["threads"] = run.threads;
  manifest["platform"] = platform_json();
  manifest["customers"] = run.customers;
  manifest["undirected_edges"] = run.undirected_edges;
  manifest["started_at_utc"] = run.started_at_utc;
  manifest["graph_seconds"] = run.graph_seconds;
  manifest["wall_seconds"] = run.wall_seconds;
  manifest["peak_memory_bytes"] = run.peak_memory_bytes;
  manifest["final_state_hash"] = fmt::format("{:016x}", run.final_state_hash);
  manifest["interventions_fired"] = nlohmann::json::array();
  for (const FiredIntervention& event : run.interventions)
    manifest["interventions_fired"].push_back(
        {{"week", event.week}, {"name", event.name}, {"kind", std::string(to_string(event.kind))}});
  manifest["files"] = {
      {"metrics.csv",
       "tidy long format: step,brand,generation,metric,value (see results/README.md)"}};
  if (!run.command_log.empty()) manifest["dashboard_commands"] = run.command_log;
  if (run.checkpoint_every > 0) manifest["checkpoint_every"] = run.checkpoint_every;
  if (run.resumed_from_step) manifest["resumed_from_step"] = *run.resumed_from_step;
  return manifest.dump(2) + "\n";
}

}  // namespace murmur
