// GraphWriter against CONTRACT.md section 1: merging, edge identity and
// support, versions, retraction, resolution, kinds and coords, all-or-nothing
// records (merges by judgement: identity_test.cc); and CheckStore, which must find nothing wrong
// after any of these and must find a store corrupted on purpose.
#include "graph/writer.h"

#include <random>

#include "graph/check.h"
#include "graph/key_codec.h"
#include "test_util.h"

namespace kg::test {
namespace {

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// A store fixture with shortcuts for the writer tests.
class WriterFixture : public TempStore {
 protected:
  Node NodeOf(std::string_view id) {
    NodeId nid = 0;
    Status s = reader().FindNode(id, &nid);
    INFO("node " << id << ": " << s.ToString());
    REQUIRE(s.ok());
    Node n;
    KG_REQUIRE_OK(reader().GetNode(nid, &n));
    return n;
  }
  bool HasNode(std::string_view id) {
    NodeId nid;
    return reader().FindNode(id, &nid).ok();
  }
  // The id of the node text resolves to, or "error: <message>".
  std::string ResolveText(std::string_view text) {
    NodeId nid;
    Status s = reader().Resolve(text, &nid);
    if (!s.ok()) return "error: " + s.message();
    Node n;
    KG_REQUIRE_OK(reader().GetNode(nid, &n));
    return n.id;
  }
  // The store's counters are written when the writer commits: commit first.
  StoreStats Stats() {
    KG_REQUIRE_OK(Commit());
    StoreStats st;
    KG_REQUIRE_OK(reader().Stats(&st));
    return st;
  }
  void RequireSound() {
    KG_REQUIRE_OK(Commit());
    auto v = Violations(reader());
    INFO(Dump(reader()));
    for (const auto& line : v) UNSCOPED_INFO(line);
    REQUIRE(v.empty());
  }
  // Applies a record that must be rejected with InvalidArgument, and checks
  // that it left nothing behind. Returns the message.
  std::string Reject(std::string_view json) {
    const std::string before = Dump(reader());
    const StoreStats st = Stats();
    const WriteStats ws = writer().stats();
    Status s = Apply(json);
    INFO(json);
    REQUIRE_FALSE(s.ok());
    REQUIRE(s.IsInvalidArgument());
    REQUIRE(Dump(reader()) == before);
    StoreStats after = Stats();
    REQUIRE(after.nodes == st.nodes);
    REQUIRE(after.edges == st.edges);
    REQUIRE(after.records == st.records);
    REQUIRE(after.by_kind == st.by_kind);
    REQUIRE(after.by_type == st.by_type);
    REQUIRE(writer().stats().ingested == ws.ingested);
    REQUIRE(writer().stats().nodes_added == ws.nodes_added);
    return s.message();
  }
};

// ---------------------------------------------------------------- merging

TEST_CASE_METHOD(WriterFixture, "A node seen again: aliases unioned, attrs merged, name replaced", "[graph][writer]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r1", "nodes": [{"id": "x", "kind": "actor", "name": "First Name",
      "aliases": ["A", "B"], "attrs": {"a": 1, "b": "old", "c": 0.5}}]})"));
  KG_REQUIRE_OK(Apply(R"({"record": "r2", "nodes": [{"id": "x", "name": "Second Name",
      "aliases": ["B", "C"], "attrs": {"b": "new", "d": true}}]})"));
  REQUIRE(DumpLines(reader(), "node x ") ==
          std::vector<std::string>{"node x actor \"Second Name\" aliases=[\"A\",\"B\",\"C\"] "
                                   "attrs={a:1,b:\"new\",c:0.5,d:true} records=[r1,r2]"});
  // The replaced name no longer finds the node; the new one and the aliases do.
  REQUIRE(Contains(ResolveText("First Name"), "unknown node"));
  REQUIRE(ResolveText("second name") == "x");
  REQUIRE(ResolveText("a") == "x");
  REQUIRE(ResolveText("C") == "x");

  // A record that gives no name keeps the current one; kind may be repeated.
  KG_REQUIRE_OK(Apply(R"({"record": "r3", "nodes": [{"id": "x", "kind": "actor", "attrs": {"a": 2}}]})"));
  REQUIRE(DumpLines(reader(), "node x ") ==
          std::vector<std::string>{"node x actor \"Second Name\" aliases=[\"A\",\"B\",\"C\"] "
                                   "attrs={a:2,b:\"new\",c:0.5,d:true} records=[r1,r2,r3]"});
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "A node's name defaults to its id", "[graph][writer]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r1", "nodes": [{"id": "Gourma-Rharous", "kind": "location"}]})"));
  REQUIRE(NodeOf("Gourma-Rharous").name == "Gourma-Rharous");
  REQUIRE(ResolveText("gourma rharous") == "Gourma-Rharous");
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "Coords are replaced by a later record", "[graph][writer]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r1", "nodes": [{"id": "b", "kind": "location", "coords": [14.7, -1.6]}]})"));
  KG_REQUIRE_OK(Apply(R"({"record": "r2", "nodes": [{"id": "b", "coords": [14.73, -1.61]}]})"));
  KG_REQUIRE_OK(Apply(R"({"record": "r3", "nodes": [{"id": "b"}]})"));
  REQUIRE(NodeOf("b").coords == std::make_pair(14.73, -1.61));
  RequireSound();
}

// ---------------------------------------------------------------- idempotence

TEST_CASE_METHOD(WriterFixture, "Ingesting the same record twice changes nothing", "[graph][writer]") {
  KG_REQUIRE_OK(IngestExamples());
  const std::string before = Dump(reader());
  const StoreStats st = Stats();
  REQUIRE(st.nodes == 10);
  REQUIRE(st.edges == 13);
  REQUIRE(st.records == 5);

  // Again, through the same writer: every record is unchanged.
  const WriteStats ws = writer().stats();
  KG_REQUIRE_OK(IngestExamples());
  REQUIRE(Dump(reader()) == before);
  REQUIRE(writer().stats().unchanged == ws.unchanged + 5);
  REQUIRE(writer().stats().ingested == ws.ingested);
  REQUIRE(writer().stats().replaced == ws.replaced);

  // And after a reopen, one record at a time.
  Reopen();
  ApplyOutcome outcome = ApplyOutcome::kIngested;
  KG_REQUIRE_OK(Apply(ReadFile(ExampleFile(20)).substr(0, ReadFile(ExampleFile(20)).find('\n')), &outcome));
  REQUIRE(outcome == ApplyOutcome::kUnchanged);
  REQUIRE(Dump(reader()) == before);
  StoreStats again = Stats();
  REQUIRE(again.nodes == st.nodes);
  REQUIRE(again.edges == st.edges);
  REQUIRE(again.records == st.records);
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "The same record twice in one batch is applied once", "[graph][writer]") {
  const std::string rec = R"({"record": "r", "nodes": [{"id": "x", "kind": "actor"}, {"id": "y", "kind": "actor"}],
      "edges": [{"from": "x", "type": "ALLIED_WITH", "to": "y"}]})";
  ApplyOutcome first, second;
  KG_REQUIRE_OK(Apply(rec, &first));
  const std::string once = Dump(reader());
  KG_REQUIRE_OK(Apply(rec, &second));
  REQUIRE(first == ApplyOutcome::kIngested);
  REQUIRE(second == ApplyOutcome::kUnchanged);
  REQUIRE(Dump(reader()) == once);
  REQUIRE(Contains(once, "support=1 sources=[r]"));
  RequireSound();
}

// ---------------------------------------------------------------- edges

TEST_CASE_METHOD(WriterFixture, "An edge is identified by (from, type, to, date), support counts its records",
                 "[graph][writer]") {
  KG_REQUIRE_OK(ApplyAll(R"(
{"record": "nodes", "nodes": [{"id": "a", "kind": "actor", "name": "Alpha"}, {"id": "b", "kind": "location"}]}
{"record": "r1", "edges": [{"from": "a", "type": "STRUCK", "to": "b", "date": "2025-06", "attrs": {"means": "drones", "x": 1}}]}
{"record": "r2", "edges": [{"from": "Alpha", "type": "STRUCK", "to": "b", "date": "2025-06", "attrs": {"means": "airstrike"}}]}
{"record": "r3", "edges": [{"from": "a", "type": "STRUCK", "to": "b", "date": "2025-06-12"},
                           {"from": "a", "type": "STRUCK", "to": "b"},
                           {"from": "b", "type": "STRUCK", "to": "a", "date": "2025-06"},
                           {"from": "a", "type": "ATTACKED", "to": "b", "date": "2025-06"}]}
)"));
  REQUIRE(DumpLines(reader(), "edge ") ==
          std::vector<std::string>{
              "edge a -ATTACKED-> b 2025-06 support=1 sources=[r3]",
              "edge a -STRUCK-> b 2025-06 attrs={means:\"airstrike\",x:1} support=2 sources=[r1,r2]",
              "edge a -STRUCK-> b 2025-06-12 support=1 sources=[r3]",
              "edge a -STRUCK-> b support=1 sources=[r3]",
              "edge b -STRUCK-> a 2025-06 support=1 sources=[r3]",
          });
  REQUIRE(Stats().edges == 5);
  REQUIRE(Stats().by_type == std::map<std::string, uint64_t>{{"ATTACKED", 1}, {"STRUCK", 4}});
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "An edge asserted twice by one record is supported once", "[graph][writer]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "a", "kind": "actor", "aliases": ["A"]}, {"id": "b", "kind": "actor"}],
      "edges": [{"from": "a", "type": "ALLIED_WITH", "to": "b", "attrs": {"k": 1}},
                {"from": "A", "type": "ALLIED_WITH", "to": "b", "attrs": {"k": 2, "j": 3}}]})"));
  REQUIRE(DumpLines(reader(), "edge ") ==
          std::vector<std::string>{"edge a -ALLIED_WITH-> b attrs={j:3,k:2} support=1 sources=[r]"});
  RequireSound();
  KG_REQUIRE_OK(Retract("r"));
  REQUIRE(Dump(reader()) == "");
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "A self-loop is stored, counted and retracted like any edge", "[graph][writer]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "a", "kind": "actor"}],
      "edges": [{"from": "a", "type": "ALLIED_WITH", "to": "a"}]})"));
  REQUIRE(DumpLines(reader(), "edge ") == std::vector<std::string>{"edge a -ALLIED_WITH-> a support=1 sources=[r]"});
  RequireSound();
  KG_REQUIRE_OK(Retract("r"));
  REQUIRE(Dump(reader()) == "");
  RequireSound();
}

// ---------------------------------------------------------------- versions

TEST_CASE_METHOD(WriterFixture, "A new version replaces the old one's facts", "[graph][writer]") {
  KG_REQUIRE_OK(ApplyAll(R"(
{"record": "base", "nodes": [{"id": "a", "kind": "actor"}, {"id": "b", "kind": "actor"}, {"id": "loc", "kind": "location"}]}
{"record": "r1", "nodes": [{"id": "only-v1", "kind": "actor"}],
 "edges": [{"from": "a", "type": "ATTACKED", "to": "b", "date": "2025-06-01", "attrs": {"from": "r1"}},
           {"from": "a", "type": "OPERATES_IN", "to": "loc", "attrs": {"k": "r1"}},
           {"from": "only-v1", "type": "ALLIED_WITH", "to": "a"}]}
{"record": "r2", "edges": [{"from": "a", "type": "OPERATES_IN", "to": "loc", "attrs": {"k": "r2", "r2": true}}]}
)"));
  ApplyOutcome outcome;
  KG_REQUIRE_OK(Apply(R"({"record": "r1", "edges": [{"from": "b", "type": "ATTACKED", "to": "a", "date": "2025-06-02"},
      {"from": "a", "type": "OPERATES_IN", "to": "loc", "attrs": {"k": "r1 v2"}}]})",
                      &outcome));
  REQUIRE(outcome == ApplyOutcome::kReplaced);
  // Only-v1 facts are gone (the edge, and the node no record declares any
  // more); the shared edge keeps r2 and gains the new version (now the
  // latest, so its attrs win); the new edge is there.
  REQUIRE(Dump(reader()) ==
          "node a actor \"a\" records=[base]\n"
          "node b actor \"b\" records=[base]\n"
          "node loc location \"loc\" records=[base]\n"
          "edge a -OPERATES_IN-> loc attrs={k:\"r1 v2\",r2:true} support=2 sources=[r2,r1]\n"
          "edge b -ATTACKED-> a 2025-06-02 support=1 sources=[r1]\n"
          "record base\n"
          "record r2\n"
          "record r1\n");
  REQUIRE(Stats().records == 3);
  REQUIRE(Stats().nodes == 3);
  REQUIRE(writer().stats().replaced == 1);
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "A node's name, aliases and attrs are recomputed from its remaining records",
                 "[graph][writer]") {
  KG_REQUIRE_OK(ApplyAll(R"(
{"record": "r1", "nodes": [{"id": "x", "kind": "actor", "name": "N1", "aliases": ["A1", "Shared"], "attrs": {"k": "r1", "only1": 1}}]}
{"record": "r2", "nodes": [{"id": "x", "name": "N2", "aliases": ["A2", "Shared"], "attrs": {"k": "r2"}}]}
)"));
  REQUIRE(DumpLines(reader(), "node x ") ==
          std::vector<std::string>{"node x actor \"N2\" aliases=[\"A1\",\"Shared\",\"A2\"] attrs={k:\"r2\",only1:1} records=[r1,r2]"});
  // r1 again, without a name: r2 then r1's new version, in that order.
  KG_REQUIRE_OK(Apply(R"({"record": "r1", "nodes": [{"id": "x", "aliases": ["A3"], "attrs": {"other": true}}]})"));
  REQUIRE(DumpLines(reader(), "node x ") ==
          std::vector<std::string>{"node x actor \"N2\" aliases=[\"A2\",\"Shared\",\"A3\"] attrs={k:\"r2\",other:true} records=[r2,r1]"});
  REQUIRE(Contains(ResolveText("A1"), "unknown node"));  // the name index follows
  REQUIRE(ResolveText("A3") == "x");
  REQUIRE(ResolveText("Shared") == "x");
  // Now r2 is replaced with a name: it is the latest.
  KG_REQUIRE_OK(Apply(R"({"record": "r2", "nodes": [{"id": "x", "name": "N2 bis", "attrs": {"k": "r2 v2"}}]})"));
  REQUIRE(DumpLines(reader(), "node x ") ==
          std::vector<std::string>{"node x actor \"N2 bis\" aliases=[\"A3\"] attrs={k:\"r2 v2\",other:true} records=[r1,r2]"});
  REQUIRE(Contains(ResolveText("N2"), "unknown node"));
  REQUIRE(Contains(ResolveText("Shared"), "unknown node"));
  RequireSound();
}

// Replacing a record gives the graph that retracting it and applying the new
// version gives: the graph is what the records say together.
TEST_CASE("A new version equals retracting the old one and applying the new one", "[graph][writer]") {
  const std::string base = R"(
{"record": "other", "nodes": [{"id": "shared", "kind": "actor", "name": "Shared", "attrs": {"k": "other"}}]}
{"record": "r", "nodes": [{"id": "shared", "aliases": ["S"], "attrs": {"k": "r"}}, {"id": "mine", "kind": "actor", "name": "Mine"},
                          {"id": "place", "kind": "location", "coords": [1, 2]}],
 "edges": [{"from": "S", "type": "OPERATES_IN", "to": "place"}, {"from": "Mine", "type": "ALLIED_WITH", "to": "shared"}]}
{"record": "later", "edges": [{"from": "shared", "type": "ALLIED_WITH", "to": "mine", "date": "2025"}]}
)";
  const std::vector<std::string> versions = {
      // Drops a node that a later record still uses, and an edge.
      R"({"record": "r", "nodes": [{"id": "place", "kind": "location", "name": "Place"}],
          "edges": [{"from": "shared", "type": "OPERATES_IN", "to": "place", "date": "2025-06"}]})",
      // Renames, re-aliases, and asserts the later record's edge too.
      R"({"record": "r", "nodes": [{"id": "mine", "name": "Mine 2", "aliases": ["M2"]}],
          "edges": [{"from": "shared", "type": "ALLIED_WITH", "to": "M2", "date": "2025"}]})",
      // Declares a node only this record declared, with another kind.
      R"({"record": "r", "nodes": [{"id": "place", "kind": "actor"}]})",
  };
  for (const auto& v2 : versions) {
    CAPTURE(v2);
    TempStore replaced, retracted;
    KG_REQUIRE_OK(replaced.ApplyAll(base));
    KG_REQUIRE_OK(retracted.ApplyAll(base));
    ApplyOutcome outcome;
    KG_REQUIRE_OK(replaced.Apply(v2, &outcome));
    REQUIRE(outcome == ApplyOutcome::kReplaced);
    KG_REQUIRE_OK(retracted.Retract("r"));
    KG_REQUIRE_OK(retracted.Apply(v2));
    KG_REQUIRE_OK(replaced.Commit());
    KG_REQUIRE_OK(retracted.Commit());
    REQUIRE(Dump(replaced.reader()) == Dump(retracted.reader()));
    REQUIRE(Violations(replaced.reader()).empty());
    StoreStats a, b;
    KG_REQUIRE_OK(replaced.reader().Stats(&a));
    KG_REQUIRE_OK(retracted.reader().Stats(&b));
    REQUIRE(a.by_kind == b.by_kind);
  }
}

TEST_CASE_METHOD(WriterFixture, "A new version may not change the kind of a node other records use", "[graph][writer]") {
  KG_REQUIRE_OK(ApplyAll(R"(
{"record": "r", "nodes": [{"id": "x", "kind": "actor"}]}
{"record": "uses", "nodes": [{"id": "y", "kind": "actor"}], "edges": [{"from": "y", "type": "ALLIED_WITH", "to": "x"}]}
)"));
  std::string msg = Reject(R"({"record": "r", "nodes": [{"id": "x", "kind": "location"}]})");
  REQUIRE(Contains(msg, "node #1 \"x\""));
  REQUIRE(Contains(msg, "kind"));
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "A failing new version leaves the old one in place", "[graph][writer]") {
  KG_REQUIRE_OK(IngestExamples());
  std::string msg = Reject(R"({"record": "lemali-2025-06-20-boulkessi", "nodes": [{"id": "boulkessi", "aliases": ["Boulikessi 2"]}],
      "edges": [{"from": "FAMa", "type": "STRUCK", "to": "Nowhere"}]})");
  REQUIRE(Contains(msg, "edge #1: unknown node \"Nowhere\""));
  REQUIRE(NodeOf("boulkessi").aliases == std::vector<std::string>{"Boulikessi"});
  RequireSound();
}

// ---------------------------------------------------------------- retraction

TEST_CASE_METHOD(WriterFixture, "Retraction removes what only the record supported", "[graph][writer]") {
  KG_REQUIRE_OK(IngestExamples());
  const std::string before_20 = [&] {
    TempStore only13;
    KG_REQUIRE_OK(only13.IngestFiles({ExampleFile(13)}));
    return Dump(only13.reader());
  }();

  // The 20 June records: an edge only one supported goes; the repeated
  // STRUCK edge loses one source; Boulikessi is no longer an alias.
  KG_REQUIRE_OK(Retract("lemali-2025-06-20-boulkessi"));
  KG_REQUIRE_OK(Retract("lemali-2025-06-20-kardjila"));
  REQUIRE(Dump(reader()) == before_20);
  REQUIRE(Contains(ResolveText("Boulikessi"), "unknown node"));
  RequireSound();

  Status s = Retract("lemali-2025-06-20-kardjila");
  REQUIRE(s.IsNotFound());
  REQUIRE(Dump(reader()) == before_20);

  // Retracting everything leaves an empty store with zero counters.
  for (const char* id : {"lemali-2025-06-13-offensive", "lemali-2025-06-13-bandiagara", "lemali-2025-06-13-tombouctou"}) {
    KG_REQUIRE_OK(Retract(id));
    RequireSound();
  }
  REQUIRE(Dump(reader()) == "");
  StoreStats st = Stats();
  REQUIRE(st.nodes == 0);
  REQUIRE(st.edges == 0);
  REQUIRE(st.records == 0);
  REQUIRE(st.by_kind.empty());
  REQUIRE(st.by_type.empty());
  REQUIRE(writer().stats().retracted == 5);
  KG_REQUIRE_OK(Sync());
  Reopen();
  REQUIRE(Dump(reader()) == "");
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "A node still used by an edge stays when its declaring record goes", "[graph][writer]") {
  KG_REQUIRE_OK(ApplyAll(R"(
{"record": "decl", "nodes": [{"id": "boulkessi", "kind": "location", "name": "Boulkessi", "aliases": ["Boulikessi"],
  "attrs": {"level": "locality"}, "coords": [14.73, -1.61]}, {"id": "fama", "kind": "actor"}]}
{"record": "use", "edges": [{"from": "fama", "type": "STRUCK", "to": "Boulikessi", "date": "2025-06-17"}]}
)"));
  KG_REQUIRE_OK(Retract("decl"));
  // What its remaining records say: nothing, so the name is the id; the kind stays.
  REQUIRE(Dump(reader()) ==
          "node boulkessi location \"boulkessi\" records=[]\n"
          "node fama actor \"fama\" records=[]\n"
          "edge fama -STRUCK-> boulkessi 2025-06-17 support=1 sources=[use]\n"
          "record use\n");
  RequireSound();
  // Declared again later, it is the same node.
  KG_REQUIRE_OK(Apply(R"({"record": "again", "nodes": [{"id": "boulkessi", "name": "Boulkessi"}]})"));
  REQUIRE(DumpLines(reader(), "node boulkessi ") ==
          std::vector<std::string>{"node boulkessi location \"Boulkessi\" records=[again]"});
  KG_REQUIRE_OK(Retract("use"));
  REQUIRE(Dump(reader()) == "node boulkessi location \"Boulkessi\" records=[again]\nrecord again\n");
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "A retracted record can be ingested again", "[graph][writer]") {
  const std::string rec = R"({"record": "r", "nodes": [{"id": "x", "kind": "actor"}]})";
  KG_REQUIRE_OK(Apply(rec));
  const std::string once = Dump(reader());
  KG_REQUIRE_OK(Retract("r"));
  REQUIRE(Dump(reader()) == "");
  ApplyOutcome outcome;
  KG_REQUIRE_OK(Apply(rec, &outcome));
  REQUIRE(outcome == ApplyOutcome::kIngested);
  REQUIRE(Dump(reader()) == once);
  RequireSound();
}

// ---------------------------------------------------------------- resolution

TEST_CASE_METHOD(WriterFixture, "Resolution: exact id, then a unique normalized name or alias", "[graph][writer]") {
  KG_REQUIRE_OK(IngestExamples());
  REQUIRE(ResolveText("fama") == "fama");
  REQUIRE(ResolveText("FAMA") == "fama");                      // alias FAMa
  REQUIRE(ResolveText("forces armees maliennes") == "fama");   // name, diacritics folded
  REQUIRE(ResolveText("Al Qaida") == "al-qaida");
  REQUIRE(ResolveText("Jama'at Nusratul Islam wal Muslimin") == "jnim");  // ’ vs '
  REQUIRE(ResolveText("gourma rharous") == "gourma-rharous");
  REQUIRE(ResolveText("boulikessi") == "boulkessi");            // alias from the 20 June record

  // An exact id wins over another node's name.
  KG_REQUIRE_OK(ApplyAll(R"({"record": "t", "nodes": [{"id": "other", "kind": "actor", "name": "mali"}]})"));
  REQUIRE(ResolveText("mali") == "mali");
  REQUIRE(Contains(ResolveText("Mali"), "ambiguous"));  // not an id: two names match
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "An unknown endpoint is an error suggesting the closest name", "[graph][writer]") {
  KG_REQUIRE_OK(IngestExamples());
  std::string msg = Reject(R"({"record": "x", "nodes": [{"id": "n", "kind": "actor"}],
      "edges": [{"from": "n", "type": "OPERATES_IN", "to": "mali"},
                {"from": "n", "type": "OPERATES_IN", "to": "Boulkesi"}]})");
  REQUIRE(msg == "edge #2: unknown node \"Boulkesi\" (did you mean \"Boulkessi\"?)");
  // The contract's own example.
  msg = Reject(R"({"record": "x", "edges": [{"from": "fama", "type": "STRUCK", "to": "Timbuctu"}]})");
  REQUIRE(msg == "edge #1: unknown node \"Timbuctu\" (did you mean \"Tombouctou\"?)");
  // Nothing close: no suggestion.
  msg = Reject(R"({"record": "x", "edges": [{"from": "Ouagadougou", "type": "STRUCK", "to": "mali"}]})");
  REQUIRE(msg == "edge #1: unknown node \"Ouagadougou\"");
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "ClosestName gives the nearest node's name, of a kind when asked", "[graph][writer]") {
  KG_REQUIRE_OK(IngestExamples());
  auto closest = [&](std::string_view text, NodeKind kind = NodeKind::kUnknown) {
    std::string name = "unset";
    KG_REQUIRE_OK(reader().ClosestName(text, kind, &name));
    return name;
  };
  REQUIRE(closest("Fmaa") == "Forces armées maliennes");  // alias FAMa, two letters swapped
  REQUIRE(closest("Timbuctu") == "Tombouctou");
  REQUIRE(closest("Timbuctu", NodeKind::kLocation) == "Tombouctou");
  REQUIRE(closest("Timbuctu", NodeKind::kActor).empty());  // no actor is close
  REQUIRE(closest("FAMA") == "Forces armées maliennes");   // an exact name is closest of all
  REQUIRE(closest("Ouagadougou").empty());
  REQUIRE(closest("").empty());
  REQUIRE(closest(" - ").empty());  // normalizes to nothing
}

TEST_CASE_METHOD(WriterFixture, "An ambiguous endpoint is an error listing the candidates", "[graph][writer]") {
  KG_REQUIRE_OK(ApplyAll(R"(
{"record": "d", "nodes": [{"id": "douna-1", "kind": "location", "name": "Douna"},
                          {"id": "douna-2", "kind": "location", "name": "Douna", "aliases": ["Douna of Ségou"]},
                          {"id": "fama", "kind": "actor"}]}
)"));
  std::string msg = Reject(R"({"record": "x", "edges": [{"from": "fama", "type": "STRUCK", "to": "douna"}]})");
  REQUIRE(Contains(msg, "edge #1: "));
  REQUIRE(Contains(msg, "ambiguous node \"douna\""));
  REQUIRE(Contains(msg, "\"douna-1\""));
  REQUIRE(Contains(msg, "\"douna-2\""));
  // An alias unique to one of them, or an id, is fine.
  KG_REQUIRE_OK(Apply(R"({"record": "y", "edges": [{"from": "fama", "type": "STRUCK", "to": "douna of segou"},
      {"from": "fama", "type": "STRUCK", "to": "douna-1"}]})"));
  REQUIRE(DumpLines(reader(), "edge ").size() == 2);
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "Endpoints resolve to nodes declared earlier in the same record", "[graph][writer]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "jnim", "kind": "actor", "name": "Jama’at Nusrat al-Islam"},
      {"id": "aq", "kind": "actor", "name": "Al-Qaïda"}],
      "edges": [{"from": "JAMA'AT NUSRAT AL ISLAM", "type": "AFFILIATED_WITH", "to": "al qaida"}]})"));
  REQUIRE(DumpLines(reader(), "edge ") ==
          std::vector<std::string>{"edge jnim -AFFILIATED_WITH-> aq support=1 sources=[r]"});
  RequireSound();
}

// The writer keeps its own index of names for resolution; it must follow
// every change of the store's names and undo those of a failed record, on a
// new store (where it holds every name) and on one that had nodes (where it
// holds the names it has read).
TEST_CASE_METHOD(WriterFixture, "Resolution follows renames, failed records and retractions", "[graph][writer]") {
  const bool had_nodes = GENERATE(false, true);
  if (had_nodes) {
    KG_REQUIRE_OK(ApplyAll(R"({"record": "old", "nodes": [{"id": "o", "kind": "actor", "name": "Omega"}]})"));
    Reopen();
  }
  auto edge_to = [&](std::string_view record, std::string_view text) {
    return Apply(R"({"record": ")" + std::string(record) + R"(", "nodes": [{"id": "y", "kind": "actor"}],
        "edges": [{"from": "y", "type": "ALLIED_WITH", "to": ")" +
                 std::string(text) + R"("}]})");
  };
  KG_REQUIRE_OK(Apply(R"({"record": "a", "nodes": [{"id": "x1", "kind": "actor", "name": "Alpha"}]})"));
  // A failed record's new node and names are gone with it.
  std::string msg = Reject(R"({"record": "b", "nodes": [{"id": "x2", "kind": "actor", "name": "Beta",
      "aliases": ["Alpha"]}], "edges": [{"from": "beta", "type": "ALLIED_WITH", "to": "alpha"},
      {"from": "x2", "type": "ALLIED_WITH", "to": "Atlantis"}]})");
  REQUIRE(Contains(msg, "edge #1: ambiguous node \"alpha\""));
  msg = Reject(R"({"record": "b", "nodes": [{"id": "x2", "kind": "actor", "name": "Beta"}],
      "edges": [{"from": "beta", "type": "ALLIED_WITH", "to": "alpha"},
                {"from": "x2", "type": "ALLIED_WITH", "to": "Atlantis"}]})");
  REQUIRE(msg == "edge #2: unknown node \"Atlantis\"");
  KG_REQUIRE_OK(edge_to("c", "ALPHA"));
  REQUIRE(Contains(Reject(R"({"record": "d", "edges": [{"from": "y", "type": "ALLIED_WITH", "to": "beta"}]})"),
                   "edge #1: unknown node \"beta\""));
  // A new version renames x1: the old name no longer resolves.
  KG_REQUIRE_OK(Apply(R"({"record": "a", "nodes": [{"id": "x1", "kind": "actor", "name": "Gamma"}]})"));
  REQUIRE(Contains(Reject(R"({"record": "d", "edges": [{"from": "y", "type": "ALLIED_WITH", "to": "alpha"}]})"),
                   "edge #1: unknown node \"alpha\""));
  KG_REQUIRE_OK(edge_to("e", "gamma"));
  // Retracted, the record takes x1's name with it (the edges keep the node).
  KG_REQUIRE_OK(Retract("a"));
  REQUIRE(Contains(Reject(R"({"record": "d", "edges": [{"from": "y", "type": "ALLIED_WITH", "to": "gamma"}]})"),
                   "edge #1: unknown node \"gamma\""));
  // Once x1 is gone, a new node takes its old name alone.
  KG_REQUIRE_OK(Retract("c"));
  KG_REQUIRE_OK(Retract("e"));
  REQUIRE_FALSE(HasNode("x1"));
  KG_REQUIRE_OK(Apply(R"({"record": "f", "nodes": [{"id": "x3", "kind": "actor", "name": "Gamma"}]})"));
  KG_REQUIRE_OK(edge_to("g", "Gamma"));
  REQUIRE(DumpLines(reader(), "edge ") == std::vector<std::string>{"edge y -ALLIED_WITH-> x3 support=1 sources=[g]"});
  if (had_nodes) KG_REQUIRE_OK(edge_to("h", "omega"));
  RequireSound();
}

// A pair's adjacency keys stay while any edge joins the pair that way, and
// come back with the next edge after a retraction took them away.
TEST_CASE_METHOD(WriterFixture, "Adjacency keys follow the edges through failed records and retractions",
                 "[graph][writer]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r1", "nodes": [{"id": "a", "kind": "actor"}, {"id": "b", "kind": "actor"},
      {"id": "c", "kind": "actor"}], "edges": [{"from": "a", "type": "ALLIED_WITH", "to": "b"}]})"));
  Reject(R"({"record": "r2", "edges": [{"from": "a", "type": "ALLIED_WITH", "to": "c"},
      {"from": "a", "type": "ALLIED_WITH", "to": "nowhere"}]})");
  KG_REQUIRE_OK(Apply(R"({"record": "r3", "edges": [{"from": "a", "type": "ALLIED_WITH", "to": "c"},
      {"from": "a", "type": "STRUCK", "to": "c"}]})"));
  RequireSound();
  KG_REQUIRE_OK(Apply(R"({"record": "r4", "edges": [{"from": "a", "type": "STRUCK", "to": "b"}]})"));
  KG_REQUIRE_OK(Retract("r4"));
  KG_REQUIRE_OK(Apply(R"({"record": "r5", "edges": [{"from": "a", "type": "STRUCK", "to": "b", "date": "2025"}]})"));
  RequireSound();
  KG_REQUIRE_OK(Retract("r3"));
  KG_REQUIRE_OK(Apply(R"({"record": "r6", "edges": [{"from": "a", "type": "STRUCK", "to": "c"}]})"));
  RequireSound();
  REQUIRE(DumpLines(reader(), "edge a ").size() == 3);
}

// ---------------------------------------------------------------- kinds and coords

TEST_CASE_METHOD(WriterFixture, "Kind is required the first time and cannot change", "[graph][writer]") {
  std::string msg = Reject(R"({"record": "r", "nodes": [{"id": "x"}]})");
  REQUIRE(Contains(msg, "node #1 \"x\""));
  REQUIRE(Contains(msg, "'kind' is required"));

  KG_REQUIRE_OK(Apply(R"({"record": "r1", "nodes": [{"id": "x", "kind": "actor"}]})"));
  msg = Reject(R"({"record": "r2", "nodes": [{"id": "y", "kind": "actor"}, {"id": "x", "kind": "location"}]})");
  REQUIRE(Contains(msg, "node #2 \"x\""));
  REQUIRE(Contains(msg, "kind"));
  REQUIRE(NodeOf("x").kind == NodeKind::kActor);
  REQUIRE_FALSE(HasNode("y"));
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "Coords on an actor are rejected", "[graph][writer]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r1", "nodes": [{"id": "fama", "kind": "actor"}]})"));
  std::string msg = Reject(R"({"record": "r2", "nodes": [{"id": "fama", "coords": [14.7, -1.6]}]})");
  REQUIRE(Contains(msg, "node #1 \"fama\""));
  REQUIRE(Contains(msg, "coords"));
  // In the same declaration, the parser refuses it already.
  Record rec;
  Status s = ParseRecordText(R"({"record": "r3", "nodes": [{"id": "a", "kind": "actor", "coords": [1, 2]}]})", &rec);
  REQUIRE(s.IsInvalidArgument());
  REQUIRE(Contains(s.message(), "coords"));
  RequireSound();
}

// ---------------------------------------------------------------- all or nothing

TEST_CASE_METHOD(WriterFixture, "A failing record leaves nothing and the writer stays usable", "[graph][writer]") {
  KG_REQUIRE_OK(IngestExamples());
  // Fails on its last edge, after creating nodes, aliases, edges and
  // support on existing edges.
  Reject(R"({"record": "bad", "nodes": [{"id": "new-node", "kind": "actor", "aliases": ["FAMa 2"]},
      {"id": "fama", "aliases": ["New alias"], "attrs": {"category": "changed"}}],
      "edges": [{"from": "new-node", "type": "ALLIED_WITH", "to": "fama"},
                {"from": "fama", "type": "STRUCK", "to": "kardjila", "date": "2025-06"},
                {"from": "fama", "type": "STRUCK", "to": "Atlantis"}]})");
  RequireSound();
  // Usable: the next record goes in, with the node ids the failed one did not take.
  KG_REQUIRE_OK(Apply(R"({"record": "good", "nodes": [{"id": "new-node", "kind": "actor"}],
      "edges": [{"from": "new-node", "type": "ALLIED_WITH", "to": "fama"}]})"));
  REQUIRE(DumpLines(reader(), "edge new-node ") ==
          std::vector<std::string>{"edge new-node -ALLIED_WITH-> fama support=1 sources=[good]"});
  REQUIRE(NodeOf("fama").attrs.at("category") == AttrValue(std::string("state_forces")));
  // Committed and reopened, the store holds the good record and not the bad one.
  const std::string after = Dump(reader());
  KG_REQUIRE_OK(Sync());
  Reopen();
  REQUIRE(Dump(reader()) == after);
  RequireSound();
}

TEST_CASE("A failing record leaves nothing even when every record commits", "[graph][writer]") {
  TempDir dir;
  std::unique_ptr<GraphStore> store;
  StoreOptions o;
  o.read_only = false;
  o.create_if_missing = true;
  KG_REQUIRE_OK(GraphStore::Open(o, dir.Path("db"), &store));
  WriterOptions wo;
  wo.batch_bytes = 1;  // commit after every record
  GraphWriter w(store.get(), wo);
  Record good, bad;
  KG_REQUIRE_OK(ParseRecord(R"({"record": "g", "nodes": [{"id": "a", "kind": "actor"}]})", &good));
  KG_REQUIRE_OK(ParseRecord(R"({"record": "b", "nodes": [{"id": "b", "kind": "actor"}],
      "edges": [{"from": "b", "type": "ALLIED_WITH", "to": "a"}, {"from": "b", "type": "ALLIED_WITH", "to": "zz"}]})",
                            &bad));
  KG_REQUIRE_OK(w.Apply(good));
  const std::string before = "node a actor \"a\" records=[g]\nrecord g\n";
  REQUIRE(Dump(w.reader()) == before);
  REQUIRE(w.Apply(bad).IsInvalidArgument());
  REQUIRE(Dump(w.reader()) == before);
  KG_REQUIRE_OK(w.Commit());  // the good record's write, started in the background, is in
  REQUIRE(Dump(store->reader()) == before);  // the store itself, not the batch
  REQUIRE(Violations(store->reader()).empty());
}

TEST_CASE_METHOD(WriterFixture, "Commit makes records visible to a new reader, a reopen keeps them", "[graph][writer]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "x", "kind": "actor"}]})"));
  REQUIRE(Dump(store().reader()) == "");  // pending in the writer's batch
  KG_REQUIRE_OK(Commit());
  REQUIRE(Dump(store().reader()) == Dump(reader()));
  const std::string state = Dump(reader());
  Reopen(/*read_only=*/true);
  REQUIRE(Dump(reader()) == state);
}

// ---------------------------------------------------------------- a longer life

TEST_CASE_METHOD(WriterFixture, "The store stays sound through ingests, versions and retractions", "[graph][writer]") {
  KG_REQUIRE_OK(IngestExamples());
  RequireSound();
  KG_REQUIRE_OK(ApplyAll(R"(
{"record": "dup-decl", "nodes": [{"id": "x", "kind": "actor", "aliases": ["X1"]}, {"id": "x", "aliases": ["X2"], "attrs": {"a": 1}}],
 "edges": [{"from": "X1", "type": "ALLIED_WITH", "to": "X2"}, {"from": "x", "type": "OPERATES_IN", "to": "Mali"}]}
{"record": "lemali-2025-06-20-kardjila", "edges": [{"from": "fama", "type": "STRUCK", "to": "kardjila", "date": "2025-06-18"}]}
)"));
  REQUIRE(DumpLines(reader(), "node x ") ==
          std::vector<std::string>{"node x actor \"x\" aliases=[\"X1\",\"X2\"] attrs={a:1} records=[dup-decl]"});
  RequireSound();
  KG_REQUIRE_OK(Retract("lemali-2025-06-13-bandiagara"));
  RequireSound();
  KG_REQUIRE_OK(Apply(R"({"record": "dup-decl", "nodes": [{"id": "x", "kind": "actor"}]})"));
  RequireSound();
  KG_REQUIRE_OK(Sync());
  Reopen();
  RequireSound();
  KG_REQUIRE_OK(Retract("dup-decl"));
  REQUIRE_FALSE(HasNode("x"));
  RequireSound();
}

TEST_CASE_METHOD(WriterFixture, "Edges equal but for the key are two edges, each with its own attrs and sources",
                 "[graph][writer]") {
  KG_REQUIRE_OK(ApplyAll(R"(
{"record": "nodes", "nodes": [{"id": "a", "kind": "actor"}, {"id": "b", "kind": "location"}]}
{"record": "r1", "edges": [{"from": "a", "type": "STRUCK", "to": "b", "date": "2025-06", "key": "MLI1", "attrs": {"fatalities": 3}},
                           {"from": "a", "type": "STRUCK", "to": "b", "date": "2025-06", "key": "MLI2", "attrs": {"fatalities": 5}},
                           {"from": "a", "type": "STRUCK", "to": "b", "date": "2025-06", "key": "MLI1", "attrs": {"means": "drones"}}]}
{"record": "r2", "edges": [{"from": "a", "type": "STRUCK", "to": "b", "date": "2025-06", "attrs": {"fatalities": 1}},
                           {"from": "a", "type": "STRUCK", "to": "b", "date": "2025-06", "key": "MLI2"}]}
)"));
  REQUIRE(DumpLines(reader(), "edge ") ==
          std::vector<std::string>{
              "edge a -STRUCK-> b 2025-06 attrs={fatalities:1} support=1 sources=[r2]",
              "edge a -STRUCK-> b 2025-06 key=MLI1 attrs={fatalities:3,means:\"drones\"} support=1 sources=[r1]",
              "edge a -STRUCK-> b 2025-06 key=MLI2 attrs={fatalities:5} support=2 sources=[r1,r2]",
          });
  REQUIRE(Stats().edges == 3);
  RequireSound();
  // Every read fills the key.
  NodeId a = NodeOf("a").nid, b = NodeOf("b").nid;
  std::vector<Edge> edges;
  KG_REQUIRE_OK(reader().EdgesFromTo(a, b, EdgeFilter(), &edges));
  REQUIRE(edges.size() == 3);
  REQUIRE(edges[0].key.empty());
  REQUIRE(edges[1].key == "MLI1");
  REQUIRE(edges[2].key == "MLI2");
  std::vector<std::string> keys;
  KG_REQUIRE_OK(reader().ForEachEdge(b, EdgeFilter(), [&](const Edge& e) {
    keys.push_back(e.key);
    return true;
  }));
  REQUIRE(keys == std::vector<std::string>{"", "MLI1", "MLI2"});
  Edge one;
  KG_REQUIRE_OK(reader().GetEdge(EdgeKey{a, b, "STRUCK", "2025-06", "MLI2"}, &one));
  REQUIRE(one.key == "MLI2");
  REQUIRE(one.sources.size() == 2);
  REQUIRE(reader().GetEdge(EdgeKey{a, b, "STRUCK", "2025-06", "MLI3"}, &one).IsNotFound());
  // Retracting r1 leaves the keyless edge and MLI2's support from r2.
  KG_REQUIRE_OK(Retract("r1"));
  REQUIRE(DumpLines(reader(), "edge ") ==
          std::vector<std::string>{
              "edge a -STRUCK-> b 2025-06 attrs={fatalities:1} support=1 sources=[r2]",
              "edge a -STRUCK-> b 2025-06 key=MLI2 support=1 sources=[r2]",
          });
  RequireSound();
  KG_REQUIRE_OK(Retract("r2"));
  REQUIRE(DumpLines(reader(), "edge ").empty());
  RequireSound();
}

// A random history of records (keys, versions, replacements, retractions)
// leaves the store a fresh store of the surviving records would be.
class WriterModel {
 public:
  explicit WriterModel(uint32_t seed) : rng_(seed) {}

  std::string RandomRecord() {
    const char* ids[] = {"r1", "r2", "r3", "r4", "r5"};
    std::string json = R"({"record": ")" + std::string(ids[Pick(5)]) + "\"";
    if (int v = Pick(4)) json += R"(, "version": )" + std::to_string(v);
    json += R"(, "nodes": [{"id": "a", "kind": "actor"}, {"id": "b", "kind": "actor"}, {"id": "c", "kind": "location"}])";
    json += R"(, "edges": [)";
    const int edges = 1 + Pick(4);
    for (int i = 0; i < edges; ++i) {
      const char* ends[] = {"a", "b", "c"};
      const char* keys[] = {"", "k1", "k2", "k10"};
      const char* dates[] = {"", "2025", "2025-06"};
      json += std::string(i ? ", " : "") + R"({"from": ")" + ends[Pick(3)] + R"(", "type": ")" + (Pick(2) ? "A" : "B") +
              R"(", "to": ")" + ends[Pick(3)] + "\"";
      if (const char* d = dates[Pick(3)]; *d) json += std::string(R"(, "date": ")") + d + "\"";
      if (const char* k = keys[Pick(4)]; *k) json += std::string(R"(, "key": ")") + k + "\"";
      if (Pick(2)) json += R"(, "attrs": {"n": )" + std::to_string(Pick(3)) + "}";
      json += "}";
    }
    return json + "]}";
  }
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

 private:
  std::mt19937 rng_;
};

TEST_CASE("A random history of keyed edges and versions reads as a fresh store of its surviving records, now and at every past change",
          "[graph][writer]") {
  int stale = 0;  // over all seeds: the history does exercise stale versions
  for (uint32_t seed = 1; seed <= 8; ++seed) {
    CAPTURE(seed);
    WriterModel model(seed);
    TempStore store;
    // The surviving records by ingestion order.
    struct Live {
      std::string id, json;
      std::optional<int64_t> version;
    };
    std::vector<Live> live;
    // The records standing at the end of each change (a change holds one
    // to a few steps, as a kg command holds one to many records).
    ChangesSeen<std::vector<Live>> seen;
    auto end_change = [&] { seen.End(store, live); };
    auto& live_at = seen.model;
    auto& dump_at = seen.dump;
    for (int step = 0; step < 40; ++step) {
      if (model.Pick(2) == 0) end_change();
      if (model.Pick(5) == 0 && !live.empty()) {
        const size_t i = static_cast<size_t>(model.Pick(static_cast<int>(live.size())));
        KG_REQUIRE_OK(store.Retract(live[i].id));
        live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      const std::string json = model.RandomRecord();
      Record parsed;
      KG_REQUIRE_OK(TempStore::ParseRecordText(json, &parsed));
      CAPTURE(json);
      ApplyOutcome outcome;
      KG_REQUIRE_OK(store.Apply(json, &outcome));
      auto it = std::find_if(live.begin(), live.end(), [&](const auto& r) { return r.id == parsed.id; });
      if (it != live.end() && parsed.version && it->version && *parsed.version < *it->version) {
        REQUIRE(outcome == ApplyOutcome::kStale);
        ++stale;
        continue;
      }
      if (it != live.end() && it->json == json) {
        REQUIRE(outcome == ApplyOutcome::kUnchanged);
        continue;
      }
      REQUIRE(outcome == (it == live.end() ? ApplyOutcome::kIngested : ApplyOutcome::kReplaced));
      if (it != live.end()) live.erase(it);
      live.push_back({parsed.id, json, parsed.version});
    }
    KG_REQUIRE_OK(store.Commit());
    TempStore fresh;
    for (const auto& r : live) KG_REQUIRE_OK(fresh.Apply(r.json));
    KG_REQUIRE_OK(fresh.Commit());
    REQUIRE(Dump(store.reader()) == Dump(fresh.reader()));
    REQUIRE(Violations(store.reader()).empty());
    StoreStats a, b;
    KG_REQUIRE_OK(store.reader().Stats(&a));
    KG_REQUIRE_OK(fresh.reader().Stats(&b));
    REQUIRE(a.edges == b.edges);
    REQUIRE(a.by_type == b.by_type);
    // Every past: what a fresh store of the records standing then holds.
    end_change();
    REQUIRE(live_at.size() > 5);
    // Change 0, the latest, and a few others (each past is a store built and
    // synced: all of them would make the suite slow).
    std::vector<uint64_t> sample = {0, live_at.rbegin()->first};
    for (int i = 0; i < 4; ++i) {
      auto it = live_at.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(model.Pick(static_cast<int>(live_at.size()))));
      sample.push_back(it->first);
    }
    for (uint64_t change : sample) {
      const auto& records = live_at.at(change);
      CAPTURE(change);
      TempStore then(FastTempBase());
      for (const auto& r : records) KG_REQUIRE_OK(then.Apply(r.json));
      KG_REQUIRE_OK(then.Commit());
      const std::string past = PastDump(store.reader(), change);
      REQUIRE(past == dump_at.at(change));
      REQUIRE(past == Dump(then.reader()));
    }
  }
  REQUIRE(stale > 0);
}

TEST_CASE_METHOD(WriterFixture, "A record's version is stored with it", "[graph][writer]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r", "version": "2025-06-20T08:14:03Z", "nodes": [{"id": "a", "kind": "actor"}]})"));
  KG_REQUIRE_OK(Apply(R"({"record": "s", "nodes": [{"id": "b", "kind": "actor"}]})"));
  KG_REQUIRE_OK(Sync());
  Reopen();
  StoredRecord rec;
  KG_REQUIRE_OK(reader().GetRecord("r", &rec));
  REQUIRE(rec.version == 1750407243);
  KG_REQUIRE_OK(reader().GetRecord("s", &rec));
  REQUIRE_FALSE(rec.version);
}

TEST_CASE_METHOD(WriterFixture, "A lower version is skipped as stale, an equal or higher one replaces", "[graph][writer]") {
  ApplyOutcome outcome;
  KG_REQUIRE_OK(Apply(R"({"record": "r", "version": 5, "nodes": [{"id": "a", "kind": "actor", "name": "Five"}]})", &outcome));
  REQUIRE(outcome == ApplyOutcome::kIngested);
  KG_REQUIRE_OK(Apply(R"({"record": "r", "version": 4, "nodes": [{"id": "a", "kind": "actor", "name": "Four"}]})", &outcome));
  REQUIRE(outcome == ApplyOutcome::kStale);
  REQUIRE(NodeOf("a").name == "Five");
  REQUIRE(writer().stats().stale == 1);
  REQUIRE(writer().stats().replaced == 0);
  // Equal version, other content: not older, so it replaces.
  KG_REQUIRE_OK(Apply(R"({"record": "r", "version": 5, "nodes": [{"id": "a", "kind": "actor", "name": "Five bis"}]})",
                      &outcome));
  REQUIRE(outcome == ApplyOutcome::kReplaced);
  REQUIRE(NodeOf("a").name == "Five bis");
  // The same version and content again: unchanged.
  KG_REQUIRE_OK(Apply(R"({"record": "r", "version": 5, "nodes": [{"id": "a", "kind": "actor", "name": "Five bis"}]})",
                      &outcome));
  REQUIRE(outcome == ApplyOutcome::kUnchanged);
  // A timestamp is a version too (2025-06-20T08:14:03Z is 1750407243).
  KG_REQUIRE_OK(Apply(
      R"({"record": "r", "version": "2025-06-20T08:14:03Z", "nodes": [{"id": "a", "kind": "actor", "name": "June"}]})",
      &outcome));
  REQUIRE(outcome == ApplyOutcome::kReplaced);
  KG_REQUIRE_OK(Apply(
      R"({"record": "r", "version": 1750407242, "nodes": [{"id": "a", "kind": "actor", "name": "Earlier"}]})",
      &outcome));
  REQUIRE(outcome == ApplyOutcome::kStale);
  REQUIRE(NodeOf("a").name == "June");
  // Without a version on either side, a new version replaces as before.
  KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "a", "kind": "actor", "name": "None"}]})", &outcome));
  REQUIRE(outcome == ApplyOutcome::kReplaced);
  KG_REQUIRE_OK(Apply(R"({"record": "r", "version": 1, "nodes": [{"id": "a", "kind": "actor", "name": "One"}]})", &outcome));
  REQUIRE(outcome == ApplyOutcome::kReplaced);
  REQUIRE(NodeOf("a").name == "One");
  // The stored version survives a reopen; a retracted record is forgotten.
  KG_REQUIRE_OK(Sync());
  Reopen();
  KG_REQUIRE_OK(Apply(R"({"record": "r", "version": 0, "nodes": [{"id": "a", "kind": "actor", "name": "Zero"}]})", &outcome));
  REQUIRE(outcome == ApplyOutcome::kStale);
  KG_REQUIRE_OK(Retract("r"));
  KG_REQUIRE_OK(Apply(R"({"record": "r", "version": 0, "nodes": [{"id": "a", "kind": "actor", "name": "Zero"}]})", &outcome));
  REQUIRE(outcome == ApplyOutcome::kIngested);
  REQUIRE(writer().stats().stale == 1);
  RequireSound();
}

// ---------------------------------------------------------------- check

// Commits, then changes the store directly through the Kv batch API.
class CorruptFixture : public WriterFixture {
 protected:
  void SetUpExamples() {
    KG_REQUIRE_OK(IngestExamples());
    KG_REQUIRE_OK(Commit());
    REQUIRE(Violations(reader()).empty());
  }
  void Write(const std::function<void(KvBatch*)>& change) {
    auto batch = store().kv()->NewBatch();
    change(batch.get());
    KG_REQUIRE_OK(store().kv()->Write(batch.get()));
  }
  NodeId Nid(std::string_view id) { return NodeOf(id).nid; }
  // Whether some violation contains every part.
  bool Finds(std::initializer_list<std::string_view> parts) {
    auto v = Violations(store().reader());
    for (const auto& line : v) UNSCOPED_INFO(line);
    for (const auto& line : v) {
      bool all = true;
      for (auto p : parts) all = all && Contains(line, p);
      if (all) return true;
    }
    return false;
  }
};

TEST_CASE_METHOD(CorruptFixture, "CheckStore finds a missing adjacency entry", "[graph][check]") {
  SetUpExamples();
  EdgeKey k{Nid("fama"), Nid("kardjila"), "STRUCK", "2025-06", ""};
  Write([&](KvBatch* b) { b->Delete(AdjacencyKey(k.to, k.from, false)); });
  REQUIRE(Finds({"STRUCK", "adjacency entry missing"}));
}

TEST_CASE_METHOD(CorruptFixture, "CheckStore finds an adjacency entry without an edge", "[graph][check]") {
  SetUpExamples();
  EdgeKey k{Nid("fama"), Nid("kardjila"), "STRUCK", "2025-06", ""};
  Write([&](KvBatch* b) { b->Delete(EncodeOutEdgeKey(k)); });
  REQUIRE(Finds({"adjacency entry #" + std::to_string(k.from) + " -> #" + std::to_string(k.to) + " without an edge"}));
  REQUIRE(Finds({"adjacency entry #" + std::to_string(k.to) + " <- #" + std::to_string(k.from) + " without an edge"}));
  REQUIRE(Finds({"lemali-2025-06-20-kardjila", "missing"}));  // the record's fact is gone
  REQUIRE(Finds({"counter edges"}));
}

TEST_CASE_METHOD(CorruptFixture, "CheckStore finds a name missing from the index", "[graph][check]") {
  SetUpExamples();
  Write([&](KvBatch* b) { b->Delete(NameKey("boulikessi", Nid("boulkessi"))); });
  REQUIRE(Finds({"boulkessi", "not indexed"}));
}

TEST_CASE_METHOD(CorruptFixture, "CheckStore finds a stray name index entry", "[graph][check]") {
  SetUpExamples();
  Write([&](KvBatch* b) { b->Put(NameKey("timbuktu", Nid("tombouctou")), ""); });
  REQUIRE(Finds({"timbuktu"}));
}

TEST_CASE_METHOD(CorruptFixture, "CheckStore finds a missing node", "[graph][check]") {
  SetUpExamples();
  Write([&](KvBatch* b) { b->Delete(NodeKey(Nid("douna"))); });
  REQUIRE(Finds({"endpoint missing"}));
  REQUIRE(Finds({"id index entry \"douna\""}));
}

TEST_CASE_METHOD(CorruptFixture, "CheckStore finds a missing record", "[graph][check]") {
  SetUpExamples();
  Write([&](KvBatch* b) { b->Delete(RecordKey("lemali-2025-06-20-boulkessi")); });
  REQUIRE(Finds({"is no stored record"}));
  REQUIRE(Finds({"counter records"}));
}

TEST_CASE_METHOD(CorruptFixture, "CheckStore finds an undecodable value and a wrong counter", "[graph][check]") {
  SetUpExamples();
  Write([&](KvBatch* b) {
    b->Put(NodeKey(Nid("mali")), "garbage");
    std::string v;
    EncodeCounter(99, &v);
    b->Put(MetaKey(std::string(kMetaTypePrefix) + "STRUCK"), v);
  });
  REQUIRE(Finds({"undecodable node entry"}));
  REQUIRE(Finds({"counter type:STRUCK is 99, store holds 4"}));
}

TEST_CASE_METHOD(CorruptFixture, "CheckStore finds an orphan node", "[graph][check]") {
  SetUpExamples();
  // Drop every declaration of douna, and its edges' records still exist...
  // so also drop its edges (with their adjacency entries).
  Write([&](KvBatch* b) {
    std::vector<GraphReader::DeclBody> bodies;
    KG_REQUIRE_OK(store().reader().GetDeclBodies(Nid("douna"), &bodies));
    REQUIRE(!bodies.empty());
    std::vector<RecordSeq> seqs;
    KG_REQUIRE_OK(store().reader().GetNodeRecords(Nid("douna"), &seqs));
    for (const auto& body : bodies) {
      b->Delete(DeclBodyKey(Nid("douna"), body.hash));
      for (RecordSeq s : seqs) {
        b->Delete(DeclUseKey(Nid("douna"), body.hash, s));
        b->Delete(DeclNewestKey(Nid("douna"), body.hash, s));
      }
    }
    for (const EdgeKey& k : {EdgeKey{Nid("douna"), Nid("bandiagara"), "LOCATED_IN", "", ""},
                             EdgeKey{Nid("fama"), Nid("douna"), "STRUCK", "2025-06", ""}}) {
      b->Delete(EncodeOutEdgeKey(k));
      b->Delete(AdjacencyKey(k.from, k.to, true));
      b->Delete(AdjacencyKey(k.to, k.from, false));
    }
  });
  REQUIRE(Finds({"node \"douna\": no declaring record and no edge"}));
}

}  // namespace
}  // namespace kg::test
