// kg search TEXT [--kind K] [--limit N] [--count] [--format table|json]:
// nodes whose normalized name or alias contains TEXT. Exit 1 when none does,
// with a line on stderr naming the closest name, if any ("did you mean").
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "query/json_writer.h"
#include "query/output.h"
#include "query/table.h"
#include "query/text.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

// The line saying that nothing matched text, with the closest name of the
// kind (GraphReader::ClosestName) as a did-you-mean:
// kg: no node matches "Fmaa" (did you mean "Forces armées maliennes"?)
Status NoMatchLine(const GraphReader& r, const std::string& text, NodeKind kind, std::string* line) {
  std::string closest;
  KG_RETURN_IF_ERROR(r.ClosestName(text, kind, &closest));
  std::string msg = "no " + std::string(kind == NodeKind::kUnknown ? "node" : KindName(kind)) + " matches " +
                    QuoteForMessage(text);
  if (!closest.empty()) msg += " (did you mean " + QuoteForMessage(closest) + "?)";
  *line = "kg: " + TerminalSafe(msg) + "\n";
  return Status::OK();
}

struct SearchFlags {
  std::string as_of;  // --as-of
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
  Status s = OpenForRead(g, &store, f.as_of);
  if (!s.ok()) return g.Fail(s);
  const GraphReader& r = store->reader();
  std::vector<NodeId> nids;
  s = r.Search(f.text, kind, &nids);
  if (!s.ok()) return g.Fail(s);
  // Nothing found: exit 1, with a line on stderr after the (empty) answer.
  std::string no_match;
  if (nids.empty() && !(s = NoMatchLine(r, f.text, kind, &no_match)).ok()) return g.Fail(s);
  auto finish = [&] {
    if (!nids.empty()) return kExitOk;
    g.out->flush();
    *g.err << no_match;
    return kExitNothingFound;
  };
  if (f.list.count) {
    Counts c;
    c.nodes = nids.size();
    Node n;
    for (NodeId nid : nids) {
      if (!(s = r.GetNode(nid, &n)).ok()) return g.Fail(s);
      ++c.by_kind[KindName(n.kind)];
    }
    WriteCounts(c, f.format == "json", g.out);
    return finish();
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
  return finish();
}

}  // namespace

Command SetupSearchCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<SearchFlags>();
  CLI::App* cmd = app.add_subcommand("search", "Find nodes whose name or alias contains TEXT");
  cmd->add_option("TEXT", flags->text, "Text to look for (case and accents ignored)")->required();
  cmd->add_option("--kind", flags->kind, "Only nodes of this kind")->check(CLI::IsMember({"actor", "location"}));
  AddListFlags(cmd, &flags->list, /*with_count=*/true);
  AddAsOfFlag(cmd, &flags->as_of);
  AddFormatFlag(cmd, &flags->format, {"table", "json"});
  return {cmd, [flags, &g] { return RunSearch(*flags, g); }};
}

}  // namespace kg::cli
