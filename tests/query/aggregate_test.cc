// AggregateEdges and AggregateSource: parallel edges as one, with count,
// first, last and summed fatalities.
#include <catch2/catch.hpp>

#include "query/aggregate.h"
#include "query/output.h"

namespace kg {
namespace {

Edge E(NodeId from, const std::string& type, NodeId to, const std::string& date, Attrs attrs = {},
       std::vector<RecordSeq> sources = {1}) {
  Edge e;
  e.from = from, e.to = to, e.type = type;
  if (!date.empty()) REQUIRE(ParseDateRange(date, &e.date));
  e.attrs = std::move(attrs);
  e.sources = std::move(sources);
  return e;
}

TEST_CASE("AggregateEdges: one edge per (from, type, to) with count, first, last, fatalities", "[query][aggregate]") {
  std::vector<Edge> edges = {
      E(1, "ATTACKED", 2, "2019-03-02", {{"fatalities", int64_t{4}}}, {3}),
      E(1, "ATTACKED", 2, "2017-01/2017-02", {{"fatalities", int64_t{1}}}, {1}),
      E(1, "ATTACKED", 2, "2021", {}, {3, 5}),
      E(1, "STRUCK", 2, "", {}, {2}),
      E(2, "ATTACKED", 1, "2018-05-05", {{"fatalities", 2.5}}, {4}),
  };
  std::vector<Edge> out = AggregateEdges(edges);
  REQUIRE(out.size() == 3);
  const Edge& a = out[0];
  REQUIRE((a.from == 1 && a.to == 2 && a.type == "ATTACKED"));
  REQUIRE(std::get<int64_t>(a.attrs.at("count")) == 3);
  REQUIRE(std::get<std::string>(a.attrs.at("first")) == "2017-01");
  REQUIRE(std::get<std::string>(a.attrs.at("last")) == "2021");
  REQUIRE(std::get<int64_t>(a.attrs.at("fatalities")) == 5);
  REQUIRE(a.date.text == "2017-01/2021");
  REQUIRE(a.date.first == 20170101);
  REQUIRE(a.sources == std::vector<RecordSeq>{1, 3, 5});

  const Edge& s = out[1];  // undated: no first, last or date; no fatalities
  REQUIRE(s.type == "STRUCK");
  REQUIRE(std::get<int64_t>(s.attrs.at("count")) == 1);
  REQUIRE(s.attrs.count("first") == 0);
  REQUIRE(s.attrs.count("fatalities") == 0);
  REQUIRE(!s.date.dated());

  const Edge& back = out[2];
  REQUIRE((back.from == 2 && back.to == 1));
  REQUIRE(std::get<double>(back.attrs.at("fatalities")) == 2.5);
  REQUIRE(back.date.text == "2018-05-05");
}

TEST_CASE("AggregateSource yields the aggregated edges of a source", "[query][aggregate]") {
  Node a, b;
  a.nid = 1, a.id = "a", a.kind = NodeKind::kActor;
  b.nid = 2, b.id = "b", b.kind = NodeKind::kLocation;
  std::vector<Edge> edges;
  for (int i = 0; i < 500; ++i) edges.push_back(E(1, "STRUCK", 2, "2020-01-" + std::string(i % 28 < 9 ? "0" : "") +
                                                                       std::to_string(i % 28 + 1)));
  edges.push_back(E(2, "LOCATED_IN", 2, ""));
  MemorySource memory({a, b}, edges);
  AggregateSource agg(memory);
  std::vector<std::string> seen;
  REQUIRE(agg.ForEachEdge([&](const Edge& e, const Node& from, const Node& to) {
    seen.push_back(from.id + " " + e.type + " " + to.id + " " + AttrText(e.attrs.at("count")) + " " + e.date.text);
    return Status::OK();
  }).ok());
  REQUIRE(seen == std::vector<std::string>{"a STRUCK b 500 2020-01-01/2020-01-28", "b LOCATED_IN b 1 "});
  seen.clear();
  REQUIRE(agg.ForEachEdgeOf(b, Direction::kIn, "", [&](const Edge& e, const Node&, const Node&) {
    seen.push_back(e.type + " " + AttrText(e.attrs.at("count")));
    return Status::OK();
  }).ok());
  REQUIRE(seen == std::vector<std::string>{"STRUCK 500", "LOCATED_IN 1"});
}

}  // namespace
}  // namespace kg
