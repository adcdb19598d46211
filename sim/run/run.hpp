#pragma once
// One complete run of a scenario: build the graph and the model, step it, stream metrics to
// CSV and finish with a manifest. The CLI, the batch runner and tests call this; it prints
// nothing (progress goes through a callback).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/io/checkpoint.hpp"
#include "sim/model/metrics.hpp"
#include "sim/model/model.hpp"

namespace murmur {

struct RunSettings {
  unsigned threads = 0;                 ///< worker threads; 0 = all cores
  std::filesystem::path run_directory;  ///< created if missing; files land here
  std::string scenario_text;            ///< the exact YAML text, hashed into the manifest
  std::string resolved_scenario_json;   ///< fully resolved parameters for the manifest
  std::vector<std::string> overrides;   ///< the --set values, recorded in the manifest
  std::function<void(const Model&, const MetricsFrame&)> on_step;  ///< after each step
  std::vector<std::string> command_log;  ///< dashboard exports: "step: command" as applied
  Step checkpoint_every = 0;  ///< write run_directory/checkpoint.murmur every n steps; 0 = never
  const Checkpoint* resume =
      nullptr;  ///< continue this checkpoint's run instead of starting at step 0
};

struct RunResult {
  MetricsSchema schema;
  MetricsFrame final_frame;
  std::vector<MetricsFrame> frames;  ///< every recorded frame (small: metrics only)
  std::uint64_t final_state_hash = 0;
  std::vector<FiredIntervention> interventions;  ///< what took effect, in order
  std::uint64_t customers = 0;
  std::uint64_t undirected_edges = 0;
  double graph_seconds = 0.0;
  double wall_seconds = 0.0;
  std::size_t peak_memory_bytes = 0;
  std::filesystem::path metrics_path;
  std::filesystem::path manifest_path;
};

/// Runs the scenario and writes metrics.csv and manifest.json into settings.run_directory.
/// With checkpoint_every, a checkpoint (sim/io/checkpoint.hpp) is replaced every n steps and
/// removed when the run completes; with resume, the run continues from it and its outputs
/// are byte-identical to an uninterrupted run's (the manifest's timings aside).
/// The run directory is claimed for the whole run (OutputDirectory: a second writer is
/// refused) and a directory holding a finished run (manifest.json) is refused, not written
/// over. Throws InputError for bad input (before anything is written), OutputError for I/O
/// failure; on any failure metrics.csv is removed (or never renamed into place).
RunResult run_scenario(const Scenario& scenario, const RunSettings& settings);

/// Whether a run records (into metrics.csv) the frame after `step`: every `every`-th week
/// (output.every; 0 counts as 1) and the last week. Step 0 is always recorded.
[[nodiscard]] bool is_recorded_step(Step step, Step last_step, Step every);

/// Writes manifest.json for a finished run (the CLI's format; the dashboard's export reuses it).
/// `started_at_utc` empty means now.
void write_run_manifest(const std::filesystem::path& path, const Scenario& scenario,
                        const RunSettings& settings, const RunResult& result, unsigned threads,
                        const std::string& started_at_utc = {});

/// Bytes the run will need (graph + model state), estimated before allocating anything.
[[nodiscard]] std::size_t estimate_run_bytes(const Scenario& scenario);

/// What a new allocation can have: the smaller of free memory (MemAvailable) and what the
/// address-space limit (ulimit -v) leaves above this process's size.
struct MemoryHeadroom {
  enum class Limit { FreeMemory, AddressSpace };
  std::size_t bytes = 0;  ///< 0 when neither is known
  Limit limited_by = Limit::FreeMemory;

  /// "only 3.10 GiB of memory is free" or "the address-space limit (ulimit -v) leaves only …".
  [[nodiscard]] std::string describe() const;
};
[[nodiscard]] MemoryHeadroom memory_headroom();

/// Peak resident set size of this process so far.
[[nodiscard]] std::size_t peak_memory_bytes();

/// Throws InputError when estimate_run_bytes exceeds what the machine has free.
void check_run_fits_in_memory(const Scenario& scenario);

}  // namespace murmur
