// The non-template half of yaml_map_reader.hpp: messages, scalar parsing, map entries.

#include "sim/io/yaml_map_reader.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

namespace murmur::yaml_walk {

namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t end = text.find(separator); end != std::string_view::npos;
       end = text.find(separator, start)) {
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

/// Records where each document of a YAML stream starts (the `---` line, or the first text
/// after `...`); everything else is ignored.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

Place second_document_start(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts handler;
  while (handler.starts.size() < 2 && parser.HandleNextDocument(handler)) {
  }
  if (handler.starts.size() < 2) return Place{};
  return Place{kFromFile, handler.starts[1].line + 1, handler.starts[1].column + 1};
}

/// The code point at `text[i]` and its length in bytes, or length 0 for invalid UTF-8
/// (overlong forms, surrogates and values beyond U+10FFFF included).
std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {lead, 1};
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || i + length > text.size()) return {0, 0};
  char32_t code = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {0, 0};
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return {0, 0};
  }
  return {code, length};
}

bool is_control(char32_t code) { return code < 0x20 || (code >= 0x7F && code <= 0x9F); }

}  // namespace

std::string name_problem(std::string_view name, NameUse use) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < name.size(); ++characters) {
    const auto [code, length] = decode_utf8(name, i);
    if (length == 0) return fmt::format("is not valid UTF-8 (byte {})", i + 1);
    if (is_control(code)) {
      return fmt::format("contains a control character (U+{:04X} at character {})",
                         static_cast<std::uint32_t>(code), characters + 1);
    }
    i += length;
  }
  if (characters > kMaxNameCharacters) {
    return fmt::format("is {} characters long; at most {} are allowed", characters,
                       kMaxNameCharacters);
  }
  // Spreadsheets run a cell that starts with one of these as a formula (OWASP, "CSV
  // injection"); names land in every CSV, so they are refused rather than escaped.
  if (!name.empty() && std::string_view("=+-@").find(name.front()) != std::string_view::npos) {
    return fmt::format("starts with '{}', which spreadsheets read as a formula", name.front());
  }
  if (use == NameUse::MetricLabel) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "all") {
      return "is reserved: 'all' labels the market total in metrics.csv (in any case)";
    }
  }
  return {};
}

void check_name(ReadState& state, const std::string& key_path, std::string_view what,
                std::string_view name, NameUse use) {
  const std::string problem = name_problem(name, use);
  if (problem.empty()) return;
  state.issues.add(state.place(key_path), key_path,
                   fmt::format("the {} {} {}", what, quote_value(name), problem));
}

std::string quote_value(std::string_view text) {
  if (text.size() <= kMaxQuoted) return fmt::format("'{}'", text);
  return fmt::format("'{}...'", text.substr(0, kMaxQuoted));
}

std::string what_node_is(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return quote_value(node.Scalar());
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    default:
      return "nothing";
  }
}

std::string suggest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best = nearest_word(word, candidates);
  if (!best.empty()) return best;
  for (const auto& candidate : candidates) {
    for (auto part : split(word, '_')) {
      const auto parts = split(candidate, '_');
      if (part.size() >= 4 && std::find(parts.begin(), parts.end(), part) != parts.end()) {
        return candidate;
      }
    }
  }
  return {};
}

std::optional<double> parse_number(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  std::string_view text = node.Scalar();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

/// Whole numbers, also written as 1e6 (a natural way to write a population).
std::optional<std::uint64_t> parse_whole(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  std::string_view text = node.Scalar();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc{} && end == text.data() + text.size()) return value;
  const auto real = parse_number(node);
  if (real && *real >= 0.0 && *real < 18446744073709551616.0 && std::floor(*real) == *real) {
    return static_cast<std::uint64_t>(*real);
  }
  return std::nullopt;
}

std::optional<bool> parse_flag(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  std::string text = node.Scalar();
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  return std::nullopt;
}

std::string integer_range_text(const Range& range, std::uint64_t hi) {
  const auto lo = static_cast<std::uint64_t>(std::max(0.0, std::ceil(range.min)));
  return fmt::format("an integer in [{}, {}]", lo, hi);
}

std::vector<Entry> map_entries(ReadState& loader, const YAML::Node& map, const std::string& path,
                               int origin) {
  std::vector<Entry> entries;
  std::map<std::string, int> first_line;
  for (auto it = map.begin(); it != map.end(); ++it) {
    Entry entry{{}, it->first, it->second, kFromFile, false};
    entry.origin = loader.origin_of(entry.value, origin);
    const Place key_place = ReadState::place_of(entry.key_node, entry.origin);
    if (!entry.key_node.IsScalar()) {
      loader.issues.add(key_place, path, "keys must be plain names, not a list or a map");
      continue;
    }
    entry.key = entry.key_node.Scalar();
    const std::string key_path = path.empty() ? entry.key : path + "." + entry.key;
    if (auto [first, fresh] = first_line.emplace(entry.key, key_place.line); !fresh) {
      loader.issues.add(
          key_place, key_path,
          fmt::format("duplicate key '{}' (first given at line {})", entry.key, first->second));
      continue;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

YAML::Node parse(std::string_view text, ReadState& loader) {
  try {
    const std::string whole(text);
    // YAML::LoadAll would loop forever on some malformed text (a stray '}' is never consumed):
    // the first document is loaded alone, and second_document_start parses at most two.
    YAML::Node first = YAML::Load(whole);
    if (const Place second = second_document_start(whole); second.line != 0) {
      loader.issues.add(second, "",
                        "a second YAML document starts here ('---' or text after '...'); a "
                        "file holds one document");
      return YAML::Node(YAML::NodeType::Undefined);
    }
    return first;
  } catch (const YAML::ParserException& error) {
    const Place place = error.mark.is_null()
                            ? Place{}
                            : Place{kFromFile, error.mark.line + 1, error.mark.column + 1};
    loader.issues.add(place, "", fmt::format("YAML syntax error: {}", error.msg));
  } catch (const YAML::Exception& error) {
    loader.issues.add(Place{}, "", fmt::format("YAML error: {}", error.msg));
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node parse_map_document(std::string_view text, ReadState& loader, std::string_view what) {
  const YAML::Node root = parse(text, loader);
  if (loader.issues.empty() && !root.IsMap())
    loader.issues.add(Place{kFromFile, 1, 1}, "",
                      fmt::format("{} must be a map of keys; got {}", what, what_node_is(root)));
  if (!loader.issues.empty()) loader.issues.throw_all();
  return root;
}

}  // namespace murmur::yaml_walk
