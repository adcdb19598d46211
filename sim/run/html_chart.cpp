#include "sim/run/html_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "sim/core/axis_ticks.hpp"

namespace murmur {

namespace {

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
  int width = 880, height = 320;
  double x_low = 0.0, x_high = 0.0;  ///< the x range; equal: the first and last x tick
  [[nodiscard]] double x(double v) const {
    const double low = x_low < x_high ? x_low : x_ticks.front();
    const double high = x_low < x_high ? x_high : x_ticks.back();
    return kLeft + (v - low) / (high - low) * (width - kLeft - kRight);
  }
  [[nodiscard]] double y(double v) const {
    return height - kBottom -
           (v - y_ticks.front()) / (y_ticks.back() - y_ticks.front()) * (height - kTop - kBottom);
  }
};

/// The axes of a chart: round ticks covering the data, or with `x_to_data` an x axis spanning
/// exactly the data with the round ticks inside it.
Axes make_axes(const Extent& xs, const Extent& ys, int width, int height, bool x_to_data,
               bool x_whole = false) {
  const int x_count = width < 600 ? 4 : 6, y_count = height < 260 ? 4 : 5;
  Axes axes{nice_ticks(xs.low, xs.high, x_count, x_whole), nice_ticks(ys.low, ys.high, y_count),
            width, height};
  if (x_to_data && std::isfinite(xs.low) && xs.high > xs.low) {
    axes.x_low = xs.low;
    axes.x_high = xs.high;
    std::erase_if(axes.x_ticks, [&](double t) {
      return t < xs.low - 1e-9 * std::abs(xs.low) || t > xs.high + 1e-9 * std::abs(xs.high);
    });
    if (axes.x_ticks.empty()) axes.x_ticks = {xs.low, xs.high};
  }
  return axes;
}

std::string draw_axes(const Axes& axes, std::string_view x_label, std::string_view y_label) {
  const int width = axes.width, height = axes.height;
  std::string svg = fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="axis"/>)"
                                R"(<line x1="{0}" y1="{3}" x2="{0}" y2="{1}" class="axis"/>)",
                                kLeft, height - kBottom, width - kRight, kTop);
  const int y_decimals = tick_decimals(axes.y_ticks), x_decimals = tick_decimals(axes.x_ticks);
  for (const double v : axes.y_ticks)
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" class="tick" text-anchor="end">{}</text>)"
                       R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" class="grid"/>)",
                       kLeft - 6, axes.y(v) + 4, tick_label(v, y_decimals), kLeft, axes.y(v),
                       width - kRight, axes.y(v));
  for (const double v : axes.x_ticks)
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" class="tick" text-anchor="middle">{}</text>)",
                       axes.x(v), height - kBottom + 16, tick_label(v, x_decimals));
  svg += fmt::format(R"(<text x="{}" y="{}" class="tick" text-anchor="middle">{}</text>)",
                     (kLeft + width - kRight) / 2, height - 6, html_escape(x_label));
  svg += fmt::format(R"svg(<text x="14" y="{0}" class="tick" transform="rotate(-90 14 {0})" )svg"
                     R"svg(text-anchor="middle">{1}</text>)svg",
                     height / 2, html_escape(y_label));
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

/// A dashed vertical rule with its label; the labels of successive markers step down, so
/// markers a few weeks apart stay readable.
std::string draw_marker(const Axes& axes, const ChartMarker& marker, std::size_t index) {
  const double x = axes.x(marker.x);
  const bool right_half = x > axes.width * 0.7;  // label left of the rule near the right edge
  return fmt::format(
      R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" class="marker"/>)"
      R"(<text x="{3:.1f}" y="{4}" class="tick marker-label" text-anchor="{5}">{6}</text>)",
      x, kTop, axes.height - kBottom, right_half ? x - 4 : x + 4,
      kTop + 10 + 12 * static_cast<int>(index % 4), right_half ? "end" : "start",
      html_escape(marker.label));
}

std::string draw_markers(const Axes& axes, const std::vector<ChartMarker>& markers) {
  std::string svg;
  for (std::size_t i = 0; i < markers.size(); ++i) svg += draw_marker(axes, markers[i], i);
  return svg;
}

std::string legend_entry(std::size_t colour, std::string_view symbol, std::string_view label) {
  return fmt::format(R"(<span style="color:{}">{}</span> {} &nbsp; )", chart_colour(colour), symbol,
                     html_escape(label));
}

std::string legend(const Chart& chart) {
  std::string html = "<p class=legend>";
  for (const ChartLine& line : chart.lines)
    html += legend_entry(line.colour, line.dashed ? "- -" : "&#9632;", line.label);
  return html + "</p>";
}

std::string svg_open(int width, int height, std::string_view label) {
  return fmt::format(
      R"(<svg viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="img" aria-label="{2}">)", width,
      height, html_escape(label));
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

std::string svg_chart(const Chart& chart) {
  Extent xs, ys;
  for (const ChartLine& line : chart.lines) {
    xs.add(line.x);
    ys.add(line.mean);
    ys.add(line.low);
    ys.add(line.high);
  }
  for (const ChartMarker& marker : chart.markers) xs.add(marker.x);
  if (chart.y_from_zero) ys.add(0.0);
  const Axes axes = make_axes(xs, ys, chart.width, chart.height, chart.x_to_data, chart.x_whole);
  std::string svg = svg_open(chart.width, chart.height, chart.y_label + " by " + chart.x_label);
  svg += draw_axes(axes, chart.x_label, chart.y_label);
  for (const ChartLine& line : chart.lines) svg += draw_band(axes, line, chart_colour(line.colour));
  for (const ChartLine& line : chart.lines) svg += draw_line(axes, line, chart_colour(line.colour));
  svg += draw_markers(axes, chart.markers);
  return (chart.legend ? legend(chart) : std::string()) + svg + "</svg>";
}

std::vector<std::vector<double>> stack_layers(const std::vector<StackedLayer>& layers) {
  std::vector<std::vector<double>> tops;
  for (const StackedLayer& layer : layers) {
    std::vector<double> top =
        tops.empty() ? std::vector<double>(layer.values.size(), 0.0) : tops.back();
    top.resize(std::max(top.size(), layer.values.size()), 0.0);
    for (std::size_t i = 0; i < layer.values.size(); ++i) {
      const double v = layer.values[i];
      if (std::isfinite(v) && v > 0) top[i] += v;
    }
    tops.push_back(std::move(top));
  }
  return tops;
}

std::string svg_stacked_chart(const StackedChart& chart) {
  const std::vector<std::vector<double>> tops = stack_layers(chart.layers);
  Extent xs, ys;
  xs.add(chart.x);
  for (const ChartMarker& marker : chart.markers) xs.add(marker.x);
  ys.add(0.0);
  if (!tops.empty()) ys.add(tops.back());
  const Axes axes = make_axes(xs, ys, chart.width, chart.height, chart.x_to_data);
  std::string svg = svg_open(chart.width, chart.height, chart.y_label + " by " + chart.x_label);
  svg += draw_axes(axes, chart.x_label, chart.y_label);
  const std::size_t n = chart.x.size();
  for (std::size_t k = 0; k < chart.layers.size(); ++k) {
    std::string points;
    for (std::size_t i = 0; i < n; ++i)
      points += fmt::format("{:.1f},{:.1f} ", axes.x(chart.x[i]),
                            axes.y(i < tops[k].size() ? tops[k][i] : 0.0));
    for (std::size_t i = n; i-- > 0;) {
      const double below = k == 0 || i >= tops[k - 1].size() ? 0.0 : tops[k - 1][i];
      points += fmt::format("{:.1f},{:.1f} ", axes.x(chart.x[i]), axes.y(below));
    }
    svg += fmt::format(R"(<polygon points="{}" fill="{}" fill-opacity="0.85" stroke="{}" )"
                       R"(stroke-width="0.5" class="layer"><title>{}</title></polygon>)",
                       points, chart_colour(chart.layers[k].colour),
                       chart_colour(chart.layers[k].colour), html_escape(chart.layers[k].label));
  }
  svg += draw_markers(axes, chart.markers);
  if (!chart.legend) return svg + "</svg>";
  std::vector<std::pair<std::size_t, std::string>> entries;
  for (const StackedLayer& layer : chart.layers) entries.emplace_back(layer.colour, layer.label);
  return chart_legend(entries) + svg + "</svg>";
}

std::vector<double> log_ticks(double low, double high) {
  if (!(low > 0) || !std::isfinite(low) || !std::isfinite(high)) return {1.0, 10.0};
  // Rounded exponents, so 1000 is 10^3 and not 10^2.9999999999999996.
  int first = static_cast<int>(std::floor(std::log10(low) + 1e-9));
  if (std::abs(std::pow(10.0, first) - low) <= 1e-9 * low) --first;
  const int last = std::max(first + 1, static_cast<int>(std::ceil(std::log10(high) - 1e-9)));
  std::vector<double> ticks;
  for (int e = first; e <= last; ++e) ticks.push_back(std::pow(10.0, e));
  return ticks;
}

namespace {

/// A bar chart's value axis: linear through 0, or in powers of ten.
struct ValueAxis {
  std::vector<double> ticks;
  double left = 0.0, right = 0.0;
  bool log_scale = false;
  [[nodiscard]] double x(double v) const {
    const auto at = [&](double t) { return log_scale ? std::log10(t) : t; };
    return left +
           (at(v) - at(ticks.front())) / (at(ticks.back()) - at(ticks.front())) * (right - left);
  }
  /// Where bars start: 0, or the first power of ten.
  [[nodiscard]] double base() const { return log_scale ? ticks.front() : 0.0; }
  [[nodiscard]] bool shows(double v) const { return std::isfinite(v) && (!log_scale || v > 0); }
  [[nodiscard]] std::string label(double t, int linear_decimals) const {
    // 0.01, 0.1, 1, 10: a power of ten below 1 needs as many decimals as its exponent says.
    return tick_label(
        t, log_scale ? std::max(0, -static_cast<int>(std::round(std::log10(t)))) : linear_decimals);
  }
};

ValueAxis value_axis(const BarChart& chart, double left, double right) {
  Extent xs;
  if (!chart.log_scale) xs.add(0.0);
  for (const BarSeries& series : chart.series)
    for (const auto* values : {&series.value, &series.low, &series.high})
      for (const double v : *values)
        if (!chart.log_scale || v > 0) xs.add(v);
  return {chart.log_scale ? log_ticks(xs.low, xs.high)
                          : nice_ticks(xs.low, xs.high, chart.width < 600 ? 4 : 6),
          left, right, chart.log_scale};
}

}  // namespace

std::string svg_bar_chart(const BarChart& chart) {
  constexpr int kBar = 12, kGap = 10, kRowLabels = 230;
  const int group = static_cast<int>(chart.series.size()) * kBar + kGap;
  const int height = kTop + static_cast<int>(chart.rows.size()) * group + kBottom;
  const ValueAxis axis = value_axis(chart, kRowLabels, chart.width - kRight);
  std::string svg = svg_open(chart.width, height, chart.x_label);
  const int decimals = tick_decimals(axis.ticks);
  for (const double t : axis.ticks)
    svg += fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" class="grid"/>)"
                       R"(<text x="{0:.1f}" y="{3}" class="tick" text-anchor="middle">{4}</text>)",
                       axis.x(t), kTop, height - kBottom, height - kBottom + 16,
                       axis.label(t, decimals));
  const double base = axis.x(axis.base());
  svg += fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" class="axis"/>)", base,
                     kTop, height - kBottom);
  svg += fmt::format(R"(<text x="{:.1f}" y="{}" class="tick" text-anchor="middle">{}</text>)",
                     (axis.left + axis.right) / 2, height - 6, html_escape(chart.x_label));
  for (std::size_t r = 0; r < chart.rows.size(); ++r) {
    const int top = kTop + static_cast<int>(r) * group + kGap / 2;
    svg += fmt::format(R"(<text x="{}" y="{}" class="tick" text-anchor="end">{}</text>)",
                       kRowLabels - 8, top + group / 2, html_escape(chart.rows[r]));
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const BarSeries& series = chart.series[s];
      const double value = r < series.value.size() ? series.value[r] : std::nan("");
      if (!axis.shows(value)) continue;
      const int y = top + static_cast<int>(s) * kBar;
      svg += fmt::format(R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}"/>)",
                         std::min(base, axis.x(value)), y + 1, std::abs(axis.x(value) - base),
                         kBar - 2, chart_colour(series.colour));
      const double low = r < series.low.size() ? series.low[r] : std::nan("");
      const double high = r < series.high.size() ? series.high[r] : std::nan("");
      if (axis.shows(low) && axis.shows(high))
        svg += fmt::format(
            R"(<line x1="{0:.1f}" y1="{2}" x2="{1:.1f}" y2="{2}" stroke="#222" stroke-width="1.5"/>)",
            axis.x(low), axis.x(high), y + kBar / 2);
    }
  }
  std::vector<std::pair<std::size_t, std::string>> entries;
  for (const BarSeries& series : chart.series) entries.emplace_back(series.colour, series.label);
  return chart_legend(entries) + svg + "</svg>";
}

std::string chart_legend(const std::vector<std::pair<std::size_t, std::string>>& entries) {
  std::string html = "<p class=legend>";
  for (const auto& [colour, label] : entries) html += legend_entry(colour, "&#9632;", label);
  return html + "</p>";
}

std::string html_page(std::string_view title, std::string_view body) {
  return fmt::format(
      R"(<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:960px}}
table{{border-collapse:collapse}}
td,th{{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}}
th:first-child,td:first-child{{text-align:left;white-space:nowrap}}
svg{{max-width:100%;height:auto}}
.axis{{stroke:#444}}.grid{{stroke:#eee}}.tick{{font-size:11px;fill:#444}}
.marker{{stroke:#888;stroke-dasharray:3 3}}.marker-label{{paint-order:stroke;stroke:#fff;stroke-width:3px}}.legend{{font-size:13px;margin:0.3em 0}}small{{color:#666}}
.facts th{{text-align:left;font-weight:600;color:#444;white-space:nowrap}}.facts td{{text-align:left;font-size:14px}}
.note{{background:#f4f4f4;border-left:4px solid #999;padding:0.5em 0.8em}}
.multiples{{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:0.5em 1em}}
figure{{margin:0}}figcaption{{font-weight:600;font-size:14px}}h2{{margin-top:1.4em;border-bottom:1px solid #ccc}}
h3{{font-size:15px;margin:1em 0 0.2em}}.compact td,.compact th{{padding:3px 6px;font-size:14px}}</style>
</head><body>
{}
</body></html>
)",
      html_escape(title), body);
}

}  // namespace murmur
