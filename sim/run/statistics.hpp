#pragma once
// Summary statistics for replicated runs: mean, sample standard deviation and the 95%
// confidence interval of the mean from Student's t distribution (replicates are few, so the
// normal 1.96 would be too narrow: with 5 replicates t = 2.776).

#include <cstddef>
#include <limits>
#include <span>
#include <string>

#include "sim/core/number_format.hpp"

namespace murmur {

struct SampleSummary {
  std::size_t count = 0;
  double mean = 0.0;
  /// Sample (n − 1) standard deviation; NaN for n < 2, where there is no spread to estimate
  /// (written "NA"; an interval of zero width would claim a certainty one run cannot give).
  double standard_deviation = std::numeric_limits<double>::quiet_NaN();
  double ci95_low = std::numeric_limits<double>::quiet_NaN();  ///< mean − t·sd/√n; NaN for n < 2
  double ci95_high = std::numeric_limits<double>::quiet_NaN();
};

/// The 0.975 quantile of Student's t with `degrees_of_freedom` (the half-width factor of a
/// two-sided 95% interval); NaN for 0 degrees of freedom.
[[nodiscard]] double student_t_975(std::size_t degrees_of_freedom);

/// Mean, sd and 95% CI of the values, summed in the given order (deterministic).
[[nodiscard]] SampleSummary summarise(std::span<const double> values);

/// The estimate as every table prints it: "mean [lo, hi]", "mean [NA]" for one replicate
/// (sim/core/number_format.hpp).
[[nodiscard]] inline std::string format_estimate(const SampleSummary& s, NumberScale scale) {
  return format_estimate(s.mean, s.ci95_low, s.ci95_high, s.count, scale);
}

}  // namespace murmur
