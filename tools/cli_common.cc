#include "tools/cli_common.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace kg::cli {

std::string GlobalOptions::DbPath() const {
  if (!db.empty()) return db;
  const char* env = std::getenv("KG_DB");
  if (env != nullptr && *env != '\0') return env;
  return "kg.db";
}

int ExitCode(const Status& s) {
  if (s.ok()) return kExitOk;
  if (s.IsInvalidArgument() || s.IsNotFound() || s.IsBusy()) return kExitBadInput;
  if (s.IsEnvironment()) return kExitEnvironment;
  return kExitInternal;
}

int GlobalOptions::Fail(const Status& s) const {
  int code = ExitCode(s);
  if (code == kExitBadInput) {
    *err << "kg: " << s.message() << '\n';
  } else if (s.IsCorruption()) {
    *err << "kg: " << s.message() << " (kg wrote nothing to it; `kg repair --to NEWDIR` copies what is readable"
         << " into a new store)\n";
  } else if (code == kExitEnvironment) {
    *err << "kg: " << s.message() << '\n';
  } else {
    *err << "kg: internal error: " << s.ToString() << '\n';
  }
  return code;
}

Status OpenForRead(const GlobalOptions& g, std::unique_ptr<GraphStore>* store) {
  StoreOptions o;
  o.read_only = true;
  Status s = GraphStore::Open(o, g.DbPath(), store);
  if (s.IsNotFound()) {
    return Status::NotFound("no kg store at " + g.DbPath() + " (ingest records first, or pass --db DIR)");
  }
  return s;
}

Status OpenForWrite(const GlobalOptions& g, std::unique_ptr<GraphStore>* store) {
  StoreOptions o;
  o.read_only = false;
  o.create_if_missing = true;
  return GraphStore::Open(o, g.DbPath(), store);
}

Status FilterOptions::ToEdgeFilter(EdgeFilter* filter) const {
  *filter = EdgeFilter();
  for (const auto& t : types) {
    bool ok = !t.empty() && t[0] >= 'A' && t[0] <= 'Z';
    for (char c : t) ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
    if (!ok) return Status::InvalidArgument("--type: \"" + t + "\" is not an edge type (^[A-Z][A-Z0-9_]*$)");
    filter->types.push_back(t);
  }
  std::sort(filter->types.begin(), filter->types.end());
  filter->types.erase(std::unique(filter->types.begin(), filter->types.end()), filter->types.end());
  if (direction == "out") {
    filter->direction = Direction::kOut;
  } else if (direction == "in") {
    filter->direction = Direction::kIn;
  } else if (direction == "both") {
    filter->direction = Direction::kBoth;
  } else {
    return Status::InvalidArgument("--direction must be out, in or both, got \"" + direction + "\"");
  }
  DateRange d;
  if (!since.empty()) {
    if (!ParseDateRange(since, &d) || since.find('/') != std::string::npos) {
      return Status::InvalidArgument("--since: \"" + since + "\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    }
    filter->window.first = d.first;
  }
  if (!until.empty()) {
    if (!ParseDateRange(until, &d) || until.find('/') != std::string::npos) {
      return Status::InvalidArgument("--until: \"" + until + "\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    }
    filter->window.last = d.last;
  }
  if (filter->window.first > filter->window.last) {
    return Status::InvalidArgument("--since " + since + " is after --until " + until);
  }
  if (!since.empty() || !until.empty()) filter->window.text = since + "/" + until;
  return Status::OK();
}

void AddFilterFlags(CLI::App* cmd, FilterOptions* f, bool with_direction) {
  cmd->add_option("--type", f->types, "Only edges of these types (comma-separated)")->delimiter(',');
  if (with_direction) {
    cmd->add_option("--direction", f->direction, "Follow edges out, in or both ways (default both)")
        ->check(CLI::IsMember({"out", "in", "both"}));
  }
  cmd->add_option("--since", f->since, "Only edges whose date overlaps on or after DATE (undated edges kept)");
  cmd->add_option("--until", f->until, "Only edges whose date overlaps on or before DATE (undated edges kept)");
}

void AddFormatFlag(CLI::App* cmd, std::string* format, const std::vector<std::string>& choices) {
  *format = choices.front();
  std::string help = "Output format:";
  for (const auto& c : choices) help += " " + c;
  cmd->add_option("--format", *format, help)->check(CLI::IsMember(choices));
}

}  // namespace kg::cli
