// kg neighbors --aggregate and kg export --aggregate: a neighborhood of 24
// nodes joined by 4,404 parallel edges drawn as a few dozen, which Graphviz
// lays out in seconds and reads without a warning.
#include <rapidjson/document.h>

#include <chrono>
#include <set>

#include "query/export_test_util.h"

namespace kg::test {
namespace {

// An actor and 23 places; 4,404 dated STRUCK and ATTACKED edges between the
// actor and the places, each with fatalities 1 or 2.
std::string Crowded() {
  std::string text = R"({"record": "crowd", "nodes": [{"id": "c", "kind": "actor", "name": "Centre"})";
  for (int p = 0; p < 23; ++p) text += R"(, {"id": "p)" + std::to_string(p) + R"(", "kind": "location"})";
  text += R"(], "edges": [)";
  for (int i = 0; i < 4404; ++i) {
    const int p = i % 23, day = i / 23;  // up to 191 distinct days per place
    char date[16];
    std::snprintf(date, sizeof date, "2015-%02d-%02d", day / 28 + 1, day % 28 + 1);
    text += std::string(i ? "," : "") + R"({"from": "c", "type": ")" + (i % 2 ? "STRUCK" : "ATTACKED") +
            R"(", "to": "p)" + std::to_string(p) + R"(", "date": ")" + date + R"(", "attrs": {"fatalities": )" +
            std::to_string(1 + i % 2) + "}}";
  }
  return text + "]}";
}

TEST_CASE("neighbors and export --aggregate: 4,404 parallel edges as 46 that dot lays out in seconds",
          "[cli][aggregate][dot]") {
  KgCli kg;
  KgResult in = kg.Run({"ingest", "-"}, Crowded());
  INFO(in);
  REQUIRE(in.exit_code == 0);
  KgResult plain = kg.Run({"neighbors", "c", "--count", "--format", "json"});
  rapidjson::Document doc;
  ParseJson(plain.out, &doc);
  REQUIRE(doc["nodes"].GetUint() == 23);
  REQUIRE(doc["edges"].GetUint() == 4404);
  REQUIRE(doc["by_kind"]["location"].GetUint() == 23);
  KgResult agg_count = kg.Run({"neighbors", "c", "--count", "--aggregate"});
  REQUIRE(agg_count.out == "23 nodes (23 location), 46 edges\n");

  KgResult json = kg.Run({"neighbors", "c", "--aggregate", "--format", "json"});
  REQUIRE(json.exit_code == 0);
  ParseJson(json.out, &doc);
  REQUIRE(doc["edges"].Size() == 46);
  int64_t count = 0, fatalities = 0;
  for (const auto& e : doc["edges"].GetArray()) {
    count += e["attrs"]["count"].GetInt64();
    fatalities += e["attrs"]["fatalities"].GetInt64();
    REQUIRE(std::string(e["attrs"]["first"].GetString()) <= std::string(e["attrs"]["last"].GetString()));
  }
  REQUIRE(count == 4404);
  REQUIRE(fatalities == 4404 / 2 * 3);

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"neighbors", "c", "--aggregate", "--format", "dot"},
        {"export", "--center", "c", "--aggregate"}, {"export", "--aggregate"}}) {
    KgResult dot = kg.Run(args);
    INFO(dot.err);
    REQUIRE(dot.exit_code == 0);
    REQUIRE(Count(dot.out, " -> ") == 46);
    const auto start = std::chrono::steady_clock::now();
    ToolResult svg = RenderSvg(dot.out);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(svg.err);
    REQUIRE(svg.exit_code == 0);
    REQUIRE(svg.err.empty());
    REQUIRE(seconds < 30);  // 658 s unaggregated
    REQUIRE(svg.out.find("STRUCK \u00d796") != std::string::npos);  // 4,404 / 46 edges each, in the label
  }

  // GraphML and JSON exports carry the counts in each edge's attrs.
  KgResult graphml = kg.Run({"export", "--aggregate", "--format", "graphml"});
  REQUIRE(graphml.exit_code == 0);
  REQUIRE(Count(graphml.out, "<edge ") == 46);
  KgResult ejson = kg.Run({"export", "--aggregate", "--format", "json"});
  ParseJson(ejson.out, &doc);
  REQUIRE(doc["edges"].Size() == 46);
}

TEST_CASE("neighbors --limit in JSON lists only edges among the center and the nodes it kept",
          "[cli][neighbors][limit]") {
  KgCli kg;
  // A region, a hub inside it, and five villages around the hub.
  std::string text = R"({"record": "r", "nodes": [{"id": "reg", "kind": "location"}, {"id": "hub", "kind": "location"})";
  for (int v = 0; v < 5; ++v) text += R"(, {"id": "v)" + std::to_string(v) + R"(", "kind": "location"})";
  text += R"(], "edges": [{"from": "hub", "type": "LOCATED_IN", "to": "reg"})";
  for (int v = 0; v < 5; ++v) text += R"(, {"from": "v)" + std::to_string(v) + R"(", "type": "LOCATED_IN", "to": "hub"})";
  KgResult in = kg.Run({"ingest", "-"}, text + "]}");
  INFO(in);
  REQUIRE(in.exit_code == 0);
  KgResult r = kg.Run({"neighbors", "reg", "--depth", "2", "--limit", "3", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  rapidjson::Document doc;
  ParseJson(r.out, &doc);
  REQUIRE(doc["nodes"].Size() == 3);
  REQUIRE(doc["truncated"].GetBool());
  std::set<std::string> listed{"reg"};
  for (const auto& n : doc["nodes"].GetArray()) listed.insert(n["id"].GetString());
  REQUIRE(doc["edges"].Size() >= 1);
  for (const auto& e : doc["edges"].GetArray()) {
    CHECK(listed.count(e["from"].GetString()) == 1);
    CHECK(listed.count(e["to"].GetString()) == 1);
  }
}

}  // namespace
}  // namespace kg::test
