// json_stream: how input is cut into records (CONTRACT.md section 1: JSON
// Lines, one array, or concatenated values), with line numbers, limits, and
// recovery after a value that cannot be delimited.
#include "ingest/json_stream.h"

#include <sstream>

#include "ingest/native_reader.h"
#include "test_util.h"

namespace kg::test {
namespace {

struct Value {
  bool ok;
  std::string text;  // the value, or what was read of a rejected one
  uint64_t line;
  std::string error;
};

bool operator==(const Value& a, const Value& b) {
  return a.ok == b.ok && a.text == b.text && a.line == b.line;
}

std::ostream& operator<<(std::ostream& os, const Value& v) {
  return os << (v.ok ? "ok" : "error") << " line " << v.line << " " << detail::JsonQuote(v.text)
            << (v.error.empty() ? "" : " (" + v.error + ")");
}

Value Ok(uint64_t line, std::string text) { return {true, std::move(text), line, ""}; }

// Every value and error of the stream until it reports done. Fails the test
// when it makes no progress (more calls than bytes).
std::vector<Value> ReadValues(const std::string& input, const JsonStreamLimits& limits = JsonStreamLimits()) {
  std::istringstream in(input);
  JsonValueStream stream(&in, limits);
  std::vector<Value> out;
  for (size_t calls = 0; calls <= input.size() + 2; ++calls) {
    std::string text;
    uint64_t line = 0;
    bool done = false;
    Status s = stream.Next(&text, &line, &done);
    if (s.ok() && done) {
      // Done stays done.
      Status again = stream.Next(&text, &line, &done);
      REQUIRE(again.ok());
      REQUIRE(done);
      return out;
    }
    if (!s.ok()) REQUIRE(s.IsInvalidArgument());
    out.push_back({s.ok(), text, line, s.ok() ? "" : s.message()});
    if (!s.ok() && done) return out;
  }
  FAIL("the stream makes no progress on: " << input);
  return out;
}

TEST_CASE("JSON Lines: one value per line, with its line number", "[ingest][json_stream]") {
  auto v = ReadValues("{\"record\":\"a\"}\n\n  {\"record\":\"b\"}  \n{\"record\":\"c\"}");
  REQUIRE(v == std::vector<Value>{Ok(1, "{\"record\":\"a\"}"), Ok(3, "{\"record\":\"b\"}"), Ok(4, "{\"record\":\"c\"}")});
}

TEST_CASE("JSON Lines with CRLF line ends", "[ingest][json_stream]") {
  auto v = ReadValues("{\"a\":1}\r\n{\"b\":2}\r\n");
  REQUIRE(v == std::vector<Value>{Ok(1, "{\"a\":1}"), Ok(2, "{\"b\":2}")});
}

TEST_CASE("Strings may hold brackets, escaped quotes and backslashes", "[ingest][json_stream]") {
  const std::string a = R"({"a":"}]\"{[","b":"\\","c":"\\\""})";
  auto v = ReadValues(a + "\n" + a);
  REQUIRE(v == std::vector<Value>{Ok(1, a), Ok(2, a)});
}

TEST_CASE("Long strings, escapes and line breaks fall anywhere in the read-ahead", "[ingest][json_stream]") {
  // The stream reads ahead in 64 KiB chunks and takes a string's plain bytes
  // in runs: put every special byte at every offset around a chunk's end.
  for (size_t pad = 65536 - 40; pad <= 65536 + 8; ++pad) {
    const std::string first = "{\"a\":\"" + std::string(pad - 7, 'x') + "\"}";  // pad + 2 bytes
    const std::string escaped = R"({"b":"\\\"}]\n","c":"x"})";
    auto v = ReadValues(first + "\n" + escaped + "\n{\"c\":\"cut\n{\"d\":1}\n");
    INFO("pad " << pad);
    REQUIRE(v.size() == 4);
    CHECK(v[0] == Ok(1, first));
    CHECK(v[1] == Ok(2, escaped));
    CHECK_FALSE(v[2].ok);
    CHECK(v[2].line == 3);
    CHECK(v[2].error.find("line break inside a string") != std::string::npos);
    CHECK(v[3] == Ok(4, "{\"d\":1}"));
  }
}

TEST_CASE("One array of records: each element with its own line", "[ingest][json_stream]") {
  auto v = ReadValues("\n[\n  {\"record\": \"a\", \"nodes\": [1, 2]},\n  {\"record\": \"b\"}\n]\n");
  REQUIRE(v == std::vector<Value>{Ok(3, "{\"record\": \"a\", \"nodes\": [1, 2]}"), Ok(4, "{\"record\": \"b\"}")});
  REQUIRE(ReadValues("[]").empty());
  REQUIRE(ReadValues("  [ ]  \n").empty());
  REQUIRE(ReadValues("[{\"a\":1},{\"b\":2}]") == std::vector<Value>{Ok(1, "{\"a\":1}"), Ok(1, "{\"b\":2}")});
}

TEST_CASE("Concatenated pretty-printed values", "[ingest][json_stream]") {
  const std::string input =
      "{\n"
      "  \"record\": \"a\",\n"
      "  \"nodes\": [\n"
      "    {\"id\": \"x\"}\n"
      "  ]\n"
      "}\n"
      "{\n"
      "  \"record\": \"b\"\n"
      "}{\"record\": \"c\"}\n";
  auto v = ReadValues(input);
  REQUIRE(v.size() == 3);
  REQUIRE(v[0] == Ok(1, input.substr(0, input.find("}\n{") + 1)));
  REQUIRE(v[1] == Ok(7, "{\n  \"record\": \"b\"\n}"));
  REQUIRE(v[2] == Ok(9, "{\"record\": \"c\"}"));
}

TEST_CASE("Empty input has no values", "[ingest][json_stream]") {
  REQUIRE(ReadValues("").empty());
  REQUIRE(ReadValues(" \n\t\r\n ").empty());
}

TEST_CASE("An unterminated string is an error, and reading resumes at the next line", "[ingest][json_stream]") {
  auto v = ReadValues("{\"record\": \"a}\n{\"record\": \"b\"}\n");
  REQUIRE(v.size() == 2);
  REQUIRE_FALSE(v[0].ok);
  REQUIRE(v[0].line == 1);
  REQUIRE(v[0].text == "{\"record\": \"a}");
  REQUIRE(v[0].error.find("unterminated string") != std::string::npos);
  REQUIRE(v[1] == Ok(2, "{\"record\": \"b\"}"));
}

TEST_CASE("Mismatched brackets are an error, and reading resumes at the next line", "[ingest][json_stream]") {
  auto v = ReadValues("{\"a\": [1, 2}, \"b\": 3}\n{\"c\": 4}\n");
  REQUIRE(v.size() == 2);
  REQUIRE_FALSE(v[0].ok);
  REQUIRE(v[0].line == 1);
  REQUIRE(v[0].error.find("mismatched") != std::string::npos);
  REQUIRE(v[0].text == "{\"a\": [1, 2}, \"b\": 3}");  // the whole line, for --rejects
  REQUIRE(v[1] == Ok(2, "{\"c\": 4}"));
  // The same with CRLF line ends.
  v = ReadValues("{\"a\": ]}\r\n{\"c\": 4}\r\n");
  REQUIRE(v.size() == 2);
  REQUIRE(v[0].text == "{\"a\": ]}");
  REQUIRE(v[1] == Ok(2, "{\"c\": 4}"));
}

TEST_CASE("A UTF-8 byte order mark at the start is skipped", "[ingest][json_stream]") {
  const std::string bom = "\xEF\xBB\xBF";
  REQUIRE(ReadValues(bom + "{\"a\":1}\n{\"b\":2}\n") == std::vector<Value>{Ok(1, "{\"a\":1}"), Ok(2, "{\"b\":2}")});
  REQUIRE(ReadValues(bom + "[{\"a\":1},\n{\"b\":2}]") == std::vector<Value>{Ok(1, "{\"a\":1}"), Ok(2, "{\"b\":2}")});
  REQUIRE(ReadValues(bom).empty());
  // Only a whole BOM, and only one.
  auto v = ReadValues("\xEF\xBB{\"a\":1}\n{\"b\":2}\n");
  REQUIRE(v.size() == 2);
  REQUIRE_FALSE(v[0].ok);
  REQUIRE(v[0].line == 1);
  REQUIRE(v[1] == Ok(2, "{\"b\":2}"));
  v = ReadValues(bom + bom + "{\"a\":1}\n");
  REQUIRE(v.size() == 2);
  REQUIRE(v[0].ok);  // a scalar of three bytes, which the parser refuses
  REQUIRE(v[0].text == bom);
  REQUIRE(v[1] == Ok(1, "{\"a\":1}"));
}

TEST_CASE("Nesting deeper than the limit is an error", "[ingest][json_stream]") {
  JsonStreamLimits limits;
  limits.max_depth = 4;
  auto v = ReadValues("{\"a\":{\"b\":{\"c\":{}}}}\n{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}\n{\"ok\":{}}\n", limits);
  REQUIRE(v.size() == 3);
  REQUIRE(v[0] == Ok(1, "{\"a\":{\"b\":{\"c\":{}}}}"));  // exactly 4 levels
  REQUIRE_FALSE(v[1].ok);
  REQUIRE(v[1].line == 2);
  REQUIRE(v[1].error.find("nesting deeper than 4") != std::string::npos);
  REQUIRE(v[1].text == "{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}");  // the whole line
  REQUIRE(v[2] == Ok(3, "{\"ok\":{}}"));

  // The default limit: 64 levels pass, 65 do not; no recursion either way.
  auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  std::string deep = "{\"a\":" + nested(63) + "}";
  std::string deeper = "{\"a\":" + nested(64) + "}";
  std::string huge = "{\"a\":" + nested(200000) + "}";
  v = ReadValues(deep + "\n" + deeper + "\n" + huge + "\n{}\n");
  REQUIRE(v.size() == 4);
  REQUIRE(v[0].ok);
  REQUIRE_FALSE(v[1].ok);
  REQUIRE_FALSE(v[2].ok);
  REQUIRE(v[3] == Ok(4, "{}"));
}

TEST_CASE("A value larger than the limit is an error", "[ingest][json_stream]") {
  JsonStreamLimits limits;
  limits.max_value_bytes = 16;
  const std::string fits = "{\"a\":\"12345678\"}";  // 16 bytes
  REQUIRE(fits.size() == 16);
  const std::string too_big = "{\"a\":\"123456789\"}";
  auto v = ReadValues(fits + "\n" + too_big + "\n" + fits + "\n", limits);
  REQUIRE(v.size() == 3);
  REQUIRE(v[0] == Ok(1, fits));
  REQUIRE_FALSE(v[1].ok);
  REQUIRE(v[1].line == 2);
  REQUIRE(v[1].error.find("larger than 16 bytes") != std::string::npos);
  REQUIRE(v[1].text == too_big);
  REQUIRE(v[2] == Ok(3, fits));
}

TEST_CASE("Truncated input is an error, then the end", "[ingest][json_stream]") {
  auto v = ReadValues("{\"record\": \"a\"}\n{\"record\": \"b\", \"nodes\": [");
  REQUIRE(v.size() == 2);
  REQUIRE(v[0] == Ok(1, "{\"record\": \"a\"}"));
  REQUIRE_FALSE(v[1].ok);
  REQUIRE(v[1].line == 2);
  REQUIRE(v[1].error.find("unexpected end of input") != std::string::npos);

  v = ReadValues("{\"record\": \"a");
  REQUIRE(v.size() == 1);
  REQUIRE_FALSE(v[0].ok);
  REQUIRE(v[0].error.find("unterminated string") != std::string::npos);
}

TEST_CASE("An array that is not closed, or followed by more text, is an error", "[ingest][json_stream]") {
  auto v = ReadValues("[{\"a\":1},\n{\"b\":2}");
  REQUIRE(v.size() == 3);
  REQUIRE(v[0] == Ok(1, "{\"a\":1}"));
  REQUIRE(v[1] == Ok(2, "{\"b\":2}"));
  REQUIRE_FALSE(v[2].ok);
  REQUIRE(v[2].error.find("not closed") != std::string::npos);

  v = ReadValues("[{\"a\":1}]\n{\"b\":2}\n");
  REQUIRE(v.size() == 2);
  REQUIRE(v[0] == Ok(1, "{\"a\":1}"));
  REQUIRE_FALSE(v[1].ok);
  REQUIRE(v[1].line == 2);
  REQUIRE(v[1].error.find("after the top-level array") != std::string::npos);
}

TEST_CASE("Inside an array, an undelimitable value ends the stream", "[ingest][json_stream]") {
  auto v = ReadValues("[\n{\"a\": \"x\n\"},\n{\"b\": 2}\n]\n");
  REQUIRE(v.size() == 1);
  REQUIRE_FALSE(v[0].ok);
  REQUIRE(v[0].line == 2);
}

TEST_CASE("A bare scalar is returned as a value for the parser to refuse", "[ingest][json_stream]") {
  auto v = ReadValues("42\n\"text\"\ntrue\n{\"a\":1}\n");
  REQUIRE(v == std::vector<Value>{Ok(1, "42"), Ok(2, "\"text\""), Ok(3, "true"), Ok(4, "{\"a\":1}")});
}

TEST_CASE("The native reader gives records with their line and raw text", "[ingest][json_stream]") {
  std::string input = ReadFile(ExampleFile(13));
  std::istringstream in(input);
  auto reader = NewNativeReader(&in, JsonStreamLimits());
  auto lines = SplitLines(input);
  REQUIRE(lines.size() == 3);
  for (size_t i = 0; i < lines.size(); ++i) {
    Record r;
    bool done = false;
    KG_REQUIRE_OK(reader->Next(&r, &done));
    REQUIRE_FALSE(done);
    REQUIRE(reader->line() == i + 1);
    REQUIRE(reader->raw() == lines[i]);
    REQUIRE_FALSE(r.id.empty());
  }
  Record r;
  bool done = false;
  KG_REQUIRE_OK(reader->Next(&r, &done));
  REQUIRE(done);
}

TEST_CASE("The native reader goes on after an invalid record", "[ingest][json_stream]") {
  std::istringstream in(
      "{\"record\": \"a\", \"nodes\": [{\"id\": \"x\", \"kind\": \"actor\"}]}\n"
      "{\"record\": \"b\", \"nodes\": []}\n"
      "{\"record\": \"c\n"
      "{\"record\": \"d\", \"nodes\": [{\"id\": \"y\"}]}\n");
  auto reader = NewNativeReader(&in, JsonStreamLimits());
  std::vector<std::string> seen;
  for (int i = 0; i < 10; ++i) {
    Record r;
    bool done = false;
    Status s = reader->Next(&r, &done);
    if (s.ok() && done) break;
    seen.push_back(std::to_string(reader->line()) + (s.ok() ? " " + r.id : " error: " + s.message()));
  }
  REQUIRE(seen == std::vector<std::string>{
                      "1 a",
                      "2 error: a record needs at least one node or edge",
                      "3 error: unterminated string (line break inside a string)",
                      "4 d",
                  });
}

}  // namespace
}  // namespace kg::test
