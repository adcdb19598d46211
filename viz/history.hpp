#pragma once
// The charts' memory, on the UI thread only: every MetricsFrame the runner produced, for the
// main branch and the fork, laid out densely as (steps x metrics x (brands+1) x (gens+1))
// floats so a chart reads a series without searching. Slot 0 of brand and generation is
// "all" (kAllLabel). Fed by draining SimulationRunner::take_frames() once per UI frame, so no
// step is ever missed, however slowly the UI draws.

#include <cstdint>
#include <vector>

#include "viz/session/runner.hpp"

namespace murmur::viz {

class History {
 public:
  /// Appends records in order; a new epoch clears everything, a new fork epoch the fork.
  void append(const std::vector<FrameRecord>& records);
  void clear();

  [[nodiscard]] std::uint32_t epoch() const noexcept { return epoch_; }
  [[nodiscard]] std::size_t size(Branch branch) const noexcept {
    return steps_[index(branch)].size();
  }
  [[nodiscard]] Step step_at(Branch branch, std::size_t i) const {
    return steps_[index(branch)][i];
  }
  [[nodiscard]] Step last_step(Branch branch) const noexcept;
  /// NaN when the frame had no such value.
  [[nodiscard]] float value(Branch branch, std::size_t i, std::uint16_t metric, std::uint16_t brand,
                            std::uint16_t generation) const;
  /// True when any recorded frame of either branch has a value for (metric, brand, generation).
  [[nodiscard]] bool has(std::uint16_t metric, std::uint16_t brand, std::uint16_t generation) const;
  [[nodiscard]] std::uint16_t brand_slots() const noexcept { return brands_; }  ///< brands + 1
  [[nodiscard]] std::uint16_t generation_slots() const noexcept {
    return generations_;
  }  ///< gens + 1

 private:
  static std::size_t index(Branch branch) noexcept { return static_cast<std::size_t>(branch); }
  [[nodiscard]] std::size_t slot(std::uint16_t metric, std::uint16_t brand,
                                 std::uint16_t generation) const;
  void grow_to_fit(const MetricsFrame& frame);
  void add(Branch branch, const MetricsFrame& frame);

  std::uint32_t epoch_ = 0;
  std::uint32_t fork_epoch_ = 0;
  std::uint16_t metrics_ = 0;
  std::uint16_t brands_ = 1;
  std::uint16_t generations_ = 1;
  std::vector<Step> steps_[2];
  std::vector<float> values_[2];       // steps x metrics x brand_slots x generation_slots
  std::vector<std::uint8_t> present_;  // metrics x brand_slots x generation_slots
};

}  // namespace murmur::viz
