#include "sim/run/world.hpp"

#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/state_archive.hpp"
#include "sim/run/model_factory.hpp"

namespace murmur {

std::shared_ptr<const SocialGraph> build_scenario_graph(const Scenario& scenario) {
  const std::filesystem::path scenario_dir =
      scenario.source_path.empty() ? std::filesystem::path{}
                                   : std::filesystem::path(scenario.source_path).parent_path();
  return std::make_shared<const SocialGraph>(build_social_graph(
      scenario.population.graph, scenario.population.customers, scenario.seed, scenario_dir));
}

World build_world(const Scenario& scenario) {
  return build_world(scenario, build_scenario_graph(scenario));
}

World build_world(const Scenario& scenario, std::shared_ptr<const SocialGraph> graph) {
  World world;
  world.model = make_model(scenario, graph);
  world.graph = std::move(graph);
  return world;
}

Checkpoint capture_checkpoint(const Scenario& scenario, const Model& model,
                              std::uint64_t graph_fingerprint, CheckpointOrigin origin,
                              std::vector<MetricsFrame> frames) {
  Checkpoint checkpoint;
  checkpoint.murmur_version = MURMUR_VERSION;
  checkpoint.scenario_json = std::move(origin.scenario_json);
  checkpoint.scenario_text = std::move(origin.scenario_text);
  checkpoint.overrides = std::move(origin.overrides);
  checkpoint.scenario_path = scenario.source_path.empty()
                                 ? std::string()
                                 : std::filesystem::absolute(scenario.source_path).string();
  checkpoint.graph_fingerprint = graph_fingerprint;
  checkpoint.customers = model.graph().customer_count();
  checkpoint.step = model.current_step();
  checkpoint.frames = std::move(frames);
  checkpoint.model_state = model.save_state();
  return checkpoint;
}

void restore_checkpoint(const Checkpoint& checkpoint, std::uint64_t graph_fingerprint,
                        World& world) {
  auto refuse = [&](const std::string& message) {
    throw InputError(InputIssue{checkpoint.file.string(), 0, 0, "", message, ""});
  };
  const std::uint64_t customers = world.graph->customer_count();
  if (checkpoint.customers != customers || checkpoint.graph_fingerprint != graph_fingerprint)
    refuse(
        fmt::format("the social graph built now is not the one the checkpoint was made on "
                    "({} customers now, {} then; its fingerprint differs): has the edge list "
                    "changed?",
                    customers, checkpoint.customers));
  try {
    world.model->load_state(checkpoint.model_state);
  } catch (const StateFormatError& error) {
    refuse(std::string("the checkpoint's state does not fit this scenario's model: ") +
           error.what());
  }
}

}  // namespace murmur
