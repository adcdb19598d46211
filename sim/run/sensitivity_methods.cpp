#include "sim/run/sensitivity_methods.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <boost/random/sobol.hpp>

#include "sim/core/random_stream.hpp"

namespace murmur {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The streams of one seed: each use its own `step`, so the design and the bootstraps never
// share random numbers.
constexpr Step kMorrisDesignStream = 1;
constexpr Step kMorrisBootstrapStream = 2;
constexpr Step kSobolBootstrapStream = 3;

bool all_finite(std::span<const double> values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

/// Resample b: `count` indices drawn with replacement from [0, count).
std::vector<std::uint32_t> resample_indices(Seed seed, Step stream, std::uint32_t b,
                                            std::size_t count) {
  RandomStream rng(seed, stream, b, Purpose::ExperimentDesign);
  std::vector<std::uint32_t> indices(count);
  for (auto& index : indices) index = rng.below(static_cast<std::uint32_t>(count));
  return indices;
}

/// The mean absolute value of the effects picked by `indices`.
double mean_absolute(const std::vector<double>& effects,
                     const std::vector<std::uint32_t>& indices) {
  double sum = 0.0;
  for (const std::uint32_t j : indices) sum += std::abs(effects[j]);
  return sum / static_cast<double>(indices.size());
}

/// The input a move of a trajectory changed and by how much, or none (rounding cancelled it).
struct Move {
  std::size_t input = 0;
  double change = 0.0;
};

std::optional<Move> move_between(const std::vector<double>& from, const std::vector<double>& to) {
  std::optional<Move> move;
  for (std::size_t i = 0; i < from.size(); ++i) {
    if (from[i] == to[i]) continue;
    if (move) throw std::invalid_argument("morris_indices: a move changed more than one input");
    move = Move{i, to[i] - from[i]};
  }
  return move;
}

/// The Saltelli 2010 first-order and Jansen total estimates over rows `rows` of the blocks.
struct SobolSums {
  std::vector<double> first;
  std::vector<double> total;
};

SobolSums sobol_estimates(std::span<const double> outputs, std::size_t inputs, std::size_t samples,
                          const std::vector<std::uint32_t>& rows) {
  auto f = [&](std::size_t block, std::size_t j) { return outputs[block * samples + j]; };
  const double n = static_cast<double>(rows.size());
  double mean = 0.0;
  for (const std::uint32_t j : rows) mean += f(0, j) + f(1, j);
  mean /= 2.0 * n;
  double variance = 0.0;
  for (const std::uint32_t j : rows)
    variance += (f(0, j) - mean) * (f(0, j) - mean) + (f(1, j) - mean) * (f(1, j) - mean);
  variance /= 2.0 * n;
  SobolSums sums{std::vector<double>(inputs, kNaN), std::vector<double>(inputs, kNaN)};
  if (!(variance > 0.0)) return sums;
  for (std::size_t i = 0; i < inputs; ++i) {
    double first = 0.0, total = 0.0;
    for (const std::uint32_t j : rows) {
      const double a = f(0, j), b = f(1, j), ab = f(2 + i, j);
      first += b * (ab - a);
      total += (a - ab) * (a - ab);
    }
    sums.first[i] = first / n / variance;
    sums.total[i] = total / (2.0 * n) / variance;
  }
  return sums;
}

}  // namespace

Interval percentile_interval(std::vector<double> values) {
  if (values.empty() || !all_finite(values)) return {};
  std::sort(values.begin(), values.end());
  auto quantile = [&](double q) {
    const double h = q * static_cast<double>(values.size() - 1);
    const auto lower = static_cast<std::size_t>(std::floor(h));
    const std::size_t upper = std::min(lower + 1, values.size() - 1);
    return values[lower] + (h - static_cast<double>(lower)) * (values[upper] - values[lower]);
  };
  return {quantile(0.025), quantile(0.975)};
}

// ---- Morris ----

double morris_step(std::uint32_t levels) {
  if (levels < 2 || levels % 2 != 0)
    throw std::invalid_argument("morris: levels must be even and at least 2");
  return static_cast<double>(levels) / (2.0 * (levels - 1.0));
}

UnitPoints morris_design(std::size_t inputs, const MorrisSpec& spec, Seed seed) {
  const double delta = morris_step(spec.levels);
  const double grid = static_cast<double>(spec.levels - 1);
  const std::uint32_t half = spec.levels / 2;
  UnitPoints points;
  points.reserve(spec.trajectories * (inputs + 1));
  for (std::uint32_t t = 0; t < spec.trajectories; ++t) {
    RandomStream rng(seed, kMorrisDesignStream, t, Purpose::ExperimentDesign);
    // Upward moves start in the lower half of the grid, downward ones in the upper half, so
    // that x ± Δ is again a grid point inside [0, 1].
    std::vector<double> x(inputs);
    std::vector<double> direction(inputs);
    for (std::size_t i = 0; i < inputs; ++i) {
      const bool up = rng.below(2) == 0;
      const std::uint32_t level = rng.below(half) + (up ? 0 : half);
      x[i] = level / grid;
      direction[i] = up ? 1.0 : -1.0;
    }
    std::vector<std::size_t> order(inputs);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = inputs; i > 1; --i)
      std::swap(order[i - 1], order[rng.below(static_cast<std::uint32_t>(i))]);  // Fisher–Yates
    points.push_back(x);
    for (const std::size_t i : order) {
      x[i] = std::clamp(x[i] + direction[i] * delta, 0.0, 1.0);  // clamp: rounding only
      points.push_back(x);
    }
  }
  return points;
}

std::vector<MorrisIndex> morris_indices(const UnitPoints& points, std::span<const double> outputs,
                                        std::size_t inputs, const BootstrapSpec& bootstrap) {
  if (points.size() != outputs.size() || points.size() % (inputs + 1) != 0)
    throw std::invalid_argument("morris_indices: points and outputs do not form trajectories");
  const std::size_t trajectories = points.size() / (inputs + 1);
  std::vector<std::vector<double>> effects(inputs);
  for (std::size_t t = 0; t < trajectories; ++t)
    for (std::size_t m = 0; m < inputs; ++m) {
      const std::size_t row = t * (inputs + 1) + m;
      if (const auto move = move_between(points[row], points[row + 1]))
        effects[move->input].push_back((outputs[row + 1] - outputs[row]) / move->change);
    }
  std::vector<MorrisIndex> indices(inputs);
  for (std::size_t i = 0; i < inputs; ++i) {
    MorrisIndex& index = indices[i];
    const std::vector<double>& e = effects[i];
    index.effects = e.size();
    if (e.empty() || !all_finite(e)) {
      index.mu = index.mu_star = index.sigma = kNaN;
      continue;
    }
    const double n = static_cast<double>(e.size());
    index.mu = std::accumulate(e.begin(), e.end(), 0.0) / n;
    std::vector<std::uint32_t> all(e.size());
    std::iota(all.begin(), all.end(), 0u);
    index.mu_star = mean_absolute(e, all);
    double squares = 0.0;
    for (const double v : e) squares += (v - index.mu) * (v - index.mu);
    index.sigma = e.size() > 1 ? std::sqrt(squares / (n - 1.0)) : kNaN;
    std::vector<double> resampled;
    for (std::uint32_t b = 0; b < bootstrap.resamples; ++b)
      resampled.push_back(
          mean_absolute(e, resample_indices(bootstrap.seed, kMorrisBootstrapStream, b, e.size())));
    index.mu_star_ci = percentile_interval(std::move(resampled));
  }
  return indices;
}

// ---- Sobol ----

UnitPoints saltelli_design(std::size_t inputs, std::uint32_t samples) {
  boost::random::sobol_engine<std::uint_least32_t, 32> sequence(2 * inputs);
  UnitPoints a(samples, std::vector<double>(inputs)), b = a;
  for (std::uint32_t j = 0; j < samples; ++j) {
    for (std::size_t i = 0; i < inputs; ++i) a[j][i] = std::ldexp(sequence(), -32);
    for (std::size_t i = 0; i < inputs; ++i) b[j][i] = std::ldexp(sequence(), -32);
  }
  UnitPoints points = a;
  points.insert(points.end(), b.begin(), b.end());
  for (std::size_t i = 0; i < inputs; ++i)
    for (std::uint32_t j = 0; j < samples; ++j) {
      points.push_back(a[j]);
      points.back()[i] = b[j][i];
    }
  return points;
}

std::vector<SobolIndex> sobol_indices(std::span<const double> outputs, std::size_t inputs,
                                      std::uint32_t samples, const BootstrapSpec& bootstrap) {
  if (outputs.size() != (inputs + 2) * samples)
    throw std::invalid_argument("sobol_indices: outputs do not match a Saltelli design");
  std::vector<SobolIndex> indices(inputs, SobolIndex{kNaN, kNaN, {}, {}});
  if (samples == 0 || !all_finite(outputs)) return indices;
  std::vector<std::uint32_t> rows(samples);
  std::iota(rows.begin(), rows.end(), 0u);
  const SobolSums estimate = sobol_estimates(outputs, inputs, samples, rows);
  std::vector<std::vector<double>> first(inputs), total(inputs);
  for (std::uint32_t b = 0; b < bootstrap.resamples; ++b) {
    const SobolSums resampled =
        sobol_estimates(outputs, inputs, samples,
                        resample_indices(bootstrap.seed, kSobolBootstrapStream, b, samples));
    // A resample whose output does not vary defines no index (V = 0): it is left out.
    for (std::size_t i = 0; i < inputs; ++i) {
      if (std::isnan(resampled.first[i])) continue;
      first[i].push_back(resampled.first[i]);
      total[i].push_back(resampled.total[i]);
    }
  }
  for (std::size_t i = 0; i < inputs; ++i)
    indices[i] = {estimate.first[i], estimate.total[i], percentile_interval(std::move(first[i])),
                  percentile_interval(std::move(total[i]))};
  return indices;
}

}  // namespace murmur
