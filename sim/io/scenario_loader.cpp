// Scenario YAML -> Scenario, read with the shared schema reader of yaml_map_reader.hpp.
//
// Steps: parse (syntax errors keep their mark), apply the --set overrides to the YAML tree,
// walk the tree with the schema of scenario_schema.hpp (types, ranges, unknown and
// duplicate keys), then check what spans several keys (the generation mix, the graph,
// brand names, interventions). Every issue is collected; one InputError is thrown at the end.
//
// Hostile input: the walk follows the schema, never the document, so its depth is the
// schema's (at most 4) and an alias bomb under an unknown key is never expanded; yaml-cpp
// 0.7 itself stops nesting at depth 2000 (DeepRecursion). Files over 4 MiB, lists longer
// than their limits and issues beyond 100 are refused or cut short.

#include "sim/io/scenario_loader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/error.hpp"
#include "sim/core/input_file.hpp"
#include "sim/core/scenario_schema.hpp"
#include "sim/graph/social_graph.hpp"
#include "sim/io/yaml_map_reader.hpp"

namespace murmur {
namespace {

using namespace yaml_walk;  // NOLINT: the shared reader is this file's vocabulary

constexpr std::uintmax_t kMaxFileBytes = kMaxYamlFileBytes;
constexpr double kMixTolerance = 1e-6;

// ---- the state of one load ----

struct MixEntry {
  std::string name;
  double share = 0.0;
  Place place;
  std::string path;
};

struct Loader : ReadState {
  std::vector<MixEntry> mix;
  bool mix_given = false;
};

// ---- the schema visitor that reads a scenario: the generic kinds and the scenario's own ----

class ScenarioReader : public MapReader<ScenarioReader, Loader> {
 public:
  using MapReader::MapReader;

  /// `brand: X` or `brands: [X, Y]`.
  void names(const Field& one, const Field& many, std::vector<std::string>& value) {
    const Entry* single = take(one.key);
    const Entry* several = take(many.key);
    if (single != nullptr && several != nullptr) {
      loader_.issues.add(place(*several), child_path(many.key),
                         fmt::format("give '{}' or '{}', not both", one.key, many.key));
      return;
    }
    if (single != nullptr) {
      std::string name;
      text(one, name, Presence::Required);
      if (!name.empty()) value = {name};
      return;
    }
    if (several == nullptr || several->value.IsNull()) return;
    if (!several->value.IsSequence()) {
      expected(*several, many, "a list of brand names, e.g. [A, B]");
      return;
    }
    value.clear();
    for (std::size_t i = 0; i < std::min(several->value.size(), kMaxInterventions); ++i) {
      const YAML::Node item = several->value[i];
      const std::string item_path = fmt::format("{}[{}]", child_path(many.key), i);
      const Place item_place = Loader::place_of(item, loader_.origin_of(item, several->origin));
      loader_.places[item_path] = item_place;
      if (!item.IsScalar() || item.Scalar().empty()) {
        loader_.issues.add(item_place, item_path,
                           fmt::format("expected a brand name, got {}", what_node_is(item)));
        continue;
      }
      value.push_back(item.Scalar());
    }
  }

  /// Shares by generation name; names are resolved once all generations are known.
  void mix(const Field& field, std::vector<double>& /*value*/) {
    const Entry* entry = take(field.key);
    if (entry == nullptr || entry->value.IsNull()) return;
    if (!entry->value.IsMap()) {
      expected(*entry, field,
               "a map from generation name to share, e.g. {\"1.0\": 0.1, \"2.0\": 0.9}");
      return;
    }
    loader_.mix_given = true;
    const std::string path = child_path(field.key);
    for (auto& item : map_entries(loader_, entry->value, path, entry->origin)) {
      const std::string item_path = fmt::format("{}[{}]", path, item.key);
      const Place item_place = Loader::place_of(item.value, item.origin);
      loader_.places[item_path] = item_place;
      const auto share = parse_number(item.value);
      if (!share || !field.range.contains(*share)) {
        loader_.issues.add(item_place, item_path,
                           fmt::format("the share of generation '{}' must be a number in [0, 1]; "
                                       "got {}",
                                       item.key, what_node_is(item.value)));
        continue;
      }
      loader_.mix.push_back(
          MixEntry{item.key, *share, Loader::place_of(item.key_node, item.origin), item_path});
    }
  }

  /// Overrides of existing profiles first, then new profiles in file order, so `based_on`
  /// sees the overridden rows.
  void profiles(const Field& field, std::vector<GenerationProfile>& value) {
    const Entry* entry = take(field.key);
    if (entry == nullptr || entry->value.IsNull()) return;
    if (!entry->value.IsMap()) {
      expected(*entry, field,
               "a map from generation name to its fields, e.g. \"4.0\": {inertia: 2}");
      return;
    }
    const std::string path = child_path(field.key);
    auto items = map_entries(loader_, entry->value, path, entry->origin);
    for (const bool adding : {false, true}) {
      for (auto& item : items) {
        const bool known = std::any_of(value.begin(), value.end(),
                                       [&](const auto& p) { return p.name == item.key; });
        if (known != adding) read_profile(item, path, value);
      }
    }
  }

 private:
  void read_profile(const Entry& item, const std::string& path,
                    std::vector<GenerationProfile>& profiles) {
    const std::string item_path = fmt::format("{}[{}]", path, item.key);
    const Place item_place = Loader::place_of(item.key_node, item.origin);
    loader_.places[item_path] = item_place;
    if (!item.value.IsMap() && !item.value.IsNull()) {
      loader_.issues.add(item_place, item_path,
                         fmt::format("generation '{}' must be a map of profile fields; got {}",
                                     item.key, what_node_is(item.value)));
      return;
    }
    const YAML::Node fields = item.value.IsNull() ? YAML::Node(YAML::NodeType::Map) : item.value;
    ScenarioReader reader(loader_, fields, item_path, item.origin);
    auto existing = std::find_if(profiles.begin(), profiles.end(),
                                 [&](const auto& p) { return p.name == item.key; });
    std::string based_on;
    reader.text(Field{"based_on", "", {}, "the profile a new generation starts from"}, based_on);
    if (existing != profiles.end()) {
      if (!based_on.empty()) {
        loader_.issues.add(loader_.place(item_path + ".based_on"), item_path + ".based_on",
                           fmt::format("'based_on' applies only to new generations; '{}' "
                                       "already exists",
                                       item.key));
      }
      describe(*existing, reader);
      reader.finish();
      return;
    }
    add_profile(item, item_path, based_on.empty() ? "3.0" : based_on, reader, profiles);
  }

  void add_profile(const Entry& item, const std::string& item_path, const std::string& base_name,
                   ScenarioReader& reader, std::vector<GenerationProfile>& profiles) {
    if (profiles.size() >= kMaxGenerations) {
      loader_.issues.add(loader_.place(item_path), item_path,
                         fmt::format("at most {} generations allowed", kMaxGenerations));
      return;
    }
    std::vector<std::string> names;
    for (const auto& p : profiles) names.push_back(p.name);
    const auto base = std::find(names.begin(), names.end(), base_name);
    if (base == names.end()) {
      loader_.issues.add(
          loader_.place(item_path + ".based_on"), item_path + ".based_on",
          fmt::format("unknown generation '{}'; known: {}", base_name, join_names(names)),
          suggest(base_name, names));
      return;
    }
    check_name(loader_, item_path, "generation name", item.key, NameUse::MetricLabel);
    GenerationProfile profile = profiles[static_cast<std::size_t>(base - names.begin())];
    profile.name = item.key;
    describe(profile, reader);
    reader.finish();
    profiles.push_back(std::move(profile));
  }
};

// ---- overrides: key.path=value applied to the YAML tree ----

struct PathStep {
  std::string key;
  std::optional<std::string> bracket;  // brands[0], brands[Incumbent], generations[4.0]
};

std::optional<std::vector<PathStep>> parse_override_path(std::string_view text) {
  std::vector<PathStep> steps;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t end = text.find_first_of(".[", i);
    PathStep step{std::string(text.substr(i, end - i)), std::nullopt};
    if (step.key.empty()) return std::nullopt;
    i = std::min(end, text.size());
    if (i < text.size() && text[i] == '[') {
      const std::size_t close = text.find(']', i);
      if (close == std::string_view::npos || close == i + 1) return std::nullopt;
      step.bracket = std::string(text.substr(i + 1, close - i - 1));
      i = close + 1;
    }
    steps.push_back(std::move(step));
    if (i == text.size()) break;
    if (text[i] != '.') return std::nullopt;
    if (++i == text.size()) return std::nullopt;  // trailing '.'
  }
  if (steps.empty()) return std::nullopt;
  return steps;
}

class OverrideApplier {
 public:
  OverrideApplier(Loader& loader, YAML::Node root, int index)
      : loader_(loader), root_(std::move(root)), index_(index) {}

  void apply(const std::string& text) {
    const auto equals = text.find('=');
    const auto steps = equals == std::string::npos
                           ? std::nullopt
                           : parse_override_path(std::string_view(text).substr(0, equals));
    if (equals != std::string::npos) key_ = text.substr(0, equals);
    if (!steps) {
      fail(text.substr(0, equals),
           "expected key.path=value, e.g. steps=104, brands[0].price=1.2, "
           "generations[4.0].inertia=2");
      return;
    }
    YAML::Node value;
    try {
      value = YAML::Load(text.substr(equals + 1));
    } catch (const YAML::Exception& error) {
      fail(text.substr(0, equals), fmt::format("the value is not valid YAML: {}", error.msg));
      return;
    }
    loader_.override_nodes.emplace_back(value, index_);
    assign(*steps, value);
  }

 private:
  void fail(std::string path, std::string message, std::string suggestion = {}) {
    loader_.issues.add(Place{index_, 0, 0}, std::move(path), std::move(message),
                       std::move(suggestion));
  }

  /// Walks to the parent of the last step, creating maps the file omitted, then sets it.
  /// Node handles are rebound with reset(): `a = b` on a yaml-cpp handle would overwrite a's node.
  void assign(const std::vector<PathStep>& steps, const YAML::Node& value) {
    YAML::Node node;
    node.reset(root_);
    std::string path;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const bool last = i + 1 == steps.size();
      path += (path.empty() ? "" : ".") + steps[i].key;
      if (!node.IsMap()) {
        if (node.IsSequence() && is_index(steps[i].key))  // brands.0.price: a list index
          fail(path, "this is an index into a list: write it in brackets",
               with_bracketed_indices(key_));
        else
          fail(path, "cannot set a key here: the enclosing value is not a map of keys");
        return;
      }
      if (last && !steps[i].bracket) {
        set_in_map(node, steps[i].key, value);
        return;
      }
      if (steps[i].bracket && is_index(*steps[i].bracket) && !has_key(node, steps[i].key)) {
        fail(path, fmt::format("there is no list '{}' to index", steps[i].key));
        return;
      }
      node.reset(child_map(node, steps[i].key));
      if (!steps[i].bracket) continue;
      path += fmt::format("[{}]", *steps[i].bracket);
      YAML::Node next = element(node, *steps[i].bracket, path, last ? &value : nullptr);
      if (!next.IsDefined() || last) return;
      node.reset(next);
    }
  }

  /// "brands.0.price" -> "brands[0].price": every all-digit segment after a dot in brackets.
  static std::string with_bracketed_indices(const std::string& key) {
    std::string out;
    std::size_t start = 0;
    while (start <= key.size()) {
      const std::size_t end = std::min(key.find('.', start), key.size());
      const std::string segment = key.substr(start, end - start);
      if (start > 0 && !segment.empty() && is_index(segment))
        out += "[" + segment + "]";
      else
        out += (start > 0 ? "." : "") + segment;
      start = end + 1;
    }
    return out;
  }

  static bool is_index(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
  }

  static bool has_key(const YAML::Node& map, const std::string& key) {
    return map[key].IsDefined();  // const lookup: adds nothing
  }

  YAML::Node child_map(YAML::Node& map, const std::string& key) {
    if (has_key(map, key)) return map[key];
    YAML::Node fresh(YAML::NodeType::Map);
    loader_.override_nodes.emplace_back(fresh, index_);
    map[key] = fresh;
    return fresh;
  }

  void set_in_map(YAML::Node& map, const std::string& key, const YAML::Node& value) {
    // Remove, then add: assigning into the old node would also change every alias of it.
    map.remove(key);
    map[key] = value;
  }

  /// The [bracket] child: a list item by index or by `name`, or a map entry by key. With
  /// `value`, sets it instead. Returns an undefined node after reporting a failure.
  YAML::Node element(YAML::Node& node, const std::string& bracket, const std::string& path,
                     const YAML::Node* value) {
    if (node.IsMap()) {
      if (value != nullptr) {
        set_in_map(node, bracket, *value);
        return {};
      }
      return child_map(node, bracket);
    }
    if (!node.IsSequence()) {
      fail(path, "only lists and maps can be indexed with [ ]");
      return YAML::Node(YAML::NodeType::Undefined);
    }
    const auto index = find_item(node, bracket, path);
    if (!index) return YAML::Node(YAML::NodeType::Undefined);
    if (value != nullptr) {
      node[*index] = *value;
      return {};
    }
    return node[*index];
  }

  std::optional<std::size_t> find_item(const YAML::Node& list, const std::string& bracket,
                                       const std::string& path) {
    std::size_t index = 0;
    const auto [end, error] =
        std::from_chars(bracket.data(), bracket.data() + bracket.size(), index);
    if (error == std::errc{} && end == bracket.data() + bracket.size()) {
      if (index < list.size()) return index;
      fail(path,
           fmt::format("index {} is out of range: the list has {} entries", index, list.size()));
      return std::nullopt;
    }
    std::vector<std::string> names;
    for (std::size_t i = 0; i < list.size(); ++i) {
      // A missing key gives a "zombie" node whose Type() throws: test IsDefined() first.
      const YAML::Node name = list[i].IsMap() ? list[i]["name"] : YAML::Node();
      if (!name.IsDefined() || !name.IsScalar()) continue;
      if (name.Scalar() == bracket) return i;
      names.push_back(name.Scalar());
    }
    fail(path, fmt::format("no entry named '{}'; names: {}", bracket, join_names(names)),
         suggest(bracket, names));
    return std::nullopt;
  }

  Loader& loader_;
  YAML::Node root_;
  int index_;
  std::string key_;  ///< the key path of the --set being applied, as the user typed it
};

// ---- checks across keys ----

/// A computed number as a person writes it: 1.3, not the 1.3000000000000003 of a float sum.
std::string as_written(double value) { return fmt::format("{:.10g}", value); }

void resolve_mix(Scenario& scenario, Loader& loader) {
  auto& mix = scenario.population.generation_mix;
  if (!loader.mix_given) {
    mix.resize(scenario.generations.size(), 0.0);  // new generations start empty
    return;
  }
  std::vector<std::string> names;
  for (const auto& profile : scenario.generations) names.push_back(profile.name);
  mix.assign(names.size(), 0.0);
  double sum = 0.0;
  bool all_known = true;
  for (const auto& entry : loader.mix) {
    const auto it = std::find(names.begin(), names.end(), entry.name);
    if (it == names.end()) {
      loader.issues.add(entry.place, entry.path,
                        fmt::format("unknown generation '{}' in generation_mix; known: {}",
                                    entry.name, join_names(names)),
                        suggest(entry.name, names));
      all_known = false;
      continue;
    }
    mix[static_cast<std::size_t>(it - names.begin())] = entry.share;
    sum += entry.share;
  }
  // With a misnamed generation the sum is off too: one message, about the name, says it.
  if (all_known && std::abs(sum - 1.0) > kMixTolerance) {
    loader.issues.add(
        loader.place("population.generation_mix"), "population.generation_mix",
        fmt::format("generation_mix must sum to 1 (within 1e-6); it sums to {}", as_written(sum)));
  }
}

/// The graph generators' own checks (graph_spec_issues, sim/graph) placed in the file, so
/// `validate` refuses what `run` would, with the same words; and the edge list must exist.
void check_graph(const Scenario& scenario, Loader& loader) {
  const auto& graph = scenario.population.graph;
  auto add = [&](const std::string& key, std::string message) {
    const std::string path = "population.graph." + key;
    loader.issues.add(loader.place(path), path, std::move(message));
  };
  switch (graph.kind) {
    case GraphKind::FullyMixed:
      return;
    case GraphKind::EdgeList: {
      if (graph.edge_list_path.empty()) {
        add("edge_list",
            "missing required key 'edge_list' in population.graph "
            "(kind is edge_list)");
        return;
      }
      if (auto issue = regular_file_issue(graph.edge_list_path, "edge list")) {
        const std::string path = "population.graph.edge_list";
        loader.issues.add(loader.place(path), path,
                          fmt::format("'{}': {}", graph.edge_list_path, issue->message),
                          issue->suggestion);
      }
      return;
    }
    default:
      for (InputIssue& issue : graph_spec_issues(graph, scenario.population.customers)) {
        loader.issues.add(loader.place(issue.key_path), issue.key_path, std::move(issue.message));
      }
      return;
  }
}

/// Cascades follow recruitments along the market's social graph: a Bass model or a fully mixed
/// market has none to follow.
void check_output(const Scenario& scenario, Loader& loader) {
  if (!scenario.output.cascades) return;
  const char* missing = scenario.model != ModelKind::Market ? "model: market"
                        : scenario.population.graph.kind == GraphKind::FullyMixed
                            ? "a social graph (population.graph.kind is fully_mixed)"
                            : nullptr;
  if (missing == nullptr) return;
  loader.issues.add(loader.place("output.cascades"), "output.cascades",
                    fmt::format("cascades follow who recruited whom on the social graph, so "
                                "they need {}; turn them off or give one",
                                missing));
}

std::vector<std::string> brand_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const auto& brand : scenario.brands) names.push_back(brand.name);
  return names;
}

void check_brands(const Scenario& scenario, Loader& loader) {
  if (scenario.model == ModelKind::Market && scenario.brands.empty()) {
    loader.issues.add(loader.place("brands"), "brands",
                      "model: market needs at least one brand under 'brands'");
  }
  double initial_share = 0.0;
  // A sum over the brands is blamed on a --set that changed one of its terms, if any (16.13).
  Place share_place = loader.place("brands");
  std::string share_path = "brands";
  for (std::size_t i = 0; i < scenario.brands.size(); ++i) {
    const auto& brand = scenario.brands[i];
    const std::string path = fmt::format("brands[{}]", i);
    if (const Place place = loader.place(path + ".initial_share"); place.origin != kFromFile)
      share_place = place, share_path = path + ".initial_share";
    check_name(loader, path + ".name", "brand name", brand.name, NameUse::MetricLabel);
    for (std::size_t j = 0; j < i; ++j) {
      if (!brand.name.empty() && scenario.brands[j].name == brand.name) {
        loader.issues.add(
            loader.place(path + ".name"), path + ".name",
            fmt::format("duplicate brand name '{}' (also brands[{}])", brand.name, j));
        break;
      }
    }
    if (brand.entry_step >= brand.exit_step) {
      loader.issues.add(loader.place(path + ".exit_step"), path + ".exit_step",
                        "'exit_step' must be after 'entry_step'");
    }
    initial_share += brand.initial_share;
  }
  if (initial_share > 1.0 + kMixTolerance) {
    loader.issues.add(share_place, share_path,
                      fmt::format("initial_share over all brands must be at most 1; it sums to {}",
                                  as_written(initial_share)));
  }
}

void check_brand_reference(const std::string& name, const std::string& path,
                           const std::vector<std::string>& brands, Loader& loader) {
  if (std::find(brands.begin(), brands.end(), name) != brands.end()) return;
  loader.issues.add(loader.place(path), path,
                    fmt::format("unknown brand '{}'; brands: {}", name, join_names(brands)),
                    suggest(name, brands));
}

void check_trigger(const TriggerSpec& trigger, const std::string& path,
                   const std::vector<std::string>& brands, Loader& loader) {
  const bool has_when = loader.places.contains(path + ".when");
  if (trigger.at_step && has_when) {
    loader.issues.add(loader.place(path + ".when"), path + ".when",
                      "give 'at_step' or 'when', not both");
  } else if (!trigger.at_step && !has_when) {
    loader.issues.add(loader.place(path), path + ".at_step",
                      "missing trigger: give 'at_step: N' or 'when: {brand, metric, above|below}'");
  }
  if (!has_when) return;
  if (!trigger.brand.empty())
    check_brand_reference(trigger.brand, path + ".when.brand", brands, loader);
  if (trigger.above.has_value() == trigger.below.has_value()) {
    loader.issues.add(loader.place(path + ".when"), path + ".when",
                      "a condition needs exactly one of 'above' and 'below'");
  }
}

void check_value(const InterventionSpec& spec, const std::string& path, Loader& loader) {
  Range range = kAnyNumber;
  std::string what;
  switch (spec.kind) {
    case InterventionKind::SetLever: {
      const auto levers = brand_levers();
      const auto lever = std::find_if(levers.begin(), levers.end(),
                                      [&](const auto& l) { return l.key == spec.lever; });
      if (lever == levers.end()) {
        std::vector<std::string> keys;
        for (const auto& l : levers) keys.emplace_back(l.key);
        const std::string message =
            spec.lever.empty()
                ? std::string("set_lever needs 'lever': a numeric brand key")
                : fmt::format("unknown lever '{}'; levers: {}", spec.lever, join_names(keys));
        loader.issues.add(loader.place(path + ".lever"), path + ".lever", message,
                          suggest(spec.lever, keys));
        return;
      }
      range = lever->range;
      what = fmt::format("for lever '{}'", spec.lever);
      break;
    }
    case InterventionKind::Campaign:
      range = kNonNegative;
      what = "for a campaign";
      break;
    case InterventionKind::Scandal:
      range = kScore;
      what = "for a scandal (quality drop)";
      break;
    case InterventionKind::SeedAmbassadors:
      range = kProbability;
      what = "(a fraction)";
      break;
    case InterventionKind::PriceWar:
      range = Range{0.0, 1.0, false, true};
      what = "(a fraction of the price)";
      break;
    default:
      break;
  }
  if (spec.kind != InterventionKind::SetLever && !spec.lever.empty()) {
    loader.issues.add(loader.place(path + ".lever"), path + ".lever",
                      "'lever' applies only to kind: set_lever");
  }
  if (!range.contains(spec.value)) {
    loader.issues.add(
        loader.place(path + ".value"), path + ".value",
        fmt::format("'value' must be a number {} {}; got {}", range.text(), what, spec.value));
  }
}

void check_interventions(const Scenario& scenario, Loader& loader) {
  const auto brands = brand_names(scenario);
  for (std::size_t i = 0; i < scenario.interventions.size(); ++i) {
    const auto& spec = scenario.interventions[i];
    const std::string path = fmt::format("interventions[{}]", i);
    check_trigger(spec.trigger, path, brands, loader);
    if (spec.brands.empty()) {
      loader.issues.add(loader.place(path), path + ".brand",
                        fmt::format("missing required key 'brand' (or 'brands') in {}", path));
    }
    for (std::size_t j = 0; j < spec.brands.size(); ++j) {
      const std::string brand_path = loader.places.contains(path + ".brand")
                                         ? path + ".brand"
                                         : fmt::format("{}.brands[{}]", path, j);
      check_brand_reference(spec.brands[j], brand_path, brands, loader);
    }
    check_value(spec, path, loader);
  }
}

/// Week keys the run never reaches are allowed (a what-if may shorten `steps` with --set),
/// but the brand then never enters or leaves and the intervention never fires: say so.
std::vector<InputIssue> weeks_after_the_run(const Scenario& scenario, const Loader& loader,
                                            Issues warnings) {
  const auto warn_after_run = [&](Step week, const std::string& path, const char* consequence) {
    if (week < scenario.steps) return;
    warnings.add(loader.place(path), path,
                 fmt::format("week {} is after the run's last week, {} (steps: {}): {}", week,
                             scenario.steps - 1, scenario.steps, consequence));
  };
  for (std::size_t i = 0; i < scenario.brands.size(); ++i) {
    const BrandSpec& brand = scenario.brands[i];
    const std::string path = fmt::format("brands[{}]", i);
    warn_after_run(brand.entry_step, path + ".entry_step", "the brand never enters");
    if (brand.exit_step != kNeverStep)
      warn_after_run(brand.exit_step, path + ".exit_step", "the brand never leaves");
  }
  for (std::size_t i = 0; i < scenario.interventions.size(); ++i) {
    const TriggerSpec& trigger = scenario.interventions[i].trigger;
    if (trigger.at_step)
      warn_after_run(*trigger.at_step, fmt::format("interventions[{}].at_step", i),
                     "the intervention never fires");
  }
  return warnings.sorted();
}

}  // namespace

Scenario load_scenario_text(std::string_view yaml, std::string file_label,
                            const std::vector<std::string>& overrides,
                            std::filesystem::path base_dir,
                            const std::vector<OverrideOrigin>& override_origins) {
  return load_checked_scenario_text(yaml, std::move(file_label), overrides, std::move(base_dir),
                                    override_origins)
      .scenario;
}

CheckedScenario load_checked_scenario_text(std::string_view yaml, std::string file_label,
                                           const std::vector<std::string>& overrides,
                                           std::filesystem::path base_dir,
                                           const std::vector<OverrideOrigin>& override_origins) {
  Loader loader{
      {Issues(file_label, overrides, override_origins), {}, {}, std::move(base_dir)}, {}, false};
  if (yaml.size() > kMaxFileBytes) {
    loader.issues.add(
        Place{}, "",
        fmt::format("the scenario is {} bytes; the limit is {} bytes", yaml.size(), kMaxFileBytes));
    loader.issues.throw_all();
  }
  YAML::Node root = parse(yaml, loader);
  if (!loader.issues.empty()) loader.issues.throw_all();
  if (root.IsNull()) {
    loader.issues.add(Place{kFromFile, 1, 1}, "",
                      "the scenario is empty; expected keys such as 'model', 'population' "
                      "and 'brands' (see scenarios/README.md)");
    loader.issues.throw_all();
  }
  if (!root.IsMap()) {
    loader.issues.add(Loader::place_of(root, kFromFile), "",
                      fmt::format("a scenario must be a map of keys; got {}", what_node_is(root)));
    loader.issues.throw_all();
  }
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    OverrideApplier(loader, root, static_cast<int>(i)).apply(overrides[i]);
  }
  Scenario scenario;
  ScenarioReader reader(loader, root, "", kFromFile);
  describe(scenario, reader);
  reader.finish();
  check_name(loader, "name", "scenario name", scenario.name, NameUse::Label);
  resolve_mix(scenario, loader);
  check_graph(scenario, loader);
  check_brands(scenario, loader);
  check_output(scenario, loader);
  check_interventions(scenario, loader);
  if (!loader.issues.empty()) loader.issues.throw_all();
  scenario.source_path = file_label;
  std::vector<InputIssue> warnings =
      weeks_after_the_run(scenario, loader, Issues(file_label, overrides, override_origins));
  // The reader placed every key it found, in the file or written there by an override.
  std::set<std::string, std::less<>> written;
  for (const auto& [path, place] : loader.places) written.insert(path);
  return {std::move(scenario), std::move(warnings), std::move(written)};
}

Scenario load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides,
                       const std::vector<OverrideOrigin>& override_origins) {
  return load_checked_scenario(file, overrides, override_origins).scenario;
}

CheckedScenario load_checked_scenario(const std::filesystem::path& file,
                                      const std::vector<std::string>& overrides,
                                      const std::vector<OverrideOrigin>& override_origins) {
  const std::string text = read_input_file(file, "scenario file", kMaxFileBytes);
  return load_checked_scenario_text(text, file.string(), overrides, file.parent_path(),
                                    override_origins);
}

namespace {

/// The intervention's text with `at_step: 0` when it has no trigger (an applied intervention
/// needs none, but the schema requires one), in flow style for an override.
std::string with_a_trigger(std::string_view intervention_yaml) {
  YAML::Node node;
  try {
    node = YAML::Load(std::string(intervention_yaml));
  } catch (const YAML::Exception&) {
    return std::string(intervention_yaml);  // the loader reports the syntax error in place
  }
  if (node.IsMap() && !node["at_step"] && !node["when"]) node["at_step"] = 0;
  YAML::Emitter flow;
  flow << YAML::Flow << node;
  return flow.c_str();
}

}  // namespace

InterventionSpec load_intervention(const Scenario& scenario, std::string_view intervention_yaml,
                                   const std::string& label) {
  // The scenario as resolved, with this one intervention in place of its own: the entry is
  // read by the same schema walk and checked by the same rules as a file's (brand names,
  // levers and their ranges), with issues located in the override that carries it.
  const std::string override_text =
      fmt::format("interventions=[{}]", with_a_trigger(intervention_yaml));
  const std::filesystem::path base_dir = std::filesystem::path(scenario.source_path).parent_path();
  const Scenario with_it = load_scenario_text(scenario_to_json(scenario), label, {override_text},
                                              base_dir, {OverrideOrigin::option(label)});
  return with_it.interventions.at(0);
}

}  // namespace murmur
