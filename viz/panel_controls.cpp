// Top bar: run controls (play, step, reset, seed, speed), scenario choice, fork, exports and
// the room's font size. Two rows, so it fits 1920 pixels at the default 22 px font.

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <ctime>

#include "sim/core/types.hpp"
#include "sim/io/output.hpp"
#include "viz/panels.hpp"

namespace murmur::viz::detail {

namespace {}  // namespace

void draw_controls(const Snapshot& snapshot, UiState& ui, std::vector<Command>& out) {
  const float em = ImGui::GetFontSize();
  // Row 1: time.
  if (ImGui::Button(snapshot.playing ? "Pause" : "Play", ImVec2(5.0f * em, 0))) {
    if (snapshot.playing)
      out.emplace_back(cmd::Pause{});
    else
      out.emplace_back(cmd::Play{});
  }
  ImGui::SameLine();
  if (ImGui::Button("Step")) out.emplace_back(cmd::Step{1});
  ImGui::SameLine();
  if (ImGui::Button("Reset")) out.emplace_back(cmd::Reset{ui.seed});
  ImGui::SameLine();
  ImGui::SetNextItemWidth(6.0f * em);
  if (ImGui::InputScalar("seed", ImGuiDataType_U64, &ui.seed))
    ui.seed = std::min<std::uint64_t>(ui.seed, kMaxSeed);  // below 2^53, as every command takes
  ImGui::SameLine(0, 2.0f * em);

  bool max_speed = snapshot.speed <= 0.0;
  if (ImGui::Checkbox("max speed", &max_speed))
    out.emplace_back(cmd::SetSpeed{max_speed ? 0.0 : static_cast<double>(ui.speed)});
  ImGui::SameLine();
  ImGui::SetNextItemWidth(9.0f * em);
  if (snapshot.speed > 0.0 && !ui.speed_active) ui.speed = static_cast<float>(snapshot.speed);
  if (ImGui::SliderFloat("steps/s", &ui.speed, 0.5f, 200.0f, "%.1f", ImGuiSliderFlags_Logarithmic))
    out.emplace_back(cmd::SetSpeed{static_cast<double>(ui.speed)});
  ui.speed_active = ImGui::IsItemActive();
  ImGui::SameLine(0, 2.0f * em);
  ImGui::Text("week %u / %u", snapshot.main.step, snapshot.horizon);
  ImGui::SameLine(0, 1.5f * em);
  ImGui::TextDisabled("%.0f steps/s   %.0f fps   %llu customers",
                      snapshot.measured_steps_per_second, ui.frames_per_second,
                      static_cast<unsigned long long>(snapshot.customers));
  ImGui::SameLine(0, 1.5f * em);
  ImGui::Text("%s", snapshot.scenario_name.c_str());

  // Row 2: what runs, what-if, exports, room.
  if (ui.scenario_list_stale) {
    ui.scenario_files = list_scenarios(ui.scenario_dir);
    ui.scenario_list_stale = false;
  }
  ImGui::SetNextItemWidth(14.0f * em);
  if (ImGui::BeginCombo("##scenario", "open a scenario...")) {
    for (const std::string& file : ui.scenario_files)
      if (ImGui::Selectable(file.c_str(), file == snapshot.scenario_path))
        out.emplace_back(cmd::Load{file});
    if (ImGui::Selectable("(refresh the list)")) ui.scenario_list_stale = true;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(14.0f * em);
  ImGui::InputTextWithHint("##path", "or a file path", &ui.open_path);
  ImGui::SameLine();
  if (ImGui::Button("Open") && !ui.open_path.empty()) {
    // A saved market (.murmur) restores the workshop where it was; anything else is a scenario.
    if (ui.open_path.ends_with(".murmur"))
      out.emplace_back(cmd::RestoreMarket{ui.open_path});
    else
      out.emplace_back(cmd::Load{ui.open_path});
  }
  ImGui::SameLine(0, 2.0f * em);

  if (!snapshot.fork) {
    if (ImGui::Button("Fork what-if")) out.emplace_back(cmd::Fork{});
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Copy this market (state and random streams) into a second branch,\n"
          "then change a lever in one and watch both side by side");
  } else if (ImGui::Button("Drop the fork")) {
    out.emplace_back(cmd::Unfork{});
  }
  ImGui::SameLine(0, 2.0f * em);
  if (ImGui::Button("Export CSV"))
    out.emplace_back(cmd::ExportRun{ui.export_dir + "/dash-" + local_timestamp_for_names()});
  ImGui::SameLine();
  if (ImGui::Button("Export charts PNG"))
    ui.export_png_path = ui.export_dir + "/dash-" + local_timestamp_for_names() + "-charts.png";
  ImGui::SameLine();
  if (ImGui::Button("Save market")) {
    const std::string path = ui.export_dir + "/dash-" + local_timestamp_for_names() + ".murmur";
    ui.open_path = path;  // ready to be restored with Open
    out.emplace_back(cmd::SaveMarket{path});
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Save the main market (state, levers, charts) to a .murmur file;\n"
        "Open that file later to continue the workshop from this week");
  ImGui::SameLine(0, 2.0f * em);
  if (ImGui::Button("A-")) ui.font_px = std::max(12.0f, ui.font_px - 2.0f);
  ImGui::SameLine();
  if (ImGui::Button("A+")) ui.font_px = std::min(48.0f, ui.font_px + 2.0f);
  ImGui::SameLine();
  ImGui::TextDisabled("%.0f px", ui.font_px);
}

}  // namespace murmur::viz::detail
