#include "ingest/dataset_record.h"

#include <catch2/catch.hpp>

namespace kg {
namespace {

DateRange Day(const std::string& text) {
  DateRange d;
  REQUIRE(ParseDateRange(text, &d));
  return d;
}

TEST_CASE("DatasetRecord::AddEdge merges only edges equal in from, type, to, date and key", "[dataset]") {
  DatasetRecord rec("acled", "acled:X1");
  std::string a, p;
  REQUIRE(rec.AddActor("actor1", "A", "rebel_group", &a).ok());
  REQUIRE(rec.AddPlaceChain({{"country", "country", "Mali", {}}, {"admin1", "admin1", "Gao", {}}}, &p).ok());
  rec.AddEdge(a, "FOUGHT_AT", p, Day("2021-03-05"), "E1", {{"fatalities", int64_t{4}}});
  rec.AddEdge(a, "FOUGHT_AT", p, Day("2021-03-05"), "E2", {{"fatalities", int64_t{6}}});
  rec.AddEdge(a, "FOUGHT_AT", p, Day("2021-03-05"), "E1", {{"notes", std::string("again")}});
  const auto& edges = rec.record().edges;
  REQUIRE(edges.size() == 3);  // LOCATED_IN, E1, E2
  CHECK(edges[0].type == "LOCATED_IN");
  CHECK(edges[0].key.empty());
  CHECK(edges[1].key == "E1");
  CHECK(std::get<int64_t>(edges[1].attrs.at("fatalities")) == 4);
  CHECK(std::get<std::string>(edges[1].attrs.at("notes")) == "again");
  CHECK(edges[2].key == "E2");
  CHECK(std::get<int64_t>(edges[2].attrs.at("fatalities")) == 6);
}

TEST_CASE("DatasetRecord match: dataset, region of places, role of actors", "[dataset]") {
  DatasetRecord rec("ucdp", "ucdp:1");
  std::string a, p;
  REQUIRE(rec.AddActor("side_a", "JNIM", "", &a).ok());
  CHECK(rec.Node(a, NodeKind::kActor)->match->role.empty());
  REQUIRE(rec.AddActor("side_b", "JNIM", "rebel_group", &a).ok());  // fills an unknown role
  CHECK(rec.Node(a, NodeKind::kActor)->match->role == "rebel_group");
  REQUIRE(rec.AddActor("side_b", "JNIM", "civilians", &a).ok());  // does not replace a known one
  CHECK(rec.Node(a, NodeKind::kActor)->match->role == "rebel_group");
  rec.SetRole(a, "state_forces");
  CHECK(rec.Node(a, NodeKind::kActor)->match->role == "state_forces");
  CHECK(rec.Node(a, NodeKind::kActor)->match->dataset == "ucdp");
  CHECK(rec.Node(a, NodeKind::kActor)->match_existing);

  REQUIRE(rec.AddPlaceChain({{"country", "country", "Mali", {}},
                             {"adm_1", "admin1", "Tombouctou", {"Tombouctou region"}},
                             {"adm_2", "admin2", "Goundam", {}},
                             {"where_coordinates", "locality", "Tonka", {}}},
                            &p)
              .ok());
  CHECK(p == "ucdp:place:mali/tombouctou/goundam/tonka");
  CHECK(rec.Node(p, NodeKind::kLocation)->match->region == "tombouctou");
  CHECK(rec.Node("ucdp:place:mali/tombouctou", NodeKind::kLocation)->match->region == "tombouctou");
  CHECK_FALSE(rec.Node("ucdp:place:mali/tombouctou/goundam", NodeKind::kLocation)->match.has_value());
  CHECK(rec.Node("ucdp:place:mali", NodeKind::kLocation)->match->region.empty());
}

}  // namespace
}  // namespace kg
