#include "sim/io/output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

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
