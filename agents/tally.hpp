#pragma once
// The end-of-week tally of the market's stocks (docs/metrics.md): customers, awareness,
// consideration, NPS classes, data sharing, sums of C, E and H, per (brand, generation) cell
// of the customer's block. Flows (new, lost, messages, purchases, offers) are counted by the
// phases themselves into the same tally.

#include <cstdint>

#include "agents/phases.hpp"
#include "agents/utility.hpp"
#include "sim/core/hot_inline.hpp"

namespace murmur {

/// The brands in customer i's consideration set, as a bitset.
[[nodiscard]] inline std::uint64_t considered_brands(const StepContext& ctx, const Customers& c,
                                                     CustomerIndex i, BrandIndex current,
                                                     GenerationIndex g) noexcept {
  const std::uint64_t candidates = c.aware[i] & ctx.on_market;
  const unsigned limit = ctx.profiles[g].consideration_size;
  if (bit_count(candidates) <= limit) return candidates;  // all fit, no ranking needed
  const ConsiderationSet set = consideration_set(candidates, current, c.attitudes(i), limit);
  std::uint64_t considered = 0;
  for (unsigned k = 0; k < set.size; ++k) considered |= std::uint64_t{1} << set.brands[k];
  return considered;
}

/// Customer i's end-of-week stocks into its block's tally.
MURMUR_HOT_INLINE void tally_stocks(const StepContext& ctx, const Customers& c, CustomerIndex i,
                                    BlockTally& tally) {
  const GenerationIndex g = c.generation[i];
  GenerationTally& gt = tally.generations[g];
  ++gt.population;
  gt.adopted_ever += (c.flags[i] & flag::kAdoptedEver) != 0;  // an add, not a coin-flip branch

  const std::uint64_t aware = c.aware[i];
  const std::uint64_t shares = c.shares[i];
  const BrandIndex b = c.brand[i];
  const std::uint64_t considered = considered_brands(ctx, c, i, b, g);
  BitsetHistogram& bitsets = tally.bitsets;
  if (bitsets.active()) {
    // The generation's first slot once: each increment could change `brands` as far as the
    // compiler knows, which slot() would reload.
    const std::size_t generation_slots = bitsets.slot(g, 0);
    ++bitsets.aware[generation_slots | aware];
    ++bitsets.sharing_aware[generation_slots | (aware & shares)];
    ++bitsets.considered[generation_slots | considered];
  } else {
    // A fixed loop over the brands adding 0 or 1: a loop over the set bits would mispredict
    // its exit for nearly every customer.
    for (BrandIndex k = 0; k < tally.brands; ++k) {
      TallyCell& cell = tally.at(k, g);
      cell.aware += static_cast<std::uint32_t>((aware >> k) & 1u);
      cell.sharing_aware += static_cast<std::uint32_t>(((aware & shares) >> k) & 1u);
      cell.considering += static_cast<std::uint32_t>((considered >> k) & 1u);
    }
  }
  if (b == kNoBrand) return;
  ++tally.nps_count(b, g, nps_class(c.flags[i]));  // customers and their classes
  TallyCell& cell = tally.at(b, g);
  cell.sharing_customers += static_cast<std::uint32_t>((shares >> b) & 1u);
  cell.satisfaction += c.satisfaction[i];
  cell.expectation += c.expectation[i];
  cell.habituation += from_habit(c.habit[i]);
}

}  // namespace murmur
