#pragma once
// Text the CLI prints after a run and for `murmur graph`.

#include <string>

#include "sim/graph/social_graph.hpp"
#include "sim/run/run.hpp"

namespace murmur::cli {

/// A table per brand (and the market, `all`) of the headline metrics at the last step, with
/// units under the names, the run's cost and a legend of the columns.
[[nodiscard]] std::string format_run_summary(const Scenario& scenario, const RunResult& result);

/// What each column of the summary means, with its unit: the footer of `murmur run --help`.
[[nodiscard]] std::string run_summary_help();

[[nodiscard]] std::string format_graph_stats(const std::string& source, const GraphStats& stats,
                                             double build_seconds);

}  // namespace murmur::cli
