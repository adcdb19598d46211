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

/// An exclusive claim on a result directory (a run's or a batch's) for as long as it lives,
/// so that two processes never write one directory at once. The directory (and its parents)
/// is created if missing. The claim is an flock on "<directory>/.lock", which holds the
/// owner's pid; the kernel releases it when the process ends in any way (kill -9 included),
/// and the destructor removes the file.
/// Throws InputError (bad input: exit 2, short message) when the path cannot be a result
/// directory (a file, under a file, a device, not writable, too long) or when another
/// process holds the claim (naming its pid).
class OutputDirectory {
 public:
  explicit OutputDirectory(std::filesystem::path directory);
  ~OutputDirectory();
  OutputDirectory(const OutputDirectory&) = delete;
  OutputDirectory& operator=(const OutputDirectory&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return directory_; }

  static constexpr std::string_view kLockFileName = ".lock";

 private:
  std::filesystem::path directory_;
  std::filesystem::path lock_path_;
  int lock_fd_ = -1;
};

/// `name` (a scenario's or experiment's, as written in its file) made safe to be one file or
/// directory name: every character but ASCII letters, digits, '-', '_' and '.' becomes '_',
/// a leading '.' becomes '_' (so no "..", "." or hidden name), at most 64 characters, and
/// "unnamed" for an empty name. Default result paths are built only from such names, so they
/// stay inside results/; an explicit --out or --report is the only way to write elsewhere.
[[nodiscard]] std::string path_safe_name(std::string_view name);

/// A path as it may appear in a one-line message: long ones are cut in the middle.
[[nodiscard]] std::string path_for_message(const std::filesystem::path& path);

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
