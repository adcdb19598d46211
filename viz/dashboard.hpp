#pragma once
// The dashboard as a function of a Snapshot: draw_dashboard(snapshot, ui) draws one ImGui frame
// and returns the Commands the user asked for. It never touches the engine, so it runs the
// same in the real window (dash_main.cpp), in a null ImGui context (tests) and in scripts.
// Everything the UI remembers between frames lives in UiState (UI thread only).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "agents/attribution.hpp"
#include "viz/history.hpp"
#include "viz/session/runner.hpp"

namespace murmur::viz {

/// An ad-hoc event's settings in the events panel.
struct AdHocEvent {
  int brand = 0;
  float scandal_points = 2.0f;  ///< quality drop, points
  int scandal_weeks = 8;
  float campaign_budget = 5.0f;  ///< extra ad budget per week
  int campaign_weeks = 4;
  float ambassadors = 0.01f;  ///< share of customers made promoters
};

struct UiState {
  History history;

  // View choices.
  std::uint16_t generation = kAllLabel;  ///< charts: all generations, or one
  bool network_shows_fork = false;
  std::optional<std::uint32_t> selected_node;  ///< index into the network sample
  float network_zoom = 1.0f;
  std::optional<Step> hover_step;  ///< week under the mouse in any chart (drawn in all of them)
  std::vector<std::string> shown_metrics;  ///< charts shown, by name; chosen once per schema
  std::vector<std::string> shown_for;      ///< the metric names shown_metrics was chosen for
  std::uint16_t cause_brand = kAllLabel;   ///< the by-cause charts: one brand, or all of them

  // Controls.
  std::uint64_t seed = 1;
  bool seed_from_snapshot = true;  ///< take the seed field from the next snapshot
  float speed = 10.0f;             ///< steps per second asked for
  bool speed_active = false;       ///< the speed slider is being dragged
  Branch lever_branch = Branch::Main;
  AdHocEvent event;
  std::string scenario_dir = "scenarios";
  std::vector<std::string> scenario_files;  ///< listed once, refreshed on demand
  bool scenario_list_stale = true;
  std::string open_path;  ///< the "open a file" field

  // Slider values being dragged, not yet sent: (branch, brand, lever) -> value.
  std::map<std::tuple<int, std::uint16_t, std::string>, float> lever_edits;

  // Room settings: dash_main rebuilds the font atlas when font_px changes.
  float font_px = 22.0f;

  // Requests for dash_main, which owns the window and the GL context.
  std::string export_png_path;  ///< non-empty: save the charts region as PNG after this frame
  std::string export_dir = "results";
  float charts_rect[4] = {0, 0, 0, 0};  ///< x0, y0, x1, y1 in pixels, set while drawing charts

  // Scripted runs: where the mouse is (the "hover X Y" action); none = outside the window.
  std::optional<std::pair<float, float>> scripted_mouse;

  // Frame statistics from dash_main, shown in the top bar.
  double frames_per_second = 0.0;
  std::uint64_t frame = 0;
};

/// Draws the whole dashboard for one frame (between ImGui::NewFrame and ImGui::Render) and
/// returns the commands for the runner. `snapshot` may be null while the first state builds.
[[nodiscard]] std::vector<Command> draw_dashboard(const Snapshot* snapshot, UiState& ui);

/// Space toggles play, right arrow steps, r resets: commands for this frame's key presses.
[[nodiscard]] std::vector<Command> keyboard_commands(const Snapshot& snapshot, const UiState& ui);

/// The colour of brand `brand` (kAllLabel: white-ish), as ImGui's packed ABGR.
[[nodiscard]] std::uint32_t brand_colour(std::uint16_t brand, float alpha = 1.0f);

/// Metric names in the order the charts show them: the headline metrics first.
[[nodiscard]] std::vector<std::uint16_t> chart_order(const MetricsSchema& schema);
/// The stacked charts of the attribution flows (new_by_*, lost_to_*), shown like metrics.
inline constexpr std::string_view kAdoptionsByCause = "adoptions by cause";
inline constexpr std::string_view kLossesByCause = "losses by cause";

/// The charts shown by default: the headline metrics the schema has (share, awareness, nps,
/// churn, word of mouth, gap, ...), or every metric when it has none of them; then adoptions
/// by cause when the schema has the attribution flows (losses by cause on demand).
[[nodiscard]] std::vector<std::string> default_charts(const MetricsSchema& schema);

/// The label of a generation index (kAllLabel: "all").
[[nodiscard]] std::string generation_label(const MetricsSchema& schema, std::uint16_t generation);
[[nodiscard]] std::string brand_label(const MetricsSchema& schema, std::uint16_t brand);

/// Adoption causes in human words, in AdoptionCause order ("word of mouth", "personalised
/// offer", ...), for the inspector and the adoptions-by-cause chart.
[[nodiscard]] std::string_view cause_words(AdoptionCause cause);
/// The inspector's line on why a market customer has its brand (docs/model.md §5.8): "came to
/// MassAd through: advertising, word of mouth", "customer of MassAd since the start", "no
/// brand", or, when the market does not count causes, that it does not. The brand name goes
/// through terminal_safe like every name the tools print.
[[nodiscard]] std::string adoption_reason(const MetricsSchema& schema, const CustomerView& customer,
                                          bool attribution);

/// A lever slider's tooltip: its meaning and unit from the scenario schema (the scenario
/// reference's words), for a brand's key ("ad_budget") or a generation's
/// ("generations[4.0].inertia", "generation_mix[4.0]"); empty for a lever the schema lacks.
[[nodiscard]] std::string lever_help(const LeverInfo& lever);

/// The scenario files (*.yaml) directly in `directory`, sorted; empty if it does not exist.
[[nodiscard]] std::vector<std::string> list_scenarios(const std::string& directory);

}  // namespace murmur::viz
