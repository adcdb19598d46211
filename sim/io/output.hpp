#pragma once
// Result files. Everything is written under "<name>.tmp" and renamed into place only when
// complete (rename is atomic within a file system), so an interrupted or failed run never
// leaves a file that looks whole. A write error (e.g. a full disk) throws OutputError and
// leaves earlier files untouched.

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/model/metrics.hpp"

namespace murmur {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A file written to "<path>.tmp" and renamed to <path> by commit(). If destroyed without
/// commit() (an exception, an early return) the temporary file is removed.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view text);
  /// Flushes, syncs to disk and renames into place. Throws OutputError on failure.
  void commit();

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path temporary_path_;
  std::FILE* file_ = nullptr;
};

/// Writes metrics in tidy long form: step,brand,generation,metric,value. Numbers use the
/// shortest representation that reads back to the same double (fmt's default).
class CsvMetricsWriter {
 public:
  CsvMetricsWriter(std::filesystem::path path, MetricsSchema schema);

  void write(const MetricsFrame& frame);
  void commit() { file_.commit(); }

  static constexpr std::string_view kHeader = "step,brand,generation,metric,value\n";

 private:
  AtomicFile file_;
  MetricsSchema schema_;
  std::string buffer_;
};

/// Writes text to path through AtomicFile.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

/// The whole file as bytes; "" if it cannot be read (callers that must fail check first).
[[nodiscard]] std::string read_file_text(const std::filesystem::path& path);

/// Now as "2026-11-22T10:15:00Z" (manifests) or, in local time, "20261122-101500" (directory
/// names).
[[nodiscard]] std::string utc_timestamp();
[[nodiscard]] std::string local_timestamp_for_names();

/// A CSV field, quoted only when it contains a comma, quote or line break (RFC 4180).
[[nodiscard]] std::string csv_field(std::string_view text);

}  // namespace murmur
