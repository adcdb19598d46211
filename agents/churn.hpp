// Churn (docs/model.md §5.7): a weekly hazard λ = h0_g (×0.8 for referred customers: Schmitt,
// Skiera & Van den Bulte 2011) + h1_g·max(0, 7 − C) + h2·max(0, max_{c≠b} U_ic − U_ib), the
// last term the pull of the best rival in the consideration set (a well-timed offer, strong
// word of mouth); P(leave) = 1 − e^{−λ}. Passives (C ≥ 7) face only h0 and the pull and stay
// from inertia, as Bain's passive loyalists do. Leavers become brandless with their attitude
// intact; a leaving detractor warns about the brand for 8 weeks (advocacy.hpp). Customers of
// a brand that left the market lose it. The docking reduction has no churn.

#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "agents/branch_free.hpp"
#include "agents/draws.hpp"
#include "agents/phases.hpp"
#include "agents/utility.hpp"
#include "sim/core/hot_inline.hpp"
#include "sim/core/validate.hpp"

namespace murmur {

namespace churn_detail {

/// max(0, max_{c≠b} U_ic − U_ib) over the consideration set (current brand first).
inline double rival_pull(const StepContext& ctx, const Customers& c, CustomerIndex i, BrandIndex b,
                         const GenerationProfile& profile, std::uint64_t offers) {
  std::span<const Attitude> att = c.attitudes(i);
  const ConsiderationSet set =
      consideration_set(c.aware[i] & ctx.on_market, b, att, profile.consideration_size);
  if (set.size < 2) return 0.0;
  const BrandIndex referral = memo::referral_weeks(c.memo[i]) > 0 ? c.referral_brand[i] : kNoBrand;
  const UtilityInputs in{&profile, c.shares[i], offers, b, referral, c.cell[i]};
  const double own = brand_utility(ctx, in, b, att[b]);
  double best = own;
  for (unsigned k = 1; k < set.size; ++k)
    best = std::max(best, brand_utility(ctx, in, set.brands[k], att[set.brands[k]]));
  return best - own;
}

/// An upper bound on U_ic − U_ib over all aware rivals c (≥ the exact pull): each rival's
/// attitude plus the most its other terms can be (rival_utility_ceiling), against the least
/// the own brand's can be. Cheap enough to skip the consideration set and utilities for the
/// many customers no rival can pull; per rival, because brands' ceilings differ by their
/// price and advertising, and the largest of them would let far fewer customers skip.
inline double pull_bound(const StepContext& ctx, const Customers& c, CustomerIndex i, BrandIndex b,
                         GenerationIndex g, std::uint64_t rivals) {
  std::span<const Attitude> att = c.attitudes(i);
  double best = -std::numeric_limits<double>::infinity();
  for (; rivals != 0; rivals &= rivals - 1) {
    const auto r = static_cast<std::size_t>(std::countr_zero(rivals));
    best = std::max(best, from_attitude(att[r]) + ctx.rival_ceiling[g][r]);
  }
  return best - from_attitude(att[b]) - ctx.own_floor[g][b];
}

/// pull_bound() with the highest attitude there is in place of the best rival's: no loop over
/// the rivals, and still ≥ the pull, so most customers are settled by it alone.
inline double pull_ceiling(const StepContext& ctx, const Customers& c, CustomerIndex i,
                           BrandIndex b, GenerationIndex g) {
  return from_attitude(std::numeric_limits<Attitude>::max()) - from_attitude(c.attitudes(i)[b]) +
         ctx.rival_bonus_bound[g] - ctx.own_floor[g][b];
}

/// pull ≤ pull_bound ≤ pull_ceiling, which the fast path relies on (MURMUR_VALIDATE checks it
/// for every customer with an aware rival). The slack allows for rounding only: the bound
/// adds the same terms in another order.
inline bool bounds_hold(const StepContext& ctx, const Customers& c, CustomerIndex i, BrandIndex b,
                        GenerationIndex g, const GenerationProfile& profile, std::uint64_t offers,
                        std::uint64_t rivals) {
  constexpr double kRounding = 1e-9;
  const double pull = rival_pull(ctx, c, i, b, profile, offers);
  const double bound = pull_bound(ctx, c, i, b, g, rivals);
  return pull <= std::max(0.0, bound) + kRounding &&
         bound <= pull_ceiling(ctx, c, i, b, g) + kRounding;
}

}  // namespace churn_detail

/// The weekly churn hazard; leavers become brandless.
template <WeekModes M = kAnyWeek>
MURMUR_HOT_INLINE void churn(const StepContext& ctx, Customers& c, CustomerIndex i,
                             const CustomerWeek& week, BlockTally& tally) {
  using namespace churn_detail;
  constexpr double kReferredFactor = 0.8;
  constexpr double kSatisfiedLevel = 7.0;
  const double pull_rate = ctx.market->churn_pull;
  const BrandIndex b = c.brand[i];
  if (b == kNoBrand) return;
  const GenerationIndex g = c.generation[i];
  bool leave = !ctx.on(b);
  if (!leave && !(M.docking && ctx.docking)) {
    const GenerationProfile& profile = ctx.profiles[g];
    const double base =
        profile.base_churn * ((c.flags[i] & flag::kReferred) ? kReferredFactor : 1.0);
    const double dissatisfaction =
        profile.dissatisfaction_churn * positive_part(kSatisfiedLevel - c.satisfaction[i]);
    double hazard = base + dissatisfaction;
    CustomerDraws rng(week.key, Purpose::Churn);
    const double u = rng.uniform();
    const std::uint64_t rivals = c.aware[i] & ctx.on_market & ~(std::uint64_t{1} << b);
    MURMUR_ASSERT(rivals == 0 || bounds_hold(ctx, c, i, b, g, profile, week.offers, rivals),
                  "churn's pull bound is below the exact pull: own_utility_floor or "
                  "rival_utility_ceiling (agents/utility.hpp) misses a term of brand_utility");
    if (pull_rate > 0.0 && rivals != 0 && u < hazard + pull_rate * pull_ceiling(ctx, c, i, b, g)) {
      // The exact pull needs the consideration set and utilities; it can only matter if
      // the draw falls below the hazard with a bound in place of the pull, and
      // pull ≤ bound ≤ ceiling, so skipping the rest changes no outcome.
      const double bound = pull_bound(ctx, c, i, b, g, rivals);
      if (bound > 0.0 && u < hazard + pull_rate * bound)
        hazard += pull_rate * rival_pull(ctx, c, i, b, profile, week.offers);
    }
    // 1 − e^{−λ} ≤ λ: most draws are above λ and need no exp.
    leave = u < hazard && u < 1.0 - std::exp(-hazard);
    if (leave && ctx.attribution) {
      // The terms of the hazard, the pull exact (the fast path may have skipped it).
      const double pull = pull_rate > 0.0 && rivals != 0
                              ? pull_rate * rival_pull(ctx, c, i, b, profile, week.offers)
                              : 0.0;
      count_loss(tally.causes_at(b, g), base, dissatisfaction, pull);
    }
  } else if (leave && ctx.attribution) {
    tally.causes_at(b, g).lost_to[static_cast<std::size_t>(LossCause::Exit)] += kCauseUnits;
  }
  if (!leave) {
    if (c.tenure[i] < 0xFFFF) ++c.tenure[i];
    return;
  }
  ++tally.at(b, g).lost;
  if (ctx.cascades) tally.log_spell(CascadeEventKind::Churned, i, b, g);
  if (nps_class(c.flags[i]) == NpsClass::Detractor) {
    c.left_brand[i] = b;
    c.memo[i] = memo::make(memo::referral_weeks(c.memo[i]), memo::kWarningWeeks);
  }
  c.brand[i] = kNoBrand;
  c.tenure[i] = 0;
  if (ctx.attribution) c.adopted_by[i] = 0;
  std::uint8_t f = with_nps_class(c.flags[i], NpsClass::None);
  c.flags[i] = static_cast<std::uint8_t>((f | flag::kLost) & ~flag::kReferred);
}

}  // namespace murmur
