// Calibration YAML -> CalibrationSpec, by walking the schema of calibration_schema.hpp with the
// shared YAML reader (yaml_map_reader.hpp): the same types, ranges, unknown and duplicate keys
// and file:line:column messages as scenarios and experiments. What spans several keys (bounds,
// the scale, the scenario file) is checked after the walk; the observed CSV is read here too.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/error.hpp"
#include "sim/core/input_file.hpp"
#include "sim/io/calibration.hpp"
#include "sim/io/calibration_schema.hpp"
#include "sim/io/run_files.hpp"
#include "sim/io/yaml_map_reader.hpp"

namespace murmur {
namespace {

using namespace yaml_walk;  // NOLINT: the shared reader is this file's vocabulary

class CalibrationReader : public MapReader<CalibrationReader, ReadState> {
 public:
  using MapReader::MapReader;
};

std::filesystem::path resolve_file(const std::string& written, const std::filesystem::path& base,
                                   ReadState& state, const std::string& key,
                                   std::string_view what) {
  const std::filesystem::path file(written);
  const std::filesystem::path path = (file.is_absolute() ? file : base / file).lexically_normal();
  if (auto issue = regular_file_issue(path, what))
    state.issues.add(state.place(key), key, fmt::format("'{}': {}", path.string(), issue->message),
                     issue->suggestion);
  return path;
}

void check_parameters(CalibrationSpec& spec, ReadState& state) {
  if (spec.parameters.empty())
    state.issues.add(state.place("parameters"), "parameters",
                     "a calibration needs at least one parameter to fit under 'parameters'");
  std::set<std::string> names;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    CalibrationParameter& parameter = spec.parameters[i];
    const std::string path = fmt::format("parameters[{}]", i);
    const Place at = state.place(path + ".key");
    parameter.place = WrittenAt{at.line, at.column};
    if (parameter.scale && !parameter.key.empty()) {
      state.issues.add(state.place(path + ".key"), path + ".key",
                       "a scale parameter multiplies the simulated series: give it a 'name', "
                       "not a scenario 'key'");
    } else if (!parameter.scale && parameter.key.empty()) {
      state.issues.add(state.place(path), path + ".key",
                       "missing required key 'key' (the scenario key to fit), or 'scale: true'");
    }
    if (parameter.name.empty()) parameter.name = parameter.key;
    if (parameter.name.empty())
      state.issues.add(state.place(path), path + ".name", "a scale parameter needs a 'name'");
    else if (!names.insert(parameter.name).second)
      state.issues.add(state.place(path + ".name"), path + ".name",
                       fmt::format("two parameters are named '{}'", parameter.name));
    check_name(state, path + ".name", "parameter name", parameter.name, NameUse::Label);
    if (!(parameter.low < parameter.high))
      state.issues.add(
          state.place(path + ".high"), path + ".high",
          fmt::format("expected low < high; got [{}, {}]", parameter.low, parameter.high));
    if (parameter.start &&
        !(*parameter.start >= parameter.low && *parameter.start <= parameter.high))
      state.issues.add(state.place(path + ".start"), path + ".start",
                       fmt::format("start {} is outside [low, high] = [{}, {}]", *parameter.start,
                                   parameter.low, parameter.high));
  }
}

void check_observed(CalibrationSpec& spec, ReadState& state) {
  ObservedSpec& observed = spec.observed;
  if (!state.places.contains("observed"))
    state.issues.add(Place{kFromFile, 1, 1}, "observed",
                     "missing required key 'observed' (the series to fit) at the top level");
  if (!observed.scale.empty()) {
    const auto it = std::find_if(spec.parameters.begin(), spec.parameters.end(),
                                 [&](const auto& p) { return p.name == observed.scale; });
    if (it == spec.parameters.end() || !it->scale)
      state.issues.add(state.place("observed.scale"), "observed.scale",
                       fmt::format("'{}' is not a parameter with 'scale: true'", observed.scale));
  }
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    if (spec.parameters[i].scale && spec.parameters[i].name != observed.scale)
      state.issues.add(state.place(fmt::format("parameters[{}]", i)),
                       fmt::format("parameters[{}].scale", i),
                       fmt::format("the scale parameter '{}' multiplies nothing: name it in "
                                   "observed.scale",
                                   spec.parameters[i].name));
}

void check_stage(const OptimiserStage& stage, ReadState& state, const std::string& path,
                 std::size_t dimensions) {
  const bool global =
      stage.method == OptimiserMethod::Crs2 || stage.method == OptimiserMethod::Isres;
  if (stage.method == OptimiserMethod::Bobyqa && dimensions < 2)
    state.issues.add(state.place(path + ".method"), path + ".method",
                     "bobyqa needs at least two fitted parameters; use nelder_mead or subplex");
  if (global && path == "optimiser.polish")
    state.issues.add(state.place(path + ".method"), path + ".method",
                     "the polish is a local stage: nelder_mead, subplex, bobyqa or none");
}

void record_override_places(CalibrationSpec& spec, const ReadState& state) {
  for (const auto& [path, place] : state.places)
    if (path.starts_with("set.")) spec.override_places[path] = WrittenAt{place.line, place.column};
}

[[noreturn]] void refuse_cell(const std::string& file, int line, int column,
                              std::string column_name, std::string message) {
  throw InputError(InputIssue{file, line, column, std::move(column_name), std::move(message), ""});
}

std::optional<double> parse_double(const std::string& text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

/// The column of the CSV's header each field has, by name (-1 = absent).
struct ObservedColumns {
  int period = -1, metric = -1, brand = -1, value = -1, weight = -1;
  bool weeks = false;  ///< the time column is `step`
  std::size_t count = 0;
};

ObservedColumns header_columns(const std::vector<std::string>& header, const std::string& file) {
  ObservedColumns columns;
  columns.count = header.size();
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header[i];
    int* slot = name == "period" || name == "step" ? &columns.period
                : name == "metric"                 ? &columns.metric
                : name == "brand"                  ? &columns.brand
                : name == "value"                  ? &columns.value
                : name == "weight"                 ? &columns.weight
                                                   : nullptr;
    if (slot == nullptr)
      refuse_cell(file, 1, static_cast<int>(i) + 1, name,
                  fmt::format("unknown column '{}'; expected period (or step), metric, brand, "
                              "value and optionally weight",
                              name));
    if (*slot >= 0) refuse_cell(file, 1, static_cast<int>(i) + 1, name, "a column given twice");
    *slot = static_cast<int>(i);
    if (name == "step") columns.weeks = true;
  }
  for (const auto& [index, name] : {std::pair{columns.period, "period (or step)"},
                                    {columns.metric, "metric"},
                                    {columns.brand, "brand"},
                                    {columns.value, "value"}})
    if (index < 0) refuse_cell(file, 1, 0, "", fmt::format("no '{}' column in the header", name));
  return columns;
}

}  // namespace

CalibrationSpec load_calibration_text(std::string_view yaml, const std::string& file_label,
                                      const std::filesystem::path& base_dir) {
  const std::vector<std::string> no_overrides;
  ReadState state{Issues(file_label, no_overrides), {}, {}, base_dir};
  const YAML::Node root = parse_map_document(yaml, state, "a calibration");
  CalibrationSpec spec;
  spec.source_path = file_label;
  CalibrationReader reader(state, root, "", kFromFile);
  describe(spec, reader);
  reader.finish();
  check_name(state, "name", "calibration name", spec.name, NameUse::Label);
  if (!spec.scenario_file.empty())
    spec.scenario_path =
        resolve_file(spec.scenario_file, base_dir, state, "scenario", "scenario file");
  if (!spec.observed.file.empty())
    spec.observed.path =
        resolve_file(spec.observed.file, base_dir, state, "observed.file", "observed series");
  check_parameters(spec, state);
  check_observed(spec, state);
  check_stage(spec.optimiser.search, state, "optimiser", spec.parameters.size());
  check_stage(spec.optimiser.polish, state, "optimiser.polish", spec.parameters.size());
  if (spec.optimiser.search.method == OptimiserMethod::None)
    state.issues.add(state.place("optimiser.method"), "optimiser.method",
                     "the search needs a method: nelder_mead, subplex, bobyqa, crs2 or isres");
  if (!state.issues.empty()) state.issues.throw_all();
  record_override_places(spec, state);
  return spec;
}

CalibrationSpec load_calibration(const std::filesystem::path& file) {
  return load_calibration_text(read_input_file(file, "calibration file"), file.string(),
                               file.parent_path());
}

std::vector<Observation> read_observed_text(std::string_view csv, const std::string& file,
                                            const ObservedSpec& spec) {
  csv = without_utf8_bom(csv);
  std::vector<Observation> observations;
  std::optional<ObservedColumns> columns;
  std::set<std::tuple<std::int64_t, std::string, std::string>> seen;
  std::vector<std::string> fields;
  int line_number = 0;
  std::size_t begin = 0;
  while (begin < csv.size()) {
    std::size_t end = csv.find('\n', begin);
    if (end == std::string_view::npos) end = csv.size();
    std::string_view line = csv.substr(begin, end - begin);
    begin = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (!split_csv_record(line, fields))
      refuse_cell(file, line_number, 0, "", "a quoted field is not closed");
    if (!columns) {
      columns = header_columns(fields, file);
      if (columns->weeks && spec.period_weeks != 1)
        refuse_cell(file, 1, columns->period + 1, "step",
                    "a 'step' column is one model week per row: use 'period' with "
                    "observed.period_weeks, or set period_weeks: 1");
      continue;
    }
    const std::size_t needed = columns->count;
    if (fields.size() != needed)
      refuse_cell(file, line_number, 0, "",
                  fmt::format("expected {} fields; got {}", needed, fields.size()));
    auto cell = [&](int column) -> const std::string& {
      return fields[static_cast<std::size_t>(column)];
    };
    Observation row;
    row.line = line_number;
    std::int64_t period = 0;
    const std::string& period_text = cell(columns->period);
    const auto [period_end, period_error] =
        std::from_chars(period_text.data(), period_text.data() + period_text.size(), period);
    if (period_error != std::errc{} || period_end != period_text.data() + period_text.size())
      refuse_cell(file, line_number, columns->period + 1, columns->weeks ? "step" : "period",
                  fmt::format("expected a whole number; got '{}'", period_text));
    row.period = period;
    row.metric = cell(columns->metric);
    row.brand = cell(columns->brand);
    if (row.metric.empty() || row.brand.empty())
      refuse_cell(file, line_number, 0, "", "the metric and the brand may not be empty");
    const auto value = parse_double(cell(columns->value));
    if (!value || !std::isfinite(*value))
      refuse_cell(file, line_number, columns->value + 1, "value",
                  fmt::format("expected a finite number; got '{}'", cell(columns->value)));
    row.value = *value;
    if (columns->weight >= 0) {
      const auto weight = parse_double(cell(columns->weight));
      if (!weight || !(*weight >= 0.0) || !std::isfinite(*weight))
        refuse_cell(file, line_number, columns->weight + 1, "weight",
                    fmt::format("expected a number >= 0; got '{}'", cell(columns->weight)));
      row.weight = *weight;
    }
    if (!seen.insert({row.period, row.metric, row.brand}).second)
      refuse_cell(file, line_number, 0, "",
                  fmt::format("a second value for period {}, metric {}, brand {}", row.period,
                              row.metric, row.brand));
    observations.push_back(std::move(row));
  }
  if (observations.empty()) refuse_cell(file, 0, 0, "", "no observations (a header and rows)");
  return observations;
}

std::vector<Observation> read_observed_series(const ObservedSpec& spec) {
  return read_observed_text(read_input_file(spec.path, "observed series"), spec.path.string(),
                            spec);
}

}  // namespace murmur
