// key_codec: every key parses back to what built it, byte order is the
// order of the fields (big-endian ids, then type, then date; adjacency keys
// by node, neighbor, then direction).
#include "graph/key_codec.h"

#include <limits>

#include "test_util.h"

namespace kg::test {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
const std::vector<uint64_t> kIds = {0,          1,          2,          0xff,       0x100,      0xffff,    0x10000,
                                    0x7fffffff, 0x80000000, 0xffffffff, 1ull << 32, 1ull << 56, kMax >> 1, kMax / 2 + 1,
                                    kMax - 1,   kMax};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

TEST_CASE("Fixed64BE round trips and orders like the numbers", "[graph][key_codec]") {
  for (uint64_t a : kIds) {
    std::string ea;
    PutFixed64BE(&ea, a);
    REQUIRE(ea.size() == 8);
    REQUIRE(DecodeFixed64BE(ea.data()) == a);
    for (uint64_t b : kIds) {
      std::string eb;
      PutFixed64BE(&eb, b);
      CAPTURE(a, b);
      REQUIRE((ea < eb) == (a < b));
    }
  }
  std::string e;
  PutFixed64BE(&e, 0x0102030405060708ull);
  REQUIRE(e == std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
}

TEST_CASE("Node keys round trip and order by id", "[graph][key_codec]") {
  for (uint64_t a : kIds) {
    std::string k = NodeKey(a);
    NodeId back = 12345;
    REQUIRE(ParseNodeKey(k, &back));
    REQUIRE(back == a);
    REQUIRE(StartsWith(k, NodePrefix()));
    for (uint64_t b : kIds) {
      CAPTURE(a, b);
      REQUIRE((NodeKey(a) < NodeKey(b)) == (a < b));
    }
  }
  NodeId n;
  REQUIRE_FALSE(ParseNodeKey("", &n));
  REQUIRE_FALSE(ParseNodeKey(NodeKey(5).substr(0, 8), &n));
  REQUIRE_FALSE(ParseNodeKey(NodeKey(5) + "x", &n));
  REQUIRE_FALSE(ParseNodeKey(DeclBodyKey(5, 6).substr(0, 9), &n));
}

TEST_CASE("Name keys round trip, and a name's prefix holds only that name", "[graph][key_codec]") {
  for (std::string name : {"a", "al qaida", "forces armees maliennes", "é"}) {
    for (uint64_t id : kIds) {
      std::string k = NameKey(name, id);
      std::string_view back;
      NodeId nid = 0;
      REQUIRE(ParseNameKey(k, &back, &nid));
      REQUIRE(back == name);
      REQUIRE(nid == id);
      REQUIRE(StartsWith(k, NamePrefix(name)));
      REQUIRE(StartsWith(k, NameIndexPrefix()));
    }
  }
  // "al" must not list the nodes named "al qaida".
  REQUIRE_FALSE(StartsWith(NameKey("al qaida", 1), NamePrefix("al")));
  // Same name: ordered by node id; different names: by name first.
  REQUIRE(NameKey("douna", 2) < NameKey("douna", 10));
  REQUIRE(NameKey("douna", kMax) < NameKey("douna 2", 0));
  std::string_view name;
  NodeId nid;
  REQUIRE_FALSE(ParseNameKey("A", &name, &nid));
  REQUIRE_FALSE(ParseNameKey(NameKey("x", 1).substr(0, 9), &name, &nid));
  REQUIRE_FALSE(ParseNameKey(NodeKey(1) + "x", &name, &nid));
}

TEST_CASE("Edge keys round trip", "[graph][key_codec]") {
  for (uint64_t from : kIds) {
    for (uint64_t to : {uint64_t{0}, uint64_t{7}, kMax}) {
      for (std::string date : {"", "2025", "2025-06", "2025-06-12", "2025-06-07/2025-06-13"}) {
        for (std::string event : {std::string(), std::string("MLI1234"), std::string("a\0b/\x01", 6),
                                  std::string(1, '\0'), std::string(256, '\xff')}) {
        EdgeKey k{from, to, "STRUCK", date, event};
        std::string key = EncodeOutEdgeKey(k);
        EdgeKey back;
        back.key = "stale";
        REQUIRE(ParseEdgeKey(key, &back));
        CAPTURE(from, to, date, event);
        REQUIRE(back.from == from);
        REQUIRE(back.to == to);
        REQUIRE(back.type == "STRUCK");
        REQUIRE(back.date == date);
        REQUIRE(back.key == event);
        // Keys sit under the source's prefixes.
        REQUIRE(StartsWith(key, OutEdgePrefix(from)));
        REQUIRE(StartsWith(key, OutEdgePrefix(from, to)));
        REQUIRE(StartsWith(key, OutEdgePrefix(from, to, "STRUCK")));
        REQUIRE(StartsWith(key, AllOutEdgesPrefix()));
        }
      }
    }
  }
  // A type's prefix does not cover a longer type that starts with it.
  REQUIRE_FALSE(StartsWith(EncodeOutEdgeKey({1, 2, "STRUCK_BY", "", ""}), OutEdgePrefix(1, 2, "STRUCK")));
  EdgeKey k;
  REQUIRE_FALSE(ParseEdgeKey(NodeKey(1), &k));
  REQUIRE_FALSE(ParseEdgeKey(OutEdgePrefix(1, 2), &k));                         // no type
  REQUIRE_FALSE(ParseEdgeKey(OutEdgePrefix(1, 2) + "STRUCK", &k));              // no separator
  REQUIRE_FALSE(ParseEdgeKey(OutEdgePrefix(1, 2) + std::string(1, '\0'), &k));  // empty type
  // A separator after the date must be followed by a key.
  REQUIRE_FALSE(ParseEdgeKey(EncodeOutEdgeKey({1, 2, "STRUCK", "2025", ""}) + std::string(1, '\0'), &k));
  // A format-2 key (no key part) is a keyless format-3 key.
  std::string format2 = OutEdgePrefix(1, 2, "STRUCK") + "2025-06";
  REQUIRE(format2 == EncodeOutEdgeKey({1, 2, "STRUCK", "2025-06", ""}));
}

TEST_CASE("Edge keys order by node, neighbor, type, date, then key", "[graph][key_codec]") {
  // Sorted as tuples (from, to, type, date, key).
  std::vector<EdgeKey> sorted = {
      {0, 0, "A", "", ""},
      {0, 0, "A", "", "1"},
      {0, 0, "A", "", "MLI2"},
      {0, 0, "A", "2025", ""},
      {0, 0, "A", "2025", std::string(1, '\0')},
      {0, 0, "A", "2025", "MLI1"},
      {0, 0, "A", "2025", "MLI10"},
      {0, 0, "A", "2025", "MLI2"},
      {0, 0, "A", "2025", std::string(256, '\xff')},
      {0, 0, "A", "2025-06", ""},
      {0, 0, "AB", "", ""},
      {0, 0, "B", "2024-12-31", ""},
      {0, 1, "A", "", ""},
      {0, kMax, "A", "", ""},
      {1, 0, "ATTACKED", "2025-06", ""},
      {1, 0, "ATTACKED", "2025-06-12", ""},
      {1, 2, "LOCATED_IN", "", ""},
      {0xff, 0, "A", "", ""},
      {0x100, 0, "A", "", ""},
      {kMax - 1, kMax, "Z", "", ""},
      {kMax, 0, "A", "", ""},
      {kMax, kMax, "A", "", ""},
      {kMax, kMax, "A", "2025", ""},
  };
  for (size_t i = 0; i < sorted.size(); ++i) {
    for (size_t j = 0; j < sorted.size(); ++j) {
      CAPTURE(i, j);
      REQUIRE((EncodeOutEdgeKey(sorted[i]) < EncodeOutEdgeKey(sorted[j])) == (i < j));
    }
  }
}

TEST_CASE("Adjacency keys round trip and order by node, neighbor, then direction", "[graph][key_codec]") {
  std::vector<std::string> keys;
  for (uint64_t node : kIds) {
    for (uint64_t nb : kIds) {
      for (bool out : {false, true}) {  // 'i' sorts before 'o'
        const std::string key = AdjacencyKey(node, nb, out);
        NodeId n, m;
        bool o;
        REQUIRE(ParseAdjacencyKey(key, &n, &m, &o));
        CAPTURE(node, nb, out);
        REQUIRE(n == node);
        REQUIRE(m == nb);
        REQUIRE(o == out);
        REQUIRE(StartsWith(key, AdjacencyPrefix(node)));
        REQUIRE(StartsWith(key, AllAdjacencyPrefix()));
        keys.push_back(key);
      }
    }
  }
  REQUIRE(std::is_sorted(keys.begin(), keys.end()));
  REQUIRE(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
  NodeId n, m;
  bool o;
  REQUIRE_FALSE(ParseAdjacencyKey(AdjacencyPrefix(1), &n, &m, &o));
  REQUIRE_FALSE(ParseAdjacencyKey(AdjacencyKey(1, 2, true) + "x", &n, &m, &o));
  std::string bad_dir = AdjacencyKey(1, 2, true);
  bad_dir.back() = 'x';
  REQUIRE_FALSE(ParseAdjacencyKey(bad_dir, &n, &m, &o));
  REQUIRE_FALSE(ParseAdjacencyKey(EncodeOutEdgeKey({1, 2, "A", "", ""}), &n, &m, &o));
}

TEST_CASE("Declaration and record keys round trip and order", "[graph][key_codec]") {
  for (uint64_t a : kIds) {
    for (uint64_t b : {uint64_t{0}, uint64_t{1}, kMax}) {
      for (uint64_t body : {uint64_t{1}, uint64_t{0x8000000000000000}, kMax}) {
        NodeId n;
        uint64_t h;
        RecordSeq s;
        REQUIRE(ParseDeclUseKey(DeclUseKey(a, body, b), &n, &h, &s));
        REQUIRE((n == a && h == body && s == b));
        REQUIRE(ParseDeclUseKey(DeclNewestKey(a, body, b), &n, &h, &s));
        REQUIRE((n == a && h == body && s == b));
        REQUIRE(StartsWith(DeclUseKey(a, body, b), DeclUsePrefix(a, body)));
        REQUIRE(StartsWith(DeclUseKey(a, body, b), DeclUsePrefix(a)));
        REQUIRE(StartsWith(DeclNewestKey(a, body, b), DeclNewestPrefix(a, body)));
        REQUIRE(ParseDeclBodyKey(DeclBodyKey(a, body), &n, &h));
        REQUIRE((n == a && h == body));
        REQUIRE(StartsWith(DeclBodyKey(a, body), DeclBodyPrefix(a)));
      }
    }
    RecordSeq seq;
    REQUIRE(ParseRecordSeqKey(RecordSeqKey(a), &seq));
    REQUIRE(seq == a);
    REQUIRE(StartsWith(RecordSeqKey(a), RecordSeqPrefix()));
    for (uint64_t b : kIds) {
      REQUIRE((RecordSeqKey(a) < RecordSeqKey(b)) == (a < b));
      // Uses of one body: oldest first under 'G', newest first under 'H'.
      REQUIRE((DeclUseKey(1, 7, a) < DeclUseKey(1, 7, b)) == (a < b));
      REQUIRE((DeclNewestKey(1, 7, a) < DeclNewestKey(1, 7, b)) == (a > b));
      REQUIRE((DeclUseKey(a, kMax, kMax) < DeclUseKey(b, 0, 0)) == (a < b));
    }
  }
  std::string_view id;
  const std::string rkey = RecordKey("lemali-2025-06-13");
  REQUIRE(ParseRecordKey(rkey, &id));
  REQUIRE(id == "lemali-2025-06-13");
  REQUIRE(StartsWith(RecordKey("x"), RecordPrefix()));
  REQUIRE_FALSE(ParseRecordKey(NodeKey(1), &id));
  NodeId n;
  uint64_t h;
  RecordSeq s;
  REQUIRE_FALSE(ParseDeclUseKey(DeclUseKey(1, 2, 3).substr(0, 24), &n, &h, &s));
  REQUIRE_FALSE(ParseDeclUseKey(DeclBodyKey(1, 2) + "12345678", &n, &h, &s));
  REQUIRE_FALSE(ParseDeclBodyKey(DeclUseKey(1, 2, 3).substr(0, 17), &n, &h));
  REQUIRE_FALSE(ParseRecordSeqKey(NodeKey(1), &s));
}

TEST_CASE("Key families never share a prefix", "[graph][key_codec]") {
  // One tag byte per family: a scan of one family never sees another.
  std::vector<std::string> prefixes = {
      MetaKey(""),         NodeIdKey(""),        NodePrefix(),          NameIndexPrefix(),
      AllOutEdgesPrefix(), AllAdjacencyPrefix(), Format1InEdgePrefix(), AllFormat3DeclsPrefix(),
      AllDeclUsesPrefix(), AllDeclNewestPrefix(), AllDeclBodiesPrefix(), RecordPrefix(),
      RecordSeqPrefix(),   AllJudgementsPrefix(), ChangePrefix(),        PastVersionPrefix()};
  for (size_t i = 0; i < prefixes.size(); ++i) {
    REQUIRE(prefixes[i].size() == 1);
    for (size_t j = i + 1; j < prefixes.size(); ++j) REQUIRE(prefixes[i] != prefixes[j]);
  }
  REQUIRE(StartsWith(MetaKey("format"), kMetaPrefix));
  REQUIRE(kFormatVersion == 6);
}

}  // namespace
}  // namespace kg::test
