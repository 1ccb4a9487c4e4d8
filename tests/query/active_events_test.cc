// kg active's events and fatalities (CONTRACT.md section 3): edges with a
// key count once per key, edges without one once each; fatalities summed
// once per event.
#include <catch2/catch.hpp>

#include "query/active.h"
#include "test_util.h"

namespace kg::test {
namespace {

const ActiveActor& Actor(const ActiveResult& r, const std::string& id) {
  for (const ActiveActor& a : r.actors) {
    if (a.actor.id == id) return a;
  }
  FAIL("no actor " << id);
  throw;
}

TEST_CASE_METHOD(TempStore, "active: unkeyed edges are one event each, fatalities summed", "[query][active]") {
  KG_REQUIRE_OK(ApplyAll(R"(
{"record": "r1", "nodes": [{"id": "region", "kind": "location"}, {"id": "town", "kind": "location"},
  {"id": "a", "kind": "actor"}, {"id": "b", "kind": "actor"}, {"id": "c", "kind": "actor"}],
 "edges": [{"from": "town", "type": "LOCATED_IN", "to": "region"},
  {"from": "a", "type": "ATTACKED", "to": "town", "date": "2020-01-01", "attrs": {"fatalities": 3}},
  {"from": "a", "type": "STRUCK", "to": "town", "date": "2020-01-01", "attrs": {"fatalities": 3}},
  {"from": "a", "type": "STRUCK", "to": "region", "date": "2020-02", "attrs": {"fatalities": 0.5}},
  {"from": "b", "type": "ATTACKED", "to": "town", "date": "2021", "attrs": {"fatalities": "many"}},
  {"from": "c", "type": "ATTACKED", "to": "town", "date": "2021", "attrs": {"fatalities": 0}}]}
)"));
  NodeId region;
  KG_REQUIRE_OK(reader().Resolve("region", &region));
  ActiveResult r;
  KG_REQUIRE_OK(ActiveIn(reader(), region, EdgeFilter(), &r));
  const ActiveActor& a = Actor(r, "a");
  REQUIRE(a.edges.size() == 3);
  REQUIRE(a.events == 3);  // no keys: each edge its own event
  REQUIRE(a.has_fatalities);
  REQUIRE(!a.fatalities_integral);
  REQUIRE(a.fatalities == 6.5);
  const ActiveActor& b = Actor(r, "b");
  REQUIRE(b.events == 1);
  REQUIRE(!b.has_fatalities);  // not a number
  const ActiveActor& c = Actor(r, "c");
  REQUIRE(c.has_fatalities);  // zero is a count
  REQUIRE(c.fatalities == 0);
}

TEST_CASE("kg active JSON and table show events and fatalities", "[query][active][cli]") {
  KgCli kg;
  REQUIRE(kg.Run({"ingest", "-"}, R"(
{"record": "r1", "nodes": [{"id": "region", "kind": "location"}, {"id": "a", "kind": "actor", "name": "A"},
  {"id": "b", "kind": "actor", "name": "B"}],
 "edges": [{"from": "a", "type": "ATTACKED", "to": "region", "date": "2020-01-01", "attrs": {"fatalities": 3}},
  {"from": "a", "type": "STRUCK", "to": "region", "date": "2020-01-02", "attrs": {"fatalities": 4}},
  {"from": "b", "type": "STRUCK", "to": "region", "date": "2020-01-02"}]}
)").exit_code == 0);
  KgResult r = kg.Run({"active", "region", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.out.find(R"("id":"a","name":"A","edges":2,"events":2,"fatalities":7,)") != std::string::npos);
  REQUIRE(r.out.find(R"("id":"b","name":"B","edges":1,"events":1,"types")") != std::string::npos);
  r = kg.Run({"active", "region"});
  REQUIRE(SplitLines(r.out) == std::vector<std::string>{
                                   "actor  edges  events  fatalities  first       last        types             places",
                                   "-----  -----  ------  ----------  ----------  ----------  ----------------  ------",
                                   "A      2      2       7           2020-01-01  2020-01-02  ATTACKED, STRUCK  region",
                                   "B      1      1                   2020-01-02  2020-01-02  STRUCK            region",
                               });
}

TEST_CASE_METHOD(TempStore, "active: keyed edges count once per key, fatalities once per event",
                 "[query][active][keys]") {
  Record rec;
  rec.id = "acled";
  NodeDecl region, town, a;
  region.id = "region", region.kind = NodeKind::kLocation;
  town.id = "town", town.kind = NodeKind::kLocation;
  a.id = "a", a.kind = NodeKind::kActor;
  rec.nodes = {region, town, a};
  auto edge = [](std::string from, std::string type, std::string to, std::string date, std::string key,
                 Attrs attrs) {
    EdgeDecl e;
    e.from = std::move(from), e.type = std::move(type), e.to = std::move(to), e.key = std::move(key);
    REQUIRE(ParseDateRange(date, &e.date));
    e.attrs = std::move(attrs);
    return e;
  };
  EdgeDecl located;
  located.from = "town", located.type = "LOCATED_IN", located.to = "region";
  rec.edges = {
      located,
      // One event (key ev1) seen as two edges: counted once, 5 dead once.
      edge("a", "ATTACKED", "town", "2020-01-01", "ev1", {{"fatalities", int64_t{5}}}),
      edge("a", "STRUCK", "region", "2020-01-01", "ev1", {{"fatalities", int64_t{5}}}),
      // Two events on the same day between the same nodes: two edges.
      edge("a", "ATTACKED", "town", "2020-01-02", "ev2", {{"fatalities", int64_t{1}}}),
      edge("a", "ATTACKED", "town", "2020-01-02", "ev3", {{"fatalities", int64_t{2}}}),
      // No key: its own event.
      edge("a", "ATTACKED", "town", "2020-01-03", "", {{"fatalities", int64_t{10}}}),
  };
  KG_REQUIRE_OK(writer().Apply(rec));
  KG_REQUIRE_OK(Commit());
  NodeId rid;
  KG_REQUIRE_OK(reader().Resolve("region", &rid));
  ActiveResult r;
  KG_REQUIRE_OK(ActiveIn(reader(), rid, EdgeFilter(), &r));
  const ActiveActor& act = Actor(r, "a");
  REQUIRE(act.edges.size() == 5);
  REQUIRE(act.events == 4);
  REQUIRE(act.fatalities == 18);
}

}  // namespace
}  // namespace kg::test
