#include "cli/summary.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/core/number_format.hpp"
#include "sim/core/scenario_schema.hpp"
#include "sim/core/terminal_text.hpp"

namespace murmur::cli {

namespace {

/// Headline metrics, in the order printed; those the model does not have are skipped.
/// `believers` exists only for the market as a whole, so it shows in the `all` row.
const std::vector<std::string> kHeadlineMetrics = {
    "adopters",      "adoption", "customers",    "share",    "awareness",
    "consideration", "nps",      "churn_annual", "clv",      "cac",
    "data_sharing",  "gap",      "agreeing",     "believers"};

constexpr int kColumnWidth = 13;

/// The columns this model has, as metric ids.
std::vector<std::uint16_t> summary_columns(const MetricsSchema& schema) {
  const auto has = [&](const std::string& name) {
    return std::find(schema.metric_names.begin(), schema.metric_names.end(), name) !=
           schema.metric_names.end();
  };
  std::vector<std::uint16_t> columns;
  for (const auto& name : kHeadlineMetrics) {
    // A market's per-brand adoption counts acquisitions (it can pass 100%): share says more.
    if (!has(name) || (name == "adoption" && has("share"))) continue;
    columns.push_back(schema.metric_id(name));
  }
  return columns;
}

std::string table_row(const std::string& label, std::size_t label_width,
                      const std::vector<std::string>& cells) {
  std::string row = fmt::format("  {:<{}}", label, label_width);
  for (const auto& cell : cells) row += fmt::format(" {:>{}}", cell, kColumnWidth);
  return row + '\n';
}

/// The footer: what each column means, and the two marks a cell can hold.
std::string legend(const MetricsSchema& schema, const std::vector<std::uint16_t>& columns) {
  std::string out = "  columns (final week; docs/metrics.md defines every metric):\n";
  for (auto c : columns)
    out += fmt::format("    {:<{}} {}\n", schema.metric_names[c], kColumnWidth + 1,
                       metric_meaning(schema.metric_names[c]));
  out += "  all = the whole market; - = not defined for the row (metrics.csv: NA)\n";
  return out;
}

}  // namespace

std::string format_run_summary(const Scenario& scenario, const RunResult& result) {
  const MetricsSchema& schema = result.schema;
  const std::vector<std::uint16_t> columns = summary_columns(schema);
  const auto cells_of = [&](std::uint16_t brand) {
    std::vector<std::string> cells;
    for (auto c : columns)
      cells.push_back(
          format_value(result.final_frame.get(c, brand), metric_scale(schema.metric_names[c])));
    return cells;
  };

  std::string out = fmt::format("{}: {} weeks, {} customers, {} friendships, seed {}\n",
                                scenario.name, result.final_frame.step, result.customers,
                                result.undirected_edges, scenario.seed);
  // Escaped before padding, so a name with control bytes keeps the columns aligned.
  std::vector<std::string> brand_labels;
  for (const auto& brand : schema.brand_labels) brand_labels.push_back(terminal_safe(brand));
  std::size_t name_width = 5;
  for (const auto& brand : brand_labels) name_width = std::max(name_width, brand.size());
  std::vector<std::string> names, units;
  for (auto c : columns) {
    names.push_back(schema.metric_names[c]);
    units.emplace_back(metric_unit(schema.metric_names[c]));
  }
  out += table_row("brand", name_width, names);
  out += table_row("", name_width, units);
  for (std::size_t b = 0; b < schema.brand_labels.size(); ++b)
    out += table_row(brand_labels[b], name_width, cells_of(static_cast<std::uint16_t>(b)));
  // The market as a whole, where the model reports it (the market model does; Bass does not).
  const std::vector<std::string> market = cells_of(kAllLabel);
  if (std::any_of(market.begin(), market.end(), [](const auto& cell) { return cell != kNoValue; }))
    out += table_row("all", name_width, market);
  for (const FiredIntervention& event : result.interventions)
    out += fmt::format("  week {:>4}: {} ({})\n", event.week,
                       event.name.empty() ? "intervention" : event.name, to_string(event.kind));
  const double steps_per_second =
      result.final_frame.step / std::max(1e-9, result.wall_seconds - result.graph_seconds);
  out += fmt::format("  time {:.2f} s (graph {:.2f} s, {:.0f} weeks/s), peak memory {:.0f} MiB\n",
                     result.wall_seconds, result.graph_seconds, steps_per_second,
                     static_cast<double>(result.peak_memory_bytes) / (1 << 20));
  out += legend(schema, columns);
  return out;
}

std::string run_summary_help() {
  std::string out =
      "The summary table shows each brand (and `all`, the whole market) at the final week:\n";
  for (const auto& name : kHeadlineMetrics)
    out += fmt::format("  {:<30} {}\n", metric_heading(name), metric_meaning(name));
  out += fmt::format(
      "Shares and rates are percentages ({} decimals); money is in the scenario's currency, the "
      "unit of price and margin;\n- = not defined for the row. Definitions: docs/metrics.md.",
      kPercentDecimals);
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
