// The non-template half of yaml_map_reader.hpp: messages, scalar parsing, map entries.

#include "sim/io/yaml_map_reader.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

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

}  // namespace

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
    return YAML::Load(std::string(text));
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

}  // namespace murmur::yaml_walk
