#pragma once
// The scenario schema: every YAML key of a scenario, described once.
//
// Each `describe(Spec&, Visitor&)` lists the fields of one struct of sim/core/scenario.hpp with
// its key, unit, valid range and a one-line meaning. The loader walks it to read and check
// YAML, scenario_to_json() walks it to write the resolved manifest, and
// scenario_schema_markdown() walks it to write scenarios/README.md. Adding a field to a
// struct is one line here, and all three follow.
//
// A visitor provides: number, integer, optional_number, optional_integer, week_or_never
// (a week, or kNeverStep written as null), flag, text, path,
// keyword, choice, section, list, names, mix and profiles (see the calls below). The
// defaults are never written here: they live in the structs of scenario.hpp alone.

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/core/scenario.hpp"

namespace murmur {

/// Valid values of a number: [min, max], with either end optionally open.
struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;

  constexpr Range() = default;
  constexpr Range(double lo, double hi, bool lo_open = false, bool hi_open = false)
      : min(lo), max(hi), min_open(lo_open), max_open(hi_open) {}

  /// False for NaN, so a NaN never slips through a range check.
  [[nodiscard]] constexpr bool contains(double x) const {
    const bool above_min = min_open ? x > min : x >= min;
    const bool below_max = max_open ? x < max : x <= max;
    return above_min && below_max;
  }
  /// "in [0, 1]", ">= 0", "> 0", or "" when any number will do.
  [[nodiscard]] std::string text() const;
};

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr Range kAnyNumber{};
inline constexpr Range kProbability{0.0, 1.0};
inline constexpr Range kNonNegative{0.0, kInf};
inline constexpr Range kPositive{0.0, kInf, true};
inline constexpr Range kScore{0.0, 10.0};  // the 0–10 scale of the NPS question
inline constexpr Range kAtLeastOne{1.0, kInf};
/// Seeds a user gives: 0 to kMaxSeed (2^53 - 1), read exactly by every float parser.
inline constexpr Range kSeedRange{0.0, static_cast<double>(kMaxSeed)};
inline constexpr std::string_view kSeedNote =
    "seeds stay below 2^53 so R, Excel, pandas and JavaScript read them exactly";

/// One key of the schema. `note` says why a bound is what it is, when that is not obvious;
/// error messages repeat it.
struct Field {
  std::string_view key;
  std::string_view unit;
  Range range;
  std::string_view doc;
  std::string_view note;

  constexpr Field(std::string_view k, std::string_view u, Range r, std::string_view d,
                  std::string_view n = {})
      : key(k), unit(u), range(r), doc(d), note(n) {}
};

enum class Presence { Optional, Required };

// ---- enum names: the YAML spelling of every enumerator ----

template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

inline constexpr std::array<EnumName<ModelKind>, 2> kModelKindNames{
    {{ModelKind::Bass, "bass"}, {ModelKind::Market, "market"}}};
inline constexpr std::array<EnumName<GraphKind>, 6> kGraphKindNames{
    {{GraphKind::SmallWorld, "small_world"},
     {GraphKind::ErdosRenyi, "erdos_renyi"},
     {GraphKind::ScaleFree, "scale_free"},
     {GraphKind::Communities, "communities"},
     {GraphKind::FullyMixed, "fully_mixed"},
     {GraphKind::EdgeList, "edge_list"}}};
inline constexpr std::array<EnumName<SeedingStrategy>, 4> kSeedingNames{
    {{SeedingStrategy::Random, "random"},
     {SeedingStrategy::HighestDegree, "highest_degree"},
     {SeedingStrategy::Bridges, "bridges"},
     {SeedingStrategy::Neighbourhood, "neighbourhood"}}};
inline constexpr std::array<EnumName<InterventionKind>, 7> kInterventionKindNames{
    {{InterventionKind::SetLever, "set_lever"},
     {InterventionKind::Campaign, "campaign"},
     {InterventionKind::Scandal, "scandal"},
     {InterventionKind::Entry, "entry"},
     {InterventionKind::Exit, "exit"},
     {InterventionKind::SeedAmbassadors, "seed_ambassadors"},
     {InterventionKind::PriceWar, "price_war"}}};

constexpr std::span<const EnumName<ModelKind>> enum_names(ModelKind) { return kModelKindNames; }
constexpr std::span<const EnumName<GraphKind>> enum_names(GraphKind) { return kGraphKindNames; }
constexpr std::span<const EnumName<SeedingStrategy>> enum_names(SeedingStrategy) {
  return kSeedingNames;
}
constexpr std::span<const EnumName<InterventionKind>> enum_names(InterventionKind) {
  return kInterventionKindNames;
}

/// The YAML spelling of an enumerator, e.g. to_string(GraphKind::SmallWorld) == "small_world".
template <class E>
requires std::is_enum_v<E>
[[nodiscard]] constexpr std::string_view to_string(E value) {
  for (const auto& entry : enum_names(E{})) {
    if (entry.value == value) return entry.name;
  }
  return "?";
}

/// Metrics an intervention's `when` condition may watch.
inline constexpr std::array<std::string_view, 4> kTriggerMetrics{"share", "nps", "awareness",
                                                                 "churn"};

inline constexpr std::size_t kMaxInterventions = 1000;  // far beyond a hand-written file
inline constexpr double kMaxCustomers = 4294967295.0;   // 2^32 - 1: CustomerIndex is 32-bit

// ---- the schema ----

template <class V>
void describe(GraphSpec& s, V& v) {
  v.choice(Field{"kind", "", {}, "how the social graph is built"}, s.kind);
  v.number(Field{"mean_degree", "neighbours", kNonNegative,
                 "expected neighbours per customer (small_world: an even whole number)"},
           s.mean_degree);
  v.number(Field{"rewiring", "probability", kProbability,
                 "small_world: chance of rewiring each lattice edge (0 = ring lattice)"},
           s.rewiring);
  v.integer(Field{"communities", "groups", kAtLeastOne, "communities: number of groups"},
            s.communities);
  v.number(Field{"within_degree", "neighbours", kNonNegative,
                 "communities: expected neighbours inside the own group"},
           s.within_degree);
  v.number(Field{"between_degree", "neighbours", kNonNegative,
                 "communities: expected neighbours in other groups"},
           s.between_degree);
  v.path(Field{"edge_list",
               "file",
               {},
               "edge_list: whitespace-separated edge list, relative to the scenario file"},
         s.edge_list_path);
}

template <class V>
void describe(PopulationSpec& s, V& v) {
  v.integer(Field{"customers", "people", Range{1.0, kMaxCustomers},
                  "number of customers (ignored for edge lists: the file decides)",
                  "customer indices are 32-bit"},
            s.customers);
  v.mix(Field{"generation_mix", "share", kProbability,
              "share of customers in each generation, by name; missing names are 0; sums to 1"},
        s.generation_mix);
  v.number(Field{"generational_shift_per_year", "share/year", kProbability,
                 "share of each generation moving to the next per year"},
           s.generational_shift_per_year);
  v.section(Field{"graph", "", {}, "the social graph word of mouth travels on"}, s.graph);
}

template <class V>
void describe(BassSpec& s, V& v) {
  v.number(Field{"innovation_per_year", "1/year", kNonNegative,
                 "p: adoption from outside influence (Sultan, Farley & Lehmann 1990)"},
           s.innovation_per_year);
  v.number(Field{"imitation_per_year", "1/year", kNonNegative,
                 "q: adoption from adopters' word of mouth"},
           s.imitation_per_year);
  v.number(Field{"seeded_fraction", "share", kProbability, "adopters at step 0"},
           s.seeded_fraction);
  v.choice(Field{"seeding", "", {}, "who the seeded adopters are"}, s.seeding);
  v.integer(Field{"social_threshold", "neighbours", kAtLeastOne,
                  "adopter friends needed before word of mouth acts (2+ = complex contagion; "
                  "ignored when fully mixed)"},
            s.social_threshold);
}

template <class V>
void describe(MarketSpec& s, V& v) {
  v.number(Field{"weeks_between_purchases", "weeks", kAtLeastOne,
                 "tau: mean weeks between purchase occasions", "an occasion has probability 1/tau"},
           s.weeks_between_purchases);
  v.number(Field{"attitude_decay", "1/week", kProbability, "delta_a: attitude decay"},
           s.attitude_decay);
  v.number(Field{"habituation_recovery", "1/week", kProbability,
                 "zeta: recovery from surprise habituation"},
           s.habituation_recovery);
  v.number(Field{"satisfaction_learning", "1/purchase", kProbability,
                 "alpha_s: pull of satisfaction toward each experience"},
           s.satisfaction_learning);
  v.number(Field{"goodwill_retention", "1/week", kProbability,
                 "lambda_G: advertising goodwill kept each week (Leone 1995)"},
           s.goodwill_retention);
  v.number(Field{"wear_out", "1/week", kProbability, "ad copy wear-out per week on air"},
           s.wear_out);
  v.number(Field{"restoration", "1/week", kProbability, "ad copy restoration per week dark"},
           s.restoration);
  v.number(Field{"ad_learning", "1/contact", kProbability,
                 "l_ad: attitude pull toward the claim per ad contact"},
           s.ad_learning);
  v.number(Field{"ad_persuasion", "points/(ad/week)", kNonNegative,
                 "utility of a brand per ad of it a customer expects to register a week"},
           s.ad_persuasion);
  v.number(Field{"positive_message", "points", Range{0.0, 10.0},
                 "attitude carried by a promoter's message"},
           s.positive_message);
  v.number(Field{"negative_message", "points", Range{-10.0, 0.0},
                 "attitude carried by a detractor's message"},
           s.negative_message);
  v.number(Field{"churn_pull", "1/week/point", kNonNegative,
                 "h2: churn hazard per utility point of the best rival"},
           s.churn_pull);
  v.integer(Field{"cells", "cells", kAtLeastOne, "neighbourhoods for local presence"}, s.cells);
  v.number(Field{"discount_rate_per_year", "1/year", kNonNegative, "for CLV and NPV"},
           s.discount_rate_per_year);
  v.flag(Field{"docking", "", {}, "reduce the market model to Bass diffusion (docs/model.md §8)"},
         s.docking);
  v.number(Field{"docking_innovation_per_year", "1/year", kNonNegative, "p in docking mode"},
           s.docking_innovation_per_year);
  v.number(Field{"docking_imitation_per_year", "1/year", kNonNegative, "q in docking mode"},
           s.docking_imitation_per_year);
}

/// The profile's name is its key in `generations`, so it is not listed here.
template <class V>
void describe(GenerationProfile& s, V& v) {
  v.number(Field{"ad_receptivity", "probability", kProbability,
                 "alpha: chance a reached customer registers an ad"},
           s.ad_receptivity);
  v.number(Field{"wom_susceptibility", "weight", kProbability,
                 "sigma: weight of incoming word of mouth"},
           s.wom_susceptibility);
  v.number(Field{"wom_talkativeness", "1/week", kProbability,
                 "theta: chance a promoter or detractor broadcasts in a week"},
           s.wom_talkativeness);
  v.number(Field{"negative_weight", "ratio", kNonNegative,
                 "nu-: weight of a detractor's message relative to a promoter's"},
           s.negative_weight);
  v.integer(Field{"social_threshold", "neighbours", kAtLeastOne,
                  "m: promoter neighbours needed to move attitude (1 = simple contagion)"},
            s.social_threshold);
  v.integer(Field{"consideration_size", "brands", kAtLeastOne, "K: brands considered at most"},
            s.consideration_size);
  v.number(Field{"choice_overload", "utility/brand", kNonNegative,
                 "omega: outside-option utility per considered brand beyond 6"},
           s.choice_overload);
  v.number(Field{"price_sensitivity", "utility", kNonNegative,
                 "beta_p: utility per relative price unit"},
           s.price_sensitivity);
  v.number(Field{"inertia", "utility", kNonNegative, "kappa: utility bonus of the current brand"},
           s.inertia);
  v.number(Field{"base_churn", "1/week", kProbability, "h0: churn hazard"}, s.base_churn);
  v.number(Field{"dissatisfaction_churn", "1/week/point", kProbability,
                 "h1: churn hazard per point of satisfaction below 7"},
           s.dissatisfaction_churn);
  v.number(Field{"expectation_drift", "1/purchase", kProbability,
                 "epsilon: pull of expectation toward experience"},
           s.expectation_drift);
  v.number(Field{"personalisation_value", "utility", kNonNegative,
                 "v: utility per unit of personalisation when sharing data"},
           s.personalisation_value);
  v.number(Field{"privacy_concern", "weight", kNonNegative, "rho: cost of sharing data"},
           s.privacy_concern);
  v.number(Field{"local_preference", "utility", kNonNegative,
                 "lambda: utility of a brand with a shop in my cell"},
           s.local_preference);
  v.number(Field{"habituation", "1/surprise", kProbability, "eta: habituation gained per surprise"},
           s.habituation);
  v.number(Field{"outside_utility", "utility", kAnyNumber, "u0: base utility of not buying"},
           s.outside_utility);
  v.flag(Field{"aware_of_local_shops",
               "",
               {},
               "starts aware of every brand with a shop in its neighbourhood (the 1.0 baker)"},
         s.aware_of_local_shops);
}

template <class V>
void describe(BrandSpec& s, V& v) {
  v.text(Field{"name",
               "",
               {},
               "unique name, used by interventions and outputs; at most 64 printable "
               "characters, not starting with = + - @ (spreadsheet formulas), not 'all' (the "
               "market total)"},
         s.name, Presence::Required);
  v.number(Field{"price", "currency", kPositive, "P: price per purchase"}, s.price);
  v.number(Field{"quality", "points", kScore, "Q: mean delivered experience"}, s.quality);
  v.number(Field{"quality_spread", "points", kNonNegative,
                 "sigma_b: standard deviation of delivered experience"},
           s.quality_spread);
  v.optional_number(
      Field{"claim", "points", kScore, "S: self-assessed experience (default: quality + optimism)"},
      s.claim);
  v.number(Field{"optimism", "points", Range{-10.0, 10.0}, "beta_b: self-assessment bias"},
           s.optimism);
  v.number(Field{"ad_budget", "currency/week", kNonNegative, "A: advertising spend"}, s.ad_budget);
  v.number(Field{"copy_effect", "share", kProbability, "psi: initial effectiveness of the ad copy"},
           s.copy_effect);
  v.number(Field{"reach63", "goodwill", kPositive, "goodwill at which weekly reach is 63%"},
           s.reach63);
  v.number(Field{"personalisation", "share", kProbability, "pi: how personal its offers are"},
           s.personalisation);
  v.number(Field{"offer_value", "ratio", kNonNegative,
                 "o: value of a personalised offer, relative to pi"},
           s.offer_value);
  v.number(Field{"referral_reward", "currency", kNonNegative, "R: paid to the sender per referral"},
           s.referral_reward);
  v.number(Field{"referral_discount", "utility", kNonNegative,
                 "given to a referred receiver for 4 weeks"},
           s.referral_discount);
  v.number(Field{"local_presence", "share", kProbability,
                 "L: share of cells where the brand has a shop"},
           s.local_presence);
  v.number(Field{"data_ask", "share", kProbability, "how much data the brand asks for"},
           s.data_ask);
  v.number(
      Field{"data_care", "share", kProbability, "how well it treats the data (the trust target)"},
      s.data_care);
  v.number(Field{"trust", "share", kProbability, "T: initial trust"}, s.trust);
  v.number(
      Field{"surprise_rate", "probability", kProbability, "s: chance of a surprise per purchase"},
      s.surprise_rate);
  v.number(Field{"surprise_size", "points", kScore, "W: size of a fresh surprise"},
           s.surprise_size);
  v.number(
      Field{"margin", "currency", kAnyNumber, "m: margin per purchase (negative: loss leader)"},
      s.margin);
  v.number(Field{"initial_share", "share", kProbability,
                 "share of customers who start as its customers"},
           s.initial_share);
  v.number(Field{"initial_awareness", "share", kProbability,
                 "share of customers aware of it at its entry"},
           s.initial_awareness);
  v.number(
      Field{"seeded_fraction", "share", kProbability, "share seeded as early adopters at entry"},
      s.seeded_fraction);
  v.choice(Field{"seeding", "", {}, "who the seeded adopters are"}, s.seeding);
  v.integer(Field{"entry_step", "week", kNonNegative, "first week on the market"}, s.entry_step);
  v.week_or_never(Field{"exit_step", "week", kNonNegative,
                        "first week off the market; null: never (the default)"},
                  s.exit_step);
}

/// The `when:` condition of an intervention; `at_step` sits beside it in the intervention.
template <class V>
void describe(TriggerSpec& s, V& v) {
  v.text(Field{"brand", "", {}, "brand whose metric is watched"}, s.brand, Presence::Required);
  v.keyword(Field{"metric", "", {}, "metric watched"}, s.metric, kTriggerMetrics);
  v.optional_number(Field{"above", "", kAnyNumber, "fires when the metric is above this"}, s.above);
  v.optional_number(Field{"below", "", kAnyNumber, "fires when the metric is below this"}, s.below);
  v.flag(Field{"once", "", {}, "fire at most once"}, s.once);
}

template <class V>
void describe(InterventionSpec& s, V& v) {
  v.text(Field{"name", "", {}, "label in logs and outputs"}, s.name);
  v.optional_integer(Field{"at_step", "week", kNonNegative,
                           "trigger: fire at the start of this week (or give `when`)"},
                     s.trigger.at_step);
  // Written to the manifest only for condition triggers, so the JSON loads back as it was.
  v.section(Field{"when", "", {}, "trigger: fire when a brand's metric crosses a threshold"},
            s.trigger, /*omit_in_output=*/s.trigger.at_step.has_value());
  v.choice(Field{"kind", "", {}, "what happens"}, s.kind);
  v.names(Field{"brand", "", {}, "the brand acted on"},
          Field{"brands", "", {}, "the brands acted on (instead of `brand`)"}, s.brands);
  v.text(Field{"lever", "", {}, "set_lever: a numeric brand key, e.g. ad_budget"}, s.lever);
  v.number(Field{"value", "", kAnyNumber,
                 "set_lever: new value; campaign: added ad budget; scandal: quality drop; "
                 "seed_ambassadors, price_war: fraction"},
           s.value);
  v.integer(Field{"weeks", "weeks", kNonNegative, "duration (0 = permanent)"}, s.weeks);
  v.choice(Field{"seeding", "", {}, "seed_ambassadors: who the ambassadors are"}, s.seeding);
}

template <class V>
void describe(OutputSpec& s, V& v) {
  v.integer(Field{"every", "steps", kAtLeastOne,
                  "write metrics every n steps (the last step is always written)"},
            s.every);
  v.flag(Field{"attribution",
               "",
               {},
               "market: count each adoption and loss by its cause (new_by_*, lost_to_* "
               "metrics; docs/model.md §5.8); 2 B a customer, a slower step"},
         s.attribution);
  v.flag(Field{"cascades",
               "",
               {},
               "market on a social graph: follow who recruited whom by word of mouth (cascade_* "
               "and wom_recruits metrics; docs/model.md §5.9); 7 B a customer"},
         s.cascades);
}

template <class V>
void describe(Scenario& s, V& v) {
  v.text(Field{"name",
               "",
               {},
               "label used in outputs; at most 64 printable characters, not starting with "
               "= + - @"},
         s.name);
  v.text(Field{"description", "", {}, "free text"}, s.description);
  v.integer(Field{"seed", "", kSeedRange, "random seed; same seed, same bytes", kSeedNote}, s.seed);
  v.integer(Field{"steps", "weeks", kAtLeastOne, "weeks to simulate"}, s.steps);
  v.number(Field{"weeks_per_year", "weeks", kPositive, "converts per-year rates to per-week"},
           s.weeks_per_year);
  v.choice(Field{"model", "", {}, "bass: the Bass diffusion model; market: the full model"},
           s.model);
  v.section(Field{"population", "", {}, "who the customers are and how they are connected"},
            s.population);
  v.section(Field{"bass", "", {}, "parameters of model: bass"}, s.bass);
  v.section(Field{"market", "", {}, "market-wide constants of model: market"}, s.market);
  v.profiles(Field{"generations",
                   "",
                   {},
                   "generation profiles by name: override fields of 1.0-5.0 or add a new one "
                   "(a new name follows the brand-name rules)"},
             s.generations);
  v.list(Field{"brands", "", {}, "the brands (1-64 for model: market)"}, s.brands, kMaxBrands);
  v.list(Field{"interventions", "", {}, "scheduled or triggered events"}, s.interventions,
         kMaxInterventions);
  v.section(Field{"output", "", {}, "what is written"}, s.output);
}

/// A numeric key of a section and its valid range.
struct NumericKey {
  std::string_view key;
  Range range;
  std::string_view unit;
  std::string_view doc;  ///< its meaning, as the scenario reference gives it
};
/// The numeric brand keys a set_lever intervention may set (e.g. "ad_budget"), with ranges.
[[nodiscard]] std::vector<NumericKey> brand_levers();

/// The brand member a lever key names, or nullptr: lets the engine apply set_lever by name.
[[nodiscard]] double* find_brand_lever(BrandSpec& brand, std::string_view key);

/// The numeric keys of a generation profile (e.g. "wom_susceptibility"), with ranges.
[[nodiscard]] std::vector<NumericKey> generation_parameters();

/// The profile member a key names, or nullptr.
[[nodiscard]] double* find_generation_parameter(GenerationProfile& profile, std::string_view key);

}  // namespace murmur
