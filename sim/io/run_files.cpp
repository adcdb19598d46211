#include "sim/io/run_files.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/error.hpp"
#include "sim/core/input_file.hpp"
#include "sim/io/output.hpp"

namespace murmur {

namespace {

/// metrics.csv of the longest runs stays far below this; a wrong file is refused at once.
constexpr std::uintmax_t kMaxMetricsBytes = std::uintmax_t{2} << 30;  // 2 GiB

[[noreturn]] void refuse(const std::string& file, int line, std::string message) {
  throw InputError(InputIssue{file, line, 0, "", std::move(message), ""});
}

bool parse_value(const std::string& text, double& value) {
  if (text == "NA" || text == "NaN" || text == "nan") {
    value = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (text == "Inf" || text == "-Inf") {
    value = text[0] == '-' ? -std::numeric_limits<double>::infinity()
                           : std::numeric_limits<double>::infinity();
    return true;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() && !text.empty();
}

void remember(std::vector<std::string>& names, const std::string& name) {
  if (name != "all" && std::find(names.begin(), names.end(), name) == names.end())
    names.push_back(name);
}

}  // namespace

bool split_csv_record(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return !quoted;
}

bool MetricsTable::has_metric(const std::string& metric) const {
  return std::find(metric_names.begin(), metric_names.end(), metric) != metric_names.end();
}

const std::vector<double>* MetricsTable::find(const std::string& metric, const std::string& brand,
                                              const std::string& generation) const {
  const auto it = series.find({metric, brand, generation});
  return it == series.end() ? nullptr : &it->second;
}

MetricsTable parse_metrics_csv(std::string_view text, const std::string& file) {
  text = without_utf8_bom(text);
  struct Row {
    Step step;
    std::size_t key;
    double value;
  };
  std::vector<Row> rows;
  std::map<MetricsTable::Key, std::size_t> keys;
  MetricsTable table;
  std::vector<std::string> fields;
  int line_number = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!header_seen) {
      if (std::string(line) + "\n" != CsvMetricsWriter::kHeader)
        refuse(
            file, line_number,
            fmt::format("is not a run's metrics.csv: the first line should be '{}'",
                        CsvMetricsWriter::kHeader.substr(0, CsvMetricsWriter::kHeader.size() - 1)));
      header_seen = true;
      continue;
    }
    if (line.empty()) continue;
    if (!split_csv_record(line, fields) || fields.size() != 5)
      refuse(file, line_number,
             "expected 5 fields (step,brand,generation,metric,value) on every line");
    Step step = 0;
    const std::string& step_text = fields[0];
    const auto [step_end, step_error] =
        std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
    if (step_error != std::errc{} || step_end != step_text.data() + step_text.size() ||
        step_text.empty())
      refuse(file, line_number, fmt::format("the step '{}' is not a whole number", step_text));
    double value = 0.0;
    if (!parse_value(fields[4], value))
      refuse(file, line_number, fmt::format("the value '{}' is not a number or NA", fields[4]));
    MetricsTable::Key key{fields[3], fields[1], fields[2]};
    const auto [it, added] = keys.try_emplace(std::move(key), keys.size());
    if (added) {
      remember(table.brands, fields[1]);
      remember(table.generations, fields[2]);
      if (std::find(table.metric_names.begin(), table.metric_names.end(), fields[3]) ==
          table.metric_names.end())
        table.metric_names.push_back(fields[3]);
    }
    if (table.steps.empty() || table.steps.back() != step) {
      if (!table.steps.empty() && step < table.steps.back())
        refuse(file, line_number,
               fmt::format("step {} comes after step {}", step, table.steps.back()));
      table.steps.push_back(step);
    }
    rows.push_back({step, it->second, value});
  }
  if (!header_seen) refuse(file, 0, "is empty (expected a run's metrics.csv)");
  if (table.steps.empty()) refuse(file, 0, "has no rows");
  std::vector<std::vector<double>*> by_index(keys.size());
  for (const auto& [key, index] : keys) {
    auto& values = table.series[key];
    values.assign(table.steps.size(), std::numeric_limits<double>::quiet_NaN());
    by_index[index] = &values;
  }
  std::size_t step_index = 0;
  for (const Row& row : rows) {
    while (table.steps[step_index] != row.step) ++step_index;
    (*by_index[row.key])[step_index] = row.value;
  }
  return table;
}

MetricsTable read_metrics_csv(const std::filesystem::path& path) {
  return parse_metrics_csv(read_input_file(path, "metrics file (metrics.csv)", kMaxMetricsBytes),
                           path.string());
}

RunDescription parse_run_manifest(std::string_view text, const std::string& file) {
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    refuse(file, 0, fmt::format("is not valid JSON: {}", e.what()));
  }
  RunDescription run;
  try {
    if (!manifest.is_object()) refuse(file, 0, "is not a run's manifest (expected a JSON object)");
    const auto& scenario = manifest.at("scenario");
    run.scenario_name = scenario.at("name").get<std::string>();
    run.scenario_file = scenario.value("file", std::string());
    if (scenario.contains("overrides"))
      run.overrides = scenario.at("overrides").get<std::vector<std::string>>();
    run.seed = manifest.at("seed").get<std::uint64_t>();
    run.steps = manifest.at("steps").get<std::uint64_t>();
    run.customers = manifest.value("customers", std::uint64_t{0});
    run.threads = manifest.value("threads", 0u);
    run.murmur_version = manifest.value("murmur_version", std::string());
    run.git_commit = manifest.value("git_commit", std::string());
    run.started_at_utc = manifest.value("started_at_utc", std::string());
    if (manifest.contains("platform") && manifest["platform"].is_object()) {
      const auto& platform = manifest["platform"];
      std::vector<std::string> parts;
      if (platform.contains("os") && platform["os"].is_object()) {
        std::string os;
        for (const char* field : {"name", "release", "machine"})
          if (platform["os"].contains(field) && platform["os"][field].is_string())
            os += (os.empty() ? "" : " ") + platform["os"][field].get<std::string>();
        if (!os.empty()) parts.push_back(os);
      }
      for (const char* field : {"cpu", "compiler"})
        if (platform.contains(field) && platform[field].is_string())
          parts.push_back(platform[field].get<std::string>());
      for (const std::string& part : parts)
        run.platform += (run.platform.empty() ? "" : "; ") + part;
    }
    if (manifest.contains("interventions_fired"))
      for (const auto& event : manifest.at("interventions_fired"))
        run.interventions.push_back({event.at("week").get<Step>(),
                                     event.at("name").get<std::string>(),
                                     event.value("kind", std::string())});
  } catch (const nlohmann::json::exception& e) {
    refuse(file, 0, fmt::format("is not a run's manifest: {}", e.what()));
  }
  return run;
}

RunDescription read_run_manifest(const std::filesystem::path& path) {
  return parse_run_manifest(read_input_file(path, "run manifest (manifest.json)"), path.string());
}

}  // namespace murmur
