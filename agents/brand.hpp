#pragma once
// Brand state and the serial "brands act" phase (docs/model.md §1 phase 1, §5.1).
//
// A brand's levers are its BrandSpec (mutable: interventions and a live dashboard change them
// between steps); the dynamic state is goodwill G, copy effect ψ, weekly reach r, claim S
// (self-assessed experience), trust T and whether it is on the market.

#include <cstdint>
#include <vector>

#include "sim/core/scenario.hpp"

namespace murmur {

struct BrandState {
  BrandSpec levers;          ///< price, quality, budgets, ... (interventions edit these)
  double goodwill = 0.0;     ///< G: advertising stock, spend units (Nerlove & Arrow 1962)
  double copy_effect = 1.0;  ///< ψ: effectiveness of the current ad copy, 0–1
  double reach = 0.0;        ///< r = 1 − exp(−G / reach63): P(reached) this week
  double claim = 7.0;        ///< S: self-assessed (and advertised) experience, 0–10
  double trust = 0.5;        ///< T: 0–1
  bool on_market = false;    ///< entry_step <= step < exit_step
  double ad_spend = 0.0;     ///< spent this week (0 when off the market)
};

/// What brands_act reads from the end of the previous week, per brand.
struct BrandFeedback {
  double satisfaction_sum = 0.0;  ///< Σ C over the brand's current customers
  std::uint64_t customers = 0;
};

/// Initial state from the spec: claim = spec.claim or quality + optimism; ψ, T from the spec;
/// goodwill ψA/(1 − λ_G) for a brand on the market from week 0 (established), else 0.
[[nodiscard]] BrandState make_brand_state(const BrandSpec& spec, const MarketSpec& market);

/// One week of brand behaviour (serial; a handful of brands):
///  - on-market flag from entry_step/exit_step;
///  - goodwill G ← λ_G·G + ψ·A (A = 0 off the market), then copy wear-out while on air
///    (ψ ← ψ − w_out·ψ) or restoration while dark (ψ ← ψ + w_rest·(1 − ψ)) (Naik et al. 1998);
///  - reach r = 1 − exp(−G / reach63);
///  - self-assessment S ← S + 0.1·(mean C of current customers + β − S) (only with customers);
///  - trust drift T ← T + 0.02·(care − T).
/// `feedback` may be empty (first week) or hold one entry per brand.
void brands_act(std::vector<BrandState>& brands, const MarketSpec& market, Step step,
                const std::vector<BrandFeedback>& feedback);

/// Mean delivered quality Q̄ of the brands on the market (0 when none is).
[[nodiscard]] double mean_quality_on_market(const std::vector<BrandState>& brands);
/// Mean price P̄ of the brands on the market (1 when none is).
[[nodiscard]] double mean_price_on_market(const std::vector<BrandState>& brands);

}  // namespace murmur
