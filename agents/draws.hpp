#pragma once
// Per-customer random draws of one week.
//
// A Philox4x32-10 call (sim/core/random_stream.hpp) costs ~10 ns; a customer needs 5–10 draws a
// week across the phases, which alone would exceed the step's budget (3x a Bass step). So a
// week gets one Philox call, keyed by (seed, week), whose 64 bits start a SplitMix64 sequence
// (Steele, Lea & Flood 2014; passes BigCrush) that gives each customer its week key, output
// number customer + 1; a customer's key in turn starts a SplitMix64 sequence per purpose.
// Every draw is still a pure function of (seed, week, customer, purpose, draw index):
// independent of thread count and block order, and reproducible from the counters alone.

#include <array>
#include <cmath>
#include <cstdint>

#include <boost/random/normal_distribution.hpp>

#include "sim/core/random_stream.hpp"

namespace murmur {

/// SplitMix64's increment, the golden ratio in 64 bits.
inline constexpr std::uint64_t kSplitMix64Gamma = 0x9E3779B97F4A7C15ull;

[[nodiscard]] constexpr std::uint64_t splitmix64_finalise(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// The base of week `step`'s customer keys: one Philox call for the whole week.
[[nodiscard]] inline std::uint64_t week_key_base(Seed seed, Step step) noexcept {
  // Purpose::Occasion names the stream that keys the whole week (occasion included).
  const auto words = RandomStream::first_words(seed, step, 0, Purpose::Occasion);
  return (static_cast<std::uint64_t>(words[1]) << 32) | words[0];
}

/// Customer `customer`'s key in the week whose base is `base`: output customer + 1 of the
/// SplitMix64 sequence started at the base, so a key costs one finaliser, not a Philox call,
/// and is still a pure function of (seed, week, customer).
[[nodiscard]] constexpr std::uint64_t customer_week_key(std::uint64_t base,
                                                        std::uint32_t customer) noexcept {
  return splitmix64_finalise(base + (std::uint64_t{customer} + 1) * kSplitMix64Gamma);
}

/// The 64-bit key of customer `customer`'s week `step`.
[[nodiscard]] inline std::uint64_t week_key(Seed seed, Step step, std::uint32_t customer) noexcept {
  return customer_week_key(week_key_base(seed, step), customer);
}

/// A 32-bit number as a uniform on (0, 1) (steps of 2.3e-10, finer than any probability the
/// model draws against).
[[nodiscard]] constexpr double unit_interval(std::uint32_t bits) noexcept {
  return (static_cast<double>(bits) + 0.5) * 0x1p-32;
}

/// The week's first two uniforms, occasion and any ad (exposure.hpp), are the halves of the
/// customer's week key itself, low first: the key is already a SplitMix64 output, computed
/// for every customer, so the two draws every customer needs cost no finaliser of their own.
/// Every purpose's sequence starts from the key through its own finaliser (CustomerDraws).
[[nodiscard]] constexpr std::array<double, 2> key_uniforms(std::uint64_t week) noexcept {
  return {unit_interval(static_cast<std::uint32_t>(week)),
          unit_interval(static_cast<std::uint32_t>(week >> 32))};
}

/// A SplitMix64 sequence for one (customer week, purpose). Also a uniform random bit
/// generator, so library distributions can draw from it.
class CustomerDraws {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }
  result_type operator()() noexcept { return next_u64(); }

  /// The week key is already a SplitMix64 output (uniform over 64 bits), so each purpose's
  /// sequence starts from it XOR a purpose constant, with no mixing of its own: the outputs
  /// finalise(start + kγ) of two purposes are a good mixer's values at unrelated inputs.
  CustomerDraws(std::uint64_t week, Purpose purpose) noexcept
      : state_(week ^ (0xD1B54A32D192ED03ull * (static_cast<std::uint64_t>(purpose) + 1))) {}

  std::uint64_t next_u64() noexcept {
    state_ += kSplitMix64Gamma;
    return splitmix64_finalise(state_);
  }
  /// Uniform on (0, 1) with 32 bits (unit_interval): each 64-bit output gives two, low half
  /// first, so a purpose that draws several pays one finaliser for every two.
  double uniform() noexcept {
    std::uint32_t bits = spare_;
    if (!has_spare_) {
      const std::uint64_t both = next_u64();
      bits = static_cast<std::uint32_t>(both);
      spare_ = static_cast<std::uint32_t>(both >> 32);
    }
    has_spare_ = !has_spare_;
    return unit_interval(bits);
  }
  /// Standard normal: Boost's ziggurat (Marsaglia & Tsang 2000), mostly one 64-bit draw and
  /// a table lookup, where Box–Muller pays a log and a cosine.
  double normal() noexcept { return boost::random::normal_distribution<double>{}(*this); }

 private:
  std::uint64_t state_;
  std::uint32_t spare_ = 0;  ///< the high half of the last output, when has_spare_
  bool has_spare_ = false;
};

}  // namespace murmur
