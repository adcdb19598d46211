#include "viz/script.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/core/error.hpp"

namespace murmur::viz {

namespace {

// verb -> (min args, max args)
const std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>>& verbs() {
  static const std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> kVerbs = {
      {"play", {0, 0}},       {"pause", {0, 0}},        {"step", {0, 1}},       {"reset", {0, 1}},
      {"speed", {1, 1}},      {"fork", {0, 0}},         {"unfork", {0, 0}},     {"lever", {4, 4}},
      {"event", {4, 5}},      {"intervention", {1, 2}}, {"load", {1, 1}},       {"inspect", {1, 1}},
      {"generation", {1, 1}}, {"export-csv", {1, 1}},   {"export-png", {1, 1}}, {"font", {1, 1}},
      {"wait-step", {1, 1}},  {"network", {1, 1}},      {"hover", {2, 2}},      {"save", {1, 1}},
      {"restore", {1, 1}},
  };
  return kVerbs;
}

// Splits on blanks; "double quotes" keep blanks inside one word.
std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (any) words.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) words.push_back(word);
  return words;
}

template <class T>
T number(const std::string& text, const char* what) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size())
    throw std::invalid_argument(fmt::format("'{}' is not a valid {}", text, what));
  return value;
}

double real(const std::string& text) {
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty())
    throw std::invalid_argument(fmt::format("'{}' is not a number", text));
  return value;
}

Branch branch_of(const std::string& word, const Snapshot& snapshot) {
  if (word == "main") return Branch::Main;
  if (word == "fork") {
    if (!snapshot.fork) throw std::invalid_argument("there is no fork yet");
    return Branch::Fork;
  }
  throw std::invalid_argument(fmt::format("branch '{}' is neither main nor fork", word));
}

std::uint16_t brand_of(const std::string& word, const MetricsSchema& schema) {
  if (word == "market" || word == "all") return kAllLabel;
  const auto it = std::find(schema.brand_labels.begin(), schema.brand_labels.end(), word);
  if (it != schema.brand_labels.end())
    return static_cast<std::uint16_t>(it - schema.brand_labels.begin());
  const auto index = number<std::uint16_t>(word, "brand");
  if (index >= schema.brand_labels.size())
    throw std::invalid_argument(fmt::format("no brand {}", word));
  return index;
}

InterventionKind kind_of(const std::string& word) {
  static const std::map<std::string, InterventionKind, std::less<>> kKinds = {
      {"set_lever", InterventionKind::SetLever},
      {"campaign", InterventionKind::Campaign},
      {"scandal", InterventionKind::Scandal},
      {"entry", InterventionKind::Entry},
      {"exit", InterventionKind::Exit},
      {"seed_ambassadors", InterventionKind::SeedAmbassadors},
      {"price_war", InterventionKind::PriceWar}};
  const auto it = kKinds.find(word);
  if (it == kKinds.end()) throw std::invalid_argument(fmt::format("unknown event kind '{}'", word));
  return it->second;
}

}  // namespace

std::vector<ScriptAction> parse_script(std::string_view text, const std::string& file_label) {
  std::vector<ScriptAction> actions;
  std::vector<InputIssue> issues;
  std::istringstream in{std::string(text)};
  std::string line;
  int number_of_line = 0;
  while (std::getline(in, line)) {
    ++number_of_line;
    const auto hash = line.find('#');
    const std::vector<std::string> words = split_words(std::string_view(line).substr(0, hash));
    if (words.empty()) continue;
    auto issue = [&](std::string message) {
      issues.push_back({file_label, number_of_line, 1, "", std::move(message), ""});
    };
    ScriptAction action;
    action.line = number_of_line;
    try {
      action.frame = number<std::uint64_t>(words[0], "frame number");
    } catch (const std::invalid_argument& error) {
      issue(error.what());
      continue;
    }
    if (words.size() < 2) {
      issue("a frame number needs an action after it");
      continue;
    }
    action.verb = words[1];
    action.args.assign(words.begin() + 2, words.end());
    const auto verb = verbs().find(action.verb);
    if (verb == verbs().end()) {
      std::vector<std::string> names;
      for (const auto& [name, counts] : verbs()) names.push_back(name);
      issues.push_back({file_label, number_of_line, 1, "",
                        fmt::format("unknown action '{}'", action.verb),
                        nearest_word(action.verb, names)});
      continue;
    }
    const auto [low, high] = verb->second;
    if (action.args.size() < low || action.args.size() > high) {
      issue(low == high ? fmt::format("'{}' takes {} argument(s), not {}", action.verb, low,
                                      action.args.size())
                        : fmt::format("'{}' takes {} to {} arguments, not {}", action.verb, low,
                                      high, action.args.size()));
      continue;
    }
    if (!actions.empty() && action.frame < actions.back().frame) {
      issue(fmt::format("frame {} comes after frame {}; keep the script in time order",
                        action.frame, actions.back().frame));
      continue;
    }
    actions.push_back(std::move(action));
  }
  if (!issues.empty()) throw InputError(std::move(issues));
  return actions;
}

std::vector<ScriptAction> load_script(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(InputIssue{path.string(), 0, 0, "", "cannot open the script", ""});
  std::ostringstream text;
  text << in.rdbuf();
  return parse_script(text.str(), path.string());
}

namespace {

/// A seed as every command takes it: below 2^53 (kMaxSeed), so runs.csv and spreadsheets
/// hold it exactly (issue 16.8).
Seed seed_number(const std::string& text) {
  const auto seed = number<Seed>(text, "seed");
  if (seed > kMaxSeed)
    throw std::invalid_argument(
        fmt::format("seed {} is too large; seeds are below 2^53 = {}", text, kMaxSeed + 1));
  return seed;
}

}  // namespace

std::vector<Command> script_commands(const ScriptAction& action, const Snapshot& snapshot,
                                     UiState& ui) {
  const MetricsSchema& schema = *snapshot.schema;
  const std::string& verb = action.verb;
  const auto& a = action.args;
  std::vector<Command> out;
  if (verb == "play") {
    out.emplace_back(cmd::Play{});
  } else if (verb == "pause") {
    out.emplace_back(cmd::Pause{});
  } else if (verb == "step") {
    out.emplace_back(cmd::Step{a.empty() ? 1u : number<std::uint32_t>(a[0], "step count")});
  } else if (verb == "reset") {
    out.emplace_back(cmd::Reset{a.empty() ? std::nullopt : std::optional<Seed>(seed_number(a[0]))});
  } else if (verb == "speed") {
    out.emplace_back(cmd::SetSpeed{a[0] == "max" ? 0.0 : real(a[0])});
  } else if (verb == "fork") {
    out.emplace_back(cmd::Fork{});
  } else if (verb == "unfork") {
    out.emplace_back(cmd::Unfork{});
  } else if (verb == "lever") {
    const Branch branch = branch_of(a[0], snapshot);
    const std::uint16_t brand = brand_of(a[1], schema);
    const BranchView& view = branch == Branch::Fork ? *snapshot.fork : snapshot.main;
    const bool known = std::any_of(view.levers.begin(), view.levers.end(), [&](const LeverInfo& l) {
      return l.brand == brand && l.name == a[2];
    });
    if (!known)
      throw std::invalid_argument(fmt::format("no lever '{}' for brand '{}'", a[2], a[1]));
    out.emplace_back(cmd::SetLever{branch, brand, a[2], real(a[3])});
  } else if (verb == "event") {
    InterventionSpec spec;
    spec.kind = kind_of(a[1]);
    spec.name = a[1] + " " + a[2];
    spec.brands.push_back(a[2]);
    spec.value = real(a[3]);
    spec.weeks = a.size() > 4 ? number<Step>(a[4], "week count") : 0;
    out.emplace_back(cmd::TriggerEvent{branch_of(a[0], snapshot), std::move(spec)});
  } else if (verb == "intervention") {
    const auto it = std::find_if(snapshot.interventions.begin(), snapshot.interventions.end(),
                                 [&](const InterventionSpec& s) { return s.name == a[0]; });
    if (it == snapshot.interventions.end())
      throw std::invalid_argument(fmt::format("the scenario has no intervention '{}'", a[0]));
    out.emplace_back(
        cmd::TriggerEvent{a.size() > 1 ? branch_of(a[1], snapshot) : Branch::Main, *it});
  } else if (verb == "load") {
    out.emplace_back(cmd::Load{a[0]});
  } else if (verb == "save") {
    out.emplace_back(cmd::SaveMarket{a[0]});
  } else if (verb == "restore") {
    out.emplace_back(cmd::RestoreMarket{a[0]});
  } else if (verb == "inspect") {
    const auto node = number<std::uint32_t>(a[0], "network node");
    if (!snapshot.network || node >= snapshot.network->node_count())
      throw std::invalid_argument(fmt::format("no network node {}", node));
    ui.selected_node = node;
    out.emplace_back(cmd::Inspect{snapshot.network->customers[node]});
  } else if (verb == "generation") {
    if (a[0] == "all") {
      ui.generation = kAllLabel;
    } else {
      const auto it =
          std::find(schema.generation_labels.begin(), schema.generation_labels.end(), a[0]);
      if (it == schema.generation_labels.end())
        throw std::invalid_argument(fmt::format("no generation '{}'", a[0]));
      ui.generation = static_cast<std::uint16_t>(it - schema.generation_labels.begin());
    }
  } else if (verb == "export-csv") {
    out.emplace_back(cmd::ExportRun{a[0]});
  } else if (verb == "export-png") {
    ui.export_png_path = a[0];
  } else if (verb == "font") {
    ui.font_px = static_cast<float>(std::clamp(real(a[0]), 10.0, 64.0));
  } else if (verb == "hover") {
    ui.scripted_mouse =
        std::make_pair(static_cast<float>(real(a[0])), static_cast<float>(real(a[1])));
  } else if (verb == "network") {
    ui.network_shows_fork = branch_of(a[0], snapshot) == Branch::Fork;
  }
  return out;
}

std::vector<Command> ScriptPlayer::advance(std::uint64_t frame, const Snapshot* snapshot,
                                           UiState& ui) {
  std::vector<Command> out;
  if (snapshot == nullptr || !snapshot->schema) return out;  // still building: hold everything
  if (!start_frame_) start_frame_ = frame;
  while (next_ < actions_.size() && actions_[next_].frame <= frame - *start_frame_) {
    if (snapshot->main.step < waiting_for_) break;
    const ScriptAction& action = actions_[next_];
    if (action.verb == "wait-step") {
      waiting_for_ = number<Step>(action.args[0], "step");
      ++next_;
      continue;
    }
    // Branch-specific actions right after a fork wait until the snapshot shows the fork.
    if (!action.args.empty() && action.args[0] == "fork" && !snapshot->fork) break;
    if (action.verb == "inspect" && !snapshot->network) break;  // the layout is still running
    try {
      for (Command& c : script_commands(action, *snapshot, ui)) out.push_back(std::move(c));
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument(fmt::format("script line {}: {}", action.line, error.what()));
    }
    ++next_;
  }
  return out;
}

}  // namespace murmur::viz
