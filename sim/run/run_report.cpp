#include "sim/run/run_report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "agents/attribution.hpp"
#include "agents/cascades.hpp"
#include "sim/core/error.hpp"
#include "sim/core/number_format.hpp"
#include "sim/io/output.hpp"
#include "sim/run/html_chart.hpp"

namespace murmur {

namespace {

std::string share_text(double value) { return format_value(value, NumberScale::Share); }

/// A difference of two shares in percentage points, signed: "+0.81 points", "-8.00 points".
std::string points_text(double difference) {
  const double points = 100.0 * difference;
  return fmt::format("{}{:.{}f} points", points >= 0 ? "+" : "-", std::abs(points),
                     kPercentDecimals);
}

/// "in week 33" between consecutive weeks, "from week 30 to week 35" when steps were skipped.
std::string between_weeks(Step from, Step to) {
  return to == from + 1 ? fmt::format("in week {}", to)
                        : fmt::format("from week {} to week {}", from, to);
}

std::string join_names(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return text;
}

struct Overtake {
  Step week;
  std::size_t winner, loser;
};

/// Overtakes that lasted: a passed b at `week` (b was strictly ahead at the last week they
/// differed) and a stayed strictly ahead, or level, at every later week with both values.
std::vector<Overtake> lasting_overtakes(const std::vector<Step>& steps,
                                        const std::vector<NamedSeries>& shares) {
  std::vector<Overtake> found;
  for (std::size_t a = 0; a < shares.size(); ++a)
    for (std::size_t b = 0; b < shares.size(); ++b) {
      if (a == b) continue;
      int last_order = 0;  // +1: a ahead, -1: b ahead
      bool passed = false;
      Step passed_at = 0;
      const std::size_t n =
          std::min({steps.size(), shares[a].values.size(), shares[b].values.size()});
      for (std::size_t i = 0; i < n; ++i) {
        const double va = shares[a].values[i], vb = shares[b].values[i];
        if (!std::isfinite(va) || !std::isfinite(vb) || va == vb) continue;
        const int order = va > vb ? 1 : -1;
        if (order == 1 && last_order == -1) passed = true, passed_at = steps[i];
        if (order == -1) passed = false;
        last_order = order;
      }
      if (passed) found.push_back({passed_at, a, b});
    }
  std::sort(found.begin(), found.end(), [](const Overtake& x, const Overtake& y) {
    return std::tie(x.week, x.winner, x.loser) < std::tie(y.week, y.winner, y.loser);
  });
  return found;
}

/// The first and last finite values of a series, with their indices.
struct Ends {
  std::size_t first = 0, last = 0;
  bool any = false;
};
Ends ends_of(const std::vector<double>& values) {
  Ends ends;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (std::isfinite(values[i])) {
      if (!ends.any) ends.first = i;
      ends.last = i;
      ends.any = true;
    }
  return ends;
}

}  // namespace

std::vector<std::string> share_summary(const std::vector<Step>& steps,
                                       const std::vector<NamedSeries>& shares,
                                       std::size_t max_overtakes, const OvertakeReason& why) {
  // ", mostly through …," for an overtake, when a reason is known.
  auto reason = [&](std::size_t brand, Step week) {
    const std::string clause = why ? why(brand, week) : std::string();
    return clause.empty() ? std::string() : ", " + clause + ",";
  };
  std::vector<std::string> sentences;
  // Who led at the end: the last week with a value for any brand.
  std::optional<std::size_t> last_week;
  for (std::size_t i = steps.size(); i-- > 0 && !last_week;)
    for (const NamedSeries& s : shares)
      if (i < s.values.size() && std::isfinite(s.values[i])) last_week = i;
  if (!last_week) return {"No brand has a share in this run."};
  double best = -std::numeric_limits<double>::infinity();
  for (const NamedSeries& s : shares)
    if (*last_week < s.values.size() && std::isfinite(s.values[*last_week]))
      best = std::max(best, s.values[*last_week]);
  std::vector<std::string> leaders;
  for (const NamedSeries& s : shares)
    if (*last_week < s.values.size() && s.values[*last_week] == best) leaders.push_back(s.name);
  const Step end_week = steps[*last_week];
  if (shares.size() == 1)
    sentences.push_back(fmt::format("{}, the only brand, ended week {} with {} of the market.",
                                    leaders.front(), end_week, share_text(best)));
  else if (leaders.size() == 1)
    sentences.push_back(fmt::format("{} led at the end (week {}) with {} of the market.",
                                    leaders.front(), end_week, share_text(best)));
  else
    sentences.push_back(fmt::format("{} tied for the lead at the end (week {}) with {} each.",
                                    join_names(leaders), end_week, share_text(best)));

  if (shares.size() > 1) {
    // The lead: the one brand strictly ahead of every other in a week (a tie leads nobody).
    std::optional<std::size_t> leader;
    std::optional<Step> led_since;
    std::vector<Overtake> lead_changes;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      std::optional<std::size_t> top;
      bool tied = false;
      for (std::size_t b = 0; b < shares.size(); ++b) {
        if (i >= shares[b].values.size() || !std::isfinite(shares[b].values[i])) continue;
        if (!top || shares[b].values[i] > shares[*top].values[i])
          top = b, tied = false;
        else if (shares[b].values[i] == shares[*top].values[i])
          tied = true;
      }
      if (!top || tied || top == leader) continue;
      if (leader) lead_changes.push_back({steps[i], *top, *leader});
      if (!leader) led_since = steps[i];
      leader = top;
    }
    if (leader && leaders.size() == 1 && shares[*leader].name == leaders.front()) {
      if (lead_changes.empty())
        sentences.push_back(
            fmt::format("{} led from week {} to the end.", shares[*leader].name, *led_since));
      else
        sentences.push_back(
            fmt::format("{} took the lead from {} in week {}{} and kept it{}.",
                        shares[*leader].name, shares[lead_changes.back().loser].name,
                        lead_changes.back().week, reason(*leader, lead_changes.back().week),
                        lead_changes.size() > 1
                            ? fmt::format(" (the lead changed hands {} times)", lead_changes.size())
                            : ""));
    }
    // Overtakes for good, the ones between the brands that ended highest first.
    std::vector<Overtake> overtakes = lasting_overtakes(steps, shares);
    if (!lead_changes.empty())
      std::erase_if(overtakes, [&](const Overtake& o) {
        const Overtake& last = lead_changes.back();
        return o.week == last.week && o.winner == last.winner && o.loser == last.loser;
      });
    auto final_value = [&](std::size_t b) {
      const Ends e = ends_of(shares[b].values);
      return e.any ? shares[b].values[e.last] : -std::numeric_limits<double>::infinity();
    };
    std::stable_sort(overtakes.begin(), overtakes.end(), [&](const Overtake& x, const Overtake& y) {
      return std::make_pair(final_value(x.winner), final_value(x.loser)) >
             std::make_pair(final_value(y.winner), final_value(y.loser));
    });
    for (std::size_t k = 0; k < overtakes.size() && k < max_overtakes; ++k)
      sentences.push_back(fmt::format("{} overtook {} in week {}{} and stayed ahead.",
                                      shares[overtakes[k].winner].name,
                                      shares[overtakes[k].loser].name, overtakes[k].week,
                                      reason(overtakes[k].winner, overtakes[k].week)));
    if (overtakes.size() > max_overtakes) {
      const std::size_t more = overtakes.size() - max_overtakes;
      sentences.push_back(
          fmt::format("{} more overtake{} lasted to the end.", more, more == 1 ? "" : "s"));
    }
    if (overtakes.empty() && lead_changes.empty())
      sentences.push_back("No brand overtook another for good.");
  }

  // Rise and fall from each brand's first to its last week with a value.
  struct Change {
    std::size_t brand;
    double from, to;
  };
  std::optional<Change> rise, fall;
  for (std::size_t b = 0; b < shares.size(); ++b) {
    const Ends e = ends_of(shares[b].values);
    if (!e.any || e.first == e.last) continue;
    const Change change{b, shares[b].values[e.first], shares[b].values[e.last]};
    const double delta = change.to - change.from;
    if (delta > 0 && (!rise || delta > rise->to - rise->from)) rise = change;
    if (delta < 0 && (!fall || delta < fall->to - fall->from)) fall = change;
  }
  const char* const most = shares.size() > 1 ? " most" : "";
  if (rise)
    sentences.push_back(fmt::format("{}'s share rose{}: {} → {} ({}).", shares[rise->brand].name,
                                    most, share_text(rise->from), share_text(rise->to),
                                    points_text(rise->to - rise->from)));
  if (fall)
    sentences.push_back(fmt::format("{}'s share fell{}: {} → {} ({}).", shares[fall->brand].name,
                                    most, share_text(fall->from), share_text(fall->to),
                                    points_text(fall->to - fall->from)));
  if (!rise && !fall && shares.size() >= 1) sentences.push_back("No brand's share changed.");

  // The largest moves between consecutive recorded weeks.
  struct Move {
    std::size_t brand, index;
    double delta;
  };
  std::optional<Move> gain, loss;
  for (std::size_t b = 0; b < shares.size(); ++b) {
    const std::vector<double>& v = shares[b].values;
    for (std::size_t i = 1; i < v.size() && i < steps.size(); ++i) {
      if (!std::isfinite(v[i]) || !std::isfinite(v[i - 1])) continue;
      const double delta = v[i] - v[i - 1];
      if (delta > 0 && (!gain || delta > gain->delta)) gain = Move{b, i, delta};
      if (delta < 0 && (!loss || delta < loss->delta)) loss = Move{b, i, delta};
    }
  }
  auto move_sentence = [&](const Move& m, const char* what) {
    const std::vector<double>& v = shares[m.brand].values;
    return fmt::format("The largest {} between two recorded weeks: {} {} {} ({} → {}).", what,
                       shares[m.brand].name, points_text(m.delta),
                       between_weeks(steps[m.index - 1], steps[m.index]),
                       share_text(v[m.index - 1]), share_text(v[m.index]));
  };
  if (gain) sentences.push_back(move_sentence(*gain, "gain"));
  if (loss) sentences.push_back(move_sentence(*loss, "loss"));
  return sentences;
}

const std::vector<CauseMetric>& adoption_causes() {
  static const std::vector<CauseMetric> causes = [] {
    std::vector<CauseMetric> out;
    for (std::size_t k = 0; k < kAdoptionCauses; ++k)
      out.push_back(
          {"new_by_" + std::string(kAdoptionCauseNames[k]), std::string(kAdoptionCauseWords[k])});
    return out;
  }();
  return causes;
}

const std::vector<CauseMetric>& loss_causes() {
  // Stacked with the brand's own doing (dissatisfaction) at the bottom, then rivals, then the
  // base rate and exits.
  static const std::vector<CauseMetric> causes = [] {
    std::vector<CauseMetric> out;
    for (const LossCause cause :
         {LossCause::Dissatisfaction, LossCause::Rival, LossCause::Base, LossCause::Exit}) {
      const auto k = static_cast<std::size_t>(cause);
      out.push_back(
          {"lost_to_" + std::string(kLossCauseNames[k]), std::string(kLossCauseWords[k])});
    }
    return out;
  }();
  return causes;
}

namespace {

/// The positive finite values summed, over the weeks up to `up_to` (`steps` their weeks).
double sum_finite(const std::vector<double>* values, const std::vector<Step>& steps,
                  Step up_to = std::numeric_limits<Step>::max()) {
  double sum = 0.0;
  if (values != nullptr)
    for (std::size_t i = 0; i < values->size() && i < steps.size(); ++i)
      if (steps[i] <= up_to && std::isfinite((*values)[i]) && (*values)[i] > 0) sum += (*values)[i];
  return sum;
}

/// The cause that brought most of a brand's new customers up to a week, and the generation
/// most of those came from.
struct TopCause {
  const CauseMetric* cause = nullptr;
  double total = 0.0, top = 0.0;
  const std::string* generation = nullptr;
  double generation_sum = 0.0;
};

TopCause top_cause(const MetricsTable& table, const std::string& brand, Step up_to) {
  TopCause found;
  for (const CauseMetric& cause : adoption_causes()) {
    const double sum = sum_finite(table.find(cause.metric, brand), table.steps, up_to);
    found.total += sum;
    if (sum > found.top) found.top = sum, found.cause = &cause;
  }
  if (found.cause == nullptr) return found;
  for (const std::string& g : table.generations) {
    const double sum = sum_finite(table.find(found.cause->metric, brand, g), table.steps, up_to);
    if (sum > found.generation_sum) found.generation_sum = sum, found.generation = &g;
  }
  return found;
}

/// The table has at least one of the metrics.
bool has_any(const MetricsTable& table, const std::vector<CauseMetric>& metrics) {
  return std::any_of(metrics.begin(), metrics.end(),
                     [&](const CauseMetric& m) { return table.has_metric(m.metric); });
}

}  // namespace

std::string cause_sentence(const MetricsTable& table, const std::string& brand) {
  if (!has_any(table, adoption_causes())) return {};
  const TopCause found = top_cause(table, brand, std::numeric_limits<Step>::max());
  if (found.cause == nullptr || found.total <= 0) return {};
  std::string sentence =
      fmt::format("{}'s {:.0f} new customers came mostly through {} ({})", brand, found.total,
                  found.cause->label, share_text(found.top / found.total));
  if (found.generation != nullptr)
    sentence += fmt::format(", most of them Customer {} ({} of those)", *found.generation,
                            share_text(found.generation_sum / found.top));
  return sentence + ".";
}

std::string cause_clause(const MetricsTable& table, const std::string& brand, Step up_to) {
  if (!has_any(table, adoption_causes())) return {};
  const TopCause found = top_cause(table, brand, up_to);
  if (found.cause == nullptr || found.total <= 0) return {};
  std::string clause = fmt::format("mostly through {} ({} of its new customers to then)",
                                   found.cause->label, share_text(found.top / found.total));
  if (found.generation != nullptr)
    clause += fmt::format(", most of them Customer {}", *found.generation);
  return clause;
}

namespace {

/// A brand's value of a metric (generation "all") at the last recorded week; NaN without one.
double last_value(const MetricsTable& table, const std::string& metric, const std::string& brand) {
  const auto* values = table.find(metric, brand);
  return values && !values->empty() ? values->back() : std::numeric_limits<double>::quiet_NaN();
}

/// The run recorded the cascades of docs/model.md §5.9 (output.cascades).
bool has_cascades(const MetricsTable& table) { return table.has_metric("cascades"); }

std::string cascade_size_metric(std::size_t bin) {
  return "cascades_size_" + cascade_size_bin_name(bin);
}

}  // namespace

std::string cascade_size_label(std::size_t bin) {
  // The metric's suffix, "3_4" or "257_plus", as a reader writes it.
  const std::string name = cascade_size_bin_name(bin);
  const auto cut = name.find('_');
  if (cut == std::string::npos) return name;
  const std::string upper = name.substr(cut + 1);
  return name.substr(0, cut) + (upper == "plus" ? "+" : "–" + upper);
}

std::string cascade_sentence(const MetricsTable& table) {
  if (!has_cascades(table)) return {};
  // The brands with the largest cascade, and of those the longest chain.
  double largest = 0.0, deepest = 0.0;
  std::vector<std::string> furthest;
  for (const std::string& brand : table.brands) {
    const double size = last_value(table, "cascade_largest", brand);
    const double depth = last_value(table, "cascade_max_depth", brand);
    if (!std::isfinite(size) || !std::isfinite(depth) || size < largest) continue;
    if (size > largest || depth > deepest) furthest.clear(), largest = size, deepest = depth;
    if (depth == deepest) furthest.push_back(brand);
  }
  if (largest < 2)
    return "No brand's word of mouth recruited a customer: every cascade is a single "
           "acquisition.";
  if (furthest.size() == 1)
    return fmt::format(
        "{}'s word of mouth went furthest: its largest cascade reached {:.0f} customers and its "
        "longest chain of recruitments ran {:.0f} deep.",
        furthest.front(), largest, deepest);
  return fmt::format(
      "The word of mouth of {} went furthest: the largest cascade of each reached {:.0f} "
      "customers and the longest chain of each ran {:.0f} recruitments deep.",
      join_names(furthest), largest, deepest);
}

namespace {

std::vector<double> weeks_of(const MetricsTable& table) {
  return {table.steps.begin(), table.steps.end()};
}

std::vector<ChartMarker> intervention_markers(const RunDescription& run) {
  std::vector<ChartMarker> markers;
  for (const ManifestIntervention& event : run.interventions)
    markers.push_back({static_cast<double>(event.week), event.name});
  return markers;
}

/// Values as the charts show them: shares and rates in percent.
std::vector<double> for_display(const std::string& metric, std::vector<double> values) {
  if (metric_scale(metric) == NumberScale::Share)
    for (double& v : values) v *= 100.0;
  return values;
}

/// The mean of each value and the `window` − 1 recorded values before it (fewer at the start),
/// skipping NaN; NaN where the window holds none.
std::vector<double> trailing_mean(const std::vector<double>& values, std::size_t window) {
  std::vector<double> means(values.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < values.size(); ++i) {
    double sum = 0.0;
    std::size_t count = 0;
    for (std::size_t j = i + 1 - std::min(window, i + 1); j <= i; ++j)
      if (std::isfinite(values[j])) sum += values[j], ++count;
    if (count > 0) means[i] = sum / static_cast<double>(count);
  }
  return means;
}

struct BrandChartSpec {
  std::string metric;
  std::string title;
  std::string y_label;     ///< empty: the metric's heading
  std::size_t smooth = 1;  ///< plot the trailing mean of this many recorded weeks
};

std::string brand_chart(const RunDescription& run, const MetricsTable& table,
                        const BrandChartSpec& spec) {
  const std::string& metric = spec.metric;
  Chart chart{"week",
              spec.y_label.empty() ? metric_heading(metric) : spec.y_label,
              {},
              intervention_markers(run)};
  chart.x_to_data = true;
  const std::vector<double> weeks = weeks_of(table);
  for (std::size_t b = 0; b < table.brands.size(); ++b)
    if (const auto* values = table.find(metric, table.brands[b]))
      chart.lines.push_back(
          {table.brands[b],
           weeks,
           for_display(metric, spec.smooth > 1 ? trailing_mean(*values, spec.smooth) : *values),
           {},
           {},
           b,
           false});
  if (chart.lines.empty()) return {};
  chart.y_from_zero = metric_scale(metric) == NumberScale::Share || metric.rfind("wom_", 0) == 0;
  return svg_chart(chart);
}

/// One legend of the brands for the small multiples below it.
std::string brand_legend(const MetricsTable& table) {
  std::vector<std::pair<std::size_t, std::string>> entries;
  for (std::size_t b = 0; b < table.brands.size(); ++b) entries.emplace_back(b, table.brands[b]);
  return chart_legend(entries);
}

std::string section_note(std::string_view text) {
  return fmt::format("<p class=note>{}</p>\n", html_escape(text));
}

/// The facts two to a row: name, value, name, value.
std::string what_was_run(const RunDescription& run) {
  std::string overrides;
  for (const std::string& o : run.overrides) overrides += (overrides.empty() ? "" : ", ") + o;
  const std::string version =
      run.git_commit.empty() ? run.murmur_version
                             : fmt::format("{} (commit {})", run.murmur_version, run.git_commit);
  const std::vector<std::pair<std::string, std::string>> facts = {
      {"scenario", run.scenario_name},
      {"file", run.scenario_file},
      {"seed", fmt::format("{}", run.seed)},
      {"weeks", fmt::format("{}", run.steps)},
      {"customers", fmt::format("{}", run.customers)},
      {"threads", fmt::format("{}", run.threads)},
      {"overrides (--set)", overrides.empty() ? "none" : overrides},
      {"murmur", version},
      {"platform", run.platform},
      {"started", run.started_at_utc}};
  std::string fired;
  for (const ManifestIntervention& event : run.interventions)
    fired += (fired.empty() ? "" : "; ") +
             fmt::format("week {}: {} ({})", event.week, event.name, event.kind);
  std::string html = "<table class=facts>\n";
  for (std::size_t i = 0; i < facts.size(); i += 2) {
    html += fmt::format("<tr><th>{}</th><td>{}</td>", facts[i].first, html_escape(facts[i].second));
    if (i + 1 < facts.size())
      html += fmt::format("<th>{}</th><td>{}</td>", facts[i + 1].first,
                          html_escape(facts[i + 1].second));
    html += "</tr>\n";
  }
  html += fmt::format("<tr><th>interventions fired</th><td colspan=3>{}</td></tr>\n",
                      html_escape(fired.empty() ? "none" : fired));
  return html + "</table>\n";
}

std::string final_table(const MetricsTable& table) {
  const std::vector<std::string> metrics = {"customers",    "share",        "awareness",   "nps",
                                            "churn_annual", "wom_positive", "wom_negative"};
  std::vector<std::string> shown;
  for (const std::string& m : metrics)
    if (table.has_metric(m)) shown.push_back(m);
  if (shown.empty()) return {};
  std::string html =
      fmt::format("<table class=compact><tr><th>brand (week {})</th>", table.steps.back());
  for (const std::string& m : shown)
    html += fmt::format("<th>{}</th>", html_escape(metric_heading(m)));
  html += "</tr>\n";
  for (std::size_t b = 0; b < table.brands.size(); ++b) {
    html += fmt::format(R"(<tr><td><span style="color:{}">&#9632;</span> {}</td>)", chart_colour(b),
                        html_escape(table.brands[b]));
    for (const std::string& m : shown) {
      const auto* values = table.find(m, table.brands[b]);
      const double v = values ? values->back() : std::numeric_limits<double>::quiet_NaN();
      html += fmt::format(
          "<td>{}</td>",
          html_escape(std::isfinite(v) ? format_value(v, metric_scale(m)) : std::string(kNoValue)));
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::string over_time(const RunDescription& run, const MetricsTable& table) {
  std::string html;
  const std::vector<BrandChartSpec> charts = {
      {"share", "Share of all people (brandless customers in the denominator)", "", 1},
      {"awareness", "Awareness: people who know the brand", "", 1},
      {"nps", "Net Promoter Score (points, −100 to 100)", "", 1},
      {"churn_annual", "Churn as a yearly rate, mean of the last 4 recorded weeks", "", 4},
      {"wom_positive", "Word of mouth: promoters' broadcasts about the brand a week",
       "positive broadcasts a week", 1},
      {"wom_negative", "Word of mouth: detractors' broadcasts about the brand a week",
       "negative broadcasts a week", 1}};
  // A model without the market's metrics (the Bass model) has its adoption curve instead.
  const bool market = std::any_of(charts.begin(), charts.end(), [&](const BrandChartSpec& spec) {
    return table.has_metric(spec.metric);
  });
  if (!market) {
    for (const BrandChartSpec& spec :
         {BrandChartSpec{"adoption", "Adoption: the share of customers who have adopted", "", 1},
          BrandChartSpec{"new_adopters", "New adopters a week", "", 1}})
      if (table.has_metric(spec.metric))
        html += fmt::format("<h3>{}</h3>\n", html_escape(spec.title)) +
                brand_chart(run, table, spec) + "\n";
    if (!html.empty()) return html;
  }
  for (const BrandChartSpec& spec : charts) {
    html += fmt::format("<h3>{}</h3>\n", html_escape(spec.title));
    const std::string chart = brand_chart(run, table, spec);
    html += chart.empty() ? section_note(fmt::format("This run has no '{}' metric.", spec.metric))
                          : chart + "\n";
  }
  return html;
}

/// Small multiples: one stacked chart per brand, two to a row.
std::string cause_charts(const RunDescription& run, const MetricsTable& table,
                         const std::vector<CauseMetric>& causes, const std::string& y_label) {
  std::vector<std::pair<std::size_t, std::string>> entries;
  for (std::size_t k = 0; k < causes.size(); ++k) entries.emplace_back(k, causes[k].label);
  std::string html = chart_legend(entries) + "<div class=multiples>\n";
  const std::vector<double> weeks = weeks_of(table);
  for (const std::string& brand : table.brands) {
    StackedChart chart{"week", y_label, weeks, {},   intervention_markers(run),
                       440,    240,     true,  false};
    for (std::size_t k = 0; k < causes.size(); ++k) {
      const auto* values = table.find(causes[k].metric, brand);
      chart.layers.push_back(
          {causes[k].label, values ? *values : std::vector<double>(weeks.size(), 0.0), k});
    }
    html += fmt::format("<figure><figcaption>{}</figcaption>{}</figure>\n", html_escape(brand),
                        svg_stacked_chart(chart));
  }
  return html + "</div>\n";
}

std::string by_cause(const RunDescription& run, const MetricsTable& table) {
  if (!has_any(table, adoption_causes()) && !has_any(table, loss_causes()))
    return section_note(
        "This run was made without attribution: rerun with --attribution to see which channel "
        "brought each new customer and why customers left.");
  std::string html =
      "<p>Each week's new customers of a brand, stacked by the channel that brought them; "
      "their sum is the brand's new_customers.</p>\n";
  html += "<h3>Adoptions by cause</h3>\n" +
          cause_charts(run, table, adoption_causes(), "new customers a week");
  if (has_any(table, loss_causes()))
    html += "<h3>Losses by cause</h3>\n" +
            cause_charts(run, table, loss_causes(), "customers lost a week");
  return html;
}

/// The cascades to date per brand at the last recorded week.
std::string cascade_table(const MetricsTable& table) {
  std::string html = fmt::format(
      "<table class=compact><tr><th>brand (week {})</th><th>cascades</th><th>viral</th>"
      "<th>mean size</th><th>largest</th><th>mean depth (viral)</th><th>deepest</th>"
      "<th>recruited by the top 1% of promoters</th><th>recruitments to date</th></tr>\n",
      table.steps.back());
  for (std::size_t b = 0; b < table.brands.size(); ++b) {
    const std::string& brand = table.brands[b];
    const double cascades = last_value(table, "cascades", brand);
    const double mean_size = last_value(table, "cascade_mean_size", brand);
    // Every recruitment adds one member to a cascade: Σ (size − 1), exact at any output.every
    // (the sum of the weekly wom_recruits is the same when every week is recorded).
    const double recruitments = std::round(cascades * (mean_size - 1.0));
    const std::vector<std::pair<double, NumberScale>> cells = {
        {cascades, NumberScale::Count},
        {last_value(table, "cascades_viral", brand) / cascades, NumberScale::Share},
        {mean_size, NumberScale::Quantity},
        {last_value(table, "cascade_largest", brand), NumberScale::Count},
        {last_value(table, "cascade_mean_depth", brand), NumberScale::Quantity},
        {last_value(table, "cascade_max_depth", brand), NumberScale::Count},
        {last_value(table, "recruited_by_top_1pct", brand), NumberScale::Share},
        {recruitments, NumberScale::Count}};
    html += fmt::format(R"(<tr><td><span style="color:{}">&#9632;</span> {}</td>)", chart_colour(b),
                        html_escape(brand));
    for (const auto& [value, scale] : cells)
      html += fmt::format("<td>{}</td>", format_value(value, scale));
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

/// Each brand's cascades by size bin, as a share of its cascades on a log axis (sizes 1 and 2
/// are most of them; the few large ones would not show on a linear one), up to the largest
/// bin any brand reached.
std::string cascade_size_chart(const MetricsTable& table) {
  std::size_t bins = 2;
  for (std::size_t bin = 0; bin < kCascadeSizeBins; ++bin)
    for (const std::string& brand : table.brands)
      if (last_value(table, cascade_size_metric(bin), brand) > 0) bins = std::max(bins, bin + 1);
  BarChart chart{"share of the brand's cascades (%, log scale)", {}, {}};
  chart.log_scale = true;
  for (std::size_t bin = 0; bin < bins; ++bin)
    chart.rows.push_back("size " + cascade_size_label(bin));
  for (std::size_t b = 0; b < table.brands.size(); ++b) {
    const std::string& brand = table.brands[b];
    const double cascades = last_value(table, "cascades", brand);
    BarSeries series{brand, {}, {}, {}, b};
    for (std::size_t bin = 0; bin < bins; ++bin)
      series.value.push_back(100.0 * last_value(table, cascade_size_metric(bin), brand) / cascades);
    chart.series.push_back(std::move(series));
  }
  return svg_bar_chart(chart);
}

std::string word_of_mouth_cascades(const RunDescription& run, const MetricsTable& table) {
  std::string html =
      "<p>A cascade is one acquisition and everyone recruited down its chain of praise: its root "
      "is a customer who came without a neighbour's recommendation that week (advertising, an "
      "offer, seeding, a shop, or a customer at the start); a customer who adopts the brand in "
      "the week a neighbour's praise of it arrived is recruited by that neighbour and joins "
      "their cascade, one step further down. A cascade is viral when it recruited anyone; its "
      "depth is its longest chain of recruitments. The rules: docs/model.md §5.9 (Word-of-mouth "
      "cascades).</p>\n";
  html += cascade_table(table);
  html += section_note(
      "To date at the last recorded week. Viral: the share of the brand's cascades that "
      "recruited anyone; mean depth: over the viral ones; top 1% of promoters: the share of the "
      "brand's customers to date recruited by the 1% of its customers who recruited most.");
  html += "<h3>Cascade sizes</h3>\n" + cascade_size_chart(table);
  html += "<h3>Recruitments by word of mouth a week, mean of the last 4 recorded weeks</h3>\n" +
          brand_chart(run, table, {"wom_recruits", "", "recruitments a week", 4});
  return html;
}

std::string generations(const RunDescription& run, const MetricsTable& table) {
  if (table.generations.empty() || !table.has_metric("share"))
    return section_note("This run has no generations.");
  std::string html = fmt::format(
      "<p>Each brand's share of each generation's people at the end (week {}), then over "
      "time, one chart per generation.</p>\n<table><tr><th>brand</th>",
      table.steps.back());
  for (const std::string& g : table.generations)
    html += fmt::format("<th>Customer {}</th>", html_escape(g));
  html += "<th>all</th></tr>\n";
  for (std::size_t b = 0; b < table.brands.size(); ++b) {
    html += fmt::format(R"(<tr><td><span style="color:{}">&#9632;</span> {}</td>)", chart_colour(b),
                        html_escape(table.brands[b]));
    for (const std::string& g : table.generations) {
      const auto* values = table.find("share", table.brands[b], g);
      const double v = values ? values->back() : std::numeric_limits<double>::quiet_NaN();
      html += fmt::format("<td>{}</td>", std::isfinite(v) ? share_text(v) : std::string(kNoValue));
    }
    const auto* all = table.find("share", table.brands[b]);
    html += fmt::format("<td>{}</td></tr>\n", all && std::isfinite(all->back())
                                                  ? share_text(all->back())
                                                  : std::string(kNoValue));
  }
  html += "</table>\n" + brand_legend(table) + "<div class=multiples>\n";
  const std::vector<double> weeks = weeks_of(table);
  for (const std::string& g : table.generations) {
    // Small, one brand legend above them all; fields by name, so a field added to Chart
    // cannot shift them (x_whole once took `legend`'s false and drew a legend per chart).
    Chart chart{"week", "share (%)", {}, intervention_markers(run), 440, 240};
    chart.y_from_zero = true;
    chart.x_to_data = true;
    chart.legend = false;
    for (std::size_t b = 0; b < table.brands.size(); ++b)
      if (const auto* values = table.find("share", table.brands[b], g))
        chart.lines.push_back(
            {table.brands[b], weeks, for_display("share", *values), {}, {}, b, false});
    html += fmt::format("<figure><figcaption>Customer {}</figcaption>{}</figure>\n", html_escape(g),
                        svg_chart(chart));
  }
  return html + "</div>\n";
}

std::string delivery_gap(const RunDescription& run, const MetricsTable& table) {
  if (!table.has_metric("gap"))
    return section_note("This run has no delivery gap (no market model).");
  std::string html =
      "<p>The gap is a brand's claim (its self-assessed experience) minus its customers' mean "
      "satisfaction, on the 0–10 scale: above 0, the brand believes it delivers more than its "
      "customers feel.</p>\n";
  html += "<h3>Gap per brand</h3>\n" + brand_chart(run, table, {"gap", "", "", 1});
  const auto* believers = table.find("believers", "all");
  const auto* agreeing = table.find("agreeing", "all");
  if (believers || agreeing) {
    Chart chart{"week", "%", {}, intervention_markers(run)};
    chart.x_to_data = true;
    const std::vector<double> weeks = weeks_of(table);
    if (believers)
      chart.lines.push_back({"believers: brands claiming a superior experience",
                             weeks,
                             for_display("believers", *believers),
                             {},
                             {},
                             9,
                             false});
    if (agreeing)
      chart.lines.push_back({"agreeing: customers who agree (promoters)",
                             weeks,
                             for_display("agreeing", *agreeing),
                             {},
                             {},
                             9,
                             true});
    chart.y_from_zero = true;
    html += "<h3>Firms that believe, customers who agree</h3>\n" + svg_chart(chart);
    if (believers && agreeing && std::isfinite(believers->back()) &&
        std::isfinite(agreeing->back()))
      html += fmt::format(
          "<p>At the end, {} of the brands believe they deliver a superior "
          "experience; {} of customers agree.</p>\n",
          share_text(believers->back()), share_text(agreeing->back()));
  }
  return html;
}

std::string summary(const MetricsTable& table) {
  // The Bass model's adoption is its product's share of the market.
  const std::string metric = table.has_metric("share") ? "share" : "adoption";
  std::vector<NamedSeries> shares;
  for (const std::string& brand : table.brands)
    if (const auto* values = table.find(metric, brand)) shares.push_back({brand, *values});
  if (shares.empty()) return section_note("This run has no share metric to summarise.");
  const OvertakeReason winners_causes = [&](std::size_t brand, Step week) {
    return cause_clause(table, shares[brand].name, week);
  };
  std::vector<std::string> sentences = share_summary(table.steps, shares, 4, winners_causes);
  // Why the brand that gained most gained, when the run attributes adoptions.
  std::optional<std::size_t> riser;
  double rise = 0.0;
  for (std::size_t b = 0; b < shares.size(); ++b) {
    const Ends e = ends_of(shares[b].values);
    if (e.any && shares[b].values[e.last] - shares[b].values[e.first] > rise)
      rise = shares[b].values[e.last] - shares[b].values[e.first], riser = b;
  }
  if (riser) {
    const std::string why = cause_sentence(table, shares[*riser].name);
    if (!why.empty()) sentences.push_back(why);
  }
  if (const std::string cascades = cascade_sentence(table); !cascades.empty())
    sentences.push_back(cascades);
  std::string html = "<ul class=summary>\n";
  for (const std::string& s : sentences) html += fmt::format("<li>{}</li>\n", html_escape(s));
  return html + "</ul>\n";
}

}  // namespace

std::string run_report_html(const RunDescription& run, const MetricsTable& table) {
  const std::string title = fmt::format("Run report: {}", run.scenario_name);
  std::string body = fmt::format("<h1>{}</h1>\n", html_escape(title));
  body += fmt::format(
      "<p>{} weeks of {} customers, seed {}. Shares are of all people, brandless included; "
      "dashed vertical lines mark the weeks interventions fired. Metrics: docs/metrics.md.</p>\n",
      run.steps, run.customers, run.seed);
  body += "<h2>What was run</h2>\n" + what_was_run(run);
  body += "<h2>Summary</h2>\n" + summary(table);
  body += final_table(table);
  body += "<h2>Over time</h2>\n" + over_time(run, table);
  body += "<h2>Adoptions and losses by cause</h2>\n" + by_cause(run, table);
  if (has_cascades(table))
    body += "<h2>Word-of-mouth cascades</h2>\n" + word_of_mouth_cascades(run, table);
  body += "<h2>Generations</h2>\n" + generations(run, table);
  body += "<h2>Delivery gap</h2>\n" + delivery_gap(run, table);
  return html_page(title, body);
}

void write_run_report(const std::filesystem::path& run_directory,
                      const std::filesystem::path& out) {
  std::error_code error;
  if (!std::filesystem::is_directory(run_directory, error))
    throw InputError(InputIssue{path_for_message(run_directory), 0, 0, "",
                                std::filesystem::exists(run_directory, error)
                                    ? "is not a directory (expected a run directory)"
                                    : "the run directory does not exist",
                                ""});
  // Both files are read and checked before anything is written.
  const MetricsTable table = read_metrics_csv(run_directory / "metrics.csv");
  const RunDescription run = read_run_manifest(run_directory / "manifest.json");
  write_file_atomically(out, run_report_html(run, table));
}

}  // namespace murmur
