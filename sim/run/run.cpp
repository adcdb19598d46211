#include "sim/run/run.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>

#include <fmt/format.h>
#include <sys/resource.h>

#include "agents/market_model.hpp"
#include "sim/core/byte_size.hpp"
#include "sim/core/error.hpp"
#include "sim/core/parallel.hpp"
#include "sim/io/output.hpp"
#include "sim/io/run_manifest.hpp"
#include "sim/run/model_factory.hpp"
#include "sim/run/world.hpp"

namespace murmur {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

RunManifest make_manifest(const Scenario& scenario, const RunSettings& settings,
                          const RunResult& result, unsigned threads,
                          const std::string& started_at) {
  RunManifest manifest{scenario};
  manifest.scenario_text = settings.scenario_text;
  manifest.overrides = settings.overrides;
  manifest.resolved_scenario_json = settings.resolved_scenario_json;
  manifest.threads = threads;
  manifest.customers = result.customers;
  manifest.undirected_edges = result.undirected_edges;
  manifest.started_at_utc = started_at;
  manifest.graph_seconds = result.graph_seconds;
  manifest.wall_seconds = result.wall_seconds;
  manifest.peak_memory_bytes = result.peak_memory_bytes;
  manifest.final_state_hash = result.final_state_hash;
  manifest.interventions = result.interventions;
  manifest.command_log = settings.command_log;
  manifest.checkpoint_every = settings.checkpoint_every;
  if (settings.resume != nullptr) manifest.resumed_from_step = settings.resume->step;
  return manifest;
}

}  // namespace

bool is_recorded_step(Step step, Step last_step, Step every) {
  return step == last_step || step % std::max<Step>(1, every) == 0;
}

void write_run_manifest(const std::filesystem::path& path, const Scenario& scenario,
                        const RunSettings& settings, const RunResult& result, unsigned threads,
                        const std::string& started_at_utc) {
  const std::string started_at = started_at_utc.empty() ? utc_timestamp() : started_at_utc;
  write_file_atomically(
      path, run_manifest_json(make_manifest(scenario, settings, result, threads, started_at)));
}

std::size_t peak_memory_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

namespace {

/// MemAvailable from /proc/meminfo, or 0 if unknown.
std::size_t free_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::size_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024;
  return 0;
}

/// What RLIMIT_AS (ulimit -v) leaves above this process's virtual size, or 0 if unlimited.
std::size_t address_space_left_bytes() {
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 0;
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0;
  statm >> pages;
  const std::size_t used = pages * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  // 1 byte, not 0 (unknown), when the process already fills its limit.
  return limit.rlim_cur > used ? static_cast<std::size_t>(limit.rlim_cur - used) : 1;
}

}  // namespace

MemoryHeadroom memory_headroom() {
  MemoryHeadroom headroom{free_memory_bytes(), MemoryHeadroom::Limit::FreeMemory};
  const std::size_t address_space = address_space_left_bytes();
  if (address_space != 0 && (headroom.bytes == 0 || address_space < headroom.bytes))
    headroom = {address_space, MemoryHeadroom::Limit::AddressSpace};
  return headroom;
}

std::string MemoryHeadroom::describe() const {
  const std::string size = format_bytes(static_cast<double>(bytes));
  return limited_by == Limit::AddressSpace
             ? fmt::format("the address-space limit (ulimit -v) leaves only {}", size)
             : fmt::format("only {} of memory is free", size);
}

std::size_t estimate_run_bytes(const Scenario& scenario) {
  return estimate_graph_bytes(scenario.population.graph, scenario.population.customers) +
         estimate_model_bytes(scenario);
}

void check_run_fits_in_memory(const Scenario& scenario) {
  const std::size_t needed = estimate_run_bytes(scenario);
  const MemoryHeadroom headroom = memory_headroom();
  if (headroom.bytes == 0 || needed <= headroom.bytes) return;
  // Blame the local-presence table when it is most of the need (a huge market.cells).
  const double presence_bytes =
      MarketModel::kBytesPerCell * static_cast<double>(scenario.market.cells);
  const bool cells_dominate = presence_bytes > static_cast<double>(needed) / 2;
  const std::string parts = cells_dominate
                                ? fmt::format("{} local-presence cells", scenario.market.cells)
                                : std::string("graph and customer state");
  throw InputError(InputIssue{
      scenario.source_path, 0, 0, cells_dominate ? "market.cells" : "population.customers",
      fmt::format("this scenario needs about {} ({}) but {}; {}",
                  format_bytes(static_cast<double>(needed)), parts, headroom.describe(),
                  cells_dominate ? "reduce market.cells"
                                 : "reduce population.customers or the mean degree"),
      ""});
}

namespace {

/// A directory holding a manifest is a finished run: a new run there is refused, never
/// written over it (a resumed run has a checkpoint and no manifest yet).
void refuse_finished_run(const std::filesystem::path& directory) {
  std::error_code ignored;
  if (std::filesystem::exists(directory / "manifest.json", ignored))
    throw InputError(InputIssue{
        path_for_message(directory), 0, 0, "",
        "already holds a finished run (manifest.json); choose another --out or remove it", ""});
}

/// Writes the manifest last; if that fails, metrics.csv goes too, so a failed run never
/// leaves a complete-looking metrics.csv without its manifest.
void write_manifest_or_withdraw_metrics(const Scenario& scenario, const RunSettings& settings,
                                        const RunResult& result, unsigned threads,
                                        const std::string& started_at) {
  try {
    write_run_manifest(result.manifest_path, scenario, settings, result, threads, started_at);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(result.metrics_path, ignored);
    throw;
  }
}

}  // namespace

RunResult run_scenario(const Scenario& scenario, const RunSettings& settings) {
  check_run_fits_in_memory(scenario);
  const OutputDirectory directory(settings.run_directory);  // one writer at a time
  if (settings.resume == nullptr) refuse_finished_run(settings.run_directory);
  const auto start = Clock::now();
  const std::string started_at = utc_timestamp();
  const unsigned threads = settings.threads == 0 ? available_threads() : settings.threads;

  RunResult result;
  run_with_threads(threads, [&] {
    World world = build_world(scenario);
    const SocialGraph& graph = *world.graph;
    Model& model = *world.model;
    result.graph_seconds = seconds_since(start);
    result.customers = graph.customer_count();
    result.undirected_edges = graph.undirected_edge_count();
    result.schema = model.schema();
    const bool fingerprinted = settings.checkpoint_every > 0 || settings.resume != nullptr;
    const std::uint64_t fingerprint = fingerprinted ? graph_fingerprint(graph) : 0;
    if (settings.resume != nullptr) restore_checkpoint(*settings.resume, fingerprint, world);

    result.metrics_path = settings.run_directory / "metrics.csv";
    CsvMetricsWriter csv(result.metrics_path, result.schema);
    const Step every = std::max<Step>(1, scenario.output.every);

    MetricsFrame frame = model.measure();
    if (settings.resume != nullptr) {
      result.frames = settings.resume->frames;
    } else {
      result.frames.push_back(frame);
    }
    for (const MetricsFrame& recorded : result.frames) csv.write(recorded);
    const std::filesystem::path checkpoint_path = settings.run_directory / kCheckpointFileName;
    for (Step s = model.current_step() + 1; s <= scenario.steps; ++s) {
      model.step();
      frame = model.measure();
      if (is_recorded_step(s, scenario.steps, every)) {
        csv.write(frame);
        result.frames.push_back(frame);
      }
      if (settings.checkpoint_every > 0 && s % settings.checkpoint_every == 0 && s < scenario.steps)
        write_checkpoint(checkpoint_path,
                         capture_checkpoint(scenario, model, fingerprint,
                                            {settings.resolved_scenario_json,
                                             settings.scenario_text, settings.overrides},
                                            result.frames));
      if (settings.on_step) settings.on_step(model, frame);
    }
    csv.commit();
    std::error_code ignored;
    std::filesystem::remove(checkpoint_path, ignored);  // the run is whole: nothing to resume
    result.final_frame = frame;
    result.final_state_hash = model.state_hash();
    const auto fired = model.fired_interventions();
    result.interventions.assign(fired.begin(), fired.end());
  });

  result.wall_seconds = seconds_since(start);
  result.peak_memory_bytes = peak_memory_bytes();
  result.manifest_path = settings.run_directory / "manifest.json";
  write_manifest_or_withdraw_metrics(scenario, settings, result, threads, started_at);
  return result;
}

}  // namespace murmur
