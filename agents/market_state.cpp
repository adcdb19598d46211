// The market's state as bytes (sim/core/state_archive.hpp): one list of what evolves, read by
// save_state, load_state and so by state_hash. Derived tables (the local-presence coverage,
// per-block scratch) are rebuilt, not stored; the scenario's constants come from the
// scenario the model is built from. What a dashboard or an intervention can change (brand
// levers, generation profiles and mix) is stored, since it no longer equals the scenario.

#include <string>

#include "agents/market_model.hpp"
#include "sim/core/scenario_schema.hpp"
#include "sim/core/state_archive.hpp"
#include "sim/core/state_hash.hpp"

namespace murmur {

namespace {

template <class Archive>
void transfer_brand(BrandState& brand, Archive& archive) {
  for (const NumericKey& key : brand_levers()) archive(*find_brand_lever(brand.levers, key.key));
  archive(brand.levers.entry_step);
  archive(brand.levers.exit_step);
  archive(brand.goodwill);
  archive(brand.copy_effect);
  archive(brand.reach);
  archive(brand.claim);
  archive(brand.trust);
  archive(brand.on_market);
  archive(brand.ad_spend);
}

template <class Archive>
void transfer_profile(GenerationProfile& profile, Archive& archive) {
  for (const NumericKey& key : generation_parameters())
    archive(*find_generation_parameter(profile, key.key));
}

template <class Archive>
void transfer_log(InterventionLog& log, Archive& archive) {
  archive(log.triggers);
  archive.elements(log.restores, 1'000'000, [](LeverRestore& restore, Archive& a) {
    a(restore.week);
    a(restore.brand);
    a(restore.lever);
    a(restore.applied);
  });
  archive.elements(log.fired, 100'000'000, [](FiredIntervention& fired, Archive& a) {
    a(fired.week);
    a(fired.name);
    a(fired.kind);
  });
}

}  // namespace

template <class Archive>
void MarketModel::transfer_state(Archive& archive) {
  archive(step_);
  archive(parity_);
  Customers::for_each_field(customers_,
                            [&](auto& array, auto, Customers::Rows) { archive(array); });
  for (BrandState& brand : brands_) transfer_brand(brand, archive);
  for (GenerationProfile& profile : scenario_.generations) transfer_profile(profile, archive);
  archive(scenario_.population.generation_mix);
  archive(totals_.sums.cells);
  archive(totals_.sums.generations);
  if (scenario_.output.attribution) {  // absent otherwise: states without it keep their bytes
    archive(customers_.last_touch);
    archive(customers_.adopted_by);
    archive(totals_.sums.causes);
  }
  if (scenario_.output.cascades) {  // likewise
    cascades_.transfer(archive);
    archive(week_recruits_);
  }
  archive(start_customers_);
  archive(acquisitions_);
  archive(rolling_);
  archive(referral_rewards_);
  archive(offer_costs_);
  archive(ad_spend_);
  archive(live_remixes_);
  transfer_log(log_, archive);
}

template <class Writer>
void MarketModel::write_state(Writer& out) const {
  // transfer_state is shared with load_state, so it takes the model by mutable reference;
  // a writer only reads.
  const_cast<MarketModel&>(*this).transfer_state(out);
}

std::string MarketModel::save_state() const {
  return write_state_exactly([this](auto& out) { write_state(out); });
}

std::uint64_t MarketModel::state_hash() const {
  BasicStateWriter<StateHashSink> hasher;
  write_state(hasher);
  return hasher.take();
}

void MarketModel::load_state(std::string_view state) {
  // Read into a copy: a bad state leaves this model as it was.
  MarketModel loaded(*this);
  StateReader in(state);
  loaded.transfer_state(in);
  in.expect_end();
  const bool shapes_match =
      loaded.customers_.has_shape(customers_.count, static_cast<unsigned>(brands_.size())) &&
      loaded.totals_.sums.cells.size() == totals_.sums.cells.size() &&
      loaded.customers_.last_touch.size() == customers_.last_touch.size() &&
      loaded.customers_.adopted_by.size() == customers_.adopted_by.size() &&
      loaded.totals_.sums.causes.size() == totals_.sums.causes.size() &&
      (!scenario_.output.cascades ||
       loaded.cascades_.has_shape(customers_.count, static_cast<unsigned>(brands_.size()))) &&
      loaded.week_recruits_.size() == week_recruits_.size() &&
      loaded.rolling_.size() == rolling_.size() &&
      loaded.log_.triggers.size() <= scenario_.interventions.size();
  if (!shapes_match || loaded.parity_ > 1)
    throw StateFormatError("the state does not fit this market (another scenario or graph)");
  loaded.coverage_presence_.clear();  // rebuilt from the loaded levers at the next step
  loaded.rebuild_cell_coverage();
  *this = std::move(loaded);
}

}  // namespace murmur
