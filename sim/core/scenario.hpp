#pragma once
// Scenario: what a YAML file describes, as plain aggregates with default member
// initialisers. The defaults here (and in default_generation_profiles()) are the only
// defaults in the program; the loader only overrides them. No YAML types appear here.
// Units: one step is one week. Rates marked "per year" are converted with weeks_per_year.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/types.hpp"

namespace murmur {

/// A week that never comes: the default exit_step. Written as null in the resolved scenario
/// (and read from null), never as 4294967295 (issue 16.9).
inline constexpr Step kNeverStep = std::numeric_limits<Step>::max();

enum class GraphKind {
  SmallWorld,   ///< Watts–Strogatz ring lattice with rewiring (rewiring 0 = lattice)
  ErdosRenyi,   ///< G(n, p) with p = mean_degree / (n - 1)
  ScaleFree,    ///< Barabási–Albert preferential attachment, mean_degree / 2 links per newcomer
  Communities,  ///< stochastic block model ("tribes"): within_degree inside, between_degree across
  FullyMixed,   ///< no edges: everyone hears the population average
  EdgeList,     ///< SNAP-style edge list file (edge_list_path)
};

struct GraphSpec {
  GraphKind kind = GraphKind::SmallWorld;
  double mean_degree = 10.0;       ///< expected neighbours per customer (small_world: even k)
  double rewiring = 0.1;           ///< small_world: probability of rewiring each lattice edge
  std::uint32_t communities = 10;  ///< communities: number of groups
  double within_degree = 8.0;      ///< communities: expected neighbours inside the own group
  double between_degree = 2.0;     ///< communities: expected neighbours in other groups
  std::string edge_list_path;      ///< edge_list: file, relative to the scenario file
};

/// One generation's behavioural profile (docs/model.md §3). Defaults are Customer 3.0's row only so
/// that a value-initialised profile is sane; real defaults come from default_generation_profiles().
struct GenerationProfile {
  std::string name;                  ///< e.g. "1.0"
  double ad_receptivity = 0.08;      ///< α: P(registers an ad | reached)
  double wom_susceptibility = 0.30;  ///< σ: weight of incoming word of mouth
  double wom_talkativeness = 0.30;   ///< θ: P(broadcast per week | promoter or detractor)
  double negative_weight = 2.0;  ///< ν⁻: weight of a detractor message relative to a promoter's
  std::uint32_t social_threshold = 1;    ///< m: promoter neighbours needed to move attitude
  std::uint32_t consideration_size = 6;  ///< K: brands considered at most
  double choice_overload = 0.15;         ///< ω: outside-option utility per brand beyond 6
  double price_sensitivity = 4.0;        ///< β_p: utility per relative price unit
  double inertia = 0.3;                  ///< κ: utility bonus of the current brand
  double base_churn = 0.004;             ///< h0: churn hazard per week
  double dissatisfaction_churn = 0.03;   ///< h1: churn hazard per week per point of C below 7
  double expectation_drift = 0.05;       ///< ε: pull of expectation toward experience per purchase
  double personalisation_value = 0.5;    ///< v: utility per unit personalisation when sharing data
  double privacy_concern = 0.6;          ///< ρ
  double local_preference = 0.0;         ///< λ: utility of a brand with a shop in my cell
  double habituation = 0.4;              ///< η: habituation gained per surprise
  double outside_utility = 0.0;          ///< u0: base utility of not buying
  bool aware_of_local_shops = false;     ///< starts aware of brands with a shop in its cell (1.0)
};

/// The five literature-based rows of docs/model.md §3, Customer 1.0 to 5.0.
[[nodiscard]] std::vector<GenerationProfile> default_generation_profiles();

enum class SeedingStrategy { Random, HighestDegree, Bridges, Neighbourhood };

/// A brand and its levers (docs/model.md §4).
struct BrandSpec {
  std::string name;
  double price = 1.0;           ///< P: price per purchase (currency units)
  double quality = 7.0;         ///< Q: mean delivered experience, 0–10
  double quality_spread = 1.5;  ///< σ_b: standard deviation of delivered experience
  std::optional<double> claim;  ///< S: self-assessed experience, 0–10 (default: quality + optimism)
  double optimism = 0.0;        ///< β_b: self-assessment bias, points
  double ad_budget = 0.0;       ///< A: advertising spend per week
  double copy_effect = 1.0;     ///< ψ: initial effectiveness of the ad copy, 0–1
  double reach63 = 100.0;       ///< goodwill at which weekly reach is 63%
  double personalisation = 0.0;    ///< π: 0–1
  double offer_value = 0.0;        ///< o: value of a personalised offer, relative to π
  double referral_reward = 0.0;    ///< R: paid to the sender per referral
  double referral_discount = 0.0;  ///< utility given to a referred receiver for 4 weeks
  double local_presence = 0.0;     ///< L: share of cells where the brand has a shop
  double data_ask = 0.0;           ///< how much data the brand asks for, 0–1
  double data_care = 0.5;          ///< how well it treats the data, 0–1 (trust target)
  double trust = 0.5;              ///< T: initial trust, 0–1
  double surprise_rate = 0.0;      ///< s: P(surprise) per purchase
  double surprise_size = 0.0;      ///< W: size of a fresh surprise, points
  double margin = 0.3;             ///< m: margin per purchase (currency units)
  double initial_share = 0.0;      ///< share of customers who start as its customers
  double initial_awareness = 0.0;  ///< share of customers aware of it at its entry
  double seeded_fraction = 0.0;    ///< share seeded as early adopters at entry
  SeedingStrategy seeding = SeedingStrategy::Random;  ///< who the seeded adopters are
  Step entry_step = 0;                                ///< first week on the market
  Step exit_step = kNeverStep;                        ///< first week off the market
};

/// What triggers an intervention: a step, or a condition on a brand's metric.
struct TriggerSpec {
  std::optional<Step> at_step;
  std::string brand;             ///< condition: brand whose metric is watched
  std::string metric = "share";  ///< condition: metric name (share, nps, awareness, churn)
  std::optional<double> above;   ///< condition holds when metric > above
  std::optional<double> below;   ///< condition holds when metric < below
  bool once = true;              ///< fire at most once
};

enum class InterventionKind {
  SetLever,         ///< set brand.lever = value
  Campaign,         ///< add `value` to ad_budget for `weeks`
  Scandal,          ///< quality drops by `value` for `weeks` (0 = permanent); trust halves
  Entry,            ///< brand enters now
  Exit,             ///< brand leaves now
  SeedAmbassadors,  ///< `value` = fraction of customers made promoters of brand
  PriceWar,         ///< every listed brand cuts price by fraction `value` for `weeks`
};

struct InterventionSpec {
  std::string name;
  TriggerSpec trigger;
  InterventionKind kind = InterventionKind::SetLever;
  std::vector<std::string> brands;  ///< brands acted on (one for most kinds)
  std::string lever;                ///< set_lever: lever key, e.g. "ad_budget"
  double value = 0.0;
  Step weeks = 0;
  SeedingStrategy seeding = SeedingStrategy::Random;
};

/// Market-wide constants (docs/model.md §3, "Market-wide constants"; τ: §1; docking: §8).
struct MarketSpec {
  double weeks_between_purchases = 4.0;  ///< τ: mean weeks between purchase occasions
  double attitude_decay = 0.02;          ///< δ_a per week
  double habituation_recovery = 0.05;    ///< ζ per week
  double satisfaction_learning = 0.3;    ///< α_s per purchase
  double goodwill_retention = 0.93;      ///< λ_G per week (Leone 1995)
  double wear_out = 0.02;                ///< copy wear-out per week on air
  double restoration = 0.05;             ///< copy restoration per week dark
  double ad_learning = 0.3;              ///< ℓ_ad: attitude pull toward the claim per ad contact
  double positive_message = 2.0;         ///< points carried by a promoter message
  double negative_message = -3.5;        ///< points carried by a detractor message (−3 in
                                         ///< the specification, retuned for V6: docs/model.md,
                                         ///< "Departures from the specification")
  double ad_persuasion = 10.0;  ///< utility per expected registered ad a week (docs/model.md §5.4)
  double churn_pull = 0.1;      ///< h2: churn hazard per utility point of the best rival
  std::uint32_t cells = 1000;   ///< neighbourhoods for local presence
  double discount_rate_per_year = 0.10;       ///< for CLV and NPV
  bool docking = false;                       ///< Bass docking reduction (docs/model.md §8)
  double docking_innovation_per_year = 0.03;  ///< p in docking mode
  double docking_imitation_per_year = 0.38;   ///< q in docking mode
};

/// The Bass diffusion model of the foundation (docs/model.md §8): one product, p and q per year.
struct BassSpec {
  double innovation_per_year = 0.03;                  ///< p (Sultan, Farley & Lehmann 1990)
  double imitation_per_year = 0.38;                   ///< q
  double seeded_fraction = 0.0;                       ///< adopters at step 0
  SeedingStrategy seeding = SeedingStrategy::Random;  ///< who they are
  std::uint32_t social_threshold =
      1;  ///< adopter friends needed before word of mouth acts (2+ = complex contagion)
};

enum class ModelKind { Bass, Market };

struct PopulationSpec {
  std::uint64_t customers = 10000;  ///< ignored for edge lists (the file decides)
  std::vector<double> generation_mix = {0.1, 0.3, 0.3, 0.2, 0.1};  ///< shares per profile
  double generational_shift_per_year =
      0.0;  ///< share of each generation moving to the next per year
  GraphSpec graph;
};

struct OutputSpec {
  Step every = 1;            ///< write metrics every n steps (the last step is always written)
  bool attribution = false;  ///< count adoptions and losses by cause (docs/model.md §5.8)
  bool cascades = false;     ///< follow word-of-mouth cascades (docs/model.md §5.9)
};

struct Scenario {
  std::string name = "scenario";
  std::string description;
  std::string source_path;  ///< file it was loaded from ("" if built in code)
  Seed seed = 1;
  Step steps = 52;
  double weeks_per_year = 52.0;
  ModelKind model = ModelKind::Market;
  PopulationSpec population;
  BassSpec bass;
  MarketSpec market;
  std::vector<GenerationProfile> generations = default_generation_profiles();
  std::vector<BrandSpec> brands;
  std::vector<InterventionSpec> interventions;
  OutputSpec output;
};

}  // namespace murmur
