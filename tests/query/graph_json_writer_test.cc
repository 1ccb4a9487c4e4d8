// The JSON export: parsed back with RapidJSON, it holds every node and edge
// of the store with every attribute; one node or edge per line.
#include <map>
#include <sstream>

#include "query/export_test_util.h"
#include "query/graph_json_writer.h"

namespace kg::test {
namespace {

std::string Str(const rapidjson::Value& v) {
  REQUIRE(v.IsString());
  return std::string(v.GetString(), v.GetStringLength());
}

void RequireRoundTrip(const GraphReader& reader) {
  std::ostringstream out;
  KG_REQUIRE_OK(WriteGraphJson(StoreSource(reader), GraphJsonOptions(), &out));
  rapidjson::Document doc;
  ParseJson(out.str(), &doc);
  INFO(out.str());
  REQUIRE(doc.IsObject());
  REQUIRE(doc.MemberCount() == 2);
  StoreContent c = ReadAll(reader);
  REQUIRE(doc["nodes"].Size() == c.nodes.size());
  REQUIRE(doc["edges"].Size() == c.edges.size());

  for (const auto& d : doc["nodes"].GetArray()) {
    const Node& n = NodeById(c, Str(d["id"]));
    CAPTURE(n.id);
    CHECK(Str(d["kind"]) == KindName(n.kind));
    CHECK(Str(d["name"]) == n.name);
    CHECK(JsonStrings(d["aliases"]) == n.aliases);
    CHECK(SameAttrs(d["attrs"], n.attrs));
    CHECK(JsonStrings(d["sources"]) == NodeSourceIds(reader, n));
    if (n.coords) {
      REQUIRE(d["coords"].Size() == 2);
      CHECK(d["coords"][0].GetDouble() == n.coords->first);
      CHECK(d["coords"][1].GetDouble() == n.coords->second);
    } else {
      CHECK_FALSE(d.HasMember("coords"));
    }
  }
  std::map<std::string, const rapidjson::Value*> edges;
  for (const auto& d : doc["edges"].GetArray()) {
    edges[EdgeName(Str(d["from"]), Str(d["type"]), Str(d["to"]), d.HasMember("date") ? Str(d["date"]) : "")] = &d;
  }
  REQUIRE(edges.size() == c.edges.size());
  for (const Edge& e : c.edges) {
    std::string name = EdgeName(c, e);
    CAPTURE(name);
    REQUIRE(edges.count(name) == 1);
    const rapidjson::Value& d = *edges[name];
    CHECK(SameAttrs(d["attrs"], e.attrs));
    CHECK(d["support"].GetUint64() == e.sources.size());
    CHECK(JsonStrings(d["sources"]) == SourceIds(reader, e.sources));
  }

  // One element per line: every line between the brackets parses alone.
  std::vector<std::string> lines = SplitLines(out.str());
  REQUIRE(lines.size() == c.nodes.size() + c.edges.size() + 4);
  REQUIRE(lines.front() == "{\"nodes\":[");
  REQUIRE(lines.back() == "]}");
  for (const std::string& line : lines) {
    if (line.empty() || line[0] != '{' || line == "{\"nodes\":[") continue;
    std::string element = line.back() == ',' ? line.substr(0, line.size() - 1) : line;
    rapidjson::Document one;
    ParseJson(element, &one);
    REQUIRE(one.IsObject());
  }
}

TEST_CASE_METHOD(TempStore, "JSON export of the seed graph round-trips", "[export][json]") {
  KG_REQUIRE_OK(IngestExamples());
  RequireRoundTrip(reader());
}

TEST_CASE_METHOD(TempStore, "JSON export of hostile names round-trips exactly", "[export][json]") {
  KG_REQUIRE_OK(ApplyAll(kHostileRecords));
  RequireRoundTrip(reader());
}

TEST_CASE_METHOD(TempStore, "JSON export of an empty store and of a neighborhood", "[export][json]") {
  std::ostringstream empty;
  KG_REQUIRE_OK(WriteGraphJson(StoreSource(reader()), GraphJsonOptions(), &empty));
  REQUIRE(empty.str() == "{\"nodes\":[\n],\n\"edges\":[\n]}\n");

  KG_REQUIRE_OK(IngestExamples());
  NodeId center;
  KG_REQUIRE_OK(reader().FindNode("gourma-rharous", &center));
  std::unique_ptr<MemorySource> hood;
  KG_REQUIRE_OK(LoadNeighborhood(reader(), center, NeighborhoodOptions(), &hood));
  GraphJsonOptions o;
  o.center = "gourma-rharous";
  o.depth = 1;
  std::ostringstream out;
  KG_REQUIRE_OK(WriteGraphJson(*hood, o, &out));
  rapidjson::Document doc;
  ParseJson(out.str(), &doc);
  REQUIRE(Str(doc["center"]) == "gourma-rharous");
  REQUIRE(doc["depth"].GetUint() == 1);
  std::vector<std::string> ids;
  for (const auto& n : doc["nodes"].GetArray()) ids.push_back(Str(n["id"]));
  REQUIRE(ids == std::vector<std::string>{"gourma-rharous", "tombouctou", "kardjila"});
  REQUIRE(doc["edges"].Size() == 2);  // the two LOCATED_IN
}

}  // namespace
}  // namespace kg::test
