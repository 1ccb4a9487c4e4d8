// Shared pieces of the kg command line: global options, opening the store,
// exit codes and error lines (CONTRACT.md section 2).
#pragma once

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"

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
  std::string DbPath() const;
  // Prints "kg: message" on *err and returns the exit code for s.
  int Fail(const Status& s) const;
};

int ExitCode(const Status& s);

Status OpenForRead(const GlobalOptions& g, std::unique_ptr<GraphStore>* store);
Status OpenForWrite(const GlobalOptions& g, std::unique_ptr<GraphStore>* store);

// Filters shared by the query commands: --type, --direction, --since, --until.
struct FilterOptions {
  std::vector<std::string> types;
  std::string direction = "both";
  std::string since, until;
  // Builds the EdgeFilter; InvalidArgument naming the flag on a bad value.
  Status ToEdgeFilter(EdgeFilter* filter) const;
};
void AddFilterFlags(CLI::App* cmd, FilterOptions* f, bool with_direction = true);

// Adds --format with the allowed choices; the first is the default.
void AddFormatFlag(CLI::App* cmd, std::string* format, const std::vector<std::string>& choices);

}  // namespace kg::cli
