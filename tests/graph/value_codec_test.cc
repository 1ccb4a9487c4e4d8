// value_codec: stored values read back as written, and malformed bytes are
// refused (false), never a crash or an endless loop.
#include "graph/value_codec.h"

#include <cmath>
#include <limits>
#include <random>

#include "test_util.h"

namespace kg::test {
namespace {

Attrs EveryAttrType() {
  return Attrs{{"s", std::string("fuel depot")},
               {"empty", std::string()},
               {"utf8", std::string("Forces armées maliennes ’")},
               {"nul", std::string("a\0b", 3)},
               {"zero", int64_t{0}},
               {"neg", int64_t{-5}},
               {"min", std::numeric_limits<int64_t>::min()},
               {"max", std::numeric_limits<int64_t>::max()},
               {"d", 0.5},
               {"negd", -1e300},
               {"tiny", 5e-324},
               {"negzero", -0.0},
               {"t", true},
               {"f", false}};
}

Node SampleNode() {
  Node n;
  n.id = "fama";
  n.kind = NodeKind::kActor;
  n.name = "Forces armées maliennes";
  n.aliases = {"FAMa", "Fama", ""};
  n.attrs = EveryAttrType();
  return n;
}

Edge SampleEdge() {
  Edge e;
  e.attrs = EveryAttrType();
  e.sources = {1, 2, 300, 1ull << 40, std::numeric_limits<uint64_t>::max()};
  return e;
}

StoredRecord SampleRecord() {
  StoredRecord r;
  r.id = "lemali-2025-06-13";
  r.seq = 42;
  r.hash = 0xfedcba9876543210ull;
  r.source = {"Contre-offensive des FAMa", "https://example.org/a", "2025-06-13", "", "fr"};
  NodeDecl a;
  a.id = "fama";
  a.kind = NodeKind::kActor;
  a.name = "Forces armées maliennes";
  a.aliases = {"FAMa"};
  a.attrs = {{"category", std::string("state_forces")}};
  NodeDecl b;
  b.id = "boulkessi";  // no kind, no name: left out by the record
  b.coords = std::make_pair(14.73, -1.61);
  b.match_existing = true;
  b.same_as = {"Boulkessi camp", "acled:location:boulkessi"};
  b.match = NodeDecl::Match{"acled", "mopti", ""};
  NodeDecl c;
  c.id = "jnim";
  c.match = NodeDecl::Match{"ucdp", "", "rebel_group"};
  r.nodes = {a, b, c};
  r.version = -1750407243;
  StoredRecord::ResolvedEdge e;
  e.from = 1;
  e.to = std::numeric_limits<uint64_t>::max();
  e.type = "STRUCK";
  REQUIRE(ParseDateRange("2025-06-07/2025-06-13", &e.date));
  e.key = std::string("MLI\0\xff", 5);
  e.attrs = EveryAttrType();
  StoredRecord::ResolvedEdge undated;
  undated.from = 2;
  undated.to = 3;
  undated.type = "LOCATED_IN";
  r.edges = {e, undated};
  return r;
}

void RequireSameAttrs(const Attrs& a, const Attrs& b) {
  REQUIRE(a.size() == b.size());
  for (const auto& [k, v] : a) {
    CAPTURE(k);
    auto it = b.find(k);
    REQUIRE(it != b.end());
    REQUIRE(v.index() == it->second.index());
    if (const auto* d = std::get_if<double>(&v)) {
      double other = std::get<double>(it->second);
      REQUIRE(std::memcmp(d, &other, sizeof other) == 0);  // bit for bit, -0.0 included
    } else {
      REQUIRE(v == it->second);
    }
  }
}

void RequireSameDecl(const NodeDecl& a, const NodeDecl& b) {
  REQUIRE(a.id == b.id);
  REQUIRE(a.kind == b.kind);
  REQUIRE(a.name == b.name);
  REQUIRE(a.aliases == b.aliases);
  RequireSameAttrs(a.attrs, b.attrs);
  REQUIRE(a.coords == b.coords);
  REQUIRE(a.match_existing == b.match_existing);
  REQUIRE(a.same_as == b.same_as);
  REQUIRE(a.match.has_value() == b.match.has_value());
  if (a.match) {
    REQUIRE(a.match->dataset == b.match->dataset);
    REQUIRE(a.match->region == b.match->region);
    REQUIRE(a.match->role == b.match->role);
  }
}

TEST_CASE("Node values round trip", "[graph][value_codec]") {
  Node n = SampleNode();
  std::string v;
  EncodeNode(n, &v);
  Node back;
  REQUIRE(DecodeNode(v, &back));
  REQUIRE(back.id == n.id);
  REQUIRE(back.kind == n.kind);
  REQUIRE(back.name == n.name);
  REQUIRE(back.aliases == n.aliases);
  RequireSameAttrs(back.attrs, n.attrs);
  REQUIRE_FALSE(back.coords);

  Node loc;
  loc.id = "boulkessi";
  loc.kind = NodeKind::kLocation;
  loc.name = "Boulkessi";
  loc.coords = std::make_pair(-90.0, 180.0);
  v.clear();
  EncodeNode(loc, &v);
  REQUIRE(DecodeNode(v, &back));  // decoding overwrites every field
  REQUIRE(back.id == "boulkessi");
  REQUIRE(back.kind == NodeKind::kLocation);
  REQUIRE(back.aliases.empty());
  REQUIRE(back.attrs.empty());
  REQUIRE(back.coords == std::make_pair(-90.0, 180.0));
}

TEST_CASE("Edge values round trip attrs and sources", "[graph][value_codec]") {
  Edge e = SampleEdge();
  std::string v;
  EncodeEdgeValue(e, &v);
  Edge back;
  REQUIRE(DecodeEdgeValue(v, &back));
  RequireSameAttrs(back.attrs, e.attrs);
  REQUIRE(back.sources == e.sources);

  Edge empty;
  v.clear();
  EncodeEdgeValue(empty, &v);
  REQUIRE(DecodeEdgeValue(v, &back));
  REQUIRE(back.attrs.empty());
  REQUIRE(back.sources.empty());
}

TEST_CASE("Stored records round trip", "[graph][value_codec]") {
  StoredRecord r = SampleRecord();
  std::string v;
  EncodeRecord(r, &v);
  StoredRecord back;
  REQUIRE(DecodeRecord(v, &back));
  REQUIRE(back.id == r.id);
  REQUIRE(back.seq == r.seq);
  REQUIRE(back.hash == r.hash);
  REQUIRE(back.version == r.version);
  REQUIRE(back.source.title == r.source.title);
  REQUIRE(back.source.url == r.source.url);
  REQUIRE(back.source.published == r.source.published);
  REQUIRE(back.source.publisher.empty());
  REQUIRE(back.source.lang == "fr");
  REQUIRE(back.nodes.size() == 3);
  for (size_t i = 0; i < 3; ++i) RequireSameDecl(back.nodes[i], r.nodes[i]);
  REQUIRE(back.edges.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    REQUIRE(back.edges[i].from == r.edges[i].from);
    REQUIRE(back.edges[i].to == r.edges[i].to);
    REQUIRE(back.edges[i].type == r.edges[i].type);
    REQUIRE(back.edges[i].date.text == r.edges[i].date.text);
    REQUIRE(back.edges[i].date.first == r.edges[i].date.first);
    REQUIRE(back.edges[i].date.last == r.edges[i].date.last);
    REQUIRE(back.edges[i].key == r.edges[i].key);
    RequireSameAttrs(back.edges[i].attrs, r.edges[i].attrs);
  }
}

TEST_CASE("Counters round trip", "[graph][value_codec]") {
  for (uint64_t x : {uint64_t{0}, uint64_t{1}, uint64_t{127}, uint64_t{128}, uint64_t{1} << 35,
                     std::numeric_limits<uint64_t>::max()}) {
    std::string v;
    EncodeCounter(x, &v);
    uint64_t back = 7;
    REQUIRE(DecodeCounter(v, &back));
    REQUIRE(back == x);
    REQUIRE_FALSE(DecodeCounter(v + "x", &back));
  }
  uint64_t back;
  REQUIRE_FALSE(DecodeCounter("", &back));
  REQUIRE_FALSE(DecodeCounter("\x80", &back));
  REQUIRE_FALSE(DecodeCounter(std::string(11, '\xff'), &back));
}

// Every proper prefix of a valid encoding, and the encoding with a byte more,
// is refused.
template <typename T, typename Decode>
void RequireTruncationsRefused(const std::string& valid, Decode decode) {
  T out;
  REQUIRE(decode(valid, &out));
  for (size_t n = 0; n < valid.size(); ++n) {
    CAPTURE(n, valid.size());
    REQUIRE_FALSE(decode(std::string_view(valid).substr(0, n), &out));
  }
  REQUIRE_FALSE(decode(valid + '\0', &out));
}

TEST_CASE("Truncated values are refused", "[graph][value_codec]") {
  std::string node, edge, record;
  EncodeNode(SampleNode(), &node);
  EncodeEdgeValue(SampleEdge(), &edge);
  EncodeRecord(SampleRecord(), &record);
  RequireTruncationsRefused<Node>(node, DecodeNode);
  RequireTruncationsRefused<Edge>(edge, DecodeEdgeValue);
  RequireTruncationsRefused<StoredRecord>(record, DecodeRecord);
}

TEST_CASE("Garbage values are refused without crashing", "[graph][value_codec]") {
  // Wrong format tags.
  std::string node;
  EncodeNode(SampleNode(), &node);
  node[0] = 2;
  Node n;
  REQUIRE_FALSE(DecodeNode(node, &n));
  Edge e;
  REQUIRE_FALSE(DecodeEdgeValue("", &e));
  REQUIRE_FALSE(DecodeEdgeValue("\x02", &e));
  StoredRecord r;
  REQUIRE_FALSE(DecodeRecord("", &r));

  // Huge counts and lengths must not allocate or read past the end.
  REQUIRE_FALSE(DecodeEdgeValue(std::string("\x01\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 10), &e));
  REQUIRE_FALSE(DecodeEdgeValue(std::string("\x01\x00\xff\xff\xff\xff\x0f", 7), &e));
  REQUIRE_FALSE(DecodeNode(std::string("\x01\xff\xff\xff\xff\x0f" "abc", 9), &n));
  // An unknown attr type byte.
  REQUIRE_FALSE(DecodeEdgeValue(std::string("\x01\x01\x01k?\x00", 6), &e));
  // A record edge whose stored date is not a date.
  StoredRecord bad = SampleRecord();
  bad.edges[0].date.text = "2025-13";
  std::string v;
  EncodeRecord(bad, &v);
  REQUIRE_FALSE(DecodeRecord(v, &r));

  // Random bytes and random corruptions of valid values: any answer but a
  // crash is fine; the fixed seed keeps the test deterministic.
  std::mt19937 rng(20250613);
  std::string record;
  EncodeRecord(SampleRecord(), &record);
  std::string edge;
  EncodeEdgeValue(SampleEdge(), &edge);
  std::string nodev;
  EncodeNode(SampleNode(), &nodev);
  for (int i = 0; i < 3000; ++i) {
    std::string junk(rng() % 64, '\0');
    for (auto& c : junk) c = static_cast<char>(rng());
    if (!junk.empty() && i % 2) junk[0] = 1;  // past the tag check half the time
    (void)DecodeNode(junk, &n);
    (void)DecodeEdgeValue(junk, &e);
    (void)DecodeRecord(junk, &r);
    for (std::string* valid : {&record, &edge, &nodev}) {
      std::string flipped = *valid;
      flipped[rng() % flipped.size()] = static_cast<char>(rng());
      flipped[rng() % flipped.size()] ^= static_cast<char>(1 << (rng() % 8));
      (void)DecodeNode(flipped, &n);
      (void)DecodeEdgeValue(flipped, &e);
      (void)DecodeRecord(flipped, &r);
    }
  }
  SUCCEED("no crash");
}

TEST_CASE("Record versions round trip at the extremes", "[graph][value_codec]") {
  for (std::optional<int64_t> version :
       {std::optional<int64_t>(), std::optional<int64_t>(0), std::optional<int64_t>(1), std::optional<int64_t>(-1),
        std::optional<int64_t>(std::numeric_limits<int64_t>::max()),
        std::optional<int64_t>(std::numeric_limits<int64_t>::min())}) {
    StoredRecord r = SampleRecord();
    r.version = version;
    std::string v;
    EncodeRecord(r, &v);
    StoredRecord back;
    REQUIRE(DecodeRecord(v, &back));
    REQUIRE(back.version == version);
  }
}

TEST_CASE("HashRecord changes with any content and only with content", "[graph][value_codec]") {
  Record a;
  a.id = "r1";
  a.source.title = "t";
  NodeDecl n;
  n.id = "x";
  n.kind = NodeKind::kActor;
  a.nodes = {n};
  EdgeDecl e;
  e.from = "x";
  e.type = "ALLIED_WITH";
  e.to = "x";
  a.edges = {e};
  const uint64_t h = HashRecord(a);
  REQUIRE(HashRecord(a) == h);
  Record copy = a;
  REQUIRE(HashRecord(copy) == h);

  std::vector<Record> variants(14, a);
  variants[0].id = "r2";
  variants[1].source.title = "u";
  variants[2].nodes[0].name = "X";
  variants[3].nodes[0].aliases = {"X"};
  variants[4].nodes[0].attrs["k"] = int64_t{1};
  variants[5].edges[0].type = "ALLIED_WITH_";
  REQUIRE(ParseDateRange("2025", &variants[6].edges[0].date));
  variants[7].edges[0].attrs["k"] = true;
  variants[8].nodes[0].kind = NodeKind::kLocation;
  variants[9].edges[0].key = "MLI1";
  variants[10].version = 0;
  variants[11].version = 1750407243;
  variants[12].nodes[0].same_as = {"y"};
  variants[13].nodes[0].match = NodeDecl::Match{"acled", "", ""};
  for (size_t i = 0; i < variants.size(); ++i) {
    CAPTURE(i);
    REQUIRE(HashRecord(variants[i]) != h);
  }
  // Field boundaries are unambiguous: "ab"+"c" is not "a"+"bc".
  Record p = a, q = a;
  p.source.title = "ab";
  p.source.url = "c";
  q.source.title = "a";
  q.source.url = "bc";
  REQUIRE(HashRecord(p) != HashRecord(q));
}

}  // namespace
}  // namespace kg::test
