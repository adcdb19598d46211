// Experience (docs/model.md §5.5): expectation–disconfirmation (Oliver 1980). On an occasion with
// brand b the customer experiences e = Q_b + ε + v_g·π_b·shares + λ_g·cov·0.5 + wow (+ the
// right-moment offer's value), ε ~ N(0, σ_b²). A surprise (probability s_b) is worth
// W_b·(1 − H) and raises habituation H ← H + η_g·(1 − H); H recovers by ζ every week, so a
// surprise on a schedule wears off and a rare one keeps its wow (hedonic adaptation:
// Frederick & Loewenstein 1999; Rust & Oliver 2000). Disconfirmation D = e − E; transaction
// satisfaction s = e + 0.2·D⁺ − 0.5·D⁻ clipped to 0–10 (losses loom larger: Anderson &
// Sullivan 1993); C ← C + α_s·(s − C); E ← E + ε_g·(e − E) + ε_g·wow (delight raises the
// bar), kept on the 0–10 scale; own experience overrides hearsay, a ← a + α_s·((s − Q̄) − a).
// The docking reduction has no experience.

#pragma once

#include <algorithm>

#include "agents/branch_free.hpp"
#include "agents/draws.hpp"
#include "agents/phases.hpp"
#include "sim/core/hot_inline.hpp"

namespace murmur {

/// Habituation H after the week's recovery, H·(1 − r), in Q0.16.
[[nodiscard]] inline std::uint16_t recovered_habit(const StepContext& ctx, double habit) noexcept {
  return to_habit(habit * (1.0 - ctx.market->habituation_recovery));
}

/// Expectation–disconfirmation of a customer with a purchase occasion, then its habituation's
/// weekly recovery. The step calls it for the customers with an occasion only
/// (recover_habit_without_occasion() does the others' recovery).
template <WeekModes M = kAnyWeek>
MURMUR_HOT_INLINE void experience(const StepContext& ctx, Customers& c, CustomerIndex i,
                                  const CustomerWeek& week, BlockTally& tally) {
  if (M.docking && ctx.docking) return;
  const double learning = ctx.market->satisfaction_learning;
  const BrandIndex b = c.brand[i];
  double habit = from_habit(c.habit[i]);
  if (b != kNoBrand) {
    const GenerationIndex g = c.generation[i];
    const GenerationProfile& profile = ctx.profiles[g];
    const BrandConstants& k = ctx.brand[b];
    const std::uint64_t bit = std::uint64_t{1} << b;
    CustomerDraws rng(week.key, Purpose::Experience);
    const bool surprise = rng.uniform() < k.surprise_rate;  // draw 0: surprise; then the normal
    double wow = 0.0;
    if (surprise) {
      wow = k.surprise_size * (1.0 - habit);
      habit += profile.habituation * (1.0 - habit);
    }
    const bool offer = (week.offers & bit) != 0;
    double e = k.quality + k.spread * rng.normal() + wow;
    if (c.shares[i] & bit) e += profile.personalisation_value * k.personalisation;
    if (ctx.covered(b, c.cell[i])) e += profile.local_preference * 0.5;
    if (offer) e += profile.personalisation_value * k.offer_boost;

    const double expected = c.expectation[i];
    const double d = e - expected;
    const double s = std::clamp(e + 0.2 * positive_part(d) - 0.5 * positive_part(-d), 0.0, 10.0);
    const double sat = c.satisfaction[i];
    c.satisfaction[i] = static_cast<float>(sat + learning * (s - sat));
    const double drift = profile.expectation_drift;
    c.expectation[i] =
        static_cast<float>(std::clamp(expected + drift * (e - expected) + drift * wow, 0.0, 10.0));
    Attitude& att = c.attitudes(i)[b];
    const double a = from_attitude(att);
    att = to_attitude(a + learning * ((s - ctx.mean_quality) - a));

    TallyCell& cell = tally.at(b, g);
    ++cell.purchases;
    cell.delivered += e;
    if (offer) {
      ++cell.offers_redeemed;
      if (c.flags[i] & flag::kNew) ++cell.offers_redeemed_new;
    }
  }
  if (habit > 0.0) c.habit[i] = recovered_habit(ctx, habit);
}

/// The weekly recovery of habituation for a customer without an occasion (experience() did
/// the others'). Most customers have none to recover, so the occasion, a coin flip for the
/// predictor, is looked at only for the few who have.
template <WeekModes M = kAnyWeek>
MURMUR_HOT_INLINE void recover_habit_without_occasion(const StepContext& ctx, Customers& c,
                                                      CustomerIndex i) {
  if (M.docking && ctx.docking) return;
  if (c.habit[i] != 0 && !(c.flags[i] & flag::kOccasion))
    c.habit[i] = recovered_habit(ctx, from_habit(c.habit[i]));
}

}  // namespace murmur
