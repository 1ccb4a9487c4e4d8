#include "ingest/csv_reader.h"

#include <catch2/catch.hpp>

#include <sstream>

namespace kg {
namespace {

// Rows as "line: field|field|...", one a line; a failure as "error: message @line".
std::string ReadRows(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(&in);
  std::string out;
  for (int i = 0; i < 100; ++i) {
    CsvRow row;
    bool done = false;
    Status s = reader.Next(&row, &done);
    if (!s.ok()) {
      out += "error: " + s.ToString() + " @" + std::to_string(row.line) + "\n";
      continue;
    }
    if (done) break;
    out += std::to_string(row.line) + ":";
    for (size_t f = 0; f < row.fields.size(); ++f) out += (f ? "|" : " ") + row.fields[f];
    out += "\n";
  }
  return out;
}

TEST_CASE("CSV rows with the line each starts on", "[csv]") {
  CHECK(ReadRows("a,b,c\n1,2,3\n") == "1: a|b|c\n2: 1|2|3\n");
  CHECK(ReadRows("a,b\n1,2") == "1: a|b\n2: 1|2\n");  // no final line break
  CHECK(ReadRows("") == "");
  CHECK(ReadRows("a,,c\n,,\n") == "1: a||c\n2: ||\n");
}

TEST_CASE("CSV CRLF line ends and empty lines", "[csv]") {
  CHECK(ReadRows("a,b\r\n1,2\r\n\r\n3,4\r\n") == "1: a|b\n2: 1|2\n4: 3|4\n");
  CHECK(ReadRows("\n\na\n") == "3: a\n");
}

TEST_CASE("CSV byte order mark", "[csv]") {
  CHECK(ReadRows("\xEF\xBB\xBFid,name\n1,x\n") == "1: id|name\n2: 1|x\n");
}

TEST_CASE("CSV quoted fields: separators, line breaks, doubled quotes", "[csv]") {
  CHECK(ReadRows("\"a,b\",c\n") == "1: a,b|c\n");
  CHECK(ReadRows("id,text\n1,\"two\nlines\"\n2,x\n") == "1: id|text\n2: 1|two\nlines\n4: 2|x\n");
  CHECK(ReadRows("1,\"CR\r\nLF\"\r\n2,y\r\n") == "1: 1|CR\r\nLF\n3: 2|y\n");
  CHECK(ReadRows("1,\"\"\"Mali\"\", RFI\"\n") == "1: 1|\"Mali\", RFI\n");
  CHECK(ReadRows("\"\"\"\"\n") == "1: \"\n");
  CHECK(ReadRows("\"first\nfield\",x\n") == "1: first\nfield|x\n");
}

TEST_CASE("CSV spaces: trimmed around unquoted fields, kept inside quotes", "[csv]") {
  CHECK(ReadRows(" a , b \n") == "1: a|b\n");
  CHECK(ReadRows("\" a \",b\n") == "1:  a |b\n");
}

TEST_CASE("CSV UTF-8 text passes through intact", "[csv]") {
  CHECK(ReadRows("S\xC3\xA9gou,\"drone \xF0\x9F\x92\xA5 strike\"\n") ==
        "1: S\xC3\xA9gou|drone \xF0\x9F\x92\xA5 strike\n");
}

TEST_CASE("CSV raw text of a row", "[csv]") {
  std::istringstream in("h1,h2\r\n\"a\nb\",c\r\n");
  CsvReader reader(&in);
  CsvRow row;
  bool done = false;
  REQUIRE(reader.Next(&row, &done).ok());
  CHECK(row.raw == "h1,h2");
  REQUIRE(reader.Next(&row, &done).ok());
  CHECK(row.raw == "\"a\nb\",c");
  CHECK(row.line == 2);
  REQUIRE(reader.Next(&row, &done).ok());
  CHECK(done);
  CHECK(reader.bytes_read() == 16);
}

TEST_CASE("CSV unterminated quote is Corruption naming the line it starts on", "[csv]") {
  CHECK(ReadRows("a,b\n1,\"open\n2,3\n") ==
        "1: a|b\n"
        "error: Corruption: unterminated quoted field in the row starting at line 2 @2\n");
}

TEST_CASE("CSV rows and fields longer than the read block", "[csv]") {
  std::string big(200000, 'x');
  for (size_t i = 1000; i < big.size(); i += 1000) big[i] = '\n';  // 199 line breaks
  std::string text = "h\n\"" + big + "\",y\nlast,z\n";
  std::istringstream in(text);
  CsvReader reader(&in);
  CsvRow row;
  bool done = false;
  REQUIRE(reader.Next(&row, &done).ok());
  REQUIRE(reader.Next(&row, &done).ok());
  CHECK(row.line == 2);
  REQUIRE(row.fields.size() == 2);
  CHECK(row.fields[0] == big);
  CHECK(row.raw.size() == CsvReader::kMaxRawBytes);
  REQUIRE(reader.Next(&row, &done).ok());
  CHECK(row.line == 2 + 199 + 1);
  CHECK(row.fields == std::vector<std::string>{"last", "z"});
}

TEST_CASE("CSV first line number given by the caller", "[csv]") {
  std::istringstream in("a\nb\n");
  CsvReader reader(&in, 5);
  CsvRow row;
  bool done = false;
  REQUIRE(reader.Next(&row, &done).ok());
  CHECK(row.line == 5);
  REQUIRE(reader.Next(&row, &done).ok());
  CHECK(row.line == 6);
}

}  // namespace
}  // namespace kg
