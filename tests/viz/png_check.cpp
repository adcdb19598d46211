// murmur_png_check FILE.png: exits 0 when the screenshot shows something (not one flat colour,
// not a blank window), 1 otherwise. Used by the gui test; prints what it measured.

#include <cstdio>
#include <cstdint>
#include <map>

#include <stb_image.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: murmur_png_check FILE.png\n");
    return 2;
  }
  int width = 0, height = 0, channels = 0;
  unsigned char* pixels = stbi_load(argv[1], &width, &height, &channels, 3);
  if (pixels == nullptr) {
    std::fprintf(stderr, "murmur_png_check: cannot read %s\n", argv[1]);
    return 1;
  }
  std::map<std::uint32_t, std::uint64_t> colours;
  const std::uint64_t count = static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height);
  for (std::uint64_t i = 0; i < count; ++i) {
    const unsigned char* p = pixels + 3 * i;
    ++colours[(std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2]];
  }
  stbi_image_free(pixels);
  std::uint64_t most = 0;
  for (const auto& [colour, n] : colours) most = n > most ? n : most;
  const double covered = 1.0 - static_cast<double>(most) / static_cast<double>(count);
  std::printf("murmur_png_check: %dx%d, %zu colours, %.1f%% not background\n", width, height, colours.size(),
              100.0 * covered);
  return colours.size() >= 64 && covered >= 0.10 ? 0 : 1;
}
