// kg timeline: hand-checked cases on the examples (table, JSON, filters,
// exit codes) and the order of events and standing relations on a small
// graph built for it.
#include <stdlib.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "graph/store.h"
#include "graph/writer.h"
#include "query/examples_cli.h"
#include "query/timeline.h"

namespace kg {
namespace {

using examples_cli::ExamplesStore;
using examples_cli::Run;

TEST_CASE("kg timeline FAMa: the examples as a chronology", "[query][timeline][cli]") {
  ExamplesStore db;
  Run r = db.Kg({"timeline", "FAMa"});
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
  ExamplesStore db;
  Run r = db.Kg({"timeline", "JNIM"});
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
  ExamplesStore db;
  Run r = db.Kg({"timeline", "jnim", "--format", "json"});
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
  r = db.Kg({"timeline", "kardjila", "--format", "json"});
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
  ExamplesStore db;
  // The window keeps the edges whose date overlaps it: the June strikes
  // (month-dated) and the 17 June one, not the 7-13 June attack.
  Run r = db.Kg({"timeline", "fama", "--since", "2025-06-14"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("ATTACKED") == std::string::npos);
  CHECK(r.out.find("2025-06-17  STRUCK Boulkessi") != std::string::npos);
  CHECK(r.out.find("STRUCK Douna") != std::string::npos);

  r = db.Kg({"timeline", "fama", "--until", "2025-05-31"});
  INFO(r);
  CHECK(r.exit_code == 1);

  r = db.Kg({"timeline", "fama", "--type", "ATTACKED", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"STRUCK\"") == std::string::npos);
  CHECK(r.out.find("\"ATTACKED\"") != std::string::npos);

  // Standing relations pass every window; --type filters them too.
  r = db.Kg({"timeline", "jnim", "--type", "OPERATES_IN,ATTACKED", "--since", "2025-06-10", "--until", "2025-06"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("ATTACKED by Forces armées maliennes") != std::string::npos);
  CHECK(r.out.find("OPERATES_IN Mali") != std::string::npos);
  CHECK(r.out.find("AFFILIATED_WITH") == std::string::npos);
}

TEST_CASE("kg timeline: exit codes", "[query][timeline][cli]") {
  ExamplesStore db;
  SECTION("nothing dated in the window: 1, after the (empty) result") {
    Run r = db.Kg({"timeline", "fama", "--since", "2026", "--format", "json"});
    INFO(r);
    CHECK(r.exit_code == 1);
    CHECK(r.out ==
          "{\n\"node\":{\"id\":\"fama\",\"kind\":\"actor\",\"name\":\"Forces armées maliennes\"},\n"
          "\"events\":[],\n\"standing\":[]\n}\n");
    CHECK(r.err.empty());

    r = db.Kg({"timeline", "fama", "--since", "2026"});
    INFO(r);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "kg: no dated edge of \"fama\" in the window\n");

    // Standing relations are still shown; the chronology is what is empty.
    r = db.Kg({"timeline", "jnim", "--since", "2026"});
    INFO(r);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("OPERATES_IN Mali") != std::string::npos);
    CHECK(r.err == "kg: no dated edge of \"jnim\" in the window\n");

    r = db.Kg({"timeline", "mali"});
    INFO(r);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "kg: no dated edge of \"mali\"\n");
  }
  SECTION("unknown node: 2 and the contract's error line") {
    Run r = db.Kg({"timeline", "Kidal"});
    INFO(r);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "kg: unknown node \"Kidal\"\n");
    r = db.Kg({"timeline", "Timbuctu", "--format", "json"});
    INFO(r);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("kg: unknown node \"Timbuctu\"", 0) == 0);
    CHECK(r.err.find('\n') == r.err.size() - 1);
  }
  SECTION("bad dates and types: 2") {
    CHECK(db.Kg({"timeline", "fama", "--since", "2025-13"}).exit_code == 2);
    CHECK(db.Kg({"timeline", "fama", "--since", "2025-07", "--until", "2025-06"}).exit_code == 2);
    CHECK(db.Kg({"timeline", "fama", "--type", "struck"}).exit_code == 2);
    CHECK(db.Kg({"timeline"}).exit_code == 2);
  }
  SECTION("names resolve as edge endpoints do") {
    Run a = db.Kg({"timeline", "forces maliennes"});
    Run b = db.Kg({"timeline", "fama"});
    CHECK(a.exit_code == 0);
    CHECK(a.out == b.out);
  }
}

// ---------------------------------------------------------------- library

class TimelineStore {
 public:
  TimelineStore() {
    char templ[] = "/tmp/kg_timeline_test.XXXXXX";
    if (::mkdtemp(templ) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = templ;
    StoreOptions o;
    o.read_only = false;
    o.create_if_missing = true;
    Status s = GraphStore::Open(o, dir_ + "/db", &store_);
    if (!s.ok()) throw std::runtime_error(s.ToString());
    writer_ = std::make_unique<GraphWriter>(store_.get());
  }
  ~TimelineStore() {
    writer_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void Node(const std::string& id, NodeKind kind, const std::string& name) { nodes_.push_back({id, kind, name}); }
  void Edge(const std::string& from, const std::string& type, const std::string& to, const std::string& date) {
    EdgeDecl e;
    e.from = from;
    e.type = type;
    e.to = to;
    if (!date.empty()) REQUIRE(ParseDateRange(date, &e.date));
    edges_.push_back(std::move(e));
  }
  void Apply() {
    Record r;
    r.id = "r" + std::to_string(++records_);
    for (const auto& [id, kind, name] : nodes_) {
      NodeDecl d;
      d.id = id;
      d.kind = kind;
      d.name = name;
      r.nodes.push_back(std::move(d));
    }
    r.edges = edges_;
    nodes_.clear();
    edges_.clear();
    Status s = writer_->Apply(r);
    INFO(s.ToString());
    REQUIRE(s.ok());
    REQUIRE(writer_->Commit().ok());
  }
  const GraphReader& reader() const { return store_->reader(); }

  // "date TYPE out|in other" per entry, one a line.
  std::string Lines(const std::string& node, const EdgeFilter& filter, bool standing = false) {
    NodeId nid;
    REQUIRE(reader().FindNode(node, &nid).ok());
    TimelineResult r;
    Status s = Timeline(reader(), nid, filter, &r);
    INFO(s.ToString());
    REQUIRE(s.ok());
    std::string text;
    for (const TimelineEntry& e : standing ? r.standing : r.events) {
      text += (e.edge.date.dated() ? e.edge.date.text + " " : "") + e.edge.type + " " +
              (e.outgoing ? "out " : "in ") + e.other.id + "\n";
    }
    return text;
  }

 private:
  struct NodeSpec {
    std::string id;
    NodeKind kind;
    std::string name;
  };
  std::string dir_;
  std::unique_ptr<GraphStore> store_;
  std::unique_ptr<GraphWriter> writer_;
  std::vector<NodeSpec> nodes_;
  std::vector<EdgeDecl> edges_;
  int records_ = 0;
};

TEST_CASE("Timeline orders events by start, end, type, then the other's name", "[query][timeline]") {
  TimelineStore t;
  t.Node("x", NodeKind::kActor, "X");
  t.Node("b", NodeKind::kActor, "Bravo");
  t.Node("a", NodeKind::kActor, "alpha");  // names compare as written
  t.Node("z", NodeKind::kLocation, "Alpha");
  t.Edge("x", "STRUCK", "b", "2025-06");
  t.Edge("x", "STRUCK", "z", "2025-06");
  t.Edge("a", "ATTACKED", "x", "2025-06");                // same range, smaller type
  t.Edge("b", "ATTACKED", "x", "2025-06-01/2025-06-30");  // same start, earlier end
  t.Edge("x", "STRUCK", "b", "2025");                     // earlier start, later end
  t.Edge("x", "MET", "x", "2025-06-15");                  // a self-loop, once
  t.Edge("x", "MET", "a", "2024-12-31/2025-01-01");
  t.Edge("x", "OPERATES_IN", "z", "");
  t.Edge("b", "ALLIED_WITH", "x", "");
  t.Edge("x", "ALLIED_WITH", "a", "");
  t.Apply();

  EdgeFilter all;
  CHECK(t.Lines("x", all) ==
        "2024-12-31/2025-01-01 MET out a\n"
        "2025 STRUCK out b\n"
        "2025-06-01/2025-06-30 ATTACKED in b\n"
        "2025-06 ATTACKED in a\n"
        "2025-06 STRUCK out z\n"
        "2025-06 STRUCK out b\n"
        "2025-06-15 MET out x\n");
  CHECK(t.Lines("x", all, /*standing=*/true) ==
        "ALLIED_WITH in b\n"
        "ALLIED_WITH out a\n"
        "OPERATES_IN out z\n");

  // The window keeps overlapping dated edges and every undated one.
  EdgeFilter window;
  REQUIRE(ParseDateRange("2025-06-15", &window.window));
  CHECK(t.Lines("x", window) ==
        "2025 STRUCK out b\n"
        "2025-06-01/2025-06-30 ATTACKED in b\n"
        "2025-06 ATTACKED in a\n"
        "2025-06 STRUCK out z\n"
        "2025-06 STRUCK out b\n"
        "2025-06-15 MET out x\n");
  CHECK(t.Lines("x", window, true) == "ALLIED_WITH in b\nALLIED_WITH out a\nOPERATES_IN out z\n");

  EdgeFilter types;
  types.types = {"ALLIED_WITH", "MET"};
  CHECK(t.Lines("x", types) == "2024-12-31/2025-01-01 MET out a\n2025-06-15 MET out x\n");
  CHECK(t.Lines("x", types, true) == "ALLIED_WITH in b\nALLIED_WITH out a\n");

  // Seen from the other end, the same edges are incoming.
  CHECK(t.Lines("z", all) == "2025-06 STRUCK in x\n");
  CHECK(t.Lines("z", all, true) == "OPERATES_IN in x\n");
}

TEST_CASE("Timeline: sources, support and a missing node", "[query][timeline]") {
  TimelineStore t;
  t.Node("x", NodeKind::kActor, "X");
  t.Node("y", NodeKind::kLocation, "Y");
  t.Edge("x", "STRUCK", "y", "2025-06-12");
  t.Apply();
  t.Edge("x", "STRUCK", "y", "2025-06-12");
  t.Apply();
  NodeId x;
  REQUIRE(t.reader().FindNode("x", &x).ok());
  TimelineResult r;
  REQUIRE(Timeline(t.reader(), x, EdgeFilter(), &r).ok());
  CHECK(r.node.id == "x");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].sources == std::vector<std::string>{"r1", "r2"});
  CHECK(r.events[0].edge.sources.size() == 2);
  CHECK(r.events[0].other.name == "Y");
  CHECK(r.standing.empty());

  CHECK(Timeline(t.reader(), 9999, EdgeFilter(), &r).IsNotFound());
}

}  // namespace
}  // namespace kg
