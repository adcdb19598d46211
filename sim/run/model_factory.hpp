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

/// Every metric name a model of this kind can report (MetricsSchema::metric_names), before
/// building; the market's attribution flows only appear in a run with output.attribution.
[[nodiscard]] std::vector<std::string> model_metric_names(ModelKind model);

/// Heap bytes the scenario's model state will take (excluding the graph), before allocating.
[[nodiscard]] std::size_t estimate_model_bytes(const Scenario& scenario);

}  // namespace murmur
