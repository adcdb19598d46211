#include "sim/run/batch.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "sim/core/byte_size.hpp"
#include "sim/core/error.hpp"
#include "sim/core/parallel.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/model/model.hpp"
#include "sim/run/model_factory.hpp"
#include "sim/run/run.hpp"
#include "sim/run/statistics.hpp"
#include "sim/run/world.hpp"

namespace murmur {

namespace fs = std::filesystem;

namespace {

fs::path run_file(const fs::path& directory, std::uint32_t index) {
  return directory / "runs" / fmt::format("run-{:06}.json", index);
}

bool keeps_step(const ExperimentSpec& spec, Step step, Step last_step) {
  if (spec.keep.every > 0) return step % spec.keep.every == 0 || step == last_step;
  if (spec.keep.steps.empty()) return step == last_step;
  return std::find(spec.keep.steps.begin(), spec.keep.steps.end(), step) != spec.keep.steps.end();
}

/// Only the kept metrics (and only totals over generations unless asked for all).
MetricsFrame filter_frame(const ExperimentSpec& spec, const MetricsSchema& schema,
                          const MetricsFrame& frame) {
  MetricsFrame kept;
  kept.step = frame.step;
  for (const MetricValue& v : frame.values) {
    if (spec.keep.generations != GenerationDetail::Each && v.generation != kAllLabel) continue;
    if (!spec.keep.metrics.empty() &&
        std::find(spec.keep.metrics.begin(), spec.keep.metrics.end(),
                  schema.metric_names[v.metric]) == spec.keep.metrics.end())
      continue;
    kept.values.push_back(v);
  }
  return kept;
}

std::string label(const std::vector<std::string>& labels, std::uint16_t index) {
  return index == kAllLabel ? "all" : labels.at(index);
}

std::string number(double value) {
  if (std::isnan(value)) return "NA";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  return fmt::format("{}", value);
}

}  // namespace

std::vector<std::string> run_overrides(const ExperimentSpec& spec, const ParameterPoint& point,
                                       const PlannedRun& run) {
  std::vector<std::string> overrides = spec.fixed_overrides;
  for (const auto& [key, value] : point) overrides.push_back(key + "=" + value);
  overrides.push_back(fmt::format("seed={}", run.seed));
  return overrides;
}

namespace {

/// Where each of run_overrides' entries was written in the experiment file (the seed, which
/// the batch derives, has no place), so a scenario's refusal of one names its line (22.15).
std::vector<OverrideOrigin> run_override_origins(const ExperimentSpec& spec,
                                                 const ParameterPoint& point,
                                                 std::uint32_t point_index) {
  std::vector<OverrideOrigin> origins;
  for (const std::string& fixed : spec.fixed_overrides)
    origins.push_back(override_origin(spec, fixed.substr(0, fixed.find('=')), point_index, true));
  for (const auto& entry : point)
    origins.push_back(override_origin(spec, entry.first, point_index, false));
  return origins;
}

}  // namespace

RunRecord execute_planned_run(const ExperimentSpec& spec, const ParameterPoint& point,
                              const PlannedRun& run) {
  const Scenario scenario = load_scenario(spec.scenario_path, run_overrides(spec, point, run));
  const World world = build_world(scenario);
  Model& model = *world.model;
  RunRecord record{run, model.schema(), {}};
  if (keeps_step(spec, 0, scenario.steps))
    record.frames.push_back(filter_frame(spec, record.schema, model.measure()));
  for (Step s = 1; s <= scenario.steps; ++s) {
    model.step();
    if (keeps_step(spec, s, scenario.steps))
      record.frames.push_back(filter_frame(spec, record.schema, model.measure()));
  }
  return record;
}

RunRecord read_stored_run_record(const fs::path& directory, const PlannedRun& run,
                                 const std::string& experiment_hash) {
  const fs::path path = run_file(directory, run.index);
  try {
    return read_run_record(read_file_text(path), run, experiment_hash);
  } catch (const DamagedRunRecord& error) {
    throw InputError(InputIssue{path.string(), 0, 0, "",
                                fmt::format("this run record changed while the batch ran: {}; "
                                            "run the batch again to re-run it",
                                            error.what()),
                                ""});
  }
}

namespace {

void write_batch_tables(const ExperimentSpec& spec, const BatchPlan& plan,
                        const fs::path& directory, BatchResult& result) {
  const std::vector<ParameterPoint>& points = plan.points;
  const std::vector<std::string> keys = varied_keys(spec);
  auto point_columns = [&](std::uint32_t point) {
    std::string columns;
    for (const std::string& key : keys) {
      std::string value;
      for (const auto& [k, v] : points[point])
        if (k == key) value = v;
      columns += csv_field(value) + ",";
    }
    return columns;
  };
  std::string key_header;
  for (const std::string& key : keys) key_header += csv_field(key) + ",";

  AtomicFile runs_csv(directory / "runs.csv");
  runs_csv.write("run,point,replicate,seed," + key_header + "step,brand,generation,metric,value\n");
  // (point, step, brand, generation, metric) -> values over replicates, in first-seen order.
  using SummaryKey = std::tuple<std::uint32_t, Step, std::string, std::string, std::string>;
  std::map<SummaryKey, std::vector<double>> groups;
  std::vector<SummaryKey> order;

  for (const PlannedRun& run : plan.runs) {
    const RunRecord record = read_stored_run_record(directory, run, plan.experiment_hash);
    const std::string prefix =
        fmt::format("{},{},{},{},{}", record.run.index, record.run.point, record.run.replicate,
                    record.run.seed, point_columns(record.run.point));
    std::string rows;
    for (const MetricsFrame& frame : record.frames)
      for (const MetricValue& v : frame.values) {
        const std::string brand = label(record.schema.brand_labels, v.brand);
        const std::string generation = label(record.schema.generation_labels, v.generation);
        const std::string& metric = record.schema.metric_names.at(v.metric);
        rows += fmt::format("{}{},{},{},{},{}\n", prefix, frame.step, csv_field(brand),
                            csv_field(generation), metric, number(v.value));
        SummaryKey key{record.run.point, frame.step, brand, generation, metric};
        auto [it, inserted] = groups.try_emplace(key);
        if (inserted) order.push_back(key);
        if (!std::isnan(v.value)) it->second.push_back(v.value);
      }
    runs_csv.write(rows);
  }
  runs_csv.commit();

  AtomicFile summary_csv(directory / "summary.csv");
  summary_csv.write("point," + key_header +
                    "step,brand,generation,metric,n,mean,sd,ci95_low,ci95_high\n");
  std::stable_sort(order.begin(), order.end(), [](const SummaryKey& a, const SummaryKey& b) {
    return std::get<0>(a) < std::get<0>(b);
  });
  for (const SummaryKey& key : order) {
    const auto& [point, step, brand, generation, metric] = key;
    const SampleSummary s = summarise(groups[key]);
    result.summary.push_back({point, step, brand, generation, metric, s});
    const bool empty = s.count == 0;
    summary_csv.write(
        fmt::format("{},{}{},{},{},{},{},{},{},{},{}\n", point, point_columns(point), step,
                    csv_field(brand), csv_field(generation), metric, s.count,
                    empty ? "NA" : number(s.mean), empty ? "NA" : number(s.standard_deviation),
                    empty ? "NA" : number(s.ci95_low), empty ? "NA" : number(s.ci95_high)));
  }
  summary_csv.commit();
  result.runs_csv = directory / "runs.csv";
  result.summary_csv = directory / "summary.csv";
}

}  // namespace

namespace {

/// Bytes the expanded plan holds: every point's (key, value) strings and every planned run.
std::uint64_t estimate_plan_bytes(const ExperimentSpec& spec, std::uint64_t points,
                                  std::uint64_t runs) {
  std::uint64_t per_point = sizeof(ParameterPoint);
  for (const std::string& key : varied_keys(spec))
    per_point += sizeof(std::pair<std::string, std::string>) + key.size() + 32;
  return points * per_point + runs * sizeof(PlannedRun);
}

[[noreturn]] void refuse_size(const ExperimentSpec& spec, const std::string& message) {
  throw InputError(InputIssue{spec.source_path, 0, 0, "", message, ""});
}

/// The point whose runs end first (its model names the metrics).
struct ShortestRun {
  std::uint32_t point = 0;
  Scenario scenario;
};

/// `keep` entries no run could fill (unknown metrics, weeks after the last) are refused.
void check_keep_against(const ExperimentSpec& spec, const ShortestRun& shortest,
                        std::size_t points) {
  const std::string which_run =
      points == 1 ? std::string("the base scenario")
                  : fmt::format("the shortest point's runs (point {})", shortest.point);
  std::vector<InputIssue> issues = keep_issues(spec, model_metric_names(shortest.scenario.model),
                                               shortest.scenario.steps, which_run);
  if (!issues.empty()) throw InputError(std::move(issues));
}

}  // namespace

void check_batch_size(const ExperimentSpec& spec, unsigned threads) {
  const std::uint64_t points = count_points(spec);
  if (points > kMaxBatchPoints) {
    const std::string count = points == std::numeric_limits<std::uint64_t>::max()
                                  ? std::string("more than 18446744073709551615")
                                  : std::to_string(points);
    const double plan_bytes = static_cast<double>(points) * spec.replicates *
                              static_cast<double>(estimate_plan_bytes(spec, 1, 1));
    refuse_size(spec, fmt::format("the design has {} points (a plan of about {}); a batch holds "
                                  "at most {} points: split the experiment or use latin_hypercube",
                                  count, format_bytes(plan_bytes), kMaxBatchPoints));
  }
  const std::uint64_t runs = points * spec.replicates;
  const double plan_bytes = static_cast<double>(estimate_plan_bytes(spec, points, runs));
  const std::string count =
      fmt::format("{} points x {} replicates = {} runs", points, spec.replicates, runs);
  if (runs > kMaxBatchRuns)
    refuse_size(spec, fmt::format("the design has {} (a plan of about {}); a batch holds at most "
                                  "{} runs: use fewer replicates or points",
                                  count, format_bytes(plan_bytes), kMaxBatchRuns));
  // Runs go side by side, one per worker, each needing what one run of the base scenario does.
  // A base that does not load is reported point by point by prepare_batch.
  std::uint64_t run_bytes = 0;
  try {
    run_bytes = estimate_run_bytes(load_scenario(spec.scenario_path, spec.fixed_overrides));
  } catch (const InputError&) {
    return;
  }
  const std::uint64_t side_by_side =
      std::min<std::uint64_t>(runs, threads == 0 ? available_threads() : threads);
  const double needed = plan_bytes + static_cast<double>(side_by_side * run_bytes);
  const MemoryHeadroom headroom = memory_headroom();
  if (headroom.bytes > 0 && needed > static_cast<double>(headroom.bytes))
    refuse_size(spec, fmt::format("the batch ({}, {} side by side) needs about {}, but {}", count,
                                  side_by_side, format_bytes(needed), headroom.describe()));
}

BatchPlan prepare_batch(const ExperimentSpec& spec, const std::string& experiment_text) {
  BatchPlan plan = prepare_batch(spec);
  plan.experiment_hash =
      batch_experiment_hash(spec, experiment_text, plan.points, plan.runs.size());
  return plan;
}

BatchPlan prepare_batch(const ExperimentSpec& spec) {
  check_batch_size(spec);
  BatchPlan plan;
  plan.points = expand_points(spec);
  plan.runs = plan_runs(spec, plan.points.size());
  // Validate every point before touching the disk: a bad value fails now, not at run 731.
  std::vector<InputIssue> issues;
  std::set<std::string> reported;  // an issue every point repeats is reported once
  std::optional<ShortestRun> shortest;
  for (std::uint32_t p = 0; p < plan.points.size(); ++p) {
    try {
      CheckedScenario checked = load_checked_scenario(
          spec.scenario_path, run_overrides(spec, plan.points[p], plan.runs[p * spec.replicates]),
          run_override_origins(spec, plan.points[p], p));
      for (const InputIssue& warning : checked.warnings) {
        std::string text = warning.format(/*severity=*/"");
        if (std::find(plan.warnings.begin(), plan.warnings.end(), text) == plan.warnings.end())
          plan.warnings.push_back(std::move(text));
      }
      const Scenario& scenario = checked.scenario;
      check_run_fits_in_memory(scenario);
      if (!shortest || scenario.steps < shortest->scenario.steps)
        shortest = ShortestRun{p, scenario};
    } catch (const InputError& error) {
      for (InputIssue issue : error.issues()) {
        if (!reported.insert(issue.format()).second) continue;
        issue.message = fmt::format("experiment point {}: {}", p, issue.message);
        issues.push_back(std::move(issue));
      }
    }
  }
  if (!issues.empty()) throw InputError(std::move(issues));
  if (shortest) check_keep_against(spec, *shortest, plan.points.size());
  return plan;
}

std::vector<PlannedRun> open_batch_directory(const ExperimentSpec& spec,
                                             const std::string& experiment_text,
                                             const BatchPlan& plan, const fs::path& directory,
                                             const WarningCallback& on_warning) {
  fs::create_directories(directory / "runs");
  write_or_check_batch_plan(directory, spec, experiment_text, plan.points, plan.runs.size());
  // Every record is checked now, before any run is computed: a damaged one is re-run, and
  // never reaches runs.csv or summary.csv.
  std::vector<PlannedRun> pending;
  for (const PlannedRun& run : plan.runs) {
    const fs::path path = run_file(directory, run.index);
    if (!fs::exists(path)) {
      pending.push_back(run);
      continue;
    }
    try {
      (void)read_run_record(read_file_text(path), run, plan.experiment_hash);
    } catch (const DamagedRunRecord& error) {
      if (on_warning)
        on_warning(fmt::format("{}: damaged run record, re-running run {}: {}", path.string(),
                               run.index, error.what()));
      pending.push_back(run);
    }
  }
  return pending;
}

void store_run_record(const fs::path& directory, std::uint32_t run_index,
                      const std::string& encoded) {
  write_file_atomically(run_file(directory, run_index), encoded);
}

void execute_runs(const ExperimentSpec& spec, const BatchPlan& plan,
                  const std::vector<PlannedRun>& runs, unsigned threads,
                  const std::function<void(const PlannedRun&, const std::string&)>& on_finished) {
  std::mutex finished_mutex;
  // When a run or a callback throws (Ctrl-C, a full disk), oneTBB cancels the loop, and the
  // cancellation reaches the customer blocks of the runs still in flight: they end with weeks
  // half computed. `stopped` is set before the exception reaches oneTBB, so none of them is
  // passed on (stored as finished, to be taken for a good run on resume).
  bool stopped = false;  // guarded by finished_mutex
  auto stop = [&] {
    std::lock_guard lock(finished_mutex);
    stopped = true;
  };
  // Runs side by side; each run's own blocks nest inside the same oneTBB pool, which keeps
  // every core busy without oversubscribing whether there are 2 runs or 2,000.
  run_with_threads(threads, [&] {
    parallel_for_index(runs.size(), [&](std::size_t i) {
      const PlannedRun& run = runs[i];
      std::string encoded;
      try {
        encoded = encode_run_record(execute_planned_run(spec, plan.points[run.point], run),
                                    plan.experiment_hash);
      } catch (...) {
        stop();
        throw;
      }
      std::lock_guard lock(finished_mutex);
      if (stopped) return;
      try {
        on_finished(run, encoded);
      } catch (...) {
        stopped = true;
        throw;
      }
    });
  });
}

BatchResult finish_batch(const ExperimentSpec& spec, const std::string& experiment_text,
                         const BatchPlan& plan, const fs::path& directory, unsigned threads) {
  BatchResult result;
  result.runs = plan.runs.size();
  result.points = plan.points.size();
  write_batch_tables(spec, plan, directory, result);
  result.manifest = directory / "manifest.json";
  write_batch_manifest(result.manifest, spec, experiment_text, plan.points.size(), plan.runs.size(),
                       threads == 0 ? available_threads() : threads);
  return result;
}

BatchResult run_batch(const ExperimentSpec& spec, const std::string& experiment_text,
                      const fs::path& directory, unsigned threads,
                      const ProgressCallback& on_progress, const WarningCallback& on_warning,
                      const FinishedCallback& on_finished) {
  const auto start = std::chrono::steady_clock::now();
  const BatchPlan plan = prepare_batch(spec, experiment_text);
  if (on_warning)
    for (const std::string& warning : plan.warnings) on_warning(warning);
  const OutputDirectory claim(directory);  // one writer at a time; the same command resumes
  const std::vector<PlannedRun> pending =
      open_batch_directory(spec, experiment_text, plan, directory, on_warning);
  BatchProgress progress{plan.runs.size(), plan.runs.size() - pending.size(),
                         plan.runs.size() - pending.size(), 0.0};
  if (on_progress) on_progress(progress);
  execute_runs(
      spec, plan, pending, threads, [&](const PlannedRun& run, const std::string& encoded) {
        store_run_record(directory, run.index, encoded);
        ++progress.runs_done;
        progress.elapsed_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (on_progress) on_progress(progress);
      });
  BatchResult result = finish_batch(spec, experiment_text, plan, directory, threads);
  result.runs_skipped = progress.runs_skipped;
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (on_finished) on_finished(plan, result);
  return result;
}

}  // namespace murmur
