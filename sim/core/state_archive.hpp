#pragma once
// A model's state as bytes, for checkpoints, dashboard snapshots and the state hash.
//
// A model lists its state once, in one member template `transfer(self, archive)` that calls
// `archive(field)` for each field; StateWriter appends the bytes, StateReader reads them back
// in the same order. Values are raw little-endian bytes of trivially copyable types; vectors
// are a 64-bit count and their elements; strings a count and their characters. The format is
// versioned by the checkpoint file around it (sim/io/checkpoint.hpp), not here.

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace murmur {

/// A state that cannot be read: truncated, or not of this model.
class StateFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where a writer's bytes go. Each sink has append() and take(): the bytes as a string, only
/// their count (to size a string before writing), or (StateHashSink, state_hash.hpp) a hash,
/// so the state hash never needs a copy of the state.
class StringSink {
 public:
  StringSink() = default;
  explicit StringSink(std::size_t expected_bytes) { bytes_.reserve(expected_bytes); }
  void append(const void* data, std::size_t size) {
    bytes_.append(static_cast<const char*>(data), size);
  }
  [[nodiscard]] const std::string& bytes() const noexcept { return bytes_; }
  [[nodiscard]] std::string take() noexcept { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class ByteCountSink {
 public:
  void append(const void* /*data*/, std::size_t size) noexcept { count_ += size; }
  [[nodiscard]] std::size_t take() const noexcept { return count_; }

 private:
  std::size_t count_ = 0;
};

template <class Sink>
class BasicStateWriter {
 public:
  BasicStateWriter() = default;
  explicit BasicStateWriter(Sink sink) : sink_(std::move(sink)) {}

  template <class T>
  requires std::is_trivially_copyable_v<T>
  void operator()(const T& value) { append(&value, sizeof(T)); }
  template <class T>
  void operator()(const std::vector<T>& values) {
    (*this)(static_cast<std::uint64_t>(values.size()));
    if constexpr (std::is_trivially_copyable_v<T>) {
      append(values.data(), values.size() * sizeof(T));
    } else {
      for (const T& value : values) (*this)(value);
    }
  }
  void operator()(const std::string& text) {
    (*this)(static_cast<std::uint64_t>(text.size()));
    append(text.data(), text.size());
  }
  /// A vector of structured elements: its count, then `fields(element, *this)` for each.
  template <class T, class Fields>
  void elements(std::vector<T>& values, std::uint64_t /*limit*/, Fields fields) {
    (*this)(static_cast<std::uint64_t>(values.size()));
    for (T& value : values) fields(value, *this);
  }

  /// The bytes so far (a StateWriter's; a member is only compiled for sinks that use it).
  [[nodiscard]] const std::string& bytes() const noexcept { return sink_.bytes(); }
  [[nodiscard]] auto take() { return sink_.take(); }

 private:
  void append(const void* data, std::size_t size) {
    if (size != 0) sink_.append(data, size);  // an empty vector's data() may be null
  }
  Sink sink_;
};

/// Appends the state's bytes to a string.
using StateWriter = BasicStateWriter<StringSink>;

/// The bytes `write(writer)` produces, in a string allocated once at its exact size: a first
/// pass only counts them. A doubling string would hold up to twice the state while growing.
template <class Write>
[[nodiscard]] std::string write_state_exactly(Write write) {
  BasicStateWriter<ByteCountSink> counter;
  write(counter);
  StateWriter out(StringSink(counter.take()));
  write(out);
  return out.take();
}

class StateReader {
 public:
  explicit StateReader(std::string_view bytes) : bytes_(bytes) {}

  template <class T>
  requires std::is_trivially_copyable_v<T>
  void operator()(T& value) { take(&value, sizeof(T)); }
  template <class T>
  void operator()(std::vector<T>& values) {
    const std::uint64_t count = read_count(std::is_trivially_copyable_v<T> ? sizeof(T) : 1);
    values.resize(count);
    if constexpr (std::is_trivially_copyable_v<T>) {
      take(values.data(), count * sizeof(T));
    } else {
      for (T& value : values) (*this)(value);
    }
  }
  void operator()(std::string& text) {
    text.resize(read_count(1));
    take(text.data(), text.size());
  }
  /// A vector of structured elements (see StateWriter::elements); a count above `limit` is
  /// refused, so a corrupted count cannot make the reader allocate without bound.
  template <class T, class Fields>
  void elements(std::vector<T>& values, std::uint64_t limit, Fields fields) {
    const std::uint64_t count = read_count(1);
    if (count > limit)
      throw StateFormatError("the state holds " + std::to_string(count) +
                             " entries where at most " + std::to_string(limit) + " make sense");
    values.resize(count);
    for (T& value : values) fields(value, *this);
  }

  /// Throws unless every byte was read: a longer state belongs to another model or version.
  void expect_end() const {
    if (offset_ != bytes_.size())
      throw StateFormatError("the state has " + std::to_string(bytes_.size() - offset_) +
                             " bytes more than this model reads");
  }

 private:
  /// A count whose elements (at least `element_bytes` each) must fit in what is left.
  std::uint64_t read_count(std::size_t element_bytes) {
    std::uint64_t count = 0;
    take(&count, sizeof count);
    if (count > (bytes_.size() - offset_) / element_bytes)
      throw StateFormatError("the state is truncated");
    return count;
  }
  void take(void* out, std::size_t size) {
    if (size > bytes_.size() - offset_) throw StateFormatError("the state is truncated");
    if (size == 0) return;  // memcpy must not see the null data() of an empty vector
    std::memcpy(out, bytes_.data() + offset_, size);
    offset_ += size;
  }

  std::string_view bytes_;
  std::size_t offset_ = 0;
};

}  // namespace murmur
