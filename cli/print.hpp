#pragma once
// The CLI's only way to write text to the terminal: every byte goes through terminal_safe()
// (sim/core/terminal_text.hpp), so names, values and file contents cannot carry control bytes
// to the terminal.

#include <cstdio>
#include <string_view>

#include "sim/core/terminal_text.hpp"

namespace murmur::cli {

inline void print_to(std::FILE* stream, std::string_view text) {
  std::fputs(terminal_safe(text).c_str(), stream);
}
inline void print(std::string_view text) { print_to(stdout, text); }
inline void print_error(std::string_view text) { print_to(stderr, text); }

}  // namespace murmur::cli
