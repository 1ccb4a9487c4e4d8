// The GraphML writer: XML escaping, and a real GraphML reader (NetworkX)
// reading back every node and edge with its typed attributes.
#include <map>
#include <sstream>

#include "query/export_test_util.h"
#include "query/graphml_writer.h"

namespace kg::test {
namespace {

// NetworkX's reading of a GraphML file, as JSON: {"directed", "multigraph",
// "nodes": {id: {attr: value}}, "edges": [[from, to, {attr: value}], ...]}.
const char* kReadGraphml = R"py(
import json, sys
import networkx
g = networkx.read_graphml(sys.argv[1])
json.dump({"directed": g.is_directed(), "multigraph": g.is_multigraph(),
           "nodes": {n: d for n, d in g.nodes(data=True)},
           "edges": [[u, v, d] for u, v, d in g.edges(data=True)]},
          sys.stdout, ensure_ascii=False)
)py";

std::string Str(const rapidjson::Value& v) {
  REQUIRE(v.IsString());
  return std::string(v.GetString(), v.GetStringLength());
}

// Writes the store as GraphML, reads it with NetworkX and checks that it
// holds every node and edge of the store with all their attributes.
void RequireNetworkxReadsStore(const GraphReader& reader) {
  TempDir dir("kg_graphml");
  std::ostringstream out;
  KG_REQUIRE_OK(WriteGraphml(StoreSource(reader), &out));
  std::string path = dir.Write("g.graphml", out.str());
  std::string script = dir.Write("read.py", kReadGraphml);
  ToolResult r = RunTool("/usr/bin/python3 " + script + " " + path);
  INFO(out.str());
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err.empty());
  rapidjson::Document doc;
  ParseJson(r.out, &doc);

  StoreContent c = ReadAll(reader);
  REQUIRE(doc["directed"].GetBool());
  REQUIRE(doc["nodes"].MemberCount() == c.nodes.size());
  REQUIRE(doc["edges"].Size() == c.edges.size());
  for (const Node& n : c.nodes) {
    CAPTURE(n.id);
    const rapidjson::Value& nodes = doc["nodes"];
    auto m = nodes.FindMember(rapidjson::Value(n.id.c_str(), static_cast<rapidjson::SizeType>(n.id.size())));
    REQUIRE(m != nodes.MemberEnd());
    const rapidjson::Value& d = m->value;
    CHECK(Str(d["kind"]) == KindName(n.kind));
    CHECK(Str(d["name"]) == n.name);
    CHECK(Str(d["label"]) == n.name);
    rapidjson::Document aliases;
    ParseJson(Str(d["aliases"]), &aliases);
    CHECK(JsonStrings(aliases) == n.aliases);
    CHECK(SameAttrs(Str(d["attrs"]), n.attrs));
    rapidjson::Document sources;
    ParseJson(Str(d["sources"]), &sources);
    CHECK(JsonStrings(sources) == NodeSourceIds(reader, n));
    if (n.coords) {
      REQUIRE(d["lat"].IsDouble());
      CHECK(d["lat"].GetDouble() == n.coords->first);
      CHECK(d["lon"].GetDouble() == n.coords->second);
    } else {
      CHECK_FALSE(d.HasMember("lat"));
    }
  }
  // Edges by identity (from, type, to, date): all there, each once.
  std::map<std::string, const rapidjson::Value*> edges;
  for (const auto& e : doc["edges"].GetArray()) {
    const rapidjson::Value& d = e[2];
    std::string date = d.HasMember("date") ? Str(d["date"]) : "";
    edges[EdgeName(Str(e[0]), Str(d["type"]), Str(e[1]), date)] = &d;
  }
  REQUIRE(edges.size() == c.edges.size());
  for (const Edge& e : c.edges) {
    std::string name = EdgeName(c, e);
    CAPTURE(name);
    REQUIRE(edges.count(name) == 1);
    const rapidjson::Value& d = *edges[name];
    CHECK(Str(d["label"]) == e.type);
    REQUIRE(d["support"].IsInt());
    CHECK(d["support"].GetInt() == static_cast<int>(e.sources.size()));
    CHECK(SameAttrs(Str(d["attrs"]), e.attrs));
    rapidjson::Document sources;
    ParseJson(Str(d["sources"]), &sources);
    CHECK(JsonStrings(sources) == SourceIds(reader, e.sources));
  }
}

TEST_CASE("XmlEscape escapes markup and drops what XML 1.0 forbids", "[export][graphml]") {
  REQUIRE(XmlEscape("plain é 中") == "plain é 中");
  REQUIRE(XmlEscape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  REQUIRE(XmlEscape("]]>") == "]]&gt;");
  REQUIRE(XmlEscape("tab\tnl\ncr\r") == "tab&#9;nl&#10;cr&#13;");
  REQUIRE(XmlEscape(std::string("nul\0bell\x07", 9)) == "nul\xEF\xBF\xBD" "bell\xEF\xBF\xBD");
  REQUIRE(XmlEscape("\xEF\xBF\xBE\xEF\xBF\xBF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // U+FFFE, U+FFFF
  REQUIRE(XmlEscape("caf\xe9") == "caf\xEF\xBF\xBD");                            // Latin-1
  REQUIRE(XmlEscape("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");                  // U+1F600 stays
}

TEST_CASE_METHOD(TempStore, "GraphML of the seed graph reads back in NetworkX", "[export][graphml]") {
  KG_REQUIRE_OK(IngestExamples());
  RequireNetworkxReadsStore(reader());
}

TEST_CASE_METHOD(TempStore, "GraphML of hostile names reads back intact in NetworkX", "[export][graphml]") {
  KG_REQUIRE_OK(ApplyAll(kHostileRecords));
  RequireNetworkxReadsStore(reader());
}

TEST_CASE_METHOD(TempStore, "GraphML replaces what XML cannot hold, and still reads back",
                 "[export][graphml]") {
  Node a, b;
  a.nid = 1, a.id = "a\x01<", a.name = "bad\xff", a.kind = NodeKind::kActor;
  a.attrs["k"] = std::string("\x02\n");
  b.nid = 2, b.id = "b", b.name = "b", b.kind = NodeKind::kLocation;
  Edge e;
  e.from = 1, e.to = 2, e.type = "X";
  // An empty store: no record declares these nodes.
  MemorySource source({a, b}, {e}, &reader());
  std::ostringstream out;
  KG_REQUIRE_OK(WriteGraphml(source, &out));
  for (const char* key : {"attr.name=\"kind\" attr.type=\"string\"", "attr.name=\"support\" attr.type=\"int\"",
                          "attr.name=\"lat\" attr.type=\"double\"", "attr.name=\"date\" attr.type=\"string\""}) {
    CAPTURE(key);
    REQUIRE(out.str().find(key) != std::string::npos);
  }
  TempDir dir("kg_graphml");
  std::string path = dir.Write("g.graphml", out.str());
  std::string script = dir.Write("read.py", kReadGraphml);
  ToolResult r = RunTool("/usr/bin/python3 " + script + " " + path);
  INFO(out.str());
  INFO(r);
  REQUIRE(r.exit_code == 0);
  rapidjson::Document doc;
  ParseJson(r.out, &doc);
  const rapidjson::Value& node = doc["nodes"]["a\xEF\xBF\xBD<"];
  REQUIRE(Str(node["name"]) == "bad\xEF\xBF\xBD");
  REQUIRE(Str(node["attrs"]) == "{\"k\":\"\\u0002\\n\"}");
  REQUIRE(Str(node["sources"]) == "[]");
  REQUIRE(doc["edges"].Size() == 1);
}

TEST_CASE("GraphML without a store to name record ids says so", "[export][graphml]") {
  Node a;
  a.nid = 1, a.id = a.name = "a", a.kind = NodeKind::kActor;
  std::ostringstream out;
  REQUIRE(WriteGraphml(MemorySource({a}, {}), &out).IsNotSupported());
}

}  // namespace
}  // namespace kg::test
