// kg repair --to NEWDIR: copies what is readable of a damaged store into a
// new one. The damaged store is only read.
#include <CLI/CLI.hpp>

#include <memory>

#include "graph/check.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

int RunRepair(const std::string& to, const GlobalOptions& g) {
  Status s = Kv::Salvage(g.DbPath(), to);
  if (!s.ok()) return g.Fail(s);
  StoreOptions o;
  o.read_only = true;
  std::unique_ptr<GraphStore> store;
  s = GraphStore::Open(o, to, &store);
  if (!s.ok()) return g.Fail(s.WithPrefix("the salvaged store"));
  std::vector<std::string> violations;
  s = CheckStore(store->reader(), &violations);
  if (!s.ok()) return g.Fail(s);
  StoreStats st;
  s = store->reader().Stats(&st);
  if (!s.ok()) return g.Fail(s);
  *g.out << "salvaged " << g.DbPath() << " into " << to << ": " << st.nodes << " nodes, " << st.edges << " edges, "
         << st.records << " records\n";
  if (!violations.empty()) {
    for (const auto& v : violations) *g.err << "kg: check: " << v << '\n';
    *g.err << "kg: " << to << ": " << violations.size()
           << " violations: part of the store was lost; ingest its source files again into " << to << '\n';
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace

Command SetupRepairCommand(CLI::App& app, const GlobalOptions& g) {
  auto to = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("repair", "Copy what is readable of a damaged store into a new store (--to)");
  cmd->add_option("--to", *to, "The new store's directory (must not exist)")->required();
  return {cmd, [to, &g] { return RunRepair(*to, g); }};
}

}  // namespace kg::cli
