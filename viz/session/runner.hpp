#pragma once
// The dashboard's engine side (STYLE.md 3.6). No ImGui or GL here.
//
// A Session owns the model of the main branch and, after a what-if fork, a second model cloned
// from it; it applies value Commands between steps and logs each with the step at which it
// took effect, so a live session replays bit for bit (replay_log). A SimulationRunner runs a
// Session on its own std::jthread inside a tbb::task_arena that leaves one core to the UI. After
// every step it publishes an immutable Snapshot through std::atomic<std::shared_ptr<const
// Snapshot>>, and queues the step's MetricsFrames for the UI to drain, so the UI never misses
// a step however slowly it draws. The UI never locks anything the step holds: it sends
// commands into a mutex-guarded queue that the runner drains between steps.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/model/metrics.hpp"
#include "sim/model/model.hpp"
#include "viz/session/network_sample.hpp"

namespace murmur {

/// Which of the two side-by-side markets: the main run, or the what-if fork.
enum class Branch : std::uint8_t { Main = 0, Fork = 1 };

namespace cmd {
struct Play {};
struct Pause {};
struct Step {
  std::uint32_t count = 1;  ///< steps to take, playing or not
};
struct Reset {
  std::optional<Seed> seed;  ///< new seed (rebuilds the graph); none = same seed
};
struct SetSpeed {
  double steps_per_second = 0.0;  ///< 0 = as fast as it goes
};
struct SetLever {
  Branch branch = Branch::Main;
  std::uint16_t brand = 0;  ///< brand index, or kAllLabel for market-wide levers
  std::string lever;
  double value = 0.0;
};
struct Fork {};    ///< clone the main branch (state and random streams) into the fork
struct Unfork {};  ///< drop the fork
struct TriggerEvent {
  Branch branch = Branch::Main;
  InterventionSpec intervention;  ///< applied now; its trigger is ignored
};
struct Load {
  std::string path;  ///< scenario file; replaces the session (fork dropped, step 0)
};
struct Inspect {
  std::optional<CustomerIndex> customer;  ///< none = stop inspecting
};
struct ExportRun {
  std::string directory;  ///< metrics.csv + manifest.json (+ fork/metrics.csv) go here
};
struct SaveMarket {
  std::string
      path;  ///< a checkpoint file (sim/io/checkpoint.hpp) of the main branch, with its history
};
struct RestoreMarket {
  std::string path;  ///< a saved market; replaces the session (fork dropped) at the saved week
};
}  // namespace cmd

using Command = std::variant<cmd::Play, cmd::Pause, cmd::Step, cmd::Reset, cmd::SetSpeed,
                             cmd::SetLever, cmd::Fork, cmd::Unfork, cmd::TriggerEvent, cmd::Load,
                             cmd::Inspect, cmd::ExportRun, cmd::SaveMarket, cmd::RestoreMarket>;

/// One line of a session log: the command, and the main branch's step when it took effect
/// (before that step's successor was computed).
struct LoggedCommand {
  Step step = 0;
  Command command;
};

/// Human-readable one-liner ("set_lever main product imitation_per_year=0.8").
[[nodiscard]] std::string describe(const Command& command, const MetricsSchema* schema = nullptr);
/// True for commands that change model state (the ones a replay must repeat).
[[nodiscard]] bool changes_state(const Command& command);

/// A change shown on the charts' time axis.
struct Marker {
  Step step = 0;
  Branch branch = Branch::Main;
  bool both_branches = false;  ///< happened before the fork existed, or to both
  std::string label;
};

/// One metrics frame on its way to the UI's history.
struct FrameRecord {
  std::uint32_t epoch = 0;       ///< bumps on Reset/Load: the UI clears its history
  std::uint32_t fork_epoch = 0;  ///< bumps on Fork/Unfork: the UI clears the fork's history
  Branch branch = Branch::Main;
  MetricsFrame frame;
};

/// A customer under inspection, and the neighbours who could have spoken to it last step
/// (promoters or detractors as of the previous step).
struct Inspection {
  CustomerIndex customer = 0;
  std::uint32_t degree = 0;
  CustomerView view;
  std::vector<CustomerIndex> speakers;      ///< at most kMaxSpeakersShown
  std::vector<CustomerView> speaker_views;  ///< what each speaker was, a step ago
  static constexpr std::size_t kMaxSpeakersShown = 24;
};

/// What one branch looks like after a step.
struct BranchView {
  Step step = 0;
  MetricsFrame frame;
  std::vector<CustomerView> sample;  ///< one per NetworkSample node
  std::vector<LeverInfo> levers;
  std::optional<Inspection> inspection;
};

/// Everything the UI draws in one frame; immutable once published.
struct Snapshot {
  std::uint64_t serial = 0;  ///< bumps on every publish
  std::uint32_t epoch = 0;
  std::uint32_t fork_epoch = 0;
  std::shared_ptr<const MetricsSchema> schema;
  std::string scenario_name;
  std::string scenario_path;
  Seed seed = 0;
  Step horizon = 0;  ///< the scenario's steps: playing pauses there once
  std::uint64_t customers = 0;
  std::uint64_t undirected_edges = 0;
  bool playing = false;
  double speed = 0.0;                    ///< steps per second asked for; 0 = as fast as it goes
  double measured_steps_per_second = 0;  ///< recent average
  std::vector<InterventionSpec> interventions;  ///< the scenario's, in file order (event buttons)
  std::vector<std::string> brand_names;         ///< the scenario's brands (may be empty for Bass)
  bool ad_hoc_events = false;  ///< the model acts on ad-hoc brand events (the market; not Bass)
  bool attribution = false;    ///< a market counting adoptions by cause (output.attribution)
  BranchView main;
  std::optional<BranchView> fork;
  std::shared_ptr<const NetworkSample> network;  ///< null until laid out (on its own thread)
  std::shared_ptr<const std::vector<Marker>> markers;
  std::string status;  ///< last message for the status bar
  bool status_is_error = false;
  std::uint64_t commands_applied = 0;
};

struct SessionConfig {
  /// Reads a scenario file for cmd::Load (the dashboard passes load_scenario).
  std::function<Scenario(const std::string& path)> load_scenario;
  /// Resolved parameters as JSON for exported manifests (the dashboard passes scenario_to_json).
  std::function<std::string(const Scenario&)> scenario_json;
  std::uint32_t network_nodes = 2000;
  std::uint32_t layout_iterations = 80;
  bool layout_in_background = true;  ///< false: lay out before the first step (tests)
};

/// A scenario as the dashboard runs it: load_scenario(file, overrides), with
/// output.attribution turned on for a market scenario (the inspector's "came to ... through"
/// and the adoptions-by-cause chart need it; under 1% slower and 2 B a customer) unless the
/// file or an override sets output.attribution itself (`attribution: false` in the file's
/// `output`, or `--set output.attribution=false`, keeps it off).
[[nodiscard]] Scenario load_dashboard_scenario(const std::filesystem::path& file,
                                               const std::vector<std::string>& overrides = {});

/// The synchronous core: no threads of its own. Tests drive it directly.
class Session {
 public:
  Session(Scenario scenario, SessionConfig config);

  /// Applies a command now (between steps) and logs it. Throws what the model throws for a bad
  /// lever or event, std::invalid_argument for a bad branch, InputError for a bad file.
  void apply(const Command& command);
  /// Steps the main branch and the fork (if any) once.
  void step();
  /// True when the runner should step now (playing, or single steps pending).
  [[nodiscard]] bool wants_step() const noexcept { return playing_ || pending_steps_ > 0; }

  [[nodiscard]] Step current_step() const { return main_->current_step(); }
  /// Playing pauses here: the history (every frame of both branches) must fit in memory when a
  /// small market runs at full speed for a long time.
  [[nodiscard]] Step max_steps() const noexcept {
    return std::max<Step>(10 * scenario_.steps, 1000);
  }
  [[nodiscard]] bool has_fork() const noexcept { return fork_ != nullptr; }
  [[nodiscard]] const Model& model(Branch branch) const;
  [[nodiscard]] const Scenario& scenario() const noexcept { return scenario_; }
  [[nodiscard]] bool playing() const noexcept { return playing_; }
  [[nodiscard]] double speed() const noexcept { return speed_; }
  [[nodiscard]] const std::vector<LoggedCommand>& log() const noexcept { return log_; }
  [[nodiscard]] const std::vector<MetricsFrame>& history(Branch branch) const;
  /// The sampled customers of the network view (positions may still be computing).
  [[nodiscard]] const NetworkSample& network_sample() const noexcept { return *network_; }

  /// Frames produced since the last call, in order.
  [[nodiscard]] std::vector<FrameRecord> take_frames();
  /// A snapshot of the current state (the runner publishes it).
  [[nodiscard]] std::shared_ptr<const Snapshot> make_snapshot() const;
  void set_status(std::string message, bool is_error);
  void set_measured_speed(double steps_per_second) noexcept { measured_speed_ = steps_per_second; }

  /// Writes metrics.csv and manifest.json (the CLI's format) of the main branch into
  /// `directory`, and fork/metrics.csv + fork/manifest.json when forked.
  void export_run(const std::filesystem::path& directory) const;
  /// Saves the main branch (state, levers, pending interventions, chart history) so that a
  /// workshop can pick up where it left off; the same file format as `murmur run` checkpoints.
  void save_market(const std::filesystem::path& path) const;
  /// Replaces the session with a saved market. Checks everything first (file, scenario, graph
  /// fingerprint, state): a refused file changes nothing. Throws InputError.
  void restore_market(const std::filesystem::path& path);

 private:
  void build(bool rebuild_graph);
  void adopt_graph(std::shared_ptr<const SocialGraph> graph);
  void start(std::unique_ptr<Model> model, std::vector<MetricsFrame> history);
  void record_frame(Branch branch);
  [[nodiscard]] Model& mutable_model(Branch branch);
  [[nodiscard]] BranchView make_branch_view(Branch branch) const;
  void capture_speakers();
  void add_marker(Branch branch, bool both, std::string label);
  void add_marker(Branch branch, bool both, std::string label, Step step);
  /// Runs one branch's step and marks the scenario interventions that fired in it.
  void step_branch(Branch branch);

  Scenario scenario_;
  SessionConfig config_;
  std::shared_ptr<const SocialGraph> graph_;
  std::shared_ptr<const NetworkSample> network_;  // sampled customers and ties
  mutable std::shared_future<std::shared_ptr<const NetworkSample>> layout_;  // + positions, later
  std::shared_ptr<const MetricsSchema> schema_;
  std::unique_ptr<Model> main_;
  std::unique_ptr<Model> fork_;
  std::vector<MetricsFrame> history_[2];
  std::vector<FrameRecord> pending_frames_;
  std::shared_ptr<std::vector<Marker>> markers_;  // copied on write: snapshots share the old one
  std::vector<LoggedCommand> log_;
  std::optional<CustomerIndex> inspected_;
  std::vector<CustomerIndex> speakers_[2];  // inspected's neighbours, before the step
  std::vector<CustomerView> speaker_views_[2];
  std::uint32_t epoch_ = 0;
  std::uint32_t fork_epoch_ = 0;
  std::uint32_t pending_steps_ = 0;
  bool playing_ = false;
  double speed_ = 0.0;
  double measured_speed_ = 0.0;
  std::string status_;
  bool status_is_error_ = false;
  // When the current market started (built, reset or restored): an export's wall time.
  std::chrono::steady_clock::time_point started_;
  std::string started_at_utc_;
};

/// Re-applies a logged session to a fresh Session: steps up to each entry's step, applies it,
/// then steps on to `final_step`. Ignores commands that do not change state.
void replay_log(Session& session, const std::vector<LoggedCommand>& log, Step final_step);

/// Runs a Session on a worker thread (see the top of this file).
class SimulationRunner {
 public:
  /// Starts the worker; the Session (graph, model, layout) is built on it, so this returns at
  /// once and snapshot() is null until the first state is ready. `threads` = 0 leaves one core
  /// for the UI (at least one worker).
  SimulationRunner(Scenario scenario, SessionConfig config, unsigned threads = 0);
  ~SimulationRunner();
  SimulationRunner(const SimulationRunner&) = delete;
  SimulationRunner& operator=(const SimulationRunner&) = delete;

  void send(Command command);
  void send(std::vector<Command> commands);
  [[nodiscard]] std::shared_ptr<const Snapshot> snapshot() const { return snapshot_.load(); }
  /// Frames published since the last call (UI thread).
  [[nodiscard]] std::vector<FrameRecord> take_frames();
  /// The session's command log so far.
  [[nodiscard]] std::vector<LoggedCommand> command_log() const;
  /// Blocks until a snapshot at `step` or later is published (tests, scripted runs).
  bool wait_for_step(Step step, std::chrono::milliseconds timeout);
  /// Blocks until every command sent so far has been applied.
  bool wait_for_commands(std::chrono::milliseconds timeout);
  [[nodiscard]] unsigned worker_threads() const noexcept { return threads_; }

 private:
  void run(std::stop_token stop, Scenario scenario, SessionConfig config);
  void publish(Session& session, std::size_t commands_applied = 0);

  unsigned threads_;
  std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
  mutable std::mutex mutex_;               // guards the fields below
  std::condition_variable_any wake_;       // commands arrived, or stop
  std::condition_variable_any published_;  // a snapshot or a command batch went out
  std::vector<Command> queue_;
  std::vector<FrameRecord> frames_;
  std::vector<LoggedCommand> log_copy_;
  std::uint64_t sent_ = 0;
  std::uint64_t applied_ = 0;
  std::jthread worker_;  // last: joins before the fields above go away
};

}  // namespace murmur
