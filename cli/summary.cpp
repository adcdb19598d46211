#include "cli/summary.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/core/scenario_schema.hpp"
#include "sim/core/terminal_text.hpp"

namespace murmur::cli {

namespace {

/// Headline metrics, in the order printed; those the model does not have are skipped.
const std::vector<std::string> kHeadlineMetrics = {
    "adopters",     "adoption", "customers", "share",        "awareness", "consideration", "nps",
    "churn_annual", "clv",      "cac",       "data_sharing", "gap",       "agreeing"};

std::string format_value(const std::string& metric, double value) {
  if (std::isnan(value)) return "-";
  if (metric == "adopters" || metric == "customers") return fmt::format("{:.0f}", value);
  if (metric == "nps" || metric == "gap" || metric == "clv" || metric == "cac")
    return fmt::format("{:.2f}", value);
  return fmt::format("{:.1f}%", 100.0 * value);  // shares and rates
}

}  // namespace

std::string format_run_summary(const Scenario& scenario, const RunResult& result) {
  const MetricsSchema& schema = result.schema;
  std::vector<std::uint16_t> columns;
  const auto has = [&](const std::string& name) {
    return std::find(schema.metric_names.begin(), schema.metric_names.end(), name) !=
           schema.metric_names.end();
  };
  for (const auto& name : kHeadlineMetrics) {
    // A market's per-brand adoption counts acquisitions (it can pass 100%): share says more.
    if (!has(name) || (name == "adoption" && has("share"))) continue;
    columns.push_back(schema.metric_id(name));
  }

  std::string out = fmt::format("{}: {} weeks, {} customers, {} friendships, seed {}\n",
                                scenario.name, result.final_frame.step, result.customers,
                                result.undirected_edges, scenario.seed);
  // Escaped before padding, so a name with control bytes keeps the columns aligned.
  std::vector<std::string> brand_labels;
  for (const auto& brand : schema.brand_labels) brand_labels.push_back(terminal_safe(brand));
  std::size_t name_width = 5;
  for (const auto& brand : brand_labels) name_width = std::max(name_width, brand.size());
  out += fmt::format("  {:<{}}", "brand", name_width);
  for (auto c : columns) out += fmt::format(" {:>13}", schema.metric_names[c]);
  out += '\n';
  for (std::size_t b = 0; b < schema.brand_labels.size(); ++b) {
    out += fmt::format("  {:<{}}", brand_labels[b], name_width);
    for (auto c : columns)
      out += fmt::format(" {:>13}",
                         format_value(schema.metric_names[c],
                                      result.final_frame.get(c, static_cast<std::uint16_t>(b))));
    out += '\n';
  }
  for (const FiredIntervention& event : result.interventions)
    out += fmt::format("  week {:>4}: {} ({})\n", event.week,
                       event.name.empty() ? "intervention" : event.name, to_string(event.kind));
  const double steps_per_second =
      result.final_frame.step / std::max(1e-9, result.wall_seconds - result.graph_seconds);
  out += fmt::format("  time {:.2f} s (graph {:.2f} s, {:.0f} weeks/s), peak memory {:.0f} MiB\n",
                     result.wall_seconds, result.graph_seconds, steps_per_second,
                     static_cast<double>(result.peak_memory_bytes) / (1 << 20));
  return out;
}

std::string format_graph_stats(const std::string& source, const GraphStats& stats,
                               double build_seconds) {
  std::string out = fmt::format("graph: {}\n", source);
  out += fmt::format("  nodes                   {}\n", stats.customers);
  out += fmt::format("  undirected edges        {}\n", stats.undirected_edges);
  out += fmt::format("  mean degree             {:.3f}\n", stats.mean_degree);
  out += fmt::format("  max degree              {}\n", stats.max_degree);
  out += fmt::format("  isolated nodes          {}\n", stats.isolated_customers);
  out += fmt::format("  connected components    {}\n", stats.components);
  out += fmt::format("  largest component       {} ({:.1f}%)\n", stats.largest_component,
                     stats.customers ? 100.0 * static_cast<double>(stats.largest_component) /
                                           static_cast<double>(stats.customers)
                                     : 0.0);
  out += fmt::format("  clustering coefficient  {:.4f}\n", stats.clustering_coefficient);
  out += fmt::format(
      "  memory                  {:.1f} MiB ({:.2f} bytes per edge incl. row starts)\n",
      static_cast<double>(stats.memory_bytes) / (1 << 20),
      stats.undirected_edges
          ? static_cast<double>(stats.memory_bytes) / static_cast<double>(stats.undirected_edges)
          : 0.0);
  out += fmt::format("  built/read in           {:.2f} s\n", build_seconds);
  return out;
}

}  // namespace murmur::cli
