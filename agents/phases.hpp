#pragma once
// What the customer phases of one market step (docs/model.md §1, phases 2–7) share: StepContext
// (read-only constants for the week), CustomerWeek (one customer's temporaries) and
// BlockTally (per-block partial sums of the metrics, folded in block order afterwards).
//
// Every phase is an inline function of one customer that writes only that customer's slots
// (and its own slot of the next broadcast buffer) and reads other customers only through
// last week's broadcasts, so customers run in any order on any thread with the same result.
// MarketModel (run_week) runs the phases back to back per customer, 64 customers at a time,
// so their state stays in registers and L1 across the week instead of every phase streaming
// the block.

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <tuple>
#include <vector>

#include "agents/attribution.hpp"
#include "agents/cascades.hpp"
#include "agents/customers.hpp"
#include "agents/message_counts.hpp"
#include "sim/core/parallel.hpp"
#include "sim/core/scenario.hpp"

namespace murmur {

/// Per-brand constants of the week, precomputed from BrandState so kernels do no divisions.
struct BrandConstants {
  double quality = 0.0;          ///< Q_b, delivered mean, points
  double spread = 0.0;           ///< σ_b, points
  double claim_gap = 0.0;        ///< S_b − Q̄: the attitude ads pull toward, points
  double relative_price = 0.0;   ///< P_b / P̄ − 1
  double persuasion = 0.0;       ///< ad_persuasion·r_b: utility per unit α_g (0 off the market)
  double personalisation = 0.0;  ///< π_b
  double offer_boost = 0.0;      ///< π_b·(1 + o_b): offer utility per unit v_g
  double mistimed_offer = 0.0;  ///< (1 − π_b)·0.25: P(mistimed offer) in a week without occasion
  double referral_discount = 0.0;    ///< utility for a referred receiver, 4 weeks
  double referral_multiplier = 1.0;  ///< 1 + R_b/P_b on promoters' broadcast probability
  bool referral = false;   ///< R_b > 0 or a referral discount: positive messages are referrals
  bool asks_data = false;  ///< π_b > 0 or data_ask > 0: asks customers to share data
  double data_ask = 0.0;
  double trust = 0.0;
  double surprise_rate = 0.0;    ///< s_b per purchase
  double surprise_size = 0.0;    ///< W_b, points
  double entry_awareness = 0.0;  ///< P(aware) drawn once, in the week the brand enters
  double entry_seeded = 0.0;     ///< P(seeded adopter) drawn once, in the week the brand enters
  /// Seeded adopters chosen by a network strategy (sorted), or empty: then the draw decides.
  std::span<const CustomerIndex> entry_seeds;

  /// Whether customer i is a seeded adopter, given its seeding draw (always drawn, so one
  /// brand's strategy never shifts another brand's random numbers).
  [[nodiscard]] bool seeds(CustomerIndex i, double draw) const noexcept {
    if (!entry_seeds.empty()) return std::binary_search(entry_seeds.begin(), entry_seeds.end(), i);
    return draw < entry_seeded;
  }
};

struct StepContext {
  Seed seed = 0;
  std::uint64_t key_base = 0;  ///< week_key_base(seed, step), keys the draws (draws.hpp)
  unsigned brands = 0;
  unsigned generations = 0;
  std::uint64_t on_market = 0;         ///< bit b: brand b is on the market this week
  std::uint64_t entering = 0;          ///< bit b: brand b enters this week (after step 0)
  double mean_quality = 0.0;           ///< Q̄ over brands on the market
  double occasion_probability = 0.25;  ///< 1/τ
  double generational_shift = 0.0;     ///< P(move to next generation) per week
  const MarketSpec* market = nullptr;
  std::span<const GenerationProfile> profiles;
  std::array<BrandConstants, kMaxBrands> brand{};
  /// P(registers an ad of b) = r_b·α_g, per (generation, brand).
  std::array<std::array<double, kMaxBrands>, kMaxGenerations> contact{};
  /// The same contacts drawn in sequence (exposure.hpp): P(no ad at all) per generation, and
  /// P(b's ad | none of the brands before b, at least one of b and the brands after b).
  std::array<double, kMaxGenerations> no_ad{};
  std::array<std::array<double, kMaxBrands>, kMaxGenerations> first_ad{};
  /// P(share data with b | asked on an occasion), privacy calculus per (generation, brand).
  std::array<std::array<double, kMaxBrands>, kMaxGenerations> share_probability{};
  /// Churn pull bound, per (generation, brand): the most a rival's utility can be without its
  /// attitude (rival_utility_ceiling), the most over brands on the market, and the least the
  /// own brand's can be (own_utility_floor); all in agents/utility.hpp.
  std::array<std::array<double, kMaxBrands>, kMaxGenerations> rival_ceiling{};
  std::array<double, kMaxGenerations> rival_bonus_bound{};
  std::array<std::array<double, kMaxBrands>, kMaxGenerations> own_floor{};
  /// bit b of cell_coverage[cell]: brand b has a shop in that cell (hash(b, cell) < L_b).
  std::span<const std::uint64_t> cell_coverage;

  // exposure
  std::uint64_t asking_brands = 0;         ///< on the market and asking customers for data
  std::uint64_t personalising_brands = 0;  ///< on the market and personalising (π_b > 0)

  // word of mouth
  std::int32_t attitude_decay = 65536;  ///< (1 − δ_a) in Q0.16 (customers.hpp)
  /// (1 − σ_g)^n for whole message counts n: P(an unaware customer misses all n messages),
  /// std::pow's own values, looked up instead of a pow per (customer, brand).
  static constexpr unsigned kMissedAllCounts = 32;
  std::array<std::array<double, kMissedAllCounts>, kMaxGenerations> missed_all{};
  std::span<const std::uint32_t> row_starts;  ///< the social graph's CSR rows
  bool every_row_packable = false;            ///< packable(brands, the graph's largest degree)
  /// Last week's broadcasts were routed to their hearers (message_routing.hpp): the step
  /// delivers each block's counts instead of counting every row.
  bool messages_routed = false;
  std::span<const CustomerIndex> columns;  ///< the social graph's neighbour indices
  std::span<const Broadcast> heard;        ///< last week's broadcasts (read by neighbours)
  std::span<Broadcast> said;               ///< this week's broadcasts (each customer its own slot)
  bool fully_mixed = false;
  double virtual_degree = 10.0;  ///< fully mixed: contacts a customer "has" (graph.mean_degree)
  std::array<double, kMaxBrands> mixed_positive{};  ///< fully mixed: share broadcasting + last week
  std::array<double, kMaxBrands> mixed_negative{};  ///< fully mixed: share broadcasting − last week

  /// output.attribution: count each adoption's and loss's cause (attribution.hpp).
  bool attribution = false;
  /// output.cascades: log each adoption and loss for the word-of-mouth cascades (cascades.hpp).
  bool cascades = false;

  // Bass docking reduction (docs/model.md §8)
  bool docking = false;
  double docking_ad_contact = 0.0;  ///< 1 − e^{−pΔt}
  double docking_wom_rate = 0.0;    ///< qΔt

  [[nodiscard]] bool covered(BrandIndex b, std::uint32_t cell) const noexcept {
    return cell < cell_coverage.size() && ((cell_coverage[cell] >> b) & 1u);
  }
  [[nodiscard]] bool on(BrandIndex b) const noexcept { return (on_market >> b) & 1u; }
};

/// The rarer modes a week can be in. The step's customer loop is compiled twice
/// (market_model.cpp): for any week, and for the plain week of a networked market (no docking,
/// a graph, no brand entering, no generational shift, occasions by chance), in which every
/// phase's checks of these modes fold away at compile time. A phase tests a mode as
/// `M.docking && ctx.docking`: false in the plain copy, the context's value in the other.
struct WeekModes {
  bool docking = true;             ///< Bass docking reduction (docs/model.md §8)
  bool fully_mixed = true;         ///< no graph: word of mouth from population shares
  bool entering = true;            ///< a brand enters this week
  bool generational_shift = true;  ///< customers move to the next generation
  bool certain_occasions = true;   ///< every week is a purchase occasion (no occasion draw)
  /// Some row's messages are counted by histogram: more than 8 brands, or a hub of more than
  /// 255 neighbours (message_counts.hpp).
  bool histogram_counts = true;

  /// Whether a week with this context needs no mode this copy leaves out.
  [[nodiscard]] constexpr bool admit(const StepContext& ctx) const noexcept {
    return (docking || !ctx.docking) && (fully_mixed || !ctx.fully_mixed) &&
           (entering || ctx.entering == 0) &&
           (generational_shift || ctx.generational_shift <= 0.0) &&
           (certain_occasions || ctx.occasion_probability < 1.0) &&
           (histogram_counts || ctx.every_row_packable);
  }
};
inline constexpr WeekModes kAnyWeek{};
inline constexpr WeekModes kPlainWeek{.docking = false,
                                      .fully_mixed = false,
                                      .entering = false,
                                      .generational_shift = false,
                                      .certain_occasions = false,
                                      .histogram_counts = false};

/// One customer's temporaries of the week.
struct CustomerWeek {
  std::uint64_t key = 0;     ///< key of the customer's draws this week (draws.hpp)
  std::uint64_t offers = 0;  ///< bit b: brand b sent a right-moment offer
  /// The neighbours' messages, when counted ahead in packed form (message_counts.hpp);
  /// otherwise word of mouth counts them itself.
  PackedCounts heard{};
  std::uint64_t mentioned = 0;  ///< where counted: bit b, some message about brand b
  bool heard_counted = false;
  // What acted on the customer this week, for attribution (attribution.hpp).
  std::uint64_t ads = 0;     ///< bit b: registered an ad of b (docking: the contact)
  std::uint64_t talked = 0;  ///< bit b: heard about b (docking: converted by imitation)
};

/// One (brand × generation) cell of a block's partial sums. Counts of customers in the
/// generation; sums in points. Costs are counts here and priced when folded.
struct TallyCell {
  std::uint32_t customers = 0;  ///< brand = b at the end of the week
  std::uint32_t aware = 0;
  std::uint32_t considering = 0;                              ///< b in the consideration set
  std::uint32_t promoters = 0, passives = 0, detractors = 0;  ///< among b's customers
  std::uint32_t sharing_customers = 0;                        ///< b's customers sharing data with b
  std::uint32_t sharing_aware = 0;  ///< customers aware of b and sharing with b
  std::uint32_t new_customers = 0;
  std::uint32_t lost = 0;
  std::uint32_t wom_positive = 0, wom_negative = 0;  ///< broadcasts about b this week (by sender)
  std::uint32_t heard_positive = 0,
                heard_negative = 0;  ///< messages about b received (by receiver)
  std::uint32_t purchases = 0;       ///< occasions with b as the brand (experiences)
  std::uint32_t referred_new = 0;    ///< new customers on a referral (one reward each)
  std::uint32_t offers_redeemed = 0, offers_redeemed_new = 0;
  std::uint32_t agreeing = 0;  ///< b's customers with L = round(C) >= 9 (= promoters)
  std::uint32_t unused =
      0;  ///< fills the gap before the doubles: a saved state has no padding bytes
  double satisfaction = 0.0;  ///< Σ C over b's customers
  double expectation = 0.0;   ///< Σ E over b's customers
  double habituation = 0.0;   ///< Σ H over b's customers
  double delivered = 0.0;     ///< Σ e over this week's experiences with b
};

static_assert(sizeof(TallyCell) == 20 * sizeof(std::uint32_t) + 4 * sizeof(double),
              "TallyCell is saved as raw bytes (agents/market_state.cpp): keep it free of padding");

/// The stocks of a TallyCell: what the market's state alone determines (tally_stocks counts
/// them), where the other fields are the week's flows. refresh_metrics() replaces exactly
/// these after a lever or intervention changed the state between steps.
inline constexpr auto kTallyStocks =
    std::make_tuple(&TallyCell::customers, &TallyCell::aware, &TallyCell::considering,
                    &TallyCell::promoters, &TallyCell::passives, &TallyCell::detractors,
                    &TallyCell::agreeing, &TallyCell::sharing_customers, &TallyCell::sharing_aware,
                    &TallyCell::satisfaction, &TallyCell::expectation, &TallyCell::habituation);

/// Copies the stocks of `from` into `to`, keeping `to`'s flows.
inline void copy_stocks(TallyCell& to, const TallyCell& from) noexcept {
  std::apply([&](auto... stock) { ((to.*stock = from.*stock), ...); }, kTallyStocks);
}

/// Per-generation partial sums that belong to no brand.
struct GenerationTally {
  std::uint32_t population = 0;
  std::uint32_t adopted_ever = 0;
};

/// Customers per (generation, brand bitset) of one kind of bitset: with a few brands, one
/// increment per customer instead of one add per brand; fold_tallies() spreads each count
/// over the brands of its bitset.
struct BitsetHistogram {
  /// Used when generations × 2^brands is at most this (16 KB a kind and block).
  static constexpr std::size_t kMaxSlots = 4096;
  unsigned brands = 0;  ///< bitsets are < 2^brands
  std::vector<std::uint32_t> aware, sharing_aware, considered;

  [[nodiscard]] bool active() const noexcept { return !aware.empty(); }
  void reset(unsigned brand_count, unsigned generation_count) {
    brands = brand_count;
    const std::size_t slots =
        brand_count < 16 ? generation_count * (std::size_t{1} << brand_count) : kMaxSlots + 1;
    const std::size_t size = slots <= kMaxSlots ? slots : 0;
    for (auto* h : {&aware, &sharing_aware, &considered}) h->assign(size, 0);
  }
  [[nodiscard]] std::size_t slot(GenerationIndex g, std::uint64_t bitset) const noexcept {
    return (static_cast<std::size_t>(g) << brands) | static_cast<std::size_t>(bitset);
  }
};

struct BlockTally {
  unsigned brands = 0;
  std::vector<TallyCell> cells;  ///< (brands x generations), row-major by brand
  std::vector<GenerationTally> generations;
  /// Awareness, shared data and consideration by bitset, not yet in `cells` (fold_tallies).
  BitsetHistogram bitsets;
  /// Customers by (brand, generation, NpsClass), row-major like `cells` with the class last,
  /// not yet in `cells` (fold_tallies): one increment per customer where its customers,
  /// promoters, passives, detractors and agreeing counts would be five adds.
  std::vector<std::uint32_t> nps_classes;
  /// Adoptions and losses by cause, like `cells`; empty unless attribution is on.
  std::vector<CauseCounts> causes;
  /// This week's spells started and ended, in customer order; empty unless cascades are on.
  std::vector<CascadeEvent> cascade_events;

  void reset(unsigned brand_count, unsigned generation_count, bool attribution = false) {
    brands = brand_count;
    cells.assign(static_cast<std::size_t>(brand_count) * generation_count, TallyCell{});
    generations.assign(generation_count, GenerationTally{});
    bitsets.reset(brand_count, generation_count);
    nps_classes.assign(cells.size() * kNpsClasses, 0);
    causes.assign(attribution ? cells.size() : 0, CauseCounts{});
    cascade_events.clear();
  }
  void log_spell(CascadeEventKind kind, CustomerIndex customer, BrandIndex b, GenerationIndex g,
                 CustomerIndex recruiter = 0) {
    cascade_events.push_back({customer, recruiter, b, g, kind});
  }
  static constexpr std::size_t kNpsClasses = 4;  ///< NpsClass None .. Detractor
  [[nodiscard]] std::uint32_t& nps_count(BrandIndex b, GenerationIndex g, NpsClass cls) noexcept {
    return nps_classes[(static_cast<std::size_t>(b) * generations.size() + g) * kNpsClasses +
                       static_cast<std::size_t>(cls)];
  }
  [[nodiscard]] TallyCell& at(BrandIndex b, GenerationIndex g) noexcept {
    return cells[static_cast<std::size_t>(b) * generations.size() + g];
  }
  [[nodiscard]] const TallyCell& at(BrandIndex b, GenerationIndex g) const noexcept {
    return cells[static_cast<std::size_t>(b) * generations.size() + g];
  }
  /// The cause counts of a cell; only when attribution is on.
  [[nodiscard]] CauseCounts& causes_at(BrandIndex b, GenerationIndex g) noexcept {
    return causes[static_cast<std::size_t>(b) * generations.size() + g];
  }
};

}  // namespace murmur
