#include "viz/dashboard.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include "viz/panels.hpp"

namespace murmur::viz {

namespace {

// Brand colours: Okabe–Ito, distinguishable by colour-blind viewers and on a washed-out projector.
constexpr std::array<std::array<float, 3>, 8> kBrandColours = {{
    {0.90f, 0.62f, 0.00f},  // orange
    {0.34f, 0.71f, 0.91f},  // sky blue
    {0.00f, 0.62f, 0.45f},  // bluish green
    {0.94f, 0.89f, 0.26f},  // yellow
    {0.00f, 0.45f, 0.70f},  // blue
    {0.84f, 0.37f, 0.00f},  // vermillion
    {0.80f, 0.47f, 0.65f},  // reddish purple
    {0.60f, 0.60f, 0.60f},  // grey
}};

}  // namespace

std::uint32_t brand_colour(std::uint16_t brand, float alpha) {
  if (brand == kAllLabel) return ImGui::ColorConvertFloat4ToU32(ImVec4(0.92f, 0.92f, 0.92f, alpha));
  const auto& c = kBrandColours[brand % kBrandColours.size()];
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c[0], c[1], c[2], alpha));
}

namespace {
// The charts, in its order; Bass's adoption curves after them.
constexpr std::array<const char*, 10> kHeadline = {
    "share",        "awareness",    "nps", "churn_annual", "churn",
    "wom_positive", "wom_negative", "gap", "adoption",     "new_adopters"};
}  // namespace

std::vector<std::string> default_charts(const MetricsSchema& schema) {
  std::vector<std::string> shown;
  for (const char* name : kHeadline)
    if (std::find(schema.metric_names.begin(), schema.metric_names.end(), name) !=
        schema.metric_names.end())
      shown.emplace_back(name);
  if (shown.empty()) shown = schema.metric_names;
  if (std::find(schema.metric_names.begin(), schema.metric_names.end(), "new_by_advertising") !=
      schema.metric_names.end())
    shown.emplace_back(kAdoptionsByCause);  // losses by cause on demand: a fork has no room
  return shown;
}

std::vector<std::uint16_t> chart_order(const MetricsSchema& schema) {
  std::vector<std::uint16_t> order;
  for (const char* name : kHeadline) {
    const auto it = std::find(schema.metric_names.begin(), schema.metric_names.end(), name);
    if (it != schema.metric_names.end())
      order.push_back(static_cast<std::uint16_t>(it - schema.metric_names.begin()));
  }
  for (std::uint16_t m = 0; m < schema.metric_names.size(); ++m)
    if (std::find(order.begin(), order.end(), m) == order.end()) order.push_back(m);
  return order;
}

std::string generation_label(const MetricsSchema& schema, std::uint16_t generation) {
  if (generation == kAllLabel) return "all";
  if (generation < schema.generation_labels.size()) return schema.generation_labels[generation];
  return std::to_string(generation);
}

std::string brand_label(const MetricsSchema& schema, std::uint16_t brand) {
  if (brand == kAllLabel) return "all";
  if (brand < schema.brand_labels.size()) return schema.brand_labels[brand];
  return std::to_string(brand);
}

std::vector<std::string> list_scenarios(const std::string& directory) {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Command> keyboard_commands(const Snapshot& snapshot, const UiState&) {
  std::vector<Command> out;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return out;  // typing a path or a seed is not a shortcut
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
    if (snapshot.playing)
      out.emplace_back(cmd::Pause{});
    else
      out.emplace_back(cmd::Play{});
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), true))
    out.emplace_back(cmd::Step{1});
  // 1.86 has no ImGuiKey_R; the typed character works with any backend and keyboard layout.
  for (ImWchar c : io.InputQueueCharacters)
    if (c == 'r' || c == 'R') out.emplace_back(cmd::Reset{});
  return out;
}

namespace detail {

bool begin_panel(const char* name, ImVec2 position, ImVec2 size, bool title) {
  ImGui::SetNextWindowPos(position, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  constexpr ImGuiWindowFlags kFlags =
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  return ImGui::Begin(name, nullptr, title ? kFlags : kFlags | ImGuiWindowFlags_NoTitleBar);
}

void end_panel() { ImGui::End(); }

const char* advocacy_name(int advocacy) {
  return advocacy > 0 ? "promoter" : advocacy < 0 ? "detractor" : "passive";
}

}  // namespace detail

std::vector<Command> draw_dashboard(const Snapshot* snapshot, UiState& ui) {
  std::vector<Command> out;
  const ImGuiIO& io = ImGui::GetIO();
  const float w = io.DisplaySize.x, h = io.DisplaySize.y;
  if (snapshot == nullptr || !snapshot->schema) {
    if (detail::begin_panel("Murmur", ImVec2(0, 0), ImVec2(w, h))) {
      ImGui::TextUnformatted(snapshot == nullptr ? "Building the social graph and the market..."
                                                 : "The scenario could not be started:");
      if (snapshot != nullptr)
        ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", snapshot->status.c_str());
    }
    detail::end_panel();
    return out;
  }
  if (ui.seed_from_snapshot) {
    ui.seed = snapshot->seed;
    ui.seed_from_snapshot = false;
  }
  if (!snapshot->fork) ui.lever_branch = Branch::Main;

  // 1920x1080 room layout, proportional: controls on top, levers and events left, charts in
  // the middle, network and inspector right, status line at the bottom.
  const float line = ImGui::GetFrameHeightWithSpacing();
  const float top = 2.0f * line + 2.0f * ImGui::GetStyle().WindowPadding.y;
  const float bottom = line + ImGui::GetStyle().WindowPadding.y;
  const float left_w = std::max(0.20f * w, 18.0f * ImGui::GetFontSize());
  const float right_w = 0.27f * w;
  const float middle_w = std::max(100.0f, w - left_w - right_w);
  const float body_h = std::max(100.0f, h - top - bottom);

  if (detail::begin_panel("Controls", ImVec2(0, 0), ImVec2(w, top), false))
    detail::draw_controls(*snapshot, ui, out);
  detail::end_panel();

  const float levers_h = 0.58f * body_h;
  if (detail::begin_panel("Levers", ImVec2(0, top), ImVec2(left_w, levers_h)))
    detail::draw_levers(*snapshot, ui, out);
  detail::end_panel();
  if (detail::begin_panel("Events", ImVec2(0, top + levers_h), ImVec2(left_w, body_h - levers_h)))
    detail::draw_events(*snapshot, ui, out);
  detail::end_panel();

  if (detail::begin_panel("Charts", ImVec2(left_w, top), ImVec2(middle_w, body_h)))
    detail::draw_charts(*snapshot, ui);
  detail::end_panel();

  const float network_h = 0.62f * body_h;
  if (detail::begin_panel("Network", ImVec2(left_w + middle_w, top), ImVec2(right_w, network_h)))
    detail::draw_network(*snapshot, ui, out);
  detail::end_panel();
  if (detail::begin_panel("Inspector", ImVec2(left_w + middle_w, top + network_h),
                          ImVec2(right_w, body_h - network_h)))
    detail::draw_inspector(*snapshot, ui);
  detail::end_panel();

  if (detail::begin_panel("Status", ImVec2(0, h - bottom), ImVec2(w, bottom), false)) {
    if (snapshot->status_is_error)
      ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", snapshot->status.c_str());
    else
      ImGui::TextUnformatted(snapshot->status.c_str());
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20.0f, w - 24.0f * ImGui::GetFontSize()));
    ImGui::TextDisabled("keys: space play/pause, right arrow step, r reset");
  }
  detail::end_panel();

  for (Command& c : keyboard_commands(*snapshot, ui)) out.push_back(std::move(c));
  return out;
}

}  // namespace murmur::viz
