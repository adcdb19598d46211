#pragma once
// A finished run directory read back: metrics.csv (tidy long format) and manifest.json, for
// the run report (sim/run/run_report.hpp). Bad files are InputError naming the file.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sim/model/metrics.hpp"

namespace murmur {

/// metrics.csv as series: one value per recorded step for each (metric, brand, generation);
/// NaN where the file says NA or has no row.
struct MetricsTable {
  std::vector<Step> steps;                ///< ascending, as recorded
  std::vector<std::string> brands;        ///< in order of first appearance, without "all"
  std::vector<std::string> generations;   ///< in order of first appearance, without "all"
  std::vector<std::string> metric_names;  ///< in order of first appearance
  using Key = std::tuple<std::string, std::string, std::string>;  ///< metric, brand, generation
  std::map<Key, std::vector<double>> series;

  [[nodiscard]] bool has_metric(const std::string& metric) const;
  /// The series, or nullptr when the file has no row of it.
  [[nodiscard]] const std::vector<double>* find(const std::string& metric, const std::string& brand,
                                                const std::string& generation = "all") const;
};

/// One CSV record's fields (RFC 4180 quoting, as csv_field writes them); false if a quote is
/// left open.
bool split_csv_record(std::string_view line, std::vector<std::string>& fields);

/// metrics.csv's text parsed; `file` names it in errors.
[[nodiscard]] MetricsTable parse_metrics_csv(std::string_view text, const std::string& file);
/// Reads and parses metrics.csv (InputError when missing, unreadable or malformed).
[[nodiscard]] MetricsTable read_metrics_csv(const std::filesystem::path& path);

struct ManifestIntervention {
  Step week = 0;
  std::string name;
  std::string kind;
};

/// What the report shows of manifest.json.
struct RunDescription {
  std::string scenario_name;
  std::string scenario_file;
  std::vector<std::string> overrides;
  std::uint64_t seed = 0;
  std::uint64_t steps = 0;
  std::uint64_t customers = 0;
  unsigned threads = 0;
  std::string murmur_version;
  std::string git_commit;
  std::string platform;  ///< "Linux 6.1 x86_64, <cpu>, <compiler>"
  std::string started_at_utc;
  std::vector<ManifestIntervention> interventions;
};

[[nodiscard]] RunDescription parse_run_manifest(std::string_view text, const std::string& file);
[[nodiscard]] RunDescription read_run_manifest(const std::filesystem::path& path);

}  // namespace murmur
