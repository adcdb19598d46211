#include "sim/run/statistics.hpp"

#include <array>
#include <cmath>

namespace murmur {

double student_t_975(std::size_t degrees_of_freedom) {
  // Exact table to 30 degrees of freedom (Abramowitz & Stegun 26.10); beyond it the
  // Cornish–Fisher expansion around z = 1.959964 is accurate to better than 1e-4.
  static constexpr std::array<double, 30> kTable = {
      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
      2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
      2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (degrees_of_freedom == 0) return std::nan("");
  if (degrees_of_freedom <= kTable.size()) return kTable[degrees_of_freedom - 1];
  const double z = 1.959964;
  const double n = static_cast<double>(degrees_of_freedom);
  const double z3 = z * z * z;
  const double z5 = z3 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n);
}

SampleSummary summarise(std::span<const double> values) {
  SampleSummary summary;
  summary.count = values.size();
  if (values.empty()) return summary;
  double sum = 0.0;
  for (double v : values) sum += v;
  summary.mean = sum / static_cast<double>(values.size());
  summary.ci95_low = summary.ci95_high = summary.mean;
  if (values.size() < 2) return summary;
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
