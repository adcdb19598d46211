// Advocacy (docs/model.md §5.6), after Reichheld (2003): likelihood to recommend L = round(C);
// promoter if L ≥ 9, passive 7–8, detractor ≤ 6. Promoters and detractors broadcast about
// their current brand with probability θ_g a week (promoters of a brand with a referral
// reward R_b with θ_g·(1 + R_b/P_b)); a churned detractor keeps warning about the brand it
// left for 8 weeks. A customer writes only its own slot of this week's broadcast buffer,
// which its neighbours read next week.
// Docking (docs/model.md §8): every adopter is a promoter who broadcasts every week.

#pragma once

#include <algorithm>
#include <cmath>

#include "agents/draws.hpp"
#include "agents/phases.hpp"
#include "sim/core/hot_inline.hpp"

namespace murmur {

/// NPS class from likelihood to recommend L = round(C) (Reichheld 2003).
[[nodiscard]] constexpr NpsClass classify_recommendation(double satisfaction) noexcept {
  // round(C) ≥ 9 ⇔ C ≥ 8.5 (rounding half away from zero, as std::lround): comparisons
  // instead of a libm call per customer-week, counted rather than branched on (the class is
  // a coin flip for the predictor): Detractor 3, Passive 2, Promoter 1.
  return static_cast<NpsClass>(3 - static_cast<int>(satisfaction >= 6.5) -
                               static_cast<int>(satisfaction >= 8.5));
}
static_assert(NpsClass::Promoter == NpsClass{1} && NpsClass::Passive == NpsClass{2} &&
              NpsClass::Detractor == NpsClass{3});

/// NPS class and this week's broadcast (own slot of the next buffer only).
template <WeekModes M = kAnyWeek>
MURMUR_HOT_INLINE void advocacy(const StepContext& ctx, Customers& c, CustomerIndex i,
                                const CustomerWeek& week, BlockTally& tally) {
  const BrandIndex b = c.brand[i];
  const GenerationIndex g = c.generation[i];
  if (M.docking && ctx.docking) {
    if (b == kNoBrand) return;
    c.flags[i] = with_nps_class(c.flags[i], NpsClass::Promoter);
    ctx.said[i] = make_broadcast(b, Valence::Positive);
    ++tally.at(b, g).wom_positive;
    return;
  }
  const NpsClass cls = b == kNoBrand ? NpsClass::None : classify_recommendation(c.satisfaction[i]);
  c.flags[i] = with_nps_class(c.flags[i], cls);
  const double talk = ctx.profiles[g].wom_talkativeness;
  const std::uint8_t m = c.memo[i];
  if (cls == NpsClass::Promoter || cls == NpsClass::Detractor) {
    const bool promoter = cls == NpsClass::Promoter;
    const double p = promoter ? std::min(1.0, talk * ctx.brand[b].referral_multiplier) : talk;
    CustomerDraws rng(week.key, Purpose::Advocacy);
    if (rng.uniform() < p) {
      ctx.said[i] = make_broadcast(b, promoter ? Valence::Positive : Valence::Negative);
      TallyCell& cell = tally.at(b, g);
      ++(promoter ? cell.wom_positive : cell.wom_negative);
    }
  } else if (memo::warning_weeks(m) > 0 && c.left_brand[i] != kNoBrand) {
    CustomerDraws rng(week.key, Purpose::Advocacy);
    if (rng.uniform() < talk) {
      ctx.said[i] = make_broadcast(c.left_brand[i], Valence::Negative);
      ++tally.at(c.left_brand[i], g).wom_negative;
    }
  }
  if (memo::warning_weeks(m) > 0) {
    const unsigned left = memo::warning_weeks(m) - 1;
    c.memo[i] = memo::make(memo::referral_weeks(m), left);
    if (left == 0) c.left_brand[i] = kNoBrand;
  }
}

}  // namespace murmur
