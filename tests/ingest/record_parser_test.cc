// record_parser: every rule of CONTRACT.md's record table, each refusal with
// a message naming the field, and what a valid record parses into.
#include "ingest/record_parser.h"

#include "test_util.h"

namespace kg::test {
namespace {

// A record with one valid node and one valid edge, with `part` spliced in as
// the given field. Keeps each table row short.
std::string NodeRecord(const std::string& node) {
  return R"({"record": "r", "nodes": [)" + node + "]}";
}
std::string EdgeRecord(const std::string& edge) {
  return R"({"record": "r", "nodes": [{"id": "a", "kind": "actor"}], "edges": [)" + edge + "]}";
}

struct Bad {
  std::string json;
  std::string message;  // expected to be part of the error message
};

void RequireRefused(const std::vector<Bad>& table) {
  for (const auto& row : table) {
    CAPTURE(row.json);
    Record r;
    Status s = ParseRecord(row.json, &r);
    CAPTURE(s.ToString());
    CHECK(s.IsInvalidArgument());
    CHECK(s.message().find(row.message) != std::string::npos);
  }
}

TEST_CASE("A valid record parses into every field", "[ingest][record_parser]") {
  Record r;
  KG_REQUIRE_OK(ParseRecord(R"({
    "record": "lemali-2025-06-13",
    "source": {"title": "Contre-offensive des FAMa", "url": "https://example.org/a",
               "published": "2025-06-13", "publisher": "Le Mali", "lang": "fr"},
    "unknown_field": {"ignored": [1, 2, {"deep": null}]},
    "nodes": [
      {"id": "fama", "kind": "actor", "name": "Forces armées maliennes",
       "aliases": ["FAMa", "Fama"], "attrs": {"category": "state_forces", "n": 12, "x": 1.5, "neg": -3,
       "big": 9223372036854775808, "exp": 1e3, "ok": true, "no": false}},
      {"id": "boulkessi", "kind": "location", "name": "Boulkessi",
       "attrs": {"level": "locality"}, "coords": [14.73, -1.61]},
      {"id": "bandiagara"}
    ],
    "edges": [
      {"from": "FAMa", "type": "STRUCK", "to": "boulkessi", "date": "2025-06-12",
       "attrs": {"target": "fuel depot", "means": "airstrike"}},
      {"from": "boulkessi", "type": "LOCATED_IN", "to": "bandiagara"},
      {"from": "fama", "type": "ATTACKED", "to": "jnim", "date": "2025-06-07/2025-06-13"}
    ]})",
                            &r));
  REQUIRE(r.id == "lemali-2025-06-13");
  REQUIRE(r.source.title == "Contre-offensive des FAMa");
  REQUIRE(r.source.url == "https://example.org/a");
  REQUIRE(r.source.published == "2025-06-13");
  REQUIRE(r.source.publisher == "Le Mali");
  REQUIRE(r.source.lang == "fr");

  REQUIRE(r.nodes.size() == 3);
  const NodeDecl& fama = r.nodes[0];
  REQUIRE(fama.id == "fama");
  REQUIRE(fama.kind == NodeKind::kActor);
  REQUIRE(fama.name == std::optional<std::string>("Forces armées maliennes"));
  REQUIRE(fama.aliases == std::vector<std::string>{"FAMa", "Fama"});
  REQUIRE(fama.attrs.at("category") == AttrValue(std::string("state_forces")));
  REQUIRE(fama.attrs.at("n") == AttrValue(int64_t{12}));
  REQUIRE(fama.attrs.at("neg") == AttrValue(int64_t{-3}));
  REQUIRE(fama.attrs.at("x") == AttrValue(1.5));
  REQUIRE(fama.attrs.at("big") == AttrValue(9223372036854775808.0));  // beyond int64: a double
  REQUIRE(fama.attrs.at("exp") == AttrValue(1000.0));
  REQUIRE(fama.attrs.at("ok") == AttrValue(true));
  REQUIRE(fama.attrs.at("no") == AttrValue(false));
  REQUIRE_FALSE(fama.coords);
  REQUIRE_FALSE(fama.match_existing);

  const NodeDecl& boulkessi = r.nodes[1];
  REQUIRE(boulkessi.kind == NodeKind::kLocation);
  REQUIRE(boulkessi.coords == std::make_pair(14.73, -1.61));

  const NodeDecl& bandiagara = r.nodes[2];  // only an id: the rest left out
  REQUIRE(bandiagara.kind == NodeKind::kUnknown);
  REQUIRE_FALSE(bandiagara.name);
  REQUIRE(bandiagara.aliases.empty());
  REQUIRE(bandiagara.attrs.empty());

  REQUIRE(r.edges.size() == 3);
  REQUIRE(r.edges[0].from == "FAMa");
  REQUIRE(r.edges[0].type == "STRUCK");
  REQUIRE(r.edges[0].to == "boulkessi");
  REQUIRE(r.edges[0].date.text == "2025-06-12");
  REQUIRE(r.edges[0].date.first == 20250612);
  REQUIRE(r.edges[0].attrs.size() == 2);
  REQUIRE_FALSE(r.edges[1].date.dated());
  REQUIRE(r.edges[2].date.first == 20250607);
  REQUIRE(r.edges[2].date.last == 20250613);
}

TEST_CASE("A record with only nodes, or only edges, is valid", "[ingest][record_parser]") {
  Record r;
  KG_REQUIRE_OK(ParseRecord(R"({"record": "n", "nodes": [{"id": "x"}]})", &r));
  KG_REQUIRE_OK(ParseRecord(R"({"record": "e", "edges": [{"from": "x", "type": "A", "to": "y"}]})", &r));
  KG_REQUIRE_OK(ParseRecord(R"({"record": "s", "source": null, "nodes": [{"id": "x"}]})", &r));
  KG_REQUIRE_OK(ParseRecord(R"({"record": "s", "source": {"title": null, "lang": "fr"}, "nodes": [{"id": "x"}]})", &r));
  KG_REQUIRE_OK(ParseRecord(R"({"record": "s", "source": {}, "nodes": [{"id": "x"}]})", &r));
  // A previous parse leaves nothing behind.
  KG_REQUIRE_OK(ParseRecord(R"({"record": "e2", "edges": [{"from": "x", "type": "A", "to": "y"}]})", &r));
  REQUIRE(r.nodes.empty());
  REQUIRE(r.source.empty());
}

TEST_CASE("Refused: the JSON itself, and the record's top level", "[ingest][record_parser]") {
  RequireRefused({
      {"", "invalid JSON"},
      {"{", "invalid JSON"},
      {R"({"record": "r", "nodes": [{"id": "x"}],})", "invalid JSON"},
      {"{\"record\": \"r\xff\", \"nodes\": [{\"id\": \"x\"}]}", "invalid JSON"},  // not UTF-8
      {R"({"record": "\ud800", "nodes": [{"id": "x"}]})", "invalid JSON"},      // lone surrogate
      {"[]", "a record must be a JSON object, got an array"},
      {"42", "a record must be a JSON object, got a number"},
      {"\"r\"", "a record must be a JSON object, got a string"},
      {"null", "a record must be a JSON object, got null"},
      {R"({"nodes": [{"id": "x"}]})", "'record' is required"},
      {R"({"record": "", "nodes": [{"id": "x"}]})", "'record' must not be empty"},
      {R"({"record": 7, "nodes": [{"id": "x"}]})", "'record' must be a string, got a number"},
      {R"({"record": null, "nodes": [{"id": "x"}]})", "'record' must be a string, got null"},
      {R"({"record": "a\u0001b", "nodes": [{"id": "x"}]})", "'record' must be UTF-8 text without control characters"},
      {R"({"record": "a\nb", "nodes": [{"id": "x"}]})", "'record' must be UTF-8 text without control characters"},
      {R"({"record": "r"})", "a record needs at least one node or edge"},
      {R"({"record": "r", "nodes": [], "edges": []})", "a record needs at least one node or edge"},
      {R"({"record": "r", "nodes": {}})", "'nodes' must be an array, got an object"},
      {R"({"record": "r", "nodes": null})", "'nodes' must be an array, got null"},
      {R"({"record": "r", "edges": "x"})", "'edges' must be an array, got a string"},
  });
}

TEST_CASE("Refused: source fields", "[ingest][record_parser]") {
  RequireRefused({
      {R"({"record": "r", "source": "Le Mali", "nodes": [{"id": "x"}]})", "source: must be an object, got a string"},
      {R"({"record": "r", "source": {"title": 1}, "nodes": [{"id": "x"}]})", "source: 'title' must be a string"},
      {R"({"record": "r", "source": {"url": []}, "nodes": [{"id": "x"}]})", "source: 'url' must be a string"},
      {R"({"record": "r", "source": {"lang": true}, "nodes": [{"id": "x"}]})", "source: 'lang' must be a string"},
      {R"({"record": "r", "source": {"publisher": {}}, "nodes": [{"id": "x"}]})", "source: 'publisher' must be a string"},
      {R"({"record": "r", "source": {"published": "13/06/2025"}, "nodes": [{"id": "x"}]})",
       "source: 'published' must be a date"},
      {R"({"record": "r", "source": {"published": "2025-02-30"}, "nodes": [{"id": "x"}]})",
       "source: 'published' must be a date"},
      {R"({"record": "r", "source": {"title": "a\u0007"}, "nodes": [{"id": "x"}]})",
       "source: 'title' must be UTF-8 text without control characters"},
  });
}

TEST_CASE("Refused: node fields, named with the node's number and id", "[ingest][record_parser]") {
  const std::string long_id(257, 'x');
  RequireRefused({
      {NodeRecord(R"("fama")"), "node #1: must be an object, got a string"},
      {NodeRecord(R"({"id": "a"}, 3)"), "node #2: must be an object, got a number"},
      {NodeRecord(R"({"kind": "actor"})"), "node #1: 'id' is required"},
      {NodeRecord(R"({"id": ""})"), "node #1: 'id' must not be empty"},
      {NodeRecord(R"({"id": 12})"), "node #1: 'id' must be a string, got a number"},
      {NodeRecord(R"({"id": "a\tb"})"), "node #1: 'id' must be UTF-8 text without control characters"},
      {NodeRecord(R"({"id": ")" + long_id + R"("})"), "node #1: 'id' is longer than 256 bytes"},
      {NodeRecord(R"({"id": "x", "kind": "person"})"), R"(node #1 "x": 'kind' must be "actor" or "location", got "person")"},
      {NodeRecord(R"({"id": "x", "kind": "Actor"})"), R"(node #1 "x": 'kind' must be "actor" or "location")"},
      {NodeRecord(R"({"id": "x", "kind": 1})"), R"(node #1 "x": 'kind' must be "actor" or "location", got a number)"},
      {NodeRecord(R"({"id": "x", "name": ""})"), R"(node #1 "x": 'name' must not be empty)"},
      {NodeRecord(R"({"id": "x", "name": ["a"]})"), R"(node #1 "x": 'name' must be a string, got an array)"},
      {NodeRecord(R"({"id": "x", "name": "a\u001bb"})"), R"(node #1 "x": 'name' must be UTF-8 text)"},
      {NodeRecord(R"({"id": "x", "aliases": "FAMa"})"), R"(node #1 "x": 'aliases' must be an array of strings, got a string)"},
      {NodeRecord(R"({"id": "x", "aliases": ["FAMa", 3]})"), R"(node #1 "x": 'aliases' must be a string, got a number)"},
      {NodeRecord(R"({"id": "x", "aliases": [""]})"), R"(node #1 "x": 'aliases' must not be empty)"},
      {NodeRecord(R"({"id": "x", "attrs": []})"), R"(node #1 "x": 'attrs' must be an object, got an array)"},
      {NodeRecord(R"({"id": "x", "attrs": {"a": {"b": 1}}})"), R"(node #1 "x": attrs.a must be a string, number or boolean, got an object)"},
      {NodeRecord(R"({"id": "x", "attrs": {"a": [1]}})"), R"(node #1 "x": attrs.a must be a string, number or boolean, got an array)"},
      {NodeRecord(R"({"id": "x", "attrs": {"a": null}})"), R"(node #1 "x": attrs.a must be a string, number or boolean, got null)"},
      {NodeRecord(R"({"id": "x", "attrs": {"": 1}})"), R"(node #1 "x": attrs: key "")"},
      {NodeRecord(R"({"id": "x", "kind": "location", "coords": [14.7]})"), R"(node #1 "x": 'coords' must be [lat, lon])"},
      {NodeRecord(R"({"id": "x", "kind": "location", "coords": [14.7, -1.6, 0]})"), R"(node #1 "x": 'coords' must be [lat, lon])"},
      {NodeRecord(R"({"id": "x", "kind": "location", "coords": ["14.7", "-1.6"]})"), R"(node #1 "x": 'coords' must be [lat, lon])"},
      {NodeRecord(R"({"id": "x", "kind": "location", "coords": {"lat": 1, "lon": 2}})"), R"(node #1 "x": 'coords' must be [lat, lon])"},
      {NodeRecord(R"({"id": "x", "kind": "location", "coords": [90.5, 0]})"), R"(node #1 "x": 'coords' out of range)"},
      {NodeRecord(R"({"id": "x", "kind": "location", "coords": [0, -180.01]})"), R"(node #1 "x": 'coords' out of range)"},
      {NodeRecord(R"({"id": "x", "kind": "actor", "coords": [14.7, -1.6]})"), R"(node #1 "x": 'coords' are for locations only)"},
  });
}

TEST_CASE("Accepted: node ids of exactly 256 bytes, coords at the bounds", "[ingest][record_parser]") {
  Record r;
  KG_REQUIRE_OK(ParseRecord(NodeRecord(R"({"id": ")" + std::string(256, 'x') + R"("})"), &r));
  // 256 bytes of UTF-8 (128 two-byte characters).
  std::string e_acute;
  for (int i = 0; i < 128; ++i) e_acute += "é";
  KG_REQUIRE_OK(ParseRecord(NodeRecord(R"({"id": ")" + e_acute + R"("})"), &r));
  Status s = ParseRecord(NodeRecord(R"({"id": ")" + e_acute + R"(e"})"), &r);
  REQUIRE(s.IsInvalidArgument());
  KG_REQUIRE_OK(ParseRecord(NodeRecord(R"({"id": "x", "kind": "location", "coords": [-90, 180]})"), &r));
  REQUIRE(r.nodes[0].coords == std::make_pair(-90.0, 180.0));
  KG_REQUIRE_OK(ParseRecord(NodeRecord(R"({"id": "x", "coords": [90, -180]})"), &r));  // kind unknown yet
}

TEST_CASE("Refused: edge fields, named with the edge's number", "[ingest][record_parser]") {
  RequireRefused({
      {EdgeRecord(R"(["a", "STRUCK", "b"])"), "edge #1: must be an object, got an array"},
      {EdgeRecord(R"({"type": "STRUCK", "to": "a"})"), "edge #1: 'from' is required"},
      {EdgeRecord(R"({"from": "a", "to": "a"})"), "edge #1: 'type' is required"},
      {EdgeRecord(R"({"from": "a", "type": "STRUCK"})"), "edge #1: 'to' is required"},
      {EdgeRecord(R"({"from": "", "type": "STRUCK", "to": "a"})"), "edge #1: 'from' must not be empty"},
      {EdgeRecord(R"({"from": "a", "type": "STRUCK", "to": 5})"), "edge #1: 'to' must be a string, got a number"},
      {EdgeRecord(R"({"from": "a\u0000", "type": "STRUCK", "to": "a"})"), "edge #1: 'from' must be UTF-8 text"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a"}, {"from": "a", "type": "struck", "to": "a"})"),
       R"(edge #2: 'type' must match ^[A-Z][A-Z0-9_]*$, got "struck")"},
      {EdgeRecord(R"({"from": "a", "type": "1ST", "to": "a"})"), R"(edge #1: 'type' must match ^[A-Z][A-Z0-9_]*$, got "1ST")"},
      {EdgeRecord(R"({"from": "a", "type": "_A", "to": "a"})"), "edge #1: 'type' must match"},
      {EdgeRecord(R"({"from": "a", "type": "LOCATED-IN", "to": "a"})"), "edge #1: 'type' must match"},
      {EdgeRecord(R"({"from": "a", "type": "LOCATED IN", "to": "a"})"), "edge #1: 'type' must match"},
      {EdgeRecord(R"({"from": "a", "type": "ÉTÉ", "to": "a"})"), "edge #1: 'type' must match"},
      {EdgeRecord(R"({"from": "a", "type": "", "to": "a"})"), "edge #1: 'type' must not be empty"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "date": 2025})"), "edge #1: 'date' must be a string, got a number"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "date": "2025-13"})"),
       R"(edge #1: 'date' must be YYYY, YYYY-MM, YYYY-MM-DD or START/END of those, got "2025-13")"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "date": "2025-02-29"})"), R"(edge #1: 'date' must be YYYY)"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "date": "2025-06-13/2025-06-07"})"), R"(edge #1: 'date' must be YYYY)"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "date": "June 2025"})"), R"(edge #1: 'date' must be YYYY)"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "date": ""})"), R"(edge #1: 'date' must be YYYY)"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "attrs": "x"})"), "edge #1: 'attrs' must be an object, got a string"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "key": 17})"), "edge #1: 'key' must be a string, got a number"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "key": "a\u0001"})"), "edge #1: 'key' must be UTF-8 text"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "key": ")" + std::string(257, 'k') + R"("})"),
       "edge #1: 'key' is longer than 256 bytes"},
      {EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "attrs": {"k": {}}})"),
       "edge #1: attrs.k must be a string, number or boolean, got an object"},
  });
}

TEST_CASE("Record versions: integers, or RFC 3339 UTC timestamps as Unix seconds", "[ingest][record_parser]") {
  struct Case {
    std::string json;
    int64_t seconds;
  };
  for (const auto& c : std::vector<Case>{{"7", 7},
                                         {"-3", -3},
                                         {"0", 0},
                                         {"9223372036854775807", INT64_MAX},
                                         {R"("2025-06-20T08:14:03Z")", 1750407243},
                                         {R"("2025-06-20t08:14:03z")", 1750407243},
                                         {R"("2025-06-20T08:14:03.999Z")", 1750407243},
                                         {R"("2025-06-20T08:14:03+00:00")", 1750407243},
                                         {R"("1970-01-01T00:00:00Z")", 0},
                                         {R"("1969-12-31T23:59:59Z")", -1},
                                         {R"("2024-02-29T00:00:00Z")", 1709164800}}) {
    CAPTURE(c.json);
    Record r;
    KG_REQUIRE_OK(ParseRecord(R"({"record": "r", "version": )" + c.json + R"(, "nodes": [{"id": "a", "kind": "actor"}]})", &r));
    REQUIRE(r.version == c.seconds);
  }
  Record r;
  KG_REQUIRE_OK(ParseRecord(NodeRecord(R"({"id": "a", "kind": "actor"})"), &r));
  REQUIRE_FALSE(r.version);
  auto with = [](const std::string& v) {
    return R"({"record": "r", "version": )" + v + R"(, "nodes": [{"id": "a", "kind": "actor"}]})";
  };
  RequireRefused({
      {with("1.5"), "'version' must be an integer or an RFC 3339 UTC timestamp"},
      {with("true"), "'version' must be an integer or an RFC 3339 UTC timestamp like \"2025-06-20T08:14:03Z\", got a boolean"},
      {with("[1]"), "'version' must be an integer"},
      {with("18446744073709551615"), "'version' must be an integer"},
      {with(R"("2025-06-20")"), R"(got "2025-06-20")"},
      {with(R"("2025-06-20T08:14:03")"), "'version' must be"},
      {with(R"("2025-06-20T08:14:03+02:00")"), "'version' must be"},
      {with(R"("2025-02-29T08:14:03Z")"), "'version' must be"},
      {with(R"("2025-06-20T24:00:00Z")"), "'version' must be"},
      {with(R"("2025-06-20T08:14:03.Z")"), "'version' must be"},
      {with(R"("12")"), "'version' must be"},
      {with(R"("")"), "'version' must be"},
  });
}

TEST_CASE("same_as: a list of node ids or names", "[ingest][record_parser]") {
  Record r;
  KG_REQUIRE_OK(ParseRecord(NodeRecord(R"({"id": "a", "kind": "actor", "same_as": ["b", "Al-Qaïda", ")" +
                                       std::string(256, 'x') + R"("]})"),
                            &r));
  REQUIRE(r.nodes.at(0).same_as == std::vector<std::string>{"b", "Al-Qaïda", std::string(256, 'x')});
  KG_REQUIRE_OK(ParseRecord(NodeRecord(R"({"id": "a", "kind": "actor", "same_as": []})"), &r));
  REQUIRE(r.nodes.at(0).same_as.empty());
  RequireRefused({
      {NodeRecord(R"({"id": "a", "same_as": "b"})"), R"(node #1 "a": 'same_as' must be an array of strings, got a string)"},
      {NodeRecord(R"({"id": "a", "same_as": [""]})"), R"(node #1 "a": 'same_as' must not be empty)"},
      {NodeRecord(R"({"id": "a", "same_as": [3]})"), R"(node #1 "a": 'same_as' must be a string, got a number)"},
      {NodeRecord(R"({"id": "a", "same_as": ["b\u0007"]})"), R"('same_as' must be UTF-8 text)"},
      {NodeRecord(R"({"id": "a", "same_as": [")" + std::string(257, 'x') + R"("]})"),
       "'same_as' holds a name longer than 256 bytes"},
  });
  Record built;
  built.id = "r";
  NodeDecl n;
  n.id = "a";
  n.kind = NodeKind::kActor;
  n.same_as = {""};
  built.nodes = {n};
  REQUIRE(ValidateRecord(built).IsInvalidArgument());
}

TEST_CASE("Accepted: edge keys up to 256 bytes, an empty key is none", "[ingest][record_parser]") {
  for (const std::string& key : {std::string("MLI1234"), std::string(256, 'k'), std::string("é 1/2"), std::string()}) {
    Record r;
    KG_REQUIRE_OK(ParseRecord(EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "key": ")" + key + R"("})"), &r));
    REQUIRE(r.edges.at(0).key == key);
  }
  Record r;
  KG_REQUIRE_OK(ParseRecord(EdgeRecord(R"({"from": "a", "type": "A", "to": "a"})"), &r));
  REQUIRE(r.edges.at(0).key.empty());
}

TEST_CASE("Accepted: every edge type of the contract's examples and every date form", "[ingest][record_parser]") {
  for (std::string type : {"ATTACKED", "STRUCK", "LOCATED_IN", "AFFILIATED_WITH", "ALLIED_WITH", "OPERATES_IN",
                           "CONTROLS", "A", "A1", "G5_SAHEL_"}) {
    Record r;
    CAPTURE(type);
    KG_CHECK_OK(ParseRecord(EdgeRecord(R"({"from": "a", "type": ")" + type + R"(", "to": "a"})"), &r));
  }
  for (std::string date : {"2025", "2025-06", "2025-06-12", "2025-06-07/2025-06-13", "2024/2025", "2024-02-29"}) {
    Record r;
    CAPTURE(date);
    KG_CHECK_OK(ParseRecord(EdgeRecord(R"({"from": "a", "type": "A", "to": "a", "date": ")" + date + R"("})"), &r));
    CHECK(r.edges.at(0).date.text == date);
  }
}

TEST_CASE("Error messages quote input safely", "[ingest][record_parser]") {
  Record r;
  // A long, quote-laden kind is cut and escaped in the message.
  std::string kind = std::string(200, 'k') + "\\\"";
  Status s = ParseRecord(NodeRecord(R"({"id": "x", "kind": ")" + kind + R"("})"), &r);
  REQUIRE(s.IsInvalidArgument());
  REQUIRE(s.message().size() < 200);
  REQUIRE(s.message().find("...") != std::string::npos);
  REQUIRE(s.message().find('\n') == std::string::npos);
}

TEST_CASE("ValidateRecord applies the same rules to records built in code", "[ingest][record_parser]") {
  Record r;
  r.id = "r";
  NodeDecl n;
  n.id = "x";
  n.kind = NodeKind::kActor;
  r.nodes.push_back(n);
  EdgeDecl e;
  e.from = "x";
  e.type = "ALLIED_WITH";
  e.to = "x";
  r.edges.push_back(e);
  KG_REQUIRE_OK(ValidateRecord(r));

  auto refused = [](Record bad, const std::string& part) {
    Status s = ValidateRecord(bad);
    CAPTURE(part, s.ToString());
    CHECK(s.IsInvalidArgument());
    CHECK(s.message().find(part) != std::string::npos);
  };
  Record bad = r;
  bad.id = "";
  refused(bad, "'record' must not be empty");
  bad = r;
  bad.id = "a\x01";
  refused(bad, "'record' must be UTF-8 text");
  bad = r;
  bad.nodes.clear();
  bad.edges.clear();
  refused(bad, "at least one node or edge");
  bad = r;
  bad.nodes[0].id = std::string(257, 'x');
  refused(bad, "node #1: 'id' must be non-empty text of at most 256 bytes");
  bad = r;
  bad.nodes[0].id = "\xff";
  refused(bad, "node #1: 'id'");
  bad = r;
  bad.nodes[0].coords = std::make_pair(1.0, 2.0);
  refused(bad, "node #1 \"x\": 'coords' are for locations only");
  bad = r;
  bad.edges[0].type = "allied";
  refused(bad, "edge #1: 'type' must match");
  bad = r;
  bad.edges[0].to = "";
  refused(bad, "edge #1: 'from' and 'to' must not be empty");
}

}  // namespace
}  // namespace kg::test
