// Word of mouth (docs/model.md §5.3), pulled from the neighbours' broadcasts of the previous week
// (double buffer: the phase reads `heard`, which nobody writes this week). For customer j and
// brand b with P promoter and D detractor messages out of k neighbours: an unaware j becomes
// aware with probability 1 − (1 − σ_g)^{P+D} (bad publicity builds awareness too: Berger,
// Sorensen & Rasmussen 2010); if P ≥ m_g or D ≥ 1 the attitude moves toward the message mix,
// w = min(1, σ_g·(P + ν⁻·D)/k), target (2P − 3.5ν⁻D)/(P + ν⁻D) points by default
// (market.positive_message, negative_message; negative messages weigh ν⁻ times more:
// Goldenberg et al. 2007); a positive message about a brand with a referral programme gives
// the receiver the referral discount for 4 weeks. Fully mixed: P/k and D/k are the population
// shares of last week's broadcasters, and P, D their expected counts over the scenario's mean
// degree. Attitudes then decay by δ_a a week (decay_attitudes, run by MarketModel over many
// customers' rows at once).
// Docking (docs/model.md §8): a non-adopter with m adopter neighbours out of k converts (becomes
// aware, and conversion is on awareness) with probability 1 − e^{−qΔt·m/k}; m/k = F_t when
// fully mixed; negative word of mouth is off.
//
// The count of the messages (message_counts.hpp) reads one byte per neighbour and nothing
// else of the neighbour.

#pragma once

#include <bit>
#include <cmath>
#include <utility>

#include "agents/draws.hpp"
#include "agents/message_counts.hpp"
#include "agents/phases.hpp"
#include "sim/core/hot_inline.hpp"

namespace murmur {

namespace wom_detail {

struct Heard {
  double positive;
  double negative;
};

/// The attitude update for one brand, given (possibly fractional) message counts.
inline void apply_messages(const StepContext& ctx, const GenerationProfile& profile, double degree,
                           Heard h, Attitude& attitude) {
  const double threshold = static_cast<double>(profile.social_threshold);
  // Fully mixed counts are expectations: one promoter in expectation is "some" promoter,
  // so simple contagion (m = 1) reacts to any positive share.
  const bool moved =
      h.negative > 0.0 || h.positive >= threshold || (threshold <= 1.0 && h.positive > 0.0);
  if (!moved) return;
  const double nu = profile.negative_weight;
  const double weighted = h.positive + nu * h.negative;
  if (weighted <= 0.0) return;
  const double w = std::min(1.0, profile.wom_susceptibility * weighted / degree);
  const double target =
      (h.positive * ctx.market->positive_message + nu * h.negative * ctx.market->negative_message) /
      weighted;
  const double a = from_attitude(attitude);
  attitude = to_attitude(a + w * (target - a));
}

/// P(an unaware customer misses every one of `messages` messages) = (1 − σ_g)^n: the
/// context's table for whole counts (so the lookup changes no output), pow for hubs.
[[nodiscard]] inline double missed_all(const StepContext& ctx, const GenerationProfile& profile,
                                       GenerationIndex g, double messages) noexcept {
  if (messages < StepContext::kMissedAllCounts &&
      messages == static_cast<double>(static_cast<unsigned>(messages)))
    return ctx.missed_all[g][static_cast<unsigned>(messages)];
  return std::pow(1.0 - profile.wom_susceptibility, messages);
}
}  // namespace wom_detail

/// Pull last week's broadcasts from neighbours: awareness, attitude, referrals. The attitude
/// decay that ends the phase follows for a run of customers at once (decay_attitudes). A
/// customer whose counted messages mention no brand has nothing to do here, and the step
/// skips it (open_weeks).
template <WeekModes M = kAnyWeek>
MURMUR_HOT_INLINE void word_of_mouth(const StepContext& ctx, Customers& c, CustomerIndex i,
                                     CustomerWeek& week, MessageHistogram& histogram,
                                     BlockTally& tally) {
  using namespace wom_detail;
  const GenerationIndex g = c.generation[i];
  const GenerationProfile& profile = ctx.profiles[g];
  std::span<Attitude> att = c.attitudes(i);
  CustomerDraws rng(week.key, Purpose::WordOfMouth);

  std::uint64_t touched = 0;
  double degree = 0.0;
  const bool use_packed = !M.histogram_counts || week.heard_counted;
  if (M.fully_mixed && ctx.fully_mixed) {
    touched = ctx.on_market;
    degree = ctx.virtual_degree;
  } else {
    const std::uint32_t first = ctx.row_starts[i];
    const std::uint32_t last = ctx.row_starts[i + 1];
    degree = static_cast<double>(last - first);
    touched = use_packed ? week.mentioned
                         : count_messages(ctx.heard.data(),
                                          ctx.columns.subspan(first, last - first), histogram);
  }
  BrandIndex referral = kNoBrand;
  double referral_messages = 0.0;
  while (touched != 0) {
    const auto b = static_cast<BrandIndex>(std::countr_zero(touched));
    touched &= touched - 1;
    const std::uint64_t bit = std::uint64_t{1} << b;
    Heard h{};
    if (M.fully_mixed && ctx.fully_mixed) {
      h = {ctx.virtual_degree * ctx.mixed_positive[b], ctx.virtual_degree * ctx.mixed_negative[b]};
    } else {
      std::uint16_t positive = 0, negative = 0;
      if (use_packed) {
        positive = week.heard[b];
        negative = week.heard[kPackedBrands + b];
      } else {
        positive =
            std::exchange(histogram[broadcast_byte(make_broadcast(b, Valence::Positive))], 0);
        negative =
            std::exchange(histogram[broadcast_byte(make_broadcast(b, Valence::Negative))], 0);
      }
      h = {static_cast<double>(positive), static_cast<double>(negative)};
      TallyCell& cell = tally.at(b, g);
      cell.heard_positive += positive;
      cell.heard_negative += negative;
    }
    if (!ctx.on(b)) continue;  // talk about a brand that left changes nothing
    if (M.docking && ctx.docking) {
      if (!(c.aware[i] & bit) && h.positive > 0.0) {
        const double share = ctx.fully_mixed ? ctx.mixed_positive[b] : h.positive / degree;
        if (rng.uniform() < 1.0 - std::exp(-ctx.docking_wom_rate * share)) {
          c.aware[i] |= bit;
          week.talked |= bit;
        }
      }
      continue;
    }
    if (h.positive + h.negative > 0.0) {
      week.talked |= bit;
      if (ctx.attribution) c.last_touch[i] = last_touch::make(AdoptionCause::WordOfMouth, b);
    }
    if (!(c.aware[i] & bit) && h.positive + h.negative > 0.0) {
      const double missed = missed_all(ctx, profile, g, h.positive + h.negative);
      if (rng.uniform() < 1.0 - missed) c.aware[i] |= bit;
    }
    apply_messages(ctx, profile, degree, h, att[b]);
    // Fully mixed: the expected count is not a message in hand; a referral arrives with
    // the probability of at least one promoter among the virtual contacts.
    const bool referred = ctx.brand[b].referral && h.positive > 0.0 &&
                          (!(M.fully_mixed && ctx.fully_mixed) ||
                           rng.uniform() < 1.0 - std::pow(1.0 - ctx.mixed_positive[b], degree));
    if (referred && h.positive > referral_messages) {
      referral = b;
      referral_messages = h.positive;
    }
  }
  if (referral != kNoBrand) {
    c.referral_brand[i] = referral;
    c.memo[i] = memo::make(memo::kReferralWeeks, memo::warning_weeks(c.memo[i]));
  }
}

}  // namespace murmur
