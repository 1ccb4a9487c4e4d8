// Regression: a stray ',' or ']' between top-level values (JSON Lines written
// with trailing commas, or a closing bracket without its array) was returned
// as an empty value without being consumed, so every later Next() returned
// the same error at the same place: `kg ingest --skip-invalid` never ended,
// printing the same rejection forever.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "ingest/json_stream.h"
#include "ingest/native_reader.h"

namespace {

struct Item {
  bool ok;
  std::string text;
  uint64_t line;
};

// Every value (or error) of the stream, failing the test if it does not end
// within a call per byte.
std::vector<Item> ReadAll(const std::string& input) {
  std::istringstream in(input);
  kg::JsonValueStream stream(&in, kg::JsonStreamLimits());
  std::vector<Item> items;
  for (size_t calls = 0; calls <= input.size() + 1; ++calls) {
    std::string text;
    uint64_t line = 0;
    bool done = false;
    kg::Status s = stream.Next(&text, &line, &done);
    if (s.ok() && done) return items;
    items.push_back({s.ok(), text, line});
  }
  FAIL("the stream makes no progress on: " << input);
  return items;
}

}  // namespace

TEST_CASE("a trailing comma after a JSON Lines record is one bad value, then reading goes on",
          "[regress][ingest]") {
  auto items = ReadAll("{\"record\":\"a\"},\n{\"record\":\"b\"}\n");
  REQUIRE(items.size() == 3);
  CHECK(items[0].text == "{\"record\":\"a\"}");
  CHECK(items[1].text == ",");
  CHECK(items[1].line == 1);
  CHECK(items[2].text == "{\"record\":\"b\"}");
  CHECK(items[2].line == 2);
}

TEST_CASE("a stray closing bracket is one bad value", "[regress][ingest]") {
  auto items = ReadAll("{\"record\":\"a\"}]\n]]\n{\"record\":\"b\"}");
  REQUIRE(items.size() == 5);
  CHECK(items[1].text == "]");
  CHECK(items[2].text == "]");
  CHECK(items[3].text == "]");
  CHECK(items[4].text == "{\"record\":\"b\"}");
}

TEST_CASE("the native reader rejects a stray comma and reads the next record", "[regress][ingest]") {
  std::istringstream in("{\"record\":\"a\",\"nodes\":[{\"id\":\"x\",\"kind\":\"actor\"}]},\n"
                        "{\"record\":\"b\",\"nodes\":[{\"id\":\"y\",\"kind\":\"actor\"}]}\n");
  auto reader = kg::NewNativeReader(&in, kg::JsonStreamLimits());
  std::vector<std::string> ids;
  int errors = 0;
  for (int calls = 0; calls < 100; ++calls) {
    kg::Record record;
    bool done = false;
    kg::Status s = reader->Next(&record, &done);
    if (s.ok() && done) break;
    if (s.ok()) {
      ids.push_back(record.id);
    } else {
      CHECK(reader->line() == 1);
      errors++;
    }
  }
  CHECK(ids == std::vector<std::string>{"a", "b"});
  CHECK(errors == 1);
}
