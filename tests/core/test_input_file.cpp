// The checks made on a user's file before it is opened (sim/core/input_file.hpp).

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "sim/core/input_file.hpp"
#include "support/temp_dir.hpp"

namespace murmur {
namespace {

namespace fs = std::filesystem;

class InputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::remove_all(folder_);
    fs::create_directories(folder_);
    std::ofstream(folder_ / "default.yaml") << "model: bass\n";
  }
  void TearDown() override { fs::remove_all(folder_); }
  const fs::path folder_ = testing::scratch_path("murmur_input_file_test");
};

TEST_F(InputFile, MissingFileSaysSoAndSuggestsTheNearestName) {
  const auto issue = regular_file_issue(folder_ / "default.yml", "scenario file");
  ASSERT_TRUE(issue.has_value());
  EXPECT_EQ(issue->file, (folder_ / "default.yml").string());
  EXPECT_EQ(issue->message, "the scenario file does not exist");
  EXPECT_EQ(issue->suggestion, (folder_ / "default.yaml").string());
}

TEST_F(InputFile, MissingFileFarFromEveryNameHasNoSuggestion) {
  const auto issue = regular_file_issue(folder_ / "nosuch.yaml", "scenario file");
  ASSERT_TRUE(issue.has_value());
  EXPECT_EQ(issue->message, "the scenario file does not exist");
  EXPECT_EQ(issue->suggestion, "");
  EXPECT_EQ(regular_file_issue(folder_ / "no_folder" / "x.yaml", "scenario file")->suggestion, "");
}

TEST_F(InputFile, DirectoryFifoAndDeviceAreNotRegularFiles) {
  ASSERT_EQ(::mkfifo((folder_ / "fifo").c_str(), 0600), 0);
  for (const fs::path& path : {folder_, folder_ / "fifo", fs::path("/dev/zero")}) {
    const auto issue = regular_file_issue(path, "edge list");
    ASSERT_TRUE(issue.has_value()) << path;
    EXPECT_NE(issue->message.find("not a regular file"), std::string::npos) << issue->message;
    EXPECT_THROW(require_regular_file(path, "edge list"), InputError);
  }
  EXPECT_FALSE(regular_file_issue(folder_ / "default.yaml", "scenario file").has_value());
}

TEST_F(InputFile, ReadRefusesAFileAboveTheLimitBeforeReadingIt) {
  EXPECT_EQ(read_input_file(folder_ / "default.yaml", "scenario file"), "model: bass\n");
  try {
    (void)read_input_file(folder_ / "default.yaml", "scenario file", 4);
    FAIL() << "a 12-byte file passed a 4-byte limit";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("the scenario file is 12 bytes; the limit is 4"),
              std::string::npos)
        << error.what();
  }
}

TEST(Utf8Bom, OnlyALeadingMarkIsDropped) {
  EXPECT_EQ(without_utf8_bom("\xEF\xBB\xBF"
                             "0 1\n"),
            "0 1\n");
  EXPECT_EQ(without_utf8_bom("0 1\n"), "0 1\n");
  EXPECT_EQ(without_utf8_bom("\xEF\xBB"), "\xEF\xBB");
}

}  // namespace
}  // namespace murmur
