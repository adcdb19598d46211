#pragma once
// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011, via Random123).
//
// Every draw is a pure function of (seed, step, customer, purpose, draw index): no generator
// state is shared between customers or threads, so results do not depend on the number of
// threads or on the order in which blocks run (Repast HPC's shared generator cannot give that).
// Key = the 64-bit seed; counter = (customer, step, purpose, draw block). Each Philox call
// yields four 32-bit words, handed out in order.

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

#include <Random123/philox.h>

#include "sim/core/types.hpp"

namespace murmur {

/// What a stream is used for. Distinct purposes give independent streams for the same
/// customer and step. Append new values at the end: reordering changes every result.
enum class Purpose : std::uint32_t {
  GraphBuild = 0,
  Initialisation,
  Seeding,
  Adoption,
  Exposure,
  Offer,
  DataSharing,
  WordOfMouth,
  Occasion,
  Choice,
  Experience,
  Advocacy,
  Churn,
  Intervention,
  Generational,
  Replicate,
  ExperimentDesign,
  Recruiter,  ///< who of the praising neighbours recruited an adopter (agents/cascades.hpp)
};

class RandomStream {
 public:
  RandomStream(Seed seed, Step step, std::uint32_t subject, Purpose purpose) noexcept
      : key_(key(seed)), counter_(counter(step, subject, purpose, 0)) {}

  /// The stream's first four words from a single Philox call, what next_u32() hands out
  /// first: for callers that need no more and no stream object.
  [[nodiscard]] static std::array<std::uint32_t, 4> first_words(Seed seed, Step step,
                                                                std::uint32_t subject,
                                                                Purpose purpose) noexcept {
    const Philox::ctr_type out = Philox{}(counter(step, subject, purpose, 0), key(seed));
    return {out[0], out[1], out[2], out[3]};
  }

  /// Next 32 uniformly distributed bits.
  std::uint32_t next_u32() noexcept {
    if (used_ == 4) refill();
    return block_[used_++];
  }

  /// Uniform on the open interval (0, 1), 32 bits of resolution (steps of 2.3e-10).
  double uniform() noexcept { return (static_cast<double>(next_u32()) + 0.5) * 0x1p-32; }

  /// True with probability p (p <= 0 never, p >= 1 always).
  bool bernoulli(double p) noexcept { return uniform() < p; }

  /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-32 * n).
  std::uint32_t below(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next_u32()) * n) >> 32);
  }

  /// Standard normal variate (Box–Muller; uses two uniforms, discards the second variate so
  /// the number of draws per call is fixed).
  double normal() noexcept {
    const double radius = std::sqrt(-2.0 * std::log(uniform()));
    return radius * std::cos(2.0 * std::numbers::pi * uniform());
  }

 private:
  using Philox = r123::Philox4x32;

  static Philox::key_type key(Seed seed) noexcept {
    return {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  }
  static Philox::ctr_type counter(Step step, std::uint32_t subject, Purpose purpose,
                                  std::uint32_t block) noexcept {
    return {{subject, step, static_cast<std::uint32_t>(purpose), block}};
  }

  void refill() noexcept {
    const Philox::ctr_type out = Philox{}(counter_, key_);
    for (std::size_t i = 0; i < 4; ++i) block_[i] = out[i];
    ++counter_[3];
    used_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type counter_;
  std::array<std::uint32_t, 4> block_{};
  unsigned used_ = 4;
};

/// Derive an independent seed (e.g. the draws of intervention i) with one Philox call: 64
/// bits, for seeds the engine uses internally and never shows.
[[nodiscard]] inline Seed derive_seed(Seed master, std::uint32_t index, Purpose purpose) noexcept {
  const auto words = RandomStream::first_words(master, 0, index, purpose);
  return (static_cast<std::uint64_t>(words[1]) << 32) | words[0];
}

/// The seed of replicate `replicate` of a master seed: the one place a seed that users see
/// (runs.csv, the run's manifest, `murmur run --seed`) is derived. It keeps the low 53 bits of
/// derive_seed, so it is at most kMaxSeed and every float parser reads it exactly (issue 16.8).
[[nodiscard]] inline Seed derive_replicate_seed(Seed master, std::uint32_t replicate) noexcept {
  return derive_seed(master, replicate, Purpose::Replicate) & kMaxSeed;
}

}  // namespace murmur
