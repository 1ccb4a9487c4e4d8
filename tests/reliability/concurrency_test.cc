// Concurrency: queries run while a big `kg ingest` writes the same store, and
// a second writer arrives.
//   - Every query succeeds (or, before the store exists, fails cleanly with
//     exit 2) and sees whole records only: the input is made of records of
//     exactly one actor, three places and three edges each, so any state
//     made of whole records has nodes = 4 x records and edges = 3 x records,
//     and any node a query finds has all three of its record's edges.
//   - A second `kg ingest` arriving meanwhile is refused within a second
//     with an "in use" error and exit 2, and changes nothing. It arrives
//     while the first is held at the start of its input (stopped with
//     SIGSTOP once it has begun to read it, the store open), so it always
//     meets a writer at work, however fast or loaded the machine.
//   - Readers opening the store while a writer's compactions delete the
//     table files they were about to open (the open failed with
//     "Corruption: ... .ldb: No such file" until a writer was done) try
//     again, and answer: for real, against many small ingests that flush
//     and compact over and over; and deterministically, with a file system
//     that runs the writer's compaction between the reader's reading of the
//     MANIFEST and its opening of the table files the MANIFEST lists.
#include <rocksdb/file_system.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "graph/kv_rocksdb.h"
#include "reliability/reliability_util.h"

namespace kg::reliability {
namespace {

// Record i: actor a<i>, places p<i>.1 to p<i>.3, and a<i> ATTACKED each
// place, with a note long enough that the whole input spans a few memtable
// flushes (readers see the flushed state, so they see it grow). Records
// first to first + n - 1.
std::string WholeRecords(uint64_t n, uint64_t first = 1) {
  const std::string note(kSanitized ? 9000 : 3000, 'n');
  std::string out;
  out.reserve(n * (note.size() + 500));
  for (uint64_t i = first; i < first + n; ++i) {
    const std::string a = "a" + std::to_string(i);
    out += "{\"record\":\"r" + std::to_string(i) + "\",\"nodes\":[{\"id\":\"" + a +
           "\",\"kind\":\"actor\",\"attrs\":{\"note\":\"" + note + "\"}}";
    for (int j = 1; j <= 3; ++j) {
      out += ",{\"id\":\"p" + std::to_string(i) + "." + std::to_string(j) + "\",\"kind\":\"location\"}";
    }
    out += "],\"edges\":[";
    for (int j = 1; j <= 3; ++j) {
      out += std::string(j > 1 ? "," : "") + "{\"from\":\"" + a + "\",\"type\":\"ATTACKED\",\"to\":\"p" +
             std::to_string(i) + "." + std::to_string(j) + "\",\"date\":\"2024-0" + std::to_string(j) + "\"}";
    }
    out += "]}\n";
  }
  return out;
}

// A file system that runs a hook once, the first time a table file is
// opened for reading: for a reader opening the store, after it has read the
// MANIFEST and before it opens any of the table files the MANIFEST lists.
// Counts the table files that were gone when opened.
class HookBeforeTableOpen : public rocksdb::FileSystemWrapper {
 public:
  explicit HookBeforeTableOpen(std::function<void()> hook)
      : FileSystemWrapper(rocksdb::FileSystem::Default()), hook_(std::move(hook)) {}
  const char* Name() const override { return "KgHookBeforeTableOpen"; }

  rocksdb::IOStatus NewRandomAccessFile(const std::string& f, const rocksdb::FileOptions& o,
                                        std::unique_ptr<rocksdb::FSRandomAccessFile>* r,
                                        rocksdb::IODebugContext* dbg) override {
    const bool table = f.ends_with(".sst") || f.ends_with(".ldb");
    if (table && hook_) std::exchange(hook_, nullptr)();
    rocksdb::IOStatus s = target()->NewRandomAccessFile(f, o, r, dbg);
    if (table && !s.ok()) vanished_++;
    return s;
  }
  bool fired() const { return !hook_; }
  uint64_t vanished() const { return vanished_.load(); }

 private:
  std::function<void()> hook_;  // the opening thread's (RocksDB opens table files on it)
  std::atomic<uint64_t> vanished_{0};
};

// The text without white space (the values looked at here hold none).
std::string Compact(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') out.push_back(c);
  }
  return out;
}

}  // namespace

TEST_CASE("queries during an ingest see whole records only, a second writer is refused at once",
          "[reliability][concurrency]") {
  TempDir dir("kg_concurrency");
  const uint64_t n = kSanitized ? 8000 : 25000;
  const std::string input = dir.Write("whole.jsonl", WholeRecords(n));
  const std::string small =
      dir.Write("small.jsonl", "{\"record\":\"intruder\",\"nodes\":[{\"id\":\"x\",\"kind\":\"actor\"}]}\n");
  const std::string db = dir.Path("db");

  TempDir io("kg_concurrency_io");
  Process ingest(KG_BINARY, {"--db", db, "ingest", input}, io.Path("out"), io.Path("err"));

  {
    // (tests/cli/ingest_cli_test.cc refuses writers to a store held
    // in-process; here the holder is a real ingest at work.)
    INFO(ingest.err());
    REQUIRE(ingest.WaitForReadOffset(input, 1));
    ingest.Kill(SIGSTOP);
    Run second = RunKgOn(db, {"ingest", small});
    ingest.Kill(SIGCONT);
    INFO(second);
    CHECK(second.code == 2);
    CHECK(second.err.find("in use") != std::string::npos);
    CHECK(SplitLines(second.err).size() == 1);
    CHECK(second.seconds < (kSanitized ? 10.0 : 1.0));  // sanitized kg starts slowly
  }

  uint64_t queries = 0, states = 0, last_records = 0, shows = 0;
  uint64_t rng = 88172645463325252ull;
  while (!ingest.Poll()) {
    Run stats = RunKgOn(db, {"stats", "--format", "json"});
    queries++;
    INFO(stats);
    if (stats.code == 2) {  // not created yet
      CHECK(stats.err.find("no kg store") != std::string::npos);
      CHECK(last_records == 0);
      continue;
    }
    REQUIRE(stats.code == 0);
    const uint64_t records = JsonCount(stats.out, "records");
    CHECK(JsonCount(stats.out, "nodes") == 4 * records);
    CHECK(JsonCount(stats.out, "edges") == 3 * records);
    CHECK(records >= last_records);
    if (records != last_records) states++;
    last_records = records;

    if (records > 0) {
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      const uint64_t i = 1 + rng % records;
      Run show = RunKgOn(db, {"show", "a" + std::to_string(i), "--format", "json"});
      INFO(show);
      CHECK(show.code == 0);
      const std::string out = Compact(show.out);
      CHECK(out.find("\"ATTACKED\":{\"out\":3,\"in\":0}") != std::string::npos);
      CHECK(out.find("\"sources\":[\"r" + std::to_string(i) + "\"]") != std::string::npos);
      shows++;
    }
  }
  INFO(ingest.err());
  REQUIRE(ingest.exit_code() == 0);
  WARN(queries << " queries during an ingest of " << ingest.elapsed() << " s saw " << states << " distinct states; "
               << shows << " shows");
  CHECK(states >= 2);  // the readers did see the store grow

  Run stats = RunKgOn(db, {"stats", "--format", "json"});
  CHECK(JsonCount(stats.out, "records") == n);
  CHECK(JsonCount(stats.out, "nodes") == 4 * n);
  Run show = RunKgOn(db, {"show", "x"});
  CHECK(show.code == 2);  // the refused writer's record is not there
  Run check = RunKgOn(db, {"check"});
  INFO(check);
  CHECK(check.code == 0);
}

TEST_CASE("readers open the store again and again while many small ingests flush and compact it",
          "[reliability][concurrency]") {
  TempDir dir("kg_compaction_race");
  const std::string db = dir.Path("db");
  // Each ingest ends in a flush (a level-0 table file); every eighth file
  // makes RocksDB merge level 0 into level 1 during the next ingest, and
  // delete the files it merged.
  const uint64_t parts = kSanitized ? 16 : 32, per_part = 100;
  std::vector<std::string> args = {"-c", "for f in \"$@\"; do \"$0\" --db " + db + " ingest \"$f\" || exit $?; done",
                                   KG_BINARY};
  for (uint64_t p = 0; p < parts; ++p) {
    args.push_back(dir.Write("part" + std::to_string(p) + ".jsonl", WholeRecords(per_part, 1 + p * per_part)));
  }
  TempDir io("kg_compaction_race_io");
  Process writer("/bin/bash", args, io.Path("out"), io.Path("err"));

  uint64_t runs = 0, during = 0, last_records = 0;
  uint64_t rng = 88172645463325252ull;
  while (!writer.Poll()) {
    Run stats = RunKgOn(db, {"stats", "--format", "json"});
    runs++;
    INFO(stats);
    if (stats.code == 2 && last_records == 0) {  // not created yet
      CHECK(stats.err.find("no kg store") != std::string::npos);
      continue;
    }
    REQUIRE(stats.code == 0);
    const uint64_t records = JsonCount(stats.out, "records");
    CHECK(JsonCount(stats.out, "nodes") == 4 * records);
    CHECK(JsonCount(stats.out, "edges") == 3 * records);
    CHECK(records >= last_records);
    last_records = records;
    if (records > 0) {
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      const uint64_t i = 1 + rng % records;
      Run show = RunKgOn(db, {"show", "a" + std::to_string(i), "--format", "json"});
      runs++;
      INFO(show);
      REQUIRE(show.code == 0);
      const std::string out = Compact(show.out);
      CHECK(out.find("\"ATTACKED\":{\"out\":3,\"in\":0}") != std::string::npos);
      CHECK(out.find("\"sources\":[\"r" + std::to_string(i) + "\"]") != std::string::npos);
    }
    // The writer outlived the reader: that reader ran while it wrote.
    if (!writer.Poll()) during++;
  }
  INFO(writer.err());
  REQUIRE(writer.exit_code() == 0);
  WARN(runs << " reader runs, " << during << " rounds of them while " << parts << " ingests ran ("
            << writer.elapsed() << " s)");
  CHECK(during >= 10);

  Run stats = RunKgOn(db, {"stats", "--format", "json"});
  CHECK(JsonCount(stats.out, "records") == parts * per_part);
  Run check = RunKgOn(db, {"check"});
  INFO(check);
  CHECK(check.code == 0);
}

TEST_CASE("A reader whose table files a compaction deletes while it opens the store tries again",
          "[reliability][concurrency]") {
  TempDir dir("kg_vanished_tables");
  const std::string db = dir.Path("db");
  KvOptions wo;
  wo.create_if_missing = true;
  std::unique_ptr<Kv> writer;
  KG_REQUIRE_OK(Kv::Open(wo, db, &writer));
  for (int i = 0; i < 2; ++i) {  // two small level-0 files
    auto batch = writer->NewBatch();
    batch->Put("small/" + std::to_string(i), "value " + std::to_string(i));
    KG_REQUIRE_OK(writer->Write(batch.get()));
    KG_REQUIRE_OK(writer->Sync());
  }
  REQUIRE(writer->Level0Bytes() > 0);

  const size_t kBig = 1 << 20;
  auto fs = std::make_shared<HookBeforeTableOpen>([&] {
    // More than Kv::kLevel0Limit of values that do not compress: Sync
    // flushes them and merges level 0 into level 1, deleting every
    // level-0 file, those the reader has just read of in the MANIFEST too.
    auto batch = writer->NewBatch();
    uint64_t x = 88172645463325252ull;
    std::string value(kBig, '\0');
    for (uint64_t i = 0; i * kBig <= Kv::kLevel0Limit; ++i) {
      for (char& c : value) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        c = static_cast<char>(x);
      }
      batch->Put("big/" + std::to_string(i), value);
    }
    KG_CHECK_OK(writer->Write(batch.get()));
    KG_CHECK_OK(writer->Sync());
    CHECK(writer->Level0Bytes() == 0);
  });

  KvOptions ro;
  ro.read_only = true;
  ro.env = NewKvEnv(fs);
  std::unique_ptr<Kv> reader;
  KG_REQUIRE_OK(Kv::Open(ro, db, &reader));
  CHECK(fs->fired());
  CHECK(fs->vanished() > 0);  // the first try met the deleted files
  std::string value;
  for (int i = 0; i < 2; ++i) {
    KG_CHECK_OK(reader->Get("small/" + std::to_string(i), &value));
    CHECK(value == "value " + std::to_string(i));
  }
  KG_CHECK_OK(reader->Get("big/0", &value));  // and it sees the store as the compaction left it
  CHECK(value.size() == kBig);
}

}  // namespace kg::reliability
