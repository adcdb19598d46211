// The market model as a live dashboard sees it: its levers by name, and one customer's
// state for the network inspector. Lever names and ranges are the scenario schema's, so a
// slider and a set_lever intervention accept exactly what a scenario file does.

#include <cmath>
#include <stdexcept>

#include "agents/market_model.hpp"
#include "sim/scenario_schema.hpp"

namespace murmur {

std::vector<LeverInfo> MarketModel::levers() const {
  std::vector<LeverInfo> out;
  for (std::uint16_t b = 0; b < brands_.size(); ++b) {
    BrandSpec spec = brands_[b].levers;  // find_brand_lever needs a mutable spec
    for (const BrandLeverKey& key : brand_levers()) {
      const double* value = find_brand_lever(spec, key.key);
      if (value == nullptr) continue;
      // Unbounded schema ranges get a slider range around today's value.
      const double low = std::isfinite(key.range.min) ? key.range.min : std::min(0.0, *value);
      const double high = std::isfinite(key.range.max) ? key.range.max : std::max(1.0, 4.0 * std::abs(*value));
      out.push_back({b, std::string(key.key), *value, low, high});
    }
  }
  return out;
}

void MarketModel::set_lever(std::uint16_t brand, const std::string& name, double value) {
  if (brand >= brands_.size()) throw std::invalid_argument("unknown brand index " + std::to_string(brand));
  double* lever = find_brand_lever(brands_[brand].levers, name);
  if (lever == nullptr) throw std::invalid_argument("unknown brand lever '" + name + "'");
  for (const BrandLeverKey& key : brand_levers())
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
    case NpsClass::Promoter: view.advocacy = 1; break;
    case NpsClass::Detractor: view.advocacy = -1; break;
    default: view.advocacy = 0;
  }
  view.satisfaction = brand == kNoBrand ? std::nanf("") : customers_.satisfaction[customer];
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
