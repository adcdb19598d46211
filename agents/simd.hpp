#pragma once
// Every x86 intrinsic of the weekly step, each beside its portable fallback: the one place
// where the step's SIMD choices live. The step builds for the x86-64 baseline (no -march, see
// cmake/MurmurTargets.cmake), so SSE2 is all there is; each choice below was measured
// (bench/README.md) against what GCC made of the plain code, and each has an exhaustive or
// bit-exact test against that plain code (tests/agents/test_market_mechanisms.cpp). Both paths give
// the same bits, so outputs do not depend on which one a build takes.

#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#include <xmmintrin.h>
#endif

namespace murmur::simd {

/// max(x, 0), as std::max(0.0, x) (NaN and −0 give +0): one MAXSD where GCC compiled
/// std::max to a compare and a jump that the data mispredicts.
[[nodiscard]] inline double positive_part(double x) noexcept {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(x), _mm_setzero_pd()));
#else
  return x > 0.0 ? x : 0.0;
#endif
}

/// A hint to fetch the cache line at `address`. An intrinsic rather than __builtin_prefetch,
/// which GCC 12 drops from a loop that does nothing else once it is inlined.
inline void prefetch_line(const void* address) noexcept {
#if defined(__SSE2__)
  _mm_prefetch(static_cast<const char*>(address), _MM_HINT_T0);
#else
  __builtin_prefetch(address);
#endif
}

/// Bit k set when byte k of a 16-byte vector is zero: one compare and a movemask. The
/// memcpy moves the vector between types in its register (GCC emits no copy).
template <class Bytes16>
requires(sizeof(Bytes16) == 16)
    [[nodiscard]] inline unsigned zero_byte_lanes(Bytes16 lanes) noexcept {
#if defined(__SSE2__)
  __m128i bytes;
  std::memcpy(&bytes, &lanes, sizeof bytes);
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_setzero_si128())));
#else
  unsigned char bytes[16];
  std::memcpy(bytes, &lanes, sizeof bytes);
  unsigned zero = 0;
  for (unsigned k = 0; k < 16; ++k) zero |= static_cast<unsigned>(bytes[k] == 0) << k;
  return zero;
#endif
}

/// The Q0.16 decay of Q4.12 values, a·factor/65536 rounded half away from zero, over the
/// longest prefix of `values` that fills 16-byte lanes; returns how many it did (0 without
/// SSE2). The caller finishes the rest with the scalar rule (decay_attitude, customers.hpp).
/// Eight at once in 16-bit lanes: GCC's own vectorisation widens to 32 bits and emulates the
/// multiply, five instructions a value where this takes about one and a half.
inline std::size_t decay_q12_lanes(std::int16_t* values, std::size_t count,
                                   std::int32_t factor) noexcept {
  std::size_t k = 0;
#if defined(__SSE2__)
  // The product p = a·factor is hi·65536 + lo (lo unsigned), and the rounding
  // (p + 32768 − [p < 0]) >> 16 is hi + [lo ≥ 32768 + [a < 0]]. PMULHW is signed, so a
  // factor of 32768 or more is taken as f − 65536, and a·65536 added back to the high half.
  const bool high_factor = factor >= 32768;
  const __m128i f = _mm_set1_epi16(static_cast<std::int16_t>(factor - (high_factor ? 65536 : 0)));
  const __m128i add_back = _mm_set1_epi16(high_factor ? -1 : 0);
  const __m128i sign_bit = _mm_set1_epi16(INT16_MIN);
  const __m128i all_ones = _mm_set1_epi16(-1);
  for (; k + 8 <= count; k += 8) {
    auto* lanes = reinterpret_cast<__m128i*>(values + k);
    const __m128i a = _mm_loadu_si128(lanes);
    const __m128i hi = _mm_add_epi16(_mm_mulhi_epi16(a, f), _mm_and_si128(a, add_back));
    const __m128i lo_biased = _mm_xor_si128(_mm_mullo_epi16(a, f), sign_bit);  // lo − 32768
    const __m128i threshold = _mm_xor_si128(_mm_srai_epi16(a, 15), all_ones);  // [a < 0] − 1
    const __m128i round_up = _mm_cmpgt_epi16(lo_biased, threshold);  // −1 where it adds one
    _mm_storeu_si128(lanes, _mm_sub_epi16(hi, round_up));
  }
#else
  (void)values;
  (void)count;
  (void)factor;
#endif
  return k;
}

}  // namespace murmur::simd
