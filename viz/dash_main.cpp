// murmur-dash: the live dashboard. This file is only the window and the frame loop (shaped
// like imgui's example_glfw_opengl3): the simulation runs on SimulationRunner's thread, the
// panels are draw_dashboard(), and a frame here is: drain frames, draw, render, send commands.
// Exit codes as the murmur CLI: 0 success, 2 bad input, 1 runtime failure.

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <CLI/CLI.hpp>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/io/scenario_loader.hpp"
#include "viz/dashboard.hpp"
#include "viz/screenshot.hpp"
#include "viz/script.hpp"
#include "viz/session/runner.hpp"

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitInternal = 1;
constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// A vector font at the room's size, re-rasterised when the size changes (scaling a bitmap font
// blurs it on a projector), and the style's paddings scaled to match.
void load_fonts(float font_px, const ImGuiStyle& base_style) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  if (std::filesystem::exists(kFontPath)) {
    io.Fonts->AddFontFromFileTTF(kFontPath, font_px);
  } else {
    ImFontConfig config;
    config.SizePixels = font_px;
    io.Fonts->AddFontDefault(&config);
  }
  ImGuiStyle& style = ImGui::GetStyle();
  style = base_style;
  style.ScaleAllSizes(font_px / 16.0f);
}

std::string default_scenario() {
  for (const std::filesystem::path& candidate :
       {std::filesystem::path("scenarios/default.yaml"),
        std::filesystem::path(MURMUR_SOURCE_DIR) / "scenarios/default.yaml"})
    if (std::filesystem::exists(candidate)) return candidate.string();
  return "scenarios/default.yaml";  // the loader's error names it
}

void glfw_error(int code, const char* description) {
  std::fprintf(stderr, "murmur-dash: GLFW error %d: %s\n", code, description);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace murmur;
  CLI::App app{"murmur-dash: play a market in front of a room, pull its levers, watch it answer."};
  app.set_version_flag("--version", std::string("murmur-dash ") + MURMUR_VERSION);
  std::string scenario_path;
  std::vector<std::string> overrides;
  std::uint64_t frames = 0;
  std::string screenshot_path, script_path;
  int width = 1920, height = 1080;
  float font_px = 22.0f;
  unsigned threads = 0;
  double speed = 20.0;
  app.add_option("scenario", scenario_path, "Scenario YAML file (default: scenarios/default.yaml)");
  app.add_option("--set", overrides, "Override a scenario value: key.path=value (repeatable)")
      ->type_name("KEY=VALUE");
  app.add_option("--frames", frames, "Run this many frames, then exit (scripted and test runs)");
  app.add_option("--screenshot", screenshot_path, "Save the last frame as PNG (with --frames)");
  app.add_option("--script", script_path, "Timed actions to play (see viz/script.hpp)");
  app.add_option("--width", width, "Window width in pixels")->check(CLI::Range(640, 7680));
  app.add_option("--height", height, "Window height in pixels")->check(CLI::Range(480, 4320));
  app.add_option("--font-size", font_px, "Font size in pixels (A-/A+ in the window)")
      ->check(CLI::Range(10.0f, 64.0f));
  app.add_option("--speed", speed, "Steps per second at start; 0 = as fast as it goes")
      ->check(CLI::Range(0.0, 1e6));
  app.add_option("--threads", threads, "Simulation threads (default: all cores but one)")
      ->check(CLI::Range(1u, 1024u));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }
  if (!screenshot_path.empty() && frames == 0) {
    std::fprintf(stderr, "murmur-dash: --screenshot needs --frames N\n");
    return kExitBadInput;
  }

  Scenario scenario;
  std::vector<viz::ScriptAction> script;
  try {
    scenario = load_dashboard_scenario(scenario_path.empty() ? default_scenario() : scenario_path,
                                       overrides);
    if (!script_path.empty()) script = viz::load_script(script_path);
  } catch (const InputError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitBadInput;
  }

  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) return kExitInternal;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(width, height, "Murmur", nullptr, nullptr);
  if (window == nullptr) {
    glfwTerminate();
    return kExitInternal;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(frames > 0 ? 0 : 1);  // scripted runs measure what the UI can do, not vsync

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the room layout is fixed; nothing to remember
  ImGui::StyleColorsDark();
  ImGui::GetStyle().FrameRounding = 3.0f;
  // Panels tile the window, so their backgrounds would only repaint the clear colour: without
  // them a software renderer (llvmpipe under xvfb, a laptop without a GPU) shades half the pixels.
  ImGui::GetStyle().Colors[ImGuiCol_WindowBg].w = 0.0f;
  const ImGuiStyle base_style = ImGui::GetStyle();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  viz::UiState ui;
  ui.font_px = font_px;
  if (!std::filesystem::exists(ui.scenario_dir))
    ui.scenario_dir = std::string(MURMUR_SOURCE_DIR) + "/scenarios";
  float loaded_font_px = ui.font_px;
  load_fonts(loaded_font_px, base_style);

  SessionConfig config;
  config.load_scenario = [](const std::string& path) { return load_dashboard_scenario(path); };
  config.scenario_json = [](const Scenario& s) { return scenario_to_json(s); };
  int exit_code = 0;
  std::uint64_t frame = 0;
  double slowest_ms = 0.0;
  std::optional<std::chrono::steady_clock::time_point> measure_from;  // after warm-up frames
  std::uint64_t measured_frames = 0;
  Step final_step = 0;
  {
    SimulationRunner runner(std::move(scenario), std::move(config), threads);
    runner.send(cmd::SetSpeed{speed});
    viz::ScriptPlayer player(std::move(script));
    auto last = std::chrono::steady_clock::now();
    while (!glfwWindowShouldClose(window)) {
      glfwPollEvents();
      if (ui.font_px != loaded_font_px) {
        loaded_font_px = ui.font_px;
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        load_fonts(loaded_font_px, base_style);
        ImGui_ImplOpenGL3_CreateFontsTexture();
      }
      const std::shared_ptr<const Snapshot> snapshot = runner.snapshot();
      ui.history.append(runner.take_frames());

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      if (frames >
          0) {  // scripted: the real pointer (wherever xvfb left it) must not hover anything
        io.MousePos = ui.scripted_mouse
                          ? ImVec2(ui.scripted_mouse->first, ui.scripted_mouse->second)
                          : ImVec2(-FLT_MAX, -FLT_MAX);
      }
      ImGui::NewFrame();
      std::vector<Command> commands;
      try {
        commands = player.advance(frame, snapshot.get(), ui);
      } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "murmur-dash: %s: %s\n", script_path.c_str(), e.what());
        exit_code = kExitBadInput;
        break;
      }
      for (Command& c : viz::draw_dashboard(snapshot.get(), ui)) commands.push_back(std::move(c));
      ImGui::Render();

      int fb_width = 0, fb_height = 0;
      glfwGetFramebufferSize(window, &fb_width, &fb_height);
      glViewport(0, 0, fb_width, fb_height);
      glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

      if (!ui.export_png_path.empty()) {
        const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
        const auto r = ui.charts_rect;
        const bool saved = viz::save_framebuffer_png(
            ui.export_png_path, static_cast<int>(r[0] * sx), static_cast<int>(r[1] * sy),
            static_cast<int>((r[2] - r[0]) * sx), static_cast<int>((r[3] - r[1]) * sy), fb_height);
        std::fprintf(stderr, "murmur-dash: %s %s\n",
                     saved ? "saved the charts to" : "could not save", ui.export_png_path.c_str());
        ui.export_png_path.clear();
      }
      const bool last_frame = frames > 0 && frame + 1 >= frames;
      if (last_frame && !screenshot_path.empty()) {
        if (!viz::save_framebuffer_png(screenshot_path, 0, 0, fb_width, fb_height, fb_height)) {
          std::fprintf(stderr, "murmur-dash: could not save %s\n", screenshot_path.c_str());
          exit_code = kExitInternal;
        }
      }
      glfwSwapBuffers(window);
      runner.send(std::move(commands));

      const auto now = std::chrono::steady_clock::now();
      const double ms = std::chrono::duration<double, std::milli>(now - last).count();
      last = now;
      ui.frames_per_second = ui.frames_per_second == 0.0
                                 ? 1000.0 / std::max(ms, 0.01)
                                 : 0.95 * ui.frames_per_second + 0.05 * 1000.0 / std::max(ms, 0.01);
      if (snapshot && snapshot->schema && !measure_from)
        measure_from = now;  // from the first drawn market on
      if (measure_from && now > *measure_from) {
        ++measured_frames;
        slowest_ms = std::max(slowest_ms, ms);
      }
      if (snapshot) final_step = snapshot->main.step;
      ui.frame = ++frame;
      if (frames > 0 && frame >= frames) break;
    }
    if (const auto s = runner.snapshot(); s) final_step = s->main.step;
  }  // the runner stops and joins here, before the GL context goes

  if (measure_from && measured_frames > 0) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - *measure_from).count();
    std::printf("murmur-dash: frames=%llu final_step=%u fps=%.1f slowest_frame_ms=%.1f\n",
                static_cast<unsigned long long>(frame), final_step,
                static_cast<double>(measured_frames) / seconds, slowest_ms);
  } else {
    std::printf("murmur-dash: frames=%llu final_step=%u fps=n/a\n",
                static_cast<unsigned long long>(frame), final_step);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}
