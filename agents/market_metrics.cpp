// Market metrics (docs/metrics.md): the block-order fold of the per-block tallies
// (agents/tally.hpp) and the closed-form formulas.

#include "agents/market_metrics.hpp"

#include <bit>
#include <cmath>
#include <limits>

namespace murmur {

const std::vector<std::string>& market_metric_names() {
  static const std::vector<std::string> names = {"customers",
                                                 "share",
                                                 "awareness",
                                                 "consideration",
                                                 "new_customers",
                                                 "adoption",
                                                 "churn",
                                                 "churn_annual",
                                                 "promoters",
                                                 "passives",
                                                 "detractors",
                                                 "nps",
                                                 "wom_positive",
                                                 "wom_negative",
                                                 "wom_heard_positive",
                                                 "wom_heard_negative",
                                                 "ad_spend",
                                                 "goodwill",
                                                 "reach",
                                                 "copy_effect",
                                                 "referral_rewards",
                                                 "offer_costs",
                                                 "cac",
                                                 "clv",
                                                 "retention",
                                                 "data_sharing",
                                                 "data_sharing_aware",
                                                 "trust",
                                                 "claim",
                                                 "delivered",
                                                 "gap",
                                                 "satisfaction",
                                                 "expectation",
                                                 "habituation",
                                                 "price",
                                                 "quality",
                                                 "on_market",
                                                 "purchases",
                                                 "gross_margin",
                                                 "believers",
                                                 "agreeing"};
  return names;
}

const std::vector<std::string>& attribution_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (std::string_view cause : kAdoptionCauseNames)
      out.push_back("new_by_" + std::string(cause));
    for (std::string_view cause : kLossCauseNames) out.push_back("lost_to_" + std::string(cause));
    return out;
  }();
  return names;
}

const std::vector<std::string>& cascade_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out = {
        "wom_recruits",    "cascades",           "cascades_viral",    "cascade_mean_size",
        "cascade_largest", "cascade_mean_depth", "cascade_max_depth", "recruited_by_top_1pct"};
    for (std::size_t bin = 0; bin < kCascadeSizeBins; ++bin)
      out.push_back("cascades_size_" + cascade_size_bin_name(bin));
    return out;
  }();
  return names;
}

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double net_promoter_score(std::uint64_t promoters, std::uint64_t detractors,
                          std::uint64_t customers) noexcept {
  if (customers == 0) return kNaN;
  return 100.0 * (static_cast<double>(promoters) - static_cast<double>(detractors)) /
         static_cast<double>(customers);
}

double annualised_churn(double weekly_churn, double weeks_per_year) noexcept {
  return 1.0 - std::pow(1.0 - weekly_churn, weeks_per_year);
}

double weekly_discount_rate(double yearly, double weeks_per_year) noexcept {
  return std::pow(1.0 + yearly, 1.0 / weeks_per_year) - 1.0;
}

double customer_lifetime_value(double margin_per_week, double retention,
                               double discount_per_week) noexcept {
  return margin_per_week * retention / (1.0 + discount_per_week - retention);
}

double customer_acquisition_cost(double ad_spend, double referral_rewards, double offer_costs_new,
                                 std::uint64_t new_customers) noexcept {
  if (new_customers == 0) return kNaN;
  return (ad_spend + referral_rewards + offer_costs_new) / static_cast<double>(new_customers);
}

void accumulate(TallyCell& into, const TallyCell& from) noexcept {
  into.customers += from.customers;
  into.aware += from.aware;
  into.considering += from.considering;
  into.promoters += from.promoters;
  into.passives += from.passives;
  into.detractors += from.detractors;
  into.sharing_customers += from.sharing_customers;
  into.sharing_aware += from.sharing_aware;
  into.new_customers += from.new_customers;
  into.lost += from.lost;
  into.wom_positive += from.wom_positive;
  into.wom_negative += from.wom_negative;
  into.heard_positive += from.heard_positive;
  into.heard_negative += from.heard_negative;
  into.purchases += from.purchases;
  into.referred_new += from.referred_new;
  into.offers_redeemed += from.offers_redeemed;
  into.offers_redeemed_new += from.offers_redeemed_new;
  into.agreeing += from.agreeing;
  into.satisfaction += from.satisfaction;
  into.expectation += from.expectation;
  into.habituation += from.habituation;
  into.delivered += from.delivered;
}

namespace {

/// Spreads the histogram counts over the brands of each bitset.
void add_bitset_counts(const BitsetHistogram& bitsets, BlockTally& into) {
  if (!bitsets.active()) return;
  const std::size_t per_generation = std::size_t{1} << bitsets.brands;
  for (std::size_t slot = 0; slot < bitsets.aware.size(); ++slot) {
    const auto g = static_cast<GenerationIndex>(slot / per_generation);
    const std::uint64_t bitset = slot % per_generation;
    for (BrandIndex b = 0; b < bitsets.brands; ++b) {
      if (((bitset >> b) & 1u) == 0) continue;
      TallyCell& cell = into.at(b, g);
      cell.aware += bitsets.aware[slot];
      cell.sharing_aware += bitsets.sharing_aware[slot];
      cell.considering += bitsets.considered[slot];
    }
  }
}

/// Customers, promoters, passives, detractors and agreeing (= promoters: L = round(C) ≥ 9)
/// from the block's count by NPS class.
void add_nps_counts(const BlockTally& block, BlockTally& into) {
  for (std::size_t k = 0; k < block.cells.size(); ++k) {
    const std::uint32_t* by_class = block.nps_classes.data() + k * BlockTally::kNpsClasses;
    TallyCell& cell = into.cells[k];
    cell.customers += by_class[0] + by_class[1] + by_class[2] + by_class[3];
    cell.promoters += by_class[static_cast<std::size_t>(NpsClass::Promoter)];
    cell.agreeing += by_class[static_cast<std::size_t>(NpsClass::Promoter)];
    cell.passives += by_class[static_cast<std::size_t>(NpsClass::Passive)];
    cell.detractors += by_class[static_cast<std::size_t>(NpsClass::Detractor)];
  }
}

}  // namespace

MarketTotals fold_tallies(const std::vector<BlockTally>& blocks, unsigned brands,
                          unsigned generations) {
  MarketTotals totals;
  const bool attribution = !blocks.empty() && !blocks.front().causes.empty();
  totals.sums.reset(brands, generations, attribution);
  for (const BlockTally& block : blocks) {
    for (std::size_t k = 0; k < block.causes.size(); ++k)
      totals.sums.causes[k].add(block.causes[k]);
    for (std::size_t k = 0; k < block.cells.size(); ++k)
      accumulate(totals.sums.cells[k], block.cells[k]);
    add_bitset_counts(block.bitsets, totals.sums);
    add_nps_counts(block, totals.sums);
    for (std::size_t g = 0; g < block.generations.size(); ++g) {
      totals.sums.generations[g].population += block.generations[g].population;
      totals.sums.generations[g].adopted_ever += block.generations[g].adopted_ever;
    }
  }
  return totals;
}

}  // namespace murmur
