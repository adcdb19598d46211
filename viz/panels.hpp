#pragma once
// The dashboard's panels, one file each; dashboard.cpp places them. Internal to murmur_viz.

#include <imgui.h>

#include <vector>

#include "viz/dashboard.hpp"

namespace murmur::viz::detail {

void draw_controls(const Snapshot& snapshot, UiState& ui, std::vector<Command>& out);
void draw_levers(const Snapshot& snapshot, UiState& ui, std::vector<Command>& out);
void draw_events(const Snapshot& snapshot, UiState& ui, std::vector<Command>& out);
void draw_charts(const Snapshot& snapshot, UiState& ui);
void draw_network(const Snapshot& snapshot, UiState& ui, std::vector<Command>& out);
void draw_inspector(const Snapshot& snapshot, UiState& ui);

/// A fixed, undecorated window at (x, y) of size (w, h): the room layout does not move.
bool begin_panel(const char* name, ImVec2 position, ImVec2 size, bool title = true);
void end_panel();

/// Promoter / passive / detractor.
const char* advocacy_name(int advocacy);

}  // namespace murmur::viz::detail
