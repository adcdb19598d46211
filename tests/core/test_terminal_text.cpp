#include <string>

#include <gtest/gtest.h>

#include "sim/core/terminal_text.hpp"

namespace murmur {
namespace {

TEST(TerminalSafe, KeepsPrintableAsciiNewlineAndTab) {
  EXPECT_EQ(terminal_safe("brand A: 12.5%\tok\n"), "brand A: 12.5%\tok\n");
  EXPECT_EQ(terminal_safe(R"(a\b)"), R"(a\b)");
}

TEST(TerminalSafe, EscapesC0ControlsAndDel) {
  EXPECT_EQ(terminal_safe("\x1b[31mred"), "\\x1B[31mred");
  EXPECT_EQ(terminal_safe("bell\a"), "bell\\x07");
  EXPECT_EQ(terminal_safe(std::string("nul\0end", 7)), "nul\\x00end");
  EXPECT_EQ(terminal_safe("over\rwrite"), "over\\x0Dwrite");
  EXPECT_EQ(terminal_safe("del\x7f"), "del\\x7F");
}

TEST(TerminalSafe, EscapesC1ControlsButKeepsPrintableUtf8) {
  EXPECT_EQ(terminal_safe("\xc2\x9b"
                          "31m"),
            "\\xC2\\x9B31m");  // CSI as U+009B
  EXPECT_EQ(terminal_safe("Caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x9a\x80"),
            "Caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x9a\x80");  // é, 日, 🚀
  EXPECT_EQ(terminal_safe("\xc2\xa0"), "\xc2\xa0");        // no-break space is printable
}

TEST(TerminalSafe, EscapesEachByteOfInvalidUtf8) {
  EXPECT_EQ(terminal_safe("\xff\xfe"), "\\xFF\\xFE");
  EXPECT_EQ(terminal_safe("\xc3"), "\\xC3");                    // truncated sequence
  EXPECT_EQ(terminal_safe("\xc0\xaf"), "\\xC0\\xAF");           // overlong '/'
  EXPECT_EQ(terminal_safe("\xed\xa0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(terminal_safe("\xe6\x97"
                          "x"),
            "\\xE6\\x97x");
}

}  // namespace
}  // namespace murmur
