// The store's history (CONTRACT.md section 6):
//   kg log [--format table|json]            its changes, newest first
//   kg diff A [B] [--format table|json]     what changed after A up to B
//   kg compact --before CHANGE              drop the history before CHANGE
#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>

#include "graph/history.h"
#include "query/diff.h"
#include "query/json_writer.h"
#include "query/table.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct LogFlags {
  ListOptions list;
  std::string format = "table";
};

std::string Joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

int RunLog(const LogFlags& f, const GlobalOptions& g) {
  std::unique_ptr<GraphStore> store;
  Status s = OpenForRead(g, &store);
  if (!s.ok()) return g.Fail(s);
  std::vector<ChangeInfo> changes;
  s = ReadChanges(store->reader(), &changes);
  if (!s.ok()) return g.Fail(s);
  std::reverse(changes.begin(), changes.end());  // newest first
  if (f.format == "json") {
    const size_t limit = f.list.JsonLimit();
    JsonWriter w(g.out);
    w.BeginArray();
    for (size_t i = 0; i < changes.size() && (limit == 0 || i < limit); ++i) {
      const ChangeInfo& c = changes[i];
      w.BeginObject()
          .Member("change", c.number)
          .Member("time", FormatUtcTimestamp(c.time))
          .Member("command", c.command);
      w.Key("files").Strings(c.files);
      w.Member("added", c.added)
          .Member("replaced", c.replaced)
          .Member("retracted", c.retracted)
          .Member("stale", c.stale)
          .Member("rejected", c.rejected)
          .Member("complete", c.complete)
          .EndObject();
    }
    w.EndArray();
  } else {
    Table t({"change", "time", "command", "added", "replaced", "retracted", "stale", "rejected", "files"},
            TableFor(g, f.list.TableLimit()));
    for (const auto& c : changes) {
      t.AddRow({std::to_string(c.number), FormatUtcTimestamp(c.time), c.command + (c.complete ? "" : " (cut short)"),
                std::to_string(c.added), std::to_string(c.replaced), std::to_string(c.retracted),
                std::to_string(c.stale), std::to_string(c.rejected), Joined(c.files)});
    }
    t.Write(g.out);
  }
  return kExitOk;
}

struct DiffFlags {
  std::string a, b;
  ListOptions list;
  std::string format = "table";
};

int RunDiff(const DiffFlags& f, const GlobalOptions& g) {
  std::unique_ptr<GraphStore> history;
  Status s = OpenForRead(g, &history);
  if (!s.ok()) return g.Fail(s);
  DiffInput in;
  s = ResolveAsOf(history->reader(), f.a, &in.a).WithPrefix("kg diff: A");
  if (s.ok()) {
    s = f.b.empty() ? LatestChange(history->reader(), &in.b)
                    : ResolveAsOf(history->reader(), f.b, &in.b).WithPrefix("kg diff: B");
  }
  if (!s.ok()) return g.Fail(s);
  if (in.a > in.b) {
    return g.Fail(Status::InvalidArgument("kg diff: change " + std::to_string(in.a) + " comes after change " +
                                          std::to_string(in.b)));
  }
  s = DiffRecords(history->reader(), in.a, in.b, &in.records);
  std::unique_ptr<GraphStore> before, after;
  if (s.ok()) s = OpenForRead(g, &before, std::to_string(in.a));
  if (s.ok()) s = OpenForRead(g, &after, std::to_string(in.b));
  if (!s.ok()) return g.Fail(s);
  in.before = &before->reader();
  in.after = &after->reader();
  uint64_t changes = 0;
  s = f.format == "json" ? WriteDiffJson(in, g.out, &changes)
                         : WriteDiffTable(in, TableFor(g, f.list.TableLimit()), g.out, &changes);
  if (!s.ok()) return g.Fail(s);
  return kExitOk;
}

struct CompactFlags {
  uint64_t before = 0;
};

int RunCompact(const CompactFlags& f, const GlobalOptions& g) {
  std::unique_ptr<GraphStore> store;
  Status s = OpenForWrite(g, &store);
  if (!s.ok()) return g.Fail(s);
  uint64_t dropped = 0;
  s = CompactHistory(store.get(), f.before, &dropped);
  if (!s.ok()) return g.Fail(s);
  *g.err << "kg: " << dropped << " past record versions dropped; --as-of and kg diff reach back to change "
         << f.before << '\n';
  return kExitOk;
}

}  // namespace

Command SetupLogCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<LogFlags>();
  CLI::App* cmd = app.add_subcommand("log", "List the store's changes (each ingest or retract that changed it), newest first");
  AddListFlags(cmd, &flags->list, /*with_count=*/false);
  AddFormatFlag(cmd, &flags->format, {"table", "json"});
  return {cmd, [flags, &g] { return RunLog(*flags, g); }};
}

Command SetupDiffCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<DiffFlags>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "What changed after change A up to change B (default: the latest): records, nodes and edges");
  cmd->add_option("A", flags->a, "A change number, or a UTC time (the last change at or before it)")->required();
  cmd->add_option("B", flags->b, "A change number, or a UTC time (default: the latest change)");
  AddListFlags(cmd, &flags->list, /*with_count=*/false);
  AddFormatFlag(cmd, &flags->format, {"table", "json"});
  return {cmd, [flags, &g] { return RunDiff(*flags, g); }};
}

Command SetupCompactCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<CompactFlags>();
  CLI::App* cmd = app.add_subcommand(
      "compact", "Drop the history before a change: --as-of and kg diff then reach back to it and no further");
  cmd->add_option("--before", flags->before, "The oldest change whose graph stays reachable")->required();
  return {cmd, [flags, &g] { return RunCompact(*flags, g); }};
}

}  // namespace kg::cli
