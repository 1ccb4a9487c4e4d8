// kg stats [--format table|json]
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "query/json_writer.h"
#include "query/table.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct StatsFlags {
  std::string as_of;  // --as-of
  ListOptions list;
  std::string format = "table";
};

int RunStats(const StatsFlags& f, const GlobalOptions& g) {
  const std::string& format = f.format;
  std::unique_ptr<GraphStore> store;
  Status s = OpenForRead(g, &store, f.as_of);
  if (!s.ok()) return g.Fail(s);
  StoreStats st;
  s = store->reader().Stats(&st);
  if (!s.ok()) return g.Fail(s);
  if (format == "json") {
    JsonWriter w(g.out);
    w.BeginObject().Member("nodes", st.nodes).Member("edges", st.edges).Member("records", st.records);
    w.Key("by_kind").BeginObject();
    for (const auto& [k, v] : st.by_kind) w.Member(k, v);
    w.EndObject().Key("by_type").BeginObject();
    for (const auto& [k, v] : st.by_type) w.Member(k, v);
    w.EndObject().EndObject();
    return kExitOk;
  }
  Table t({"what", "count"}, TableFor(g, f.list.TableLimit()));
  t.AddRow({"nodes", std::to_string(st.nodes)});
  for (const auto& [k, v] : st.by_kind) t.AddRow({"  " + k, std::to_string(v)});
  t.AddRow({"edges", std::to_string(st.edges)});
  for (const auto& [k, v] : st.by_type) t.AddRow({"  " + k, std::to_string(v)});
  t.AddRow({"records", std::to_string(st.records)});
  t.Write(g.out);
  return kExitOk;
}

}  // namespace

Command SetupStatsCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<StatsFlags>();
  CLI::App* cmd = app.add_subcommand("stats", "Count nodes, edges and records");
  AddListFlags(cmd, &flags->list, /*with_count=*/false);
  AddAsOfFlag(cmd, &flags->as_of);
  AddFormatFlag(cmd, &flags->format, {"table", "json"});
  return {cmd, [flags, &g] { return RunStats(*flags, g); }};
}

}  // namespace kg::cli
