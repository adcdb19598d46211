// Which model a scenario runs. The only place that knows every model type.

#include <algorithm>
#include <stdexcept>

#include "agents/market_model.hpp"
#include "agents/customers.hpp"
#include "sim/bass_model.hpp"
#include "sim/model.hpp"
#include "sim/state_hash.hpp"

namespace murmur {

std::unique_ptr<Model> make_model(const Scenario& scenario, std::shared_ptr<const SocialGraph> graph) {
  switch (scenario.model) {
    case ModelKind::Bass:
      return std::make_unique<BassModel>(scenario, std::move(graph));
    case ModelKind::Market:
      return make_market_model(scenario, std::move(graph));
  }
  throw std::logic_error("unknown model kind");
}

void Model::set_lever(std::uint16_t, const std::string& name, double) {
  throw std::invalid_argument("this model has no lever '" + name + "'");
}

std::uint64_t Model::state_hash() const { return hash_bytes(save_state()); }

void Model::apply_intervention(const InterventionSpec& intervention) {
  if (intervention.kind != InterventionKind::SetLever)
    throw std::invalid_argument("this model cannot apply the intervention '" + intervention.name + "'");
  const MetricsSchema& labels = schema();
  for (const std::string& brand : intervention.brands) {
    const auto it = std::find(labels.brand_labels.begin(), labels.brand_labels.end(), brand);
    if (it == labels.brand_labels.end()) throw std::invalid_argument("unknown brand '" + brand + "'");
    set_lever(static_cast<std::uint16_t>(it - labels.brand_labels.begin()), intervention.lever,
              intervention.value);
  }
}

std::size_t estimate_model_bytes(const Scenario& scenario) {
  const std::size_t customers = scenario.population.customers;
  switch (scenario.model) {
    case ModelKind::Bass:
      return 2 * customers;  // two 1-byte adoption buffers
    case ModelKind::Market:
      return customers * (Customers::kFixedBytesPerCustomer +
                          Customers::kBytesPerCustomerPerBrand * scenario.brands.size());
  }
  return 0;
}

}  // namespace murmur
