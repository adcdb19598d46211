// libFuzzer target: any bytes as a scenario file, with and without a --set override.
// Every input must either load or throw InputError: no crash, hang, leak or other exception.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/core/error.hpp"
#include "sim/io/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)murmur::load_scenario_text(text, "fuzz.yaml");
  } catch (const murmur::InputError&) {
  }
  // The tail after the first line break as an override, so the override parser is fuzzed too.
  const std::size_t newline = text.find('\n');
  if (newline != std::string_view::npos && newline + 1 < size) {
    try {
      (void)murmur::load_scenario_text("model: bass\n", "fuzz.yaml",
                                       {std::string(text.substr(newline + 1))});
    } catch (const murmur::InputError&) {
    }
  }
  return 0;
}
