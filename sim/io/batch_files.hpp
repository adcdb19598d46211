#pragma once
// The files of a batch directory (sim/run/batch.hpp runs the batch): plan.json, one record per
// finished run, manifest.json. JSON, so this lives in sim/io with the other file formats.

#include <cstddef>
#include <filesystem>
#include <stdexcept>
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

/// A run record that cannot be trusted: not JSON, a checksum that does not match, an index
/// outside its table, another experiment's record. The batch reports it and re-runs the run.
class DamagedRunRecord : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Serialises a run record (JSON; doubles round-trip exactly) with the hash of the experiment
/// it belongs to and a checksum of the whole, and reads it back. decode_run_record checks
/// the checksum, every field's type and every index against its table, and throws
/// DamagedRunRecord (never anything else) for any text that is not such a record.
[[nodiscard]] std::string encode_run_record(const RunRecord& record,
                                            const std::string& experiment_hash);
[[nodiscard]] RunRecord decode_run_record(const std::string& text,
                                          const std::string& experiment_hash);

/// The record of `expected` in a batch of experiment `experiment_hash`: decode_run_record,
/// then the run, point, replicate and seed must be the planned ones.
[[nodiscard]] RunRecord read_run_record(const std::string& text, const PlannedRun& expected,
                                        const std::string& experiment_hash);

/// What identifies an experiment's batch, whatever path it was read by: the experiment's
/// text, its base scenario's text, the master seed, replicates and points (XXH3, hex).
[[nodiscard]] std::string batch_experiment_hash(const ExperimentSpec& spec,
                                                const std::string& experiment_text,
                                                const std::vector<ParameterPoint>& points,
                                                std::size_t runs);

/// Writes directory/plan.json, or checks that the one there describes this same experiment
/// (its text, its scenario's text, seeds and points): a directory holds one experiment.
/// Throws InputError naming plan.json when it does not.
void write_or_check_batch_plan(const std::filesystem::path& directory, const ExperimentSpec& spec,
                               const std::string& experiment_text,
                               const std::vector<ParameterPoint>& points, std::size_t runs);

/// Writes the batch's manifest.json: what reproduces every run elsewhere (the base scenario,
/// normalised, with its hash, the `set:` overrides and the resolved parameters; the master
/// seed, the rule that derives each replicate's seed and those seeds; `threads` per process
/// of the command that finished the batch; the platform). It holds no timings, so a resumed
/// batch ends byte-identical to an uninterrupted one on the same machine and thread count.
void write_batch_manifest(const std::filesystem::path& path, const ExperimentSpec& spec,
                          const std::string& experiment_text, std::size_t points, std::size_t runs,
                          unsigned threads);

}  // namespace murmur
