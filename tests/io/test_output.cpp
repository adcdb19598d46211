// Result paths and directories (sim/io/output.hpp): names made path-safe, the one-writer
// claim on a directory, and paths that cannot be a result directory.

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/io/output.hpp"
#include "support/temp_dir.hpp"

namespace murmur {
namespace {

namespace fs = std::filesystem;

TEST(PathSafeName, NamesCannotLeaveTheirFolder) {
  EXPECT_EQ(path_safe_name("default"), "default");
  EXPECT_EQ(path_safe_name("gen5_one-to-one.v2"), "gen5_one-to-one.v2");
  EXPECT_EQ(path_safe_name("../../x"), "_._.._x");
  EXPECT_EQ(path_safe_name("x/../../../../b"), "x_.._.._.._.._b");
  EXPECT_EQ(path_safe_name("/etc/passwd"), "_etc_passwd");
  EXPECT_EQ(path_safe_name(".."), "_.");
  EXPECT_EQ(path_safe_name("."), "_");
  EXPECT_EQ(path_safe_name(".hidden"), "_hidden");
  EXPECT_EQ(path_safe_name("a b\\c:d\x1b"), "a_b_c_d_");
  EXPECT_EQ(path_safe_name(""), "unnamed");
  EXPECT_EQ(path_safe_name(std::string(1000, 'n')), std::string(64, 'n'));
  for (const std::string name : {"../../x", "x/../../../../b", "..", "/", "a/b"}) {
    const fs::path path = fs::path("results") / path_safe_name(name);
    EXPECT_EQ(path.lexically_normal().parent_path(), "results") << name;
  }
}

TEST(PathForMessage, LongPathsAreCutInTheMiddle) {
  EXPECT_EQ(path_for_message("results/run"), "results/run");
  const std::string cut = path_for_message(std::string(5000, 'a'));
  EXPECT_LT(cut.size(), 130u);
  EXPECT_NE(cut.find("...a"), std::string::npos);
  EXPECT_NE(cut.find("(5000 characters)"), std::string::npos);
}

class OutputDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::remove_all(root_); }
  void TearDown() override { fs::remove_all(root_); }
  const fs::path root_ = testing::scratch_path("murmur_output_directory_test");
};

std::string refusal(const fs::path& directory) {
  try {
    const OutputDirectory claim(directory);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST_F(OutputDirectoryTest, SecondClaimIsRefusedWithTheHoldersPid) {
  const fs::path directory = root_ / "a" / "run";
  {
    const OutputDirectory first(directory);
    EXPECT_TRUE(fs::is_directory(directory));
    EXPECT_EQ(read_file_text(directory / ".lock"), fmt::format("{}\n", ::getpid()));
    // flock locks belong to an open file, so a second claim from this process conflicts too.
    EXPECT_EQ(refusal(directory),
              fmt::format("{}: error: another murmur process (pid {}) is writing this "
                          "directory; wait for it to finish or choose another --out",
                          directory.string(), ::getpid()));
  }
  EXPECT_FALSE(fs::exists(directory / ".lock"));  // released and removed
  EXPECT_EQ(refusal(directory), "");              // free again
}

TEST_F(OutputDirectoryTest, PathsThatCannotBeADirectoryAreInputErrors) {
  fs::create_directories(root_);
  std::ofstream(root_ / "file") << "x";
  EXPECT_EQ(refusal(root_ / "file"),
            (root_ / "file").string() +
                ": error: exists and is not a directory (expected a directory for the results)");
  EXPECT_EQ(refusal(root_ / "file" / "run"),
            (root_ / "file" / "run").string() +
                ": error: cannot create the result directory: Not a directory");
  EXPECT_NE(refusal("/dev/null").find("exists and is not a directory"), std::string::npos);
  const std::string too_long = refusal(root_ / std::string(5000, 'a'));
  EXPECT_NE(too_long.find("File name too long"), std::string::npos);
  EXPECT_LT(too_long.size(), 250u);
}

}  // namespace
}  // namespace murmur
