// kg timeline NODE [--type T,...] [--since DATE] [--until DATE]
//                  [--limit N] [--count] [--format table|json]
// A node's edges in both directions: dated ones as a chronology, undated
// ones (standing relations) apart. Exit 1 when no dated edge is in the
// window; the standing relations are printed all the same.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <set>

#include "query/json_writer.h"
#include "query/output.h"
#include "query/table.h"
#include "query/timeline.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct TimelineFlags {
  std::string as_of;  // --as-of
  std::string node;
  FilterOptions filter;
  ListOptions list;
  std::string format = "table";
};

// --count: the node's edges in the window and the distinct nodes at their
// other ends, without building the timeline. Exit 1 when none is dated.
int WriteCount(const GraphReader& r, NodeId nid, const EdgeFilter& filter, bool json, const GlobalOptions& g) {
  Counts c;
  std::set<NodeId> others;
  bool dated = false;
  Status s = r.ForEachEdge(nid, filter, [&](const Edge& e) {
    ++c.edges;
    dated = dated || e.date.dated();
    others.insert(e.from == nid ? e.to : e.from);
    return true;
  });
  Node n;
  for (NodeId o : others) {
    if (!s.ok()) break;
    s = r.GetNode(o, &n);
    ++c.by_kind[KindName(n.kind)];
  }
  if (!s.ok()) return g.Fail(s);
  c.nodes = others.size();
  WriteCounts(c, json, g.out);
  return dated ? kExitOk : kExitNothingFound;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void WriteEntryMembers(const TimelineEntry& e, JsonWriter* w) {
  if (e.edge.date.dated()) w->Member("date", e.edge.date.text);
  w->Member("type", e.edge.type).Member("direction", e.outgoing ? "out" : "in");
  w->Key("other").BeginObject();
  WriteNodeBriefMembers(e.other, w);
  w->EndObject();
  if (!e.edge.key.empty()) w->Member("key", e.edge.key);
  w->Key("attrs").Attrs(e.edge.attrs);
  w->Member("support", static_cast<uint64_t>(e.edge.sources.size()));
  w->Key("sources").Strings(e.sources);
}

// limit (0: all) cuts each list; "truncated": true says one was cut.
void WriteJson(const TimelineResult& r, size_t limit, const GlobalOptions& g) {
  JsonWriter w(g.out);
  w.BeginObject().Key("node").BeginObject();
  WriteNodeBriefMembers(r.node, &w);
  w.EndObject();
  bool truncated = false;
  for (const auto* list : {&r.events, &r.standing}) {
    w.Key(list == &r.events ? "events" : "standing").BeginArray();
    size_t n = 0;
    for (const TimelineEntry& e : *list) {
      if (limit != 0 && n++ == limit) {
        truncated = true;
        break;
      }
      w.BeginObject();
      WriteEntryMembers(e, &w);
      w.EndObject();
    }
    w.EndArray();
  }
  if (truncated) w.Member("truncated", true);
  w.EndObject();
}

// "STRUCK Kardjila" for an outgoing edge, "STRUCK by Forces armées
// maliennes" for an incoming one: the sentence a chronology would hold.
std::string What(const TimelineEntry& e) {
  return e.edge.type + (e.outgoing ? " " : " by ") + e.other.name;
}

void WriteTables(const TimelineResult& r, size_t limit, const GlobalOptions& g) {
  if (!r.events.empty()) {
    Table t({"date", "event", "details", "sources"}, TableFor(g, limit));
    for (const TimelineEntry& e : r.events) {
      std::string details = AttrsText(e.edge.attrs);
      if (!e.edge.key.empty()) details = "key=" + e.edge.key + (details.empty() ? "" : ", " + details);
      t.AddRow({e.edge.date.text, What(e), details, Join(e.sources)});
    }
    t.Write(g.out);
  }
  if (!r.standing.empty()) {
    if (!r.events.empty()) *g.out << '\n';
    Table t({"standing relation", "details", "sources"}, TableFor(g, limit));
    for (const TimelineEntry& e : r.standing) t.AddRow({What(e), AttrsText(e.edge.attrs), Join(e.sources)});
    t.Write(g.out);
  }
}

int RunTimeline(const TimelineFlags& f, const GlobalOptions& g) {
  EdgeFilter filter;
  Status s = f.filter.ToEdgeFilter(&filter);
  if (!s.ok()) return g.Fail(s);
  std::unique_ptr<GraphStore> store;
  s = OpenForRead(g, &store, f.as_of);
  if (!s.ok()) return g.Fail(s);
  const GraphReader& r = store->reader();
  s = f.filter.ToEdgeFilter(r, &filter);
  if (!s.ok()) return g.Fail(s);
  NodeId nid;
  s = r.Resolve(f.node, &nid);
  if (!s.ok()) return g.Fail(s);
  if (f.list.count) return WriteCount(r, nid, filter, f.format == "json", g);
  TimelineResult result;
  s = Timeline(r, nid, filter, &result);
  if (!s.ok()) return g.Fail(s);

  if (f.format == "json") {
    WriteJson(result, f.list.JsonLimit(), g);
  } else {
    WriteTables(result, f.list.TableLimit(), g);
  }
  if (result.events.empty()) {
    if (f.format != "json") {
      *g.err << "kg: no dated edge of \"" << TerminalSafe(result.node.id) << "\""
                << (filter.window.dated() ? " in the window" : "") << '\n';
    }
    return kExitNothingFound;
  }
  return kExitOk;
}

}  // namespace

Command SetupTimelineCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<TimelineFlags>();
  CLI::App* cmd =
      app.add_subcommand("timeline", "A node's dated edges in chronological order, and its standing relations");
  cmd->add_option("NODE", flags->node, "Node id, name or alias")->required();
  AddFilterFlags(cmd, &flags->filter, /*with_direction=*/false);
  AddListFlags(cmd, &flags->list, /*with_count=*/true);
  AddAsOfFlag(cmd, &flags->as_of);
  AddFormatFlag(cmd, &flags->format, {"table", "json"});
  return {cmd, [flags, &g] { return RunTimeline(*flags, g); }};
}

}  // namespace kg::cli
