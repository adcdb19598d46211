#pragma once
// The mathematics of global sensitivity analysis (issue 19), apart from any simulation: the
// sampling designs, as points of the unit hypercube [0, 1]^k, and the estimators, which take
// the outputs of a function at those points. `murmur sensitivity` (sensitivity.hpp) maps the
// unit points to parameter values and runs the model there; the tests run known functions
// (Ishigami, Sobol's G) through the same code.
//
// - Morris elementary effects (Morris 1991): r trajectories on a grid of p levels; each moves
//   one input at a time by Δ = p / (2(p − 1)) of its range, in random order and direction.
//   Per input: μ (mean effect), μ* (mean absolute effect, Campolongo et al. 2007) and σ (sd
//   of the effects), with a bootstrap interval for μ* over trajectories.
// - Sobol indices by Saltelli sampling (Saltelli et al. 2010): matrices A and B of N rows from
//   one 2k-dimensional Sobol sequence (Boost.Random's `sobol`, Joe–Kuo directions), and for
//   each input i the matrix AB_i (A with column i from B); N(k + 2) points. First order by
//   Saltelli et al. 2010's estimator, total by Jansen 1999's, each with a percentile
//   bootstrap 95% interval over the N rows. Estimates are not clipped to [0, 1]: a negative
//   one is sampling error, and its interval says how much.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sim/core/types.hpp"

namespace murmur {

/// Points of the unit hypercube, one row of k coordinates in [0, 1] each.
using UnitPoints = std::vector<std::vector<double>>;

/// A 95% interval; NaN bounds when it cannot be estimated.
struct Interval {
  double low = std::numeric_limits<double>::quiet_NaN();
  double high = std::numeric_limits<double>::quiet_NaN();
  [[nodiscard]] bool contains(double x) const { return low <= x && x <= high; }
};

/// A percentile bootstrap: `resamples` resamples drawn from streams of `seed` (fixed, so the
/// intervals repeat exactly).
struct BootstrapSpec {
  std::uint32_t resamples = 1000;
  Seed seed = 1;
};

/// The 2.5% and 97.5% quantiles of `values` (linear interpolation between order statistics,
/// Hyndman and Fan's type 7); NaN when `values` is empty or holds a NaN.
[[nodiscard]] Interval percentile_interval(std::vector<double> values);

// ---- Morris ----

struct MorrisSpec {
  std::uint32_t trajectories = 20;  ///< r
  std::uint32_t levels = 4;         ///< p: even, at least 2
};

/// Δ = p / (2(p − 1)), the step of every move, as a fraction of an input's range.
[[nodiscard]] double morris_step(std::uint32_t levels);

/// r trajectories of k + 1 points each (trajectory t is rows t(k+1) .. t(k+1) + k): a random
/// start on the grid {0, 1/(p−1), ..., 1}, then each input in random order moved by ±Δ, with
/// the start chosen so that every move stays inside [0, 1]. Random from streams of `seed`.
[[nodiscard]] UnitPoints morris_design(std::size_t inputs, const MorrisSpec& spec, Seed seed);

struct MorrisIndex {
  double mu = 0.0;
  double mu_star = 0.0;  ///< mean |effect|, the measure to rank by (Campolongo et al. 2007)
  double sigma = 0.0;    ///< sample sd of the effects; large: interactions or nonlinearity
  Interval mu_star_ci;   ///< bootstrap over trajectories
  std::size_t effects = 0;
};

/// Elementary effects from the outputs at the points of a Morris design; `points` may be the
/// design after rounding integer inputs, so each effect divides by the change that was
/// actually made ((y' − y) / (x'_i − x_i), in fractions of the range), and a move that rounding
/// cancelled gives no effect. NaN indices when an output is NaN.
[[nodiscard]] std::vector<MorrisIndex> morris_indices(const UnitPoints& points,
                                                      std::span<const double> outputs,
                                                      std::size_t inputs,
                                                      const BootstrapSpec& bootstrap);

// ---- Sobol (Saltelli sampling) ----

/// Blocks of `samples` rows: A, B, then AB_1 .. AB_k; (k + 2) · samples rows in all. A and B
/// are the first and last k coordinates of the first `samples` points of a 2k-dimensional
/// Sobol sequence (Boost's starts at (0.5, ..., 0.5), without the origin).
[[nodiscard]] UnitPoints saltelli_design(std::size_t inputs, std::uint32_t samples);

struct SobolIndex {
  double first = 0.0;  ///< S_i, Saltelli et al. 2010
  double total = 0.0;  ///< S_Ti, Jansen 1999
  Interval first_ci;
  Interval total_ci;
};

/// With f_A, f_B, f_ABi the outputs of the blocks and V the variance of f_A and f_B together:
///   S_i  = mean_j f_B(j) (f_ABi(j) − f_A(j)) / V            (Saltelli et al. 2010)
///   S_Ti = mean_j (f_A(j) − f_ABi(j))² / (2V)               (Jansen 1999)
/// and percentile bootstrap intervals over the rows j. NaN when the output does not vary
/// (V = 0) or holds a NaN; a resample whose output does not vary is left out of the interval.
[[nodiscard]] std::vector<SobolIndex> sobol_indices(std::span<const double> outputs,
                                                    std::size_t inputs, std::uint32_t samples,
                                                    const BootstrapSpec& bootstrap);

}  // namespace murmur
