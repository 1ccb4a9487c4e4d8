// kg timeline NODE [--type T,...] [--since DATE] [--until DATE]
//                  [--format table|json]
// A node's edges in both directions: dated ones as a chronology, undated
// ones (standing relations) apart. Exit 1 when no dated edge is in the
// window; the standing relations are printed all the same.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "query/json_writer.h"
#include "query/output.h"
#include "query/table.h"
#include "query/timeline.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct TimelineFlags {
  std::string node;
  FilterOptions filter;
  std::string format = "table";
};

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

void WriteJson(const TimelineResult& r, const GlobalOptions& g) {
  JsonWriter w(g.out);
  w.BeginObject().Key("node").BeginObject();
  WriteNodeBriefMembers(r.node, &w);
  w.EndObject();
  for (const auto* list : {&r.events, &r.standing}) {
    w.Key(list == &r.events ? "events" : "standing").BeginArray();
    for (const TimelineEntry& e : *list) {
      w.BeginObject();
      WriteEntryMembers(e, &w);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

// "STRUCK Kardjila" for an outgoing edge, "STRUCK by Forces armées
// maliennes" for an incoming one: the sentence a chronology would hold.
std::string What(const TimelineEntry& e) {
  return e.edge.type + (e.outgoing ? " " : " by ") + e.other.name;
}

void WriteTables(const TimelineResult& r, const GlobalOptions& g) {
  if (!r.events.empty()) {
    Table t({"date", "event", "details", "sources"});
    for (const TimelineEntry& e : r.events) {
      std::string details = AttrsText(e.edge.attrs);
      if (!e.edge.key.empty()) details = "key=" + e.edge.key + (details.empty() ? "" : ", " + details);
      t.AddRow({e.edge.date.text, What(e), details, Join(e.sources)});
    }
    t.Write(g.out);
  }
  if (!r.standing.empty()) {
    if (!r.events.empty()) *g.out << '\n';
    Table t({"standing relation", "details", "sources"});
    for (const TimelineEntry& e : r.standing) t.AddRow({What(e), AttrsText(e.edge.attrs), Join(e.sources)});
    t.Write(g.out);
  }
}

int RunTimeline(const TimelineFlags& f, const GlobalOptions& g) {
  EdgeFilter filter;
  Status s = f.filter.ToEdgeFilter(&filter);
  if (!s.ok()) return g.Fail(s);
  std::unique_ptr<GraphStore> store;
  s = OpenForRead(g, &store);
  if (!s.ok()) return g.Fail(s);
  const GraphReader& r = store->reader();
  NodeId nid;
  s = r.Resolve(f.node, &nid);
  if (!s.ok()) return g.Fail(s);
  TimelineResult result;
  s = Timeline(r, nid, filter, &result);
  if (!s.ok()) return g.Fail(s);

  if (f.format == "json") {
    WriteJson(result, g);
  } else {
    WriteTables(result, g);
  }
  if (result.events.empty()) {
    if (f.format != "json") {
      *g.err << "kg: no dated edge of \"" << result.node.id << "\""
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
  AddFormatFlag(cmd, &flags->format, {"table", "json"});
  return {cmd, [flags, &g] { return RunTimeline(*flags, g); }};
}

}  // namespace kg::cli
