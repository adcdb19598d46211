#pragma once
// Customer state of the market model (docs/model.md §2) as a structure of arrays: one array per
// field, indexed by CustomerIndex, so each phase streams only the bytes it reads and the
// word-of-mouth edge loop touches nothing but the 1-byte broadcast array.
//
// bytes per customer: 40 (+2 per brand)
//   gen 1, brand 1, flags 1, broadcast 2 (double buffer), tenure 2, habit 2, cell 4,
//   sat 4, expect 4, aware 8, shares 8, memo 1, referral_brand 1, left_brand 1, attitude 2
//   per brand. 5 brands: 50 B; 16 brands: 72 B.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "agents/attribution.hpp"
#include "agents/simd.hpp"
#include "sim/core/types.hpp"

namespace murmur {

// ---- fixed point (round to nearest, saturating) -------------------------------------------

/// Attitude a_ib in Q4.12: 1/4096 of a point, range ±8 points. With weekly decay 0.98 a
/// value sticks only below 25/4096 = 0.006 points (docs/model.md §2).
using Attitude = std::int16_t;
inline constexpr double kAttitudeScale = 4096.0;

[[nodiscard]] inline Attitude to_attitude(double points) noexcept {
  // Round half away from zero by hand: std::nearbyint is a libm call on baseline x86-64
  // (~4 ns), and attitudes are rounded several times per customer-week. copysign rather
  // than a test of the sign, which the compiler made a branch that the data mispredicts.
  const double scaled = std::clamp(points * kAttitudeScale, -32768.0, 32767.0);
  return static_cast<Attitude>(scaled + std::copysign(0.5, scaled));
}
[[nodiscard]] inline double from_attitude(Attitude a) noexcept {
  return static_cast<double>(a) / kAttitudeScale;
}

/// Weekly decay factor (1 − δ_a) in Q0.16, for decay_attitude().
[[nodiscard]] inline std::int32_t attitude_decay_factor(double decay_per_week) noexcept {
  return static_cast<std::int32_t>(std::clamp(1.0 - decay_per_week, 0.0, 1.0) * 65536.0 + 0.5);
}
/// a·factor/65536 rounded half away from zero, in integers. With δ_a = 0.02 (factor 64225)
/// a value sticks only below 25 units = 0.006 points (docs/model.md §2). Branch-free: for a
/// negative product p, floor((p + 32767)/65536) = −floor((−p + 32768)/65536), the rounding
/// away from zero (tested against the plain formula for every attitude).
[[nodiscard]] constexpr Attitude decay_attitude(Attitude a, std::int32_t factor) noexcept {
  const std::int32_t product = static_cast<std::int32_t>(a) * factor;
  return static_cast<Attitude>((product + 32768 - static_cast<std::int32_t>(product < 0)) >> 16);
}

/// decay_attitude over a run of attitudes, so the market decays many customers' rows in one
/// pass rather than one short row at a time (in SIMD lanes where the build has them).
inline void decay_attitudes(std::span<Attitude> attitudes, std::int32_t factor) noexcept {
  std::size_t k = simd::decay_q12_lanes(attitudes.data(), attitudes.size(), factor);
  for (; k < attitudes.size(); ++k) attitudes[k] = decay_attitude(attitudes[k], factor);
}

/// Habituation H in Q0.16: H ∈ [0, 1), 1 saturates at 65535/65536.
[[nodiscard]] inline std::uint16_t to_habit(double h) noexcept {
  return static_cast<std::uint16_t>(std::clamp(h * 65536.0 + 0.5, 0.0, 65535.0));
}
[[nodiscard]] inline double from_habit(std::uint16_t h) noexcept {
  return static_cast<double>(h) / 65536.0;
}

// ---- broadcast: what a customer said last week, the only thing neighbours read -----------

/// 6 bits brand + 2 bits valence; Silent (0) when the customer said nothing, so a zeroed
/// buffer means "nobody spoke". An enum rather than a byte type: a store through a byte type
/// may alias any object, so after the step's stores to its own slot the compiler would reload
/// every array pointer and context field it had in registers.
enum class Broadcast : std::uint8_t { Silent = 0 };
enum class Valence : std::uint8_t { None = 0, Positive = 1, Negative = 2 };
static_assert(sizeof(Broadcast) == 1, "the edge loop streams one byte per neighbour");
static_assert(kMaxBrands <= 64, "a broadcast holds the brand in 6 bits");

[[nodiscard]] constexpr Broadcast make_broadcast(BrandIndex brand, Valence valence) noexcept {
  return static_cast<Broadcast>((static_cast<unsigned>(valence) << 6) | (brand & 0x3Fu));
}
/// The broadcast's byte, 0–255 (a table index).
[[nodiscard]] constexpr unsigned broadcast_byte(Broadcast b) noexcept {
  return static_cast<unsigned>(b);
}
[[nodiscard]] constexpr Valence broadcast_valence(Broadcast b) noexcept {
  return static_cast<Valence>(broadcast_byte(b) >> 6);
}
[[nodiscard]] constexpr BrandIndex broadcast_brand(Broadcast b) noexcept {
  return static_cast<BrandIndex>(broadcast_byte(b) & 0x3Fu);
}
static_assert(broadcast_brand(make_broadcast(63, Valence::Negative)) == 63);
static_assert(broadcast_valence(make_broadcast(63, Valence::Negative)) == Valence::Negative);
static_assert(make_broadcast(0, Valence::None) == Broadcast::Silent);

// ---- flags (u8 per customer) ---------------------------------------------------------------

enum class NpsClass : std::uint8_t { None = 0, Promoter = 1, Passive = 2, Detractor = 3 };

namespace flag {
inline constexpr std::uint8_t kAdoptedEver = 1u << 0;  ///< has been someone's customer
inline constexpr std::uint8_t kNpsShift = 1;           ///< bits 1–2: NpsClass
inline constexpr std::uint8_t kNpsMask = 3u << kNpsShift;
inline constexpr std::uint8_t kReferred = 1u << 3;  ///< current brand was chosen on a referral
inline constexpr std::uint8_t kOccasion = 1u << 4;  ///< has a purchase occasion this week
inline constexpr std::uint8_t kNew = 1u << 5;       ///< became a customer this week
inline constexpr std::uint8_t kLost = 1u << 6;      ///< left a brand this week
/// Cleared at the start of every week (occasion, new, lost are per-week flows).
inline constexpr std::uint8_t kWeekly = kOccasion | kNew | kLost;
}  // namespace flag

[[nodiscard]] constexpr NpsClass nps_class(std::uint8_t flags) noexcept {
  return static_cast<NpsClass>((flags & flag::kNpsMask) >> flag::kNpsShift);
}
[[nodiscard]] constexpr std::uint8_t with_nps_class(std::uint8_t flags, NpsClass c) noexcept {
  return static_cast<std::uint8_t>((flags & ~flag::kNpsMask) |
                                   (static_cast<unsigned>(c) << flag::kNpsShift));
}

// ---- memo (u8): the two short countdowns, packed in one byte --------------------------------
// high nibble: weeks left of a referral discount (0..4) for referral_brand;
// low nibble: weeks left in which a churned detractor warns about left_brand (0..8).
namespace memo {
inline constexpr unsigned kReferralWeeks = 4;  ///< docs/model.md §5.3
inline constexpr unsigned kWarningWeeks = 8;   ///< docs/model.md §5.6
[[nodiscard]] constexpr unsigned referral_weeks(std::uint8_t m) noexcept { return m >> 4; }
[[nodiscard]] constexpr unsigned warning_weeks(std::uint8_t m) noexcept { return m & 0x0Fu; }
[[nodiscard]] constexpr std::uint8_t make(unsigned referral, unsigned warning) noexcept {
  return static_cast<std::uint8_t>((referral << 4) | (warning & 0x0Fu));
}
}  // namespace memo

/// The per-customer arrays. Value semantics (copyable) so a dashboard can fork a model.
struct Customers {
  CustomerIndex count = 0;
  unsigned brand_count = 0;  ///< row length of `attitude`

  std::vector<GenerationIndex> generation;  // 0..generations-1                  (customers) 1 B
  std::vector<BrandIndex> brand;            // current brand, kNoBrand = none     (customers) 1 B
  std::vector<std::uint8_t> flags;          // flag::*                            (customers) 1 B
  std::array<std::vector<Broadcast>, 2>
      broadcast;                           // [parity]: last week / this week (2 x customers) 2 B
  std::vector<std::uint16_t> tenure;       // weeks with current brand, saturates (customers) 2 B
  std::vector<std::uint16_t> habit;        // surprise habituation H, Q0.16      (customers) 2 B
  std::vector<std::uint32_t> cell;         // neighbourhood id for local presence (customers) 4 B
  std::vector<float> satisfaction;         // cumulative satisfaction C, 0–10    (customers) 4 B
  std::vector<float> expectation;          // expectation E of current brand, 0–10 (customers) 4 B
  std::vector<std::uint64_t> aware;        // bit b: aware of brand b            (customers) 8 B
  std::vector<std::uint64_t> shares;       // bit b: shares data with brand b    (customers) 8 B
  std::vector<std::uint8_t> memo;          // memo::* countdowns                 (customers) 1 B
  std::vector<BrandIndex> referral_brand;  // brand whose referral discount runs (customers) 1 B
  std::vector<BrandIndex> left_brand;      // brand a churned detractor warns about (customers) 1 B
  std::vector<Attitude> attitude;  // a_ib, Q4.12, row-major   (customers x brands) 2 B/brand
  /// The last ad or message that touched the customer (attribution.hpp): only when
  /// output.attribution is on, so not in for_each_field (MarketModel sizes and saves it).
  std::vector<std::uint8_t> last_touch;  //                                (customers) 1 B
  /// The causes credited with the customer's current brand, a CauseSet (0: none yet, as for a
  /// customer of its brand from the start); with output.attribution only, like last_touch.
  std::vector<CauseSet> adopted_by;  //                                    (customers) 1 B

  /// How many entries a field holds for each customer.
  enum class Rows { PerCustomer, PerBrand };

  /// Every per-customer array with its value for a new customer and its shape, in the order a
  /// saved state stores them (agents/market_state.cpp). resize(), memory_bytes(), save and
  /// load, and load's shape check all walk this list: a new field is one line here (and one
  /// member above). `visit(array, initial_value, rows)`; `self` is a Customers, const or not.
  template <class Self, class Visit>
  static void for_each_field(Self& self, Visit&& visit) {
    visit(self.generation, GenerationIndex{0}, Rows::PerCustomer);
    visit(self.brand, kNoBrand, Rows::PerCustomer);
    visit(self.flags, std::uint8_t{0}, Rows::PerCustomer);
    visit(self.broadcast[0], Broadcast::Silent, Rows::PerCustomer);
    visit(self.broadcast[1], Broadcast::Silent, Rows::PerCustomer);
    visit(self.memo, std::uint8_t{0}, Rows::PerCustomer);
    visit(self.referral_brand, kNoBrand, Rows::PerCustomer);
    visit(self.left_brand, kNoBrand, Rows::PerCustomer);
    visit(self.tenure, std::uint16_t{0}, Rows::PerCustomer);
    visit(self.habit, std::uint16_t{0}, Rows::PerCustomer);
    visit(self.cell, std::uint32_t{0}, Rows::PerCustomer);
    visit(self.satisfaction, 0.0f, Rows::PerCustomer);
    visit(self.expectation, 0.0f, Rows::PerCustomer);
    visit(self.aware, std::uint64_t{0}, Rows::PerCustomer);
    visit(self.shares, std::uint64_t{0}, Rows::PerCustomer);
    visit(self.attitude, Attitude{0}, Rows::PerBrand);
  }

  /// Entries a field of this shape holds for `customers` customers and `brands` brands.
  [[nodiscard]] static std::size_t entries(Rows rows, CustomerIndex customers,
                                           unsigned brands) noexcept {
    return static_cast<std::size_t>(customers) * (rows == Rows::PerBrand ? brands : 1u);
  }

  void resize(CustomerIndex customers, unsigned brands) {
    count = customers;
    brand_count = brands;
    for_each_field(*this, [&](auto& array, auto initial, Rows rows) {
      array.assign(entries(rows, customers, brands), initial);
    });
  }

  /// True when every array has the length count and brand_count give it (a loaded state's check).
  [[nodiscard]] bool has_shape(CustomerIndex customers, unsigned brands) const noexcept {
    bool fits = true;
    for_each_field(*this, [&](const auto& array, auto, Rows rows) {
      fits = fits && array.size() == entries(rows, customers, brands);
    });
    return fits;
  }

  [[nodiscard]] std::span<Attitude> attitudes(CustomerIndex i) noexcept {
    return {attitude.data() + static_cast<std::size_t>(i) * brand_count, brand_count};
  }
  [[nodiscard]] std::span<const Attitude> attitudes(CustomerIndex i) const noexcept {
    return {attitude.data() + static_cast<std::size_t>(i) * brand_count, brand_count};
  }
  /// The attitude rows of customers [first, last), back to back.
  [[nodiscard]] std::span<Attitude> attitude_rows(CustomerIndex first,
                                                  CustomerIndex last) noexcept {
    return {attitude.data() + static_cast<std::size_t>(first) * brand_count,
            static_cast<std::size_t>(last - first) * brand_count};
  }

  /// Heap bytes of the arrays (capacity, so the number is what the process really holds).
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    std::size_t bytes = 0;
    for_each_field(*this, [&](const auto& array, auto, Rows) {
      bytes += array.capacity() * sizeof(array[0]);
    });
    return bytes;
  }

  /// The byte budget (estimate_model_bytes refuses a scenario with it before allocating);
  /// a test checks it against memory_bytes() of a resized Customers.
  static constexpr std::size_t kFixedBytesPerCustomer = 40;
  static constexpr std::size_t kBytesPerCustomerPerBrand = sizeof(Attitude);
  /// With output.attribution: the last-touch and adopted-by bytes.
  static constexpr std::size_t kAttributionBytesPerCustomer = 2 * sizeof(std::uint8_t);
};

}  // namespace murmur
