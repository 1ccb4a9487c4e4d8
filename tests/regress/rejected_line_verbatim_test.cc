// Regression: a line rejected for mismatched brackets (or too deep, or too
// large) reached the --rejects file cut at the bracket, "{"record": "b",
// "nodes": [1, 2}", because the rest of the line was skipped without being
// kept; a UTF-8 byte order mark at the start of a file made its first record
// "invalid JSON". Now the whole line is kept and the BOM is skipped.
#include <catch2/catch.hpp>

#include <sstream>

#include "ingest/native_reader.h"

TEST_CASE("regress: a line rejected for its brackets is kept whole", "[regress][ingest]") {
  std::istringstream in("\xEF\xBB\xBF{\"record\": \"a\", \"nodes\": [{\"id\": \"x\"}]}\n"
                        "{\"record\": \"b\", \"nodes\": [1, 2}, {\"id\": \"y\"}]}\n");
  auto reader = kg::NewNativeReader(&in, kg::JsonStreamLimits());
  kg::Record r;
  bool done = false;
  REQUIRE(reader->Next(&r, &done).ok());
  REQUIRE(r.id == "a");
  kg::Status s = reader->Next(&r, &done);
  REQUIRE(s.IsInvalidArgument());
  REQUIRE(reader->line() == 2);
  REQUIRE(reader->raw() == "{\"record\": \"b\", \"nodes\": [1, 2}, {\"id\": \"y\"}]}");
}
