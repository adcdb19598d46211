#pragma once
// Metrics: one frame per recorded step, in tidy long form (step, brand, generation, metric,
// value) so pandas and R load it without reshaping. A model declares its metric names and
// labels once (MetricsSchema) and fills frames with compact (metric, brand, generation) ids.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/types.hpp"

namespace murmur {

inline constexpr std::uint16_t kAllLabel = 0xFFFF;  ///< brand or generation "all"

struct MetricsSchema {
  std::vector<std::string> metric_names;       ///< e.g. "share", "nps"
  std::vector<std::string> brand_labels;       ///< index = brand; kAllLabel prints as "all"
  std::vector<std::string> generation_labels;  ///< index = generation; kAllLabel prints as "all"

  [[nodiscard]] std::uint16_t metric_id(const std::string& name) const;  ///< throws if absent
};

struct MetricValue {
  std::uint16_t metric;
  std::uint16_t brand;       ///< brand index or kAllLabel
  std::uint16_t generation;  ///< generation index or kAllLabel
  double value;
};

struct MetricsFrame {
  Step step = 0;
  std::vector<MetricValue> values;

  void add(std::uint16_t metric, std::uint16_t brand, std::uint16_t generation, double value) {
    values.push_back({metric, brand, generation, value});
  }
  /// First value for (metric, brand, generation); NaN when absent.
  [[nodiscard]] double get(std::uint16_t metric, std::uint16_t brand = kAllLabel,
                           std::uint16_t generation = kAllLabel) const;
};

}  // namespace murmur
