#include "tools/cli_common.h"

#include <CLI/CLI.hpp>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "graph/history.h"
#include "graph/normalize.h"
#include "query/json_writer.h"
#include "query/text.h"

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
  if (!*out) return FinishOutput(*this, kExitInternal);  // the answer could not be written: say why
  int code = ExitCode(s);
  if (code == kExitBadInput) {
    *err << "kg: " << TerminalSafe(s.message()) << '\n';
  } else if (s.IsOutOfMemory()) {
    // The process's memory, whichever file it was reading: named by the
    // store, as RunKg and the terminate handler do for std::bad_alloc.
    *err << "kg: " << TerminalSafe(DbPath()) << ": out of memory\n";
  } else if (s.IsCorruption()) {
    *err << "kg: " << TerminalSafe(s.message())
         << " (kg wrote nothing to it; `kg repair --to NEWDIR` copies what is readable into a new store)\n";
  } else if (code == kExitEnvironment && (s.IsEnvironment() || s.IsIOError())) {
    *err << "kg: " << TerminalSafe(s.message()) << '\n';
  } else {
    *err << "kg: internal error: " << TerminalSafe(s.ToString()) << '\n';
  }
  return code;
}

Status OpenForRead(const GlobalOptions& g, std::unique_ptr<GraphStore>* store, std::string_view as_of) {
  StoreOptions o;
  o.read_only = true;
  Status s = GraphStore::Open(o, g.DbPath(), store);
  if (s.IsNotFound()) {
    return Status::NotFound("no kg store at " + g.DbPath() + " (ingest records first, or pass --db DIR)");
  }
  if (!s.ok() || as_of.empty()) return s;
  uint64_t change = 0;
  KG_RETURN_IF_ERROR(ResolveAsOf((*store)->reader(), as_of, &change).WithPrefix("--as-of"));
  return OpenAsOf(change, store);
}

void AddAsOfFlag(CLI::App* cmd, std::string* as_of) {
  cmd->add_option("--as-of", *as_of,
                  "Answer for the graph as it stood at the end of a change: its number (kg log), or a UTC time "
                  "(2025-06-20T08:00:00Z; a bare date is the end of that day)");
}

std::function<int64_t()> ChangeClock() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch) return nullptr;
  char* end = nullptr;
  const long long t = std::strtoll(epoch, &end, 10);
  if (*end != '\0') return nullptr;
  return [t] { return static_cast<int64_t>(t); };
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

Status FilterOptions::ToEdgeFilter(const GraphReader& reader, EdgeFilter* filter) const {
  KG_RETURN_IF_ERROR(ToEdgeFilter(filter));
  if (filter->types.empty()) return Status::OK();
  StoreStats stats;
  KG_RETURN_IF_ERROR(reader.Stats(&stats));
  for (const auto& t : filter->types) {
    if (stats.by_type.count(t) != 0) continue;
    std::string msg = "--type: no stored edge has type \"" + t + "\"";
    std::string best;
    size_t best_d = SIZE_MAX;
    const size_t cap = std::max<size_t>(2, t.size() / 3);
    for (const auto& [stored, n] : stats.by_type) {
      size_t d = EditDistance(t, stored, cap);
      if (d <= cap && d < best_d) best = stored, best_d = d;
    }
    if (!best.empty()) {
      msg += " (did you mean \"" + best + "\"?)";
    } else if (!stats.by_type.empty()) {
      msg += " (stored types:";
      size_t i = 0;
      for (const auto& [stored, n] : stats.by_type) {
        if (i++ == 12) {
          msg += " ...";
          break;
        }
        msg += " " + stored;
      }
      msg += ")";
    }
    return Status::InvalidArgument(msg);
  }
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

void AddListFlags(CLI::App* cmd, ListOptions* l, bool with_count, size_t limit) {
  l->limit = limit;
  cmd->add_option_function<size_t>(
      "--limit",
      [l](const size_t& n) {
        l->limit = n;
        l->limit_given = true;
      },
      "Rows a table shows (default " + std::to_string(limit) + ", 0 for all); JSON is cut only when given");
  if (with_count) cmd->add_flag("--count", l->count, "Print only how many nodes and edges");
}

void WriteCounts(const Counts& c, bool json, std::ostream* out) {
  if (json) {
    JsonWriter w(out);
    w.BeginObject().Member("nodes", c.nodes).Member("edges", c.edges).Key("by_kind").BeginObject();
    for (const auto& [k, v] : c.by_kind) w.Member(k, v);
    w.EndObject().EndObject();
    return;
  }
  *out << c.nodes << (c.nodes == 1 ? " node" : " nodes");
  if (!c.by_kind.empty()) {
    *out << " (";
    size_t i = 0;
    for (const auto& [k, v] : c.by_kind) *out << (i++ ? ", " : "") << v << ' ' << k;
    *out << ')';
  }
  *out << ", " << c.edges << (c.edges == 1 ? " edge" : " edges") << '\n';
}

size_t TableWidth(const GlobalOptions& g) {
  const auto* fd = dynamic_cast<const FdStreamBuf*>(g.out->rdbuf());
  if (fd != nullptr && ::isatty(fd->fd())) {
    struct winsize ws {};
    if (::ioctl(fd->fd(), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  }
  const char* columns = std::getenv("COLUMNS");
  if (columns != nullptr && *columns != '\0') {
    char* end = nullptr;
    unsigned long n = std::strtoul(columns, &end, 10);
    if (*end == '\0' && n > 0 && n < 100000) return n;
  }
  return kDefaultTableWidth;
}

TableOptions TableFor(const GlobalOptions& g, size_t limit) {
  TableOptions o;
  o.limit = limit;
  o.width = TableWidth(g);
  return o;
}

bool FdStreamBuf::Drain() {
  const char* p = pbase();
  const char* end = pptr();
  while (p < end && error_ == 0) {
    ssize_t n = ::write(fd_, p, static_cast<size_t>(end - p));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = n < 0 ? errno : EIO;
      break;
    }
    p += n;
  }
  setp(buffer_, buffer_ + sizeof buffer_);
  return error_ == 0;
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type c) {
  if (!Drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int FdStreamBuf::sync() { return Drain() ? 0 : -1; }

std::streamsize FdStreamBuf::xsputn(const char* s, std::streamsize n) {
  std::streamsize done = 0;
  while (done < n) {
    if (pptr() == epptr() && !Drain()) return done;
    std::streamsize room = std::min<std::streamsize>(epptr() - pptr(), n - done);
    std::memcpy(pptr(), s + done, static_cast<size_t>(room));
    pbump(static_cast<int>(room));
    done += room;
  }
  return done;
}

int FinishOutput(const GlobalOptions& g, int code) {
  if (g.output_failed) return kExitEnvironment;
  g.out->flush();
  if (*g.out) return code;
  const auto* fd = dynamic_cast<const FdStreamBuf*>(g.out->rdbuf());
  const int e = fd != nullptr && fd->error() != 0 ? fd->error() : EIO;
  *g.err << "kg: stdout: " << std::strerror(e) << '\n';
  g.output_failed = true;
  return kExitEnvironment;
}

void AddFormatFlag(CLI::App* cmd, std::string* format, const std::vector<std::string>& choices) {
  *format = choices.front();
  std::string help = "Output format:";
  for (const auto& c : choices) help += " " + c;
  cmd->add_option("--format", *format, help)->check(CLI::IsMember(choices));
}

}  // namespace kg::cli
