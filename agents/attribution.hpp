#pragma once
// Why it happened (docs/model.md §5.8, issue 18): every adoption and every loss carries its
// proximate cause, when `output.attribution` is on.
//
// - An adoption of b is split equally among the channels that acted on the customer about b in
//   the week of the choice: an ad of b registered, a message about b heard (praise or
//   warning; in docking, the imitation that converted), b's referral discount running, b's
//   personalised offer on this occasion, b's shop in the customer's neighbourhood where its
//   generation values one. With none this week, it goes to the last ad or message that
//   touched the customer, if that was about b (one byte of memory a customer); otherwise to
//   "earlier" (awareness from the start, or an older contact since overwritten). Seeded
//   adopters are "seeding".
// - A loss is split in proportion to the terms of the churn hazard (docs/model.md §5.7):
//   base churn, dissatisfaction and the pull of a rival; a brand leaving the market loses its
//   customers to "exit".
// Shares are counted in 1/60ths (60 is divisible by every count of channels, 1 to 5), so the
// per-block sums stay integers and fold in any order to the same bytes.

#include <array>
#include <cstdint>
#include <string_view>

#include "sim/core/types.hpp"

namespace murmur {

enum class AdoptionCause : std::uint8_t {
  Advertising,
  WordOfMouth,
  Referral,
  Offer,
  Local,
  Seeding,
  Earlier,
  Count_
};
enum class LossCause : std::uint8_t { Base, Dissatisfaction, Rival, Exit, Count_ };

inline constexpr std::size_t kAdoptionCauses = static_cast<std::size_t>(AdoptionCause::Count_);
inline constexpr std::size_t kLossCauses = static_cast<std::size_t>(LossCause::Count_);
/// One adoption or loss, in the units the tally counts shares in.
inline constexpr std::uint32_t kCauseUnits = 60;

/// Metric-name suffixes, in enum order: new_by_<cause>, lost_to_<cause>.
inline constexpr std::array<std::string_view, kAdoptionCauses> kAdoptionCauseNames = {
    "advertising", "word_of_mouth", "referral", "offer", "local", "seeding", "earlier"};
inline constexpr std::array<std::string_view, kLossCauses> kLossCauseNames = {
    "base", "dissatisfaction", "rival", "exit"};
/// The same causes in words for people (the run report, the dashboard), in enum order.
inline constexpr std::array<std::string_view, kAdoptionCauses> kAdoptionCauseWords = {
    "advertising", "word of mouth", "referral",       "personalised offer",
    "local shop",  "seeding",       "earlier contact"};
inline constexpr std::array<std::string_view, kLossCauses> kLossCauseWords = {
    "base churn", "dissatisfaction", "a rival", "the brand's exit"};

/// Adoptions and losses of one (brand, generation) cell of a block, in 1/kCauseUnits.
struct CauseCounts {
  std::array<std::uint32_t, kAdoptionCauses> new_by{};
  std::array<std::uint32_t, kLossCauses> lost_to{};

  void add(const CauseCounts& other) noexcept {
    for (std::size_t k = 0; k < kAdoptionCauses; ++k) new_by[k] += other.new_by[k];
    for (std::size_t k = 0; k < kLossCauses; ++k) lost_to[k] += other.lost_to[k];
  }
};

/// The channels that acted on a customer about one brand this week, as bits of AdoptionCause.
using CauseSet = std::uint8_t;
[[nodiscard]] constexpr CauseSet cause_bit(AdoptionCause cause) noexcept {
  return static_cast<CauseSet>(1u << static_cast<unsigned>(cause));
}

/// The last ad or message that touched a customer: bit 7 set when there is one, bit 6 the
/// channel (0 advertising, 1 word of mouth), bits 0–5 the brand.
namespace last_touch {
inline constexpr std::uint8_t kNone = 0;
[[nodiscard]] constexpr std::uint8_t make(AdoptionCause channel, BrandIndex brand) noexcept {
  return static_cast<std::uint8_t>(0x80u | (channel == AdoptionCause::WordOfMouth ? 0x40u : 0u) |
                                   (brand & 0x3Fu));
}
/// The channel of the last touch if it was about `brand`, else Earlier.
[[nodiscard]] constexpr AdoptionCause about(std::uint8_t touch, BrandIndex brand) noexcept {
  if (!(touch & 0x80u) || (touch & 0x3Fu) != brand) return AdoptionCause::Earlier;
  return (touch & 0x40u) ? AdoptionCause::WordOfMouth : AdoptionCause::Advertising;
}
}  // namespace last_touch

/// Splits one adoption among `acting` (this week's channels), or gives it whole to `fallback`;
/// returns the causes credited.
inline CauseSet count_adoption(CauseCounts& counts, CauseSet acting,
                               AdoptionCause fallback) noexcept {
  const unsigned channels = static_cast<unsigned>(__builtin_popcount(acting));
  if (channels == 0) {
    counts.new_by[static_cast<std::size_t>(fallback)] += kCauseUnits;
    return cause_bit(fallback);
  }
  const std::uint32_t share = kCauseUnits / channels;
  for (std::size_t k = 0; k < kAdoptionCauses; ++k)
    if (acting & (1u << k)) counts.new_by[k] += share;
  return acting;
}

/// Splits one loss in proportion to the hazard's terms (base, dissatisfaction, rival), in whole
/// units that add up to kCauseUnits: the remainder of the rounding goes to the largest term.
inline void count_loss(CauseCounts& counts, double base, double dissatisfaction,
                       double rival) noexcept {
  const double total = base + dissatisfaction + rival;
  if (!(total > 0.0)) {
    counts.lost_to[static_cast<std::size_t>(LossCause::Base)] += kCauseUnits;
    return;
  }
  const std::array<double, 3> terms = {base, dissatisfaction, rival};
  std::array<std::uint32_t, 3> units{};
  std::uint32_t given = 0;
  std::size_t largest = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    units[k] = static_cast<std::uint32_t>(terms[k] / total * kCauseUnits);
    given += units[k];
    if (terms[k] > terms[largest]) largest = k;
  }
  units[largest] += kCauseUnits - given;
  for (std::size_t k = 0; k < 3; ++k) counts.lost_to[k] += units[k];
}

}  // namespace murmur
