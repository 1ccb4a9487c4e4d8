// kg path: no depth limit unless --max-depth gives one, and --all cut by
// --limit with "truncated" and a line on stderr.
#include <rapidjson/document.h>

#include "query/export_test_util.h"

namespace kg::test {
namespace {

// A chain n0 - n1 - ... - n{length}, each hop a LOCATED_IN edge.
std::string Chain(int length) {
  std::string text = R"({"record": "chain", "nodes": [)";
  for (int i = 0; i <= length; ++i) {
    text += std::string(i ? "," : "") + R"({"id": "n)" + std::to_string(i) + R"(", "kind": "location"})";
  }
  text += R"(], "edges": [)";
  for (int i = 0; i < length; ++i) {
    text += std::string(i ? "," : "") + R"({"from": "n)" + std::to_string(i) + R"(", "type": "LOCATED_IN", "to": "n)" +
            std::to_string(i + 1) + R"("})";
  }
  return text + "]}";
}

TEST_CASE("kg path finds a 44-edge path: no depth limit unless --max-depth", "[cli][path]") {
  KgCli kg;
  REQUIRE(kg.Run({"ingest", "-"}, Chain(44)).exit_code == 0);
  KgResult r = kg.Run({"path", "n0", "n44", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  rapidjson::Document doc;
  ParseJson(r.out, &doc);
  REQUIRE(doc["length"].GetUint() == 44);
  REQUIRE(doc["nodes"].Size() == 45);

  KgResult cut = kg.Run({"path", "n0", "n44", "--max-depth", "43"});
  INFO(cut);
  REQUIRE(cut.exit_code == 1);
  REQUIRE(cut.err == "kg: no path from n0 to n44 within 43 edges\n");
  REQUIRE(kg.Run({"path", "n0", "n44", "--max-depth", "44"}).exit_code == 0);
}

// from - m_i - to for i < width: width shortest paths of 2 edges.
std::string Diamonds(int width) {
  std::string text = R"({"record": "d", "nodes": [{"id": "from", "kind": "actor"}, {"id": "to", "kind": "actor"})";
  for (int i = 0; i < width; ++i) text += R"(, {"id": "m)" + std::to_string(i) + R"(", "kind": "location"})";
  text += R"(], "edges": [)";
  for (int i = 0; i < width; ++i) {
    std::string m = "m" + std::to_string(i);
    text += std::string(i ? "," : "") + R"({"from": "from", "type": "STRUCK", "to": ")" + m +
            R"("}, {"from": "to", "type": "STRUCK", "to": ")" + m + R"("})";
  }
  return text + "]}";
}

TEST_CASE("kg path --all lists at most --limit paths and says when it was cut", "[cli][path]") {
  KgCli kg;
  REQUIRE(kg.Run({"ingest", "-"}, Diamonds(30)).exit_code == 0);
  KgResult all = kg.Run({"path", "from", "to", "--all", "--format", "json"});
  INFO(all);
  REQUIRE(all.exit_code == 0);
  REQUIRE(all.err.empty());
  rapidjson::Document doc;
  ParseJson(all.out, &doc);
  REQUIRE(doc["paths"].Size() == 30);
  REQUIRE(!doc.HasMember("truncated"));

  KgResult cut = kg.Run({"path", "from", "to", "--all", "--limit", "12", "--format", "json"});
  INFO(cut);
  REQUIRE(cut.exit_code == 0);
  ParseJson(cut.out, &doc);
  REQUIRE(doc["paths"].Size() == 12);
  REQUIRE(doc["truncated"].GetBool());
  REQUIRE(cut.err == "kg: listed the first 12 shortest paths (--limit 12; --limit 0 lists all)\n");

  KgResult exact = kg.Run({"path", "from", "to", "--all", "--limit", "30", "--format", "json"});
  ParseJson(exact.out, &doc);
  REQUIRE(doc["paths"].Size() == 30);
  REQUIRE(!doc.HasMember("truncated"));
  REQUIRE(exact.err.empty());
}

}  // namespace
}  // namespace kg::test
