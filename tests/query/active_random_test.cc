// Randomized tests of ActiveIn: random location forests with extra
// LOCATED_IN edges (several parents, cycles, self-loops, dated containment,
// actors inside places and places inside actors) and random edges of every
// kind, checked against a plain reference written here; and a check that
// the reads it makes depend on the region's subtree only.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "graph/kv.h"
#include "graph/store.h"
#include "graph/writer.h"
#include "query/active.h"
#include "test_util.h"

namespace kg::test {
namespace {

const char kLocatedIn[] = "LOCATED_IN";

struct RefNode {
  std::string id, name;
  NodeKind kind;
};

struct RefEdge {
  int from, to;
  std::string type;
  std::string date;  // as written; empty when undated
};

struct RandomGraph {
  std::vector<RefNode> nodes;  // locations first
  int locations = 0;
  std::vector<RefEdge> edges;  // unique by (from, type, to, date)
};

DateRange Date(const std::string& text) {
  DateRange d;
  if (!text.empty() && !ParseDateRange(text, &d)) throw std::runtime_error("bad test date " + text);
  return d;
}

const std::vector<std::string> kDates = {
    "",           "",        "2023",       "2024-02",         "2024-02-29",          "2024-03",
    "2024-03-01", "2024-12", "2024-12-31", "2024-01/2024-06", "2024-02-10/2024-02-20", "2025",
    "2025-06",    "2025-06-12", "2024-06-30/2025-01"};

RandomGraph MakeGraph(std::mt19937* rng) {
  auto pick = [&](int n) { return static_cast<int>((*rng)() % static_cast<unsigned>(n)); };
  RandomGraph g;
  g.locations = 2 + pick(14);
  int actors = 1 + pick(8);
  // Few distinct names, so that ties by name are decided by id.
  const char* names[] = {"Douna", "Kardjila", "Boulkessi", "Ménaka"};
  for (int i = 0; i < g.locations; ++i) {
    g.nodes.push_back({"l" + std::to_string(i), names[pick(4)], NodeKind::kLocation});
  }
  const char* actor_names[] = {"FAMa", "JNIM", "Wagner"};
  for (int i = 0; i < actors; ++i) {
    g.nodes.push_back({"a" + std::to_string(i), actor_names[pick(3)], NodeKind::kActor});
  }
  int n = static_cast<int>(g.nodes.size());
  std::set<std::tuple<int, std::string, int, std::string>> seen;
  auto add = [&](int from, const std::string& type, int to, const std::string& date) {
    if (seen.insert({from, type, to, date}).second) g.edges.push_back({from, to, type, date});
  };
  // A forest: each location but the first may sit in an earlier one.
  for (int i = 1; i < g.locations; ++i) {
    if (pick(5) != 0) add(i, kLocatedIn, pick(i), pick(6) == 0 ? kDates[2 + pick(13)] : "");
  }
  // Extra containment: second parents, cycles, self-loops, actors.
  int extra = pick(g.locations + 1);
  for (int k = 0; k < extra; ++k) add(pick(g.locations), kLocatedIn, pick(g.locations), kDates[pick(15)]);
  if (pick(3) == 0) add(g.locations + pick(actors), kLocatedIn, pick(g.locations), "");
  if (pick(3) == 0) {
    int actor = g.locations + pick(actors);
    add(actor, kLocatedIn, pick(g.locations), "");
    add(pick(g.locations), kLocatedIn, actor, "");
  }
  // Events and relations of every kind of endpoint pair.
  const char* types[] = {"STRUCK", "ATTACKED", "OPERATES_IN", "LOCATED_IN"};
  int m = pick(4 * n + 1);
  for (int k = 0; k < m; ++k) {
    int a = g.locations + pick(actors), l = pick(g.locations);
    std::string type = types[pick(3)], date = kDates[pick(15)];
    switch (pick(6)) {
      case 0: add(l, type, a, date); break;                           // place -> actor
      case 1: add(a, type, g.locations + pick(actors), date); break;  // actor -> actor
      case 2: add(l, type, pick(g.locations), date); break;            // place -> place
      case 3: add(a, types[pick(4)], l, date); break;
      default: add(a, type, l, date); break;
    }
  }
  return g;
}

// Writes the graph through GraphWriter::Apply, in a few records.
void Build(const RandomGraph& g, GraphWriter* writer, const std::string& prefix = "") {
  Record nodes;
  nodes.id = prefix + "nodes";
  for (const RefNode& n : g.nodes) {
    NodeDecl d;
    d.id = prefix + n.id;
    d.kind = n.kind;
    d.name = n.name;
    nodes.nodes.push_back(std::move(d));
  }
  KG_REQUIRE_OK(writer->Apply(nodes));
  for (size_t start = 0; start < g.edges.size(); start += 7) {
    Record r;
    r.id = prefix + "edges-" + std::to_string(start);
    for (size_t i = start; i < std::min(g.edges.size(), start + 7); ++i) {
      const RefEdge& e = g.edges[i];
      EdgeDecl d;
      d.from = prefix + g.nodes[e.from].id;
      d.to = prefix + g.nodes[e.to].id;
      d.type = e.type;
      d.date = Date(e.date);
      r.edges.push_back(std::move(d));
    }
    KG_REQUIRE_OK(writer->Apply(r));
  }
  KG_REQUIRE_OK(writer->Commit());
}

std::string StartText(const std::string& date) { return date.substr(0, date.find('/')); }
std::string EndText(const std::string& date) {
  size_t slash = date.find('/');
  return slash == std::string::npos ? date : date.substr(slash + 1);
}

// ActiveIn as its contract states it, over the whole edge list.
std::string Reference(const RandomGraph& g, int region, const EdgeFilter& filter) {
  std::vector<bool> inside(g.nodes.size(), false);
  inside[region] = true;
  for (bool grew = true; grew;) {
    grew = false;
    for (const RefEdge& e : g.edges) {
      if (e.type == kLocatedIn && inside[e.to] && !inside[e.from] &&
          g.nodes[e.from].kind == NodeKind::kLocation && filter.window.Overlaps(Date(e.date))) {
        inside[e.from] = grew = true;
      }
    }
  }
  struct Acc {
    int edges = 0;
    std::set<std::string> types;
    std::set<std::pair<std::string, std::string>> places;  // name, id
    std::vector<std::tuple<int32_t, int, std::string>> starts, ends;
  };
  std::map<int, Acc> acc;
  for (const RefEdge& e : g.edges) {
    if (e.date.empty() || !filter.Allows(e.type, Date(e.date))) continue;
    for (auto [place, actor] : {std::pair{e.from, e.to}, std::pair{e.to, e.from}}) {
      if (!inside[place] || g.nodes[actor].kind != NodeKind::kActor) continue;
      Acc& a = acc[actor];
      a.edges++;
      a.types.insert(e.type);
      a.places.insert({g.nodes[place].name, g.nodes[place].id});
      std::string start = StartText(e.date), end = EndText(e.date);
      // Earliest start, latest end; on equal days the longer text, then the smaller.
      a.starts.emplace_back(Date(e.date).first, -static_cast<int>(start.size()), start);
      a.ends.emplace_back(-Date(e.date).last, -static_cast<int>(end.size()), end);
    }
  }
  std::vector<std::tuple<int, std::string, std::string, std::string>> order;  // -edges, name, id, line
  for (auto& [actor, a] : acc) {
    std::string line = g.nodes[actor].id + " edges=" + std::to_string(a.edges) + " types=";
    for (const auto& t : a.types) line += t + ",";
    line += " first=" + std::get<2>(*std::min_element(a.starts.begin(), a.starts.end()));
    line += " last=" + std::get<2>(*std::min_element(a.ends.begin(), a.ends.end()));
    line += " places=";
    for (const auto& [name, id] : a.places) line += id + ",";
    order.emplace_back(-a.edges, g.nodes[actor].name, g.nodes[actor].id, line);
  }
  std::sort(order.begin(), order.end());
  std::string text;
  for (const auto& o : order) text += std::get<3>(o) + "\n";
  return text;
}

std::string Render(const ActiveResult& r) {
  std::string text;
  for (const ActiveActor& a : r.actors) {
    text += a.actor.id + " edges=" + std::to_string(a.edges.size()) + " types=";
    for (const auto& t : a.types) text += t + ",";
    text += " first=" + a.first_text + " last=" + a.last_text + " places=";
    for (const Node& p : a.places) text += p.id + ",";
    text += "\n";
  }
  return text;
}

EdgeFilter RandomFilter(std::mt19937* rng) {
  auto pick = [&](int n) { return static_cast<int>((*rng)() % static_cast<unsigned>(n)); };
  EdgeFilter f;
  const char* bounds[] = {"2024", "2024-02", "2024-02-29", "2024-06", "2025", "2025-06-12"};
  int since = pick(8) - 2, until = pick(8) - 2;  // negative: absent
  if (since >= 0) f.window.first = Date(bounds[since]).first;
  if (until >= 0) f.window.last = Date(bounds[until]).last;
  if (f.window.first > f.window.last) std::swap(f.window.first, f.window.last);
  if (since >= 0 || until >= 0) f.window.text = "window";
  const char* types[] = {"ATTACKED", "LOCATED_IN", "OPERATES_IN", "STRUCK"};
  for (int i = 0; i < 4; ++i) {
    if (pick(4) == 0) f.types.push_back(types[i]);  // stays sorted
  }
  // The direction is ignored by ActiveIn.
  f.direction = pick(3) == 0 ? Direction::kOut : Direction::kBoth;
  return f;
}

TEST_CASE("ActiveIn matches a reference on random location graphs", "[query][active]") {
  const unsigned seed = 20250613;
  int queries = 0, with_actors = 0, deep = 0, tangled = 0;
  for (int round = 0; round < 60; ++round) {
    std::mt19937 rng(seed + static_cast<unsigned>(round));
    RandomGraph g = MakeGraph(&rng);
    TempStore t;
    Build(g, &t.writer());
    const GraphReader& reader = t.store().reader();
    for (int q = 0; q < 20; ++q) {
      int region = static_cast<int>(rng() % static_cast<unsigned>(g.locations));
      EdgeFilter filter = RandomFilter(&rng);
      NodeId nid;
      REQUIRE(reader.FindNode(g.nodes[region].id, &nid).ok());
      ActiveResult result;
      Status s = ActiveIn(reader, nid, filter, &result);
      INFO("round " << round << " query " << q << " region " << g.nodes[region].id << ": " << s.ToString());
      REQUIRE(s.ok());
      CHECK(Render(result) == Reference(g, region, filter));
      ++queries;
      with_actors += !result.actors.empty();
      deep += result.places.size() >= 4;
      // The walk lists each place once, region first.
      REQUIRE(!result.places.empty());
      CHECK(result.places.front().nid == nid);
      std::set<NodeId> distinct;
      for (const Node& p : result.places) {
        CHECK(p.kind == NodeKind::kLocation);
        distinct.insert(p.nid);
      }
      CHECK(distinct.size() == result.places.size());
      // More LOCATED_IN edges inside the subtree than a tree has: a place
      // with two parents in it, or a cycle.
      std::set<std::string> ids;
      for (const Node& p : result.places) ids.insert(p.id);
      size_t inner = 0;
      for (const RefEdge& e : g.edges) {
        inner += e.type == kLocatedIn && ids.count(g.nodes[e.from].id) && ids.count(g.nodes[e.to].id);
      }
      tangled += inner >= result.places.size();
    }
  }
  // The random graphs reach the cases they are made for.
  INFO(queries << " queries: " << with_actors << " with actors, " << deep << " deep, " << tangled << " tangled");
  CHECK(with_actors > queries / 4);
  CHECK(deep > queries / 10);
  CHECK(tangled > queries / 10);
}

// A KvReader that counts the reads made through it.
class CountingKv : public KvReader {
 public:
  explicit CountingKv(const KvReader* base) : base_(base) {}
  Status Get(std::string_view key, std::string* value) const override {
    ++reads;
    return base_->Get(key, value);
  }
  std::unique_ptr<KvIterator> NewIterator() const override {
    return std::make_unique<Iter>(base_->NewIterator(), this);
  }
  mutable uint64_t reads = 0;

 private:
  class Iter : public KvIterator {
   public:
    Iter(std::unique_ptr<KvIterator> base, const CountingKv* kv) : base_(std::move(base)), kv_(kv) {}
    void Seek(std::string_view target) override {
      ++kv_->reads;
      base_->Seek(target);
    }
    bool Valid() const override { return base_->Valid(); }
    void Next() override {
      ++kv_->reads;
      base_->Next();
    }
    std::string_view key() const override { return base_->key(); }
    std::string_view value() const override { return base_->value(); }
    Status status() const override { return base_->status(); }

   private:
    std::unique_ptr<KvIterator> base_;
    const CountingKv* kv_;
  };
  const KvReader* base_;
};

TEST_CASE("ActiveIn reads the region's subtree, not the graph", "[query][active]") {
  std::mt19937 rng(7);
  RandomGraph small = MakeGraph(&rng);
  TempStore t;
  Build(small, &t.writer());

  auto reads_for = [&](const std::string& region, std::string* rendered) {
    CountingKv counting(t.store().kv());
    GraphReader reader(&counting);
    NodeId nid;
    REQUIRE(reader.FindNode(region, &nid).ok());
    counting.reads = 0;
    ActiveResult result;
    REQUIRE(ActiveIn(reader, nid, EdgeFilter(), &result).ok());
    *rendered = Render(result);
    return counting.reads;
  };
  std::string before, after;
  uint64_t reads_before = reads_for("l0", &before);

  // Twenty more graphs of the same shape, none joined to the first: the
  // store grows twentyfold, the answer and its reads must not change.
  for (int k = 0; k < 20; ++k) {
    RandomGraph other = MakeGraph(&rng);
    Build(other, &t.writer(), "other" + std::to_string(k) + "-");
  }
  uint64_t reads_after = reads_for("l0", &after);
  CHECK(after == before);
  CHECK(reads_after == reads_before);

  // A region with a large subtree costs more: the count follows the subtree.
  std::string unused;
  RandomGraph chain;
  for (int i = 0; i < 200; ++i) {
    chain.nodes.push_back({"c" + std::to_string(i), "Place", NodeKind::kLocation});
    if (i > 0) chain.edges.push_back({i, i - 1, kLocatedIn, ""});
  }
  chain.locations = 200;
  Build(chain, &t.writer(), "chain-");
  CHECK(reads_for("chain-c0", &unused) > 400);
  CHECK(reads_for("chain-c199", &unused) < 20);
}

}  // namespace
}  // namespace kg::test
