// kg path FROM TO [--max-depth N] [--type T,...] [--direction D] [--since DATE]
//                 [--until DATE] [--all [--limit N]] [--format table|json|dot]
// No depth limit unless --max-depth gives one; --all lists every shortest
// path, at most --limit of them (default 1000, 0 for all).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include <set>

#include "query/dot_writer.h"
#include "query/json_writer.h"
#include "query/node_cache.h"
#include "query/output.h"
#include "query/text.h"
#include "query/traverse.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct PathFlags {
  std::string as_of;  // --as-of
  std::string from, to;
  uint32_t max_depth = PathOptions().max_depth;
  bool all = false;
  size_t limit = PathOptions().max_paths;
  FilterOptions filter;
  std::string format = "table";
};

Status WritePathMembers(const GraphReader& r, const Path& p, NodeCache* nodes, JsonWriter* w) {
  w->Key("nodes").BeginArray();
  for (NodeId nid : p.nodes) {
    const Node* n;
    KG_RETURN_IF_ERROR(nodes->Get(nid, &n));
    w->BeginObject();
    WriteNodeBriefMembers(*n, w);
    w->EndObject();
  }
  w->EndArray().Key("edges").BeginArray();
  for (const Edge& e : p.edges) {
    const Node *a, *b;
    KG_RETURN_IF_ERROR(nodes->Get(e.from, &a));
    KG_RETURN_IF_ERROR(nodes->Get(e.to, &b));
    w->BeginObject();
    KG_RETURN_IF_ERROR(WriteEdgeMembers(r, e, a->id, b->id, w));
    w->EndObject();
  }
  w->EndArray();
  return Status::OK();
}

// A path as a person reads it: each node on its own line, each hop between
// them with its type, date and support, the arrow in the edge's direction.
Status WritePathText(const Path& p, NodeCache* nodes, std::ostream* out) {
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    const Node* n;
    KG_RETURN_IF_ERROR(nodes->Get(p.nodes[i], &n));
    *out << "  " << TerminalSafe(n->name) << " (" << TerminalSafe(n->id) << ", " << KindName(n->kind) << ")\n";
    if (i < p.edges.size()) {
      const Edge& e = p.edges[i];
      bool forward = e.from == p.nodes[i];
      *out << "      " << (forward ? "-" : "<-") << e.type;
      if (e.date.dated()) *out << " " << e.date.text;
      *out << (forward ? "->" : "-") << "  support " << e.sources.size() << '\n';
    }
  }
  return Status::OK();
}

int RunPath(const PathFlags& f, const GlobalOptions& g) {
  PathOptions options;
  options.max_depth = f.max_depth;
  options.all = f.all;
  options.max_paths = f.limit;
  Status s = f.filter.ToEdgeFilter(&options.filter);
  if (!s.ok()) return g.Fail(s);
  std::unique_ptr<GraphStore> store;
  s = OpenForRead(g, &store, f.as_of);
  if (!s.ok()) return g.Fail(s);
  const GraphReader& r = store->reader();
  s = f.filter.ToEdgeFilter(r, &options.filter);
  if (!s.ok()) return g.Fail(s);
  NodeId from, to;
  s = r.Resolve(f.from, &from);
  if (s.ok()) s = r.Resolve(f.to, &to);
  if (!s.ok()) return g.Fail(s);
  NodeCache nodes(r);
  const Node *a, *b;
  if (!(s = nodes.Get(from, &a)).ok() || !(s = nodes.Get(to, &b)).ok()) return g.Fail(s);

  std::vector<Path> paths;
  bool truncated = false;
  s = ShortestPaths(r, from, to, options, &paths, &truncated);
  if (s.IsNotFound()) {
    *g.err << "kg: no path from " << TerminalSafe(a->id) << " to " << TerminalSafe(b->id);
    if (f.max_depth != PathOptions().max_depth) *g.err << " within " << f.max_depth << " edges";
    *g.err << '\n';
    return kExitNothingFound;
  }
  if (!s.ok()) return g.Fail(s);
  const uint64_t length = paths.front().edges.size();
  if (truncated) {
    *g.err << "kg: listed the first " << paths.size() << " shortest paths (--limit " << f.limit
           << "; --limit 0 lists all)\n";
  }

  if (f.format == "dot") {
    // Every node and edge of the path(s), each once.
    std::vector<Node> drawn;
    std::vector<Edge> hops;
    std::set<NodeId> seen_nodes;
    std::set<std::tuple<NodeId, NodeId, std::string, std::string>> seen_edges;
    for (const Path& p : paths) {
      for (NodeId nid : p.nodes) {
        const Node* n;
        if (!(s = nodes.Get(nid, &n)).ok()) return g.Fail(s);
        if (seen_nodes.insert(nid).second) drawn.push_back(*n);
      }
      for (const Edge& e : p.edges) {
        if (seen_edges.insert({e.from, e.to, e.type, e.date.text}).second) hops.push_back(e);
      }
    }
    DotOptions dot;
    dot.highlight = {from, to};
    if (!(s = WriteDot(drawn, hops, dot, g.out)).ok()) return g.Fail(s);
    return kExitOk;
  }
  if (f.format == "json") {
    JsonWriter w(g.out);
    w.BeginObject().Member("from", a->id).Member("to", b->id).Member("length", length);
    if (f.all) {
      w.Key("paths").BeginArray();
      for (const Path& p : paths) {
        w.BeginObject();
        if (!(s = WritePathMembers(r, p, &nodes, &w)).ok()) return g.Fail(s);
        w.EndObject();
      }
      w.EndArray();
      if (truncated) w.Member("truncated", true);
    } else if (!(s = WritePathMembers(r, paths.front(), &nodes, &w)).ok()) {
      return g.Fail(s);
    }
    w.EndObject();
    return kExitOk;
  }
  *g.out << TerminalSafe(a->name) << " -> " << TerminalSafe(b->name) << ": " << length << (length == 1 ? " edge" : " edges");
  if (f.all) *g.out << ", " << paths.size() << (paths.size() == 1 ? " shortest path" : " shortest paths");
  *g.out << '\n';
  for (size_t i = 0; i < paths.size(); ++i) {
    if (f.all) *g.out << "path " << i + 1 << ":\n";
    if (!(s = WritePathText(paths[i], &nodes, g.out)).ok()) return g.Fail(s);
  }
  return kExitOk;
}

}  // namespace

Command SetupPathCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<PathFlags>();
  CLI::App* cmd = app.add_subcommand("path", "Shortest path (fewest edges) from FROM to TO");
  cmd->add_option("FROM", flags->from, "Node id, name or alias")->required();
  cmd->add_option("TO", flags->to, "Node id, name or alias")->required();
  cmd->add_option("--max-depth", flags->max_depth, "Longest path searched, in edges (default: no limit)")
      ->check(CLI::Range(1u, UINT32_MAX - 1));
  cmd->add_flag("--all", flags->all, "Every shortest path, not just one");
  cmd->add_option("--limit", flags->limit, "With --all: at most N paths (default 1000, 0 for all)");
  AddFilterFlags(cmd, &flags->filter);
  AddAsOfFlag(cmd, &flags->as_of);
  AddFormatFlag(cmd, &flags->format, {"table", "json", "dot"});
  return {cmd, [flags, &g] { return RunPath(*flags, g); }};
}

}  // namespace kg::cli
