// Regression: a lone surrogate escape in attrs ("\udc00") was stored as
// bytes that are not UTF-8 and written back into JSON output. It is now
// rejected when parsed (exit 2, naming line and field), and `kg check`
// finds text that is not UTF-8 already stored.
#include <string>

#include "test_util.h"

namespace kg::test {
namespace {

TEST_CASE("A lone surrogate in attrs is rejected naming line and field", "[regress][ingest]") {
  KgCli kg;
  const std::string input = kg.dir().Write(
      "s.jsonl",
      "{\"record\":\"ok\",\"nodes\":[{\"id\":\"a\",\"kind\":\"actor\"}]}\n"
      "{\"record\":\"bad\",\"nodes\":[{\"id\":\"b\",\"kind\":\"actor\",\"attrs\":{\"note\":\"x\\udc00y\"}}]}\n");
  KgResult r = kg.Run({"ingest", input});
  INFO(r);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("s.jsonl:2: node #1 \"b\": attrs.note must be UTF-8") != std::string::npos);
  // A surrogate pair stays fine.
  const std::string pair = kg.dir().Write(
      "p.jsonl", "{\"record\":\"p\",\"nodes\":[{\"id\":\"c\",\"kind\":\"actor\",\"attrs\":{\"e\":\"\\ud83d\\ude00\"}}]}\n");
  CHECK(kg.Run({"ingest", pair}).exit_code == 0);
}

TEST_CASE_METHOD(TempStore, "Stored text that is not UTF-8 is a violation", "[regress][check]") {
  Record rec;
  rec.id = "r";
  NodeDecl n;
  n.id = "a";
  n.kind = NodeKind::kActor;
  n.attrs["note"] = std::string("x\xed\xb0\x80y");
  rec.nodes.push_back(n);
  KG_REQUIRE_OK(writer().Apply(rec));
  KG_REQUIRE_OK(Commit());
  std::vector<std::string> v = Violations(reader());
  REQUIRE(v.size() == 2);  // the node and its record
  CHECK(v[0].find("text that is not UTF-8") != std::string::npos);
  CHECK(v[1].find("text that is not UTF-8") != std::string::npos);
}

}  // namespace
}  // namespace kg::test
