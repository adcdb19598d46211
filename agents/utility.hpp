#pragma once
// Consideration sets and utilities (docs/model.md §5.4), shared by choice, churn (competitor pull)
// and the consideration metric. Inline: called per customer in the hot loops.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>

#include "agents/branch_free.hpp"
#include "agents/customers.hpp"
#include "agents/phases.hpp"

namespace murmur {

/// Brands in a consideration set, best first. At most kMaxBrands entries (no heap).
struct ConsiderationSet {
  std::array<BrandIndex, kMaxBrands> brands;
  unsigned size = 0;
};

/// Aware brands on the market ranked by attitude (higher first, ties to the lower index),
/// the current brand first, at most `limit` (Hauser & Wernerfelt 1990). When all fit, the
/// set is in brand order (current first): ranking only matters for who is cut.
[[nodiscard]] inline ConsiderationSet consideration_set(std::uint64_t aware_on_market,
                                                        BrandIndex current,
                                                        std::span<const Attitude> attitude,
                                                        unsigned limit) noexcept {
  ConsiderationSet set;
  if (limit == 0) return set;
  if (bit_count(aware_on_market) <= limit) {
    // Everything fits: no ranking needed (the order of a set does not change logit
    // probabilities, only which slice of the uniform each brand gets).
    if (current != kNoBrand && ((aware_on_market >> current) & 1u))
      set.brands[set.size++] = current;
    for (std::uint64_t rest = aware_on_market; rest != 0; rest &= rest - 1) {
      const auto b = static_cast<BrandIndex>(std::countr_zero(rest));
      if (b != current) set.brands[set.size++] = b;
    }
    return set;
  }
  std::uint64_t rest = aware_on_market;
  if (current != kNoBrand && ((aware_on_market >> current) & 1u)) {
    set.brands[set.size++] = current;
    rest &= ~(std::uint64_t{1} << current);
  }
  // Insertion into a sorted prefix of length <= limit: brands are few (typically <= 16).
  const unsigned first = set.size;
  while (rest != 0) {
    const auto b = static_cast<BrandIndex>(std::countr_zero(rest));
    rest &= rest - 1;
    const Attitude a = attitude[b];
    unsigned pos = set.size;
    while (pos > first && attitude[set.brands[pos - 1]] < a)
      --pos;  // stable: ties keep index order
    if (pos >= limit) continue;
    const unsigned last = std::min(set.size, limit - 1);
    for (unsigned k = last; k > pos; --k) set.brands[k] = set.brands[k - 1];
    set.brands[pos] = b;
    if (set.size < limit) ++set.size;
  }
  return set;
}

/// What a customer brings to the utility of a brand this week.
struct UtilityInputs {
  const GenerationProfile* profile;
  std::uint64_t shares;  ///< data-sharing bitset
  std::uint64_t offers;  ///< right-moment offers this week
  BrandIndex current;    ///< current brand (inertia)
  BrandIndex referral;   ///< brand whose referral discount runs, or kNoBrand
  std::uint32_t cell;
};

// ---- the terms of U_ib -----------------------------------------------------------------------
// U_ib = Q̄ + a_ib + price + advertising + [covered] local + [shares] personalisation + [current]
// inertia
//        + [offer] offer + [referred] referral   (docs/model.md §5.4).
// brand_utility() adds the terms a customer's state switches on; churn's fast path bounds the
// utility by their extremes (own_utility_floor, rival_utility_ceiling). Both read the term
// functions below, so a new term is written once here and the bound cannot drift from the
// utility; a MURMUR_VALIDATE build checks the bound against every exact pull (churn.hpp).
namespace utility_term {
[[nodiscard]] inline double price(const BrandConstants& k, const GenerationProfile& g) noexcept {
  return -g.price_sensitivity * k.relative_price;
}
/// Advertising goodwill as a demand shifter (Nerlove & Arrow 1962; docs/model.md §5.4): the
/// persuasion per ad a customer of generation g registers, times the ads it expects a week.
[[nodiscard]] inline double advertising(const BrandConstants& k,
                                        const GenerationProfile& g) noexcept {
  return g.ad_receptivity * k.persuasion;
}
[[nodiscard]] inline double local(const GenerationProfile& g) noexcept {
  return g.local_preference;
}
[[nodiscard]] inline double personalisation(const BrandConstants& k,
                                            const GenerationProfile& g) noexcept {
  return g.personalisation_value * k.personalisation;
}
[[nodiscard]] inline double inertia(const GenerationProfile& g) noexcept { return g.inertia; }
[[nodiscard]] inline double offer(const BrandConstants& k, const GenerationProfile& g) noexcept {
  return g.personalisation_value * k.offer_boost;
}
[[nodiscard]] inline double referral(const BrandConstants& k) noexcept {
  return k.referral_discount;
}
}  // namespace utility_term

/// U_ib for a customer whose state is `in` (docking: see docs/model.md §8).
[[nodiscard]] inline double brand_utility(const StepContext& ctx, const UtilityInputs& in,
                                          BrandIndex b, Attitude attitude) noexcept {
  using namespace utility_term;
  const BrandConstants& k = ctx.brand[b];
  const GenerationProfile& g = *in.profile;
  double u = ctx.mean_quality + from_attitude(attitude) + price(k, g) + advertising(k, g);
  if (ctx.covered(b, in.cell)) u += local(g);
  if ((in.shares >> b) & 1u) u += personalisation(k, g);
  if (b == in.current) u += inertia(g);
  if ((in.offers >> b) & 1u) u += offer(k, g);
  if (b == in.referral) u += referral(k);
  return u;
}

/// The least U_ib − Q̄ − a_ib of a customer's own brand b, whatever the customer's state: the
/// inertia always counts, each switched term at its least (a negative profile value, a
/// user's override, is a floor rather than zero).
[[nodiscard]] inline double own_utility_floor(const BrandConstants& k,
                                              const GenerationProfile& g) noexcept {
  using namespace utility_term;
  return price(k, g) + advertising(k, g) + inertia(g) + std::min(0.0, local(g)) +
         std::min(0.0, personalisation(k, g)) + std::min(0.0, offer(k, g)) +
         std::min(0.0, referral(k));
}

/// The most U_ic − Q̄ − a_ic of a rival c can be: no inertia (the customer is not its
/// customer), each switched term at its most, the local term only where c has a presence.
[[nodiscard]] inline double rival_utility_ceiling(const BrandConstants& k,
                                                  const GenerationProfile& g,
                                                  bool has_local_presence) noexcept {
  using namespace utility_term;
  return price(k, g) + advertising(k, g) + (has_local_presence ? std::max(0.0, local(g)) : 0.0) +
         std::max(0.0, personalisation(k, g)) + std::max(0.0, offer(k, g)) +
         std::max(0.0, referral(k));
}

/// Outside option U_i0 = u0_g + Q̄ + ω_g·max(0, |C| − 6) (choice overload, Iyengar & Lepper 2000).
[[nodiscard]] inline double outside_utility(const StepContext& ctx, const GenerationProfile& g,
                                            unsigned considered) noexcept {
  constexpr unsigned kOverloadFrom = 6;
  const double extra =
      considered > kOverloadFrom ? static_cast<double>(considered - kOverloadFrom) : 0.0;
  return g.outside_utility + ctx.mean_quality + g.choice_overload * extra;
}

/// Multinomial logit draw by inverse CDF with one uniform (McFadden 1974). `utility[k]` for
/// the k-th option, `outside` the outside option (ignored when !with_outside). Returns the
/// chosen option index, or `count` for the outside option.
[[nodiscard]] inline unsigned logit_draw(const double* utility, unsigned count, double outside,
                                         bool with_outside, double uniform) noexcept {
  double top = with_outside ? outside : utility[0];
  for (unsigned k = 0; k < count; ++k) top = std::max(top, utility[k]);
  std::array<double, kMaxBrands> weight;
  double total = with_outside ? std::exp(outside - top) : 0.0;
  for (unsigned k = 0; k < count; ++k) {
    weight[k] = std::exp(utility[k] - top);
    total += weight[k];
  }
  double target = uniform * total;
  for (unsigned k = 0; k < count; ++k) {
    if (target < weight[k]) return k;
    target -= weight[k];
  }
  return with_outside ? count : count - 1;  // rounding: the last slice takes the remainder
}

/// Privacy calculus (Culnan & Armstrong 1999; Dinev & Hart 2006), docs/model.md §5.2:
/// P(share) = logistic(k_s·(v·π·(1 + o) − ρ·ask·(1 − T) − c0)), k_s = 4, c0 = 0.25.
[[nodiscard]] inline double share_probability(double personalisation_value, double offer_boost,
                                              double privacy_concern, double data_ask,
                                              double trust) noexcept {
  constexpr double kSlope = 4.0;
  constexpr double kThreshold = 0.25;
  const double x = kSlope * (personalisation_value * offer_boost -
                             privacy_concern * data_ask * (1.0 - trust) - kThreshold);
  return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace murmur
