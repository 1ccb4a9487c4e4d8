// kg search TEXT [--kind K] [--limit N] [--count] [--format table|json]:
// nodes whose normalized name or alias contains TEXT. Exit 1 when none does.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "query/json_writer.h"
#include "query/output.h"
#include "query/table.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct SearchFlags {
  std::string text;
  std::string kind;
  ListOptions list;
  std::string format = "table";
};

int RunSearch(const SearchFlags& f, const GlobalOptions& g) {
  NodeKind kind = NodeKind::kUnknown;
  if (!f.kind.empty() && !ParseKind(f.kind, &kind)) {
    return g.Fail(Status::InvalidArgument("--kind must be actor or location"));
  }
  std::unique_ptr<GraphStore> store;
  Status s = OpenForRead(g, &store);
  if (!s.ok()) return g.Fail(s);
  const GraphReader& r = store->reader();
  std::vector<NodeId> nids;
  s = r.Search(f.text, kind, &nids);
  if (!s.ok()) return g.Fail(s);
  const int found = nids.empty() ? kExitNothingFound : kExitOk;
  if (f.list.count) {
    Counts c;
    c.nodes = nids.size();
    Node n;
    for (NodeId nid : nids) {
      if (!(s = r.GetNode(nid, &n)).ok()) return g.Fail(s);
      ++c.by_kind[KindName(n.kind)];
    }
    WriteCounts(c, f.format == "json", g.out);
    return found;
  }
  const size_t limit = f.format == "json" ? f.list.JsonLimit() : f.list.TableLimit();
  const bool truncated = limit != 0 && nids.size() > limit;
  const size_t shown = truncated ? limit : nids.size();
  std::vector<Node> nodes(shown);
  for (size_t i = 0; i < shown; ++i) {
    s = r.GetNode(nids[i], &nodes[i]);
    if (!s.ok()) return g.Fail(s);
  }
  if (f.format == "json") {
    JsonWriter w(g.out);
    w.BeginObject().Member("query", f.text).Key("nodes").BeginArray();
    for (const auto& n : nodes) {
      w.BeginObject();
      WriteNodeBriefMembers(n, &w);
      w.Key("aliases").Strings(n.aliases);
      w.EndObject();
    }
    w.EndArray();
    if (truncated) w.Member("truncated", true).Member("total", static_cast<uint64_t>(nids.size()));
    w.EndObject();
  } else {
    Table t({"id", "kind", "name", "aliases"}, TableFor(g, 0));
    for (const auto& n : nodes) {
      std::string aliases;
      for (const auto& a : n.aliases) aliases += (aliases.empty() ? "" : ", ") + a;
      t.AddRow({n.id, KindName(n.kind), n.name, aliases});
    }
    t.Write(g.out);
    if (truncated) *g.out << OmittedRowsLine(nids.size() - shown) << '\n';
  }
  return found;
}

}  // namespace

Command SetupSearchCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<SearchFlags>();
  CLI::App* cmd = app.add_subcommand("search", "Find nodes whose name or alias contains TEXT");
  cmd->add_option("TEXT", flags->text, "Text to look for (case and accents ignored)")->required();
  cmd->add_option("--kind", flags->kind, "Only nodes of this kind")->check(CLI::IsMember({"actor", "location"}));
  AddListFlags(cmd, &flags->list, /*with_count=*/true);
  AddFormatFlag(cmd, &flags->format, {"table", "json"});
  return {cmd, [flags, &g] { return RunSearch(*flags, g); }};
}

}  // namespace kg::cli
