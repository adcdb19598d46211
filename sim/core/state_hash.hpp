#pragma once
// XXH3, 64 bit (xxHash, seed 0): a stable hash of state and output bytes for determinism
// tests, manifests and checkpoints. Not cryptographic; it detects accidental differences, not
// tampering. Like the bytes it is given, the value depends on the machine's byte order.

#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>

namespace murmur {

/// Hashes bytes handed over in pieces: the value is that of hash_bytes() over the pieces
/// concatenated, however they were split.
class StateHasher {
 public:
  StateHasher() : state_(new_state()) { XXH3_64bits_reset(state_.get()); }
  StateHasher(const StateHasher& other) : state_(new_state()) {
    XXH3_copyState(state_.get(), other.state_.get());
  }
  StateHasher& operator=(const StateHasher& other) {
    if (this != &other) XXH3_copyState(state_.get(), other.state_.get());
    return *this;
  }
  // No move operations: a move copies, so no hasher is ever left without a state.
  ~StateHasher() = default;

  void add_bytes(const void* data, std::size_t size) noexcept {
    XXH3_64bits_update(state_.get(), data, size);
  }
  template <class T>
  requires std::is_trivially_copyable_v<T>
  void add(const T& value) noexcept { add_bytes(&value, sizeof(T)); }
  void add(std::string_view text) noexcept { add_bytes(text.data(), text.size()); }

  [[nodiscard]] std::uint64_t value() const noexcept { return XXH3_64bits_digest(state_.get()); }

 private:
  struct FreeState {
    void operator()(XXH3_state_t* state) const noexcept { XXH3_freeState(state); }
  };

  // The streaming state lives on the heap through xxHash's own allocator: its layout is
  // public only under XXH_STATIC_LINKING_ONLY, which xxHash reserves for static linking, and
  // the core links the shared libxxhash. One allocation per hasher; hash_bytes needs none.
  static std::unique_ptr<XXH3_state_t, FreeState> new_state() {
    XXH3_state_t* state = XXH3_createState();
    if (state == nullptr) throw std::bad_alloc();
    return std::unique_ptr<XXH3_state_t, FreeState>(state);
  }

  std::unique_ptr<XXH3_state_t, FreeState> state_;
};

/// A state writer's sink (BasicStateWriter, sim/core/state_archive.hpp) that hashes the bytes
/// as they come: the value equals hash_bytes() of what a StateWriter would have written.
class StateHashSink {
 public:
  void append(const void* data, std::size_t size) noexcept { hasher_.add_bytes(data, size); }
  [[nodiscard]] std::uint64_t take() const noexcept { return hasher_.value(); }

 private:
  StateHasher hasher_;
};

[[nodiscard]] inline std::uint64_t hash_bytes(std::string_view text) noexcept {
  return XXH3_64bits(text.data(), text.size());
}

}  // namespace murmur
