// The Model interface's default behaviour: levers and interventions by name, the state hash.

#include "sim/model/model.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/core/state_hash.hpp"

namespace murmur {

void Model::set_lever(std::uint16_t, const std::string& name, double) {
  throw std::invalid_argument("this model has no lever '" + name + "'");
}

std::uint64_t Model::state_hash() const { return hash_bytes(save_state()); }

void Model::apply_intervention(const InterventionSpec& intervention) {
  if (intervention.kind != InterventionKind::SetLever)
    throw std::invalid_argument("this model cannot apply the intervention '" + intervention.name +
                                "'");
  const MetricsSchema& labels = schema();
  for (const std::string& brand : intervention.brands) {
    const auto it = std::find(labels.brand_labels.begin(), labels.brand_labels.end(), brand);
    if (it == labels.brand_labels.end())
      throw std::invalid_argument("unknown brand '" + brand + "'");
    set_lever(static_cast<std::uint16_t>(it - labels.brand_labels.begin()), intervention.lever,
              intervention.value);
  }
}

}  // namespace murmur
