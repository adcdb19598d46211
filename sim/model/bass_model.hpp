#pragma once
// The Bass diffusion model on a social graph (Bass 1969; docs/model.md §8): the foundation's
// docking baseline and the speed benchmark for everything that follows.
//
// One product. Each week a non-adopter adopts with probability
//   h = 1 − exp(−(p + q·m/k)·Δt)
// where m of its k neighbours had adopted by the previous week (fully mixed: m/k = F, the
// adopted share of the whole population), p and q are per year and Δt = 1/weeks_per_year.
// An adopter never leaves. With two independent channels (advertising p, word of mouth q)
// this is the exact per-step hazard; its mean field F' = F + (1 − F)·h tends to the Bass
// equation as Δt → 0.
//
// State: one byte per customer, double-buffered (2 B per customer): neighbours read last
// week's byte, so the step is order-free and parallel.

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/model/model.hpp"

namespace murmur {

class BassModel final : public Model {
 public:
  BassModel(const Scenario& scenario, std::shared_ptr<const SocialGraph> graph);

  [[nodiscard]] const MetricsSchema& schema() const override { return schema_; }
  /// The metrics every Bass run reports (its schema's metric_names), known before building.
  [[nodiscard]] static std::vector<std::string> metric_names();
  [[nodiscard]] Step current_step() const override { return step_; }
  void step() override;
  [[nodiscard]] MetricsFrame measure() const override;
  [[nodiscard]] std::string save_state() const override;
  void load_state(std::string_view state) override;
  [[nodiscard]] std::size_t state_bytes() const override;
  [[nodiscard]] std::unique_ptr<Model> clone() const override {
    return std::make_unique<BassModel>(*this);
  }
  [[nodiscard]] std::vector<LeverInfo> levers() const override;
  void set_lever(std::uint16_t brand, const std::string& name, double value) override;
  [[nodiscard]] CustomerView customer_view(CustomerIndex customer) const override;
  [[nodiscard]] const SocialGraph& graph() const override { return *graph_; }

  [[nodiscard]] std::uint64_t adopter_count() const noexcept { return adopters_; }
  [[nodiscard]] double adopted_share() const noexcept;
  /// 1 if the customer has adopted, else 0.
  [[nodiscard]] std::uint8_t adopted(CustomerIndex customer) const noexcept {
    return current()[customer];
  }
  /// Adjacency entries read during the last step (non-adopters read their whole row).
  [[nodiscard]] std::uint64_t edge_visits_last_step() const noexcept { return edge_visits_; }

 private:
  [[nodiscard]] const std::vector<std::uint8_t>& current() const noexcept {
    return adopted_[current_];
  }
  void seed_initial_adopters(double seeded_fraction, SeedingStrategy strategy);
  void set_rates(double innovation_per_year, double imitation_per_year);

  std::shared_ptr<const SocialGraph> graph_;
  Seed seed_;
  double weeks_per_year_;
  std::uint32_t social_threshold_;  // adopter friends needed before word of mouth acts
  double innovation_per_year_;
  double imitation_per_year_;
  double innovation_per_step_;  // p·Δt
  double imitation_per_step_;   // q·Δt
  double no_innovation_;        // exp(−p·Δt): P(an ad does not convert this week)
  MetricsSchema schema_;
  std::vector<std::uint8_t> adopted_[2];  // 0/1 per customer; [current_] = state at step_
  unsigned current_ = 0;
  Step step_ = 0;
  std::uint64_t adopters_ = 0;
  std::uint64_t new_adopters_ = 0;
  std::uint64_t edge_visits_ = 0;
};

}  // namespace murmur
