#pragma once
// Progress for long batches: a redrawn bar on a terminal, plain lines (every 10% or 30 s)
// when output goes to a file or a CI log.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

#include "sim/run/batch.hpp"

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

/// What a command that runs a batch (batch, sensitivity) shows while it runs: on rank 0 and
/// unless quiet, the progress line; on rank 0, warnings; on every rank, a stop at Ctrl-C (the
/// finished runs are stored, so the same command resumes).
class BatchReporter {
 public:
  BatchReporter(int rank, bool quiet);
  BatchReporter(const BatchReporter&) = delete;  // the callbacks point at this printer
  BatchReporter& operator=(const BatchReporter&) = delete;
  [[nodiscard]] bool speaks() const { return speaks_; }
  [[nodiscard]] const ProgressCallback& on_progress() const { return on_progress_; }
  [[nodiscard]] const WarningCallback& on_warning() const { return on_warning_; }
  void finish() { printer_.finish(); }

 private:
  bool speaks_;
  BatchProgressPrinter printer_;
  ProgressCallback on_progress_;
  WarningCallback on_warning_;
};

/// "1:02:03" / "4:05" for a duration in seconds.
[[nodiscard]] std::string format_duration(double seconds);

/// "1.2 runs/s, time left 0:41" from the runs computed so far and those left.
[[nodiscard]] std::string describe_pace(std::size_t computed, std::size_t left, double elapsed);

}  // namespace murmur::cli
