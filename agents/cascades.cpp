// Word-of-mouth cascades (cascades.hpp; docs/model.md §5.9).

#include "agents/cascades.hpp"

#include <algorithm>
#include <bit>
#include <limits>

#include "sim/core/validate.hpp"

namespace murmur {

std::size_t cascade_size_bin(std::uint32_t size) noexcept {
  if (size <= 1) return 0;
  // 2 → 1, 3–4 → 2, 5–8 → 3, …: the bit width of size − 1.
  return std::min<std::size_t>(kCascadeSizeBins - 1,
                               static_cast<std::size_t>(std::bit_width(size - 1)));
}

std::string cascade_size_bin_name(std::size_t bin) {
  if (bin == 0) return "1";
  if (bin == 1) return "2";
  const std::uint32_t low = (1u << (bin - 1)) + 1;
  if (bin == kCascadeSizeBins - 1) return std::to_string(low) + "_plus";
  return std::to_string(low) + "_" + std::to_string(1u << bin);
}

CascadeTracker::CascadeTracker(std::span<const BrandIndex> brand_at_start, unsigned brands)
    : of_customer_(brand_at_start.size(), kNone),
      depth_(brand_at_start.size(), 0),
      recruits_(brand_at_start.size(), 0),
      totals_(brands, Totals{}),
      spells_by_recruits_(brands, std::vector<std::uint64_t>(1, 0)) {
  for (std::size_t i = 0; i < brand_at_start.size(); ++i) {
    const BrandIndex b = brand_at_start[i];
    if (b == kNoBrand) continue;
    of_customer_[i] = kAlone;
    Totals& t = totals_[b];
    ++t.cascades;
    ++t.by_size[0];
    t.largest = 1;
    ++spells_by_recruits_[b][0];
  }
}

std::uint32_t CascadeTracker::new_cascade(BrandIndex brand) {
  const Cascade fresh{.size = 1, .live = 1, .depth = 0, .brand = brand, .unused = 0};
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    cascades_[slot] = fresh;
    return slot;
  }
  cascades_.push_back(fresh);
  return static_cast<std::uint32_t>(cascades_.size() - 1);
}

void CascadeTracker::count_recruit(CustomerIndex recruiter, BrandIndex brand) {
  std::uint16_t& recruits = recruits_[recruiter];
  if (recruits == std::numeric_limits<std::uint16_t>::max()) return;  // saturated
  std::vector<std::uint64_t>& spells = spells_by_recruits_[brand];
  --spells[recruits];
  ++recruits;
  if (spells.size() <= recruits) spells.resize(recruits + 1u, 0);
  ++spells[recruits];
}

CascadeTracker::Joining CascadeTracker::join(const CascadeEvent& event) {
  std::uint32_t& slot = of_customer_[event.recruiter];
  // Praise comes only from the brand's customers, and the recruiter is as it was when it spoke.
  MURMUR_ASSERT(slot != kNone && (slot == kAlone || cascades_[slot].brand == event.brand),
                "a recruiter is not in a spell with the brand it praised (an event not logged)");
  if (slot == kNone || (slot != kAlone && cascades_[slot].brand != event.brand))
    return {kNone, 0};  // not reached (the check above); a root rather than a wrong tree
  if (slot == kAlone) slot = new_cascade(event.brand);  // its first recruit

  Cascade& cascade = cascades_[slot];
  Totals& totals = totals_[event.brand];
  const std::size_t bin_before = cascade_size_bin(cascade.size);
  if (cascade.size == 1) ++totals.viral;
  ++cascade.size;
  ++cascade.live;
  ++totals.recruited;
  const std::size_t bin_after = cascade_size_bin(cascade.size);
  --totals.by_size[bin_before];
  ++totals.by_size[bin_after];
  totals.largest = std::max(totals.largest, cascade.size);

  const std::uint32_t depth = std::min<std::uint32_t>(kMaxDepth, depth_[event.recruiter] + 1u);
  if (depth > cascade.depth) {
    totals.depth_sum += depth - cascade.depth;
    cascade.depth = static_cast<std::uint16_t>(depth);
    totals.deepest = std::max(totals.deepest, depth);
  }
  count_recruit(event.recruiter, event.brand);
  return {slot, depth};
}

void CascadeTracker::start_spell(const CascadeEvent& event, Joining joining) {
  MURMUR_ASSERT(of_customer_[event.customer] == kNone,
                "a customer starts a spell before its last one ended (a Left event missing)");
  if (joining.cascade == kNone) {
    joining = {kAlone, 0};
    Totals& totals = totals_[event.brand];
    ++totals.cascades;
    ++totals.by_size[0];
    totals.largest = std::max<std::uint32_t>(totals.largest, 1);
  }
  of_customer_[event.customer] = joining.cascade;
  depth_[event.customer] = static_cast<std::uint8_t>(joining.depth);
  recruits_[event.customer] = 0;
  ++spells_by_recruits_[event.brand][0];
}

void CascadeTracker::end_spell(CustomerIndex customer) {
  const std::uint32_t slot = of_customer_[customer];
  if (slot < kAlone && --cascades_[slot].live == 0) free_slots_.push_back(slot);
  of_customer_[customer] = kNone;
  depth_[customer] = 0;
  recruits_[customer] = 0;  // the spell's recruits stay counted in spells_by_recruits_
}

void CascadeTracker::apply(const CascadeEvent& event, Joining joining) {
  switch (event.kind) {
    case CascadeEventKind::Adopted:
    case CascadeEventKind::Recruited:
      start_spell(event, joining);
      return;
    case CascadeEventKind::Left:
      end_spell(event.customer);
      return;
    case CascadeEventKind::Churned:
      deferred_.push_back(event);
      return;
  }
}

void CascadeTracker::defer(std::span<const CascadeEvent> events) {
  deferred_.insert(deferred_.end(), events.begin(), events.end());
}

void CascadeTracker::apply_week(std::span<const std::span<const CascadeEvent>> logs,
                                unsigned generations, std::vector<std::uint64_t>& week_recruits) {
  week_recruits.assign(totals_.size() * generations, 0);
  // Pass 1: every recruitment against the recruiters as they were when they spoke.
  joining_.clear();
  for (std::span<const CascadeEvent> log : logs)
    for (const CascadeEvent& event : log) {
      if (event.kind != CascadeEventKind::Recruited) continue;
      joining_.push_back(join(event));
      if (joining_.back().cascade != kNone)
        ++week_recruits[static_cast<std::size_t>(event.brand) * generations + event.generation];
    }
  // What happened after they spoke: last week's churn, interventions since.
  std::vector<CascadeEvent> since;
  since.swap(deferred_);
  for (CascadeEvent event : since) {
    if (event.kind == CascadeEventKind::Churned) event.kind = CascadeEventKind::Left;
    apply(event, {kNone, 0});  // an intervention's Adopted is a root
  }
  // Pass 2: this week's spells in the order they happened (its churn kept back).
  std::size_t next_joining = 0;
  for (std::span<const CascadeEvent> log : logs)
    for (const CascadeEvent& event : log)
      apply(event, event.kind == CascadeEventKind::Recruited ? joining_[next_joining++]
                                                             : Joining{kNone, 0});
}

CascadeSummary CascadeTracker::summary(BrandIndex brand) const {
  const Totals& t = totals_.at(brand);
  CascadeSummary s{.cascades = t.cascades,
                   .viral = t.viral,
                   .recruited = t.recruited,
                   .largest = t.largest,
                   .deepest = t.deepest,
                   .depth_sum = t.depth_sum,
                   .by_size = t.by_size};
  // The top 1% of spells (at least one) by recruits, the last count shared by several spells
  // taken only as far as the 1% reaches.
  const std::vector<std::uint64_t>& spells = spells_by_recruits_.at(brand);
  std::uint64_t total = 0;
  for (const std::uint64_t n : spells) total += n;
  if (total == 0) {
    s.top_promoters_share = std::numeric_limits<double>::quiet_NaN();
    return s;
  }
  std::uint64_t top_left = (total + 99) / 100, recruits_of_top = 0;
  for (std::size_t r = spells.size(); r-- > 1 && top_left > 0;) {
    const std::uint64_t taken = std::min(top_left, spells[r]);
    recruits_of_top += taken * r;
    top_left -= taken;
  }
  s.top_promoters_share = static_cast<double>(recruits_of_top) / static_cast<double>(total);
  return s;
}

std::size_t CascadeTracker::memory_bytes() const noexcept {
  std::size_t bytes = of_customer_.capacity() * sizeof(std::uint32_t) + depth_.capacity() +
                      recruits_.capacity() * sizeof(std::uint16_t) +
                      cascades_.capacity() * sizeof(Cascade) +
                      free_slots_.capacity() * sizeof(std::uint32_t) +
                      totals_.capacity() * sizeof(Totals) + joining_.capacity() * sizeof(Joining);
  for (const auto& spells : spells_by_recruits_) bytes += spells.capacity() * sizeof(std::uint64_t);
  return bytes;
}

bool CascadeTracker::consistent() const {
  // Live members: the customers' entries against the slots' counts.
  std::vector<std::uint64_t> members(cascades_.size(), 0);
  for (const std::uint32_t slot : of_customer_)
    if (slot < kAlone) {
      if (slot >= cascades_.size()) return false;
      ++members[slot];
    }
  std::vector<bool> free(cascades_.size(), false);
  for (const std::uint32_t slot : free_slots_) {
    if (slot >= cascades_.size() || free[slot]) return false;
    free[slot] = true;
  }
  for (std::size_t k = 0; k < cascades_.size(); ++k) {
    if (free[k] ? members[k] != 0 : members[k] != cascades_[k].live || members[k] == 0)
      return false;
    if (!free[k] && cascades_[k].brand >= totals_.size()) return false;
  }
  // Each spell is a root or a recruit; each cascade is in one size bin.
  for (std::size_t b = 0; b < totals_.size(); ++b) {
    const Totals& t = totals_[b];
    std::uint64_t binned = 0, spells = 0;
    for (const std::uint64_t n : t.by_size) binned += n;
    for (const std::uint64_t n : spells_by_recruits_[b]) spells += n;
    if (binned != t.cascades || spells != t.cascades + t.recruited || t.viral > t.cascades)
      return false;
  }
  return true;
}

}  // namespace murmur
