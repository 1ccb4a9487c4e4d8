// kg export --format neo4j on the command line: -o DIR required, the files
// read back as the importer reads them, counts equal to kg stats, exit codes.
#include <filesystem>
#include <fstream>

#include "query/export_test_util.h"
#include "query/neo4j_test_util.h"

namespace kg::test {
namespace {

TEST_CASE_METHOD(ExamplesCli, "kg export --format neo4j -o DIR writes the importer's files, counted as kg stats",
                 "[export][neo4j][cli]") {
  KgResult none = Run({"export", "--format", "neo4j"});
  REQUIRE(none.exit_code == 2);
  REQUIRE(none.err == "kg: --format neo4j writes a directory: give -o DIR\n");
  REQUIRE(Run({"export", "--format", "neo4j", "-o", "-"}).exit_code == 2);

  std::string neo = dir().Path("neo4j");
  KgResult r = Run({"export", "--format", "neo4j", "-o", neo});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err.empty());
  REQUIRE(r.out.find("README.txt") != std::string::npos);
  Neo4jExport e = ReadNeo4jExport(neo);

  KgResult stats = Run({"stats", "--format", "json"});
  REQUIRE(stats.exit_code == 0);
  rapidjson::Document doc;
  ParseJson(stats.out, &doc);
  uint64_t nodes = 0, edges = 0;
  for (const auto& [label, f] : e.nodes) {
    std::string kind = label == "Actor" ? "actor" : "location";
    REQUIRE(doc["by_kind"][kind.c_str()].GetUint64() == f.rows.size());
    nodes += f.rows.size();
  }
  for (const auto& [type, f] : e.relationships) {
    REQUIRE(doc["by_type"][type.c_str()].GetUint64() == f.rows.size());
    edges += f.rows.size();
  }
  REQUIRE(nodes == doc["nodes"].GetUint64());
  REQUIRE(edges == doc["edges"].GetUint64());
  REQUIRE(e.relationships.size() == doc["by_type"].MemberCount());

  // README.txt names the files by absolute path, and a second export
  // over the first is allowed.
  REQUIRE(e.readme.find("--nodes=Actor=" + std::filesystem::absolute(neo).string() + "/nodes_Actor.csv") !=
          std::string::npos);
  REQUIRE(Run({"export", "--format", "neo4j", "-o", neo}).exit_code == 0);

  // A filter applies as to the other formats.
  std::string actors = dir().Path("actors");
  REQUIRE(Run({"export", "--format", "neo4j", "--kind", "actor", "-o", actors}).exit_code == 0);
  Neo4jExport a = ReadNeo4jExport(actors);
  REQUIRE(a.nodes.size() == 1);
  REQUIRE(a.nodes.at("Actor").rows.size() == doc["by_kind"]["actor"].GetUint64());
}

TEST_CASE_METHOD(ExamplesCli, "kg export --format neo4j: foreign directories exit 2, unwritable paths exit 3",
                 "[export][neo4j][cli]") {
  std::string neo = dir().Path("mine");
  std::filesystem::create_directory(neo);
  { std::ofstream(neo + "/keep.csv") << "x\n"; }
  KgResult foreign = Run({"export", "--format", "neo4j", "-o", neo});
  INFO(foreign);
  REQUIRE(foreign.exit_code == 2);
  REQUIRE(foreign.err.find(neo + ": holds \"keep.csv\"") != std::string::npos);
  REQUIRE(std::filesystem::directory_iterator(neo)->path().filename() == "keep.csv");

  std::string file = dir().Path("file");
  { std::ofstream(file) << "x"; }
  KgResult bad = Run({"export", "--format", "neo4j", "-o", file + "/out"});
  INFO(bad);
  REQUIRE(bad.exit_code == 3);
  REQUIRE(bad.err == "kg: " + file + "/out: Not a directory\n");
}

}  // namespace
}  // namespace kg::test
