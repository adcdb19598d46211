#include "viz/screenshot.hpp"

#include <stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <system_error>
#include <vector>

#include <GL/gl.h>

namespace murmur::viz {

bool save_framebuffer_png(const std::filesystem::path& path, int x, int y, int width, int height,
                          int framebuffer_height) {
  if (width <= 0 || height <= 0) return false;
  const auto row_bytes = static_cast<std::size_t>(width) * 3;
  std::vector<std::uint8_t> pixels(row_bytes * static_cast<std::size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  // OpenGL counts rows from the bottom; the caller counts from the top.
  glReadPixels(x, framebuffer_height - y - height, width, height, GL_RGB, GL_UNSIGNED_BYTE,
               pixels.data());
  if (glGetError() != GL_NO_ERROR) return false;
  std::vector<std::uint8_t> flipped(pixels.size());
  for (int row = 0; row < height; ++row)
    std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>(row_bytes) * (height - 1 - row),
                row_bytes, flipped.begin() + static_cast<std::ptrdiff_t>(row_bytes) * row);

  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  const std::filesystem::path temporary = path.string() + ".tmp";
  if (stbi_write_png(temporary.c_str(), width, height, 3, flipped.data(),
                     static_cast<int>(row_bytes)) == 0)
    return false;
  std::filesystem::rename(temporary, path, error);
  return !error;
}

}  // namespace murmur::viz
