// Choice (docs/model.md §5.4): multinomial logit (McFadden 1974) over a consideration set.
// On an occasion a brandless customer considers the aware brands on the market, ranked by
// attitude, at most K_g of them (Hauser & Wernerfelt 1990), against an outside option whose
// utility grows by ω_g per brand beyond six (choice overload: Iyengar & Lepper 2000, kept
// modest after Scheibehenne et al. 2010). One uniform picks the option by inverse CDF.
// Customers keep their brand (habit) until churn removes it, so they do not choose.
// Choosing b sets E = Q̄ + a_ib (what ads and friends led them to expect), C = E (the
// prior before the first experience), tenure 0, and flags a new customer; a choice made
// while b's referral discount runs flags the customer as referred (one reward to the sender).
// Docking (docs/model.md §8): no outside option, so an aware customer converts on awareness.

#pragma once

#include <bit>
#include <optional>
#include <span>

#include "agents/draws.hpp"
#include "agents/phases.hpp"
#include "agents/utility.hpp"

namespace murmur {

/// The channels that acted on customer i about brand b this week (attribution.hpp).
inline CauseSet acting_channels(const StepContext& ctx, const Customers& c, CustomerIndex i,
                                const CustomerWeek& week, const GenerationProfile& profile,
                                BrandIndex b, BrandIndex referral) noexcept {
  CauseSet acting = 0;
  if ((week.ads >> b) & 1u) acting |= cause_bit(AdoptionCause::Advertising);
  if ((week.talked >> b) & 1u) acting |= cause_bit(AdoptionCause::WordOfMouth);
  if (b == referral) acting |= cause_bit(AdoptionCause::Referral);
  if ((week.offers >> b) & 1u) acting |= cause_bit(AdoptionCause::Offer);
  if (profile.local_preference > 0.0 && ctx.covered(b, c.cell[i]))
    acting |= cause_bit(AdoptionCause::Local);
  return acting;
}

/// The neighbour whose praise of b recruited customer i this week (cascades.hpp), if one did:
/// among the neighbours whose broadcasts of last week praised b, one drawn uniformly.
inline std::optional<CustomerIndex> recruiter(const StepContext& ctx, CustomerIndex i,
                                              const CustomerWeek& week, BrandIndex b) {
  if (!((week.talked >> b) & 1u) || ctx.fully_mixed) return std::nullopt;
  const std::span<const CustomerIndex> row =
      ctx.columns.subspan(ctx.row_starts[i], ctx.row_starts[i + 1] - ctx.row_starts[i]);
  const Broadcast praise = make_broadcast(b, Valence::Positive);
  std::uint32_t praising = 0;
  for (const CustomerIndex j : row) praising += ctx.heard[j] == praise;
  if (praising == 0) return std::nullopt;  // only warnings about b were heard
  CustomerDraws rng(week.key, Purpose::Recruiter);
  auto pick = static_cast<std::uint32_t>(rng.uniform() * praising);
  for (const CustomerIndex j : row)
    if (ctx.heard[j] == praise && pick-- == 0) return j;
  return std::nullopt;  // not reached: pick < praising
}

/// A brandless customer with an occasion chooses by multinomial logit.
template <WeekModes M = kAnyWeek>
inline void choice(const StepContext& ctx, Customers& c, CustomerIndex i, const CustomerWeek& week,
                   BlockTally& tally) {
  if (!(c.flags[i] & flag::kOccasion) || c.brand[i] != kNoBrand) return;
  const std::uint64_t candidates = c.aware[i] & ctx.on_market;
  if (candidates == 0) return;
  const GenerationIndex g = c.generation[i];
  const GenerationProfile& profile = ctx.profiles[g];
  std::span<const Attitude> att = c.attitudes(i);
  const ConsiderationSet set =
      consideration_set(candidates, kNoBrand, att, profile.consideration_size);
  if (set.size == 0) return;

  const BrandIndex referral = memo::referral_weeks(c.memo[i]) > 0 ? c.referral_brand[i] : kNoBrand;
  const UtilityInputs in{&profile, c.shares[i], week.offers, kNoBrand, referral, c.cell[i]};
  std::array<double, kMaxBrands> utility;
  for (unsigned k = 0; k < set.size; ++k)
    utility[k] = brand_utility(ctx, in, set.brands[k], att[set.brands[k]]);
  const double outside = outside_utility(ctx, profile, set.size);
  CustomerDraws rng(week.key, Purpose::Choice);
  const bool outside_option = !(M.docking && ctx.docking);
  const unsigned pick =
      logit_draw(utility.data(), set.size, outside, outside_option, rng.uniform());
  if (pick == set.size) return;  // deferred: the outside option

  const BrandIndex b = set.brands[pick];
  const bool referred = b == referral;
  c.brand[i] = b;
  c.tenure[i] = 0;
  c.expectation[i] =
      static_cast<float>(std::clamp(ctx.mean_quality + from_attitude(att[b]), 0.0, 10.0));
  c.satisfaction[i] = c.expectation[i];
  std::uint8_t f = c.flags[i] | flag::kNew | flag::kAdoptedEver;
  f = referred ? static_cast<std::uint8_t>(f | flag::kReferred)
               : static_cast<std::uint8_t>(f & ~flag::kReferred);
  c.flags[i] = f;
  TallyCell& cell = tally.at(b, g);
  ++cell.new_customers;
  if (referred) ++cell.referred_new;
  if (ctx.attribution)
    c.adopted_by[i] = count_adoption(tally.causes_at(b, g),
                                     acting_channels(ctx, c, i, week, profile, b, referral),
                                     last_touch::about(c.last_touch[i], b));
  if (ctx.cascades) {
    if (const std::optional<CustomerIndex> by = recruiter(ctx, i, week, b))
      tally.log_spell(CascadeEventKind::Recruited, i, b, g, *by);
    else
      tally.log_spell(CascadeEventKind::Adopted, i, b, g);
  }
}

}  // namespace murmur
