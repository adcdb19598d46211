// The sensitivity study's page (sensitivity.html): per output, the parameters as bars of their
// indices with 95% intervals, largest first (a tornado chart), and the numbers in a table.
// Self-contained (sim/run/html_chart.hpp): no scripts, no network.

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "sim/run/html_chart.hpp"
#include "sim/run/sensitivity.hpp"

namespace murmur {

namespace {

std::string cell(double estimate, const Interval& ci) {
  if (std::isnan(estimate)) return "NA";
  if (std::isnan(ci.low)) return fmt::format("{:.3g}", estimate);
  return fmt::format("{:.3g} <small>[{:.3g}, {:.3g}]</small>", estimate, ci.low, ci.high);
}

std::string output_section(const SensitivityStudy& study, const OutputIndices& output) {
  const std::vector<std::string> parameters = [&] {
    std::vector<std::string> keys;
    for (const ParameterRange& range : study.spec.parameters) keys.push_back(range.key_path);
    return keys;
  }();
  const std::vector<std::size_t> order = ranked_parameters(output);
  std::string html = fmt::format("<h2>{}</h2>\n", html_escape(output.output));
  BarChart chart;
  for (const std::size_t i : order) chart.rows.push_back(parameters[i]);
  if (!output.sobol.empty()) {
    BarSeries total{"total S_T (Jansen 1999)", {}, {}, {}, 0};
    BarSeries first{"first order S (Saltelli et al. 2010)", {}, {}, {}, 3};
    for (const std::size_t i : order) {
      const SobolIndex& s = output.sobol[i];
      total.value.push_back(s.total), total.low.push_back(s.total_ci.low),
          total.high.push_back(s.total_ci.high);
      first.value.push_back(s.first), first.low.push_back(s.first_ci.low),
          first.high.push_back(s.first_ci.high);
    }
    chart.x_label = "share of the output's variance";
    chart.series = {total, first};
    html += "<h3>Sobol indices</h3>\n" + svg_bar_chart(chart);
  }
  if (!output.morris.empty()) {
    BarSeries mu_star{"mu* (Campolongo et al. 2007)", {}, {}, {}, 1};
    for (const std::size_t i : order) {
      const MorrisIndex& m = output.morris[i];
      mu_star.value.push_back(m.mu_star), mu_star.low.push_back(m.mu_star_ci.low),
          mu_star.high.push_back(m.mu_star_ci.high);
    }
    chart.x_label = "mean absolute change of the output over the parameter's whole range";
    chart.series = {mu_star};
    html += "<h3>Morris elementary effects</h3>\n" + svg_bar_chart(chart);
  }
  html +=
      "<table><tr><th>parameter</th><th>mu*</th><th>mu</th><th>sigma</th><th>S</th><th>S_T</th>"
      "</tr>\n";
  for (const std::size_t i : order) {
    const bool morris = !output.morris.empty(), sobol = !output.sobol.empty();
    html +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    html_escape(parameters[i]),
                    morris ? cell(output.morris[i].mu_star, output.morris[i].mu_star_ci) : "–",
                    morris ? cell(output.morris[i].mu, {}) : "–",
                    morris ? cell(output.morris[i].sigma, {}) : "–",
                    sobol ? cell(output.sobol[i].first, output.sobol[i].first_ci) : "–",
                    sobol ? cell(output.sobol[i].total, output.sobol[i].total_ci) : "–");
  }
  return html + "</table>\n";
}

}  // namespace

std::string sensitivity_html(const SensitivityStudy& study,
                             const std::vector<OutputIndices>& indices) {
  const SensitivitySpec& spec = study.spec;
  const std::string title = fmt::format("Sensitivity: {}", spec.name);
  std::string body = fmt::format("<h1>{}</h1>\n", html_escape(title));
  if (!spec.description.empty()) body += fmt::format("<p>{}</p>\n", html_escape(spec.description));
  body += fmt::format(
      "<p>{} parameters, {} points x {} replicates on common random numbers; each point's "
      "output is the mean of its replicates. Intervals are percentile bootstrap 95% intervals "
      "({} resamples, fixed seed). Estimates are not clipped: a negative index is sampling "
      "error, as large as its interval shows.</p>\n",
      spec.parameters.size(), study.morris_points + study.sobol_points, spec.replicates,
      spec.bootstrap);
  if (study.morris_points > 0)
    body += fmt::format(
        "<p>Morris (1991): {} trajectories on {} levels, each move {:.3g} of the parameter's "
        "range; mu* is the mean absolute elementary effect (Campolongo et al. 2007), sigma "
        "their sd (interactions, nonlinearity).</p>\n",
        spec.morris.trajectories, spec.morris.levels, morris_step(spec.morris.levels));
  if (study.sobol_points > 0)
    body += fmt::format(
        "<p>Sobol indices from Saltelli sampling on a Sobol sequence, N = {}: first order S by "
        "Saltelli et al. (2010), total S_T by Jansen (1999). S is the share of the output's "
        "variance the parameter explains alone, S_T with its interactions.</p>\n",
        spec.sobol.samples);
  for (const OutputIndices& output : indices) body += output_section(study, output);
  return html_page(title, body);
}

}  // namespace murmur
