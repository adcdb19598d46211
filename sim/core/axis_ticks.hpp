#pragma once
// Round axis ticks, one rule for every chart: the HTML reports (sim/run/html_chart) and the
// dashboard (viz/panel_charts). Steps of 1, 2, 2.5 or 5 times a power of ten, printed with
// the decimals the step needs (0.25 → "0.25", 2 → "2"), so no axis reads 0.173 or 1.02.

#include <string>
#include <vector>

namespace murmur {

/// About `count` round values covering [low, high]: the first ≤ low, the last ≥ high, evenly
/// spaced by 1, 2, 2.5 or 5 times a power of ten; `whole`: by whole numbers only (weeks,
/// years: 1950, 1952, not 1952.5).
[[nodiscard]] std::vector<double> nice_ticks(double low, double high, int count,
                                             bool whole = false);

/// Decimals that print every tick of `ticks` exactly, e.g. 2 for 0.25 steps.
[[nodiscard]] int tick_decimals(const std::vector<double>& ticks);

/// A tick in fixed notation with `decimals` (never "-0").
[[nodiscard]] std::string tick_label(double value, int decimals);

}  // namespace murmur
