// kg retract RECORD... [--from FILE]: removes records and every fact only
// they supported, all of them in one change or none.
//
// Ids named on the command line must all be stored (a mistyped id is an
// error, exit 2, and nothing is retracted). Ids listed in FILE (one a line,
// or ACLED's deleted-events CSV) may name records the store never held:
// those are counted on stderr and skipped; when none of the listed ids is
// stored and no argument names a record, nothing is retracted and the exit
// code is 1 (nothing found).
#include <CLI/CLI.hpp>

#include <limits>
#include <memory>
#include <set>

#include "graph/writer.h"
#include "ingest/input.h"
#include "ingest/record_list.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct RetractFlags {
  std::vector<std::string> records;
  std::string from;  // empty: none
};

int RunRetract(const RetractFlags& f, const GlobalOptions& g) {
  RecordList listed;
  if (!f.from.empty()) {
    std::unique_ptr<InputFile> file;
    Status s = InputFile::Open(f.from, &file);  // names the file when it fails
    if (!s.ok()) return g.Fail(s);
    s = ReadRecordList(&file->stream(), &listed);
    if (s.ok()) s = file->status();
    if (!s.ok()) return g.Fail(s.WithPrefix(f.from));
  }
  if (f.records.empty() && listed.ids.empty()) {
    return g.Fail(Status::InvalidArgument(f.from.empty() ? "name the records to retract, or --from FILE"
                                                         : f.from + " lists no records"));
  }
  std::unique_ptr<GraphStore> store;
  Status s = OpenForWrite(g, &store);
  if (!s.ok()) return g.Fail(s);
  // Every record named as an argument must exist before any is removed.
  for (const auto& id : f.records) {
    StoredRecord rec;
    s = store->reader().GetRecord(id, &rec);
    if (s.IsNotFound()) return g.Fail(Status::NotFound("no record \"" + id + "\" in " + g.DbPath()));
    if (!s.ok()) return g.Fail(s);
  }
  std::vector<std::string> ids = f.records;
  std::set<std::string> seen(ids.begin(), ids.end());
  uint64_t missing = 0, listed_found = 0;
  for (const auto& id : listed.ids) {
    if (!seen.insert(id).second) continue;
    StoredRecord rec;
    s = store->reader().GetRecord(id, &rec);
    if (s.IsNotFound()) {
      missing++;
      continue;
    }
    if (!s.ok()) return g.Fail(s);
    listed_found++;
    ids.push_back(id);
  }
  if (missing > 0) {
    *g.err << "kg: " << missing << " of the " << (missing + listed_found) << " records " << f.from
           << (listed.acled_deletions ? " names (ACLED deleted events)" : " lists") << " are not in " << g.DbPath()
           << '\n';
  }
  if (ids.empty()) {
    *g.err << "kg: none of the records " << f.from << " lists is in " << g.DbPath() << "; nothing retracted\n";
    return kExitNothingFound;
  }
  // One batch, written by the Sync below: all of them or none.
  WriterOptions wo;
  wo.batch_bytes = std::numeric_limits<size_t>::max();
  wo.clock = ChangeClock();
  GraphWriter writer(store.get(), wo);
  writer.DescribeChange("retract", f.from.empty() ? std::vector<std::string>{} : std::vector<std::string>{f.from});
  for (const auto& id : ids) {
    s = writer.Retract(id);
    if (s.IsNotFound()) continue;  // named twice
    if (!s.ok()) return g.Fail(s);
  }
  s = writer.Sync();
  if (!s.ok()) return g.Fail(s);
  const WriteStats& w = writer.stats();
  *g.err << "kg: " << w.retracted << " records retracted; " << w.nodes_removed << " nodes and " << w.edges_removed
         << " edges removed\n";
  return kExitOk;
}

}  // namespace

Command SetupRetractCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<RetractFlags>();
  CLI::App* cmd = app.add_subcommand(
      "retract",
      "Remove records and what only they supported, all in one change. Every RECORD must be stored (else exit 2, "
      "nothing retracted); ids listed in --from that are not stored are counted on stderr and skipped, and exit 1 "
      "says none of them was");
  cmd->add_option("RECORD", flags->records, "Record ids");
  cmd->add_option("--from", flags->from,
                  "Also the records listed in FILE (- for standard input): one id a line, or ACLED's deleted-events "
                  "CSV (event_id_cnty column)");
  return {cmd, [flags, &g] { return RunRetract(*flags, g); }};
}

}  // namespace kg::cli
