#include "cli/commands.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <fmt/printf.h>

#include "cli/interrupt.hpp"
#include "cli/print.hpp"
#include "cli/summary.hpp"
#include "sim/core/byte_size.hpp"
#include "sim/core/error.hpp"
#include "sim/core/parallel.hpp"
#include "sim/graph/social_graph.hpp"
#include "sim/io/checkpoint.hpp"
#include "sim/io/experiment_loader.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/run.hpp"
#include "sim/run/run_report.hpp"
#include "sim/run/world.hpp"

namespace murmur::cli {

namespace fs = std::filesystem;

namespace {

/// Creates results/<scenario>-<time>/ (the name made path-safe, so it stays inside
/// results/), with a counter when two runs start in the same second; create_directory claims
/// a name atomically, so two processes never pick the same one.
fs::path create_default_run_directory(const std::string& scenario_name) {
  const fs::path results = "results";
  std::error_code error;
  fs::create_directories(results, error);
  const std::string stem =
      fmt::format("{}-{}", path_safe_name(scenario_name), local_timestamp_for_names());
  for (int n = 1;; ++n) {
    const fs::path candidate = results / (n == 1 ? stem : fmt::format("{}-{}", stem, n));
    if (fs::create_directory(candidate, error)) return candidate;
    if (error)
      throw InputError(InputIssue{
          candidate.string(), 0, 0, "",
          fmt::format("cannot create the run directory: {} (give --out)", error.message()), ""});
  }
}

/// The seed, steps, attribution and cascades flags become overrides so they get the same checks as
/// --set and are recorded the same way in the manifest.
std::vector<std::string> all_overrides(const RunOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.seed) overrides.push_back(fmt::format("seed={}", *options.seed));
  if (options.steps) overrides.push_back(fmt::format("steps={}", *options.steps));
  if (options.attribution) overrides.emplace_back("output.attribution=true");
  if (options.cascades) overrides.emplace_back("output.cascades=true");
  return overrides;
}

/// Removes the run directory if this run created it and left it empty (a failed or
/// interrupted run; one with a checkpoint is not empty and stays, to be resumed).
class RunDirectoryGuard {
 public:
  RunDirectoryGuard(fs::path directory, bool created_by_this_run)
      : directory_(std::move(directory)), existed_(!created_by_this_run) {}
  ~RunDirectoryGuard() {
    std::error_code ignored;
    if (!kept_ && !existed_ && fs::is_directory(directory_, ignored) &&
        fs::is_empty(directory_, ignored))
      fs::remove(directory_, ignored);
  }
  void keep() { kept_ = true; }

 private:
  fs::path directory_;
  bool existed_;
  bool kept_ = false;
};

class ProgressLine {
 public:
  ProgressLine(Step total, bool enabled)
      : total_(total), enabled_(enabled && ::isatty(STDERR_FILENO)) {}
  void update(Step step) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (step != total_ && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    std::fprintf(stderr, "\r  week %u / %u (%3.0f%%)", step, total_, 100.0 * step / total_);
    if (step == total_) std::fprintf(stderr, "\r%60s\r", "");
    std::fflush(stderr);
  }

 private:
  Step total_;
  bool enabled_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

namespace {

/// What the scenario's loading found likely a mistake, once, before anything runs.
void print_scenario_warnings(const std::vector<InputIssue>& warnings) {
  for (const InputIssue& warning : warnings) print_error(warning.format("warning") + "\n");
}

/// The run to do: a scenario file with its overrides, or an interrupted run's checkpoint.
struct PreparedRun {
  Scenario scenario;
  fs::path run_directory;
  RunSettings settings;
  std::optional<Checkpoint> checkpoint;
  bool creates_directory = false;  ///< the directory did not exist before this run
};

PreparedRun prepare_fresh_run(const RunOptions& options) {
  PreparedRun run;
  run.settings.overrides = all_overrides(options);
  CheckedScenario checked = load_checked_scenario(options.scenario_path, run.settings.overrides);
  print_scenario_warnings(checked.warnings);
  run.scenario = std::move(checked.scenario);
  run.settings.scenario_text = read_file_text(options.scenario_path);
  run.settings.resolved_scenario_json = scenario_to_json(run.scenario);
  std::error_code ignored;
  run.creates_directory = options.out_dir.empty() || !fs::exists(options.out_dir, ignored);
  run.run_directory = options.out_dir.empty() ? create_default_run_directory(run.scenario.name)
                                              : fs::path(options.out_dir);
  return run;
}

PreparedRun prepare_resumed_run(const RunOptions& options) {
  PreparedRun run;
  run.run_directory = options.resume_dir;
  run.checkpoint = read_checkpoint(run.run_directory / kCheckpointFileName);
  const Checkpoint& checkpoint = *run.checkpoint;
  const fs::path original(checkpoint.scenario_path);
  run.scenario = load_scenario_text(checkpoint.scenario_json,
                                    original.string() + " (as saved in the checkpoint)", {},
                                    original.parent_path());
  run.scenario.source_path = checkpoint.scenario_path;
  run.settings.overrides = checkpoint.overrides;
  run.settings.scenario_text = checkpoint.scenario_text;
  run.settings.resolved_scenario_json = checkpoint.scenario_json;
  return run;
}

}  // namespace

int run_command(const RunOptions& options) {
  PreparedRun run =
      options.resume_dir.empty() ? prepare_fresh_run(options) : prepare_resumed_run(options);
  RunDirectoryGuard guard(run.run_directory, run.creates_directory);
  const Scenario& scenario = run.scenario;
  check_run_fits_in_memory(scenario);

  RunSettings& settings = run.settings;
  settings.threads = options.threads;
  settings.run_directory = run.run_directory;
  settings.checkpoint_every = options.checkpoint_every;
  if (run.checkpoint) settings.resume = &*run.checkpoint;
  ProgressLine progress(scenario.steps, !options.quiet);
  settings.on_step = [&](const Model& model, const MetricsFrame&) {
    progress.update(model.current_step());
    throw_if_interrupted();
  };

  const RunResult result = run_scenario(scenario, settings);
  guard.keep();
  // From the files just written, so `murmur report DIR` later writes the same bytes.
  const fs::path report_path = run.run_directory / "report.html";
  if (options.report) write_run_report(run.run_directory, report_path);

  if (!options.quiet) {
    if (run.checkpoint) print(fmt::format("resumed from week {}\n", run.checkpoint->step));
    print(format_run_summary(scenario, result));
    print(fmt::format("results: {}\n         {}\n", result.metrics_path.string(),
                      result.manifest_path.string()));
    if (options.report) print(fmt::format("         {}\n", report_path.string()));
  }
  return 0;
}

int report_command(const std::string& run_directory, const std::string& out) {
  const fs::path directory(run_directory);
  const fs::path path = out.empty() ? directory / "report.html" : fs::path(out);
  write_run_report(directory, path);
  print(fmt::format("report: {}\n", path.string()));
  return 0;
}

unsigned usable_threads(unsigned requested) {
  const unsigned offered = hardware_threads();
  if (requested <= offered) return requested;
  print_error(
      fmt::format("murmur: warning: --threads {} is more than the {} this machine offers; "
                  "using {}\n",
                  requested, offered, offered));
  return offered;
}

int validate_command(const std::string& scenario_path, const std::vector<std::string>& overrides) {
  const CheckedScenario checked = load_checked_scenario(scenario_path, overrides);
  const Scenario& scenario = checked.scenario;
  print_scenario_warnings(checked.warnings);
  check_run_fits_in_memory(scenario);  // every refusal of run's before allocating, then "ok"
  print(fmt::sprintf(
      "%s: ok: scenario '%s', %s model, %llu customers, %zu brands, %u steps; needs about %s\n",
      scenario_path.c_str(), scenario.name.c_str(),
      scenario.model == ModelKind::Bass ? "bass" : "market",
      static_cast<unsigned long long>(scenario.population.customers), scenario.brands.size(),
      scenario.steps, format_bytes(static_cast<double>(estimate_run_bytes(scenario)))));
  return 0;
}

int graph_command(const std::string& path, std::uint32_t clustering_sample) {
  const fs::path input(path);
  const auto extension = input.extension().string();
  const auto start = std::chrono::steady_clock::now();
  std::shared_ptr<const SocialGraph> graph;
  if (extension == ".yaml" || extension == ".yml") {
    const Scenario scenario = load_scenario(input, {});
    check_run_fits_in_memory(scenario);
    graph = build_scenario_graph(scenario);
  } else {
    graph = std::make_shared<const SocialGraph>(read_edge_list(input));
  }
  const double build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  print(format_graph_stats(path, compute_graph_stats(*graph, clustering_sample), build_seconds));
  return 0;
}

int schema_command(bool experiment) {
  const std::string text = experiment ? experiment_schema_markdown() : scenario_schema_markdown();
  print(text);
  return 0;
}

}  // namespace murmur::cli
