#pragma once
// A README section generated from a schema, between two markers: checked against what the
// code generates now, or rewritten when MURMUR_UPDATE_SCENARIO_README is set (by
// scripts/update_scenario_readme.sh).

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace murmur::testing {

inline void expect_generated_section_current(const std::filesystem::path& file,
                                             const std::string& generated) {
  const std::string begin = "<!-- BEGIN GENERATED SCHEMA -->\n";
  const std::string end = "<!-- END GENERATED SCHEMA -->";
  std::ifstream in(file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string readme = buffer.str();
  const auto from = readme.find(begin);
  const auto to = readme.find(end);
  ASSERT_NE(from, std::string::npos) << file << " lacks " << begin;
  ASSERT_NE(to, std::string::npos) << file << " lacks " << end;
  const std::string body = "\n" + generated;
  if (std::getenv("MURMUR_UPDATE_SCENARIO_README") != nullptr) {
    readme.replace(from + begin.size(), to - from - begin.size(), body);
    std::ofstream(file) << readme;
    return;
  }
  EXPECT_EQ(readme.substr(from + begin.size(), to - from - begin.size()), body)
      << file << " is out of date: run scripts/update_scenario_readme.sh";
}

}  // namespace murmur::testing
