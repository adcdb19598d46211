// Inspector: the customer clicked in the network view: generation, brand, satisfaction,
// advocacy, what it heard last step and from whom (its neighbours who were promoters or
// detractors a step ago, so could have spoken to it), for the main branch and the fork.

#include <imgui.h>

#include <cmath>

#include "viz/panels.hpp"

namespace murmur::viz::detail {

namespace {

void inspection_column(const MetricsSchema& schema, const Inspection& in) {
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
  const MetricsSchema& schema = *snapshot.schema;
  const bool both = snapshot.fork && snapshot.fork->inspection;
  if (both && ImGui::BeginTable("inspect", 2, ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted("main");
    inspection_column(schema, *snapshot.main.inspection);
    ImGui::TableNextColumn();
    ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.0f, 1.0f), "what-if fork");
    inspection_column(schema, *snapshot.fork->inspection);
    ImGui::EndTable();
  } else {
    inspection_column(schema, *snapshot.main.inspection);
  }
  (void)ui;
}

}  // namespace murmur::viz::detail
