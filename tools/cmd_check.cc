// kg check [--merges [--format table|json]]: verifies the store's
// invariants (exit 2 on any violation), or lists suspicious merges.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "graph/check.h"
#include "graph/merge_report.h"
#include "query/json_writer.h"
#include "query/table.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct CheckOptions {
  bool merges = false;
  std::string format = "table";
};

int RunMergeReport(const CheckOptions& o, const GlobalOptions& g, const GraphReader& reader) {
  std::vector<SuspiciousMerge> merges;
  Status s = FindSuspiciousMerges(reader, &merges);
  if (!s.ok()) return g.Fail(s);
  if (o.format == "json") {
    JsonWriter w(g.out);
    w.BeginObject().Key("merges").BeginArray();
    for (const auto& m : merges) {
      w.BeginObject().Member("check", m.check).Member("node", m.node).Member("name", m.name);
      if (!m.others.empty()) w.Key("others").Strings(m.others);
      if (m.check == "spread") w.Member("km", m.km);
      w.Member("detail", m.detail).EndObject();
    }
    w.EndArray().EndObject();
    return kExitOk;
  }
  Table t({"check", "node", "name", "detail"});
  for (const auto& m : merges) t.AddRow({m.check, m.node, m.name, m.detail});
  t.Write(g.out);
  *g.out << merges.size() << " suspicious merges\n";
  return kExitOk;
}

int RunCheck(const CheckOptions& o, const GlobalOptions& g) {
  std::unique_ptr<GraphStore> store;
  Status s = OpenForRead(g, &store);
  if (!s.ok()) return g.Fail(s);
  if (o.merges) return RunMergeReport(o, g, store->reader());
  // Every file read whole first: a damaged store is exit 3, not violations.
  s = store->kv()->VerifyFiles();
  if (!s.ok()) return g.Fail(s);
  std::vector<std::string> violations;
  s = CheckStore(store->reader(), &violations);
  if (!s.ok()) return g.Fail(s);
  for (const auto& v : violations) *g.err << "kg: check: " << v << '\n';
  if (!violations.empty()) {
    *g.err << "kg: check: " << violations.size() << " violations in " << g.DbPath() << '\n';
    return kExitBadInput;
  }
  StoreStats st;
  s = store->reader().Stats(&st);
  if (!s.ok()) return g.Fail(s);
  *g.out << "ok: " << st.nodes << " nodes, " << st.edges << " edges, " << st.records << " records\n";
  return kExitOk;
}

}  // namespace

Command SetupCheckCommand(CLI::App& app, const GlobalOptions& g) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Verify the store's invariants (exit 2 on any violation)");
  cmd->add_flag("--merges", o->merges,
                "List suspicious merges instead: places spread over more than 25 km or several levels, "
                "same-named actors kept apart by their roles (exit 0)");
  AddFormatFlag(cmd, &o->format, {"table", "json"});
  return {cmd, [o, &g] { return RunCheck(*o, g); }};
}

}  // namespace kg::cli
