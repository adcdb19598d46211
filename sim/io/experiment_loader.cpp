// Experiment YAML -> ExperimentSpec. The schema is small and flat, so it is read directly;
// errors carry file, line, column and key like the scenario loader's, and unknown keys get
// the nearest valid key. Values of swept keys are checked later, by loading the base
// scenario with each point's overrides (prepare_batch), so they get the scenario's checks.

#include "sim/io/experiment_loader.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/error.hpp"

namespace murmur {

namespace {

class ExperimentReader {
 public:
  ExperimentReader(std::string file, std::filesystem::path base_dir) : file_(std::move(file)), base_dir_(std::move(base_dir)) {}

  void fail(const YAML::Node& node, std::string key, std::string message, std::string suggestion = {}) {
    InputIssue issue{file_, 0, 0, std::move(key), std::move(message), std::move(suggestion)};
    if (node.IsDefined() && !node.Mark().is_null()) {
      issue.line = node.Mark().line + 1;
      issue.column = node.Mark().column + 1;
    }
    issues_.push_back(std::move(issue));
  }

  /// Unknown and duplicate keys of a map.
  void check_keys(const YAML::Node& map, const std::string& path, const std::vector<std::string>& allowed) {
    std::set<std::string> seen;
    for (const auto& entry : map) {
      const auto key = entry.first.as<std::string>();
      const std::string key_path = path.empty() ? key : path + "." + key;
      if (!seen.insert(key).second) fail(entry.first, key_path, fmt::format("duplicate key '{}'", key));
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        fail(entry.first, key_path, fmt::format("unknown key '{}'", key), nearest_word(key, allowed));
    }
  }

  template <class T>
  std::optional<T> scalar(const YAML::Node& node, const std::string& key, const char* expected) {
    if (!node.IsScalar()) {
      fail(node, key, fmt::format("expected {}", expected));
      return std::nullopt;
    }
    try {
      return node.as<T>();
    } catch (const YAML::Exception&) {
      fail(node, key, fmt::format("expected {}; got '{}'", expected, node.Scalar()));
      return std::nullopt;
    }
  }

  /// A scalar value of a swept key, kept as YAML text (the scenario loader parses it).
  std::optional<std::string> value_text(const YAML::Node& node, const std::string& key) {
    if (!node.IsScalar()) {
      fail(node, key, "expected a single value (a number, word or true/false)");
      return std::nullopt;
    }
    return node.Scalar();
  }

  void read(const YAML::Node& root, ExperimentSpec& spec) {
    check_keys(root, "", {"name", "description", "scenario", "master_seed", "replicates", "set", "grid", "points",
                          "latin_hypercube", "keep"});
    if (root["name"]) spec.name = scalar<std::string>(root["name"], "name", "a name").value_or(spec.name);
    read_scenario(root);
    spec.scenario_path = scenario_path_;
    if (root["master_seed"])
      spec.master_seed = scalar<Seed>(root["master_seed"], "master_seed", "a whole number").value_or(1);
    if (root["replicates"]) {
      const auto replicates = scalar<std::uint32_t>(root["replicates"], "replicates", "a whole number >= 1");
      if (replicates && (*replicates < 1 || *replicates > 1'000'000))
        fail(root["replicates"], "replicates", "expected a whole number in [1, 1000000]");
      spec.replicates = replicates.value_or(1);
    }
    if (root["set"]) read_set(root["set"], spec);
    read_design(root, spec);
    if (root["keep"]) read_keep(root["keep"], spec);
  }

  void read_scenario(const YAML::Node& root) {
    const YAML::Node node = root["scenario"];
    if (!node) {
      fail(root, "scenario", "missing key 'scenario': the base scenario file, relative to this experiment");
      return;
    }
    const auto text = scalar<std::string>(node, "scenario", "a file path");
    if (!text) return;
    scenario_path_ = std::filesystem::path(*text).is_absolute() ? std::filesystem::path(*text) : base_dir_ / *text;
    if (!std::filesystem::is_regular_file(scenario_path_))
      fail(node, "scenario", fmt::format("scenario file '{}' does not exist", scenario_path_.string()));
  }

  /// Fixed overrides may be whole maps or lists (e.g. a generation mix): passed on as flow YAML.
  void read_set(const YAML::Node& node, ExperimentSpec& spec) {
    if (!node.IsMap()) return fail(node, "set", "expected a map of key.path: value");
    for (const auto& entry : node) {
      YAML::Emitter flow;
      flow << YAML::Flow << entry.second;
      spec.fixed_overrides.push_back(entry.first.as<std::string>() + "=" + flow.c_str());
    }
  }

  void read_design(const YAML::Node& root, ExperimentSpec& spec) {
    const int designs = (root["grid"] ? 1 : 0) + (root["points"] ? 1 : 0) + (root["latin_hypercube"] ? 1 : 0);
    if (designs > 1) fail(root, "", "give one of 'grid', 'points' or 'latin_hypercube', not several");
    if (root["grid"]) read_grid(root["grid"], spec);
    if (root["points"]) read_points(root["points"], spec);
    if (root["latin_hypercube"]) read_latin_hypercube(root["latin_hypercube"], spec);
    if (designs == 0) spec.design = ExperimentDesign::List;  // one point: the base scenario
  }

  void read_grid(const YAML::Node& node, ExperimentSpec& spec) {
    spec.design = ExperimentDesign::Grid;
    if (!node.IsMap()) return fail(node, "grid", "expected a map of key.path: [values]");
    for (const auto& entry : node) {
      const std::string key = entry.first.as<std::string>();
      if (!entry.second.IsSequence() || entry.second.size() == 0) {
        fail(entry.second, "grid." + key, "expected a non-empty list of values");
        continue;
      }
      ParameterValues axis{key, {}};
      for (const auto& value : entry.second)
        if (auto text = value_text(value, "grid." + key)) axis.values.push_back(*text);
      spec.grid.push_back(std::move(axis));
    }
  }

  void read_points(const YAML::Node& node, ExperimentSpec& spec) {
    spec.design = ExperimentDesign::List;
    if (!node.IsSequence() || node.size() == 0) return fail(node, "points", "expected a non-empty list of maps");
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string path = fmt::format("points[{}]", i);
      if (!node[i].IsMap()) {
        fail(node[i], path, "expected a map of key.path: value");
        continue;
      }
      ParameterPoint point;
      for (const auto& entry : node[i])
        if (auto text = value_text(entry.second, path + "." + entry.first.as<std::string>()))
          point.emplace_back(entry.first.as<std::string>(), *text);
      spec.points.push_back(std::move(point));
    }
  }

  void read_latin_hypercube(const YAML::Node& node, ExperimentSpec& spec) {
    spec.design = ExperimentDesign::LatinHypercube;
    if (!node.IsMap()) return fail(node, "latin_hypercube", "expected a map with 'samples' and 'ranges'");
    check_keys(node, "latin_hypercube", {"samples", "ranges"});
    const auto samples = node["samples"] ? scalar<std::uint32_t>(node["samples"], "latin_hypercube.samples", "a whole number >= 2")
                                         : std::nullopt;
    if (!samples || *samples < 2) fail(node, "latin_hypercube.samples", "expected a whole number >= 2 of samples");
    spec.samples = samples.value_or(2);
    const YAML::Node ranges = node["ranges"];
    if (!ranges || !ranges.IsMap() || ranges.size() == 0)
      return fail(node, "latin_hypercube.ranges", "expected a map of key.path: [low, high]");
    for (const auto& entry : ranges) read_range(entry.first.as<std::string>(), entry.second, spec);
  }

  void read_range(const std::string& key, const YAML::Node& node, ExperimentSpec& spec) {
    const std::string path = "latin_hypercube.ranges." + key;
    ParameterRange range{key, 0, 1, false};
    if (node.IsSequence() && node.size() == 2) {
      range.low = scalar<double>(node[0], path, "a number").value_or(0);
      range.high = scalar<double>(node[1], path, "a number").value_or(1);
    } else if (node.IsMap()) {
      check_keys(node, path, {"low", "high", "integer"});
      range.low = node["low"] ? scalar<double>(node["low"], path + ".low", "a number").value_or(0) : 0;
      range.high = node["high"] ? scalar<double>(node["high"], path + ".high", "a number").value_or(1) : 1;
      range.integer = node["integer"] ? scalar<bool>(node["integer"], path + ".integer", "true or false").value_or(false) : false;
    } else {
      return fail(node, path, "expected [low, high] or {low, high, integer}");
    }
    if (!(range.low < range.high)) fail(node, path, "expected low < high");
    spec.ranges.push_back(range);
  }

  void read_keep(const YAML::Node& node, ExperimentSpec& spec) {
    if (!node.IsMap()) return fail(node, "keep", "expected a map with 'metrics', 'steps' and 'generations'");
    check_keys(node, "keep", {"metrics", "steps", "every", "generations"});
    if (const YAML::Node metrics = node["metrics"]) {
      if (!metrics.IsSequence()) fail(metrics, "keep.metrics", "expected a list of metric names");
      else
        for (const auto& metric : metrics)
          if (auto name = scalar<std::string>(metric, "keep.metrics", "a metric name")) spec.keep_metrics.push_back(*name);
    }
    if (const YAML::Node steps = node["steps"]) {
      if (!steps.IsSequence()) fail(steps, "keep.steps", "expected a list of weeks");
      else
        for (const auto& step : steps)
          if (auto week = scalar<Step>(step, "keep.steps", "a whole number of weeks")) spec.keep_steps.push_back(*week);
    }
    if (const YAML::Node every = node["every"]) {
      const auto weeks = scalar<Step>(every, "keep.every", "a whole number of weeks >= 1");
      if (!weeks || *weeks == 0) fail(every, "keep.every", "expected a whole number of weeks >= 1");
      else if (!spec.keep_steps.empty()) fail(every, "keep.every", "give 'steps' or 'every', not both");
      else spec.keep_every = *weeks;
    }
    if (const YAML::Node generations = node["generations"]) {
      const auto mode = scalar<std::string>(generations, "keep.generations", "'all' or 'each'");
      if (mode && *mode != "all" && *mode != "each")
        fail(generations, "keep.generations", "expected 'all' (totals) or 'each' (every generation too)",
             nearest_word(*mode, {"all", "each"}));
      spec.keep_all_generations = mode == "each";
    }
    std::sort(spec.keep_steps.begin(), spec.keep_steps.end());
  }

  [[nodiscard]] std::vector<InputIssue> take_issues() { return std::move(issues_); }

 private:
  std::string file_;
  std::filesystem::path base_dir_;
  std::filesystem::path scenario_path_;
  std::vector<InputIssue> issues_;
};

}  // namespace

ExperimentSpec load_experiment_text(std::string_view yaml, const std::string& file_label,
                                    const std::filesystem::path& base_dir) {
  ExperimentReader reader(file_label, base_dir);
  ExperimentSpec spec;
  spec.source_path = file_label;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::ParserException& error) {
    throw InputError(InputIssue{file_label, error.mark.line + 1, error.mark.column + 1, "",
                                fmt::format("YAML syntax error: {}", error.msg), ""});
  }
  if (!root.IsMap()) throw InputError(InputIssue{file_label, 1, 1, "", "an experiment must be a map of keys", ""});
  try {
    reader.read(root, spec);
  } catch (const YAML::Exception& error) {
    reader.fail(root, "", fmt::format("YAML error: {}", error.msg));
  }
  auto issues = reader.take_issues();
  if (!issues.empty()) throw InputError(std::move(issues));
  return spec;
}

ExperimentSpec load_experiment(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in || std::filesystem::is_directory(file))
    throw InputError(InputIssue{file.string(), 0, 0, "", "cannot read the experiment file", ""});
  std::ostringstream text;
  text << in.rdbuf();
  return load_experiment_text(text.str(), file.string(), file.parent_path());
}

}  // namespace murmur
