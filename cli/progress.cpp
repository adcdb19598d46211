#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "cli/interrupt.hpp"
#include "cli/print.hpp"

namespace murmur::cli {

std::string format_duration(double seconds) {
  const auto total = static_cast<long>(std::lround(std::max(0.0, seconds)));
  const long hours = total / 3600, minutes = total / 60 % 60, secs = total % 60;
  return hours > 0 ? fmt::format("{}:{:02}:{:02}", hours, minutes, secs)
                   : fmt::format("{}:{:02}", minutes, secs);
}

/// The rate and time left, from the runs computed in this invocation (skipped ones took no
/// time); "all done" when nothing is left, "measuring the pace" before a run has finished.
std::string describe_pace(std::size_t computed, std::size_t left, double elapsed) {
  if (left == 0) return "all done";
  if (computed == 0 || elapsed <= 0) return "measuring the pace";
  const double rate = static_cast<double>(computed) / elapsed;
  return fmt::format("{:.3g} runs/s, time left {}", rate,
                     format_duration(static_cast<double>(left) / rate));
}

BatchProgressPrinter::BatchProgressPrinter(bool enabled)
    : enabled_(enabled), terminal_(enabled && ::isatty(STDERR_FILENO)) {}

void BatchProgressPrinter::update(std::size_t done, std::size_t total, std::size_t skipped,
                                  double elapsed) {
  if (!enabled_ || total == 0) return;
  const std::string pace = describe_pace(done - skipped, total - done, elapsed);
  const auto now = std::chrono::steady_clock::now();
  if (terminal_) {
    if (done != total && now - last_print_ < std::chrono::milliseconds(100)) return;
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = std::min(kWidth, kWidth * done / total);
    std::fprintf(stderr, "\r[%s%s] %zu/%zu runs  %s   ", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, '.').c_str(), done, total, pace.c_str());
  } else {
    const std::size_t decile = 10 * done / total;
    if (decile == last_decile_ && now - last_print_ < std::chrono::seconds(30) && done != total)
      return;
    last_decile_ = decile;
    std::fprintf(stderr, "%zu/%zu runs (%zu skipped, already done), %s\n", done, total, skipped,
                 pace.c_str());
  }
  last_print_ = now;
  std::fflush(stderr);
}

void BatchProgressPrinter::finish() {
  if (terminal_) std::fprintf(stderr, "\n");
}

BatchReporter::BatchReporter(int rank, bool quiet)
    : speaks_(rank == 0 && !quiet), printer_(speaks_) {
  on_progress_ = [this](const BatchProgress& p) {
    printer_.update(p.runs_done, p.runs_total, p.runs_skipped, p.elapsed_seconds);
    throw_if_interrupted();
  };
  on_warning_ = [rank](const std::string& warning) {
    if (rank == 0) print_error(fmt::format("warning: {}\n", warning));
  };
}

}  // namespace murmur::cli
