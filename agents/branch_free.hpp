#pragma once
// Arithmetic of the hot loops without libcalls or branches the data would mispredict. The
// step builds for the x86-64 baseline (no -march; cmake/MurmurTargets.cmake), where GCC calls
// libgcc for std::popcount; positive_part's MAXSD is in agents/simd.hpp.

#include <array>
#include <cstdint>

#include "agents/simd.hpp"

namespace murmur {

using simd::positive_part;

/// Bits set in each byte value.
inline constexpr auto kByteBitCounts = [] {
  std::array<std::uint8_t, 256> counts{};
  for (unsigned v = 1; v < 256; ++v)
    counts[v] = static_cast<std::uint8_t>(counts[v / 2] + (v & 1u));
  return counts;
}();

/// Bits set in x. std::popcount compiles to a libgcc call on baseline x86-64 (no -march, see
/// cmake/MurmurTargets.cmake); this count stays inline: one lookup for a set of up to 8
/// brands (a branch that goes the same way for a whole market), else a SWAR count.
[[nodiscard]] constexpr unsigned bit_count(std::uint64_t x) noexcept {
  if (x < kByteBitCounts.size()) return kByteBitCounts[x];
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<unsigned>((x * 0x0101010101010101ull) >> 56);
}
static_assert(bit_count(0) == 0 && bit_count(0xB5) == 5 && bit_count(0xFF) == 8 &&
              bit_count(0x100) == 1 && bit_count(0xF0F0ull) == 8 && bit_count(~0ull) == 64);

}  // namespace murmur
