#pragma once
// Counting the word-of-mouth messages a customer hears: its neighbours' broadcasts of last
// week (customers.hpp), by brand and valence. Two counts give the same numbers: a packed one,
// one vector add per neighbour, for markets of at most 8 brands and rows of at most 255
// neighbours (the common case, counted in a tight pass of its own so that many neighbours'
// bytes are fetched at once), and a general histogram for any market and any row.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <span>

#include "agents/customers.hpp"
#include "agents/simd.hpp"

namespace murmur {

using simd::prefetch_line;

/// Fetches the broadcast of every neighbour in `neighbours` ahead of its count: a flat loop
/// over a stretch of the columns, so a later count finds the random neighbours' bytes in
/// cache rather than waiting on memory for each.
inline void prefetch_broadcasts(const Broadcast* heard,
                                std::span<const std::uint32_t> neighbours) noexcept {
  for (const std::uint32_t j : neighbours) prefetch_line(heard + j);
}

/// Messages heard this week, indexed by the broadcast byte (64 + b positive, 128 + b
/// negative); all zero between customers. One per block, reused by its customers.
using MessageHistogram = std::array<std::uint16_t, 256>;

/// Counts the neighbours' broadcasts into `histogram` (by broadcast byte) and returns the
/// brands mentioned: the general count, for any number of brands and any degree. Most
/// neighbours are silent and whether one spoke is unpredictable, so the loop neither
/// branches on it nor increments a slot per neighbour (a chain of increments of the silent
/// slot through memory): it compacts the spoken bytes into a small buffer, branch-free, and
/// counts only those.
inline std::uint64_t count_messages(const Broadcast* heard,
                                    std::span<const std::uint32_t> neighbours,
                                    MessageHistogram& histogram) noexcept {
  constexpr std::size_t kChunk = 64;  // a whole row for all but the hubs
  std::array<Broadcast, kChunk> spoken;
  std::uint64_t touched = 0;
  for (std::size_t start = 0; start < neighbours.size(); start += kChunk) {
    const std::size_t end = std::min(neighbours.size(), start + kChunk);
    unsigned n = 0;
    for (std::size_t e = start; e < end; ++e) {
      const Broadcast said = heard[neighbours[e]];
      spoken[n] = said;
      n += said != Broadcast::Silent;
    }
    for (unsigned k = 0; k < n; ++k) {
      ++histogram[broadcast_byte(spoken[k])];
      touched |= std::uint64_t{1} << broadcast_brand(spoken[k]);
    }
  }
  return touched;
}

/// Message counts of up to 8 brands in one 16-byte vector (GCC/Clang vector extension, an
/// SSE2 register on x86-64): lane b the positive messages about brand b, lane 8 + b the
/// negative ones. Counting a neighbour is one vector add of a table row, with no branch and
/// no store, where the general count compacts and then increments a histogram.
using PackedCounts = std::uint8_t __attribute__((vector_size(16)));
inline constexpr unsigned kPackedBrands = 8;
inline constexpr std::size_t kPackedMaxRow = 255;  ///< a lane holds up to 255 messages

/// kPackedIncrement[broadcast]: a one in the lane of that message, all zero for silence.
alignas(16) inline constexpr auto kPackedIncrement = [] {
  std::array<std::array<std::uint8_t, 16>, 256> table{};
  for (unsigned b = 0; b < kPackedBrands; ++b) {
    const auto brand = static_cast<BrandIndex>(b);
    table[broadcast_byte(make_broadcast(brand, Valence::Positive))][b] = 1;
    table[broadcast_byte(make_broadcast(brand, Valence::Negative))][kPackedBrands + b] = 1;
  }
  return table;
}();

/// Whether the packed count applies: at most 8 brands and a row of at most 255 neighbours.
[[nodiscard]] constexpr bool packable(unsigned brands, std::size_t row) noexcept {
  return brands <= kPackedBrands && row <= kPackedMaxRow;
}

/// The table row of one message, by its broadcast byte (broadcast_byte()).
[[nodiscard]] inline PackedCounts packed_increment(unsigned broadcast) noexcept {
  PackedCounts one;
  std::memcpy(&one, kPackedIncrement[broadcast].data(), sizeof one);
  return one;
}

/// The table row of one neighbour's message.
[[nodiscard]] inline PackedCounts packed_message(const Broadcast* heard,
                                                 std::uint32_t neighbour) noexcept {
  return packed_increment(broadcast_byte(heard[neighbour]));
}

/// Two neighbours per iteration into two sums; an odd row's last neighbour is added through
/// a mask (all ones or all zeros) rather than a branch on the row's parity, which would be a
/// coin flip for the predictor with every customer.
[[nodiscard]] inline PackedCounts count_messages_packed(
    const Broadcast* heard, std::span<const std::uint32_t> neighbours) noexcept {
  const std::size_t size = neighbours.size();
  if (size == 0) return PackedCounts{};
  PackedCounts even{}, odd{};
  for (std::size_t e = 0; e + 1 < size; e += 2) {
    even += packed_message(heard, neighbours[e]);
    odd += packed_message(heard, neighbours[e + 1]);
  }
  const auto last_unpaired = static_cast<std::uint8_t>(-static_cast<int>(size & 1u));
  return even + odd + (packed_message(heard, neighbours[size - 1]) & last_unpaired);
}

/// Bit b set when brand b has a positive or a negative message in `counts`.
[[nodiscard]] inline std::uint64_t mentioned_brands(PackedCounts counts) noexcept {
  // Bit k of `silent` is set when lane k is zero.
  const unsigned silent = simd::zero_byte_lanes(counts);
  const unsigned spoken = ~silent;
  return (spoken | (spoken >> kPackedBrands)) & 0xFFu;
}

}  // namespace murmur
