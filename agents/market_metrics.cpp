// Market metrics (MODEL.md §6): the end-of-week tally of a block (stocks: customers,
// awareness, consideration, NPS classes, data sharing, mean C/E/H), the block-order fold,
// and the closed-form formulas. Flows (new, lost, messages, purchases, offers) are counted by
// the phases themselves into the same per-block tally.

#include "agents/market_metrics.hpp"

#include <bit>
#include <cmath>
#include <limits>

#include "agents/utility.hpp"

namespace murmur {

const std::vector<std::string>& market_metric_names() {
  static const std::vector<std::string> names = {
      "customers", "share", "awareness", "consideration", "new_customers", "adoption", "churn",
      "churn_annual", "promoters", "passives", "detractors", "nps", "wom_positive",
      "wom_negative", "wom_heard_positive", "wom_heard_negative", "ad_spend", "goodwill",
      "reach", "copy_effect", "referral_rewards", "offer_costs", "cac", "clv", "retention",
      "data_sharing", "data_sharing_aware", "trust", "claim", "delivered", "gap",
      "satisfaction", "expectation", "habituation", "price", "quality", "on_market",
      "purchases", "gross_margin", "believers", "agreeing"};
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

namespace {

/// The brands in customer i's consideration set, as a bitset.
std::uint64_t considered_brands(const StepContext& ctx, const Customers& c, CustomerIndex i,
                                BrandIndex current, GenerationIndex g) noexcept {
  const std::uint64_t candidates = c.aware[i] & ctx.on_market;
  const unsigned limit = ctx.profiles[g].consideration_size;
  if (bit_count(candidates) <= limit) return candidates;  // all fit, no ranking needed
  const ConsiderationSet set = consideration_set(candidates, current, c.attitudes(i), limit);
  std::uint64_t considered = 0;
  for (unsigned k = 0; k < set.size; ++k) considered |= std::uint64_t{1} << set.brands[k];
  return considered;
}

}  // namespace

void tally_phase(const StepContext& ctx, const Customers& c, BlockRange r, BlockTally& tally) {
  for (CustomerIndex i = r.begin; i < r.end; ++i) {
    const GenerationIndex g = c.generation[i];
    GenerationTally& gt = tally.generations[g];
    ++gt.population;
    if (c.flags[i] & flag::kAdoptedEver) ++gt.adopted_ever;

    const std::uint64_t aware = c.aware[i];
    const std::uint64_t shares = c.shares[i];
    const BrandIndex b = c.brand[i];
    const std::uint64_t considered = considered_brands(ctx, c, i, b, g);
    // A fixed loop over the brands adding 0 or 1: a loop over the set bits would mispredict
    // its exit for nearly every customer.
    for (BrandIndex k = 0; k < tally.brands; ++k) {
      TallyCell& cell = tally.at(k, g);
      cell.aware += static_cast<std::uint32_t>((aware >> k) & 1u);
      cell.sharing_aware += static_cast<std::uint32_t>(((aware & shares) >> k) & 1u);
      cell.considering += static_cast<std::uint32_t>((considered >> k) & 1u);
    }
    if (b == kNoBrand) continue;
    TallyCell& cell = tally.at(b, g);
    ++cell.customers;
    // Adds of 0 or 1 rather than branches on the (unpredictable) class.
    const NpsClass cls = nps_class(c.flags[i]);
    cell.promoters += cls == NpsClass::Promoter;
    cell.agreeing += cls == NpsClass::Promoter;
    cell.passives += cls == NpsClass::Passive;
    cell.detractors += cls == NpsClass::Detractor;
    cell.sharing_customers += static_cast<std::uint32_t>((shares >> b) & 1u);
    cell.satisfaction += c.satisfaction[i];
    cell.expectation += c.expectation[i];
    cell.habituation += from_habit(c.habit[i]);
  }
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

MarketTotals fold_tallies(const std::vector<BlockTally>& blocks, unsigned brands,
                          unsigned generations) {
  MarketTotals totals;
  totals.sums.reset(brands, generations);
  for (const BlockTally& block : blocks) {
    for (std::size_t k = 0; k < block.cells.size(); ++k) accumulate(totals.sums.cells[k], block.cells[k]);
    for (std::size_t g = 0; g < block.generations.size(); ++g) {
      totals.sums.generations[g].population += block.generations[g].population;
      totals.sums.generations[g].adopted_ever += block.generations[g].adopted_ever;
    }
  }
  return totals;
}

}  // namespace murmur
