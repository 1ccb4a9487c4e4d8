// kg neighbors NODE [--depth N] [--type T,...] [--kind K] [--direction D]
//                   [--since DATE] [--until DATE] [--limit N] [--count]
//                   [--aggregate] [--format table|json|dot]
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "query/aggregate.h"
#include "query/dot_writer.h"
#include "query/json_writer.h"
#include "query/node_cache.h"
#include "query/output.h"
#include "query/table.h"
#include "query/traverse.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct NeighborsFlags {
  std::string as_of;  // --as-of
  std::string node;
  uint32_t depth = 1;
  std::string kind;
  FilterOptions filter;
  ListOptions list;
  bool aggregate = false;
  std::string format = "table";
};

// --count: how many neighbors (by kind) and edges among them, without
// building the output.
int WriteCount(const GraphReader& r, const Neighborhood& hood, const std::vector<NodeId>& members,
               const EdgeFilter& filter, bool aggregate, bool json, const GlobalOptions& g) {
  Counts c;
  c.nodes = hood.nodes.size();
  Node n;
  for (const auto& nb : hood.nodes) {
    Status s = r.GetNode(nb.nid, &n);
    if (!s.ok()) return g.Fail(s);
    ++c.by_kind[KindName(n.kind)];
  }
  std::set<std::tuple<NodeId, NodeId, std::string>> groups;
  Status s = ForEachEdgeAmong(r, members, filter, [&](Edge& e) {
    if (aggregate) {
      groups.emplace(e.from, e.to, e.type);
    } else {
      ++c.edges;
    }
  });
  if (!s.ok()) return g.Fail(s);
  if (aggregate) c.edges = groups.size();
  WriteCounts(c, json, g.out);
  return hood.nodes.empty() ? kExitNothingFound : kExitOk;
}

int RunNeighbors(const NeighborsFlags& f, const GlobalOptions& g) {
  NeighborhoodOptions options;
  options.depth = f.depth;
  Status s = f.filter.ToEdgeFilter(&options.filter);
  if (s.ok() && !f.kind.empty() && !ParseKind(f.kind, &options.kind)) {
    s = Status::InvalidArgument("--kind must be actor or location");
  }
  if (!s.ok()) return g.Fail(s);
  std::unique_ptr<GraphStore> store;
  s = OpenForRead(g, &store, f.as_of);
  if (!s.ok()) return g.Fail(s);
  const GraphReader& r = store->reader();
  s = f.filter.ToEdgeFilter(r, &options.filter);
  if (!s.ok()) return g.Fail(s);
  NodeId center;
  s = r.Resolve(f.node, &center);
  if (!s.ok()) return g.Fail(s);

  Neighborhood hood;
  std::vector<Edge> edges;
  s = FindNeighborhood(r, center, options, &hood);
  if (!s.ok()) return g.Fail(s);
  std::vector<NodeId> members{center};
  std::unordered_map<NodeId, uint32_t> distance{{center, 0}};
  for (const auto& n : hood.nodes) {
    members.push_back(n.nid);
    distance[n.nid] = n.distance;
  }
  if (f.list.count) return WriteCount(r, hood, members, options.filter, f.aggregate, f.format == "json", g);
  s = EdgesAmong(r, members, options.filter, &edges);
  if (s.ok() && f.aggregate) edges = AggregateEdges(edges);
  NodeCache nodes(r);
  const Node* c = nullptr;
  if (s.ok()) s = nodes.Get(center, &c);
  if (!s.ok()) return g.Fail(s);

  if (f.format == "dot") {
    std::vector<Node> drawn{*c};
    for (const auto& n : hood.nodes) {
      const Node* node;
      if (!(s = nodes.Get(n.nid, &node)).ok()) return g.Fail(s);
      drawn.push_back(*node);
    }
    DotOptions dot;
    dot.highlight = {center};
    dot.aggregated = f.aggregate;
    if (!(s = WriteDot(drawn, edges, dot, g.out)).ok()) return g.Fail(s);
  } else if (f.format == "json") {
    // --limit, when given, cuts the nodes (nearest first), then keeps only
    // the edges among the center and the nodes kept, at most as many.
    const size_t limit = f.list.JsonLimit();
    bool truncated = false;
    if (limit != 0 && hood.nodes.size() > limit) {
      hood.nodes.resize(limit);
      std::unordered_set<NodeId> kept{center};
      for (const auto& n : hood.nodes) kept.insert(n.nid);
      edges.erase(std::remove_if(edges.begin(), edges.end(),
                                 [&](const Edge& e) { return !kept.count(e.from) || !kept.count(e.to); }),
                  edges.end());
      truncated = true;
    }
    if (limit != 0 && edges.size() > limit) {
      edges.resize(limit);
      truncated = true;
    }
    JsonWriter w(g.out);
    w.BeginObject().Member("center", c->id).Member("depth", static_cast<uint64_t>(f.depth));
    if (f.aggregate) w.Member("aggregated", true);
    w.Key("nodes").BeginArray();
    for (const auto& n : hood.nodes) {
      const Node* node;
      if (!(s = nodes.Get(n.nid, &node)).ok()) return g.Fail(s);
      w.BeginObject();
      WriteNodeBriefMembers(*node, &w);
      w.Member("distance", static_cast<uint64_t>(n.distance)).EndObject();
    }
    w.EndArray().Key("edges").BeginArray();
    for (const auto& e : edges) {
      const Node *a, *b;
      if (!(s = nodes.Get(e.from, &a)).ok() || !(s = nodes.Get(e.to, &b)).ok()) return g.Fail(s);
      w.BeginObject();
      if (!(s = WriteEdgeMembers(r, e, a->id, b->id, &w)).ok()) return g.Fail(s);
      w.EndObject();
    }
    w.EndArray();
    if (truncated) w.Member("truncated", true);
    w.EndObject();
  } else {
    // One row per neighbor, with the edges that lead to it from one hop
    // closer to the center.
    std::unordered_map<NodeId, std::string> via;
    for (const auto& e : edges) {
      for (bool from_side : {true, false}) {
        NodeId v = from_side ? e.from : e.to, other = from_side ? e.to : e.from;
        if (distance[v] == 0 || distance[other] + 1 != distance[v]) continue;
        const Node* o;
        if (!(s = nodes.Get(other, &o)).ok()) return g.Fail(s);
        std::string text = (from_side ? "-> " : "<- ") + e.type;
        auto count = e.attrs.find("count");
        if (f.aggregate && count != e.attrs.end()) text += " \u00d7" + AttrText(count->second);
        text += " " + o->name;
        if (e.date.dated()) text += " (" + e.date.text + ")";
        std::string& cell = via[v];
        cell += (cell.empty() ? "" : "; ") + text;
      }
    }
    Table t({"distance", "id", "kind", "name", "via"}, TableFor(g, f.list.TableLimit()));
    for (const auto& n : hood.nodes) {
      const Node* node;
      if (!(s = nodes.Get(n.nid, &node)).ok()) return g.Fail(s);
      t.AddRow({std::to_string(n.distance), node->id, KindName(node->kind), node->name, via[n.nid]});
    }
    *g.out << TerminalSafe(c->name) << " (" << TerminalSafe(c->id) << "): " << hood.nodes.size() << " neighbors within " << f.depth
              << (f.depth == 1 ? " hop\n" : " hops\n");
    t.Write(g.out);
  }
  return hood.nodes.empty() ? kExitNothingFound : kExitOk;
}

}  // namespace

Command SetupNeighborsCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<NeighborsFlags>();
  CLI::App* cmd = app.add_subcommand("neighbors", "Nodes within N hops of NODE, and the edges among them");
  cmd->add_option("NODE", flags->node, "Node id, name or alias")->required();
  cmd->add_option("--depth", flags->depth, "Hops from NODE (default 1)")->check(CLI::Range(1u, 1000u));
  cmd->add_option("--kind", flags->kind, "List only nodes of this kind")->check(CLI::IsMember({"actor", "location"}));
  AddFilterFlags(cmd, &flags->filter);
  AddListFlags(cmd, &flags->list, /*with_count=*/true);
  cmd->add_flag("--aggregate", flags->aggregate,
                "One edge per (from, type, to), with count, first, last and summed fatalities");
  AddAsOfFlag(cmd, &flags->as_of);
  AddFormatFlag(cmd, &flags->format, {"table", "json", "dot"});
  return {cmd, [flags, &g] { return RunNeighbors(*flags, g); }};
}

}  // namespace kg::cli
