// MarketModel: initial state, the weekly step (docs/model.md §1) and its metrics
// (docs/metrics.md).
//
// A week: (1) brands act, serially; (2–7) exposure, word of mouth, choice, experience,
// advocacy and churn, run back to back per customer, blocks of 4096 customers in one
// for_each_block, then the customer's end-of-week tally; (8) the per-block tallies are folded in
// block order. Word of mouth reads last week's broadcast buffer and advocacy writes this
// week's; the two swap at the end of the week. Random numbers are keyed by (seed, week + 1,
// customer, purpose); key 0 is the initial state.

#include "agents/market_model.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "agents/advocacy.hpp"
#include "agents/choice.hpp"
#include "agents/churn.hpp"
#include "agents/draws.hpp"
#include "agents/experience.hpp"
#include "agents/exposure.hpp"
#include "agents/message_routing.hpp"
#include "agents/tally.hpp"
#include "agents/utility.hpp"
#include "agents/word_of_mouth.hpp"
#include "sim/core/parallel.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/validate.hpp"

namespace murmur {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// splitmix64 finaliser (Steele, Lea & Flood 2014): a cheap, well-mixed 64-bit hash.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/// hash(b, cell) in [0, 1) for local presence: brand b has a shop in the cell if below L_b.
double presence_hash(Seed seed, BrandIndex b, std::uint32_t cell) noexcept {
  const std::uint64_t h = mix64(seed ^ mix64((std::uint64_t{b} << 32) | cell));
  return static_cast<double>(h >> 11) * 0x1p-53;
}

/// Brands on the market for which `has(b)` holds, as a bitset: loops over a customer's
/// aware brands then visit only the brands that can act.
template <class Predicate>
std::uint64_t brands_that(const StepContext& ctx, Predicate has) {
  std::uint64_t mask = 0;
  for (BrandIndex b = 0; b < ctx.brands; ++b)
    if (ctx.on(b) && has(ctx.brand[b])) mask |= std::uint64_t{1} << b;
  return mask;
}

/// Keys the week of customers [first, last) and, where the packed count applies, takes the
/// counts of the messages each heard: from `delivered` (counts[i − first]) when the week's
/// messages were routed, else counted from the rows (message_counts.hpp) in a tight loop like
/// the Bass step's, so the processor has many neighbours' bytes in flight at once.
/// Returns the number of customers listed in `hearers`: those word of mouth has to visit, the
/// ones who heard something (all of them where the messages are not counted here).
template <WeekModes M>
unsigned open_weeks(const StepContext& ctx, CustomerIndex first, CustomerIndex last,
                    std::span<const PackedCounts> delivered, std::span<CustomerWeek> weeks,
                    std::span<CustomerIndex> hearers) {
  unsigned listed = 0;
  if (!ctx.fully_mixed && !ctx.messages_routed) {
    // The next run's neighbours, while this run's are counted (at a million customers the
    // count otherwise waits on memory for the random ones: bench/README.md).
    const auto rows = static_cast<CustomerIndex>(ctx.row_starts.size() - 1);
    const std::uint32_t from = ctx.row_starts[std::min(rows, last)];
    const std::uint32_t to = ctx.row_starts[std::min<CustomerIndex>(rows, last + (last - first))];
    prefetch_broadcasts(ctx.heard.data(), ctx.columns.subspan(from, to - from));
  }
  for (CustomerIndex i = first; i < last; ++i) {
    // Field by field: exposure sets `offers`, and `heard` is read only where counted here.
    CustomerWeek& week = weeks[i - first];
    week.key = customer_week_key(ctx.key_base, i);
    week.heard_counted = false;
    hearers[listed] = i;
    if (M.fully_mixed && ctx.fully_mixed) {
      ++listed;
      continue;
    }
    if (ctx.messages_routed) {  // the same for the whole week: a predictable branch
      week.heard_counted = true;
      week.heard = delivered[i - first];
      week.mentioned = mentioned_brands(week.heard);
      listed += week.mentioned != 0;
      continue;
    }
    const auto row =
        ctx.columns.subspan(ctx.row_starts[i], ctx.row_starts[i + 1] - ctx.row_starts[i]);
    week.heard_counted = !M.histogram_counts || packable(ctx.brands, row.size());
    if (week.heard_counted) {
      week.heard = count_messages_packed(ctx.heard.data(), row);
      week.mentioned = mentioned_brands(week.heard);
    }
    // Appended without a branch: who heard something is a coin flip for the predictor.
    listed += !week.heard_counted || week.mentioned != 0;
  }
  return listed;
}

/// Phases 2–7 of docs/model.md §1 and the end-of-week tally for one block, a run of 64 customers
/// at a time: their weeks are opened (keys, messages heard), then a few short passes over the
/// run, each with one or two phases, work on its state while it sits in L1. Word of mouth's
/// attitude decay is a pass of its own over the run's attitude rows (a loop the compiler
/// vectorises, where one customer's few brands are too short a loop). A phase reads and
/// writes only its own customer's state, counts do not depend on order, and each
/// floating-point sum of the tally is added to by one pass only, in customer order, so
/// cutting the week into passes changes no byte of the result; it keeps each
/// pass's live values in registers (one loop over all phases spilled ~80 values a customer)
/// and measured fewest instructions in this grouping (bench/README.md).
/// Compiled for any week and for the plain week (WeekModes).
template <WeekModes M>
void run_week(const StepContext& ctx, const MessageRouter& router, Customers& c, BlockRange r,
              BlockTally& tally) {
  constexpr CustomerIndex kRun = 64;  // customers whose state stays in L1 between the passes
  MessageHistogram histogram{};
  std::array<CustomerWeek, kRun> weeks;
  std::array<CustomerIndex, kRun> with_occasion;   // the run's customers with a purchase occasion
  std::array<CustomerIndex, kRun> hearers;         // the run's customers word of mouth visits
  std::array<PackedCounts, kBlockSize> delivered;  // the block's routed messages (64 KiB)
  if (ctx.messages_routed) router.deliver(r, delivered);
  for (CustomerIndex run = r.begin; run < r.end; run += kRun) {
    const CustomerIndex run_end = std::min(r.end, run + kRun);
    const unsigned hearer_count = open_weeks<M>(
        ctx, run, run_end, std::span(delivered).subspan(run - r.begin), weeks, hearers);
    unsigned occasions = 0;
    for (CustomerIndex i = run; i < run_end; ++i) {
      CustomerWeek& week = weeks[i - run];
      begin_week<M>(ctx, c, i, week, tally);
      exposure<M>(ctx, c, i, week);
      with_occasion[occasions] = i;
      occasions += (c.flags[i] & flag::kOccasion) != 0;  // appended without a branch
    }
    for (unsigned k = 0; k < hearer_count; ++k)
      word_of_mouth<M>(ctx, c, hearers[k], weeks[hearers[k] - run], histogram, tally);
    if (!(M.docking && ctx.docking))
      decay_attitudes(c.attitude_rows(run, run_end), ctx.attitude_decay);
    for (unsigned k = 0; k < occasions; ++k) {
      const CustomerIndex i = with_occasion[k];
      const CustomerWeek& week = weeks[i - run];
      choice<M>(ctx, c, i, week, tally);
      experience<M>(ctx, c, i, week, tally);
    }
    for (CustomerIndex i = run; i < run_end; ++i) {
      const CustomerWeek& week = weeks[i - run];
      recover_habit_without_occasion<M>(ctx, c, i);
      advocacy<M>(ctx, c, i, week, tally);
      churn<M>(ctx, c, i, week, tally);
    }
    for (CustomerIndex i = run; i < run_end; ++i) tally_stocks(ctx, c, i, tally);
  }
}

}  // namespace

MarketModel::MarketModel(const Scenario& scenario, std::shared_ptr<const SocialGraph> graph)
    : scenario_(scenario), graph_(std::move(graph)) {
  if (!graph_) throw std::invalid_argument("market model: no social graph");
  if (scenario_.brands.size() > kMaxBrands)
    throw std::invalid_argument("market model: at most 64 brands");
  if (scenario_.generations.empty() || scenario_.generations.size() > kMaxGenerations)
    throw std::invalid_argument("market model: 1 to 16 generation profiles");
  if (graph_->customer_count() == 0) throw std::invalid_argument("market model: no customers");

  const auto brand_count = static_cast<unsigned>(scenario_.brands.size());
  const auto generation_count = static_cast<unsigned>(scenario_.generations.size());
  schema_.metric_names = market_metric_names();
  if (scenario_.output.attribution)
    for (const std::string& name : attribution_metric_names()) schema_.metric_names.push_back(name);
  cascade_metrics_ = static_cast<std::uint16_t>(schema_.metric_names.size());
  if (scenario_.output.cascades)
    for (const std::string& name : cascade_metric_names()) schema_.metric_names.push_back(name);
  for (unsigned b = 0; b < brand_count; ++b)
    schema_.brand_labels.push_back(scenario_.brands[b].name.empty() ? "brand" + std::to_string(b)
                                                                    : scenario_.brands[b].name);
  for (const auto& g : scenario_.generations) schema_.generation_labels.push_back(g.name);

  customers_.resize(graph_->customer_count(), brand_count);
  if (scenario_.output.attribution) {
    customers_.last_touch.assign(customers_.count, last_touch::kNone);
    customers_.adopted_by.assign(customers_.count, CauseSet{0});
  }
  if (!graph_->is_fully_mixed())
    for (CustomerIndex i = 0; i < graph_->customer_count(); ++i)
      graph_max_degree_ = std::max(graph_max_degree_, graph_->degree(i));
  for (const auto& spec : scenario_.brands)
    brands_.push_back(make_brand_state(spec, scenario_.market));
  partials_.resize(block_count(customers_.count));
  const std::size_t cells = static_cast<std::size_t>(brand_count) * generation_count;
  start_customers_.assign(cells, 0);
  acquisitions_.assign(cells, 0);
  rolling_.assign(brand_count, RollingFlows{});
  referral_rewards_.assign(brand_count, 0.0);
  offer_costs_.assign(brand_count, 0.0);
  ad_spend_.assign(brand_count, 0.0);
  week_recruits_.assign(scenario_.output.cascades ? cells : 0, 0);
  initialise();
  if (scenario_.output.cascades) cascades_ = CascadeTracker(customers_.brand, brand_count);
}

void MarketModel::rebuild_cell_coverage() {
  std::vector<double> presence;
  for (const auto& b : brands_) presence.push_back(b.levers.local_presence);
  if (presence == coverage_presence_ && !cell_coverage_.empty()) return;
  coverage_presence_ = presence;
  cell_coverage_.assign(std::max<std::uint32_t>(1, scenario_.market.cells), 0);
  for (std::size_t b = 0; b < presence.size(); ++b) {
    if (presence[b] <= 0.0) continue;
    for (std::uint32_t cell = 0; cell < cell_coverage_.size(); ++cell)
      if (presence_hash(scenario_.seed, static_cast<BrandIndex>(b), cell) < presence[b])
        cell_coverage_[cell] |= std::uint64_t{1} << b;
  }
}

StepContext MarketModel::make_context(Step key_step, std::uint64_t entering) {
  StepContext ctx;
  const MarketSpec& market = scenario_.market;
  ctx.seed = scenario_.seed;
  ctx.key_base = week_key_base(ctx.seed, key_step);
  ctx.brands = static_cast<unsigned>(brands_.size());
  ctx.generations = static_cast<unsigned>(scenario_.generations.size());
  ctx.market = &scenario_.market;
  ctx.profiles = scenario_.generations;
  ctx.mean_quality = mean_quality_on_market(brands_);
  ctx.docking = market.docking;
  ctx.attribution = scenario_.output.attribution;
  ctx.cascades = scenario_.output.cascades;
  ctx.occasion_probability =
      market.docking ? 1.0 : 1.0 / std::max(1.0, market.weeks_between_purchases);
  const double weeks_per_year = scenario_.weeks_per_year;
  const double shift = std::clamp(scenario_.population.generational_shift_per_year, 0.0, 1.0);
  ctx.generational_shift = shift > 0.0 ? 1.0 - std::pow(1.0 - shift, 1.0 / weeks_per_year) : 0.0;
  ctx.entering = entering;
  ctx.cell_coverage = cell_coverage_;
  ctx.row_starts = graph_->row_starts();
  ctx.columns = graph_->neighbour_indices();
  ctx.fully_mixed = graph_->is_fully_mixed();
  ctx.every_row_packable = !ctx.fully_mixed && packable(ctx.brands, graph_max_degree_);
  ctx.virtual_degree = std::max(1.0, scenario_.population.graph.mean_degree);
  ctx.docking_ad_contact = 1.0 - std::exp(-market.docking_innovation_per_year / weeks_per_year);
  ctx.docking_wom_rate = market.docking_imitation_per_year / weeks_per_year;

  const double mean_price = mean_price_on_market(brands_);
  for (std::size_t b = 0; b < brands_.size(); ++b) {
    const BrandState& state = brands_[b];
    const BrandSpec& spec = state.levers;
    if (state.on_market) ctx.on_market |= std::uint64_t{1} << b;
    BrandConstants& k = ctx.brand[b];
    k.quality = spec.quality;
    k.spread = spec.quality_spread;
    k.claim_gap = state.claim - ctx.mean_quality;
    k.relative_price = spec.price / mean_price - 1.0;
    k.persuasion = state.on_market ? scenario_.market.ad_persuasion * state.reach : 0.0;
    k.personalisation = spec.personalisation;
    k.offer_boost = spec.personalisation * (1.0 + spec.offer_value);
    k.mistimed_offer = (1.0 - spec.personalisation) * 0.25;
    k.referral_discount = spec.referral_discount;
    k.referral = spec.referral_reward > 0.0 || spec.referral_discount > 0.0;
    k.referral_multiplier = spec.referral_reward > 0.0 && spec.price > 0.0
                                ? 1.0 + spec.referral_reward / spec.price
                                : 1.0;
    k.asks_data = spec.personalisation > 0.0 || spec.data_ask > 0.0;
    k.data_ask = spec.data_ask;
    k.trust = state.trust;
    k.surprise_rate = spec.surprise_rate;
    k.surprise_size = spec.surprise_size;
    k.entry_awareness = spec.initial_awareness;
    k.entry_seeded = spec.seeded_fraction;
    if (b < entry_seeds_.size()) k.entry_seeds = entry_seeds_[b];
    for (unsigned g = 0; g < ctx.generations; ++g) {
      const GenerationProfile& p = scenario_.generations[g];
      ctx.contact[g][b] = state.on_market ? state.reach * p.ad_receptivity : 0.0;
      ctx.share_probability[g][b] = share_probability(
          p.personalisation_value, k.offer_boost, p.privacy_concern, spec.data_ask, state.trust);
    }
  }
  for (unsigned g = 0; g < ctx.generations; ++g) {
    const GenerationProfile& p = scenario_.generations[g];
    double bound = -1e300;
    for (std::size_t b = 0; b < brands_.size(); ++b) {
      const BrandConstants& k = ctx.brand[b];
      const BrandSpec& spec = brands_[b].levers;
      ctx.own_floor[g][b] = own_utility_floor(k, p);
      ctx.rival_ceiling[g][b] = rival_utility_ceiling(k, p, spec.local_presence > 0.0);
      if (!brands_[b].on_market) continue;
      bound = std::max(bound, ctx.rival_ceiling[g][b]);
    }
    ctx.rival_bonus_bound[g] = bound;
  }
  // Fully mixed word of mouth: population shares of last week's broadcasters.
  const double population = static_cast<double>(customers_.count);
  for (std::size_t b = 0; b < brands_.size(); ++b) {
    std::uint64_t positive = 0, negative = 0;
    for (unsigned g = 0; g < ctx.generations; ++g) {
      positive += totals_.sums.cells.empty()
                      ? 0
                      : totals_.sums.at(static_cast<BrandIndex>(b), static_cast<GenerationIndex>(g))
                            .wom_positive;
      negative += totals_.sums.cells.empty()
                      ? 0
                      : totals_.sums.at(static_cast<BrandIndex>(b), static_cast<GenerationIndex>(g))
                            .wom_negative;
    }
    ctx.mixed_positive[b] = static_cast<double>(positive) / population;
    ctx.mixed_negative[b] = static_cast<double>(negative) / population;
  }
  ctx.heard = customers_.broadcast[parity_];
  ctx.said = customers_.broadcast[parity_ ^ 1u];
  ctx.asking_brands = brands_that(ctx, [](const BrandConstants& k) { return k.asks_data; });
  ctx.personalising_brands =
      brands_that(ctx, [](const BrandConstants& k) { return k.personalisation > 0.0; });
  ctx.attitude_decay = attitude_decay_factor(market.attitude_decay);
  prepare_ad_contacts(ctx);
  for (unsigned g = 0; g < ctx.generations; ++g)
    for (unsigned n = 0; n < StepContext::kMissedAllCounts; ++n)
      ctx.missed_all[g][n] =
          std::pow(1.0 - ctx.profiles[g].wom_susceptibility, static_cast<double>(n));
  return ctx;
}

std::size_t MarketModel::estimate_bytes(const Scenario& scenario, double adjacency_entries) {
  const auto customers = static_cast<double>(scenario.population.customers);
  const double customer_arrays =
      customers * static_cast<double>(
                      Customers::kFixedBytesPerCustomer +
                      Customers::kBytesPerCustomerPerBrand * scenario.brands.size() +
                      (scenario.output.attribution ? Customers::kAttributionBytesPerCustomer : 0) +
                      (scenario.output.cascades ? CascadeTracker::kBytesPerCustomer : 0));
  const double presence_table =
      kBytesPerCell * static_cast<double>(std::max<std::uint32_t>(1, scenario.market.cells));
  // Mail is routed only in weeks when at most 1 in kRoutingMaxSpeakerShare customers spoke
  // (route_pays): about that share of the graph's adjacency entries, one message each.
  const double mail = static_cast<double>(MessageRouter::kBytesPerMessage) * adjacency_entries /
                      kRoutingMaxSpeakerShare;
  return static_cast<std::size_t>(customer_arrays + presence_table + mail);
}

bool MarketModel::route_pays(const StepContext& ctx) const {
  if (ctx.fully_mixed || !ctx.every_row_packable) return false;
  // Last week's broadcasts, as its tally counted them (each non-silent one, once).
  std::uint64_t spoke = 0;
  for (const TallyCell& cell : totals_.sums.cells) spoke += cell.wom_positive + cell.wom_negative;
  return spoke <= customers_.count / kRoutingMaxSpeakerShare;
}

void MarketModel::initialise() {
  std::uint64_t on_market = 0;
  for (std::size_t b = 0; b < brands_.size(); ++b) {
    BrandState& brand = brands_[b];
    brand.on_market = brand.levers.entry_step == 0 && brand.levers.exit_step > 0;
    if (brand.on_market) on_market |= std::uint64_t{1} << b;
  }
  rebuild_cell_coverage();
  select_entry_seeds(on_market);
  StepContext ctx = make_context(0, 0);
  // The initial broadcasts are "last week's" for week 0.
  ctx.said = customers_.broadcast[parity_];

  std::vector<double> mix(scenario_.population.generation_mix);
  mix.resize(scenario_.generations.size(), 0.0);
  double mix_total = 0.0;
  for (double& m : mix) mix_total += (m = std::max(0.0, m));
  if (mix_total <= 0.0) {
    mix.assign(mix.size(), 1.0);
    mix_total = static_cast<double>(mix.size());
  }
  const std::uint64_t cells = std::max<std::uint32_t>(1, scenario_.market.cells);
  const std::uint64_t n = customers_.count;
  Customers& c = customers_;

  for_each_block(customers_.count, [&](BlockRange r) {
    BlockTally& tally = partials_[r.index];
    tally.reset(ctx.brands, ctx.generations, ctx.attribution);
    for (CustomerIndex i = r.begin; i < r.end; ++i) {
      RandomStream rng(ctx.seed, 0, i, Purpose::Initialisation);
      double u = rng.uniform() * mix_total;
      GenerationIndex g = 0;
      while (g + 1u < mix.size() && u >= mix[g]) u -= mix[g++];
      c.generation[i] = g;
      c.cell[i] = static_cast<std::uint32_t>(static_cast<std::uint64_t>(i) * cells / n);
      const GenerationProfile& profile = ctx.profiles[g];
      std::span<Attitude> att = c.attitudes(i);

      // Initial shares: one uniform against the cumulative shares of brands on the market.
      double pick = rng.uniform();
      for (BrandIndex b = 0; b < ctx.brands; ++b) {
        if (!ctx.on(b)) continue;
        const double share = std::max(0.0, brands_[b].levers.initial_share);
        if (pick < share) {
          c.brand[i] = b;
          c.aware[i] |= std::uint64_t{1} << b;
          att[b] = to_attitude(ctx.brand[b].quality - ctx.mean_quality);
          c.satisfaction[i] = static_cast<float>(ctx.brand[b].quality);
          c.expectation[i] = static_cast<float>(ctx.brand[b].quality);
          c.flags[i] |= flag::kAdoptedEver;
          break;
        }
        pick -= share;
      }
      // Awareness and seeded adopters: two draws per brand, used or not.
      for (BrandIndex b = 0; b < ctx.brands; ++b) {
        const bool aware = rng.uniform() < ctx.brand[b].entry_awareness;
        const bool seeded = ctx.brand[b].seeds(i, rng.uniform());
        if (!ctx.on(b)) continue;
        const std::uint64_t bit = std::uint64_t{1} << b;
        if (aware || (profile.aware_of_local_shops && ctx.covered(b, c.cell[i]))) c.aware[i] |= bit;
        if (!seeded) continue;
        c.aware[i] |= bit;
        att[b] = std::max(att[b], to_attitude(ctx.brand[b].claim_gap));
        c.brand[i] = b;
        c.expectation[i] =
            static_cast<float>(std::clamp(ctx.mean_quality + from_attitude(att[b]), 0.0, 10.0));
        c.satisfaction[i] = c.expectation[i];
        c.flags[i] |= flag::kAdoptedEver;
      }
    }
    for (CustomerIndex i = r.begin; i < r.end; ++i) {
      const CustomerWeek week{.key = customer_week_key(ctx.key_base, i)};
      advocacy(ctx, c, i, week, tally);
      tally_stocks(ctx, c, i, tally);
    }
  });
  totals_ = fold_tallies(partials_, ctx.brands, ctx.generations);
  entry_seeds_.clear();
  for (std::size_t k = 0; k < acquisitions_.size(); ++k) {
    acquisitions_[k] = totals_.sums.cells[k].customers;
    start_customers_[k] = totals_.sums.cells[k].customers;
  }
}

void MarketModel::step() {
  const Step week = step_;
  apply_interventions(week);

  // (1) Brands act on what their current customers felt at the end of last week.
  std::vector<BrandFeedback> feedback(brands_.size());
  for (std::size_t b = 0; b < brands_.size(); ++b)
    for (std::size_t g = 0; g < scenario_.generations.size(); ++g) {
      const TallyCell& cell =
          totals_.sums.at(static_cast<BrandIndex>(b), static_cast<GenerationIndex>(g));
      feedback[b].satisfaction_sum += cell.satisfaction;
      feedback[b].customers += cell.customers;
    }
  std::uint64_t was_on_market = 0;
  for (std::size_t b = 0; b < brands_.size(); ++b)
    if (brands_[b].on_market) was_on_market |= std::uint64_t{1} << b;
  brands_act(brands_, scenario_.market, week, feedback);
  std::uint64_t entering = 0;  // on the market this week and not last week
  for (std::size_t b = 0; b < brands_.size(); ++b)
    if (brands_[b].on_market && ((was_on_market >> b) & 1u) == 0) entering |= std::uint64_t{1} << b;
  rebuild_cell_coverage();
  select_entry_seeds(entering);
  for (std::size_t k = 0; k < start_customers_.size(); ++k)
    start_customers_[k] = totals_.sums.cells[k].customers;

  // (2–7) The customer phases, block by block; (8) the tally of each block.
  StepContext ctx = make_context(week + 1, entering);
  ctx.messages_routed = routing_enabled_ && route_pays(ctx);
  if (ctx.messages_routed) router_.route(ctx.row_starts, ctx.columns, ctx.heard);
  last_step_routed_ = ctx.messages_routed;
  Customers& c = customers_;
  const bool plain = plain_weeks_specialised_ && kPlainWeek.admit(ctx);
  for_each_block(customers_.count, [&](BlockRange r) {
    BlockTally& tally = partials_[r.index];
    tally.reset(ctx.brands, ctx.generations, ctx.attribution);
    if (plain)
      run_week<kPlainWeek>(ctx, router_, c, r, tally);
    else
      run_week<kAnyWeek>(ctx, router_, c, r, tally);
  });
  entry_seeds_.clear();
  if (ctx.cascades) follow_cascades();
  parity_ ^= 1u;
  step_ = week + 1;
  totals_ = fold_tallies(partials_, ctx.brands, ctx.generations);
  record_week(week);
}

void MarketModel::follow_cascades() {
  std::vector<std::span<const CascadeEvent>> logs;
  logs.reserve(partials_.size());
  for (const BlockTally& block : partials_) logs.emplace_back(block.cascade_events);
  cascades_.apply_week(logs, static_cast<unsigned>(scenario_.generations.size()), week_recruits_);
}

void MarketModel::emit_cascades(MetricsFrame& frame, unsigned b, unsigned g) const {
  const auto brand = static_cast<std::uint16_t>(b);
  const auto generation = static_cast<std::uint16_t>(g);
  auto emit = [&](CascadeMetric m, double value, std::size_t offset = 0) {
    frame.add(static_cast<std::uint16_t>(cascade_metrics_ + static_cast<std::size_t>(m) + offset),
              brand, generation, value);
  };
  const std::size_t generations = scenario_.generations.size();
  std::uint64_t recruits = 0;
  for (std::size_t k = 0; k < brands_.size(); ++k)
    for (std::size_t h = 0; h < generations; ++h)
      if ((b == kAllLabel || k == b) && (g == kAllLabel || h == g))
        recruits += week_recruits_[k * generations + h];
  emit(CascadeMetric::WomRecruits, static_cast<double>(recruits));
  if (b == kAllLabel || g != kAllLabel) return;  // the rest: per brand, all generations

  const CascadeSummary s = cascades_.summary(static_cast<BrandIndex>(b));
  const auto ratio = [](double num, std::uint64_t den) {
    return den > 0 ? num / static_cast<double>(den) : std::numeric_limits<double>::quiet_NaN();
  };
  emit(CascadeMetric::Cascades, static_cast<double>(s.cascades));
  emit(CascadeMetric::Viral, static_cast<double>(s.viral));
  emit(CascadeMetric::MeanSize, ratio(static_cast<double>(s.cascades + s.recruited), s.cascades));
  emit(CascadeMetric::Largest, s.largest);
  emit(CascadeMetric::MeanDepth, ratio(static_cast<double>(s.depth_sum), s.viral));
  emit(CascadeMetric::MaxDepth, s.deepest);
  emit(CascadeMetric::TopPromotersShare, s.top_promoters_share);
  for (std::size_t bin = 0; bin < kCascadeSizeBins; ++bin)
    emit(CascadeMetric::SizeBins, static_cast<double>(s.by_size[bin]), bin);
}

namespace {
/// The week's adoptions and losses of one row by cause (attribution.hpp), as counts.
void emit_causes(MetricsFrame& frame, unsigned b, unsigned g, const CauseCounts& causes) {
  const auto brand = static_cast<std::uint16_t>(b);
  const auto generation = static_cast<std::uint16_t>(g);
  for (std::size_t k = 0; k < kAdoptionCauses; ++k)
    frame.add(new_by_metric_id(k), brand, generation, causes.new_by[k] / double{kCauseUnits});
  for (std::size_t k = 0; k < kLossCauses; ++k)
    frame.add(lost_to_metric_id(k), brand, generation, causes.lost_to[k] / double{kCauseUnits});
}
}  // namespace

void MarketModel::record_week(Step week) {
  const std::size_t generations = scenario_.generations.size();
  for (std::size_t b = 0; b < brands_.size(); ++b) {
    const BrandSpec& spec = brands_[b].levers;
    std::uint64_t referred = 0, redeemed = 0, redeemed_new = 0;
    WeekFlows flows;
    for (std::size_t g = 0; g < generations; ++g) {
      const std::size_t k = b * generations + g;
      const TallyCell& cell = totals_.sums.cells[k];
      referred += cell.referred_new;
      redeemed += cell.offers_redeemed;
      redeemed_new += cell.offers_redeemed_new;
      flows.new_customers += cell.new_customers;
      flows.lost += cell.lost;
      flows.start_customers += start_customers_[k];
      acquisitions_[k] += cell.new_customers;
    }
    const double offer_price = spec.offer_value * spec.price;
    referral_rewards_[b] = static_cast<double>(referred) * spec.referral_reward;
    offer_costs_[b] = static_cast<double>(redeemed) * offer_price;
    ad_spend_[b] = brands_[b].ad_spend;
    flows.ad_spend = ad_spend_[b];
    flows.referral_rewards = referral_rewards_[b];
    flows.offer_costs_new = static_cast<double>(redeemed_new) * offer_price;
    rolling_[b][week % kRollingWeeks] = flows;
  }
}

void MarketModel::refresh_metrics() {
  const StepContext ctx = make_context(step_, 0);
  const Customers& c = customers_;
  std::vector<BlockTally> stocks(partials_.size());
  for_each_block(customers_.count, [&](BlockRange r) {
    stocks[r.index].reset(ctx.brands, ctx.generations);
    for (CustomerIndex i = r.begin; i < r.end; ++i) tally_stocks(ctx, c, i, stocks[r.index]);
  });
  const MarketTotals fresh = fold_tallies(stocks, ctx.brands, ctx.generations);
  // Keep last week's flows, replace the stocks.
  for (std::size_t k = 0; k < totals_.sums.cells.size(); ++k)
    copy_stocks(totals_.sums.cells[k], fresh.sums.cells[k]);
  totals_.sums.generations = fresh.sums.generations;
}

bool MarketModel::shares_fit_population() const {
  const auto generation_count = static_cast<unsigned>(scenario_.generations.size());
  std::uint64_t all_customers = 0;
  for (unsigned g = 0; g < generation_count; ++g) {
    std::uint64_t customers = 0;
    for (std::size_t b = 0; b < brands_.size(); ++b)
      customers += totals_.sums.cells[b * generation_count + g].customers;
    if (customers > totals_.sums.generations[g].population) return false;
    all_customers += customers;
  }
  return all_customers <= customers_.count;
}

MetricsFrame MarketModel::measure() const {
  MetricsFrame frame;
  frame.step = step_;
  const auto brand_count = static_cast<unsigned>(brands_.size());
  const auto generation_count = static_cast<unsigned>(scenario_.generations.size());
  const double weeks_per_year = scenario_.weeks_per_year;
  const double discount =
      weekly_discount_rate(scenario_.market.discount_rate_per_year, weeks_per_year);
  const double purchases_per_week =
      scenario_.market.docking ? 1.0
                               : 1.0 / std::max(1.0, scenario_.market.weeks_between_purchases);
  auto ratio = [](double num, double den) { return den > 0.0 ? num / den : kNaN; };

  // Aggregate a (brand or all) × (generation or all) cell, plus its start-of-week customers
  // and acquisitions to date.
  struct Aggregate {
    TallyCell cell;
    CauseCounts causes;  // with attribution only
    std::uint64_t start = 0, acquired = 0, population = 0, adopted_ever = 0;
    double referral_rewards = 0.0, offer_costs = 0.0, margin = 0.0;
  };
  auto aggregate = [&](unsigned b_label, unsigned g_label) {
    Aggregate a;
    for (unsigned b = 0; b < brand_count; ++b) {
      if (b_label != kAllLabel && b != b_label) continue;
      const BrandSpec& spec = brands_[b].levers;
      for (unsigned g = 0; g < generation_count; ++g) {
        if (g_label != kAllLabel && g != g_label) continue;
        const std::size_t k = static_cast<std::size_t>(b) * generation_count + g;
        const TallyCell& cell = totals_.sums.cells[k];
        accumulate(a.cell, cell);
        if (!totals_.sums.causes.empty()) a.causes.add(totals_.sums.causes[k]);
        a.start += start_customers_[k];
        a.acquired += acquisitions_[k];
        a.referral_rewards += static_cast<double>(cell.referred_new) * spec.referral_reward;
        a.offer_costs += static_cast<double>(cell.offers_redeemed) * spec.offer_value * spec.price;
        a.margin += static_cast<double>(cell.purchases) * spec.margin;
      }
    }
    for (unsigned g = 0; g < generation_count; ++g) {
      if (g_label != kAllLabel && g != g_label) continue;
      a.population += totals_.sums.generations[g].population;
      a.adopted_ever += totals_.sums.generations[g].adopted_ever;
    }
    return a;
  };

  MURMUR_ASSERT(shares_fit_population(),
                "the brands' customers of a generation outnumber it: "
                "shares would sum to more than 1");
  auto emit = [&](MarketMetric m, unsigned b, unsigned g, double v) {
    frame.add(metric_id(m), static_cast<std::uint16_t>(b), static_cast<std::uint16_t>(g), v);
  };
  std::vector<unsigned> brand_labels, generation_labels;
  for (unsigned b = 0; b < brand_count; ++b) brand_labels.push_back(b);
  brand_labels.push_back(kAllLabel);
  for (unsigned g = 0; g < generation_count; ++g) generation_labels.push_back(g);
  generation_labels.push_back(kAllLabel);

  for (unsigned b : brand_labels) {
    const bool brand_row = b != kAllLabel;
    for (unsigned g : generation_labels) {
      const Aggregate a = aggregate(b, g);
      const TallyCell& t = a.cell;
      const auto pop = static_cast<double>(a.population);
      const auto customers = static_cast<double>(t.customers);
      emit(MarketMetric::Customers, b, g, customers);
      emit(MarketMetric::Share, b, g, ratio(customers, pop));
      if (brand_row) {
        emit(MarketMetric::Awareness, b, g, ratio(t.aware, pop));
        emit(MarketMetric::Consideration, b, g, ratio(t.considering, pop));
      }
      emit(MarketMetric::NewCustomers, b, g, t.new_customers);
      emit(MarketMetric::Adoption, b, g,
           ratio(static_cast<double>(brand_row ? a.acquired : a.adopted_ever), pop));
      const double churn = ratio(t.lost, static_cast<double>(a.start));
      emit(MarketMetric::Churn, b, g, churn);
      emit(MarketMetric::ChurnAnnual, b, g, annualised_churn(churn, weeks_per_year));
      emit(MarketMetric::Promoters, b, g, ratio(t.promoters, customers));
      emit(MarketMetric::Passives, b, g, ratio(t.passives, customers));
      emit(MarketMetric::Detractors, b, g, ratio(t.detractors, customers));
      emit(MarketMetric::Nps, b, g, net_promoter_score(t.promoters, t.detractors, t.customers));
      emit(MarketMetric::WomPositive, b, g, t.wom_positive);
      emit(MarketMetric::WomNegative, b, g, t.wom_negative);
      emit(MarketMetric::WomHeardPositive, b, g, t.heard_positive);
      emit(MarketMetric::WomHeardNegative, b, g, t.heard_negative);
      emit(MarketMetric::ReferralRewards, b, g, a.referral_rewards);
      emit(MarketMetric::OfferCosts, b, g, a.offer_costs);
      emit(MarketMetric::Purchases, b, g, t.purchases);
      emit(MarketMetric::GrossMargin, b, g, a.margin);
      if (scenario_.output.attribution) emit_causes(frame, b, g, a.causes);
      if (scenario_.output.cascades) emit_cascades(frame, b, g);
      emit(MarketMetric::DataSharing, b, g, ratio(t.sharing_customers, customers));
      if (brand_row) emit(MarketMetric::DataSharingAware, b, g, ratio(t.sharing_aware, t.aware));
      emit(MarketMetric::Delivered, b, g, ratio(t.delivered, t.purchases));
      emit(MarketMetric::Satisfaction, b, g, ratio(t.satisfaction, customers));
      emit(MarketMetric::Expectation, b, g, ratio(t.expectation, customers));
      emit(MarketMetric::Habituation, b, g, ratio(t.habituation, customers));
      emit(MarketMetric::Agreeing, b, g, ratio(t.agreeing, customers));
      if (g != kAllLabel) continue;

      // Brand-level (generation "all") metrics.
      WeekFlows window;
      for (unsigned k = 0; k < brand_count; ++k) {
        if (brand_row && k != b) continue;
        for (const WeekFlows& w : rolling_[k]) {
          window.ad_spend += w.ad_spend;
          window.referral_rewards += w.referral_rewards;
          window.offer_costs_new += w.offer_costs_new;
          window.new_customers += w.new_customers;
          window.lost += w.lost;
          window.start_customers += w.start_customers;
        }
      }
      double spend = 0.0;
      for (unsigned k = 0; k < brand_count; ++k)
        if (!brand_row || k == b) spend += ad_spend_[k];
      emit(MarketMetric::AdSpend, b, g, spend);
      emit(MarketMetric::Cac, b, g,
           customer_acquisition_cost(window.ad_spend, window.referral_rewards,
                                     window.offer_costs_new, window.new_customers));
      const double retention =
          window.start_customers > 0
              ? 1.0 - static_cast<double>(window.lost) / static_cast<double>(window.start_customers)
              : kNaN;
      emit(MarketMetric::Retention, b, g, retention);
      if (!brand_row) {
        // Market: share of brands on the market that believe they beat the average (V7).
        const double mean_q = mean_quality_on_market(brands_);
        unsigned on = 0, believers = 0;
        for (const auto& brand : brands_)
          if (brand.on_market) {
            ++on;
            if (brand.claim > mean_q) ++believers;
          }
        emit(MarketMetric::Believers, b, g, ratio(believers, on));
        continue;
      }
      const BrandState& brand = brands_[b];
      emit(MarketMetric::Goodwill, b, g, brand.goodwill);
      emit(MarketMetric::Reach, b, g, brand.reach);
      emit(MarketMetric::CopyEffect, b, g, brand.copy_effect);
      emit(MarketMetric::Clv, b, g,
           customer_lifetime_value(brand.levers.margin * purchases_per_week, retention, discount));
      emit(MarketMetric::Trust, b, g, brand.trust);
      emit(MarketMetric::Claim, b, g, brand.claim);
      emit(MarketMetric::Gap, b, g, brand.claim - ratio(t.satisfaction, customers));
      emit(MarketMetric::Price, b, g, brand.levers.price);
      emit(MarketMetric::Quality, b, g, brand.levers.quality);
      emit(MarketMetric::OnMarket, b, g, brand.on_market ? 1.0 : 0.0);
    }
  }
  return frame;
}

std::unique_ptr<Model> make_market_model(const Scenario& scenario,
                                         std::shared_ptr<const SocialGraph> graph) {
  return std::make_unique<MarketModel>(scenario, std::move(graph));
}

}  // namespace murmur
