#include "sim/model/bass_model.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "sim/core/parallel.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/state_archive.hpp"
#include "sim/graph/seeding.hpp"

namespace murmur {

namespace {
enum BassMetric : std::uint16_t { kAdopters, kAdoption, kNewAdopters };

struct BlockTally {
  std::uint64_t new_adopters = 0;
  std::uint64_t edge_visits = 0;
};
}  // namespace

std::vector<std::string> BassModel::metric_names() {
  return {"adopters", "adoption", "new_adopters"};
}

BassModel::BassModel(const Scenario& scenario, std::shared_ptr<const SocialGraph> graph)
    : graph_(std::move(graph)),
      seed_(scenario.seed),
      weeks_per_year_(scenario.weeks_per_year),
      social_threshold_(std::max<std::uint32_t>(1, scenario.bass.social_threshold)),
      schema_{metric_names(), {"product"}, {}} {
  set_rates(scenario.bass.innovation_per_year, scenario.bass.imitation_per_year);
  const CustomerIndex n = graph_->customer_count();
  adopted_[0].assign(n, 0);
  adopted_[1].assign(n, 0);
  seed_initial_adopters(scenario.bass.seeded_fraction, scenario.bass.seeding);
}

void BassModel::seed_initial_adopters(double seeded_fraction, SeedingStrategy strategy) {
  if (seeded_fraction <= 0.0) return;
  auto& state = adopted_[current_];
  if (strategy != SeedingStrategy::Random) {  // exactly round(f·N), chosen by the strategy
    const auto count =
        static_cast<std::uint64_t>(std::llround(seeded_fraction * graph_->customer_count()));
    const auto chosen =
        select_customers(*graph_, strategy, count, derive_seed(seed_, 0, Purpose::Seeding));
    for (const CustomerIndex i : chosen) state[i] = 1;
    adopters_ = chosen.size();
    return;
  }
  std::vector<std::uint64_t> seeded(block_count(graph_->customer_count()), 0);
  for_each_block(graph_->customer_count(), [&](BlockRange block) {
    for (CustomerIndex i = block.begin; i < block.end; ++i) {
      RandomStream rng(seed_, 0, i, Purpose::Seeding);
      state[i] = rng.bernoulli(seeded_fraction) ? 1 : 0;
      seeded[block.index] += state[i];
    }
  });
  adopters_ = std::accumulate(seeded.begin(), seeded.end(), std::uint64_t{0});
}

void BassModel::set_rates(double innovation_per_year, double imitation_per_year) {
  innovation_per_year_ = innovation_per_year;
  imitation_per_year_ = imitation_per_year;
  innovation_per_step_ = innovation_per_year / weeks_per_year_;
  imitation_per_step_ = imitation_per_year / weeks_per_year_;
  no_innovation_ = std::exp(-innovation_per_step_);
}

std::vector<LeverInfo> BassModel::levers() const {
  return {{0, "innovation_per_year", innovation_per_year_, 0.0, 1.0},
          {0, "imitation_per_year", imitation_per_year_, 0.0, 5.0}};
}

void BassModel::set_lever(std::uint16_t brand, const std::string& name, double value) {
  if (brand != 0) throw std::invalid_argument("the Bass model has one product (brand 0)");
  if (name == "innovation_per_year")
    set_rates(value, imitation_per_year_);
  else if (name == "imitation_per_year")
    set_rates(innovation_per_year_, value);
  else
    throw std::invalid_argument("unknown Bass lever '" + name + "'");
}

CustomerView BassModel::customer_view(CustomerIndex customer) const {
  CustomerView view;
  view.brand = current()[customer] ? 0 : kAllLabel;
  view.advocacy = current()[customer] ? 1 : 0;  // every adopter talks (imitation)
  view.satisfaction = std::nanf("");
  if (!graph_->is_fully_mixed()) {
    std::uint32_t adopters = 0;
    for (CustomerIndex j : graph_->neighbours(customer)) adopters += adopted_[current_ ^ 1u][j];
    view.heard_from =
        adopters;  // adopters among neighbours a step ago: who could have persuaded it
    view.heard_brand = adopters > 0 ? 0 : kAllLabel;
    view.heard_valence = adopters > 0 ? 1 : 0;
  }
  return view;
}

double BassModel::adopted_share() const noexcept {
  const CustomerIndex n = graph_->customer_count();
  return n == 0 ? 0.0 : static_cast<double>(adopters_) / n;
}

void BassModel::step() {
  const std::vector<std::uint8_t>& before = adopted_[current_];
  std::vector<std::uint8_t>& after = adopted_[current_ ^ 1u];
  const Step next_step = step_ + 1;
  const bool fully_mixed = graph_->is_fully_mixed();
  const double population_share = adopted_share();
  const auto row_starts = graph_->row_starts();
  const auto columns = graph_->neighbour_indices();
  const std::uint8_t* before_data = before.data();

  std::vector<BlockTally> tallies(block_count(graph_->customer_count()));
  for_each_block(graph_->customer_count(), [&](BlockRange block) {
    BlockTally tally;
    for (CustomerIndex i = block.begin; i < block.end; ++i) {
      if (before_data[i]) {
        after[i] = 1;
        continue;
      }
      double adopted_fraction = population_share;
      if (!fully_mixed) {
        const std::uint32_t row_begin = row_starts[i];
        const std::uint32_t row_end = row_starts[i + 1];
        std::uint32_t adopted_neighbours = 0;
        for (std::uint32_t e = row_begin; e < row_end; ++e)
          adopted_neighbours += before_data[columns[e]];
        tally.edge_visits += row_end - row_begin;
        // Complex contagion (Centola & Macy 2007): below the threshold, friends do not persuade.
        adopted_fraction = row_end == row_begin || adopted_neighbours < social_threshold_
                               ? 0.0
                               : static_cast<double>(adopted_neighbours) / (row_end - row_begin);
      }
      // P(no adoption) = exp(−pΔt)·exp(−qΔt·m/k): skip the exp when nobody talks.
      const double stay = adopted_fraction == 0.0
                              ? no_innovation_
                              : no_innovation_ * std::exp(-imitation_per_step_ * adopted_fraction);
      RandomStream rng(seed_, next_step, i, Purpose::Adoption);
      const std::uint8_t adopts = rng.uniform() >= stay ? 1 : 0;
      after[i] = adopts;
      tally.new_adopters += adopts;
    }
    tallies[block.index] = tally;
  });

  // Fold the per-block tallies in block order: the result never depends on thread count.
  new_adopters_ = 0;
  edge_visits_ = 0;
  for (const BlockTally& tally : tallies) {
    new_adopters_ += tally.new_adopters;
    edge_visits_ += tally.edge_visits;
  }
  adopters_ += new_adopters_;
  current_ ^= 1u;
  step_ = next_step;
}

MetricsFrame BassModel::measure() const {
  MetricsFrame frame;
  frame.step = step_;
  frame.add(kAdopters, 0, kAllLabel, static_cast<double>(adopters_));
  frame.add(kAdoption, 0, kAllLabel, adopted_share());
  frame.add(kNewAdopters, 0, kAllLabel, static_cast<double>(new_adopters_));
  return frame;
}

std::string BassModel::save_state() const {
  StateWriter out;
  out(step_);
  out(adopters_);
  out(new_adopters_);
  out(innovation_per_year_);
  out(imitation_per_year_);
  out(current());
  return out.take();
}

void BassModel::load_state(std::string_view state) {
  StateReader in(state);
  Step step = 0;
  std::uint64_t adopters = 0, new_adopters = 0;
  double innovation = 0.0, imitation = 0.0;
  std::vector<std::uint8_t> adopted;
  in(step);
  in(adopters);
  in(new_adopters);
  in(innovation);
  in(imitation);
  in(adopted);
  in.expect_end();
  if (adopted.size() != graph_->customer_count())
    throw StateFormatError("the state has " + std::to_string(adopted.size()) +
                           " customers; the graph has " + std::to_string(graph_->customer_count()));
  step_ = step;
  adopters_ = adopters;
  new_adopters_ = new_adopters;
  set_rates(innovation, imitation);
  adopted_[current_] = std::move(adopted);
  adopted_[current_ ^ 1u].assign(adopted_[current_].size(), 0);
}

std::size_t BassModel::state_bytes() const {
  return (adopted_[0].capacity() + adopted_[1].capacity()) * sizeof(std::uint8_t);
}

}  // namespace murmur
