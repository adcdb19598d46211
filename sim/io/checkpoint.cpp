#include "sim/io/checkpoint.hpp"

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/state_archive.hpp"
#include "sim/core/state_hash.hpp"
#include "sim/io/output.hpp"

namespace murmur {

namespace {

constexpr std::string_view kMagic = "MURMUR CHECKPOINT\n";

/// Frames field by field: MetricValue has padding, and a file must not carry stray bytes.
template <class Archive>
void transfer_frames(std::vector<MetricsFrame>& frames, Archive& archive) {
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 32;
  archive.elements(frames, kLimit, [](MetricsFrame& frame, Archive& a) {
    a(frame.step);
    a.elements(frame.values, kLimit, [](MetricValue& v, Archive& b) {
      b(v.metric);
      b(v.brand);
      b(v.generation);
      b(v.value);
    });
  });
}

template <class Archive>
void transfer_checkpoint(Checkpoint& c, Archive& archive) {
  archive(c.murmur_version);
  archive(c.scenario_json);
  archive(c.scenario_path);
  archive(c.graph_fingerprint);
  archive(c.customers);
  archive(c.step);
  archive(c.overrides);
  archive(c.scenario_text);
  transfer_frames(c.frames, archive);
  archive(c.model_state);
}

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& message) {
  throw InputError(InputIssue{path.string(), 0, 0, "", message, ""});
}

}  // namespace

std::string encode_checkpoint(const Checkpoint& checkpoint) {
  StateWriter payload;
  transfer_checkpoint(const_cast<Checkpoint&>(checkpoint), payload);  // a writer only reads
  std::string bytes(kMagic);
  StateWriter header;
  header(kCheckpointFormat);
  bytes += header.bytes();
  bytes += payload.bytes();
  StateWriter trailer;
  trailer(hash_bytes(bytes));
  bytes += trailer.bytes();
  return bytes;
}

void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint) {
  write_file_atomically(path, encode_checkpoint(checkpoint));
}

Checkpoint read_checkpoint(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    refuse(path, "no checkpoint here (murmur run --checkpoint-every N writes one)");
  return decode_checkpoint(read_file_text(path), path);
}

Checkpoint decode_checkpoint(std::string_view bytes, const std::filesystem::path& path) {
  if (!bytes.starts_with(kMagic))
    refuse(path, "not a Murmur checkpoint (it does not start with the checkpoint header)");
  constexpr std::size_t kFixed = kMagic.size() + sizeof(std::uint32_t) + sizeof(std::uint64_t);
  if (bytes.size() < kFixed) refuse(path, "the checkpoint is truncated");
  std::uint32_t format = 0;
  StateReader(bytes.substr(kMagic.size(), sizeof format))(format);
  if (format != kCheckpointFormat)
    refuse(path, fmt::format(
                     "checkpoint format {} is not the one this murmur reads ({}); resume with the "
                     "murmur that wrote it",
                     format, kCheckpointFormat));
  const std::string_view body = bytes.substr(0, bytes.size() - sizeof(std::uint64_t));
  std::uint64_t stored = 0;
  StateReader(bytes.substr(body.size()))(stored);
  if (stored != hash_bytes(body))
    refuse(path,
           "the checkpoint is corrupted or truncated (its checksum does not match its contents)");
  Checkpoint checkpoint;
  try {
    StateReader payload(body.substr(kMagic.size() + sizeof format));
    transfer_checkpoint(checkpoint, payload);
    payload.expect_end();
  } catch (const StateFormatError& e) {
    refuse(path, std::string("the checkpoint cannot be read: ") + e.what());
  }
  checkpoint.file = path;
  return checkpoint;
}

}  // namespace murmur
