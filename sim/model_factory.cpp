// Which model a scenario runs. The only place that knows every model type.

#include <stdexcept>

#include "sim/bass_model.hpp"
#include "sim/model.hpp"

namespace murmur {

std::unique_ptr<Model> make_model(const Scenario& scenario, std::shared_ptr<const SocialGraph> graph) {
  switch (scenario.model) {
    case ModelKind::Bass:
      return std::make_unique<BassModel>(scenario, std::move(graph));
    case ModelKind::Market:
      break;
  }
  throw std::logic_error("the market model is not linked into this build yet");
}

void Model::set_lever(std::uint16_t, const std::string& name, double) {
  throw std::invalid_argument("this model has no lever '" + name + "'");
}

std::size_t estimate_model_bytes(const Scenario& scenario) {
  const std::size_t customers = scenario.population.customers;
  switch (scenario.model) {
    case ModelKind::Bass:
      return 2 * customers;  // two 1-byte adoption buffers
    case ModelKind::Market:
      break;
  }
  return 0;
}

}  // namespace murmur
