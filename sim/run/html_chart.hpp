#pragma once
// Charts for the self-contained HTML reports (respond's response curve; the comparison and run
// reports can draw with it too; the run report draws lines, stacked areas and small multiples):
// inline SVG, no scripts, no network, so a report opens offline and can be e-mailed. Tick values
// are round (1, 2, 2.5 or 5 times a power of ten) and the colours are Paul Tol's "muted" scheme,
// built to stay distinct for colour-blind readers, plus black.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace murmur {

/// One line of a chart: a mean over x, with its 95% band when `low` and `high` are given.
struct ChartLine {
  std::string label;
  std::vector<double> x;
  std::vector<double> mean;
  std::vector<double> low;   ///< empty: no band
  std::vector<double> high;  ///< empty: no band
  std::size_t colour = 0;    ///< index into chart_colour()
  bool dashed = false;
};

/// A labelled vertical rule, e.g. the week a campaign starts or a curve's saturation point.
struct ChartMarker {
  double x = 0.0;
  std::string label;
};

struct Chart {
  std::string x_label;
  std::string y_label;
  std::vector<ChartLine> lines;
  std::vector<ChartMarker> markers;
  int width = 880;  ///< the SVG's size in pixels (small multiples are smaller)
  int height = 320;
  bool y_from_zero = false;  ///< the y axis starts at 0 even when every value is above it
  bool x_to_data = false;    ///< the x axis spans the data exactly (round ticks inside it)
  bool x_whole = false;      ///< x is a count (years, periods): whole-number ticks only
  bool legend = true;        ///< false: the caller draws one legend for several charts
};

/// One layer of a stacked-area chart: a non-negative quantity over the chart's x.
struct StackedLayer {
  std::string label;
  std::vector<double> values;  ///< one per x; NaN and negative values stack as 0
  std::size_t colour = 0;      ///< index into chart_colour()
};

/// Layers stacked in order, the first at the bottom, e.g. adoptions by cause.
struct StackedChart {
  std::string x_label;
  std::string y_label;
  std::vector<double> x;
  std::vector<StackedLayer> layers;
  std::vector<ChartMarker> markers;
  int width = 880;
  int height = 320;
  bool x_to_data = false;  ///< as Chart's
  bool legend = true;
};

/// One series of a bar chart: a value per row with its 95% interval (NaN bounds: none).
struct BarSeries {
  std::string label;
  std::vector<double> value;
  std::vector<double> low;
  std::vector<double> high;
  std::size_t colour = 0;
};

/// Horizontal bars, one group per row (e.g. a parameter) with a bar per series, interval
/// whiskers, and the value axis through 0 so negative estimates show as such (a tornado
/// chart when rows are sorted by size).
struct BarChart {
  std::string x_label;
  std::vector<std::string> rows;
  std::vector<BarSeries> series;
  int width = 880;
  /// The value axis in powers of ten, for positive values spanning orders of magnitude (e.g.
  /// cascade sizes): bars start at the first tick, values ≤ 0 draw no bar.
  bool log_scale = false;
};

/// Text and attribute values made safe for HTML.
[[nodiscard]] std::string html_escape(std::string_view text);

/// The i-th colour of the palette (10 colours, then they repeat).
[[nodiscard]] std::string_view chart_colour(std::size_t i);

/// Powers of ten covering the positive [low, high]: the first strictly below low (so a bar of
/// the smallest value has a length), the last ≥ high; {1, 10} without a positive value.
[[nodiscard]] std::vector<double> log_ticks(double low, double high);

/// The chart as an inline <svg> element with a legend above it.
[[nodiscard]] std::string svg_chart(const Chart& chart);

/// A legend of coloured squares, one per (colour index, label), for charts drawn without theirs.
[[nodiscard]] std::string chart_legend(
    const std::vector<std::pair<std::size_t, std::string>>& entries);

/// The top of each layer at each x: tops[k][i] is the sum of layers 0..k at x[i], NaN and
/// negative values counting as 0 (so the tops never decrease from one layer to the next).
[[nodiscard]] std::vector<std::vector<double>> stack_layers(
    const std::vector<StackedLayer>& layers);

/// The stacked areas as an inline <svg> element with a legend above it (legend in stacking
/// order, the bottom layer first).
[[nodiscard]] std::string svg_stacked_chart(const StackedChart& chart);

/// The bars as an inline <svg> element with a legend above it; rows top to bottom.
[[nodiscard]] std::string svg_bar_chart(const BarChart& chart);

/// A whole page: the report's title, the shared style sheet and the body.
[[nodiscard]] std::string html_page(std::string_view title, std::string_view body);

}  // namespace murmur
