// normalize: when two names are "the same name" (CONTRACT.md, Resolution),
// and which texts are clean UTF-8.
#include "graph/normalize.h"

#include "test_util.h"

namespace kg::test {
namespace {

TEST_CASE("NormalizeName folds case, diacritics and separators", "[graph][normalize]") {
  struct Row {
    std::string input, expected;
  };
  const std::vector<Row> table = {
      // The contract's examples.
      {"Al-Qaïda", "al qaida"},
      {"al qaida", "al qaida"},
      {"AL QAIDA", "al qaida"},
      {"Jama’at", "jama at"},
      {"Jama'at", "jama at"},
      {"FAMa", "fama"},
      {"Fama", "fama"},
      {"Gourma-Rharous", "gourma rharous"},
      {"gourma rharous", "gourma rharous"},
      // Diacritics, precomposed or combining.
      {"Forces armées maliennes", "forces armees maliennes"},
      {"Ségou", "segou"},
      {"Se\xCC\x81gou", "segou"},  // e + U+0301 combining acute
      {"Ménaka", "menaka"},
      {"Tombouctou", "tombouctou"},
      {"Côte d’Ivoire", "cote d ivoire"},
      // Runs of separators are one space; none at either end.
      {"Gourma -- Rharous", "gourma rharous"},
      {"Gourma  \t Rharous", "gourma rharous"},
      {"a-'-’ b", "a b"},
      {"  FAMa  ", "fama"},
      {"-FAMa-", "fama"},
      {"’Jama’at’", "jama at"},
      {"Gourma\xC2\xA0Rharous", "gourma rharous"},  // no-break space
      {"Ansar\xE2\x80\x91" "Dine", "ansar dine"},     // non-breaking hyphen
      // Only separators, or nothing.
      {"", ""},
      {" - ' ’ ", ""},
      // Other punctuation is kept.
      {"M.N.L.A.", "m.n.l.a."},
      {"G5_Sahel", "g5_sahel"},
  };
  for (const auto& row : table) {
    CAPTURE(row.input);
    CHECK(NormalizeName(row.input) == row.expected);
  }
}

TEST_CASE("NormalizeName makes the contract's pairs equal and others not", "[graph][normalize]") {
  REQUIRE(NormalizeName("Al-Qaïda") == NormalizeName("al qaida"));
  REQUIRE(NormalizeName("Jama’at") == NormalizeName("Jama'at"));
  REQUIRE(NormalizeName("FAMa") == NormalizeName("Fama"));
  REQUIRE(NormalizeName("Gourma-Rharous") == NormalizeName("gourma rharous"));
  REQUIRE(NormalizeName("Douna") != NormalizeName("Douma"));
  REQUIRE(NormalizeName("Al-Qaïda") != NormalizeName("alqaida"));  // a separator is not nothing
  // Idempotent.
  for (std::string s : {"Al-Qaïda", "Jama’at", "  Côte d’Ivoire -"}) {
    REQUIRE(NormalizeName(NormalizeName(s)) == NormalizeName(s));
  }
}

TEST_CASE("NormalizeName does not crash on invalid UTF-8", "[graph][normalize]") {
  // The documented fallback: ASCII folding byte by byte.
  REQUIRE(NormalizeName("AB\xff") == "ab\xff");
  REQUIRE(NormalizeName("\xC3") == "\xC3");
}

TEST_CASE("IsCleanUtf8 rejects invalid UTF-8 and control characters", "[graph][normalize]") {
  struct Row {
    std::string text;
    bool clean;
  };
  const std::vector<Row> table = {
      {"", true},
      {"Boulkessi", true},
      {"Forces armées maliennes", true},
      {"Jama’at", true},
      {"日本語", true},
      {"\xF0\x9F\x98\x80", true},  // U+1F600, 4 bytes
      {"a b", true},
      // Control characters.
      {std::string("a\0b", 3), false},
      {"a\tb", false},
      {"a\nb", false},
      {"a\rb", false},
      {"\x1f", false},
      {"\x7f", false},
      {"\x1b[31mred", false},
      // Invalid UTF-8.
      {"\xff", false},
      {"\xC3", false},              // truncated 2-byte sequence
      {"abc\xE2\x80", false},       // truncated 3-byte sequence
      {"\xC3\x28", false},          // bad continuation
      {"\x80", false},              // lone continuation byte
      {"\xC0\xAF", false},          // overlong '/'
      {"\xED\xA0\x80", false},      // UTF-16 surrogate
      {"\xF4\x90\x80\x80", false},  // above U+10FFFF
  };
  for (const auto& row : table) {
    CAPTURE(row.text);
    CHECK(IsCleanUtf8(row.text) == row.clean);
  }
}

TEST_CASE("EditDistance counts edits and stops at the cap", "[graph][normalize]") {
  REQUIRE(EditDistance("", "", 3) == 0);
  REQUIRE(EditDistance("abc", "abc", 3) == 0);
  REQUIRE(EditDistance("abc", "", 5) == 3);
  REQUIRE(EditDistance("kitten", "sitting", 5) == 3);
  REQUIRE(EditDistance("sitting", "kitten", 5) == 3);
  REQUIRE(EditDistance("timbuctu", "tombouctou", 5) == 3);
  REQUIRE(EditDistance("kitten", "sitting", 2) == 3);  // cap + 1
  REQUIRE(EditDistance("a", "abcdefgh", 2) == 3);
}

}  // namespace
}  // namespace kg::test
