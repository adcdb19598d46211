#include "sim/core/terminal_text.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace murmur {

namespace {

/// The length of the valid UTF-8 sequence starting at text[i], or 0 if it is not one
/// (overlong forms, surrogates and code points above U+10FFFF are invalid, RFC 3629 §4).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t lead = byte(i);
  std::size_t length = 0;
  std::uint8_t low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

void append_escaped(std::string& out, std::uint8_t byte) { out += fmt::format("\\x{:02X}", byte); }

}  // namespace

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<std::uint8_t>(text[i]);
    if (byte < 0x80) {
      const bool control = (byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F;
      if (control)
        append_escaped(out, byte);
      else
        out += static_cast<char>(byte);
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    // C1 controls are U+0080..U+009F, encoded as C2 80..C2 9F.
    const bool c1_control =
        length == 2 && byte == 0xC2 && static_cast<std::uint8_t>(text[i + 1]) <= 0x9F;
    if (length == 0 || c1_control) {
      const std::size_t bytes = c1_control ? 2 : 1;
      for (std::size_t k = 0; k < bytes; ++k)
        append_escaped(out, static_cast<std::uint8_t>(text[i + k]));
      i += bytes;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace murmur
