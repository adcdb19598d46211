// Which model a scenario runs. The only place that knows every model type.

#include "sim/run/model_factory.hpp"

#include <stdexcept>

#include "agents/customers.hpp"
#include "agents/market_metrics.hpp"
#include "agents/market_model.hpp"
#include "sim/graph/social_graph.hpp"
#include "sim/model/bass_model.hpp"

namespace murmur {

std::unique_ptr<Model> make_model(const Scenario& scenario,
                                  std::shared_ptr<const SocialGraph> graph) {
  switch (scenario.model) {
    case ModelKind::Bass:
      return std::make_unique<BassModel>(scenario, std::move(graph));
    case ModelKind::Market:
      return make_market_model(scenario, std::move(graph));
  }
  throw std::logic_error("unknown model kind");
}

std::vector<std::string> model_metric_names(ModelKind model) {
  switch (model) {
    case ModelKind::Bass:
      return BassModel::metric_names();
    case ModelKind::Market: {
      std::vector<std::string> names = market_metric_names();
      for (const std::string& name : attribution_metric_names()) names.push_back(name);
      for (const std::string& name : cascade_metric_names()) names.push_back(name);
      return names;
    }
  }
  throw std::logic_error("unknown model kind");
}

std::size_t estimate_model_bytes(const Scenario& scenario) {
  const std::size_t customers = scenario.population.customers;
  switch (scenario.model) {
    case ModelKind::Bass:
      return 2 * customers;  // two 1-byte adoption buffers
    case ModelKind::Market:
      return MarketModel::estimate_bytes(
          scenario, estimate_adjacency_entries(scenario.population.graph, customers));
  }
  return 0;
}

}  // namespace murmur
