// format_bytes: a unit that fits, three significant digits.

#include <gtest/gtest.h>

#include "sim/core/byte_size.hpp"

namespace murmur {
namespace {

TEST(ByteSize, PicksTheLargestUnitKeepingTheNumberAtOneOrMore) {
  EXPECT_EQ(format_bytes(0), "0 bytes");
  EXPECT_EQ(format_bytes(1023), "1023 bytes");
  EXPECT_EQ(format_bytes(1024), "1.00 KiB");
  EXPECT_EQ(format_bytes(812.0 * 1024), "812 KiB");
  EXPECT_EQ(format_bytes(4.2 * (1 << 20)), "4.20 MiB");
  EXPECT_EQ(format_bytes(42.5 * (1 << 20)), "42.5 MiB");  // was "0.04 GiB" (issue 16.14)
  EXPECT_EQ(format_bytes(1.5 * (1u << 30)), "1.50 GiB");
  EXPECT_EQ(format_bytes(3.0 * 1024 * 1024 * 1024 * 1024 * 1024 * 1024), "3072 PiB");
}

}  // namespace
}  // namespace murmur
