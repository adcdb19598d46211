// Charts: one small multiple per metric (the schema's names, headline metrics first), a line per
// brand, drawn with ImGui draw lists (ImPlot is not packaged). With a fork, the main branch and
// the what-if branch sit side by side on the same axes. Markers on the time axis show lever
// changes and events; hovering shows every value at that week, in every chart at once. With
// attribution, "adoptions by cause" (and on demand "losses by cause") stack the new_by_*
// (lost_to_*) flows of all brands or one as areas of 4-week means.

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "sim/core/axis_ticks.hpp"
#include "sim/core/terminal_text.hpp"
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
  std::vector<double> ticks;  ///< round values from low to high (sim/core/axis_ticks.hpp)
};

/// [low, high] widened to round ticks, the first and last of them its ends: shares read 0 to
/// 1 in quarters, not 0 to 0.993.
YRange round_range(float low, float high) {
  YRange range;
  range.ticks = nice_ticks(low, high, 5);
  range.low = static_cast<float>(range.ticks.front());
  range.high = static_cast<float>(range.ticks.back());
  return range;
}

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
  if (!(range.low <= range.high)) return round_range(0.0f, 1.0f);
  if (range.low >= 0.0f && range.low < 0.35f * range.high)
    range.low = 0.0f;  // small positives: from 0
  return round_range(range.low, range.high);
}

// Axis ticks stay short: 5500 -> "5.5k", so the labels fit a narrow margin; below a thousand,
// the decimals the step needs.
std::string format_tick(double v, int decimals) {
  const double a = std::fabs(v);
  if (a >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (a >= 1e3) return fmt::format("{:g}k", v / 1e3);
  return tick_label(v, decimals);
}

std::string format_value(float v) {
  return std::isnan(v) ? std::string("-") : fmt::format("{:.4g}", v);
}

// The plot area of a chart at `origin` (its title above, `top` high), its grid, tick labels
// and the markers of `branch`; false when the cell is too small to draw in.
bool draw_axes(const Snapshot& snapshot, Branch branch, ImVec2 origin, ImVec2 size, float top,
               YRange y, float x_max, std::vector<const Marker*>& markers, ImVec2& p0, ImVec2& p1) {
  const float em = ImGui::GetFontSize();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 corner(origin.x + size.x, origin.y + size.y);
  p0 = ImVec2(origin.x + 3.6f * em, origin.y + top);  // plot area
  p1 = ImVec2(corner.x - 0.6f * em, corner.y - 1.4f * em);
  if (p1.x - p0.x < 20.0f || p1.y - p0.y < 20.0f) return false;
  auto to_x = [&](float step) { return p0.x + (p1.x - p0.x) * step / std::max(1.0f, x_max); };
  auto to_y = [&](float v) { return p1.y - (p1.y - p0.y) * (v - y.low) / (y.high - y.low); };

  // Grid and labels: round values (sim/core/axis_ticks.hpp), weeks in whole numbers, and an x
  // label only where it clears the one before (no "78104").
  const int y_decimals = tick_decimals(y.ticks);
  for (const double v : y.ticks) {
    const float py = to_y(static_cast<float>(v));
    draw->AddLine(ImVec2(p0.x, py), ImVec2(p1.x, py), IM_COL32(255, 255, 255, 28));
    const std::string label = format_tick(v, y_decimals);
    const ImVec2 text = ImGui::CalcTextSize(label.c_str());
    draw->AddText(ImVec2(p0.x - text.x - 0.3f * em, py - 0.5f * text.y),
                  IM_COL32(170, 170, 170, 255), label.c_str());
  }
  const float week_max = std::max(1.0f, x_max);
  float cleared = -std::numeric_limits<float>::infinity();  // right edge of the last x label
  for (const double week : nice_ticks(0.0, week_max, 5, true)) {
    if (week > week_max + 1e-3) break;
    const std::string label = format_tick(week, 0);
    const float px = to_x(static_cast<float>(week));
    const float width = ImGui::CalcTextSize(label.c_str()).x;
    const float tx = std::clamp(px - 0.5f * width, p0.x - em, p1.x - width);
    draw->AddLine(ImVec2(px, p1.y), ImVec2(px, p1.y + 0.25f * em), IM_COL32(170, 170, 170, 255));
    if (tx < cleared + 0.5f * em) continue;
    draw->AddText(ImVec2(tx, p1.y + 0.2f * em), IM_COL32(170, 170, 170, 255), label.c_str());
    cleared = tx + width;
  }
  draw->AddRect(p0, p1, IM_COL32(255, 255, 255, 60));

  // Markers: lever changes and events of this branch (and those before the fork).
  markers.clear();
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
  return true;
}

/// The week hovered: under the mouse in this chart (kept in `ui` for the others, which follow
/// a frame later) or the one another chart shares, clamped to the branch's history, with its
/// index there and its x; a rule is drawn at it. Empty without a hovered week or a history.
struct HoveredWeek {
  Step step;
  std::size_t index;
  float x;
};
std::optional<HoveredWeek> hovered_week(UiState& ui, Branch branch, bool hovered,
                                        std::optional<Step> shared_hover, ImVec2 p0, ImVec2 p1,
                                        float x_max, ImDrawList* draw) {
  const History& history = ui.history;
  std::optional<Step> hover_step = shared_hover;
  if (hovered) {
    const float mouse_x = ImGui::GetIO().MousePos.x;
    const float step = std::clamp((mouse_x - p0.x) / (p1.x - p0.x), 0.0f, 1.0f) * x_max;
    hover_step = static_cast<Step>(std::lround(step));
    ui.hover_step = hover_step;
  }
  const std::size_t count = history.size(branch);
  if (!hover_step || count == 0) return std::nullopt;
  const Step first = history.step_at(branch, 0);
  const Step at = std::clamp(*hover_step, first, history.step_at(branch, count - 1));
  const float px = p0.x + (p1.x - p0.x) * static_cast<float>(at) / std::max(1.0f, x_max);
  draw->AddLine(ImVec2(px, p0.y), ImVec2(px, p1.y), IM_COL32(255, 255, 255, 110));
  return HoveredWeek{at, at - first, px};  // every step is recorded
}

/// The tooltip's lines for the interventions within a week of `at`.
void marker_lines(const std::vector<const Marker*>& markers, Step at) {
  for (const Marker* m : markers)
    if (m->step + 1 >= at && m->step <= at + 1)
      ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.0f, 1.0f), "week %u: %s", m->step, m->label.c_str());
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

  std::vector<const Marker*> markers;
  ImVec2 p0, p1;
  if (!draw_axes(snapshot, branch, origin, size, 1.5f * em, y, x_max, markers, p0, p1)) {
    ImGui::PopID();
    return;
  }
  auto to_x = [&](float step) { return p0.x + (p1.x - p0.x) * step / std::max(1.0f, x_max); };
  auto to_y = [&](float v) { return p1.y - (p1.y - p0.y) * (v - y.low) / (y.high - y.low); };

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

  if (const auto week = hovered_week(ui, branch, hovered, shared_hover, p0, p1, x_max, draw)) {
    const Step at = week->step;
    const std::size_t i = week->index;
    const float px = week->x;
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
      marker_lines(markers, at);
      ImGui::EndTooltip();
    }
  }
  ImGui::PopID();
}

// Adoptions (or losses) by cause: the attribution flows (new_by_*, lost_to_*) of one brand or
// of all, stacked, as a trailing mean over 4 weeks (or over a pixel column's weeks when there
// are more weeks than pixels): weekly counts in a small market are too noisy to read.
constexpr std::uint16_t kAdoptionsChart = 0xFFF0;
constexpr std::uint16_t kLossesChart = 0xFFF1;
constexpr std::size_t kSmoothWeeks = 4;

// Paul Tol's "bright" scheme, distinct for colour-blind viewers and unlike the brand colours.
constexpr std::array<std::uint32_t, 7> kCauseColours = {
    IM_COL32(68, 119, 170, 255),   // advertising: blue
    IM_COL32(34, 136, 51, 255),    // word of mouth: green
    IM_COL32(204, 187, 68, 255),   // referral: yellow
    IM_COL32(238, 102, 119, 255),  // personalised offer: red
    IM_COL32(102, 204, 238, 255),  // local shop: cyan
    IM_COL32(170, 51, 119, 255),   // seeding: purple
    IM_COL32(187, 187, 187, 255),  // earlier contact: grey
};
constexpr std::array<std::uint32_t, 4> kLossColours = {
    IM_COL32(187, 187, 187, 255),  // base churn: grey
    IM_COL32(238, 102, 119, 255),  // dissatisfaction: red
    IM_COL32(170, 51, 119, 255),   // a rival: purple
    IM_COL32(204, 187, 68, 255),   // the brand's exit: yellow
};

struct CauseLayer {
  std::uint16_t metric;
  std::string word;
  std::uint32_t colour;
};

struct CauseChart {
  std::uint16_t id = kAdoptionsChart;
  std::string_view name;
  std::vector<CauseLayer> layers;  ///< bottom to top
};

std::optional<std::uint16_t> metric_index(const MetricsSchema& schema, const std::string& name) {
  const auto it = std::find(schema.metric_names.begin(), schema.metric_names.end(), name);
  if (it == schema.metric_names.end()) return std::nullopt;
  return static_cast<std::uint16_t>(it - schema.metric_names.begin());
}

std::optional<CauseChart> cause_chart(const MetricsSchema& schema, std::uint16_t id) {
  CauseChart chart;
  chart.id = id;
  if (id == kAdoptionsChart) {
    chart.name = kAdoptionsByCause;
    for (std::size_t k = 0; k < kAdoptionCauses; ++k) {
      const auto m = metric_index(schema, "new_by_" + std::string(kAdoptionCauseNames[k]));
      if (!m) return std::nullopt;
      chart.layers.push_back(
          {*m, std::string(cause_words(static_cast<AdoptionCause>(k))), kCauseColours[k]});
    }
  } else {
    chart.name = kLossesByCause;
    for (std::size_t k = 0; k < kLossCauses; ++k) {
      const auto m = metric_index(schema, "lost_to_" + std::string(kLossCauseNames[k]));
      if (!m) return std::nullopt;
      chart.layers.push_back({*m, std::string(kLossCauseWords[k]), kLossColours[k]});
    }
  }
  return chart;
}

// Per layer, the smoothed flow at every recorded step of `branch`, stacked: cumulative[k][i]
// is the top of layer k at step i.
std::vector<std::vector<float>> stack_causes(const History& history, const CauseChart& chart,
                                             Branch branch, std::uint16_t brand,
                                             std::uint16_t generation, std::size_t window) {
  const std::size_t count = history.size(branch);
  std::vector<std::vector<float>> stacked(chart.layers.size(), std::vector<float>(count, 0.0f));
  std::vector<float> raw(count), below(count, 0.0f);
  for (std::size_t k = 0; k < chart.layers.size(); ++k) {
    const std::uint16_t metric = chart.layers[k].metric;
    const bool direct = history.has(metric, brand, generation);
    for (std::size_t i = 0; i < count; ++i) {
      float v = 0.0f;
      if (direct) {
        v = history.value(branch, i, metric, brand, generation);
      } else if (brand == kAllLabel) {  // no market total recorded: the brands' sum
        for (std::uint16_t b = 0; b + 1 < history.brand_slots(); ++b) {
          const float x = history.value(branch, i, metric, b, generation);
          if (!std::isnan(x)) v += x;
        }
      }
      raw[i] = std::isnan(v) ? 0.0f : v;
    }
    double sum = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
      sum += raw[i];
      if (i >= window) sum -= raw[i - window];
      const auto n = static_cast<double>(std::min(i + 1, window));
      below[i] += static_cast<float>(sum / n);
      stacked[k][i] = below[i];
    }
  }
  return stacked;
}

std::size_t smoothing_window(std::size_t count, float plot_width) {
  const auto columns = static_cast<std::size_t>(std::max(1.0f, plot_width));
  return std::max(kSmoothWeeks, (count + columns - 1) / columns);
}

void draw_cause_chart(const Snapshot& snapshot, UiState& ui, Branch branch, const CauseChart& chart,
                      const std::vector<std::vector<float>>& stacked, std::size_t window,
                      float y_high, float x_max, ImVec2 size, std::optional<Step> shared_hover) {
  const History& history = ui.history;
  const float em = ImGui::GetFontSize();
  ImGui::PushID(static_cast<int>(chart.id) * 2 + static_cast<int>(branch));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("chart", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 corner(origin.x + size.x, origin.y + size.y);
  draw->AddRect(origin, corner, IM_COL32(255, 255, 255, 30), 4.0f);

  // The brand and the legend are in the row above the grid (draw_cause_legend).
  const std::string title =
      fmt::format("{}, {}-wk mean", chart.id == kAdoptionsChart ? "adoptions" : "losses", window);
  draw->PushClipRect(origin, ImVec2(corner.x - 0.2f * em, corner.y), true);
  draw->AddText(ImVec2(origin.x + 0.4f * em, origin.y + 0.15f * em), IM_COL32(235, 235, 235, 255),
                title.c_str());
  draw->PopClipRect();
  const float top = 1.5f * em;

  const YRange y = round_range(0.0f, y_high);
  std::vector<const Marker*> markers;
  ImVec2 p0, p1;
  if (!draw_axes(snapshot, branch, origin, size, top, y, x_max, markers, p0, p1)) {
    ImGui::PopID();
    return;
  }
  auto to_x = [&](float step) { return p0.x + (p1.x - p0.x) * step / std::max(1.0f, x_max); };
  auto to_y = [&](float v) { return p1.y - (p1.y - p0.y) * v / std::max(1e-9f, y.high); };

  // Stacked areas: a trapezoid per layer between neighbouring sampled weeks. Without the
  // anti-aliased fringe, neighbouring trapezoids meet without seams.
  const std::size_t count = history.size(branch);
  const std::size_t stride = window > kSmoothWeeks ? window : 1;  // about a quad a pixel
  draw->PushClipRect(p0, p1, true);
  const ImDrawListFlags flags = draw->Flags;
  draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (std::size_t i = 0; i + 1 < count; i += stride) {
    const std::size_t j = std::min(count - 1, i + stride);
    const float xa = to_x(static_cast<float>(history.step_at(branch, i)));
    const float xb = to_x(static_cast<float>(history.step_at(branch, j)));
    float low_a = 0.0f, low_b = 0.0f;
    for (std::size_t k = 0; k < stacked.size(); ++k) {
      const float high_a = stacked[k][i], high_b = stacked[k][j];
      if (high_a > low_a || high_b > low_b)
        draw->AddQuadFilled(ImVec2(xa, to_y(low_a)), ImVec2(xb, to_y(low_b)),
                            ImVec2(xb, to_y(high_b)), ImVec2(xa, to_y(high_a)),
                            chart.layers[k].colour);
      low_a = high_a;
      low_b = high_b;
    }
  }
  draw->Flags = flags;
  draw->PopClipRect();

  if (const auto week = hovered_week(ui, branch, hovered, shared_hover, p0, p1, x_max, draw)) {
    const Step at = week->step;
    const std::size_t i = week->index;
    if (hovered) {
      ImGui::BeginTooltip();
      ImGui::Text("%s, %zu-week mean, week %u%s", std::string(chart.name).c_str(), window, at,
                  branch == Branch::Fork ? " (fork)" : "");
      for (std::size_t k = stacked.size(); k-- > 0;) {  // top first, as drawn
        const float v = stacked[k][i] - (k == 0 ? 0.0f : stacked[k - 1][i]);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(chart.layers[k].colour), "%s: %s",
                           chart.layers[k].word.c_str(), format_value(v).c_str());
      }
      if (!stacked.empty()) ImGui::Text("total: %s", format_value(stacked.back()[i]).c_str());
      marker_lines(markers, at);
      ImGui::EndTooltip();
    }
  }
  ImGui::PopID();
}

// The row above the grid when a by-cause chart is shown: whose causes (all brands or one) and
// each cause's colour, shared by the main branch and the fork.
template <class Shown>
void draw_cause_legend(const MetricsSchema& schema, UiState& ui,
                       const std::vector<CauseChart>& charts, const Shown& is_shown) {
  const float em = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("by cause, of");
  ImGui::SameLine();
  const std::string current = ui.cause_brand == kAllLabel
                                  ? std::string("all brands")
                                  : terminal_safe(brand_label(schema, ui.cause_brand));
  ImGui::SetNextItemWidth(8.0f * em);
  if (ImGui::BeginCombo("##cause_brand", current.c_str())) {
    if (ImGui::Selectable("all brands", ui.cause_brand == kAllLabel)) ui.cause_brand = kAllLabel;
    for (std::uint16_t b = 0; b < schema.brand_labels.size(); ++b)
      if (ImGui::Selectable(terminal_safe(schema.brand_labels[b]).c_str(), ui.cause_brand == b))
        ui.cause_brand = b;
    ImGui::EndCombo();
  }
  const float right = ImGui::GetWindowContentRegionMax().x;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const CauseChart& chart : charts) {
    if (!is_shown(chart.name)) continue;
    if (chart.id == kLossesChart) {  // losses on a line of their own
      ImGui::TextDisabled("losses:");
    }
    for (const CauseLayer& layer : chart.layers) {
      const float w = 1.5f * em + ImGui::CalcTextSize(layer.word.c_str()).x;
      ImGui::SameLine(0, 0.7f * em);
      if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float pad = ImGui::GetStyle().FramePadding.y;
      draw->AddRectFilled(ImVec2(p.x, p.y + pad + 0.2f * em),
                          ImVec2(p.x + em, p.y + pad + 0.9f * em), layer.colour);
      ImGui::Dummy(ImVec2(1.2f * em, em));
      ImGui::SameLine(0, 0.3f * em);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(layer.word.c_str());
    }
  }
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
  {  // the markers' note, where it fits left of the Metrics... button
    const char* note = "| markers: lever changes and events";
    const float room = ImGui::GetWindowContentRegionMax().x - ImGui::GetCursorPosX() -
                       ImGui::CalcTextSize("Metrics...").x - 3.0f * ImGui::GetFontSize();
    if (ImGui::CalcTextSize(note).x <= room)
      ImGui::TextDisabled("%s", note);
    else
      ImGui::TextDisabled("| markers: changes");
  }

  // Which charts: the headline metrics by default, any of the schema's on demand.
  if (ui.shown_for != schema.metric_names) {
    ui.shown_metrics = default_charts(schema);
    ui.shown_for = schema.metric_names;
  }
  // The by-cause charts the schema has (with output.attribution).
  std::vector<CauseChart> cause_charts;
  for (const std::uint16_t id : {kAdoptionsChart, kLossesChart})
    if (auto chart = cause_chart(schema, id)) cause_charts.push_back(std::move(*chart));
  auto is_shown = [&](std::string_view name) {
    return std::find(ui.shown_metrics.begin(), ui.shown_metrics.end(), name) !=
           ui.shown_metrics.end();
  };
  const bool causes_shown = std::any_of(cause_charts.begin(), cause_charts.end(),
                                        [&](const CauseChart& c) { return is_shown(c.name); });
  if (ui.cause_brand != kAllLabel && ui.cause_brand >= schema.brand_labels.size())
    ui.cause_brand = kAllLabel;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + ImGui::GetFontSize(),
                           ImGui::GetWindowContentRegionMax().x -
                               ImGui::CalcTextSize("Metrics...").x -
                               2.0f * ImGui::GetStyle().FramePadding.x));
  if (ImGui::SmallButton("Metrics...")) ImGui::OpenPopup("metrics");
  if (ImGui::BeginPopup("metrics")) {
    std::vector<std::string> names;
    for (const CauseChart& c : cause_charts) names.emplace_back(c.name);
    for (const std::string& name : schema.metric_names) names.push_back(name);
    for (const std::string& name : names) {
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

  if (causes_shown) draw_cause_legend(schema, ui, cause_charts, is_shown);

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
  for (const CauseChart& c : cause_charts)
    if (is_shown(c.name) && ui.history.size(Branch::Main) > 0) metrics.push_back(c.id);
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

  // The by-cause charts' stacks, once a frame: both branches on one y axis, smoothed alike
  // (the longer branch sets the window).
  struct CauseStacks {
    std::size_t window = kSmoothWeeks;
    float y_high = 1.0f;
    std::vector<std::vector<float>> branches[2];
  };
  std::vector<CauseStacks> cause_stacks(cause_charts.size());
  for (std::size_t c = 0; c < cause_charts.size(); ++c) {
    if (std::find(metrics.begin(), metrics.end(), cause_charts[c].id) == metrics.end()) continue;
    CauseStacks& stacks = cause_stacks[c];
    const std::size_t longest =
        std::max(ui.history.size(Branch::Main), with_fork ? ui.history.size(Branch::Fork) : 0);
    stacks.window = smoothing_window(longest, cell.x - 4.2f * ImGui::GetFontSize());
    float high = 0.0f;
    for (int b = 0; b < halves; ++b) {
      stacks.branches[b] = stack_causes(ui.history, cause_charts[c], static_cast<Branch>(b),
                                        ui.cause_brand, ui.generation, stacks.window);
      for (float v : stacks.branches[b].back()) high = std::max(high, v);
    }
    stacks.y_high = high > 0.0f ? high : 1.0f;  // round_range gives the headroom
  }

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
      const auto column = static_cast<float>(k % static_cast<std::size_t>(columns));
      const auto row = static_cast<float>(k / static_cast<std::size_t>(columns));
      ImGui::SetCursorScreenPos(
          ImVec2(x0 + column * (cell.x + gap), start.y + header + row * (cell.y + gap)));
      if (metric == kAdoptionsChart || metric == kLossesChart) {
        const CauseChart& chart =
            *std::find_if(cause_charts.begin(), cause_charts.end(),
                          [&](const CauseChart& c) { return c.id == metric; });
        const CauseStacks& stacks =
            cause_stacks[static_cast<std::size_t>(&chart - cause_charts.data())];
        draw_cause_chart(snapshot, ui, branch, chart, stacks.branches[h], stacks.window,
                         stacks.y_high, x_max, cell, shared_hover);
        continue;
      }
      const std::vector<Series> series = series_of(ui.history, metric, ui.generation);
      const YRange y = range_of(ui.history, series, metric, ui.generation, with_fork);
      draw_chart(snapshot, ui, branch, metric, series, y, x_max, cell, shared_hover);
    }
  }
}

}  // namespace murmur::viz::detail
