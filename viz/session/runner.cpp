#include "viz/session/runner.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include "sim/core/error.hpp"
#include "sim/core/parallel.hpp"
#include "sim/core/scenario_schema.hpp"
#include "sim/core/state_archive.hpp"
#include "sim/io/checkpoint.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/run.hpp"
#include "sim/run/world.hpp"

namespace murmur {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

const char* branch_name(Branch branch) { return branch == Branch::Main ? "main" : "fork"; }

std::string brand_name(const MetricsSchema* schema, std::uint16_t brand) {
  if (brand == kAllLabel) return "market";
  if (schema != nullptr && brand < schema->brand_labels.size()) return schema->brand_labels[brand];
  return fmt::format("brand{}", brand);
}

const char* kind_name(InterventionKind kind) {
  switch (kind) {
    case InterventionKind::SetLever:
      return "set_lever";
    case InterventionKind::Campaign:
      return "campaign";
    case InterventionKind::Scandal:
      return "scandal";
    case InterventionKind::Entry:
      return "entry";
    case InterventionKind::Exit:
      return "exit";
    case InterventionKind::SeedAmbassadors:
      return "seed_ambassadors";
    case InterventionKind::PriceWar:
      return "price_war";
  }
  return "?";
}

std::string read_text(const std::string& path) {
  return path.empty() ? std::string() : read_file_text(path);
}

}  // namespace

std::string describe(const Command& command, const MetricsSchema* schema) {
  return std::visit(
      Overloaded{
          [](const cmd::Play&) -> std::string { return "play"; },
          [](const cmd::Pause&) -> std::string { return "pause"; },
          [](const cmd::Step& c) { return fmt::format("step {}", c.count); },
          [](const cmd::Reset& c) {
            return c.seed ? fmt::format("reset seed={}", *c.seed) : std::string("reset");
          },
          [](const cmd::SetSpeed& c) {
            return c.steps_per_second > 0 ? fmt::format("speed {}", c.steps_per_second)
                                          : std::string("speed max");
          },
          [&](const cmd::SetLever& c) {
            return fmt::format("set_lever {} {} {}={}", branch_name(c.branch),
                               brand_name(schema, c.brand), c.lever, c.value);
          },
          [](const cmd::Fork&) -> std::string { return "fork"; },
          [](const cmd::Unfork&) -> std::string { return "unfork"; },
          [](const cmd::TriggerEvent& c) {
            std::string brands;
            for (const auto& b : c.intervention.brands) brands += (brands.empty() ? "" : ",") + b;
            return fmt::format("event {} {} '{}' brands={} value={} weeks={}",
                               branch_name(c.branch), kind_name(c.intervention.kind),
                               c.intervention.name, brands, c.intervention.value,
                               c.intervention.weeks);
          },
          [](const cmd::Load& c) { return fmt::format("load {}", c.path); },
          [](const cmd::Inspect& c) {
            return c.customer ? fmt::format("inspect {}", *c.customer)
                              : std::string("inspect none");
          },
          [](const cmd::ExportRun& c) { return fmt::format("export {}", c.directory); },
          [](const cmd::SaveMarket& c) { return fmt::format("save {}", c.path); },
          [](const cmd::RestoreMarket& c) { return fmt::format("restore {}", c.path); },
      },
      command);
}

bool changes_state(const Command& command) {
  return std::holds_alternative<cmd::Step>(command) ||
         std::holds_alternative<cmd::Reset>(command) ||
         std::holds_alternative<cmd::SetLever>(command) ||
         std::holds_alternative<cmd::Fork>(command) ||
         std::holds_alternative<cmd::Unfork>(command) ||
         std::holds_alternative<cmd::TriggerEvent>(command) ||
         std::holds_alternative<cmd::Load>(command) ||
         std::holds_alternative<cmd::RestoreMarket>(command);
}

// ---------------------------------------------------------------------------------------------
// Session

Session::Session(Scenario scenario, SessionConfig config)
    : scenario_(std::move(scenario)), config_(std::move(config)) {
  build(true);
}

void Session::build(bool rebuild_graph) {
  if (rebuild_graph || !graph_) adopt_graph(build_scenario_graph(scenario_));
  start(build_world(scenario_, graph_).model, {});
}

void Session::adopt_graph(std::shared_ptr<const SocialGraph> graph) {
  graph_ = std::move(graph);
  network_ = std::make_shared<const NetworkSample>(
      sample_network(*graph_, config_.network_nodes, scenario_.seed));
  // The layout is O(nodes² x iterations): on its own thread, so the market starts at once.
  auto lay_out = [sample = *network_, iterations = config_.layout_iterations,
                  seed = scenario_.seed]() mutable {
    layout_network(sample, iterations, seed);
    return std::make_shared<const NetworkSample>(std::move(sample));
  };
  layout_ = std::async(config_.layout_in_background ? std::launch::async : std::launch::deferred,
                       std::move(lay_out))
                .share();
  if (!config_.layout_in_background) layout_.wait();
}

void Session::start(std::unique_ptr<Model> model, std::vector<MetricsFrame> history) {
  main_ = std::move(model);
  fork_.reset();
  schema_ = std::make_shared<const MetricsSchema>(main_->schema());
  history_[0].clear();
  history_[1].clear();
  markers_ = std::make_shared<std::vector<Marker>>();
  for (auto& s : speakers_) s.clear();
  for (auto& v : speaker_views_) v.clear();
  ++epoch_;
  ++fork_epoch_;
  started_ = std::chrono::steady_clock::now();
  started_at_utc_ = utc_timestamp();
  playing_ = false;
  pending_steps_ = 0;
  if (history.empty()) {
    record_frame(Branch::Main);
    return;
  }
  for (const MetricsFrame& frame : history)
    pending_frames_.push_back({epoch_, fork_epoch_, Branch::Main, frame});
  history_[0] = std::move(history);
}

void Session::save_market(const std::filesystem::path& path) const {
  const Checkpoint checkpoint =
      capture_checkpoint(scenario_, *main_, graph_fingerprint(*graph_),
                         {scenario_to_json(scenario_), {}, {}}, history_[0]);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  write_checkpoint(path, checkpoint);
}

void Session::restore_market(const std::filesystem::path& path) {
  const Checkpoint checkpoint = read_checkpoint(path);
  const std::filesystem::path original(checkpoint.scenario_path);
  Scenario scenario = load_scenario_text(
      checkpoint.scenario_json, path.string() + " (its scenario)", {}, original.parent_path());
  scenario.source_path = checkpoint.scenario_path;
  World world = build_world(scenario);
  restore_checkpoint(checkpoint, graph_fingerprint(*world.graph), world);
  scenario_ = std::move(scenario);
  adopt_graph(std::move(world.graph));
  start(std::move(world.model), checkpoint.frames);
}

const Model& Session::model(Branch branch) const {
  if (branch == Branch::Fork && !fork_) throw std::invalid_argument("there is no fork");
  return branch == Branch::Main ? *main_ : *fork_;
}

Model& Session::mutable_model(Branch branch) {
  if (branch == Branch::Fork && !fork_) throw std::invalid_argument("there is no fork; fork first");
  return branch == Branch::Main ? *main_ : *fork_;
}

const std::vector<MetricsFrame>& Session::history(Branch branch) const {
  return history_[static_cast<int>(branch)];
}

void Session::record_frame(Branch branch) {
  MetricsFrame frame = model(branch).measure();
  pending_frames_.push_back({epoch_, fork_epoch_, branch, frame});
  history_[static_cast<int>(branch)].push_back(std::move(frame));
}

void Session::add_marker(Branch branch, bool both, std::string label) {
  add_marker(branch, both, std::move(label), current_step());
}

void Session::add_marker(Branch branch, bool both, std::string label, Step step) {
  auto markers = std::make_shared<std::vector<Marker>>(*markers_);
  markers->push_back({step, branch, both, std::move(label)});
  markers_ = std::move(markers);
}

void Session::set_status(std::string message, bool is_error) {
  status_ = std::move(message);
  status_is_error_ = is_error;
}

void Session::apply(const Command& command) {
  const Step at = current_step();
  std::visit(
      Overloaded{
          [&](const cmd::Play&) { playing_ = true; },
          [&](const cmd::Pause&) { playing_ = false; },
          [&](const cmd::Step& c) {
            playing_ = false;
            pending_steps_ += c.count;
          },
          [&](const cmd::Reset& c) {
            const bool new_seed = c.seed && *c.seed != scenario_.seed;
            if (c.seed) scenario_.seed = *c.seed;
            build(new_seed);  // the graph depends on the seed
            set_status(fmt::format("reset to step 0, seed {}", scenario_.seed), false);
          },
          [&](const cmd::SetSpeed& c) { speed_ = std::max(0.0, c.steps_per_second); },
          [&](const cmd::SetLever& c) {
            mutable_model(c.branch).set_lever(c.brand, c.lever, c.value);
            add_marker(
                c.branch, !fork_,
                fmt::format("{} {}={:.3g}", brand_name(schema_.get(), c.brand), c.lever, c.value));
          },
          [&](const cmd::Fork&) {
            fork_ = main_->clone();
            history_[1] = history_[0];
            ++fork_epoch_;
            for (const MetricsFrame& frame : history_[1])
              pending_frames_.push_back({epoch_, fork_epoch_, Branch::Fork, frame});
            auto markers = std::make_shared<std::vector<Marker>>();
            for (Marker m : *markers_) {
              if (m.branch == Branch::Main || m.both_branches) {
                m.both_branches = true;
                markers->push_back(std::move(m));
              }
            }
            markers_ = std::move(markers);
            add_marker(Branch::Main, true, "fork");
            speakers_[1] = speakers_[0];
            speaker_views_[1] = speaker_views_[0];
          },
          [&](const cmd::Unfork&) {
            fork_.reset();
            history_[1].clear();
            ++fork_epoch_;
            auto markers = std::make_shared<std::vector<Marker>>();
            for (const Marker& m : *markers_)
              if (m.branch == Branch::Main) markers->push_back(m);
            markers_ = std::move(markers);
          },
          [&](const cmd::TriggerEvent& c) {
            mutable_model(c.branch).apply_intervention(c.intervention);
            add_marker(
                c.branch, !fork_,
                c.intervention.name.empty() ? kind_name(c.intervention.kind) : c.intervention.name);
          },
          [&](const cmd::Load& c) {
            if (!config_.load_scenario)
              throw std::invalid_argument("this session cannot load files");
            Scenario loaded = config_.load_scenario(c.path);
            scenario_ = std::move(loaded);
            build(true);
            set_status(fmt::format("loaded {}", c.path), false);
          },
          [&](const cmd::Inspect& c) {
            if (c.customer && *c.customer >= graph_->customer_count())
              throw std::invalid_argument(fmt::format("no customer {}", *c.customer));
            inspected_ = c.customer;
            for (auto& s : speakers_) s.clear();
            for (auto& v : speaker_views_) v.clear();
          },
          [&](const cmd::ExportRun& c) {
            export_run(c.directory);
            set_status(fmt::format("exported the run to {}", c.directory), false);
          },
          [&](const cmd::SaveMarket& c) {
            save_market(c.path);
            set_status(fmt::format("saved the market at week {} to {}", current_step(), c.path),
                       false);
          },
          [&](const cmd::RestoreMarket& c) {
            restore_market(c.path);
            set_status(fmt::format("restored the market of {} at week {}", c.path, current_step()),
                       false);
          },
      },
      command);
  log_.push_back({at, command});
}

void Session::capture_speakers() {
  if (!inspected_ || graph_->is_fully_mixed()) return;
  const auto neighbours = graph_->neighbours(*inspected_);
  for (int b = 0; b < 2; ++b) {
    speakers_[b].clear();
    speaker_views_[b].clear();
    if (b == 1 && !fork_) continue;
    const Model& m = model(static_cast<Branch>(b));
    for (CustomerIndex j : neighbours) {
      const CustomerView view = m.customer_view(j);
      if (view.advocacy == 0) continue;
      speakers_[b].push_back(j);
      speaker_views_[b].push_back(view);
      if (speakers_[b].size() >= Inspection::kMaxSpeakersShown) break;
    }
  }
}

void Session::step_branch(Branch branch) {
  Model& model = mutable_model(branch);
  const std::size_t fired_before = model.fired_interventions().size();
  model.step();
  const auto fired = model.fired_interventions();
  for (std::size_t i = fired_before; i < fired.size(); ++i)
    add_marker(branch, !fork_, fired[i].name.empty() ? kind_name(fired[i].kind) : fired[i].name,
               fired[i].week);
  record_frame(branch);
}

void Session::step() {
  capture_speakers();
  step_branch(Branch::Main);
  if (fork_) step_branch(Branch::Fork);
  if (pending_steps_ > 0) --pending_steps_;
  if (playing_ && current_step() >= max_steps()) {
    playing_ = false;
    set_status(
        fmt::format("paused at week {}: the dashboard keeps at most 10 x the scenario's weeks of "
                    "history; export the run, then reset",
                    current_step()),
        false);
  } else if (playing_ && current_step() == scenario_.steps) {
    playing_ = false;  // the end of the scenario: pause once; play continues past it
    set_status(fmt::format("reached the scenario's last step ({}); play continues past it",
                           scenario_.steps),
               false);
  }
}

std::vector<FrameRecord> Session::take_frames() {
  std::vector<FrameRecord> frames;
  frames.swap(pending_frames_);
  return frames;
}

BranchView Session::make_branch_view(Branch branch) const {
  const Model& m = model(branch);
  BranchView view;
  view.step = m.current_step();
  view.frame = history(branch).back();
  view.sample.reserve(network_->node_count());
  for (CustomerIndex c : network_->customers) view.sample.push_back(m.customer_view(c));
  view.levers = m.levers();
  if (inspected_) {
    Inspection inspection;
    inspection.customer = *inspected_;
    inspection.degree = graph_->is_fully_mixed() ? 0 : graph_->degree(*inspected_);
    inspection.view = m.customer_view(*inspected_);
    inspection.speakers = speakers_[static_cast<int>(branch)];
    inspection.speaker_views = speaker_views_[static_cast<int>(branch)];
    view.inspection = std::move(inspection);
  }
  return view;
}

std::shared_ptr<const Snapshot> Session::make_snapshot() const {
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->epoch = epoch_;
  snapshot->fork_epoch = fork_epoch_;
  snapshot->schema = schema_;
  snapshot->scenario_name = scenario_.name;
  snapshot->scenario_path = scenario_.source_path;
  snapshot->seed = scenario_.seed;
  snapshot->horizon = scenario_.steps;
  snapshot->customers = graph_->customer_count();
  snapshot->undirected_edges = graph_->undirected_edge_count();
  snapshot->playing = playing_;
  snapshot->speed = speed_;
  snapshot->measured_steps_per_second = measured_speed_;
  snapshot->interventions = scenario_.interventions;
  for (const auto& brand : scenario_.brands) snapshot->brand_names.push_back(brand.name);
  snapshot->ad_hoc_events = scenario_.model == ModelKind::Market;
  snapshot->attribution = scenario_.model == ModelKind::Market && scenario_.output.attribution;
  snapshot->main = make_branch_view(Branch::Main);
  if (fork_) snapshot->fork = make_branch_view(Branch::Fork);
  if (layout_.valid() && layout_.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    snapshot->network = layout_.get();
  snapshot->markers = markers_;
  snapshot->status = status_;
  snapshot->status_is_error = status_is_error_;
  snapshot->commands_applied = log_.size();
  return snapshot;
}

void Session::export_run(const std::filesystem::path& directory) const {
  std::vector<std::string> commands;
  for (const LoggedCommand& entry : log_)
    commands.push_back(fmt::format("{}: {}", entry.step, describe(entry.command, schema_.get())));
  for (int b = 0; b < (fork_ ? 2 : 1); ++b) {
    const auto branch = static_cast<Branch>(b);
    const std::filesystem::path dir = b == 0 ? directory : directory / "fork";
    std::filesystem::create_directories(dir);
    CsvMetricsWriter csv(dir / "metrics.csv", *schema_);
    for (const MetricsFrame& frame : history(branch)) csv.write(frame);
    csv.commit();

    Scenario as_run = scenario_;
    as_run.steps = model(branch).current_step();
    RunSettings settings;
    settings.run_directory = dir;
    settings.scenario_text = read_text(scenario_.source_path);
    if (config_.scenario_json) settings.resolved_scenario_json = config_.scenario_json(as_run);
    settings.command_log = commands;
    RunResult result;
    result.schema = *schema_;
    result.final_frame = history(branch).back();
    result.final_state_hash = model(branch).state_hash();
    result.customers = graph_->customer_count();
    result.undirected_edges = graph_->undirected_edge_count();
    result.peak_memory_bytes = peak_memory_bytes();
    // Issue 16.9: the export wrote wall_seconds 0 and no fired interventions.
    result.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    const auto fired = model(branch).fired_interventions();
    result.interventions.assign(fired.begin(), fired.end());
    write_run_manifest(dir / "manifest.json", as_run, settings, result, available_threads(),
                       started_at_utc_);
  }
}

Scenario load_dashboard_scenario(const std::filesystem::path& file,
                                 const std::vector<std::string>& overrides) {
  CheckedScenario checked = load_checked_scenario(file, overrides);
  if (checked.scenario.model == ModelKind::Market && !checked.writes("output.attribution"))
    checked.scenario.output.attribution = true;
  return std::move(checked.scenario);
}

void replay_log(Session& session, const std::vector<LoggedCommand>& log, Step final_step) {
  for (const LoggedCommand& entry : log) {
    if (!changes_state(entry.command)) continue;
    if (std::holds_alternative<cmd::Step>(entry.command)) continue;  // steps come from entry.step
    while (session.current_step() < entry.step) session.step();
    session.apply(entry.command);
  }
  while (session.current_step() < final_step) session.step();
}

// ---------------------------------------------------------------------------------------------
// SimulationRunner

namespace {
unsigned default_worker_threads() {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1u, cores - 1);  // one core stays with the UI
}
}  // namespace

SimulationRunner::SimulationRunner(Scenario scenario, SessionConfig config, unsigned threads)
    : threads_(threads == 0 ? default_worker_threads() : threads),
      worker_([this, s = std::move(scenario), c = std::move(config)](std::stop_token stop) mutable {
        run(std::move(stop), std::move(s), std::move(c));
      }) {}

SimulationRunner::~SimulationRunner() {
  worker_.request_stop();
  if (worker_.joinable()) worker_.join();
}

void SimulationRunner::send(Command command) {
  std::vector<Command> one;
  one.push_back(std::move(command));
  send(std::move(one));
}

void SimulationRunner::send(std::vector<Command> commands) {
  if (commands.empty()) return;
  {
    std::lock_guard lock(mutex_);
    sent_ += commands.size();
    for (auto& c : commands) queue_.push_back(std::move(c));
  }
  wake_.notify_all();
}

std::vector<FrameRecord> SimulationRunner::take_frames() {
  std::vector<FrameRecord> frames;
  std::lock_guard lock(mutex_);
  frames.swap(frames_);
  return frames;
}

std::vector<LoggedCommand> SimulationRunner::command_log() const {
  std::lock_guard lock(mutex_);
  return log_copy_;
}

bool SimulationRunner::wait_for_step(Step step, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return published_.wait_for(lock, timeout, [&] {
    const auto s = snapshot_.load();
    return s && s->main.step >= step;
  });
}

bool SimulationRunner::wait_for_commands(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = sent_;
  return published_.wait_for(lock, timeout, [&] { return applied_ >= target; });
}

void SimulationRunner::publish(Session& session, std::size_t commands_applied) {
  std::shared_ptr<const Snapshot> snapshot = session.make_snapshot();
  std::vector<FrameRecord> frames = session.take_frames();
  {
    std::lock_guard lock(mutex_);
    // One lock: whoever sees the commands applied also sees their snapshot and frames.
    snapshot_.store(std::move(snapshot));
    applied_ += commands_applied;
    for (auto& f : frames) frames_.push_back(std::move(f));
    if (log_copy_.size() != session.log().size())
      log_copy_.assign(session.log().begin(), session.log().end());
  }
  published_.notify_all();
}

void SimulationRunner::run(std::stop_token stop, Scenario scenario, SessionConfig config) {
  using Clock = std::chrono::steady_clock;
  tbb::task_arena arena(static_cast<int>(threads_));
  arena.execute([&] {
    std::unique_ptr<Session> session;
    try {
      session = std::make_unique<Session>(std::move(scenario), std::move(config));
    } catch (const std::exception& error) {
      auto failed = std::make_shared<Snapshot>();
      failed->status = error.what();
      failed->status_is_error = true;
      {
        std::lock_guard lock(mutex_);
        snapshot_.store(std::move(failed));
      }
      published_.notify_all();
      std::unique_lock lock(mutex_);
      wake_.wait(lock, stop, [] { return false; });
      return;
    }
    publish(*session);

    Clock::time_point next_due = Clock::now();
    Clock::time_point last_step_start{};
    double mean_interval = 0.0;  // seconds between step starts while playing (moving average)
    while (!stop.stop_requested()) {
      std::vector<Command> batch;
      {
        std::lock_guard lock(mutex_);
        batch.swap(queue_);
      }
      if (!batch.empty()) {
        for (const Command& command : batch) {
          try {
            session->apply(command);
          } catch (const std::exception& error) {
            session->set_status(
                fmt::format("{}: {}", describe(command, &session->model(Branch::Main).schema()),
                            error.what()),
                true);
          }
        }
        if (!session->playing()) mean_interval = 0.0;
        publish(*session, batch.size());
        continue;
      }
      if (!session->wants_step()) {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, stop, [&] { return !queue_.empty(); });
        continue;
      }
      const double speed = session->speed();
      if (session->playing() && speed > 0.0 && Clock::now() < next_due) {
        std::unique_lock lock(mutex_);
        wake_.wait_until(lock, stop, next_due, [&] { return !queue_.empty(); });
        continue;
      }
      const Clock::time_point start = Clock::now();
      session->step();
      if (session->playing() && last_step_start != Clock::time_point{}) {
        const double interval = std::chrono::duration<double>(start - last_step_start).count();
        mean_interval = mean_interval == 0.0 ? interval : 0.8 * mean_interval + 0.2 * interval;
        session->set_measured_speed(mean_interval > 0.0 ? 1.0 / mean_interval : 0.0);
      }
      last_step_start = start;
      if (speed > 0.0) {
        const auto period =
            std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / speed));
        next_due += period;
        if (next_due < start) next_due = start + period;  // after a pause or a slow step: no burst
      }
      publish(*session);
    }
  });
}

}  // namespace murmur
