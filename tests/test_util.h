// Shared helpers of kg's tests (Catch2 v2). Header-only: every test file may
// include it.
//
//   TempDir      a fresh directory under /tmp, removed with everything in it
//                when the TempDir goes out of scope.
//   TempStore    a fixture owning a TempDir and a writable GraphStore with its
//                GraphWriter: TEST_CASE_METHOD(TempStore, "...", "[graph]").
//                Apply()/ApplyAll() feed it native JSON records.
//   Dump()       the state of a store as canonical text (nodes, edges,
//                records), for REQUIRE(Dump(r) == ...) and before/after
//                comparisons. DumpLines() picks some of its lines.
//   Violations() what CheckStore finds wrong with a store (empty when sound).
//   RunKg()      runs the built kg binary, capturing its exit code, stdout and
//                stderr separately. KgCli owns a temp store directory and
//                passes it with --db.
//   KG_REQUIRE_OK / KG_CHECK_OK  assert that a Status is OK, printing it when
//                it is not.
//
// Dump format, one fact per line, lines sorted (records: in ingestion order):
//   node <id> <kind> "<name>"[ aliases=["a","b"]][ attrs={k:v,...}][ coords=[lat,lon]] records=[<record ids>]
//   edge <from id> -<TYPE>-> <to id>[ <date>][ attrs={k:v,...}] support=<n> sources=[<record ids>]
//   record <record id>
// Strings are written as JSON string literals; ids bare unless they hold
// characters outside [A-Za-z0-9_.:/-]. Attr values: "text", 42 (integer),
// 42.0 or 0.5 (floating point, shortest form that reads back), true, false.
// Node lines come first, then edge lines, then record lines.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "graph/check.h"
#include "graph/history.h"
#include "graph/key_codec.h"
#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"
#include "graph/value_codec.h"
#include "graph/writer.h"
#include "ingest/ingester.h"
#include "ingest/native_reader.h"
#include "ingest/record_parser.h"

extern char** environ;

// Asserts that a kg::Status is OK; on failure the message shows the Status.
#define KG_REQUIRE_OK(expr)                          \
  do {                                               \
    ::kg::Status kg_require_ok_status_ = (expr);     \
    INFO(#expr " -> " << kg_require_ok_status_.ToString()); \
    REQUIRE(kg_require_ok_status_.ok());             \
  } while (0)
#define KG_CHECK_OK(expr)                            \
  do {                                               \
    ::kg::Status kg_check_ok_status_ = (expr);       \
    INFO(#expr " -> " << kg_check_ok_status_.ToString()); \
    CHECK(kg_check_ok_status_.ok());                 \
  } while (0)

namespace kg::test {

// ---------------------------------------------------------------- files

// A new, empty directory /tmp/<tag>.XXXXXX, removed recursively (with
// everything in it) at destruction. Not copyable.
// /dev/shm (a tmpfs) when it can be written, else /tmp.
inline std::string FastTempBase() { return ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"; }

class TempDir {
 public:
  // base: where it is made; FastTempBase() for stores a test builds by the
  // hundred (their syncs cost nothing on a tmpfs).
  explicit TempDir(std::string_view tag = "kg_test", std::string_view base = "/tmp") {
    std::string templ = std::string(base) + "/" + std::string(tag) + ".XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr) {
      throw std::runtime_error("mkdtemp " + templ + ": " + std::strerror(errno));
    }
    path_ = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path()/name (nothing is created).
  std::string Path(std::string_view name) const { return path_ + "/" + std::string(name); }
  // Writes content to path()/name (bytes as given) and returns that path.
  std::string Write(std::string_view name, std::string_view content) const {
    std::string p = Path(name);
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + p);
    return p;
  }

 private:
  std::string path_;
};

// The whole content of a file; empty when it cannot be read.
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Splits text at '\n' (a final newline does not make an empty last line).
inline std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// Path of a file of the source tree, e.g. SourcePath("examples/mali-2025-06-13.jsonl").
inline std::string SourcePath(std::string_view relative) {
  return std::string(KG_SOURCE_DIR) + "/" + std::string(relative);
}
inline std::string ExampleFile(int day) {
  return SourcePath(day == 13 ? "examples/mali-2025-06-13.jsonl" : "examples/mali-2025-06-20.jsonl");
}

// ---------------------------------------------------------------- dump

namespace detail {

inline std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

inline std::string Word(std::string_view s) {
  bool bare = !s.empty();
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.' || c == ':' || c == '/' || c == '-';
    bare = bare && ok;
  }
  return bare ? std::string(s) : JsonQuote(s);
}

inline std::string Number(double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // n: inf, nan
  return s;
}

inline std::string AttrsText(const Attrs& attrs) {
  std::string out = "{";
  for (const auto& [k, v] : attrs) {
    if (out.size() > 1) out += ",";
    out += Word(k) + ":";
    if (const auto* s = std::get_if<std::string>(&v)) {
      out += JsonQuote(*s);
    } else if (const auto* i = std::get_if<int64_t>(&v)) {
      out += std::to_string(*i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      out += Number(*d);
    } else {
      out += std::get<bool>(v) ? "true" : "false";
    }
  }
  return out + "}";
}

inline Status RecordList(const GraphReader& r, const std::vector<RecordSeq>& seqs, std::string* out) {
  *out = "[";
  for (size_t i = 0; i < seqs.size(); ++i) {
    std::string id;
    KG_RETURN_IF_ERROR(r.RecordIdOf(seqs[i], &id));
    if (i) *out += ",";
    *out += Word(id);
  }
  *out += "]";
  return Status::OK();
}

inline Status DumpTo(const GraphReader& r, std::string* text) {
  std::vector<Node> nodes;
  std::map<NodeId, std::string> ids;
  KG_RETURN_IF_ERROR(r.ForEachNode([&](const Node& n) {
    nodes.push_back(n);
    ids[n.nid] = n.id;
    return true;
  }));
  std::vector<std::string> node_lines, edge_lines, record_lines;
  for (const Node& n : nodes) {
    std::string line = "node " + Word(n.id) + " " + KindName(n.kind) + " " + JsonQuote(n.name);
    if (!n.aliases.empty()) {
      line += " aliases=[";
      for (size_t i = 0; i < n.aliases.size(); ++i) line += (i ? "," : "") + JsonQuote(n.aliases[i]);
      line += "]";
    }
    if (!n.attrs.empty()) line += " attrs=" + AttrsText(n.attrs);
    if (n.coords) line += " coords=[" + Number(n.coords->first) + "," + Number(n.coords->second) + "]";
    std::vector<RecordSeq> seqs;
    KG_RETURN_IF_ERROR(r.GetNodeRecords(n.nid, &seqs));
    std::string list;
    KG_RETURN_IF_ERROR(RecordList(r, seqs, &list));
    node_lines.push_back(line + " records=" + list);

    EdgeFilter out_only;
    out_only.direction = Direction::kOut;
    Status inner;
    KG_RETURN_IF_ERROR(r.ForEachEdge(n.nid, out_only, [&](const Edge& e) {
      auto to = ids.find(e.to);
      std::string edge = "edge " + Word(n.id) + " -" + e.type + "-> " +
                         (to == ids.end() ? "#" + std::to_string(e.to) + "?" : Word(to->second));
      if (e.date.dated()) edge += " " + e.date.text;
      if (!e.key.empty()) edge += " key=" + Word(e.key);
      if (!e.attrs.empty()) edge += " attrs=" + AttrsText(e.attrs);
      std::string sources;
      inner = RecordList(r, e.sources, &sources);
      edge += " support=" + std::to_string(e.sources.size()) + " sources=" + sources;
      edge_lines.push_back(std::move(edge));
      return inner.ok();
    }));
    KG_RETURN_IF_ERROR(inner);
  }
  // Records in ingestion order.
  auto it = r.kv()->NewIterator();
  std::string prefix = RecordSeqPrefix();
  for (it->Seek(prefix); it->Valid() && it->key().substr(0, prefix.size()) == prefix; it->Next()) {
    record_lines.push_back("record " + Word(it->value()));
  }
  KG_RETURN_IF_ERROR(it->status());
  std::sort(node_lines.begin(), node_lines.end());
  std::sort(edge_lines.begin(), edge_lines.end());
  text->clear();
  for (const auto* group : {&node_lines, &edge_lines, &record_lines}) {
    for (const auto& line : *group) *text += line + "\n";
  }
  return Status::OK();
}

}  // namespace detail

// The store's state as canonical text (format at the top of this file). A
// store that cannot be read gives "error: <status>".
inline std::string Dump(const GraphReader& reader) {
  std::string text;
  Status s = detail::DumpTo(reader, &text);
  if (!s.ok()) return "error: " + s.ToString() + "\n";
  return text;
}

// Every key of one family in the store.
inline std::vector<std::string> KeysUnder(const KvReader& kv, const std::string& prefix) {
  std::vector<std::string> keys;
  auto it = kv.NewIterator();
  for (it->Seek(prefix); it->Valid() && it->key().substr(0, prefix.size()) == prefix; it->Next()) {
    keys.emplace_back(it->key());
  }
  REQUIRE(it->status().ok());
  return keys;
}

// Dump of the graph as it stood at the end of change, rebuilt from the
// history that reader's store keeps (graph/history.h).
inline std::string PastDump(const GraphReader& reader, uint64_t change) {
  TempDir dir("kg_past", FastTempBase());
  Status s = BuildPastStore(reader, change, dir.Path("past"));
  std::unique_ptr<GraphStore> past;
  if (s.ok()) s = GraphStore::Open(StoreOptions(), dir.Path("past"), &past);
  if (!s.ok()) return "error: " + s.ToString() + "\n";
  return Dump(past->reader());
}

// The lines of Dump(reader) that start with prefix, e.g. "node fama " or
// "edge fama -STRUCK-> ".
inline std::vector<std::string> DumpLines(const GraphReader& reader, std::string_view prefix = "") {
  std::vector<std::string> out;
  for (auto& line : SplitLines(Dump(reader))) {
    if (line.compare(0, prefix.size(), prefix) == 0) out.push_back(std::move(line));
  }
  return out;
}

// What CheckStore reports; an unreadable store gives one "error: ..." line.
inline std::vector<std::string> Violations(const GraphReader& reader) {
  std::vector<std::string> v;
  Status s = CheckStore(reader, &v);
  if (!s.ok()) v.push_back("error: " + s.ToString());
  return v;
}

// ---------------------------------------------------------------- store fixture

// A writable store in a fresh temp directory, with its writer. Reads through
// reader() see every record applied so far, committed or not; but the
// store's counters (GraphReader::Stats, and so CheckStore) are only written
// by Commit(): commit before reading them.
//
//   TEST_CASE_METHOD(TempStore, "aliases are unioned", "[graph][writer]") {
//     KG_REQUIRE_OK(Apply(R"({"record":"r1","nodes":[{"id":"x","kind":"actor"}]})"));
//     REQUIRE(DumpLines(reader(), "node x ") == ...);
//   }
class TempStore {
 public:
  TempStore() : TempStore("/tmp") {}
  // A store made under base (FastTempBase() for throwaway ones).
  explicit TempStore(std::string_view base) : dir_("kg_store", base), db_path_(dir_.Path("db")) { Open(false); }
  virtual ~TempStore() = default;

  const std::string& db_path() const { return db_path_; }
  const TempDir& dir() const { return dir_; }
  GraphStore& store() { return *store_; }
  GraphWriter& writer() { return *writer_; }
  const GraphReader& reader() const { return writer_ ? writer_->reader() : store_->reader(); }

  // Parses one native record and applies it (not committed).
  Status Apply(std::string_view json, ApplyOutcome* outcome = nullptr) {
    Record record;
    KG_RETURN_IF_ERROR(ParseRecordText(json, &record));
    return writer_->Apply(record, outcome);
  }
  // Applies every record of text (JSON Lines, an array or concatenated
  // values) in order, then commits. Stops at the first error, returned as
  // "line N: message" with the error's code.
  Status ApplyAll(std::string_view text) {
    std::istringstream in{std::string(text)};
    auto reader = NewNativeReader(&in, JsonStreamLimits());
    for (;;) {
      Record record;
      bool done = false;
      Status s = reader->Next(&record, &done);
      if (s.ok() && done) break;
      if (s.ok()) s = writer_->Apply(record);
      if (!s.ok()) return s.WithPrefix("line " + std::to_string(reader->line()));
    }
    return writer_->Commit();
  }
  // Ingests files the way `kg ingest` does (and syncs).
  Status IngestFiles(const std::vector<std::string>& files, IngestReport* report = nullptr) {
    IngestReport local;
    return kg::IngestFiles(writer_.get(), files, IngestOptions(), report ? report : &local);
  }
  // The two example files, in order.
  Status IngestExamples() { return IngestFiles({ExampleFile(13), ExampleFile(20)}); }
  Status Retract(std::string_view record_id) { return writer_->Retract(record_id); }
  Status Commit() { return writer_->Commit(); }
  Status Sync() { return writer_->Sync(); }
  // Ends the writer's change (committed, not synced: it stays marked
  // incomplete) and starts the next with a new writer, as a new kg command
  // would; clock, when given, times the new change.
  Status NextChange(std::function<int64_t()> clock = nullptr) {
    KG_RETURN_IF_ERROR(writer_->Commit());
    WriterOptions o;
    o.clock = std::move(clock);
    writer_ = std::make_unique<GraphWriter>(store_.get(), o);
    return Status::OK();
  }

  // Syncs, closes and opens the store again (writable unless read_only; a
  // read-only store has no writer).
  void Reopen(bool read_only = false) {
    Close();
    Open(read_only);
  }
  // Syncs and closes the store (and its writer lock) until Reopen().
  void Close() {
    if (writer_) {
      Status s = writer_->Sync();
      if (!s.ok()) throw std::runtime_error("sync: " + s.ToString());
    }
    writer_.reset();
    store_.reset();
  }

  // Parses one record with the native parser.
  static Status ParseRecordText(std::string_view json, Record* record) { return ParseRecord(json, record); }

 private:
  void Open(bool read_only) {
    StoreOptions o;
    o.read_only = read_only;
    o.create_if_missing = !read_only;
    Status s = GraphStore::Open(o, db_path_, &store_);
    if (!s.ok()) throw std::runtime_error("open " + db_path_ + ": " + s.ToString());
    if (!read_only) writer_ = std::make_unique<GraphWriter>(store_.get());
  }

  TempDir dir_;
  std::string db_path_;
  std::unique_ptr<GraphStore> store_;
  std::unique_ptr<GraphWriter> writer_;
};

// What stood at the end of each change of a TempStore, for the tests that
// check the history against it: the caller's model of its records, and the
// store's Dump, by change number (0: before any change, empty).
template <typename Model>
struct ChangesSeen {
  std::map<uint64_t, Model> model = {{0, Model{}}};
  std::map<uint64_t, std::string> dump = {{0, ""}};
  // Ends the store's change (TempStore::NextChange) and keeps both; returns
  // the latest change number.
  uint64_t End(TempStore& store, const Model& now) {
    KG_REQUIRE_OK(store.NextChange());
    uint64_t latest = 0;
    KG_REQUIRE_OK(LatestChange(store.reader(), &latest));
    model[latest] = now;
    dump[latest] = Dump(store.reader());
    return latest;
  }
};

// ---------------------------------------------------------------- running kg

struct KgResult {
  int exit_code = -1;      // the exit code, or 128 + signal when killed
  std::string out, err;    // stdout and stderr
  bool timed_out = false;  // killed after KgRunOptions::timeout_seconds
  double seconds = 0;      // wall time
};

// Shown by Catch in failure messages (INFO(result), CAPTURE(result)).
inline std::ostream& operator<<(std::ostream& os, const KgResult& r) {
  os << "exit " << r.exit_code << (r.timed_out ? " (timed out)" : "") << "\n--- stdout\n"
     << r.out << "--- stderr\n"
     << r.err << "---";
  return os;
}

struct KgRunOptions {
  // Working directory of kg. Default: the test's own.
  std::string cwd;
  // Variables set for kg. KG_DB is removed from the inherited environment
  // unless set here. Default: none.
  std::map<std::string, std::string> env;
  // kg is killed (SIGKILL) after this long. Default: 60 s.
  double timeout_seconds = 60;
};

// Runs the built kg (KG_BINARY) with args (no --db is added: see KgCli),
// stdin_text as its standard input, and captures exit code, stdout and
// stderr separately.
inline KgResult RunKg(const std::vector<std::string>& args, const std::string& stdin_text = "",
                      const KgRunOptions& options = KgRunOptions()) {
  TempDir io("kg_run");
  const std::string in_path = io.Write("stdin", stdin_text);
  const std::string out_path = io.Path("stdout"), err_path = io.Path("stderr");

  // Everything the child needs is built before fork: after it, only exec.
  std::vector<std::string> argv_s = {KG_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view kv(*e);
    std::string name(kv.substr(0, kv.find('=')));
    if (name == "KG_DB" || options.env.count(name)) continue;
    env_s.emplace_back(kv);
  }
  for (const auto& [k, v] : options.env) env_s.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  int in_fd = ::open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
  int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot open kg's io files");

  KgResult result;
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    if (::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(in_fd);
  ::close(out_fd);
  ::close(err_fd);
  int status = 0;
  for (;;) {
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!result.timed_out && elapsed > options.timeout_seconds) {
      ::kill(pid, SIGKILL);
      result.timed_out = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

// A temp directory for command-line tests, whose store (dir().Path("db"),
// not created until kg creates it) every Run passes with --db.
//
//   KgCli kg;
//   KgResult r = kg.Run({"ingest", ExampleFile(13)});
//   REQUIRE(r.exit_code == 0);
class KgCli {
 public:
  KgCli() : dir_("kg_cli"), db_(dir_.Path("db")) {}

  const TempDir& dir() const { return dir_; }
  const std::string& db() const { return db_; }

  // kg --db <db> args...
  KgResult Run(const std::vector<std::string>& args, const std::string& stdin_text = "",
               const KgRunOptions& options = KgRunOptions()) const {
    std::vector<std::string> full = {"--db", db_};
    full.insert(full.end(), args.begin(), args.end());
    return RunKg(full, stdin_text, options);
  }

  // Opens the store read-only (fails the test when it cannot) and dumps it.
  std::string Dump() const {
    std::unique_ptr<GraphStore> store;
    StoreOptions o;
    o.read_only = true;
    Status s = GraphStore::Open(o, db_, &store);
    if (!s.ok()) return "error: " + s.ToString() + "\n";
    return kg::test::Dump(store->reader());
  }

 private:
  TempDir dir_;
  std::string db_;
};

// A KgCli whose store holds the two example files, ingested by kg itself.
class ExamplesCli : public KgCli {
 public:
  ExamplesCli() {
    KgResult r = Run({"ingest", ExampleFile(13), ExampleFile(20)});
    if (r.exit_code != 0) throw std::runtime_error("ingest of the examples failed: " + r.err);
  }
};

}  // namespace kg::test
