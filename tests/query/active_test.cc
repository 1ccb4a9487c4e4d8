// kg active: hand-checked cases on the examples (table, JSON, windows,
// types, exit codes). Random graphs are in active_random_test.cc.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace kg::test {
namespace {

TEST_CASE("kg active Tombouctou in June 2025: FAMa at Kardjila", "[query][active][cli]") {
  ExamplesCli db;
  // Kardjila lies in Gourma-Rharous, which lies in Tombouctou: two levels.
  KgResult r = db.Run({"active", "Tombouctou", "--since", "2025-06", "--until", "2025-06"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out ==
        "actor                    edges  events  fatalities  first    last     types   places\n"
        "-----------------------  -----  ------  ----------  -------  -------  ------  --------\n"
        "Forces armées maliennes  1      1                   2025-06  2025-06  STRUCK  Kardjila\n");
  CHECK(r.err.empty());

  r = db.Run({"active", "tombouctou", "--since", "2025-06", "--until", "2025-06", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out ==
        "{\n"
        "\"region\":{\"id\":\"tombouctou\",\"kind\":\"location\",\"name\":\"Tombouctou\"},\n"
        "\"since\":\"2025-06\",\n"
        "\"until\":\"2025-06\",\n"
        "\"actors\":[{\"id\":\"fama\",\"name\":\"Forces armées maliennes\",\"edges\":1,\"events\":1,\"types\":[\"STRUCK\"],"
        "\"first\":\"2025-06\",\"last\":\"2025-06\",\"places\":[{\"id\":\"kardjila\",\"name\":\"Kardjila\"}]}]\n"
        "}\n");
}

TEST_CASE("kg active Mali: every level below the country, actor-to-actor edges left out", "[query][active][cli]") {
  ExamplesCli db;
  // Boulkessi twice (June, 17 June), Douna, Kardjila; the FAMa-JNIM attack
  // names no place and JNIM's OPERATES_IN Mali is undated.
  KgResult r = db.Run({"active", "Mali", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out ==
        "{\n"
        "\"region\":{\"id\":\"mali\",\"kind\":\"location\",\"name\":\"Mali\"},\n"
        "\"since\":null,\n"
        "\"until\":null,\n"
        "\"actors\":[{\"id\":\"fama\",\"name\":\"Forces armées maliennes\",\"edges\":4,\"events\":4,\"types\":[\"STRUCK\"],"
        "\"first\":\"2025-06\",\"last\":\"2025-06\",\"places\":[{\"id\":\"boulkessi\",\"name\":\"Boulkessi\"},"
        "{\"id\":\"douna\",\"name\":\"Douna\"},{\"id\":\"kardjila\",\"name\":\"Kardjila\"}]}]\n"
        "}\n");

  r = db.Run({"active", "Mali"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out ==
        "actor                    edges  events  fatalities  first    last     types   places\n"
        "-----------------------  -----  ------  ----------  -------  -------  ------  --------------------------\n"
        "Forces armées maliennes  4      4                   2025-06  2025-06  STRUCK  Boulkessi, Douna, Kardjila\n");
}

TEST_CASE("kg active: windows and types", "[query][active][cli]") {
  ExamplesCli db;
  // Only the 17 June strike is dated within the window by day; the June
  // strikes overlap it too. first/last are the dates as written.
  KgResult r = db.Run({"active", "Bandiagara", "--since", "2025-06-14", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"since\":\"2025-06-14\",\n\"until\":null") != std::string::npos);
  CHECK(r.out.find("\"edges\":3,\"events\":3,\"types\":[\"STRUCK\"],\"first\":\"2025-06\",\"last\":\"2025-06\","
                   "\"places\":[{\"id\":\"boulkessi\",\"name\":\"Boulkessi\"},{\"id\":\"douna\",\"name\":\"Douna\"}]") !=
        std::string::npos);

  // A place itself is its own region.
  r = db.Run({"active", "Boulikessi"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Forces armées maliennes  2      2                   2025-06  2025-06  STRUCK  Boulkessi\n") != std::string::npos);

  r = db.Run({"active", "Mali", "--type", "ATTACKED"});
  INFO(r);
  CHECK(r.exit_code == 1);
  r = db.Run({"active", "Mali", "--type", "STRUCK,ATTACKED", "--until", "2025-05"});
  INFO(r);
  CHECK(r.exit_code == 1);
  r = db.Run({"active", "Mali", "--type", "STRUCK,ATTACKED", "--since", "2025-06-30"});
  INFO(r);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("  3      3                   2025-06  2025-06  STRUCK  Boulkessi, Douna, Kardjila\n") != std::string::npos);
}

TEST_CASE("kg active --format dot: the actors, their places and the counted edges", "[query][active][cli]") {
  ExamplesCli db;
  KgResult r = db.Run({"active", "Mali", "--format", "dot"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("digraph ", 0) == 0);
  for (const char* node : {"\"fama\" [", "\"boulkessi\" [", "\"douna\" [", "\"kardjila\" ["}) {
    CHECK(r.out.find(node) != std::string::npos);
  }
  // Neither JNIM (no dated edge to a place) nor Mali (no edge of its own).
  CHECK(r.out.find("\"jnim\"") == std::string::npos);
  CHECK(r.out.find("\"mali\"") == std::string::npos);
  size_t edges = 0;
  for (size_t at = r.out.find(" -> "); at != std::string::npos; at = r.out.find(" -> ", at + 1)) ++edges;
  CHECK(edges == 4);
  CHECK(r.out.find("\"fama\" -> \"boulkessi\" [label=\"STRUCK\\n2025-06-17\"") != std::string::npos);
  // Graphviz reads it without a word.
  const std::string dot = db.dir().Write("active.dot", r.out);
  int rc = std::system(("dot -Tsvg " + dot + " -o " + db.dir().Path("active.svg") + " 2>" +
                        db.dir().Path("dot.err")).c_str());
  CHECK(rc == 0);
  CHECK(ReadFile(db.dir().Path("dot.err")).empty());

  r = db.Run({"active", "Mali", "--since", "2030", "--format", "dot"});
  INFO(r);
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("digraph ", 0) == 0);
  CHECK(r.out.find(" -> ") == std::string::npos);
}

TEST_CASE("kg active: exit codes", "[query][active][cli]") {
  ExamplesCli db;
  SECTION("nobody in the window: 1, after the empty result") {
    KgResult r = db.Run({"active", "Tombouctou", "--since", "2025-07", "--format", "json"});
    INFO(r);
    CHECK(r.exit_code == 1);
    CHECK(r.out ==
          "{\n\"region\":{\"id\":\"tombouctou\",\"kind\":\"location\",\"name\":\"Tombouctou\"},\n"
          "\"since\":\"2025-07\",\n\"until\":null,\n\"actors\":[]\n}\n");
    CHECK(r.err.empty());

    r = db.Run({"active", "Tombouctou", "--since", "2025-07"});
    INFO(r);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "kg: no actor with a dated edge in \"tombouctou\" (3 places) in the window\n");
  }
  SECTION("unknown region: 2 and the contract's error line") {
    KgResult r = db.Run({"active", "Kidal"});
    INFO(r);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "kg: unknown node \"Kidal\"\n");
    r = db.Run({"active", "Timbuctu", "--format", "json"});
    INFO(r);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("kg: unknown node \"Timbuctu\"", 0) == 0);
  }
  SECTION("an actor is no region: 2") {
    KgResult r = db.Run({"active", "JNIM"});
    INFO(r);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "kg: \"jnim\" is an actor, not a location\n");
  }
  SECTION("bad flags: 2") {
    CHECK(db.Run({"active", "Mali", "--since", "June"}).exit_code == 2);
    CHECK(db.Run({"active", "Mali", "--format", "graphml"}).exit_code == 2);
    CHECK(db.Run({"active"}).exit_code == 2);
  }
}

}  // namespace
}  // namespace kg::test
