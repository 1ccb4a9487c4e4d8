// History from the command line (CONTRACT.md section 6): kg log, --as-of on
// every read command, kg diff and kg compact, on three ACLED-shaped
// downloads of one week (examples/acled-week): the second revises
// fatalities and an actor, the third drops an event that ACLED's deletions
// list names.
#include "test_util.h"

namespace kg::test {
namespace {

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::string Week(const char* name) { return std::string(KG_SOURCE_DIR) + "/examples/acled-week/" + name; }

// Runs kg at a fixed time (SOURCE_DATE_EPOCH), so changes are logged with it.
KgResult At(const KgCli& kg, int64_t time, const std::vector<std::string>& args, int code = 0) {
  KgRunOptions o;
  o.env["SOURCE_DATE_EPOCH"] = std::to_string(time);
  KgResult r = kg.Run(args, "", o);
  INFO(r);
  REQUIRE(r.exit_code == code);
  return r;
}

constexpr int64_t kT1 = 1750050000;  // 2025-06-16T05:00:00Z
constexpr int64_t kT2 = 1750650000;  // 2025-06-23T03:40:00Z
constexpr int64_t kT3 = 1751250000;  // 2025-06-30T02:20:00Z

// The three downloads, as a user runs them week after week.
void ThreeWeeks(const KgCli& kg) {
  At(kg, kT1, {"ingest", Week("week-1.csv")});
  At(kg, kT2, {"ingest", Week("week-2.csv")});
  KgResult r = At(kg, kT3, {"ingest", Week("week-3.csv")});
  REQUIRE(Contains(r.err, "2 unchanged"));  // and so no change
  At(kg, kT3, {"retract", "--from", Week("deleted-3.csv")});
}

TEST_CASE("kg log lists each change that changed the store, newest first, as a table and as JSON", "[cli][history]") {
  KgCli kg;
  ThreeWeeks(kg);
  KgResult r = At(kg, kT3, {"log", "--format", "json"});
  CHECK(r.out ==
        "[\n"
        "{\"change\":3,\"time\":\"2025-06-30T02:20:00Z\",\"command\":\"retract\",\"files\":[\"" +
            Week("deleted-3.csv") +
            "\"],\"added\":0,\"replaced\":0,\"retracted\":1,\"stale\":0,\"rejected\":0,\"complete\":true},\n"
            "{\"change\":2,\"time\":\"2025-06-23T03:40:00Z\",\"command\":\"ingest\",\"files\":[\"" +
            Week("week-2.csv") +
            "\"],\"added\":0,\"replaced\":2,\"retracted\":0,\"stale\":0,\"rejected\":0,\"complete\":true},\n"
            "{\"change\":1,\"time\":\"2025-06-16T05:00:00Z\",\"command\":\"ingest\",\"files\":[\"" +
            Week("week-1.csv") +
            "\"],\"added\":3,\"replaced\":0,\"retracted\":0,\"stale\":0,\"rejected\":0,\"complete\":true}\n"
            "]\n");
  r = At(kg, kT3, {"log"});
  const auto lines = SplitLines(r.out);
  REQUIRE(lines.size() == 5);
  CHECK(lines[2].starts_with("3       2025-06-30T02:20:00Z  retract  0      0         1          0      0         /"));
  CHECK(lines[4].starts_with("1       2025-06-16T05:00:00Z  ingest   3"));
  // A fresh store has none.
  KgCli empty;
  At(empty, kT1, {"ingest", ExampleFile(13)});
  At(empty, kT1, {"retract", "lemali-2025-06-13-offensive"});
  CHECK(SplitLines(At(empty, kT1, {"log", "--format", "json"}).out).size() == 4);
}

TEST_CASE("Every read command with --as-of answers what a store of that moment's records answers", "[cli][history]") {
  KgCli kg;
  ThreeWeeks(kg);
  // Fresh stores of the records standing at changes 1 and 2, in their
  // ingestion order: at 2, KGX2 as week 1 had it, then week 2's KGX1 and
  // KGX3 (which replaced theirs after it).
  KgCli week1, week2;
  At(week1, kT1, {"ingest", Week("week-1.csv")});
  const auto rows1 = SplitLines(ReadFile(Week("week-1.csv")));
  const auto rows2 = SplitLines(ReadFile(Week("week-2.csv")));
  REQUIRE(rows1.size() == 4);
  REQUIRE(rows2.size() == 4);
  At(week2, kT1, {"ingest", week2.dir().Write("kgx2.csv", rows1[0] + "\n" + rows1[2] + "\n")});
  At(week2, kT1, {"ingest", week2.dir().Write("kgx1-3.csv", rows2[0] + "\n" + rows2[1] + "\n" + rows2[3] + "\n")});
  const std::string fama = "acled:actor:military forces of mali";
  const std::string region = "acled:place:mali/bandiagara";
  const std::vector<std::vector<std::string>> reads = {
      {"show", fama, "--format", "json"},
      {"search", "douna", "--format", "json"},
      {"neighbors", region, "--depth", "2", "--format", "json"},
      {"path", fama, "acled:place:mali/bandiagara/bandiagara/douna", "--format", "json"},
      {"timeline", fama, "--format", "json"},
      {"active", region, "--format", "json"},
      {"active", region},
      {"export", "--format", "json"},
      {"stats", "--format", "json"},
  };
  for (const auto& args : reads) {
    CAPTURE(args);
    for (const auto& [as_of, then] : {std::pair{"1", &week1}, std::pair{"2025-06-20", &week1},
                                      std::pair{"2", &week2}, std::pair{"2025-06-23T03:40:00Z", &week2}}) {
      CAPTURE(as_of);
      std::vector<std::string> past = args;
      past.insert(past.end(), {"--as-of", as_of});
      KgResult want = then->Run(args), got = kg.Run(past);
      CHECK(got.exit_code == want.exit_code);
      CHECK(got.out == want.out);
    }
  }
  // Douna's event is gone now, and was there in week 1.
  CHECK(kg.Run({"search", "douna"}).exit_code == 1);
  CHECK(Contains(kg.Run({"active", region, "--as-of", "1"}).out, "Douna"));
  // Before the first change, the graph was empty.
  CHECK(kg.Run({"stats", "--format", "json", "--as-of", "2025-06-01"}).out ==
        "{\n\"nodes\":0,\n\"edges\":0,\n\"records\":0,\n\"by_kind\":{},\n\"by_type\":{}\n}\n");
  // The present is not changed by the pasts built beside it.
  CHECK(At(kg, kT3, {"check"}).out.starts_with("ok:"));
}

TEST_CASE("kg diff lists the records, nodes and edges that changed between two changes", "[cli][history]") {
  KgCli kg;
  ThreeWeeks(kg);
  KgResult r = At(kg, kT3, {"diff", "1", "3", "--format", "json"});
  CHECK(r.out.starts_with("{\n\"from\":1,\n\"to\":3,\n\"records\":{\"added\":[],\"replaced\":[\"acled:KGX1\","
                          "\"acled:KGX3\"],\"retracted\":[\"acled:KGX2\"]},\n\"nodes\":{\"added\":[{\"id\":"
                          "\"acled:actor:unidentified armed group (mali)\""));
  CHECK(Contains(r.out, "\"removed\":[{\"id\":\"acled:place:mali/bandiagara/bandiagara/douna\""));
  CHECK(Contains(r.out, "\"fatalities\":4"));
  // B defaults to the latest change; A..A is empty.
  CHECK(At(kg, kT3, {"diff", "1", "--format", "json"}).out == r.out);
  CHECK(At(kg, kT3, {"diff", "2", "2", "--format", "json"}).out ==
        "{\n\"from\":2,\n\"to\":2,\n\"records\":{\"added\":[],\"replaced\":[],\"retracted\":[]},\n\"nodes\":{\"added\":"
        "[],\"removed\":[],\"changed\":[]},\n\"edges\":{\"added\":[],\"removed\":[],\"changed\":[]}\n}\n");
  r = At(kg, kT3, {"diff", "1", "2", "--limit", "0"});
  CHECK(Contains(r.out, "record  replaced  acled:KGX1\n"));
  CHECK(Contains(r.out, "[KGX1]: fatalities 0→4"));
  CHECK_FALSE(Contains(r.out, "retracted"));
}

TEST_CASE("A bad --as-of or kg diff argument is exit 2 naming it", "[cli][history]") {
  KgCli kg;
  ThreeWeeks(kg);
  CHECK(At(kg, kT3, {"stats", "--as-of", "9"}, 2).err == "kg: --as-of: no change 9 (the latest is 3)\n");
  CHECK(Contains(At(kg, kT3, {"show", "x", "--as-of", "last week"}, 2).err,
                 "kg: --as-of: expected a change number or a UTC time"));
  CHECK(At(kg, kT3, {"diff", "3", "1"}, 2).err == "kg: kg diff: change 3 comes after change 1\n");
  CHECK(At(kg, kT3, {"diff", "7"}, 2).err == "kg: kg diff: A: no change 7 (the latest is 3)\n");
}

TEST_CASE("kg compact drops the history before a change and keeps the pasts from it on", "[cli][history]") {
  KgCli kg;
  ThreeWeeks(kg);
  const std::string at2 = At(kg, kT3, {"export", "--format", "json", "--as-of", "2"}).out;
  KgResult r = At(kg, kT3, {"compact", "--before", "2"});
  // KGX1's and KGX3's first versions, which change 2 replaced; then KGX2,
  // which change 3 retracted.
  CHECK(r.err == "kg: 2 past record versions dropped; --as-of and kg diff reach back to change 2\n");
  CHECK(At(kg, kT3, {"export", "--format", "json", "--as-of", "2"}).out == at2);
  r = At(kg, kT3, {"compact", "--before", "3"});
  CHECK(r.err == "kg: 1 past record versions dropped; --as-of and kg diff reach back to change 3\n");
  CHECK(At(kg, kT3, {"stats", "--as-of", "2"}, 2).err ==
        "kg: --as-of: the history before change 3 was dropped (kg compact)\n");
  CHECK(At(kg, kT3, {"diff", "1"}, 2).err == "kg: kg diff: A: the history before change 3 was dropped (kg compact)\n");
  CHECK(At(kg, kT3, {"compact", "--before", "4"}, 2).err == "kg: --before: no change 4 (the latest is 3)\n");
  CHECK(At(kg, kT3, {"check"}).out.starts_with("ok:"));
  CHECK(!at2.empty());
}

}  // namespace
}  // namespace kg::test
