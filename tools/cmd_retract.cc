// kg retract RECORD...: removes records and every fact only they supported.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "graph/writer.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

int RunRetract(const std::vector<std::string>& records, const GlobalOptions& g) {
  std::unique_ptr<GraphStore> store;
  Status s = OpenForWrite(g, &store);
  if (!s.ok()) return g.Fail(s);
  // Every record must exist before any is removed.
  for (const auto& id : records) {
    StoredRecord rec;
    s = store->reader().GetRecord(id, &rec);
    if (s.IsNotFound()) return g.Fail(Status::NotFound("no record \"" + id + "\" in " + g.DbPath()));
    if (!s.ok()) return g.Fail(s);
  }
  GraphWriter writer(store.get());
  for (const auto& id : records) {
    s = writer.Retract(id);
    if (s.IsNotFound()) continue;  // named twice
    if (!s.ok()) return g.Fail(s);
  }
  s = writer.Sync();
  if (!s.ok()) return g.Fail(s);
  const WriteStats& w = writer.stats();
  std::fprintf(stderr, "kg: %llu records retracted; %llu nodes and %llu edges removed\n",
               static_cast<unsigned long long>(w.retracted), static_cast<unsigned long long>(w.nodes_removed),
               static_cast<unsigned long long>(w.edges_removed));
  return kExitOk;
}

}  // namespace

Command SetupRetractCommand(CLI::App& app, const GlobalOptions& g) {
  auto records = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("retract", "Remove records and what only they supported");
  cmd->add_option("RECORD", *records, "Record ids")->required();
  return {cmd, [records, &g] { return RunRetract(*records, g); }};
}

}  // namespace kg::cli
