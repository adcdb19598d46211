#pragma once
// Progress for long batches: a redrawn bar on a terminal, plain lines (every 10% or 30 s)
// when output goes to a file or a CI log.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace murmur::cli {

class BatchProgressPrinter {
 public:
  explicit BatchProgressPrinter(bool enabled);
  void update(std::size_t done, std::size_t total, std::size_t skipped, double elapsed_seconds);
  void finish();

 private:
  bool enabled_;
  bool terminal_;
  std::size_t last_decile_ = 0;
  std::chrono::steady_clock::time_point last_print_{};
};

/// "1:02:03" / "4:05" for a duration in seconds.
[[nodiscard]] std::string format_duration(double seconds);

/// "1.2 runs/s, time left 0:41" from the runs computed so far and those left.
[[nodiscard]] std::string describe_pace(std::size_t computed, std::size_t left, double elapsed);

}  // namespace murmur::cli
