// TerminalSafe, DisplayWidth and CutToWidth: the one home of text that
// reaches a terminal.
#include <catch2/catch.hpp>

#include "query/text.h"

namespace kg {
namespace {

TEST_CASE("TerminalSafe shows control, C1 and bidi characters as escapes", "[query][text]") {
  REQUIRE(TerminalSafe("Forces armées maliennes") == "Forces armées maliennes");
  REQUIRE(TerminalSafe("a\x1b[2Jb") == "a\\u001b[2Jb");
  REQUIRE(TerminalSafe("tab\there\nline\r") == "tab\\u0009here\\u000aline\\u000d");
  REQUIRE(TerminalSafe("del\x7f") == "del\\u007f");
  REQUIRE(TerminalSafe("c1\xc2\x9b") == "c1\\u009b");  // U+009B, the 8-bit CSI
  // Every bidi control the contract names.
  for (const char* bidi : {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                           "\u2069", "\u200e", "\u200f", "\u061c"}) {
    std::string out = TerminalSafe(std::string("x") + bidi + "y");
    CAPTURE(out);
    REQUIRE(out.size() == 8);
    REQUIRE(out.rfind("x\\u", 0) == 0);
    REQUIRE(out.back() == 'y');
  }
  REQUIRE(TerminalSafe("evil\u202egnp.exe") == "evil\\u202egnp.exe");
  // Invalid UTF-8 bytes, one escape each; nothing else changes.
  REQUIRE(TerminalSafe("a\xff\xc3") == "a\\xff\\xc3");
  REQUIRE(TerminalSafe("back\\slash \u2026") == "back\\slash \u2026");
}

TEST_CASE("DisplayWidth counts code points but not combining marks", "[query][text]") {
  REQUIRE(DisplayWidth("") == 0);
  REQUIRE(DisplayWidth("Qaïda") == 5);
  REQUIRE(DisplayWidth("Qai\u0308da") == 5);  // i + combining diaeresis
  REQUIRE(DisplayWidth("\u2026") == 1);
}

TEST_CASE("CutToWidth cuts to the width, the last column being an ellipsis", "[query][text]") {
  REQUIRE(CutToWidth("Tombouctou", 20) == "Tombouctou");
  REQUIRE(CutToWidth("Tombouctou", 10) == "Tombouctou");
  REQUIRE(CutToWidth("Tombouctou", 5) == "Tomb\u2026");
  REQUIRE(DisplayWidth(CutToWidth("Tombouctou", 5)) == 5);
  REQUIRE(CutToWidth("Qai\u0308da", 4) == "Qai\u0308\u2026");  // the mark stays with its letter
  REQUIRE(CutToWidth("ééééé", 3) == "éé\u2026");
  REQUIRE(CutToWidth("abc", 1) == "\u2026");
  REQUIRE(CutToWidth("abc", 0) == "");
}

}  // namespace
}  // namespace kg
