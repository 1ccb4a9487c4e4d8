// kg_bench: the benchmark driver of the performance issue (docs/BENCHMARKS.md).
//
//   kg_bench --events N [--seed S] --workdir DIR [--input FILE] [--queries Q]
//            [--kg PATH] [--gen PATH] [--floor PATH] [--format text|json]
//
// In DIR (created when missing; DIR/db and DIR/floor-db must not exist):
//   1. kg_gen writes N events with seed S to DIR/input.jsonl (timed apart,
//      not counted), unless --input FILE gives the data;
//   2. `kg --db DIR/db ingest FILE` runs as a child process: wall and CPU
//      time, records/s and edges/s (edges as written in the input records),
//      peak RSS and the store's size on disk afterwards;
//   3. the store is opened read-only in this process and Q shortest paths
//      (random node pairs; options as `kg path` uses them: one path, both
//      directions, at most 6 edges) and Q depth-2 neighborhoods (random
//      centers, half of them drawn by degree so that hubs come up) run once
//      untimed, then once timed: median, p90 and max in ms;
//   4. every answer is checked against a plain BFS over the whole graph held
//      in memory: path lengths (or "none within 6") and neighborhood sizes;
//   5. 20 fresh `kg --db DIR/db path A B` processes (A, B connected): median
//      and max wall ms;
//   6. kg_floor, the plain-RocksDB floor, stores as many edges in DIR/floor-db;
//      kg's edges/s is given as a ratio of the floor's.
// Then prints a text report, or one JSON object with --format json. DIR keeps
// the input, both stores and each child's output (gen, ingest, path, floor
// .out and .err).
//
// With --queries-only, DIR/db must exist (from an earlier run): only steps 3
// to 5 run, on it, and the report gives their figures. For profiling queries
// without ingesting again.
//
// --kg, --gen and --floor default to kg, kg_gen and kg_floor next to this
// executable. The query RNG is seeded with S, so a run is repeatable.
//
// Exit codes: 0 done, 1 an answer of kg differs from the BFS check (each
// difference is described on stderr), 2 bad usage or a failed step (one line
// on stderr).
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/store.h"
#include "ingest/input.h"
#include "ingest/native_reader.h"
#include "query/json_writer.h"
#include "query/traverse.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kExitOk = 0, kExitMismatch = 1, kExitError = 2;
constexpr int kFreshPathRuns = 20;
constexpr uint32_t kNeighborhoodDepth = 2;
constexpr size_t kMaxMismatchLines = 20;

// A failed step: main prints "kg_bench: <what>" and exits 2.
class BenchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// ---------------------------------------------------------------- options

struct Config {
  uint64_t events = 0;  // 0: not given (only with --input)
  uint64_t seed = 1;
  uint64_t queries = 200;
  std::string workdir, input, kg, gen, floor;
  std::string format = "text";
  bool queries_only = false;
};

const char kUsage[] =
    "usage: kg_bench --events N [--seed S] --workdir DIR [--input FILE] "
    "[--queries Q]\n"
    "                [--kg PATH] [--gen PATH] [--floor PATH] [--format "
    "text|json]\n"
    "                [--queries-only]\n"
    "  generates N events (or reads FILE), times kg's ingest, Q warm shortest "
    "paths\n"
    "  and Q depth-2 neighborhoods (checked against a BFS), 20 fresh `kg "
    "path`\n"
    "  processes and the plain-RocksDB floor; prints a report. --queries-only\n"
    "  runs only the queries and the fresh processes on DIR/db, left by an\n"
    "  earlier run.\n";

bool ParseUint(std::string_view s, uint64_t* v) {
  auto res = std::from_chars(s.data(), s.data() + s.size(), *v);
  return res.ec == std::errc() && res.ptr == s.data() + s.size() && !s.empty();
}

// The directory of this executable (for the sibling binaries).
std::string OwnDirectory(const char* argv0) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) self = fs::absolute(argv0, ec);
  return self.parent_path().string();
}

// Fills *c from the command line; returns an error message, or "" when the
// arguments are good.
std::string ParseArgs(int argc, char** argv, Config* c) {
  bool have_events = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--queries-only") {
      c->queries_only = true;
      continue;
    }
    if (i + 1 >= argc) return "missing value for " + std::string(arg);
    const std::string value = argv[++i];
    uint64_t* number = nullptr;
    if (arg == "--events") {
      number = &c->events;
      have_events = true;
    } else if (arg == "--seed") {
      number = &c->seed;
    } else if (arg == "--queries") {
      number = &c->queries;
    } else if (arg == "--workdir") {
      c->workdir = value;
    } else if (arg == "--input") {
      c->input = value;
    } else if (arg == "--kg") {
      c->kg = value;
    } else if (arg == "--gen") {
      c->gen = value;
    } else if (arg == "--floor") {
      c->floor = value;
    } else if (arg == "--format") {
      if (value != "text" && value != "json") return "--format takes text or json";
      c->format = value;
    } else {
      return "unknown argument " + std::string(arg);
    }
    if (number && !ParseUint(value, number)) return std::string(arg) + " takes a non-negative integer";
  }
  if (have_events && c->events == 0) return "--events takes a positive integer";
  if (!have_events && c->input.empty() && !c->queries_only) return "--events (or --input) is required";
  if (c->queries == 0 || c->queries > 1000000) return "--queries takes an integer from 1 to 1000000";
  if (c->workdir.empty()) return "--workdir is required";
  const std::string dir = OwnDirectory(argv[0]);
  if (c->kg.empty()) c->kg = dir + "/kg";
  if (c->gen.empty()) c->gen = dir + "/kg_gen";
  if (c->floor.empty()) c->floor = dir + "/kg_floor";
  return "";
}

// ---------------------------------------------------------------- child
// processes

struct ChildRun {
  int exit_code = -1;  // 128 + signal when killed
  double wall_s = 0, user_s = 0, sys_s = 0;
  long max_rss_kb = 0;
  std::string out, err;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double Seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; }

// Runs argv[0] with argv, stdin from /dev/null, stdout and stderr into
// io_prefix.out and io_prefix.err (read back into the result), and waits for
// it with wait4 to get its resource usage.
ChildRun RunChild(const std::vector<std::string>& args, const std::string& io_prefix) {
  std::vector<std::string> argv_s = args;
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string out_path = io_prefix + ".out", err_path = io_prefix + ".err";
  const int in_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) throw BenchError("cannot open " + io_prefix + ".out/.err");

  const Clock::time_point start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw BenchError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    if (::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
    ::execve(argv[0], argv.data(), environ);
    ::_exit(127);
  }
  ::close(in_fd);
  ::close(out_fd);
  ::close(err_fd);
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw BenchError(std::string("wait4: ") + std::strerror(errno));
  }
  ChildRun run;
  run.wall_s = SecondsSince(start);
  run.user_s = Seconds(usage.ru_utime);
  run.sys_s = Seconds(usage.ru_stime);
  run.max_rss_kb = usage.ru_maxrss;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = ReadFile(out_path);
  run.err = ReadFile(err_path);
  return run;
}

std::string LastLine(const std::string& text) {
  std::string_view t = text;
  while (!t.empty() && t.back() == '\n') t.remove_suffix(1);
  const size_t nl = t.rfind('\n');
  return std::string(nl == std::string_view::npos ? t : t.substr(nl + 1));
}

// Throws unless the run exited 0.
void RequireSuccess(const ChildRun& run, const std::string& what) {
  if (run.exit_code == 0) return;
  std::string msg = what + " failed (exit " + std::to_string(run.exit_code) + ")";
  if (run.exit_code == 127) msg += ": cannot execute it";
  const std::string last = LastLine(run.err);
  if (!last.empty()) msg += ": " + last;
  throw BenchError(msg);
}

// ---------------------------------------------------------------- steps 1 and
// 2: data and ingest

struct Paths {
  std::string workdir, input, db, floor_db;
};

Paths PreparePaths(const Config& c) {
  Paths p;
  std::error_code ec;
  fs::create_directories(c.workdir, ec);
  if (ec) throw BenchError("cannot create " + c.workdir + ": " + ec.message());
  p.workdir = fs::absolute(c.workdir).string();
  p.input = c.input.empty() ? p.workdir + "/input.jsonl" : c.input;
  p.db = p.workdir + "/db";
  p.floor_db = p.workdir + "/floor-db";
  if (c.queries_only) {
    if (!fs::exists(p.db, ec)) throw BenchError(p.db + " does not exist: --queries-only needs an earlier run");
    return p;
  }
  for (const std::string& dir : {p.db, p.floor_db}) {
    if (fs::exists(dir, ec)) throw BenchError(dir + " exists: remove it or give another --workdir");
  }
  return p;
}

struct InputFigures {
  double generate_s = 0;  // 0 with --input
  uint64_t edges = 0;     // edges written in the input records
};

// Step 1: generates the input with kg_gen, reading its edge count from the
// summary line "kg_gen: R records, N events, E edges, M nodes".
InputFigures Generate(const Config& c, const Paths& p) {
  ChildRun run =
      RunChild({c.gen, "--events", std::to_string(c.events), "--seed", std::to_string(c.seed), "-o", p.input},
               p.workdir + "/gen");
  RequireSuccess(run, "kg_gen");
  unsigned long long records = 0, events = 0, edges = 0, nodes = 0;
  const std::string last = LastLine(run.err);
  if (std::sscanf(last.c_str(), "kg_gen: %llu records, %llu events, %llu edges, %llu nodes", &records, &events, &edges,
                  &nodes) != 4) {
    throw BenchError("cannot read kg_gen's summary line: " + last);
  }
  return {run.wall_s, edges};
}

// With --input: counts the edges of the input's records with kg's own reader.
InputFigures CountInput(const Paths& p) {
  std::unique_ptr<kg::InputFile> file;
  kg::Status s = kg::InputFile::Open(p.input, &file);
  if (!s.ok()) throw BenchError("--input: " + s.ToString());
  std::unique_ptr<kg::RecordReader> reader = kg::NewNativeReader(&file->stream(), kg::JsonStreamLimits());
  InputFigures figures;
  for (;;) {
    kg::Record record;
    bool done = false;
    s = reader->Next(&record, &done);
    if (!s.ok()) throw BenchError(p.input + ":" + std::to_string(reader->line()) + ": " + s.ToString());
    if (done) break;
    figures.edges += record.edges.size();
  }
  if (!file->status().ok()) throw BenchError(p.input + ": " + file->status().ToString());
  return figures;
}

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
  }
  return bytes;
}

struct IngestFigures {
  uint64_t records = 0;
  double wall_s = 0, user_s = 0, sys_s = 0;
  long max_rss_kb = 0;
  uint64_t disk_bytes = 0;
};

// Step 2: `kg --db DIR/db ingest FILE`; the record count comes from kg's
// summary line "kg: R records read: ...".
IngestFigures Ingest(const Config& c, const Paths& p) {
  ChildRun run = RunChild({c.kg, "--db", p.db, "ingest", p.input}, p.workdir + "/ingest");
  RequireSuccess(run, "kg ingest");
  IngestFigures f;
  unsigned long long records = 0;
  const std::string last = LastLine(run.err);
  if (std::sscanf(last.c_str(), "kg: %llu records read:", &records) != 1) {
    throw BenchError("cannot read kg ingest's summary line: " + last);
  }
  f.records = records;
  f.wall_s = run.wall_s;
  f.user_s = run.user_s;
  f.sys_s = run.sys_s;
  f.max_rss_kb = run.max_rss_kb;
  f.disk_bytes = DirectoryBytes(p.db);
  return f;
}

// ---------------------------------------------------------------- the
// in-memory graph

constexpr uint32_t kUnreached = std::numeric_limits<uint32_t>::max();

// The whole store as an undirected graph of distinct neighbors, for the BFS
// check: vertex i is the store's node nids[i].
struct MemGraph {
  std::vector<kg::NodeId> nids;
  std::vector<std::string> ids;  // canonical ids, for `kg path`
  std::unordered_map<kg::NodeId, uint32_t> index;
  std::vector<std::vector<uint32_t>> adj;
  std::vector<uint64_t> degree_prefix;  // degree_prefix[i]: sum of degrees of 0..i

  uint32_t Index(kg::NodeId nid) const {
    auto it = index.find(nid);
    if (it == index.end()) throw BenchError("edge to unknown node #" + std::to_string(nid));
    return it->second;
  }
};

void Check(const kg::Status& s, const std::string& what) {
  if (!s.ok()) throw BenchError(what + ": " + s.ToString());
}

// Reads every node, then every node's out-edges (each edge once), making
// each edge a neighbor relation both ways.
MemGraph LoadGraph(const kg::GraphReader& reader) {
  MemGraph g;
  Check(reader.ForEachNode([&](const kg::Node& n) {
    g.index.emplace(n.nid, static_cast<uint32_t>(g.nids.size()));
    g.nids.push_back(n.nid);
    g.ids.push_back(n.id);
    return true;
  }),
        "reading nodes");
  g.adj.resize(g.nids.size());
  kg::EdgeFilter out;
  out.direction = kg::Direction::kOut;
  for (uint32_t i = 0; i < g.nids.size(); ++i) {
    Check(reader.ForEachEdge(g.nids[i], out,
                             [&](const kg::Edge& e) {
                               const uint32_t j = g.Index(e.to);
                               g.adj[i].push_back(j);
                               g.adj[j].push_back(i);
                               return true;
                             }),
          "reading the edges of " + g.ids[i]);
  }
  uint64_t sum = 0;
  for (std::vector<uint32_t>& list : g.adj) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    sum += list.size();
    g.degree_prefix.push_back(sum);
  }
  return g;
}

// Hops from src to every vertex, up to max_depth (kUnreached beyond).
std::vector<uint32_t> Bfs(const MemGraph& g, uint32_t src, uint32_t max_depth) {
  std::vector<uint32_t> dist(g.adj.size(), kUnreached);
  std::deque<uint32_t> queue = {src};
  dist[src] = 0;
  while (!queue.empty()) {
    const uint32_t v = queue.front();
    queue.pop_front();
    if (dist[v] == max_depth) continue;
    for (uint32_t w : g.adj[v]) {
      if (dist[w] != kUnreached) continue;
      dist[w] = dist[v] + 1;
      queue.push_back(w);
    }
  }
  return dist;
}

bool Adjacent(const MemGraph& g, uint32_t a, uint32_t b) {
  return std::binary_search(g.adj[a].begin(), g.adj[a].end(), b);
}

// ---------------------------------------------------------------- steps 3 and
// 4: warm queries and their check

struct QuerySet {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // path endpoints
  std::vector<uint32_t> centers;                     // neighborhood centers
};

// Pairs uniform over nodes; centers alternately uniform and drawn with
// probability proportional to degree (so that hubs are among them).
QuerySet PickQueries(const MemGraph& g, uint64_t count, std::mt19937_64* rng) {
  QuerySet q;
  std::uniform_int_distribution<uint32_t> node(0, static_cast<uint32_t>(g.nids.size() - 1));
  for (uint64_t i = 0; i < count; ++i) q.pairs.emplace_back(node(*rng), node(*rng));
  const uint64_t total_degree = g.degree_prefix.back();
  for (uint64_t i = 0; i < count; ++i) {
    if (i % 2 == 0 || total_degree == 0) {
      q.centers.push_back(node(*rng));
    } else {
      const uint64_t r = std::uniform_int_distribution<uint64_t>(0, total_degree - 1)(*rng);
      const auto it = std::upper_bound(g.degree_prefix.begin(), g.degree_prefix.end(), r);
      q.centers.push_back(static_cast<uint32_t>(it - g.degree_prefix.begin()));
    }
  }
  return q;
}

struct PathAnswer {
  bool found = false;
  kg::Path path;
};

// One shortest path as `kg path` asks for it: default PathOptions (one
// path, both directions, at most 6 edges).
PathAnswer AskPath(const kg::GraphReader& reader, kg::NodeId from, kg::NodeId to) {
  std::vector<kg::Path> paths;
  kg::Status s = kg::ShortestPaths(reader, from, to, kg::PathOptions(), &paths);
  if (s.IsNotFound()) return {};
  Check(s, "ShortestPaths");
  if (paths.empty()) throw BenchError("ShortestPaths returned OK without a path");
  return {true, std::move(paths.front())};
}

size_t AskNeighborhood(const kg::GraphReader& reader, kg::NodeId center) {
  kg::NeighborhoodOptions options;
  options.depth = kNeighborhoodDepth;
  kg::Neighborhood hood;
  Check(kg::FindNeighborhood(reader, center, options, &hood), "FindNeighborhood");
  return hood.nodes.size();
}

struct Latency {
  double median_ms = 0, p90_ms = 0, max_ms = 0;
};

// Nearest-rank percentiles of the samples (in seconds).
Latency Summarize(std::vector<double> seconds) {
  Latency l;
  if (seconds.empty()) return l;
  std::sort(seconds.begin(), seconds.end());
  auto rank = [&](double p) {
    const size_t k = static_cast<size_t>(std::ceil(p * static_cast<double>(seconds.size())));
    return seconds[std::max<size_t>(k, 1) - 1] * 1000;
  };
  l.median_ms = rank(0.5);
  l.p90_ms = rank(0.9);
  l.max_ms = seconds.back() * 1000;
  return l;
}

struct QueryFigures {
  Latency path, neighborhood;
  uint64_t paths_found = 0;
  uint64_t checked = 0, mismatches = 0;
  std::string slowest_path,
      slowest_neighborhood;                              // e.g. "act-000031 loc-000013, 3 edges"
  std::vector<std::pair<uint32_t, uint32_t>> connected;  // pairs joined by a path, for step 5
};

// Records a difference between kg and the BFS check (described on stderr).
void Mismatch(QueryFigures* f, const std::string& what) {
  if (++f->mismatches <= kMaxMismatchLines) std::cerr << "kg_bench: mismatch: " << what << '\n';
}

// What is wrong with kg's answer for (a, b), or "" when it agrees with the BFS.
std::string CheckPath(const MemGraph& g, uint32_t a, uint32_t b, const PathAnswer& answer) {
  const uint32_t max_depth = kg::PathOptions().max_depth;
  const uint32_t expected = Bfs(g, a, max_depth)[b];
  const std::string pair = "path " + g.ids[a] + " " + g.ids[b] + ": ";
  if (!answer.found) {
    return expected == kUnreached ? "" : pair + "kg finds none, the BFS " + std::to_string(expected) + " edges";
  }
  const std::vector<kg::NodeId>& nodes = answer.path.nodes;
  if (expected == kUnreached) return pair + "kg finds a path, the BFS none within " + std::to_string(max_depth);
  if (nodes.size() != expected + 1 || answer.path.edges.size() != expected) {
    return pair + "kg's path has " + std::to_string(answer.path.edges.size()) + " edges, the BFS " +
           std::to_string(expected);
  }
  if (nodes.front() != g.nids[a] || nodes.back() != g.nids[b]) return pair + "kg's path has the wrong ends";
  for (size_t i = 0; i + 1 < nodes.size(); ++i) {
    if (!Adjacent(g, g.Index(nodes[i]), g.Index(nodes[i + 1]))) return pair + "kg's path uses a missing edge";
  }
  return "";
}

std::string CheckNeighborhood(const MemGraph& g, uint32_t center, size_t kg_count) {
  const std::vector<uint32_t> dist = Bfs(g, center, kNeighborhoodDepth);
  const size_t expected =
      static_cast<size_t>(std::count_if(dist.begin(), dist.end(), [](uint32_t d) { return d != kUnreached; })) - 1;
  if (kg_count == expected) return "";
  return "neighborhood of " + g.ids[center] + ": kg counts " + std::to_string(kg_count) + " nodes, the BFS " +
         std::to_string(expected);
}

size_t Slowest(const std::vector<double>& times) {
  return static_cast<size_t>(std::max_element(times.begin(), times.end()) - times.begin());
}

// Steps 3 and 4: each query set runs once to warm up, then once timed; the
// timed answers are checked.
QueryFigures RunQueries(const kg::GraphReader& reader, const MemGraph& g, const QuerySet& q) {
  for (const auto& [a, b] : q.pairs) AskPath(reader, g.nids[a], g.nids[b]);
  for (uint32_t c : q.centers) AskNeighborhood(reader, g.nids[c]);

  QueryFigures f;
  std::vector<double> times;
  std::vector<PathAnswer> paths;
  for (const auto& [a, b] : q.pairs) {
    const Clock::time_point start = Clock::now();
    paths.push_back(AskPath(reader, g.nids[a], g.nids[b]));
    times.push_back(SecondsSince(start));
  }
  f.path = Summarize(times);
  const size_t slow_pair = Slowest(times);
  f.slowest_path = g.ids[q.pairs[slow_pair].first] + " " + g.ids[q.pairs[slow_pair].second] + ", " +
                   (paths[slow_pair].found ? std::to_string(paths[slow_pair].path.edges.size()) + " edges" : "none");
  times.clear();
  std::vector<size_t> counts;
  for (uint32_t c : q.centers) {
    const Clock::time_point start = Clock::now();
    counts.push_back(AskNeighborhood(reader, g.nids[c]));
    times.push_back(SecondsSince(start));
  }
  f.neighborhood = Summarize(times);
  const size_t slow_center = Slowest(times);
  f.slowest_neighborhood = g.ids[q.centers[slow_center]] + ", " + std::to_string(counts[slow_center]) + " nodes";

  for (size_t i = 0; i < q.pairs.size(); ++i) {
    const auto [a, b] = q.pairs[i];
    const std::string wrong = CheckPath(g, a, b, paths[i]);
    if (!wrong.empty()) Mismatch(&f, wrong);
    if (paths[i].found) ++f.paths_found;
    if (paths[i].found && a != b) f.connected.emplace_back(a, b);
    ++f.checked;
  }
  for (size_t i = 0; i < q.centers.size(); ++i) {
    const std::string wrong = CheckNeighborhood(g, q.centers[i], counts[i]);
    if (!wrong.empty()) Mismatch(&f, wrong);
    ++f.checked;
  }
  return f;
}

struct StoreFigures {
  uint64_t nodes = 0, stored_edges = 0;
  QueryFigures queries;
  std::vector<std::pair<std::string, std::string>> fresh_pairs;  // node ids, for step 5
};

// Up to n connected pairs for step 5: those the queries found, else the two
// ends of random edges; repeated when there are fewer.
std::vector<std::pair<std::string, std::string>> FreshPairs(const MemGraph& g, const QueryFigures& f, size_t n,
                                                            std::mt19937_64* rng) {
  std::vector<std::pair<uint32_t, uint32_t>> pool = f.connected;
  if (pool.empty()) {
    for (uint32_t v = 0; v < g.adj.size(); ++v) {
      for (uint32_t w : g.adj[v])
        if (w != v) pool.emplace_back(v, w);
    }
    std::shuffle(pool.begin(), pool.end(), *rng);
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < n && !pool.empty(); ++i) {
    const auto [a, b] = pool[i % pool.size()];
    out.emplace_back(g.ids[a], g.ids[b]);
  }
  return out;
}

// Steps 3 and 4, with the store open read-only in this process.
StoreFigures QueryStore(const Config& c, const Paths& p) {
  std::unique_ptr<kg::GraphStore> store;
  kg::StoreOptions options;
  options.read_only = true;
  Check(kg::GraphStore::Open(options, p.db, &store), "opening " + p.db);
  const kg::GraphReader& reader = store->reader();
  StoreFigures f;
  kg::StoreStats stats;
  Check(reader.Stats(&stats), "reading the store's counters");
  f.nodes = stats.nodes;
  f.stored_edges = stats.edges;

  const MemGraph g = LoadGraph(reader);
  if (g.nids.empty()) throw BenchError("the store holds no nodes");
  std::mt19937_64 rng(c.seed);
  const QuerySet q = PickQueries(g, c.queries, &rng);
  f.queries = RunQueries(reader, g, q);
  f.fresh_pairs = FreshPairs(g, f.queries, kFreshPathRuns, &rng);
  return f;
}

// ---------------------------------------------------------------- steps 5 and
// 6: fresh kg path, floor

struct FreshFigures {
  int runs = 0;
  double median_ms = 0, max_ms = 0;  // wall
  double cpu_median_ms = 0;          // user + sys
};

FreshFigures RunFreshPaths(const Config& c, const Paths& p,
                           const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<double> walls, cpus;
  for (const auto& [a, b] : pairs) {
    ChildRun run = RunChild({c.kg, "--db", p.db, "path", a, b}, p.workdir + "/path");
    RequireSuccess(run, "kg path " + a + " " + b);
    walls.push_back(run.wall_s);
    cpus.push_back(run.user_s + run.sys_s);
  }
  const Latency wall = Summarize(walls);
  return {static_cast<int>(walls.size()), wall.median_ms, wall.max_ms, Summarize(cpus).median_ms};
}

struct FloorFigures {
  double seconds = 0, edges_per_s = 0;
};

// Reads a number member from kg_floor's one JSON line.
double FloorMember(const std::string& line, const std::string& key) {
  const std::string quoted = "\"" + key + "\":";
  const size_t at = line.find(quoted);
  if (at == std::string::npos) throw BenchError("kg_floor printed no " + key + ": " + LastLine(line));
  return std::strtod(line.c_str() + at + quoted.size(), nullptr);
}

FloorFigures RunFloor(const Config& c, const Paths& p, uint64_t edges) {
  ChildRun run = RunChild({c.floor, "--edges", std::to_string(std::max<uint64_t>(edges, 1)), "--db", p.floor_db},
                          p.workdir + "/floor");
  RequireSuccess(run, "kg_floor");
  return {FloorMember(run.out, "seconds"), FloorMember(run.out, "edges_per_s")};
}

// ---------------------------------------------------------------- report

struct Report {
  uint64_t events = 0, seed = 0, queries = 0;
  bool queries_only = false;  // no input, ingest or floor figures
  InputFigures input;
  IngestFigures ingest;
  StoreFigures store;
  FreshFigures fresh;
  FloorFigures floor;

  double cpu_s() const { return ingest.user_s + ingest.sys_s; }
  double records_per_s() const { return ingest.wall_s > 0 ? ingest.records / ingest.wall_s : 0; }
  double edges_per_s() const { return ingest.wall_s > 0 ? input.edges / ingest.wall_s : 0; }
  double edges_per_cpu_s() const { return cpu_s() > 0 ? input.edges / cpu_s() : 0; }
  double floor_ratio() const { return floor.edges_per_s > 0 ? edges_per_s() / floor.edges_per_s : 0; }
};

unsigned long long U(uint64_t v) { return v; }

void PrintText(const Report& r) {
  const QueryFigures& q = r.store.queries;
  if (r.queries_only) {
    std::printf("kg_bench: queries only; the store: %llu nodes, %llu edges\n", U(r.store.nodes),
                U(r.store.stored_edges));
  } else {
    std::printf("kg_bench: ");
    if (r.events) std::printf("%llu events (seed %llu), ", U(r.events), U(r.seed));
    std::printf(
        "%llu records, %llu edges in the input; the store: %llu nodes, "
        "%llu edges\n",
        U(r.ingest.records), U(r.input.edges), U(r.store.nodes), U(r.store.stored_edges));
    if (r.events) std::printf("generate    %.2f s (kg_gen, not counted)\n", r.input.generate_s);
    std::printf("ingest      %.2f s wall, %.2f s CPU (%.2f user + %.2f sys)\n", r.ingest.wall_s, r.cpu_s(),
                r.ingest.user_s, r.ingest.sys_s);
    std::printf("            %.0f records/s, %.0f edges/s (wall), %.0f edges/s (CPU)\n", r.records_per_s(),
                r.edges_per_s(), r.edges_per_cpu_s());
    std::printf("            peak RSS %.1f MB, on disk %.1f MB\n", r.ingest.max_rss_kb / 1024.0,
                r.ingest.disk_bytes / 1048576.0);
    std::printf(
        "floor       %.0f edges/s (kg_floor, %.2f s); kg/floor %.3f "
        "(edges/s, wall)\n",
        r.floor.edges_per_s, r.floor.seconds, r.floor_ratio());
  }
  const std::string n = " (" + std::to_string(r.queries) + ")";
  std::printf("warm, in process              median ms  p90 ms     max ms\n");
  std::printf(
      "  %-27s %-10.3f %-10.3f %-10.3f (%llu found, %llu none within "
      "%u edges)\n",
      ("shortest path" + n).c_str(), q.path.median_ms, q.path.p90_ms, q.path.max_ms, U(q.paths_found),
      U(r.queries - q.paths_found), kg::PathOptions().max_depth);
  std::printf("  %-27s %-10.3f %-10.3f %.3f\n", ("2-hop neighborhood" + n).c_str(), q.neighborhood.median_ms,
              q.neighborhood.p90_ms, q.neighborhood.max_ms);
  std::printf("  slowest: path %s; neighborhood of %s\n", q.slowest_path.c_str(), q.slowest_neighborhood.c_str());
  std::printf("checked: %llu queries, %llu mismatches\n", U(q.checked), U(q.mismatches));
  std::printf(
      "fresh kg path, %d processes: median %.1f ms, max %.1f ms wall; "
      "median %.1f ms CPU\n",
      r.fresh.runs, r.fresh.median_ms, r.fresh.max_ms, r.fresh.cpu_median_ms);
}

void WriteLatency(kg::JsonWriter* w, std::string_view key, double median, double p90, double max) {
  w->Key(key).BeginObject().Member("median", median).Member("p90", p90).Member("max", max).EndObject();
}

void PrintJson(const Report& r) {
  const QueryFigures& q = r.store.queries;
  kg::JsonWriter w(&std::cout);
  w.BeginObject();
  w.Key("scale").BeginObject();
  if (r.events) {
    w.Member("events", r.events);
  } else {
    w.Key("events").Null();
  }
  w.Member("seed", r.seed)
      .Member("records", r.ingest.records)
      .Member("edges", r.input.edges)
      .Member("nodes", r.store.nodes)
      .Member("stored_edges", r.store.stored_edges)
      .EndObject();
  if (!r.queries_only) w.Key("generate").BeginObject().Member("seconds", r.input.generate_s).EndObject();
  if (!r.queries_only) {
    w.Key("ingest")
        .BeginObject()
        .Member("wall_s", r.ingest.wall_s)
        .Member("cpu_s", r.cpu_s())
        .Member("user_s", r.ingest.user_s)
        .Member("sys_s", r.ingest.sys_s)
        .Member("records_per_s", r.records_per_s())
        .Member("edges_per_s", r.edges_per_s())
        .Member("edges_per_cpu_s", r.edges_per_cpu_s())
        .Member("peak_rss_kb", static_cast<int64_t>(r.ingest.max_rss_kb))
        .Member("disk_bytes", r.ingest.disk_bytes)
        .EndObject();
  }
  w.Key("queries").BeginObject().Member("count", r.queries).Member("paths_found", q.paths_found);
  WriteLatency(&w, "path_ms", q.path.median_ms, q.path.p90_ms, q.path.max_ms);
  WriteLatency(&w, "neighborhood_ms", q.neighborhood.median_ms, q.neighborhood.p90_ms, q.neighborhood.max_ms);
  w.Member("slowest_path", q.slowest_path).Member("slowest_neighborhood", q.slowest_neighborhood).EndObject();
  w.Key("check").BeginObject().Member("checked", q.checked).Member("mismatches", q.mismatches).EndObject();
  w.Key("fresh_path_ms")
      .BeginObject()
      .Member("runs", r.fresh.runs)
      .Member("median", r.fresh.median_ms)
      .Member("max", r.fresh.max_ms)
      .Member("cpu_median", r.fresh.cpu_median_ms)
      .EndObject();
  if (!r.queries_only) {
    w.Key("floor")
        .BeginObject()
        .Member("seconds", r.floor.seconds)
        .Member("edges_per_s", r.floor.edges_per_s)
        .Member("kg_ratio", r.floor_ratio())
        .EndObject();
  }
  w.EndObject();
  std::cout << '\n';
}

int Run(const Config& c) {
  const Paths paths = PreparePaths(c);
  Report r;
  r.events = c.input.empty() ? c.events : 0;
  r.seed = c.seed;
  r.queries = c.queries;
  r.queries_only = c.queries_only;
  if (!c.queries_only) {
    r.input = c.input.empty() ? Generate(c, paths) : CountInput(paths);
    r.ingest = Ingest(c, paths);
  }
  r.store = QueryStore(c, paths);
  r.fresh = RunFreshPaths(c, paths, r.store.fresh_pairs);
  if (!c.queries_only) r.floor = RunFloor(c, paths, r.input.edges);
  if (c.format == "json") {
    PrintJson(r);
  } else {
    PrintText(r);
  }
  std::cout.flush();
  const uint64_t mismatches = r.store.queries.mismatches;
  if (mismatches == 0) return kExitOk;
  std::cerr << "kg_bench: " << mismatches << " of " << r.store.queries.checked
            << " answers differ from the BFS check\n";
  return kExitMismatch;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "-h" || std::string_view(argv[i]) == "--help") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
  }
  Config config;
  const std::string error = ParseArgs(argc, argv, &config);
  if (!error.empty()) {
    std::fprintf(stderr, "kg_bench: %s (see kg_bench --help)\n", error.c_str());
    return kExitError;
  }
  try {
    return Run(config);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kg_bench: %s\n", e.what());
    return kExitError;
  }
}
