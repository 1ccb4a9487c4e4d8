// Randomized tests of neighborhoods and shortest paths: random multigraphs
// (parallel edges, self-loops, dated and undated edges of several types),
// every combination of type filter, direction and date window, checked
// against a plain breadth-first search written here.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <queue>
#include <random>
#include <set>

#include "graph/store.h"
#include "graph/writer.h"
#include "query/traverse.h"

namespace kg {
namespace {

struct RefEdge {
  int from, to;
  std::string type;
  DateRange date;
};

struct RandomGraph {
  int n = 0;
  std::vector<RefEdge> edges;
};

std::string NodeName(int i) { return "n" + std::to_string(i); }

RandomGraph MakeGraph(std::mt19937* rng) {
  RandomGraph g;
  g.n = 4 + static_cast<int>((*rng)() % 20);
  int m = static_cast<int>((*rng)() % static_cast<unsigned>(3 * g.n));
  if ((*rng)() % 4 == 0) {  // few nodes, many parallel edges: long runs of keys per neighbour
    g.n = 2 + static_cast<int>((*rng)() % 3);
    m = static_cast<int>((*rng)() % 48);
  }
  const char* types[] = {"A", "B", "C"};
  const char* dates[] = {"", "", "2020", "2021-03", "2021-07-14", "2022", "2023-01/2023-06", "2024-12-31"};
  std::set<std::tuple<int, int, std::string, std::string>> seen;
  for (int i = 0; i < m; ++i) {
    RefEdge e;
    e.from = static_cast<int>((*rng)() % static_cast<unsigned>(g.n));
    e.to = static_cast<int>((*rng)() % static_cast<unsigned>(g.n));
    e.type = types[(*rng)() % 3];
    std::string date = dates[(*rng)() % 8];
    if (!date.empty()) REQUIRE(ParseDateRange(date, &e.date));
    if (!seen.insert({e.from, e.to, e.type, date}).second) continue;  // edge identity
    g.edges.push_back(e);
  }
  return g;
}

bool Passes(const RefEdge& e, const EdgeFilter& f) { return f.Allows(e.type, e.date); }

// Plain BFS over the reference edges: distance of every node reached.
std::map<int, int> RefBfs(const RandomGraph& g, int start, const EdgeFilter& f, int depth) {
  std::map<int, int> dist{{start, 0}};
  std::queue<int> q;
  q.push(start);
  while (!q.empty()) {
    int u = q.front();
    q.pop();
    if (dist[u] == depth) continue;
    for (const auto& e : g.edges) {
      if (!Passes(e, f)) continue;
      std::vector<int> next;
      if (f.direction != Direction::kIn && e.from == u) next.push_back(e.to);
      if (f.direction != Direction::kOut && e.to == u) next.push_back(e.from);
      for (int v : next) {
        if (!dist.count(v)) {
          dist[v] = dist[u] + 1;
          q.push(v);
        }
      }
    }
  }
  return dist;
}

// Number of distinct shortest node sequences from s to t.
uint64_t RefCountShortest(const RandomGraph& g, int s, int t, const EdgeFilter& f) {
  std::map<int, int> dist = RefBfs(g, s, f, 1 << 20);
  if (!dist.count(t)) return 0;
  std::set<std::pair<int, int>> arcs;  // distinct hops u -> v
  for (const auto& e : g.edges) {
    if (!Passes(e, f)) continue;
    if (f.direction != Direction::kIn) arcs.insert({e.from, e.to});
    if (f.direction != Direction::kOut) arcs.insert({e.to, e.from});
  }
  std::map<int, uint64_t> ways{{s, 1}};
  for (int d = 1; d <= dist[t]; ++d) {
    for (const auto& [u, v] : arcs) {
      if (dist.count(u) && dist.count(v) && dist[u] == d - 1 && dist[v] == d) ways[v] += ways[u];
    }
  }
  return ways[t];
}

class RandomStore {
 public:
  explicit RandomStore(const RandomGraph& g) {
    dir_ = std::filesystem::temp_directory_path() /
           ("kg-traverse-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(dir_);
    StoreOptions o;
    o.read_only = false;
    o.create_if_missing = true;
    Status s = GraphStore::Open(o, dir_.string(), &store_);
    REQUIRE(s.ok());
    auto w = std::make_unique<GraphWriter>(store_.get());
    Record nodes;
    nodes.id = "nodes";
    for (int i = 0; i < g.n; ++i) {
      NodeDecl d;
      d.id = NodeName(i);
      d.kind = i % 2 ? NodeKind::kActor : NodeKind::kLocation;
      nodes.nodes.push_back(d);
    }
    REQUIRE(w->Apply(nodes).ok());
    for (size_t i = 0; i < g.edges.size(); ++i) {
      Record r;
      r.id = "e" + std::to_string(i);
      const RefEdge& e = g.edges[i];
      r.edges.push_back(EdgeDecl{NodeName(e.from), e.type, NodeName(e.to), e.date, {}, {}});
      REQUIRE(w->Apply(r).ok());
    }
    REQUIRE(w->Sync().ok());
    w.reset();
    // Reopened read-only, as queries open it: its reader keeps adjacencies.
    store_.reset();
    o.read_only = true;
    REQUIRE(GraphStore::Open(o, dir_.string(), &store_).ok());
    plain_ = std::make_unique<GraphReader>(store_->kv());
    for (int i = 0; i < g.n; ++i) {
      NodeId nid;
      REQUIRE(store_->reader().FindNode(NodeName(i), &nid).ok());
      nid_.push_back(nid);
      index_[nid] = i;
    }
  }
  ~RandomStore() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // The store's reader, which keeps adjacencies, and one that reads every
  // time: both must answer alike.
  const GraphReader& reader() const { return store_->reader(); }
  const GraphReader& plain() const { return *plain_; }
  NodeId nid(int i) const { return nid_[static_cast<size_t>(i)]; }
  int index(NodeId nid) const { return index_.at(nid); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<GraphStore> store_;
  std::unique_ptr<GraphReader> plain_;
  std::vector<NodeId> nid_;
  std::map<NodeId, int> index_;
};

std::vector<EdgeFilter> AllFilters() {
  std::vector<EdgeFilter> filters;
  std::vector<std::vector<std::string>> type_sets = {{}, {"A"}, {"A", "C"}};
  std::vector<std::pair<std::string, std::string>> windows = {{"", ""}, {"2021", "2022"}, {"2023", ""}};
  for (const auto& types : type_sets) {
    for (Direction d : {Direction::kOut, Direction::kIn, Direction::kBoth}) {
      for (const auto& [since, until] : windows) {
        EdgeFilter f;
        f.types = types;
        f.direction = d;
        DateRange r;
        if (!since.empty()) {
          REQUIRE(ParseDateRange(since, &r));
          f.window.first = r.first;
        }
        if (!until.empty()) {
          REQUIRE(ParseDateRange(until, &r));
          f.window.last = r.last;
        }
        if (!since.empty() || !until.empty()) f.window.text = since + "/" + until;
        filters.push_back(f);
      }
    }
  }
  return filters;
}

TEST_CASE("random multigraphs: paths and neighborhoods match a reference BFS", "[query][random]") {
  std::mt19937 rng(20250613);
  const auto filters = AllFilters();
  for (int round = 0; round < 12; ++round) {
    RandomGraph g = MakeGraph(&rng);
    RandomStore store(g);
    for (const EdgeFilter& f : filters) {
      INFO("round " << round << ", filter types=" << f.types.size() << " dir=" << static_cast<int>(f.direction)
                    << " window=" << f.window.text);
      for (int trial = 0; trial < 6; ++trial) {
        const GraphReader& reader = trial < 3 ? store.reader() : store.plain();
        int s = static_cast<int>(rng() % static_cast<unsigned>(g.n));
        int t = static_cast<int>(rng() % static_cast<unsigned>(g.n));
        std::map<int, int> ref = RefBfs(g, s, f, 1 << 20);

        PathOptions po;
        po.filter = f;
        po.max_depth = 1000;
        po.all = trial % 2 == 0;
        std::vector<Path> paths;
        Status st = ShortestPaths(reader, store.nid(s), store.nid(t), po, &paths);
        if (!ref.count(t)) {
          REQUIRE(st.IsNotFound());
          continue;
        }
        REQUIRE(st.ok());
        REQUIRE(!paths.empty());
        if (po.all) REQUIRE(paths.size() == RefCountShortest(g, s, t, f));
        std::set<std::vector<NodeId>> distinct;
        for (const Path& p : paths) {
          distinct.insert(p.nodes);
          REQUIRE(static_cast<int>(p.edges.size()) == ref[t]);
          REQUIRE(p.nodes.size() == p.edges.size() + 1);
          REQUIRE(p.nodes.front() == store.nid(s));
          REQUIRE(p.nodes.back() == store.nid(t));
          for (size_t i = 0; i < p.edges.size(); ++i) {
            const Edge& e = p.edges[i];
            bool forward = e.from == p.nodes[i] && e.to == p.nodes[i + 1];
            bool backward = e.to == p.nodes[i] && e.from == p.nodes[i + 1];
            if (f.direction == Direction::kOut) REQUIRE(forward);
            if (f.direction == Direction::kIn) REQUIRE(backward);
            REQUIRE((forward || backward));
            REQUIRE(f.Allows(e.type, e.date));
            bool real = std::any_of(g.edges.begin(), g.edges.end(), [&](const RefEdge& r) {
              return store.nid(r.from) == e.from && store.nid(r.to) == e.to && r.type == e.type &&
                     r.date.text == e.date.text;
            });
            REQUIRE(real);
          }
        }
        REQUIRE(distinct.size() == paths.size());

        // Bounded search: max_depth below the distance finds nothing.
        if (ref[t] > 1) {
          po.max_depth = static_cast<uint32_t>(ref[t] - 1);
          REQUIRE(ShortestPaths(reader, store.nid(s), store.nid(t), po, &paths).IsNotFound());
        }

        for (uint32_t depth : {1u, 2u, 3u}) {
          NeighborhoodOptions no;
          no.depth = depth;
          no.filter = f;
          Neighborhood hood;
          REQUIRE(FindNeighborhood(reader, store.nid(s), no, &hood).ok());
          std::map<int, int> want = RefBfs(g, s, f, static_cast<int>(depth));
          want.erase(s);
          std::map<int, int> got;
          for (const auto& n : hood.nodes) got[store.index(n.nid)] = static_cast<int>(n.distance);
          REQUIRE(got == want);

          // Edges among the center and its neighbors that pass the filter.
          std::vector<NodeId> members{store.nid(s)};
          for (const auto& n : hood.nodes) members.push_back(n.nid);
          std::vector<Edge> among;
          REQUIRE(EdgesAmong(reader, members, f, &among).ok());
          size_t expected = 0;
          for (const auto& e : g.edges) {
            bool in = (e.from == s || want.count(e.from)) && (e.to == s || want.count(e.to));
            if (in && Passes(e, f)) ++expected;
          }
          REQUIRE(among.size() == expected);
        }
      }
    }
  }
}

}  // namespace
}  // namespace kg
