#include "viz/history.hpp"

#include <algorithm>
#include <limits>

namespace murmur::viz {

namespace {
std::uint16_t slot_of(std::uint16_t label) {
  return label == kAllLabel ? 0 : static_cast<std::uint16_t>(label + 1);
}
}  // namespace

void History::clear() {
  for (int b = 0; b < 2; ++b) {
    steps_[b].clear();
    values_[b].clear();
  }
  metrics_ = 0;
  brands_ = 1;
  generations_ = 1;
  present_.clear();
}

Step History::last_step(Branch branch) const noexcept {
  const auto& steps = steps_[index(branch)];
  return steps.empty() ? 0 : steps.back();
}

std::size_t History::slot(std::uint16_t metric, std::uint16_t brand,
                          std::uint16_t generation) const {
  return (static_cast<std::size_t>(metric) * brands_ + slot_of(brand)) * generations_ +
         slot_of(generation);
}

float History::value(Branch branch, std::size_t i, std::uint16_t metric, std::uint16_t brand,
                     std::uint16_t generation) const {
  if (metric >= metrics_ || slot_of(brand) >= brands_ || slot_of(generation) >= generations_)
    return std::numeric_limits<float>::quiet_NaN();
  const std::size_t per_step = static_cast<std::size_t>(metrics_) * brands_ * generations_;
  return values_[index(branch)][i * per_step + slot(metric, brand, generation)];
}

bool History::has(std::uint16_t metric, std::uint16_t brand, std::uint16_t generation) const {
  if (metric >= metrics_ || slot_of(brand) >= brands_ || slot_of(generation) >= generations_)
    return false;
  return present_[slot(metric, brand, generation)] != 0;
}

void History::grow_to_fit(const MetricsFrame& frame) {
  std::uint16_t metrics = metrics_, brands = brands_, generations = generations_;
  for (const MetricValue& v : frame.values) {
    metrics = std::max<std::uint16_t>(metrics, static_cast<std::uint16_t>(v.metric + 1));
    brands = std::max<std::uint16_t>(brands, static_cast<std::uint16_t>(slot_of(v.brand) + 1));
    generations =
        std::max<std::uint16_t>(generations, static_cast<std::uint16_t>(slot_of(v.generation) + 1));
  }
  if (metrics == metrics_ && brands == brands_ && generations == generations_) return;
  // Rare (first frame, or a model adding a label): copy what we have into the larger layout.
  const std::uint16_t old_metrics = metrics_, old_brands = brands_, old_generations = generations_;
  const std::size_t old_per_step =
      static_cast<std::size_t>(old_metrics) * old_brands * old_generations;
  const std::vector<std::uint8_t> old_present = present_;
  metrics_ = metrics;
  brands_ = brands;
  generations_ = generations;
  const std::size_t per_step = static_cast<std::size_t>(metrics_) * brands_ * generations_;
  present_.assign(per_step, 0);
  for (std::uint16_t m = 0; m < old_metrics; ++m)
    for (std::uint16_t b = 0; b < old_brands; ++b)
      for (std::uint16_t g = 0; g < old_generations; ++g)
        present_[(static_cast<std::size_t>(m) * brands_ + b) * generations_ + g] =
            old_present[(static_cast<std::size_t>(m) * old_brands + b) * old_generations + g];
  for (auto& values : values_) {
    const std::size_t steps = old_per_step == 0 ? 0 : values.size() / old_per_step;
    std::vector<float> grown(steps * per_step, std::numeric_limits<float>::quiet_NaN());
    for (std::size_t i = 0; i < steps; ++i)
      for (std::uint16_t m = 0; m < old_metrics; ++m)
        for (std::uint16_t b = 0; b < old_brands; ++b)
          for (std::uint16_t g = 0; g < old_generations; ++g)
            grown[i * per_step + (static_cast<std::size_t>(m) * brands_ + b) * generations_ + g] =
                values[i * old_per_step +
                       (static_cast<std::size_t>(m) * old_brands + b) * old_generations + g];
    values.swap(grown);
  }
}

void History::add(Branch branch, const MetricsFrame& frame) {
  const std::size_t per_step = static_cast<std::size_t>(metrics_) * brands_ * generations_;
  auto& values = values_[index(branch)];
  const std::size_t base = values.size();
  values.resize(base + per_step, std::numeric_limits<float>::quiet_NaN());
  for (const MetricValue& v : frame.values) {
    const std::size_t s = slot(v.metric, v.brand, v.generation);
    values[base + s] = static_cast<float>(v.value);
    present_[s] = 1;
  }
  steps_[index(branch)].push_back(frame.step);
}

void History::append(const std::vector<FrameRecord>& records) {
  for (const FrameRecord& record : records) {
    if (record.epoch != epoch_) {
      clear();
      epoch_ = record.epoch;
      fork_epoch_ = record.fork_epoch;
    }
    if (record.fork_epoch != fork_epoch_) {
      steps_[1].clear();
      values_[1].clear();
      fork_epoch_ = record.fork_epoch;
    }
    grow_to_fit(record.frame);
    add(record.branch, record.frame);
  }
}

}  // namespace murmur::viz
