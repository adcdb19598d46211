// Exposure (docs/model.md §5.2). Each week a customer has a purchase occasion with probability
// 1/τ. A brand on air reaches the customer with probability r_b (goodwill, Nerlove & Arrow
// 1962) and the customer registers it with probability α_g: that makes the customer aware
// and pulls the attitude toward the brand's claim, a ← a + ℓ_ad·((S_b − Q̄) − a), which
// gives diminishing returns to repetition and carries the delivery gap into expectations.
// On an occasion the customer re-decides whether to share data with each aware brand that
// asks (privacy calculus: Culnan & Armstrong 1999; Dinev & Hart 2006). Brands it shares
// with send personalised offers: on an occasion with probability π_b (the right moment, a
// utility and experience bonus), otherwise with probability (1 − π_b)·0.25 (mistimed: the
// attitude drops 0.2 points). Covered 1.0 customers know the local shops (hash(b, cell) < L_b).
// Docking (docs/model.md §8): fixed reach, weekly contact probability 1 − e^{−pΔt}.
//
// This file also holds the start-of-week housekeeping (flags, countdowns, generational shift,
// seeding of brands entering this week), which runs first.

#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>

#include "agents/draws.hpp"
#include "agents/phases.hpp"
#include "sim/core/hot_inline.hpp"

namespace murmur {

/// Attitude points a mistimed offer costs (docs/model.md §5.2, assumption).
inline constexpr double kMistimedOfferPenalty = 0.2;

inline void seed_entering_brands(const StepContext& ctx, Customers& c, CustomerIndex i,
                                 std::uint64_t key, BlockTally& tally) {
  CustomerDraws rng(key, Purpose::Seeding);
  const GenerationProfile& profile = ctx.profiles[c.generation[i]];
  std::uint64_t entering = ctx.entering;
  while (entering != 0) {
    const auto b = static_cast<BrandIndex>(std::countr_zero(entering));
    entering &= entering - 1;
    const BrandConstants& k = ctx.brand[b];
    const std::uint64_t bit = std::uint64_t{1} << b;
    // Fixed number of draws per brand, used or not, so one brand's settings never shift
    // another brand's random numbers.
    const bool aware = rng.uniform() < k.entry_awareness;
    const bool seeded = k.seeds(i, rng.uniform());
    if (aware || (profile.aware_of_local_shops && ctx.covered(b, c.cell[i]))) c.aware[i] |= bit;
    if (!seeded) continue;
    c.aware[i] |= bit;
    const GenerationIndex g = c.generation[i];
    if (c.brand[i] != kNoBrand) {
      ++tally.at(c.brand[i], g).lost;
      if (ctx.cascades) tally.log_spell(CascadeEventKind::Left, i, c.brand[i], g);
      if (ctx.attribution)  // an entrant's early adopter leaves for a rival
        tally.causes_at(c.brand[i], g).lost_to[static_cast<std::size_t>(LossCause::Rival)] +=
            kCauseUnits;
    }
    // An early adopter expects what the brand claims.
    Attitude& a = c.attitudes(i)[b];
    a = std::max(a, to_attitude(k.claim_gap));
    c.brand[i] = b;
    c.tenure[i] = 0;
    c.expectation[i] = static_cast<float>(ctx.mean_quality + from_attitude(a));
    c.satisfaction[i] = c.expectation[i];
    c.flags[i] = static_cast<std::uint8_t>((c.flags[i] | flag::kNew | flag::kAdoptedEver) &
                                           ~flag::kReferred);
    ++tally.at(b, g).new_customers;
    if (ctx.cascades) tally.log_spell(CascadeEventKind::Adopted, i, b, g);
    if (ctx.attribution) {
      tally.causes_at(b, g).new_by[static_cast<std::size_t>(AdoptionCause::Seeding)] += kCauseUnits;
      c.adopted_by[i] = cause_bit(AdoptionCause::Seeding);
    }
  }
}

/// Start of the customer's week (its draws keyed in `week`): clear weekly flags and this
/// week's broadcast slot, count down memo timers, move generations, seed entering brands.
template <WeekModes M = kAnyWeek>
MURMUR_HOT_INLINE void begin_week(const StepContext& ctx, Customers& c, CustomerIndex i,
                                  const CustomerWeek& week, BlockTally& tally) {
  c.flags[i] &= static_cast<std::uint8_t>(~flag::kWeekly);
  ctx.said[i] = Broadcast::Silent;
  const std::uint8_t m = c.memo[i];
  if (memo::referral_weeks(m) > 0) {
    const unsigned left = memo::referral_weeks(m) - 1;
    c.memo[i] = memo::make(left, memo::warning_weeks(m));
    if (left == 0) c.referral_brand[i] = kNoBrand;
  }
  if (M.generational_shift && ctx.generational_shift > 0.0 &&
      c.generation[i] + 1u < ctx.generations) {
    CustomerDraws rng(week.key, Purpose::Generational);
    if (rng.uniform() < ctx.generational_shift) ++c.generation[i];
  }
  if (M.entering && ctx.entering != 0) seed_entering_brands(ctx, c, i, week.key, tally);
}

/// Fills the tables registered_ads() draws from, given ctx.contact: no_ad[g] =
/// Π_b (1 − contact[g][b]); first_ad[g][b] = contact[g][b] / (1 − Π_{c ≥ b} (1 − contact[g][c])).
inline void prepare_ad_contacts(StepContext& ctx) {
  for (unsigned g = 0; g < ctx.generations; ++g) {
    double none_from = 1.0;                       // Π over the brands from b on
    for (std::size_t b = ctx.brands; b-- > 0;) {  // the last brand first
      const double contact = ctx.contact[g][b];
      none_from *= 1.0 - contact;
      const double some = 1.0 - none_from;
      ctx.first_ad[g][b] = contact <= 0.0 ? 0.0 : some > 0.0 ? std::min(1.0, contact / some) : 1.0;
    }
    ctx.no_ad[g] = none_from;
  }
}

/// The brands whose ads a customer of generation g registers this week: independent
/// Bernoulli(contact[g][b]) per brand on the market. Most customers register none, so one uniform
/// against P(none) settles them; the others draw in brand order, conditional on at least one until
/// the first, then unconditionally (the same joint distribution).
MURMUR_HOT_INLINE std::uint64_t registered_ads(const StepContext& ctx, GenerationIndex g,
                                               double any_ad_draw, CustomerDraws& rng) noexcept {
  if (any_ad_draw < ctx.no_ad[g]) return 0;
  std::uint64_t registered = 0;
  for (std::uint64_t brands = ctx.on_market; brands != 0; brands &= brands - 1) {
    const auto b = static_cast<BrandIndex>(std::countr_zero(brands));
    const double p = registered != 0 ? ctx.contact[g][b] : ctx.first_ad[g][b];
    if (p > 0.0 && rng.uniform() < p) registered |= std::uint64_t{1} << b;
  }
  return registered;
}

/// Occasions, ads, privacy calculus, personalised offers.
template <WeekModes M = kAnyWeek>
MURMUR_HOT_INLINE void exposure(const StepContext& ctx, Customers& c, CustomerIndex i,
                                CustomerWeek& week) {
  const GenerationIndex g = c.generation[i];
  // The key's two uniforms: the occasion and whether any ad registers (the docking contact);
  // then, for a customer who registers some, one draw per advertising brand, in brand order.
  const auto [occasion_draw, any_ad_draw] = key_uniforms(week.key);
  CustomerDraws rng(week.key, Purpose::Exposure);
  const bool occasion = (M.certain_occasions && ctx.occasion_probability >= 1.0) ||
                        occasion_draw < ctx.occasion_probability;
  if (occasion) c.flags[i] |= flag::kOccasion;
  week.offers = 0;
  week.talked = 0;

  if (M.docking && ctx.docking) {
    // One brand, fixed reach: only the unaware can be converted by an ad.
    week.ads = 0;
    if ((c.aware[i] & ctx.on_market) != ctx.on_market && any_ad_draw < ctx.docking_ad_contact) {
      c.aware[i] |= ctx.on_market;
      week.ads = ctx.on_market;
    }
    return;
  }

  std::span<Attitude> att = c.attitudes(i);
  const std::uint64_t ads = registered_ads(ctx, g, any_ad_draw, rng);
  c.aware[i] |= ads;
  week.ads = ads;
  if (ctx.attribution && ads != 0)  // the highest-numbered brand's ad is the last touch
    c.last_touch[i] = last_touch::make(AdoptionCause::Advertising,
                                       static_cast<BrandIndex>(63 - std::countl_zero(ads)));
  for (std::uint64_t rest = ads; rest != 0; rest &= rest - 1) {
    const auto b = static_cast<BrandIndex>(std::countr_zero(rest));
    const double a = from_attitude(att[b]);
    att[b] = to_attitude(a + ctx.market->ad_learning * (ctx.brand[b].claim_gap - a));
  }

  // Privacy calculus on an occasion, for every aware brand that asks.
  if (occasion) {
    std::uint64_t asking = c.aware[i] & ctx.asking_brands;
    if (asking != 0) {
      CustomerDraws share_rng(week.key, Purpose::DataSharing);
      while (asking != 0) {
        const auto b = static_cast<BrandIndex>(std::countr_zero(asking));
        asking &= asking - 1;
        const std::uint64_t bit = std::uint64_t{1} << b;
        if (share_rng.uniform() < ctx.share_probability[g][b])
          c.shares[i] |= bit;
        else
          c.shares[i] &= ~bit;
      }
    }
  }

  // Personalised offers from the brands the customer shares data with.
  std::uint64_t senders = c.shares[i] & ctx.personalising_brands;
  if (senders != 0) {
    CustomerDraws offer_rng(week.key, Purpose::Offer);
    std::uint64_t offers = 0;
    while (senders != 0) {
      const auto b = static_cast<BrandIndex>(std::countr_zero(senders));
      senders &= senders - 1;
      const BrandConstants& k = ctx.brand[b];
      const double u = offer_rng.uniform();
      if (occasion) {
        if (u < k.personalisation) offers |= std::uint64_t{1} << b;
      } else if (u < k.mistimed_offer) {
        att[b] = to_attitude(from_attitude(att[b]) - kMistimedOfferPenalty);
      }
    }
    week.offers = offers;
  }
}

}  // namespace murmur
