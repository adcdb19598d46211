#include "sim/model/metrics.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace murmur {

std::uint16_t MetricsSchema::metric_id(const std::string& name) const {
  const auto it = std::find(metric_names.begin(), metric_names.end(), name);
  if (it == metric_names.end()) throw std::out_of_range("unknown metric '" + name + "'");
  return static_cast<std::uint16_t>(it - metric_names.begin());
}

double MetricsFrame::get(std::uint16_t metric, std::uint16_t brand,
                         std::uint16_t generation) const {
  for (const auto& v : values)
    if (v.metric == metric && v.brand == brand && v.generation == generation) return v.value;
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace murmur
