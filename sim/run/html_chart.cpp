#include "sim/run/html_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace murmur {

namespace {

constexpr int kWidth = 880, kHeight = 320;
constexpr int kLeft = 70, kRight = 20, kTop = 24, kBottom = 44;

/// Paul Tol's "muted" qualitative scheme (https://personal.sron.nl/~pault/) and black.
constexpr std::array<std::string_view, 10> kPalette = {"#332288", "#CC6677", "#117733", "#88CCEE",
                                                       "#882255", "#44AA99", "#999933", "#AA4499",
                                                       "#DDCC77", "#000000"};

/// The smallest and largest finite values of every line's mean and band along one axis.
struct Extent {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  void add(const std::vector<double>& values) {
    for (const double v : values) add(v);
  }
};

/// Maps data to the plot area, with the ticks of both axes.
struct Axes {
  std::vector<double> x_ticks, y_ticks;
  [[nodiscard]] double x(double v) const {
    return kLeft +
           (v - x_ticks.front()) / (x_ticks.back() - x_ticks.front()) * (kWidth - kLeft - kRight);
  }
  [[nodiscard]] double y(double v) const {
    return kHeight - kBottom -
           (v - y_ticks.front()) / (y_ticks.back() - y_ticks.front()) * (kHeight - kTop - kBottom);
  }
};

/// Decimals that print every tick of `ticks` exactly, e.g. 2 for 0.25 steps.
int decimals_of(const std::vector<double>& ticks) {
  if (ticks.size() < 2) return 0;
  const double step = ticks[1] - ticks[0];
  int decimals = 0;
  for (double scaled = step; decimals < 12; ++decimals, scaled *= 10)
    if (std::abs(scaled - std::round(scaled)) < 1e-9 * std::max(1.0, scaled)) break;
  return decimals;
}

std::string tick_label(double value, int decimals) {
  if (std::abs(value) < 1e-12) value = 0.0;  // no "-0"
  return fmt::format("{:.{}f}", value, decimals);
}

std::string draw_axes(const Axes& axes, const Chart& chart) {
  std::string svg = fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="axis"/>)"
                                R"(<line x1="{0}" y1="{3}" x2="{0}" y2="{1}" class="axis"/>)",
                                kLeft, kHeight - kBottom, kWidth - kRight, kTop);
  const int y_decimals = decimals_of(axes.y_ticks), x_decimals = decimals_of(axes.x_ticks);
  for (const double v : axes.y_ticks)
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" class="tick" text-anchor="end">{}</text>)"
                       R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" class="grid"/>)",
                       kLeft - 6, axes.y(v) + 4, tick_label(v, y_decimals), kLeft, axes.y(v),
                       kWidth - kRight, axes.y(v));
  for (const double v : axes.x_ticks)
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" class="tick" text-anchor="middle">{}</text>)",
                       axes.x(v), kHeight - kBottom + 16, tick_label(v, x_decimals));
  svg += fmt::format(R"(<text x="{}" y="{}" class="tick" text-anchor="middle">{}</text>)",
                     (kLeft + kWidth - kRight) / 2, kHeight - 6, html_escape(chart.x_label));
  svg += fmt::format(R"svg(<text x="14" y="{0}" class="tick" transform="rotate(-90 14 {0})" )svg"
                     R"svg(text-anchor="middle">{1}</text>)svg",
                     kHeight / 2, html_escape(chart.y_label));
  return svg;
}

std::string draw_band(const Axes& axes, const ChartLine& line, std::string_view colour) {
  if (line.low.size() != line.x.size() || line.high.size() != line.x.size()) return {};
  std::string upper, lower;
  for (std::size_t i = 0; i < line.x.size(); ++i) {
    if (!std::isfinite(line.low[i]) || !std::isfinite(line.high[i])) continue;
    upper += fmt::format("{:.1f},{:.1f} ", axes.x(line.x[i]), axes.y(line.high[i]));
    lower = fmt::format("{:.1f},{:.1f} ", axes.x(line.x[i]), axes.y(line.low[i])) + lower;
  }
  return fmt::format(R"(<polygon points="{}{}" fill="{}" fill-opacity="0.15" stroke="none"/>)",
                     upper, lower, colour);
}

/// The mean as a polyline, broken where a value is missing.
std::string draw_line(const Axes& axes, const ChartLine& line, std::string_view colour) {
  std::string svg, points;
  auto flush = [&] {
    if (!points.empty())
      svg += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>)",
                         points, colour, line.dashed ? R"( stroke-dasharray="6 4")" : "");
    points.clear();
  };
  for (std::size_t i = 0; i < line.x.size() && i < line.mean.size(); ++i) {
    if (!std::isfinite(line.mean[i])) {
      flush();
      continue;
    }
    points += fmt::format("{:.1f},{:.1f} ", axes.x(line.x[i]), axes.y(line.mean[i]));
  }
  flush();
  return svg;
}

std::string draw_marker(const Axes& axes, const ChartMarker& marker) {
  const double x = axes.x(marker.x);
  return fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" class="marker"/>)"
                     R"(<text x="{3:.1f}" y="{4}" class="tick">{5}</text>)",
                     x, kTop, kHeight - kBottom, x + 4, kTop + 10, html_escape(marker.label));
}

std::string legend(const Chart& chart) {
  std::string html = "<p class=legend>";
  for (const ChartLine& line : chart.lines)
    html += fmt::format(R"(<span style="color:{}">{}</span> {} &nbsp; )", chart_colour(line.colour),
                        line.dashed ? "- -" : "&#9632;", html_escape(line.label));
  return html + "</p>";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view chart_colour(std::size_t i) { return kPalette[i % kPalette.size()]; }

std::vector<double> nice_ticks(double low, double high, int count) {
  if (!std::isfinite(low) || !std::isfinite(high)) low = 0.0, high = 1.0;
  if (high - low < 1e-12 * std::max(1.0, std::abs(high))) {
    low -= 0.5 * std::max(1.0, std::abs(low));
    high += 0.5 * std::max(1.0, std::abs(high));
  }
  const double raw = (high - low) / std::max(1, count - 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double ratio = raw / magnitude;
  const double step = (ratio <= 1     ? 1
                       : ratio <= 2   ? 2
                       : ratio <= 2.5 ? 2.5
                       : ratio <= 5   ? 5
                                      : 10) *
                      magnitude;
  const double first = std::floor(low / step + 1e-9), last = std::ceil(high / step - 1e-9);
  std::vector<double> ticks;
  // Multiples of the step, not a running sum, so 0.1 + 0.2 never prints as 0.30000000000000004.
  for (double k = first; k <= last; ++k) ticks.push_back(k * step);
  if (ticks.size() < 2) ticks.push_back(ticks.front() + step);
  return ticks;
}

std::string svg_chart(const Chart& chart) {
  Extent xs, ys;
  for (const ChartLine& line : chart.lines) {
    xs.add(line.x);
    ys.add(line.mean);
    ys.add(line.low);
    ys.add(line.high);
  }
  for (const ChartMarker& marker : chart.markers) xs.add(marker.x);
  const Axes axes{nice_ticks(xs.low, xs.high, 6), nice_ticks(ys.low, ys.high, 5)};
  std::string svg = fmt::format(
      R"(<svg viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="img" aria-label="{2}">)", kWidth,
      kHeight, html_escape(chart.y_label + " by " + chart.x_label));
  svg += draw_axes(axes, chart);
  for (const ChartLine& line : chart.lines) svg += draw_band(axes, line, chart_colour(line.colour));
  for (const ChartLine& line : chart.lines) svg += draw_line(axes, line, chart_colour(line.colour));
  for (const ChartMarker& marker : chart.markers) svg += draw_marker(axes, marker);
  return legend(chart) + svg + "</svg>";
}

std::string html_page(std::string_view title, std::string_view body) {
  return fmt::format(
      R"(<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:960px}}
table{{border-collapse:collapse}}
td,th{{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}}
th:first-child,td:first-child{{text-align:left}}
svg{{max-width:100%;height:auto}}
.axis{{stroke:#444}}.grid{{stroke:#eee}}.tick{{font-size:11px;fill:#444}}
.marker{{stroke:#888;stroke-dasharray:3 3}}.legend{{font-size:13px}}small{{color:#666}}</style>
</head><body>
{}
</body></html>
)",
      html_escape(title), body);
}

}  // namespace murmur
