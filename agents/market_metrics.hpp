#pragma once
// Market metrics (docs/metrics.md): names, the fold of per-block tallies, rolling windows and the
// closed-form formulas (NPS, CLV, CAC, annualised churn) as small pure functions so tests can
// check their arithmetic to the last digit.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "agents/phases.hpp"
#include "sim/model/metrics.hpp"

namespace murmur {

/// Metric ids, in schema order. Units: shares and rates are fractions (0–1), NPS is in
/// points (−100..100), money in the scenario's currency per week, experience on 0–10.
enum class MarketMetric : std::uint16_t {
  Customers,         ///< count with brand = b
  Share,             ///< customers / population (brandless in the denominator)
  Awareness,         ///< share aware of b
  Consideration,     ///< share with b in their consideration set
  NewCustomers,      ///< became b's customers this week
  Adoption,          ///< brand rows: acquisitions to date / population; "all": ever-adopted share
  Churn,             ///< lost this week / customers at the start of the week
  ChurnAnnual,       ///< 1 − (1 − churn)^52
  Promoters,         ///< share of b's customers with L ≥ 9
  Passives,          ///< share with L in 7–8
  Detractors,        ///< share with L ≤ 6
  Nps,               ///< 100·(promoters − detractors)/customers
  WomPositive,       ///< positive broadcasts about b this week (by sender generation)
  WomNegative,       ///< negative broadcasts about b this week
  WomHeardPositive,  ///< positive messages received (by receiver generation; 0 when fully mixed)
  WomHeardNegative,  ///< negative messages received
  AdSpend,           ///< A_b this week
  Goodwill,          ///< G_b
  Reach,             ///< r_b
  CopyEffect,        ///< ψ_b
  ReferralRewards,   ///< R_b × referred new customers this week
  OfferCosts,        ///< o_b·P_b × redeemed offers this week
  Cac,  ///< (ad spend + referral rewards + offer costs to new customers) / new customers, 13 weeks
  Clv,  ///< m·r/(1 + d − r), weekly margin per customer m, 13-week retention r (Gupta & Lehmann
        ///< 2003)
  Retention,         ///< weekly retention r over the last 13 weeks
  DataSharing,       ///< share of b's customers sharing data with b
  DataSharingAware,  ///< share of customers aware of b who share data with b
  Trust,             ///< T_b
  Claim,             ///< S_b, self-assessed experience
  Delivered,         ///< mean experience e delivered by b this week
  Gap,               ///< S_b − mean C of b's customers
  Satisfaction,      ///< mean C of customers
  Expectation,       ///< mean E
  Habituation,       ///< mean H
  Price,             ///< P_b
  Quality,           ///< Q_b, delivered mean
  OnMarket,          ///< 1 if on the market
  Purchases,         ///< occasions on which b's customers bought this week
  GrossMargin,       ///< purchases × m_b this week (for NPV: discount with weekly_discount_rate)
  Believers,  ///< market: share of brands on the market with S_b > mean Q of those brands (V7)
  Agreeing,   ///< share of customers with L ≥ 9 (V7); per brand = promoters
  Count_
};

[[nodiscard]] const std::vector<std::string>& market_metric_names();

/// With output.attribution, the schema goes on after MarketMetric::Count_ with these flows
/// (attribution.hpp): new_by_<cause> for each AdoptionCause, then lost_to_<cause> for each
/// LossCause, in enum order; fractional where an adoption or loss is split.
[[nodiscard]] const std::vector<std::string>& attribution_metric_names();
[[nodiscard]] constexpr std::uint16_t new_by_metric_id(std::size_t cause) noexcept {
  return static_cast<std::uint16_t>(static_cast<std::size_t>(MarketMetric::Count_) + cause);
}
[[nodiscard]] constexpr std::uint16_t lost_to_metric_id(std::size_t cause) noexcept {
  return static_cast<std::uint16_t>(static_cast<std::size_t>(MarketMetric::Count_) +
                                    kAdoptionCauses + cause);
}
/// With output.cascades, the schema goes on (after the attribution flows, if on) with these
/// (cascades.hpp), in this order: wom_recruits, a flow by brand × generation of the recruit;
/// then per brand, to date, cascades, cascades_viral, cascade_mean_size, cascade_largest,
/// cascade_mean_depth, cascade_max_depth, recruited_by_top_1pct and the size distribution,
/// cascades_size_1, cascades_size_2, cascades_size_3_4, …, cascades_size_257_plus.
enum class CascadeMetric : std::uint16_t {
  WomRecruits,
  Cascades,
  Viral,
  MeanSize,
  Largest,
  MeanDepth,
  MaxDepth,
  TopPromotersShare,
  SizeBins,  ///< the first of kCascadeSizeBins
};
[[nodiscard]] const std::vector<std::string>& cascade_metric_names();

[[nodiscard]] constexpr std::uint16_t metric_id(MarketMetric m) noexcept {
  return static_cast<std::uint16_t>(m);
}

// ---- formulas ------------------------------------------------------------------------------

/// 100·(promoters − detractors)/customers; NaN without customers.
[[nodiscard]] double net_promoter_score(std::uint64_t promoters, std::uint64_t detractors,
                                        std::uint64_t customers) noexcept;
/// 1 − (1 − weekly)^52.
[[nodiscard]] double annualised_churn(double weekly_churn, double weeks_per_year = 52.0) noexcept;
/// Weekly discount rate d = (1 + yearly)^{1/52} − 1.
[[nodiscard]] double weekly_discount_rate(double yearly, double weeks_per_year = 52.0) noexcept;
/// Gupta & Lehmann (2003): CLV = m·r/(1 + d − r).
[[nodiscard]] double customer_lifetime_value(double margin_per_week, double retention,
                                             double discount_per_week) noexcept;
/// (ad spend + referral rewards + offer costs to new customers) / new customers; NaN if none.
[[nodiscard]] double customer_acquisition_cost(double ad_spend, double referral_rewards,
                                               double offer_costs_new,
                                               std::uint64_t new_customers) noexcept;

// ---- fold ----------------------------------------------------------------------------------

/// Sum of all blocks' tallies, folded in block order (deterministic for any thread count).
struct MarketTotals {
  BlockTally sums;  ///< same shape as a block tally, 64-bit-safe for ≤ 4·10⁹ customers
};

void accumulate(TallyCell& into, const TallyCell& from) noexcept;
[[nodiscard]] MarketTotals fold_tallies(const std::vector<BlockTally>& blocks, unsigned brands,
                                        unsigned generations);

/// One brand's flows in one week, for the 13-week rolling CAC and retention.
struct WeekFlows {
  double ad_spend = 0.0;
  double referral_rewards = 0.0;
  double offer_costs_new = 0.0;
  std::uint64_t new_customers = 0;
  std::uint64_t lost = 0;
  std::uint64_t start_customers = 0;
};
inline constexpr std::size_t kRollingWeeks = 13;
using RollingFlows = std::array<WeekFlows, kRollingWeeks>;  ///< ring, index = week % 13

}  // namespace murmur
