#pragma once
// Byte counts as a person reads them: the largest binary unit that keeps the number at 1 or
// more, with three significant digits ("812 KiB", "4.20 MiB", "1.50 GiB"), so estimates never
// print as "0.00 GiB" (issue 16.14).

#include <array>
#include <cstdint>
#include <string>

#include <fmt/format.h>

namespace murmur {

[[nodiscard]] inline std::string format_bytes(double bytes) {
  static constexpr std::array<const char*, 6> kUnits = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
  std::size_t unit = 0;
  while (bytes >= 1024.0 && unit + 1 < kUnits.size()) bytes /= 1024.0, ++unit;
  if (unit == 0) return fmt::format("{:.0f} bytes", bytes);
  const int decimals = bytes < 10.0 ? 2 : bytes < 100.0 ? 1 : 0;
  return fmt::format("{:.{}f} {}", bytes, decimals, kUnits[unit]);
}

}  // namespace murmur
