#pragma once
// Text that reaches a terminal. Names, values, keys and file contents come from users and
// files, and a terminal obeys the control bytes in them (ESC starts a command that can recolour,
// retitle or rewrite the screen; BEL rings; NUL truncates). Everything the CLI prints that
// holds such text goes through terminal_safe() at the point where it is printed.

#include <string>
#include <string_view>

namespace murmur {

/// `text` with every C0 control (0x00-0x1F) except newline and tab, DEL (0x7F), every C1
/// control (U+0080-U+009F) and every byte that is not part of valid UTF-8 written as `\xNN`
/// (one per byte). A backslash stays a backslash; printable UTF-8 (accents, CJK, emoji) is kept.
[[nodiscard]] std::string terminal_safe(std::string_view text);

}  // namespace murmur
