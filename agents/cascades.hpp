#pragma once
// Word-of-mouth cascades (docs/model.md §5.9, issue 18), when `output.cascades` is on: who
// recruited whom, and how far one acquisition's word of mouth carried.
//
// - A recruitment: a customer adopts brand b in a week in which a neighbour's praise of b
//   reached it (the praise of last week's broadcasts, which it heard this week). When several
//   neighbours praised b, one of them, drawn uniformly, is the recruiter (each message as
//   likely to be the one that converted, as in the independent cascade model).
// - A cascade is a tree of customer spells with one brand: its root is a customer of the
//   brand at the start or an adoption not recruited by word of mouth (advertising, an offer,
//   seeding, a shop, an older message); each recruitment joins the recruiter's cascade one
//   level below it. An adoption after praise heard in an earlier week only starts its own
//   cascade: the recruiter of an old message is not remembered (4 more bytes a customer).
// - Its size counts every spell that ever joined it (members who left still count); its depth
//   is its longest chain of recruitments. A promoter's count is the recruits of one spell.
//
// The customer phases only log what happened (CascadeEvent, per block); the tracker applies a
// week's log serially after the step, in block order, so the result is the same with any number
// of threads. Recruiters are looked up as they were when they spoke, in the advocacy phase of
// the week before: pass 1 resolves every recruitment first; then what changed since they spoke
// is applied (last week's churn, which follows advocacy, and interventions since), then this
// week's spells in order, its churn kept back for the next week.
// A cascade that is still only its root needs no memory beyond its customer's entry: a slot
// (12 B) is made at its first recruit, and freed when no member is left in its spell.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "sim/core/types.hpp"

namespace murmur {

enum class CascadeEventKind : std::uint8_t {
  Adopted,    ///< a new spell, not recruited by word of mouth: a new cascade
  Recruited,  ///< a new spell recruited by `recruiter`'s praise heard this week
  Left,       ///< the spell ended before the customer spoke this week (a switch at seeding)
  Churned,    ///< the spell ended after it spoke (churn, exit): its praise still recruits
};

/// What one customer did this week, logged by the phase that did it. Kept back events are saved
/// as bytes, so the struct has no padding.
struct CascadeEvent {
  CustomerIndex customer;
  CustomerIndex recruiter;  ///< Recruited only
  BrandIndex brand;
  GenerationIndex generation;
  CascadeEventKind kind;
  std::uint8_t unused = 0;
};
static_assert(std::has_unique_object_representations_v<CascadeEvent>);

/// Cascade sizes in powers of two: 1, 2, 3–4, 5–8, …, 129–256, 257 and more.
inline constexpr std::size_t kCascadeSizeBins = 10;
[[nodiscard]] std::size_t cascade_size_bin(std::uint32_t size) noexcept;
/// "1", "2", "3_4", …, "257_plus": the bins' metric-name suffixes.
[[nodiscard]] std::string cascade_size_bin_name(std::size_t bin);

/// One brand's cascades to date.
struct CascadeSummary {
  std::uint64_t cascades = 0;   ///< roots: customers at the start and unrecruited adoptions
  std::uint64_t viral = 0;      ///< cascades of size ≥ 2
  std::uint64_t recruited = 0;  ///< recruitments, = Σ (size − 1)
  std::uint32_t largest = 0;    ///< the largest size (0 before any cascade)
  std::uint32_t deepest = 0;    ///< the longest chain of recruitments
  std::uint64_t depth_sum = 0;  ///< Σ depth over cascades (only viral ones have depth > 0)
  std::array<std::uint64_t, kCascadeSizeBins> by_size{};  ///< cascades by size bin
  /// Recruits of the top 1% of the brand's spells (ranked by their recruits), over all spells:
  /// the share of the brand's customers to date its best 1% of promoters brought in.
  double top_promoters_share = 0.0;
};

class CascadeTracker {
 public:
  /// Depths saturate here (a customer's depth is one byte).
  static constexpr std::uint32_t kMaxDepth = 255;
  /// Bytes a customer costs: its cascade (4), depth (1) and spell's recruits (2); and 12 B a
  /// cascade of two or more with a member still in its spell.
  static constexpr std::size_t kBytesPerCustomer = 7;

  CascadeTracker() = default;
  /// Every customer of a brand at the start is a cascade of size 1 (its root).
  CascadeTracker(std::span<const BrandIndex> brand_at_start, unsigned brands);

  /// Applies one week's logs, in order (the blocks'); `week_recruits` is set to this week's
  /// recruitments by (brand × generations + generation of the recruit).
  void apply_week(std::span<const std::span<const CascadeEvent>> logs, unsigned generations,
                  std::vector<std::uint64_t>& week_recruits);
  /// Spells an intervention started or ended between the customer phases of two weeks: applied
  /// with the next week, after its recruitments are resolved (a customer's praise of last week
  /// still recruits for the brand it had then).
  void defer(std::span<const CascadeEvent> events);

  [[nodiscard]] CascadeSummary summary(BrandIndex brand) const;
  /// Recruitments between the customer and the root of its cascade (0 for a root or no spell).
  [[nodiscard]] std::uint32_t depth(CustomerIndex customer) const { return depth_.at(customer); }
  [[nodiscard]] std::size_t memory_bytes() const noexcept;
  /// Invariants (tests): sizes add up, live members match the customers' entries.
  [[nodiscard]] bool consistent() const;

  template <class Archive>
  void transfer(Archive& archive) {
    archive(of_customer_);
    archive(depth_);
    archive(recruits_);
    archive(cascades_);
    archive(free_slots_);
    archive(deferred_);
    archive(totals_);
    archive.elements(spells_by_recruits_, 64,
                     [](std::vector<std::uint64_t>& counts, Archive& a) { a(counts); });
  }
  [[nodiscard]] bool has_shape(std::size_t customers, unsigned brands) const noexcept {
    return of_customer_.size() == customers && depth_.size() == customers &&
           recruits_.size() == customers && totals_.size() == brands &&
           spells_by_recruits_.size() == brands;
  }

 private:
  /// No spell.
  static constexpr std::uint32_t kNone = 0xFFFF'FFFFu;
  /// The root of a cascade of size 1 (counted in totals_): its slot is made at its first recruit.
  static constexpr std::uint32_t kAlone = 0xFFFF'FFFEu;

  struct Cascade {  // 12 B, no padding (saved and hashed as bytes)
    std::uint32_t size;
    std::uint32_t live;  ///< members still in their spell; the slot is reused at 0
    std::uint16_t depth;
    BrandIndex brand;
    std::uint8_t unused;
  };
  static_assert(std::has_unique_object_representations_v<Cascade>);
  /// Per brand, what summary() reports except the top promoters.
  struct Totals {  // no padding (saved as bytes)
    std::uint64_t cascades, viral, recruited, depth_sum;
    std::array<std::uint64_t, kCascadeSizeBins> by_size;
    std::uint32_t largest, deepest;
  };
  static_assert(std::has_unique_object_representations_v<Totals>);
  /// A recruitment resolved in pass 1: the cascade it joins and its depth, or kNone for a root.
  struct Joining {
    std::uint32_t cascade;
    std::uint32_t depth;
  };

  [[nodiscard]] Joining join(const CascadeEvent& event);
  /// Starts, ends or (Churned) keeps back one spell; Adopted and Recruited with `joining`.
  void apply(const CascadeEvent& event, Joining joining);
  void start_spell(const CascadeEvent& event, Joining joining);
  void end_spell(CustomerIndex customer);
  [[nodiscard]] std::uint32_t new_cascade(BrandIndex brand);
  /// One more recruit for the recruiter's spell with `brand`.
  void count_recruit(CustomerIndex recruiter, BrandIndex brand);

  std::vector<std::uint32_t> of_customer_;  ///< (customers) slot in cascades_, kNone or kAlone
  std::vector<std::uint8_t> depth_;         ///< (customers) recruitments above the customer
  std::vector<std::uint16_t> recruits_;     ///< (customers) recruits of the current spell
  std::vector<Cascade> cascades_;           ///< live cascades made a slot (freed at live 0)
  std::vector<std::uint32_t> free_slots_;   ///< reusable slots of cascades_, a stack
  std::vector<CascadeEvent> deferred_;      ///< last week's churn and interventions since
  std::vector<Totals> totals_;              ///< (brands)
  /// (brands) × recruits → spells (every spell of the brand, with 0 for those yet to recruit).
  std::vector<std::vector<std::uint64_t>> spells_by_recruits_;
  std::vector<Joining> joining_;  ///< pass-1 scratch of apply_week (not state)
};

}  // namespace murmur
