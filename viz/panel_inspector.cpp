// Inspector: the customer clicked in the network view: generation, brand, satisfaction,
// advocacy, what it heard last step and from whom (its neighbours who were promoters or
// detractors a step ago, so could have spoken to it) and why it has its brand (attribution),
// for the main branch and the fork.

#include <imgui.h>

#include <array>
#include <cmath>

#include "sim/core/terminal_text.hpp"
#include "viz/panels.hpp"

namespace murmur::viz {

std::string_view cause_words(AdoptionCause cause) {
  const auto k = static_cast<std::size_t>(cause);
  return k < kAdoptionCauseWords.size() ? kAdoptionCauseWords[k] : std::string_view("unknown");
}

std::string adoption_reason(const MetricsSchema& schema, const CustomerView& customer,
                            bool attribution) {
  if (customer.brand == kAllLabel) return "no brand";
  const std::string brand = terminal_safe(brand_label(schema, customer.brand));
  if (!attribution) return "why " + brand + ": not counted (output.attribution is off)";
  if (customer.adoption_causes == 0) return "customer of " + brand + " since the start";
  std::string text = "came to " + brand + " through: ";
  bool first = true;
  for (std::size_t k = 0; k < kAdoptionCauses; ++k) {
    if (!(customer.adoption_causes & (1u << k))) continue;
    if (!first) text += ", ";
    text += cause_words(static_cast<AdoptionCause>(k));
    first = false;
  }
  return text;
}

}  // namespace murmur::viz

namespace murmur::viz::detail {

namespace {

void inspection_column(const Snapshot& snapshot, const Inspection& in) {
  const MetricsSchema& schema = *snapshot.schema;
  const CustomerView& c = in.view;
  ImGui::TextWrapped("customer %u, %u friends", in.customer, in.degree);
  ImGui::Text("generation: %s", generation_label(schema, c.generation).c_str());
  ImGui::TextUnformatted("brand: ");
  ImGui::SameLine(0, 0);
  if (c.brand == kAllLabel)
    ImGui::TextDisabled("none");
  else
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(brand_colour(c.brand)), "%s",
                       brand_label(schema, c.brand).c_str());
  if (snapshot.ad_hoc_events)  // the market model (Bass has no causes)
    ImGui::TextWrapped("%s", adoption_reason(schema, c, snapshot.attribution).c_str());
  if (std::isnan(c.satisfaction))
    ImGui::TextDisabled("satisfaction: n/a");
  else
    ImGui::Text("satisfaction: %.1f / 10", static_cast<double>(c.satisfaction));
  ImGui::Text("advocacy: %s", advocacy_name(c.advocacy));
  if (c.heard_from == 0) {
    ImGui::TextDisabled("heard nothing last step");
  } else {
    ImGui::TextWrapped("heard %s about %s from %u", c.heard_valence >= 0 ? "praise" : "warnings",
                       brand_label(schema, c.heard_brand).c_str(), c.heard_from);
  }
  if (!in.speakers.empty()) {
    ImGui::TextUnformatted("neighbours talking a step ago:");
    for (std::size_t k = 0; k < in.speakers.size(); ++k) {
      const CustomerView& s = in.speaker_views[k];
      ImGui::BulletText("%u: %s of %s", in.speakers[k], advocacy_name(s.advocacy),
                        brand_label(schema, s.brand).c_str());
    }
  }
}

}  // namespace

void draw_inspector(const Snapshot& snapshot, UiState& ui) {
  if (!snapshot.main.inspection) {
    ImGui::TextDisabled("Click a customer in the network to inspect it.");
    return;
  }
  const bool both = snapshot.fork && snapshot.fork->inspection;
  if (both && ImGui::BeginTable("inspect", 2, ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted("main");
    inspection_column(snapshot, *snapshot.main.inspection);
    ImGui::TableNextColumn();
    ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.0f, 1.0f), "what-if fork");
    inspection_column(snapshot, *snapshot.fork->inspection);
    ImGui::EndTable();
  } else {
    inspection_column(snapshot, *snapshot.main.inspection);
  }
  (void)ui;
}

}  // namespace murmur::viz::detail
