#pragma once
// A world: the social graph a scenario asks for and the model that runs on it. This is the one
// place a Scenario becomes something that steps; the CLI's run, the batch runner, compare, the
// dashboard and the tests all build theirs here. Checkpoints are captured and restored here
// too, so the check that a checkpoint meets the graph it was made on is written once.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/graph/social_graph.hpp"
#include "sim/io/checkpoint.hpp"
#include "sim/model/metrics.hpp"
#include "sim/model/model.hpp"

namespace murmur {

struct World {
  std::shared_ptr<const SocialGraph> graph;
  std::unique_ptr<Model> model;
};

/// The graph the scenario describes. A relative edge list resolves against the folder of the
/// scenario's file (the working directory for a scenario loaded from text).
/// Deterministic in the scenario's graph spec, customers and seed. Throws InputError.
[[nodiscard]] std::shared_ptr<const SocialGraph> build_scenario_graph(const Scenario& scenario);

/// The scenario's graph and its model at step 0.
[[nodiscard]] World build_world(const Scenario& scenario);

/// The scenario's model at step 0 on a graph already built for it (the dashboard's reset
/// keeps its graph).
[[nodiscard]] World build_world(const Scenario& scenario, std::shared_ptr<const SocialGraph> graph);

/// What a checkpoint records about where its run came from, beyond the model's state.
struct CheckpointOrigin {
  std::string scenario_json;           ///< the resolved scenario (scenario_to_json)
  std::string scenario_text;           ///< the original YAML text, when known
  std::vector<std::string> overrides;  ///< the run's --set values
};

/// A checkpoint of `model` now. `graph_fingerprint` is graph_fingerprint(model.graph()),
/// passed in so that a run that checkpoints often computes it once.
[[nodiscard]] Checkpoint capture_checkpoint(const Scenario& scenario, const Model& model,
                                            std::uint64_t graph_fingerprint,
                                            CheckpointOrigin origin,
                                            std::vector<MetricsFrame> frames);

/// Puts a checkpoint's state into a freshly built world, after checking that the world's
/// graph is the one the checkpoint was made on. Throws InputError naming checkpoint.file when
/// the graph differs or the state does not fit the model.
void restore_checkpoint(const Checkpoint& checkpoint, std::uint64_t graph_fingerprint,
                        World& world);

}  // namespace murmur
