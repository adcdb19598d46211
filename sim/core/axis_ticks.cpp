// Round axis ticks (axis_ticks.hpp).

#include "sim/core/axis_ticks.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace murmur {

std::vector<double> nice_ticks(double low, double high, int count, bool whole) {
  if (!std::isfinite(low) || !std::isfinite(high)) low = 0.0, high = 1.0;
  if (high - low < 1e-12 * std::max(1.0, std::abs(high))) {
    low -= 0.5 * std::max(1.0, std::abs(low));
    high += 0.5 * std::max(1.0, std::abs(high));
  }
  const double raw = (high - low) / std::max(1, count - 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double ratio = raw / magnitude;
  double step = (ratio <= 1     ? 1
                 : ratio <= 2   ? 2
                 : ratio <= 2.5 ? 2.5
                 : ratio <= 5   ? 5
                                : 10) *
                magnitude;
  if (whole) step = step < 1.0 ? 1.0 : step == 2.5 ? 2.0 : step;
  const double first = std::floor(low / step + 1e-9), last = std::ceil(high / step - 1e-9);
  std::vector<double> ticks;
  // Multiples of the step, not a running sum, so 0.1 + 0.2 never prints as 0.30000000000000004.
  for (double k = first; k <= last; ++k) ticks.push_back(k * step);
  if (ticks.size() < 2) ticks.push_back(ticks.front() + step);
  return ticks;
}

int tick_decimals(const std::vector<double>& ticks) {
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

}  // namespace murmur
