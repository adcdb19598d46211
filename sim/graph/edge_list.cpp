// SNAP edge-list reader (the format of snap.stanford.edu/data: '#' comment lines, one
// "id id" pair per line, whitespace separated).
//
// The file is read in 1 MiB chunks and parsed with std::from_chars, so a file of any size
// costs one buffer, not one string per token. Ids are arbitrary 64-bit values; they are
// renumbered 0..n-1 in increasing id order (sort + unique + binary search), and kept as
// external ids unless they already are 0..n-1. Pairs are normalised to (smaller, larger)
// indices, sorted and de-duplicated before the CSR is built, so a file that lists both
// directions of each friendship costs no extra column memory.
// Memory while reading: 16 B per line (two 64-bit ids) plus 8 B per distinct id, then 8 B
// per edge (two 32-bit indices) while the CSR (8 B per edge + 4 B per customer) is built.
//
// A gzip file (SNAP ships .txt.gz; recognised by its name or its first two bytes) is
// decompressed while reading, through Boost.Iostreams. A UTF-8 byte-order mark at the start
// is skipped. A line longer than kMaxLineBytes stops the read at once: a real line is two
// ids, and a binary or sparse file without newlines must not be read whole into memory.

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <istream>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/input_file.hpp"
#include "sim/graph/graph_builder.hpp"
#include "sim/graph/social_graph.hpp"

namespace murmur {
namespace {

constexpr std::size_t kMaxIssues = 20;  // enough to see a pattern; more only scrolls
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxLineBytes = std::size_t{64} << 10;  // a comment line, generously

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

class EdgeListParser {
 public:
  explicit EdgeListParser(std::string file) : file_(std::move(file)) {}

  /// Parses one line (without its '\n'); appends its two ids or records an issue.
  void parse_line(std::string_view line) {
    ++line_number_;
    std::size_t pos = skip_blanks(line, 0);
    if (pos == line.size() || line[pos] == '#') return;
    std::array<std::uint64_t, 2> ids{};
    for (std::uint64_t& id : ids) {
      if (pos == line.size()) return fail(pos, "expected two ids per line, found one");
      if (!parse_id(line, pos, id)) return;
      pos = skip_blanks(line, pos);
    }
    if (pos != line.size())
      return fail(pos, fmt::format("expected two ids per line, found an extra column '{}'",
                                   token_at(line, pos)));
    ids_.insert(ids_.end(), ids.begin(), ids.end());
  }

  /// Records that the next line is longer than kMaxLineBytes (and stops the read).
  void line_too_long() {
    issues_.push_back(detail::make_issue(
        {},
        fmt::format("line {} is longer than {} bytes; expected lines of two ids (is this a "
                    "binary file?)",
                    line_number_ + 1, kMaxLineBytes),
        file_, line_number_ + 1));
    too_long_ = true;
  }

  [[nodiscard]] bool full() const { return too_long_ || issues_.size() >= kMaxIssues; }
  [[nodiscard]] bool stopped_early() const { return issues_.size() >= kMaxIssues; }
  [[nodiscard]] std::vector<InputIssue>& issues() { return issues_; }
  [[nodiscard]] std::vector<std::uint64_t>& ids() { return ids_; }

 private:
  static std::size_t skip_blanks(std::string_view line, std::size_t pos) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    return pos;
  }

  static std::string_view token_at(std::string_view line, std::size_t pos) {
    std::size_t end = pos;
    while (end < line.size() && !is_blank(line[end])) ++end;
    return line.substr(pos, std::min<std::size_t>(end - pos, 40));
  }

  bool parse_id(std::string_view line, std::size_t& pos, std::uint64_t& id) {
    const std::string_view token = token_at(line, pos);
    if (token.front() == '-') {
      fail(pos, fmt::format("expected a non-negative integer id, found the negative '{}'", token));
      return false;
    }
    const char* first = line.data() + pos;
    const char* last = line.data() + line.size();
    const auto [end, error] = std::from_chars(first, last, id);
    const bool whole_token = end == last || is_blank(*end);
    if (error == std::errc::result_out_of_range) {
      fail(pos, fmt::format("id '{}' is beyond 64 bits (at most {})", token,
                            std::numeric_limits<std::uint64_t>::max()));
      return false;
    }
    if (error != std::errc{} || !whole_token) {
      fail(pos, fmt::format("expected a non-negative integer id, found '{}'", token));
      return false;
    }
    pos = static_cast<std::size_t>(end - line.data());
    return true;
  }

  void fail(std::size_t pos, std::string message) {
    issues_.push_back(
        detail::make_issue({}, std::move(message), file_, line_number_, static_cast<int>(pos + 1)));
  }

  std::string file_;
  int line_number_ = 0;
  bool too_long_ = false;
  std::vector<std::uint64_t> ids_;  // two per edge line, as written
  std::vector<InputIssue> issues_;
};

/// Reads the whole stream through the parser, chunk by chunk, carrying partial lines over.
void parse_stream(std::istream& in, EdgeListParser& parser) {
  std::vector<char> buffer(kChunkBytes);
  std::string carry;  // the unfinished last line of the previous chunk
  bool first_chunk = true;
  while (in && !parser.full()) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::string_view chunk(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (first_chunk) chunk = without_utf8_bom(chunk);
    first_chunk = false;
    for (std::size_t newline;
         (newline = chunk.find('\n')) != std::string_view::npos && !parser.full();) {
      if (carry.empty()) {
        parser.parse_line(chunk.substr(0, newline));
      } else {
        carry.append(chunk.substr(0, newline));
        parser.parse_line(carry);
        carry.clear();
      }
      chunk.remove_prefix(newline + 1);
    }
    if (parser.full()) break;
    if (carry.size() + chunk.size() > kMaxLineBytes) return parser.line_too_long();
    carry.append(chunk);
  }
  if (!carry.empty() && !parser.full()) parser.parse_line(carry);
}

bool is_gzip(const std::filesystem::path& path, std::ifstream& file) {
  char magic[2] = {};
  file.read(magic, 2);
  const bool gzip_magic = file.gcount() == 2 && magic[0] == '\x1f' && magic[1] == '\x8b';
  file.clear();
  file.seekg(0);
  return gzip_magic || path.extension() == ".gz";
}

/// Parses the file, decompressing it first when it is gzip. Corrupt gzip data is reported
/// without echoing its bytes.
void parse_file(const std::filesystem::path& path, EdgeListParser& parser) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(detail::make_issue(
        {}, "cannot open the edge list (expected a readable SNAP edge-list file)", file));
  if (!is_gzip(path, in)) {
    parse_stream(in, parser);
    if (in.bad())
      throw InputError(detail::make_issue({}, "read error while reading the edge list", file));
    return;
  }
  boost::iostreams::filtering_istream unzipped;
  unzipped.push(boost::iostreams::gzip_decompressor());
  unzipped.push(in);
  unzipped.exceptions(std::ios::badbit);
  try {
    parse_stream(unzipped, parser);
  } catch (const std::exception&) {
    throw InputError(detail::make_issue(
        {}, "the gzip data is corrupt or truncated (expected a gzip-compressed SNAP edge list)",
        file));
  }
}

/// Replaces ids by their rank among the distinct ids; returns the distinct ids (sorted).
std::vector<std::uint64_t> renumber(std::vector<std::uint64_t>& ids) {
  std::vector<std::uint64_t> distinct(ids);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  distinct.shrink_to_fit();
  const bool already_dense = distinct.empty() || distinct.back() == distinct.size() - 1;
  if (!already_dense)
    for (std::uint64_t& id : ids)
      id = static_cast<std::uint64_t>(std::lower_bound(distinct.begin(), distinct.end(), id) -
                                      distinct.begin());
  return distinct;
}

/// Friendships as (smaller << 32 | larger), sorted, without self loops or repeats.
std::vector<std::uint64_t> unique_friendships(const std::vector<std::uint64_t>& indices) {
  std::vector<std::uint64_t> pairs;
  pairs.reserve(indices.size() / 2);
  for (std::size_t i = 0; i < indices.size(); i += 2) {
    const std::uint64_t a = std::min(indices[i], indices[i + 1]);
    const std::uint64_t b = std::max(indices[i], indices[i + 1]);
    if (a != b) pairs.push_back(a << 32 | b);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace

SocialGraph read_edge_list(const std::filesystem::path& path) {
  const std::string file = path.string();
  require_regular_file(path, "edge list");
  EdgeListParser parser(file);
  parse_file(path, parser);
  if (!parser.issues().empty()) {
    if (parser.stopped_early())
      parser.issues().push_back(
          detail::make_issue({}, fmt::format("stopped after {} issues", kMaxIssues), file));
    throw InputError(std::move(parser.issues()));
  }

  std::vector<std::uint64_t>& ids = parser.ids();
  std::vector<std::uint64_t> external_ids = renumber(ids);
  if (external_ids.size() > std::numeric_limits<CustomerIndex>::max())
    throw InputError(detail::make_issue(
        {},
        fmt::format("{} distinct node ids; at most {} fit 32-bit indices", external_ids.size(),
                    std::numeric_limits<CustomerIndex>::max()),
        file));
  const std::vector<std::uint64_t> pairs = unique_friendships(ids);
  std::vector<std::uint64_t>().swap(ids);  // free 16 B per line before the CSR is built
  if (pairs.empty())
    throw InputError(detail::make_issue(
        {}, "the edge list has no edges (expected lines of two different ids)", file));

  const auto customers = static_cast<CustomerIndex>(external_ids.size());
  CsrGraph graph = detail::build_symmetric_csr(customers, [&](auto&& emit) {
    for (const std::uint64_t pair : pairs)
      emit(static_cast<CustomerIndex>(pair >> 32), static_cast<CustomerIndex>(pair & 0xffffffffu));
  });
  if (external_ids.back() == external_ids.size() - 1)
    std::vector<std::uint64_t>().swap(external_ids);  // 0..n-1
  return SocialGraph(std::move(graph), std::move(external_ids));
}

}  // namespace murmur
