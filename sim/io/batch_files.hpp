#pragma once
// The files of a batch directory (sim/run/batch.hpp runs the batch): plan.json, one record per
// finished run, manifest.json. JSON, so this lives in sim/io with the other file formats.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/io/experiment.hpp"
#include "sim/model/metrics.hpp"

namespace murmur {

/// The kept values of one finished run.
struct RunRecord {
  PlannedRun run;
  MetricsSchema schema;
  std::vector<MetricsFrame> frames;
};

/// Serialises a run record (JSON; doubles round-trip exactly) and reads it back.
[[nodiscard]] std::string encode_run_record(const RunRecord& record);
[[nodiscard]] RunRecord decode_run_record(const std::string& text);

/// Writes directory/plan.json, or checks that the one there describes this same experiment
/// (its text, its scenario's text, seeds and points): a directory holds one experiment.
/// Throws InputError naming plan.json when it does not.
void write_or_check_batch_plan(const std::filesystem::path& directory, const ExperimentSpec& spec,
                               const std::string& experiment_text,
                               const std::vector<ParameterPoint>& points, std::size_t runs);

/// Writes the batch's manifest.json. It holds no timings, so a resumed batch ends
/// byte-identical to an uninterrupted one.
void write_batch_manifest(const std::filesystem::path& path, const ExperimentSpec& spec,
                          const std::string& experiment_text, std::size_t points, std::size_t runs);

}  // namespace murmur
