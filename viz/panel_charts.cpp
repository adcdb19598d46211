// Charts: one small multiple per metric (the schema's names, headline metrics first), a line per
// brand, drawn with ImGui draw lists (ImPlot is not packaged). With a fork, the main branch and
// the what-if branch sit side by side on the same axes. Markers on the time axis show lever
// changes and events; hovering shows every value at that week, in every chart at once.

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "viz/panels.hpp"

namespace murmur::viz::detail {

namespace {

struct Series {
  std::uint16_t brand;
  std::uint32_t colour;
  float thickness;
};

struct YRange {
  float low = std::numeric_limits<float>::infinity();
  float high = -std::numeric_limits<float>::infinity();
};

std::vector<Series> series_of(const History& history, std::uint16_t metric,
                              std::uint16_t generation) {
  std::vector<Series> series;
  for (std::uint16_t b = 0; b + 1 < history.brand_slots(); ++b)
    if (history.has(metric, b, generation)) series.push_back({b, brand_colour(b), 2.5f});
  if (history.has(metric, kAllLabel, generation))
    series.push_back({kAllLabel, brand_colour(kAllLabel, series.empty() ? 1.0f : 0.6f),
                      series.empty() ? 2.5f : 1.5f});
  return series;
}

YRange range_of(const History& history, const std::vector<Series>& series, std::uint16_t metric,
                std::uint16_t generation, bool with_fork) {
  YRange range;
  for (int b = 0; b < (with_fork ? 2 : 1); ++b) {
    const auto branch = static_cast<Branch>(b);
    for (std::size_t i = 0; i < history.size(branch); ++i)
      for (const Series& s : series) {
        const float v = history.value(branch, i, metric, s.brand, generation);
        if (std::isnan(v)) continue;
        range.low = std::min(range.low, v);
        range.high = std::max(range.high, v);
      }
  }
  if (!(range.low <= range.high)) return {0.0f, 1.0f};
  if (range.low >= 0.0f && range.low < 0.35f * range.high)
    range.low = 0.0f;  // small positives: from 0
  const float pad = range.high > range.low ? 0.06f * (range.high - range.low)
                                           : std::max(0.5f, std::fabs(range.high) * 0.1f);
  return {range.low == 0.0f ? 0.0f : range.low - pad, range.high + pad};
}

// Axis ticks stay short: 5650 -> "5.65k", so the labels fit a narrow margin.
std::string format_tick(float v) {
  const float a = std::fabs(v);
  if (a >= 1e6f) return fmt::format("{:.3g}M", v / 1e6f);
  if (a >= 1e3f) return fmt::format("{:.3g}k", v / 1e3f);
  return fmt::format("{:.3g}", v);
}

std::string format_value(float v) {
  return std::isnan(v) ? std::string("-") : fmt::format("{:.4g}", v);
}

void draw_chart(const Snapshot& snapshot, UiState& ui, Branch branch, std::uint16_t metric,
                const std::vector<Series>& series, YRange y, float x_max, ImVec2 size,
                std::optional<Step> shared_hover) {
  const MetricsSchema& schema = *snapshot.schema;
  const History& history = ui.history;
  const float em = ImGui::GetFontSize();
  ImGui::PushID(static_cast<int>(metric) * 2 + static_cast<int>(branch));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("chart", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 corner(origin.x + size.x, origin.y + size.y);
  draw->AddRect(origin, corner, IM_COL32(255, 255, 255, 30),
                4.0f);  // outline only: fills cost fill rate

  std::string title = schema.metric_names[metric];
  if (ui.generation != kAllLabel)
    title += fmt::format("  (generation {})", generation_label(schema, ui.generation));
  draw->AddText(ImVec2(origin.x + 0.4f * em, origin.y + 0.15f * em), IM_COL32(235, 235, 235, 255),
                title.c_str());

  const ImVec2 p0(origin.x + 3.6f * em, origin.y + 1.5f * em);  // plot area
  const ImVec2 p1(corner.x - 0.6f * em, corner.y - 1.4f * em);
  if (p1.x - p0.x < 20.0f || p1.y - p0.y < 20.0f) {
    ImGui::PopID();
    return;
  }
  auto to_x = [&](float step) { return p0.x + (p1.x - p0.x) * step / std::max(1.0f, x_max); };
  auto to_y = [&](float v) { return p1.y - (p1.y - p0.y) * (v - y.low) / (y.high - y.low); };

  // Grid and labels.
  for (int k = 0; k <= 4; ++k) {
    const float v = y.low + (y.high - y.low) * static_cast<float>(k) / 4.0f;
    const float py = to_y(v);
    draw->AddLine(ImVec2(p0.x, py), ImVec2(p1.x, py), IM_COL32(255, 255, 255, 28));
    const std::string label = format_tick(v);
    const ImVec2 text = ImGui::CalcTextSize(label.c_str());
    draw->AddText(ImVec2(p0.x - text.x - 0.3f * em, py - 0.5f * text.y),
                  IM_COL32(170, 170, 170, 255), label.c_str());
  }
  for (int k = 0; k <= 4; ++k) {
    const float step = x_max * static_cast<float>(k) / 4.0f;
    const std::string label = step >= 1e4f ? format_tick(step) : fmt::format("{:.0f}", step);
    const float px = to_x(step);
    draw->AddLine(ImVec2(px, p1.y), ImVec2(px, p1.y + 0.25f * em), IM_COL32(170, 170, 170, 255));
    const float tx =
        std::clamp(px - 0.5f * ImGui::CalcTextSize(label.c_str()).x, p0.x - em, p1.x - em);
    draw->AddText(ImVec2(tx, p1.y + 0.2f * em), IM_COL32(170, 170, 170, 255), label.c_str());
  }
  draw->AddRect(p0, p1, IM_COL32(255, 255, 255, 60));

  // Markers: lever changes and events of this branch (and those before the fork).
  std::vector<const Marker*> markers;
  if (snapshot.markers)
    for (const Marker& m : *snapshot.markers)
      if (m.both_branches || m.branch == branch) markers.push_back(&m);
  for (const Marker* m : markers) {
    const float px = to_x(static_cast<float>(m->step));
    for (float yy = p0.y; yy < p1.y; yy += 8.0f)  // dashed
      draw->AddLine(ImVec2(px, yy), ImVec2(px, std::min(p1.y, yy + 4.0f)),
                    IM_COL32(255, 191, 0, 200), 1.5f);
    draw->AddTriangleFilled(ImVec2(px - 5, p0.y), ImVec2(px + 5, p0.y), ImVec2(px, p0.y + 7),
                            IM_COL32(255, 191, 0, 255));
  }

  // Lines, broken where a value is missing (e.g. a brand before its entry). More steps than
  // pixels: each pixel column draws the range of its steps (min to max), so a long run costs
  // as much as a short one and no spike disappears.
  draw->PushClipRect(p0, p1, true);
  std::vector<ImVec2> points;
  const std::size_t count = history.size(branch);
  const auto columns = static_cast<std::size_t>(std::max(1.0f, p1.x - p0.x));
  const bool decimate = count > 2 * columns;
  for (const Series& s : series) {
    points.clear();
    auto flush = [&] {
      if (points.size() == 1) draw->AddCircleFilled(points[0], s.thickness, s.colour);
      if (points.size() > 1)
        draw->AddPolyline(points.data(), static_cast<int>(points.size()), s.colour, 0, s.thickness);
      points.clear();
    };
    if (!decimate) {
      for (std::size_t i = 0; i < count; ++i) {
        const float v = history.value(branch, i, metric, s.brand, ui.generation);
        if (std::isnan(v)) {
          flush();
          continue;
        }
        points.emplace_back(to_x(static_cast<float>(history.step_at(branch, i))), to_y(v));
      }
    } else {
      std::size_t i = 0;
      while (i < count) {
        const float x = to_x(static_cast<float>(history.step_at(branch, i)));
        float low = std::numeric_limits<float>::infinity(), high = -low;
        for (; i < count &&
               to_x(static_cast<float>(history.step_at(branch, i))) < std::floor(x) + 1.0f;
             ++i) {
          const float v = history.value(branch, i, metric, s.brand, ui.generation);
          if (std::isnan(v)) continue;
          low = std::min(low, v);
          high = std::max(high, v);
        }
        if (!(low <= high)) {
          flush();
          continue;
        }
        points.emplace_back(x, to_y(high));
        if (high != low) points.emplace_back(x, to_y(low));
      }
    }
    flush();
  }
  draw->PopClipRect();

  // Hover: the week under the mouse, in this chart and (a frame later) in all the others.
  std::optional<Step> hover_step = shared_hover;
  if (hovered) {
    const float mouse_x = ImGui::GetIO().MousePos.x;
    const float step = std::clamp((mouse_x - p0.x) / (p1.x - p0.x), 0.0f, 1.0f) * x_max;
    hover_step = static_cast<Step>(std::lround(step));
    ui.hover_step = hover_step;
  }
  if (hover_step && count > 0) {
    const Step first = history.step_at(branch, 0);
    const Step last = history.step_at(branch, count - 1);
    const Step at = std::clamp(*hover_step, first, last);
    const std::size_t i = at - first;  // every step is recorded
    const float px = to_x(static_cast<float>(at));
    draw->AddLine(ImVec2(px, p0.y), ImVec2(px, p1.y), IM_COL32(255, 255, 255, 110));
    for (const Series& s : series) {
      const float v = history.value(branch, i, metric, s.brand, ui.generation);
      if (!std::isnan(v)) draw->AddCircleFilled(ImVec2(px, to_y(v)), 4.0f, s.colour);
    }
    if (hovered) {
      ImGui::BeginTooltip();
      ImGui::Text("%s, week %u%s", schema.metric_names[metric].c_str(), at,
                  branch == Branch::Fork ? " (fork)" : "");
      for (const Series& s : series) {
        ImGui::TextColored(
            ImGui::ColorConvertU32ToFloat4(s.colour), "%s: %s",
            brand_label(schema, s.brand).c_str(),
            format_value(history.value(branch, i, metric, s.brand, ui.generation)).c_str());
      }
      for (const Marker* m : markers)
        if (m->step + 1 >= at && m->step <= at + 1)
          ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.0f, 1.0f), "week %u: %s", m->step,
                             m->label.c_str());
      ImGui::EndTooltip();
    }
  }
  ImGui::PopID();
}

int best_columns(std::size_t charts, ImVec2 area) {
  int best = 1;
  float best_error = std::numeric_limits<float>::infinity();
  for (int columns = 1; columns <= 4; ++columns) {
    const auto rows = static_cast<float>((charts + static_cast<std::size_t>(columns) - 1) /
                                         static_cast<std::size_t>(columns));
    const float aspect = (area.x / static_cast<float>(columns)) / (area.y / rows);
    const float error = std::fabs(std::log(aspect / 1.7f));
    if (error < best_error) {
      best_error = error;
      best = columns;
    }
  }
  return best;
}

}  // namespace

void draw_charts(const Snapshot& snapshot, UiState& ui) {
  const MetricsSchema& schema = *snapshot.schema;
  const ImVec2 window_pos = ImGui::GetWindowPos(), window_size = ImGui::GetWindowSize();
  ui.charts_rect[0] = window_pos.x;
  ui.charts_rect[1] = window_pos.y;
  ui.charts_rect[2] = window_pos.x + window_size.x;
  ui.charts_rect[3] = window_pos.y + window_size.y;
  const std::optional<Step> shared_hover = ui.hover_step;
  ui.hover_step.reset();

  // Legend.
  for (std::uint16_t b = 0; b < schema.brand_labels.size(); ++b) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float em = ImGui::GetFontSize();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 0.3f * em),
                                              ImVec2(p.x + em, p.y + 0.9f * em), brand_colour(b));
    ImGui::Dummy(ImVec2(1.2f * em, em));
    ImGui::SameLine();
    ImGui::TextUnformatted(schema.brand_labels[b].c_str());
    ImGui::SameLine(0, em);
  }
  ImGui::TextDisabled("| markers: lever changes and events");

  // Which charts: the headline metrics by default, any of the schema's on demand.
  if (ui.shown_for != schema.metric_names) {
    ui.shown_metrics = default_charts(schema);
    ui.shown_for = schema.metric_names;
  }
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + ImGui::GetFontSize(),
                           ImGui::GetWindowContentRegionMax().x -
                               ImGui::CalcTextSize("Metrics...").x -
                               2.0f * ImGui::GetStyle().FramePadding.x));
  if (ImGui::SmallButton("Metrics...")) ImGui::OpenPopup("metrics");
  if (ImGui::BeginPopup("metrics")) {
    for (const std::string& name : schema.metric_names) {
      const auto it = std::find(ui.shown_metrics.begin(), ui.shown_metrics.end(), name);
      bool shown = it != ui.shown_metrics.end();
      if (ImGui::Checkbox(name.c_str(), &shown)) {
        if (shown)
          ui.shown_metrics.push_back(name);
        else
          ui.shown_metrics.erase(it);
      }
    }
    ImGui::EndPopup();
  }

  const bool with_fork = snapshot.fork.has_value();
  const float x_max = static_cast<float>(
      std::max({snapshot.horizon, ui.history.last_step(Branch::Main),
                with_fork ? ui.history.last_step(Branch::Fork) : Step{0}, Step{1}}));
  std::vector<std::uint16_t> metrics;
  for (std::uint16_t m : chart_order(schema))
    if (std::find(ui.shown_metrics.begin(), ui.shown_metrics.end(), schema.metric_names[m]) !=
            ui.shown_metrics.end() &&
        !series_of(ui.history, m, ui.generation).empty())
      metrics.push_back(m);
  if (metrics.empty()) {
    ImGui::TextDisabled(ui.generation == kAllLabel ? "No data yet."
                                                   : "No values for this generation.");
    return;
  }

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const int halves = with_fork ? 2 : 1;
  const float header = with_fork ? ImGui::GetTextLineHeightWithSpacing() : 0.0f;
  const ImVec2 half(avail.x / static_cast<float>(halves) - (with_fork ? gap : 0.0f),
                    avail.y - header);
  const int columns = best_columns(metrics.size(), half);
  const auto rows = static_cast<int>((metrics.size() + static_cast<std::size_t>(columns) - 1) /
                                     static_cast<std::size_t>(columns));
  const ImVec2 cell(half.x / static_cast<float>(columns) - gap,
                    half.y / static_cast<float>(rows) - gap);
  const ImVec2 start = ImGui::GetCursorScreenPos();

  for (int h = 0; h < halves; ++h) {
    const auto branch = static_cast<Branch>(h);
    const float x0 = start.x + static_cast<float>(h) * (half.x + 2.0f * gap);
    if (with_fork) {
      ImGui::SetCursorScreenPos(ImVec2(x0, start.y));
      if (h == 0)
        ImGui::TextUnformatted("Main market");
      else
        ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.0f, 1.0f), "What-if fork");
    }
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      const std::uint16_t metric = metrics[k];
      const std::vector<Series> series = series_of(ui.history, metric, ui.generation);
      const YRange y = range_of(ui.history, series, metric, ui.generation, with_fork);
      const auto column = static_cast<float>(k % static_cast<std::size_t>(columns));
      const auto row = static_cast<float>(k / static_cast<std::size_t>(columns));
      ImGui::SetCursorScreenPos(
          ImVec2(x0 + column * (cell.x + gap), start.y + header + row * (cell.y + gap)));
      draw_chart(snapshot, ui, branch, metric, series, y, x_max, cell, shared_hover);
    }
  }
}

}  // namespace murmur::viz::detail
