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
#include <cstdint>
#include <string>
#include <vector>

#include "reliability/reliability_util.h"

namespace kg::reliability {
namespace {

// Record i: actor a<i>, places p<i>.1 to p<i>.3, and a<i> ATTACKED each
// place, with a note long enough that the whole input spans a few memtable
// flushes (readers see the flushed state, so they see it grow).
std::string WholeRecords(uint64_t n) {
  const std::string note(kSanitized ? 9000 : 3000, 'n');
  std::string out;
  out.reserve(n * (note.size() + 500));
  for (uint64_t i = 1; i <= n; ++i) {
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

}  // namespace kg::reliability
