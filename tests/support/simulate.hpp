#pragma once
// Runs a scenario in memory and keeps every step's metrics: for validation tests that read
// trajectories (shares by week, discounted margins) without writing files.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/graph/social_graph.hpp"
#include "sim/model/metrics.hpp"
#include "sim/model/model.hpp"
#include "sim/run/world.hpp"

namespace murmur::testing {

struct Trajectory {
  MetricsSchema schema;
  std::vector<MetricsFrame> frames;  ///< frames[t] = state after week t (0 = initial)
  std::vector<FiredIntervention> fired;

  [[nodiscard]] std::uint16_t brand(const std::string& name) const {
    for (std::size_t b = 0; b < schema.brand_labels.size(); ++b)
      if (schema.brand_labels[b] == name) return static_cast<std::uint16_t>(b);
    throw std::invalid_argument("no brand " + name);
  }
  /// A brand's (or "all" brands') metric at week t, over all generations.
  [[nodiscard]] double at(Step t, const std::string& metric,
                          const std::string& brand_name = "") const {
    return frames.at(t).get(schema.metric_id(metric),
                            brand_name.empty() ? kAllLabel : brand(brand_name));
  }
};

inline Trajectory simulate(const Scenario& scenario) {
  const World world = build_world(scenario);
  Model* model = world.model.get();
  Trajectory out;
  out.schema = model->schema();
  out.frames.push_back(model->measure());
  for (Step t = 0; t < scenario.steps; ++t) {
    model->step();
    out.frames.push_back(model->measure());
  }
  const auto fired = model->fired_interventions();
  out.fired.assign(fired.begin(), fired.end());
  return out;
}

}  // namespace murmur::testing
