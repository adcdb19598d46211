#pragma once
// A model advances the world one step at a time and measures it. The engine, the CLI, the
// batch runner and the dashboard see models only through this interface (one virtual call
// per step, never per customer).

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/graph/social_graph.hpp"
#include "sim/model/metrics.hpp"

namespace murmur {

/// A numeric lever a live user may move (dashboard sliders).
struct LeverInfo {
  std::uint16_t brand;  ///< brand index (metric label index)
  std::string name;     ///< scenario key under brands[i], e.g. "ad_budget"
  double value;
  double min;  ///< slider range
  double max;
};

/// What the network view shows of one customer.
struct CustomerView {
  std::uint16_t brand = kAllLabel;  ///< current brand (Bass: 0 = adopted), kAllLabel = none
  std::uint8_t generation = 0;
  std::int8_t advocacy = 0;               ///< +1 promoter, 0 passive/none, −1 detractor
  float satisfaction = 0.0f;              ///< 0–10 (NaN if not applicable)
  std::uint16_t heard_brand = kAllLabel;  ///< what it heard last step (kAllLabel = nothing)
  std::int8_t heard_valence = 0;          ///< +1 praise, −1 warning
  std::uint32_t heard_from = 0;           ///< neighbours who spoke to it last step
  /// Why it has its brand, as bits of AdoptionCause (agents/attribution.hpp); 0 when unknown:
  /// attribution off, no brand, or its brand since the start.
  std::uint8_t adoption_causes = 0;
};

/// An intervention that took effect at the start of `week`, for logs and chart markers.
struct FiredIntervention {
  Step week = 0;
  std::string name;
  InterventionKind kind = InterventionKind::SetLever;
};

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
  /// The whole state as bytes (sim/core/state_archive.hpp): customers, brands, levers, pending
  /// interventions, the step (which is the random streams' position). A checkpoint.
  [[nodiscard]] virtual std::string save_state() const = 0;
  /// Restores a state saved by a model built from the same scenario and graph. Throws
  /// StateFormatError for a state that is truncated or belongs to another model.
  virtual void load_state(std::string_view state) = 0;
  /// Deterministic hash of the full state (for determinism tests and manifests): that of
  /// save_state()'s bytes. Models with a large state override it to hash without the copy.
  [[nodiscard]] virtual std::uint64_t state_hash() const;
  /// Heap bytes held by per-customer state (excluding the graph).
  [[nodiscard]] virtual std::size_t state_bytes() const = 0;

  /// An independent copy of the whole state (same random streams): a what-if fork.
  [[nodiscard]] virtual std::unique_ptr<Model> clone() const = 0;
  /// Levers a live user may move; empty if the model has none.
  [[nodiscard]] virtual std::vector<LeverInfo> levers() const { return {}; }
  /// Sets a lever from the next step on. Throws std::invalid_argument for unknown levers.
  virtual void set_lever(std::uint16_t brand, const std::string& name, double value);
  /// Applies an intervention now (the dashboard's event buttons: a scenario's intervention fired
  /// by hand, or an ad-hoc scandal, campaign, entry, seeding). Its trigger is ignored; timed
  /// kinds (`weeks`) last from the next step on. The default handles SetLever through
  /// set_lever(); models override it for the kinds they support. Throws std::invalid_argument
  /// for kinds or brands the model does not know.
  virtual void apply_intervention(const InterventionSpec& intervention);
  /// Interventions applied so far (scheduled, triggered or by hand), in order.
  [[nodiscard]] virtual std::span<const FiredIntervention> fired_interventions() const {
    return {};
  }
  /// One customer, for inspection in the network view.
  [[nodiscard]] virtual CustomerView customer_view(CustomerIndex customer) const = 0;
  /// The graph the model runs on.
  [[nodiscard]] virtual const SocialGraph& graph() const = 0;
};

}  // namespace murmur
