// Crash safety (CONTRACT.md section 2, "Durability"): the real `kg ingest` of
// a kg_gen file (about 20000 records, a few seconds of work) is killed with
// SIGKILL at points drawn from a fixed seed, again and again on the same
// store, each time during a re-run of the same ingest:
//   - as one big ingest of the whole file;
//   - as a series of ingests of its parts, so that kills leave stores that
//     hold some of the records (earlier parts, and what RocksDB flushed).
// A kill point is a part and an offset into its input: kg is killed once it
// has read that far (the offset of its open descriptor of the file), not
// after some time, so that every kill lands inside a running ingest however
// loaded the machine is.
// After every kill `kg check` finds every invariant intact (whole records
// only: counters, indexes and edges agree with the stored records), queries
// work, and the record count never goes back. Finally the ingest is run to
// its end, and the store is byte for byte (every key and value) the store of
// one uninterrupted run, with the same `kg stats` and `kg show` output.
// A last case kills kg while it creates a new store.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "reliability/reliability_util.h"

namespace kg::reliability {
namespace {

// The first few node ids of the generated file: places and actors.
std::vector<std::string> SomeNodeIds(const std::string& file) {
  std::string head = ReadFile(file).substr(0, 4u << 20);
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const std::string prefix : {"\"id\":\"loc-", "\"id\":\"act-"}) {
    int taken = 0;
    for (size_t at = head.find(prefix); at != std::string::npos && taken < 3; at = head.find(prefix, at + 1)) {
      const size_t start = at + 6;  // after "id":"
      const size_t end = head.find('"', start);
      if (end == std::string::npos) break;
      std::string id = head.substr(start, end - start);
      if (seen.insert(id).second) {
        ids.push_back(std::move(id));
        taken++;
      }
    }
  }
  return ids;
}

// Everything the queries say about the store, for comparisons.
std::string QueryView(const std::string& db, const std::vector<std::string>& ids) {
  std::string view;
  Run stats = RunKgOn(db, {"stats", "--format", "json"});
  view += "stats " + std::to_string(stats.code) + " " + stats.out + "\n";
  for (const auto& id : ids) {
    Run show = RunKgOn(db, {"show", id, "--format", "json"});
    view += "show " + id + " " + std::to_string(show.code) + " " + show.out + "\n";
  }
  return view;
}

// What a store must look like after a kill: sound, queryable, holding
// whole records only and never fewer than after the previous kill.
struct AfterKill {
  const std::string& db;
  const std::vector<std::string>& ids;
  uint64_t total_records;
  uint64_t last_records = 0;
  int partial = 0;  // kills that left some but not all records

  void Verify(const std::string& what) {
    INFO(what);
    Run check = RunKgOn(db, {"check"});
    INFO(check);
    if (check.code == 2 && check.err.find("no kg store") != std::string::npos) {
      CHECK(last_records == 0);  // killed before it created the store
      return;
    }
    CHECK(check.code == 0);
    Run stats = RunKgOn(db, {"stats", "--format", "json"});
    INFO(stats);
    REQUIRE(stats.code == 0);
    const uint64_t records = JsonCount(stats.out, "records");
    CHECK(records <= total_records);
    CHECK(records >= last_records);  // what an ingest stored survives later kills
    last_records = records;
    if (records > 0 && records < total_records) partial++;
    Run show = RunKgOn(db, {"show", ids[0], "--format", "json"});
    INFO(show);
    CHECK((show.code == 0 || (records == 0 && show.code == 2)));
    WARN(what << ": " << records << " of " << total_records << " records stored");
  }
};

// A deterministic sequence of numbers in [0, 1).
class Moments {
 public:
  explicit Moments(uint64_t seed) : x_(seed | 1) {}
  double Next() {
    x_ ^= x_ << 13;
    x_ ^= x_ >> 7;
    x_ ^= x_ << 17;
    return static_cast<double>(x_ >> 11) * 0x1.0p-53;
  }

 private:
  uint64_t x_;
};

// The generated input and the store of one uninterrupted `kg ingest` of it.
struct Reference {
  TempDir dir{"kg_crash"};
  std::string input = dir.Path("events.jsonl");
  std::string db = dir.Path("ref");
  std::vector<std::string> ids;
  StoreFingerprint print;
  std::string view;
  uint64_t records = 0;

  Reference() {
    // About 20000 records: a few seconds of ingest in a release build.
    Generate(kSanitized ? 15000 : 60000, 20250613, input);
    ids = SomeNodeIds(input);
    REQUIRE(ids.size() >= 4);
    Run ref = RunKgOn(db, {"ingest", input});
    INFO(ref);
    REQUIRE(ref.code == 0);
    print = Fingerprint(db);
    REQUIRE(print.error.empty());
    view = QueryView(db, ids);
    records = JsonCount(view, "records");
    REQUIRE(records > 1000);
  }

  // After the interrupted runs, the last one completed: the same store.
  void ExpectSameStore(const std::string& other) const {
    Run check = RunKgOn(other, {"check"});
    INFO(check);
    CHECK(check.code == 0);
    CHECK(Fingerprint(other) == print);
    CHECK(QueryView(other, ids) == view);
  }
};

}  // namespace

TEST_CASE("kill -9 during one big kg ingest: a sound store, and a re-run completes it", "[reliability][crash]") {
  Reference ref;
  const std::string db = ref.dir.Path("db");
  AfterKill after{db, ref.ids, ref.records};
  Moments moments(1);
  const uint64_t size = std::filesystem::file_size(ref.input);
  int killed = 0;
  for (int k = 1; k <= 3; ++k) {
    const uint64_t at = static_cast<uint64_t>(static_cast<double>(size) * (0.1 + 0.85 * moments.Next()));
    TempDir io("kg_crash_io");
    Process ingest(KG_BINARY, {"--db", db, "ingest", ref.input}, io.Path("out"), io.Path("err"));
    if (!ingest.WaitForReadOffset(ref.input, at)) WARN("the ingest ended before it had read " << at << " bytes");
    ingest.Kill();
    const int code = ingest.Wait();
    INFO(ingest.err());
    // Killed, or (it ended between the last look and the kill) done.
    CHECK((code == 128 + SIGKILL || code == 0));
    if (code == 128 + SIGKILL) killed++;
    after.Verify("kill #" + std::to_string(k) + " at byte " + std::to_string(at) + " of " + std::to_string(size) +
                 (code == 0 ? " (the ingest had ended)" : ""));
  }
  CHECK(killed >= 1);
  Run rerun = RunKgOn(db, {"ingest", ref.input});
  INFO(rerun);
  REQUIRE(rerun.code == 0);
  ref.ExpectSameStore(db);
}

TEST_CASE("kill -9 during a series of kg ingests: whole records, and re-running the series completes it",
          "[reliability][crash]") {
  // The same records, ingested part by part as an analyst ingests daily
  // files: kills then land after some parts were stored, and in the middle
  // of others.
  Reference ref;
  const std::vector<std::string> lines = SplitLines(ReadFile(ref.input));
  const size_t parts = 8;
  std::vector<std::string> files;
  for (size_t p = 0; p < parts; ++p) {
    std::string text;
    for (size_t i = p * lines.size() / parts; i < (p + 1) * lines.size() / parts; ++i) text += lines[i] + "\n";
    files.push_back(ref.dir.Write("part-" + std::to_string(p) + ".jsonl", text));
  }

  const std::string db = ref.dir.Path("db");
  AfterKill after{db, ref.ids, ref.records};
  std::map<uint64_t, std::string> after_kill;  // the store after each kill, by its latest change
  Moments moments(2);
  for (int k = 1; k <= 4; ++k) {
    // A kill in a part after the first, at an offset into it; the series
    // restarts from its first part each time (parts already stored are
    // unchanged, and quick).
    const size_t part = 1 + static_cast<size_t>(moments.Next() * (parts - 1));
    const std::string& file = files[part];
    const uint64_t at =
        static_cast<uint64_t>(static_cast<double>(std::filesystem::file_size(file)) * (0.1 + 0.8 * moments.Next()));
    for (size_t p = 0; p < part; ++p) {
      Run r = RunKgOn(db, {"ingest", files[p]});
      INFO(r);
      REQUIRE(r.code == 0);
    }
    TempDir io("kg_crash_io");
    Process ingest(KG_BINARY, {"--db", db, "ingest", file}, io.Path("out"), io.Path("err"));
    const bool reached = ingest.WaitForReadOffset(file, at);
    ingest.Kill();
    const int code = ingest.Wait();
    INFO(ingest.err());
    // Killed, or (it ended between the last look and the kill) done.
    CHECK((code == 128 + SIGKILL || code == 0));
    if (!reached) WARN("part " << part << " ended before it had read " << at << " bytes");
    after.Verify("kill #" + std::to_string(k) + " in part " + std::to_string(part) + " at byte " +
                 std::to_string(at) + (code == 0 ? " (the part had ended)" : ""));
    // What the store holds after the kill is its latest change, whole.
    std::unique_ptr<GraphStore> store;
    KG_REQUIRE_OK(GraphStore::Open(StoreOptions(), db, &store));
    uint64_t latest = 0;
    KG_REQUIRE_OK(LatestChange(store->reader(), &latest));
    after_kill[latest] = test::Dump(store->reader());
  }
  CHECK(after.partial >= 1);  // the kills did leave stores holding some of the records

  for (const auto& file : files) {
    Run r = RunKgOn(db, {"ingest", file});
    INFO(r);
    REQUIRE(r.code == 0);
  }
  ref.ExpectSameStore(db);
  // Each change a kill cut short reads, in the history, as the store read
  // right after the kill: the log and the graph agreed.
  std::unique_ptr<GraphStore> store;
  KG_REQUIRE_OK(GraphStore::Open(StoreOptions(), db, &store));
  for (const auto& [change, dump] : after_kill) {
    CAPTURE(change);
    CHECK(test::PastDump(store->reader(), change) == dump);
  }
}

TEST_CASE("kill -9 right after kg ingest starts: the next ingest still creates the store", "[reliability][crash]") {
  TempDir dir("kg_crash_start");
  const std::string input = std::string(KG_SOURCE_DIR) + "/examples/mali-2025-06-13.jsonl";
  const std::string ref_db = dir.Path("ref");
  REQUIRE(RunKgOn(ref_db, {"ingest", input}).code == 0);
  const StoreFingerprint ref_print = Fingerprint(ref_db);

  // Kill while the store is being created, at moments spread over the first
  // milliseconds of the process.
  for (int k = 0; k < 12; ++k) {
    const std::string db = dir.Path("db" + std::to_string(k));
    TempDir io("kg_crash_io");
    Process ingest(KG_BINARY, {"--db", db, "ingest", input}, io.Path("out"), io.Path("err"));
    const double at = 0.002 * k;
    while (!ingest.Poll() && ingest.elapsed() < at) {
    }
    ingest.Kill();
    ingest.Wait();
    Run again = RunKgOn(db, {"ingest", input});
    INFO("killed after " << at << " s\n" << again);
    CHECK(again.code == 0);
    CHECK(RunKgOn(db, {"check"}).code == 0);
    CHECK(Fingerprint(db) == ref_print);
  }
}

}  // namespace kg::reliability
