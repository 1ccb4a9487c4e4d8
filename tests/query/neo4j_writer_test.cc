// The Neo4j export: read back as the importer reads it (neo4j_test_util.h),
// its files hold every node and edge of the store with every attribute in
// a typed column, and the directory rules hold.
#include "query/neo4j_writer.h"

#include <charconv>
#include <fstream>
#include <map>

#include "query/export_test_util.h"
#include "query/neo4j_test_util.h"

namespace kg::test {
namespace {

// Names the importer's CSV reading could trip on: commas, quotes, semicolons
// (outside arrays), line breaks of every kind, bidi controls, a leading
// space and an empty-looking alias; attrs whose values differ in type
// across nodes.
const char* kCsvHostileRecords = R"json(
{"record": "csv-1", "source": {"title": "t"},
 "nodes": [
  {"id": "a,b", "kind": "actor", "name": "Comma, \"quoted\", ; semi;colon",
   "aliases": ["x,y", "\"q\"", " lead"], "attrs": {"mixed": 1, "note": "a\r\nb\nc\rd", "ratio": 0.1}},
  {"id": "bidi\u202e", "kind": "actor", "name": "\u202eevil\u202c \u2066iso\u2069 \u200f",
   "attrs": {"mixed": "one", "flag": false, "big": 9007199254740993}},
  {"id": "nl id", "kind": "location", "name": "line break", "coords": [-0.000001, 179.999999]},
  {"id": "plain", "kind": "location", "name": "Plain"}
 ],
 "edges": [
  {"from": "a,b", "type": "ATTACKED", "to": "bidi\u202e", "date": "2025-06-01", "key": "ev;1,\"x\"",
   "attrs": {"fatalities": 3, "note": "multi\nline"}},
  {"from": "a,b", "type": "ATTACKED", "to": "bidi\u202e", "date": "2025-06-01", "key": "ev2",
   "attrs": {"fatalities": "unknown"}},
  {"from": "nl id", "type": "LOCATED_IN", "to": "plain"}
 ]}
)json";

struct Exported {
  Neo4jResult result;
  Neo4jExport files;
};

// The value text of attr as the importer would parse it in a column of the
// given header type.
bool SameValue(const CsvCell& cell, const std::string& type, const AttrValue& value) {
  if (type == "string") {
    if (!cell.quoted) return false;
    if (const auto* s = std::get_if<std::string>(&value)) return cell.text == *s;
    if (const auto* i = std::get_if<int64_t>(&value)) return cell.text == std::to_string(*i);
    if (const auto* d = std::get_if<double>(&value)) return std::stod(cell.text) == *d;
    return cell.text == (std::get<bool>(value) ? "true" : "false");
  }
  if (cell.quoted) return false;
  if (type == "long") {
    int64_t v = 0;
    auto r = std::from_chars(cell.text.data(), cell.text.data() + cell.text.size(), v);
    return r.ec == std::errc() && r.ptr == cell.text.data() + cell.text.size() && value == AttrValue(v);
  }
  if (type == "double") return value == AttrValue(std::stod(cell.text));
  if (type == "boolean") return value == AttrValue(cell.text == "true") && (cell.text == "true" || cell.text == "false");
  return false;
}

// Every attr column of file in row: present with the right value for each
// key of attrs, empty for the others.
void RequireAttrs(const Neo4jFile& f, const CsvRow& row, const Attrs& attrs, size_t first, size_t end) {
  size_t present = 0;
  for (size_t i = first; i < end; ++i) {
    const std::string& h = f.header[i];
    size_t colon = h.rfind(':');
    REQUIRE(colon != std::string::npos);
    std::string key = h.substr(0, colon), type = h.substr(colon + 1);
    CAPTURE(key, type, row[i].text);
    auto it = attrs.find(key);
    if (it == attrs.end()) {
      REQUIRE(row[i].text.empty());
      REQUIRE_FALSE(row[i].quoted);
      continue;
    }
    ++present;
    REQUIRE(SameValue(row[i], type, it->second));
  }
  REQUIRE(present == attrs.size());
}

Exported ExportAndCheck(const GraphReader& reader, const std::string& dir) {
  Exported x;
  KG_REQUIRE_OK(WriteNeo4jDir(StoreSource(reader), dir, &x.result));
  x.files = ReadNeo4jExport(dir);
  StoreContent c = ReadAll(reader);
  REQUIRE(x.result.nodes == c.nodes.size());
  REQUIRE(x.result.relationships == c.edges.size());

  size_t node_rows = 0;
  for (const auto& [label, f] : x.files.nodes) node_rows += f.rows.size();
  REQUIRE(node_rows == c.nodes.size());
  for (const Node& n : c.nodes) {
    CAPTURE(n.id);
    const std::string label = n.kind == NodeKind::kActor ? "Actor" : "Location";
    REQUIRE(x.files.node_rows[label].count(n.id) == 1);
    const Neo4jFile& f = x.files.nodes.at(label);
    const CsvRow& row = *x.files.node_rows[label][n.id];
    CHECK(row[2].text == n.name);
    CHECK(SplitArray(row[3]) == n.aliases);
    CHECK(SplitArray(row.back()) == NodeSourceIds(reader, n));
    int lat = f.Column("lat:double"), lon = f.Column("lon:double");
    REQUIRE((lat < 0) == (lon < 0));
    if (n.coords) {
      REQUIRE(lat == static_cast<int>(f.header.size()) - 3);
      CHECK(std::stod(row[lat].text) == n.coords->first);
      CHECK(std::stod(row[lon].text) == n.coords->second);
    } else if (lat >= 0) {
      CHECK(row[lat].text.empty());
      CHECK(row[lon].text.empty());
    }
    RequireAttrs(f, row, n.attrs, 4, lat >= 0 ? static_cast<size_t>(lat) : f.header.size() - 1);
  }

  // Edges by identity; parallel edges of one date differ by their key.
  std::multimap<std::string, std::pair<const Neo4jFile*, const CsvRow*>> rows;
  for (const auto& [type, f] : x.files.relationships) {
    for (const CsvRow& row : f.rows) {
      rows.emplace(EdgeName(row[0].text, type, row[1].text, row[3].text) + " " + row[4].text,
                   std::make_pair(&f, &row));
    }
  }
  REQUIRE(rows.size() == c.edges.size());
  for (const Edge& e : c.edges) {
    std::string name = EdgeName(c, e) + " " + e.key;
    CAPTURE(name);
    REQUIRE(rows.count(name) == 1);
    const auto& [f, row] = rows.find(name)->second;
    CHECK((*row)[3].quoted == e.date.dated());
    CHECK((*row)[4].quoted == !e.key.empty());
    CHECK((*row)[row->size() - 2].text == std::to_string(e.sources.size()));
    CHECK(SplitArray(row->back()) == SourceIds(reader, e.sources));
    RequireAttrs(*f, *row, e.attrs, 5, f->header.size() - 2);
  }

  // README.txt: the import command naming every file, with its label or type.
  for (size_t i = 0; i < x.result.node_files.size(); ++i) {
    CHECK(x.files.readme.find("--nodes=" + x.result.node_labels[i] + "=") != std::string::npos);
    CHECK(x.files.readme.find("/" + x.result.node_files[i]) != std::string::npos);
  }
  for (size_t i = 0; i < x.result.relationship_files.size(); ++i) {
    CHECK(x.files.readme.find("--relationships=" + x.result.relationship_types[i] + "=") != std::string::npos);
    CHECK(x.files.readme.find("/" + x.result.relationship_files[i]) != std::string::npos);
  }
  CHECK(x.files.readme.find("neo4j-admin database import full --array-delimiter=\";\"") != std::string::npos);
  CHECK((x.files.readme.find("--multiline-fields=true") != std::string::npos) == x.result.multiline);
  return x;
}

TEST_CASE("CsvField quotes every text and doubles its quotes", "[export][neo4j]") {
  REQUIRE(CsvField("") == "\"\"");
  REQUIRE(CsvField("a,b") == "\"a,b\"");
  REQUIRE(CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  REQUIRE(ParseCsv(CsvField("x\"\n,\"y") + "," + CsvField("") + ",\n")[0][0].text == "x\"\n,\"y");
}

TEST_CASE_METHOD(TempStore, "Neo4j export of the seed graph reads back whole", "[export][neo4j]") {
  KG_REQUIRE_OK(IngestExamples());
  TempDir out("kg_neo4j");
  Exported x = ExportAndCheck(reader(), out.Path("graph"));
  REQUIRE(x.result.node_files == std::vector<std::string>{"nodes_Actor.csv", "nodes_Location.csv"});
  REQUIRE(x.files.nodes.at("Location").Column("lat:double") >= 0);
  REQUIRE(x.files.nodes.at("Actor").Column("lat:double") < 0);  // no actor has coords
  REQUIRE_FALSE(x.result.multiline);
}

TEST_CASE_METHOD(TempStore, "Neo4j export of hostile names round-trips exactly", "[export][neo4j]") {
  KG_REQUIRE_OK(ApplyAll(kHostileRecords));
  KG_REQUIRE_OK(ApplyAll(kCsvHostileRecords));
  TempDir out("kg_neo4j");
  Exported x = ExportAndCheck(reader(), out.path());
  REQUIRE(x.result.multiline);
  const Neo4jFile& actors = x.files.nodes.at("Actor");
  REQUIRE(actors.Column("mixed:string") >= 0);  // 1 and "one"
  REQUIRE(actors.Column("flag:boolean") >= 0);
  REQUIRE(actors.Column("big:long") >= 0);
  REQUIRE(actors.Column("ratio:double") >= 0);
  REQUIRE(actors.Column("<k&>:string") >= 0);
  REQUIRE(x.files.relationships.at("ATTACKED").Column("fatalities:string") >= 0);  // 3 and "unknown"
}

TEST_CASE_METHOD(TempStore, "Neo4j export refuses what the importer could not read back", "[export][neo4j]") {
  TempDir out("kg_neo4j");
  std::string dir = out.Path("graph");
  Neo4jResult result;
  SECTION("a ';' inside an alias") {
    KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "a", "kind": "actor", "name": "A",
                           "aliases": ["x;y"]}]})"));
  }
  SECTION("an attribute named as a fixed column") {
    KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "a", "kind": "actor", "name": "A",
                           "attrs": {"name": "other"}}]})"));
  }
  SECTION("an attribute key holding ':'") {
    KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "a", "kind": "actor", "name": "A"},
                                                    {"id": "b", "kind": "actor", "name": "B"}],
                           "edges": [{"from": "a", "type": "MET", "to": "b", "attrs": {"x:int": 1}}]})"));
  }
  Status s = WriteNeo4jDir(StoreSource(reader()), dir, &result);
  REQUIRE(s.IsInvalidArgument());
  REQUIRE_FALSE(std::filesystem::exists(dir));  // refused before anything is written
}

TEST_CASE_METHOD(TempStore, "Neo4j export directory: created, refused when foreign, stale files removed",
                 "[export][neo4j]") {
  KG_REQUIRE_OK(IngestExamples());
  TempDir out("kg_neo4j");
  std::string dir = out.Path("a/b");
  Neo4jResult result;
  KG_REQUIRE_OK(WriteNeo4jDir(StoreSource(reader()), dir, &result));
  REQUIRE(std::filesystem::exists(dir + "/README.txt"));

  // An earlier export's file that this one does not write goes.
  std::string stale = dir + "/relationships_GONE.csv";
  { std::ofstream(stale) << ":START_ID,:END_ID,:TYPE\n"; }
  KG_REQUIRE_OK(WriteNeo4jDir(StoreSource(reader()), dir, &result));
  REQUIRE_FALSE(std::filesystem::exists(stale));
  ReadNeo4jExport(dir);

  // Anything else makes the export refuse the directory, untouched.
  std::string mine = dir + "/notes.txt";
  { std::ofstream(mine) << "mine\n"; }
  std::filesystem::remove(dir + "/nodes_Actor.csv");
  Status s = WriteNeo4jDir(StoreSource(reader()), dir, &result);
  REQUIRE(s.IsInvalidArgument());
  REQUIRE(s.message().find("notes.txt") != std::string::npos);
  REQUIRE_FALSE(std::filesystem::exists(dir + "/nodes_Actor.csv"));

  // A path that cannot be a directory: the environment's error, with path and reason.
  std::string file = out.Path("file");
  { std::ofstream(file) << "x"; }
  s = WriteNeo4jDir(StoreSource(reader()), file, &result);
  REQUIRE(s.IsEnvironment());
  REQUIRE(s.message() == file + ": Not a directory");
  s = WriteNeo4jDir(StoreSource(reader()), file + "/sub", &result);
  REQUIRE(s.IsEnvironment());
  REQUIRE(s.message().rfind(file, 0) == 0);
}

TEST_CASE("Neo4jImportCommand quotes paths for the shell", "[export][neo4j]") {
  Neo4jResult r;
  r.node_files = {"nodes_Actor.csv"};
  r.node_labels = {"Actor"};
  r.relationship_files = {"relationships_STRUCK.csv"};
  r.relationship_types = {"STRUCK"};
  REQUIRE(Neo4jImportCommand("/data/kg", r) ==
          "neo4j-admin database import full --array-delimiter=\";\" --nodes=Actor=/data/kg/nodes_Actor.csv "
          "--relationships=STRUCK=/data/kg/relationships_STRUCK.csv neo4j");
  r.multiline = true;
  REQUIRE(Neo4jImportCommand("/my data/it's", r, "graph") ==
          "neo4j-admin database import full --array-delimiter=\";\" --multiline-fields=true "
          "'--nodes=Actor=/my data/it'\\''s/nodes_Actor.csv' "
          "'--relationships=STRUCK=/my data/it'\\''s/relationships_STRUCK.csv' graph");
}

}  // namespace
}  // namespace kg::test
