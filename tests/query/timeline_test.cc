// kg timeline: hand-checked cases on the examples (table, JSON, filters,
// exit codes) and the order of events and standing relations on a small
// graph built for it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "query/timeline.h"
#include "test_util.h"

namespace kg::test {
namespace {

TEST_CASE("kg timeline FAMa: the examples as a chronology", "[query][timeline][cli]") {
  ExamplesCli db;
  KgRunOptions wide;  // tables are cut to $COLUMNS: this one is 201 wide
  wide.env["COLUMNS"] = "300";
  KgResult r = db.Run({"timeline", "FAMa"}, "", wide);
  INFO(r);
  REQUIRE(r.exit_code == 0);
  // Month-dated strikes start on the 1st, so they come before the range that
  // starts on the 7th; ties on the date go by type, then the other's name.
  CHECK(r.out ==
        "date                   event                                         details                            "
        "                                    sources\n"
        "---------------------  --------------------------------------------  -----------------------------------"
        "----------------------------------  --------------------------------------------------------\n"
        "2025-06                STRUCK Boulkessi                              means=airstrike and drones, outcome"
        "=destroyed, target=fuel depot       lemali-2025-06-13-bandiagara\n"
        "2025-06                STRUCK Douna                                  means=airstrike and drones, outcome"
        "=destroyed, target=fuel depot       lemali-2025-06-13-bandiagara\n"
        "2025-06                STRUCK Kardjila                               means=air strikes, outcome=destroye"
        "d, target=logistics base            lemali-2025-06-13-tombouctou, lemali-2025-06-20-kardjila\n"
        "2025-06-07/2025-06-13  ATTACKED Jama’at Nusratul Islam wal Muslimin  means=air and ground operations, op"
        "eration=national counter-offensive  lemali-2025-06-13-offensive\n"
        "2025-06-17             STRUCK Boulkessi                              means=drones, target=armed group po"
        "sitions                             lemali-2025-06-20-boulkessi\n");
  CHECK(r.err.empty());
}

TEST_CASE("kg timeline: incoming edges read 'by', standing relations apart", "[query][timeline][cli]") {
  ExamplesCli db;
  KgResult r = db.Run({"timeline", "JNIM"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out ==
        "date                   event                                details                                     "
        "                           sources\n"
        "---------------------  -----------------------------------  --------------------------------------------"
        "-------------------------  ---------------------------\n"
        "2025-06-07/2025-06-13  ATTACKED by Forces armées maliennes  means=air and ground operations, operation=n"
        "ational counter-offensive  lemali-2025-06-13-offensive\n"
        "\n"
        "standing relation         details                   sources\n"
        "------------------------  ------------------------  ---------------------------\n"
        "AFFILIATED_WITH Al-Qaïda  role=West African branch  lemali-2025-06-13-offensive\n"
        "OPERATES_IN Mali                                    lemali-2025-06-13-offensive\n");
}

TEST_CASE("kg timeline --format json: the contract's shape", "[query][timeline][cli]") {
  ExamplesCli db;
  KgResult r = db.Run({"timeline", "jnim", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out ==
        "{\n"
        "\"node\":{\"id\":\"jnim\",\"kind\":\"actor\",\"name\":\"Jama’at Nusratul Islam wal Muslimin\"},\n"
        "\"events\":[{\"date\":\"2025-06-07/2025-06-13\",\"type\":\"ATTACKED\",\"direction\":\"in\","
        "\"other\":{\"id\":\"fama\",\"kind\":\"actor\",\"name\":\"Forces armées maliennes\"},"
        "\"attrs\":{\"means\":\"air and ground operations\",\"operation\":\"national counter-offensive\"},"
        "\"support\":1,\"sources\":[\"lemali-2025-06-13-offensive\"]}],\n"
        "\"standing\":[{\"type\":\"AFFILIATED_WITH\",\"direction\":\"out\","
        "\"other\":{\"id\":\"al-qaida\",\"kind\":\"actor\",\"name\":\"Al-Qaïda\"},"
        "\"attrs\":{\"role\":\"West African branch\"},\"support\":1,\"sources\":[\"lemali-2025-06-13-offensive\"]},"
        "{\"type\":\"OPERATES_IN\",\"direction\":\"out\","
        "\"other\":{\"id\":\"mali\",\"kind\":\"location\",\"name\":\"Mali\"},"
        "\"attrs\":{},\"support\":1,\"sources\":[\"lemali-2025-06-13-offensive\"]}]\n"
        "}\n");

  // An edge asserted by two records has support 2 and both sources.
  r = db.Run({"timeline", "kardjila", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("{\"date\":\"2025-06\",\"type\":\"STRUCK\",\"direction\":\"in\","
                   "\"other\":{\"id\":\"fama\",\"kind\":\"actor\",\"name\":\"Forces armées maliennes\"},"
                   "\"attrs\":{\"means\":\"air strikes\",\"outcome\":\"destroyed\",\"target\":\"logistics base\"},"
                   "\"support\":2,\"sources\":[\"lemali-2025-06-13-tombouctou\",\"lemali-2025-06-20-kardjila\"]}") !=
        std::string::npos);
  CHECK(r.out.find("\"standing\":[{\"type\":\"LOCATED_IN\",\"direction\":\"out\","
                   "\"other\":{\"id\":\"gourma-rharous\"") != std::string::npos);
}

TEST_CASE("kg timeline: --since, --until and --type", "[query][timeline][cli]") {
  ExamplesCli db;
  // The window keeps the edges whose date overlaps it: the June strikes
  // (month-dated) and the 17 June one, not the 7-13 June attack.
  KgResult r = db.Run({"timeline", "fama", "--since", "2025-06-14"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("ATTACKED") == std::string::npos);
  CHECK(r.out.find("2025-06-17  STRUCK Boulkessi") != std::string::npos);
  CHECK(r.out.find("STRUCK Douna") != std::string::npos);

  r = db.Run({"timeline", "fama", "--until", "2025-05-31"});
  INFO(r);
  CHECK(r.exit_code == 1);

  r = db.Run({"timeline", "fama", "--type", "ATTACKED", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"STRUCK\"") == std::string::npos);
  CHECK(r.out.find("\"ATTACKED\"") != std::string::npos);

  // Standing relations pass every window; --type filters them too.
  r = db.Run({"timeline", "jnim", "--type", "OPERATES_IN,ATTACKED", "--since", "2025-06-10", "--until", "2025-06"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("ATTACKED by Forces armées maliennes") != std::string::npos);
  CHECK(r.out.find("OPERATES_IN Mali") != std::string::npos);
  CHECK(r.out.find("AFFILIATED_WITH") == std::string::npos);
}

TEST_CASE("kg timeline: exit codes", "[query][timeline][cli]") {
  ExamplesCli db;
  SECTION("nothing dated in the window: 1, after the (empty) result") {
    KgResult r = db.Run({"timeline", "fama", "--since", "2026", "--format", "json"});
    INFO(r);
    CHECK(r.exit_code == 1);
    CHECK(r.out ==
          "{\n\"node\":{\"id\":\"fama\",\"kind\":\"actor\",\"name\":\"Forces armées maliennes\"},\n"
          "\"events\":[],\n\"standing\":[]\n}\n");
    CHECK(r.err.empty());

    r = db.Run({"timeline", "fama", "--since", "2026"});
    INFO(r);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "kg: no dated edge of \"fama\" in the window\n");

    // Standing relations are still shown; the chronology is what is empty.
    r = db.Run({"timeline", "jnim", "--since", "2026"});
    INFO(r);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("OPERATES_IN Mali") != std::string::npos);
    CHECK(r.err == "kg: no dated edge of \"jnim\" in the window\n");

    r = db.Run({"timeline", "mali"});
    INFO(r);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "kg: no dated edge of \"mali\"\n");
  }
  SECTION("unknown node: 2 and the contract's error line") {
    KgResult r = db.Run({"timeline", "Kidal"});
    INFO(r);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "kg: unknown node \"Kidal\"\n");
    r = db.Run({"timeline", "Timbuctu", "--format", "json"});
    INFO(r);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("kg: unknown node \"Timbuctu\"", 0) == 0);
    CHECK(r.err.find('\n') == r.err.size() - 1);
  }
  SECTION("bad dates and types: 2") {
    CHECK(db.Run({"timeline", "fama", "--since", "2025-13"}).exit_code == 2);
    CHECK(db.Run({"timeline", "fama", "--since", "2025-07", "--until", "2025-06"}).exit_code == 2);
    CHECK(db.Run({"timeline", "fama", "--type", "struck"}).exit_code == 2);
    CHECK(db.Run({"timeline"}).exit_code == 2);
  }
  SECTION("names resolve as edge endpoints do") {
    KgResult a = db.Run({"timeline", "forces maliennes"});
    KgResult b = db.Run({"timeline", "fama"});
    CHECK(a.exit_code == 0);
    CHECK(a.out == b.out);
  }
}

// ---------------------------------------------------------------- library

// "date TYPE out|in other" per entry of node's timeline, one a line.
std::string Lines(const GraphReader& reader, const std::string& node, const EdgeFilter& filter,
                  bool standing = false) {
  NodeId nid;
  KG_REQUIRE_OK(reader.FindNode(node, &nid));
  TimelineResult r;
  KG_REQUIRE_OK(Timeline(reader, nid, filter, &r));
  std::string text;
  for (const TimelineEntry& e : standing ? r.standing : r.events) {
    text += (e.edge.date.dated() ? e.edge.date.text + " " : "") + e.edge.type + " " + (e.outgoing ? "out " : "in ") +
            e.other.id + "\n";
  }
  return text;
}

TEST_CASE_METHOD(TempStore, "Timeline orders events by start, end, type, then the other's name",
                 "[query][timeline]") {
  // Names compare as written: "Alpha" < "Bravo" < "alpha".
  KG_REQUIRE_OK(ApplyAll(R"({"record": "r1",
    "nodes": [{"id": "x", "kind": "actor", "name": "X"}, {"id": "b", "kind": "actor", "name": "Bravo"},
              {"id": "a", "kind": "actor", "name": "alpha"}, {"id": "z", "kind": "location", "name": "Alpha"}],
    "edges": [{"from": "x", "type": "STRUCK", "to": "b", "date": "2025-06"},
              {"from": "x", "type": "STRUCK", "to": "z", "date": "2025-06"},
              {"from": "a", "type": "ATTACKED", "to": "x", "date": "2025-06"},
              {"from": "b", "type": "ATTACKED", "to": "x", "date": "2025-06-01/2025-06-30"},
              {"from": "x", "type": "STRUCK", "to": "b", "date": "2025"},
              {"from": "x", "type": "MET", "to": "x", "date": "2025-06-15"},
              {"from": "x", "type": "MET", "to": "a", "date": "2024-12-31/2025-01-01"},
              {"from": "x", "type": "OPERATES_IN", "to": "z"},
              {"from": "b", "type": "ALLIED_WITH", "to": "x"},
              {"from": "x", "type": "ALLIED_WITH", "to": "a"}]})"));

  // Same start, earlier end first; same range, smaller type first; a
  // self-loop once.
  EdgeFilter all;
  CHECK(Lines(reader(), "x", all) ==
        "2024-12-31/2025-01-01 MET out a\n"
        "2025 STRUCK out b\n"
        "2025-06-01/2025-06-30 ATTACKED in b\n"
        "2025-06 ATTACKED in a\n"
        "2025-06 STRUCK out z\n"
        "2025-06 STRUCK out b\n"
        "2025-06-15 MET out x\n");
  CHECK(Lines(reader(), "x", all, /*standing=*/true) ==
        "ALLIED_WITH in b\n"
        "ALLIED_WITH out a\n"
        "OPERATES_IN out z\n");

  // The window keeps overlapping dated edges and every undated one.
  EdgeFilter window;
  REQUIRE(ParseDateRange("2025-06-15", &window.window));
  CHECK(Lines(reader(), "x", window) ==
        "2025 STRUCK out b\n"
        "2025-06-01/2025-06-30 ATTACKED in b\n"
        "2025-06 ATTACKED in a\n"
        "2025-06 STRUCK out z\n"
        "2025-06 STRUCK out b\n"
        "2025-06-15 MET out x\n");
  CHECK(Lines(reader(), "x", window, true) == "ALLIED_WITH in b\nALLIED_WITH out a\nOPERATES_IN out z\n");

  EdgeFilter types;
  types.types = {"ALLIED_WITH", "MET"};
  CHECK(Lines(reader(), "x", types) == "2024-12-31/2025-01-01 MET out a\n2025-06-15 MET out x\n");
  CHECK(Lines(reader(), "x", types, true) == "ALLIED_WITH in b\nALLIED_WITH out a\n");

  // Seen from the other end, the same edges are incoming.
  CHECK(Lines(reader(), "z", all) == "2025-06 STRUCK in x\n");
  CHECK(Lines(reader(), "z", all, true) == "OPERATES_IN in x\n");
}

TEST_CASE_METHOD(TempStore, "Timeline: sources, support and a missing node", "[query][timeline]") {
  KG_REQUIRE_OK(ApplyAll(
      R"({"record": "r1", "nodes": [{"id": "x", "kind": "actor", "name": "X"}, {"id": "y", "kind": "location", "name": "Y"}],
          "edges": [{"from": "x", "type": "STRUCK", "to": "y", "date": "2025-06-12"}]}
         {"record": "r2", "edges": [{"from": "x", "type": "STRUCK", "to": "y", "date": "2025-06-12"}]})"));
  NodeId x;
  KG_REQUIRE_OK(reader().FindNode("x", &x));
  TimelineResult r;
  KG_REQUIRE_OK(Timeline(reader(), x, EdgeFilter(), &r));
  CHECK(r.node.id == "x");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].sources == std::vector<std::string>{"r1", "r2"});
  CHECK(r.events[0].edge.sources.size() == 2);
  CHECK(r.events[0].other.name == "Y");
  CHECK(r.standing.empty());

  CHECK(Timeline(reader(), 9999, EdgeFilter(), &r).IsNotFound());
}

}  // namespace
}  // namespace kg::test
