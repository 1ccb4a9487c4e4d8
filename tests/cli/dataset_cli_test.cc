// kg ingest --format acled|ucdp end to end: dataset events merge into the
// hand-coded graph through declared aliases, re-imports change nothing, bad
// rows are located.
#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <algorithm>
#include <string>
#include <vector>

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

TEST_CASE("UCDP GED CSV ingests, bad dataset rows give exit 2 with file and line", "[cli][dataset]") {
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

TEST_CASE("A CSV given without --format is read by its header", "[cli][dataset]") {
  KgCli kg;
  KgResult r = kg.Run({"ingest", Data("tests/data/acled/dyadic.csv")});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  r = kg.Run({"show", "acled:actor:military forces of mali", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  // Native records and a UCDP CSV in one command, each read as what it is.
  KgCli both;
  r = both.Run({"ingest", Data("examples/mali-2025-06-13.jsonl"), Data("tests/data/ucdp/ged_2023.csv")});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(both.Run({"show", "ucdp:actor:government of mali"}).exit_code == 0);
  REQUIRE(both.Run({"show", "fama"}).exit_code == 0);
  REQUIRE(both.Run({"check"}).exit_code == 0);
  REQUIRE(kg.Run({"check"}).exit_code == 0);
}

TEST_CASE("A CSV no format reads is an error naming the file, the line and the --format to use",
          "[cli][dataset]") {
  KgCli kg;
  TempDir dir("kg-detect");
  const std::string other = dir.Write("people.csv", "\nname,born,place\nAmadou,1990,Gao\n");
  KgResult r = kg.Run({"ingest", other});
  INFO(r);
  REQUIRE(r.exit_code == 2);
  REQUIRE(r.err.find("people.csv:2: ") != std::string::npos);
  REQUIRE(r.err.find("--format acled") != std::string::npos);
  REQUIRE(r.err.find("--format native") != std::string::npos);
  REQUIRE(r.err.find("JSON parse") == std::string::npos);

  // Asked to read a dataset's CSV as native records, kg says which format it is.
  r = kg.Run({"ingest", "--format", "native", Data("tests/data/ucdp/ged_2023.csv")});
  REQUIRE(r.exit_code == 2);
  REQUIRE(r.err.find("ged_2023.csv:1: ") != std::string::npos);
  REQUIRE(r.err.find("use --format ucdp") != std::string::npos);

  // JSON that is not records still gets the JSON reader's message.
  const std::string scalar = dir.Write("scalar.jsonl", "42\n");
  r = kg.Run({"ingest", scalar});
  REQUIRE(r.exit_code == 2);
  REQUIRE(r.err.find("--format acled") == std::string::npos);
}

TEST_CASE("Associated actors of an actor against itself are active in the event's region", "[cli][dataset]") {
  // Regression: assoc_actor_2 was dropped when actor1 == actor2 (MLI90003).
  KgCli kg;
  REQUIRE(kg.Run({"ingest", "--format", "acled", Data("tests/data/acled/region_year.csv")}).exit_code == 0);
  KgResult r = kg.Run({"active", "acled:place:mali/mopti/bandiagara", "--since", "2021-03-07", "--until",
                       "2021-03-07", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  REQUIRE(!doc.HasParseError());
  std::vector<std::string> ids;
  for (const auto& a : doc["actors"].GetArray()) ids.push_back(a["id"].GetString());
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"acled:actor:dan na ambassagou", "acled:actor:dogon ethnic militia (mali)",
                                        "acled:actor:dozo militia"});
}

}  // namespace
}  // namespace kg::test
