// identity.h's rules, and GraphWriter's merges under them (CONTRACT.md
// "Judgements"): dataset places merge only within one region or 25 km,
// actors only with agreeing roles, never within one dataset; a hand-coded
// node absorbs the dataset's nodes whichever came first; same_as merges;
// and the same records in any order give the same graph.
#include "graph/identity.h"

#include <algorithm>
#include <random>
#include <sstream>

#include "graph/normalize.h"
#include "graph/value_codec.h"
#include "graph/writer.h"
#include "test_util.h"

namespace kg::test {
namespace {

// ---------------------------------------------------------------- the rules

MatchFacts Place(std::string id, std::string level_class, std::vector<std::string> regions,
                 std::optional<std::pair<double, double>> coords = std::nullopt) {
  MatchFacts f;
  f.id = std::move(id);
  f.kind = NodeKind::kLocation;
  f.dataset = DatasetOf(f.id);
  f.has_match = !f.dataset.empty();
  f.level_class = std::move(level_class);
  f.regions = std::move(regions);
  f.coords = coords;
  return f;
}

TEST_CASE("DatasetMatch: places by region or 25 km, same level class, never within a dataset", "[graph][identity]") {
  MatchFacts kita_kayes = Place("acled:place:mali/kayes/kita", "place", {"kayes"});
  MatchFacts kita_mopti = Place("kita", "place", {"mopti"});
  MatchFacts kita_hand = Place("kita-k", "place", {"kayes"});
  CHECK_FALSE(DatasetMatch(kita_kayes, kita_mopti));
  CHECK(DatasetMatch(kita_kayes, kita_hand));
  CHECK(DatasetMatch(kita_hand, kita_kayes));
  // Same dataset: never, even in one region.
  CHECK_FALSE(DatasetMatch(kita_kayes, Place("acled:place:mali/kayes/bafoulabe/kita", "place", {"kayes"})));
  // Two hand-coded nodes: only same_as merges them.
  CHECK_FALSE(DatasetMatch(kita_hand, Place("kita-2", "place", {"kayes"})));
  // A region and a town of its name are not one place.
  CHECK_FALSE(DatasetMatch(Place("acled:place:mali/tombouctou", "region", {"tombouctou"}),
                           Place("tombouctou-ville", "place", {"tombouctou"})));
  CHECK(DatasetMatch(Place("acled:place:mali/tombouctou", "region", {"tombouctou"}),
                     Place("tombouctou", "region", {"tombouctou"})));
  // Coords: within 25 km, whatever the regions say.
  MatchFacts a = Place("acled:place:x", "place", {}, std::make_pair(14.73, -1.61));
  CHECK(DatasetMatch(a, Place("b", "place", {"other"}, std::make_pair(14.80, -1.60))));    // ~8 km
  CHECK_FALSE(DatasetMatch(a, Place("c", "place", {"other"}, std::make_pair(15.73, -1.61))));  // ~111 km
  CHECK_FALSE(DatasetMatch(a, Place("d", "place", {})));  // neither region nor coords
}

TEST_CASE("DatasetMatch: actors only when both roles are known and agree", "[graph][identity]") {
  auto actor = [](std::string id, std::string role) {
    MatchFacts f;
    f.id = std::move(id);
    f.kind = NodeKind::kActor;
    f.dataset = DatasetOf(f.id);
    f.has_match = !f.dataset.empty();
    f.role = std::move(role);
    return f;
  };
  CHECK(DatasetMatch(actor("acled:actor:x", "state_forces"), actor("x", "state_forces")));
  CHECK_FALSE(DatasetMatch(actor("acled:actor:x", "state_forces"), actor("x", "rebel_group")));
  CHECK_FALSE(DatasetMatch(actor("acled:actor:x", ""), actor("x", "")));
  CHECK_FALSE(DatasetMatch(actor("acled:actor:x", "state_forces"), actor("x", "")));
  CHECK(DatasetMatch(actor("ucdp:actor:government of mali", "state_forces"),
                     actor("acled:actor:military forces of mali", "state_forces")));
}

TEST_CASE("Canonical node: hand-coded first, then the smaller id", "[graph][identity]") {
  MatchFacts hand = Place("tombouctou", "region", {}), acled = Place("acled:place:t", "region", {}),
             ucdp = Place("ucdp:place:t", "region", {});
  CHECK(PreferAsCanonical(hand, acled));
  CHECK_FALSE(PreferAsCanonical(acled, hand));
  CHECK(PreferAsCanonical(acled, ucdp));
  CHECK_FALSE(PreferAsCanonical(ucdp, acled));
}

TEST_CASE("DistanceKm", "[graph][identity]") {
  CHECK(DistanceKm({0, 0}, {0, 0}) == 0);
  CHECK(std::abs(DistanceKm({0, 0}, {1, 0}) - 111.2) < 0.5);
  CHECK(std::abs(DistanceKm({14.49, -4.19}, {12.64, -8.0}) - 455) < 10);  // Mopti - Bamako
}

// ---------------------------------------------------------------- the writer

NodeDecl DatasetPlace(const std::string& dataset, const std::string& path, const std::string& name,
                      const std::string& level, const std::string& region,
                      std::optional<std::pair<double, double>> coords = std::nullopt) {
  NodeDecl d;
  d.id = dataset + ":place:" + path;
  d.kind = NodeKind::kLocation;
  d.name = name;
  d.attrs["level"] = level;
  d.coords = coords;
  d.match = NodeDecl::Match{dataset, region, ""};
  return d;
}

NodeDecl DatasetActor(const std::string& dataset, const std::string& name, const std::string& role) {
  NodeDecl d;
  d.id = dataset + ":actor:" + name;
  d.kind = NodeKind::kActor;
  d.name = name;
  d.match = NodeDecl::Match{dataset, "", role};
  return d;
}

EdgeDecl MakeEdge(const std::string& from, const std::string& type, const std::string& to, const std::string& date = "") {
  EdgeDecl e;
  e.from = from;
  e.type = type;
  e.to = to;
  if (!date.empty()) REQUIRE(ParseDateRange(date, &e.date));
  return e;
}

// One ACLED-like event: actor STRUCK a locality, which lies in an admin1.
Record Event(int n, const std::string& admin1, const std::string& locality, const std::string& actor = "Militia",
             const std::string& role = "identity_militia") {
  Record r;
  r.id = "acled-" + std::to_string(n);
  std::string a1 = NormalizeName(admin1), loc = NormalizeName(locality);
  r.nodes.push_back(DatasetPlace("acled", "mali/" + a1, admin1, "admin1", admin1));
  r.nodes.push_back(DatasetPlace("acled", "mali/" + a1 + "/" + loc, locality, "locality", admin1));
  r.nodes.push_back(DatasetActor("acled", actor, role));
  r.edges.push_back(MakeEdge(r.nodes[1].id, "LOCATED_IN", r.nodes[0].id));
  r.edges.push_back(MakeEdge(r.nodes[2].id, "STRUCK", r.nodes[1].id, "2020-01-" + std::string(n < 10 ? "0" : "") +
                                                                         std::to_string(n)));
  return r;
}

class MergeFixture : public TempStore {
 protected:
  Status ApplyRecord(const Record& r) { return writer().Apply(r); }
  std::string Canonical(std::string_view id) {
    NodeId nid;
    Status s = reader().FindNode(id, &nid);
    if (!s.ok()) return "error: " + s.ToString();
    Node n;
    KG_REQUIRE_OK(reader().GetNode(nid, &n));
    return n.id;
  }
  bool ResolveIs(std::string_view text, std::string_view id) {
    NodeId nid;
    Status s = reader().Resolve(text, &nid);
    INFO(text << ": " << s.ToString());
    if (!s.ok()) return false;
    Node n;
    KG_REQUIRE_OK(reader().GetNode(nid, &n));
    return n.id == id;
  }
  size_t NodesNamed(std::string_view name) {
    std::vector<NodeId> nids;
    KG_REQUIRE_OK(reader().LookupName(NormalizeName(name), &nids));
    return nids.size();
  }
  void RequireSound() {
    KG_REQUIRE_OK(Commit());
    auto v = Violations(reader());
    INFO(Dump(reader()));
    for (const auto& line : v) UNSCOPED_INFO(line);
    REQUIRE(v.empty());
  }
};

const char* kSeedMopti = R"({"record": "seed", "nodes": [
  {"id": "mopti", "kind": "location", "name": "Mopti", "attrs": {"level": "region"}},
  {"id": "kita", "kind": "location", "name": "Kita", "attrs": {"level": "locality"}}],
 "edges": [{"from": "kita", "type": "LOCATED_IN", "to": "mopti"}]})";

TEST_CASE_METHOD(MergeFixture, "Same-named places in two regions stay apart, in either order", "[graph][identity]") {
  bool seed_first = GENERATE(true, false);
  CAPTURE(seed_first);
  if (seed_first) KG_REQUIRE_OK(ApplyAll(kSeedMopti));
  KG_REQUIRE_OK(ApplyRecord(Event(1, "Kayes", "Kita")));
  if (!seed_first) KG_REQUIRE_OK(ApplyAll(kSeedMopti));
  CHECK(Canonical("acled:place:mali/kayes/kita") == "acled:place:mali/kayes/kita");
  CHECK(Canonical("kita") == "kita");
  CHECK(NodesNamed("Kita") == 2);
  RequireSound();
}

TEST_CASE_METHOD(MergeFixture, "A dataset place merges with a node in its region, or within 25 km",
                 "[graph][identity]") {
  bool seed_first = GENERATE(true, false);
  CAPTURE(seed_first);
  const char* seed = R"({"record": "seed", "nodes": [
    {"id": "kayes", "kind": "location", "name": "Kayes", "attrs": {"level": "region"}},
    {"id": "kita", "kind": "location", "name": "Kita", "attrs": {"level": "locality"}},
    {"id": "boulkessi", "kind": "location", "name": "Boulkessi", "coords": [14.73, -1.61]},
    {"id": "hombori", "kind": "location", "name": "Hombori", "coords": [15.28, -1.70]}],
   "edges": [{"from": "kita", "type": "LOCATED_IN", "to": "kayes"}]})";
  Record near;
  near.id = "acled-near";
  near.nodes.push_back(DatasetPlace("acled", "mali/mopti/douentza/boulkessi", "Boulkessi", "locality", "Mopti",
                                    std::make_pair(14.80, -1.60)));
  near.nodes.push_back(DatasetPlace("acled", "mali/tombouctou/gourma/hombori", "Hombori", "locality", "Tombouctou",
                                    std::make_pair(16.28, -1.70)));  // 111 km from the seed's
  if (seed_first) KG_REQUIRE_OK(ApplyAll(seed));
  KG_REQUIRE_OK(ApplyRecord(Event(1, "Kayes", "Kita")));
  KG_REQUIRE_OK(ApplyRecord(near));
  if (!seed_first) KG_REQUIRE_OK(ApplyAll(seed));
  CHECK(Canonical("acled:place:mali/kayes/kita") == "kita");
  CHECK(Canonical("acled:place:mali/kayes") == "kayes");
  CHECK(Canonical("acled:place:mali/mopti/douentza/boulkessi") == "boulkessi");
  CHECK(Canonical("acled:place:mali/tombouctou/gourma/hombori") == "acled:place:mali/tombouctou/gourma/hombori");
  CHECK(ResolveIs("Kita", "kita"));
  // The hand-coded node keeps its name and coords; the event's edge is its.
  NodeId kita;
  KG_REQUIRE_OK(reader().FindNode("kita", &kita));
  Node n;
  KG_REQUIRE_OK(reader().GetNode(kita, &n));
  CHECK(n.name == "Kita");
  std::vector<std::string> in;
  KG_REQUIRE_OK(reader().ForEachEdge(kita, EdgeFilter(), [&](const Edge& e) {
    in.push_back(e.type);
    return true;
  }));
  std::sort(in.begin(), in.end());
  CHECK(in == std::vector<std::string>{"LOCATED_IN", "STRUCK"});
  RequireSound();
}

TEST_CASE_METHOD(MergeFixture, "A hand-coded region absorbs every dataset event in it, before or after them",
                 "[graph][identity]") {
  const int n = 6;
  const int seed_at = GENERATE(0, 3, 6);  // how many events come before the seed
  CAPTURE(seed_at);
  const char* seed = R"({"record": "seed", "nodes": [
    {"id": "tombouctou", "kind": "location", "name": "Tombouctou", "attrs": {"level": "region"}}]})";
  const std::vector<std::string> towns = {"Goundam", "Tombouctou", "Ber", "Goundam", "Léré", "Tombouctou"};
  for (int i = 0; i <= n; ++i) {
    if (i == seed_at) KG_REQUIRE_OK(ApplyAll(seed));
    if (i < n) KG_REQUIRE_OK(ApplyRecord(Event(i + 1, "Tombouctou", towns[i])));
  }
  CHECK(Canonical("acled:place:mali/tombouctou") == "tombouctou");
  // The town of Tombouctou is not the region.
  CHECK(Canonical("acled:place:mali/tombouctou/tombouctou") == "acled:place:mali/tombouctou/tombouctou");
  CHECK(NodesNamed("Tombouctou") == 2);
  // Every event's place lies in the seed's region.
  NodeId region;
  KG_REQUIRE_OK(reader().FindNode("tombouctou", &region));
  EdgeFilter located;
  located.types = {"LOCATED_IN"};
  located.direction = Direction::kIn;
  std::vector<NodeId> places;
  KG_REQUIRE_OK(reader().Neighbors(region, located, &places));
  CHECK(places.size() == 4);  // Goundam, Tombouctou (town), Ber, Léré
  RequireSound();
}

TEST_CASE_METHOD(MergeFixture, "A state-forces actor never merges with a rebel group of its name", "[graph][identity]") {
  KG_REQUIRE_OK(ApplyAll(R"({"record": "seed", "nodes": [
    {"id": "fama", "kind": "actor", "name": "Forces armées maliennes", "aliases": ["FAMa"], "attrs": {"category": "state_forces"}},
    {"id": "gatia", "kind": "actor", "name": "GATIA"}]})"));
  KG_REQUIRE_OK(ApplyRecord(Event(1, "Gao", "Ansongo", "FAMa", "rebel_group")));
  KG_REQUIRE_OK(ApplyRecord(Event(2, "Gao", "Ansongo", "Forces armees maliennes", "state_forces")));
  KG_REQUIRE_OK(ApplyRecord(Event(3, "Gao", "Ansongo", "GATIA", "identity_militia")));  // no role on the seed
  CHECK(Canonical("acled:actor:FAMa") == "acled:actor:FAMa");
  CHECK(Canonical("acled:actor:Forces armees maliennes") == "fama");
  CHECK(Canonical("acled:actor:GATIA") == "acled:actor:GATIA");
  RequireSound();
}

TEST_CASE_METHOD(MergeFixture, "Names shared within one dataset never merge its nodes", "[graph][identity]") {
  KG_REQUIRE_OK(ApplyRecord(Event(1, "Kayes", "Kita")));
  KG_REQUIRE_OK(ApplyRecord(Event(2, "Kayes", "Kita")));
  Record other = Event(3, "Kayes", "Kita");
  other.nodes[1].id = "acled:place:mali/kayes/bafoulabe/kita";  // a second Kita in Kayes
  other.edges[0].from = other.edges[1].to = other.nodes[1].id;
  KG_REQUIRE_OK(ApplyRecord(other));
  CHECK(NodesNamed("Kita") == 2);
  RequireSound();
}

// The stored dataset actor's role comes from its stored NodeDecl::match.
TEST_CASE_METHOD(MergeFixture, "An alias declared after the dataset's import merges", "[graph][identity][codec]") {
  KG_REQUIRE_OK(ApplyAll(R"({"record": "seed", "nodes": [
    {"id": "fama", "kind": "actor", "name": "Forces armées maliennes", "attrs": {"category": "state_forces"}}]})"));
  KG_REQUIRE_OK(ApplyRecord(Event(1, "Gao", "Ansongo", "Military Forces of Mali", "state_forces")));
  CHECK(Canonical("acled:actor:Military Forces of Mali") == "acled:actor:Military Forces of Mali");
  KG_REQUIRE_OK(ApplyAll(R"({"record": "alias", "nodes": [{"id": "fama", "aliases": ["Military Forces of Mali"]}]})"));
  CHECK(Canonical("acled:actor:Military Forces of Mali") == "fama");
  // Later events of that actor go straight to it.
  KG_REQUIRE_OK(ApplyRecord(Event(2, "Gao", "Ansongo", "Military Forces of Mali", "state_forces")));
  CHECK(Canonical("acled:actor:Military Forces of Mali") == "fama");
  RequireSound();
}

TEST_CASE_METHOD(MergeFixture, "same_as merges the named stored nodes into the declaring node", "[graph][identity]") {
  KG_REQUIRE_OK(ApplyAll(R"({"record": "a", "nodes": [{"id": "gov", "kind": "actor", "name": "Government of Mali"},
      {"id": "bko", "kind": "location"}], "edges": [{"from": "gov", "type": "OPERATES_IN", "to": "bko"}]})"));
  Record b;
  KG_REQUIRE_OK(ParseRecord(R"({"record": "b", "nodes": [{"id": "state", "kind": "actor", "name": "Malian State"}],
      "edges": [{"from": "state", "type": "CONTROLS", "to": "bko"}]})", &b));
  b.nodes[0].same_as = {"Government of Mali"};
  KG_REQUIRE_OK(ApplyRecord(b));
  CHECK(Canonical("gov") == "state");
  CHECK(Canonical("state") == "state");
  CHECK(ResolveIs("Government of Mali", "state"));
  NodeId state;
  KG_REQUIRE_OK(reader().FindNode("state", &state));
  std::vector<std::string> types;
  KG_REQUIRE_OK(reader().ForEachEdge(state, EdgeFilter(), [&](const Edge& e) {
    types.push_back(e.type);
    return true;
  }));
  std::sort(types.begin(), types.end());
  CHECK(types == std::vector<std::string>{"CONTROLS", "OPERATES_IN"});
  RequireSound();
}

// Dump with every list that depends on ingestion order sorted: what must
// not depend on the order of the records.
std::string OrderFreeDump(const GraphReader& r) {
  std::vector<std::string> lines;
  for (std::string line : SplitLines(Dump(r))) {
    for (std::string_view marker : {"aliases=[", "records=[", "sources=["}) {
      size_t at = line.find(marker);
      if (at == std::string::npos) continue;
      size_t begin = at + marker.size(), end = line.find(']', begin);
      std::vector<std::string> items;
      std::stringstream ss(line.substr(begin, end - begin));
      for (std::string item; std::getline(ss, item, ',');) items.push_back(item);
      std::sort(items.begin(), items.end());
      std::string joined;
      for (size_t i = 0; i < items.size(); ++i) joined += (i ? "," : "") + items[i];
      line = line.substr(0, begin) + joined + line.substr(end);
    }
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST_CASE("Every order of the same records gives the same graph", "[graph][identity]") {
  std::vector<Record> records;
  auto parse = [&](const char* json) {
    Record r;
    KG_REQUIRE_OK(ParseRecord(json, &r));
    records.push_back(r);
  };
  parse(R"({"record": "seed", "nodes": [
    {"id": "tombouctou", "kind": "location", "name": "Tombouctou", "attrs": {"level": "region"}},
    {"id": "goundam", "kind": "location", "name": "Goundam", "attrs": {"level": "locality"}},
    {"id": "mali", "kind": "location", "name": "Mali", "attrs": {"level": "country"}}],
   "edges": [{"from": "goundam", "type": "LOCATED_IN", "to": "tombouctou"},
             {"from": "tombouctou", "type": "LOCATED_IN", "to": "Mali"}]})");
  records.push_back(Event(1, "Tombouctou", "Goundam"));
  records.push_back(Event(2, "Tombouctou", "Tombouctou"));
  Record ucdp;
  ucdp.id = "ucdp-1";
  ucdp.nodes.push_back(DatasetPlace("ucdp", "mali/tombouctou", "Tombouctou", "admin1", "Tombouctou"));
  ucdp.nodes.push_back(DatasetPlace("ucdp", "mali/tombouctou/goundam", "Goundam", "locality", "Tombouctou"));
  ucdp.nodes.push_back(DatasetPlace("ucdp", "mali", "Mali", "country", ""));
  ucdp.edges.push_back(MakeEdge(ucdp.nodes[1].id, "LOCATED_IN", ucdp.nodes[0].id));
  ucdp.edges.push_back(MakeEdge(ucdp.nodes[0].id, "LOCATED_IN", ucdp.nodes[2].id));
  records.push_back(ucdp);

  std::vector<size_t> order(records.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::string first;
  int runs = 0;
  do {
    TempStore s;
    for (size_t i : order) KG_REQUIRE_OK(s.writer().Apply(records[i]));
    KG_REQUIRE_OK(s.Commit());
    REQUIRE(Violations(s.reader()).empty());
    std::string dump = OrderFreeDump(s.reader());
    if (first.empty()) first = dump;
    CAPTURE(order);
    REQUIRE(dump == first);
    ++runs;
  } while (std::next_permutation(order.begin(), order.end()));
  CHECK(runs == 24);
  // Everything about Tombouctou's region and the militia is one node each.
  CHECK(first.find("node acled:place:mali/tombouctou ") == std::string::npos);
  CHECK(first.find("node ucdp:place:mali/tombouctou ") == std::string::npos);
  // The seed names "Mali" in an edge: resolved after the dataset's "Mali" is
  // stored, it is the seed's own node, which absorbed the dataset's.
  CHECK(first.find("node ucdp:place:mali ") == std::string::npos);
}

// ---------------------------------------------------------------- undoing merges

Record Parsed(const char* json) {
  Record r;
  KG_REQUIRE_OK(TempStore::ParseRecordText(json, &r));
  return r;
}

// A fresh store of records, applied in this order.
std::string FreshDump(const std::vector<Record>& records) {
  TempStore fresh(FastTempBase());
  for (const auto& r : records) KG_REQUIRE_OK(fresh.writer().Apply(r));
  KG_REQUIRE_OK(fresh.Commit());
  return Dump(fresh.reader());
}

TEST_CASE_METHOD(MergeFixture, "Retracting or revising a same_as splits the nodes again", "[graph][identity]") {
  const Record a = Parsed(R"({"record": "a", "nodes": [{"id": "gov", "kind": "actor", "name": "Government of Mali"},
      {"id": "bko", "kind": "location"}], "edges": [{"from": "gov", "type": "OPERATES_IN", "to": "bko"}]})");
  const Record b = Parsed(R"({"record": "b", "nodes": [{"id": "state", "kind": "actor", "name": "Malian State",
      "same_as": ["Government of Mali"]}], "edges": [{"from": "state", "type": "CONTROLS", "to": "bko"},
      {"from": "gov", "type": "CONTROLS", "to": "bko"}]})");
  KG_REQUIRE_OK(ApplyRecord(a));
  KG_REQUIRE_OK(ApplyRecord(b));
  REQUIRE(Canonical("gov") == "state");
  SECTION("retracted") {
    KG_REQUIRE_OK(Retract("b"));
    CHECK(Canonical("gov") == "gov");
    CHECK(Canonical("state").rfind("error: ", 0) == 0);
    CHECK(Dump(reader()) == FreshDump({a}));
  }
  SECTION("revised without the judgement") {
    const Record b2 = Parsed(R"({"record": "b", "nodes": [{"id": "state", "kind": "actor", "name": "Malian State"}],
        "edges": [{"from": "state", "type": "CONTROLS", "to": "bko"}, {"from": "gov", "type": "CONTROLS", "to": "bko"}]})");
    KG_REQUIRE_OK(ApplyRecord(b2));
    CHECK(Canonical("gov") == "gov");
    CHECK(Canonical("state") == "state");
    // The two CONTROLS edges, one edge while the nodes were one, are two again.
    CHECK(DumpLines(reader(), "edge gov -CONTROLS-> bko").size() == 1);
    CHECK(DumpLines(reader(), "edge state -CONTROLS-> bko").size() == 1);
    CHECK(Dump(reader()) == FreshDump({a, b2}));
  }
  RequireSound();
}

TEST_CASE_METHOD(MergeFixture, "A same_as naming a node not stored yet merges it when it comes, by id or name",
                 "[graph][identity]") {
  const Record judge = Parsed(R"({"record": "judge", "nodes": [{"id": "state", "kind": "actor",
      "name": "Malian State", "same_as": ["Government of Mali", "fama"]}]})");
  const Record later = Parsed(R"({"record": "later", "nodes": [
      {"id": "gov", "kind": "actor", "name": "Government of Mali"}, {"id": "fama", "kind": "actor", "name": "FAMa"},
      {"id": "bko", "kind": "location"}], "edges": [{"from": "gov", "type": "OPERATES_IN", "to": "bko"},
      {"from": "fama", "type": "OPERATES_IN", "to": "bko"}]})");
  KG_REQUIRE_OK(ApplyRecord(judge));
  KG_REQUIRE_OK(ApplyRecord(later));
  CHECK(Canonical("gov") == "state");
  CHECK(Canonical("fama") == "state");
  // As if they had come first: one node, and one edge where two were.
  CHECK(DumpLines(reader(), "node ").size() == 2);
  CHECK(DumpLines(reader(), "edge state -OPERATES_IN-> bko").size() == 1);
  SECTION("retracting the judgement splits them") {
    KG_REQUIRE_OK(Retract("judge"));
    CHECK(Canonical("gov") == "gov");
    CHECK(Canonical("fama") == "fama");
    CHECK(Dump(reader()) == FreshDump({later}));
  }
  RequireSound();
}

TEST_CASE_METHOD(MergeFixture, "Retracting the hand-coded record a dataset node merged with splits them",
                 "[graph][identity]") {
  const Record seed = Parsed(R"({"record": "seed", "nodes": [
    {"id": "fama", "kind": "actor", "name": "FAMa", "aliases": ["Military Forces of Mali"],
     "attrs": {"category": "state_forces"}},
    {"id": "tombouctou", "kind": "location", "name": "Tombouctou", "attrs": {"level": "region"}}]})");
  const Record e1 = Event(1, "Tombouctou", "Goundam", "Military Forces of Mali", "state_forces");
  const Record e2 = Event(2, "Tombouctou", "Ber", "Military Forces of Mali", "state_forces");
  KG_REQUIRE_OK(ApplyRecord(e1));
  KG_REQUIRE_OK(ApplyRecord(seed));
  KG_REQUIRE_OK(ApplyRecord(e2));
  REQUIRE(Canonical("acled:actor:Military Forces of Mali") == "fama");
  REQUIRE(Canonical("acled:place:mali/tombouctou") == "tombouctou");
  SECTION("retracted") {
    KG_REQUIRE_OK(Retract("seed"));
    CHECK(Canonical("acled:actor:Military Forces of Mali") == "acled:actor:Military Forces of Mali");
    CHECK(Canonical("acled:place:mali/tombouctou") == "acled:place:mali/tombouctou");
    CHECK(Canonical("fama").rfind("error: ", 0) == 0);
    CHECK(Dump(reader()) == FreshDump({e1, e2}));
  }
  SECTION("revised: the alias that made the merge is gone") {
    const Record seed2 = Parsed(R"({"record": "seed", "nodes": [
      {"id": "fama", "kind": "actor", "name": "FAMa", "attrs": {"category": "state_forces"}},
      {"id": "tombouctou", "kind": "location", "name": "Tombouctou", "attrs": {"level": "region"}}]})");
    KG_REQUIRE_OK(ApplyRecord(seed2));
    CHECK(Canonical("acled:actor:Military Forces of Mali") == "acled:actor:Military Forces of Mali");
    CHECK(Canonical("acled:place:mali/tombouctou") == "tombouctou");
    CHECK(Dump(reader()) == FreshDump({e1, e2, seed2}));
  }
  SECTION("revised in what no merge rests on: nothing is taken apart") {
    Record e2b = e2;
    e2b.edges[1].attrs["fatalities"] = int64_t{4};
    KG_REQUIRE_OK(ApplyRecord(e2b));
    CHECK(Canonical("acled:actor:Military Forces of Mali") == "fama");
    CHECK(Dump(reader()) == FreshDump({e1, seed, e2b}));
  }
  RequireSound();
}

// A random history of hand-coded records (a judgement, an alias that makes a
// dataset actor the hand-coded one, a region and its places) and dataset
// events, with revisions and retractions, reads as a fresh store of the
// surviving records: merges that no longer stand are undone, and a
// judgement naming a node not stored yet merges it when it comes.
TEST_CASE("Merges follow the records that make them: a random history reads as a fresh store, now and at every past change",
          "[graph][identity]") {
  const Record base = Parsed(R"({"record": "base", "nodes": [
    {"id": "jnim", "kind": "actor", "name": "JNIM", "attrs": {"category": "rebel_group"}},
    {"id": "gsim", "kind": "actor", "name": "GSIM"}]})");
  const std::vector<std::vector<Record>> variants = {
      {base},
      {Parsed(R"({"record": "judge", "nodes": [{"id": "gsim", "kind": "actor", "same_as": ["jnim"]}]})"),
       Parsed(R"({"record": "judge", "nodes": [{"id": "jnim", "kind": "actor", "aliases": ["Nusrat"], "same_as": ["GSIM"]}]})"),
       Parsed(R"({"record": "judge", "nodes": [{"id": "gsim", "kind": "actor", "aliases": ["Group for Islam"]}]})"),
       Parsed(R"({"record": "judge", "nodes": [{"id": "gsim", "kind": "actor", "name": "GSIM", "same_as": ["JNIM"]}]})")},
      {Parsed(R"({"record": "seed-fama", "nodes": [{"id": "fama", "kind": "actor", "name": "FAMa",
          "aliases": ["Military Forces of Mali"], "attrs": {"category": "state_forces"}}]})"),
       Parsed(R"({"record": "seed-fama", "nodes": [{"id": "fama", "kind": "actor", "name": "FAMa",
          "attrs": {"category": "state_forces", "note": "no alias"}}]})")},
      {Parsed(R"({"record": "seed-places", "nodes": [
          {"id": "tombouctou", "kind": "location", "name": "Tombouctou", "attrs": {"level": "region"}},
          {"id": "goundam", "kind": "location", "name": "Goundam", "attrs": {"level": "locality"}}],
          "edges": [{"from": "goundam", "type": "LOCATED_IN", "to": "tombouctou"}]})"),
       Parsed(R"({"record": "seed-places", "nodes": [
          {"id": "tombouctou", "kind": "location", "name": "Tombouctou", "attrs": {"level": "region"}}]})"),
       Parsed(R"({"record": "seed-places", "nodes": [
          {"id": "goundam", "kind": "location", "name": "Goundam", "attrs": {"level": "locality"}}]})")},
  };
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
    TempStore store;
    KG_REQUIRE_OK(store.writer().Apply(base));
    std::vector<Record> live = {base};  // by ingestion order
    std::vector<std::string> steps;
    ChangesSeen<std::vector<Record>> seen;
    auto end_change = [&] { steps.push_back("change " + std::to_string(seen.End(store, live))); };
    auto& live_at = seen.model;
    auto& dump_at = seen.dump;
    for (int step = 0; step < 30; ++step) {
      if (pick(2) == 0) end_change();
      if (pick(4) == 0 && !live.empty()) {
        const size_t i = pick(live.size());
        steps.push_back("retract " + live[i].id);
        KG_REQUIRE_OK(store.Retract(live[i].id));
        live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      Record r;
      if (pick(2) == 0) {
        const auto& v = variants[pick(variants.size())];
        r = v[pick(v.size())];
      } else {
        const char* localities[] = {"Goundam", "Ber", "Tombouctou"};
        r = pick(2) ? Event(static_cast<int>(1 + pick(5)), "Tombouctou", localities[pick(3)],
                            "Military Forces of Mali", "state_forces")
                    : Event(static_cast<int>(1 + pick(5)), "Tombouctou", localities[pick(3)], "JNIM", "rebel_group");
        if (pick(2)) r.edges[1].attrs["fatalities"] = static_cast<int64_t>(pick(4));
      }
      steps.push_back("apply " + r.id);
      KG_REQUIRE_OK(store.writer().Apply(r));
      auto it = std::find_if(live.begin(), live.end(), [&](const Record& l) { return l.id == r.id; });
      if (it != live.end()) {
        if (HashRecord(*it) == HashRecord(r)) continue;  // unchanged: keeps its place
        live.erase(it);
      }
      live.push_back(r);
    }
    CAPTURE(steps);
    KG_REQUIRE_OK(store.Commit());
    REQUIRE(Dump(store.reader()) == FreshDump(live));
    REQUIRE(Violations(store.reader()).empty());
    // And the graph at every past change, as the history rebuilds it.
    end_change();
    // Change 0, the latest, and a few others (each past is a store built and
    // synced: all of them would make the suite slow).
    std::vector<uint64_t> sample = {0, live_at.rbegin()->first};
    for (int i = 0; i < 4; ++i) {
      auto it = live_at.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(pick(live_at.size())));
      sample.push_back(it->first);
    }
    for (uint64_t change : sample) {
      const auto& records = live_at.at(change);
      CAPTURE(change);
      const std::string past = PastDump(store.reader(), change);
      REQUIRE(past == dump_at.at(change));
      REQUIRE(past == FreshDump(records));
    }
  }
}

}  // namespace
}  // namespace kg::test
