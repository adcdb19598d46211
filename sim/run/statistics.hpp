#pragma once
// Summary statistics for replicated runs: mean, sample standard deviation and the 95%
// confidence interval of the mean from Student's t distribution (replicates are few, so the
// normal 1.96 would be too narrow: with 5 replicates t = 2.776).

#include <cstddef>
#include <span>

namespace murmur {

struct SampleSummary {
  std::size_t count = 0;
  double mean = 0.0;
  double standard_deviation = 0.0;  ///< sample (n − 1) standard deviation; 0 for n < 2
  double ci95_low = 0.0;            ///< mean − t·sd/√n; equal to mean for n < 2
  double ci95_high = 0.0;
};

/// The 0.975 quantile of Student's t with `degrees_of_freedom` (the half-width factor of a
/// two-sided 95% interval); NaN for 0 degrees of freedom.
[[nodiscard]] double student_t_975(std::size_t degrees_of_freedom);

/// Mean, sd and 95% CI of the values, summed in the given order (deterministic).
[[nodiscard]] SampleSummary summarise(std::span<const double> values);

}  // namespace murmur
