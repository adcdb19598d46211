#pragma once
// Which model a scenario runs: the only place that knows every model type, so it sits above
// both the engine (sim/model) and the market model (agents/).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "sim/model/model.hpp"

namespace murmur {

/// Creates the model the scenario names, over a graph built for it.
[[nodiscard]] std::unique_ptr<Model> make_model(const Scenario& scenario,
                                                std::shared_ptr<const SocialGraph> graph);

/// The metric names the scenario's model reports (MetricsSchema::metric_names), before building.
[[nodiscard]] std::vector<std::string> model_metric_names(ModelKind model);

/// Heap bytes the scenario's model state will take (excluding the graph), before allocating.
[[nodiscard]] std::size_t estimate_model_bytes(const Scenario& scenario);

}  // namespace murmur
