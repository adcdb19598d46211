#pragma once
// manifest.json of a run: what was run (scenario, its text's hash, the overrides, every
// resolved parameter), on what (threads, customers, edges), when and how long, and how it
// ended (the final state hash, the interventions that fired). See results/README.md.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/model/model.hpp"

namespace murmur {

struct RunManifest {
  explicit RunManifest(const Scenario& of) : scenario(of) {}

  const Scenario& scenario;
  std::string scenario_text;           ///< the exact YAML text (hashed, not stored)
  std::vector<std::string> overrides;  ///< the --set values
  std::string resolved_scenario_json;  ///< every parameter; empty = none recorded
  unsigned threads = 0;
  std::uint64_t customers = 0;
  std::uint64_t undirected_edges = 0;
  std::string started_at_utc;
  double graph_seconds = 0.0;
  double wall_seconds = 0.0;
  std::size_t peak_memory_bytes = 0;
  std::uint64_t final_state_hash = 0;
  std::vector<FiredIntervention> interventions;
  std::vector<std::string> command_log;  ///< the dashboard's commands, "step: command"
  Step checkpoint_every = 0;             ///< 0 = no checkpoints
  std::optional<Step> resumed_from_step;
};

/// The manifest as pretty JSON, ending in a newline.
[[nodiscard]] std::string run_manifest_json(const RunManifest& run);

}  // namespace murmur
