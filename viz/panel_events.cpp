// Events: the scenario's interventions, fired by hand, and ad-hoc ones (scandal, viral
// campaign, new entrant, seed ambassadors) on a chosen brand. Each becomes a TriggerEvent the
// model applies from the next step; models that do not support a kind say so in the status line.

#include <imgui.h>

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "viz/panels.hpp"

namespace murmur::viz::detail {

namespace {

InterventionSpec ad_hoc(InterventionKind kind, std::string name, std::string brand, double value,
                        Step weeks) {
  InterventionSpec spec;
  spec.kind = kind;
  spec.name = std::move(name);
  spec.brands.push_back(std::move(brand));
  spec.value = value;
  spec.weeks = weeks;
  return spec;
}

/// A remark in the disabled-text colour, wrapped to the panel.
void dimmed_note(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

/// Which generation the charts show.
void draw_generation_choice(const MetricsSchema& schema, UiState& ui) {
  ImGui::Separator();
  ImGui::TextUnformatted("Charts show generation:");
  const auto& gens = schema.generation_labels;
  if (ImGui::RadioButton("all", ui.generation == kAllLabel)) ui.generation = kAllLabel;
  for (std::uint16_t g = 0; g < gens.size(); ++g) {
    ImGui::SameLine();
    if (ImGui::RadioButton(gens[g].c_str(), ui.generation == g)) ui.generation = g;
  }
}

}  // namespace

void draw_events(const Snapshot& snapshot, UiState& ui, std::vector<Command>& out) {
  const MetricsSchema& schema = *snapshot.schema;
  const Branch branch = snapshot.fork ? ui.lever_branch : Branch::Main;
  if (snapshot.fork) {
    dimmed_note(fmt::format("Events go to the {} branch (chosen in Levers).",
                            branch == Branch::Main ? "main" : "fork"));
  }

  if (!snapshot.interventions.empty()) {
    ImGui::TextUnformatted("From the scenario:");
    for (std::size_t i = 0; i < snapshot.interventions.size(); ++i) {
      const InterventionSpec& spec = snapshot.interventions[i];
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Button(spec.name.empty() ? "(unnamed)" : spec.name.c_str()))
        out.emplace_back(cmd::TriggerEvent{branch, spec});
      ImGui::PopID();
      ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Separator();
  }

  // Brand choice: the scenario's brands, else the model's brand labels.
  const std::vector<std::string>& brands =
      snapshot.brand_names.empty() ? schema.brand_labels : snapshot.brand_names;
  if (brands.empty()) return;
  if (!snapshot.ad_hoc_events) {
    dimmed_note("Scandals, campaigns, ambassadors and entrants need the market model.");
    draw_generation_choice(schema, ui);
    return;
  }
  ui.event.brand = std::clamp(ui.event.brand, 0, static_cast<int>(brands.size()) - 1);
  const std::string& brand = brands[static_cast<std::size_t>(ui.event.brand)];
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::BeginCombo("##brand", fmt::format("brand: {}", brand).c_str())) {
    for (std::size_t b = 0; b < brands.size(); ++b)
      if (ImGui::Selectable(brands[b].c_str(), static_cast<int>(b) == ui.event.brand))
        ui.event.brand = static_cast<int>(b);
    ImGui::EndCombo();
  }

  const float button_w = 9.0f * ImGui::GetFontSize();
  const float field_w =
      ImGui::GetContentRegionAvail().x - button_w - ImGui::GetStyle().ItemSpacing.x;
  if (ImGui::Button("Scandal", ImVec2(button_w, 0)))
    out.emplace_back(cmd::TriggerEvent{
        branch, ad_hoc(InterventionKind::Scandal, "scandal " + brand, brand,
                       ui.event.scandal_points, static_cast<Step>(ui.event.scandal_weeks))});
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field_w);
  ImGui::SliderFloat("##scandal", &ui.event.scandal_points, 0.5f, 5.0f, "quality -%.1f pts");

  if (ImGui::Button("Viral campaign", ImVec2(button_w, 0)))
    out.emplace_back(cmd::TriggerEvent{
        branch, ad_hoc(InterventionKind::Campaign, "campaign " + brand, brand,
                       ui.event.campaign_budget, static_cast<Step>(ui.event.campaign_weeks))});
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field_w);
  ImGui::SliderFloat("##campaign", &ui.event.campaign_budget, 1.0f, 50.0f, "+%.0f ad budget/wk");

  if (ImGui::Button("Seed ambassadors", ImVec2(button_w, 0)))
    out.emplace_back(
        cmd::TriggerEvent{branch, ad_hoc(InterventionKind::SeedAmbassadors, "ambassadors " + brand,
                                         brand, ui.event.ambassadors, 0)});
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field_w);
  ImGui::SliderFloat("##ambassadors", &ui.event.ambassadors, 0.001f, 0.1f, "%.3f of customers",
                     ImGuiSliderFlags_Logarithmic);

  if (ImGui::Button("New entrant", ImVec2(button_w, 0)))
    out.emplace_back(cmd::TriggerEvent{
        branch, ad_hoc(InterventionKind::Entry, "entry " + brand, brand, 0.0, 0)});
  ImGui::SameLine();
  ImGui::TextDisabled("enters now");
  ImGui::SameLine();
  if (ImGui::SmallButton("Exit"))
    out.emplace_back(
        cmd::TriggerEvent{branch, ad_hoc(InterventionKind::Exit, "exit " + brand, brand, 0.0, 0)});

  draw_generation_choice(schema, ui);
}

}  // namespace murmur::viz::detail
