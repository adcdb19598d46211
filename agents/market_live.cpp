// The market model as a live dashboard sees it: its levers by name, and one customer's
// state for the network inspector. Lever names and ranges are the scenario schema's, so a
// slider and a set_lever intervention accept exactly what a scenario file does.
//
// Market-wide levers (brand kAllLabel) are named by their scenario paths:
//   generation_mix[4.0]                 the share of customers in a generation, moved live;
//   generations[4.0].wom_susceptibility a key parameter of a generation's profile.

#include <array>
#include <cmath>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "agents/market_model.hpp"
#include "sim/core/parallel.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/scenario_schema.hpp"

namespace murmur {

namespace {

/// The generation parameters a workshop moves (docs/model.md §3): how customers hear, talk, weigh
/// price and data, and leave.
constexpr std::array<std::string_view, 10> kLiveGenerationParameters = {
    "ad_receptivity",  "wom_susceptibility",    "wom_talkativeness",
    "negative_weight", "price_sensitivity",     "inertia",
    "base_churn",      "dissatisfaction_churn", "personalisation_value",
    "privacy_concern"};

constexpr std::string_view kMixPrefix = "generation_mix[";
constexpr std::string_view kProfilePrefix = "generations[";

/// Slider bounds: the schema's range, or a range around today's value where it is unbounded.
std::pair<double, double> slider_range(const Range& range, double value) {
  const double low = std::isfinite(range.min) ? range.min : std::min(0.0, value);
  const double high = std::isfinite(range.max) ? range.max : std::max(1.0, 4.0 * std::abs(value));
  return {low, high};
}

const NumericKey* find_key(const std::vector<NumericKey>& keys, std::string_view name) {
  for (const NumericKey& key : keys)
    if (key.key == name) return &key;
  return nullptr;
}

}  // namespace

std::vector<LeverInfo> MarketModel::levers() const {
  std::vector<LeverInfo> out;
  for (std::uint16_t b = 0; b < brands_.size(); ++b) {
    BrandSpec spec = brands_[b].levers;  // find_brand_lever needs a mutable spec
    for (const NumericKey& key : brand_levers()) {
      const double* value = find_brand_lever(spec, key.key);
      if (value == nullptr) continue;
      const auto [low, high] = slider_range(key.range, *value);
      out.push_back({b, std::string(key.key), *value, low, high});
    }
  }
  const double population = static_cast<double>(customers_.count);
  const auto parameters = generation_parameters();
  for (std::size_t g = 0; g < scenario_.generations.size(); ++g) {
    GenerationProfile profile =
        scenario_.generations[g];  // find_generation_parameter needs it mutable
    const double share = totals_.sums.generations[g].population / population;
    out.push_back({kAllLabel, fmt::format("{}{}]", kMixPrefix, profile.name), share, 0.0, 1.0});
    for (const std::string_view name : kLiveGenerationParameters) {
      const double value = *find_generation_parameter(profile, name);
      const auto [low, high] = slider_range(find_key(parameters, name)->range, value);
      out.push_back({kAllLabel, fmt::format("{}{}].{}", kProfilePrefix, profile.name, name), value,
                     low, high});
    }
  }
  return out;
}

GenerationIndex MarketModel::generation_index(std::string_view name) const {
  for (std::size_t g = 0; g < scenario_.generations.size(); ++g)
    if (scenario_.generations[g].name == name) return static_cast<GenerationIndex>(g);
  throw std::invalid_argument(fmt::format("unknown generation '{}'", name));
}

void MarketModel::set_market_lever(const std::string& name, double value) {
  const auto close = name.find(']');
  if (name.starts_with(kMixPrefix) && close == name.size() - 1) {
    if (!(value >= 0.0 && value <= 1.0))
      throw std::invalid_argument("a generation's share must be in [0, 1]");
    remix_generations(generation_index(std::string_view(name).substr(kMixPrefix.size(),
                                                                     close - kMixPrefix.size())),
                      value);
    return;
  }
  if (name.starts_with(kProfilePrefix) && close != std::string::npos &&
      name.compare(close, 2, "].") == 0) {
    const GenerationIndex g = generation_index(
        std::string_view(name).substr(kProfilePrefix.size(), close - kProfilePrefix.size()));
    const std::string_view parameter = std::string_view(name).substr(close + 2);
    const auto parameters = generation_parameters();
    const NumericKey* key = find_key(parameters, parameter);
    if (key == nullptr)
      throw std::invalid_argument(fmt::format("unknown generation parameter '{}'", parameter));
    if (!key->range.contains(value))
      throw std::invalid_argument(fmt::format("'{}' must be {}", parameter, key->range.text()));
    *find_generation_parameter(scenario_.generations[g], parameter) = value;
    return;
  }
  throw std::invalid_argument("unknown market lever '" + name + "'");
}

void MarketModel::remix_generations(GenerationIndex target, double share) {
  // New shares: `target` gets `share`, the others keep their proportions. Then the fewest
  // customers move: one in a generation above its new share moves with probability
  // (surplus / its share), to a generation below its new share chosen in proportion to the
  // deficits. Customers keep their brand, attitudes and memories; only their profile changes.
  const std::size_t generations = scenario_.generations.size();
  const double population = static_cast<double>(customers_.count);
  std::vector<double> now(generations), next(generations);
  for (std::size_t g = 0; g < generations; ++g)
    now[g] = totals_.sums.generations[g].population / population;
  const double others = 1.0 - now[target];
  for (std::size_t g = 0; g < generations; ++g)
    next[g] = g == target    ? share
              : others > 0.0 ? now[g] * (1.0 - share) / others
                             : (1.0 - share) / double(generations - 1);
  std::vector<double> leave(generations, 0.0), deficit(generations, 0.0);
  double total_deficit = 0.0;
  for (std::size_t g = 0; g < generations; ++g) {
    if (next[g] < now[g])
      leave[g] = (now[g] - next[g]) / now[g];
    else
      total_deficit += (deficit[g] = next[g] - now[g]);
  }
  if (total_deficit <= 0.0) return;
  const Seed draws = derive_seed(scenario_.seed, live_remixes_++, Purpose::Generational);
  Customers& c = customers_;
  for_each_block(c.count, [&](BlockRange r) {
    for (CustomerIndex i = r.begin; i < r.end; ++i) {
      RandomStream rng(draws, step_, i, Purpose::Generational);
      if (rng.uniform() >= leave[c.generation[i]]) continue;
      double pick = rng.uniform() * total_deficit;
      GenerationIndex g = 0;
      while (g + 1u < generations && pick >= deficit[g]) pick -= deficit[g++];
      c.generation[i] = g;
    }
  });
  scenario_.population.generation_mix = next;
  refresh_metrics();
}

void MarketModel::set_lever(std::uint16_t brand, const std::string& name, double value) {
  if (brand == kAllLabel) return set_market_lever(name, value);
  if (brand >= brands_.size())
    throw std::invalid_argument("unknown brand index " + std::to_string(brand));
  double* lever = find_brand_lever(brands_[brand].levers, name);
  if (lever == nullptr) throw std::invalid_argument("unknown brand lever '" + name + "'");
  for (const NumericKey& key : brand_levers())
    if (key.key == name && !key.range.contains(value))
      throw std::invalid_argument("lever '" + name + "' must be " + key.range.text());
  *lever = value;
  if (name == "trust") brands_[brand].trust = value;  // trust is also state: the lever resets it
}

CustomerView MarketModel::customer_view(CustomerIndex customer) const {
  CustomerView view;
  const BrandIndex brand = customers_.brand[customer];
  view.brand = brand == kNoBrand ? kAllLabel : brand;
  view.generation = customers_.generation[customer];
  switch (nps_class(customers_.flags[customer])) {
    case NpsClass::Promoter:
      view.advocacy = 1;
      break;
    case NpsClass::Detractor:
      view.advocacy = -1;
      break;
    default:
      view.advocacy = 0;
  }
  view.satisfaction = brand == kNoBrand ? std::nanf("") : customers_.satisfaction[customer];
  if (!customers_.adopted_by.empty() && brand != kNoBrand)
    view.adoption_causes = customers_.adopted_by[customer];
  // What it heard this week: its neighbours' broadcasts of the previous week (the buffer the
  // word-of-mouth phase read); the brand most spoken of and the net valence.
  const auto& heard = customers_.broadcast[parity_ ^ 1u];
  std::array<int, kMaxBrands> net{};
  std::array<std::uint32_t, kMaxBrands> count{};
  for (CustomerIndex j : graph_->neighbours(customer)) {
    const Broadcast b = heard[j];
    if (broadcast_valence(b) == Valence::None) continue;
    ++view.heard_from;
    ++count[broadcast_brand(b)];
    net[broadcast_brand(b)] += broadcast_valence(b) == Valence::Positive ? 1 : -1;
  }
  std::uint32_t loudest = 0;
  for (std::uint16_t b = 0; b < brands_.size(); ++b)
    if (count[b] > loudest) {
      loudest = count[b];
      view.heard_brand = b;
      view.heard_valence = static_cast<std::int8_t>(net[b] > 0 ? 1 : net[b] < 0 ? -1 : 0);
    }
  return view;
}

}  // namespace murmur
