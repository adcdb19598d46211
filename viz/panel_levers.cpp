// Levers: one slider per lever the model exposes (Model::levers()), grouped by brand; levers
// with brand kAllLabel are market-wide (generation mix, generation parameters). A slider sends
// SetLever when released, so a drag is one change, one marker on the charts' time axis.

#include <imgui.h>

#include <algorithm>

#include <fmt/format.h>

#include "sim/core/scenario_schema.hpp"
#include "viz/panels.hpp"

namespace murmur::viz {

namespace {

/// A market-wide lever's generation and its short name: "generations[4.0].inertia" is
/// ("4.0", "inertia"), "generation_mix[4.0]" is ("4.0", "share of customers").
std::pair<std::string, std::string> split_market_lever(const std::string& name) {
  const auto open = name.find('['), close = name.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return {"", name};
  std::string generation = name.substr(open + 1, close - open - 1);
  if (name.starts_with("generation_mix[")) return {generation, "share of customers"};
  return {generation, close + 2 <= name.size() ? name.substr(close + 2) : name};
}

}  // namespace

std::string lever_help(const LeverInfo& lever) {
  if (lever.name.starts_with("generation_mix["))
    return "share of the customers in this generation, moved live: the other generations keep "
           "their proportions, and the fewest customers change generation";
  const bool market = lever.brand == kAllLabel;
  const std::string key = market ? split_market_lever(lever.name).second : lever.name;
  for (const NumericKey& k : market ? generation_parameters() : brand_levers())
    if (k.key == key)
      return k.unit.empty() ? std::string(k.doc) : fmt::format("{} [{}]", k.doc, k.unit);
  return {};
}

}  // namespace murmur::viz

namespace murmur::viz::detail {

namespace {

void lever_slider(const LeverInfo& lever, Branch branch, UiState& ui, std::vector<Command>& out,
                  const std::string& label) {
  const auto key = std::make_tuple(static_cast<int>(branch), lever.brand, lever.name);
  auto edit = ui.lever_edits.find(key);
  float value = edit != ui.lever_edits.end() ? edit->second : static_cast<float>(lever.value);
  ImGui::PushID(lever.name.c_str());
  ImGui::SetNextItemWidth(-1.0f);
  const bool changed =
      ImGui::SliderFloat("##v", &value, static_cast<float>(lever.min),
                         static_cast<float>(lever.max), fmt::format("{}: %.3g", label).c_str());
  if (changed) ui.lever_edits[key] = value;
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
    if (const std::string help = lever_help(lever); !help.empty()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(28.0f * ImGui::GetFontSize());
      ImGui::TextUnformatted(fmt::format("{}: {}", lever.name, help).c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    out.emplace_back(cmd::SetLever{branch, lever.brand, lever.name, static_cast<double>(value)});
  } else if (!ImGui::IsItemActive() && edit != ui.lever_edits.end() &&
             static_cast<float>(lever.value) == edit->second) {
    ui.lever_edits.erase(edit);  // the model has taken the value: the snapshot speaks again
  }
  ImGui::PopID();
}

}  // namespace

void draw_levers(const Snapshot& snapshot, UiState& ui, std::vector<Command>& out) {
  const MetricsSchema& schema = *snapshot.schema;
  if (snapshot.fork) {
    int branch = static_cast<int>(ui.lever_branch);
    ImGui::TextUnformatted("Levers of:");
    ImGui::SameLine();
    ImGui::RadioButton("main", &branch, 0);
    ImGui::SameLine();
    ImGui::RadioButton("what-if fork", &branch, 1);
    ui.lever_branch = static_cast<Branch>(branch);
  }
  const BranchView& view =
      ui.lever_branch == Branch::Fork && snapshot.fork ? *snapshot.fork : snapshot.main;
  if (view.levers.empty()) {
    ImGui::TextDisabled("This model has no levers.");
    return;
  }
  // Market-wide levers first (generation mix and parameters), then one group per brand.
  std::vector<std::uint16_t> groups;
  for (const LeverInfo& lever : view.levers)
    if (std::find(groups.begin(), groups.end(), lever.brand) == groups.end())
      groups.push_back(lever.brand);
  std::stable_sort(groups.begin(), groups.end(), [](std::uint16_t a, std::uint16_t b) {
    return (a == kAllLabel ? -1 : static_cast<int>(a)) <
           (b == kAllLabel ? -1 : static_cast<int>(b));
  });
  for (std::uint16_t group : groups) {
    const std::string title =
        group == kAllLabel ? std::string("Market and generations") : brand_label(schema, group);
    ImGui::PushID(group);
    if (group != kAllLabel) {
      ImGui::PushStyleColor(ImGuiCol_Header, brand_colour(group, 0.45f));
      ImGui::PushStyleColor(ImGuiCol_HeaderHovered, brand_colour(group, 0.6f));
    }
    // Brands open by default; the generations' fifty-odd sliders wait until asked for.
    const bool open = ImGui::CollapsingHeader(
        title.c_str(), group == kAllLabel ? 0 : ImGuiTreeNodeFlags_DefaultOpen);
    if (group != kAllLabel) ImGui::PopStyleColor(2);
    std::string section;
    if (open)
      for (const LeverInfo& lever : view.levers) {
        if (lever.brand != group) continue;
        if (group != kAllLabel) {
          lever_slider(lever, ui.lever_branch, ui, out, lever.name);
          continue;
        }
        const auto [generation, label] = split_market_lever(lever.name);
        if (generation != section) {  // Debian's Dear ImGui predates SeparatorText
          section = generation;
          ImGui::Separator();
          ImGui::TextDisabled("Customer %s", section.c_str());
        }
        lever_slider(lever, ui.lever_branch, ui, out, label);
      }
    ImGui::PopID();
  }
}

}  // namespace murmur::viz::detail
