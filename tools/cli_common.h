// Shared pieces of the kg command line: global options, opening the store,
// exit codes and error lines (CONTRACT.md section 2).
#pragma once

#include <cstddef>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"
#include "query/table.h"

namespace CLI {
class App;
}

namespace kg::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNothingFound = 1;
inline constexpr int kExitBadInput = 2;
// The environment failed: disk full, I/O error, permission, read-only file
// system, a damaged store, output that could not be written.
inline constexpr int kExitEnvironment = 3;
// Internal failures (a bug) exit 3 as well: the contract reserves other
// codes for them, and 3 is what scripts already test for.
inline constexpr int kExitInternal = 3;

struct GlobalOptions {
  std::string db;  // --db; empty: $KG_DB, else ./kg.db
  // Where a command writes its answer and its error lines. Default: the
  // process's stdout and stderr; `kg serve` runs commands into its replies.
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
  // Set once "kg: stdout: ..." was printed.
  mutable bool output_failed = false;
  std::string DbPath() const;
  // Prints "kg: message" on *err (made terminal-safe) and returns the exit
  // code for s; when *out has failed, says so instead ("kg: stdout: ...").
  int Fail(const Status& s) const;
};

int ExitCode(const Status& s);

// Opens the store for reading; with as_of (a --as-of value), the graph as
// it stood then (graph/history.h).
Status OpenForRead(const GlobalOptions& g, std::unique_ptr<GraphStore>* store, std::string_view as_of = {});
Status OpenForWrite(const GlobalOptions& g, std::unique_ptr<GraphStore>* store);

// Filters shared by the query commands: --type, --direction, --since, --until.
struct FilterOptions {
  std::vector<std::string> types;
  std::string direction = "both";
  std::string since, until;
  // Builds the EdgeFilter; InvalidArgument naming the flag on a bad value.
  Status ToEdgeFilter(EdgeFilter* filter) const;
  // The same, and InvalidArgument with a did-you-mean for a --type that no
  // stored edge has (the store's types are those `kg stats` counts).
  Status ToEdgeFilter(const GraphReader& reader, EdgeFilter* filter) const;
};
void AddFilterFlags(CLI::App* cmd, FilterOptions* f, bool with_direction = true);

// --limit N and --count, for the commands that list things.
struct ListOptions {
  size_t limit = 50;        // --limit; 0: all
  bool limit_given = false;  // JSON is cut only when --limit is given
  bool count = false;        // --count: print only how many
  // Rows a table shows (limit), and items JSON lists (limit when given,
  // else all); 0: all.
  size_t TableLimit() const { return limit; }
  size_t JsonLimit() const { return limit_given ? limit : 0; }
};
// Adds --limit (default `limit`), and --count when with_count.
void AddListFlags(CLI::App* cmd, ListOptions* l, bool with_count, size_t limit = 50);

// What --count prints: {"nodes": N, "edges": M, "by_kind": {...}} in JSON,
// "N nodes (A actor, L location), M edges" in a table.
struct Counts {
  uint64_t nodes = 0, edges = 0;
  std::map<std::string, uint64_t> by_kind;
};
void WriteCounts(const Counts& c, bool json, std::ostream* out);

// The width tables are cut to: the terminal's when g.out is the process's
// stdout (an FdStreamBuf) on a terminal, else $COLUMNS when set, else kDefaultTableWidth.
inline constexpr size_t kDefaultTableWidth = 160;
size_t TableWidth(const GlobalOptions& g);
TableOptions TableFor(const GlobalOptions& g, size_t limit);

// A stream buffer writing to a file descriptor that remembers why its first
// write failed (errno), so that `kg ... > /dev/full` can say so.
class FdStreamBuf : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd) : fd_(fd) { setp(buffer_, buffer_ + sizeof buffer_); }
  ~FdStreamBuf() override { sync(); }
  // errno of the first failed write; 0 when none failed.
  int error() const { return error_; }
  int fd() const { return fd_; }

 protected:
  int_type overflow(int_type c) override;
  int sync() override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;

 private:
  bool Drain();
  int fd_;
  int error_ = 0;
  char buffer_[1 << 16];
};

// After a command wrote its answer to *g.out: flushes it, and when anything
// could not be written prints "kg: stdout: REASON" (once) and returns exit
// 3; returns code otherwise.
int FinishOutput(const GlobalOptions& g, int code);

// Adds --as-of CHANGE|DATETIME, for the read commands (CONTRACT.md section 6).
void AddAsOfFlag(CLI::App* cmd, std::string* as_of);

// The clock changes are logged with: $SOURCE_DATE_EPOCH when set (fixed
// times, for reproducible logs and tests), else null (the system clock).
std::function<int64_t()> ChangeClock();

// Adds --format with the allowed choices; the first is the default.
void AddFormatFlag(CLI::App* cmd, std::string* format, const std::vector<std::string>& choices);

}  // namespace kg::cli
