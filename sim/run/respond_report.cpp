// The response curve's report: one self-contained HTML page (sim/run/html_chart.hpp).

#include <fmt/format.h>

#include "sim/run/html_chart.hpp"
#include "sim/run/respond.hpp"

namespace murmur {

namespace {

Chart sales_chart(const ResponseCurve& curve) {
  ChartLine line{"purchases over the horizon, mean and 95% CI", {}, {}, {}, {}, 0, false};
  for (const CurvePoint& point : curve.points) {
    line.x.push_back(point.value);
    line.mean.push_back(point.sales_long.mean);
    line.low.push_back(point.sales_long.ci95_low);
    line.high.push_back(point.sales_long.ci95_high);
  }
  Chart chart{fmt::format("{} ({})", curve.lever, curve.unit), "purchases", {line}, {}};
  if (curve.saturation_value) chart.markers.push_back({*curve.saturation_value, "saturation"});
  return chart;
}

Chart marginal_chart(const ResponseCurve& curve) {
  ChartLine line{"marginal return per unit, mean and 95% CI", {}, {}, {}, {}, 1, false};
  for (std::size_t k = 1; k < curve.points.size(); ++k) {
    const CurvePoint& point = curve.points[k];
    line.x.push_back(0.5 * (curve.points[k - 1].value + point.value));
    line.mean.push_back(point.marginal_return.mean);
    line.low.push_back(point.marginal_return.ci95_low);
    line.high.push_back(point.marginal_return.ci95_high);
  }
  return {fmt::format("{} ({}), middle of each segment", curve.lever, curve.unit),
          "purchases per unit",
          {line},
          {}};
}

std::string points_table(const ResponseCurve& curve) {
  std::string html = fmt::format(
      "<table><tr><th>value</th><th>purchases over the horizon</th><th>purchases, "
      "weeks 1-{}</th><th>mean share (%)</th><th>marginal return</th></tr>\n",
      curve.short_term_end);
  auto cell = [](const SampleSummary& s, int decimals) {
    if (s.count == 0) return std::string("–");
    return fmt::format("{:.{}f} <small>[{:.{}f}, {:.{}f}]</small>", s.mean, decimals, s.ci95_low,
                       decimals, s.ci95_high, decimals);
  };
  for (const CurvePoint& p : curve.points) {
    SampleSummary share = p.share_long;
    share.mean *= 100, share.ci95_low *= 100, share.ci95_high *= 100;
    html += fmt::format("<tr><td>{:g}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        p.value, cell(p.sales_long, 0), cell(p.sales_short, 0), cell(share, 2),
                        cell(p.marginal_return, 1));
  }
  return html + "</table>\n";
}

}  // namespace

std::string response_curve_html(const ResponseCurve& curve) {
  const std::string title =
      fmt::format("Response curve: {}'s {} in {}", curve.brand, curve.lever, curve.scenario_name);
  std::string body = fmt::format("<h1>{}</h1>\n", html_escape(title));
  body += fmt::format(
      "<p>{} replicates per value, every value on the same seeds (common random numbers), {} "
      "weeks; the value holds from week 1. Bands are 95% confidence intervals of the mean "
      "(Student's t). The marginal return of a segment is the extra purchases over the horizon "
      "per unit of {}, paired by replicate.</p>\n",
      curve.replicates, curve.steps, html_escape(curve.lever));
  body += "<p>";
  if (curve.highest_marginal_return)
    body +=
        fmt::format("Highest marginal return between {:g} and {:g}. ",
                    curve.highest_marginal_return->first, curve.highest_marginal_return->second);
  body += curve.saturation_value
              ? fmt::format(
                    "Saturation at {:g}: the least value reaching 90% of the gain in "
                    "purchases over the range.",
                    *curve.saturation_value)
              : std::string("No saturation point: purchases do not rise over the range.");
  body += "</p>\n<h2>Purchases</h2>\n" + svg_chart(sales_chart(curve));
  body += "\n<h2>Marginal return</h2>\n" + svg_chart(marginal_chart(curve));
  body += "\n<h2>Values</h2>\n" + points_table(curve);
  return html_page(title, body);
}

}  // namespace murmur
