// kg ingest FILE... [--format native|acled|ucdp] [--skip-invalid] [--rejects FILE]
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "graph/writer.h"
#include "ingest/ingester.h"
#include "query/text.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct IngestFlags {
  std::vector<std::string> files;
  std::string format = "auto";  // each file's own: JSON, or a dataset's CSV header
  bool skip_invalid = false;
  std::string rejects;
  uint64_t max_record_bytes = JsonStreamLimits().max_value_bytes;
  uint32_t max_depth = JsonStreamLimits().max_depth;
};

void PrintProgress(const IngestProgress& p) {
  double rate = p.seconds > 0 ? static_cast<double>(p.records) / p.seconds : 0;
  if (p.total_bytes > 0) {
    std::fprintf(stderr, "\r%s: %llu records, %.0f records/s, %.0f%%   ", p.file.c_str(),
                 static_cast<unsigned long long>(p.records), rate,
                 100.0 * static_cast<double>(p.bytes) / static_cast<double>(p.total_bytes));
  } else {
    std::fprintf(stderr, "\r%s: %llu records, %.0f records/s   ", p.file.c_str(),
                 static_cast<unsigned long long>(p.records), rate);
  }
  std::fflush(stderr);
}

int RunIngest(const IngestFlags& f, const GlobalOptions& g) {
  IngestOptions options;
  if (!ParseInputFormat(f.format, &options.format)) {
    return g.Fail(Status::InvalidArgument("--format must be native, acled or ucdp"));
  }
  options.skip_invalid = f.skip_invalid;
  options.limits.max_value_bytes = f.max_record_bytes;
  options.limits.max_depth = f.max_depth;
  std::ofstream rejects;
  if (!f.rejects.empty()) {
    if (!f.skip_invalid) return g.Fail(Status::InvalidArgument("--rejects needs --skip-invalid"));
    rejects.open(f.rejects, std::ios::binary | std::ios::trunc);
    if (!rejects) return g.Fail(Status::InvalidArgument("--rejects: cannot write " + f.rejects));
    options.rejects = &rejects;
  }
  const bool tty = isatty(STDERR_FILENO);
  bool progress_shown = false;
  if (tty) {
    options.on_progress = [&](const IngestProgress& p) {
      PrintProgress(p);
      progress_shown = true;
    };
  }
  options.on_reject = [&](const std::string& msg) {
    if (progress_shown) *g.err << "\r\033[K";
    progress_shown = false;
    *g.err << "kg: " << TerminalSafe(msg) << '\n';
  };

  std::unique_ptr<GraphStore> store;
  Status s = OpenForWrite(g, &store);
  if (!s.ok()) return g.Fail(s);
  WriterOptions wo;
  wo.clock = ChangeClock();
  GraphWriter writer(store.get(), wo);
  IngestReport report;
  s = IngestFiles(&writer, f.files, options, &report);
  if (progress_shown) *g.err << "\r\033[K";
  const WriteStats& w = report.writes;
  char summary[512];
  std::snprintf(summary, sizeof summary,
                "kg: %llu records read: %llu ingested, %llu replaced, %llu unchanged, %llu stale, %llu rejected; "
                "%llu nodes and %llu edges added (%.2f s)\n",
                static_cast<unsigned long long>(report.records), static_cast<unsigned long long>(w.ingested),
                static_cast<unsigned long long>(w.replaced), static_cast<unsigned long long>(w.unchanged),
                static_cast<unsigned long long>(w.stale),
                static_cast<unsigned long long>(report.rejected + (s.IsInvalidArgument() ? 1 : 0)),
                static_cast<unsigned long long>(w.nodes_added), static_cast<unsigned long long>(w.edges_added),
                report.seconds);
  *g.err << summary;
  if (rejects.is_open()) {
    rejects.close();
    if (!rejects) return g.Fail(Status::IOError("--rejects: cannot write " + f.rejects));
  }
  if (!s.ok()) return g.Fail(s);
  return kExitOk;
}

}  // namespace

Command SetupIngestCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<IngestFlags>();
  CLI::App* cmd = app.add_subcommand("ingest", "Ingest records from files (- for standard input, .gz read as gzip)");
  cmd->add_option("FILE", flags->files, "Input files")->required();
  cmd->add_option("--format", flags->format, "Input format: native, acled or ucdp (default: told by each file, JSON or a dataset's CSV header)")
      ->check(CLI::IsMember({"native", "acled", "ucdp"}));
  cmd->add_flag("--skip-invalid", flags->skip_invalid, "Go on after invalid records, counting them");
  cmd->add_option("--rejects", flags->rejects, "Write each rejected record to this file (with --skip-invalid)");
  cmd->add_option("--max-record-bytes", flags->max_record_bytes, "Largest record accepted (default 16 MiB)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-depth", flags->max_depth, "Deepest JSON nesting accepted (default 64)")
      ->check(CLI::Range(4u, 100000u));
  return {cmd, [flags, &g] { return RunIngest(*flags, g); }};
}

}  // namespace kg::cli
