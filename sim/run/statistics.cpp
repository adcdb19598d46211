#include "sim/run/statistics.hpp"

#include <cmath>

#include <boost/math/distributions/students_t.hpp>

namespace murmur {

double student_t_975(std::size_t degrees_of_freedom) {
  // Boost.Math inverts the t CDF to double precision for any df. The table it replaces held
  // four decimals to df 30, and its Cornish–Fisher tail beyond was good to about 1e-4.
  if (degrees_of_freedom == 0) return std::nan("");  // Boost would throw a domain_error
  const boost::math::students_t distribution(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(distribution, 0.975);
}

SampleSummary summarise(std::span<const double> values) {
  SampleSummary summary;
  summary.count = values.size();
  if (values.empty()) return summary;
  double sum = 0.0;
  for (double v : values) sum += v;
  summary.mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) return summary;  // one value: no spread to estimate (sd, CI are NaN)
  double squares = 0.0;
  for (double v : values) squares += (v - summary.mean) * (v - summary.mean);
  summary.standard_deviation = std::sqrt(squares / static_cast<double>(values.size() - 1));
  const double half_width = student_t_975(values.size() - 1) * summary.standard_deviation /
                            std::sqrt(static_cast<double>(values.size()));
  summary.ci95_low = summary.mean - half_width;
  summary.ci95_high = summary.mean + half_width;
  return summary;
}

}  // namespace murmur
