// Table: limits, widths and escapes (CONTRACT.md section 2).
#include <catch2/catch.hpp>

#include <sstream>

#include "query/table.h"
#include "query/text.h"

namespace kg {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string Write(const Table& t) {
  std::ostringstream out;
  t.Write(&out);
  return out.str();
}

TEST_CASE("Table shows at most limit rows and says how many were left out", "[query][table]") {
  TableOptions o;
  o.limit = 3;
  Table t({"n"}, o);
  for (int i = 0; i < 10; ++i) t.AddRow({std::to_string(i)});
  REQUIRE(t.rows() == 10);
  REQUIRE(t.omitted() == 7);
  auto lines = Lines(Write(t));
  REQUIRE(lines == std::vector<std::string>{"n", "-", "0", "1", "2",
                                            "\u2026 7 more rows (--limit N shows more, --limit 0 all)"});

  Table all({"n"});  // limit 0: every row, no last line
  for (int i = 0; i < 10; ++i) all.AddRow({std::to_string(i)});
  REQUIRE(Lines(Write(all)).size() == 12);

  Table exact({"n"}, o);
  for (int i = 0; i < 3; ++i) exact.AddRow({std::to_string(i)});
  REQUIRE(Lines(Write(exact)).size() == 5);
}

TEST_CASE("Table cuts the widest cells so that every line fits the width", "[query][table]") {
  TableOptions o;
  o.width = 40;
  Table t({"id", "name", "via"}, o);
  t.AddRow({"fama", "Forces armées maliennes", std::string(50000, 'x')});
  t.AddRow({"jnim", "Jama’at Nusratul Islam wal Muslimin", "short"});
  auto lines = Lines(Write(t));
  REQUIRE(lines.size() == 4);
  for (const auto& line : lines) {
    CAPTURE(line);
    REQUIRE(DisplayWidth(line) <= 40);
  }
  REQUIRE(lines[2].rfind("fama  ", 0) == 0);
  REQUIRE(lines[2].find("\u2026") != std::string::npos);
  REQUIRE(lines[2].find("xxxxx") != std::string::npos);

  // A narrow width never hides a column entirely.
  TableOptions narrow;
  narrow.width = 5;
  Table n({"id", "name"}, narrow);
  n.AddRow({"fama", "Forces armées maliennes"});
  lines = Lines(Write(n));
  REQUIRE(lines[2] == "fama  Force\u2026");
}

TEST_CASE("Table cells never carry control or bidi characters to the terminal", "[query][table]") {
  Table t({"name"});
  t.AddRow({"a\x1b]0;pwned\x07\u202eb\nc"});
  std::string out = Write(t);
  REQUIRE(out.find('\x1b') == std::string::npos);
  REQUIRE(out.find("\u202e") == std::string::npos);
  REQUIRE(Lines(out).size() == 3);
  REQUIRE(Lines(out)[2] == "a\\u001b]0;pwned\\u0007\\u202eb\\u000ac");
}

}  // namespace
}  // namespace kg
