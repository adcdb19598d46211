#pragma once
// The bookkeeping of interventions on a market's timeline (scenario `interventions:`; the
// dashboard's event buttons). MarketModel owns one InterventionLog; it is plain data, so a
// forked market carries its pending restorations and trigger states with it.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/model/model.hpp"

namespace murmur {

/// A timed change to undo: at the start of `week`, subtract `applied` from the lever again.
/// Restoring by difference (not by the old value) lets overlapping interventions and live
/// slider moves compose: each undoes exactly what it did.
struct LeverRestore {
  Step week = 0;
  std::uint16_t brand = 0;
  std::string lever;
  double applied = 0.0;
};

/// Per scenario intervention: whether it has fired, and whether its condition held last week
/// (a condition fires when it starts to hold, so a campaign triggered by "share below 10%"
/// does not restart every week the share stays low).
struct TriggerState {
  bool fired = false;
  bool held = false;
};

struct InterventionLog {
  std::vector<TriggerState> triggers;    ///< one per scenario intervention
  std::vector<LeverRestore> restores;    ///< pending, in the order they were made
  std::vector<FiredIntervention> fired;  ///< everything applied so far
};

/// Whether a condition on `value` holds: NaN (e.g. NPS of a brand without customers) never does.
[[nodiscard]] bool condition_holds(const TriggerSpec& trigger, double value) noexcept;

/// Advances a condition trigger by one week given its metric's value; true if it fires now:
/// the condition holds, did not hold last week, and (for `once`) it never fired.
[[nodiscard]] bool advance_trigger(const TriggerSpec& trigger, TriggerState& state,
                                   double value) noexcept;

}  // namespace murmur
