#pragma once
// A model advances the world one step at a time and measures it. The engine, the CLI, the
// batch runner and the dashboard see models only through this interface (one virtual call
// per step, never per customer).

#include <memory>

#include "sim/metrics.hpp"
#include "sim/scenario.hpp"
#include "sim/social_graph.hpp"

namespace murmur {

class Model {
 public:
  virtual ~Model() = default;

  [[nodiscard]] virtual const MetricsSchema& schema() const = 0;
  /// The step whose state the model holds (0 after construction).
  [[nodiscard]] virtual Step current_step() const = 0;
  /// Advance from current_step() to current_step() + 1.
  virtual void step() = 0;
  /// Metrics of the current state (and of the flows during the last step).
  [[nodiscard]] virtual MetricsFrame measure() const = 0;
  /// Deterministic hash of the full state (for determinism tests and checkpoints).
  [[nodiscard]] virtual std::uint64_t state_hash() const = 0;
  /// Heap bytes held by per-customer state (excluding the graph).
  [[nodiscard]] virtual std::size_t state_bytes() const = 0;
};

/// Creates the model the scenario names, over a graph built for it.
[[nodiscard]] std::unique_ptr<Model> make_model(const Scenario& scenario,
                                                std::shared_ptr<const SocialGraph> graph);

/// Heap bytes the scenario's model state will take (excluding the graph), before allocating.
[[nodiscard]] std::size_t estimate_model_bytes(const Scenario& scenario);

}  // namespace murmur
