#pragma once
// The one number style of every table the CLI prints (run, compare, batch, respond) and of the
// compare report's table: shares as percentages with two decimals, counts whole, everything
// else in fixed notation with the significant digits that fit (never 1e-05). An estimate over
// replicates reads "mean [lo, hi]" (its 95% interval), "mean [NA]" when one replicate gives no
// interval, and "-" when there is no value. Files (metrics.csv, summary.csv ...) keep full
// precision: this is for people, not parsers. Metric meanings: docs/metrics.md.

#include <cstddef>
#include <string>
#include <string_view>

namespace murmur {

enum class NumberScale {
  Count,    ///< people, purchases: whole numbers
  Share,    ///< fractions 0–1 (shares, rates), printed as percentages
  Quantity  ///< anything else (NPS points, money, the 0–10 scale, elasticities)
};

inline constexpr int kPercentDecimals = 2;          ///< every percentage, in every command
inline constexpr int kSignificantDigits = 4;        ///< a single value's digits (not a count's)
inline constexpr const char* kNoValue = "-";        ///< undefined (metrics.csv writes NA)
inline constexpr const char* kNoInterval = "[NA]";  ///< fewer than 2 replicates

/// One value: "12.34%" for a share, "1234" for a count, "0.1235" or "-0.000005" otherwise.
[[nodiscard]] std::string format_value(double value, NumberScale scale);

/// "mean [lo, hi]" with the decimals of the interval's width (two significant digits of its
/// half-width), so the three numbers line up; "mean [NA]" for count 1; "-" for count 0.
[[nodiscard]] std::string format_estimate(double mean, double low, double high, std::size_t count,
                                          NumberScale scale);

/// How a metric of docs/metrics.md is printed, its unit for a header ("%", "currency",
/// "points" ...; empty if it has none) and a one-line meaning for a legend (empty if unknown).
[[nodiscard]] NumberScale metric_scale(std::string_view metric);
[[nodiscard]] std::string_view metric_unit(std::string_view metric);
[[nodiscard]] std::string_view metric_meaning(std::string_view metric);

/// "share (%)", "clv (currency)", or the bare name when the metric has no unit.
[[nodiscard]] std::string metric_heading(std::string_view metric);

}  // namespace murmur
