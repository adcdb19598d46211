#pragma once
// Scripted sessions: `murmur-dash --script FILE` plays timed actions, so an end-to-end test
// drives the real binary and a facilitator can rehearse a demo. One action per line:
//
//   # frame  action  arguments
//   0    speed max
//   1    play
//   10   wait-step 20                          # hold later actions until week 20
//   30   lever main product imitation_per_year 0.8
//   40   fork
//   41   lever fork 0 imitation_per_year 1.5   # brand by label or index; "market" = kAllLabel
//   50   event main scandal Incumbent 2 8      # kind brand value [weeks]
//   60   intervention "price war" main          # one of the scenario's, by name
//   70   inspect 12                            # a node of the network sample
//   80   generation 4.0                        # charts per generation ("all" for all)
//   90   export-csv results/demo                # also: export-png FILE, load FILE, font PX,
//                                               # save FILE.murmur, restore FILE.murmur,
//                                               # step [N], reset [SEED], pause, unfork, network
//                                               fork, # hover X Y (puts the mouse there, in pixels)
//
// Frames count from the first frame that shows a market (building a large graph takes a few
// seconds; a script should not race it). Actions due at the same frame run in file order.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "viz/dashboard.hpp"

namespace murmur::viz {

struct ScriptAction {
  std::uint64_t frame = 0;
  std::string verb;
  std::vector<std::string> args;
  int line = 0;
};

/// Parses a script; throws InputError naming the file and line of every bad line.
[[nodiscard]] std::vector<ScriptAction> parse_script(std::string_view text,
                                                     const std::string& file_label);
[[nodiscard]] std::vector<ScriptAction> load_script(const std::filesystem::path& path);

/// The commands one action means against the current snapshot; UI-only actions (generation,
/// inspect selection, export-png, font, network) change `ui`. Throws std::invalid_argument when
/// a brand, lever or intervention does not exist.
[[nodiscard]] std::vector<Command> script_commands(const ScriptAction& action,
                                                   const Snapshot& snapshot, UiState& ui);

/// Plays a script frame by frame.
class ScriptPlayer {
 public:
  explicit ScriptPlayer(std::vector<ScriptAction> actions) : actions_(std::move(actions)) {}
  /// Commands due at `frame` (and any held back by wait-step or a missing snapshot).
  [[nodiscard]] std::vector<Command> advance(std::uint64_t frame, const Snapshot* snapshot,
                                             UiState& ui);
  [[nodiscard]] bool finished() const noexcept { return next_ >= actions_.size(); }

 private:
  std::vector<ScriptAction> actions_;
  std::size_t next_ = 0;
  Step waiting_for_ = 0;
  std::optional<std::uint64_t> start_frame_;  // first frame with a market
};

}  // namespace murmur::viz
