#pragma once
// Checkpoints of a run (`murmur run --checkpoint-every N`, `--resume DIR`) and the dashboard's
// market snapshots: one versioned, checksummed file holding everything needed to continue
// bit for bit: the resolved scenario, a fingerprint of the graph (rebuilt on resume, never
// stored), the model's state (whose step is the random streams' position), and the metrics
// recorded so far.
//
// File layout: the magic line "MURMUR CHECKPOINT\n", a 32-bit format version, the payload
// (sim/core/state_archive.hpp encoding), and a 64-bit XXH3 checksum of everything before it.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/types.hpp"
#include "sim/model/metrics.hpp"

namespace murmur {

// Format 2: the checksum and the graph fingerprint became XXH3 (format 1: FNV-1a). A format-1
// file is refused by its version, with a message that names both, not reported as corrupted.
inline constexpr std::uint32_t kCheckpointFormat = 2;
inline constexpr const char* kCheckpointFileName = "checkpoint.murmur";

struct Checkpoint {
  std::string murmur_version;  ///< the build that wrote it (reported, not enforced)
  std::string scenario_json;   ///< the resolved scenario (loads as YAML)
  std::string scenario_path;   ///< the original file, absolute: resolves a relative edge list
  std::uint64_t graph_fingerprint = 0;
  std::uint64_t customers = 0;
  Step step = 0;                       ///< the model's current step
  std::vector<MetricsFrame> frames;    ///< every frame recorded so far (the run's metrics.csv)
  std::string model_state;             ///< Model::save_state()
  std::vector<std::string> overrides;  ///< the --set values of the original run (manifest)
  std::string scenario_text;           ///< the original YAML text (its hash goes in the manifest)
  std::filesystem::path file;          ///< where it was read from (not stored), for messages
};

/// Writes the checkpoint atomically (temporary file, then rename): a crash mid-write leaves
/// the previous checkpoint. Throws OutputError when the disk refuses.
void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint);

/// Reads and verifies a checkpoint. Throws InputError naming the file and what is wrong:
/// missing, not a checkpoint, another format version, truncated, or corrupted (checksum).
[[nodiscard]] Checkpoint read_checkpoint(const std::filesystem::path& path);

/// The checkpoint as the bytes write_checkpoint stores (the Python module's Simulation.save).
[[nodiscard]] std::string encode_checkpoint(const Checkpoint& checkpoint);
/// Verifies and reads bytes encode_checkpoint made; `path` names them in messages (and goes
/// into Checkpoint::file). Throws InputError as read_checkpoint does.
[[nodiscard]] Checkpoint decode_checkpoint(std::string_view bytes,
                                           const std::filesystem::path& path);

}  // namespace murmur
