#pragma once
// Screenshots: glReadPixels of the frame just rendered, written as PNG by libstb's
// stb_image_write. Needs a current OpenGL context (dash_main only).

#include <filesystem>

namespace murmur::viz {

/// Saves the region (x, y, width, height) of the framebuffer, in pixels from the top left, as a
/// PNG (written to "<path>.tmp", then renamed). Call after rendering, before swapping buffers.
/// Returns false when reading or writing fails.
bool save_framebuffer_png(const std::filesystem::path& path, int x, int y, int width, int height,
                          int framebuffer_height);

}  // namespace murmur::viz
