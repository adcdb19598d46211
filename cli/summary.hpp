#pragma once
// Text the CLI prints after a run and for `murmur graph`.

#include <string>

#include "sim/graph/social_graph.hpp"
#include "sim/run/run.hpp"

namespace murmur::cli {

/// A table per brand of the headline metrics at the last step, and the run's cost.
[[nodiscard]] std::string format_run_summary(const Scenario& scenario, const RunResult& result);

[[nodiscard]] std::string format_graph_stats(const std::string& source, const GraphStats& stats,
                                             double build_seconds);

}  // namespace murmur::cli
