#pragma once
// Index and id types shared by the whole engine. Strong names, never a bare int.

#include <cstdint>

namespace murmur {

using CustomerIndex = std::uint32_t;   ///< 0..customers-1; 32 bits keep the CSR arrays small
using BrandIndex = std::uint8_t;       ///< 0..brands-1 (at most 64 brands: bitsets are u64)
using GenerationIndex = std::uint8_t;  ///< row of the generation profile table (0 = Customer 1.0)
using Step = std::uint32_t;            ///< simulated week, 0 = initial state
using Seed = std::uint64_t;

/// The largest seed a user may give or a batch writes: 2^53 - 1. R, Excel, pandas and
/// JavaScript read numbers as doubles, which hold every whole number up to 2^53 exactly and
/// round some above it, so a seed from runs.csv typed back into `murmur run --seed` would
/// repeat another run (issue 16.8).
inline constexpr Seed kMaxSeed = (Seed{1} << 53) - 1;

inline constexpr BrandIndex kNoBrand = 255;
inline constexpr unsigned kMaxBrands = 64;
inline constexpr unsigned kMaxGenerations = 16;

}  // namespace murmur
