// Network: the runner's sample of the social graph (a few thousand customers, laid out once on
// the runner's thread), each customer coloured by its brand, promoters ringed green and
// detractors red, updated from every snapshot. Click a customer to inspect it; the wheel zooms.

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "viz/panels.hpp"

namespace murmur::viz::detail {

void draw_network(const Snapshot& snapshot, UiState& ui, std::vector<Command>& out) {
  if (!snapshot.network || snapshot.network->node_count() == 0) {
    ImGui::TextDisabled("Laying out the network...");
    return;
  }
  const NetworkSample& net = *snapshot.network;
  if (snapshot.fork) {
    int which = ui.network_shows_fork ? 1 : 0;
    ImGui::RadioButton("main", &which, 0);
    ImGui::SameLine();
    ImGui::RadioButton("what-if fork", &which, 1);
    ui.network_shows_fork = which == 1;
    ImGui::SameLine();
  } else {
    ui.network_shows_fork = false;
  }
  ImGui::TextDisabled("%zu of %llu customers, %zu ties", net.node_count(),
                      static_cast<unsigned long long>(snapshot.customers), net.edge_count());
  const BranchView& view = ui.network_shows_fork && snapshot.fork ? *snapshot.fork : snapshot.main;
  if (view.sample.size() != net.node_count()) return;

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::max(50.0f, std::min(avail.x, avail.y));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("network", ImVec2(avail.x, avail.y));
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0.0f)
    ui.network_zoom = std::clamp(ui.network_zoom * std::pow(1.15f, io.MouseWheel), 1.0f, 8.0f);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 corner(origin.x + avail.x, origin.y + avail.y);
  draw->PushClipRect(origin, corner, true);
  // Thousands of ties and dots: without anti-aliasing each is 2 triangles instead of 6, which
  // matters to a software renderer and cannot be seen at this size.
  const ImDrawListFlags saved_flags = draw->Flags;
  draw->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex |
                   ImDrawListFlags_AntiAliasedFill);
  // Zoom about the centre of the panel.
  const float scale = side * ui.network_zoom;
  const ImVec2 centre(origin.x + 0.5f * avail.x, origin.y + 0.5f * avail.y);
  auto at = [&](std::size_t i) {
    return ImVec2(centre.x + (net.x[i] - 0.5f) * scale, centre.y + (net.y[i] - 0.5f) * scale);
  };

  for (std::size_t e = 0; e < net.edges.size(); e += 2)
    draw->AddLine(at(net.edges[e]), at(net.edges[e + 1]), IM_COL32(150, 160, 180, 38), 1.0f);

  const float radius = std::clamp(0.0045f * scale, 2.0f, 9.0f);
  std::optional<std::uint32_t> nearest;
  float nearest_d2 = (3.0f * radius) * (3.0f * radius);
  for (std::size_t i = 0; i < net.node_count(); ++i) {
    const ImVec2 p = at(i);
    const CustomerView& c = view.sample[i];
    const std::uint32_t fill =
        c.brand == kAllLabel ? IM_COL32(90, 90, 96, 255) : brand_colour(c.brand);
    // A promoter or detractor is a dot inside a green or red disc: two fills, no outline strokes.
    if (c.advocacy != 0)
      draw->AddCircleFilled(
          p, radius + 2.0f,
          c.advocacy > 0 ? IM_COL32(60, 230, 90, 255) : IM_COL32(255, 60, 60, 255), 6);
    draw->AddCircleFilled(p, radius, fill, 6);
    if (hovered) {
      const float dx = p.x - io.MousePos.x, dy = p.y - io.MousePos.y;
      if (dx * dx + dy * dy < nearest_d2) {
        nearest_d2 = dx * dx + dy * dy;
        nearest = static_cast<std::uint32_t>(i);
      }
    }
  }
  if (ui.selected_node && *ui.selected_node < net.node_count()) {
    const ImVec2 p = at(*ui.selected_node);
    draw->AddCircle(p, radius + 6.0f, IM_COL32(255, 255, 255, 255), 16, 2.5f);
  }
  draw->Flags = saved_flags;
  draw->PopClipRect();

  if (nearest) {
    ImGui::SetTooltip("customer %u (click to inspect)", net.customers[*nearest]);
    if (clicked) {
      ui.selected_node = nearest;
      out.emplace_back(cmd::Inspect{net.customers[*nearest]});
    }
  }
  // Legend, bottom left.
  const float em = ImGui::GetFontSize();
  ImVec2 p(origin.x + 0.5f * em, corner.y - 1.4f * em);
  auto key = [&](ImU32 ring, ImU32 dot, const char* label) {
    const ImVec2 c(p.x + 0.4f * em, p.y + 0.5f * em);
    if (ring != 0) draw->AddCircleFilled(c, 0.35f * em, ring, 12);
    draw->AddCircleFilled(c, ring != 0 ? 0.2f * em : 0.3f * em, dot, 12);
    draw->AddText(ImVec2(p.x + em, p.y), IM_COL32(220, 220, 220, 255), label);
    p.x += 2.0f * em + ImGui::CalcTextSize(label).x;
  };
  key(IM_COL32(60, 230, 90, 255), brand_colour(0), "promoter");
  key(IM_COL32(255, 60, 60, 255), brand_colour(0), "detractor");
  key(0, IM_COL32(90, 90, 96, 255), "no brand");
}

}  // namespace murmur::viz::detail
