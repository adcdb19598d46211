// Interventions on the market's timeline (scenario `interventions:`; the dashboard's event
// buttons). At the start of each week, before the brands act: first the timed changes whose
// weeks are over are undone, then every scenario intervention whose trigger fires is applied,
// in file order. A trigger is a week (`at_step`) or a condition on a brand's metric at the
// end of last week (`when`), which fires when it starts to hold (once, unless `once: false`).
//
// What each kind does (docs/model.md, "Interventions"):
//   set_lever         brand.lever = value (restored after `weeks` if given)
//   campaign          ad_budget += value for `weeks`
//   scandal           quality −= value for `weeks` (0 = for good); at once trust halves and
//                     each customer sharing data with the brand stops with probability ρ_g
//   entry / exit      the brand enters or leaves the market this week
//   seed_ambassadors  a share `value` of all customers, chosen by `seeding`, become the
//                     brand's delighted customers (promoters) now
//   price_war         every listed brand cuts its price by the fraction `value` for `weeks`

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "agents/market_model.hpp"
#include "sim/core/parallel.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/scenario_schema.hpp"
#include "sim/graph/seeding.hpp"

namespace murmur {

namespace {

constexpr double kScandalTrustLoss = 0.5;  // trust halves (assumption; docs/model.md)

NumericKey lever_key(const std::string& name) {
  for (const NumericKey& key : brand_levers())  // by value: brand_levers() is a temporary
    if (key.key == name) return key;
  throw std::invalid_argument("unknown brand lever '" + name + "'");
}

/// The nearest value the range admits (just inside an open bound).
double clamp_into(const Range& range, double x) {
  x = std::clamp(x, range.min, range.max);
  if (range.min_open && x <= range.min) return std::nextafter(range.min, range.max);
  if (range.max_open && x >= range.max) return std::nextafter(range.max, range.min);
  return x;
}

}  // namespace

bool condition_holds(const TriggerSpec& trigger, double value) noexcept {
  if (std::isnan(value)) return false;
  if (trigger.above) return value > *trigger.above;
  if (trigger.below) return value < *trigger.below;
  return false;
}

bool advance_trigger(const TriggerSpec& trigger, TriggerState& state, double value) noexcept {
  const bool holds = condition_holds(trigger, value);
  const bool fires = holds && !state.held && !(trigger.once && state.fired);
  state.held = holds;
  state.fired = state.fired || fires;
  return fires;
}

BrandIndex MarketModel::brand_index(const std::string& name) const {
  const auto& labels = schema_.brand_labels;
  const auto it = std::find(labels.begin(), labels.end(), name);
  if (it == labels.end()) throw std::invalid_argument("unknown brand '" + name + "'");
  return static_cast<BrandIndex>(it - labels.begin());
}

void MarketModel::apply_interventions(Step week) {
  undo_expired(week);
  log_.triggers.resize(scenario_.interventions.size());
  std::optional<MetricsFrame> metrics;  // measured once, only if a condition needs it
  for (std::size_t i = 0; i < scenario_.interventions.size(); ++i)
    if (trigger_fires(i, week, metrics)) apply_intervention(scenario_.interventions[i]);
}

bool MarketModel::trigger_fires(std::size_t intervention, Step week,
                                std::optional<MetricsFrame>& metrics) {
  const TriggerSpec& trigger = scenario_.interventions[intervention].trigger;
  if (trigger.at_step) return *trigger.at_step == week;
  if (!metrics) metrics = measure();
  const double value = metrics->get(schema_.metric_id(trigger.metric), brand_index(trigger.brand));
  return advance_trigger(trigger, log_.triggers[intervention], value);
}

void MarketModel::undo_expired(Step week) {
  auto& pending = log_.restores;
  for (const LeverRestore& restore : pending) {
    if (restore.week != week) continue;
    double* lever = find_brand_lever(brands_[restore.brand].levers, restore.lever);
    const Range range = lever_key(restore.lever).range;
    *lever = clamp_into(range, *lever - restore.applied);
  }
  std::erase_if(pending, [week](const LeverRestore& r) { return r.week <= week; });
}

void MarketModel::adjust_lever(BrandIndex brand, const std::string& lever, double delta,
                               Step weeks) {
  double* value = find_brand_lever(brands_.at(brand).levers, lever);
  const Range range = lever_key(lever).range;
  const double before = *value;
  *value = clamp_into(range, before + delta);
  if (weeks > 0) log_.restores.push_back({step_ + weeks, brand, lever, *value - before});
}

void MarketModel::apply_intervention(const InterventionSpec& intervention) {
  // Check everything first, so a rejected event (from the dashboard) changes nothing.
  std::vector<BrandIndex> targets;
  for (const std::string& name : intervention.brands) targets.push_back(brand_index(name));
  const double value = intervention.value;
  if (intervention.kind == InterventionKind::SetLever &&
      !lever_key(intervention.lever).range.contains(value))
    throw std::invalid_argument("lever '" + intervention.lever + "' must be " +
                                lever_key(intervention.lever).range.text());

  const Step weeks = intervention.weeks;
  for (const BrandIndex b : targets) {
    BrandSpec& levers = brands_[b].levers;
    switch (intervention.kind) {
      case InterventionKind::SetLever:
        adjust_lever(b, intervention.lever, value - *find_brand_lever(levers, intervention.lever),
                     weeks);
        if (intervention.lever == "trust") brands_[b].trust = levers.trust;  // trust is also state
        break;
      case InterventionKind::Campaign:
        adjust_lever(b, "ad_budget", value, weeks);
        break;
      case InterventionKind::Scandal:
        adjust_lever(b, "quality", -value, weeks);
        brands_[b].trust *= kScandalTrustLoss;
        revoke_data_sharing(b);
        break;
      case InterventionKind::PriceWar:
        adjust_lever(b, "price", -value * levers.price, weeks);
        break;
      case InterventionKind::Entry:
        levers.entry_step = step_;
        if (levers.exit_step <= step_) levers.exit_step = std::numeric_limits<Step>::max();
        break;
      case InterventionKind::Exit:
        levers.exit_step = step_;
        break;
      case InterventionKind::SeedAmbassadors:
        seed_ambassadors(b, value, intervention.seeding);
        break;
    }
  }
  log_.fired.push_back({step_, intervention.name, intervention.kind});
}

void MarketModel::revoke_data_sharing(BrandIndex brand) {
  // docs/model.md §6: a scandal makes each customer sharing data with the brand stop with
  // probability ρ_g, its generation's privacy concern.
  const Seed draws = derive_seed(scenario_.seed, static_cast<std::uint32_t>(log_.fired.size()),
                                 Purpose::DataSharing);
  const std::uint64_t bit = std::uint64_t{1} << brand;
  Customers& c = customers_;
  for_each_block(c.count, [&](BlockRange r) {
    for (CustomerIndex i = r.begin; i < r.end; ++i) {
      if ((c.shares[i] & bit) == 0) continue;
      const double concern = scenario_.generations[c.generation[i]].privacy_concern;
      if (RandomStream(draws, step_, i, Purpose::DataSharing).uniform() < concern)
        c.shares[i] &= ~bit;
    }
  });
  refresh_metrics();
}

void MarketModel::seed_ambassadors(BrandIndex brand, double fraction, SeedingStrategy strategy) {
  const BrandSpec& levers = brands_[brand].levers;
  const bool on_market_this_week = levers.entry_step <= step_ && step_ < levers.exit_step;
  if (!on_market_this_week || fraction <= 0.0) return;
  // One stream per intervention applied: two seedings in a week pick different customers,
  // and a forked market picks the same ones in both branches.
  const Seed draw_seed = derive_seed(scenario_.seed, static_cast<std::uint32_t>(log_.fired.size()),
                                     Purpose::Intervention);
  const auto count =
      static_cast<std::uint64_t>(std::llround(fraction * static_cast<double>(customers_.count)));
  const std::vector<CustomerIndex> chosen = select_customers(*graph_, strategy, count, draw_seed);

  // Ambassadors are recruited delighted customers: satisfaction 10 makes them promoters now;
  // they expect what the brand claims, so their own purchases then settle their satisfaction.
  const double mean_quality = mean_quality_on_market(brands_);
  const auto generations = scenario_.generations.size();
  const std::uint64_t bit = std::uint64_t{1} << brand;
  Customers& c = customers_;
  std::vector<CascadeEvent> spells;  // for the cascades: ambassadors are new roots
  for (const CustomerIndex i : chosen) {
    Attitude& attitude = c.attitudes(i)[brand];
    attitude = std::max(attitude, to_attitude(brands_[brand].claim - mean_quality));
    c.aware[i] |= bit;
    if (c.brand[i] != brand) {
      if (c.brand[i] != kNoBrand)
        spells.push_back({i, 0, c.brand[i], c.generation[i], CascadeEventKind::Left});
      spells.push_back({i, 0, brand, c.generation[i], CascadeEventKind::Adopted});
      c.brand[i] = brand;
      c.tenure[i] = 0;
      ++acquisitions_[brand * generations + c.generation[i]];
      if (!c.adopted_by.empty()) c.adopted_by[i] = cause_bit(AdoptionCause::Seeding);
    }
    c.expectation[i] = static_cast<float>(std::clamp(brands_[brand].claim, 0.0, 10.0));
    c.satisfaction[i] = 10.0f;
    c.flags[i] = with_nps_class(
        static_cast<std::uint8_t>((c.flags[i] | flag::kAdoptedEver) & ~flag::kReferred),
        NpsClass::Promoter);
  }
  if (scenario_.output.cascades) cascades_.defer(spells);
  refresh_metrics();
}

void MarketModel::select_entry_seeds(std::uint64_t entering) {
  entry_seeds_.assign(brands_.size(), {});
  for (std::size_t b = 0; b < brands_.size(); ++b) {
    const BrandSpec& levers = brands_[b].levers;
    if (((entering >> b) & 1u) == 0 || levers.seeding == SeedingStrategy::Random ||
        levers.seeded_fraction <= 0.0)
      continue;
    const auto count = static_cast<std::uint64_t>(
        std::llround(levers.seeded_fraction * static_cast<double>(customers_.count)));
    entry_seeds_[b] = select_customers(
        *graph_, levers.seeding, count,
        derive_seed(scenario_.seed, static_cast<std::uint32_t>(b), Purpose::Seeding));
  }
}

}  // namespace murmur
