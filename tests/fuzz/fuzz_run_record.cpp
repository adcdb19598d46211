// libFuzzer target: any bytes as a batch run record (runs/run-NNNNNN.json). Every input must
// either decode to a record whose every index lies within its table or throw DamagedRunRecord
// (what the batch reports before re-running the run): no crash, hang, leak or other exception.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/state_hash.hpp"
#include "sim/io/batch_files.hpp"

namespace {

constexpr const char* kExperimentHash = "0123456789abcdef";

bool within(std::uint16_t index, std::size_t table_size) {
  return index == murmur::kAllLabel || index < table_size;
}

void check_record(const murmur::RunRecord& record) {
  const murmur::MetricsSchema& schema = record.schema;
  for (const murmur::MetricsFrame& frame : record.frames) {
    for (const murmur::MetricValue& value : frame.values) {
      if (value.metric >= schema.metric_names.size() ||
          !within(value.brand, schema.brand_labels.size()) ||
          !within(value.generation, schema.generation_labels.size()))
        std::abort();
    }
  }
}

void decode(const std::string& text, const std::string& experiment_hash) {
  try {
    const murmur::RunRecord record = murmur::decode_run_record(text, experiment_hash);
    check_record(record);
    // The planned run itself is accepted; any other is refused as damaged.
    (void)murmur::read_run_record(text, record.run, experiment_hash);
  } catch (const murmur::DamagedRunRecord&) {
  }
}

/// `text` with its checksum made to match (as encode_run_record computes it), so that the
/// mutations of a real record reach the field checks behind the checksum; nothing when `text`
/// is not a JSON object. Parsing keeps at most a few levels: the fuzzer's own dump must not
/// recurse without bound.
std::optional<std::pair<std::string, std::string>> resealed(const std::string& text) {
  using nlohmann::json;
  const json::parser_callback_t shallow = [](int depth, json::parse_event_t, json&) {
    return depth <= 16;
  };
  json record = json::parse(text, shallow, /*allow_exceptions=*/false);
  if (!record.is_object()) return std::nullopt;
  record.erase("checksum_xxh3_64");
  const json& hash = record.contains("experiment_hash") ? record["experiment_hash"] : json();
  const std::string experiment_hash = hash.is_string() ? hash.get<std::string>() : kExperimentHash;
  record["checksum_xxh3_64"] = fmt::format("{:016x}", murmur::hash_bytes(record.dump()));
  return std::pair{record.dump(), experiment_hash};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  decode(text, kExperimentHash);
  if (const auto sealed = resealed(text)) decode(sealed->first, sealed->second);
  return 0;
}
