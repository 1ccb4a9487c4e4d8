// kg check: verifies the store's invariants; exit 2 on any violation.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "graph/check.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

int RunCheck(const GlobalOptions& g) {
  std::unique_ptr<GraphStore> store;
  Status s = OpenForRead(g, &store);
  if (!s.ok()) return g.Fail(s);
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
  CLI::App* cmd = app.add_subcommand("check", "Verify the store's invariants (exit 2 on any violation)");
  return {cmd, [&g] { return RunCheck(g); }};
}

}  // namespace kg::cli
