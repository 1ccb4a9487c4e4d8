// AdjacencyCache and GraphReader::Adjacent: what a read-only store keeps of
// the nodes its traversals read, and that it answers as the keys do.
#include "graph/adjacency.h"

#include <thread>

#include "test_util.h"

namespace kg::test {
namespace {

Adjacency Make(std::vector<NodeId> neighbors) {
  Adjacency a;
  a.neighbors = std::move(neighbors);
  a.directions.assign(a.neighbors.size(), kAdjacentOut);
  return a;
}

TEST_CASE("AdjacencyCache keeps what it is given, once per node", "[graph][adjacency]") {
  AdjacencyCache cache(10000);
  REQUIRE(cache.Find(5) == nullptr);
  Adjacency a = Make({1, 2, 3});
  const Adjacency* kept = cache.Keep(5, &a);
  REQUIRE(kept != nullptr);
  REQUIRE(kept->neighbors == std::vector<NodeId>{1, 2, 3});
  REQUIRE(cache.Find(5) == kept);
  REQUIRE(cache.Find(4) == nullptr);
  REQUIRE(cache.Find(5 + 4096) == nullptr);  // another page

  // A second Keep of the same node returns the first, and leaves its argument.
  Adjacency b = Make({9});
  REQUIRE(cache.Keep(5, &b) == kept);
  REQUIRE(kept->neighbors == std::vector<NodeId>{1, 2, 3});
  REQUIRE(cache.neighbors() == 3);

  // The last id below the limit is kept; the limit itself is not.
  Adjacency c = Make({7});
  REQUIRE(cache.Keep(9999, &c) != nullptr);
  Adjacency d = Make({7});
  REQUIRE(cache.Keep(10000, &d) == nullptr);
  REQUIRE(d.neighbors == std::vector<NodeId>{7});
  REQUIRE(cache.Find(10000) == nullptr);
  REQUIRE(cache.Find(UINT64_MAX) == nullptr);
}

TEST_CASE("AdjacencyCache declines past its neighbour budget", "[graph][adjacency]") {
  AdjacencyCache cache(100, 5);
  Adjacency a = Make({1, 2, 3});
  REQUIRE(cache.Keep(1, &a) != nullptr);
  Adjacency b = Make({1, 2, 3});
  REQUIRE(cache.Keep(2, &b) == nullptr);  // 6 > 5
  REQUIRE(b.neighbors.size() == 3);       // untouched: the caller still has it
  Adjacency c = Make({4, 5});
  REQUIRE(cache.Keep(3, &c) != nullptr);  // exactly 5
  REQUIRE(cache.neighbors() == 5);
  REQUIRE(cache.Find(2) == nullptr);
}

TEST_CASE("AdjacencyCache: threads keeping and finding the same nodes agree", "[graph][adjacency]") {
  AdjacencyCache cache(1 << 14);
  constexpr int kThreads = 4;
  std::vector<std::vector<const Adjacency*>> seen(kThreads, std::vector<const Adjacency*>(1 << 14));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (NodeId n = 0; n < (1 << 14); ++n) {
        const Adjacency* a = cache.Find(n);
        if (a == nullptr) {
          Adjacency fresh = Make({n, n + 1});
          a = cache.Keep(n, &fresh);
        }
        seen[t][n] = a;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (NodeId n = 0; n < (1 << 14); ++n) {
    REQUIRE(seen[0][n] != nullptr);
    REQUIRE(seen[0][n]->neighbors == std::vector<NodeId>{n, n + 1});
    for (int t = 1; t < kThreads; ++t) REQUIRE(seen[t][n] == seen[0][n]);
  }
  REQUIRE(cache.neighbors() == 2 * (1 << 14));
}

// The adjacency of every node, as text: "id: neighbour(dirs) ...".
std::string AdjacencyText(const GraphReader& reader) {
  std::string text;
  Status s = reader.ForEachNode([&](const Node& n) {
    Adjacency scratch;
    const Adjacency* adj = nullptr;
    KG_REQUIRE_OK(reader.Adjacent(n.nid, &scratch, &adj));
    REQUIRE(adj->neighbors.size() == adj->directions.size());
    text += n.id + ":";
    for (size_t i = 0; i < adj->neighbors.size(); ++i) {
      Node m;
      KG_REQUIRE_OK(reader.GetNode(adj->neighbors[i], &m));
      const uint8_t d = adj->directions[i];
      text += " " + m.id + (d == kAdjacentOut ? "(out)" : d == kAdjacentIn ? "(in)" : "(both)");
    }
    text += "\n";
    return true;
  });
  KG_REQUIRE_OK(s);
  return text;
}

TEST_CASE("Adjacent gives each neighbour once with its directions, kept or not", "[graph][adjacency]") {
  TempStore t;
  KG_REQUIRE_OK(t.ApplyAll(
      R"({"record":"r1","nodes":[{"id":"a","kind":"actor"},{"id":"b","kind":"actor"},
      {"id":"c","kind":"location"},{"id":"d","kind":"location"}],
    "edges":[{"from":"a","type":"STRUCK","to":"c","date":"2024-06-01"},
             {"from":"a","type":"STRUCK","to":"c","date":"2024-06-02"},
             {"from":"a","type":"ATTACKED","to":"c"},
             {"from":"b","type":"AFFILIATED_WITH","to":"a"},
             {"from":"a","type":"AFFILIATED_WITH","to":"b"},
             {"from":"a","type":"MENTIONS","to":"a"},
             {"from":"c","type":"LOCATED_IN","to":"d"}]})"));
  const std::string want =
      "a: a(both) b(both) c(out)\n"
      "b: a(both)\n"
      "c: a(in) d(out)\n"
      "d: c(in)\n";
  REQUIRE(AdjacencyText(t.reader()) == want);  // the writer's reader: nothing kept
  t.Reopen(true);
  REQUIRE(AdjacencyText(t.reader()) == want);  // read, then kept
  REQUIRE(AdjacencyText(t.reader()) == want);  // from the cache

  // The store's reader hands out the kept list; a plain reader its scratch.
  NodeId a = 0;
  KG_REQUIRE_OK(t.reader().FindNode("a", &a));
  Adjacency scratch;
  const Adjacency* adj = nullptr;
  KG_REQUIRE_OK(t.reader().Adjacent(a, &scratch, &adj));
  REQUIRE(adj != &scratch);
  GraphReader plain(t.store().kv());
  KG_REQUIRE_OK(plain.Adjacent(a, &scratch, &adj));
  REQUIRE(adj == &scratch);

  // Neighbors with no type or date filter answers from the same lists.
  for (Direction d : {Direction::kOut, Direction::kIn, Direction::kBoth}) {
    EdgeFilter f;
    f.direction = d;
    std::vector<NodeId> kept, read;
    KG_REQUIRE_OK(t.reader().Neighbors(a, f, &kept));
    KG_REQUIRE_OK(plain.Neighbors(a, f, &read));
    REQUIRE(kept == read);
    REQUIRE(kept.size() == (d == Direction::kIn ? 2u : 3u));
  }
}

}  // namespace
}  // namespace kg::test
