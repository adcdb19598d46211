#include "sim/core/number_format.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace murmur {

namespace {

constexpr int kMaxDecimals = 6;  // a millionth; past that a value is zero to a reader

/// `value` with `decimals` fixed decimals; a value that rounds to zero loses its minus sign.
std::string fixed(double value, int decimals, std::string_view suffix = "") {
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text.append(suffix);
}

/// Decimals that show `digits` significant digits of `magnitude` (> 0), within [0, 6].
int decimals_for(double magnitude, int digits) {
  const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  return std::clamp(digits - 1 - exponent, 0, kMaxDecimals);
}

struct MetricDisplay {
  std::string_view name;
  NumberScale scale;
  std::string_view unit;
  std::string_view meaning;
};

// The metrics of docs/metrics.md (market and Bass models); the meanings say the same, shorter.
constexpr auto S = NumberScale::Share;
constexpr auto C = NumberScale::Count;
constexpr auto Q = NumberScale::Quantity;
constexpr std::array kMetrics = {
    MetricDisplay{"adopters", C, "", "customers who have adopted"},
    MetricDisplay{"new_adopters", C, "", "adoptions this week"},
    MetricDisplay{"adoption", S, "%",
                  "Bass: adopters / customers; market brand: acquisitions to date / population "
                  "(can pass 100%); market all: who ever had a brand"},
    MetricDisplay{"customers", C, "", "customers whose current brand it is"},
    MetricDisplay{"new_customers", C, "", "customers who became the brand's this week"},
    MetricDisplay{"share", S, "%",
                  "customers / population, brandless included (all: who has a brand)"},
    MetricDisplay{"awareness", S, "%", "population aware of the brand"},
    MetricDisplay{"consideration", S, "%", "population weighing the brand on an occasion"},
    MetricDisplay{"churn", S, "%", "customers lost this week / customers at its start"},
    MetricDisplay{"churn_annual", S, "%", "weekly churn as a yearly rate, 1 - (1 - churn)^52"},
    MetricDisplay{"retention", S, "%", "weekly retention over the last 13 weeks"},
    MetricDisplay{"promoters", S, "%", "customers who would recommend at 9 or 10"},
    MetricDisplay{"passives", S, "%", "customers at 7 or 8"},
    MetricDisplay{"detractors", S, "%", "customers at 6 or below"},
    MetricDisplay{"nps", Q, "points", "Net Promoter Score: % promoters - % detractors (-100..100)"},
    MetricDisplay{"agreeing", S, "%",
                  "customers who agree the experience is superior (would recommend at 9-10)"},
    MetricDisplay{"believers", S, "%",
                  "brands whose claim beats the market's mean delivered quality (row all)"},
    MetricDisplay{"wom_positive", C, "", "promoter broadcasts this week"},
    MetricDisplay{"wom_negative", C, "", "detractor broadcasts this week"},
    MetricDisplay{"wom_heard_positive", C, "", "positive messages received this week"},
    MetricDisplay{"wom_heard_negative", C, "", "negative messages received this week"},
    MetricDisplay{"purchases", C, "", "purchases by the brand's customers this week"},
    MetricDisplay{"ad_spend", Q, "currency/week", "advertising spent this week"},
    MetricDisplay{"referral_rewards", Q, "currency/week", "referral rewards paid this week"},
    MetricDisplay{"offer_costs", Q, "currency/week", "personalised offers redeemed this week"},
    MetricDisplay{"gross_margin", Q, "currency/week", "purchases x margin this week"},
    MetricDisplay{"cac", Q, "currency",
                  "acquisition cost: ads, referral rewards and offers per new customer, last 13 "
                  "weeks"},
    MetricDisplay{"clv", Q, "currency",
                  "lifetime value of a customer: weekly margin x retention, discounted 10%/year"},
    MetricDisplay{"goodwill", Q, "", "advertising stock G"},
    MetricDisplay{"reach", S, "%", "weekly advertising reach"},
    MetricDisplay{"copy_effect", Q, "", "advertising copy effect"},
    MetricDisplay{"data_sharing", S, "%", "customers who share data with the brand"},
    MetricDisplay{"data_sharing_aware", S, "%", "of those aware of the brand, who share data"},
    MetricDisplay{"trust", Q, "", "trust in the brand's data care"},
    MetricDisplay{"claim", Q, "0-10 scale", "the experience the brand believes it delivers"},
    MetricDisplay{"delivered", Q, "0-10 scale", "mean experience delivered this week"},
    MetricDisplay{"gap", Q, "0-10 scale",
                  "delivery gap: claim - customers' mean satisfaction (> 0: thinks it is better)"},
    MetricDisplay{"satisfaction", Q, "0-10 scale", "customers' mean satisfaction"},
    MetricDisplay{"expectation", Q, "0-10 scale", "customers' mean expectation"},
    MetricDisplay{"habituation", Q, "0-10 scale", "customers' mean habituation"},
    MetricDisplay{"price", Q, "currency", "price per purchase"},
    MetricDisplay{"quality", Q, "0-10 scale", "mean quality delivered"},
    MetricDisplay{"on_market", Q, "", "1 if on the market"},
};

const MetricDisplay* find_metric(std::string_view metric) {
  const auto* it = std::find_if(kMetrics.begin(), kMetrics.end(),
                                [&](const MetricDisplay& m) { return m.name == metric; });
  return it == kMetrics.end() ? nullptr : &*it;
}

}  // namespace

std::string format_value(double value, NumberScale scale) {
  if (!std::isfinite(value)) return kNoValue;
  switch (scale) {
    case NumberScale::Count:
      return fixed(value, 0);
    case NumberScale::Share:
      return fixed(100.0 * value, kPercentDecimals, "%");
    case NumberScale::Quantity:
      return value == 0.0 ? "0" : fixed(value, decimals_for(std::abs(value), kSignificantDigits));
  }
  return kNoValue;
}

std::string format_estimate(double mean, double low, double high, std::size_t count,
                            NumberScale scale) {
  if (count == 0 || !std::isfinite(mean)) return kNoValue;
  if (count < 2 || !std::isfinite(low) || !std::isfinite(high))
    return fmt::format("{} {}", format_value(mean, scale), kNoInterval);
  if (scale == NumberScale::Share)
    return fmt::format("{} [{}, {}]", format_value(mean, scale), format_value(low, scale),
                       format_value(high, scale));
  // Two significant digits of the half-width: the mean is not known better than that.
  const double half_width = (high - low) / 2.0;
  int decimals = 0;
  if (half_width > 0.0)
    decimals = decimals_for(half_width, 2);
  else if (scale == NumberScale::Quantity && mean != 0.0)
    decimals = decimals_for(std::abs(mean), kSignificantDigits);
  return fmt::format("{} [{}, {}]", fixed(mean, decimals), fixed(low, decimals),
                     fixed(high, decimals));
}

NumberScale metric_scale(std::string_view metric) {
  const MetricDisplay* m = find_metric(metric);
  return m ? m->scale : NumberScale::Quantity;
}

std::string_view metric_unit(std::string_view metric) {
  const MetricDisplay* m = find_metric(metric);
  return m ? m->unit : std::string_view{};
}

std::string_view metric_meaning(std::string_view metric) {
  const MetricDisplay* m = find_metric(metric);
  return m ? m->meaning : std::string_view{};
}

std::string metric_heading(std::string_view metric) {
  const std::string_view unit = metric_unit(metric);
  return unit.empty() ? std::string(metric) : fmt::format("{} ({})", metric, unit);
}

}  // namespace murmur
