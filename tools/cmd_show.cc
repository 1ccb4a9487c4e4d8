// kg show NODE [--format table|json]: a node, its aliases, attrs, sources and
// degree by edge type.
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <memory>

#include "query/json_writer.h"
#include "query/output.h"
#include "query/table.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct ShowFlags {
  std::string as_of;  // --as-of
  std::string node;
  ListOptions list;
  std::string format = "table";
};

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

int RunShow(const ShowFlags& f, const GlobalOptions& g) {
  std::unique_ptr<GraphStore> store;
  Status s = OpenForRead(g, &store, f.as_of);
  if (!s.ok()) return g.Fail(s);
  const GraphReader& r = store->reader();
  NodeId nid;
  s = r.Resolve(f.node, &nid);
  if (!s.ok()) return g.Fail(s);
  Node node;
  std::vector<RecordSeq> seqs;
  std::vector<std::string> sources;
  std::map<std::string, GraphReader::Degree> degree;
  s = r.GetNode(nid, &node);
  if (s.ok()) s = r.GetNodeRecords(nid, &seqs);
  if (s.ok()) s = RecordIds(r, seqs, &sources);
  if (s.ok()) s = r.DegreeByType(nid, &degree);
  if (!s.ok()) return g.Fail(s);

  if (f.format == "json") {
    JsonWriter w(g.out);
    w.BeginObject();
    WriteNodeBriefMembers(node, &w);
    w.Key("aliases").Strings(node.aliases);
    w.Key("attrs").Attrs(node.attrs);
    if (node.coords) w.Key("coords").BeginArray().Double(node.coords->first).Double(node.coords->second).EndArray();
    w.Key("sources").Strings(sources);
    w.Key("degree").BeginObject();
    for (const auto& [type, d] : degree) {
      w.Key(type).BeginObject().Member("out", d.out).Member("in", d.in).EndObject();
    }
    w.EndObject().EndObject();
    return kExitOk;
  }
  Table t({"field", "value"}, TableFor(g, f.list.TableLimit()));
  t.AddRow({"id", node.id});
  t.AddRow({"kind", KindName(node.kind)});
  t.AddRow({"name", node.name});
  t.AddRow({"aliases", Join(node.aliases)});
  t.AddRow({"attrs", AttrsText(node.attrs)});
  if (node.coords) {
    t.AddRow({"coords", AttrText(node.coords->first) + ", " + AttrText(node.coords->second)});
  }
  t.AddRow({"sources", Join(sources)});
  for (const auto& [type, d] : degree) {
    t.AddRow({"degree " + type, std::to_string(d.out) + " out, " + std::to_string(d.in) + " in"});
  }
  t.Write(g.out);
  return kExitOk;
}

}  // namespace

Command SetupShowCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<ShowFlags>();
  CLI::App* cmd = app.add_subcommand("show", "Show a node: aliases, attrs, sources, degree by edge type");
  cmd->add_option("NODE", flags->node, "Node id, name or alias")->required();
  AddListFlags(cmd, &flags->list, /*with_count=*/false);
  AddAsOfFlag(cmd, &flags->as_of);
  AddFormatFlag(cmd, &flags->format, {"table", "json"});
  return {cmd, [flags, &g] { return RunShow(*flags, g); }};
}

}  // namespace kg::cli
