// Regression: errors found by the JSON parser itself (invalid UTF-8, raw
// control characters, bad escapes, numbers too big) named no field:
// "invalid JSON at byte 60: Invalid encoding in string.", although the
// contract asks every error line to name the field where there is one. The
// message now says where the byte lies in the record.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ingest/record_parser.h"

namespace {

struct Case {
  std::string json, where;
};

}  // namespace

TEST_CASE("a JSON error inside a field names the field", "[regress][ingest]") {
  const std::vector<Case> cases = {
      {"{\"record\":\"r\xff\",\"nodes\":[{\"id\":\"x\"}]}", "('record')"},
      {"{\"record\":\"r\",\"source\":{\"url\":\"a\xc3\"},\"nodes\":[{\"id\":\"x\"}]}", "(source: 'url')"},
      {"{\"record\":\"r\",\"nodes\":[{\"id\":\"x\"},{\"id\":\"y\",\"name\":\"bad\xff\"}]}", "(node #2: 'name')"},
      {"{\"record\":\"r\",\"nodes\":[{\"id\":\"x\",\"aliases\":[\"ok\",\"t\tab\"]}]}", "(node #1: 'aliases')"},
      {"{\"record\":\"r\",\"nodes\":[{\"id\":\"x\",\"attrs\":{\"n\":1e999}}]}", "(node #1: attrs.n)"},
      {"{\"record\":\"r\",\"edges\":[{\"from\":\"a\",\"type\":\"T\",\"to\":\"b\\q\"}]}", "(edge #1: 'to')"},
      {"{\"record\":\"r\",\"edges\":[{\"from\":\"a\",\"type\":\"T\",\"to\":\"b\",\"attrs\":{\"k\":\"\\ud800\"}}]}",
       "(edge #1: attrs.k)"},
  };
  for (const auto& c : cases) {
    kg::Record r;
    kg::Status s = kg::ParseRecord(c.json, &r);
    INFO(c.json << "\n" << s.ToString());
    CHECK(s.IsInvalidArgument());
    CHECK(s.message().rfind("invalid JSON at byte ", 0) == 0);
    CHECK(s.message().find(" " + c.where + ": ") != std::string::npos);
  }
}

TEST_CASE("a JSON error between fields names what it can, and no odd key", "[regress][ingest]") {
  kg::Record r;
  kg::Status s = kg::ParseRecord("{\"record\" \"r\"}", &r);
  CHECK(s.message().find("('record')") != std::string::npos);
  s = kg::ParseRecord("{'record':'r'}", &r);
  CHECK(s.message().find("(") == std::string::npos);
  // A key that is itself the bad bytes is not echoed.
  s = kg::ParseRecord("{\"record\":\"r\",\"nodes\":[{\"id\":\"x\",\"attrs\":{\"k\xff\":1}}]}", &r);
  INFO(s.ToString());
  CHECK(s.message().find("(node #1: 'attrs')") != std::string::npos);
}
