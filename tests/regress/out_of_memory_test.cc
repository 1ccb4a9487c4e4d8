// Regression: `kg ingest` under a memory limit (ulimit -v) ended in a signal
// instead of exit 3:
//   - SIGSEGV in RapidJSON, parsing a record: its allocator returns NULL from
//     malloc and realloc, and RapidJSON writes through the pointer unchecked
//     (ingest/json_alloc.h now throws std::bad_alloc);
//   - SIGABRT in RocksDB's WriteBatch::Put, on the committer's thread: the
//     batch's buffer could not grow, and the exception tripped an assertion
//     in RocksDB's undo guard (the buffer is now sized before the first Put);
//   - SIGSEGV in LZ4, in a flush: RocksDB hands on the NULL that
//     LZ4_createStream returns when malloc fails (kg now links RocksDB to
//     wrappers that throw std::bad_alloc instead);
//   - and the out-of-memory message named the input file, after the
//     summary, where every other path names the store.
// Each limit below stops the ingest somewhere else (opening the store,
// starting a thread, parsing, committing, flushing); whichever, kg exits 0
// or 3, never by a signal; on 3, its last words are one line naming the
// store and the reason; the store then passes kg check, holds what the
// summary claimed, and the same ingest without the limit completes to the
// store of a run that never met one.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "reliability/reliability_util.h"

namespace kg::reliability {
namespace {

using kg::test::ExampleFile;

// Runs kg --db db args... under ulimit -v of mib MiB.
Run RunKgLimited(uint64_t mib, const std::string& db, const std::vector<std::string>& args) {
  TempDir io("kg_oom_io");
  std::vector<std::string> full = {"-c", "ulimit -v " + std::to_string(mib << 10) + " && exec \"$0\" \"$@\"",
                                   KG_BINARY, "--db", db};
  full.insert(full.end(), args.begin(), args.end());
  Process p("/bin/bash", full, io.Path("out"), io.Path("err"));
  Run r;
  r.code = p.Wait();
  r.seconds = p.elapsed();
  r.out = p.out();
  r.err = p.err();
  return r;
}

uint64_t Records(const std::string& db) {
  Run stats = RunKgOn(db, {"stats", "--format", "json"});
  INFO(stats);
  REQUIRE(stats.code == 0);
  return JsonCount(stats.out, "records");
}

}  // namespace

TEST_CASE("kg ingest out of memory exits 3 naming the store and never dies by a signal",
          "[regress][faults]") {
  if (kSanitized) {
    WARN("skipped: a sanitizer reserves more address space than any ulimit -v here allows");
    return;
  }
  TempDir dir("kg_oom");
  const std::string input = dir.Path("events.jsonl");
  Generate(20000, 1, input);  // about 6700 records

  // The store of a run that never met a limit: the examples, then the input.
  const std::string reference = dir.Path("reference");
  REQUIRE(RunKgOn(reference, {"ingest", ExampleFile(13)}).code == 0);
  const uint64_t examples = Records(reference);
  REQUIRE(RunKgOn(reference, {"ingest", input}).code == 0);
  const uint64_t records = Records(reference) - examples;
  const StoreFingerprint expected = Fingerprint(reference);
  REQUIRE(expected.error.empty());

  // From failing at the first thread RocksDB starts to failing mid-ingest
  // (the binary itself needs about 12 MiB to be loaded at all).
  for (uint64_t mib : {24, 56, 72, 84, 90, 128}) {
    INFO("ulimit -v " << mib << " MiB");
    const std::string db = dir.Path("db" + std::to_string(mib));
    REQUIRE(RunKgOn(db, {"ingest", ExampleFile(13)}).code == 0);  // a store that holds data

    Run r = RunKgLimited(mib, db, {"ingest", input});
    INFO(r);
    REQUIRE((r.code == 0 || r.code == 3));
    uint64_t claimed = 0;
    std::vector<std::string> lines = SplitLines(r.err);
    if (r.code == 3) {
      // The summary, when the ingest got as far as making one, then the reason.
      REQUIRE(!lines.empty());
      REQUIRE(lines.size() <= 2);
      const std::string& last = lines.back();
      const bool named = last == "kg: " + db + ": out of memory" ||
                         last == "kg: " + db + ": " + std::strerror(EAGAIN) ||  // no thread to be had
                         last == "kg: " + db + ": " + std::strerror(ENOMEM);
      CHECK(named);
      lines.pop_back();
    }
    for (const std::string& line : lines) {
      unsigned long long read = 0, ingested = 0;
      REQUIRE(std::sscanf(line.c_str(), "kg: %llu records read: %llu ingested", &read, &ingested) == 2);
      claimed = ingested;
    }
    if (r.code == 0) CHECK(claimed == records);

    Run check = RunKgOn(db, {"check"});
    INFO(check);
    CHECK(check.code == 0);
    CHECK(Records(db) >= examples + claimed);

    Run again = RunKgOn(db, {"ingest", input});
    INFO(again);
    CHECK(again.code == 0);
    CHECK(RunKgOn(db, {"check"}).code == 0);
    CHECK(Fingerprint(db) == expected);
  }
}

}  // namespace kg::reliability
