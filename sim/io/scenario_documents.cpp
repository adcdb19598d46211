// Walks of the schemas that write documents: the resolved scenario as JSON for the run
// manifest, and the Markdown reference of every key for scenarios/README.md and
// scenarios/experiments/README.md.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/scenario_schema.hpp"
#include "sim/io/experiment_loader.hpp"
#include "sim/io/experiment_schema.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/sensitivity_schema.hpp"

namespace murmur {

namespace {

// ---- JSON: the resolved scenario for the run manifest ----

using Json = nlohmann::ordered_json;  // keeps the schema's order, so manifests diff well

class JsonWriter {
 public:
  JsonWriter(Json& out, const std::vector<GenerationProfile>& generations)
      : out_(out), generations_(generations) {}

  void number(const Field& f, double& v) { out_[key(f)] = v; }
  void integer(const Field& f, auto& v) { out_[key(f)] = v; }
  void optional_number(const Field& f, std::optional<double>& v) {
    if (v) out_[key(f)] = *v;
  }
  void optional_integer(const Field& f, std::optional<Step>& v) {
    if (v) out_[key(f)] = *v;
  }
  void week_or_never(const Field& f, Step& v) {
    if (v == kNeverStep) {
      out_[key(f)] = nullptr;
    } else {
      out_[key(f)] = v;
    }
  }
  void flag(const Field& f, bool& v) { out_[key(f)] = v; }
  void text(const Field& f, std::string& v, Presence = Presence::Optional) { out_[key(f)] = v; }
  void path(const Field& f, std::string& v) { out_[key(f)] = v; }
  void keyword(const Field& f, std::string& v, std::span<const std::string_view>) {
    out_[key(f)] = v;
  }
  void choice(const Field& f, auto& v) { out_[key(f)] = std::string(to_string(v)); }

  template <class S>
  void section(const Field& f, S& s, bool omit_in_output = false) {
    if (!omit_in_output) out_[key(f)] = object(s);
  }
  template <class S>
  void list(const Field& f, std::vector<S>& items, std::size_t) {
    Json array = Json::array();
    for (auto& item : items) array.push_back(object(item));
    out_[key(f)] = std::move(array);
  }
  void names(const Field&, const Field& many, std::vector<std::string>& v) { out_[key(many)] = v; }
  void mix(const Field& f, std::vector<double>& shares) {
    Json object = Json::object();
    for (std::size_t i = 0; i < shares.size(); ++i) {
      object[i < generations_.size() ? generations_[i].name : fmt::format("#{}", i)] = shares[i];
    }
    out_[key(f)] = std::move(object);
  }
  void profiles(const Field& f, std::vector<GenerationProfile>& profiles) {
    Json object = Json::object();
    for (auto& profile : profiles) object[profile.name] = this->object(profile);
    out_[key(f)] = std::move(object);
  }

 private:
  static std::string key(const Field& f) { return std::string(f.key); }
  template <class S>
  Json object(S& s) {
    Json child = Json::object();
    JsonWriter writer(child, generations_);
    describe(s, writer);
    return child;
  }

  Json& out_;
  const std::vector<GenerationProfile>& generations_;
};

Json to_json(const Scenario& scenario) {
  Scenario copy = scenario;  // describe() takes mutable references; writing changes nothing
  Json out = Json::object();
  JsonWriter writer(out, copy.generations);
  describe(copy, writer);
  return out;
}

// ---- differences between two resolved scenarios ----

/// A schema key (a word such as `ad_budget`), not a name such as the generation "4.0".
bool is_schema_key(const std::string& key) {
  const auto word_char = [](unsigned char c) { return std::isalnum(c) != 0 || c == '_'; };
  return !key.empty() && std::isdigit(static_cast<unsigned char>(key[0])) == 0 &&
         std::all_of(key.begin(), key.end(), word_char);
}

/// A map key as --set writes it: `.key` for a schema key, `[name]` for a name.
std::string child_key(const std::string& parent, const std::string& key) {
  if (parent.empty()) return key;
  return is_schema_key(key) ? fmt::format("{}.{}", parent, key)
                            : fmt::format("{}[{}]", parent, key);
}

/// Compact JSON; a byte that is not UTF-8 becomes U+FFFD rather than an exception.
std::string json_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void collect_differences(const Json& a, const Json& b, const std::string& key,
                         std::vector<ScenarioDifference>& out) {
  if (a == b) return;
  if (a.is_object() && b.is_object()) {
    for (const auto& [name, value] : a.items()) {
      const std::string child = child_key(key, name);
      if (b.contains(name))
        collect_differences(value, b[name], child, out);
      else
        out.push_back({child, json_text(value), std::nullopt});
    }
    for (const auto& [name, value] : b.items())
      if (!a.contains(name)) out.push_back({child_key(key, name), std::nullopt, json_text(value)});
    return;
  }
  if (a.is_array() && b.is_array()) {
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
      const std::string child = fmt::format("{}[{}]", key, i);
      if (i < a.size() && i < b.size())
        collect_differences(a[i], b[i], child, out);
      else if (i < a.size())
        out.push_back({child, json_text(a[i]), std::nullopt});
      else
        out.push_back({child, std::nullopt, json_text(b[i])});
    }
    return;
  }
  out.push_back({key, json_text(a), json_text(b)});
}

// ---- Markdown: one table per section ----

struct Row {
  std::string key, type, unit, default_value, valid, meaning;
};

struct Table {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

std::string code(std::string_view text) { return fmt::format("`{}`", text); }

std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string enum_list(auto value) {
  std::string out;
  for (const auto& entry : enum_names(value)) {
    out += (out.empty() ? "" : ", ") + code(entry.name);
  }
  return out;
}

class MarkdownWriter {
 public:
  MarkdownWriter(std::deque<Table>& tables, Table& table) : tables_(tables), table_(table) {}

  void number(const Field& f, double& v) { add(f, "number", fmt::format("{}", v), valid(f.range)); }
  void integer(const Field& f, auto& v) { add(f, "integer", fmt::format("{}", v), valid(f.range)); }
  void optional_number(const Field& f, std::optional<double>& v) {
    add(f, "number", v ? fmt::format("{}", *v) : "unset", valid(f.range));
  }
  void optional_integer(const Field& f, std::optional<Step>& v) {
    add(f, "integer", v ? fmt::format("{}", *v) : "unset", valid(f.range));
  }
  void week_or_never(const Field& f, Step& v) {
    add(f, "integer or null", v == kNeverStep ? "null (never)" : fmt::format("{}", v),
        valid(f.range));
  }
  void flag(const Field& f, bool& v) { add(f, "true/false", v ? "true" : "false", ""); }
  void text(const Field& f, std::string& v, Presence presence = Presence::Optional) {
    add(f, "text", presence == Presence::Required ? "required" : v.empty() ? "" : code(v), "");
  }
  void path(const Field& f, std::string& v) { add(f, "file path", v.empty() ? "" : code(v), ""); }
  void keyword(const Field& f, std::string& v, std::span<const std::string_view> allowed) {
    std::string names;
    for (auto name : allowed) names += (names.empty() ? "" : ", ") + code(name);
    add(f, "choice", code(v), names);
  }
  void choice(const Field& f, auto& v) { add(f, "choice", code(to_string(v)), enum_list(v)); }

  template <class S>
  void section(const Field& f, S& s, bool = false) {
    const std::string title = path(f.key);
    add(f, "map", "", fmt::format("see [{}](#{})", title, anchor(title)));
    walk(title, s);
  }
  template <class S>
  void list(const Field& f, std::vector<S>& items, std::size_t max_size) {
    const std::string title = path(f.key) + "[]";
    add(f, "list of maps", items.empty() ? "empty" : "",
        fmt::format("at most {} entries; see [{}](#{})", max_size, title, anchor(title)));
    S item{};
    walk(title, item);
  }
  void names(const Field& one, const Field& many, std::vector<std::string>&) {
    add(one, "text", "", "a brand name");
    add(many, "list of text", "", "brand names");
  }
  void mix(const Field& f, std::vector<double>& shares) {
    const auto generations = default_generation_profiles();
    std::string shown;
    for (std::size_t i = 0; i < shares.size() && i < generations.size(); ++i) {
      shown += fmt::format("{}{}: {}", shown.empty() ? "" : ", ", generations[i].name, shares[i]);
    }
    add(f, "map: generation name -> number", shown, "each in [0, 1], summing to 1");
  }
  void profiles(const Field& f, std::vector<GenerationProfile>& profiles);

  // ---- the experiment schema's kinds ----

  void overrides(const Field& f, std::vector<std::string>&) {
    add(f, "map: key path -> value", "", "any scenario key path, as for `--set`");
  }
  void value_lists(const Field& f, std::vector<ParameterValues>&) {
    add(f, "map: key path -> list", "", "each list non-empty");
  }
  void value_maps(const Field& f, std::vector<ParameterPoint>&) {
    add(f, "list of maps: key path -> value", "", "at least one point");
  }
  void ranges(const Field& f, std::vector<ParameterRange>&) {
    const std::string title = path(f.key) + "[key path]";
    add(f, "map: key path -> [low, high] or map", "",
        fmt::format("at least one; see [{}](#{})", title, anchor(title)));
    ParameterRange range{};
    walk(title, range);
  }
  template <class T>
  void values(const Field& f, std::vector<T>&) {
    add(f, std::is_same_v<T, std::string> ? "list of text" : "list of integers", "",
        valid(f.range));
  }

 private:
  std::string path(std::string_view key) const {
    return table_.title.empty() ? std::string(key) : fmt::format("{}.{}", table_.title, key);
  }
  static std::string anchor(std::string_view title) {
    std::string out;
    for (char c : title) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') out += c;
    }
    return out;
  }
  static std::string valid(const Range& range) { return range.text(); }

  void add(const Field& f, std::string type, std::string default_value, std::string valid_values) {
    const std::string unit = f.unit.empty() ? "" : std::string(f.unit);
    std::string meaning(f.doc);
    if (!f.note.empty()) meaning += fmt::format(" ({})", f.note);
    table_.rows.push_back({code(path(f.key)), std::move(type), unit, std::move(default_value),
                           std::move(valid_values), std::move(meaning)});
  }

  template <class S>
  void walk(const std::string& title, S& s) {
    tables_.push_back(Table{title, table_.columns, {}});
    MarkdownWriter child(tables_, tables_.back());
    describe(s, child);
  }

  std::deque<Table>& tables_;  // a deque: tables_.back() stays valid while more are added
  Table& table_;
};

/// One table for all profiles: a column of defaults per generation.
void MarkdownWriter::profiles(const Field& f, std::vector<GenerationProfile>& profiles) {
  const std::string title = path(f.key);
  add(f, "map: generation name -> map", "1.0 to 5.0",
      fmt::format("see [{}](#{})", title, anchor(title)));
  Table table{title, {"key", "type", "unit", "valid values"}, {}};
  for (const auto& profile : profiles) table.columns.push_back(code(profile.name));
  table.columns.emplace_back("meaning");
  std::vector<Table> per_profile;  // rows of each profile, keyed by the bare field key
  for (auto& profile : profiles) {
    std::deque<Table> scratch;
    Table rows{"", {}, {}};
    MarkdownWriter writer(scratch, rows);
    describe(profile, writer);
    per_profile.push_back(std::move(rows));
  }
  std::vector<std::string> based_on{code(title + "[name].based_on"), "text", "",
                                    "a generation name"};
  based_on.resize(table.columns.size() - 1);
  based_on.emplace_back("new generations only: the profile it starts from (default `3.0`)");
  table.rows.push_back(std::move(based_on));
  for (std::size_t r = 0; r < per_profile.front().rows.size(); ++r) {
    const auto& first = per_profile.front().rows[r];
    const std::string key = first[0].substr(1, first[0].size() - 2);  // strip the backticks
    std::vector<std::string> row{code(fmt::format("{}[name].{}", title, key)), first[1], first[2],
                                 first[4]};
    for (const auto& p : per_profile) row.push_back(p.rows[r][3]);
    row.push_back(first[5]);
    table.rows.push_back(std::move(row));
  }
  tables_.push_back(std::move(table));
}

std::string render(const Table& table) {
  std::string out = fmt::format("### {}\n\n|", table.title);
  for (const auto& column : table.columns) out += fmt::format(" {} |", column);
  out += "\n|";
  for (std::size_t i = 0; i < table.columns.size(); ++i) out += "---|";
  out += '\n';
  for (const auto& row : table.rows) {
    out += '|';
    for (const auto& value : row) out += fmt::format(" {} |", cell(value));
    out += '\n';
  }
  return out;
}

/// One table per section, the top level first.
template <class Spec>
std::string schema_markdown(Spec defaults) {
  std::deque<Table> tables;
  tables.push_back(Table{"", {"key", "type", "unit", "default", "valid values", "meaning"}, {}});
  MarkdownWriter writer(tables, tables.front());
  describe(defaults, writer);
  tables.front().title = "Top level";
  std::string out;
  for (const auto& table : tables) out += render(table) + '\n';
  return out;
}

}  // namespace

std::string scenario_to_json(const Scenario& scenario) { return to_json(scenario).dump(2) + '\n'; }

std::vector<ScenarioDifference> scenario_differences(const Scenario& a, const Scenario& b) {
  std::vector<ScenarioDifference> differences;
  collect_differences(to_json(a), to_json(b), "", differences);
  return differences;
}

std::string scenario_schema_markdown() { return schema_markdown(Scenario{}); }

std::string experiment_schema_markdown() { return schema_markdown(ExperimentSpec{}); }

std::string sensitivity_schema_markdown() { return schema_markdown(SensitivitySpec{}); }

}  // namespace murmur
