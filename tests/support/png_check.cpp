// murmur_png_check FILE.png [--min-colours N] [--min-drawn F] [--min-width W] [--min-height H]
//
// The one check that a screenshot shows something, for the dashboard's gui tests and the
// report renders of the e2e tests: exits 0 when FILE is an image of at least W x H pixels
// with at least N distinct colours and at least a fraction F of its pixels differing from
// the most common (background) colour; 1 when it is blank or too small, 2 on bad usage.
// Prints what it measured. Decodes with stb_image (Debian libstb-dev).

#include <stb_image.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

namespace {

struct Thresholds {
  std::size_t min_colours = 64;  // a rendered dashboard or chart has anti-aliased edges
  double min_drawn = 0.10;
  int min_width = 1;
  int min_height = 1;
};

int usage() {
  std::fprintf(stderr,
               "usage: murmur_png_check FILE.png [--min-colours N] [--min-drawn F] "
               "[--min-width W] [--min-height H]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc % 2 != 0) return usage();
  Thresholds want;
  for (int k = 2; k + 1 < argc; k += 2) {
    const std::string flag = argv[k];
    char* end = nullptr;
    const double value = std::strtod(argv[k + 1], &end);
    if (end == argv[k + 1] || *end != '\0' || value < 0) return usage();
    if (flag == "--min-colours")
      want.min_colours = static_cast<std::size_t>(value);
    else if (flag == "--min-drawn")
      want.min_drawn = value;
    else if (flag == "--min-width")
      want.min_width = static_cast<int>(value);
    else if (flag == "--min-height")
      want.min_height = static_cast<int>(value);
    else
      return usage();
  }
  int width = 0, height = 0, channels = 0;
  unsigned char* pixels = stbi_load(argv[1], &width, &height, &channels, 3);
  if (pixels == nullptr) {
    std::fprintf(stderr, "murmur_png_check: cannot read %s as an image\n", argv[1]);
    return 1;
  }
  std::unordered_map<std::uint32_t, std::uint64_t> colours;
  const auto count = static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height);
  for (std::uint64_t i = 0; i < count; ++i) {
    const unsigned char* p = pixels + 3 * i;
    ++colours[(std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2]];
  }
  stbi_image_free(pixels);
  std::uint64_t background = 0;
  for (const auto& [colour, n] : colours) background = n > background ? n : background;
  const double drawn =
      count == 0 ? 0.0 : 1.0 - static_cast<double>(background) / static_cast<double>(count);
  std::printf("murmur_png_check: %s: %dx%d, %zu colours, %.1f%% not background\n", argv[1], width,
              height, colours.size(), 100.0 * drawn);
  if (width < want.min_width || height < want.min_height) {
    std::printf("FAIL: smaller than %dx%d\n", want.min_width, want.min_height);
    return 1;
  }
  if (colours.size() < want.min_colours || drawn < want.min_drawn) {
    std::printf("FAIL: the image is blank (needs %zu colours and %.0f%% drawn)\n", want.min_colours,
                100.0 * want.min_drawn);
    return 1;
  }
  return 0;
}
