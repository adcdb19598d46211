#pragma once
// The Bass (1969) adoption curve in closed form and as the discrete-time mean-field
// recursion the agent-based model follows in expectation (docs/model.md §8). Used to dock
// the simulator with the equation model.

#include <cmath>
#include <cstddef>
#include <vector>

namespace murmur {

/// Closed form with market potential 1: F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)·e^{−(p+q)t}),
/// t in the same time unit as p and q. p = 0 needs the seeded form below.
[[nodiscard]] inline double bass_closed_form(double p, double q, double t) {
  const double decay = std::exp(-(p + q) * t);
  return (1.0 - decay) / (1.0 + (q / p) * decay);
}

/// Time at which adoptions peak: t* = ln(q/p)/(p + q).
[[nodiscard]] inline double bass_peak_time(double p, double q) { return std::log(q / p) / (p + q); }

/// Pure imitation from a seeded share F0 (p = 0): the logistic F = 1/(1 + ((1−F0)/F0)·e^{−qt}).
[[nodiscard]] inline double logistic_adoption(double q, double seeded_share, double t) {
  return 1.0 / (1.0 + (1.0 - seeded_share) / seeded_share * std::exp(-q * t));
}

/// The recursion F_{t+1} = F_t + (1 − F_t)·(1 − e^{−(p + q·F_t)Δt}), F_0 = seeded share;
/// returns F_0..F_steps. p and q per year, Δt in years.
[[nodiscard]] inline std::vector<double> bass_mean_field(double p, double q, double dt,
                                                         std::size_t steps,
                                                         double seeded_share = 0.0) {
  std::vector<double> adoption(steps + 1);
  adoption[0] = seeded_share;
  for (std::size_t t = 0; t < steps; ++t) {
    const double hazard = 1.0 - std::exp(-(p + q * adoption[t]) * dt);
    adoption[t + 1] = adoption[t] + (1.0 - adoption[t]) * hazard;
  }
  return adoption;
}

}  // namespace murmur
