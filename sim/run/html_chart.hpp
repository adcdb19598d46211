#pragma once
// Charts for the self-contained HTML reports (respond's response curve; the comparison and run
// reports can draw with it too): inline SVG, no scripts, no network, so a report opens offline
// and can be e-mailed. Tick values are round (1, 2, 2.5 or 5 times a power of ten) and the colours
// are Paul Tol's "muted" scheme, built to stay distinct for colour-blind readers, plus black.

#include <cstddef>
#include <string>
#include <string_view>
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
};

/// Text and attribute values made safe for HTML.
[[nodiscard]] std::string html_escape(std::string_view text);

/// The i-th colour of the palette (10 colours, then they repeat).
[[nodiscard]] std::string_view chart_colour(std::size_t i);

/// About `count` round values covering [low, high]: the first ≤ low, the last ≥ high, evenly
/// spaced by 1, 2, 2.5 or 5 times a power of ten.
[[nodiscard]] std::vector<double> nice_ticks(double low, double high, int count);

/// The chart as an inline <svg> element with a legend above it.
[[nodiscard]] std::string svg_chart(const Chart& chart);

/// A whole page: the report's title, the shared style sheet and the body.
[[nodiscard]] std::string html_page(std::string_view title, std::string_view body);

}  // namespace murmur
