// kg ingest --format acled|ucdp end to end: dataset events merge into the
// hand-coded graph through declared aliases, re-imports change nothing, bad
// rows are located.
#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include "test_util.h"

namespace kg::test {
namespace {

std::string Data(const std::string& rel) { return std::string(KG_SOURCE_DIR) + "/" + rel; }

TEST_CASE("ACLED events merge into hand-coded nodes through their aliases", "[cli][dataset]") {
  KgCli kg;
  REQUIRE(kg.Run({"ingest", Data("examples/mali-2025-06-13.jsonl"), Data("examples/mali-2025-06-20.jsonl")})
              .exit_code == 0);
  // The analyst declares ACLED's label for FAMa as an alias.
  KgResult r = kg.Run({"ingest", "-"},
                      R"json({"record": "acled-labels", "nodes": [{"id": "fama", "aliases": ["Military Forces of Mali (2021-)"]}]})json");
  REQUIRE(r.exit_code == 0);
  r = kg.Run({"ingest", "--format", "acled", Data("tests/data/acled/dyadic.csv")});
  INFO(r);
  REQUIRE(r.exit_code == 0);

  r = kg.Run({"search", "military forces of mali", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  REQUIRE(!doc.HasParseError());
  REQUIRE(doc["nodes"].Size() == 1);
  REQUIRE(std::string(doc["nodes"][0]["id"].GetString()) == "fama");
  // The hand-coded name stays.
  REQUIRE(std::string(doc["nodes"][0]["name"].GetString()) == "Forces armées maliennes");

  // ACLED's country "Mali" is the hand-coded location, not a second one.
  r = kg.Run({"search", "mali", "--kind", "location", "--format", "json"});
  doc.Parse(r.out.c_str());
  REQUIRE(doc["nodes"].Size() == 1);

  // Importing the same export again changes nothing.
  std::string before = kg.Dump();
  r = kg.Run({"ingest", "--format", "acled", Data("tests/data/acled/dyadic.csv")});
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err.find(" 0 ingested") != std::string::npos);
  REQUIRE(kg.Dump() == before);
  REQUIRE(kg.Run({"check"}).exit_code == 0);
}

TEST_CASE("UCDP GED CSV ingests; bad dataset rows give exit 2 with file and line", "[cli][dataset]") {
  KgCli kg;
  KgResult r = kg.Run({"ingest", "--format", "ucdp", Data("tests/data/ucdp/ged_2023.csv")});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(kg.Run({"check"}).exit_code == 0);
  std::string before = kg.Dump();

  r = kg.Run({"ingest", "--format", "acled", Data("tests/data/acled/bad_rows.csv")});
  REQUIRE(r.exit_code == 2);
  REQUIRE(r.err.find("bad_rows.csv:") != std::string::npos);
  r = kg.Run({"ingest", "--format", "ucdp", "--skip-invalid", Data("tests/data/ucdp/bad_rows.csv")});
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err.find("rejected") != std::string::npos);
  REQUIRE(kg.Run({"check"}).exit_code == 0);
  (void)before;
}

}  // namespace
}  // namespace kg::test
