#include "sim/io/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "sim/core/random_stream.hpp"

namespace murmur {

namespace {

std::vector<ParameterPoint> grid_points(const std::vector<ParameterValues>& grid) {
  std::vector<ParameterPoint> points{{}};
  for (const ParameterValues& axis : grid) {
    std::vector<ParameterPoint> extended;
    for (const ParameterPoint& partial : points)
      for (const std::string& value : axis.values) {
        ParameterPoint point = partial;
        point.emplace_back(axis.key_path, value);
        extended.push_back(std::move(point));
      }
    points = std::move(extended);
  }
  return points;
}

/// Latin hypercube: each dimension's range is cut into `samples` equal strata, one point
/// drawn uniformly in each, and the strata are shuffled independently per dimension.
std::vector<ParameterPoint> latin_hypercube_points(const ExperimentSpec& spec) {
  const std::uint32_t n = spec.latin_hypercube.samples;
  std::vector<ParameterPoint> points(n);
  for (std::uint32_t d = 0; d < spec.latin_hypercube.ranges.size(); ++d) {
    const ParameterRange& range = spec.latin_hypercube.ranges[d];
    RandomStream rng(spec.master_seed, 0, d, Purpose::ExperimentDesign);
    std::vector<std::uint32_t> strata(n);
    std::iota(strata.begin(), strata.end(), 0u);
    for (std::uint32_t i = n; i > 1; --i)
      std::swap(strata[i - 1], strata[rng.below(i)]);  // Fisher–Yates
    for (std::uint32_t i = 0; i < n; ++i) {
      const double unit = (strata[i] + rng.uniform()) / n;
      double value = range.low + unit * (range.high - range.low);
      if (range.integer) value = std::round(value);
      points[i].emplace_back(range.key_path, fmt::format("{}", value));
    }
  }
  return points;
}

}  // namespace

std::uint64_t count_points(const ExperimentSpec& spec) {
  switch (spec.design) {
    case ExperimentDesign::Grid: {
      std::uint64_t count = 1;
      for (const ParameterValues& axis : spec.grid) {
        if (axis.values.empty()) return 0;
        if (count > std::numeric_limits<std::uint64_t>::max() / axis.values.size())
          return std::numeric_limits<std::uint64_t>::max();
        count *= axis.values.size();
      }
      return count;
    }
    case ExperimentDesign::List:
      return spec.points.empty() ? 1 : spec.points.size();
    case ExperimentDesign::LatinHypercube:
      return spec.latin_hypercube.samples;
  }
  return 0;
}

std::vector<InputIssue> keep_issues(const ExperimentSpec& spec,
                                    const std::vector<std::string>& metric_names, Step last_step,
                                    const std::string& which_run) {
  std::vector<InputIssue> issues;
  auto add = [&](WrittenAt at, std::string key_path, std::string message, std::string nearest) {
    issues.push_back(InputIssue{spec.source_path, at.line, at.column, std::move(key_path),
                                std::move(message), std::move(nearest)});
  };
  const KeepSpec& keep = spec.keep;
  for (std::size_t i = 0; i < keep.metrics.size(); ++i) {
    const std::string& metric = keep.metrics[i];
    if (std::find(metric_names.begin(), metric_names.end(), metric) != metric_names.end()) continue;
    std::string known;
    for (const std::string& name : metric_names) known += (known.empty() ? "" : ", ") + name;
    const auto at = keep.metric_places.find(metric);
    add(at == keep.metric_places.end() ? WrittenAt{} : at->second,
        fmt::format("keep.metrics[{}]", i),
        fmt::format("unknown metric '{}'; the runs report: {}", metric, known),
        nearest_word(metric, metric_names));
  }
  for (const Step step : keep.steps) {
    if (step <= last_step) continue;
    const auto at = keep.step_places.find(step);
    add(at == keep.step_places.end() ? WrittenAt{} : at->second, "keep.steps",
        fmt::format("week {} is after the last week of {} (steps: {}); nothing would be kept "
                    "for it",
                    step, which_run, last_step),
        "");
  }
  return issues;
}

std::vector<ParameterPoint> expand_points(const ExperimentSpec& spec) {
  switch (spec.design) {
    case ExperimentDesign::Grid:
      return grid_points(spec.grid);
    case ExperimentDesign::List:
      return spec.points.empty() ? std::vector<ParameterPoint>{{}} : spec.points;
    case ExperimentDesign::LatinHypercube:
      return latin_hypercube_points(spec);
  }
  return {};
}

std::vector<PlannedRun> plan_runs(const ExperimentSpec& spec, std::size_t point_count) {
  std::vector<PlannedRun> runs;
  runs.reserve(point_count * spec.replicates);
  for (std::uint32_t p = 0; p < point_count; ++p)
    for (std::uint32_t r = 0; r < spec.replicates; ++r)
      runs.push_back({static_cast<std::uint32_t>(runs.size()), p, r,
                      derive_replicate_seed(spec.master_seed, r)});
  return runs;
}

std::vector<std::string> varied_keys(const ExperimentSpec& spec) {
  std::vector<std::string> keys;
  auto add = [&](const std::string& key) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  };
  for (const auto& axis : spec.grid) add(axis.key_path);
  for (const auto& point : spec.points)
    for (const auto& [key, value] : point) add(key);
  for (const auto& range : spec.latin_hypercube.ranges) add(range.key_path);
  return keys;
}

OverrideOrigin override_origin(const ExperimentSpec& spec, const std::string& key,
                               std::uint32_t point, bool from_set) {
  std::string section = "set";
  if (!from_set) {
    switch (spec.design) {
      case ExperimentDesign::Grid:
        section = "grid";
        break;
      case ExperimentDesign::List:
        section = fmt::format("points[{}]", point);
        break;
      case ExperimentDesign::LatinHypercube:
        section = "latin_hypercube.ranges";
        break;
    }
  }
  OverrideOrigin origin{spec.source_path, 0, 0, section};
  if (auto it = spec.override_places.find(section + "." + key); it != spec.override_places.end()) {
    origin.line = it->second.line;
    origin.column = it->second.column;
  }
  return origin;
}

}  // namespace murmur
