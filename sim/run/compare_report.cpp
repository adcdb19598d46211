// The comparison report: one self-contained HTML page (inline CSS and SVG, no scripts, no
// network) that a strategist can e-mail or open offline.

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "sim/core/number_format.hpp"
#include "sim/run/compare.hpp"
#include "sim/run/html_chart.hpp"

namespace murmur {

namespace {

constexpr int kWidth = 880, kHeight = 300;
constexpr int kLeft = 60, kRight = 20, kTop = 20, kBottom = 40;
constexpr std::size_t kZeroLineColour = 9;  // black in html_chart's palette
const char* const kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

/// The terminal's "mean [lo, hi]" (sim/core/number_format.hpp), the interval in small print.
std::string format_summary(const SampleSummary& s, NumberScale scale) {
  const std::string text = format_estimate(s, scale);
  const std::size_t interval = text.find(" [");
  if (interval == std::string::npos) return html_escape(text);
  return fmt::format("{} <small>{}</small>", html_escape(text.substr(0, interval)),
                     html_escape(text.substr(interval + 1)));
}

struct Scale {
  double x_min, x_max, y_min, y_max;
  double y_step = 0.25;
  [[nodiscard]] double x(double v) const {
    return kLeft + (v - x_min) / (x_max - x_min) * (kWidth - kLeft - kRight);
  }
  [[nodiscard]] double y(double v) const {
    return kHeight - kBottom - (v - y_min) / (y_max - y_min) * (kHeight - kTop - kBottom);
  }
};

Scale scale_for(const std::vector<const MetricComparison*>& series) {
  Scale scale{0, 1, std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
              0.25};
  for (const MetricComparison* m : series) {
    scale.x_max = std::max(scale.x_max, static_cast<double>(m->series.steps.back()));
    for (const auto* arm : {&m->series.a, &m->series.b})
      for (const SampleSummary& s : *arm)
        if (s.count > 0) {
          scale.y_min = std::min(scale.y_min, s.ci95_low);
          scale.y_max = std::max(scale.y_max, s.ci95_high);
        }
  }
  if (scale.y_min > scale.y_max) scale.y_min = 0, scale.y_max = 1;
  if (scale.y_max - scale.y_min < 1e-9) scale.y_max = scale.y_min + 1;
  // Round the axis out to "nice" ticks (1, 2 or 5 times a power of ten).
  const double raw = (scale.y_max - scale.y_min) / 4;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double step = raw / magnitude <= 1   ? magnitude
                      : raw / magnitude <= 2 ? 2 * magnitude
                      : raw / magnitude <= 5 ? 5 * magnitude
                                             : 10 * magnitude;
  scale.y_min = std::floor(scale.y_min / step) * step;
  scale.y_max = std::ceil(scale.y_max / step) * step;
  scale.y_step = step;
  return scale;
}

std::string axes(const Scale& scale, const std::string& metric) {
  std::string svg = fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="axis"/>)"
                                R"(<line x1="{0}" y1="{3}" x2="{0}" y2="{1}" class="axis"/>)",
                                kLeft, kHeight - kBottom, kWidth - kRight, kTop);
  for (double v = scale.y_min; v <= scale.y_max + scale.y_step / 2; v += scale.y_step)
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" class="tick" text-anchor="end">{:.3g}</text>)"
                       R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" class="grid"/>)",
                       kLeft - 6, scale.y(v) + 4, std::abs(v) < 1e-12 ? 0.0 : v, kLeft, scale.y(v),
                       kWidth - kRight, scale.y(v));
  for (int i = 0; i <= 4; ++i) {
    const double w = scale.x_min + (scale.x_max - scale.x_min) * i / 4;
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" class="tick" text-anchor="middle">{:.0f}</text>)",
                       scale.x(w), kHeight - kBottom + 16, w);
  }
  svg += fmt::format(R"(<text x="{}" y="{}" class="tick" text-anchor="middle">week</text>)",
                     (kLeft + kWidth - kRight) / 2, kHeight - 4);
  svg += fmt::format(R"svg(<text x="14" y="{}" class="tick" transform="rotate(-90 14 {})" )svg"
                     R"svg(text-anchor="middle">{}</text>)svg",
                     kHeight / 2, kHeight / 2, html_escape(metric));
  return svg;
}

/// A mean line and its 95% band for one arm.
std::string band_and_line(const Scale& scale, const std::vector<Step>& steps,
                          const std::vector<SampleSummary>& arm, const char* colour, bool dashed) {
  std::string upper, lower, line;
  for (std::size_t t = 0; t < steps.size(); ++t) {
    if (arm[t].count == 0) continue;
    const double x = scale.x(steps[t]);
    upper += fmt::format("{:.1f},{:.1f} ", x, scale.y(arm[t].ci95_high));
    lower = fmt::format("{:.1f},{:.1f} ", x, scale.y(arm[t].ci95_low)) + lower;
    line += fmt::format("{:.1f},{:.1f} ", x, scale.y(arm[t].mean));
  }
  return fmt::format(R"(<polygon points="{}{}" fill="{}" fill-opacity="0.15" stroke="none"/>)"
                     R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>)",
                     upper, lower, colour, line, colour,
                     dashed ? R"( stroke-dasharray="6 4")" : "");
}

std::string chart(const std::string& metric, const std::vector<const MetricComparison*>& series,
                  const ComparisonResult& result) {
  const Scale scale = scale_for(series);
  std::string svg = fmt::format(R"(<svg viewBox="0 0 {} {}" width="{}" height="{}" role="img">)",
                                kWidth, kHeight, kWidth, kHeight);
  svg += axes(scale, metric);
  std::string legend;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const char* colour = kPalette[i % std::size(kPalette)];
    svg += band_and_line(scale, series[i]->series.steps, series[i]->series.a, colour, false);
    svg += band_and_line(scale, series[i]->series.steps, series[i]->series.b, colour, true);
    legend += fmt::format(R"(<span style="color:{}">■</span> {} )", colour,
                          html_escape(series[i]->brand));
  }
  svg += "</svg>";
  return fmt::format("<h3>{}</h3><p class=legend>{} &nbsp; solid: {} &nbsp; dashed: {}</p>{}",
                     html_escape(metric), legend, html_escape(result.name_a),
                     html_escape(result.name_b), svg);
}

/// The keys B changes and the warnings, a paragraph each.
std::string what_differs(const ComparisonResult& result) {
  std::string html;
  if (!result.differences.empty())
    html += fmt::format("<p>B differs from A in: {}</p>\n",
                        html_escape(describe_differences(result.differences)));
  for (const std::string& warning : comparison_warnings(result))
    html +=
        fmt::format("<p style=\"color:#a40000\"><b>Warning:</b> {}</p>\n", html_escape(warning));
  return html;
}

/// B − A of one metric over time: a line and 95% band per brand (html_chart), with the zero
/// line to read against.
std::string difference_chart(const std::string& metric,
                             const std::vector<const MetricComparison*>& series) {
  Chart chart{"week", metric + ": B − A", {}, {}};
  std::vector<double> weeks;
  for (const Step step : series.front()->series.steps) weeks.push_back(step);
  const double missing = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < series.size(); ++i) {
    ChartLine line{series[i]->brand, weeks, {}, {}, {}, i, false};
    for (const SampleSummary& s : series[i]->series.difference) {
      line.mean.push_back(s.count == 0 ? missing : s.mean);
      line.low.push_back(s.count == 0 ? missing : s.ci95_low);
      line.high.push_back(s.count == 0 ? missing : s.ci95_high);
    }
    chart.lines.push_back(std::move(line));
  }
  ChartLine zero;  // black and dashed, apart from the brands' lines
  zero.label = "no difference";
  zero.x = weeks;
  zero.mean.assign(weeks.size(), 0.0);
  zero.colour = kZeroLineColour;
  zero.dashed = true;
  chart.lines.push_back(std::move(zero));
  return fmt::format("<h3>{}: B − A</h3>{}", html_escape(metric), svg_chart(chart));
}

std::string difference_charts(const ComparisonResult& result,
                              const std::vector<std::string>& metrics) {
  std::string html =
      "<h2>B − A over time</h2>\n<p>The mean paired difference per week with its 95% "
      "confidence band: where the band leaves zero, B differs from A that week.</p>\n";
  for (const std::string& metric : metrics) {
    std::vector<const MetricComparison*> series;
    for (const MetricComparison& m : result.comparisons)
      if (m.metric == metric) series.push_back(&m);
    html += difference_chart(metric, series) + "\n";
  }
  return html;
}

}  // namespace

namespace {
/// The social value of seeding, when B differs from A only in seeding (compare.hpp).
std::string seeding_value_table(const ComparisonResult& result) {
  if (result.seeding_value.empty()) return {};
  const NumberScale count = metric_scale("new_customers");
  std::string html =
      "<h2>The social value of seeding</h2>\n<p>After Libai, Muller &amp; Peres (2013): B − A in "
      "organic adoptions (new customers who were not seeded), discounted at the scenario's "
      "rate, paired by replicate. Adoptions are matched in order: <i>acceleration</i> is what "
      "the matched ones gain by coming earlier, <i>expansion</i> the adoptions one arm has "
      "beyond the other's count by the horizon (negative: customers the seeding cost).</p>\n"
      "<table><tr><th>brand</th><th>total</th><th>acceleration</th><th>expansion</th></tr>\n";
  for (const SeedingValue& v : result.seeding_value)
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        html_escape(v.brand), format_summary(v.total, count),
                        format_summary(v.acceleration, count), format_summary(v.expansion, count));
  return html + "</table>\n";
}
}  // namespace

std::string comparison_html(const ComparisonResult& result) {
  std::string html = fmt::format(
      R"(<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Murmur: {0} vs {1}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:960px}}
table{{border-collapse:collapse}}
td,th{{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}}
th:first-child,td:first-child,td:nth-child(2){{text-align:left}}.sig{{font-weight:bold}}
.axis{{stroke:#444}}.grid{{stroke:#eee}}.tick{{font-size:11px;fill:#444}}
.legend{{font-size:13px}}small{{color:#666}}</style></head><body>
<h1>{0} <small>vs</small> {1}</h1>
<p>{2} replicates per arm with common random numbers: replicate <i>r</i> uses the same seed
in both arms, so the difference B − A is paired. Intervals are 95% confidence intervals of
the mean (Student's t); [NA]: fewer than two replicates. Bold: the interval of the difference
excludes zero. B − A of a percentage is in percentage points.</p>
)",
      html_escape(result.name_a), html_escape(result.name_b), result.replicates);
  html += what_differs(result);
  html += fmt::format(
      R"(<h2>Final values</h2><table><tr><th>brand</th><th>metric</th><th>A: {0}</th><th>B: {1}</th>
<th>B − A</th></tr>
)",
      html_escape(result.name_a), html_escape(result.name_b));
  for (const MetricComparison& m : result.comparisons) {
    const bool significant =
        m.difference.count > 1 && (m.difference.ci95_low > 0 || m.difference.ci95_high < 0);
    const NumberScale scale = metric_scale(m.metric);
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td{}>{}</td></tr>\n",
                        html_escape(m.brand), html_escape(metric_heading(m.metric)),
                        format_summary(m.final_a, scale), format_summary(m.final_b, scale),
                        significant ? " class=sig" : "", format_summary(m.difference, scale));
  }
  html += "</table>\n";
  html += seeding_value_table(result);
  html += "<h2>Over time</h2>\n";
  std::vector<std::string> metrics;
  for (const MetricComparison& m : result.comparisons)
    if (std::find(metrics.begin(), metrics.end(), m.metric) == metrics.end())
      metrics.push_back(m.metric);
  for (const std::string& metric : metrics) {
    std::vector<const MetricComparison*> series;
    for (const MetricComparison& m : result.comparisons)
      if (m.metric == metric) series.push_back(&m);
    html += chart(metric, series, result) + "\n";
  }
  html += difference_charts(result, metrics);
  html += "</body></html>\n";
  return html;
}

}  // namespace murmur
