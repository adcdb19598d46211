#include "sim/io/output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "sim/core/error.hpp"

namespace murmur {

namespace {
// NA and Inf read back as missing and infinite values in both pandas and R.
void format_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NA";
  } else if (std::isinf(value)) {
    out += value > 0 ? "Inf" : "-Inf";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", value);
  }
}

[[noreturn]] void fail(const std::filesystem::path& path, std::string_view what) {
  throw OutputError(fmt::format("cannot {} '{}': {}", what, path.string(), std::strerror(errno)));
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path path)
    : path_(std::move(path)), temporary_path_(path_.string() + ".tmp") {
  file_ = std::fopen(temporary_path_.c_str(), "wb");
  if (file_ == nullptr) fail(temporary_path_, "create");
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::error_code ignored;
    std::filesystem::remove(temporary_path_, ignored);
  }
}

void AtomicFile::write(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
    fail(temporary_path_, "write");
}

void AtomicFile::commit() {
  if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) fail(temporary_path_, "write");
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0) {
    std::filesystem::remove(temporary_path_);
    fail(temporary_path_, "close");
  }
  std::error_code error;
  std::filesystem::rename(temporary_path_, path_, error);
  if (error) {
    std::filesystem::remove(temporary_path_);
    throw OutputError(fmt::format("cannot rename '{}' to '{}': {}", temporary_path_.string(),
                                  path_.string(), error.message()));
  }
}

std::string path_for_message(const std::filesystem::path& path) {
  constexpr std::size_t kShown = 100;
  const std::string text = path.string();
  if (text.size() <= kShown) return text;
  return fmt::format("{}...{} ({} characters)", text.substr(0, kShown / 2),
                     text.substr(text.size() - kShown / 2), text.size());
}

std::string path_safe_name(std::string_view name) {
  constexpr std::size_t kMaxLength = 64;
  std::string safe;
  for (const char c : name.substr(0, kMaxLength)) {
    const bool kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || (c == '.' && !safe.empty());
    safe += kept ? c : '_';
  }
  return safe.empty() ? "unnamed" : safe;
}

namespace {

[[noreturn]] void refuse_directory(const std::filesystem::path& directory, std::string message) {
  throw InputError(InputIssue{path_for_message(directory), 0, 0, "", std::move(message), ""});
}

/// Creates the directory (and its parents) or says in a few words why it cannot be one.
void create_result_directory(const std::filesystem::path& directory) {
  std::error_code error;
  const auto status = std::filesystem::status(directory, error);
  if (std::filesystem::exists(status) && !std::filesystem::is_directory(status))
    refuse_directory(directory,
                     "exists and is not a directory (expected a directory for the results)");
  std::filesystem::create_directories(directory, error);
  if (error)
    refuse_directory(directory,
                     fmt::format("cannot create the result directory: {}", error.message()));
}

/// The pid written in a lock file by its holder; "unknown" while it has not written it yet.
std::string lock_holder(int fd) {
  char text[32] = {};
  const ssize_t length = ::pread(fd, text, sizeof text - 1, 0);
  std::string pid(text, length > 0 ? static_cast<std::size_t>(length) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

bool same_file(int fd, const std::filesystem::path& path) {
  struct stat opened {};
  struct stat named {};
  return ::fstat(fd, &opened) == 0 && ::stat(path.c_str(), &named) == 0 &&
         opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

}  // namespace

OutputDirectory::OutputDirectory(std::filesystem::path directory)
    : directory_(std::move(directory)), lock_path_(directory_ / kLockFileName) {
  create_result_directory(directory_);
  for (;;) {
    lock_fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0)
      refuse_directory(directory_,
                       fmt::format("cannot write in this directory: {}", std::strerror(errno)));
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string holder = lock_holder(lock_fd_);
      ::close(lock_fd_);
      lock_fd_ = -1;
      if (error == EWOULDBLOCK)
        refuse_directory(directory_,
                         fmt::format("another murmur process (pid {}) is writing this directory; "
                                     "wait for it to finish or choose another --out",
                                     holder));
      refuse_directory(directory_,
                       fmt::format("cannot lock this directory: {}", std::strerror(error)));
    }
    // The previous holder removes the file when it finishes; if it did so between our open
    // and our flock, we hold a file nobody else can see: open the new one instead.
    if (same_file(lock_fd_, lock_path_)) break;
    ::close(lock_fd_);
  }
  // The pid is only for the message a second writer gets; the lock holds without it.
  const std::string pid = fmt::format("{}\n", ::getpid());
  const bool pid_written =
      ::ftruncate(lock_fd_, 0) == 0 &&
      ::pwrite(lock_fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  static_cast<void>(pid_written);
}

OutputDirectory::~OutputDirectory() {
  if (lock_fd_ < 0) return;
  ::unlink(lock_path_.c_str());  // while still locked: see the constructor's loop
  ::close(lock_fd_);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  AtomicFile file(path);
  file.write(text);
  file.commit();
}

std::string read_file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

namespace {
std::string format_now(const char* format, bool utc) {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  if (utc)
    gmtime_r(&now, &parts);
  else
    localtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, format, &parts);
  return text;
}
}  // namespace

std::string utc_timestamp() { return format_now("%Y-%m-%dT%H:%M:%SZ", true); }
std::string local_timestamp_for_names() { return format_now("%Y%m%d-%H%M%S", false); }

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

CsvMetricsWriter::CsvMetricsWriter(std::filesystem::path path, MetricsSchema schema)
    : file_(std::move(path)), schema_(std::move(schema)) {
  file_.write(kHeader);
}

void CsvMetricsWriter::write(const MetricsFrame& frame) {
  auto label = [](const std::vector<std::string>& labels, std::uint16_t index) {
    return index == kAllLabel ? std::string("all") : csv_field(labels.at(index));
  };
  buffer_.clear();
  for (const MetricValue& v : frame.values) {
    fmt::format_to(std::back_inserter(buffer_), "{},{},{},{},", frame.step,
                   label(schema_.brand_labels, v.brand),
                   label(schema_.generation_labels, v.generation),
                   schema_.metric_names.at(v.metric));
    format_number(buffer_, v.value);
    buffer_ += '\n';
  }
  file_.write(buffer_);
}

}  // namespace murmur
