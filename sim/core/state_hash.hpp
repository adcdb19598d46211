#pragma once
// FNV-1a, 64 bit: a stable hash of state and output bytes for determinism tests, manifests
// and checkpoints. Not cryptographic; it detects accidental differences, not tampering.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace murmur {

class StateHasher {
 public:
  void add_bytes(const void* data, std::size_t size) noexcept {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
      hash_ ^= bytes[i];
      hash_ *= 0x100000001b3ULL;
    }
  }
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void add(const T& value) noexcept {
    add_bytes(&value, sizeof(T));
  }
  void add(std::string_view text) noexcept { add_bytes(text.data(), text.size()); }

  [[nodiscard]] std::uint64_t value() const noexcept { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

[[nodiscard]] inline std::uint64_t hash_bytes(std::string_view text) noexcept {
  StateHasher hasher;
  hasher.add(text);
  return hasher.value();
}

}  // namespace murmur
