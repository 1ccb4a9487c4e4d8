// kg retract --from FILE: record ids one a line (a file or standard input),
// or ACLED's deleted-events export; unknown listed ids are counted and
// skipped, and one retract is one all-or-nothing change.
#include "test_util.h"

namespace kg::test {
namespace {

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::string Data(const std::string& rel) { return std::string(KG_SOURCE_DIR) + "/" + rel; }

KgResult Expect(const KgCli& kg, int code, const std::vector<std::string>& args, const std::string& in = "") {
  KgResult r = kg.Run(args, in);
  INFO(r);
  REQUIRE(r.exit_code == code);
  return r;
}

// The dump of a store holding exactly the records of these native files.
std::string DumpOf(const std::vector<std::string>& files) {
  KgCli kg;
  std::vector<std::string> args = {"ingest"};
  args.insert(args.end(), files.begin(), files.end());
  Expect(kg, 0, args);
  return kg.Dump();
}

TEST_CASE("kg retract --from: ids one a line, from a file or standard input", "[cli][retract]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  const std::string full = kg.Dump();
  // CRLF, blank lines, blanks around ids, an id listed twice.
  const std::string list = kg.dir().Write(
      "ids.txt", "lemali-2025-06-20-boulkessi\r\n\r\n  lemali-2025-06-20-kardjila \r\nlemali-2025-06-20-kardjila\n");
  KgResult r = Expect(kg, 0, {"retract", "--from", list});
  REQUIRE(Contains(r.err, "2 records retracted; 0 nodes and 1 edges removed"));
  REQUIRE_FALSE(Contains(r.err, "not in"));
  REQUIRE(kg.Dump() == DumpOf({ExampleFile(13)}));
  Expect(kg, 0, {"check"});

  // Standard input, with an argument too.
  Expect(kg, 0, {"ingest", ExampleFile(20)});
  REQUIRE(kg.Dump() == full);
  r = Expect(kg, 0, {"retract", "lemali-2025-06-20-boulkessi", "--from", "-"}, "lemali-2025-06-20-kardjila\n");
  REQUIRE(Contains(r.err, "2 records retracted"));
  REQUIRE(kg.Dump() == DumpOf({ExampleFile(13)}));
}

TEST_CASE("kg retract --from: unknown listed ids are counted and skipped, none known is exit 1",
          "[cli][retract]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  const std::string full = kg.Dump();
  const std::string some = kg.dir().Write("some.txt", "nope-1\nlemali-2025-06-20-kardjila\nnope-2\n");
  KgResult r = Expect(kg, 0, {"retract", "--from", some});
  REQUIRE(Contains(r.err, "kg: 2 of the 3 records " + some + " lists are not in"));
  REQUIRE(Contains(r.err, "1 records retracted"));

  const std::string before = kg.Dump();
  const std::string none = kg.dir().Write("none.txt", "nope-1\nnope-2\n");
  r = Expect(kg, 1, {"retract", "--from", none});
  REQUIRE(Contains(r.err, "nothing retracted"));
  REQUIRE(kg.Dump() == before);

  // An id named as an argument must exist: nothing of the list is retracted.
  const std::string known = kg.dir().Write("known.txt", "lemali-2025-06-20-boulkessi\n");
  r = Expect(kg, 2, {"retract", "no-such-record", "--from", known});
  REQUIRE(Contains(r.err, "kg: no record \"no-such-record\""));
  REQUIRE(kg.Dump() == before);

  // An empty list, a missing file, no records at all: bad usage.
  Expect(kg, 2, {"retract", "--from", kg.dir().Write("empty.txt", "\n\n")});
  Expect(kg, 2, {"retract", "--from", kg.dir().Path("missing.txt")});
  Expect(kg, 2, {"retract"});
  REQUIRE(kg.Dump() == before);
  Expect(kg, 0, {"check"});
}

TEST_CASE("kg retract --from: ACLED's deleted events retract the records the importer made", "[cli][retract]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", "--format", "acled", Data("tests/data/acled/dyadic.csv")});
  auto stats = [&] { return Expect(kg, 0, {"stats", "--format", "json"}).out; };
  const std::string before_json = stats();
  const std::string deleted = kg.dir().Write(
      "deleted.csv",
      "\xEF\xBB\xBF" "event_id_cnty,deleted_timestamp\r\nMLI30001,1718000000\r\nXYZ99999,1718000001\r\n"
      "\"MLI30002\",1718000002\r\n");
  KgResult r = Expect(kg, 0, {"retract", "--from", deleted});
  REQUIRE(Contains(r.err, "kg: 1 of the 3 records " + deleted + " names (ACLED deleted events) are not in"));
  REQUIRE(Contains(r.err, "2 records retracted"));
  REQUIRE(stats() != before_json);
  Expect(kg, 0, {"check"});
  // The retracted events are gone and can be ingested again.
  Expect(kg, 2, {"retract", "acled:MLI30001"});
  Expect(kg, 0, {"retract", "acled:MLI30003"});
  r = Expect(kg, 1, {"retract", "--from", deleted});
  REQUIRE(Contains(r.err, "nothing retracted"));
}

}  // namespace
}  // namespace kg::test
