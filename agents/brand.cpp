// Brands act (docs/model.md §5.1): advertising goodwill after Nerlove & Arrow (1962) with the
// weekly retention λ_G = 0.93 that Leone's (1995) 6–9 month carryover implies; copy wear-out
// and restoration after Naik, Mantrala & Sawyer (1998); reach as 1 − exp(−G/reach63); the
// delivery-gap mechanism (firms listen to the customers they still have and add optimism,
// after Allen et al. 2005); trust drifting toward how well the brand treats data.

#include "agents/brand.hpp"

#include <algorithm>
#include <cmath>

namespace murmur {

BrandState make_brand_state(const BrandSpec& spec, const MarketSpec& market) {
  BrandState state;
  state.levers = spec;
  state.copy_effect = spec.copy_effect;
  // An established brand has advertised at its budget before the run: its goodwill starts
  // at the stock that spend keeps, ψA/(1 − λ_G). A brand entering later launches from zero.
  const bool established = spec.entry_step == 0 && spec.exit_step > 0;
  if (established && market.goodwill_retention < 1.0)
    state.goodwill =
        spec.copy_effect * std::max(0.0, spec.ad_budget) / (1.0 - market.goodwill_retention);
  state.claim = spec.claim.value_or(spec.quality + spec.optimism);
  state.trust = spec.trust;
  return state;
}

void brands_act(std::vector<BrandState>& brands, const MarketSpec& market, Step step,
                const std::vector<BrandFeedback>& feedback) {
  constexpr double kSelfAssessmentRate = 0.1;  // per week (docs/model.md §5.1, assumption)
  constexpr double kTrustDrift = 0.02;         // per week (docs/model.md §5.1, assumption)
  for (std::size_t b = 0; b < brands.size(); ++b) {
    BrandState& brand = brands[b];
    const BrandSpec& spec = brand.levers;
    brand.on_market = step >= spec.entry_step && step < spec.exit_step;
    const double spend = brand.on_market ? std::max(0.0, spec.ad_budget) : 0.0;
    brand.ad_spend = spend;
    brand.goodwill = market.goodwill_retention * brand.goodwill + brand.copy_effect * spend;
    if (spend > 0.0)
      brand.copy_effect -= market.wear_out * brand.copy_effect;
    else
      brand.copy_effect += market.restoration * (1.0 - brand.copy_effect);
    brand.reach = spec.reach63 > 0.0 ? 1.0 - std::exp(-brand.goodwill / spec.reach63) : 0.0;
    if (b < feedback.size() && feedback[b].customers > 0) {
      const double mean_c =
          feedback[b].satisfaction_sum / static_cast<double>(feedback[b].customers);
      brand.claim += kSelfAssessmentRate * (mean_c + spec.optimism - brand.claim);
    }
    brand.trust += kTrustDrift * (spec.data_care - brand.trust);
  }
}

namespace {
/// Mean of one lever over the brands on the market; `none` when no brand is on the market or
/// the sum is not positive (levers are non-negative, so that means all are zero).
double mean_on_market(const std::vector<BrandState>& brands, double BrandSpec::*lever,
                      double none) {
  double sum = 0.0;
  int n = 0;
  for (const auto& b : brands)
    if (b.on_market) {
      sum += b.levers.*lever;
      ++n;
    }
  return n > 0 && sum > 0.0 ? sum / n : none;
}
}  // namespace

double mean_quality_on_market(const std::vector<BrandState>& brands) {
  return mean_on_market(brands, &BrandSpec::quality, 0.0);
}

double mean_price_on_market(const std::vector<BrandState>& brands) {
  return mean_on_market(brands, &BrandSpec::price, 1.0);
}

}  // namespace murmur
