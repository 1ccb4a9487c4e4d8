// kg path and kg neighbors from the outside, on the example reports: the
// hand-checked answers, their JSON shape, exit codes, and DOT that Graphviz
// reads without a word.
#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <set>

#include "test_util.h"

namespace kg::test {
namespace {

void IngestExamples(const KgCli& kg) {
  KgResult r = kg.Run({"ingest", std::string(KG_SOURCE_DIR) + "/examples/mali-2025-06-13.jsonl",
                       std::string(KG_SOURCE_DIR) + "/examples/mali-2025-06-20.jsonl"});
  REQUIRE(r.exit_code == 0);
}

rapidjson::Document Parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  REQUIRE(!doc.HasParseError());
  return doc;
}

// Runs Graphviz's dot on text; returns its stderr (empty when it had nothing to say).
std::string DotStderr(const TempDir& dir, const std::string& text) {
  std::string in = dir.Path("q.dot"), svg = dir.Path("q.svg"), err = dir.Path("q.err");
  { std::ofstream(in) << text; }
  int rc = std::system(("dot -Tsvg " + in + " -o " + svg + " 2>" + err).c_str());
  REQUIRE(rc == 0);
  std::ifstream e(err);
  return std::string(std::istreambuf_iterator<char>(e), {});
}

TEST_CASE("kg path on the examples: FAMa to Tombouctou in 3 edges, both shortest paths", "[cli][query]") {
  KgCli kg;
  IngestExamples(kg);
  KgResult r = kg.Run({"path", "Fama", "Tombouctou", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  auto doc = Parse(r.out);
  REQUIRE(std::string(doc["from"].GetString()) == "fama");
  REQUIRE(std::string(doc["to"].GetString()) == "tombouctou");
  REQUIRE(doc["length"].GetInt() == 3);
  REQUIRE(doc["nodes"].Size() == 4);
  REQUIRE(doc["edges"].Size() == 3);
  // edges[i] joins nodes[i] and nodes[i+1], in its stored direction.
  for (rapidjson::SizeType i = 0; i < 3; ++i) {
    std::string a = doc["nodes"][i]["id"].GetString(), b = doc["nodes"][i + 1]["id"].GetString();
    std::string from = doc["edges"][i]["from"].GetString(), to = doc["edges"][i]["to"].GetString();
    REQUIRE(((from == a && to == b) || (from == b && to == a)));
    REQUIRE(doc["edges"][i]["support"].GetInt() == static_cast<int>(doc["edges"][i]["sources"].Size()));
  }

  r = kg.Run({"path", "FAMa", "Tombouctou", "--all", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  doc = Parse(r.out);
  REQUIRE(doc["paths"].Size() == 2);
  bool via_kardjila = false;
  for (const auto& p : doc["paths"].GetArray()) {
    REQUIRE(p["nodes"].Size() == 4);
    if (std::string(p["nodes"][1]["id"].GetString()) == "kardjila") {
      via_kardjila = true;
      // FAMa STRUCK Kardjila is reported by two records.
      REQUIRE(p["edges"][0]["support"].GetInt() == 2);
    }
  }
  REQUIRE(via_kardjila);

  // Only STRUCK and LOCATED_IN edges, out of FAMa: the strike route.
  r = kg.Run({"path", "FAMa", "Tombouctou", "--type", "STRUCK,LOCATED_IN", "--direction", "out", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  doc = Parse(r.out);
  REQUIRE(std::string(doc["nodes"][1]["id"].GetString()) == "kardjila");
}

TEST_CASE("kg path exit codes: 1 for no path, 2 for an unknown node", "[cli][query]") {
  KgCli kg;
  IngestExamples(kg);
  KgResult r = kg.Run({"path", "Boulkessi", "Al-Qaïda", "--direction", "out"});
  INFO(r);
  REQUIRE(r.exit_code == 1);
  REQUIRE(r.err.find("no path") != std::string::npos);
  r = kg.Run({"path", "FAMa", "Tombouctou", "--since", "2026"});  // no dated edge then; undated ones alone
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  r = kg.Run({"path", "FAMa", "Tombouctu"});
  REQUIRE(r.exit_code == 2);
  REQUIRE(r.err == "kg: unknown node \"Tombouctu\" (did you mean \"Tombouctou\"?)\n");
  r = kg.Run({"path", "FAMa", "Tombouctou", "--direction", "sideways"});
  REQUIRE(r.exit_code == 2);
}

TEST_CASE("kg neighbors on the examples: Bandiagara's surroundings", "[cli][query]") {
  KgCli kg;
  IngestExamples(kg);
  KgResult r = kg.Run({"neighbors", "bandiagara", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  auto doc = Parse(r.out);
  REQUIRE(std::string(doc["center"].GetString()) == "bandiagara");
  std::set<std::string> ids;
  for (const auto& n : doc["nodes"].GetArray()) {
    ids.insert(n["id"].GetString());
    REQUIRE(n["distance"].GetInt() == 1);
  }
  REQUIRE(ids == std::set<std::string>{"boulkessi", "douna", "mali"});
  REQUIRE(doc["edges"].Size() == 3);  // three LOCATED_IN edges

  // Actors within two hops: FAMa struck places in Bandiagara.
  r = kg.Run({"neighbors", "Bandiagara", "--depth", "2", "--kind", "actor", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  doc = Parse(r.out);
  ids.clear();
  for (const auto& n : doc["nodes"].GetArray()) ids.insert(n["id"].GetString());
  REQUIRE(ids.count("fama") == 1);
  REQUIRE(ids.count("boulkessi") == 0);  // a location: not listed with --kind actor

  // In June 2025 only, STRUCK edges: FAMa reaches Boulkessi and Douna.
  r = kg.Run({"neighbors", "FAMa", "--type", "STRUCK", "--since", "2025-06", "--until", "2025-06", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  doc = Parse(r.out);
  ids.clear();
  for (const auto& n : doc["nodes"].GetArray()) ids.insert(n["id"].GetString());
  REQUIRE(ids == std::set<std::string>{"boulkessi", "douna", "kardjila"});

  r = kg.Run({"neighbors", "FAMa", "--type", "STRUCK", "--until", "2024"});
  REQUIRE(r.exit_code == 1);
}

TEST_CASE("path and neighbors with --format dot: Graphviz reads it without a warning", "[cli][query][dot]") {
  KgCli kg;
  IngestExamples(kg);
  KgResult r = kg.Run({"path", "FAMa", "Tombouctou", "--all", "--format", "dot"});
  REQUIRE(r.exit_code == 0);
  REQUIRE(DotStderr(kg.dir(), r.out).empty());
  REQUIRE(r.out.find("Kardjila") != std::string::npos);
  r = kg.Run({"neighbors", "Bandiagara", "--depth", "2", "--format", "dot"});
  REQUIRE(r.exit_code == 0);
  REQUIRE(DotStderr(kg.dir(), r.out).empty());
  REQUIRE(r.out.find("Douna") != std::string::npos);
}

}  // namespace
}  // namespace kg::test
