#pragma once
// How a brand's sales and share answer its levers (issue 17), the strategist's "what is our
// ad budget worth?" and "what if we raise the price?":
//
// - Elasticities. For each lever, runs at relative changes of its value (−20%, −10%, +10%,
//   +20% by default) beside the unchanged scenario, every arm on the same replicate seeds
//   (common random numbers: the paired difference carries far less noise than either arm).
//   Each replicate gives an arc elasticity per change; the mean over replicates has a 95%
//   interval. Short term is the first `short_term_weeks` after the change (which holds from
//   week 1), long term is every week to the horizon; sales are the brand's purchases summed
//   over the window, share its mean share over the window; for the market and per generation.
// - A response curve. Long-term sales over a range of one lever's values (what marketing-mix
//   tools such as Robyn and Meridian call a response curve), the marginal return of each
//   segment, the value of highest marginal return and the saturation point.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/types.hpp"
#include "sim/run/statistics.hpp"

namespace murmur {

struct ResponseSpec {
  std::filesystem::path scenario_path;
  std::vector<std::string> overrides;  ///< --set, applied to every arm first
  std::string brand;
  std::vector<std::string> levers = {"ad_budget", "price"};
  std::vector<double> changes = {-0.2, -0.1, 0.1, 0.2};  ///< relative: 0.1 = +10%, > -1
  std::uint32_t replicates = 20;
  Seed master_seed = 1;
  unsigned threads = 0;
  Step short_term_weeks = 13;
};

/// The arc (midpoint) elasticity: the change of the outcome relative to the mean of its two
/// values, over the change of the lever relative to the mean of its two values. Symmetric in
/// the two points, so −10% and +10% are measured alike. NaN when both outcomes are zero.
[[nodiscard]] double arc_elasticity(double lever_from, double lever_to, double outcome_from,
                                    double outcome_to);

/// Elasticities of one window, over replicates.
struct WindowElasticity {
  SampleSummary sales;
  SampleSummary share;
};

struct OutcomeElasticity {
  WindowElasticity short_term;
  WindowElasticity long_term;
};

/// One change of one lever: its elasticities for the market ("all") and each generation.
struct ChangeResponse {
  double change = 0.0;  ///< relative; NaN for the pooled row (the mean over every change)
  double value = 0.0;   ///< the lever's value in this arm
  std::vector<std::string> generations;         ///< "all" first
  std::vector<OutcomeElasticity> elasticities;  ///< by generation, as `generations`
};

struct LeverResponse {
  std::string lever;
  std::string unit;  ///< from the schema, e.g. "currency/week"
  double base_value = 0.0;
  std::vector<ChangeResponse> changes;
  /// Per replicate the mean of its elasticities over every change, then over replicates.
  ChangeResponse pooled;
  SampleSummary base_sales_long;  ///< the unchanged arm's long-term sales, for context
  SampleSummary base_share_long;
};

struct ResponseResult {
  std::string scenario_name;
  std::string brand;
  std::uint32_t replicates = 0;
  Step steps = 0;
  Step short_term_end = 0;  ///< last week of the short term
  std::vector<LeverResponse> levers;
};

/// Runs every arm (levers × (changes + 1) × replicates, side by side) and measures.
[[nodiscard]] ResponseResult measure_response(const ResponseSpec& spec);

/// The tidy table of every estimate: lever, base value, change, value, generation, outcome,
/// window, n, mean, sd and the 95% interval.
[[nodiscard]] std::string response_csv(const ResponseResult& result);

struct CurveSpec {
  ResponseSpec base;  ///< scenario, overrides, brand, replicates, seed, threads
  std::string lever;
  std::vector<double> values;  ///< ascending; at least 2
};

struct CurvePoint {
  double value = 0.0;
  SampleSummary sales_long;   ///< purchases over the horizon
  SampleSummary sales_short;  ///< purchases over the short term
  SampleSummary share_long;   ///< mean share over the horizon
  /// (sales_long here − at the previous value) / (value − previous value), paired by
  /// replicate; empty (count 0) at the first point.
  SampleSummary marginal_return;
};

struct ResponseCurve {
  std::string scenario_name;
  std::string brand;
  std::string lever;
  std::string unit;
  std::uint32_t replicates = 0;
  Step steps = 0;
  Step short_term_end = 0;  ///< last week of the short term
  std::vector<CurvePoint> points;
  /// The segment whose mean marginal return is highest: its two ends.
  std::optional<std::pair<double, double>> highest_marginal_return;
  /// The least value whose long-term sales reach 90% of the gain over the whole range (sales
  /// at the value minus sales at the first value); none when sales do not rise over it.
  std::optional<double> saturation_value;
};

[[nodiscard]] ResponseCurve measure_response_curve(const CurveSpec& spec);

/// The lever's value for the brand in the scenario with its overrides (checks both names).
[[nodiscard]] double lever_base_value(const ResponseSpec& spec, const std::string& lever);

/// The 90%-of-the-gain rule of ResponseCurve::saturation_value, over mean responses.
[[nodiscard]] std::optional<double> saturation_point(const std::vector<double>& values,
                                                     const std::vector<double>& responses);

/// Tidy: value, metric (sales_long, sales_short, share_long, marginal_return), n, mean, sd,
/// ci95_low, ci95_high.
[[nodiscard]] std::string response_curve_csv(const ResponseCurve& curve);

/// A self-contained HTML page: the curve with its 95% band and the saturation point, and the
/// marginal return of each segment.
[[nodiscard]] std::string response_curve_html(const ResponseCurve& curve);

}  // namespace murmur
