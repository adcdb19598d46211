#pragma once
// The market model (docs/model.md; its metrics: docs/metrics.md): brands compete for
// customers of five generations through advertising, word of mouth on the social graph,
// choice, experience, advocacy and churn. One step is one week.
//
// Value semantics: a MarketModel is copyable (the graph is shared and immutable), so a
// dashboard can fork a running market to ask "what if". Brand levers are mutable between
// steps (mutable_brand()), and the customer arrays are readable for a network view.

#include <memory>
#include <optional>
#include <vector>

#include "agents/brand.hpp"
#include "agents/cascades.hpp"
#include "agents/customers.hpp"
#include "agents/interventions.hpp"
#include "agents/market_metrics.hpp"
#include "agents/message_routing.hpp"
#include "agents/phases.hpp"
#include "sim/model/model.hpp"

namespace murmur {

class MarketModel final : public Model {
 public:
  /// Builds the initial state (step 0). The graph must have scenario-independent size: its
  /// customer_count() is the population. Throws std::invalid_argument for more than 64 brands
  /// or 16 generations, or an empty population.
  MarketModel(const Scenario& scenario, std::shared_ptr<const SocialGraph> graph);

  [[nodiscard]] const MetricsSchema& schema() const override { return schema_; }
  [[nodiscard]] Step current_step() const override { return step_; }
  void step() override;
  [[nodiscard]] MetricsFrame measure() const override;
  /// Everything that evolves (agents/market_state.cpp), so a resumed run continues bit for bit.
  [[nodiscard]] std::string save_state() const override;
  void load_state(std::string_view state) override;
  /// The hash of save_state()'s bytes, streamed: no copy of the state is made.
  [[nodiscard]] std::uint64_t state_hash() const override;
  /// Bytes a model of `scenario` holds at its busiest, before building it: the customer
  /// arrays, the local-presence table and the routed mail of a graph with `adjacency_entries`.
  [[nodiscard]] static std::size_t estimate_bytes(const Scenario& scenario,
                                                  double adjacency_entries);
  /// The local-presence table's bytes per cell (market.cells): one coverage word.
  static constexpr std::size_t kBytesPerCell = sizeof(std::uint64_t);
  /// The customer arrays (with attribution's two bytes and the cascades' tracker) and the routed
  /// mail (the graph is counted by the graph).
  [[nodiscard]] std::size_t state_bytes() const override {
    return customers_.memory_bytes() + customers_.last_touch.capacity() +
           customers_.adopted_by.capacity() + cascades_.memory_bytes() + router_.memory_bytes();
  }

  [[nodiscard]] std::unique_ptr<Model> clone() const override {
    return std::make_unique<MarketModel>(*this);
  }
  /// Every numeric lever of every brand (the keys of brands[i] in a scenario), then the
  /// market-wide ones (brand kAllLabel): each generation's share and key profile parameters.
  [[nodiscard]] std::vector<LeverInfo> levers() const override;
  void set_lever(std::uint16_t brand, const std::string& name, double value) override;
  [[nodiscard]] CustomerView customer_view(CustomerIndex customer) const override;
  /// Applies any intervention kind now (agents/interventions.cpp); timed kinds are undone
  /// at the start of week current_step() + weeks. Throws std::invalid_argument for an
  /// unknown brand or lever.
  void apply_intervention(const InterventionSpec& intervention) override;
  [[nodiscard]] std::span<const FiredIntervention> fired_interventions() const override {
    return log_.fired;
  }
  [[nodiscard]] const SocialGraph& graph() const noexcept override { return *graph_; }

  [[nodiscard]] const Scenario& scenario() const noexcept { return scenario_; }
  [[nodiscard]] const Customers& customers() const noexcept { return customers_; }
  /// For tests and interventions that edit customers; call refresh_metrics() afterwards.
  [[nodiscard]] Customers& mutable_customers() noexcept { return customers_; }
  /// Broadcasts of the last completed week (what neighbours hear next), one byte per customer.
  [[nodiscard]] std::span<const Broadcast> last_broadcasts() const noexcept {
    return customers_.broadcast[parity_];
  }

  [[nodiscard]] const std::vector<BrandState>& brands() const noexcept { return brands_; }
  /// Levers (brand.levers) and state may be changed between steps, e.g. from a dashboard.
  [[nodiscard]] BrandState& mutable_brand(BrandIndex b) { return brands_.at(b); }
  [[nodiscard]] double mean_quality() const { return mean_quality_on_market(brands_); }
  /// The word-of-mouth cascades to date (empty unless output.cascades is on).
  [[nodiscard]] const CascadeTracker& cascades() const noexcept { return cascades_; }

  /// Recompute the end-of-week stock metrics from the current customer arrays (flows of the
  /// last week are kept). Use after editing customers directly.
  void refresh_metrics();

  /// The constants the customer phases read this week (exposed for phase unit tests).
  [[nodiscard]] StepContext make_context(Step week, std::uint64_t entering);

  /// Whether plain weeks run through their own compiled copy of the customer loop (the
  /// default) or through the copy for any week, which must give the same bytes (for tests).
  void specialise_plain_weeks(bool on) noexcept { plain_weeks_specialised_ = on; }
  /// Whether weeks with few speakers push their messages to the hearers (message_routing.hpp,
  /// the default) or every week pulls them from the neighbours' broadcasts, which must give
  /// the same bytes (for tests and benchmarks).
  void route_messages(bool on) noexcept { routing_enabled_ = on; }
  /// Whether the last step routed its messages (route_messages() and route_pays()).
  [[nodiscard]] bool last_step_routed() const noexcept { return last_step_routed_; }
  /// The messages the last routed step delivered (speaker–hearer pairs).
  [[nodiscard]] std::size_t routed_messages() const noexcept { return router_.messages(); }

 private:
  /// No generation has more brand customers than members (shares sum to at most 1): a
  /// MURMUR_VALIDATE check of every measure().
  [[nodiscard]] bool shares_fit_population() const;
  // Market-wide live levers (agents/market_live.cpp).
  [[nodiscard]] GenerationIndex generation_index(std::string_view name) const;
  void set_market_lever(const std::string& name, double value);
  void remix_generations(GenerationIndex target, double share);

  // Interventions (agents/interventions.cpp): run first in "brands act".
  void apply_interventions(Step week);
  void undo_expired(Step week);
  [[nodiscard]] bool trigger_fires(std::size_t intervention, Step week,
                                   std::optional<MetricsFrame>& metrics);
  [[nodiscard]] BrandIndex brand_index(const std::string& name) const;
  void adjust_lever(BrandIndex brand, const std::string& lever, double delta, Step weeks);
  void seed_ambassadors(BrandIndex brand, double fraction, SeedingStrategy strategy);
  void revoke_data_sharing(BrandIndex brand);
  /// Customers seeded by a network strategy for brands entering now (empty for random).
  void select_entry_seeds(std::uint64_t entering);
  void initialise();
  template <class Archive>
  void transfer_state(Archive& archive);
  /// transfer_state into a writer (a writer only reads the model).
  template <class Writer>
  void write_state(Writer& out) const;
  void rebuild_cell_coverage();
  /// Whether this week's messages are routed rather than pulled: a graph the packed count
  /// takes, and at most 1 in kRoutingMaxSpeakerShare customers spoke last week, so the mail
  /// (9 B a message) stays under a quarter of the graph's adjacency entries and costs less
  /// than the pull's visit of every neighbour.
  [[nodiscard]] bool route_pays(const StepContext& ctx) const;
  static constexpr CustomerIndex kRoutingMaxSpeakerShare = 4;
  void record_week(Step week);
  /// Applies this week's logs of the blocks to the cascades, in block order.
  void follow_cascades();
  /// The cascade metrics of a (brand or all) × (generation or all) row.
  void emit_cascades(MetricsFrame& frame, unsigned b, unsigned g) const;

  Scenario scenario_;
  std::shared_ptr<const SocialGraph> graph_;
  MetricsSchema schema_;
  Customers customers_;
  std::vector<BrandState> brands_;
  Step step_ = 0;
  unsigned parity_ = 0;  ///< customers_.broadcast[parity_] = last week's broadcasts
  bool plain_weeks_specialised_ = true;
  bool routing_enabled_ = true;
  bool last_step_routed_ = false;
  MessageRouter router_;                ///< this week's messages by hearer's block, when routed
  std::uint32_t graph_max_degree_ = 0;  ///< the largest row of the graph (0 when fully mixed)

  std::vector<std::uint64_t> cell_coverage_;  ///< (cells): bit b = brand b has a shop there
  std::vector<double> coverage_presence_;     ///< L_b the coverage table was built for
  std::vector<BlockTally> partials_;          ///< (blocks): this week's per-block tallies
  MarketTotals totals_;                       ///< fold of partials_ (end of the last week)
  std::vector<std::uint64_t>
      start_customers_;  ///< (brands x generations) at the start of the last week
  std::vector<std::uint64_t> acquisitions_;  ///< (brands x generations) new customers to date
  std::vector<RollingFlows> rolling_;        ///< (brands) last 13 weeks of flows
  std::vector<double> referral_rewards_;     ///< (brands) paid in the last week
  std::vector<double> offer_costs_;          ///< (brands) paid in the last week
  std::vector<double> ad_spend_;             ///< (brands) spent in the last week
  std::uint32_t live_remixes_ = 0;           ///< generation-mix moves so far (keys their draws)
  InterventionLog log_;                      ///< triggers, pending restorations, history
  std::vector<std::vector<CustomerIndex>> entry_seeds_;  ///< (brands) sorted; this week only
  CascadeTracker cascades_;                              ///< with output.cascades only
  std::vector<std::uint64_t> week_recruits_;  ///< (brands x generations) recruited last week
  std::uint16_t cascade_metrics_ = 0;         ///< id of the first cascade metric in schema_
};

/// The market model for a scenario over a graph (fully mixed or not).
[[nodiscard]] std::unique_ptr<Model> make_market_model(const Scenario& scenario,
                                                       std::shared_ptr<const SocialGraph> graph);

}  // namespace murmur
