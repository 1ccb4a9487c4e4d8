// kg active REGION [--since DATE] [--until DATE] [--type T,...]
//                  [--limit N] [--count] [--format table|json|dot]
// Who was active in a region in a period: the actors with a dated edge to
// the region or to a place inside it (LOCATED_IN, any depth), most active
// first. The DOT output draws the actors, their places and the counted
// edges. Exit 1 when no actor is in the window.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <set>
#include <utility>

#include "query/active.h"
#include "query/dot_writer.h"
#include "query/json_writer.h"
#include "query/output.h"
#include "query/table.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct ActiveFlags {
  std::string as_of;  // --as-of
  std::string region;
  FilterOptions filter;
  ListOptions list;
  std::string format = "table";
};

std::string FatalitiesText(const ActiveActor& a) {
  if (!a.has_fatalities) return "";
  if (a.fatalities_integral) return std::to_string(static_cast<int64_t>(a.fatalities));
  return AttrText(a.fatalities);
}

// --count: the active actors, the places of their counted edges, and those
// edges.
void WriteCount(const ActiveResult& r, bool json, std::ostream* out) {
  Counts c;
  std::set<NodeId> places;
  for (const ActiveActor& a : r.actors) {
    c.edges += a.edges.size();
    for (const Node& p : a.places) places.insert(p.nid);
  }
  c.nodes = r.actors.size() + places.size();
  if (!r.actors.empty()) c.by_kind["actor"] = r.actors.size();
  if (!places.empty()) c.by_kind["location"] = places.size();
  WriteCounts(c, json, out);
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void WriteJson(const ActiveResult& r, const FilterOptions& f, size_t limit, std::ostream* out) {
  JsonWriter w(out);
  w.BeginObject().Key("region").BeginObject();
  WriteNodeBriefMembers(r.region, &w);
  w.EndObject();
  // The flags as given; null when absent.
  for (const auto& [key, value] : {std::pair{"since", &f.since}, std::pair{"until", &f.until}}) {
    w.Key(key);
    if (value->empty()) {
      w.Null();
    } else {
      w.String(*value);
    }
  }
  w.Key("actors").BeginArray();
  size_t n = 0;
  for (const ActiveActor& a : r.actors) {
    if (limit != 0 && n++ == limit) break;
    w.BeginObject().Member("id", a.actor.id).Member("name", a.actor.name);
    w.Member("edges", static_cast<uint64_t>(a.edges.size()));
    w.Member("events", a.events);
    if (a.has_fatalities) {
      w.Key("fatalities");
      if (a.fatalities_integral) {
        w.Int(static_cast<int64_t>(a.fatalities));
      } else {
        w.Double(a.fatalities);
      }
    }
    w.Key("types").Strings(a.types);
    w.Member("first", a.first_text).Member("last", a.last_text);
    w.Key("places").BeginArray();
    for (const Node& p : a.places) w.BeginObject().Member("id", p.id).Member("name", p.name).EndObject();
    w.EndArray().EndObject();
  }
  w.EndArray();
  if (limit != 0 && r.actors.size() > limit) w.Member("truncated", true);
  w.EndObject();
}

void WriteTable(const ActiveResult& r, const TableOptions& options, std::ostream* out) {
  Table t({"actor", "edges", "events", "fatalities", "first", "last", "types", "places"}, options);
  for (const ActiveActor& a : r.actors) {
    std::vector<std::string> places;
    for (const Node& p : a.places) places.push_back(p.name);
    t.AddRow({a.actor.name, std::to_string(a.edges.size()), std::to_string(a.events), FatalitiesText(a),
              a.first_text, a.last_text, Join(a.types), Join(places)});
  }
  t.Write(out);
}

// The actors, the places of their counted edges and those edges.
Status WriteActiveDot(const ActiveResult& r, std::ostream* out) {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::set<NodeId> places;
  DotOptions options;
  for (const ActiveActor& a : r.actors) {
    nodes.push_back(a.actor);
    edges.insert(edges.end(), a.edges.begin(), a.edges.end());
    for (const Node& p : a.places) {
      if (places.insert(p.nid).second) nodes.push_back(p);
    }
  }
  if (places.count(r.region.nid) != 0) options.highlight.push_back(r.region.nid);
  return WriteDot(nodes, edges, options, out);
}

int RunActive(const ActiveFlags& f, const GlobalOptions& g) {
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
  s = r.Resolve(f.region, &nid);
  if (!s.ok()) return g.Fail(s);
  ActiveResult result;
  s = ActiveIn(r, nid, filter, &result);
  if (!s.ok()) return g.Fail(s);

  if (f.list.count) {
    WriteCount(result, f.format == "json", g.out);
  } else if (f.format == "json") {
    WriteJson(result, f.filter, f.list.JsonLimit(), g.out);
  } else if (f.format == "dot") {
    s = WriteActiveDot(result, g.out);
    if (!s.ok()) return g.Fail(s);
  } else if (!result.actors.empty()) {
    WriteTable(result, TableFor(g, f.list.TableLimit()), g.out);
  }
  if (result.actors.empty()) {
    if (f.format == "table" && !f.list.count) {
      *g.err << "kg: no actor with a dated edge in \"" << TerminalSafe(result.region.id) << "\" ("
                << result.places.size() << (result.places.size() == 1 ? " place" : " places")
                << (filter.window.dated() ? ") in the window" : ")") << '\n';
    }
    return kExitNothingFound;
  }
  return kExitOk;
}

}  // namespace

Command SetupActiveCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<ActiveFlags>();
  CLI::App* cmd = app.add_subcommand(
      "active", "Actors with a dated edge to a region or a place inside it (LOCATED_IN), most active first");
  cmd->add_option("REGION", flags->region, "Location id, name or alias")->required();
  AddFilterFlags(cmd, &flags->filter, /*with_direction=*/false);
  AddListFlags(cmd, &flags->list, /*with_count=*/true);
  AddAsOfFlag(cmd, &flags->as_of);
  AddFormatFlag(cmd, &flags->format, {"table", "json", "dot"});
  return {cmd, [flags, &g] { return RunActive(*flags, g); }};
}

}  // namespace kg::cli
